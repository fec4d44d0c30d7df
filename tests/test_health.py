"""Health content: the rules every article the team writes must keep (the owner's
article is exempt; its correction is the editor's note)."""

import os
import re
import shutil

import pytest

import tasks
from sitecheck import CONTENT, build, built_page_of, report, team_articles

TRUSTED_LINK = re.compile(
    r"^https://(doi\.org/10\.|pubmed\.ncbi\.nlm\.nih\.gov/\d|pmc\.ncbi\.nlm\.nih\.gov/articles/PMC)"
)
TEAM = team_articles()


def source_name(path):
    return f"content/posts/{path.name}"


def test_health_rules_run_in_the_build_on_the_real_articles(tmp_path):
    """The rules live in the build (plugins/blog/health_rules.py): planting an absolute
    claim in a real article stops the build, naming the file."""
    from blog.build import build as run_build

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    target = content / "posts" / TEAM[0].name
    target.write_text(target.read_text(encoding="utf-8") + "\nAcupuncture cures neuropathy.\n", encoding="utf-8")
    result = run_build(tasks.LOCAL_SETTINGS, tmp_path / "out", content, {"REVIEW_TODAY": "2026-11-24"})
    assert not result.ok, "the build passed with an absolute claim in a team article"
    expected = source_name(TEAM[0])
    assert any(p.file == expected and "makes an absolute claim" in p.problem for p in result.problems), result.text


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


def test_owner_article_shows_dated_editor_note(local_site):
    soup = local_site.soup("posts/healing-touch/index.html")
    note = soup.select_one(".editor-note")
    assert note, "posts/healing-touch/index.html: no editor's note"
    assert note.select_one("time[datetime]"), "the editor's note has no date"
    date = note.select_one("time").get_text(strip=True)
    count = note.get_text(" ").count(date)
    assert count == 1, f"the editor's note shows its date {date!r} {count} times: once is enough"
    target = note.select_one("a[href*='acupuncture-research/#studies-named-in-part-1']")
    assert target, "the editor's note does not link to the research article's section on the two studies"
    assert note.find_previous("h1") and note.find_next(class_="post-body"), "the editor's note is not above the text"


def test_overdue_review_warns_and_shows_notice(tmp_path):
    """With "today" fixed after every Next_review date, the build still passes, warns
    for each health page, and each page shows the overdue notice."""
    output = tmp_path / "out"
    command = tasks.build_command(tasks.LOCAL_SETTINGS, output, extra_settings={"REVIEW_TODAY": '"2099-01-01"'})
    ok, log = build(command, env={k: v for k, v in os.environ.items() if k != "SITEURL"})
    assert ok, f"an overdue review must not fail the build:\n{log[-3000:]}"
    for source in TEAM:
        assert f"{source_name(source)}: overdue for review" in log, f"no warning for {source.name}:\n{log[-2000:]}"
        page = (output / built_page_of(source)).read_text(encoding="utf-8")
        assert 'class="review-overdue"' in page, f"{built_page_of(source)}: no overdue notice"


def test_review_not_overdue_on_the_fixed_day(local_site):
    overdue = [page for page in local_site.pages if local_site.soup(page).select_one(".review-overdue")]
    assert not overdue, report(overdue, "pages shown as overdue on 2026-11-24, before any Next_review date")
