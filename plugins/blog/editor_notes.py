"""Dated editor's notes (corrections) from metadata, never in the author's text.

One job. `Editor_note_date: YYYY-MM-DD` and `Editor_note: Markdown text`
(listed in FORMATTED_FIELDS, so Pelican renders the Markdown) become
`content.editor_note` (HTML, with `{filename}` links resolved once every page
is known) and `content.editor_note_date` (a date, from the file's typed model: `models.of`;
the schema refuses one without the other, or a date that does not parse).
"""

from pelican import signals
from pelican.contents import Article, Page

from . import models


def read_note(content):
    if isinstance(content, (Article, Page)):
        content.editor_note_date = getattr(models.of(content), "editor_note_date", None)


def resolve_links(generators):
    for generator in generators:
        for content in getattr(generator, "articles", []) + getattr(generator, "pages", []):
            note = content.metadata.get("editor_note")
            if note and getattr(content, "editor_note_date", None):
                content.editor_note = content._update_content(str(note), content.get_siteurl())


def register():
    signals.content_object_init.connect(read_note)
    signals.all_generators_finalized.connect(resolve_links)
