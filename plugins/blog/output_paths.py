"""One output file, one owner, on any host's disk: no two sources, and no source
and a file the site makes itself, may claim the same path of output/, and no
path may be one Windows cannot store.

One job. Once every generator has its context (before anything is written),
every claim is listed on normalised paths (`a/./b` = `a/b`, and case folded,
as on case-insensitive disks): articles, pages, drafts, translations, static
files, the home page and its pagination, tag pages, archives, search, feeds,
template pages (`_headers`, robots.txt, the manifest), the sitemap, the icons,
social cards. No source may write inside a folder the site fills itself (theme
files, the search index, cards, the preview's `__live/`), nor be the index of
a folder the site generates (`posts/`, `tags/`, `feeds/`, `page/` …, from the
*_SAVE_AS, FEED_* and PAGINATION_PATTERNS settings). No part of a source's path
may be a name Windows reserves (CON, PRN, AUX, NUL, COM1–9, LPT1–9, with any
extension) or end with a dot or a space. A clash names both claimants.

Feeds are off in local builds and on in publishconf.py: their folder is
reserved from Pelican's default feed settings as well, so the preview already
refuses what would break the published build.
"""

import math
import posixpath

from pelican.settings import DEFAULT_CONFIG

from . import pictures, problems, site_icons, source_location

# Windows' reserved device names, with or without an extension (Microsoft's "Naming Files, Paths,
# and Namespaces"; COM¹–³ and LPT¹–³ are on the list too).
WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"{port}{n}" for port in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]),
}
# The live preview's own addresses (plugins/blog/live_server.py serves /__live/…).
LIVE_PREFIX = "__live"
ICONS = ["favicon.svg", "favicon.ico", *site_icons.PNGS]


def normal(path):
    return posixpath.normpath(path.lstrip("/")).casefold()


def feed_settings(settings):
    """The feed paths of this build and of Pelican's defaults (the published build's feeds)."""
    for source in (settings, DEFAULT_CONFIG):
        for key, value in source.items():
            if "FEED" in key and key.endswith(("_ATOM", "_RSS")) and isinstance(value, str) and value:
                yield value


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
    for value in feed_settings(settings):
        if "{" not in value:
            claims.append((value, "a feed"))
    for output in settings.get("TEMPLATE_PAGES", {}).values():
        claims.append((output, f"the site's {output}"))
    claims.append(("sitemap.xml", "the sitemap"))  # the published build's sitemap plugin
    for icon in ICONS:
        claims.append((icon, "one of the site's icons"))
    cards = settings.get("SOCIAL_CARDS_DIR")
    if cards:
        claims.append((f"{cards}/default.png", "the default social card"))
        for article in articles:
            claims.append((f"{cards}/{article.slug}.png", f"the social card of {article.slug}"))
    return claims


def reserved_folders(settings):
    folders = [settings.get("THEME_STATIC_DIR", "theme"), "pagefind", settings.get("SOCIAL_CARDS_DIR"), LIVE_PREFIX]
    return [normal(f) + "/" for f in folders if f]


def generated_folders(settings, claims):
    """Folders the site generates (normalised, with a trailing /): those of every *_SAVE_AS
    pattern and feed, and of every file it writes itself."""
    patterns = [v for k, v in settings.items() if k.endswith("_SAVE_AS") and isinstance(v, str)]
    # The home page's later pages (page/2/ …), even while there is only one.
    patterns += [save_as.replace("{base_name}", "") for _, _, save_as in settings.get("PAGINATION_PATTERNS", [])]
    paths = [p.split("{")[0] for p in [*patterns, *feed_settings(settings)]] + [path for path, _ in claims]
    folders = set(reserved_folders(settings))
    for path in paths:
        folder = posixpath.dirname(path.lstrip("/"))
        while folder:
            folders.add(normal(folder) + "/")
            folder = posixpath.dirname(folder)
    return folders


def unstorable(path):
    """What makes `path` one Windows cannot store (its first such part), or None."""
    for part in path.split("/"):
        if part.endswith((".", " ")) and part not in (".", ".."):
            return f"has a part '{part}' ending in a dot or a space, which Windows cannot store"
        if part.split(".")[0].rstrip(" ").upper() in WINDOWS_RESERVED:
            return (
                f"uses '{part}', a name Windows keeps for devices "
                "(CON, PRN, AUX, NUL, COM1–9, LPT1–9, with any extension)"
            )
    return None


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
    if generators:
        yield from pictures.claims(generators[0].settings)


def problem_of(path, owners, reserved, generated, seen):
    """What is wrong with a source writing `path` (as 'problem — fix'), or None."""
    key = normal(path)
    why = unstorable(path)
    if key.startswith("../") or key == ".." or posixpath.isabs(path):
        return f"its address '{path}' is outside output/ — give it a Slug of a-z, 0-9 and hyphens"
    if why:
        return f"its address '{path}' {why} — rename the file or its folder, or give it another Slug"
    if key in owners:
        return f"its address '{path}' is {owners[key]}, which the site makes itself — give it another Slug"
    if any(key.startswith(folder) for folder in reserved):
        return f"its address '{path}' is inside a folder the site fills itself — give it another Slug"
    if posixpath.basename(key) == "index.html" and posixpath.dirname(key) + "/" in generated:
        folder = posixpath.dirname(path.lstrip("/")) + "/"
        return f"its address '{path}' is the index of '{folder}', a folder the site fills itself — give it another Slug"
    if key in seen:
        other, where = seen[key]
        if other != path:
            return (
                f"its address '{path}' differs only by case from '{other}' of {where}, and on Windows and macOS "
                "they are one file — rename one of the files, or give it its own Slug"
            )
        return f"its address '{path}' is already used by {where} — rename one of the files, or give it its own Slug"
    return None


def check_output_paths(generators):
    settings = next((g.settings for g in generators), None)
    if settings is None:
        return
    claims = site_claims(settings, generators)
    owners = {normal(path): what for path, what in claims}
    reserved = reserved_folders(settings)
    generated = generated_folders(settings, claims)
    seen = {}
    for path, content in sorted(
        source_claims(generators), key=lambda c: problems.display_path(c[1].source_path, settings)
    ):
        where = problems.display_path(content.source_path, settings)
        problem = problem_of(path, owners, reserved, generated, seen)
        if problem:
            problems.report(content.source_path, settings, metadata_line(content, "slug"), problem)
        else:
            seen[normal(path)] = (path, where)


def metadata_line(content, field):
    if not str(content.source_path).endswith((".md", ".markdown")):
        return 1
    return source_location.metadata_line(source_location.source_lines(content.source_path), field)
