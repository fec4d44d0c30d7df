"""Social card images: a 1200×630 PNG per article, for link previews.

One job. Draw one card per article (and one
default card for every other page) with Pillow (raqm shapes and orders
right-to-left text) and the Noto subsets in fonts/ (OFL; `invoke fonts` makes
them), into SOCIAL_CARDS_DIR of the output. Emoji are left out; a title with a
character no font here draws stops the build, naming the file. Long titles wrap and shrink until they fit
inside the margins; a title too long even at the smallest size is cut with
an ellipsis, so nothing ever overflows. The background is BRAND_COLOUR.

Cards are cached in SOCIAL_CARDS_CACHE by a hash of exactly what draws them (`design`:
this module's source, the fonts' bytes, the Pillow, raqm and fontTools versions,
BRAND_COLOUR and the site name; then the card's title and label), so a rebuild
only draws cards whose inputs changed and a cached card is never stale. As soon
as every article's title and series label are known (all_generators_finalized),
the missing cards start drawing on every core, beside Pelican writing the pages
and Pagefind indexing them; the cards are put into the output (hard links to
the cache) once the site is written.

Sets `article.card_url` (relative to SITEURL) for the templates; the default
card is at `<SOCIAL_CARDS_DIR>/default.png`.
"""

import functools
import hashlib
import html
import multiprocessing
import os
import re
import shutil
import threading
from pathlib import Path

from pelican import signals
from PIL import Image, ImageColor, ImageDraw, ImageFont, features
from PIL import __version__ as pillow_version

from . import pictures, problems
from .site_icons import brand_colour
from .source_location import metadata_line, source_lines

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
TITLE_BOX = (MARGIN, 170, WIDTH - MARGIN, HEIGHT - 130)  # left, top, right, bottom
TITLE_SIZES = range(76, 39, -4)
LINE_SPACING = 1.18
FOREGROUND = (255, 255, 255)
# Cards are drawn in grey levels (0 = background, 255 = title) and coloured by a
# palette running from the background colour to white: anti-aliased edges keep
# their shades, and an 8-bit palette PNG is small and quick to write.
ACCENT = 190  # the grey level of the site name, label and bar: a pale tint of the background
PARALLEL_FROM = 50  # missing cards before drawing on every core pays

_cards = []
_drawing = {"pool": None, "result": None, "design": None}


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


@functools.cache
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


def palette(colour):
    """256 colours from `colour` (#rrggbb, index 0) to white (index 255)."""
    background = ImageColor.getrgb(colour)
    return [
        round(b + (f - b) * level / 255) for level in range(256) for b, f in zip(background, FOREGROUND, strict=True)
    ]


def draw_card(title, site_name, label, colour, face=None):
    """The card as a palette image (mode "P"): index 0 is the background `colour`. The title is
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
    card.putpalette(palette(colour))
    return card


def draw_to(job):
    """Draw one card into the cache: written beside, then renamed, so a card in the cache
    is always whole (a build stopped halfway leaves no broken card to be copied later)."""
    path, title, site_name, label, colour = job
    partial = f"{path}.{os.getpid()}.partial"
    draw_card(title, site_name, label, colour).save(partial, format="PNG")
    os.replace(partial, path)


def start_drawing(jobs):
    """Start drawing the missing cards on every core, when there are many and forking is
    safe (one thread); else they are drawn one by one in `finish_drawing`. Each card is
    the same however it is drawn."""
    stop_drawing()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if len(jobs) < PARALLEL_FROM or cores < 2 or threading.active_count() > 1:
        _drawing["result"] = jobs
        return
    pool = multiprocessing.get_context("fork").Pool(cores)
    _drawing.update(pool=pool, result=pool.map_async(draw_to, jobs, chunksize=16))


def finish_drawing():
    """Wait for the cards started in `start_drawing` (or draw them here, one by one)."""
    pool, result = _drawing["pool"], _drawing["result"]
    _drawing.update(pool=None, result=None)
    if pool is None:
        for job in result or []:
            draw_to(job)
        return
    try:
        result.get()
    finally:
        pool.close()
        pool.join()


def stop_drawing():
    """End a drawing left by a build that stopped before writing its cards."""
    if _drawing["pool"] is not None:
        _drawing["pool"].terminate()
        _drawing["pool"].join()
    _drawing.update(pool=None, result=None)


def design(settings):
    """A hash of everything, besides a card's own title and label, that shapes how it is drawn."""
    from fontTools import version as fonttools_version

    digest = hashlib.sha256(Path(__file__).read_bytes())
    for face in FACES:
        digest.update((FONTS / face).read_bytes())
    site_name = plain(settings.get("SITENAME", ""))
    versions = f"{pillow_version}|{features.version('raqm')}|{fonttools_version}"
    digest.update(f"|{versions}|{brand_colour(settings)}|{site_name}".encode())
    return digest.hexdigest()


