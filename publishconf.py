"""Settings for the published site (`invoke preview`, deploys).

Imports pelicanconf.py and overrides only what production changes: absolute
URLs from the SITEURL environment variable, and feeds.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.resolve()))

from pelicanconf import *  # noqa: E402,F403

# The public address, without a trailing slash. A sub-path works too, as on
# GitHub Pages project sites: SITEURL=https://example.org/blog
SITEURL = os.environ.get("SITEURL", "https://example.org").rstrip("/")

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"

# Search engines: a sitemap of every published article and page (not the 404
# page, drafts or hidden pages), named by robots.txt.
PLUGINS = [*PLUGINS, "sitemap"]  # noqa: F405
SITEMAP = {
    "format": "xml",
    "exclude": [r"404\.html$", r"^search/", r"robots\.txt$", r"\.webmanifest$", r"_headers$", r"\.nojekyll$"],
}
TEMPLATE_PAGES = {
    **TEMPLATE_PAGES,  # noqa: F405
    str(Path(__file__).parent.resolve() / "theme" / "templates" / "text" / "robots.txt"): "robots.txt",
    # Host configuration: security headers and cache rules for Netlify and
    # Cloudflare Pages, and no Jekyll processing on GitHub Pages.
    str(Path(__file__).parent.resolve() / "theme" / "templates" / "text" / "_headers"): "_headers",
    str(Path(__file__).parent.resolve() / "theme" / "templates" / "text" / "nojekyll"): ".nojekyll",
}

# Pages carry the Content-Security-Policy themselves (not in local builds: the
# live-reload server injects an inline script).
CSP_META = True

# Drafts are not published anywhere, not even at an unlisted address.
SHOW_DRAFTS = False
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
