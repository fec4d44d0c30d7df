"""Limits on the size and shape of one content file, checked before anything else reads it.

One job: no writer's file can make the build run for minutes or exhaust memory.
`sources.read_source` calls `check_size` on the bytes and `check_text` on the
text before the metadata schema, Markdown or any of our passes see them; a file
over a limit is refused with one `path:line: problem — fix` line per limit.

The numbers are module constants, not settings: they are far above what any
article or page of this site needs (the longest articles are about 15 KB, with
a dozen links in a paragraph), and they exist only to keep Python-Markdown's own
work bounded. Its link and footnote parser rescans the rest of a paragraph for
every '[' that is not closed, and its HTML block parser the rest of the file
for every '<tag' that does not end, so both are counted; nesting is measured on
the source lines (indentation, '>' prefixes and HTML list and quote tags), never
by rendering. Every check here is one pass over the lines. Control characters
are refused too: they are invisible, and a NUL in a link crashes the file-path
functions that check it.
"""

import re

MAX_BYTES = 1_000_000  # a 20,000-word page is about 120 KB
MAX_LINE = 200_000  # characters in one line: a pasted chapter can be one line (20,000 words are 120 KB)
MAX_NESTING = 8  # levels of lists and quotes inside each other
MAX_TAGS = 10
MAX_HEADINGS = 200
MAX_FOOTNOTES = 200
MAX_BRACKETS = 50  # '[' in one paragraph, list item or table row
MAX_UNCLOSED_TAGS = 50  # '<tag' with no '>' after it on its line, in the whole file

FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
LIST_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]|$)")
QUOTES = re.compile(r"^[ \t]{0,3}((?:>[ \t]?)+)")
HEADING = re.compile(r"^[ \t]{0,3}#{1,6}([ \t]|$)")
FOOTNOTE = re.compile(r"^[ \t]{0,3}\[\^[^\]]+\]:")
DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]]*\]:")  # of a footnote or a reference-style link
TAG_START = re.compile(r"<[A-Za-z/!?]")
# Lists and quotes written in HTML nest as deep as Markdown's: their tags are counted too.
NESTING_TAG = re.compile(r"<(/?)(?:ul|ol|dl|blockquote)\b", re.I)
# Invisible characters no editor shows (tab and line ends are fine); a NUL crashes path functions.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
META_KEY = re.compile(r"^[ ]{0,3}tags:\s*(.*)", re.I)


def check_size(raw):
    """[(line, problem)] for the file's bytes: at most MAX_BYTES."""
    if len(raw) <= MAX_BYTES:
        return []
    return [
        (
            1,
            f"the file is {len(raw) / 1000:,.0f} KB — a file may be at most {MAX_BYTES / 1000:,.0f} KB; "
            "split it into several articles or pages",
        )
    ]


def indent_width(prefix):
    return len(prefix.expandtabs(4))


def check_text(text, body_line):
    """[(line, problem)] for the lines of one file; `body_line` is where the text starts
    after the metadata block (each metadata line counts as its own paragraph)."""
    found = {}  # kind -> (line, problem): each limit is one line, on its first offence

    def offend(kind, line, message):
        found.setdefault(kind, (line, message))

    control = CONTROL.search(text)
    if control:
        offend(
            "control",
            text.count("\n", 0, control.start()) + 1,
            f"a control character (U+{ord(control.group()):04X}, invisible) is in the text — delete it: "
            "retype the words around it, or paste them again as plain text",
        )
    headings = footnotes = unclosed = html_depth = 0
    brackets, paragraph_line = 0, 1
    fenced = None
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE:
            offend(
                "line",
                number,
                f"line {number} is {len(line):,} characters long — a line may have at most {MAX_LINE:,}; "
                "break it into paragraphs (an empty line between them)",
            )
        if number < body_line:
            match = META_KEY.match(line)
            tags = [t for t in match.group(1).split(",") if t.strip()] if match else []
            if len(tags) > MAX_TAGS:
                offend("tags", number, f"{len(tags)} tags — an article may have at most {MAX_TAGS}; keep the main ones")
            brackets, paragraph_line = 0, number
        fence = FENCE.match(line)
        if fenced:
            if fence and fence.group(1)[0] == fenced[0] and len(fence.group(1)) >= len(fenced):
                fenced = None
            continue
        if fence:
            fenced = fence.group(1)
            continue
        quotes = QUOTES.match(line)
        depth = quotes.group(1).count(">") if quotes else 0
        rest = line[quotes.end() :] if quotes else line
        item = LIST_ITEM.match(rest)
        if item:
            depth += indent_width(item.group(1)) // 4 + 1
        for tag in NESTING_TAG.finditer(line):
            html_depth = max(0, html_depth - 1) if tag.group(1) else html_depth + 1
            depth = max(depth, html_depth)
        if depth > MAX_NESTING:
            offend(
                "nesting",
                number,
                f"lists and quotes are nested {depth} deep — at most {MAX_NESTING} levels; "
                "make the list flatter, or start a new list",
            )
        if HEADING.match(rest):
            headings += 1
            if headings > MAX_HEADINGS:
                offend(
                    "headings",
                    number,
                    f"more than {MAX_HEADINGS} headings — split the text into several articles or pages",
                )
        if FOOTNOTE.match(rest):
            footnotes += 1
            if footnotes > MAX_FOOTNOTES:
                offend(
                    "footnotes",
                    number,
                    f"more than {MAX_FOOTNOTES} footnotes — keep fewer, or split the text into several pages",
                )
        if not rest.strip() or item or HEADING.match(rest) or DEFINITION.match(rest) or rest.lstrip().startswith("|"):
            brackets, paragraph_line = 0, number
        brackets += line.count("[")
        if brackets > MAX_BRACKETS:
            offend(
                "brackets",
                paragraph_line,
                f"more than {MAX_BRACKETS} '[' in one paragraph — split the paragraph, "
                "or remove the '[' that do not start a link, citation or footnote",
            )
        last_end = line.rfind(">")
        unclosed += len(TAG_START.findall(line, last_end + 1))
        if unclosed > MAX_UNCLOSED_TAGS:
            offend(
                "unclosed",
                number,
                f"more than {MAX_UNCLOSED_TAGS} '<' that start an HTML tag without a '>' on the same line — "
                "write Markdown instead of HTML, or '&lt;' for a '<' in the text",
            )
    return sorted(found.values())
