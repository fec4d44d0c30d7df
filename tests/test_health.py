"""Health content: the rules every article the team writes must keep (the owner's
article is exempt; its correction is the editor's note)."""

import os
import re

import pytest

import tasks
from sitecheck import (
    build,
    built_page_of,
    metadata_list,
    normalise,
    read_metadata,
    readability,
    report,
    team_articles,
)

ABSOLUTE_CLAIMS = re.compile(
    r"\b(cure[sd]?|curing|heals|healed|proven|guarantee[sd]?|miracle\w*|detox\w*|breakthrough|"
    r"boosts? (?:your )?immun\w+|no side[- ]effects|clinically proven)\b",
    re.I,
)
# Words that say a treatment changed something. A paragraph using one must cite its source.
EFFICACY = re.compile(
    r"\b(reduc\w*|improv\w*|effective\w*|efficacy|relie[fv]\w*|eas(?:e|ed|es|ing)|help(?:s|ed|ful)?|"
    r"benefit\w*|better|worse|lower\w*|higher|less|fewer|fell|falls?|drop\w*|decreas\w*|increas\w*|"
    r"gains?|favou?r\w*|positive|negative|faster|slower|stronger|success\w*|significant\w*|works?|worked)\b",
    re.I,
)
TRUSTED_LINK = re.compile(
    r"^https://(doi\.org/10\.|pubmed\.ncbi\.nlm\.nih\.gov/\d|pmc\.ncbi\.nlm\.nih\.gov/articles/PMC)"
)
TEAM = team_articles()


def source_name(path):
    return f"content/posts/{path.name}"


def sentences_with(pattern, text):
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if pattern.search(s)]


def leaf_blocks(body):
    """Paragraphs and list items that hold text directly (not other paragraphs or lists)."""
    return [tag for tag in body.find_all(["p", "li"]) if not tag.find(["p", "ul", "ol"])]


@pytest.mark.parametrize("source", TEAM, ids=lambda p: p.name)
def test_no_absolute_claims(source, local_site):
    body = local_site.soup(built_page_of(source)).select_one(".post-body")
    metadata = read_metadata(source)
    texts = [metadata.get("title", ""), metadata.get("summary", ""), *metadata_list(source, "key_points")]
    texts.append(normalise(body.get_text(" ")))
    offending = [s for text in texts for s in sentences_with(ABSOLUTE_CLAIMS, text)]
    assert not offending, report(
        [f"{source_name(source)}: {s!r}" for s in offending], "sentences with absolute claims (cure, proven, ...)"
    )


@pytest.mark.parametrize("source", TEAM, ids=lambda p: p.name)
def test_efficacy_paragraphs_carry_a_citation(source, local_site):
    """Each paragraph or list item with efficacy wording cites a reference, unless the
    metadata exempts it: `Uncited:` lines of 'start of the paragraph — reason'."""
    exemptions = [line.split("—")[0].strip() for line in metadata_list(source, "uncited") if "—" in line]
    body = local_site.soup(built_page_of(source)).select_one(".post-body")
    problems = []
    for block in leaf_blocks(body):
        text = normalise(block.get_text(" "))
        if not EFFICACY.search(text) or block.select("sup.cite a"):
            continue
        if any(text.startswith(start) for start in exemptions if start):
            continue
        sentence = sentences_with(EFFICACY, text)[0]
        problems.append(f"{source_name(source)}: {sentence!r} makes an efficacy claim without a citation")
    assert not problems, report(
        problems, "uncited efficacy paragraphs (add [ref:key], or an Uncited: line with a reason)"
    )


@pytest.mark.parametrize("source", TEAM, ids=lambda p: p.name)
def test_health_features_render(source, local_site):
    page = built_page_of(source)
    soup = local_site.soup(page)
    problems = []
    points = soup.select(".key-points li")
    if not 3 <= len(points) <= 5:
        problems.append(f"{page}: {len(points)} key points, expected 3 to 5")
    refs = soup.select(".references li")
    if not refs:
        problems.append(f"{page}: no references")
    for ref in refs:
        links = [a["href"] for a in ref.find_all("a", href=True) if not a["href"].startswith("#")]
        if not any(TRUSTED_LINK.match(link) for link in links):
            problems.append(f"{page}: reference {ref.get('id')} has no DOI, PubMed or PMC link")
        if not ref.select(".references-back a[href^='#cite-']"):
            problems.append(f"{page}: reference {ref.get('id')} does not link back to its citation")
    for cite in soup.select("sup.cite a"):
        if not soup.find(id=cite["href"][1:]):
            problems.append(f"{page}: citation {cite.get_text()} links to a missing entry {cite['href']}")
    times = soup.select(".review-dates time[datetime]")
    if len(times) != 2 or "Last reviewed" not in soup.select_one(".review-dates").get_text():
        problems.append(f"{page}: no 'Last reviewed ... · Next review due ...' line")
    if not soup.select_one(".disclaimer a[href]"):
        problems.append(f"{page}: no medical disclaimer linking the full disclaimer page")
    if not soup.select_one(".post-body .admonition.see-a-doctor .admonition-title"):
        problems.append(f"{page}: no 'When to see a doctor' callout")
    assert not problems, report(problems, "missing health-page features")


@pytest.mark.parametrize("source", TEAM, ids=lambda p: p.name)
def test_readability_and_length(source):
    words, grade = readability(source)
    assert 700 <= words <= 1500, f"{source_name(source)}: {words} words; a follow-up has 700 to 1,500"
    assert grade <= 10, f"{source_name(source)}: Flesch-Kincaid grade {grade}, the limit is 10 (aim for 8)"


def test_owner_article_shows_dated_editor_note(local_site):
    soup = local_site.soup("posts/healing-touch/index.html")
    note = soup.select_one(".editor-note")
    assert note, "posts/healing-touch/index.html: no editor's note"
    assert note.select_one("time[datetime]"), "the editor's note has no date"
    target = note.select_one("a[href*='acupuncture-research/#studies-named-in-part-1']")
    assert target, "the editor's note does not link to the research article's section on the two studies"
    assert note.find_previous("h1") and note.find_next(class_="post-body"), "the editor's note is not above the text"


def test_overdue_review_warns_and_shows_notice(tmp_path):
    """With "today" fixed after every Next_review date, the build still passes, warns
    for each health page, and each page shows the overdue notice."""
    output = tmp_path / "out"
    command = tasks.pelican_command(tasks.LOCAL_SETTINGS, output, extra_settings={"REVIEW_TODAY": '"2099-01-01"'})
    ok, log = build(command, env={k: v for k, v in os.environ.items() if k != "SITEURL"})
    assert ok, f"an overdue review must not fail the build:\n{log[-3000:]}"
    for source in TEAM:
        assert f"{source_name(source)}: overdue for review" in log, f"no warning for {source.name}:\n{log[-2000:]}"
        page = (output / built_page_of(source)).read_text(encoding="utf-8")
        assert 'class="review-overdue"' in page, f"{built_page_of(source)}: no overdue notice"


def test_review_not_overdue_on_the_fixed_day(local_site):
    overdue = [page for page in local_site.pages if local_site.soup(page).select_one(".review-overdue")]
    assert not overdue, report(overdue, "pages shown as overdue on 2026-11-24, before any Next_review date")
