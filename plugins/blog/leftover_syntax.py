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
import re

from . import bibliography, body_tree
from .source_location import line_of, metadata_line

FIELDS = ("summary", "editor_note")  # the Markdown fields of the metadata
CODE = {"code", "pre", "script", "style"}  # elements that show syntax on purpose
FOOTNOTE = re.compile(r"\[\^([^\]\n]*)\]?")
CITATION = re.compile(r"\[ref:[^\]\n]*\]?", re.I)
REFERENCE_LINK = re.compile(r"\[([^\[\]\n]+)\]\[([^\[\]\n]*)\]")
DEFINITION = re.compile(r"(\[[^\[\]\n]*)?\]:")
CALLOUT = re.compile(r"!!!([^\n]{0,40})")


def text_of(tree):
    """The text of a parsed body outside code, entities decoded."""
    return "".join(body_tree.strings(tree, lambda tag: tag.name in CODE))


def empty_callouts(tree):
    """The title of each callout that holds only its title."""
    found = []
    for callout in tree.select("div.admonition"):
        parts = [c for c in callout.children if c.name or c.strip()]
        if len(parts) == 1 and parts[0].name == "p" and "admonition-title" in parts[0].get("class", []):
            found.append(parts[0].get_text())
    return found


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


def check_tree(lines, tree, start, settings):
    found = []
    for needle, message in problems_in(text_of(tree), settings):
        found.append((line_of(lines, needle, start, default=start + 1), message))
    for title in empty_callouts(tree):
        line = next(
            (n for n, text in enumerate(lines[start:], start + 1) if text.lstrip().startswith("!!!") and title in text),
            line_of(lines, "!!!", start, default=start + 1),
        )
        found.append((line, f"callout '{title}' has no text — indent its text by 4 spaces under the !!! line"))
    return found


def check(lines, tree, metadata, settings):
    """[(line, problem)] of the syntax left as text in the body (its tree, body_tree.parse)
    and the Markdown fields."""
    found = check_tree(lines, tree, 0, settings)
    for field in FIELDS:
        if isinstance(metadata.get(field), str):
            start = metadata_line(lines, field) - 1
            found += check_tree(lines, body_tree.parse(metadata[field]), start, settings)
    return found
