"""Browser: the publish build, opened in headless Chromium, is accessible, quiet and
keyboard-usable.

Every page type is opened in four cases: light and dark colour schemes, 375 px (a
phone) and 1280 px (a laptop) wide. The site is built with publish settings for a
local HTTP server on 127.0.0.1 that serves it under /blog/ with the headers of its
`_headers` file (missing paths get 404.html with status 404, as the README tells
hosts to do); any request to another origin is aborted and recorded, so nothing
leaves the machine. Each case gets a fresh context
and page in one shared browser, and is visited once: every rule below reads the
findings of the same visit, and lists every failing case with page, scheme and width.
Screenshots of each case go to test-artifacts/<page>-<scheme>-<width>.png.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import TEST_TODAY
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

import tasks
from browser import CHROMIUM_ARGS, CSP_LISTENER, FOCUS_INDICATORS, NO_BROWSER, OVERFLOW, SiteServer, find_chromium
from sitecheck import CONTENT, ROOT, Site, article_sources, build, built_page_of, normalise, read_metadata, report

ARTIFACTS = ROOT / "test-artifacts"
SCHEMES = ["light", "dark"]
WIDTHS = {375: 812, 1280: 800}  # width: height, CSS px
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def search_page_planned():
    """Whether the sources make a search page (search/index.html): a `search` template
    or a page whose file name, Slug or Save_as says search. The build is checked too,
    by test_every_page_type_is_covered, so a search page made another way is not missed."""
    if (ROOT / "theme" / "templates" / "search.html").is_file():
        return True
    for source in (CONTENT / "pages").glob("**/*.md"):
        meta = read_metadata(source)
        if source.stem == "search" or meta.get("slug") == "search" or meta.get("save_as", "").startswith("search/"):
            return True
    return False


# Page type: the URL path under the site, or a function of the built site giving it.
PAGE_TYPES = {
    "home": "",
    "article": "posts/acupuncture-safety/",
    "series": "series/acupuncture-and-neuropathy/",
    "tags": "tags/",
    "tag": lambda site: next(p for p in site.pages if re.fullmatch(r"tags/[^/]+/index\.html", p))[: -len("index.html")],
    "archives": "archives/",
    "about": "about/",
    "404": "no-such-page/",  # any missing path: the host answers with 404.html and status 404
}
if search_page_planned():
    # With a query, so the rules see the results a reader sees (the page searches ?q= on load).
    PAGE_TYPES["search"] = "search/?q=acupuncture"
# The computed font size of the first h2, h3 and h4 of the text, where there is one.
HEADING_SIZES = """() => Object.fromEntries(["h2", "h3", "h4"].map(tag => [tag,
  document.querySelector(`.post-body ${tag}, .page-body ${tag}`)]).filter(([, element]) => element)
  .map(([tag, element]) => [tag, parseFloat(getComputedStyle(element).fontSize)]))"""
# Page types that finish rendering after `load`: a script condition that is true when ready.
READY = {"search": "() => document.querySelector('[role=status]')?.textContent.trim()"}


@dataclass
class Case:
    """What one visit of a page (in one scheme, at one width) found."""

    page: str
    scheme: str
    width: int
    axe: list = field(default_factory=list)  # violation dicts from axe-core
    noise: list = field(default_factory=list)  # console errors/warnings, failed and foreign requests, CSP
    reflow: list = field(default_factory=list)
    keyboard: list = field(default_factory=list)
    headings: dict = field(default_factory=dict)  # tag -> font size in CSS px of its first one in the text

    def __str__(self):
        return f"{self.page} ({self.scheme}, {self.width}px)"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The publish build, made for this server's own address and served under /blog/, so
    the browser loads everything from 127.0.0.1 itself (Chromium fetches favicons past
    Playwright's request routing, so a build for another host cannot be routed reliably)."""
    root = tmp_path_factory.mktemp("browser-site")
    with SiteServer(root, "/blog/") as server:
        siteurl = server.origin + "/blog"
        command = tasks.build_command(tasks.PUBLISH_SETTINGS, root, extra_settings=TEST_TODAY)
        ok, log = build(command, env=dict(os.environ, SITEURL=siteurl))
        if not ok:
            pytest.fail(f"The publish build for the browser tests failed:\n{log[-3000:]}", pytrace=False)
        server.load_headers()
        yield Site("browser", root, siteurl), server


