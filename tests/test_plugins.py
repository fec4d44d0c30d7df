"""Our plugins are one package (plugins/blog); no order of PLUGINS changes what the site is."""

import io
import json
from contextlib import redirect_stderr, redirect_stdout

from pelican.settings import read_settings

import tasks
from fixture_site import article, snapshot, write_site


def build(content, output, plugins):
    from blog.build import main

    out = io.StringIO()
    arguments = [str(tasks.LOCAL_SETTINGS), str(output), f"--content={content}", '--set=REVIEW_TODAY="2026-11-24"']
    arguments += [f"--set=PLUGINS={json.dumps(plugins)}", '--set=READ_CACHE_PATH=""']
    with redirect_stdout(out), redirect_stderr(out):
        code = main(arguments)
    return code, out.getvalue()


def test_reversing_plugins_neither_fails_nor_changes_the_output(tmp_path):
    files = {
        "posts/part-one.md": article(title="Part one", series="Foot care", series_index="1"),
        "posts/part-two.md": article(title="Part two", series="Foot care", series_index="2"),
        "posts/draft.md": article(title="A draft part", series="Foot care", series_index="3", status="draft"),
    }
    content = write_site(tmp_path, files)
    plugins = read_settings(str(tasks.LOCAL_SETTINGS))["PLUGINS"]
    results = {}
    for name, order in (("listed", plugins), ("reversed", plugins[::-1])):
        code, printed = build(content, tmp_path / name, order)
        assert code == 0, f"the build with PLUGINS {order} failed:\n{printed}"
        results[name] = snapshot(tmp_path / name)
    differ = sorted(
        k
        for k in results["listed"].keys() | results["reversed"].keys()
        if results["listed"].get(k) != results["reversed"].get(k)
    )
    assert not differ, f"reversing PLUGINS changed {differ}"
    page = (tmp_path / "reversed" / "posts/part-two/index.html").read_text(encoding="utf-8")
    assert "Part 2 of 2" in page, "the draft was counted as a part of the series, or the series is missing"


def test_readme_layout_names_every_folder_and_plugin_module():
    import re
    import subprocess

    from sitecheck import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("```", 2)[1]
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    folders = sorted({path.split("/", 1)[0] for path in tracked if "/" in path})
    missing = [f"{folder}/" for folder in folders if not re.search(rf"^{re.escape(folder)}/", layout, re.M)]
    modules = sorted(p.stem for p in (ROOT / "plugins" / "blog").glob("*.py") if p.stem != "__init__")
    unnamed = [m for m in modules if not re.search(rf"\b{m}\b", layout)]
    assert not missing and not unnamed, f"README's layout lacks folders {missing} and plugin modules {unnamed}"
