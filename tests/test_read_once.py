"""Each thing a build reads is read once: the bibliography once per build (not once per
article), each article body parsed into one tree per read."""

import json

from blog import bibliography
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
