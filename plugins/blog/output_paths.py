"""One output file, one owner: no two sources, and no source and a page the
site makes itself, may claim the same path of output/.

One job. Once every generator has its context (before anything is written),
every claim is listed on normalised paths (`a/./b` = `a/b`, and case folded,
as on case-insensitive disks): articles, pages, drafts, translations, static
files, the home page and its pagination, tag pages, archives, search, feeds,
template pages (`_headers`, robots.txt, the manifest), the sitemap, social
cards; and no source may write inside a folder the site fills itself (theme
files, the search index, cards). A clash names both claimants.
"""

import math
import posixpath

from . import problems, source_location


def normal(path):
    return posixpath.normpath(path.lstrip("/")).casefold()


def site_claims(settings, generators):
    """(path, what) of every file the site writes itself."""
    claims = []
    per_page = settings.get("DEFAULT_PAGINATION") or 0
    articles = []
    tags = {}
    for generator in generators:
        articles += getattr(generator, "articles", [])
        for tag, tagged in getattr(generator, "tags", {}).items():
            tags[tag] = tagged
    pages = max(1, math.ceil(len(articles) / per_page)) if per_page else 1
    for name in settings.get("DIRECT_TEMPLATES", []):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            claims.append((save_as, f"the site's {name} page"))
    for number in range(2, pages + 1):
        claims.append((f"page/{number}/index.html", f"page {number} of the home page"))
    for tag, tagged in tags.items():
        claims.append((tag.save_as, f"the page of the tag '{tag}'"))
        for number in range(2, (math.ceil(len(tagged) / per_page) if per_page else 1) + 1):
            claims.append((f"{tag.url}page/{number}/index.html", f"page {number} of the tag '{tag}'"))
    for key, value in settings.items():
        if key.startswith("FEED_") and key.endswith(("_ATOM", "_RSS")) and isinstance(value, str) and value:
            claims.append((value, "a feed"))
    for output in settings.get("TEMPLATE_PAGES", {}).values():
        claims.append((output, f"the site's {output}"))
    if "sitemap" in settings.get("PLUGINS", []):
        claims.append(("sitemap.xml", "the sitemap"))
    cards = settings.get("SOCIAL_CARDS_DIR")
    if cards:
        claims.append((f"{cards}/default.png", "the default social card"))
        for article in articles:
            claims.append((f"{cards}/{article.slug}.png", f"the social card of {article.slug}"))
    return claims


def reserved_folders(settings):
    folders = [settings.get("THEME_STATIC_DIR", "theme"), "pagefind", settings.get("SOCIAL_CARDS_DIR")]
    return [normal(f) + "/" for f in folders if f]


def source_claims(generators):
    """(path, content) of every file a source writes."""
    lists = (
        "articles",
        "translations",
        "hidden_articles",
        "hidden_translations",
        "drafts",
        "drafts_translations",
        "pages",
        "hidden_pages",
        "draft_pages",
        "staticfiles",
    )
    for generator in generators:
        for name in lists:
            for content in getattr(generator, name, []):
                if getattr(content, "save_as", ""):
                    yield content.save_as, content


def check_output_paths(generators):
    settings = next((g.settings for g in generators), None)
    if settings is None:
        return
    owners = {normal(path): what for path, what in site_claims(settings, generators)}
    reserved = reserved_folders(settings)
    seen = {}
    for path, content in sorted(
        source_claims(generators), key=lambda c: problems.display_path(c[1].source_path, settings)
    ):
        key = normal(path)
        where = problems.display_path(content.source_path, settings)
        line = metadata_line(content, "slug")
        if key.startswith("../") or key == ".." or posixpath.isabs(path):
            problems.report(
                content.source_path,
                settings,
                line,
                f"its address '{path}' is outside output/ — give it a Slug of a-z, 0-9 and hyphens",
            )
        elif key in owners:
            problems.report(
                content.source_path,
                settings,
                line,
                f"its address '{path}' is {owners[key]}, which the site makes itself — give it another Slug",
            )
        elif any(key.startswith(folder) for folder in reserved):
            problems.report(
                content.source_path,
                settings,
                line,
                f"its address '{path}' is inside a folder the site fills itself — give it another Slug",
            )
        elif key in seen:
            problems.report(
                content.source_path,
                settings,
                line,
                f"its address '{path}' is already used by {seen[key]} — rename one of the files, "
                "or give it its own Slug",
            )
        else:
            seen[key] = where


def metadata_line(content, field):
    if not str(content.source_path).endswith((".md", ".markdown")):
        return 1
    return source_location.metadata_line(source_location.source_lines(content.source_path), field)
