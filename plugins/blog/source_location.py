"""Where in a writer's file a problem is: the line of a text or of a metadata field.

Shared by every module that reports `path:line: problem — fix` (paths come from
`problems.display_path`). Line numbers are 1-based; a BOM is not a character.
"""

import bisect
import re
from pathlib import Path

from . import models
from .problems import display_path  # noqa: F401 — one home for "where", re-exported


def source_lines(path):
    """The file's lines, from the content check's reading of it (`models.reading`) when it made one."""
    reading = models.reading(path)
    return (reading.text if reading else Path(path).read_text(encoding="utf-8-sig")).splitlines()


def line_of(lines, needle, start=0, default=1):
    needle = needle.lower()
    for number, line in enumerate(lines[start:], start=start + 1):
        if needle in line.lower():
            return number
    return default


def line_starts(text):
    """The offset where each line of `text` starts (one pass), for `line_at`."""
    return [0, *(match.end() for match in re.finditer("\n", text))]


def line_at(starts, offset):
    """The 1-based line of `offset`, from `line_starts` (a bisection, not a count)."""
    return bisect.bisect_right(starts, offset)


def metadata_line(lines, field):
    for number, line in enumerate(lines, start=1):
        if line.lower().lstrip().startswith(field.lower() + ":"):
            return number
    return 1
