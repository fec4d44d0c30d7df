"""Headings: the title is the page's only <h1>, and sections never skip a level.

One job. The body of every article and page is read as it was rendered;
a `#` heading or a jump from `##` to `####` is a problem on its line.
"""

import re

from pelican.contents import Article, Page

from . import problems

HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.I | re.S)
TAG = re.compile(r"<[^>]+>")


def check_headings(content):
    if not isinstance(content, (Article, Page)):
        return
    from .reader import line_of, source_lines

    lines = source_lines(content.source_path)
    previous = 1  # the title is the page's <h1>
    for match in HEADING.finditer(content._content or ""):
        level, text = int(match.group(1)), re.sub(r"\s+", " ", TAG.sub("", match.group(2))).strip()
        line = line_of(lines, text) if text else 1
        if level == 1:
            message = f"heading '# {text}' is a second title — the title comes from 'Title:'; start sections with '## '"
            problems.report(content.source_path, content.settings, line, message)
        elif level > previous + 1:
            message = (
                f"heading '{'#' * level} {text}' skips a level after {'#' * previous} — "
                f"use '{'#' * (previous + 1)} {text}'"
            )
            problems.report(content.source_path, content.settings, line, message)
        previous = max(level, 1)
