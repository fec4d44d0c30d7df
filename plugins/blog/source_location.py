"""Where in a writer's file a problem is: the line of a text or of a metadata field.

Shared by every module that reports `path:line: problem — fix` (paths come from
`problems.display_path`). Line numbers are 1-based; a BOM is not a character.
"""

from pathlib import Path

from .problems import display_path  # noqa: F401 — one home for "where", re-exported


def source_lines(path):
    return Path(path).read_text(encoding="utf-8-sig").splitlines()


def line_of(lines, needle, start=0, default=1):
    needle = needle.lower()
    for number, line in enumerate(lines[start:], start=start + 1):
        if needle in line.lower():
            return number
    return default


def metadata_line(lines, field):
    for number, line in enumerate(lines, start=1):
        if line.lower().lstrip().startswith(field.lower() + ":"):
            return number
    return 1
