"""Dated editor's notes (corrections) from metadata, never in the author's text.

One job. `Editor_note_date: YYYY-MM-DD` and `Editor_note: Markdown text`
(listed in FORMATTED_FIELDS, so Pelican renders the Markdown) become
`content.editor_note` (HTML, with `{filename}` links resolved once every page
is known) and `content.editor_note_date` (a date). One without the other, or a
date that does not parse, stops the build with `path:line: problem — fix`.
"""

import datetime

from pelican import signals
from pelican.contents import Article, Page

from . import problems
from .source_location import metadata_line, source_lines


def report(content, field, message):
    """Report `message` on the line of a metadata field of the content's source."""
    line = metadata_line(source_lines(content.source_path), field)
    problems.report(content.source_path, content.settings, line, message)


def read_note(content):
    if not isinstance(content, (Article, Page)):
        return
    note, date = content.metadata.get("editor_note"), content.metadata.get("editor_note_date")
    content.editor_note_date = None
    if note is None and date is None:
        return
    if note is None or date is None:
        missing = "editor_note" if note is None else "editor_note_date"
        field = "editor_note_date" if note is None else "editor_note"
        report(content, field, f"{missing} is missing — an editor's note needs both its text and its date")
        return
    try:
        content.editor_note_date = datetime.date.fromisoformat(str(date).strip())
    except ValueError:
        report(content, "editor_note_date", f"Editor_note_date '{date}' is not a date — write it as YYYY-MM-DD")


def resolve_links(generators):
    for generator in generators:
        for content in getattr(generator, "articles", []) + getattr(generator, "pages", []):
            note = content.metadata.get("editor_note")
            if note and getattr(content, "editor_note_date", None):
                content.editor_note = content._update_content(str(note), content.get_siteurl())


def register():
    signals.content_object_init.connect(read_note)
    signals.all_generators_finalized.connect(resolve_links)
