"""Content is untrusted input: every hostile or careless file stops the build with
`path:line: problem — fix` as its first line and leaves output/ untouched; unusual
but valid files build.

Table-driven and in process: each case writes the small fixture site
(tests/fixture_site.py) plus its own files, runs the build's command-line entry
(`blog.build.main`, the same code `make build` runs) and checks the exit code,
the first line printed and the last good output."""

import io
import json
import re
import struct
import zlib
from contextlib import redirect_stderr, redirect_stdout

import pytest
from bs4 import BeautifulSoup

import tasks
from fixture_site import ARTICLE, BIBLIOGRAPHY, FILLER, PAGE, article, snapshot, symlink_to, write_site
from sitecheck import ROOT

TODAY = '--set=REVIEW_TODAY="2026-11-24"'


def with_body(extra):
    return ARTICLE + "\n" + extra + "\n"


def page(**changes):
    head, body = PAGE.split("\n\n", 1)
    extra = "".join(f"{k.capitalize()}: {v}\n" for k, v in changes.items())
    return head + "\n" + extra + "\n" + body


def png(width=4, height=4, noise=False):
    """A real PNG of the given size (noisy pixels do not compress)."""
    import random

    rows = b"".join(
        b"\x00" + (bytes(random.getrandbits(8) for _ in range(width * 3)) if noise else b"\x80" * width * 3)
        for _ in range(height)
    )

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b"")


