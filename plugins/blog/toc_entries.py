"""A table of contents for long articles, from their own section headings.

One job. Sets `article.toc` to a list of (id, text) for each `<h2 id=...>` of
the body when there are at least TOC_MIN_SECTIONS of them (else an empty
list). The theme renders it as plain links, so it works without JavaScript.
"""

import html
import re

from pelican import signals

H2 = re.compile(r'<h2[^<>]*\bid="([^"<>]+)"[^<>]*>((?:[^<]|<(?!h2\b))*?)</h2>')  # linear: ends at the next <h2
TAG = re.compile(r"<[^<>]+>")


def collect(generator):
    minimum = generator.settings.get("TOC_MIN_SECTIONS", 3)
    for article in generator.articles + generator.translations:
        entries = [(anchor, html.unescape(TAG.sub("", text)).strip()) for anchor, text in H2.findall(article._content)]
        article.toc = entries if len(entries) >= minimum else []


def register():
    signals.article_generator_finalized.connect(collect)
