"""No raw syntax reaches a reader: Markdown that Markdown leaves as literal text stops the
build with its line, and no page of either full build shows `[^`, `[ref:`, `]:` or `!!!`
outside code."""

import re

import pytest
from bs4 import BeautifulSoup

from fixture_site import ARTICLE, build_site, write_site
from sitecheck import report

NEW = "posts/new.md"
LEFT_AS_TEXT = {
    "footnote-without-definition": ("A note.[^n1]", "footnote '[^n1]' has no definition"),
    "reference-link-without-definition": ("See [the *study*][s1] here.", "link '[the study][s1]' has no definition"),
    "empty-reference-link": ("See [the study][] here.", "link '[the study][]' has no definition"),
    "citation-with-capitals": ("Text [ref: White2001] here.", "write it as [ref:white2001]"),
    "citation-unclosed": ("Text [ref:white2001 here.", "is not written as [ref:key]"),
    "citation-misspelt-and-unclosed": ("Text [ref:whte2001", "write it as [ref:white2001]"),
    "definition-not-taken": ("[r]:", "'[r]:' is left as text"),
    "callout-without-blank-line": ('Text before\n!!! note "Note\n    Body.', "a callout Markdown did not read"),
    "callout-without-type": ('!!! "When to see a doctor"\n    Body.', "a callout Markdown did not read"),
    "callout-without-body": ('!!! note "Empty"\n\nNot indented.', "callout 'Empty' has no text"),
}
FINE = {
    "brackets-in-prose": "Brackets [sic] and [1] and [a] [b] in prose.",
    "syntax-in-code": "Shown as code: `[^x]`, `[ref: X]`, `[a][b]`, `[r]:` and\n\n    !!! note\n",
    "defined-footnote": "A note.[^n1]\n\n[^n1]: The note.",
    "defined-reference-link": "See [the study][s1].\n\n[s1]: https://example.org/study",
    "citation-with-spaces": "Text [ref: white2001 ] here.",
}


def line_of(body, needle):
    text = ARTICLE + "\n" + body
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("case", sorted(LEFT_AS_TEXT))
def test_syntax_left_as_text_stops_the_build_with_its_line(case, tmp_path):
    body, fragment = LEFT_AS_TEXT[case]
    content = write_site(tmp_path, {NEW: ARTICLE + "\n" + body + "\n"})
    code, printed = build_site(content, tmp_path / "output")
    first = printed.strip().splitlines()[0]
    needle = body.split("\n")[1] if case == "callout-without-blank-line" else body.split("\n")[0]
    assert code == 1 and fragment in first, f"{case}: {printed[-1500:]}"
    assert first.startswith(f"content/{NEW}:{line_of(body, needle)}: ") and " — " in first, f"{case}: {first}"
    assert not (tmp_path / "output").exists(), f"{case}: the failed build wrote output/"


@pytest.mark.parametrize("case", sorted(FINE))
def test_brackets_and_syntax_that_markdown_reads_build(case, tmp_path):
    content = write_site(tmp_path, {NEW: ARTICLE + "\n" + FINE[case] + "\n"})
    code, printed = build_site(content, tmp_path / "output")
    assert code == 0, f"{case}: {printed[-1500:]}"


LEFTOVERS = ("[^", "[ref:", "]:", "!!!")


def leftovers(site):
    """Every (page: leftover) of the site's HTML pages, in their text outside code."""
    found = []
    for page in site.pages:
        soup = BeautifulSoup(site.source(page), "lxml")  # its own copy: the shared one is not changed
        for hidden in soup.find_all(["code", "pre", "script", "style", "template"]):
            hidden.decompose()
        text = soup.get_text(" ")
        for leftover in LEFTOVERS:
            for match in re.finditer(re.escape(leftover), text):
                found.append(f"{page}: {leftover!r} in ...{text[max(0, match.start() - 40) : match.end() + 40]!r}...")
    return found


def test_no_page_of_either_build_shows_markdown_syntax(site):
    found = leftovers(site)
    assert not found, report(found, f"pages of the {site.name} build showing Markdown syntax")
