"""Every link a writer's Markdown makes goes to a plain web address, an e-mail or the site itself.

One job. The sanitizer's allowlist (nh3) refuses every scheme but http, https
and mailto, however it is disguised (case, entities, a tab or a newline inside).
What nh3 keeps as a relative address can still be a disguise or go elsewhere:
`//evil.example/` and `/\\evil.example/` (no scheme, another host), a control,
invisible or space character inside (`java\\x01script:`), or a scheme-like
word no browser reads as one (`%6Aavascript:`). Each link that the allowlist
keeps is parsed here (urllib.parse) and must be an http(s) address with a
host, a mailto: address, or a path, query or fragment of this site; anything
else is a problem with its line.
"""

import html
import re
import unicodedata
from urllib.parse import urlsplit

from . import sanitizer
from .source_location import line_of, metadata_line

FIELDS = ("summary", "editor_note")  # the Markdown fields of the metadata
EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
# nh3 writes every attribute in double quotes, with & and " as entities.
LINK = re.compile(r'<a((?:\s+[^\s=>"]+="[^"]*")*)\s*/?>')
ATTRIBUTE = re.compile(r'(?<![^\s"])([^\s=>"]+)="([^"]*)"')  # a name starts after a space or a quote


def is_hidden(character):
    """A space, a control or a format character (zero-width, direction marks) in an address."""
    return character.isspace() or unicodedata.category(character) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def problem_of(url):
    """Why `url` is not a plain link, or None."""
    if any(is_hidden(c) for c in url):
        return f"link address '{url}' has a space or an invisible character — remove it (write a space as %20)"
    if "\\" in url:
        return f"link address '{url}' has a backslash — write / instead"
    if url.startswith("//"):
        return f"link address '{url}' leaves out http(s): — write the full address, https://…"
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and not parts.hostname:
        return f"link address '{url}' has no host — write the full address, https://name.example/…"
    if parts.scheme == "mailto" and not EMAIL.fullmatch(parts.path):
        return f"link address '{url}' is not an e-mail address — write mailto:name@example.org"
    if not parts.scheme and ":" in re.split(r"[/?#]", url, maxsplit=1)[0]:
        return (
            f"link address '{url}' is neither a web address nor a path — link only to http(s), "
            "mailto: or the site's own files"
        )
    return None


def needle(url):
    """What of `url` can be found in the source: the part before its first hidden character."""
    for index, character in enumerate(url):
        if is_hidden(character):
            return url[:index] or url
    return url


def check_markup(lines, markup, field, start):
    found = []
    for attributes in LINK.findall(sanitizer.clean(markup, field)):
        url = html.unescape(dict(ATTRIBUTE.findall(attributes)).get("href", ""))
        problem = problem_of(url)
        if problem:
            found.append((line_of(lines, needle(url), start, default=start + 1), problem))
    return found


def check(lines, content, metadata):
    """[(line, problem)] of the links of the body and of the Markdown fields of the metadata."""
    found = check_markup(lines, content, "body", 0)
    for field in FIELDS:
        if isinstance(metadata.get(field), str):
            found += check_markup(lines, metadata[field], field, metadata_line(lines, field) - 1)
    return found
