"""Numbered references from metadata, with in-text citations linked both ways.

One job. A writer lists sources in the metadata, one per indented line:

    References:
        white2001: White A, et al. Adverse events following acupuncture. BMJ. 2001. https://doi.org/10.1136/bmj.323.7311.485

and cites them in the text as `[ref:white2001]` or `[ref:white2001, lu2020]`.
Each citation becomes a superscript link to its entry; entries are numbered in
order of first citation and link back to every place they are cited. The list
is `content.references` for the templates.

A citation of an unknown key, a reference never cited, a malformed line or a
link that is not a DOI, PubMed or PMC address stops the build with
`path:line: problem — fix`.
"""

import logging
import re

from pelican import signals
from pelican.contents import Article, Page
from source_location import line_of, report

logger = logging.getLogger(__name__)

CITATION = re.compile(r"\[ref:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*\]")
ENTRY = re.compile(r"^(?P<key>[a-z0-9-]+):\s+(?P<text>.+?)\s+(?P<url>https?://\S+)$")
TRUSTED_URL = re.compile(
    r"^https://(doi\.org/10\.\d{4,9}/\S+"
    r"|pubmed\.ncbi\.nlm\.nih\.gov/\d+/?"
    r"|pmc\.ncbi\.nlm\.nih\.gov/articles/PMC\d+/?"
    r"|www\.ncbi\.nlm\.nih\.gov/pmc/articles/PMC\d+/?)$"
)
FIX_URL = "end the line with a DOI (https://doi.org/10....) or a PubMed/PMC address"


def problem(content, needle, message):
    report(logger, content.source_path, content.settings, line_of(content.source_path, needle), message)


def parse_entries(content):
    """{key: {"key", "text", "url"}} from the References metadata, in listed order."""
    raw = content.metadata.get("references", [])
    lines = [raw] if isinstance(raw, str) else list(raw)
    entries = {}
    for line in (item.strip() for item in lines):
        if not line:
            continue
        match = ENTRY.match(line)
        if not match:
            problem(
                content,
                line[:40],
                f"reference '{line[:60]}' is not 'key: full reference text URL' — "
                f"start with a lower-case key and a colon, and {FIX_URL}",
            )
            continue
        key, text, url = match.group("key", "text", "url")
        if not TRUSTED_URL.match(url):
            problem(content, url, f"reference '{key}' links {url} — {FIX_URL}")
        if key in entries:
            problem(content, f"{key}:", f"reference key '{key}' is listed twice — give each source one key")
        entries[key] = {"key": key, "text": text.rstrip(" ."), "url": url, "citations": []}
    return entries


def link_citations(content):
    if not isinstance(content, (Article, Page)):
        return
    entries = parse_entries(content)
    order = []

    def replace(match):
        links = []
        for key in (k.strip() for k in match.group(1).split(",")):
            entry = entries.get(key)
            if entry is None:
                problem(
                    content,
                    f"ref:{key}" if f"ref:{key}" in match.group(0) else key,
                    f"citation [ref:{key}] has no entry — add '{key}: ...' under References: or fix the key",
                )
                continue
            if key not in order:
                order.append(key)
            number = order.index(key) + 1
            anchor = f"cite-{key}-{len(entry['citations']) + 1}"
            entry["citations"].append(anchor)
            links.append(f'<a href="#ref-{key}" id="{anchor}" aria-label="Reference {number}">{number}</a>')
        return f'<sup class="cite">[{", ".join(links)}]</sup>' if links else match.group(0)

    if content._content:
        content._content = CITATION.sub(replace, content._content)
    for key, entry in entries.items():
        if not entry["citations"]:
            problem(content, f"{key}:", f"reference '{key}' is never cited — cite it as [ref:{key}] or remove it")
    content.references = [dict(entries[key], number=n) for n, key in enumerate(order, start=1)]


def register():
    signals.content_object_init.connect(link_citations)
