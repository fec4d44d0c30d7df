"""Bad input stops the build with a message naming the file and the problem.

Each case copies the content into a temporary folder, breaks one thing and
builds exactly as `invoke build` does."""

import shutil

import pytest

import tasks
from sitecheck import CONTENT, build

SEED = "posts/healing-touch.md"


def line_of(relative, prefix):
    lines = (CONTENT / relative).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(prefix))



def break_seed(text, case):
    if case == "missing-summary":
        return "\n".join(line for line in text.splitlines() if not line.startswith("Summary:")) + "\n"
    if case == "empty-tags":
        return text.replace(next(line for line in text.splitlines() if line.startswith("Tags:")), "Tags:")
    if case == "missing-filename-link":
        return text + "\nSee [the next part]({filename}no-such-article.md).\n"
    if case == "missing-static-link":
        return text + "\n![A diagram of a nerve]({static}/images/no-such-image.png)\n"
    raise ValueError(case)


EXPECTED = {
    "missing-summary": ["content/posts/healing-touch.md:1:", "'Summary' is missing"],
    "empty-tags": [f"content/posts/healing-touch.md:{line_of(SEED, 'Tags:')}:", "'Tags' is empty"],
    "missing-filename-link": ["content/posts/healing-touch.md:", "missing file '{filename}no-such-article.md'"],
    "missing-static-link": ["content/posts/healing-touch.md:", "missing file '{static}/images/no-such-image.png'"],
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_content_fails_the_build_naming_the_file(case, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    seed = content / SEED
    seed.write_text(break_seed(seed.read_text(encoding="utf-8"), case), encoding="utf-8")
    ok, log = build(tasks.pelican_command(tasks.LOCAL_SETTINGS, tmp_path / "out", content))
    assert not ok, f"{case}: the build passed, but it should have failed"
    for fragment in EXPECTED[case]:
        assert fragment in log, f"{case}: the build output does not say {fragment!r}:\n{log[-3000:]}"
