"""'Report a mistake in this article': a prefilled issue on the site's repository, or an e-mail.

One job. With REPORT_ISSUE_URL (a repository's "new issue" address) or
REPORT_EMAIL set, each article gets `report_url`, carrying its title and public
address; with neither, there is no link.
"""

from urllib.parse import quote, urlencode


def add_report_links(generator):
    settings = generator.settings
    issues, email = settings.get("REPORT_ISSUE_URL"), settings.get("REPORT_EMAIL")
    for article in generator.articles + generator.translations + generator.hidden_articles:
        title = article.metadata.get("title", "")
        address = f"{settings.get('SITEURL', '')}/{article.url}"
        subject = f"Mistake in: {title}"
        body = f"Article: {address}\n\nWhat is wrong, and where:\n"
        if issues:
            article.report_url = f"{issues}?{urlencode({'title': subject, 'body': body}, quote_via=quote)}"
        elif email:
            article.report_url = f"mailto:{email}?{urlencode({'subject': subject, 'body': body}, quote_via=quote)}"
        else:
            article.report_url = ""
