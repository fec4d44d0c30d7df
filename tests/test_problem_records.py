"""Problems travel as records (issue 19): `problems.Problem(file, line, problem, fix)` from
where a check finds them to the terminal, the live preview's overlay and its dashboard,
formatted only there; no two of our modules import each other; "today" comes from
`build.today_of` alone; and any exception anywhere in the build becomes one problem line,
after which the live preview keeps watching and rebuilds.

Built in process on the small fixture site (tests/fixture_site.py); the preview is the
real one (`live_server.Live`, its server and its file watcher) in threads."""

import ast
import threading
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import tasks
from blog import build, live_server, problems, reading_time, schema, sources, text_direction
from fixture_site import ARTICLE, article, build_site, write_site

PLUGINS = Path(__file__).parent.parent / "plugins" / "blog"
OVERRIDES = {"REVIEW_TODAY": "2026-11-24", "READ_CACHE_PATH": ""}
WAIT = 60  # seconds a save may take to show in the preview
SVG_LINE = ARTICLE.count("\n") + 2  # the line of the <svg> added at the end of the article


def test_problems_are_records_until_they_are_printed(tmp_path):
    """Each problem of a build is a record whose fields are what is wrong and how to fix it
    (split once, at the first ' — '); the terminal prints `str(record)`, nothing else."""
    files = {
        "posts/complete.md": ARTICLE + "\n<svg/onload=alert(1)>\n",  # found while reading (problems.report)
        "posts/thai.md": article(title="A test article about ก"),  # found by a plugin (social_cards)
    }
    content = write_site(tmp_path, files)
    result = build.build(tasks.LOCAL_SETTINGS, tmp_path / "output", content, OVERRIDES)
    code, printed = build_site(content, tmp_path / "output")
    assert not result.ok and code == 1, printed
    not_records = [repr(p) for p in result.problems if not isinstance(p, problems.Problem)]
    assert not not_records, f"problems that are not records: {not_records}"
    unsplit = [repr(p) for p in result.problems if " — " in p.problem or not p.fix]
    assert not unsplit, f"records whose problem and fix were not split at the first ' — ': {unsplit}"
    expected = {
        ("content/posts/complete.md", SVG_LINE, "HTML not allowed: element 'svg'"),
        (
            "content/posts/thai.md",
            1,
            "the title has 'ก' (U+0E01), which the link-preview card cannot draw (its fonts "
            "cover Latin, Greek, Cyrillic, Arabic and common Chinese, Japanese and Korean)",
        ),
    }
    found = {(p.file, p.line, p.problem) for p in result.problems}
    assert expected <= found, f"missing records {expected - found}; the build's records: {found}"
    lines = [line for line in printed.splitlines() if line.startswith("content/")]
    assert lines == [str(p) for p in result.problems], f"printed:\n{printed}\nrecords: {result.problems}"


def imports_of(path):
    """The modules of plugins/blog that a module imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.level == 1 or node.module in ("blog", None)):
            if node.module and node.module != "blog":
                found.add(node.module.split(".")[-1])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("blog."):
            found.add(node.module.split(".")[1])
    modules = {p.stem for p in PLUGINS.glob("*.py")}
    return (found & modules) - {path.stem}


def test_no_two_modules_import_each_other():
    graph = {path.stem: imports_of(path) for path in PLUGINS.glob("*.py") if path.stem != "__init__"}
    assert graph["reader"] and graph["live_server"], f"the check is void: it finds no imports: {graph}"
    both = sorted(f"{a} <-> {b}" for a, uses in graph.items() for b in uses if a < b and a in graph.get(b, ()))
    assert not both, "modules that import each other: " + ", ".join(both)


def test_today_comes_from_build_today_of_only():
    """No module but build.today_of asks the clock for the date (REVIEW_TODAY is respected everywhere)."""
    callers = []
    for path in sorted(PLUGINS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "today":
                around = [f for f in functions if f.lineno <= node.lineno <= f.end_lineno]
                name = min(around, key=lambda f: f.end_lineno - f.lineno).name if around else "<module>"
                if (path.stem, name) != ("build", "today_of"):
                    callers.append(f"plugins/blog/{path.name}:{node.lineno} in {name}")
    assert not callers, "the date asked for outside build.today_of: " + ", ".join(callers)


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """The live preview of the fixture site, serving on a free port and watching content/."""
    folder = tmp_path_factory.mktemp("records")
    content = write_site(folder)
    live = live_server.Live(tasks.LOCAL_SETTINGS, content, folder / "output", OVERRIDES)
    live.rebuild()
    assert live.ok, [str(p) for p in live.problems]
    server = live_server.open_server(live, port=0)
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    serving.start()
    stop = threading.Event()
    watcher = threading.Thread(target=live_server.watch, args=(live, [str(content)], stop), daemon=True)
    watcher.start()
    yield live, server.server_address[1], watcher
    stop.set()
    watcher.join(timeout=10)
    server.shutdown()
    server.server_close()


def save(live, files):
    """Save files under content/ as a writer does; the watcher rebuilds."""
    write_site(live.content.parent, files, base=False)


def wait_until(live, ready):
    with live.changed:
        return live.changed.wait_for(ready, timeout=WAIT)


def shown(port):
    """The problem lines the preview's page shows (with JavaScript off) over the last good build."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as answer:
        page = BeautifulSoup(answer.read().decode("utf-8"), "html.parser")
    return [item.get_text() for item in page.select("#live-problems li")]


