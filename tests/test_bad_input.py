"""Bad input stops the build with one line naming the file, the line and the fix,
and never touches the last good output.

Each case copies the content into a temporary folder, adds or breaks one file
and builds exactly as `invoke build` does."""

import hashlib
import shutil

import pytest
from invoke import Exit

import tasks
from sitecheck import CONTENT, build

SEED = "posts/healing-touch.md"
SAFETY = "posts/acupuncture-safety.md"
FIXTURE = "posts/fixture.md"
GOOD = """Title: A fixture article
Date: 2026-11-20
Tags: test
Summary: A fixture for the bad-input tests.

A paragraph of text.
"""


def line_of(relative, prefix):
    lines = (CONTENT / relative).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(prefix))


def fixture(text):
    """A case that adds posts/fixture.md with this text."""
    return (FIXTURE, lambda _: text)


def fixture_with(old, new):
    return fixture(GOOD.replace(old, new))


def fixture_body(extra):
    return fixture(GOOD + "\n" + extra + "\n")


def edit(relative, change):
    return (relative, change)


BODY_LINE = GOOD.count("\n") + 2  # the line of text fixture_body adds

# case: (file and how to write it, fragments the build output must contain)
CASES = {
    "missing-title": (fixture_with("Title: A fixture article\n", ""), ["fixture.md:1:", "'Title' is missing"]),
    "missing-date": (fixture_with("Date: 2026-11-20\n", ""), ["fixture.md:1:", "'Date' is missing"]),
    "missing-summary": (fixture_with("Summary: A fixture for the bad-input tests.\n", ""), ["'Summary' is missing"]),
    "empty-tags": (fixture_with("Tags: test", "Tags:"), ["fixture.md:3:", "'Tags' is empty"]),
    "unparseable-date": (fixture_with("2026-11-20", "2026-13-45"), ["fixture.md:2:", "'2026-13-45' is not a date"]),
    "future-date": (fixture_with("2026-11-20", "2099-01-01"), ["fixture.md:2:", "is in the future"]),
    "todo-left-in": (fixture_with("A fixture for", "TODO: a fixture for"), ["fixture.md:4:", "still says TODO"]),
    "typo-in-key": (fixture_with("Summary:", "Summary: x\nSumary:"), ["fixture.md:5:", "did you mean 'Summary'"]),
    "duplicate-slug": (
        ("posts/more/healing-touch.md", lambda _: GOOD),
        # Which of the two is read first depends on the file system; the message names both.
        [
            "posts/more/healing-touch.md",
            "healing-touch.md:1:",
            "content/posts/healing-touch.md",
            "'posts/healing-touch/index.html' is already used",
        ],
    ),
    "missing-filename-link": (
        fixture_body("See [the next part]({filename}no-such-article.md)."),
        [f"fixture.md:{BODY_LINE}:", "missing file '{filename}no-such-article.md'"],
    ),
    "missing-image-file": (
        fixture_body("![A diagram of a nerve]({static}/images/no-such-image.png)"),
        [f"fixture.md:{BODY_LINE}:", "missing file '{static}/images/no-such-image.png'"],
    ),
    "image-without-alt": (
        fixture_body("![]({static}/extra/icon-192.png)"),
        [f"fixture.md:{BODY_LINE}:", "has no alt text"],
    ),
    "image-from-another-site": (
        fixture_body("![A nerve](https://example.com/nerve.png)"),
        [f"fixture.md:{BODY_LINE}:", "is not one of this site's files"],
    ),
    "second-h1": (fixture_body("# A second title"), [f"fixture.md:{BODY_LINE}:", "is a second title"]),
    "skipped-heading": (fixture_body("### Straight to level three"), [f"fixture.md:{BODY_LINE}:", "skips a level"]),
    "raw-script": (fixture_body("<script>alert(1)</script>"), [f"fixture.md:{BODY_LINE}:", "element 'script'"]),
    "iframe": (fixture_body('<iframe src="https://example.com"></iframe>'), ["element 'iframe'"]),
    "object": (fixture_body('<object data="x.swf"></object>'), ["element 'object'"]),
    "inline-handler": (
        fixture_body('<p onclick="steal()">Click</p>'),
        [f"fixture.md:{BODY_LINE}:", "event handler 'onclick'"],
    ),
    "javascript-url": (fixture_body("[Click](javascript:alert(1))"), [f"fixture.md:{BODY_LINE}:", "URL 'javascript'"]),
    "repeated-series-part": (
        fixture(GOOD.replace("Summary:", "Series: Acupuncture and neuropathy\nSeries_index: 2\nSummary:")),
        ["Series_index 2 of 'Acupuncture and neuropathy' is used by both", "fixture.md", "neuropathy-explained.md"],
    ),
    "empty-file": (fixture(""), ["fixture.md:1:", "the file is empty"]),
    "not-utf8": (
        (FIXTURE, lambda _: GOOD.encode("utf-8") + "Caf\u00e9 au lait\n".encode("latin-1")),
        ["fixture.md:7:", "is not UTF-8"],
    ),
    "unknown-citation": (
        edit(SAFETY, lambda text: text + "\nA made-up claim [ref:nobody2020].\n"),
        ["content/posts/acupuncture-safety.md:", "citation [ref:nobody2020] has no entry"],
    ),
    "uncited-reference": (
        edit(SAFETY, lambda text: text.replace("[ref:carr2015]", "")),
        [f"content/posts/acupuncture-safety.md:{line_of(SAFETY, '    carr2015:')}:", "'carr2015' is never cited"],
    ),
    "reference-without-doi": (
        edit(SAFETY, lambda text: text.replace("https://doi.org/10.1136/acupmed-2015-010936", "https://example.com/c")),
        ["content/posts/acupuncture-safety.md:", "reference 'carr2015' links https://example.com/c"],
    ),
    "bad-review-date": (
        edit(SAFETY, lambda text: text.replace("Next_review: 2027-11-24", "Next_review: next year")),
        [f"acupuncture-safety.md:{line_of(SAFETY, 'Next_review:')}:", "Next_review 'next year' is not a date"],
    ),
}


