"""Any host's file system: no output path Windows cannot store, none differing from
another only by case, none that is a file or a folder index the site makes itself.

Built in process on the small fixture site (tests/fixture_site.py), every offender
in one build, so one run shows that the rule lists them all at once."""

import io
import re
from pathlib import Path
from types import SimpleNamespace

from PIL import Image

from blog import live_server, output_paths, site_icons
from fixture_site import PAGE, article, build_site, write_site


def page(slug):
    return PAGE.replace("\n\n", f"\nSlug: {slug}\n\n", 1)


def png():
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "grey").save(out, format="PNG")
    return out.getvalue()


# source: (what its line must say, the line)
OFFENDERS = {
    "pages/feeds.md": (page("feeds"), "is the index of 'feeds/', a folder the site fills itself", 3),
    "pages/all-posts.md": (page("posts"), "is the index of 'posts/', a folder the site fills itself", 3),
    "pages/page.md": (PAGE, "is the index of 'page/', a folder the site fills itself", 1),
    "pages/tags.md": (PAGE, "'tags/index.html' is the site's tags page", 1),
    "pages/find.md": (page("pagefind"), "'pagefind/index.html' is inside a folder the site fills itself", 3),
    "pages/__live.md": (PAGE, "'__live/index.html' is inside a folder the site fills itself", 1),
    "pages/aux.md": (PAGE, "uses 'aux', a name Windows keeps for devices", 1),
    "pages/console-page.md": (page("con"), "uses 'con', a name Windows keeps for devices", 3),
    "images/com1.png": (png(), "uses 'com1.png', a name Windows keeps for devices", 1),
    "images/Lpt9.tar.png": (png(), "uses 'Lpt9.tar.png', a name Windows keeps for devices", 1),
    "images/old./square.png": (png(), "has a part 'old.' ending in a dot or a space", 1),
    "images/draft /square.png": (png(), "has a part 'draft ' ending in a dot or a space", 1),
    "images/photo.png": (png(), "'images/photo.png' differs only by case from 'images/Photo.png'", 1),
}
NEIGHBOURS = {
    "pages/console.md": PAGE,  # "console" is not "con"
    "pages/feeds-explained.md": PAGE,
    "pages/postscript.md": PAGE,
    "images/Photo.png": png(),
    "images/con-trail.png": png(),
    "posts/pictures.md": article(
        body="![A grey square]({static}/images/Photo.png)\n\n![Another grey square]({static}/images/con-trail.png)\n"
    ),
}


def test_no_output_path_windows_cannot_store_or_the_site_makes(tmp_path):
    content = write_site(tmp_path, {**{p: data for p, (data, _, _) in OFFENDERS.items()}, **NEIGHBOURS})
    code, printed = build_site(content, tmp_path / "output")
    assert code == 1, f"the build did not stop:\n{printed[-2000:]}"
    missing = [
        f"content/{source}:{line}: …{says}…"
        for source, (_, says, line) in OFFENDERS.items()
        if not any(
            printed_line.startswith(f"content/{source}:{line}: ") and says in printed_line
            for printed_line in printed.splitlines()
        )
    ]
    assert not missing, "not refused with its line:\n  " + "\n  ".join(missing) + f"\nprinted:\n{printed}"
    wrongly = [source for source in NEIGHBOURS if f"content/{source}:" in printed]
    assert not wrongly, f"refused, though Windows stores them and the site does not make them: {wrongly}\n{printed}"


def test_names_close_to_reserved_ones_build(tmp_path):
    content = write_site(tmp_path, NEIGHBOURS)
    code, printed = build_site(content, tmp_path / "output")
    assert code == 0, printed[-2000:]
    for path in ("console/index.html", "feeds-explained/index.html"):
        assert (tmp_path / "output" / path).is_file(), f"{path} was not built"
    for name in ("Photo", "con-trail"):  # a picture's copies keep its name: images/NAME-KEY-WIDTH.EXT
        assert list((tmp_path / "output" / "images").glob(f"{name}-*-4.jpg")), f"no copy of images/{name}.png"


def test_every_icon_the_site_draws_is_claimed(tmp_path):
    site_icons.write_icons(SimpleNamespace(settings={"BRAND_COLOUR": "#0f5a4f"}, output_path=str(tmp_path)))
    drawn = sorted(p.name for p in tmp_path.iterdir())
    claimed = {output_paths.normal(p) for p, _ in output_paths.site_claims({}, [])}
    unclaimed = [name for name in drawn if output_paths.normal(name) not in claimed]
    assert drawn and not unclaimed, f"icons a writer's file could overwrite: {unclaimed}"


def test_the_live_preview_addresses_are_reserved():
    source = Path(live_server.__file__).read_text(encoding="utf-8")
    addresses = set(re.findall(r"""["'](/__[a-z]+)[/"']""", source))
    reserved = output_paths.reserved_folders({})
    outside = [a for a in addresses if output_paths.normal(a) + "/" not in reserved]
    assert addresses and not outside, f"the preview serves {outside}, which a page could claim"
