"""Origins: no page or stylesheet loads anything from another origin."""

import re

from sitecheck import report

CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")


def test_pages_load_nothing_from_other_origins(site):
    problems = []
    for page in site.pages:
        for tag, attribute, url, is_resource in site.urls(page):
            if is_resource and url and not site.is_same_site(url) and not url.startswith("data:"):
                problems.append(f'{page}: <{tag} {attribute}="{url}"> loads from another origin')
        for style in site.soup(page).find_all(style=True):
            problems += [f"{page}: inline style loads {u}" for u in CSS_URL.findall(style["style"]) if any(u)]
    assert not problems, report(problems, f"requests to other origins in the {site.name} build")


def test_stylesheets_load_nothing_from_other_origins(site):
    problems = []
    for css in sorted(site.root.rglob("*.css")):
        for groups in CSS_URL.findall(css.read_text(encoding="utf-8")):
            url = next(g for g in groups if g)
            if not site.is_same_site(url) and not url.startswith("data:"):
                problems.append(f"{css.relative_to(site.root)}: loads {url}")
    assert not problems, report(problems, f"stylesheets loading from other origins in the {site.name} build")


def test_every_page_has_a_same_site_favicon(site):
    problems = []
    for page in site.pages:
        icons = site.soup(page).find_all("link", rel="icon")
        if not icons or not all(site.is_same_site(i.get("href", "")) for i in icons):
            problems.append(f'{page}: no <link rel="icon"> on this site (the browser would request /favicon.ico)')
    assert not problems, report(problems, f"pages without a favicon in the {site.name} build")
