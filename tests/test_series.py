"""The series: every part shows its place, links to its neighbours and lists every
part; the series page lists every part in order with its summary."""

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
