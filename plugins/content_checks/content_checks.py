"""Stop the build on content a writer got wrong, naming the file, the line and the fix.

One job: validate each article and page. Problems go through Pelican's logger
as errors, so `pelican --fatal warnings` fails the build, and each message
reads `path:line: what is wrong — how to fix it`.

As each file is read:
- an empty file, or one that is not UTF-8;
- a Date or Modified that does not parse.
As each article or page is created:
- required metadata (REQUIRED_ARTICLE_METADATA / REQUIRED_PAGE_METADATA)
  missing or empty, or a "TODO" left in it on a published article;
- a date in the future on a published article;
- a metadata key that looks like a typo of a known one (`Sumary`);
- `{filename}` / `{static}` / `{attach}` links to files that do not exist;
- images without alt text, or not from this site's own files;
- an `<h1>` in the body, or a skipped heading level;
- raw `<script>`, `<iframe>`, `<object>`, `<embed>`, inline event handlers
  (`onclick=`) or `javascript:` URLs;
- two articles or pages with the same output file.
When every file is read:
- two parts of a series with the same Series_index.
"""

import datetime
import difflib
import logging
import os
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlparse

from pelican import signals
from pelican.contents import Article, Page
from source_location import display_path, line_of, metadata_line
from source_location import report as report_at

logger = logging.getLogger(__name__)

