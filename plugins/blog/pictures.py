"""Pictures: a writer's original in content/images/, published as small, private, sharp copies.

One job, the picture pipeline, as Hugo's image processing and eleventy-img do it:
- `check(path, settings)`, in the content check: an original is refused, one
  `problem — fix` each, when it is heavier than PICTURE_MAX_BYTES or declares more
  than PICTURE_MAX_PIXELS (read from its header before anything is decoded, so a
  decompression bomb never is), when it cannot be decoded whole (unreadable,
  truncated), when its bytes are not the type its name says, or when it is animated.
  One that carries a GPS position gets a notice (the published copies never do).
- `markup(...)`, in the reader: a picture of content/images/ becomes `<picture>` with
  AVIF and WebP sources and a JPEG (PNG when it has transparency) fallback, each at
  PICTURE_WIDTHS no wider than the original, `width`/`height`, `sizes` fitting the
  theme's column, `loading="lazy"` (the first picture before the first section gets
  `fetchpriority="high"` instead); a caption (the Markdown title, `"Caption | credit"`)
  makes it a `<figure>` with its `<figcaption>`.
- `publish`, once the pages are written (Pelican's `finalized`): each copy a page
  uses is encoded once into the cache (CACHE_PATH/pictures), named by a hash of the original's bytes,
  the settings that shape it, this code and Pillow's version (a rebuild with no
  picture changed encodes nothing), then copied into output/images/. The EXIF
  orientation is applied first and colours are converted to sRGB; the copies are
  saved with no metadata at all (no EXIF, XMP, IPTC, ICC profile or comment).
Originals are never published (PICTURE_PATHS, not STATIC_PATHS); a picture
no page uses gets a notice.
"""

import hashlib
import io
import json
import multiprocessing
import os
import re
import shutil
import threading
import types
import warnings
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from PIL import __version__ as pillow_version
from pillow_heif import register_heif_opener

from . import models, problems, read_cache

register_heif_opener()

FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "webp": "WEBP", "avif": "AVIF", "gif": "GIF"}
FORMATS |= {"heic": "HEIF", "heif": "HEIF"}
GPS_IFD = 0x8825
ORIENTATION = 0x0112
SOURCES = (("avif", "image/avif"), ("webp", "image/webp"))  # in the order a browser should try them
SAVE = {  # Pillow's save options of each copy's format: no metadata is passed to any of them
    "avif": lambda q: {"format": "AVIF", "quality": q, "speed": 7},  # 6: 2× the time for 1 % fewer bytes
    "webp": lambda q: {"format": "WEBP", "quality": q, "method": 2},  # only browsers without AVIF use it
    "jpg": lambda q: {"format": "JPEG", "quality": q, "optimize": True, "progressive": True},
    "png": lambda q: {"format": "PNG", "optimize": True},
}
WEBP_MOST = 16383  # pixels: the most a WebP copy can have on a side
KEY = "picture\0"  # the read cache's store keys of originals' answers (no source's path starts with it)
CARD = (1200, 630)  # the link-preview picture (og:image), cropped from an article's first picture
# A copy's address: /images/NAME-KEY-WIDTH.EXT, NAME percent-encoded (folders kept), bounded for linear time
COPY = re.compile(
    r"/images/(?P<name>[^\"'\s<>?#]{1,300}?)-(?P<key>[0-9a-f]{12})-(?P<width>\d+)\.(?P<ext>avif|webp|jpg|png)\b"
)

CODE = Path(__file__).read_text(encoding="utf-8")  # this module's code: it shapes every copy
_infos = {}  # sha256 of an original -> (its info, or None, and the problem)


def folder(settings):
    """The originals' folder: content/ and the first of PICTURE_PATHS."""
    return Path(settings["PATH"]) / (settings.get("PICTURE_PATHS") or ["images"])[0]


def originals(settings):
    """(path, its path in the folder) of every original in the folder, in order: the one walk."""
    images = folder(settings)
    for path in sorted(images.rglob("*")) if images.is_dir() else []:
        if path.is_file() and path.suffix.lstrip(".").lower() in FORMATS:
            yield path, path.relative_to(images).as_posix()


def claims(settings):
    """(the path its copies are published under, a stand-in with its source_path) of every
    original: output_paths checks them as the names of files the site writes."""
    for path, relative in originals(settings):
        yield f"images/{relative}", types.SimpleNamespace(source_path=str(path), save_as=f"images/{relative}")


def limits(settings):
    return settings.get("PICTURE_MAX_BYTES", 30_000_000), settings.get("PICTURE_MAX_PIXELS", 40_000_000)