def png_header(width, height):
    """A PNG that declares `width` × `height` pixels and holds almost none (a decompression bomb)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def photo():
    """A real JPEG with some detail (so that half of it is not a picture)."""
    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((200, 150), 60).convert("RGB").save(out, format="JPEG", quality=90)
    return out.getvalue()


def animated_gif():
    from PIL import Image

    out = io.BytesIO()
    frames = [Image.new("RGB", (8, 8), "red"), Image.new("RGB", (8, 8), "blue")]
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


def jpeg():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="JPEG")
    return out.getvalue()


NEW = "posts/new.md"
IMG = "![A small grey square]({static}/images/square.png)"
# case id: (files to write, fragments the first line must contain)
HOSTILE = {
    # Sources: only Markdown in posts/ and pages/
    "rst-article": (
        {"posts/notes.rst": "Notes\n=====\n\n.. include:: /etc/passwd\n"},
        ["content/posts/notes.rst:1:", "'.rst' files are not read"],
    ),
    "html-article": (
        {"posts/page.html": "<html><script>x</script></html>"},
        ["content/posts/page.html:1:", "'.html' files are not read"],
    ),
    "htm-page": ({"pages/page.htm": "<p>x</p>"}, ["content/pages/page.htm:1:", "'.htm' files are not read"]),
    "txt-in-posts": ({"posts/notes.txt": "notes"}, ["content/posts/notes.txt:1:", "only Markdown (.md) is"]),
    "loose-markdown": ({"notes.md": PAGE}, ["content/notes.md:1:", "loose in content/"]),
    "upper-case-extension": (
        {"posts/Shout.MD": ARTICLE},
        ["content/posts/Shout.MD:1:", "rename the file to 'Shout.md'"],
    ),
    "unknown-folder": ({"drafts/x.md": ARTICLE}, ["content/drafts/x.md:1:", "not one the site publishes"]),
    "script-in-extra": ({"extra/evil.js": "alert(1)"}, ["content/extra/evil.js:1:", "not one the site publishes"]),
    "svg-picture": (
        {"images/x.svg": '<svg onload="alert(1)"/>'},
        ["content/images/x.svg:1:", "an SVG file can hold scripts"],
    ),
    "html-in-images": ({"images/x.html": "<script>x</script>"}, ["content/images/x.html:1:", "not a picture type"]),
    "text-named-png": (
        {"images/x.png": "<script>alert(1)</script>"},
        ["content/images/x.png:1:", "not a picture Pillow can read"],
    ),
    "jpeg-named-png": ({"images/x.png": jpeg()}, ["content/images/x.png:1:", "is a JPEG picture named .png"]),
    "reading-grade-over-8": (
        {
            NEW: ARTICLE.replace(
                FILLER * 17,
                FILLER * 12 + "Considerable administrative documentation accompanies institutional organisational "
                "responsibilities concerning individualised therapeutic arrangements. " * 12,
            )
        },
        ["content/posts/new.md:1:", "(Flesch-Kincaid) — use shorter sentences and words; the limit is 8"],
    ),
    "picture-too-heavy": (
        {"images/big.png": png() + bytes(30_000_001)},
        ["content/images/big.png:1:", "the site takes originals up to 30 MB"],
    ),
    "decompression-bomb": (
        {"images/bomb.png": png_header(30_000, 30_000)},
        ["content/images/bomb.png:1:", "declares more pixels than the site reads"],
    ),
    "picture-over-40-megapixels": (
        {"images/huge.png": png_header(8_000, 6_000)},
        ["content/images/huge.png:1:", "8,000 × 6,000 pixels (48 megapixels)"],
    ),
    "truncated-picture": (
        {"images/cut.jpg": photo()[:2_000]},
        ["content/images/cut.jpg:1:", "not a picture Pillow can read (or it is cut short)"],
    ),
    "animated-picture": (
        {"images/moving.gif": animated_gif()},
        ["content/images/moving.gif:1:", "is animated (2 frames)"],
    ),
    "alt-text-is-a-file-name": (
        {NEW: with_body("![IMG_1234.jpg]({static}/images/square.png)"), "images/square.png": png()},
        ["content/posts/new.md:", "has a file name as its alt text"],
    ),
    "link-to-the-picture-file": (
        {NEW: with_body(IMG + "\n\nThe [whole picture]({static}/images/square.png)."), "images/square.png": png()},
        ["content/posts/new.md:", "goes to the picture file itself, which is never published"],
    ),
    "upper-case-picture": ({"images/X.PNG": png()}, ["content/images/X.PNG:1:", "rename the file to 'X.png'"]),
    "symlink-to-passwd": (
        {"images/passwd.png": symlink_to("/etc/passwd")},
        ["content/images/passwd.png:1:", "link to a file outside content/"],
    ),
    "symlink-up-and-out": (
        {"images/conf.png": symlink_to("../../../pelicanconf.py")},
        ["content/images/conf.png:1:", "outside content/"],
    ),
    "symlink-folder": ({"images/etc": symlink_to("/etc")}, ["content/images/etc:1:", "is a link to a folder"]),
    "dangling-symlink": (
        {"images/gone.png": symlink_to("nothing-here.png")},
        ["content/images/gone.png:1:", "does not exist"],
    ),
    # Links may not leave content/, nor name what is not published
    "attach-git-config": (
        {NEW: with_body("[notes]({attach}../../.git/config)")},
        ["content/posts/new.md:", "'{attach}../../.git/config' points outside content/"],
    ),
    "static-settings": (
        {NEW: with_body("[x]({static}/../pelicanconf.py)")},
        ["content/posts/new.md:", "points outside content/"],
    ),
    "filename-tasks": (
        {NEW: with_body("[x]({filename}../../tasks.py)")},
        ["content/posts/new.md:", "points outside content/"],
    ),
    "old-link-syntax": (
        {NEW: with_body("[x](|attach|../../.git/config)")},
        ["content/posts/new.md:", "points outside content/"],
    ),
    "reference-style-link": (
        {NEW: with_body("[notes][n]\n\n[n]: {attach}../../.git/HEAD")},
        ["content/posts/new.md:", "points outside content/"],
    ),
    "static-to-a-source": (
        {NEW: with_body("[x]({static}complete.md)")},
        ["content/posts/new.md:", "which the site does not publish"],
    ),
    "category-link": ({NEW: with_body("[x]({category}news)")}, ["content/posts/new.md:", "no category pages"]),
    "author-link": ({NEW: with_body("[x]({author}sam)")}, ["content/posts/new.md:", "no author pages"]),
    "unknown-tag-link": (
        {NEW: with_body("[x]({tag}no-such-tag)")},
        ["content/posts/new.md:", "link to an unknown tag"],
    ),
    "link-to-a-draft": (
        {NEW: with_body("[x]({filename}secret.md)"), "posts/secret.md": article(status="draft")},
        ["content/posts/new.md:", "goes to a draft"],
    ),
    "missing-fragment-elsewhere": (
        {NEW: with_body("[x]({filename}complete.md#no-such-part)")},
        ["content/posts/new.md:", "'#no-such-part'", "no such section"],
    ),
    "missing-fragment-here": ({NEW: with_body("[x](#nowhere)")}, ["content/posts/new.md:", "'#nowhere' on this page"]),
    "missing-filename-link": (
        {NEW: with_body("See [the next part]({filename}no-such-article.md).")},
        ["content/posts/new.md:", "missing file '{filename}no-such-article.md'"],
    ),
    "missing-image-file": (
        {NEW: with_body("![A nerve]({static}/images/no-such-image.png)")},
        ["content/posts/new.md:", "missing file '{static}/images/no-such-image.png'"],
    ),
    # Metadata: one schema
    "lang-breaks-out": (
        {NEW: article(lang='en"><script>alert(1)</script>')},
        ["content/posts/new.md:2:", "Lang", "is not a language tag"],
    ),
    "lang-not-a-tag": ({NEW: article(lang="english please")}, ["content/posts/new.md:2:", "is not a language tag"]),
    "summary-script": (
        {NEW: article(summary="<script>alert(1)</script> A summary.")},
        ["content/posts/new.md:4:", "element 'script'"],
    ),
    "summary-image": (
        {
            NEW: article(summary="A summary with a picture ![x]({static}/images/square.png)."),
            "images/square.png": png(),
        },
        ["content/posts/new.md:4:", "element 'img'"],
    ),
    "tag-with-markup": (
        {NEW: article(tags="x<img src=x onerror=alert(1)>")},
        ["content/posts/new.md:3:", "Tags 'x<img src=x onerror=alert(1)>' may hold only"],
    ),
    "empty-tag": ({NEW: article(tags="acupuncture,, safety")}, ["content/posts/new.md:3:", "has an empty tag"]),
    "tags-differ-by-case": ({NEW: article(tags="Acupuncture, acupuncture")}, ["content/posts/new.md:3:", "twice"]),
    "tag-spelt-two-ways": (
        {NEW: article(tags="Neuropathy")},
        ["content/posts/new.md:3:", "tag 'Neuropathy' is written 'neuropathy' in content/posts/complete.md"],
    ),
    "series-spelt-two-ways": (
        {
            NEW: article(series="Foot care", series_index="1"),
            "posts/other.md": article(series="Foot Care", series_index="2"),
        },
        ["content/posts/other.md:", "series 'Foot Care' is written 'Foot care'"],
    ),
    "save-as-index": ({NEW: article(save_as="index.html")}, ["content/posts/new.md:2:", "'Save_as' cannot be set"]),
    "url-field": ({NEW: article(url="index.html")}, ["content/posts/new.md:2:", "'Url' cannot be set"]),
    "template-field": ({NEW: article(template="base")}, ["content/posts/new.md:2:", "'Template' cannot be set"]),
    "category-field": ({NEW: article(category="News")}, ["content/posts/new.md:2:", "no categories"]),
    "slug-climbs-out": (
        {NEW: article(slug="../archives")},
        ["content/posts/new.md:2:", "Slug '../archives' may hold only a-z"],
    ),
    "slug-with-spaces": ({NEW: article(slug="Foot Care")}, ["content/posts/new.md:2:", "may hold only a-z"]),
    "page-slug-search": (
        {"pages/find.md": page(slug="search")},
        ["content/pages/find.md:3:", "'search/index.html' is the site's search page"],
    ),
    "page-slug-tags": (
        {"pages/all-tags.md": page(slug="tags")},
        ["content/pages/all-tags.md:", "the site's tags page"],
    ),
    "page-slug-theme": (
        {"pages/t.md": page(slug="theme")},
        ["content/pages/t.md:", "inside a folder the site fills itself"],
    ),
    "article-slug-of-tag-page": (
        {"pages/p.md": page(slug="cards")},
        ["content/pages/p.md:", "inside a folder the site fills itself"],
    ),
    # Any host's file system (plugins/blog/output_paths.py, page_ids.py)
    "page-slug-feeds": (
        {"pages/f.md": page(slug="feeds")},
        ["content/pages/f.md:3:", "is the index of 'feeds/', a folder the site fills itself"],
    ),
    "page-file-of-the-preview": (
        {"pages/__live.md": PAGE},
        ["content/pages/__live.md:1:", "'__live/index.html' is inside a folder the site fills itself"],
    ),
    "page-file-windows-name": ({"pages/aux.md": PAGE}, ["content/pages/aux.md:1:", "a name Windows keeps for devices"]),
    "picture-windows-name": (
        {"images/com1.png": png()},
        ["content/images/com1.png:1:", "uses 'com1.png', a name Windows keeps for devices"],
    ),
    "folder-ends-with-a-dot": (
        {"images/old./square.png": png()},
        ["content/images/old./square.png:1:", "ending in a dot or a space"],
    ),
    "pictures-differ-by-case": (
        {"images/Square.png": png(), "images/square.png": png()},
        ["content/images/square.png:1:", "differs only by case from 'images/Square.png'"],
    ),
    "heading-id-of-the-skip-link": (
        {NEW: with_body("## Skip here {: #main }")},
        ["content/posts/new.md:", "has the id 'main', which the site's layout already uses"],
    ),
    "heading-id-twice": (
        {NEW: with_body("## One {#same}\n\nText.\n\n## Two {#same}")},
        ["content/posts/new.md:", "has the id 'same', which another part of this page already uses"],
    ),
    "same-address-twice": (
        {"posts/more/complete.md": ARTICLE.replace("Tags: test, neuropathy", "Tags: test")},
        [
            "content/posts/more/complete.md:1:",
            "'posts/complete/index.html' is already used by content/posts/complete.md",
        ],
    ),
    "series-index-two": (
        {NEW: article(series="Foot care", series_index="two")},
        ["content/posts/new.md:2:", "Series_index 'two' is not a whole number"],
    ),
    "series-index-zero": (
        {NEW: article(series="Foot care", series_index="0")},
        ["content/posts/new.md:2:", "is not a whole number of 1 or more"],
    ),
    "series-gap": (
        {
            NEW: article(series="Foot care", series_index="1"),
            "posts/other.md": article(series="Foot care", series_index="3"),
        },
        ["content/posts/other.md:", "number the parts 1 to 2 without gaps"],
    ),
    "two-series-one-index-twice": (  # the second series was once read with the first's names: TypeError
        {
            NEW: article(series="Foot care", series_index="1"),
            "posts/other.md": article(series="Foot care", series_index="1"),
            "posts/third.md": article(series="Sleep", series_index="1"),
        },
        ["Series_index 1 of 'Foot care' is used by both content/posts/new.md and content/posts/other.md"],
    ),
    "series-index-twice": (
        {
            NEW: article(series="Foot care", series_index="1"),
            "posts/other.md": article(series="Foot care", series_index="1"),
        },
        ["Series_index 1 of 'Foot care' is used by both content/posts/new.md and content/posts/other.md"],
    ),
    "series-without-index": (
        {NEW: article(series="Foot care")},
        ["content/posts/new.md:2:", "Series_index is missing"],
    ),
    "two-titles": (
        {NEW: "Title: Another\n" + ARTICLE},
        ["content/posts/new.md:2:", "'Title' is given twice (first on line 1)"],
    ),
    "unknown-status": ({NEW: article(status="secret")}, ["content/posts/new.md:2:", "Status 'secret' is not one of"]),
    "hidden-breaks-a-rule": (
        {NEW: article(status="hidden", key_points=None)},
        ["content/posts/new.md:1:", "0 key points"],
    ),
    "date-before-1990": ({NEW: article(date="1989-12-31")}, ["content/posts/new.md:2:", "before 1990"]),
    "unparseable-date": (
        {NEW: article(date="2026-13-45")},
        ["content/posts/new.md:2:", "Date '2026-13-45' is not a date"],
    ),
    "date-in-words": ({NEW: article(date="next Tuesday")}, ["content/posts/new.md:2:", "is not a date"]),
    "future-date": ({NEW: article(date="2099-01-01")}, ["content/posts/new.md:2:", "is in the future"]),
    "modified-before-date": (
        {NEW: article(modified="2026-11-01")},
        ["content/posts/new.md:2:", "Modified 2026-11-01 is before Date"],
    ),
    "impossible-day": ({NEW: article(date="2026-02-30")}, ["content/posts/new.md:2:", "is not a date on the calendar"]),
    "impossible-time": (
        {NEW: article(date="2026-11-20 24:61")},
        ["content/posts/new.md:2:", "'2026-11-20 24:61' is not a date on the calendar"],
    ),
    "modified-in-the-future": (
        {NEW: article(modified="2099-01-01")},
        ["content/posts/new.md:2:", "Modified 2099-01-01 is in the future"],
    ),
    "modified-before-date-across-zones": (
        {NEW: article(date="2026-11-20 10:00", modified="2026-11-20T10:30+02:00")},
        ["content/posts/new.md:2:", "Modified 2026-11-20 08:30 UTC is before Date 2026-11-20 10:00 UTC"],
    ),
    "reviewed-in-the-future": (
        {NEW: article(reviewed="2099-01-01", next_review="2099-06-01")},
        ["content/posts/new.md:", "Reviewed 2099-01-01 is in the future"],
    ),
    "next-review-before-reviewed": (
        {NEW: article(next_review="2026-01-01")},
        ["content/posts/new.md:", "Next_review 2026-01-01 is not after Reviewed"],
    ),
    "reviewed-alone": ({NEW: article(next_review=None)}, ["content/posts/new.md:", "Next_review is missing"]),
    "typo-in-key": (
        {NEW: article(sumary="x")},
        ["content/posts/new.md:2:", "unknown metadata 'Sumary' — did you mean 'Summary'?"],
    ),
    "unknown-key": ({NEW: article(colour="red")}, ["content/posts/new.md:2:", "unknown metadata 'Colour'"]),
    "editor-note-without-date": (
        {NEW: article(editor_note="A correction.")},
        ["content/posts/new.md:2:", "Editor_note_date is missing"],
    ),
    "robots-unknown": (
        {NEW: article(robots="index, follow")},
        ["content/posts/new.md:2:", "Robots 'index, follow' is not one of"],
    ),
    "author-with-markup": (
        {NEW: article(author="<b>Sam</b>")},
        ["content/posts/new.md:2:", "Author '<b>Sam</b>' may hold only"],
    ),
    "title-no-card-font-draws": (
        {NEW: article(title="नमस्ते: a greeting")},
        ["content/posts/new.md:1:", "the link-preview card cannot draw"],
    ),
    "empty-title": ({NEW: article(title="")}, ["content/posts/new.md:1:", "Title is empty"]),
    "title-control-character": (
        {NEW: article(title="Bell \x07 title")},
        ["content/posts/new.md:1:", "control character"],
    ),
    # Unicode: no hidden or direction-changing characters, no lookalikes, registered languages
    "title-zero-width-space": (
        {NEW: article(title="Numb feet\u200b a test")},
        ["content/posts/new.md:1:", "Title holds an invisible character U+200B ZERO WIDTH SPACE at position 10"],
    ),
    "title-right-to-left-override": (
        {NEW: article(title="Numb \u202efeet")},
        ["content/posts/new.md:1:", "holds a direction-changing character U+202E RIGHT-TO-LEFT OVERRIDE at position 6"],
    ),
    "title-only-invisible": (
        {NEW: article(title="\u0301\u0301")},
        ["content/posts/new.md:1:", "Title is only spaces, marks or invisible characters"],
    ),
    "tag-with-soft-hyphen": (
        {NEW: article(tags="foot\u00adcare, test")},
        ["content/posts/new.md:3:", "Tags holds an invisible character U+00AD SOFT HYPHEN at position 5"],
    ),
    "metadata-next-line": (
        {NEW: article(title="Numb feet\x85 a test")},
        ["content/posts/new.md:1:", "the metadata holds a control character U+0085 NEXT LINE at position 17"],
    ),
    "file-name-zero-width-space": (
        {"posts/foot\u200bcare.md": ARTICLE},
        ["content/posts/foot<U+200B>care.md:1:", "the file name holds an invisible character U+200B"],
    ),
    "lang-unknown-subtag": (
        {NEW: article(lang="xx-Zzzz-QQ")},
        ["content/posts/new.md:2:", "Lang 'xx-Zzzz-QQ' has a subtag the IANA language registry does not know ('xx')"],
    ),
    "tag-lookalike": (
        {NEW: article(tags="p\u0430in, test"), "posts/other.md": article(tags="pain, test")},
        ["content/posts/other.md:3:", "tag 'pain' looks like 'p\u0430in' in content/posts/new.md", "U+0430 CYRILLIC"],
    ),
    "tags-share-an-address": (
        {NEW: article(tags="caf\u00e9, test"), "posts/other.md": article(tags="cafe, test")},
        ["content/posts/other.md:3:", "tag 'cafe' gets the address of 'caf\u00e9' in content/posts/new.md"],
    ),
    "address-lookalike": (
        {"posts/bums.md": ARTICLE, "posts/burns.md": ARTICLE},
        ["content/posts/burns.md:1:", "its address 'burns' looks like 'bums' of content/posts/bums.md"],
    ),
    "missing-summary": ({NEW: article(summary=None)}, ["content/posts/new.md:1:", "'Summary' is missing"]),
    "todo-left-in": ({NEW: article(summary="TODO: a summary")}, ["content/posts/new.md:4:", "still says TODO"]),
    "empty-file": ({NEW: ""}, ["content/posts/new.md:1:", "the file is empty"]),
    # Bounded work: a file over a limit is refused before anything else reads it
    "file-too-big": ({NEW: with_body("Plain words. " * 80_000)}, ["content/posts/new.md:1:", "a file may be at most"]),
    "line-too-long": ({NEW: with_body("word " * 40_001)}, ["content/posts/new.md:", "a line may have at most"]),
    "lists-nested-too-deep": (
        {NEW: with_body("".join("    " * i + "- item\n" for i in range(10)))},
        ["content/posts/new.md:", "nested 9 deep"],
    ),
    "too-many-tags": (
        {NEW: article(tags=", ".join(f"tag{n}" for n in range(11)))},
        ["content/posts/new.md:3:", "11 tags — an article may have at most 10"],
    ),
    "too-many-headings": (
        {NEW: with_body("".join(f"## Part {n}\n\nText.\n\n" for n in range(201)))},
        ["content/posts/new.md:", "more than 200 headings"],
    ),
    "too-many-footnotes": (
        {NEW: with_body("".join(f"Text.[^{n}]\n\n[^{n}]: A note.\n\n" for n in range(201)))},
        ["content/posts/new.md:", "more than 200 footnotes"],
    ),
    "brackets-pasted": ({NEW: with_body("[" * 51)}, ["content/posts/new.md:", "more than 50 '[' in one paragraph"]),
    "unclosed-html-tags": ({NEW: with_body("<a \n" * 51)}, ["content/posts/new.md:", "without a '>' on the same line"]),
    "nul-in-a-picture-path": (
        {NEW: with_body("![A dot]({static}/images/sq\x00uare.png)"), "images/square.png": png()},
        ["content/posts/new.md:", "a control character (U+0000"],
    ),
    "img-with-angle-bracket": (
        {NEW: with_body('<img alt="a<b" src="https://example.com/x.png">')},
        ["content/posts/new.md:", "has '<' or '>' inside its tag"],
    ),
    "not-utf8": ({NEW: ARTICLE.encode() + "Caf\u00e9\n".encode("latin-1")}, ["content/posts/new.md:", "is not UTF-8"]),
    # HTML: an allowlist, never stripped silently
    "svg-onload": (
        {NEW: with_body("<svg/onload=alert(1)>")},
        ["content/posts/new.md:", "HTML not allowed: element 'svg'"],
    ),
    "entity-javascript": (
        {NEW: with_body('<a href="&#106;avascript:alert(1)">x</a>')},
        ["content/posts/new.md:", "URL 'javascript:alert(1)' in href"],
    ),
    "markdown-javascript": (
        {NEW: with_body("[Click](javascript:alert(1))")},
        ["content/posts/new.md:", "URL 'javascript:alert(1)'"],
    ),
    "style-element": (
        {NEW: with_body("<style>body{display:none}</style>")},
        ["content/posts/new.md:", "element 'style'"],
    ),
    "style-attribute": (
        {NEW: with_body('<p style="color:red">Red</p>')},
        ["content/posts/new.md:", "attribute 'style' on <p>"],
    ),
    "video-from-elsewhere": (
        {NEW: with_body('<video src="https://example.com/v.mp4"></video>')},
        ["content/posts/new.md:", "element 'video'"],
    ),
    "srcset-from-elsewhere": (
        {
            NEW: with_body('<img alt="x" src="{static}/images/square.png" srcset="https://example.com/x.png 2x">'),
            "images/square.png": png(),
        },
        ["content/posts/new.md:", "attribute 'srcset' on <img>"],
    ),
    "raw-script": ({NEW: with_body("<script>alert(1)</script>")}, ["content/posts/new.md:", "element 'script'"]),
    "iframe": (
        {NEW: with_body('<iframe src="https://example.com"></iframe>')},
        ["content/posts/new.md:", "element 'iframe'"],
    ),
    "object": ({NEW: with_body('<object data="x.swf"></object>')}, ["content/posts/new.md:", "element 'object'"]),
    "inline-handler": (
        {NEW: with_body('<p onclick="steal()">Click</p>')},
        ["content/posts/new.md:", "event handler 'onclick'"],
    ),
    "attr-list-handler": (
        {NEW: with_body('A paragraph.\n{: onmouseover="x()" }')},
        ["content/posts/new.md:", "event handler 'onmouseover'"],
    ),
    "attr-list-class": (
        {NEW: with_body("A paragraph.\n{: .review-overdue }")},
        ["content/posts/new.md:", "class 'review-overdue' on <p>"],
    ),
    "unknown-callout": (
        {NEW: with_body('!!! danger "Look"\n    Text.')},
        ["content/posts/new.md:", "class 'danger' on <div>"],
    ),
    "html-comment": ({NEW: with_body("<!-- a note for the editor -->")}, ["content/posts/new.md:", "HTML comment"]),
    "form": (
        {NEW: with_body('<form action="https://example.com"><input name="q"></form>')},
        ["content/posts/new.md:", "element 'form'"],
    ),
    "base-element": (
        {NEW: with_body('<base href="https://example.com/">')},
        ["content/posts/new.md:", "element 'base'"],
    ),
    "meta-refresh": (
        {NEW: with_body('<meta http-equiv="refresh" content="0;url=https://example.com">')},
        ["content/posts/new.md:", "element 'meta'"],
    ),
    "data-url-image": (
        {NEW: with_body("![A dot](data:image/png;base64,iVBORw0KGgo=)")},
        ["content/posts/new.md:", "is not one of this site's files"],
    ),
    "image-from-another-site": (
        {NEW: with_body("![A nerve](https://example.com/nerve.png)")},
        ["content/posts/new.md:", "is not one of this site's files"],
    ),
    "image-without-alt": (
        {NEW: with_body("![]({static}/images/square.png)"), "images/square.png": png()},
        ["content/posts/new.md:", "has no alt text"],
    ),
    "editor-note-image": (
        {
            NEW: article(editor_note="See ![x]({static}/images/square.png)", editor_note_date="2026-11-20"),
            "images/square.png": png(),
        },
        ["content/posts/new.md:", "element 'img'"],
    ),
    "aligned-table-column": (
        {NEW: with_body("| a | b |\n|:-:|---|\n| 1 | 2 |")},
        ["content/posts/new.md:", "attribute 'style' on <t"],
    ),
    "second-h1": ({NEW: with_body("# A second title")}, ["content/posts/new.md:", "is a second title"]),
    "skipped-heading": ({NEW: with_body("#### Straight to level four")}, ["content/posts/new.md:", "skips a level"]),
    # Health-writing rules run in the build
    "absolute-claim": (
        {NEW: with_body("Acupuncture cures neuropathy [ref:white2001].")},
        ["content/posts/new.md:", "makes an absolute claim"],
    ),
    "uncited-efficacy": (
        {NEW: with_body("The needles reduced the pain a lot.")},
        ["content/posts/new.md:", "makes an efficacy claim without a citation"],
    ),
    "too-few-key-points": (
        {NEW: article(key_points="Only one point.")},
        ["content/posts/new.md:", "1 key points — give 3 to 5"],
    ),
    "too-short": (
        {NEW: ARTICLE.split("## What this article is for")[0] + '!!! see-a-doctor "When"\n    See a doctor.\n'},
        ["content/posts/new.md:1:", "words — an article has 700 to 1,500"],
    ),
    "no-doctor-callout": (
        {NEW: ARTICLE.replace("!!! see-a-doctor", "!!! note")},
        ["content/posts/new.md:1:", "no 'When to see a doctor' callout"],
    ),
    "unknown-citation": (
        {NEW: with_body("A made-up claim [ref:nobody2020].")},
        ["content/posts/new.md:", "citation [ref:nobody2020] has no entry"],
    ),
    "cites-no-study": ({NEW: ARTICLE.replace(" [ref:white2001]", "")}, ["content/posts/new.md:1:", "cites no study"]),
    "uncited-entry": (
        {"bibliography.json": json.dumps(BIBLIOGRAPHY + [dict(BIBLIOGRAPHY[0], id="never2020")], indent=2)},
        ["content/bibliography.json:", "entry 'never2020' is cited nowhere"],
    ),
    "entry-without-doi": (
        {"bibliography.json": json.dumps([dict(BIBLIOGRAPHY[0], DOI="", PMID="", URL="https://example.com/c")])},
        ["content/bibliography.json:", "entry 'white2001' needs a DOI, PMID or PMCID"],
    ),
    "entry-without-title": (
        {"bibliography.json": json.dumps([{k: v for k, v in BIBLIOGRAPHY[0].items() if k != "title"}])},
        ["content/bibliography.json:", "entry 'white2001' has no 'title'"],
    ),
    "bibliography-not-json": ({"bibliography.json": "[{"}, ["content/bibliography.json:1:", "is not valid JSON"]),
    # bibliography.json: every field by its type (more cases in tests/test_links_in_data.py)
    "entry-doi-breaks-out": (
        {"bibliography.json": json.dumps([dict(BIBLIOGRAPHY[0], DOI='10.1136/x" onmouseover="alert(1)')])},
        ["content/bibliography.json:", "entry 'white2001': the DOI", "is not a DOI"],
    ),
    "entry-doi-prefix": (
        {"bibliography.json": json.dumps([dict(BIBLIOGRAPHY[0], DOI="https://doi.org/10.1136/bmj.323.7311.485")])},
        ["content/bibliography.json:", "starts with 'https://doi.org/'"],
    ),
    "entry-doi-full-stop": (
        {"bibliography.json": json.dumps([dict(BIBLIOGRAPHY[0], DOI="10.1136/bmj.323.7311.485.")])},
        ["content/bibliography.json:", "ends with a full stop"],
    ),
    "entry-pmid": (
        {"bibliography.json": json.dumps([dict(BIBLIOGRAPHY[0], PMID="1157<b>")])},
        ["content/bibliography.json:", "is not a PubMed number"],
    ),
    "entry-pmcid": (
        {"bibliography.json": json.dumps([dict(BIBLIOGRAPHY[0], PMCID="PMC1 onclick")])},
        ["content/bibliography.json:", "is not a PMC number"],
    ),
    "entry-url-javascript": (
        {"bibliography.json": json.dumps([dict(BIBLIOGRAPHY[0], URL="javascript:alert(1)")])},
        ["content/bibliography.json:", "the URL 'javascript:alert(1)' is not a web address"],
    ),
    "entry-url-quote": (
        {"bibliography.json": json.dumps([dict(BIBLIOGRAPHY[0], URL='https://doi.org/x"onclick="a')])},
        ["content/bibliography.json:", "is not a plain web address"],
    ),
    "entry-title-not-text": (
        {"bibliography.json": json.dumps([dict(BIBLIOGRAPHY[0], title={"html": "<b>x</b>"})])},
        ["content/bibliography.json:", "'title' is not text"],
    ),
    "entry-author-attribute": (
        {"bibliography.json": json.dumps([dict(BIBLIOGRAPHY[0], author=[{"family": "W", "onclick": "x"}])])},
        ["content/bibliography.json:", "'author' is not a list of names"],
    ),
    # Links the allowlist keeps must still be plain addresses (more in tests/test_links_in_data.py)
    "link-hidden-character": (
        {NEW: with_body("[x](java\u200bscript:alert(1))")},
        ["content/posts/new.md:", "has a space or an invisible character"],
    ),
    "link-backslash": ({NEW: with_body("[x](/\\evil.example/)")}, ["content/posts/new.md:", "has a backslash"]),
    "link-protocol-relative": (
        {NEW: with_body("[x](//evil.example/x)")},
        ["content/posts/new.md:", "leaves out http(s):"],
    ),
    "link-without-host": ({NEW: with_body("[x](https:/evil.example)")}, ["content/posts/new.md:", "has no host"]),
    "link-mailto-nobody": ({NEW: with_body("[x](mailto:)")}, ["content/posts/new.md:", "is not an e-mail address"]),
    "link-percent-scheme": (
        {NEW: with_body("[x](%6Aavascript:alert(1))")},
        ["content/posts/new.md:", "is neither a web address nor a path"],
    ),
    # Markdown left as text (more in tests/test_no_raw_syntax.py)
    "footnote-without-definition": (
        {NEW: with_body("A note.[^n1]")},
        ["content/posts/new.md:", "footnote '[^n1]' has no definition"],
    ),
    "malformed-citation": (
        {NEW: with_body("A study [ref: White2001].")},
        ["content/posts/new.md:", "is not written as [ref:key]", "[ref:white2001]"],
    ),
    "definition-left-as-text": (
        {NEW: with_body("[r]:")},
        ["content/posts/new.md:", "a definition Markdown did not read"],
    ),
    "callout-left-as-text": (
        {NEW: with_body('Text before\n!!! note "Note\n    Body.')},
        ["content/posts/new.md:", "a callout Markdown did not read"],
    ),
    "callout-without-text": (
        {NEW: with_body('!!! note "Empty"\n\nNot indented.')},
        ["content/posts/new.md:", "callout 'Empty' has no text"],
    ),
    "references-block-in-article": (
        {
            NEW: ARTICLE.replace(
                "Key_points:", "References:\n    x: A made-up study. https://doi.org/10.1/x\nKey_points:"
            )
        },
        ["content/posts/new.md:", "'References' cannot be set in a content file"],
    ),
}

LONG = " ".join(["Plain words about the page and nothing else."] * 2500)
VALID = {
    "page-slug-near-a-windows-name": (
        {"pages/p.md": page(slug="console")},
        "console/index.html",
        "Some text on a page.",
    ),
    "modified-after-date-across-zones": (
        {NEW: article(date="2026-11-20T10:30+01:00", modified="2026-11-20 09:45")},
        "posts/new/index.html",
        "2026-11-20T09:45:00+00:00",
    ),
    "crlf": ({NEW: ARTICLE.replace("\n", "\r\n")}, "posts/new/index.html", "A complete test article"),
    "bom": ({NEW: "\ufeff" + ARTICLE}, "posts/new/index.html", "A complete test article"),
    "lower-case-keys": (
        {NEW: re.sub(r"^([A-Z][a-z_]+):", lambda m: m.group(1).lower() + ":", ARTICLE, flags=re.M)},
        "posts/new/index.html",
        "A complete test article",
    ),
    "tabs": (
        {NEW: ARTICLE.replace("Title: ", "Title:\t") + "\n\tcode indented by a tab\n"},
        "posts/new/index.html",
        "code indented by a tab",
    ),
    "date-with-time-zone": ({NEW: article(date="2026-11-20T10:30:00+01:00")}, "posts/new/index.html", "2026-11-20"),
    "title-with-accents": (
        {NEW: article(title="Café, jalapeño, über: a test")},
        "posts/new/index.html",
        "Café, jalapeño, über",
    ),
    "title-with-emoji": ({NEW: article(title="Numb feet 🦶 a test")}, "posts/new/index.html", "Numb feet 🦶 a test"),
    "title-in-arabic": ({NEW: article(title="اعتلال الأعصاب", lang="ar")}, "posts/new/index.html", "اعتلال الأعصاب"),
    "twenty-thousand-words": (
        {"pages/long.md": PAGE + "\n" + LONG + "\n"},
        "long/index.html",
        "Plain words about the page",
    ),
    "table": ({NEW: with_body("| Week | Sessions |\n|---|---|\n| 1 | 2 |")}, "posts/new/index.html", "<td>2</td>"),
    "code-showing-script": (
        {NEW: with_body('```html\n<script>alert("shown, not run")</script>\n```\n\nAnd `<iframe>` in a code span.')},
        "posts/new/index.html",
        "&lt;iframe&gt;",
    ),
    "todo-in-a-real-title": (
        {NEW: article(title="What a TODO list for foot checks looks like")},
        "posts/new/index.html",
        "What a TODO list",
    ),
    "markdown-extension": (
        {"posts/long-name.markdown": ARTICLE},
        "posts/long-name/index.html",
        "A complete test article",
    ),
    "capitals-and-spaces-in-file-name": (
        {"posts/My Foot Care.md": ARTICLE},
        "posts/my-foot-care/index.html",
        "A complete test article",
    ),
    "picture-as-contributing-shows": (
        {NEW: with_body(IMG), "images/square.png": png(40, 30)},
        "posts/new/index.html",
        'width="40" height="30"',
    ),
    "symlink-inside-content": (
        {NEW: with_body(IMG), "images/real.png": png(), "images/square.png": symlink_to("real.png")},
        "posts/new/index.html",
        "/images/square-",
    ),
    "draft-with-todo": (
        {NEW: article(status="draft", summary="TODO: later", key_points=None)},
        "drafts/posts/new/index.html",
        "TODO: later",
    ),
    "tag-link": (
        {NEW: with_body("More under [neuropathy]({tag}neuropathy).")},
        "posts/new/index.html",
        "/tags/neuropathy/",
    ),
    "fragment-link": (
        {NEW: with_body("See [that part]({filename}complete.md#more-text).")},
        "posts/new/index.html",
        "/posts/complete/#more-text",
    ),
    "language-region": ({NEW: article(lang="en-GB")}, "posts/new/index.html", 'lang="en-GB"'),
    "right-to-left-region": ({NEW: article(lang="ar-EG")}, "posts/new/index.html", 'lang="ar-EG" dir="rtl"'),
    "persian-title-with-joiner": (
        {NEW: article(title="می\u200cخواهم بدانم", lang="fa")},
        "posts/new/index.html",
        "می\u200cخواهم بدانم",
    ),
    "nfd-file-name": ({"posts/cafe\u0301.md": ARTICLE}, "posts/cafe/index.html", "A complete test article"),
    "nfd-tag": ({NEW: article(tags="cafe\u0301, test")}, "tags/cafe/index.html", "caf\u00e9"),
    "markup-in-a-bibliography-title": (
        {"bibliography.json": json.dumps([dict(BIBLIOGRAPHY[0], title="<script>alert(1)</script> & HbA1c <7%")])},
        "posts/complete/index.html",
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; HbA1c &lt;7%",
    ),
    "hostile-title-as-text": (
        {NEW: article(title='</script><script>alert(1)</script> & "quotes"')},
        "posts/new/index.html",
        "&lt;/script&gt;&lt;script&gt;",
    ),
}


def run_build(content, output, *extra):
    """The build's command-line entry, in process: (exit code, everything printed)."""
    from blog.build import main

    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        code = main([str(tasks.LOCAL_SETTINGS), str(output), f"--content={content}", TODAY, *extra])
    return code, out.getvalue()


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """Every case built once: {case: (exit code, printed, output before, output after,
    staging folder left, output folder)}."""
    found = {}
    for case, (files, *_) in {**HOSTILE, **VALID}.items():
        folder = tmp_path_factory.mktemp(case)
        content = write_site(folder, files)
        output = folder / "output"
        output.mkdir()
        (output / "index.html").write_text("the last good build", encoding="utf-8")
        before = snapshot(output)
        code, printed = run_build(content, output)
        found[case] = (code, printed, before, snapshot(output), (folder / ".output-next").exists(), output)
    return found


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_input_stops_the_build_with_one_line_naming_the_file(case, results):
    code, printed, before, after, staging_left, _ = results[case]
    first = printed.strip().splitlines()[0] if printed.strip() else ""
    assert code == 1, f"{case}: exit code {code}, expected 1; printed:\n{printed[-1500:]}"
    for fragment in HOSTILE[case][1]:
        assert fragment in first, f"{case}: the first line does not say {fragment!r}:\n{printed[-1500:]}"
    assert re.match(r"^content/[^:\s][^:]*:\d+: .+ — .+", first), f"{case}: not 'path:line: problem — fix': {first}"
    assert "Traceback" not in printed and "RuntimeError" not in printed, f"{case}: reads like a crash:\n{printed}"
    assert str(ROOT) not in printed, f"{case}: an absolute path was printed:\n{printed}"
    assert after == before and not staging_left, f"{case}: the failed build changed output/ or left its staging folder"


