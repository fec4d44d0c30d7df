"""Bounded work: no content file can make the build run for minutes or exhaust memory.

Every regular expression of plugins/blog that reads content (bodies, metadata, the
bibliography, messages that quote them) is fed a 100 KB pathological input and must
finish in well under a second; the sanitizer's account of what it refused is linear;
the limits of `blog.limits` refuse a file before any other pass reads it; and a build
of one hostile file finishes or is refused within 60 s with the right line."""

import importlib
import pkgutil
import re
import time

import pytest

from blog import (
    bibliography,
    fragments,
    front_matter,
    health_rules,
    leftover_syntax,
    limits,
    link_addresses,
    page_ids,
    pictures,
    problems,
    reader,
    reading_time,
    report_link,
    sanitizer,
    schema,
    site_icons,
    social_cards,
    sources,
    toc_entries,
)
from fixture_site import ARTICLE, build_site, write_site

SIZE = 100_000
SECONDS = 0.5  # generous: a linear pass over 100 KB takes milliseconds


def fill(unit):
    """`unit` repeated to SIZE characters."""
    return (unit * (SIZE // len(unit) + 1))[:SIZE]


def everywhere(pattern):
    return lambda text: list(pattern.finditer(text))


def matched(pattern):
    return lambda text: pattern.match(text)


# name: (what runs the regular expression, [pathological inputs])
REGEXES = {
    "reader.IMAGE": (everywhere(reader.IMAGE), [fill("<img "), fill("<img alt='"), fill("<img <")]),
    "reader.ATTRIBUTE": (everywhere(reader.ATTRIBUTE), [fill("a="), fill('a="'), fill("a =  "), fill("a")]),
    "reader.IMAGE_START": (everywhere(reader.IMAGE_START), [fill("<img")]),
    "reader.OWN_FILE": (matched(reader.OWN_FILE), [fill("{static}"), fill("{")]),
    "reader.PICTURE": (everywhere(reader.PICTURE), [fill("<p>"), fill("<p> <img "), fill("<p><img a>"), fill("<img ")]),
    "reader.FILE_NAME": (
        lambda text: reader.FILE_NAME.fullmatch(text),
        [fill("a."), fill("IMG_1"), fill("a-"), fill(".jp")],
    ),
    "pictures.COPY": (
        everywhere(pictures.COPY),
        [fill("/images/"), fill("/images/a-"), fill("/images/a-0123456789ab-"), fill("-0123456789ab-1.")],
    ),
    "health_rules.ABSOLUTE_CLAIMS": (
        everywhere(health_rules.ABSOLUTE_CLAIMS),
        [fill("miracle"), fill("boost "), fill("no side-"), fill("cure")],
    ),
    "health_rules.EFFICACY": (everywhere(health_rules.EFFICACY), [fill("reduc"), fill("eas"), fill("help")]),
    "health_rules.CITATION": (everywhere(health_rules.CITATION), [fill("[ref:"), fill("[ref:a, ")]),
    "health_rules.TAG": (everywhere(health_rules.TAG), [fill("<"), fill("<p ")]),
    "health_rules.sentences_with": (
        lambda text: health_rules.sentences_with(health_rules.EFFICACY, text),
        [fill(". "), fill("!  "), fill("help. ")],
    ),
    "health_rules.normalise": (health_rules.normalise, [fill(" \u00a0"), fill("\n ")]),
    "bibliography.CITATION": (
        everywhere(bibliography.CITATION),
        [fill("[ref:a, "), fill("[ref:a,"), fill("[ref: "), fill("[ref:a "), fill("[ref:" + "a" * 50 + ",")],
    ),
    "bibliography.line_of": (lambda text: bibliography.line_of(text, "x"), [fill('"id" : '), fill('"id"  ')]),
    "bibliography.DOI": (matched(bibliography.DOI), [fill("10.1234/"), "10.1234/" + fill("x") + '"']),
    "bibliography.DOI_PREFIX": (matched(bibliography.DOI_PREFIX), [fill("doi:"), "doi:" + fill(" ")]),
    "bibliography.NUMBERING": (matched(bibliography.NUMBERING), [fill("1 ") + "<"]),
    "bibliography.PMID": (matched(bibliography.PMID), [fill("1")]),
    "bibliography.PMCID": (matched(bibliography.PMCID), [fill("PMC1")]),
    "bibliography.URL_REFUSED": (everywhere(bibliography.URL_REFUSED), [fill(" a")]),
    "leftover_syntax.FOOTNOTE": (everywhere(leftover_syntax.FOOTNOTE), [fill("[^"), fill("[^a")]),
    "leftover_syntax.CITATION": (everywhere(leftover_syntax.CITATION), [fill("[ref:"), fill("[ref:a, ")]),
    "leftover_syntax.REFERENCE_LINK": (
        everywhere(leftover_syntax.REFERENCE_LINK),
        [fill("[a]"), fill("[a]["), fill("[a][b"), fill("[")],
    ),
    "leftover_syntax.DEFINITION": (everywhere(leftover_syntax.DEFINITION), [fill("["), fill("[a]")]),
    "leftover_syntax.CALLOUT": (everywhere(leftover_syntax.CALLOUT), [fill("!"), fill("!!!a")]),
    "link_addresses.EMAIL": (
        lambda text: link_addresses.EMAIL.fullmatch(text),
        [fill("a@"), fill("@a"), fill("a")],
    ),
    "page_ids.OPENING": (
        everywhere(page_ids.OPENING),
        [fill("<a "), fill("<a id="), fill('<a id="'), fill("<a id='x' ")],
    ),
    "page_ids.TAG": (everywhere(page_ids.TAG), [fill("<"), fill("<a ")]),
    "page_ids.EXPRESSION": (everywhere(page_ids.EXPRESSION), [fill("{{"), fill("{%"), fill("{{ }")]),
    "link_addresses.LINK": (
        everywhere(link_addresses.LINK),
        [fill("<a"), fill('<a href="x"'), fill("<a  "), fill('<a b="')],
    ),
    "link_addresses.ATTRIBUTE": (everywhere(link_addresses.ATTRIBUTE), [fill("a="), fill('a="'), fill("a")]),
    "report_link.UNSAFE": (everywhere(report_link.UNSAFE), [fill("a")]),
    "report_link.EMAIL": (matched(report_link.EMAIL), [fill("a") + "@", fill("a@a") + "!", fill("a@a.")]),
    "site_icons.HEX_COLOUR": (everywhere(site_icons.HEX_COLOUR), [fill("#12345")]),
    "bibliography.KEY": (matched(bibliography.KEY), [fill("a-") + "!"]),
    "bibliography.TRUSTED_URL": (
        matched(bibliography.TRUSTED_URL),
        ["https://doi.org/10.1234/" + fill("x") + " ", "https://pubmed.ncbi.nlm.nih.gov/" + fill("1") + "x"],
    ),
    "sources.INTRASITE": (everywhere(sources.INTRASITE), [fill("{static}"), fill("{static"), fill("|tag|")]),
    "fragments.ID": (everywhere(fragments.ID), [fill("id="), fill('id="'), fill("id  ")]),
    "fragments.LINK": (
        everywhere(fragments.LINK),
        [fill('href="{filename}'), fill('href="#'), fill("href= ")],
    ),
    "toc_entries.H2": (everywhere(toc_entries.H2), [fill('<h2 id="x">'), fill("<h2 "), fill('<h2 id="')]),
    "toc_entries.TAG": (everywhere(toc_entries.TAG), [fill("<")]),
    "reading_time.TAG": (everywhere(reading_time.TAG), [fill("<")]),
    "social_cards.plain": (social_cards.plain, [fill("<"), fill("<b ")]),
    "social_cards.EMOJI": (everywhere(social_cards.EMOJI), [fill("\u2600a")]),
    "social_cards.RTL": (everywhere(social_cards.RTL), [fill("\u05d0a")]),
    "front_matter.BEGIN": (matched(front_matter.BEGIN), ["---" + fill(" ")]),
    "front_matter.META": (matched(front_matter.META), [fill("a"), "a:" + fill(" ")]),
    "front_matter.META_MORE": (matched(front_matter.META_MORE), [fill(" ")]),
    "front_matter.END": (matched(front_matter.END), [fill("-"), "---" + fill(" ")]),
    "schema.NAME": (matched(schema.NAME), [fill("a .") + "<"]),
    "schema.TAG": (matched(schema.TAG), [fill("a '") + "<"]),
    "schema.SLUG": (matched(schema.SLUG), [fill("a-") + "!", fill("a") + "-!"]),
    "schema.BCP47": (
        matched(schema.BCP47),
        ["en" + fill("-a-bb") + "!", "en" + fill("-12345") + "!", "en" + fill("-x-a") + "!"],
    ),
    "schema.ISO_DATE": (matched(schema.ISO_DATE), [fill("1")]),
    "schema.ISO_DATE_TIME": (matched(schema.ISO_DATE_TIME), [fill("1")]),
    "schema.slug_of": (schema.slug_of, [fill("!a"), fill(" ")]),
    "problems.COVERED": (matched(problems.COVERED), ["Unable to find " + fill("a")]),
    "problems.MARKDOWN_FILE": (
        everywhere(problems.MARKDOWN_FILE),
        [fill("a "), fill("a.m "), fill(".md")],
    ),
    "limits.check_text": (lambda text: limits.check_text(text, 1), [fill("[ "), fill("<a "), fill("- "), fill(">")]),
    "limits.FENCE": (matched(limits.FENCE), [fill(" "), fill("`")]),
    "limits.HEADING": (matched(limits.HEADING), [fill(" "), fill("#")]),
    "limits.FOOTNOTE": (matched(limits.FOOTNOTE), ["[^" + fill("x")]),
    "limits.TAG_START": (everywhere(limits.TAG_START), [fill("<a")]),
    "limits.META_KEY": (matched(limits.META_KEY), ["tags:" + fill(" ")]),
    "limits.CONTROL": (everywhere(limits.CONTROL), [fill("a")]),
    "limits.NESTING_TAG": (everywhere(limits.NESTING_TAG), [fill("<ul"), fill("</")]),
    "limits.DEFINITION": (matched(limits.DEFINITION), ["[" + fill("x")]),
    "limits.LIST_ITEM": (matched(limits.LIST_ITEM), [fill(" "), fill("\t") + "1"]),
    "limits.QUOTES": (matched(limits.QUOTES), [fill("> ") + "x"]),
}
CASES = [(name, index) for name, (_, inputs) in REGEXES.items() for index in range(len(inputs))]


@pytest.mark.parametrize("name, index", CASES, ids=[f"{name}-{index}" for name, index in CASES])
def test_every_regular_expression_that_reads_content_is_linear(name, index):
    run, inputs = REGEXES[name]
    text = inputs[index]
    started = time.perf_counter()
    run(text)
    seconds = time.perf_counter() - started
    assert seconds < SECONDS, f"{name} took {seconds:.2f} s on 100 KB of {text[:12]!r}…: it is not linear"


def test_the_table_names_every_regular_expression_of_the_plugins():
    """A new module-level pattern in plugins/blog must get a row above."""
    import blog

    found = set()
    for info in pkgutil.iter_modules(blog.__path__):
        module = importlib.import_module(f"{blog.__name__}.{info.name}")
        for attribute, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.add(f"{info.name}.{attribute}")
    missing = sorted(found - set(REGEXES))
    assert not missing, f"patterns without a pathological input in REGEXES: {missing}"


SPANS = "\n".join(f'<p><span style="font-family: Calibri; color: #{i:06x}">Pasted {i}.</span></p>' for i in range(1000))


def test_a_thousand_refused_spans_cost_milliseconds_and_are_one_problem():
    started = time.perf_counter()
    found = sanitizer.refused(SPANS)
    seconds = time.perf_counter() - started
    assert seconds < 1, f"the sanitizer took {seconds:.1f} s on 1,000 pasted spans"
    assert found == [("attribute 'style' on <span>", "style", "remove it")], found


HOSTILE_HTML = [
    '<a href="&#106;avascript:alert(1)">x</a>',
    "<svg/onload=alert(1)>",
    '<p style="color:red">Red</p>',
    '<p onclick="steal()">Click</p>',
    '<p class="review-overdue">x</p>',
    '<div class="danger">x</div>',
    "<!-- a note -->",
    '<iframe src="https://example.com"></iframe>',
    '<img alt="x" src="{static}/x.png" srcset="https://example.com/x.png 2x">',
    '<table><tr><td style="text-align:center">1</td></tr></table>',
    "<div><p>not well formed</div>",
    '<a href="http://[::1">z</a>',
    '<a href="https://example.com" rel="x" target="_blank">x</a>',
]


@pytest.mark.parametrize("markup", HOSTILE_HTML)
def test_whatever_nh3_would_change_is_reported(markup):
    changed = sanitizer.normalised(markup) != sanitizer.normalised(sanitizer.clean(markup))
    assert changed, f"nh3 keeps {markup!r} as it is: not a hostile case"
    assert sanitizer.refused(markup), f"nh3 changes {markup!r} but refused() reports nothing"


@pytest.mark.parametrize(
    "markup",
    ['<p lang="en" title="t">x</p>', '<a href="mailto:a@b.c" title="t">m</a>', '<div class="admonition note">x</div>'],
)
def test_what_nh3_keeps_is_not_reported(markup):
    assert sanitizer.refused(markup) == [], f"{markup!r}: {sanitizer.refused(markup)}"


def body(text):
    return ARTICLE + "\n" + text + "\n"


# case: (the file's text, what the first line says)
HOSTILE_FILES = {
    "thousand-span-paste": (body(SPANS), "attribute 'style' on <span>"),
    "a-megabyte-of-nested-lists": (
        body("".join("    " * (i % 12) + "- item\n" for i in range(120_000))),
        "at most 1,000 KB",
    ),
    "nested-lists": (body("".join("    " * i + "- item\n" for i in range(12))), "nested 9 deep"),
    "nested-quotes": (body("> " * 20 + "deep"), "nested 20 deep"),
    "nested-html-quotes": (body("<blockquote>" * 5000 + "deep" + "</blockquote>" * 5000), "nested 5000 deep"),
    "100-kb-of-brackets": (body("\n".join(["[" * 5000] * 20)), "more than 50 '['"),
    "brackets-in-a-long-paragraph": (body(("[ref:a, " + "x " * 20) * 400), "more than 50 '['"),
    "long-line": (body("word " * 40_001), "characters long"),
    "50000-headings": (body("".join(f"## H {i}\n\n" for i in range(50_000))), "more than 200 headings"),
    "footnotes": (body("".join(f"x[^{i}]\n\n[^{i}]: note\n\n" for i in range(300))), "more than 200 footnotes"),
    "unclosed-tags": (body("<a \n" * 2000), "without a '>'"),
    "just-under-every-limit": (body("\n\n".join([("[" + "x " * 95) * 50] * 95)), "words — an article has"),
    "eleven-tags": (ARTICLE.replace("Tags: test, neuropathy", "Tags: " + ", ".join("abcdefghijk")), "11 tags"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_FILES))
def test_a_build_of_one_hostile_file_finishes_or_is_refused_within_a_minute(case, tmp_path):
    text, expected = HOSTILE_FILES[case]
    content = write_site(tmp_path, {"posts/new.md": text})
    started = time.perf_counter()
    code, printed = build_site(content, tmp_path / "output")
    seconds = time.perf_counter() - started
    lines = [line for line in printed.splitlines() if line.startswith("content/posts/new.md:")]
    assert seconds < 60, f"{case}: the build took {seconds:.0f} s"
    assert code == 1 and any(expected in line for line in lines), f"{case}: expected {expected!r}:\n{printed[:1500]}"
