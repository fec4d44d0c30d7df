"""The live preview's fast render (plugins/blog/fast_render.py): after a save that changed only
an article's text, its page is rendered alone from the last good build, and that page is byte
for byte the page the whole build then writes. Anything else is left to the whole build.

Every article of the real site is edited in turn (the whole site is the point: series, editor's
notes, citations, the table of contents); the cases that must not be rendered alone, and the
preview's handing over from the fast page to the built one, run on the small fixture site."""

import json
import shutil

import pytest

from fixture_site import ARTICLE, BIBLIOGRAPHY, FILLER, snapshot, write_site
from sitecheck import ROOT

TODAY = {"REVIEW_TODAY": "2026-11-24"}


def build_in_process(content, output, reads):
    """Build as the live preview does (in this process, a read cache); keep its generator when good."""
    from blog import build, fast_render

    result = build.build(ROOT / "pelicanconf.py", output, content, {**TODAY, "READ_CACHE_PATH": str(reads)})
    fast_render.keep(result.ok)
    return result


def difference(name, data, built):
    """None when the page rendered alone is the built one, else where and how they differ."""
    if data == built:
        return None
    at = next((i for i, (a, b) in enumerate(zip(data, built, strict=False)) if a != b), min(len(data), len(built)))
    shown = f"{data[at - 80 : at + 80]!r} vs {built[at - 80 : at + 80]!r}"
    return f"{name}: the page rendered alone differs from the built one at byte {at}: {shown}"