@pytest.mark.parametrize("case", sorted(VALID))
def test_unusual_but_valid_input_builds_and_shows_as_written(case, results):
    code, printed, _, after, _, output = results[case]
    files, page, expected = VALID[case]
    assert code == 0, f"{case}: exit code {code}, expected 0:\n{printed[-2000:]}"
    assert page in after, f"{case}: no {page} in the output; built: {sorted(after)[:30]}"
    html = (output / page).read_text(encoding="utf-8")
    shown = BeautifulSoup(html, "lxml").get_text()
    assert expected in html or expected in shown, f"{case}: {page} does not show {expected!r}"


def test_there_are_enough_cases():
    assert len(HOSTILE) >= 60 and len(VALID) >= 15, f"{len(HOSTILE)} hostile and {len(VALID)} valid cases"


def contributing_messages():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").split("## What each error means", 1)[1]
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    return [fragment for row in rows for fragment in re.findall(r"`([^`]+)`", row.split("|")[1])]


def test_contributing_lists_what_the_build_prints(results):
    """Every message in CONTRIBUTING.md's error table is printed by some case, and every
    hostile case's message is in the table."""
    firsts = {case: results[case][1].strip().splitlines()[0] for case in HOSTILE}
    pieces = {f: [p for p in re.split(r"\.\.\.|…", f) if p.strip()] for f in contributing_messages()}

    def matches(fragment, line):
        return all(p.strip() in line for p in pieces[fragment])

    unprinted = [f for f in pieces if not any(matches(f, line) for line in firsts.values())]
    undocumented = [f"{c}: {line}" for c, line in firsts.items() if not any(matches(f, line) for f in pieces)]
    assert not unprinted, "CONTRIBUTING.md lists messages no case prints:\n  " + "\n  ".join(unprinted)
    assert not undocumented, "messages missing from CONTRIBUTING.md's table:\n  " + "\n  ".join(undocumented)