@pytest.fixture(scope="module")
def server(served):
    return served[1]


@pytest.fixture(scope="module")
def browser_site(served):
    return served[0]


@pytest.fixture(scope="module")
def chromium():
    """The shared browser, or the reason there is none (the tests then fail with it)."""
    with sync_playwright() as playwright:
        executable = find_chromium(playwright)
        if executable is None:
            yield NO_BROWSER
            return
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            yield f"Chromium at {executable} did not start: {error}\n{NO_BROWSER}"
            return
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def visit(browser_site, server, chromium):
    """visit(page type) -> its four Cases; each page type is opened once per module."""
    axe, visited = Axe(), {}

    def get(page_type):
        if isinstance(chromium, str):
            pytest.fail(chromium, pytrace=False)
        if page_type not in visited:
            path = PAGE_TYPES[page_type]
            path = path(browser_site) if callable(path) else path
            try:
                visited[page_type] = [
                    open_case(chromium, axe, browser_site, server, page_type, path, scheme, width)
                    for scheme in SCHEMES
                    for width in WIDTHS
                ]
            except PlaywrightError as error:  # kept, so the other rules fail at once instead of retrying
                visited[page_type] = f"the browser could not check {page_type} ({path}): {error}"
        if isinstance(visited[page_type], str):
            pytest.fail(visited[page_type], pytrace=False)
        return visited[page_type]

    return get


def open_case(browser, axe, site, server, page_type, path, scheme, width):
    """Open one page in one scheme at one width and record everything the rules check."""
    case = Case(page_type, scheme, width)
    url = f"{site.siteurl}/{path}"
    context = browser.new_context(
        viewport={"width": width, "height": WIDTHS[width]}, color_scheme=scheme, service_workers="block"
    )
    context.set_default_timeout(10_000)  # a local page that takes longer is broken, not slow
    try:
        context.add_init_script(CSP_LISTENER)

        def elsewhere(route):
            case.noise.append(f"request to another origin: {route.request.url}")
            route.abort()

        context.route(lambda address: not address.startswith(server.origin + "/"), elsewhere)
        page = context.new_page()
        expect_404 = page_type == "404"

        def on_console(message):
            # The 404 page is meant to arrive with status 404; Chromium logs that as an error.
            if expect_404 and message.location.get("url") == url and "404" in message.text:
                return
            if message.type in ("error", "warning"):
                case.noise.append(f"console {message.type}: {message.text}")

        def on_response(response):
            if response.status >= 400 and not (expect_404 and response.url == url):
                case.noise.append(f"HTTP {response.status} for {response.url}")

        def on_failed(request):
            if request.url.startswith(site.siteurl):  # others are already recorded as foreign
                case.noise.append(f"request failed ({request.failure}): {request.url}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: case.noise.append(f"uncaught error: {error}"))
        page.on("response", on_response)
        page.on("requestfailed", on_failed)

        response = page.goto(url, wait_until="load")
        wanted = 404 if expect_404 else 200
        if response is None or response.status != wanted:
            case.noise.append(f"{url} answered {response and response.status}, expected {wanted}")
        if page_type in READY:
            try:
                page.wait_for_function(READY[page_type], timeout=5_000)
            except PlaywrightError:
                case.noise.append(f"{url} did not finish rendering within 5 s ({READY[page_type]})")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{page_type}-{scheme}-{width}.png", full_page=True)

        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
        case.axe = results.response["violations"]

        case.headings = page.evaluate(HEADING_SIZES)
        check_keyboard(page, case)
        check_reflow(page, case, width)
        page.wait_for_load_state("networkidle")
        case.noise += [f"CSP violation: {v}" for v in page.evaluate("window.__cspViolations || []")]
    finally:
        # Late requests (the favicon, say) may still be in a route callback: let them go quietly.
        context.unroute_all(behavior="ignoreErrors")
        context.close()
    return case


def check_keyboard(page, case):
    """The first Tab reaches the skip link; Enter on it puts focus in <main id="main">;
    every element Tab can reach shows a focus indicator (browser.FOCUS_INDICATORS)."""
    page.keyboard.press("Tab")
    first = page.evaluate(
        "() => { const a = document.activeElement; return a.matches('a.skip-link') ? null : a.outerHTML.slice(0, 80); }"
    )
    if first is not None:
        case.keyboard.append(f"the first Tab focuses {first!r}, not the skip link a.skip-link")
    else:
        page.keyboard.press("Enter")
        inside = page.evaluate("() => !!document.activeElement.closest('main#main')")
        if not inside:
            where = page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)")
            case.keyboard.append(f'Enter on the skip link leaves focus on {where!r}, not in <main id="main">')
    found = page.evaluate(FOCUS_INDICATORS)
    if not found["checked"]:
        case.keyboard.append("no focusable element found")
    case.keyboard += [f"{selector}: {problem}" for selector, problem in found["problems"]]


