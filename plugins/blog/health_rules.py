"""The health-writing rules, run on every article the team writes (not the owner's).

One job. For each published or hidden article without `Original_text`:
no absolute claims ("cures", "proven" …); every paragraph or list item with
efficacy wording cites a reference (or an `Uncited:` line exempts it); 3 to 5
key points; references; review dates; a "When to see a doctor" callout;
WORDS words and a Flesch-Kincaid grade at most MAX_GRADE. `check` returns the
problems as (line, message); the reader runs it as it reads each article, so the
result is cached with the read. `readability` is what the test run prints.
"""

import html
import re

from . import body_tree
from .source_location import line_of, metadata_line

ABSOLUTE_CLAIMS = re.compile(
    r"\b(cure[sd]?|curing|heals|healed|proven|guarantee[sd]?|miracle\w*|detox\w*|breakthrough|"
    r"boosts? (?:your )?immun\w+|no side[- ]effects|clinically proven)\b",
    re.I,
)
# Words that say a treatment changed something. A paragraph using one must cite its source.
EFFICACY = re.compile(
    r"\b(reduc\w*|improv\w*|effective\w*|efficacy|relie[fv]\w*|eas(?:e|ed|es|ing)|help(?:s|ed|ful)?|"
    r"benefit\w*|better|worse|lower\w*|higher|less|fewer|fell|falls?|drop\w*|decreas\w*|increas\w*|"
    r"gains?|favou?r\w*|positive|negative|faster|slower|stronger|success\w*|significant\w*|works?|worked)\b",
    re.I,
)
WORDS = range(700, 1501)
MAX_GRADE = 8  # the house limit for team articles; CDC and NHS guidance aim lower still
CITATION = re.compile(r"\[ref:[^\][]*\]")  # linear: an unclosed [ref: is read only up to the next [
TAG = re.compile(r"<[^<>]+>")
LEFT_OUT = ".admonition-title, sup.cite, div.toc"  # not read as the article's text
BLOCKS = ["p", "li", "h2", "h3", "h4"]  # the text's blocks, one a line
CLAIM_BLOCKS = ["p", "li"]  # where a claim needs its citation
NESTED = {"p", "ul", "ol"}  # a block holding one of these is read through its inner blocks


def normalise(text):
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def sentences_with(pattern, text):
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if pattern.search(s)]


def plain_text(body):
    """Readable text of a body (HTML, or its tree, which this does not change): citations,
    callout titles and the table of contents left out, one block a line."""
    tree = body_tree.parse(body) if isinstance(body, str) else body
    left_out = set(map(id, tree.select(LEFT_OUT)))

    def skip(tag):
        return id(tag) in left_out

    blocks = [
        normalise(CITATION.sub("", " ".join(body_tree.strings(tag, skip))))
        for tag in tree.find_all(BLOCKS)
        if id(tag) not in left_out and not any(id(parent) in left_out for parent in tag.parents)
    ]
    return "\n".join(b if b.endswith((".", "?", "!", ":")) else b + "." for b in blocks if b)


def readability(body):
    """(words, Flesch-Kincaid grade) of an article body (HTML or its tree)."""
    import textstat

    text = plain_text(body)
    return len(text.split()), textstat.flesch_kincaid_grade(text)


def applies_to(kind, metadata):
    return kind == "article" and metadata.get("status", "published") != "draft" and "original_text" not in metadata


def as_list(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def text_of(markup):
    return normalise(html.unescape(TAG.sub(" ", str(markup))))


def check(tree, metadata, lines):
    """The rules' problems as [(line, message)] for one article's body (its tree,
    body_tree.parse) and metadata."""
    found = []

    def add(needle, message, field=None):
        line = metadata_line(lines, field) if field else line_of(lines, needle[:60])
        found.append((line, message))

    texts = [(metadata.get("title", ""), "title"), (metadata.get("summary", ""), "summary")]
    texts += [(point, "key_points") for point in as_list(metadata.get("key_points"))]
    for text, field in texts:
        for sentence in sentences_with(ABSOLUTE_CLAIMS, text_of(text)):
            add(sentence, f"'{sentence}' makes an absolute claim — say how strong the evidence is instead", field)
    exemptions = [line.split("—")[0].strip() for line in as_list(metadata.get("uncited")) if "—" in line]
    for block in tree.find_all(CLAIM_BLOCKS):
        if any(inner.name in NESTED for inner in block.descendants):
            continue
        text = normalise(block.get_text(" "))
        for sentence in sentences_with(ABSOLUTE_CLAIMS, CITATION.sub("", text)):
            add(sentence, f"'{sentence}' makes an absolute claim — say how strong the evidence is instead")
        if not EFFICACY.search(text) or CITATION.search(text) or block.select("sup.cite a"):
            continue
        if any(text.startswith(start) for start in exemptions if start):
            continue
        sentence = sentences_with(EFFICACY, text)[0] if sentences_with(EFFICACY, text) else text
        add(
            sentence,
            f"'{sentence[:80]}' makes an efficacy claim without a citation — cite the study as [ref:key], "
            "or add an Uncited: line with the reason",
        )
    points = [p for p in as_list(metadata.get("key_points")) if p.strip()]
    if not 3 <= len(points) <= 5:
        found.append(
            (
                metadata_line(lines, "key_points"),
                f"{len(points)} key points — give 3 to 5 under Key_points:, one a line",
            )
        )
    if not CITATION.search(tree.get_text()):
        found.append(
            (1, "cites no study — cite the studies it relies on as [ref:key] (keys of content/bibliography.json)")
        )
    if "reviewed" not in metadata:
        found.append((1, "no Reviewed: and Next_review: — add the dates of the last and the next medical review"))
    if not tree.select_one("div.admonition.see-a-doctor"):
        found.append(
            (
                1,
                "no 'When to see a doctor' callout — add '!!! see-a-doctor \"When to see a doctor\"' "
                "and indented text where symptoms come up",
            )
        )
    words, grade = readability(tree)
    if words not in WORDS:
        found.append((1, f"{words} words — an article has {WORDS.start:,} to {WORDS.stop - 1:,}"))
    if grade > MAX_GRADE:
        found.append(
            (1, f"reading grade {grade} (Flesch-Kincaid) — use shorter sentences and words; the limit is {MAX_GRADE}")
        )
    return found
