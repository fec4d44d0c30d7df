"""Setting up a new machine: `make test` installs what the tests need or stops before any test
with one line per missing tool; CI runs `make test` and nothing more; and nothing in the
repository points outside it (a clone has only what is tracked)."""

import re
import subprocess

import pytest
from invoke import Collection, Context, Executor, Exit

import tasks
from sitecheck import ROOT, report

# A sibling folder of the checkout, or an absolute path of the machine the project grew on:
# neither exists in a clone. (Written in two pieces so this file does not match itself.)
OUTSIDE = re.compile(r"\.\./" + r"shared\b|(?<![\w.])/" + r"work/")
# In the repository's own Markdown (not content/, whose links are site addresses): a path that
# climbs out of the repository, in a link or in backticks.
CLIMBS_OUT = re.compile(r"\]\(\.\./|`\.\./")
JAVA = tasks.SystemTool("java", "runs the Nu HTML Checker", bool, package="default-jre-headless")
NGINX = tasks.SystemTool("nginx", "the hosting tests run deploy/nginx.conf", bool, package="nginx")


def tracked_files():
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [name for name in listed.stdout.split("\0") if name]


def test_no_tracked_file_points_outside_the_repository():
    files = tracked_files()
    assert "README.md" in files, "git ls-files does not list README.md: is this a clone?"
    problems = []
    for name in files:
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue  # pictures, fonts; a file deleted but not yet committed
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line) or (
                name.endswith(".md") and not name.startswith("content/") and CLIMBS_OUT.search(line)
            ):
                problems.append(f"{name}:{number}: {line.strip()[:100]}")
    assert not problems, report(problems, "lines that point outside the repository (a clone does not have it)")


def test_the_writers_guides_carry_the_health_writing_rules():
    """What writers need lives in the repository: WRITING.md, linked from README and CONTRIBUTING."""
    guide = (ROOT / "WRITING.md").read_text(encoding="utf-8")
    rules = ["evidence fact sheet", "VERIFIED", "DOI", "PubMed", "Plain language", "stronger than the evidence"]
    missing = [rule for rule in rules if rule not in guide]
    missing += [
        f"{name} does not name WRITING.md"
        for name in ("README.md", "CONTRIBUTING.md")
        if "WRITING.md" not in (ROOT / name).read_text(encoding="utf-8")
    ]
    assert not missing, f"WRITING.md lacks: {missing}"


@pytest.fixture
def commands(monkeypatch):
    """Context.run records each command (and its environment) instead of running it."""
    ran = []
    monkeypatch.setattr(
        Context, "run", lambda context, command, **options: ran.append((command, options.get("env", {})))
    )
    return ran


def test_missing_tools_stop_make_test_before_any_test_with_one_line_each(monkeypatch, commands):
    """Not root: nothing is installed, no test runs, and each missing tool has its line and command."""
    monkeypatch.setattr(tasks, "missing_system_tools", lambda: [JAVA, NGINX])
    monkeypatch.setattr(tasks.os, "geteuid", lambda: 1000)
    with pytest.raises(Exit) as stopped:
        Executor(Collection.from_module(tasks)).execute("test")
    assert stopped.value.code == 1
    assert commands == [], f"make test ran {commands} though tools are missing"
    lines = str(stopped.value.message).splitlines()
    expected = [
        "  java (runs the Nu HTML Checker): sudo apt-get install default-jre-headless",
        "  nginx (the hosting tests run deploy/nginx.conf): sudo apt-get install nginx",
    ]
    assert [line for line in lines if line.startswith("  ")] == expected, "\n".join(lines)
    assert lines[-1] == "All the packages at once: sudo apt-get install default-jre-headless nginx", lines


def test_as_root_with_apt_get_the_missing_tools_are_installed_then_the_tests_run(monkeypatch, commands, tmp_path):
    checks = iter([[JAVA, NGINX], []])  # missing before the install, nothing after it
    monkeypatch.setattr(tasks, "missing_system_tools", lambda: next(checks))
    monkeypatch.setattr(tasks.os, "geteuid", lambda: 0)
    monkeypatch.setattr(tasks, "can_install", lambda: True)
    (tmp_path / "vnu.jar").write_bytes(b"")
    monkeypatch.setattr(tasks, "VNU_JAR", tmp_path / "vnu.jar")  # the HTML checker is there already
    Executor(Collection.from_module(tasks)).execute("test")
    ran = [command for command, _ in commands]
    assert ran[:2] == [
        "apt-get update -q",
        "apt-get install -y -q --no-install-recommends default-jre-headless nginx",
    ], ran
    assert all(env.get("DEBIAN_FRONTEND") == "noninteractive" for _, env in commands[:2]), commands
    assert len(ran) == 3 and ran[2].endswith("-m pytest"), f"after installing, make test should run pytest: {ran}"


def test_ci_runs_make_test_and_nothing_more():
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    assert commands == ["set -euo pipefail", 'cd "$(dirname "$0")/.."', "make test"], commands