def card_url(article):
    """The address of an article's link-preview image, relative to SITEURL: its drawn card (it
    needs only the slug), or the picture cropped from its first one (`Card: picture`)."""
    return pictures.card_of(article) or f"{article.settings.get('SOCIAL_CARDS_DIR', 'cards')}/{article.slug}.png"


def name_cards(generator):
    """As soon as the articles are read, give each its card's address (it needs only the
    slug), so whatever is built from it later (structured_data) finds it."""
    for article in generator.articles + generator.translations:
        article.card_url = card_url(article)


def remember_cards(generators):
    """Once every generator is done (so pelican-series has numbered the parts, whatever the
    order of PLUGINS), note each article's card and start drawing those the cache lacks."""
    generator = next(g for g in generators if hasattr(g, "articles") and hasattr(g, "translations"))
    settings = generator.settings
    folder = settings.get("SOCIAL_CARDS_DIR", "cards")
    site_name = plain(settings.get("SITENAME", ""))
    _cards.clear()
    _cards.append((f"{folder}/default.png", plain(settings.get("SITE_DESCRIPTION", site_name)), ""))
    for article in generator.articles + generator.translations:
        if not article.card_url.startswith(f"{folder}/"):
            continue  # its first picture is its card (pictures.card_of)
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
    cache = cache_folder(settings)
    cache.mkdir(parents=True, exist_ok=True)
    shared, colour = design(settings), brand_colour(settings)
    jobs = {}
    for _, title, label in _cards:
        cached = cached_card(cache, shared, title, label)
        if not cached.exists():
            jobs[cached] = (str(cached), title, site_name, label, colour)
    start_drawing(list(jobs.values()))
    _drawing["design"] = shared


def cache_folder(settings):
    return Path(settings.get("SOCIAL_CARDS_CACHE") or Path(settings["CACHE_PATH"]) / "cards")


def cached_card(cache, shared, title, label):
    """Where the card with this title and label, drawn by the `design` hash `shared`, is kept."""
    return cache / f"{hashlib.sha256(f'{shared}|{title}|{label}'.encode()).hexdigest()}.png"


def write_cards(pelican):
    """When the site is written: the cards are all drawn; put each into the output, as a
    hard link to the cached card (nothing writes into a card once drawn), or a copy
    where the cache is on another disk."""
    finish_drawing()
    cache, output = cache_folder(pelican.settings), Path(pelican.output_path)
    for url, title, label in _cards:
        target = output / url
        target.parent.mkdir(parents=True, exist_ok=True)
        cached = cached_card(cache, _drawing["design"], title, label)
        target.unlink(missing_ok=True)
        try:
            os.link(cached, target)
        except OSError:
            shutil.copyfile(cached, target)


def register():
    signals.article_generator_finalized.connect(name_cards)
    signals.all_generators_finalized.connect(remember_cards)
    signals.finalized.connect(write_cards)
