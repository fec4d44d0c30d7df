"""Typography: typogrify works on prose, never inside code, and never leaks into
titles, meta tags or feeds. Checked on a small fixture site built with our
settings and theme, because the real articles hold no code."""

import re

import pytest
from bs4 import BeautifulSoup

from fixture_site import article
from sitecheck import build_variant

ARTICLE = article(
    title='"Quotes" & CAPS -- in NASA\'s code',
    summary='Don\'t "quote" NASA -- here.',
    body="""It's a "quoted" NASA sentence -- with dashes...

Inline `"straight" NASA -- code` here.

    :::text
    print("don't SHOUT -- NASA")""",
)


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    ok, log, output = build_variant(
        tmp_path_factory.mktemp("typography"), {"typography.md": ARTICLE}, with_site_content=False
    )
    assert ok, f"fixture build failed:\n{log}"
    return output


def page(fixture_site):
    html = (fixture_site / "posts" / "typography" / "index.html").read_text(encoding="utf-8")
    return html, BeautifulSoup(html, "lxml")


def test_typogrify_runs_on_prose(fixture_site):
    _, soup = page(fixture_site)
    paragraph = next(p for p in soup.select(".post-body p") if "NASA" in p.get_text())
    prose = paragraph.decode_contents()
    assert "\u201c" in paragraph.get_text(), f"no curly quotes in prose: {prose}"
    assert 'class="caps"' in prose, f"no caps span in prose: {prose}"


def test_code_and_pre_untouched(fixture_site):
    _, soup = page(fixture_site)
    blocks = soup.select(".post-body code, .post-body pre")
    assert blocks, "the fixture has no code to check"
    for block in blocks:
        text = block.get_text()
        assert '"' in text and "--" in text, f"typogrify changed code: {block}"
        assert not block.select(".caps"), f"typogrify wrapped caps in code: {block}"


def test_title_and_meta_plain(fixture_site):
    html, soup = page(fixture_site)
    raw_title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in raw_title and not re.search(r"&#\d+;|&[a-z]+;(?<!&amp;)", raw_title), raw_title
    assert soup.title.get_text().startswith("\u201cQuotes\u201d & CAPS \u2013 in NASA\u2019s code"), soup.title
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert "<" not in description and "&" not in description, description


def test_feed_titles_plain(fixture_site):
    feed = (fixture_site / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    entry_title = re.findall(r"<title>(.*?)</title>", feed, re.S)[1]
    assert "span" not in entry_title and "&lt;" not in entry_title and "#8" not in entry_title, entry_title
