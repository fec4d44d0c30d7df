"""Headings: the title is the page's only <h1>, and sections never skip a level.

One job. The body of every article and page, as Markdown renders it (the reader
runs `check`); a `#` heading or a jump from `##` to `####` is a problem on its line.
"""

import re

from .source_location import line_of

# Linear: a heading without its end tag is read only up to the next heading.
HEADING = re.compile(r"<h([1-6])\b[^<>]*>((?:[^<]|<(?!h[1-6]\b))*?)</h\1>", re.I)
TAG = re.compile(r"<[^<>]+>")


def check(body, lines):
    """[(line, message)] for the headings of one body."""
    found = []
    previous = 1  # the title is the page's <h1>
    for match in HEADING.finditer(body or ""):
        level, text = int(match.group(1)), re.sub(r"\s+", " ", TAG.sub("", match.group(2))).strip()
        line = line_of(lines, text) if text else 1
        if level == 1:
            found.append(
                (
                    line,
                    f"heading '# {text}' is a second title — the title comes from 'Title:'; start sections with '## '",
                )
            )
        elif level > previous + 1:
            found.append(
                (
                    line,
                    f"heading '{'#' * level} {text}' skips a level after {'#' * previous} — "
                    f"use '{'#' * (previous + 1)} {text}'",
                )
            )
        previous = max(level, 1)
    return found
