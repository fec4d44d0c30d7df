"""The content check's cache is never stale: `sources.check_tree` with each file's answer kept
in the read cache's store gives exactly what a check without any cache gives, after each kind
of change (the file's bytes, its kind, a setting, the day, the clock), and a file whose bytes
did not change is not checked again. A check that finds problems keeps the read cache.

The checks run in process on the fixture site, the store on disk (READ_CACHE_PATH), carried
from one state to the next as from one `make build` to the next."""

import datetime
import os
import pickle
from pathlib import Path

import tasks
from blog import build, read_cache, sources
from fixture_site import PAGE, article, build_site, write_site

UTC = datetime.UTC
TODAY = datetime.date(2026, 11, 24)
NOW = datetime.datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def settings_of(content, cache, **overrides):
    """The site's settings for `content`, the read cache in `cache` ("" for none)."""
    overrides = {"READ_CACHE_PATH": str(cache), **overrides}
    return build.read_settings(tasks.LOCAL_SETTINGS, content, content.parent / "output", overrides)


def problems_of(settings, today, now):
    """Every problem check_tree finds (sorted), with the store of these settings open."""
    read_cache.open_store(settings, today)
    try:
        tree = sources.check_tree(settings, today, now)
    finally:
        read_cache.close_store()
    return sorted(tree.problems)


def differences(tmp_path, states):
    """Each state (a name: content changes, settings, today, now) checked with the store left
    by the states before it and without any cache: the states whose answers differ."""
    content = write_site(tmp_path)
    cache = tmp_path / "check-cache"
    found = []
    for name, (files, overrides, today, now) in states.items():
        write_site(tmp_path, files, base=False)
        cached = problems_of(settings_of(content, cache, **overrides), today, now)
        fresh = problems_of(settings_of(content, "", **overrides), today, now)
        if cached != fresh:
            found.append(f"{name}: cached {cached}, fresh {fresh}")
    return found


DATED = article(date="2026-11-24 12:30")  # half an hour after NOW in UTC
MODIFIED = article(date="2026-11-20", modified="2026-11-24 12:30")
REVIEWED = article(reviewed="2026-11-25", next_review="2027-11-25")


def test_a_cached_answer_of_the_check_is_the_fresh_answer_after_every_change(tmp_path):
    later, earlier = NOW + datetime.timedelta(hours=1), NOW - datetime.timedelta(hours=1)
    tokyo = {"TIMEZONE": "Asia/Tokyo"}
    states = {
        "cold": ({"posts/dated.md": DATED, "posts/modified.md": MODIFIED}, {}, TODAY, NOW),
        "the same files, again": ({}, {}, TODAY, NOW),
        "Date and Modified no longer in the future": ({}, {}, TODAY, later),
        "Date and Modified in the future again (the clock set back)": ({}, {}, TODAY, earlier),
        "a time without a zone read in another TIMEZONE": ({}, tokyo, TODAY, NOW),
        "back in UTC": ({}, {}, TODAY, NOW),
        "an edit that makes the file wrong": (
            {"posts/dated.md": DATED.replace("Title: A", "Title: TODO A")},
            {},
            TODAY,
            NOW,
        ),
        "the edit undone": ({"posts/dated.md": DATED}, {}, TODAY, NOW),
        "Reviewed in the future": ({"posts/reviewed.md": REVIEWED}, {}, TODAY, NOW),
        "the day after: Reviewed is today": ({}, {}, TODAY + datetime.timedelta(days=1), NOW),
        "the same bytes as a page": ({"pages/dated.md": DATED}, {}, TODAY, NOW),
        "a page's bytes as an article": ({"posts/page-text.md": PAGE}, {}, TODAY, NOW),
        "a setting the check reads": ({}, {"PICTURE_MAX_BYTES": 10}, TODAY, NOW),
        "a file deleted": ({"posts/dated.md": None}, {}, TODAY, NOW),
    }
    found = differences(tmp_path, states)
    assert not found, "the cached check answered differently from a fresh one:\n" + "\n".join(found)


