"""Numbered references from the one bibliography, with citations linked both ways.

One job. A writer cites `[ref:key]` or `[ref:key1, key2]` in the text, keys of
BIBLIOGRAPHY. Each citation becomes a superscript link to its entry; entries
are numbered in order of first citation and link back to every place they are
cited. `content.references` (for the reference list: number, AMA text as HTML,
the citations) and `content.citation_ld` (schema.org ScholarlyArticle objects)
are ready for the templates; other features ask `of(content)` and
`structured_of(content)`. Unknown keys and uncited entries are refused before
the build (`bibliography.check`).
"""

from pelican.contents import Article, Page

from . import bibliography


def link_citations(content):
    if not isinstance(content, (Article, Page)) or not content._content:
        return
    items, _, _ = bibliography.load(content.settings)
    rendered = bibliography.render(content.settings) if items else {}
    order, anchors = [], {}

    def replace(match):
        links = []
        for key in (k.strip() for k in match.group(1).split(",")):
            if key not in items:
                continue  # reported before the build
            if key not in order:
                order.append(key)
            number = order.index(key) + 1
            anchor = f"cite-{key}-{len(anchors.setdefault(key, [])) + 1}"
            anchors[key].append(anchor)
            links.append(f'<a href="#ref-{key}" id="{anchor}" aria-label="Reference {number}">{number}</a>')
        return f'<sup class="cite">[{", ".join(links)}]</sup>' if links else match.group(0)

    content._content = bibliography.CITATION.sub(replace, content._content)
    content.references = [
        {"key": key, "number": n, "html": rendered[key], "citations": anchors[key]} for n, key in enumerate(order, 1)
    ]
    content.citation_ld = [bibliography.structured(items[key]) for key in order]


def of(content):
    """The reference list of `content` (number, key, AMA text as HTML, its citations' anchors): [] when none."""
    return getattr(content, "references", None) or []


def structured_of(content):
    """The schema.org ScholarlyArticle objects `content` cites, in order of first citation."""
    return getattr(content, "citation_ld", None) or []