def check_reflow(page, case, width):
    """WCAG 1.4.10 Reflow and 1.4.4 Resize text, checked as a browser would produce them.

    Browser zoom divides the CSS viewport: 400% zoom of a 1280 px window is a 320 px
    viewport (the width 1.4.10 names), and 200% zoom is a 640 px one. So from the 375 px
    case the viewport is narrowed to 320 px and widened to 640 px, and the page must not
    scroll sideways at either. Text-only zoom (the browser's font-size setting) enlarges
    what is sized in rem/em and keeps px: in the 1280 px case the root font size is set to
    200% of the default and the page must neither scroll sideways nor clip text.
    """
    if width == 375:
        for narrow in (320, 640):
            page.set_viewport_size({"width": narrow, "height": 800})
            case.reflow += [f"at {narrow}px wide: {problem}" for problem in page.evaluate(OVERFLOW)]
    else:
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        case.reflow += [f"with text at 200%: {problem}" for problem in page.evaluate(OVERFLOW)]
        page.evaluate("document.documentElement.style.fontSize = ''")


def axe_lines(violation):
    targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_axe_finds_no_wcag_violations(visit, page_type):
    problems = [f"{case}: {axe_lines(v)}" for case in visit(page_type) for v in case.axe]
    assert not problems, report(problems, f"axe-core violations of WCAG 2.2 A/AA ({', '.join(AXE_TAGS)})")


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_console_messages_failed_or_foreign_requests(visit, page_type):
    problems = [f"{case}: {noise}" for case in visit(page_type) for noise in case.noise]
    assert not problems, report(problems, "console errors or warnings, failed or foreign requests, CSP violations")


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_content_reflows_at_320px_and_200_percent(visit, page_type):
    problems = [f"{case.page} ({case.scheme}): {problem}" for case in visit(page_type) for problem in case.reflow]
    assert not problems, report(problems, "reflow problems (WCAG 1.4.10 and 1.4.4)")


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_keyboard_skip_link_and_visible_focus(visit, page_type):
    problems = [f"{case}: {problem}" for case in visit(page_type) for problem in case.keyboard]
    assert not problems, report(problems, "keyboard problems (skip link, WCAG 2.4.7 focus visible)")


def test_every_page_type_is_covered(browser_site):
    """The search page, once built, is among the page types opened above."""
    built = (Path(browser_site.root) / "search" / "index.html").is_file()
    assert built == ("search" in PAGE_TYPES), (
        "search/index.html is built but not opened by the browser tests: teach search_page_planned() "
        "how the search page is made"
        if built
        else "the sources promise a search page but the build has no search/index.html"
    )


