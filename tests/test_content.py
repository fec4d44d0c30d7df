"""Content: required metadata on every article, and the owner's words kept as written."""

import re
from pathlib import Path

import pytest

from sitecheck import article_sources, normalise, read_metadata, report, untypogrify

SEED = Path(__file__).parent / "fixtures" / "healing-touch.txt"
SEED_PAGE = "posts/healing-touch/index.html"
REQUIRED = ["title", "date", "summary", "tags"]


def seed_parts():
    """(title, section labels, paragraphs) of the owner's text as delivered."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", SEED.read_text(encoding="utf-8")) if b.strip()]
    title, rest = blocks[0], blocks[1:]
    labels = [b[:-1] for b in rest if b.endswith(":") and len(b) < 80]
    paragraphs = [b for b in rest if not (b.endswith(":") and len(b) < 80)]
    return title, labels, paragraphs


@pytest.mark.parametrize("source", article_sources(), ids=lambda p: p.name)
def test_article_has_required_metadata(source):
    metadata = read_metadata(source)
    missing = [field.capitalize() for field in REQUIRED if not metadata.get(field)]
    assert not missing, f"{source.relative_to(source.parents[2])}: missing or empty {', '.join(missing)}"


def test_seed_paragraphs_appear_unchanged(site):
    _, _, paragraphs = seed_parts()
    built = {untypogrify(p.get_text()) for p in site.soup(SEED_PAGE).select(".post-body p")}
    missing = [normalise(p)[:80] + "…" for p in paragraphs if normalise(p) not in built]
    assert not missing, report(missing, f"paragraphs of the seed text not found word for word in {SEED_PAGE}")


def test_seed_title_and_sections_kept(site):
    title, labels, _ = seed_parts()
    soup = site.soup(SEED_PAGE)
    assert untypogrify(soup.h1.get_text()) == normalise(title), f"{SEED_PAGE}: <h1> is not the seed title"
    sections = [untypogrify(h.get_text()) for h in soup.select(".post-body h2")]
    assert sections == labels, f"{SEED_PAGE}: sections {sections} are not the seed's labels {labels}"
