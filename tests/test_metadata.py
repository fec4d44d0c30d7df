"""Metadata: language, plain titles, descriptions, canonical links, ISO dates, feeds."""

import re
from datetime import date, datetime

import feedparser
import markdown
import pytest
from bs4 import BeautifulSoup

from sitecheck import article_sources, built_page_of, normalise, read_metadata, report, untypogrify

# Escapes a text node or attribute may need; any other entity is typography leaking.
ALLOWED_ENTITIES = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#x27;"}
LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def leaks(raw):
    """Markup or typographic entities in a string that should be plain text."""
    found = []
    if "<" in raw or ">" in raw:
        found.append("markup")
    found += [e for e in re.findall(r"&#?\w+;", raw) if e not in ALLOWED_ENTITIES]
    return found


def test_html_lang(site):
    problems = [
        f"{page}: <html lang={site.soup(page).html.get('lang')!r}> is missing or not a language tag"
        for page in site.pages
        if not LANG.match(site.soup(page).html.get("lang") or "")
    ]
    assert not problems, report(problems, f"pages without a language in the {site.name} build")


def test_title_is_plain_text(site):
    problems = []
    for page in site.pages:
        match = re.search(r"<title>(.*?)</title>", site.source(page), re.S)
        if not match or not match.group(1).strip():
            problems.append(f"{page}: no <title> or an empty one")
            continue
        raw, text = match.group(1), site.soup(page).title.get_text()
        bad = leaks(raw) + leaks(text)
        if bad:
            problems.append(f"{page}: <title>{raw}</title> carries {', '.join(bad)}")
    assert not problems, report(problems, f"titles with markup or entities in the {site.name} build")


def test_meta_description(site):
    problems = []
    for page in site.pages:
        metas = site.soup(page).find_all("meta", attrs={"name": "description"})
        if len(metas) != 1 or not (metas[0].get("content") or "").strip():
            problems.append(f'{page}: needs exactly one non-empty <meta name="description">')
            continue
        content = metas[0]["content"]
        raw = re.search(r'<meta name="description" content="([^"]*)"', site.source(page))
        bad = leaks(content) + (leaks(raw.group(1)) if raw else ["unquoted attribute"])
        if bad:
            problems.append(f"{page}: description {content!r} carries {', '.join(bad)}")
    assert not problems, report(problems, f"pages with a missing or unclean description in the {site.name} build")


@pytest.mark.parametrize("source", article_sources(), ids=lambda p: p.name)
def test_article_description_is_its_summary(source, site):
    page = built_page_of(source)
    summary = read_metadata(source).get("summary", "")
    expected = untypogrify(BeautifulSoup(markdown.markdown(summary), "lxml").get_text())
    meta = site.soup(page).find("meta", attrs={"name": "description"})
    actual = untypogrify(meta["content"]) if meta else None
    assert actual == expected, f"{page}: description {actual!r} is not the Summary of {source.name}: {expected!r}"


def test_canonical_link(site):
    problems = []
    for page in site.pages:
        soup = site.soup(page)
        canonicals = soup.find_all("link", rel="canonical")
        robots = soup.find("meta", attrs={"name": "robots"})
        if robots and "noindex" in robots.get("content", ""):
            if canonicals:
                problems.append(f"{page}: a noindex page must not name a canonical URL")
            continue
        if len(canonicals) != 1:
            problems.append(f"{page}: {len(canonicals)} canonical links, expected 1")
            continue
        href, expected = canonicals[0].get("href"), site.url_of(page)
        if href != expected:
            problems.append(f"{page}: canonical {href!r}, expected {expected!r}")
        if site.siteurl and not href.startswith(site.siteurl + "/"):
            problems.append(f"{page}: canonical {href!r} is not absolute under {site.siteurl}/")
    assert not problems, report(problems, f"wrong canonical links in the {site.name} build")


def test_time_elements_have_iso_dates(site):
    problems = []
    count = 0
    for page in site.pages:
        for time in site.soup(page).find_all("time"):
            count += 1
            value = time.get("datetime", "")
            try:
                (date if len(value) == 10 else datetime).fromisoformat(value)
            except ValueError:
                problems.append(f"{page}: <time datetime={value!r}> {time.get_text()!r} is not ISO 8601")
    assert count, f"no <time> element anywhere in the {site.name} build"
    assert not problems, report(problems, f"bad <time> dates in the {site.name} build")


def test_article_pages_show_dates(site):
    problems = []
    for source in article_sources():
        page = built_page_of(source)
        published = read_metadata(source).get("date", "")[:10]
        times = [t.get("datetime", "")[:10] for t in site.soup(page).select("article time")]
        if published not in times:
            problems.append(f'{page}: no <time datetime="{published}"> for the Date of {source.name}')
    assert not problems, report(problems, f"articles without their date in the {site.name} build")


def test_feeds_have_plain_titles(publish_site):
    feeds = sorted((publish_site.root / "feeds").glob("*.xml"))
    assert feeds, "the publish build wrote no feed under feeds/"
    problems = []
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        if parsed.bozo:
            problems.append(f"{feed.name}: does not parse: {parsed.bozo_exception}")
        titles = [parsed.feed.get("title", "")] + [entry.get("title", "") for entry in parsed.entries]
        raw_titles = re.findall(r"<title>(.*?)</title>", feed.read_text(encoding="utf-8"), re.S)
        for title in titles + raw_titles:
            bad = leaks(title) or ([] if normalise(title) else ["nothing at all"])
            if bad:
                problems.append(f"{feed.name}: title {title!r} carries {', '.join(bad)}")
    assert not problems, report(problems, "feed titles with markup or entities")