def inspect(raw, extension, settings):
    """({width, height, alpha, gps}, None) of an original's bytes, or (None, 'problem — fix')."""
    max_bytes, max_pixels = limits(settings)
    if len(raw) > max_bytes:
        return None, (
            f"the picture is {len(raw) / 1e6:,.1f} MB — the site takes originals up to {max_bytes / 1e6:,.0f} MB: "
            "export it again as JPEG (a phone's photo is 2 to 5 MB)"
        )
    expected = FORMATS.get(extension.lower())
    unreadable = (
        f"is not a picture Pillow can read (or it is cut short) — export it again as .{extension} from an image editor"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's "Corrupt EXIF data" and the like: answered below
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(raw))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            most = f"{max_pixels / 1e6:,.0f} megapixels"
            return None, f"the picture declares more pixels than the site reads — resize it to at most {most}"
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            return None, unreadable
        with image:
            width, height = image.size
            if width * height > max_pixels:
                return None, (
                    f"the picture is {width:,} × {height:,} pixels ({width * height / 1e6:,.0f} megapixels) — "
                    f"resize it to at most {max_pixels / 1e6:,.0f} megapixels"
                )
            if expected and image.format != expected and not (expected == "JPEG" and image.format == "MPO"):
                return None, (
                    f"is a {image.format} picture named .{extension} — rename it to the right extension, "
                    "or export it again"
                )
            if getattr(image, "n_frames", 1) > 1 and image.format != "MPO":  # MPO: a phone's photo and its HDR map
                return None, (
                    f"the picture is animated ({image.n_frames} frames) — the site shows still pictures "
                    "(motion can harm readers with vestibular problems): export the one frame that matters as PNG"
                )
            try:
                image.load()  # decoded whole: a truncated or broken file fails here, not in the build
            except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
                return None, unreadable
            try:
                exif = image.getexif()
                turned = exif.get(ORIENTATION, 1) in (5, 6, 7, 8)
                gps = bool(exif.get_ifd(GPS_IFD))
            except Exception:  # any error of a broken EXIF block: its turn and position cannot be read
                return None, (
                    "the picture's EXIF block (its camera data) is broken — export it again from an image editor"
                )
            alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            info = {"width": height if turned else width, "height": width if turned else height, "alpha": alpha}
            info["gps"] = gps
    widest = min(info["width"], max(settings.get("PICTURE_WIDTHS", [1600])))
    if info["height"] * widest / info["width"] > WEBP_MOST:
        return None, (
            f"the picture is {info['width']:,} × {info['height']:,} pixels, too tall for its width to be shown on a "
            "page — crop it, or split it into several pictures"
        )
    return info, None


_hashes = {}  # (path, inode, size, mtime) -> sha256: each original hashed once while it is unchanged


