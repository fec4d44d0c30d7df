"""schema.org data (JSON-LD) of every article and of the site, built here for the templates to print.

One job. Sets `article.json_ld`: a BlogPosting (in its series, with its position,
when it is a part of one), plus a MedicalWebPage on health articles (last review
date, the studies it cites). Puts `site_json_ld` (the WebSite, with its search) in
the templates' context for the home page. The templates print either with
`|tojson`, which escapes <, > and &, so no title can close the script element.

Built once every generator is done, when pelican-series has numbered the parts
and series_pages has found each part's series page, whatever the order of PLUGINS.
"""

from markupsafe import Markup
from pelican import signals

from . import references, review_dates, series_pages, social_cards


def plain(value):
    """Text without tags or entities, as Jinja's `striptags` makes it."""
    return Markup(value.__html__() if hasattr(value, "__html__") else str(value)).striptags()


def summary_text(content):
    """The summary as plain text. The Summary field is read as it is: `content.summary`
    remembers its first value, and Pelican resolves the links in it only after this runs
    (links are tags, so the text is the same)."""
    summary = content.metadata["summary"] if "summary" in content.metadata else content.summary
    return plain(summary)


def article_data(article, settings):
    siteurl = settings["SITEURL"]
    url = f"{siteurl}/{article.url}"
    headline = plain(article.title)
    posting = {
        "@type": "BlogPosting",
        "@id": f"{url}#article",
        "headline": headline,
        "description": summary_text(article),
        "datePublished": article.date.isoformat(),
        "dateModified": (getattr(article, "modified", None) or article.date).isoformat(),
        "author": {
            "@type": "Organization" if settings["AUTHOR"] == settings["SITENAME"] else "Person",
            "name": plain(article.author.name),
        },
        "publisher": {
            "@type": "Organization",
            "name": plain(settings["SITENAME"]),
            "url": f"{siteurl}/",
            "logo": {"@type": "ImageObject", "url": f"{siteurl}/icon-512.png"},
        },
        "image": f"{siteurl}/{social_cards.card_url(article)}",
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": article.lang,
        "keywords": [str(tag) for tag in getattr(article, "tags", [])],
    }
    series = getattr(article, "series", None)
    if isinstance(series, dict):
        series_page = series_pages.page_of(article)
        posting["isPartOf"] = {
            "@type": "CreativeWorkSeries",
            "name": series["name"],
            "url": f"{siteurl}/{series_page.url}" if series_page else url,
        }
        posting["position"] = series["index"]
    graph = [posting]
    reviewed, _ = review_dates.of(article)
    if reviewed or references.of(article):
        medical = {
            "@type": "MedicalWebPage",
            "@id": f"{url}#webpage",
            "url": url,
            "name": headline,
            "mainEntity": {"@id": f"{url}#article"},
            "inLanguage": article.lang,
        }
        if reviewed:
            medical["lastReviewed"] = reviewed.isoformat()
        citations = references.structured_of(article)
        if citations:
            medical["citation"] = citations
        graph.append(medical)
    return {"@context": "https://schema.org", "@graph": graph}


def site_data(settings):
    siteurl = settings["SITEURL"]
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": plain(settings["SITENAME"]),
        "description": plain(settings["SITE_DESCRIPTION"]),
        "url": f"{siteurl}/",
        "inLanguage": settings["DEFAULT_LANG"],
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{siteurl}/{settings['SEARCH_URL']}?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }


def add_site_data(generator):
    generator.context["site_json_ld"] = site_data(generator.settings)


def add_article_data(generators):
    articles = next(g for g in generators if hasattr(g, "articles") and hasattr(g, "drafts"))
    for article in (
        articles.articles
        + articles.translations
        + articles.hidden_articles
        + articles.hidden_translations
        + articles.drafts
        + articles.drafts_translations
    ):
        article.json_ld = article_data(article, articles.settings)


def register():
    signals.generator_init.connect(add_site_data)
    signals.all_generators_finalized.connect(add_article_data)
