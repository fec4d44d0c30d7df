"""Settings for local builds (`invoke build`, `invoke serve`).

Plain UPPERCASE constants. Every path is built from this file's folder, so a
build works from any working directory. `publishconf.py` imports this file and
overrides only what production changes.
"""

from pathlib import Path

from typogrify.filters import typogrify as typogrify_filter

ROOT = Path(__file__).parent.resolve()

# --- The owner fills these in -------------------------------------------------
SITENAME = "The Healing Touch"
# The author shown on articles. No invented person: it is the site's name until
# the owner writes their own name here.
AUTHOR = SITENAME
# The one brand colour (#rrggbb): links and accents in the stylesheet, the browser's
# theme colour, the manifest, the favicon and the touch icons (plugins/blog/site_icons.py).
BRAND_COLOUR = "#0f5a4f"
SITE_DESCRIPTION = "Plain-language articles about neuropathy and acupuncture, with the evidence behind them."
# Where readers write (the accessibility statement shows it); empty: no address published yet.
CONTACT_EMAIL = ""
# "Report a mistake in this article" on every article: a prefilled issue on the site's
# repository (its "new issue" address, e.g. https://github.com/OWNER/REPO/issues/new) or,
# failing that, an e-mail. Both empty: no link.
REPORT_ISSUE_URL = ""
REPORT_EMAIL = ""
TIMEZONE = "UTC"

# --- Where things are ---------------------------------------------------------
PATH = str(ROOT / "content")
ARTICLE_PATHS = ["posts"]  # pages are in content/pages/ (Pelican's default)
# Only these are content (plugins/blog/sources.py refuses every other file):
# Markdown sources in the article and page folders, pictures in content/images/
# (originals up to PICTURE_MAX_BYTES and PICTURE_MAX_PIXELS: plugins/blog/pictures.py
# publishes resized copies without metadata, never the originals), and the site's own
# files in content/extra/, each named in SITE_FILES (none now: the icons are
# drawn from BRAND_COLOUR at every build).
SOURCE_EXTENSIONS = ["md", "markdown"]
IMAGE_EXTENSIONS = ["png", "jpg", "jpeg", "webp", "avif", "heic", "heif", "gif"]
PICTURE_MAX_BYTES = 30_000_000
PICTURE_MAX_PIXELS = 40_000_000
# Copies of each picture: these widths (never wider than the original), AVIF and WebP, JPEG or
# (with transparency) PNG; `sizes` is the article column (--measure, 65ch of 1.125rem, at most).
PICTURE_WIDTHS = [400, 800, 1200, 1600]
PICTURE_QUALITY = {"avif": 50, "webp": 75, "jpg": 78}
PICTURE_SIZES = "(min-width: 46rem) 42rem, calc(100vw - 2.5rem)"
# Every study the articles cite, once, in CSL-JSON (what Zotero exports): plugins/blog/bibliography.py.
BIBLIOGRAPHY = "bibliography.json"
SITE_FILES = []
STATIC_PATHS = [f"extra/{name}" for name in SITE_FILES]
# Pictures: never copied as they are; plugins/blog/pictures.py publishes their copies.
PICTURE_PATHS = ["images"]
# Files editors and operating systems leave behind; never read, never published.
IGNORE_FILES = [".#*", ".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep", "*~", "*.swp"]
EXTRA_PATH_METADATA = {
    # The site's own files go to the site root as they are.
    **{f"extra/{name}": {"path": name} for name in SITE_FILES},
    # Pages with their own layout or address: set here, never by a content file.
    "pages/404.md": {"save_as": "404.html", "url": "404.html"},
    "pages/accessibility.md": {"template": "accessibility"},
    "pages/acupuncture-and-neuropathy.md": {
        "template": "series",
        "url": "series/acupuncture-and-neuropathy/",
        "save_as": "series/acupuncture-and-neuropathy/index.html",
    },
}
# Text files rendered from templates (they need SITENAME or SITEURL).
TEMPLATE_PAGES = {
    str(ROOT / "theme" / "templates" / "text" / "site.webmanifest"): "site.webmanifest",
}
THEME = str(ROOT / "theme")


PLUGIN_PATHS = [str(ROOT / "plugins")]
# Ours (plugins/blog/, one module a job) and the pelican-* packages. Listed
# explicitly: left unset, Pelican would load every plugin installed. Any order works.
PLUGINS = [
    "blog",  # ours, one package (plugins/blog): content checks, the reader, every feature
    "series",
    "neighbors",
    "related_posts",
]
OUTPUT_PATH = str(ROOT / "output")
CACHE_PATH = str(ROOT / ".cache" / "pelican")

# Local builds leave SITEURL empty: links are root-relative, served from http://127.0.0.1:8000/.

# --- Pretty URLs; slugs come from file names so URLs survive title edits ------
SLUGIFY_SOURCE = "basename"
ARTICLE_URL = "posts/{slug}/"
ARTICLE_SAVE_AS = "posts/{slug}/index.html"
# The file name is the address in every language (Lang: only sets the language);
# two files with one address are refused by plugins/blog/output_paths.py.
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
# Drafts (Status: draft) are built only into drafts/ and listed only on the
# local home page for the writer; publishconf.py does not write them at all.
SHOW_DRAFTS = True
DRAFT_URL = "drafts/posts/{slug}/"
DRAFT_SAVE_AS = "drafts/posts/{slug}/index.html"
DRAFT_LANG_URL = DRAFT_URL
DRAFT_LANG_SAVE_AS = DRAFT_SAVE_AS
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_SAVE_AS
DRAFT_PAGE_URL = "drafts/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/{slug}/index.html"
DRAFT_PAGE_LANG_URL = DRAFT_PAGE_URL
DRAFT_PAGE_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
INDEX_URL = ""  # the home page is the site root, "/" (not "/index.html")
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
SUBSCRIBE_URL = "subscribe/"
SUBSCRIBE_SAVE_AS = "subscribe/index.html"

