"""Feeds, sitemap and robots.txt of the published site."""

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import feedparser

from sitecheck import article_sources, built_page_of, report

FEEDS = ["feeds/all.atom.xml", "feeds/all.rss.xml"]


def test_feeds_parse_and_carry_every_article_in_full(publish_site):
    expected = {publish_site.url_of(built_page_of(s)) for s in article_sources()}
    problems = []
    for feed in FEEDS:
        parsed = feedparser.parse((publish_site.root / feed).read_bytes())
        if parsed.bozo:
            problems.append(f"{feed}: does not parse: {parsed.bozo_exception}")
        links = {entry.link for entry in parsed.entries}
        if links != expected:
            problems.append(f"{feed}: entries {sorted(links)} are not the articles {sorted(expected)}")
        for entry in parsed.entries:
            body = entry.content[0].value if entry.get("content") else entry.get("description", "")
            page = publish_site.soup(publish_site.resolve("index.html", entry.link)[0])
            last_paragraph = page.select(".post-body p")[-1].get_text()[:60]
            if last_paragraph[:40] not in re.sub(r"<[^>]+>", "", body).replace("&#8217;", "\u2019"):
                problems.append(f"{feed}: {entry.link} does not carry the full article (its last paragraph is missing)")
        selfs = [link.href for link in parsed.feed.get("links", []) if link.get("rel") == "self"]
        if selfs != [f"{publish_site.siteurl}/{feed}"]:
            problems.append(f"{feed}: rel=self is {selfs}, expected the feed's own absolute URL")
    assert not problems, report(problems, "feed problems")


def test_feed_links_resolve_under_the_sub_path(publish_site):
    problems = []
    for feed in FEEDS:
        text = (publish_site.root / feed).read_text(encoding="utf-8")
        for url in re.findall(r'(?:href="|<link>|<id>|<guid[^>]*>)(https?://[^"<]+)', text):
            if not publish_site.is_same_site(url):
                continue
            if urlsplit(url).path.startswith("/blog/feeds/"):
                continue  # the feed itself
            _, _, problem = publish_site.resolve("index.html", url)
            if problem:
                problems.append(f"{feed}: {url} {problem}")
    assert not problems, report(problems, "feed links that do not resolve to built pages under /blog/")


def test_every_page_links_the_feeds(publish_site):
    missing = [
        page
        for page in publish_site.pages
        if {link.get("href") for link in publish_site.soup(page).find_all("link", rel="alternate")}
        != {f"{publish_site.siteurl}/{feed}" for feed in FEEDS}
    ]
    assert not missing, report(missing, "pages whose <head> does not link both feeds")


def test_feeds_are_styled_by_our_versioned_css_not_xslt(publish_site):
    problems = []
    for feed in FEEDS:
        head = (publish_site.root / feed).read_text(encoding="utf-8")[:400]
        found = re.findall(r'<\?xml-stylesheet type="([^"]+)" href="([^"]+)"\?>', head)
        expected = f"{publish_site.siteurl}/theme/css/feed.css?v="
        if len(found) != 1 or found[0][0] != "text/css" or not found[0][1].startswith(expected):
            problems.append(f"{feed}: stylesheet {found}, expected one text/css {expected}<version>")
        elif not (publish_site.root / "theme/css/feed.css").is_file():
            problems.append("theme/css/feed.css is not built")
        if "xsl" in head.lower():
            problems.append(f"{feed}: still mentions XSL")
    assert not problems, report(problems, "feed stylesheet problems")


def test_subscribe_page_gives_the_absolute_feed_address(publish_site):
    soup = publish_site.soup("subscribe/index.html")
    address = soup.select_one("input#feed-address")["value"]
    assert address == f"{publish_site.siteurl}/feeds/all.atom.xml", address
    assert soup.select_one("label[for=feed-address]"), "the address has no label"
    linked = [a["href"] for a in publish_site.soup("index.html").select(".footer-links a")]
    assert f"{publish_site.base_path}subscribe/" in [urlsplit(h).path for h in linked], linked


def test_sitemap_lists_exactly_the_published_articles_and_pages(publish_site):
    tree = ElementTree.parse(publish_site.root / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in tree.getroot()}
    content_pages = {
        page
        for page in publish_site.pages
        if publish_site.soup(page).select_one("article.post, article.page")
        and not publish_site.soup(page).find("meta", attrs={"name": "robots"})
    }
    expected = {publish_site.url_of(page) for page in content_pages}
    listed_content = {url for url in entries if url in expected or "/posts/" in url}
    problems = []
    if listed_content != expected:
        problems.append(f"articles and pages listed {sorted(listed_content)}, expected {sorted(expected)}")
    for url, lastmod in entries.items():
        if not lastmod or not re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", lastmod):
            problems.append(f"{url}: lastmod {lastmod!r} is not an ISO 8601 date")
        if url.endswith("404.html") or "/drafts/" in url or "/search/" in url:
            problems.append(f"{url}: must not be in the sitemap")
        target, _, problem = publish_site.resolve("index.html", url)
        if problem or not target.endswith(".html"):
            problems.append(f"{url}: is not a built HTML page")
    assert not problems, report(problems, "sitemap problems")


def test_robots_txt_names_the_sitemap(publish_site):
    robots = (publish_site.root / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {publish_site.siteurl}/sitemap.xml" in robots.splitlines(), robots
