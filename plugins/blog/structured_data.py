"""schema.org data (JSON-LD) and series lookups, built here and printed by the templates.

One job. Once every generator is done (so the series are known whatever the order
of PLUGINS), each article gets `series_page` (the page whose Series_name is its
series, or None) and `json_ld`: a BlogPosting, and on health articles (reviewed, or
citing studies) a MedicalWebPage with the review date and the cited studies as
ScholarlyArticle objects (references.py). Every template's context gets
WEBSITE_JSON_LD for the home page. Templates print them with `|tojson`, which escapes <, > and &, so no
title can close the script element.
"""

from markupsafe import Markup

from .social_cards import card_path


def plain(text):
    """Text as schema.org wants it: no tags, entities decoded (what Jinja's striptags gives)."""
    return Markup(str(text)).striptags()


def website(settings):
    url = settings["SITEURL"] + "/"
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": plain(settings["SITENAME"]),
        "description": plain(settings["SITE_DESCRIPTION"]),
        "url": url,
        "inLanguage": settings["DEFAULT_LANG"],
        "potentialAction": {
            "@type": "SearchAction",
            "target": url + settings["SEARCH_URL"] + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }


def article_graph(article, settings, series_page):
    site, url, headline = settings["SITEURL"], f"{settings['SITEURL']}/{article.url}", plain(article.title)
    author = "Organization" if settings["AUTHOR"] == settings["SITENAME"] else "Person"
    posting = {
        "@type": "BlogPosting",
        "@id": url + "#article",
        "headline": headline,
        "description": plain(article.summary),
        "datePublished": article.date.isoformat(),
        "dateModified": (getattr(article, "modified", None) or article.date).isoformat(),
        "author": {"@type": author, "name": plain(article.author.name)},
        "publisher": {
            "@type": "Organization",
            "name": plain(settings["SITENAME"]),
            "url": site + "/",
            "logo": {"@type": "ImageObject", "url": site + "/icon-512.png"},
        },
        "image": f"{site}/{card_path(article, settings)}",
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": article.lang,
        "keywords": [str(tag) for tag in getattr(article, "tags", [])],
    }
    if getattr(article, "series", None):
        part_of = f"{site}/{series_page.url}" if series_page else url
        posting["isPartOf"] = {"@type": "CreativeWorkSeries", "name": article.series["name"], "url": part_of}
        posting["position"] = article.series["index"]
    graph = [posting]
    reviewed, citations = getattr(article, "reviewed", None), getattr(article, "citation_ld", None) or []
    if reviewed or getattr(article, "references", None):
        medical = {"@type": "MedicalWebPage", "@id": url + "#webpage", "url": url, "name": headline}
        medical |= {"mainEntity": {"@id": url + "#article"}, "inLanguage": article.lang}
        medical |= {"lastReviewed": reviewed.isoformat()} if reviewed else {}
        medical |= {"citation": citations} if citations else {}
        graph.append(medical)
    return {"@context": "https://schema.org", "@graph": graph}


def attach(generators):
    """`series_page` and `json_ld` on every article (drafts and translations included)."""
    settings = generators[0].settings
    pages = [p for g in generators for p in getattr(g, "pages", []) + getattr(g, "hidden_pages", [])]
    series_pages = {}
    for page in [p for p in pages if getattr(p, "series_name", None)]:
        series_pages.setdefault(page.series_name, page)
    for generator in generators:
        generator.context["WEBSITE_JSON_LD"] = website(settings)
        for name in ("articles", "translations", "drafts", "drafts_translations", "hidden_articles"):
            for article in getattr(generator, name, []):
                series = getattr(article, "series", None)
                article.series_page = series_pages.get(series["name"]) if series else None
                article.json_ld = article_graph(article, settings, article.series_page)
