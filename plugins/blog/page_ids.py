"""No id twice on a page: a writer's heading id never repeats one the theme or the page has.

One job. Once every page is read, the ids of each article and page (drafts
included) are listed: those of its text (headings, whether the writer set them
with `{#main}` / `{: #main }` or Markdown made them from the heading's words,
and footnotes), its citations and reference entries. An id that the theme's
templates write (`main`, the skip link's target, `toc-title`, `references-title`
…) or that the page already has is a problem on the line of the heading.

The theme's ids are parsed from its templates at every build, not kept in a
list: a literal `id="main"` is taken as it is, and an id with a template
expression (`id="ref-{{ ref.key }}"`) as a pattern (`ref-` and one word).
"""

import html
import re

from pelican import signals

from . import fragments, problems, references
from .source_location import line_of, source_lines

# Each stops at the next '<' or '{': a tag or an expression left open costs one scan, not
# one scan of the rest of the text per opening.
OPENING = re.compile(r"""<(?P<tag>[a-z][a-z0-9]*)\b[^<>]*?\bid\s*=\s*["'](?P<id>[^"'<>]+)["'][^<>]*>""")
TAG = re.compile(r"<[^<>]+>")
EXPRESSION = re.compile(r"\{\{[^{}]*\}\}|\{%[^{}]*%\}")


def theme_patterns(settings):
    """One compiled pattern matching every id the theme's templates write."""
    parts = []
    for written in sorted(fragments.template_ids(settings)):
        pieces = EXPRESSION.split(written)
        parts.append(r"[^\s\"'-]+".join(re.escape(p) for p in pieces))
    return re.compile("|".join(parts)) if parts else None


def contents_of(generators):
    for generator in generators:
        for name in ("articles", "translations", "drafts", "drafts_translations", "hidden_articles"):
            yield from getattr(generator, name, [])
        for name in ("pages", "hidden_pages", "draft_pages", "hidden_translations"):
            yield from getattr(generator, name, [])


def heading_line(lines, anchor, text):
    """The line of the heading: the one with both its words and its id, else its words, else its id."""
    for number, line in enumerate(lines, start=1):
        if f"#{anchor}" in line and text.lower() in line.lower():
            return number
    return line_of(lines, text, default=0) or line_of(lines, f"#{anchor}")


def text_after(body, opening):
    """The plain words inside the element `opening` starts."""
    close = body.find(f"</{opening.group('tag')}>", opening.end())
    inner = body[opening.end() : close if close != -1 else opening.end()]
    return " ".join(html.unescape(TAG.sub("", inner)).split())


def check_page_ids(generators):
    contents = list(contents_of(generators))
    if not contents:
        return
    settings = contents[0].settings
    theme = theme_patterns(settings)
    for content in contents:
        body = content._content or ""
        cited = references.of(content)
        citations = {anchor for r in cited for anchor in r["citations"]}
        seen = {f"ref-{r['key']}" for r in cited} | citations
        lines = None
        for opening in OPENING.finditer(body):
            anchor = opening.group("id")
            if anchor in citations and opening.group("tag") == "a":
                citations.discard(anchor)  # the citation's own link
                continue
            layout = bool(theme and theme.fullmatch(anchor))
            if layout or anchor in seen:
                lines = lines or source_lines(content.source_path)
                text = text_after(body, opening)
                what = "heading" if re.fullmatch(r"h[1-6]", opening.group("tag")) else "the part"
                where = "the site's layout" if layout else "another part of this page"
                problems.report(
                    content.source_path,
                    settings,
                    heading_line(lines, anchor, text),
                    f"{what} '{text}' has the id '{anchor}', which {where} already uses — "
                    "rename the heading, or give it its own id with {#my-id}",
                )
            seen.add(anchor)


def register():
    signals.all_generators_finalized.connect(check_page_ids)
