"""Stop the build on content a writer got wrong, naming the file and the fix.

One job: check each article and page as Pelican reads it. Problems go through
Pelican's logger as errors, so `pelican --fatal warnings` fails the build, and
each message reads `path:line: what is wrong — how to fix it`.

Checks:
- required metadata (REQUIRED_ARTICLE_METADATA / REQUIRED_PAGE_METADATA) is
  present and not empty;
- every `{filename}` / `{static}` / `{attach}` link points to a file that
  exists under the content folder.
"""

import logging
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from pelican import signals
from pelican.contents import Article, Page

logger = logging.getLogger(__name__)

EXAMPLES = {
    "title": "Title: What the reader will learn",
    "date": "Date: 2026-11-23",
    "summary": "Summary: One plain sentence that says what the article is about.",
    "tags": "Tags: acupuncture, neuropathy",
}


def display_path(source_path, settings):
    """The source path relative to the project (the content folder's parent)."""
    root = Path(settings["PATH"]).resolve().parent
    try:
        return str(Path(source_path).resolve().relative_to(root))
    except ValueError:
        return str(source_path)


def line_of(source_path, needle, default=1):
    """The 1-based number of the first line of the file containing `needle`."""
    try:
        text = Path(source_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return default
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return default


def metadata_line(source_path, field):
    """The line that sets `field` (case-insensitive), or 1 when it is missing."""
    try:
        lines = Path(source_path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    for number, line in enumerate(lines, start=1):
        if line.lower().startswith(field.lower() + ":"):
            return number
    return 1


def check_required_metadata(content, required):
    where = display_path(content.source_path, content.settings)
    for field in required:
        value = content.metadata.get(field)
        if value:
            continue
        line = metadata_line(content.source_path, field)
        state = "is empty" if line > 1 else "is missing"
        logger.error(
            "%s:%d: metadata field '%s' %s — add a line like '%s' to the block at the top of the file",
            where,
            line,
            field.capitalize(),
            state,
            EXAMPLES.get(field, field.capitalize() + ": ..."),
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
    where = display_path(content.source_path, content.settings)
    for match in content._get_intrasite_link_regex().finditer(raw):
        what, value = match.group("what"), match.group("value")
        if what not in {"filename", "static", "attach"}:
            continue
        if not urlparse(value).path:
            continue
        target = linked_file(content, value)
        if target.is_file():
            continue
        logger.error(
            "%s:%d: link to a missing file '%s' — check the spelling; paths are relative to "
            "this file (start with / to go from content/), and the file must exist",
            where,
            line_of(content.source_path, value),
            match.group("path"),
        )


def check_content(content):
    if isinstance(content, Article):
        required = content.settings.get("REQUIRED_ARTICLE_METADATA", [])
    elif isinstance(content, Page):
        required = content.settings.get("REQUIRED_PAGE_METADATA", [])
    else:
        return
    check_required_metadata(content, required)
    check_intrasite_links(content)


def register():
    signals.content_object_init.connect(check_content)
