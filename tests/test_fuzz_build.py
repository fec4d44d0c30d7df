"""No crash reaches a writer: random metadata and random Markdown in one probe article
either build or stop the build with `path:line: problem — fix` lines on that file.

Hypothesis writes the probe (`content/posts/probe.md`) into the small fixture site
(tests/fixture_site.py) beside its complete article, and builds it in process, as
`make build` does. Every example must end one of two ways:
- the build succeeds; or
- it stops, printing only `content/posts/probe.md:N: problem — fix` lines (never
  another file, never pelicanconf.py, never a traceback or "the build could not go
  on"), and output/ is exactly the last good build.

The examples are the same on every run (derandomized), so CI is repeatable; set
FUZZ_EXAMPLES=2000 FUZZ_RANDOM=1 to explore further on your own machine.
"""

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixture_site import ARTICLE, build_site, snapshot, write_site

PROBE = "content/posts/probe.md"
LINE = re.compile(r"^content/posts/probe\.md:\d+: \S.* — \S")
# How an exception that escaped a check reads once Pelican or the build has caught it.
CRASH = re.compile(r"Could not process|\b\w*(Error|Exception)\b: ")
SUMMARY = re.compile(r"^The build stopped: \d+ problems? above\.")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "500"))

# Text a writer (or a word processor) could type: any character, controls, invisible
# and right-to-left ones included, weighted toward the ones Markdown and the checks read.
SPECIAL = list("[](){}<>!#*_`~|:;,.&\"'=/\\-+ \t\n\r") + [
    "\x00",
    "\x01",
    "\x1b",
    "\x7f",
    "\x85",
    "\u00a0",
    "\u00ad",
    "\u200b",
    "\u200e",
    "\u202e",
    "\u2028",
    "\u2066",
    "\ufeff",
    "\ufffd",
    "é",
    "e\u0301",
    "ß",
    "İ",
    "ا",
    "א",
    "中",
    "🦶",
]
characters = st.one_of(st.sampled_from(SPECIAL), st.characters(exclude_categories=["Cs"]))
text = st.lists(characters, max_size=40).map("".join)
words = st.text(st.sampled_from(list("abcdefghij -")), min_size=1, max_size=20)

VALID_VALUES = {
    "title": ["A probe", "Ünïcödé title", "عنوان", "x" * 300],
    "date": ["2026-11-20", "2026-11-20 10:30", "2026-11-20T10:30:00+05:00", "2026-02-30", "2099-01-01", "0000-00-00"],
    "modified": ["2026-11-21", "2026-11-19", "2026-11-20T23:00-12:00", "2099-01-01"],
    "tags": ["probe, test", "neuropathy", "a,,b", "Test, test", "x" * 41],
    "summary": ["One plain sentence.", "*Emphasis* and [a link](https://example.org).", "<b>bold</b>"],
    "slug": ["probe", "complete", "feeds", "con", "../up", "a--b"],
    "lang": ["en", "en-GB", "ar", "he", "zz-Zzzz", "en\u202e"],
    "status": ["published", "draft", "hidden", "secret"],
    "series": ["Foot care", "Acupuncture and neuropathy", "foot care"],
    "series_index": ["1", "2", "0", "two", "99999"],
    "reviewed": ["2026-11-20", "2099-01-01"],
    "next_review": ["2027-11-20", "2026-01-01", "2026-11-23"],
    "author": ["Sam Lee", "<b>Sam</b>"],
    "editor_note": ["A correction.", "[link](javascript:alert(1))"],
    "editor_note_date": ["2026-11-22"],
    "robots": ["noindex", "index"],
    "key_points": ["\n    One.\n    Two.\n    Three."],
    "original_text": ["yes"],
    "save_as": ["index.html"],
    "category": ["News"],
}
keys = st.one_of(st.sampled_from(sorted(VALID_VALUES)), st.text(st.sampled_from(list("abcXYZ_-09")), min_size=1))


COMPLETE_HEAD, COMPLETE_BODY = ARTICLE.replace("A complete test article", "A probe", 1).split("\n\n", 1)


@st.composite
def metadata_block(draw, changes):
    """The complete article's metadata with `changes` fields changed, added or dropped:
    real, borderline or random values."""
    lines = [line + "\n" for line in COMPLETE_HEAD.splitlines()]
    for _ in range(changes):
        if draw(st.integers(0, 5)) == 0:
            del lines[draw(st.integers(0, len(lines) - 1))]
            continue
        key = draw(keys)
        choices = VALID_VALUES.get(key, [])
        value = draw(st.one_of(st.sampled_from(choices), text) if choices else text)
        at = draw(st.integers(0, len(lines)))
        replace = draw(st.booleans()) and at < len(lines) and not lines[at].startswith(" ")
        lines[at : at + replace] = [f"{key.capitalize()}: {value}\n"]
    return "".join(lines)