def edit_text(path):
    """Change one word of the text (not the metadata block)."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    assert " the " in body, f"{path.name}: no ' the ' in its text to edit"
    path.write_text(head + "\n\n" + body.replace(" the ", " this ", 1), encoding="utf-8")


def test_every_article_rendered_alone_is_the_page_the_whole_build_writes(tmp_path):
    from blog import fast_render

    content, output = shutil.copytree(ROOT / "content", tmp_path / "content"), tmp_path / "output"
    first = build_in_process(content, output, tmp_path / "reads")
    assert first.ok, first.text
    wrong = []
    for source in sorted((content / "posts").glob("*.md")):
        edit_text(source)
        before = snapshot(output)
        pages = fast_render.page_for([source])
        if pages is None:
            wrong.append(f"{source.name}: a text edit was not rendered alone")
            continue
        if snapshot(output) != before:
            wrong.append(f"{source.name}: rendering alone changed output/ (it must write nothing)")
        result = build_in_process(content, output, tmp_path / "reads")
        assert result.ok, result.text
        if list(pages) != [f"posts/{source.stem}/index.html"]:
            wrong.append(f"{source.name}: rendered {sorted(pages)}, not only its own page")
        wrong += [
            found for name, data in pages.items() if (found := difference(name, data, (output / name).read_bytes()))
        ]
    assert not wrong, "\n".join(wrong)


# A second real entry, cited by the second article, for the first to cite too.
ENTRIES = json.loads((ROOT / "content" / "bibliography.json").read_text("utf-8"))
OTHER = next(e for e in ENTRIES if e["id"] != "white2001")


@pytest.fixture
def fixture_site(tmp_path):
    second = ARTICLE.replace("A complete test article", "A second one")
    second = second.replace("counted the minor events", f"counted the minor events [ref:{OTHER['id']}]")
    bibliography = json.dumps([*BIBLIOGRAPHY, OTHER], indent=2, ensure_ascii=False)
    content = write_site(tmp_path, {"posts/second.md": second, "bibliography.json": bibliography})
    result = build_in_process(content, tmp_path / "output", tmp_path / "reads")
    assert result.ok, result.text
    return content, tmp_path


ALONE = {
    # a text edit: (old, new) in posts/complete.md — rendered alone, the same page as the whole build's
    "a word": ("A large survey counted", "A big survey counted"),
    "a new section, its words and the reading time": (
        "## More text",
        "## A section added\n\n" + FILLER * 6 + "\n\n## More text",
    ),
    "a second citation": ("A large survey counted", "A large survey [ref:white2001] counted"),
    "another study cited": ("A large survey counted", f"A large survey [ref:{OTHER['id']}] counted"),
}


@pytest.mark.parametrize("what", ALONE)
def test_a_text_edit_rendered_alone_is_the_page_the_whole_build_writes(fixture_site, what):
    from blog import fast_render

    content, tmp_path = fixture_site
    old, new = ALONE[what]
    path = content / "posts" / "complete.md"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the fixture article has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    pages = fast_render.page_for([path])
    assert pages is not None, f"{what}: not rendered alone"
    result = build_in_process(content, tmp_path / "output", tmp_path / "reads")
    assert result.ok, result.text
    built = (tmp_path / "output" / "posts" / "complete" / "index.html").read_bytes()
    found = difference(f"{what}: posts/complete/index.html", pages["posts/complete/index.html"], built)
    assert found is None, found


NOT_ALONE = {
    # what changed: (file, old, new) — each is left to the whole build
    "the title": ("posts/complete.md", "Title: A complete test article", "Title: A renamed test article"),
    "a tag": ("posts/complete.md", "Tags: test, neuropathy", "Tags: test, sleep"),
    "text with a problem": (
        "posts/complete.md",
        "A large survey counted",
        "<svg/onload=alert(1)> A large survey counted",
    ),
    "a heading the reader refuses": ("posts/complete.md", "## More text", "#### More text"),
    "a page": ("pages/test-page.md", "Some text on a page.", "Some other text on a page."),
}


@pytest.mark.parametrize("what", NOT_ALONE)
def test_only_a_text_edit_that_keeps_every_rule_is_rendered_alone(fixture_site, what):
    from blog import fast_render

    content, _ = fixture_site
    relative, old, new = NOT_ALONE[what]
    path = content / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{relative} has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert fast_render.page_for([path]) is None, f"{what}: rendered alone; only the whole build may answer"


def test_nothing_is_rendered_alone_when_another_file_changed_too(fixture_site):
    from blog import fast_render

    content, _ = fixture_site
    edit_text(content / "posts" / "complete.md")
    edit_text(content / "posts" / "second.md")
    assert fast_render.page_for([content / "posts" / "complete.md"]) is None, (
        "a change the save did not name was missed"
    )
    assert fast_render.page_for([content / "posts" / "complete.md", content / "posts" / "second.md"]) is not None


def test_nothing_is_rendered_alone_after_a_build_that_failed(fixture_site):
    from blog import fast_render

    content, tmp_path = fixture_site
    path = content / "posts" / "complete.md"
    path.write_text(ARTICLE.replace("Date: 2026-11-20", "Date: 2026-13-45"), encoding="utf-8")
    assert not build_in_process(content, tmp_path / "output", tmp_path / "reads").ok
    path.write_text(ARTICLE.replace("A large survey counted", "A big survey counted"), encoding="utf-8")
    assert fast_render.page_for([path]) is None, "rendered from a build that did not succeed"


def test_the_preview_serves_the_page_rendered_alone_until_the_build_is_in_place(fixture_site, monkeypatch):
    from blog import build, live_server

    content, tmp_path = fixture_site
    live = live_server.Live(ROOT / "pelicanconf.py", content, tmp_path / "output", TODAY)
    live.rebuild()
    assert live.ok, live.problems
    path = content / "posts" / "complete.md"
    path.write_text(ARTICLE.replace("A large survey counted", "A big survey counted"), encoding="utf-8")
    page = (tmp_path / "output").resolve() / "posts" / "complete" / "index.html"
    seen = {}
    whole_build = build.build

    def spy(*args, **kwargs):  # the moment the whole build starts: what the preview serves now
        seen.update(state=live.state(), quick=dict(live.quick), file=page.read_bytes())
        return whole_build(*args, **kwargs)

    monkeypatch.setattr(build, "build", spy)
    live.rebuild("posts/complete.md", [str(path)])
    assert b"A big survey counted" in seen["quick"].get(page, b""), "the edited page was not rendered alone"
    assert b"A big survey counted" not in seen["file"], "output/ changed before the build was in place"
    assert seen["state"]["ok"] and seen["state"]["version"] == live.version - 1
    assert live.quick == {}, "the page rendered alone is still served after the build"
    assert b"A big survey counted" in page.read_bytes()
    assert set(live.state()["same"]) == {"/posts/complete/", "/posts/complete/index.html"}, (
        "the built page is the page rendered alone: the browser showing it must not reload again"
    )


def test_a_build_in_the_preview_process_keeps_no_content_object_of_the_build_before(fixture_site):
    """Pelican memoises each content object's text on the class: a long-lived preview would keep
    every build's objects (1,000 articles a save) unless each build forgets them."""
    from pelican.contents import Content

    content, tmp_path = fixture_site
    first = {id(key[0]) for key in Content.get_content.cache} | {id(key[0]) for key in Content.get_summary.cache}
    assert first, "the check is void: the build memoised no text"
    assert build_in_process(content, tmp_path / "output", tmp_path / "reads").ok
    kept = {id(key[0]) for key in Content.get_content.cache} | {id(key[0]) for key in Content.get_summary.cache}
    assert not first & kept, f"{len(first & kept)} content objects of the build before are still memoised"


def test_a_picture_shown_for_the_first_time_is_left_to_the_whole_build(fixture_site):
    """Its copies are made by the whole build: a page rendered alone would show a broken picture."""
    from blog import fast_render

    content, tmp_path = fixture_site
    (content / "images").mkdir()
    shutil.copyfile(ROOT / "tests" / "fixtures" / "pictures" / "daily-foot-check.png", content / "images" / "steps.png")
    assert build_in_process(content, tmp_path / "output", tmp_path / "reads").ok
    path = content / "posts" / "complete.md"
    shown = "![A diagram of the daily foot check]({static}/images/steps.png)\n\nA large survey counted"
    path.write_text(path.read_text(encoding="utf-8").replace("A large survey counted", shown, 1), encoding="utf-8")
    assert fast_render.page_for([path]) is None, "a page showing a picture with no copies yet was rendered alone"
    edit_text(path)  # once built, the same picture again: rendered alone
    assert build_in_process(content, tmp_path / "output", tmp_path / "reads").ok
    edit_text(path)
    assert fast_render.page_for([path]) is not None, "an edit beside a picture already shown was not rendered alone"
