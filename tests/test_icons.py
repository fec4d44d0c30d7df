"""Icons: an SVG favicon, a favicon.ico, a PNG touch icon and a web manifest, all our own files."""

import json

import pytest
from PIL import Image

from sitecheck import report


def test_every_page_links_its_icons_and_the_home_page_the_manifest(site):
    """Favicon and touch icon on every page; the manifest only from the home page (browsers
    fetch it at once, before an article's largest paint)."""
    problems = []
    for page in site.pages:
        soup = site.soup(page)
        for rel in ("icon", "apple-touch-icon"):
            link = soup.find("link", rel=rel)
            if not link or site.resolve(page, link.get("href", ""))[2]:
                problems.append(f'{page}: no working <link rel="{rel}">')
        manifest = soup.find("link", rel="manifest")
        if (page == "index.html") != bool(manifest) or (manifest and site.resolve(page, manifest["href"])[2]):
            problems.append(f"{page}: the manifest link should be on the home page only, and work")
    assert not problems, report(problems, f"pages with icon problems in the {site.name} build")


def test_manifest_icons_exist_with_their_sizes(site):
    manifest = json.loads((site.root / "site.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] and manifest["start_url"], manifest
    problems = []
    for icon in manifest["icons"]:
        path = site.root / icon["src"]
        if not path.is_file():
            problems.append(f"site.webmanifest: icon {icon['src']} is not in the build")
        elif icon["type"] == "image/png":
            with Image.open(path) as image:
                size = f"{image.width}x{image.height}"
            if size != icon["sizes"]:
                problems.append(f"{icon['src']}: {size}, the manifest says {icon['sizes']}")
    with Image.open(site.root / "apple-touch-icon.png") as touch:
        if touch.size != (180, 180):
            problems.append(f"apple-touch-icon.png: {touch.size}, expected 180x180")
    assert not problems, report(problems, "icon problems")


def test_favicon_ico_at_the_site_root_has_16_32_and_48_pixels_in_the_brand_colour(site, settings):
    """Browsers, feed readers and bookmarks ask for /favicon.ico without reading the page: a
    real ICO file at the site's root, one picture per size, drawn in BRAND_COLOUR."""
    colour = settings["BRAND_COLOUR"]
    rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    path = site.root / "favicon.ico"
    assert path.is_file(), (
        f"the {site.name} build has no favicon.ico at its root (plugins/blog/site_icons.py writes it)"
    )
    problems = []
    with Image.open(path) as icon:
        if icon.format != "ICO":
            problems.append(f"favicon.ico: Pillow reads it as {icon.format}, not ICO")
        sizes = sorted(icon.info.get("sizes", ()))
        if sizes != [(16, 16), (32, 32), (48, 48)]:
            problems.append(f"favicon.ico: sizes {sizes}, expected 16x16, 32x32 and 48x48")
        for size in sizes:
            icon.size = size
            picture = icon.convert("RGB")
            if picture.getpixel((1, 1)) != rgb:
                problems.append(f"favicon.ico {size[0]}px: background {picture.getpixel((1, 1))}, not {colour}")
            if picture.getpixel((size[0] // 2, size[1] // 2)) != (255, 255, 255):
                problems.append(f"favicon.ico {size[0]}px: no white stem in the middle (is it the favicon's design?)")
    assert not problems, report(problems, f"favicon.ico problems in the {site.name} build")


def test_one_brand_colour_everywhere(site, settings):
    """BRAND_COLOUR is written once: the stylesheet's token, the theme-color meta, the manifest,
    the favicon and every PNG icon all take it from the setting."""
    colour = settings["BRAND_COLOUR"]
    rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    problems = []
    for page in site.pages:
        soup = site.soup(page)
        if f"--color-brand: {colour};" not in (soup.style.string or ""):
            problems.append(f"{page}: the stylesheet does not set --color-brand to {colour}")
        meta = soup.find("meta", attrs={"name": "theme-color"})
        if not meta or meta.get("content") != colour:
            problems.append(f"{page}: theme-color is {meta and meta.get('content')}, not {colour}")
    manifest = json.loads((site.root / "site.webmanifest").read_text(encoding="utf-8"))
    if manifest["theme_color"] != colour:
        problems.append(f"site.webmanifest: theme_color {manifest['theme_color']}, not {colour}")
    if f'fill="{colour}"' not in (site.root / "favicon.svg").read_text(encoding="utf-8"):
        problems.append(f"favicon.svg: not filled with {colour}")
    for name in ("apple-touch-icon.png", "icon-192.png", "icon-512.png"):
        with Image.open(site.root / name) as image:
            if image.convert("RGB").getpixel((2, 2)) != rgb:
                problems.append(f"{name}: its background is not {colour}")
    assert not problems, report(problems, f"places where the brand colour is not BRAND_COLOUR in the {site.name} build")


def test_a_brand_colour_that_is_not_a_hex_colour_is_refused():
    """It goes into CSS, SVG and JSON: anything but #rrggbb could break out of them."""
    from blog.site_icons import brand_colour

    assert brand_colour({"BRAND_COLOUR": "#0F5a4f"}) == "#0F5a4f"
    for bad in ("", "red", "#0f5a4", "#0f5a4f; } body { display:none", '#0f5a4f"/><script>'):
        with pytest.raises(ValueError, match="BRAND_COLOUR"):
            brand_colour({"BRAND_COLOUR": bad})
