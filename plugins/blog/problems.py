"""Every problem of a build, collected, then printed as `path:line: problem — fix`.

One job. Checks call `report(path, settings, line, message)` (or log through
Python's `logging`, as Pelican and other plugins do): nothing stops at the
first problem. The build runner installs `Collector` as the only log handler,
so every warning or error of the run becomes one line; `lines()` gives them
sorted by file and line, with paths relative to the project and never absolute.
"""

import logging
import re
import sys
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

logger = logging.getLogger(__name__)
# The content file being read or checked, so that a message without a file
# (a crash, or one of Pelican's own warnings) is still put on a file.
current_file = ContextVar("current_file", default=None)
# Pelican's own warnings about what our checks report with a line and a fix.
COVERED = re.compile(
    r"^(Empty alt attribute for image|There are \d+ (items|original)|Unable to find .*skipping url replacement)"
)
# A file name in a message; linear: a match starts only where a run of name characters does.
MARKDOWN_FILE = re.compile(r"(?<![\w./ -])[\w./ -]+\.(?:md|markdown)\b")
LINE = re.compile(r"^(?P<path>[^\s:][^:]*?):(?P<line>\d+): (?P<text>.+)$", re.S)


def display_path(source_path, settings):
    """The source path relative to the project (the content folder's parent)."""
    root = Path(settings["PATH"]).resolve().parent
    try:
        return Path(source_path).resolve().relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return (Path(settings["PATH"]).name / Path(source_path).relative_to(settings["PATH"])).as_posix()
    except ValueError:
        return Path(source_path).name


def report(source_path, settings, line, message):
    """Record one problem: `message` reads 'what is wrong — how to fix it'."""
    logger.error("%s:%d: %s", display_path(source_path, settings), line, message)


@contextmanager
def reading(source_path):
    """Mark `source_path` as the file being worked on (for messages that name none)."""
    token = current_file.set(source_path)
    try:
        yield
    finally:
        current_file.reset(token)


def printable(text):
    """`text` with every character a terminal or a page would not show as itself (controls,
    invisible and direction-changing ones) written as `[U+200B]`: a writer's text quoted in
    a message can neither hide nor move, colour or split the line in a terminal."""
    return "".join(c if c.isprintable() or c == " " else f"[U+{ord(c):04X}]" for c in text)


class Collector(logging.Handler):
    """A log handler that keeps every warning and error as a problem line.

    Records marked `extra={"notice": True}` are printed as notices and do not
    fail the build (an overdue review, say).
    """

    def __init__(self, settings, stream=None):
        super().__init__(logging.WARNING)
        self.settings = settings
        self.problems = {}  # (unplaced, path, line, text): an ordered set, each problem once
        self.notices = []
        self.stream = stream

    def emit(self, record):
        text = record.getMessage().strip()
        text = self.without_absolute_paths(text)
        if getattr(record, "notice", False):
            self.notices.append(text)
            return
        if COVERED.match(text):
            return
        match = LINE.match(text)
        if match:
            self.add(match.group("path"), int(match.group("line")), match.group("text"))
            return
        active = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        if active is not None:  # logged while handling an exception (Pelican's "Could not process")
            text += "\n" + self.without_absolute_paths(f"{type(active).__name__}: {active}")
        self.add_unplaced(text)

    def add(self, path, line, text, placed=True):
        problem = (not placed, printable(path), line, printable(" ".join(text.split())))
        self.problems[problem] = None

    def add_unplaced(self, text):
        """One of Pelican's own messages: put it on the file being read, or on content/."""
        first, _, rest = text.partition("\n")
        source = current_file.get() or self.file_named_in(first)
        path = display_path(source, self.settings) if source else Path(self.settings["PATH"]).name
        detail = rest.strip().splitlines()[-1] if rest.strip() else ""
        message = first.rstrip(".") + (f" ({detail})" if detail else "")
        if " — " not in message:
            message += " — fix the file named here; if the message is unclear, ask in the pull request"
        self.add(path, 1, message, placed=False)

    def file_named_in(self, text):
        """A content file that a message names (as Pelican's 'Could not process posts/x.md')."""
        for word in MARKDOWN_FILE.findall(text):
            for candidate in (word.strip(), word.strip().split(" ")[-1]):
                path = Path(self.settings["PATH"]) / candidate
                if path.is_file():
                    return path
        return None

    def add_crash(self, error):
        """An exception that escaped every check, as one line (no traceback)."""
        source = current_file.get()
        path = display_path(source, self.settings) if source else Path(self.settings["PATH"]).name
        what = self.without_absolute_paths(f"{type(error).__name__}: {error}").splitlines()[0]
        self.add(
            path,
            1,
            f"the build could not go on ({what}) — check this file's metadata and markup; "
            "if it looks right, report this line to the site's developers",
        )

    def without_absolute_paths(self, text):
        root = str(Path(self.settings["PATH"]).resolve().parent)
        return text.replace(root + "/", "").replace(root, ".")

    def lines(self):
        ordered = sorted(self.problems)  # ours (with a line and a fix) first, then Pelican's own
        return [f"{path}:{line}: {text}" for _, path, line, text in ordered]