EXAMPLES = {
    "title": "Title: What the reader will learn",
    "date": "Date: 2026-11-23",
    "summary": "Summary: One plain sentence that says what the article is about.",
    "tags": "Tags: acupuncture, neuropathy",
}
UNSAFE_ELEMENT = re.compile(r"<(script|iframe|object|embed|frame|frameset|applet|base|meta|link|form)\b", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\s(on[a-z]+)\s*=", re.I)
SCRIPT_URL = re.compile(
    r"""(?:href|src|action|formaction|data)\s*=\s*["']?\s*(javascript|vbscript|data:text/html)""", re.I
)
HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.I | re.S)
IMAGE = re.compile(r"<img\b[^>]*>", re.I)
ATTRIBUTE = re.compile(r"""([a-z-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
TAG = re.compile(r"<[^>]+>")


# --- Where a problem is -----------------------------------------------------------


def report(content_or_path, settings, line, message):
    path = getattr(content_or_path, "source_path", content_or_path)
    report_at(logger, path, settings, line, message)


# --- As each file is read -----------------------------------------------------------


def checked_reader(base):
    """A subclass of a reader class that checks the raw file before reading it."""

    class CheckedReader(base):
        def read(self, source_path):
            self._checked_path = source_path
            raw = Path(source_path).read_bytes()
            if not raw.strip():
                report(
                    source_path,
                    self.settings,
                    1,
                    "the file is empty — write the metadata block and the text, or delete the file",
                )
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as error:
                line = raw[: error.start].count(b"\n") + 1
                report(
                    source_path,
                    self.settings,
                    line,
                    "the file is not UTF-8 text — save it as UTF-8 (in most editors: File, Save with encoding, UTF-8)",
                )
            content, metadata = super().read(source_path)
            # Before Pelican's own empty-alt warning, which names no line and no fix.
            check_images(source_path, self.settings, content or "")
            return content, metadata

        def process_metadata(self, name, value):
            try:
                return super().process_metadata(name, value)
            except (ValueError, OverflowError):
                path = getattr(self, "_checked_path", "?")
                report(
                    path,
                    self.settings,
                    metadata_line(path, name),
                    f"{name.capitalize()} '{value}' is not a date — write it as YYYY-MM-DD, e.g. 2026-11-24",
                )
                return None

    CheckedReader.__name__ = f"Checked{base.__name__}"
    return CheckedReader


def check_files_as_read(readers):
    for extension, reader_class in list(readers.reader_classes.items()):
        if extension == "static" or reader_class is None:
            continue  # static files are copied, not read as text
        if not reader_class.__name__.startswith("Checked"):
            readers.reader_classes[extension] = checked_reader(reader_class)


# --- Each article or page -----------------------------------------------------------


def check_required_metadata(content, required):
    published = getattr(content, "status", "published") == "published"
    for field in required:
        value = content.metadata.get(field)
        line = metadata_line(content.source_path, field)
        if not value:
            state = "is empty" if line > 1 else "is missing"
            report(
                content,
                content.settings,
                line,
                f"metadata field '{field.capitalize()}' {state} — add a line like "
                f"'{EXAMPLES.get(field, field.capitalize() + ': ...')}' to the block at the top of the file",
            )
        elif published and "TODO" in str(value):
            report(
                content,
                content.settings,
                line,
                f"'{field.capitalize()}' still says TODO — fill it in before publishing, or keep 'Status: draft'",
            )


def check_date(content):
    if not isinstance(content, Article) or getattr(content, "status", "") != "published":
        return
    date = content.metadata.get("date")
    if not isinstance(date, datetime.datetime):
        return
    now = datetime.datetime.now(date.tzinfo) if date.tzinfo else datetime.datetime.now()
    if date > now:
        report(
            content,
            content.settings,
            metadata_line(content.source_path, "date"),
            f"Date {date:%Y-%m-%d %H:%M} is in the future — set the date it goes live (today or earlier), "
            "or keep 'Status: draft' until then",
        )


def check_metadata_keys(content):
    known = {key.lower() for key in content.settings.get("KNOWN_METADATA", [])}
    for key in content.metadata:
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
        if close:
            report(
                content,
                content.settings,
                metadata_line(content.source_path, key),
                f"unknown metadata '{key.capitalize()}' — did you mean '{close[0].capitalize()}'?",
            )


def linked_file(content, value):
    """Where on disk a `{filename}`/`{static}` link value points."""
    path = unquote(urlparse(value).path)
    base = Path(content.settings["PATH"])
    if path.startswith("/"):
        return base / path.lstrip("/")
    return Path(os.path.dirname(content.source_path)) / path


def check_intrasite_links(content):
    # The body, and metadata rendered as Markdown (an editor's note may link too).
    formatted = [str(content.metadata.get(f) or "") for f in content.settings.get("FORMATTED_FIELDS", [])]
    raw = "\n".join([content._content or "", *formatted])
    for match in content._get_intrasite_link_regex().finditer(raw):
        what, value = match.group("what"), match.group("value")
        if what not in {"filename", "static", "attach"} or not urlparse(value).path:
            continue
        if linked_file(content, value).is_file():
            continue
        report(
            content,
            content.settings,
            line_of(content.source_path, value),
            f"link to a missing file '{match.group('path')}' — check the spelling; paths are relative to "
            "this file (start with / to go from content/), and the file must exist",
        )


def check_images(source_path, settings, html):
    for tag in IMAGE.findall(html):
        attributes = {name.lower(): value.strip("\"'") for name, value in ATTRIBUTE.findall(tag)}
        src = attributes.get("src", "")
        line = line_of(source_path, src or "![")
        if not attributes.get("alt", "").strip():
            report(
                source_path,
                settings,
                line,
                f"image '{src}' has no alt text — describe it: "
                "![A nurse checking a patient's foot]({static}images/foot-check.jpg)",
            )
        if not re.match(r"^[{|](static|attach|filename)[}|]", src):
            report(
                source_path,
                settings,
                line,
                f"image '{src}' is not one of this site's files — put the image "
                "in content/ and link it as ({static}images/name.jpg); images from other sites are not allowed",
            )


def check_headings(content):
    previous = 1  # the title is the page's <h1>
    for match in HEADING.finditer(content._content or ""):
        level, text = int(match.group(1)), re.sub(r"\s+", " ", TAG.sub("", match.group(2))).strip()
        line = line_of(content.source_path, text) if text else 1
        if level == 1:
            report(
                content,
                content.settings,
                line,
                f"heading '# {text}' is a second title — the title comes from 'Title:'; start sections with '## '",
            )
        elif level > previous + 1:
            report(
                content,
                content.settings,
                line,
                f"heading '{'#' * level} {text}' skips a level after "
                f"{'#' * previous} — use '{'#' * (previous + 1)} {text}'",
            )
        previous = max(level, 1)


def check_unsafe_html(content):
    raw = content._content or ""
    for pattern, what in ((UNSAFE_ELEMENT, "element"), (EVENT_HANDLER, "event handler"), (SCRIPT_URL, "URL")):
        for match in pattern.finditer(raw):
            found = match.group(1)
            line = line_of(content.source_path, found if what != "element" else "<" + found)
            report(
                content,
                content.settings,
                line,
                f"unsafe HTML: {what} '{found}' — remove it; articles may not "
                "run scripts or embed other sites (use a plain link instead)",
            )


def check_content(content):
    if isinstance(content, Article):
        required = content.settings.get("REQUIRED_ARTICLE_METADATA", [])
    elif isinstance(content, Page):
        required = content.settings.get("REQUIRED_PAGE_METADATA", [])
    else:
        return
    check_required_metadata(content, required)
    check_date(content)
    check_metadata_keys(content)
    check_intrasite_links(content)
    check_output_unique(content)
    check_headings(content)
    check_unsafe_html(content)


_outputs = {}  # output file -> source path of the content that claimed it


def check_output_unique(content):
    """Two sources may not write the same page (Pelican would stop later, naming no fix)."""
    save_as = getattr(content, "save_as", "")
    if not save_as:
        return
    other = _outputs.setdefault(save_as, content.source_path)
    if other != content.source_path:
        report(
            content,
            content.settings,
            1,
            f"its address '{save_as}' is already used by {display_path(other, content.settings)} — "
            "rename one of the files, or give it its own Slug",
        )


def forget_outputs(pelican):
    _outputs.clear()


# --- When every file is read ----------------------------------------------------------


def check_series_parts(generators):
    by_part = defaultdict(list)
    settings = None
    for generator in generators:
        settings = settings or generator.settings
        for content in getattr(generator, "articles", []) + getattr(generator, "hidden_articles", []):
            series, index = content.metadata.get("series"), content.metadata.get("series_index")
            if series and index:
                by_part[(series, str(index))].append(content)
    for (series, index), contents in by_part.items():
        if len(contents) > 1:
            paths = sorted(display_path(c.source_path, settings) for c in contents)
            last = max(contents, key=lambda c: display_path(c.source_path, settings))
            report(
                last,
                settings,
                metadata_line(last.source_path, "series_index"),
                f"Series_index {index} of '{series}' is used by both {' and '.join(paths)} — "
                "give each part its own number",
            )


def register():
    signals.initialized.connect(forget_outputs)
    signals.readers_init.connect(check_files_as_read)
    signals.content_object_init.connect(check_content)
    signals.all_generators_finalized.connect(check_series_parts)
