"""schema.org data (plugins/blog/structured_data.py), in process on the small fixture site:
a part of a series says which series and where, an article outside one says none, and no
title can close the script element."""

import json

import pytest
from bs4 import BeautifulSoup

from fixture_site import article, build_site, write_site

SITEURL = "https://example.org/blog"
HOSTILE_TITLE = "</script><script>alert(1)</script> & more"
SERIES_PAGE = """Title: Foot care: the series
Summary: Every part of the series on foot care.
Series_name: Foot care

The parts of the series.
"""
FILES = {
    "pages/foot-care.md": SERIES_PAGE,
    "posts/part-one.md": article(title="Part one", series="Foot care", series_index="1"),
    "posts/part-two.md": article(title="Part two", series="Foot care", series_index="2"),
    "posts/lone-part.md": article(title="A part of a series without a page", series="Hand care", series_index="1"),
    "posts/hostile.md": article(title=HOSTILE_TITLE),
}


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    folder = tmp_path_factory.mktemp("structured-data")
    code, printed = build_site(write_site(folder, FILES), folder / "output", f"--set=SITEURL={json.dumps(SITEURL)}")
    assert code == 0, f"the fixture site did not build:\n{printed}"
    return folder / "output"


def scripts(output, page):
    soup = BeautifulSoup((output / page).read_text(encoding="utf-8"), "lxml")
    return soup.find_all("script")


def posting(output, page):
    found = [s for s in scripts(output, page) if s.get("type") == "application/ld+json"]
    assert len(found) == 1, f"{page}: {len(found)} JSON-LD scripts, expected 1"
    graph = json.loads(found[0].string)["@graph"]
    return next(node for node in graph if node["@type"] == "BlogPosting")


@pytest.mark.parametrize("page, position", [("posts/part-one/index.html", 1), ("posts/part-two/index.html", 2)])
def test_a_series_part_is_part_of_its_series_page_at_its_position(output, page, position):
    data = posting(output, page)
    expected = {"@type": "CreativeWorkSeries", "name": "Foot care", "url": f"{SITEURL}/foot-care/"}
    assert data.get("isPartOf") == expected, f"{page}: isPartOf is {data.get('isPartOf')}, expected {expected}"
    assert data.get("position") == position, f"{page}: position is {data.get('position')}, expected {position}"


def test_a_series_without_a_page_is_named_with_the_part_s_own_address(output):
    page = "posts/lone-part/index.html"
    expected = {"@type": "CreativeWorkSeries", "name": "Hand care", "url": f"{SITEURL}/posts/lone-part/"}
    assert posting(output, page).get("isPartOf") == expected, f"{page}: isPartOf is not {expected}"


def test_an_article_outside_a_series_names_no_series(output):
    page = "posts/complete/index.html"
    data = posting(output, page)
    assert "isPartOf" not in data and "position" not in data, f"{page}: JSON-LD names a series: {data}"


def test_no_title_can_close_the_json_ld_script(output):
    page = "posts/hostile/index.html"
    kinds = [s.get("type") for s in scripts(output, page)]
    assert kinds == ["application/ld+json"], f"{page}: the title made scripts of types {kinds}"
    source = (output / page).read_text(encoding="utf-8")
    data = source.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data and "&" not in data, f"{page}: <, > or & unescaped in the JSON-LD"
    assert posting(output, page)["headline"] == HOSTILE_TITLE, f"{page}: the headline is not the title as text"


def test_the_home_page_describes_the_site_and_its_search(output):
    page = "index.html"
    found = [s for s in scripts(output, page) if s.get("type") == "application/ld+json"]
    assert len(found) == 1, f"{page}: {len(found)} JSON-LD scripts, expected 1"
    data = json.loads(found[0].string)
    target = data.get("potentialAction", {}).get("target")
    assert data["@type"] == "WebSite" and data["url"] == f"{SITEURL}/", f"{page}: not the site's WebSite: {data}"
    assert target == f"{SITEURL}/search/?q={{search_term_string}}", f"{page}: search target is {target}"
