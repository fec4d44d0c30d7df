"""Byte budgets of the publish build, as brotli (quality 11) would send them: bytes are
deterministic, so budgets are plain tests. 1 KB = 1,000 bytes. Each file is compressed
on its own, as each response is.

- The owner's article (posts/healing-touch/) renders with at most 2 requests and 8 KB:
  its HTML plus every stylesheet, script and image it loads (and what those stylesheets
  load). Links, feeds, the favicon, the touch icon and the manifest are not part of
  rendering the page and are not counted.
- Every page's first render (its HTML and its stylesheets) fits in 14 KB, about what a
  server can send in the first round trip of a new connection (10 TCP segments).
- Every <img> has width and height, so the page does not jump while images load.
"""

import re
from functools import cache

import brotli

from sitecheck import report

SEED_ARTICLE = "posts/healing-touch/index.html"
SEED_REQUESTS = 2
SEED_BYTES = 8_000
FIRST_RENDER_BYTES = 14_000
# What a page loads to render: (tag, attribute, rel values that qualify or None for any).
RENDER_RESOURCES = [
    ("link", "href", {"stylesheet", "preload", "modulepreload"}),
    ("script", "src", None),
    ("img", "src", None),
]
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")


@cache
def brotli_size(path):
    return len(brotli.compress(path.read_bytes(), quality=11))


def loaded_files(site, page, kinds=RENDER_RESOURCES):
    """[(built file, problem)] for what `page` loads to render; stylesheets' own url()s follow them."""
    found = []
    soup = site.soup(page)
    for tag_name, attribute, rels in kinds:
        for tag in soup.find_all(tag_name, attrs={attribute: True}):
            if rels is not None and not rels & set(tag.get("rel") or []):
                continue
            found.append(site.resolve(page, tag[attribute].strip()))
    files = []
    for relative, _fragment, problem in found:
        files.append((relative, problem))
        if relative and relative.endswith(".css"):
            css = (site.root / relative).read_text(encoding="utf-8")
            for groups in CSS_URL.findall(css):
                url = next(g for g in groups if g)
                if not url.startswith("data:"):
                    target, _, problem = site.resolve(relative, url)
                    files.append((target, problem))
    return files


def test_seed_article_renders_in_two_requests_and_8kb(publish_site):
    site, page = publish_site, SEED_ARTICLE
    assert (site.root / page).is_file(), f"{page} is not in the publish build"
    resources = loaded_files(site, page)
    missing = [problem for relative, problem in resources if problem]
    assert not missing, report(missing, f"resources of {page} that do not resolve")
    files = [page, *(relative for relative, _ in resources)]
    sizes = [(f, brotli_size(site.root / f)) for f in files]
    total = sum(size for _, size in sizes)
    breakdown = ", ".join(f"{f} {size:,} B" for f, size in sizes)
    assert len(files) <= SEED_REQUESTS and total <= SEED_BYTES, (
        f"{page} needs {len(files)} requests (budget {SEED_REQUESTS}) and {total:,} bytes brotli "
        f"(budget {SEED_BYTES:,}): {breakdown}"
    )


def test_every_first_render_fits_in_14kb(publish_site):
    site, problems = publish_site, []
    for page in site.pages:
        sheets = loaded_files(site, page, kinds=[("link", "href", {"stylesheet"})])
        files = [page, *(relative for relative, problem in sheets if not problem and relative.endswith(".css"))]
        total = sum(brotli_size(site.root / f) for f in files)
        if total > FIRST_RENDER_BYTES:
            parts = " + ".join(f"{f} {brotli_size(site.root / f):,}" for f in files)
            problems.append(f"{page}: {total:,} bytes brotli ({parts})")
    assert not problems, report(problems, f"pages whose HTML and CSS exceed {FIRST_RENDER_BYTES:,} bytes brotli")


def test_every_image_has_width_and_height(publish_site):
    problems = []
    for page in publish_site.pages:
        for img in publish_site.soup(page).find_all("img"):
            missing = [a for a in ("width", "height") if not img.get(a, "").strip()]
            if missing:
                problems.append(f'{page}: <img src="{img.get("src", "")}"> has no {" or ".join(missing)}')
    assert not problems, report(problems, "images without width and height (the layout shifts as they load)")
