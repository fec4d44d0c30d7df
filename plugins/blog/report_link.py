"""'Report a mistake in this article': a prefilled issue on the site's repository, or an e-mail.

One job. With REPORT_ISSUE_URL (a repository's "new issue" address) or
REPORT_EMAIL set, each article gets `report_url`, carrying its title and public
address; with neither, there is no link. A setting that is not an http(s)
address with a host, or not a plain e-mail address, stops the build with one
line on pelicanconf.py instead of reaching a page.
"""

import re
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from . import problems

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "pelicanconf.py"
UNSAFE = re.compile(r"[\s\"'<>\\`\x00-\x1f\x7f]")
EMAIL = re.compile(r"[^@\s\"'<>\\`?&#/:;,()\x00-\x1f\x7f]+@[^@\s\"'<>\\`?&#/:;,()\x00-\x1f\x7f]+\.[a-z]{2,}", re.I)


def setting_problem(name, value):
    """Why REPORT_ISSUE_URL or REPORT_EMAIL cannot be a link, or None."""
    if name == "REPORT_ISSUE_URL":
        parts = urlsplit(value) if isinstance(value, str) and not UNSAFE.search(value) else None
        if parts is None or parts.scheme not in ("https", "http") or not parts.hostname:
            return (
                f"REPORT_ISSUE_URL {value!r} is not an http(s) address — write the repository's new-issue address, "
                "as https://github.com/OWNER/REPO/issues/new, or leave it empty"
            )
    elif not (isinstance(value, str) and EMAIL.fullmatch(value)):
        return f"REPORT_EMAIL {value!r} is not a plain e-mail address — write only the address, as editors@example.org"
    return None


def setting_line(name):
    """The line of `name = ...` in pelicanconf.py (1 when it is set elsewhere)."""
    for number, line in enumerate(SETTINGS_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f"{name} ="):
            return number
    return 1


def add_report_links(generator):
    settings = generator.settings
    issues, email = settings.get("REPORT_ISSUE_URL"), settings.get("REPORT_EMAIL")
    for name, value in (("REPORT_ISSUE_URL", issues), ("REPORT_EMAIL", email)):
        problem = setting_problem(name, value) if value else None
        if problem:
            problems.report(SETTINGS_FILE, settings, setting_line(name), problem)
            return
    for article in generator.articles + generator.translations + generator.hidden_articles:
        title = article.metadata.get("title", "")
        address = f"{settings.get('SITEURL', '')}/{article.url}"
        subject = f"Mistake in: {title}"
        body = f"Article: {address}\n\nWhat is wrong, and where:\n"
        if issues:
            joiner = "&" if urlsplit(issues).query else "?"
            article.report_url = f"{issues}{joiner}{urlencode({'title': subject, 'body': body}, quote_via=quote)}"
        elif email:
            article.report_url = f"mailto:{email}?{urlencode({'subject': subject, 'body': body}, quote_via=quote)}"
        else:
            article.report_url = ""