MARKDOWN = [
    "## A section",
    "# A second title",
    "#### A skipped level",
    "## Heading {: #main }",
    "- a list\n    - nested\n        - deeper",
    "> a quote\n> > nested",
    "1. one\n2. two",
    "[a link](https://example.org)",
    "[a link](javascript:alert(1))",
    "[a link]({filename}complete.md#more-text)",
    "[a link]({filename}../../pelicanconf.py)",
    "[a link][undefined]",
    "<https://example.org>",
    "![alt]({static}/images/none.png)",
    "![](x.png)",
    "![A grey square]({static}/images/square.png)",
    '![A grey\x01 square\u202e]({static}/images/square.png "a \x1b title")',
    '![A grey square]({static}/images/square.png){: width="9999" }',
    "A claim [ref:white2001].",
    "A claim [ref:nosuchkey].",
    "A note[^1].",
    "[^1]: The note.",
    '!!! see-a-doctor "When to see a doctor"\n    See a doctor.',
    "!!! unknown",
    '<span style="color:red">pasted</span>',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!-- a comment -->",
    "```\n<script>code</script>\n```",
    "| a | b |\n|:--|--:|\n| 1 | 2 |",
    "*emphasis* **strong** `code`",
    "---",
    "Acupuncture always cures neuropathy.",
]
block = st.one_of(*[st.sampled_from(MARKDOWN)] * 3, text)


@st.composite
def body_text(draw, changes):
    """The complete article's text with `changes` blocks of Markdown (or random text) put
    between its paragraphs; sometimes those blocks alone."""
    paragraphs = COMPLETE_BODY.split("\n\n") if draw(st.integers(0, 5)) else []
    for _ in range(changes):
        paragraphs.insert(draw(st.integers(0, len(paragraphs))), draw(block))
    return "\n\n".join(paragraphs)


@st.composite
def probe_article(draw):
    """One change at a time, usually, so most probes get past the first check that stops
    the build and reach the reader, the sanitizer and every check after it."""
    in_head, in_body = draw(
        st.sampled_from([(0, 1)] * 4 + [(0, 2)] * 2 + [(1, 0)] * 2 + [(2, 0), (1, 1), (0, 0), (3, 3)])
    )
    return draw(metadata_block(in_head)) + "\n" + draw(body_text(in_body)) + "\n"


@st.composite
def probe_bytes(draw):
    """Usually UTF-8 text; sometimes with a BOM, CRLF line ends or bytes that are not UTF-8."""
    data = draw(probe_article()).encode("utf-8", "surrogatepass")
    choice = draw(st.integers(0, 14))
    if choice == 0:
        data = b"\xef\xbb\xbf" + data
    elif choice == 1:
        data = data.replace(b"\n", b"\r\n")
    elif choice == 2:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data


def square_png():
    from io import BytesIO

    from PIL import Image

    data = BytesIO()
    Image.new("RGB", (40, 30), "grey").save(data, format="PNG")
    return data.getvalue()


def test_random_articles_build_or_stop_with_lines_on_the_probe(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    content = write_site(folder, {"images/square.png": square_png()})
    output = folder / "output"
    code, printed = build_site(content, output)
    assert code == 0, f"the fixture site itself does not build:\n{printed}"
    probe = content / "posts" / "probe.md"
    failures = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not os.environ.get("FUZZ_RANDOM"),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(probe_bytes())
    def one(data):
        probe.write_bytes(data)
        before = snapshot(output)
        code, printed = build_site(content, output)
        lines = [line for line in printed.strip().splitlines() if line.strip()]
        wrong = []
        if "Traceback" in printed or "the build could not go on" in printed or CRASH.search(printed):
            wrong.append("a crash reached the writer")
        if any(line.startswith("pelicanconf.py") for line in lines):
            wrong.append("the settings file was blamed for an article")
        if any(not (c.isprintable() or c == " ") for line in lines for c in line):
            wrong.append("a line holds a character the terminal would not show as itself")
        if code != 0:
            problems = [line for line in lines if not SUMMARY.match(line)]
            wrong += [f"not a line on {PROBE}: {line!r}" for line in problems if not LINE.match(line)]
            if not problems:
                wrong.append("the build stopped without saying why")
            if snapshot(output) != before:
                wrong.append("the failed build changed output/")
        if wrong:
            failures.append((data, code, wrong, printed))
        assert not wrong, f"{PROBE} = {data!r}\nexit {code}: " + "; ".join(wrong) + f"\nprinted:\n{printed[-3000:]}"

    one()
