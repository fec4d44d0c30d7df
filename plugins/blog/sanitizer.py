"""HTML from a writer's Markdown passes an allowlist, or the build names what it refused.

One job. nh3 (Ammonia) cleans the HTML our Markdown extensions produce
against exactly the elements, attributes and classes they emit. Where the
cleaned HTML differs from what came in, nothing is stripped silently: each
difference becomes a problem naming the element, attribute, class or URL, so
the writer can remove it. Code spans and blocks that *show* HTML are text,
so they pass.
"""

import html.parser
from difflib import SequenceMatcher

import nh3
from pygments.token import STANDARD_TYPES

HEADINGS = {f"h{n}" for n in range(1, 7)}
INLINE = {"a", "abbr", "br", "code", "em", "strong", "sup", "sub"}
BLOCK = {"p", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "hr", "pre", "div", "span", "img"}
TABLE = {"table", "thead", "tbody", "tr", "th", "td"}
# What each kind of field may hold.
ALLOWED_TAGS = {
    "body": INLINE | BLOCK | TABLE | HEADINGS,
    "summary": INLINE | {"p"},
    "editor_note": INLINE | {"p", "ul", "ol", "li"},
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "sup": {"id"},
    "li": {"id"},
    "ol": {"start"},
    **{h: {"id"} for h in HEADINGS},
}
ADMONITIONS = {"see-a-doctor", "note", "tip", "warning"}
CLASSES = {
    "div": {"highlight", "admonition", "toc", "footnote", *ADMONITIONS},
    "p": {"admonition-title"},
    "a": {"footnote-ref", "footnote-backref"},
    "span": {name for name in STANDARD_TYPES.values() if name},
}
URL_SCHEMES = {"http", "https", "mailto"}
EMBEDS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "video", "audio", "form", "style"}


def clean(markup, field="body"):
    tags = ALLOWED_TAGS[field]
    return nh3.clean(
        markup,
        tags=tags,
        attributes={tag: names for tag, names in ATTRIBUTES.items() if tag in tags},
        allowed_classes={tag: names for tag, names in CLASSES.items() if tag in tags},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


class Events(html.parser.HTMLParser):
    """The markup as a list of comparable events (text merged, entities decoded)."""

    def __init__(self, markup):
        super().__init__(convert_charrefs=True)
        self.events = []
        self.feed(markup)
        self.close()

    def add(self, event):
        if event[0] == "text" and self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + event[1])
        else:
            self.events.append(event)

    def handle_starttag(self, tag, attrs):
        normal = []
        for name, value in attrs:
            value = value or ""
            if name == "class":
                value = " ".join(sorted(value.split()))
            normal.append((name, value))
        self.add(("start", tag, tuple(sorted(normal))))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.add(("end", tag))

    def handle_data(self, data):
        self.add(("text", data))

    def handle_comment(self, data):
        self.add(("comment", data))

    def handle_decl(self, decl):
        self.add(("declaration", decl))

    handle_pi = handle_unknown_decl = handle_decl


def normalised(markup):
    return [(e[0], " ".join(e[1].split())) if e[0] == "text" else e for e in Events(markup).events if e != ("text", "")]


def refused(markup, field="body"):
    """What the allowlist would change, as [(what, needle to find its line, fix)]; [] when nothing."""
    before = [e for e in normalised(markup) if e != ("text", "")]
    after = [e for e in normalised(clean(markup, field)) if e != ("text", "")]
    if before == after:
        return []
    found = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        counterparts = [e for e in after[j1:j2] if e[0] == "start"]
        for event in before[i1:i2]:
            found += describe(event, counterparts, field)
    unique = []
    for item in found:
        if item not in unique:
            unique.append(item)
    if unique == [None]:
        return []  # only picture addresses differ: reader.sized_images reports those
    unique = [item for item in unique if item is not None]
    if not unique:
        unique.append(("markup that is not well formed", "<", "write it in Markdown instead of HTML"))
    return unique


def describe(event, counterparts, field):
    kind = event[0]
    tags = ALLOWED_TAGS[field]
    if kind == "comment":
        return [("HTML comment '<!--'", "<!--", "remove it; notes for other writers belong in the pull request")]
    if kind == "declaration":
        return [(f"declaration '<!{event[1][:20]}'", "<!", "remove it")]
    if kind == "end":
        tag = event[1]
        return [element(tag, field)] if tag not in tags else []
    if kind != "start":
        return []
    tag, attrs = event[1], event[2]
    if tag not in tags:
        return [element(tag, field)]
    counterpart = next((dict(e[2]) for e in counterparts if e[1] == tag), {})
    problems = []
    for name, value in attrs:
        if name == "class":
            for token in value.split():
                if token not in CLASSES.get(tag, set()):
                    fix = (
                        f"use one of the callout types {', '.join(sorted(ADMONITIONS))}"
                        if tag == "div"
                        else "remove it; the site's look comes from its own stylesheet"
                    )
                    problems.append((f"class '{token}' on <{tag}>", token, fix))
        elif name not in ATTRIBUTES.get(tag, set()):
            if name == "style" and tag in ("th", "td"):
                fix = "table columns cannot be aligned — remove the colons from the line under the table's header"
                problems.append((f"attribute 'style' on <{tag}>", ":-", fix.split(" — ")[1]))
            elif name.startswith("on"):
                problems.append((f"event handler '{name}'", name, "remove it; articles may not run scripts"))
            else:
                problems.append((f"attribute '{name}' on <{tag}>", name, "remove it"))
        elif counterpart.get(name) != value and (tag, name) == ("img", "src"):
            problems.append(None)
        elif counterpart.get(name) != value:
            problems.append(
                (
                    f"URL '{value}' in {name}",
                    value,
                    "link only to http(s) addresses, mailto: or this site's own files",
                )
            )
    return problems


def element(tag, field):
    if tag in EMBEDS:
        fix = "remove it; articles may not run scripts or embed other sites (use a plain link instead)"
    elif field != "body":
        fix = f"remove it; the {field.replace('_', ' ')} may use only links, emphasis and code"
    else:
        fix = "remove it; write Markdown (links, lists, tables, images) instead of HTML"
    return (f"element '{tag}'", f"<{tag}", fix)
