"""The caches are never stale: after each kind of change, a build that uses the read cache
(plugins/blog/read_cache.py), the pages kept by plugins/blog/render_memo.py and the social
card cache (plugins/blog/social_cards.py) is byte-identical to a cold build of the same tree.

A copy of the project (settings, theme, plugins, requirements) and the fixture site are
built in fresh processes, as `make build` runs: one build with the caches warm from the
previous state, one cold (read cache off, empty card and search index caches), for each
change in turn."""

import shutil
import subprocess
import sys

import pytest
from test_untrusted_input import png

from fixture_site import ARTICLE, article, snapshot, write_site
from sitecheck import ROOT

IMAGE = "![A small grey square]({static}/images/square.png)"


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} has no {old!r} to change"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def put_in_a_series(project):
    for name, part in (("complete", 1), ("other", 2)):
        edit(project / f"content/posts/{name}.md", "\nTags:", f"\nSeries: A test series\nSeries_index: {part}\nTags:")


CHANGES = {
    "an article": lambda p: edit(p / "content/posts/complete.md", "A large survey", "A very large survey"),
    "a title": lambda p: edit(p / "content/posts/complete.md", "Title: A complete", "Title: A retitled complete"),
    "tags": lambda p: edit(p / "content/posts/other.md", "Tags: test, neuropathy", "Tags: test, sleep"),
    "a series": put_in_a_series,
    "a bibliography entry": lambda p: edit(p / "content/bibliography.json", "32 000 consultations", "32,000 visits"),
    "the brand colour": lambda p: edit(p / "pelicanconf.py", 'BRAND_COLOUR = "#0f5a4f"', 'BRAND_COLOUR = "#1f4a6f"'),
    "the card drawing": lambda p: edit(p / "plugins/blog/social_cards.py", "ACCENT = 190", "ACCENT = 170"),
    "a setting": lambda p: edit(
        p / "pelicanconf.py", '"markdown.extensions.toc": {}', '"markdown.extensions.toc": {"separator": "_"}'
    ),
    "a template": lambda p: edit(p / "theme/templates/base.html", "</body>", "<!-- a template change --></body>"),
    "a plugin": lambda p: edit(
        p / "plugins/blog/reader.py",
        "        return content, metadata, found\n",
        '        return content.replace("large survey", "large SURVEY"), metadata, found\n',
    ),
    "a static file": lambda p: (p / "theme/static/css/main.css").open("a").write("\n.a-change { color: inherit; }\n"),
    "a referenced picture": lambda p: (p / "content/images/square.png").write_bytes(png(60, 20)),
    "a summary": lambda p: edit(p / "content/posts/other.md", "Summary: A complete", "Summary: A changed"),
    "a date": lambda p: edit(p / "content/posts/other.md", "Date: 2026-11-20", "Date: 2026-11-19"),
    "a page": lambda p: edit(p / "content/pages/test-page.md", "Some text", "Some other text"),
    "a new article": lambda p: write_site(p, {"posts/new.md": article(title="A new article")}, base=False),
    "a deleted article": lambda p: (p / "content/posts/other.md").unlink(),
}


def build(project, output, cold):
    command = [sys.executable, str(project / "plugins/blog/build.py"), str(project / "pelicanconf.py"), str(output)]
    command += [f"--content={project / 'content'}", '--set=REVIEW_TODAY="2026-11-24"']
    if cold:
        command += ['--set=READ_CACHE_PATH=""', f'--set=SOCIAL_CARDS_CACHE="{project / "cold-cards"}"']
        command += [f'--set=CACHE_PATH="{project / "cold-cache"}"']
        shutil.rmtree(project / "cold-cards", ignore_errors=True)
        shutil.rmtree(project / "cold-cache", ignore_errors=True)
    result = subprocess.run(command, cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, f"build failed:\n{result.stdout}{result.stderr}"
    return snapshot(output)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = tmp_path_factory.mktemp("project")
    for name in ("pelicanconf.py", "requirements.txt"):
        shutil.copy(ROOT / name, project / name)
    for folder in ("theme", "plugins"):
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    body = ARTICLE + "\n" + IMAGE + "\n"
    write_site(project, {"posts/complete.md": body, "posts/other.md": article(title="Another article")})
    (project / "content/images").mkdir()
    (project / "content/images/square.png").write_bytes(png(40, 30))
    return project


def test_a_cached_build_equals_a_cold_one_after_every_kind_of_change(project):
    problems = []
    previous = build(project, project / "cold", cold=True)
    if build(project, project / "cached", cold=False) != previous:
        problems.append("the first build: cached and cold differ")
    if build(project, project / "cached", cold=False) != previous:  # now every read comes from the cache
        problems.append("the second build: cached and cold differ")
    for change, make in CHANGES.items():
        make(project)
        cached = build(project, project / "cached", cold=False)
        cold = build(project, project / "cold", cold=True)
        if cold == previous:
            problems.append(f"{change}: the change did not change the output (the check would prove nothing)")
        differ = sorted(name for name in cached.keys() | cold.keys() if cached.get(name) != cold.get(name))
        if differ:
            problems.append(f"{change}: the cached build differs from a cold one in {differ[:5]}")
        previous = cold
    assert not problems, "\n".join(problems)


def test_the_cache_is_used(project):
    """A build after a build reads nothing again: the store holds every source."""
    import pickle

    from blog import pictures, render_memo
    from blog import sources as blog_sources

    build(project, project / "cached", cold=False)
    stores = sorted((project / ".cache" / "reads").glob("*.pickle"), key=lambda p: p.stat().st_mtime)
    entries = pickle.loads(stores[-1].read_bytes())
    sources = sorted(p.relative_to(project / "content").as_posix() for p in (project / "content").rglob("*.md"))
    reads = [key for key in entries if not key.startswith((render_memo.KEY, blog_sources.CHECK_KEY, pictures.KEY))]
    assert sorted(key.rsplit(":", 1)[0] for key in reads) == sources, entries.keys()


def card_files(project):
    return {p.name: p.stat().st_mtime_ns for p in (project / ".cache" / "cards").glob("*.png")}


def test_cards_are_drawn_only_when_their_inputs_change(project):
    """A text edit draws no card; a title edit draws that article's card alone."""
    build(project, project / "cached", cold=False)
    before = card_files(project)
    edit(project / "content/posts/complete.md", "## More text", "## Still more text")
    build(project, project / "cached", cold=False)
    after_text = card_files(project)
    redrawn = sorted(name for name in after_text if before.get(name) != after_text[name])
    assert not redrawn, f"a text edit drew cards again: {redrawn}"
    edit(project / "content/posts/complete.md", "Title: ", "Title: Now ")
    build(project, project / "cached", cold=False)
    after_title = card_files(project)
    drawn = sorted(name for name in after_title if after_text.get(name) != after_title[name])
    assert len(drawn) == 1, f"a title edit drew {len(drawn)} cards, expected its own one: {drawn}"


def test_an_unchanged_site_is_not_indexed_again(project):
    """Pagefind cannot update an index; a build whose pages are unchanged reuses the last one."""
    build(project, project / "cached", cold=False)
    indexes = {p.name: p.stat().st_mtime_ns for p in (project / ".cache" / "pelican" / "search").iterdir()}
    built = build(project, project / "cached", cold=False)
    again = {p.name: p.stat().st_mtime_ns for p in (project / ".cache" / "pelican" / "search").iterdir()}
    assert again == indexes, f"the search index was built again for unchanged pages: {indexes} then {again}"
    assert any(name.startswith("pagefind/") for name in built), "the build has no search index"