def planted(*_args, **_kwargs):
    raise RuntimeError("planted")


def plant_in_a_file_check(monkeypatch):
    """sources.check_tree fails while it checks posts/complete.md."""
    check = sources.read_source

    def read_source(source, *args):
        if source.relative == "posts/complete.md":
            planted()
        return check(source, *args)

    monkeypatch.setattr(sources, "read_source", read_source)


def plant_in_the_site_check(monkeypatch):
    """sources.check_tree fails in the rules across files, as the two-series case once did."""

    def check_site(*_args, **_kwargs):
        raise TypeError("string indices must be integers, not 'str'")

    monkeypatch.setattr(schema, "check_site", check_site)


def plant_in_a_page_signal(monkeypatch):
    """A content_object_init handler fails on posts/complete.md (Pelican skips that file)."""
    set_direction = text_direction.set_direction

    def handler(content):
        if content.source_path.endswith("complete.md"):
            planted()
        set_direction(content)

    monkeypatch.setattr(text_direction, "set_direction", handler)


def plant_in_a_generator_signal(monkeypatch):
    """An article_generator_finalized handler fails while it looks at posts/complete.md."""
    count = reading_time.count

    def handler(generator):
        for written in generator.articles:
            if written.source_path.endswith("complete.md"):
                planted()
        count(generator)

    monkeypatch.setattr(reading_time, "count", handler)


TWO_SERIES = {  # the first series gives part 1 twice: schema.check_site once raised TypeError on the second
    "posts/complete.md": article(series="Foot care", series_index="1"),
    "posts/other.md": article(series="Foot care", series_index="1", title="Another test article"),
    "posts/third.md": article(series="Sleep", series_index="1", title="A third test article"),
}
TWO_SERIES_FIXED = {**TWO_SERIES, "posts/other.md": article(series="Foot care", series_index="2", title="Another")}
CRASH = "the build could not go on (RuntimeError: planted) — check this file's metadata and markup"
CASES = {
    # case: (plant, files saved, the one line shown starts with, it holds, files saved to fix it)
    "two series, the first with a part twice": (
        None,
        TWO_SERIES,
        "content/posts/other.md:",
        "Series_index 1 of 'Foot care' is used by both content/posts/complete.md and content/posts/other.md",
        TWO_SERIES_FIXED,
    ),
    "an exception in sources.check_tree, on a file": (plant_in_a_file_check, {}, "content/posts/complete.md:1:", CRASH),
    "an exception in sources.check_tree, across files": (
        plant_in_the_site_check,
        {},
        "content:1:",
        "the build could not go on (TypeError: string indices must be integers, not 'str')",
    ),
    "an exception in a page's Pelican signal": (
        plant_in_a_page_signal,
        {},
        "content/posts/complete.md:1:",
        "Could not process posts/complete.md (RuntimeError: planted)",
    ),
    "an exception in a generator's Pelican signal": (
        plant_in_a_generator_signal,
        {},
        "content/posts/complete.md:1:",
        CRASH,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_any_exception_in_the_build_is_one_problem_line_and_the_preview_keeps_watching(
    preview, monkeypatch, capfd, case
):
    live, port, watcher = preview
    plant, files, where, says, *fix = CASES[case]
    edited = ARTICLE.replace("A large survey counted", f"A large survey ({case}) counted")
    if plant:
        plant(monkeypatch)
    version = live.version
    save(live, {"posts/complete.md": edited, **files})
    assert wait_until(live, lambda: live.version != version and not live.ok), (
        f"{case}: the save did not stop the build within {WAIT} s (ok: {live.ok})"
    )
    lines = shown(port)
    assert len(lines) == 1 and lines[0].startswith(where) and says in lines[0], (
        f"{case}: the preview shows {lines}, not one line '{where} …{says}…'"
    )
    assert watcher.is_alive(), f"{case}: the preview stopped watching"
    monkeypatch.undo()
    save(live, {"posts/complete.md": ARTICLE, **(fix[0] if fix else {})})
    assert wait_until(live, lambda: live.ok), (
        f"{case}: after the fix the preview did not rebuild within {WAIT} s: {[str(p) for p in live.problems]}"
    )
    assert shown(port) == [], f"{case}: the overlay is still shown after a good build"
    added = {name: None for name in files if name != "posts/complete.md"}
    if added:  # back to the fixture site for the next case
        version = live.version
        save(live, added)
        assert wait_until(live, lambda: live.version != version and live.ok), f"{case}: {live.problems}"
    printed = capfd.readouterr()
    assert "Traceback" not in printed.out + printed.err, f"{case}: a traceback was printed:\n{printed.err[-3000:]}"
