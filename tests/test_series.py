"""The series: every part shows its place, links to its neighbours and lists every
part; the series page lists every part in order with its summary. The last tests
build the small fixture site in process (plugins/blog/series_pages.py)."""

import json

import pytest
from bs4 import BeautifulSoup

from fixture_site import article, build_site, write_site
from sitecheck import article_sources, built_page_of, normalise, read_metadata, report

SERIES_PAGE = "series/acupuncture-and-neuropathy/index.html"


def parts():
    """Built pages of the series' parts, in Series_index order."""
    members = [(int(read_metadata(s)["series_index"]), s) for s in article_sources() if "series" in read_metadata(s)]
    return [built_page_of(source) for _, source in sorted(members)]


def test_series_has_five_parts_numbered_in_order():
    members = sorted(int(read_metadata(s)["series_index"]) for s in article_sources() if "series" in read_metadata(s))
    assert members == [1, 2, 3, 4, 5], f"series parts are numbered {members}, expected 1 to 5"


def test_every_part_shows_its_place_and_neighbours(site):
    pages = parts()
    urls = [site.url_of(page) for page in pages]
    problems = []
    for n, page in enumerate(pages, start=1):
        soup = site.soup(page)
        place = soup.select_one(".series-part")
        if not place or f"Part {n} of {len(pages)}" not in normalise(place.get_text()):
            problems.append(f"{page}: does not say 'Part {n} of {len(pages)}'")
        listed = [a["href"] for a in soup.select(".series-nav-list a")]
        if listed != urls:
            problems.append(f"{page}: the list of parts is {listed}, expected {urls}")
        previous = soup.select_one(".series-nav-previous a")
        following = soup.select_one(".series-nav-next a")
        if (previous["href"] if previous else None) != (urls[n - 2] if n > 1 else None):
            problems.append(f"{page}: previous-part link is wrong")
        if (following["href"] if following else None) != (urls[n] if n < len(pages) else None):
            problems.append(f"{page}: next-part link is wrong")
        series_link = place.find("a") if place else None
        if not series_link or series_link["href"] != site.url_of(SERIES_PAGE):
            problems.append(f"{page}: does not link the series page")
    assert not problems, report(problems, f"series navigation problems in the {site.name} build")


def test_series_page_lists_every_part_with_its_summary(site):
    soup = site.soup(SERIES_PAGE)
    items = soup.select(".series-list-item")
    expected = [site.url_of(page) for page in parts()]
    assert [i.select_one("h2 a")["href"] for i in items] == expected, f"{SERIES_PAGE}: parts not listed in order"
    empty = [
        i.select_one("h2 a")["href"] for i in items if not normalise(i.select_one(".post-summary-text").get_text())
    ]
    assert not empty, report(empty, f"parts without a summary on {SERIES_PAGE}")


FIXTURE_SERIES_PAGE = """Title: Foot care: the series
Summary: Every part of the series on foot care.
Series_name: Foot care

The parts of the series.
"""


@pytest.fixture(scope="module")
def fixture_output(tmp_path_factory):
    folder = tmp_path_factory.mktemp("series-pages")
    files = {
        "pages/foot-care.md": FIXTURE_SERIES_PAGE,
        # Written in the opposite order to their numbers: the page lists them by number.
        "posts/part-two.md": article(title="Part two", series="Foot care", series_index="2", date="2026-11-18"),
        "posts/part-one.md": article(title="Part one", series="Foot care", series_index="1", date="2026-11-19"),
        "posts/lone-part.md": article(title="A part without a series page", series="Hand care", series_index="1"),
    }
    layout = {"pages/foot-care.md": {"template": "series"}}
    code, printed = build_site(
        write_site(folder, files), folder / "output", f"--set=EXTRA_PATH_METADATA={json.dumps(layout)}"
    )
    assert code == 0, f"the fixture site did not build:\n{printed}"
    return folder / "output"


def fixture_soup(output, page):
    return BeautifulSoup((output / page).read_text(encoding="utf-8"), "lxml")


@pytest.mark.parametrize("page", ["posts/part-one/index.html", "posts/part-two/index.html"])
def test_a_part_links_the_page_whose_series_name_is_its_series(fixture_output, page):
    link = fixture_soup(fixture_output, page).select_one(".series-part a")
    assert link is not None and link["href"] == "/foot-care/", f"{page}: does not link the series page /foot-care/"


def test_a_part_of_a_series_without_a_page_names_it_without_a_link(fixture_output):
    page = "posts/lone-part/index.html"
    place = fixture_soup(fixture_output, page).select_one(".series-part")
    assert place is not None and "Hand care" in place.get_text(), f"{page}: does not name its series"
    assert place.find("a") is None, f"{page}: links a series page that does not exist"


def test_a_series_page_lists_the_parts_of_its_series_in_order(fixture_output):
    page = "foot-care/index.html"
    listed = [a["href"] for a in fixture_soup(fixture_output, page).select(".series-list-item h2 a")]
    expected = ["/posts/part-one/", "/posts/part-two/"]
    assert listed == expected, f"{page}: lists {listed}, expected {expected}"


def end_links(soup):
    """The article addresses an article's end lists (series, related, newer/older), its own excepted."""
    return [a["href"] for a in soup.select(".post-footer nav a[href*='/posts/']") if a.get("aria-current") != "page"]


def test_each_other_article_is_listed_once_at_an_article_s_end(site, fixture_output):
    """An older reader at 375 px should not scroll past the same articles four times."""
    pages = [(f"{site.name} build: {page}", site.soup(page)) for page in parts()]
    pages += [
        (f"fixture: {p}", fixture_soup(fixture_output, p))
        for p in (
            "posts/part-one/index.html",
            "posts/part-two/index.html",
            "posts/lone-part/index.html",
            "posts/complete/index.html",
        )
    ]  # noqa: E501
    repeated = [
        f"{name}: lists {href} {count} times"
        for name, soup in pages
        for href in sorted(set(end_links(soup)))
        if (count := end_links(soup).count(href)) > 1
    ]
    assert not repeated, report(repeated, "articles listed more than once at an article's end")
    shown = {name: len(end_links(soup)) for name, soup in pages if name.startswith("fixture")}
    assert all(shown.values()), f"the check is void: an article's end lists no other article: {shown}"
    related = fixture_soup(fixture_output, "posts/lone-part/index.html").select(".related a, .neighbors a")
    assert related, "the check is void: the fixture's article outside the series shows no related or neighbour"


def test_the_home_page_leads_a_newcomer_to_part_1_and_the_series_page(site):
    soup = site.soup("index.html")
    box = soup.select_one(".start-here")
    assert box, f"{site.name} build: the home page has no 'Start here'"
    links = [a["href"] for a in box.find_all("a")]
    expected = [site.url_of(parts()[0]), site.url_of(SERIES_PAGE)]
    assert links == expected, f"{site.name} build: 'Start here' links {links}, expected part 1 then the series page"
    order = [e for e in soup.select(".start-here, .post-list")]
    assert [e.get("class")[0] for e in order][:2] == ["start-here", "post-list"], "'Start here' is not before the list"