def routed_page(browser, site, server):
    """A page that may load only from the local server (requests elsewhere are aborted)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    context.set_default_timeout(10_000)
    context.route(lambda address: not address.startswith(server.origin + "/"), lambda route: route.abort())
    return context, context.new_page()


def test_search_finds_the_chemotherapy_articles_by_typing(browser_site, server, chromium):
    if isinstance(chromium, str):
        pytest.fail(chromium, pytrace=False)
    mentioning = {
        browser_site.url_of(built_page_of(source))
        for source in article_sources()
        if "chemotherapy" in source.read_text(encoding="utf-8").split("\n\n", 1)[1].lower()
    }
    titles = {
        browser_site.url_of(built_page_of(s)): normalise(browser_site.soup(built_page_of(s)).h1.get_text())
        for s in article_sources()
    }
    context, page = routed_page(chromium, browser_site, server)
    try:
        page.goto(f"{browser_site.siteurl}/search/")
        page.locator("#search-input").press_sequentially("chemotherapy", delay=20)
        page.wait_for_selector(".search-results li", timeout=5_000)
        found = page.eval_on_selector_all(".search-result-title a", "links => links.map(a => [a.href, a.textContent])")
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()
    urls = {url for url, _ in found}
    assert mentioning <= urls, f"searching 'chemotherapy' found {sorted(urls)}, missing {sorted(mentioning - urls)}"
    wrong = [f"{url}: {text!r}" for url, text in found if titles.get(url) != normalise(text)]
    assert not wrong, report(wrong, "search results not titled with their article's title")


def test_the_subscribe_link_leads_to_our_page_with_the_feed_address(browser_site, server, chromium):
    if isinstance(chromium, str):
        pytest.fail(chromium, pytrace=False)
    context, page = routed_page(chromium, browser_site, server)
    try:
        page.goto(f"{browser_site.siteurl}/")
        page.locator(".footer-links a", has_text="Subscribe").click()
        page.wait_for_url(f"{browser_site.siteurl}/subscribe/")
        address = page.locator("#feed-address").input_value()
        heading = page.locator("h1").inner_text()
        feed = page.request.get(address)
        status, body = feed.status, feed.text()
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()
    assert heading == "Subscribe", heading
    assert address == f"{browser_site.siteurl}/feeds/all.atom.xml", f"the feed address on the page is {address}"
    assert status == 200 and "<feed" in body, f"{address} answered {status}"


@pytest.mark.parametrize("feed, item", [("all.atom.xml", "entry"), ("all.rss.xml", "item")])
def test_a_feed_opened_in_the_browser_shows_its_items_and_no_warning(browser_site, server, chromium, feed, item):
    """No XSLT (Chromium warns it is being removed): the feed is shown as text through
    theme/css/feed.css, with no console message, every item's title and date on screen."""
    if isinstance(chromium, str):
        pytest.fail(chromium, pytrace=False)
    context, page = routed_page(chromium, browser_site, server)
    messages = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    try:
        page.goto(f"{browser_site.siteurl}/feeds/{feed}")
        page.wait_for_load_state("load")
        shown = page.evaluate(
            """item => [...document.getElementsByTagName(item)].map(element => [...element.children]
              .filter(child => ["title", "published", "pubDate"].includes(child.localName))
              .map(child => child.getBoundingClientRect().height > 0))""",
            item,
        )
        styled = page.evaluate("getComputedStyle(document.documentElement, '::before').content")
        xslt = page.evaluate("document.documentElement.outerHTML.includes('XSLT')")
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()
    assert "This is a feed" in styled, f"{feed} is not styled by feed.css: ::before is {styled!r}"
    assert not xslt and not messages, f"the browser warned on {feed}: {messages}"
    assert len(shown) == len(article_sources()), f"{feed} holds {len(shown)} items"
    hidden = [n for n, parts in enumerate(shown) if parts != [True, True]]
    assert not hidden, f"{feed}: items {hidden} do not show their title and date on screen: {shown}"


def test_section_and_subsection_headings_differ_at_phone_width(visit):
    """An older reader at 375 px should see where a section starts and a subsection does: h2
    at least 1.15 times the size of h3 (a step the eye sees without comparing)."""
    close = []
    for case in visit("article"):
        sizes = case.headings
        if "h2" not in sizes or "h3" not in sizes:
            close.append(f"{case.scheme}/{case.width}px: the check is void: the article has no h2 and h3 ({sizes})")
        elif sizes["h2"] < 1.15 * sizes["h3"]:
            close.append(f"{case.scheme}/{case.width}px: h2 is {sizes['h2']:.1f} px, h3 {sizes['h3']:.1f} px")
    assert not close, report(close, "headings that look alike on the article page")
