"""HTML from a writer's Markdown passes an allowlist, or the build names what it refused.

One job. nh3 (Ammonia) cleans the HTML our Markdown extensions produce
against exactly the elements, attributes and classes they emit. Where the
cleaned HTML differs from what came in, nothing is stripped silently: one walk
over the elements asks nh3 about each distinct element, attribute, class and
URL, and each one it would drop becomes one problem (however often it occurs),
so the writer can remove it; any other difference is "not well formed". The
work is linear in the markup. Code spans and blocks that *show* HTML are text,
so they pass.
"""

import html
import html.parser

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
URL_ATTRIBUTES = {"href", "src"}  # whose value nh3 checks against URL_SCHEMES
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
        self.text = []  # the pieces of the text since the last tag
        self.feed(markup)
        self.close()
        self.flush()

    def flush(self):
        if self.text:
            self.events.append(("text", "".join(self.text)))
            self.text = []

    def add(self, event):
        self.flush()
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
        self.text.append(data)

    def handle_comment(self, data):
        self.add(("comment", data))

    def handle_decl(self, decl):
        self.add(("declaration", decl))

    handle_pi = handle_unknown_decl = handle_decl


def normalised(markup):
    events = [(e[0], " ".join(e[1].split())) if e[0] == "text" else e for e in Events(markup).events]
    return [e for e in events if e != ("text", "")]


# Where a table part must stand for the HTML parser to keep it.
CONTEXT = {
    "td": ("<table><tr>", "</tr></table>"),
    "th": ("<table><tr>", "</tr></table>"),
    "tr": ("<table>", "</table>"),
    "thead": ("<table>", "</table>"),
    "tbody": ("<table>", "</table>"),
}


def keeps(tag, name, value, field, answers):
    """Whether nh3 keeps attribute `name="value"` on an allowed <tag>: asked of nh3 itself on
    that one element, once per distinct question (`answers` remembers them)."""
    key = (tag, name, value)
    if key not in answers:
        before, after = CONTEXT.get(tag, ("", ""))
        element = f'{before}<{tag} {name}="{html.escape(value)}"></{tag}>{after}'
        kept = [e for e in Events(clean(element, field)).events if e[0] == "start" and e[1] == tag]
        answers[key] = bool(kept) and (name, value) in kept[0][2]
    return answers[key]


def refused(markup, field="body"):
    """What the allowlist would change, as [(what, needle to find its line, fix)]; [] when nothing.

    One walk over the markup's elements: each element, attribute, class and URL is
    decided once (nh3 is asked about each distinct one), so the cost is linear in the
    markup and a problem repeated a thousand times is one item."""
    before = normalised(markup)
    if before == normalised(clean(markup, field)):
        return []
    found, answers = {}, {}
    for event in before:
        for item in describe(event, field, answers):
            found.setdefault(item)
    unique = list(found)
    if unique == [None]:
        return []  # only picture addresses differ: reader.sized_images reports those
    unique = [item for item in unique if item is not None]
    if not unique:
        unique.append(("markup that is not well formed", "<", "write it in Markdown instead of HTML"))
    return unique


def describe(event, field, answers):
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
    problems = []
    for name, value in attrs:
        if name == "class":
            for token in value.split():
                if not keeps(tag, "class", token, field, answers):
                    fix = (
                        f"use one of the callout types {', '.join(sorted(ADMONITIONS))}"
                        if tag == "div"
                        else "remove it; the site's look comes from its own stylesheet"
                    )
                    problems.append((f"class '{token}' on <{tag}>", token, fix))
        elif not keeps(tag, name, value if name in URL_ATTRIBUTES else "", field, answers):
            if name == "style" and tag in ("th", "td"):
                fix = "table columns cannot be aligned — remove the colons from the line under the table's header"
                problems.append((f"attribute 'style' on <{tag}>", ":-", fix.split(" — ")[1]))
            elif name.startswith("on"):
                problems.append((f"event handler '{name}'", name, "remove it; articles may not run scripts"))
            elif name not in URL_ATTRIBUTES or not keeps(tag, name, "", field, answers):
                problems.append((f"attribute '{name}' on <{tag}>", name, "remove it"))
            elif (tag, name) == ("img", "src"):
                problems.append(None)
            else:
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
