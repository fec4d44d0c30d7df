"""Links in data: every address that reaches a page is an http(s) address (or mailto:, or the
site's own), however a writer's Markdown or bibliography.json disguises another; every
bibliography field is plain text, escaped in the reference list, the JSON-LD and the feeds.

In process, on the small fixture site (tests/fixture_site.py); the last tests read every page
of both full builds."""

import json
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from fixture_site import ARTICLE, BIBLIOGRAPHY, build_site, snapshot, write_site
from sitecheck import report

NEW = "posts/new.md"
# Markdown links and autolinks to a scheme other than http(s)/mailto, disguised every way we know.
OBFUSCATED = {
    "plain": "[x](javascript:alert(1))",
    "mixed-case": "[x](JaVaScRiPt:alert(1))",
    "tab-entity": "[x](java&#x09;script:alert(1))",
    "decimal-entity": "[x](&#106;avascript:alert(1))",
    "all-hex-entities": "[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
    "colon-entity": "[x](javascript&colon;alert(1))",
    "hex-colon-entity": "[x](javascript&#x3A;alert(1))",
    "tab-inside": "[x](java\tscript:alert(1))",
    "leading-space": "[x]( javascript:alert(1))",
    "newline-inside": "[x](java\nscript:alert(1))",
    "angle-brackets": "[x](<javascript:alert(1)>)",
    "vbscript": "[x](vbscript:msgbox(1))",
    "data-url": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "autolink": "<javascript:alert(1)>",
    "autolink-data": "<data:text/html,x>",
    "percent-encoded": "[x](%6Aavascript:alert(1))",
    "control-x01": "[x](java\x01script:alert(1))",
    "control-x7f": "[x](java\x7fscript:alert(1))",
    "nul": "[x](java\x00script:alert(1))",
    "zero-width-space": "[x](java\u200bscript:alert(1))",
    "reference-definition": "[x][r]\n\n[r]: javascript:alert(1)",
    "raw-a": '<a href="javascript:alert(1)">x</a>',
    "raw-a-leading-space": '<a href=" javascript:alert(1)">x</a>',
    "raw-a-newline": '<a href="java\nscript:alert(1)">x</a>',
    "raw-a-tab-entity": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "file": "[x](file:///etc/passwd)",
    "ftp": "[x](ftp://evil.example/)",
    "protocol-relative": "[x](//evil.example/x)",
    "raw-a-protocol-relative": '<a href="//evil.example/">x</a>',
    "backslash-host": "[x](/\\evil.example/)",
    "https-without-host": "[x](https:/evil.example)",
    "mailto-without-address": "[x](mailto:)",
}
ALLOWED_SCHEMES = {"", "http", "https", "mailto"}


def build(tmp_path, files, *settings):
    """(exit code, printed, output before, output after, staging left, output folder)."""
    content = write_site(tmp_path, files)
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the last good build", encoding="utf-8")
    before = snapshot(output)
    code, printed = build_site(content, output, *settings)
    return code, printed, before, snapshot(output), (tmp_path / ".output-next").exists(), output


def assert_stopped(result, path, *fragments):
    code, printed, before, after, staging_left, _ = result
    first = printed.strip().splitlines()[0] if printed.strip() else ""
    assert code == 1, f"exit code {code}, expected 1; printed:\n{printed[-1500:]}"
    assert re.match(rf"^{re.escape(path)}:\d+: .+ — .+", first), f"not '{path}:line: problem — fix': {first}"
    for fragment in fragments:
        assert fragment in first, f"the first line does not say {fragment!r}: {first}"
    assert "Traceback" not in printed, printed
    assert after == before and not staging_left, "the failed build changed output/ or left its staging folder"


def hrefs_not_allowed(folder):
    """Every (page, href) of the built pages whose scheme is not http(s)/mailto or that leaves
    out the scheme for another host."""
    found = []
    for page in sorted(folder.rglob("*.html")):
        for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").find_all(href=True):
            href = tag["href"]
            scheme = urlsplit(href.strip()).scheme
            if scheme not in ALLOWED_SCHEMES or href.strip().startswith("//") or "\\" in href:
                found.append(f"{page.relative_to(folder)}: <{tag.name} href={href!r}>")
    return found


@pytest.mark.parametrize("case", sorted(OBFUSCATED))
def test_a_disguised_scheme_in_a_markdown_link_stops_the_build(case, tmp_path):
    result = build(tmp_path, {NEW: ARTICLE + "\n" + OBFUSCATED[case] + "\n"})
    assert_stopped(result, f"content/{NEW}")