def bytes_of(path):
    """(a function giving the original's bytes, their sha256), hashing it only when it changed."""
    stat = Path(path).stat()
    seen = (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    if seen not in _hashes:
        _hashes[seen] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return (lambda: Path(path).read_bytes()), _hashes[seen]


def info_of(path, settings):
    """(info, problem, sha256) of the original at `path`, remembered by the hash of its bytes: in
    this process, and in the read cache's store between builds (decoding a photo whole to find
    it sound takes longer than anything else the check does)."""
    raw, sha = bytes_of(path)
    key = f"{KEY}{sha}|{Path(path).suffix}|{limits(settings)}"
    if key not in _infos:
        answer = read_cache.recall(key)
        if answer is None:
            answer = inspect(raw(), Path(path).suffix.lstrip("."), settings)
            read_cache.keep(key, answer)
        _infos[key] = (*answer, sha)
    return _infos[key]


def check(path, settings):
    """The problem with the original at `path`, or None; a notice when it carries a GPS position."""
    info, problem, _ = info_of(path, settings)
    if info and info["gps"]:
        problems.notice(
            path,
            settings,
            "the picture records where it was taken (GPS in its EXIF) — the published copies leave it out, "
            "but the original in git keeps it: strip it before you commit (exiftool -gps:all= FILE, or export "
            "it again without the location)",
        )
    return problem


def shaping(settings):
    """Everything besides the original's bytes that shapes its copies."""
    shape = {name: settings.get(name) for name in ("PICTURE_WIDTHS", "PICTURE_QUALITY")}
    return json.dumps(shape, sort_keys=True) + pillow_version + CODE


def key_of(sha, settings):
    return hashlib.sha256(f"{sha}|{shaping(settings)}".encode()).hexdigest()[:12]


def widths(info, settings):
    """The copies' widths: PICTURE_WIDTHS narrower than the original, and the original's width
    when it is narrower than the widest (never wider than the original: no upscaling)."""
    wanted = sorted(settings.get("PICTURE_WIDTHS", [400, 800, 1200, 1600]))
    widest = min(info["width"], wanted[-1])
    return [w for w in wanted if w < widest] + [widest]


def fallback(info):
    return "png" if info["alpha"] else "jpg"


def markup(name, found, settings, alt, title, first):
    """(`<picture>`, or a `<figure>` with it when `title` gives a caption; whether it is a figure)
    of the original `name` (its path in content/images/ without extension) as `info_of` found it;
    `alt` and `title` are HTML-escaped already."""
    info, _, sha = found
    key = key_of(sha, settings)
    base = f"{settings.get('SITEURL', '')}/images/{quote(name)}-{key}"
    sizes = settings.get("PICTURE_SIZES", "100vw")
    every = widths(info, settings)
    height = round(info["height"] * every[-1] / info["width"])

    def srcset(ext):
        return ", ".join(f"{base}-{w}.{ext} {w}w" for w in every)

    sources = "".join(f'<source type="{kind}" srcset="{srcset(ext)}" sizes="{sizes}">' for ext, kind in SOURCES)
    ext = fallback(info)
    loading = 'fetchpriority="high" decoding="async"' if first else 'loading="lazy" decoding="async"'
    image = (
        f'<img src="{base}-{every[-1]}.{ext}" srcset="{srcset(ext)}" sizes="{sizes}" '
        f'width="{every[-1]}" height="{height}" alt="{alt}" {loading}>'
    )
    picture = f"<picture>{sources}{image}</picture>"
    if not title:
        return picture, False
    caption, _, credit = (part.strip() for part in title.partition("|"))
    credit = f' <small class="picture-credit">{credit}</small>' if credit else ""
    return f'<figure class="picture">{picture}<figcaption>{caption}{credit}</figcaption></figure>', True


# --- Encoding, once the pages are written -------------------------------------------------------


def in_srgb(image):
    """The image in sRGB (its ICC profile applied, then dropped), orientation applied, in RGB or RGBA."""
    image = ImageOps.exif_transpose(image)
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    profile = image.info.get("icc_profile")
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):  # 16-bit or float grey: to 8 bits, not clipped
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):  # the profile of the pixels as stored
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile, or one of another kind: the pixels as they are
    image = image.convert("RGBA" if alpha else "RGB")
    image.info.clear()  # nothing of the original's metadata may follow the pixels
    return image


def card_from(image):
    """The link-preview picture: CARD, cropped from the middle, on white where it is transparent."""
    if image.mode == "RGBA":
        image = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image)
    return ImageOps.fit(image.convert("RGB"), CARD, Image.Resampling.LANCZOS)


def encode(job):
    """Encode one original's copies (and its link-preview picture, when `card`) into the cache
    folder `folder`, each written beside, then renamed."""
    source, sha, folder, every, ext_list, quality, card = job
    raw = Path(source).read_bytes()
    if hashlib.sha256(raw).hexdigest() != sha:
        return "the picture changed while the site was built — save it again (the next build takes it)"
    try:
        encode_checked(raw, folder, every, ext_list, quality, card)
    except Exception as error:  # a picture the check found sound that its encoder still refuses
        return (
            f"the picture could not be made smaller ({type(error).__name__}: {error}) — export it again as JPEG or PNG"
        )
    return None


def encode_checked(raw, folder, every, ext_list, quality, card):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        original = Image.open(io.BytesIO(raw))
    with original:
        turned = original.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8)
        need = (max(every[-1], CARD[0]), CARD[1]) if card else (every[-1], 1)
        # A JPEG decoded at the smallest scale still at least as big as what is made of it
        # (shrink-on-load); upright, the width is the stored height when it is turned.
        original.draft(original.mode, need[::-1] if turned else need)
        image = in_srgb(original)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if card:
        partial = folder / f"card.jpg.{os.getpid()}.partial"
        card_from(image).save(partial, **SAVE["jpg"](quality.get("jpg", 80)))
        os.replace(partial, folder / "card.jpg")
    resized = image
    for width in reversed(every):  # each copy made from the next bigger one: the widest from the picture
        height = max(1, round(image.height * width / image.width))
        if width != resized.width:
            resized = resized.resize((width, height), Image.Resampling.LANCZOS)
        for ext in ext_list:
            copy = resized.convert("RGB") if ext == "jpg" else resized
            target = folder / f"{width}.{ext}"
            partial = folder / f"{width}.{ext}.{os.getpid()}.partial"
            copy.save(partial, **SAVE[ext](quality.get(ext, 80)))
            os.replace(partial, target)


