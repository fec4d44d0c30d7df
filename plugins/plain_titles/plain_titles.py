"""Titles are plain text: `<` and `&` in a Markdown title are shown, never run.

One job. Pelican treats a title as HTML (typogrify adds markup to it), so a
title such as `</script><script>alert(1)</script>` would reach the page as a
script. This plugin escapes the title as the Markdown reader reads it, before
typogrify, so it renders as the characters the writer typed everywhere
(page, <title>, feeds, JSON-LD, social cards).
"""

import html

from pelican import signals
from pelican.readers import MarkdownReader


class PlainTitleMarkdownReader(MarkdownReader):
    def _parse_metadata(self, meta):
        output = super()._parse_metadata(meta)
        if isinstance(output.get("title"), str):
            output["title"] = html.escape(output["title"], quote=False)
        return output


def use_plain_titles(readers):
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is MarkdownReader:
            readers.reader_classes[extension] = PlainTitleMarkdownReader


def register():
    signals.readers_init.connect(use_plain_titles)
