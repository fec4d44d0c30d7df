"""Links to a part of a page: `{filename}other.md#section` and `#section` must exist.

One job. Once every page is read, each `#fragment` a published article or
page links to is looked up among the ids of its target: the ids in the
target's text, its reference entries, and the ids the theme's templates
write on every page. A missing one is a problem on the line of the link.
"""

import os
import re
from pathlib import Path
from urllib.parse import unquote

from . import problems, references
from .source_location import line_of, source_lines

ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
LINK = re.compile(r"""href\s*=\s*["'](?:[{|]filename[}|](?P<path>[^"'#]*))?#(?P<fragment>[^"']+)["']""")


def template_ids(settings):
    """Every id="…" the theme's templates write, as written (some hold a {{ expression }})."""
    found = set()
    for template in Path(settings["THEME"], "templates").rglob("*.html"):
        found |= set(ID.findall(template.read_text(encoding="utf-8")))
    return found


def theme_ids(settings):
    """Ids the templates write as literal text (on some or all pages)."""
    return {i for i in template_ids(settings) if "{" not in i}


def ids_of(content):
    found = set(ID.findall(content._content or ""))
    for reference in references.of(content):
        found.add(f"ref-{reference['key']}")
        found.update(reference.get("citations", []))
    return found


def every_content(generators):
    for generator in generators:
        for name in ("articles", "translations", "hidden_articles", "hidden_translations", "pages", "hidden_pages"):
            yield from getattr(generator, name, [])


def check_fragments(generators):
    contents = list(every_content(generators))
    if not contents:
        return
    settings = contents[0].settings
    template_ids = theme_ids(settings)
    by_source = {os.path.realpath(c.source_path): c for c in contents}
    known = {}  # id of a content -> its ids, worked out once per build
    for content in contents:
        lines = None
        fields = [content.metadata.get(f) for f in settings.get("FORMATTED_FIELDS", [])]
        text = "\n".join([content._content or "", *(f for f in fields if isinstance(f, str))])
        for match in LINK.finditer(text):
            path, fragment = match.group("path"), unquote(match.group("fragment"))
            if path:
                base = settings["PATH"] if path.startswith("/") else os.path.dirname(content.source_path)
                target = by_source.get(os.path.realpath(os.path.join(base, unquote(path).lstrip("/"))))
                if target is None:
                    continue  # a draft or a missing file: reported before the build
            else:
                target = content
            if id(target) not in known:
                known[id(target)] = ids_of(target)
            if fragment in known[id(target)] or fragment in template_ids:
                continue
            lines = lines or source_lines(content.source_path)
            where = f"'{path}'" if path else "this page"
            problems.report(
                content.source_path,
                settings,
                line_of(lines, f"#{fragment}"),
                f"link to '#{fragment}' on {where}, which has no such section — use a heading's id "
                "(shown in the page's table of contents), or give the heading one with {#my-id}",
            )
