"""Bad input stops the build with a message naming the file and the problem.

Each case copies the content into a temporary folder, breaks one thing and
builds exactly as `invoke build` does."""

import shutil

import pytest

import tasks
from sitecheck import CONTENT, build

SEED = "posts/healing-touch.md"
SAFETY = "posts/acupuncture-safety.md"


def line_of(relative, prefix):
    lines = (CONTENT / relative).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(prefix))


def without_line(prefix):
    return lambda text: "\n".join(line for line in text.splitlines() if not line.startswith(prefix)) + "\n"


def replace_line(prefix, new):
    return lambda text: "\n".join(new if line.startswith(prefix) else line for line in text.splitlines()) + "\n"


def append(extra):
    return lambda text: text + extra


# case: (file, how to break it, fragments the build output must contain)
CASES = {
    "missing-summary": (SEED, without_line("Summary:"), ["content/posts/healing-touch.md:1:", "'Summary' is missing"]),
    "empty-tags": (
        SEED,
        replace_line("Tags:", "Tags:"),
        [f"content/posts/healing-touch.md:{line_of(SEED, 'Tags:')}:", "'Tags' is empty"],
    ),
    "missing-filename-link": (
        SEED,
        append("\nSee [the next part]({filename}no-such-article.md).\n"),
        ["content/posts/healing-touch.md:", "missing file '{filename}no-such-article.md'"],
    ),
    "missing-static-link": (
        SEED,
        append("\n![A diagram of a nerve]({static}/images/no-such-image.png)\n"),
        ["content/posts/healing-touch.md:", "missing file '{static}/images/no-such-image.png'"],
    ),
    "unknown-citation": (
        SAFETY,
        append("\nA made-up claim [ref:nobody2020].\n"),
        ["content/posts/acupuncture-safety.md:", "citation [ref:nobody2020] has no entry"],
    ),
    "uncited-reference": (
        SAFETY,
        lambda text: text.replace("[ref:carr2015]", ""),
        [f"content/posts/acupuncture-safety.md:{line_of(SAFETY, '    carr2015:')}:", "'carr2015' is never cited"],
    ),
    "reference-without-doi": (
        SAFETY,
        lambda text: text.replace("https://doi.org/10.1136/acupmed-2015-010936", "https://example.com/carr"),
        ["content/posts/acupuncture-safety.md:", "reference 'carr2015' links https://example.com/carr"],
    ),
    "bad-review-date": (
        SAFETY,
        replace_line("Next_review:", "Next_review: next year"),
        [
            f"content/posts/acupuncture-safety.md:{line_of(SAFETY, 'Next_review:')}:",
            "Next_review 'next year' is not a date",
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_content_fails_the_build_naming_the_file(case, tmp_path):
    relative, breaks, expected = CASES[case]
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    target = content / relative
    target.write_text(breaks(target.read_text(encoding="utf-8")), encoding="utf-8")
    ok, log = build(tasks.pelican_command(tasks.LOCAL_SETTINGS, tmp_path / "out", content))
    assert not ok, f"{case}: the build passed, but it should have failed"
    for fragment in expected:
        assert fragment in log, f"{case}: the build output does not say {fragment!r}:\n{log[-3000:]}"
