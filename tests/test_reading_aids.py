"""Reading aids: reading time, table of contents, previous/next and related
articles, and the search page's fallback without JavaScript."""

import re

from sitecheck import article_sources, built_page_of, normalise, report


def test_reading_time_on_every_article(site):
    problems = []
    for source in article_sources():
        page = built_page_of(source)
        meta = site.soup(page).select_one(".post-meta")
        match = re.search(r"(\d+) min read", meta.get_text() if meta else "")
        if not match or int(match.group(1)) < 1:
            problems.append(f"{page}: no reading time of at least 1 minute")
    assert not problems, report(problems, "articles without a reading time")


def test_table_of_contents_on_articles_with_three_or_more_sections(site):
    problems = []
    for source in article_sources():
        page = built_page_of(source)
        soup = site.soup(page)
        sections = soup.select(".post-body h2[id]")
        links = [a["href"] for a in soup.select("nav.toc a")]
        expected = [f"#{h['id']}" for h in sections] if len(sections) >= 3 else []
        if links != expected:
            problems.append(f"{page}: {len(sections)} sections, table of contents {links}")
    assert not problems, report(problems, "articles with a wrong table of contents")


def test_previous_next_and_related_links(site):
    by_date = sorted(article_sources(), key=lambda s: re.search(r"^Date: (.+)$", s.read_text(), re.M).group(1))
    pages = [built_page_of(s) for s in by_date]
    problems = []
    for n, page in enumerate(pages):
        soup = site.soup(page)
        newer = soup.select_one(".neighbors-newer a")
        older = soup.select_one(".neighbors-older a")
        listed = {a["href"] for a in soup.select(".series-nav a, .related a")}  # each article once (article_end)
        expected_newer = site.url_of(pages[n + 1]) if n + 1 < len(pages) else None
        expected_older = site.url_of(pages[n - 1]) if n > 0 else None
        expected_newer, expected_older = (None if url in listed else url for url in (expected_newer, expected_older))
        if (newer["href"] if newer else None) != expected_newer:
            problems.append(f"{page}: newer-article link {newer and newer['href']}, expected {expected_newer}")
        if (older["href"] if older else None) != expected_older:
            problems.append(f"{page}: older-article link {older and older['href']}, expected {expected_older}")
        tags = {a.get_text() for a in soup.select(".tag-list a")}
        for link in soup.select(".related a"):
            target, _, problem = site.resolve(page, link["href"])
            if problem:
                problems.append(f"{page}: related link {link['href']} {problem}")
                continue
            shared = tags & {a.get_text() for a in site.soup(target).select(".tag-list a")}
            if not shared or target == page:
                problems.append(f"{page}: related article {target} shares no tag")
    assert not problems, report(problems, "wrong previous/next or related links")


def test_search_page_works_without_javascript(site):
    soup = site.soup("search/index.html")
    fallback = soup.select_one("[data-search-fallback]")
    assert fallback and not fallback.has_attr("hidden"), "search/: no visible text for readers without JavaScript"
    hrefs = [a["href"] for a in fallback.find_all("a")]
    assert any("archives" in h for h in hrefs) and any("tags" in h for h in hrefs), hrefs
    assert soup.select_one("form[data-search-form]").has_attr("hidden"), "the form must wait for JavaScript"


def test_search_index_covers_article_bodies_only(site):
    assert (site.root / "pagefind" / "pagefind.js").is_file(), "no Pagefind index in the build"
    marked = [page for page in site.pages if site.soup(page).select("[data-pagefind-body]")]
    expected = sorted(built_page_of(s) for s in article_sources())
    assert sorted(marked) == expected, f"pages marked for indexing {marked}, expected the articles {expected}"


def test_home_page_paginates_past_ten_articles(tmp_path):
    """With 15 articles the home page shows 10 and links a second page, which links back."""
    from fixture_site import article
    from sitecheck import Site, build_variant

    posts = {
        f"extra-{n}.md": article(title=f"Extra article {n}", date=f"2026-10-{n + 1:02d}", summary=f"Extra {n}.")
        for n in range(10)
    }
    ok, log, output = build_variant(tmp_path, posts, siteurl="")
    assert ok, log[-3000:]
    site = Site("paginated", output, "")
    first, second = site.soup("index.html"), site.soup("page/2/index.html")
    assert len(first.select(".post-list-item")) == 10, "the home page does not show 10 articles"
    assert len(second.select(".post-list-item")) == 5, "page 2 does not show the other 5"
    assert [a["href"] for a in first.select(".pagination a")] == ["/page/2/"], first.select(".pagination")
    assert [a["href"] for a in second.select(".pagination a")] == ["/"], second.select(".pagination")
    assert normalise(second.h1.get_text()) == "Articles, page 2"
    assert second.find("link", rel="canonical")["href"] == "/page/2/"
