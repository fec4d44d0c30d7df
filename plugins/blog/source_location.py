"""Where in a writer's file a problem is: helpers for the modules that report by path.

Every plugin reports problems as `path:line: what is wrong — how to fix it`,
with the path relative to the project and the line of the source file.
"""

from pathlib import Path


def display_path(source_path, settings):
    """The source path relative to the project (the content folder's parent)."""
    root = Path(settings["PATH"]).resolve().parent
    try:
        return str(Path(source_path).resolve().relative_to(root))
    except ValueError:
        return str(source_path)


def source_lines(source_path):
    try:
        return Path(source_path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def line_of(source_path, needle, default=1):
    """The 1-based number of the first line containing `needle` (case-insensitive)."""
    needle = needle.lower()
    for number, line in enumerate(source_lines(source_path), start=1):
        if needle in line.lower():
            return number
    return default


def metadata_line(source_path, field):
    """The line that sets metadata `field` (case-insensitive), or 1 when it is missing."""
    for number, line in enumerate(source_lines(source_path), start=1):
        if line.lower().startswith(field.lower() + ":"):
            return number
    return 1


def report(logger, source_path, settings, line, message):
    """Log `path:line: message` as an error, so `pelican --fatal` stops the build."""
    logger.error("%s:%d: %s", display_path(source_path, settings), line, message)
