"""The metadata block at the top of a Markdown file, read as the writer typed it.

One job. Python-Markdown's `meta` extension (which Pelican uses) reads the
block; this reads it the same way, but keeps each field's line number and
every repeated key, so the schema can name the line of each problem and
refuse a key given twice. A BOM and CRLF line ends are accepted.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

# The same patterns as markdown.extensions.meta.
META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN = re.compile(r"^-{3}(\s.*)?")
END = re.compile(r"^(-{3}|\.{3})(\s.*)?")


@dataclass
class Field:
    key: str  # lower case, as Pelican sees it
    typed: str  # as the writer typed it
    line: int
    values: list = field(default_factory=list)  # the first line's value, then indented lines

    @property
    def text(self):
        """The value as one line of text (indented continuation lines joined by spaces)."""
        return " ".join(v for v in self.values if v).strip()

    @property
    def items(self):
        """The value as a list: one item per non-empty line."""
        return [v for v in self.values if v]


@dataclass
class FrontMatter:
    fields: list  # every Field in file order, repeated keys included
    body_line: int  # the line where the text starts

    def first(self, key):
        return next((f for f in self.fields if f.key == key), None)

    def line_of(self, key, default=1):
        found = self.first(key)
        return found.line if found else default


def parse_text(text):
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    fields, number = [], 0
    if lines and BEGIN.match(lines[0]):
        number = 1
    while number < len(lines):
        line = lines[number]
        number += 1
        if not line.strip() or END.match(line):
            break
        match = META.match(line)
        if match:
            fields.append(Field(match.group("key").lower(), match.group("key"), number, [match.group("value").strip()]))
            continue
        more = META_MORE.match(line)
        if more and fields:
            fields[-1].values.append(more.group("value").strip())
            continue
        number -= 1
        break
    return FrontMatter(fields, number + 1)


def parse(path):
    return parse_text(Path(path).read_bytes().decode("utf-8"))