def counting_checks(monkeypatch):
    """The relative paths `sources.check_bytes` is run on, in order."""
    checked, check = [], sources.check_bytes
    by_bytes = {}

    def counted(raw, *args):
        checked.append(by_bytes.get(raw, "?"))
        return check(raw, *args)

    monkeypatch.setattr(sources, "check_bytes", counted)
    return checked, by_bytes


def test_a_file_whose_bytes_did_not_change_is_not_checked_again(tmp_path, monkeypatch):
    files = {f"posts/part-{n}.md": article(title=f"Part {n} of the test") for n in range(4)}
    content = write_site(tmp_path, files)
    settings = settings_of(content, tmp_path / "check-cache")
    checked, by_bytes = counting_checks(monkeypatch)
    for path in content.rglob("*.md"):
        by_bytes[path.read_bytes()] = path.relative_to(content).as_posix()
    problems_of(settings, TODAY, NOW)
    first = sorted(checked)
    checked.clear()
    edited = files["posts/part-2.md"].replace("A large survey", "A very large survey")
    write_site(tmp_path, {"posts/part-2.md": edited}, base=False)
    by_bytes[edited.encode()] = "posts/part-2.md"
    problems_of(settings, TODAY, NOW)
    assert set(files) <= set(first), f"the first check ran check_bytes on {first}, not on every new file"
    assert checked == ["posts/part-2.md"], f"after one edit to posts/part-2.md, check_bytes ran on {checked}"


def test_a_check_that_finds_problems_keeps_the_read_cache(tmp_path):
    content = write_site(tmp_path)
    cache = tmp_path / "read-cache"
    code, printed = build_site(content, tmp_path / "output", f'--set=READ_CACHE_PATH="{cache}"')
    assert code == 0, printed
    (store,) = cache.glob("*.pickle")
    reads = sorted(k for k in pickle.loads(store.read_bytes()) if not k.startswith(sources.CHECK_KEY))
    write_site(tmp_path, {"posts/broken.md": article(tags=None)}, base=False)
    code, printed = build_site(content, tmp_path / "output", f'--set=READ_CACHE_PATH="{cache}"')
    assert code == 1, printed
    kept = sorted(k for k in pickle.loads(store.read_bytes()) if not k.startswith(sources.CHECK_KEY))
    assert kept == reads, f"after a build the check stopped, the read cache holds {kept}, not {reads}"


def old_link_target(source, value, settings):
    """link_target as it was (two full resolutions per link): the reference for the same answers."""
    from urllib.parse import unquote, urlsplit

    path = unquote(urlsplit(value).path)
    root = Path(settings["PATH"])
    target = root / path.lstrip("/") if path.startswith("/") else source.path.parent / path
    real = Path(os.path.realpath(target))
    if not real.is_relative_to(root.resolve()):
        return None
    return real.relative_to(root.resolve()).as_posix()


def test_a_link_names_the_file_it_named_before_links_were_resolved_once(tmp_path):
    content = write_site(tmp_path, {"posts/other.md": article(title="Another"), "images/a.png": b"x"})
    (content / "posts/alias.md").symlink_to(content / "posts/other.md")
    (tmp_path / "outside.md").write_text("x")
    settings = {"PATH": str(content)}
    source = sources.Source(content / "posts/complete.md", "posts/complete.md", "article")
    values = [
        "other.md",
        "./other.md",
        "alias.md",
        "../posts/other.md",
        "/posts/other.md",
        "/images/a.png",
        "../images/a.png",
        "missing.md",
        "../../outside.md",
        "../",
        ".",
        "..",
        "/",
        "%2E%2E/pages/x.md",
        "../posts/../posts/alias.md",
        "sub/../other.md",
    ]
    real_dirs = {}
    wrong = [
        f"{value!r}: {sources.link_target(source, value, settings, real_dirs)!r}, "
        f"was {old_link_target(source, value, settings)!r}"
        for value in values
        if sources.link_target(source, value, settings, real_dirs) != old_link_target(source, value, settings)
    ]
    assert not wrong, "link_target names another file than before:\n" + "\n".join(wrong)
