"""A hostile title renders as the characters typed, everywhere: page, <title>,
meta tags, JSON-LD, feeds and the social card, and the build still passes."""

import json

import feedparser
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from fixture_site import article
from sitecheck import build_variant

TITLE = '</script><script>alert(1)</script> & "quotes"'
ARTICLE = article(title=TITLE, summary="A test article whose title tries to break out of every place a title goes.")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    ok, log, output = build_variant(tmp_path_factory.mktemp("hostile"), {"hostile-title.md": ARTICLE})
    assert ok, f"the build with a hostile title failed:\n{log[-3000:]}"
    return output


def plain(text):
    return text.replace("\u201c", '"').replace("\u201d", '"')


def test_page_shows_the_title_as_text(hostile_site):
    html = (hostile_site / "posts" / "hostile-title" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    assert plain(soup.h1.get_text()) == TITLE, soup.h1
    assert plain(soup.title.get_text()).startswith(TITLE), soup.title
    scripts = soup.find_all("script")
    assert all(s.get("type") == "application/ld+json" for s in scripts), f"a title created a script: {scripts}"
    for name in ("og:title", "twitter:title"):
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        assert plain(tag["content"]) == TITLE, tag
    graph = json.loads(soup.find("script", type="application/ld+json").string)["@graph"]
    assert plain(graph[0]["headline"]) == TITLE, graph[0]["headline"]
    assert "</script" not in html.split('type="application/ld+json">', 1)[1].split("</script>", 1)[0]


def test_feeds_carry_the_title_as_text(hostile_site):
    for feed in ("all.atom.xml", "all.rss.xml"):
        parsed = feedparser.parse((hostile_site / "feeds" / feed).read_bytes())
        assert not parsed.bozo, parsed.bozo_exception
        titles = [plain(entry.title) for entry in parsed.entries]
        assert TITLE in titles, f"{feed}: {titles}"


def test_social_card_is_drawn(hostile_site):
    with Image.open(hostile_site / "cards" / "hostile-title.png") as card:
        assert card.size == (1200, 630)
