"""The typed model of each content file, as the content check read it, for every feature.

One job. The build runner checks content/ before Pelican runs (`sources.check_tree`),
which reads each file once: its bytes, its metadata block into the schema's model
(`schema.Article`, `schema.Page`: dates as dates, lists as lists), refusing what does
not fit. The runner hands each file's reading here (`use`): the read cache keys on its
hash and problems find their lines in its text. The reader takes the
metadata Pelican builds its content objects from out of the model and the text after
the metadata block from here (`reading`): no file is read from disk or its metadata
parsed a second time. A feature asks for the model of the article or page it works on
(`of`) instead of parsing Pelican's metadata strings again. Both are None only when
Pelican runs without the build runner (the benchmark's notmyidea build): the reader
then reads as Pelican does, and a feature adds nothing.
"""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Reading:
    """One file as the content check read it: its model, its text, and where the text starts."""

    meta: object  # schema.Article or schema.Page
    text: str  # the whole file, without a BOM
    body_line: int  # the first line after the metadata block (1-based)
    sha: str  # the SHA-256 of the file's bytes (hex)

    @property
    def body(self):
        """The text after the metadata block, line ends as "\\n" (as Markdown's meta extension leaves it)."""
        lines = self.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return "\n".join(lines[self.body_line - 1 :])


_readings = {}  # real source path -> Reading


def use(readings):
    """The readings of this build: {source path: Reading}."""
    _readings.clear()
    _readings.update({os.path.realpath(path): reading for path, reading in readings.items()})


def current():
    """Every reading of this build: {real source path: Reading}."""
    return dict(_readings)


def reading(source_path):
    """The Reading of the file at `source_path`, or None."""
    return _readings.get(os.path.realpath(source_path))


def of(content):
    """The schema's model of `content`'s source file, or None."""
    path = getattr(content, "source_path", None)
    found = reading(path) if path else None
    return found.meta if found else None
