"""Pictures (plugins/blog/pictures.py): a writer's originals become small, private copies.

The small fixture site with one article showing four originals: the project's own diagram
(transparent PNG), a phone's photo (JPEG, turned by its EXIF orientation, with a GPS position,
a camera serial, a date, XMP, a comment and an ICC profile), a HEIC from a phone and a WebP,
both with EXIF and XMP. Built in process with only a pictures cache of its own."""

import io
import re
import shutil
import struct
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageCms

from fixture_site import ARTICLE, build_site, write_site
from sitecheck import ROOT

EXAMPLE = ROOT / "tests" / "fixtures" / "pictures" / "daily-foot-check.png"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>'
# What a published copy must not hold: EXIF, XMP, IPTC, an ICC profile, a comment, a GPS position
METADATA_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "iptc", "photoshop", "adobe"}
METADATA_BYTES = (
    b"Exif\x00\x00",
    b"adobe:ns:meta",
    b"http://ns.adobe.com/xap",
    b"GPS",
    b"SERIAL-1234",
    b"Photoshop 3.0",
)


def phone_exif(orientation=1):
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x0132] = "2026:11:20 08:30:00"
    exif.get_ifd(0x8769)[0xA431] = "SERIAL-1234"  # the camera's serial number
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (52.0, 30.0, 1.5), 3: "E", 4: (13.0, 24.0, 2.5)})
    return exif


def phone_photo():
    """A 4:3 landscape photo stored sideways, as phones do (orientation 6: turn it to portrait)."""
    image = Image.linear_gradient("L").resize((2400, 1800)).convert("RGB")
    out = io.BytesIO()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(out, format="JPEG", quality=85, exif=phone_exif(6), icc_profile=icc, comment=b"shot at home")
    data = out.getvalue()
    return (
        data[:2]
        + b"\xff\xe1"
        + (len(XMP) + 31).to_bytes(2, "big")
        + b"http://ns.adobe.com/xap/1.0/\x00"
        + XMP
        + data[2:]
    )


def saved(format, size=(900, 600), colour="teal"):
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=format, exif=phone_exif().tobytes(), xmp=XMP)
    return out.getvalue()


