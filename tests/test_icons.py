"""Icons: an SVG favicon, a PNG touch icon and a web manifest, all our own files."""

import json

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