def test_there_are_at_least_twenty_disguises():
    assert len(OBFUSCATED) >= 20, len(OBFUSCATED)


def test_no_page_of_a_fixture_build_links_to_another_scheme(tmp_path):
    """Allowed addresses build, and what is built links only to http(s), mailto: or the site."""
    body = "[a](https://example.org/a) [b](http://example.org/b) [c](mailto:editors@example.org) [d](#more-text)"
    code, printed, _, _, _, output = build(tmp_path, {NEW: ARTICLE + "\n" + body + "\n"})
    assert code == 0, printed
    assert not hrefs_not_allowed(output), report(hrefs_not_allowed(output), "links to other schemes")


def entry(**changes):
    """The fixture's one bibliography entry with fields changed (None removes one)."""
    item = dict(BIBLIOGRAPHY[0], **changes)
    return json.dumps([{k: v for k, v in item.items() if v is not None}], indent=2, ensure_ascii=False)


# bibliography.json entries that must be refused: (entry, fragments of the first line)
BAD_ENTRIES = {
    "doi-breaks-out-of-the-attribute": (
        entry(DOI='10.1136/bmj.323.7311.485" onmouseover="alert(1)'),
        ["entry 'white2001': the DOI", "is not a DOI"],
    ),
    "doi-with-markup": (entry(DOI="10.1136/<script>alert(1)</script>"), ["is not a DOI"]),
    "doi-with-a-space": (entry(DOI="10.1136/bmj 323"), ["is not a DOI"]),
    "doi-with-a-newline": (entry(DOI="10.1136/bmj.323\n"), ["is not a DOI"]),
    "doi-not-a-doi": (entry(DOI="bmj.323.7311.485"), ["is not a DOI"]),
    "doi-with-doi-prefix": (entry(DOI="doi:10.1136/bmj.323.7311.485"), ["starts with 'doi:'", "write only"]),
    "doi-with-resolver": (entry(DOI="https://doi.org/10.1136/bmj.323.7311.485"), ["starts with 'https://doi.org/'"]),
    "doi-with-old-resolver": (entry(DOI="http://dx.doi.org/10.1136/bmj.323.7311.485"), ["starts with"]),
    "doi-with-full-stop": (entry(DOI="10.1136/bmj.323.7311.485."), ["ends with a full stop"]),
    "doi-a-number": (entry(DOI=10.1136), ["is not text"]),
    "pmid-not-digits": (entry(PMID="11577043x"), ["the PMID '11577043x' is not a PubMed number"]),
    "pmcid-with-markup": (entry(PMCID='PMC1"><b>'), ["is not a PMC number"]),
    "url-javascript": (entry(URL="javascript:alert(1)"), ["the URL 'javascript:alert(1)' is not a web address"]),
    "url-with-a-quote": (entry(URL='https://doi.org/10.1136/x"onclick="a'), ["is not a plain web address"]),
    "url-without-host": (entry(URL="https:///x"), ["is not a web address"]),
    "page-with-markup": (entry(page="485-486 <i>x</i>"), ["'page' '485-486 <i>x</i>' may hold only"]),
    "title-not-text": (entry(title=["A", "list"]), ["'title' is not text"]),
    "title-control-character": (entry(title="Bell \x07 in a title"), ["'title' has a control character"]),
    "journal-bidi-override": (entry(**{"container-title": "BMJ \u202e"}), ["has a control character"]),
    "author-with-markup-field": (
        entry(author=[{"family": "White", "given": "A", "onclick": "x"}]),
        ["'author' is not a list of names"],
    ),
    "issued-not-a-date": (entry(issued={"date-parts": [["2001", "x"]]}), ["'issued' is not a date"]),
}


@pytest.mark.parametrize("case", sorted(BAD_ENTRIES))
def test_a_bad_bibliography_field_stops_the_build(case, tmp_path):
    text, fragments = BAD_ENTRIES[case]
    result = build(tmp_path, {"bibliography.json": text})
    assert_stopped(result, "content/bibliography.json", *fragments)


def test_a_bad_field_is_reported_on_its_own_line(tmp_path):
    text = entry(DOI="doi:10.1136/bmj.323.7311.485")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"DOI"' in row)
    printed = build(tmp_path, {"bibliography.json": text})[1]
    assert printed.startswith(f"content/bibliography.json:{line}: "), printed


def test_an_unknown_key_suggests_the_nearest(tmp_path):
    printed = build(tmp_path, {NEW: ARTICLE + "\nMore [ref:white2010].\n"})[1]
    assert "citation [ref:white2010] has no entry — did you mean [ref:white2001]?" in printed, printed