# Page types we do not design are not written at all, so nothing we publish
# falls back to another theme's markup.
DIRECT_TEMPLATES = ["index", "tags", "archives", "search", "subscribe"]
# Category pages are off, so Pelican gives no default category; drafts need one.
DEFAULT_METADATA = {"category": "Articles"}
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""

DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
]

# --- Feeds: off for local builds, on in publishconf.py -------------------------
# Feeds carry whole articles; a browser opening one gets theme/css/feed.css (no XSLT).
# People are sent to the subscribe page, which explains feeds and gives the address.
RSS_FEED_SUMMARY_ONLY = False
FEED_STYLESHEET = "css/feed.css"
# The feeds Pelican writes by default are turned off (the RSS and per-tag ones are off
# already); per-category and per-author feeds stay off in publishconf.py too: Pelican's
# defaults let an author's and a category's feed overwrite each other.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None

# --- Writing ------------------------------------------------------------------
# MARKDOWN replaces Pelican's dict, so its defaults (codehilite, extra, meta)
# are repeated here beside the extensions we add.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {},
        "markdown.extensions.footnotes": {},
        "markdown.extensions.attr_list": {},
        "markdown.extensions.admonition": {},
    },
    "output_format": "html5",
}
# typogrify runs in our reader (plugins/blog/reader.py), so it is cached with each read;
# Pelican's own pass stays off. The TYPOGRIFY_* settings below are the reader's.
SMART_TYPOGRAPHY = True
TYPOGRIFY_IGNORE_TAGS = ["pre", "code", "kbd", "samp", "script", "style"]
# widont glues the last two words of titles with &nbsp;, which then leaks
# into every place a title is used as plain text.
TYPOGRIFY_OMIT_FILTERS = ["widont"]
# "--" becomes an en dash and "---" an em dash.
TYPOGRIFY_DASHES = "oldschool"
# Metadata written in Markdown: the summary, and an editor's note (a dated correction).
FORMATTED_FIELDS = ["summary", "editor_note"]
JINJA_FILTERS = {"typogrify": typogrify_filter}

# Health pages: a page whose Next_review date has passed shows an "overdue for
# review" notice and the build warns. None means today's date; tests fix it.
REVIEW_TODAY = None

DEFAULT_DATE_FORMAT = "%-d %B %Y"
# The site navigation: (label, URL relative to SITEURL). The link to the page
# being shown gets aria-current="page".
MENU_LINKS = [
    ("Articles", ""),
    ("Archives", ARCHIVES_URL),
    ("Tags", TAGS_URL),
    ("Search", SEARCH_URL),
    ("About", "about/"),
]
DISCLAIMER_URL = "medical-disclaimer/"
# Linked from the footer of every page.
FOOTER_LINKS = [
    ("Subscribe", SUBSCRIBE_URL),
    ("Editorial policy", "editorial-policy/"),
    ("Medical disclaimer", DISCLAIMER_URL),
    ("Accessibility", "accessibility/"),
]
# The year in the footer's copyright line (a setting, so builds are reproducible).
SITE_YEAR = 2026

# Every metadata field a writer may use is declared once, in plugins/blog/schema.py.

# Reading aids: a table of contents on articles with this many sections or
# more; up to this many related articles (by shared tags).
TOC_MIN_SECTIONS = 3
READING_WORDS_PER_MINUTE = 200
RELATED_POSTS_MAX = 3
# Social cards (link previews): one PNG per article, cached by their inputs.
SOCIAL_CARDS_DIR = "cards"
SOCIAL_CARDS_CACHE = str(ROOT / ".cache" / "cards")

# --- Security -------------------------------------------------------------------
# One policy for the whole site. Pages carry it in a <meta http-equiv> (publish
# builds; the dev server injects an inline live-reload script), and the host
# configuration (_headers, deploy/nginx.conf) sends it as a header together
# with the directives a meta cannot carry (frame-ancestors).
# 'wasm-unsafe-eval' lets the Pagefind search index (WebAssembly) run.
# The stylesheet is inside every page (plugins/blog/inline_style.py): {style_hash} becomes
# its SHA-256 hash, so the policy allows exactly that text. 'self' is for feed.css.
INLINE_STYLESHEET = "css/main.css"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' {style_hash}; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY + "; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    # Browsers ignore it over plain HTTP; once the site is on HTTPS it stays there.
    "Strict-Transport-Security": "max-age=31536000",
}
CSP_META = False  # on in publishconf.py

# Pelican's own content cache stays off (CACHE_CONTENT's default): it does not notice changed settings (LIBRARIES.md).
# Ours cannot be stale (plugins/blog/read_cache.py): keyed on each file's bytes and a
# fingerprint of everything else that shapes the output. It also holds what each page read
# (plugins/blog/render_memo.py), with the pages' texts in pages.sqlite. Empty turns both off.
READ_CACHE_PATH = str(ROOT / ".cache" / "reads")