def used(contents):
    """{(name, key): {(width, ext)}} of every copy the pages' text links."""
    found = {}
    for text in contents:
        for match in COPY.finditer(text or ""):
            name = unquote(match["name"])
            found.setdefault((name, match["key"]), set()).add((int(match["width"]), match["ext"]))
    return found


def first_in(text):
    """(name, key) of the first picture a page's text shows, or None."""
    match = COPY.search(text or "")
    return (unquote(match["name"]), match["key"]) if match else None


def card_of(content):
    """The address (relative to SITEURL) of the link-preview picture cropped from `content`'s first
    picture when its model asks for one (`Card: picture`), or None."""
    first = first_in(content._content) if getattr(models.of(content), "card", "drawn") == "picture" else None
    return f"images/{quote(first[0])}-{first[1]}-card.jpg" if first else None


_wanted = {}  # what this build's pages link: used(...), and ("card", "jpg") for each link-preview picture


def collect(generators):
    """Note every copy the pages link, once every page is read (Pelican's `all_generators_finalized`)."""
    _wanted.clear()
    contents = [c for g in generators for c in contents_of(g)]
    _wanted.update(used(c._content for c in contents))
    for content in contents:
        if card_of(content):
            _wanted.setdefault(first_in(content._content), set()).add(("card", "jpg"))


def originals_of(settings):
    """{(name, key): (path, info, sha256)} of every readable original in content/images/."""
    found = {}
    for path, relative in originals(settings):
        info, _, sha = info_of(path, settings)
        if info is not None:
            found[(PurePosixPath(relative).with_suffix("").as_posix(), key_of(sha, settings))] = (path, info, sha)
    return found


def publish(pelican):
    """Encode what the cache lacks (on every core when there is much) and copy each copy the
    pages link into output/images/ (Pelican's `finalized`); a picture no page shows gets a notice."""
    settings = pelican.settings
    cache = Path(settings["CACHE_PATH"]) / "pictures"
    quality = {"avif": 50, "webp": 75, "jpg": 78, **(settings.get("PICTURE_QUALITY") or {})}
    originals = {key: found for key, found in originals_of(settings).items() if key in _wanted}
    jobs = []
    for (name, key), (path, info, sha) in sorted(originals.items()):
        every, exts = widths(info, settings), [ext for ext, _ in SOURCES] + [fallback(info)]
        card = ("card", "jpg") in _wanted[(name, key)]
        wanted = [f"{w}.{e}" for w in every for e in exts] + ["card.jpg"] * card
        if not all((cache / key / file).is_file() for file in wanted):
            jobs.append((str(path), sha, str(cache / key), every, exts, quality, card))
    failed = {}
    for job, problem in zip(jobs, run(jobs), strict=True):
        if problem:
            failed[job[0]] = problem
            problems.report(job[0], settings, 1, problem)
    output = Path(settings["OUTPUT_PATH"]) / "images"
    for (name, key), copies in _wanted.items():
        if (name, key) not in originals or str(originals[(name, key)][0]) in failed:
            continue
        for width, ext in copies:
            target = output / f"{name}-{key}-{width}.{ext}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cache / key / f"{width}.{ext}", target)  # "card.jpg" for the link preview
    images = folder(settings)
    for (name, key), (path, _, _) in sorted(originals_of(settings).items()):
        if (name, key) not in _wanted:
            shown = f"{{static}}/images/{path.relative_to(images).as_posix()}"
            problems.notice(
                path,
                settings,
                f"no article or page shows this picture — show it with ![what it shows]({shown}), or delete it",
            )


def keep_originals_out(generator):
    """No original is ever published: a file of PICTURE_PATHS that Pelican would copy because a
    page links it (`[see][ref]`, `[ref]: {static}/images/x.jpg`) is taken out of the static
    files and refused on that picture (Pelican's `static_generator_finalized`)."""
    images = folder(generator.settings).resolve()
    for static in list(generator.staticfiles):
        if Path(static.source_path).resolve().is_relative_to(images):
            generator.staticfiles.remove(static)
            problems.report(
                static.source_path,
                generator.settings,
                1,
                "a page links to this picture's file itself, which is never published (it may record where it was "
                "taken) — show the picture with ![what it shows]({static}/images/...) instead of linking it",
            )


def run(jobs):
    """Encode the jobs, on every core when there are several and forking is safe (one thread):
    for each, None or the problem that stopped it."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if len(jobs) < 2 or cores < 2 or threading.active_count() > 1:
        return [encode(job) for job in jobs]
    with multiprocessing.get_context("fork").Pool(min(cores, len(jobs))) as pool:
        return pool.map(encode, jobs, chunksize=1)


def contents_of(generator):
    for name in ("articles", "translations", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages"):
        yield from getattr(generator, name, [])
