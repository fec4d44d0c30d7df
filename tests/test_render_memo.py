"""A page is rendered again exactly when what it reads changed (plugins/blog/render_memo.py).

The small fixture site with three articles, built in process with a read cache, as the live
preview rebuilds: after each edit, the pages rendered again must be every page whose bytes
changed (never fewer: a kept page would be stale) and only those, or a named few more that
read the edited value without showing a change. The hashing is checked alone as functions."""

import datetime

import pytest
from markupsafe import Markup

from fixture_site import article, build_site, snapshot, write_site


def build(project, output):
    """Build with a read cache (so kept pages are used); (rendered output files, pages unchanged)."""
    from blog import render_memo

    code, printed = build_site(project / "content", output, f'--set=READ_CACHE_PATH="{project / "reads"}"')
    assert code == 0, printed
    rendered, kept = render_memo.last_build()
    return sorted(rendered), kept


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path):
    write_site(
        tmp_path,
        {
            "posts/second.md": article(title="A second article", date="2026-11-21", tags="test, sleep"),
            "posts/third.md": article(title="A third article", date="2026-11-22", tags="balance"),
        },
    )
    return tmp_path


def changed_pages(before, after):
    """The pages of `after` that are new or differ from `before` (a page no longer built is not rendered)."""
    return sorted(name for name in after if name.endswith(".html") and before.get(name) != after[name])


EDITS = {
    # what is edited: (file, old, new)
    "the text of one article": ("posts/second.md", "A large survey counted", "A big survey counted"),
    "a title": ("posts/third.md", "Title: A third article", "Title: A retitled third article"),
    "a tag": ("posts/second.md", "Tags: test, sleep", "Tags: test, diet"),
    "a date that reorders the lists": ("posts/third.md", "Date: 2026-11-22", "Date: 2026-11-19"),
    "the page": ("pages/test-page.md", "Some text on a page.", "Some other text on a page."),
}
# Pages that read the edited value but show nothing of it: rendered again, the same bytes.
READ_BUT_UNCHANGED = {
    "a date that reorders the lists": {"tags/index.html"},  # reads each tag's articles, shows only their number
}


@pytest.mark.parametrize("change", EDITS)
def test_an_edit_renders_again_the_pages_it_changes_and_no_others(project, change):
    output = project / "output"
    build(project, output)
    rendered, kept = build(project, output)
    assert rendered == [], f"nothing changed, yet these were rendered again: {rendered}"
    before = snapshot(output)
    file, old, new = EDITS[change]
    edit(project / "content" / file, old, new)
    rendered, kept = build(project, output)
    changed = changed_pages(before, snapshot(output))
    assert changed, f"{change}: no page changed (the check would prove nothing)"
    stale = sorted(set(changed) - set(rendered))
    assert not stale, f"{change}: these pages changed but were kept, not rendered: {stale}"
    extra = sorted(set(rendered) - set(changed) - READ_BUT_UNCHANGED.get(change, set()))
    assert not extra, f"{change}: these pages were rendered again but did not change: {extra}"
    assert kept > 0, f"{change}: no page was kept"


def test_a_new_article_renders_the_lists_again(project):
    output = project / "output"
    build(project, output)
    before = snapshot(output)
    write_site(project, {"posts/fourth.md": article(title="A fourth article", date="2026-11-23")}, base=False)
    rendered, _ = build(project, output)
    changed = changed_pages(before, snapshot(output))
    assert "posts/fourth/index.html" in rendered and "index.html" in rendered, rendered
    assert not set(changed) - set(rendered), f"changed but kept: {sorted(set(changed) - set(rendered))}"


def test_values_hash_by_what_they_hold():
    from blog.render_memo import ABSENT, Hasher

    hasher = Hasher({})
    same = [("text", "text"), ([1, "a"], [1, "a"]), ({"a": 1}, {"a": 1}), (datetime.date(2026, 1, 2),) * 2]
    for a, b in same:
        assert Hasher({}).of(a) == hasher.of(b), f"{a!r} and {b!r} hash differently"
    different = [
        ("text", Markup("text")),  # escaped differently in a template
        ([1, 2], [2, 1]),
        ("1", 1),
        (None, ABSENT),
        (datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC), datetime.datetime(2026, 1, 2)),
    ]
    for a, b in different:
        assert hasher.of(a) != hasher.of(b), f"{a!r} and {b!r} hash the same"


def test_a_value_of_an_unknown_kind_is_never_taken_as_unchanged():
    from blog.render_memo import Hasher, Unhashable

    class Unknown:
        pass

    for value in (Unknown(), [Unknown()], {"key": Unknown()}, lambda: 1, print.__self__):
        with pytest.raises(Unhashable):
            Hasher({}).of(value)