def broken_copy(case, tmp_path):
    (relative, write), _ = CASES[case]
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    target = content / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.read_text(encoding="utf-8") if target.exists() else ""
    new = write(old)
    target.write_bytes(new if isinstance(new, bytes) else new.encode("utf-8"))
    return content


def first_message(log):
    return log.split("Traceback (most recent call last):")[0].strip().splitlines()[0]


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_content_fails_the_build_naming_file_and_line(case, tmp_path):
    content = broken_copy(case, tmp_path)
    ok, log = build(tasks.pelican_command(tasks.LOCAL_SETTINGS, tmp_path / "out", content))
    assert not ok, f"{case}: the build passed, but it should have failed"
    message = first_message(log)
    for fragment in CASES[case][1]:
        assert fragment in message, f"{case}: the first line does not say {fragment!r}:\n{log[-3000:]}"
    assert " — " in message, f"{case}: the message does not say how to fix it: {message}"


def snapshot(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_failed_build_leaves_the_last_good_output_untouched(tmp_path):
    output = tmp_path / "output"
    tasks.build_site(tasks.LOCAL_SETTINGS, output)
    before = snapshot(output)
    content = broken_copy("raw-script", tmp_path)
    with pytest.raises(Exit):
        tasks.build_site(tasks.LOCAL_SETTINGS, output, content)
    assert snapshot(output) == before, "a failed build changed output/"
    assert not (tmp_path / ".output-next").exists(), "a failed build left its staging folder behind"


def test_two_builds_of_the_same_commit_are_identical(tmp_path):
    env = {"SITEURL": "https://example.org/blog", "PATH": __import__("os").environ["PATH"]}
    first, second = tmp_path / "first", tmp_path / "second"
    for output in (first, second):
        ok, log = build(tasks.pelican_command(tasks.PUBLISH_SETTINGS, output), env=env)
        assert ok, log[-3000:]
    a, b = snapshot(first), snapshot(second)
    differ = sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))
    assert not differ, f"{len(differ)} files differ between two builds: {differ[:20]}"
