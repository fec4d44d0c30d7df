"""Social card images: a 1200×630 PNG per article, for link previews.

One job. After the site is written, draw one card per article (and one
default card for every other page) with Pillow (raqm shapes and orders
right-to-left text) and the Noto subsets in fonts/ (OFL; `invoke fonts` makes
them), into SOCIAL_CARDS_DIR of the output. Emoji are left out; a title with a
character no font here draws stops the build, naming the file. Long titles wrap and shrink until they fit
inside the margins; a title too long even at the smallest size is cut with
an ellipsis, so nothing ever overflows. Cards are cached by their inputs in
SOCIAL_CARDS_CACHE, so a rebuild only draws cards whose title changed; many
missing cards are drawn on every core.

Sets `article.card_url` (relative to SITEURL) for the templates; the default
card is at `<SOCIAL_CARDS_DIR>/default.png`.
"""

import hashlib
import html
import multiprocessing
import os
import re
import shutil
import threading
from pathlib import Path

from pelican import signals
from PIL import Image, ImageDraw, ImageFont
from PIL import __version__ as pillow_version

from . import problems
from .source_location import metadata_line, source_lines

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
TITLE_BOX = (MARGIN, 170, WIDTH - MARGIN, HEIGHT - 130)  # left, top, right, bottom
TITLE_SIZES = range(76, 39, -4)
LINE_SPACING = 1.18
DESIGN = "v3"  # change when the drawing changes, so cached cards are redrawn
BACKGROUND, FOREGROUND = (15, 90, 79), (255, 255, 255)
# Cards are drawn in grey levels (0 = background, 255 = title) and coloured by a
# palette running from the background colour to white: anti-aliased edges keep
# their shades, and an 8-bit palette PNG is small and quick to write.
ACCENT = 190  # the grey level of the site name, label and bar: a pale teal
PALETTE = [
    round(b + (f - b) * level / 255) for level in range(256) for b, f in zip(BACKGROUND, FOREGROUND, strict=True)
]

_cards = []


def plain(title):
    return html.unescape(re.sub(r"<[^<>]+>", "", str(title))).strip()


FONTS = Path(__file__).with_name("fonts")
# In order of preference: the first that has every character of a title draws it.
# Latin (with Extended-A/B), Greek, Cyrillic, punctuation and Arabic; then common
# Chinese, Japanese kana and Korean (with Latin). Subsets of Noto (fonts/OFL.txt).
FACES = ["NotoSans-LatinGreekCyrillicArabic-Bold.ttf", "NotoSansCJK-SC-Common-Bold.otf"]
# Emoji, their joiners and variation selectors: left out of the card (no font here draws them).
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe00-\ufe0f\u200d\U000e0000-\U000e007f]")
RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_coverage = {}


def coverage(face):
    """The code points a font file draws."""
    if face not in _coverage:
        from fontTools.ttLib import TTFont

        _coverage[face] = set(TTFont(FONTS / face).getBestCmap())
    return _coverage[face]


def card_text(title):
    """(text as drawn, font file, characters no font draws): emoji left out, spaces tidied."""
    text = re.sub(r"\s+", " ", EMOJI.sub("", plain(title))).strip()
    needed = {ord(c) for c in text if not c.isspace()}
    for face in FACES:
        if needed <= coverage(face):
            return text, face, ""
    best = max(FACES, key=lambda f: len(needed & coverage(f)))
    return text, best, "".join(sorted({chr(c) for c in needed - coverage(best)}))


def font(size, face=FACES[0]):
    return ImageFont.truetype(str(FONTS / face), size, layout_engine=ImageFont.Layout.RAQM)


def direction(text):
    """'rtl' when the first letter is of a right-to-left script, else 'ltr'."""
    first = next((c for c in text if c.isalpha()), "")
    return "rtl" if RTL.match(first) else "ltr"


