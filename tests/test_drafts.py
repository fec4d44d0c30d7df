"""`invoke new-post` starts a draft that the writer sees in the local preview and
that appears nowhere in the published site: not in feeds, sitemap, search or
listings, and not even at an unlisted address."""

import gzip
import os
import shutil

import pytest
from invoke import Context, Exit

import tasks
from sitecheck import CONTENT, Site, build, read_metadata

TITLE = "A draft started by the test suite"
SLUG = "a-draft-started-by-the-test-suite"


@pytest.fixture(scope="module")
def with_draft(tmp_path_factory, monkeypatch_module):
    content = tmp_path_factory.mktemp("drafts") / "content"
    shutil.copytree(CONTENT, content)
    monkeypatch_module.setattr(tasks, "CONTENT", content)
    monkeypatch_module.setattr(tasks, "ROOT", content.parent)
    tasks.new_post(Context(), TITLE)
    sites = {}
    for name, settings, siteurl in (
        ("local", tasks.LOCAL_SETTINGS, ""),
        ("publish", tasks.PUBLISH_SETTINGS, "https://example.org/blog"),
    ):
        output = tmp_path_factory.mktemp(f"drafts-{name}")
        env = {k: v for k, v in os.environ.items() if k != "SITEURL"} | ({"SITEURL": siteurl} if siteurl else {})
        ok, log = build(tasks.build_command(settings, output, content), env=env)
        assert ok, f"the {name} build with a new draft failed:\n{log[-3000:]}"
        sites[name] = Site(name, output, siteurl)
    return content, sites


@pytest.fixture(scope="module")
def monkeypatch_module():
    patch = pytest.MonkeyPatch()
    yield patch
    patch.undo()


def test_new_post_writes_a_draft_with_every_field(with_draft):
    content, _ = with_draft
    source = content / "posts" / f"{SLUG}.md"
    metadata = read_metadata(source)
    assert metadata["status"] == "draft" and metadata["title"] == TITLE, metadata
    for field in ("date", "tags", "summary"):
        assert metadata.get(field), f"new-post left {field} empty"
    with pytest.raises(Exit, match="already exists"):
        tasks.new_post(Context(), TITLE)


def test_draft_is_in_the_local_preview_only(with_draft):
    _, sites = with_draft
    local = sites["local"]
    assert f"drafts/posts/{SLUG}/index.html" in local.pages
    listed = [a["href"] for a in local.soup("index.html").select(".drafts a")]
    assert f"/drafts/posts/{SLUG}/" in listed, listed


def test_draft_appears_nowhere_in_the_published_site(with_draft):
    _, sites = with_draft
    site = sites["publish"]
    problems = [f"{p} was published" for p in site.pages if SLUG in p or p.startswith("drafts/")]
    for path in ["feeds/all.atom.xml", "feeds/all.rss.xml", "sitemap.xml", "index.html", "archives/index.html"]:
        if SLUG in (site.root / path).read_text(encoding="utf-8"):
            problems.append(f"{path} mentions the draft")
    fragments = [gzip.decompress(p.read_bytes()) for p in (site.root / "pagefind" / "fragment").glob("*.pf_fragment")]
    if not any(b"Acupuncture" in fragment for fragment in fragments):
        problems.append("the search index cannot be read (no fragment mentions Acupuncture)")
    if any(b"started by the test suite" in fragment for fragment in fragments):
        problems.append("the search index holds the draft")
    assert not problems, "\n".join(problems)
