"""Every problem of a build, collected as a record: `Problem(file, line, problem, fix)`.

One job. Checks call `report(path, settings, line, message)` (or log through
Python's `logging`, as Pelican and other plugins do): nothing stops at the
first problem. A check's message reads 'what is wrong — how to fix it'; it is
split into `problem` and `fix` once, where it enters (`report`,
`Collector.add`). The build runner installs `Collector` as the only log
handler, so every warning or error of the run, and any exception, becomes one
record; `records()` gives them sorted by file and line, with paths relative to
the project and never absolute. Only the edges (the terminal, the live
preview's overlay and dashboard) format a record: `str(problem)` is the line
`path:line: problem — fix`.
"""

import functools
import logging
import os
import re
import sys
import traceback
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Problem:
    """One problem: the file (as shown: relative to the project), its line, what is wrong, how to fix it."""

    file: str
    line: int
    problem: str
    fix: str = ""

    @classmethod
    def of(cls, file, line, message):
        """The record of a check's message 'what is wrong — how to fix it' (split at the first ' — ')."""
        problem, _, fix = message.partition(" — ")
        return cls(file, line, problem, fix)

    @property
    def message(self):
        return f"{self.problem} — {self.fix}" if self.fix else self.problem

    def __str__(self):
        return f"{self.file}:{self.line}: {self.message}"


def display_path(source_path, settings):
    """The source path relative to the project (the content folder's parent)."""
    root = project_of(str(settings["PATH"]))
    real = os.path.realpath(source_path)
    if real.startswith(root):
        return real.removeprefix(root)
    try:
        return (Path(settings["PATH"]).name / Path(source_path).relative_to(settings["PATH"])).as_posix()
    except ValueError:
        return Path(source_path).name


@functools.lru_cache(maxsize=16)
def project_of(content):
    """The real path of the content folder's parent, ending in '/' (resolved once per folder)."""
    return os.path.realpath(content).rpartition("/")[0].rstrip("/") + "/"


# A notice must not fail the build: the collector prints records marked "notice" without
# counting them (and under stock Pelican's --fatal warnings, a plain Logger does not raise).
_notices = logging.Logger(f"{__name__}.notice", logging.WARNING)
_notices.parent = logging.getLogger()


def notice(source_path, settings, message):
    """Print `path: message` as a notice: the build goes on (an overdue review, a picture's GPS)."""
    _notices.warning("%s: %s", display_path(source_path, settings), message, extra={"notice": True})


def report(source_path, settings, line, message):
    """Record one problem: `message` reads 'what is wrong — how to fix it'."""
    problem = Problem.of(display_path(source_path, settings), line, message)
    logger.error("%s", problem, extra={"problem": problem})


@contextmanager
def reading(source_path):
    """Mark `source_path` as the file being worked on (for messages that name none, and for
    an exception that leaves it: `Collector.add_crash` puts it on this file)."""
    token = current_file.set(source_path)
    try:
        yield
    except Exception as error:
        if not hasattr(error, "source_path"):  # the innermost file wins
            error.source_path = source_path
        raise
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
        self.problems = {}  # (unplaced, Problem): an ordered set, each problem once
        self.notices = []
        self.stream = stream

    def emit(self, record):
        problem = getattr(record, "problem", None)
        if problem is not None:  # one of ours, from `report`
            clean = self.without_absolute_paths
            self.keep(Problem(clean(problem.file), problem.line, clean(problem.problem), clean(problem.fix)))
            return
        text = record.getMessage().strip()
        text = self.without_absolute_paths(text)
        if getattr(record, "notice", False):
            self.notices.append(text)
            return
        if COVERED.match(text):
            return
        active = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        if active is not None:  # logged while handling an exception (Pelican's "Could not process")
            text += "\n" + self.without_absolute_paths(f"{type(active).__name__}: {active}")
        self.add_unplaced(text)

    def add(self, path, line, message, placed=True):
        """Keep a check's `(path, line, 'problem — fix')` as a record."""
        self.keep(Problem.of(path, line, message), placed)

    def keep(self, problem, placed=True):
        """Keep `problem` once, its text on one line of printable characters."""

        def shown(text):
            return printable(" ".join(text.split()))

        kept = Problem(printable(problem.file), int(problem.line), shown(problem.problem), shown(problem.fix))
        self.problems[(not placed, kept)] = None

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
        """An exception that escaped every check, as one line (no traceback), on the file it
        was working on when one is known."""
        source = current_file.get() or getattr(error, "source_path", None) or self.file_in_traceback(error)
        path = display_path(source, self.settings) if source else Path(self.settings["PATH"]).name
        what = self.without_absolute_paths(f"{type(error).__name__}: {error}").splitlines()[0]
        self.add(
            path,
            1,
            f"the build could not go on ({what}) — check this file's metadata and markup; "
            "if it looks right, report this line to the site's developers",
        )

    def file_in_traceback(self, error):
        """The source of the page (a Pelican Article or Page: it has a `source_path`) that the
        innermost code the exception left was working on, or None."""
        for frame, _ in reversed(list(traceback.walk_tb(error.__traceback__))):
            for value in frame.f_locals.values():
                source = getattr(value, "source_path", None)
                if isinstance(source, str) and Path(source).is_file():
                    return source
        return None

    def without_absolute_paths(self, text):
        root = str(Path(self.settings["PATH"]).resolve().parent)
        return text.replace(root + "/", "").replace(root, ".")

    def records(self):
        """Every problem, ours (with a line and a fix) first, then Pelican's own; by file and line."""
        ordered = sorted(self.problems, key=lambda kept: (kept[0], kept[1].file, kept[1].line, kept[1].message))
        return [problem for _, problem in ordered]