FIGURE = '"The daily foot check | Drawing: the editors"'
BODY = """
![A diagram of the four steps of a daily foot check]({static}/images/daily-foot-check.png FIGURE)

## What this article is for

A photo from a phone, turned upright: ![A gradient from dark to light]({static}/images/phone.jpg)

![A plain teal rectangle]({static}/images/teal.heic)

![A plain orange rectangle]({static}/images/orange.webp)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pictures")
    files = {
        "posts/complete.md": ARTICLE.replace("\n## What this article is for\n", BODY.replace("FIGURE", FIGURE), 1),
        "images/daily-foot-check.png": EXAMPLE.read_bytes(),
        "images/phone.jpg": phone_photo(),
        "images/teal.heic": saved("HEIF"),
        "images/orange.webp": saved("WEBP", colour="orange"),
        "images/unused.png": EXAMPLE.read_bytes(),
    }
    content = write_site(folder, files)
    code, printed = build_site(content, folder / "output", f'--set=CACHE_PATH="{folder / "cache"}"')
    assert code == 0, printed
    return folder, printed


def page_of(site):
    folder, _ = site
    return BeautifulSoup((folder / "output" / "posts" / "complete" / "index.html").read_text("utf-8"), "lxml")


def test_no_published_picture_carries_metadata(site):
    folder, _ = site
    published = [p for p in (folder / "output").rglob("*") if p.suffix in {".png", ".jpg", ".webp", ".avif", ".heic"}]
    published = [p for p in published if "images" in p.parts]
    wrong = []
    for path in published:
        data = path.read_bytes()
        with Image.open(path) as image:
            image.load()
            if len(image.getexif()):
                wrong.append(f"{path.name}: EXIF {dict(image.getexif())}")
            kept = METADATA_KEYS & set(image.info)
            if kept:
                wrong.append(f"{path.name}: {sorted(kept)} in Pillow's info")
        wrong += [f"{path.name}: holds {marker!r}" for marker in METADATA_BYTES if marker in data]
    assert len(published) >= 12, f"the check is void: only {len(published)} published pictures"
    assert not wrong, "published pictures with metadata:\n  " + "\n  ".join(wrong)


def test_no_original_is_published(site):
    folder, _ = site
    names = {p.name for p in (folder / "output").rglob("*")}
    leaked = names & {"daily-foot-check.png", "phone.jpg", "teal.heic", "orange.webp", "unused.png"}
    assert not leaked, f"originals published as they are: {sorted(leaked)}"


def srcset_of(element):
    return [(url, int(width[:-1])) for url, width in (part.split() for part in element["srcset"].split(", "))]


def test_each_picture_is_a_picture_element_with_its_copies_never_wider_than_the_original(site):
    folder, _ = site
    originals = {"daily-foot-check": (1200, 675), "phone": (1800, 2400), "teal": (900, 600), "orange": (900, 600)}
    wrong = []
    pictures = page_of(site).select("picture")
    assert len(pictures) == 4, f"{len(pictures)} <picture> elements, not 4"
    for picture in pictures:
        image = picture.find("img")
        name = re.search(r"/images/(.+)-[0-9a-f]{12}-\d+\.\w+$", image["src"]).group(1)
        width, height = originals[name]
        types = [source["type"] for source in picture.find_all("source")]
        if types != ["image/avif", "image/webp"]:
            wrong.append(f"{name}: sources {types}, not AVIF then WebP")
        for element in [*picture.find_all("source"), image]:
            for url, shown in srcset_of(element):
                if shown > width:
                    wrong.append(f"{name}: {url} is {shown} pixels wide, wider than the original ({width})")
                file = folder / "output" / url.lstrip("/")
                if not file.is_file():
                    wrong.append(f"{name}: {url} is not in output/")
                    continue
                with Image.open(file) as copy:
                    if copy.width != shown or abs(copy.height - round(height * shown / width)) > 1:
                        wrong.append(f"{name}: {url} is {copy.size}, not {shown} wide in the original's proportions")
            if element.get("sizes") != "(min-width: 46rem) 42rem, calc(100vw - 2.5rem)":
                wrong.append(f"{name}: sizes {element.get('sizes')!r}")
        if (int(image["width"]), int(image["height"])) != (min(width, 1600), round(height * min(width, 1600) / width)):
            wrong.append(f"{name}: width/height {image['width']}×{image['height']}")
        if not image.get("alt"):
            wrong.append(f"{name}: no alt text")
    assert not wrong, "\n".join(wrong)


def test_the_first_picture_loads_first_and_the_others_when_scrolled_to(site):
    images = [picture.find("img") for picture in page_of(site).select("picture")]
    first, rest = images[0], images[1:]
    assert first.get("fetchpriority") == "high" and "loading" not in first.attrs, f"the first picture: {first.attrs}"
    late = [
        i["src"]
        for i in rest
        if i.get("loading") != "lazy" or i.get("decoding") != "async" or "fetchpriority" in i.attrs
    ]
    assert not late, f"pictures below the first section that are not lazy and async: {late}"


def test_a_caption_and_credit_make_a_figure(site):
    figures = page_of(site).select("figure.picture")
    assert len(figures) == 1, f"{len(figures)} figures, expected the one picture with a caption"
    caption = figures[0].find("figcaption")
    assert caption.get_text(" ", strip=True) == "The daily foot check Drawing: the editors", caption
    assert caption.find(class_="picture-credit").get_text() == "Drawing: the editors"
    assert figures[0].parent.name != "p", "a figure inside a paragraph is not valid HTML"


def test_the_phone_photo_is_turned_upright_and_transparency_is_kept(site):
    folder, _ = site
    images = folder / "output" / "images"
    phone = sorted(images.glob("phone-*-400.jpg"))
    diagram = sorted(images.glob("daily-foot-check-*-400.*"))
    assert phone, "no 400-pixel copy of the phone photo"
    with Image.open(phone[0]) as copy:
        assert copy.height > copy.width, f"the phone photo was not turned upright: {copy.size}"
    modes = {}
    for path in diagram:
        with Image.open(path) as copy:
            modes[path.suffix] = copy.mode
    assert modes == {".avif": "RGBA", ".webp": "RGBA", ".png": "RGBA"}, f"the diagram's copies: {modes}"


def test_a_picture_with_a_gps_position_or_shown_nowhere_gets_a_notice(site):
    _, printed = site
    assert "content/images/phone.jpg: the picture records where it was taken (GPS in its EXIF)" in printed, printed
    assert "content/images/unused.png: no article or page shows this picture" in printed, printed
    named = [line for line in printed.splitlines() if "GPS" in line]
    assert len(named) == 3, f"phone.jpg, teal.heic and orange.webp have a GPS position: {named}"


def test_a_rebuild_with_no_picture_changed_encodes_nothing(site, tmp_path, monkeypatch):
    from blog import pictures

    folder, _ = site
    content = shutil.copytree(folder / "content", tmp_path / "content")
    cache = shutil.copytree(folder / "cache", tmp_path / "cache")
    encoded = []
    run = pictures.run
    monkeypatch.setattr(pictures, "run", lambda jobs: encoded.extend(jobs) or run(jobs))
    code, printed = build_site(content, tmp_path / "output", f'--set=CACHE_PATH="{cache}"')
    assert code == 0, printed
    assert encoded == [], f"encoded again with nothing changed: {[job[0] for job in encoded]}"
    code, printed = build_site(
        content, tmp_path / "output", f'--set=CACHE_PATH="{cache}"', '--set=PICTURE_QUALITY={"jpg": 60}'
    )
    assert code == 0, printed
    assert len(encoded) == 4, f"a new quality did not encode the four pictures again: {[job[0] for job in encoded]}"


def refused_pictures():
    from test_untrusted_input import animated_gif, jpeg, png_header

    example = EXAMPLE.read_bytes()
    return {
        "too heavy": ("big.png", example + bytes(31_000_000), "the site takes originals up to 30 MB"),
        "cut short": ("cut.png", example[:3000], "cut short"),
        "a bomb": ("bomb.png", png_header(30_000, 30_000), "declares more pixels than the site reads"),
        "animated": ("moving.gif", animated_gif(), "is animated"),
        "another type": ("photo.png", jpeg(), "is a JPEG picture named .png"),
    }


@pytest.mark.parametrize("what", ["too heavy", "cut short", "a bomb", "animated", "another type"])
def test_a_refused_picture_an_article_shows_is_one_line(tmp_path, what):
    name, data, says = refused_pictures()[what]
    body = f"![A diagram of the daily foot check]({{static}}/images/{name})\n"
    content = write_site(tmp_path, {"posts/complete.md": ARTICLE + body, f"images/{name}": data})
    code, printed = build_site(content, tmp_path / "output", f'--set=CACHE_PATH="{tmp_path / "cache"}"')
    lines = [line for line in printed.splitlines() if line.startswith("content/")]
    assert code == 1 and len(lines) == 1, f"{what}: one line expected, got {len(lines)}:\n{printed}"
    assert lines[0].startswith(f"content/images/{name}:1: ") and says in lines[0], lines[0]


def test_card_picture_makes_the_first_picture_the_link_preview_image(tmp_path):
    photo = io.BytesIO()
    Image.linear_gradient("L").resize((2000, 1500)).convert("RGB").save(photo, format="JPEG")
    head, body = ARTICLE.split("\n\n", 1)
    text = head + "\nCard: picture\n\n![A gradient from dark to light]({static}/images/wide.jpg)\n\n" + body
    content = write_site(tmp_path, {"posts/complete.md": text, "images/wide.jpg": photo.getvalue()})
    code, printed = build_site(content, tmp_path / "output", f'--set=CACHE_PATH="{tmp_path / "cache"}"')
    assert code == 0, printed
    page = BeautifulSoup((tmp_path / "output/posts/complete/index.html").read_text("utf-8"), "lxml")
    image = page.find("meta", property="og:image")["content"]
    assert re.fullmatch(r"/images/wide-[0-9a-f]{12}-card\.jpg", image), f"og:image is {image}"
    with Image.open(tmp_path / "output" / image.lstrip("/")) as card:
        assert card.size == (1200, 630) and not len(card.getexif()), f"the card is {card.size}, EXIF {card.getexif()}"
    assert not (tmp_path / "output" / "cards" / "complete.png").exists(), "a card was drawn though the picture is it"
    ld = page.find("script", type="application/ld+json").string
    assert image in ld, "the structured data's image is not the link-preview picture"


@pytest.mark.parametrize(
    "picture, says",
    [(None, "Card: picture, but the article shows no picture"), ((900, 600), "(small) is 900 × 600 pixels")],
    ids=["no picture", "too small"],
)
def test_card_picture_needs_a_first_picture_big_enough(tmp_path, picture, says):
    head, body = ARTICLE.split("\n\n", 1)
    files = {"images/small.webp": saved("WEBP", size=picture)} if picture else {}
    shown = "![A plain teal rectangle]({static}/images/small.webp)\n\n" if picture else ""
    content = write_site(tmp_path, {"posts/complete.md": head + "\nCard: picture\n\n" + shown + body, **files})
    code, printed = build_site(content, tmp_path / "output", f'--set=CACHE_PATH="{tmp_path / "cache"}"')
    lines = [line for line in printed.splitlines() if re.match(r"content/\S+:\d+: ", line)]  # problems, not notices
    assert code == 1 and len(lines) == 1, printed
    assert lines[0].startswith("content/posts/complete.md:") and says in lines[0], lines[0]


# --- Colours and the other formats, on a site of their own ----------------------------------


def s15(x):
    return struct.pack(">i", round(x * 65536))


def swapped_profile():
    """An RGB display profile whose red and blue primaries are sRGB's blue and red."""

    def xyz(v):
        return b"XYZ " + bytes(4) + b"".join(s15(c) for c in v)

    curve = b"curv" + bytes(4) + struct.pack(">I", 1) + struct.pack(">H", 0x0233) + bytes(2)
    desc_text = b"swapped\0"
    desc = b"desc" + bytes(4) + struct.pack(">I", len(desc_text)) + desc_text + bytes(4 + 4 + 2 + 1 + 67)
    red, green, blue = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)
    tags = [(b"desc", desc), (b"wtpt", xyz((0.9642, 1.0, 0.8249))), (b"rXYZ", xyz(blue)), (b"gXYZ", xyz(green))]
    tags += [(b"bXYZ", xyz(red)), (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    offset, table, data = 128 + 4 + 12 * len(tags), b"", b""
    for sig, body in tags:
        body += bytes(-len(body) % 4)
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = struct.pack(">I", size) + bytes(4) + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ " + bytes(12) + b"acsp"
    header += bytes(4 + 4 + 4 + 4 + 8 + 4) + s15(0.9642) + s15(1.0) + s15(0.8249) + bytes(4 + 16 + 28)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


def test_colours_are_converted_to_srgb_and_avif_and_gif_originals_are_read(tmp_path):
    """An original tagged with a profile whose red is sRGB's blue is published blue (and untagged)."""
    tagged = io.BytesIO()
    Image.new("RGB", (500, 300), (255, 0, 0)).save(tagged, format="PNG", icc_profile=swapped_profile())
    still = io.BytesIO()
    Image.new("RGB", (300, 200), "orange").save(still, format="GIF")
    body = "".join(
        f"![A plain rectangle, number {n}]({{static}}/images/{name})\n\n"
        for n, name in enumerate(["tagged.png", "phone.avif", "still.gif"])
    )
    files = {
        "images/tagged.png": tagged.getvalue(),
        "images/phone.avif": saved("AVIF"),
        "images/still.gif": still.getvalue(),
    }
    content = write_site(tmp_path, {"posts/complete.md": ARTICLE + body, **files})
    code, printed = build_site(content, tmp_path / "output", f'--set=CACHE_PATH="{tmp_path / "cache"}"')
    assert code == 0, printed
    images = tmp_path / "output" / "images"
    for name in ("tagged", "phone", "still"):
        assert sorted(images.glob(f"{name}-*.avif")), f"no copies of {name}: {sorted(p.name for p in images.iterdir())}"
    for copy in sorted(images.glob("tagged-*")):
        with Image.open(copy) as image:
            red, green, blue = image.convert("RGB").getpixel((10, 10))
            assert blue > 200 and red < 60, f"{copy.name}: {red, green, blue}, not the blue the profile means"
            assert "icc_profile" not in image.info, f"{copy.name} keeps an ICC profile"


def test_the_nu_html_checker_finds_no_error_in_a_page_with_pictures(site):
    import json
    import subprocess

    import tasks

    folder, _ = site
    java = shutil.which("java")
    assert java and tasks.VNU_JAR.is_file(), "the Nu HTML Checker needs java and 'invoke tools'"
    page = folder / "output" / "posts" / "complete" / "index.html"
    result = subprocess.run(
        [java, "-jar", str(tasks.VNU_JAR), "--format", "json", str(page)], capture_output=True, text=True
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{m.get('lastLine', '?')}: {m['message']}" for m in messages if m["type"] in ("error", "non-document-error")
    ]
    assert not errors, "posts/complete/index.html with pictures:\n  " + "\n  ".join(errors)


# --- Pictures a writer may really bring, and crafted ones ---------------------------------------


def png_with(chunk_type, data, size=(300, 200)):
    """A real PNG with one more chunk before its image data (an eXIf block, say)."""
    import zlib

    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, format="PNG")
    raw = out.getvalue()
    chunk = struct.pack(">I", len(data)) + chunk_type + data
    chunk += struct.pack(">I", zlib.crc32(chunk_type + data) & 0xFFFFFFFF)
    at = raw.index(b"IDAT") - 4
    return raw[:at] + chunk + raw[at:]


def mpo():
    """A phone's JPEG with a second image inside (an HDR gain map: Pillow reads it as MPO)."""
    out = io.BytesIO()
    first, second = Image.new("RGB", (600, 400), "teal"), Image.new("RGB", (300, 200), "grey")
    first.save(out, format="MPO", save_all=True, append_images=[second])
    return out.getvalue()


def grey16():
    out = io.BytesIO()
    Image.linear_gradient("L").resize((512, 64)).convert("I").point(lambda v: v * 257).convert("I;16").save(out, "PNG")
    return out.getvalue()


CRAFTED = {
    # what: (file, its bytes, what its one line says)
    "a broken EXIF block": ("broken.png", png_with(b"eXIf", b"X" * 64), "EXIF block (its camera data) is broken"),
    "too tall to show": ("tall.png", png_with(b"tEXt", b"a\0b", size=(800, 17_000)), "too tall for its width"),
}


@pytest.mark.parametrize("what", CRAFTED)
def test_a_crafted_picture_is_one_line_on_its_file(tmp_path, what):
    name, data, says = CRAFTED[what]
    content = write_site(
        tmp_path, {"posts/complete.md": ARTICLE + f"![A shape]({{static}}/images/{name})\n", f"images/{name}": data}
    )
    code, printed = build_site(content, tmp_path / "output", f'--set=CACHE_PATH="{tmp_path / "cache"}"')
    lines = [line for line in printed.splitlines() if re.match(r"content\S*:\d+: ", line)]
    assert code == 1 and len(lines) == 1, f"{what}: one line expected:\n{printed}"
    assert lines[0].startswith(f"content/images/{name}:1: ") and says in lines[0], lines[0]
    assert "Traceback" not in printed and "Warning" not in printed, printed


def test_pictures_writers_really_bring_are_published(tmp_path):
    body = """
![A teal box in a folder]({static}/images/sub/box.png)

![A teal box with a space in its name]({static}/images/my%20photo.png)

![A phone's photo with its HDR map]({static}/images/hdr.jpg)

![A grey gradient, 16 bits]({static}/images/grey16.png)

![A teal box by reference][box]

![A teal box described
on two lines]({static}/images/sub/box.png)

Some words, then ![A teal box inside a sentence]({static}/images/sub/box.png "A caption that cannot be") and more.

<img src="{static}/images/sub/box.png" alt='Tom said "hi" onerror=alert(1) x="'>

[box]: {static}/images/sub/box.png
"""
    box = png_with(b"tEXt", b"a\0b")
    files = {
        "images/sub/box.png": box,
        "images/my photo.png": box,
        "images/hdr.jpg": mpo(),
        "images/grey16.png": grey16(),
    }
    content = write_site(tmp_path, {"posts/complete.md": ARTICLE + body, **files})
    code, printed = build_site(content, tmp_path / "output", f'--set=CACHE_PATH="{tmp_path / "cache"}"')
    assert code == 0, printed
    html = (tmp_path / "output" / "posts" / "complete" / "index.html").read_text("utf-8")
    page = BeautifulSoup(html, "lxml")
    wrong = []
    for element in page.select("picture source, picture img"):
        for url, _ in srcset_of(element):
            if not (tmp_path / "output" / unquote(url).lstrip("/")).is_file():
                wrong.append(f"{url} is not in output/")
    images = page.select(".post-body picture img")
    if len(images) != 8:
        wrong.append(f"{len(images)} pictures shown, not 8")
    if any(p.find("figure") for p in page.select(".post-body p")):
        wrong.append("a figure inside a paragraph")
    hostile = [i for i in images if "Tom said" in i.get("alt", "")]
    if not hostile or hostile[0]["alt"] != 'Tom said "hi" onerror=alert(1) x=' or "onerror" in hostile[0].attrs:
        wrong.append(f"the hand-written alt text was not kept as text: {[i.attrs for i in hostile]}")
    with Image.open(io.BytesIO(files["images/grey16.png"])) as original:
        expected = [original.getpixel((256, y)) / 257 for y in (10, 32, 54)]
    with Image.open(next((tmp_path / "output" / "images").glob("grey16-*-512.jpg"))) as copy:
        found = [copy.convert("L").getpixel((256, y)) for y in (10, 32, 54)]
        if any(abs(a - b) > 8 for a, b in zip(found, expected, strict=True)):
            wrong.append(f"the 16-bit gradient is published as {found}, not {[round(e) for e in expected]}")
    assert not wrong, "\n".join(wrong)


def test_a_link_to_a_picture_file_by_reference_is_refused(tmp_path):
    body = "\nSee [the box][box].\n\n[box]: {static}/images/box.png\n\n![A teal box]({static}/images/box.png)\n"
    content = write_site(tmp_path, {"posts/complete.md": ARTICLE + body, "images/box.png": png_with(b"tEXt", b"a\0b")})
    code, printed = build_site(content, tmp_path / "output", f'--set=CACHE_PATH="{tmp_path / "cache"}"')
    assert code == 1 and "content/images/box.png:1: a page links to this picture's file itself" in printed, printed
    assert not list((tmp_path / "output").rglob("box.png")), "the original was published"
