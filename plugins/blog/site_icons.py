"""The site's icons, drawn in the one brand colour at every build.

One job. BRAND_COLOUR (pelicanconf.py) is the only place the colour is written: this
module draws favicon.svg, favicon.ico (16, 32 and 48 px, for the browsers, feed readers
and bookmarks that ask for /favicon.ico without reading the page) and the PNG touch and
manifest icons with it into the output; the stylesheet takes it as `--color-brand`
(inline_style), the manifest and the theme-color meta print it. One design on a 32 x 32 grid: a white stem and a bend on
a rounded square.
"""

import re
from pathlib import Path

from pelican import signals
from PIL import Image, ImageDraw

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="{colour}"/>'
    '<path d="M16 5v22M9 12l7 4 7-4" stroke="#fff" stroke-width="3" stroke-linecap="round" fill="none"/></svg>\n'
)
PNGS = {"apple-touch-icon.png": 180, "icon-192.png": 192, "icon-512.png": 512}
ICO_SIZES = (16, 32, 48)
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def brand_colour(settings):
    """BRAND_COLOUR, checked: it goes into CSS, SVG and JSON, so only #rrggbb is taken."""
    colour = settings.get("BRAND_COLOUR", "")
    if not HEX_COLOUR.fullmatch(colour):
        raise ValueError(f"BRAND_COLOUR {colour!r} is not a colour like #0f5a4f — write six hex digits after #")
    return colour


def png(colour, size):
    """The favicon's design as a square PNG of `size` pixels (no transparency, as touch icons want)."""
    scale = size / 32
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    width = round(3 * scale)
    draw.line([(16 * scale, 5 * scale), (16 * scale, 27 * scale)], fill="#ffffff", width=width)
    bend = [(9 * scale, 12 * scale), (16 * scale, 16 * scale), (23 * scale, 12 * scale)]
    draw.line(bend, fill="#ffffff", width=width, joint="curve")
    for x, y in ((16, 5), (16, 27), (9, 12), (23, 12)):  # round caps, as stroke-linecap="round"
        r = width / 2
        draw.ellipse([(x * scale - r, y * scale - r), (x * scale + r, y * scale + r)], fill="#ffffff")
    return image


def write_icons(pelican):
    colour, output = brand_colour(pelican.settings), Path(pelican.output_path)
    (output / "favicon.svg").write_text(SVG.format(colour=colour), encoding="utf-8")
    for name, size in PNGS.items():
        png(colour, size).save(output / name, format="PNG", optimize=True)
    largest, *smaller = (png(colour, size) for size in reversed(ICO_SIZES))
    sizes = [(size, size) for size in ICO_SIZES]
    largest.save(output / "favicon.ico", format="ICO", sizes=sizes, append_images=smaller)


def register():
    signals.finalized.connect(write_icons)
