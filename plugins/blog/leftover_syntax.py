"""No Markdown syntax reaches a reader as literal text.

One job. What Markdown could not read it leaves as text: a footnote reference
with no definition (`[^note]`), a reference-style link with no definition
(`[text][label]`), a citation not written as `[ref:key]` (`[ref: White2001]`),
a definition line it did not take (`[label]:`), a callout it did not parse
(`!!!`, or a callout with no indented text). Each is found in the rendered
text, outside code (which shows syntax on purpose), and reported with the line
of the source. Plain brackets in prose ("[sic]", "[1]") are text and pass: only
the two-bracket link shape is refused. Well-formed citations are still text
here (references.py links them later) and pass; unknown keys in them are
refused before the build (bibliography.check).
"""

import difflib
import html
import re

from . import bibliography
from .source_location import line_of, metadata_line

FIELDS = ("summary", "editor_note")  # the Markdown fields of the metadata
# The tags of code, which shows syntax on purpose: paired in one pass by `outside_code`
# (a pattern spanning from an opening tag to its closing one rescans the rest of the
# text for every opening tag left unclosed).
CODE_TAG = re.compile(r"<(/?)(code|pre|script|style)\b[^<>]*>", re.I)
TAG = re.compile(r"<[^<>]*>")
FOOTNOTE = re.compile(r"\[\^([^\]\n]*)\]?")
CITATION = re.compile(r"\[ref:[^\]\n]*\]?", re.I)
REFERENCE_LINK = re.compile(r"\[([^\[\]\n]+)\]\[([^\[\]\n]*)\]")
DEFINITION = re.compile(r"(\[[^\[\]\n]*)?\]:")
CALLOUT = re.compile(r"!!!([^\n]{0,40})")
EMPTY_CALLOUT = re.compile(
    r'<div class="admonition[^"]*">\s*<p class="admonition-title">((?:(?!</p>).){0,300})</p>\s*</div>', re.S
)


def outside_code(markup):
    """The markup with every code element (and what is inside it) replaced by a space."""
    kept, depth, end = [], 0, 0
    for tag in CODE_TAG.finditer(markup):
        closing = tag.group(1) == "/"
        if not closing:
            if depth == 0:
                kept.append(markup[end : tag.start()])
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                kept.append(" ")
                end = tag.end()
    if depth == 0:
        kept.append(markup[end:])
    return "".join(kept)


def text_of(markup):
    """The text of the markup outside code, entities decoded."""
    return html.unescape(TAG.sub("", outside_code(markup)))


def citation_fix(written, settings):
    """How to write a malformed citation: the nearest key of the bibliography for each key in it."""
    keys = sorted(bibliography.load(settings)[0])
    inside = written[len("[ref:") :].rstrip("]")
    fixed = []
    for key in (k.strip().lower() for k in inside.split(",")):
        nearest = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
        fixed.append(nearest[0] if nearest else key or "key")
    return f"write it as [ref:{', '.join(fixed)}], with the entry's id in lower case and a closing ]"


def problems_in(text, settings):
    """[(needle, message)] for the syntax left in `text`."""
    found = []
    text = bibliography.CITATION.sub(" ", text)  # well-formed: linked later
    for match in FOOTNOTE.finditer(text):
        written = match.group(0)
        found.append(
            (
                written,
                f"footnote '{written}' has no definition — add a line '[^{match.group(1)}]: the note' after "
                "the paragraph, or remove it",
            )
        )
    for match in CITATION.finditer(text):
        written = match.group(0)
        found.append((written, f"citation '{written}' is not written as [ref:key] — {citation_fix(written, settings)}"))
    text = FOOTNOTE.sub(" ", CITATION.sub(" ", text))
    for match in REFERENCE_LINK.finditer(text):
        label = match.group(2) or match.group(1)
        found.append(
            (
                f"][{match.group(2)}]",
                f"link '{match.group(0)}' has no definition — add a line '[{label}]: https://…' after the "
                "paragraph, or write the link as [text](https://…)",
            )
        )
    for match in DEFINITION.finditer(text):
        written = match.group(0)
        found.append(
            (
                written,
                f"'{written}' is left as text: a definition Markdown did not read — write it on its own line, "
                "after a blank line, as [label]: https://… (or [^label]: the note)",
            )
        )
    for match in CALLOUT.finditer(text):
        written = match.group(0).strip()
        found.append(
            (
                written,
                f"'{written}' is left as text: a callout Markdown did not read — put a blank line before it, write "
                'it as !!! see-a-doctor "Title", and indent its text by 4 spaces',
            )
        )
    return found


def check_markup(lines, markup, start, settings):
    found = []
    for needle, message in problems_in(text_of(markup), settings):
        found.append((line_of(lines, needle, start, default=start + 1), message))
    for match in EMPTY_CALLOUT.finditer(markup):
        title = html.unescape(TAG.sub("", match.group(1)))
        line = next(
            (n for n, text in enumerate(lines[start:], start + 1) if text.lstrip().startswith("!!!") and title in text),
            line_of(lines, "!!!", start, default=start + 1),
        )
        found.append((line, f"callout '{title}' has no text — indent its text by 4 spaces under the !!! line"))
    return found


def check(lines, content, metadata, settings):
    """[(line, problem)] of the syntax left as text in the body and the Markdown fields."""
    found = check_markup(lines, content, 0, settings)
    for field in FIELDS:
        if isinstance(metadata.get(field), str):
            found += check_markup(lines, metadata[field], metadata_line(lines, field) - 1, settings)
    return found
