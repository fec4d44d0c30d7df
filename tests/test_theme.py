"""Theme: every page is ours, colours meet WCAG 2.2 AA in light and dark, text is
comfortable to read, and the print stylesheet drops navigation and shows URLs."""

import re

from sitecheck import ROOT, report

CSS = "the <style> of index.html"  # the stylesheet as readers get it: inlined, BRAND_COLOUR first
# (foreground token, background token, minimum ratio): text needs 4.5:1,
# focus rings and borders that carry meaning need 3:1 (WCAG 1.4.3, 1.4.11).
PAIRS = [
    ("--color-text", "--color-bg", 4.5),
    ("--color-muted", "--color-bg", 4.5),
    ("--color-link", "--color-bg", 4.5),
    ("--color-link-visited", "--color-bg", 4.5),
    ("--color-accent", "--color-bg", 4.5),
    ("--color-text", "--color-surface", 4.5),
    ("--color-link", "--color-surface", 4.5),
    ("--color-muted", "--color-surface", 4.5),
    ("--color-focus", "--color-bg", 3.0),
    ("--color-focus", "--color-surface", 3.0),
    ("--color-border", "--color-bg", 3.0),
]


MAIN_CSS = (ROOT / "theme" / "static" / "css" / "main.css").read_text(encoding="utf-8")


def page_css(site):
    return site.soup("index.html").style.string


def tokens(block):
    return dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", block))


def resolved(palette):
    """Tokens whose value is another token, `var(--x)`, replaced by that token's value."""
    return {
        name: palette.get(value[4:-1], value) if value.startswith("var(") else value for name, value in palette.items()
    }


def palettes(css):
    """{'light': tokens, 'dark': tokens} from the top-level :root blocks and the dark-scheme override."""
    light = tokens("".join(re.findall(r"^:root\s*\{(.*?)\}", css, re.S | re.M)))
    dark_block = re.search(r"prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{(.*?)\}", css, re.S)
    assert dark_block, f"{CSS}: no dark palette under @media (prefers-color-scheme: dark)"
    return {"light": resolved(light), "dark": resolved({**light, **tokens(dark_block.group(1))})}


def luminance(hex_colour):
    value = hex_colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_colour_contrast_light_and_dark(site):
    css = page_css(site)
    problems = []
    for scheme, palette in palettes(css).items():
        for fg, bg, minimum in PAIRS:
            ratio = contrast(palette[fg], palette[bg])
            if ratio < minimum:
                problems.append(
                    f"{scheme}: {fg} {palette[fg]} on {bg} {palette[bg]} is {ratio:.2f}:1, needs {minimum}:1"
                )
    assert not problems, report(problems, f"colour pairs below WCAG AA in {CSS}")


def test_reading_comfort(site):
    css = page_css(site)
    light = palettes(css)["light"]
    body_min = re.match(r"clamp\(\s*([\d.]+)rem", light["--font-size-body"]) or re.match(
        r"([\d.]+)rem", light["--font-size-body"]
    )
    assert body_min and float(body_min.group(1)) * 16 >= 18, f"{CSS}: body text under 18px: {light['--font-size-body']}"
    measure = re.match(r"([\d.]+)ch", light["--measure"])
    assert measure and 60 <= float(measure.group(1)) <= 75, f"{CSS}: measure {light['--measure']} is not about 65ch"
    assert float(light["--line-height-body"]) >= 1.5, f"{CSS}: line height {light['--line-height-body']} below 1.5"
    assert "font-family: var(--font-body)" in css and "system-ui" in light["--font-body"], f"{CSS}: not system fonts"
    assert "@font-face" not in css, f"{CSS}: web fonts are not allowed"
    assert "prefers-reduced-motion" in css, f"{CSS}: prefers-reduced-motion is not handled"
    target = re.match(r"([\d.]+)rem", light["--target-min"])
    assert target and float(target.group(1)) * 16 >= 24, f"{CSS}: touch targets under 24px"


def test_print_stylesheet(site):
    css = page_css(site)
    start = css.find("@media print")
    assert start >= 0, f"{CSS}: no print stylesheet"
    printed = css[start:]
    hidden = re.search(r"([^{}]*)\{\s*display:\s*none", printed)
    assert hidden and ".site-nav" in hidden.group(1), f"{CSS}: print does not hide the site navigation"
    assert re.search(r"\.post-body a\[href\][^{]*::after\s*\{[^}]*attr\(href\)", printed), (
        f"{CSS}: print does not show link URLs after links in the article body"
    )
    assert re.search(r"picture,\s*\.picture\s*\{[^}]*break-inside:\s*avoid", printed), (
        f"{CSS}: print may split a picture across pages"
    )
    assert re.search(r"picture img\s*\{[^}]*max-block-size:", printed), f"{CSS}: a printed picture may fill a page"


def test_dark_mode_puts_no_box_behind_a_transparent_picture(site):
    """A diagram's transparency is kept (tests/test_pictures.py); no rule paints behind it."""
    css = page_css(site)
    painted = [
        rule
        for rule in re.findall(r"([^{}]*(?:picture|\bimg\b|figure)[^{}]*)\{([^}]*)\}", css)
        if re.search(r"background|box-shadow|border\s*:", rule[1])
    ]
    assert not painted, f"{CSS}: a picture gets a box behind it: {painted}"


def test_every_page_uses_our_theme(site):
    problems = []
    for page in site.pages:
        soup = site.soup(page)
        skip = soup.find("a", class_="skip-link")
        if not skip or skip.get("href") != "#main" or not soup.find("main", id="main"):
            problems.append(f'{page}: no skip link to <main id="main">')
        for landmark in ("header", "nav", "main", "footer"):
            if not soup.find(landmark):
                problems.append(f"{page}: no <{landmark}> landmark")
        sheets = [link.get("href", "") for link in soup.find_all("link", rel="stylesheet")]
        styles = [style.string or "" for style in soup.find_all("style")]
        if sheets or len(styles) != 1 or not styles[0].endswith("\n" + MAIN_CSS):
            problems.append(f"{page}: its style is not exactly our theme's main.css, inlined once (links: {sheets})")
    assert not problems, report(problems, f"pages not built with our theme in the {site.name} build")


def test_every_page_links_the_accessibility_statement(site):
    """The statement (WCAG 2.2 AA, how we test, what does not work, how to tell us) is one
    footer link away from every page."""
    statement = site.soup("accessibility/index.html").get_text(" ")
    missing = [part for part in ("WCAG", "2.2", "How we test", "does not work", "tell us") if part not in statement]
    assert not missing, f"accessibility/index.html does not say {missing}"
    unlinked = [
        page
        for page in site.pages
        if not any(a["href"].endswith("/accessibility/") for a in site.soup(page).select(".footer-links a[href]"))
    ]
    assert not unlinked, report(unlinked, "pages whose footer does not link the accessibility statement")