def wrap(draw, text, typeface, width):
    """Split text into lines no wider than `width`; a single word too wide stays alone.
    Words without spaces between them (Chinese, Japanese) may break between characters."""
    lines, line = [], ""
    words = text.split() if " " in text or not text else list(text)
    joiner = " " if " " in text else ""
    for word in words:
        candidate = f"{line}{joiner}{word}" if line else word
        if draw.textlength(candidate, font=typeface, direction=direction(text)) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def fit_title(draw, text, face):
    """(font, lines) of the largest size whose wrapped lines fit in TITLE_BOX."""
    left, top, right, bottom = TITLE_BOX
    width, height = right - left, bottom - top
    way = direction(text)
    for size in TITLE_SIZES:
        typeface = font(size, face)
        lines = wrap(draw, text, typeface, width)
        fits_wide = all(draw.textlength(line, font=typeface, direction=way) <= width for line in lines)
        if fits_wide and len(lines) * size * LINE_SPACING <= height:
            return typeface, lines
    typeface = font(TITLE_SIZES[-1], face)
    max_lines = int(height // (TITLE_SIZES[-1] * LINE_SPACING))
    lines = wrap(draw, text, typeface, width)[:max_lines]
    last = lines[-1] if lines else ""
    while last and draw.textlength(last + "…", font=typeface, direction=way) > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    # A single unbreakable word wider than the box is cut the same way.
    return typeface, [cut_to_width(draw, line, typeface, width) for line in lines]


def cut_to_width(draw, line, typeface, width):
    way = direction(line)
    if draw.textlength(line, font=typeface, direction=way) <= width:
        return line
    while line and draw.textlength(line + "…", font=typeface, direction=way) > width:
        line = line[:-1]
    return line + "…"


def draw_card(title, site_name, label, face=None):
    """The card as a palette image (mode "P"): index 0 is the background colour. The title is
    drawn as `card_text` gives it, in `face` (default: the font that has all its characters),
    right-aligned and shaped right to left when it starts in a right-to-left script."""
    text, chosen, _ = card_text(title)
    face = face or chosen
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(image)
    small = font(34)
    draw.text((MARGIN, 80), cut_to_width(draw, site_name, small, WIDTH - 2 * MARGIN), font=small, fill=ACCENT)
    typeface, lines = fit_title(draw, text, face)
    way = direction(text)
    x, anchor = (WIDTH - MARGIN, "ra") if way == "rtl" else (MARGIN, "la")
    y = TITLE_BOX[1]
    for line in lines:
        draw.text((x, y), line, font=typeface, fill=255, direction=way, anchor=anchor)
        y += int(typeface.size * LINE_SPACING)
    if label:
        draw.text((MARGIN, HEIGHT - 100), cut_to_width(draw, label, small, WIDTH - 2 * MARGIN), font=small, fill=ACCENT)
    draw.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=ACCENT)
    card = Image.frombytes("P", image.size, image.tobytes())
    card.putpalette(PALETTE)
    return card


def draw_to(job):
    path, title, site_name, label = job
    draw_card(title, site_name, label).save(path, format="PNG")


def draw_all(jobs):
    """Draw the missing cards, on every core when there are many (and forking is safe:
    one thread); each card is the same however it is drawn."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if len(jobs) < 50 or cores < 2 or threading.active_count() > 1:
        for job in jobs:
            draw_to(job)
        return
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        pool.map(draw_to, jobs, chunksize=16)


def name_cards(generator):
    """As soon as the articles are read, give each its card's address (it needs only the
    slug), so whatever is built from it later (structured_data) finds it."""
    folder = generator.settings.get("SOCIAL_CARDS_DIR", "cards")
    for article in generator.articles + generator.translations:
        article.card_url = f"{folder}/{article.slug}.png"


def remember_cards(generators):
    """Once every generator is done (so pelican-series has numbered the parts, whatever the
    order of PLUGINS), note each article's card."""
    generator = next(g for g in generators if hasattr(g, "articles") and hasattr(g, "translations"))
    _cards.clear()
    for article in generator.articles + generator.translations:
        series = getattr(article, "series", None)
        label = f"Part {series['index']} of {len(series['all'])}" if isinstance(series, dict) else ""
        _cards.append((article.card_url, plain(article.title), label))
        _, _, missing = card_text(article.title)
        if missing:
            line = metadata_line(source_lines(article.source_path), "title")
            characters = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
            problems.report(
                article.source_path,
                generator.settings,
                line,
                f"the title has {characters}, which the link-preview card cannot draw (its fonts cover Latin, Greek, "
                "Cyrillic, Arabic and common Chinese, Japanese and Korean) — write the title without it",
            )


def write_cards(pelican):
    settings = pelican.settings
    site_name = plain(settings.get("SITENAME", ""))
    cache = Path(settings.get("SOCIAL_CARDS_CACHE") or Path(settings["CACHE_PATH"]) / "cards")
    cache.mkdir(parents=True, exist_ok=True)
    output = Path(pelican.output_path)
    folder = settings.get("SOCIAL_CARDS_DIR", "cards")
    default = (f"{folder}/default.png", settings.get("SITE_DESCRIPTION", site_name), "")
    wanted = []
    for url, title, label in [default, *_cards]:
        key = hashlib.sha256(f"{DESIGN}|{pillow_version}|{site_name}|{title}|{label}".encode()).hexdigest()
        wanted.append((url, cache / f"{key}.png", title, label))
    missing = [(str(cached), title, site_name, label) for _, cached, title, label in wanted if not cached.exists()]
    draw_all(missing)
    for url, cached, _, _ in wanted:
        target = output / url
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)


def register():
    signals.article_generator_finalized.connect(name_cards)
    signals.all_generators_finalized.connect(remember_cards)
    signals.finalized.connect(write_cards)
