"""A failed build never touches the last good output, and a build is reproducible.

The table of bad (and unusual but valid) inputs is tests/test_untrusted_input.py;
these build the real site, because here the whole is the point."""

import os
import shutil

import pytest
from invoke import Exit

import tasks
from fixture_site import snapshot
from sitecheck import CONTENT, build


def test_failed_build_leaves_the_last_good_output_untouched(tmp_path):
    output = tmp_path / "output"
    tasks.build_site(tasks.LOCAL_SETTINGS, output)
    before = snapshot(output)
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    with (content / "posts" / "acupuncture-safety.md").open("a", encoding="utf-8") as text:
        text.write("\n<script>alert(1)</script>\n")
    with pytest.raises(Exit):
        tasks.build_site(tasks.LOCAL_SETTINGS, output, content)
    assert snapshot(output) == before, "a failed build changed output/"
    assert not (tmp_path / ".output-next").exists(), "a failed build left its staging folder behind"


def test_two_builds_of_the_same_commit_are_identical(tmp_path):
    env = {"SITEURL": "https://example.org/blog", "PATH": os.environ["PATH"]}
    first, second = tmp_path / "first", tmp_path / "second"
    for output in (first, second):
        ok, log = build(tasks.build_command(tasks.PUBLISH_SETTINGS, output), env=env)
        assert ok, log[-3000:]
    a, b = snapshot(first), snapshot(second)
    differ = sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))
    assert not differ, f"{len(differ)} files differ between two builds: {differ[:20]}"


def test_the_command_line_exits_1_and_prints_the_problem_first(tmp_path):
    """The build in a fresh process, as CI runs it: exit code and first line."""
    import subprocess

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "posts" / "evil.rst").write_text(".. include:: /etc/passwd\n", encoding="utf-8")
    command = tasks.build_command(tasks.LOCAL_SETTINGS, tmp_path / "out", content)
    result = subprocess.run(command, capture_output=True, text=True, cwd=tasks.ROOT)
    assert result.returncode == 1, result
    first = result.stderr.splitlines()[0]
    assert first.startswith("content/posts/evil.rst:1: '.rst' files are not read"), result.stderr
    assert not (tmp_path / "out").exists(), "a failed first build created output/"