def test_contributing_field_table_is_the_schema():
    from blog import schema

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").split("## Every metadata field", 1)[1]
    table = text.split("\n\n| field", 1)[1].split("\n\n", 1)[0]
    documented = {name.lower() for row in table.splitlines()[2:] for name in re.findall(r"`(\w+)`", row.split("|")[1])}
    declared = set(schema.Article.model_fields)
    assert documented == declared, (
        f"in CONTRIBUTING.md but not in the schema: {sorted(documented - declared)}; "
        f"in the schema but not in CONTRIBUTING.md: {sorted(declared - documented)}"
    )


def test_a_crash_in_a_check_is_one_line_on_the_file(tmp_path, monkeypatch):
    """An exception no check caught (here: planted in a check) is reported as one
    `path:line: problem — fix` line on the file being built, with no traceback."""
    from blog import health_rules

    def broken(body, metadata, lines):
        if "complete test article" in metadata["title"]:
            raise ValueError("planted by the test")
        return []

    monkeypatch.setattr(health_rules, "check", broken)
    content = write_site(tmp_path)
    code, printed = run_build(content, tmp_path / "output", '--set=READ_CACHE_PATH=""')
    first = printed.strip().splitlines()[0]
    assert code == 1, printed
    assert first.startswith("content/posts/complete.md:1: ") and "ValueError: planted by the test" in first, printed
    assert " — " in first and "Traceback" not in printed, printed


@pytest.mark.parametrize(
    "setting, start",
    [
        ({}, None),
        (
            {"REPORT_ISSUE_URL": "https://github.com/owner/blog/issues/new"},
            "https://github.com/owner/blog/issues/new?title=",
        ),
        ({"REPORT_EMAIL": "editors@example.org"}, "mailto:editors@example.org?subject="),
    ],
)
def test_report_a_mistake_link_carries_the_title_and_address(setting, start, tmp_path):
    from urllib.parse import unquote

    content = write_site(tmp_path)
    extra = [f"--set={name}={json.dumps(value)}" for name, value in setting.items()]
    code, printed = run_build(content, tmp_path / "output", *extra)
    assert code == 0, printed
    soup = BeautifulSoup((tmp_path / "output" / "posts/complete/index.html").read_text(encoding="utf-8"), "lxml")
    link = soup.select_one(".report-mistake a")
    if start is None:
        assert link is None, "a report link without REPORT_ISSUE_URL or REPORT_EMAIL"
        return
    href = link["href"]
    assert link.get_text() == "Report a mistake in this article" and href.startswith(start), href
    assert "A complete test article" in unquote(href) and "/posts/complete/" in unquote(href), unquote(href)
