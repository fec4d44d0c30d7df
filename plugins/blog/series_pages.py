"""Each series part knows its series page, and each series page its parts.

One job. A page names the series it lists with `Series_name`. Sets
`article.series_page` on every part of a series (the page whose Series_name is
the series' name, or None) and `page.series_parts` on every such page (the
parts in the site's language, in order, as pelican-series numbered them), for
the templates and structured_data; and `start_here` in the templates' context, for
the home page to lead a newcomer into each series of two parts or more: its first
part, its page and its number of parts. It runs once the pages are read: articles
are read before pages, and pelican-series numbers the parts as soon as the
articles are done, so the order of PLUGINS does not matter.
"""

from pelican import signals


def all_articles(context):
    """Every article of the build, translations included."""
    for article in context.get("articles", []) + context.get("hidden_articles", []) + context.get("drafts", []):
        yield article
        yield from getattr(article, "translations", [])


def page_of(article):
    """The series page of a series part (once the pages are read), or None."""
    return getattr(article, "series_page", None)


def link_series_pages(generator):
    pages = generator.pages + generator.hidden_pages
    default_lang = generator.settings["DEFAULT_LANG"]
    page_of, parts_of = {}, {}
    for page in pages:
        name = getattr(page, "series_name", None)
        if name:
            page_of.setdefault(name, page)
    for article in all_articles(generator.context):
        series = getattr(article, "series", None)
        if not isinstance(series, dict):
            continue
        article.series_page = page_of.get(series["name"])
        if article.metadata.get("lang", default_lang) == default_lang:
            parts_of.setdefault(series["name"], series["all"])
    for page in pages + generator.draft_pages:
        name = getattr(page, "series_name", None)
        if name:
            page.series_parts = parts_of.get(name, [])
    generator.context["start_here"] = [
        {"name": name, "first": parts[0], "count": len(parts), "page": page_of.get(name)}
        for name, parts in sorted(parts_of.items())
        if len(parts) > 1
    ]


def register():
    signals.page_generator_finalized.connect(link_series_pages)
