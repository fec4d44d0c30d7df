"""Each thing a build reads is read once: each content file read from disk once and its
metadata parsed once (into the schema's model), the bibliography once per build (not once
per article), each article body parsed into one tree per read."""

import builtins
import io
import json
import time
from pathlib import Path

import pelican.readers

from blog import bibliography, body_tree, headings, leftover_syntax
from fixture_site import BIBLIOGRAPHY, article, build_site, write_site

THREE_ARTICLES = {
    "posts/second.md": article(title="A second test article"),
    "posts/third.md": article(title="A third test article"),
}


def counting_bibliography_loads(monkeypatch, text):
    """A list that grows by one each time json.loads parses `text`."""
    calls, loads = [], json.loads

    def counted(value, *args, **kwargs):
        if value == text:
            calls.append(1)
        return loads(value, *args, **kwargs)

    monkeypatch.setattr(json, "loads", counted)
    monkeypatch.setattr(bibliography, "_loaded", {})  # as in a fresh process
    return calls


def test_the_bibliography_is_parsed_once_per_build(tmp_path, monkeypatch):
    content = write_site(tmp_path, THREE_ARTICLES)
    calls = counting_bibliography_loads(monkeypatch, (content / "bibliography.json").read_text("utf-8"))
    code, printed = build_site(content, tmp_path / "output")
    assert code == 0, printed
    assert len(calls) == 1, f"content/bibliography.json was parsed {len(calls)} times in one build of 3 articles"


def test_a_changed_bibliography_is_parsed_again(tmp_path, monkeypatch):
    content = write_site(tmp_path, THREE_ARTICLES)
    changed = json.dumps(BIBLIOGRAPHY, indent=4, ensure_ascii=False)
    calls = counting_bibliography_loads(monkeypatch, changed)
    assert build_site(content, tmp_path / "output")[0] == 0
    (content / "bibliography.json").write_text(changed, encoding="utf-8")
    code, printed = build_site(content, tmp_path / "output")
    assert code == 0, printed
    assert len(calls) == 1, f"the changed bibliography was parsed {len(calls)} times in the build after the change"


def counting_opens(monkeypatch, folder):
    """{path: times opened} for the files under `folder`, however they are opened."""
    opened, real_open = {}, io.open

    def counted(file, *args, **kwargs):
        if isinstance(file, str | Path) and Path(file).resolve().is_relative_to(folder):
            name = Path(file).relative_to(folder).as_posix()
            opened[name] = opened.get(name, 0) + 1
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", counted)
    monkeypatch.setattr(builtins, "open", counted)
    return opened


def test_each_content_file_is_read_from_disk_once_per_build(tmp_path, monkeypatch):
    content = write_site(tmp_path, THREE_ARTICLES)
    opened = counting_opens(monkeypatch, content.resolve())
    code, printed = build_site(content, tmp_path / "output")
    assert code == 0, printed
    sources = {path: times for path, times in opened.items() if path.endswith(".md")}
    assert len(sources) >= 3, f"the build opened only {sorted(sources)}"
    twice = {path: times for path, times in sources.items() if times != 1}
    assert not twice, f"content files opened more than once in one build: {twice}"


def test_metadata_is_parsed_once_into_the_model_and_pelican_takes_it_from_there(tmp_path, monkeypatch):
    def parsed_again(self, meta):
        raise AssertionError(f"Pelican parsed the metadata of {self._source_path} again")

    monkeypatch.setattr(pelican.readers.MarkdownReader, "_parse_metadata", parsed_again)
    content = write_site(tmp_path, THREE_ARTICLES)
    code, printed = build_site(content, tmp_path / "output")
    assert code == 0, printed
    page = (tmp_path / "output" / "posts" / "second" / "index.html").read_text("utf-8")
    assert "A second test article" in page, "posts/second.md: the title from its model is not on its page"


def nested(unit):
    return unit * (100_000 // len(unit))


DEEP = [
    nested("<b>x"),
    nested("<h2>x"),
    nested("<code>x"),
    nested('<div class="admonition"><p>x'),
    nested("<a href=x>"),
]


def test_the_checks_of_a_parsed_body_take_one_walk_however_deep_it_nests():
    """100 KB of markup nested 25,000 deep (refused by the allowlist, but read by the checks first)."""
    slow = []
    for markup in DEEP:
        tree = body_tree.parse(markup)
        started = time.perf_counter()
        headings.check(tree, [])
        leftover_syntax.check_tree([], tree, 0, {})
        seconds = time.perf_counter() - started
        if seconds > 1:
            slow.append(f"{markup[:20]}…: {seconds:.1f} s")
    assert not slow, f"checks of a deeply nested body took over a second: {slow}"