HOSTILE_TEXT = '<img src=x onerror=alert(1)> "quoted" & <b>bold</b> </script>'


def test_bibliography_text_is_text_on_the_page_in_json_ld_and_in_feeds(tmp_path):
    """Markup in every text field of an entry shows as typed in the reference list, the
    JSON-LD and the feeds, and never becomes an element or an attribute."""
    item = dict(
        BIBLIOGRAPHY[0],
        title=f"Title {HOSTILE_TEXT}",
        **{"container-title": f"Journal {HOSTILE_TEXT}", "container-title-short": f"Journal {HOSTILE_TEXT}"},
        author=[{"family": f"White {HOSTILE_TEXT}", "given": "A"}],
    )
    feeds = ['--set=FEED_ALL_ATOM="feeds/all.atom.xml"', '--set=FEED_ALL_RSS="feeds/all.rss.xml"']
    code, printed, _, _, _, output = build(tmp_path, {"bibliography.json": json.dumps([item])}, *feeds)
    assert code == 0, printed
    html = (output / "posts/complete/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    reference = soup.select_one("#ref-white2001")
    assert reference is not None, "no reference list entry"
    text = reference.get_text()
    assert f"Title {HOSTILE_TEXT}" in text and f"Journal {HOSTILE_TEXT}" in text, text
    assert not reference.find(["img", "b", "script"]), f"markup from bibliography.json became elements: {reference}"
    assert not soup.find(attrs={"onerror": True}), "an attribute from bibliography.json reached the page"
    assert [a["href"] for a in reference.find_all("a", href=re.compile("doi"))] == [
        "https://doi.org/10.1136/bmj.323.7311.485"
    ], reference
    scripts = [s.string for s in soup.find_all("script", type="application/ld+json")]
    assert all("</script" not in s.lower() for s in scripts), "JSON-LD can close its script element"
    citations = [c for s in scripts for g in json.loads(s).get("@graph", []) for c in g.get("citation", [])]
    assert [c["name"] for c in citations] == [f"Title {HOSTILE_TEXT}"], citations
    assert citations[0]["isPartOf"]["name"] == f"Journal {HOSTILE_TEXT}", citations
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        xml = (output / feed).read_text(encoding="utf-8")
        assert "onerror" not in xml and "<b>bold" not in xml and "&lt;b&gt;bold" not in xml, f"{feed}: {xml[:500]}"


@pytest.mark.parametrize(
    "setting, fragment",
    [
        ('REPORT_ISSUE_URL="javascript:alert(1)"', "REPORT_ISSUE_URL 'javascript:alert(1)' is not an http(s)"),
        ('REPORT_ISSUE_URL="https://github.com/o/r/issues/new\\" onclick=\\"x"', "is not an http(s) address"),
        ('REPORT_ISSUE_URL="//github.com/o/r/issues/new"', "is not an http(s) address"),
        ('REPORT_EMAIL="editors@example.org?bcc=all@example.org"', "is not a plain e-mail address"),
        ('REPORT_EMAIL="javascript:alert(1)//@example.org"', "is not a plain e-mail address"),
        ('REPORT_EMAIL="editors@example.org\\" onclick=\\"x"', "is not a plain e-mail address"),
    ],
)
def test_a_bad_report_link_setting_stops_the_build_naming_pelicanconf(setting, fragment, tmp_path):
    result = build(tmp_path, {}, f"--set={setting}")
    first = result[1].strip().splitlines()[0]
    assert re.match(r"^pelicanconf\.py:\d+: .+ — .+", first) and fragment in first, result[1]
    assert result[0] == 1 and result[3] == result[2], result[1]


def test_a_report_issue_url_with_a_query_keeps_it(tmp_path):
    code, printed, _, _, _, output = build(
        tmp_path, {}, '--set=REPORT_ISSUE_URL="https://github.com/o/r/issues/new?labels=mistake"'
    )
    assert code == 0, printed
    soup = BeautifulSoup((output / "posts/complete/index.html").read_text(encoding="utf-8"), "lxml")
    href = soup.select_one(".report-mistake a")["href"]
    assert href.startswith("https://github.com/o/r/issues/new?labels=mistake&title="), href


def test_no_page_of_either_build_links_to_another_scheme(site):
    found = hrefs_not_allowed(site.root)
    assert not found, report(found, f"links to schemes other than http(s)/mailto in the {site.name} build")
