"""Headings: the title is the page's only <h1>, and sections never skip a level.

One job. The body of every article and page, as Markdown renders it (the reader
runs `check` on its parsed tree); a `#` heading or a jump from `##` to `####`
is a problem on its line.
"""

from . import body_tree
from .source_location import line_of

HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


def check(tree, lines):
    """[(line, message)] for the headings of one body (its tree, body_tree.parse)."""
    found = []
    previous = 1  # the title is the page's <h1>
    for heading in tree.find_all(HEADINGS):
        words = body_tree.strings(heading, lambda tag: tag.name in HEADINGS)  # a heading inside is its own
        level, text = int(heading.name[1]), " ".join("".join(words).split())
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
