"""JSON-LD is built in Python (plugins/blog/structured_data.py) and printed whole by the templates."""

import io
import json
from contextlib import redirect_stderr, redirect_stdout

from bs4 import BeautifulSoup

import tasks
from fixture_site import article, write_site

SERIES_PAGE = "Title: Foot care, the series\nSummary: Every part of the series.\nSeries_name: Foot care\n\nAll parts.\n"


def build_fixture(tmp_path, files):
    from blog.build import main

    content, out = write_site(tmp_path, files), io.StringIO()
    arguments = [str(tasks.LOCAL_SETTINGS), str(tmp_path / "out"), f"--content={content}"]
    with redirect_stdout(out), redirect_stderr(out):
        code = main([*arguments, '--set=REVIEW_TODAY="2026-11-24"', '--set=READ_CACHE_PATH=""'])
    assert code == 0, out.getvalue()
    return tmp_path / "out"


def graph(output, slug):
    soup = BeautifulSoup((output / "posts" / slug / "index.html").read_text(encoding="utf-8"), "lxml")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1, f"posts/{slug}/: {len(scripts)} JSON-LD scripts, expected one"
    return {node["@type"]: node for node in json.loads(scripts[0].string)["@graph"]}


def test_series_parts_name_their_series_page_and_position_and_others_do_not(tmp_path):
    output = build_fixture(
        tmp_path,
        {
            "posts/part-one.md": article(title="Part one", series="Foot care", series_index="1"),
            "posts/part-two.md": article(title="Part two", series="Foot care", series_index="2"),
            "pages/foot-care.md": SERIES_PAGE,
        },
    )
    problems = []
    for slug, position in (("part-one", 1), ("part-two", 2)):
        posting = graph(output, slug)["BlogPosting"]
        wanted = {"@type": "CreativeWorkSeries", "name": "Foot care", "url": "/foot-care/"}
        if posting.get("isPartOf") != wanted or posting.get("position") != position:
            problems.append(f"posts/{slug}/: isPartOf {posting.get('isPartOf')}, position {posting.get('position')}")
    alone = graph(output, "complete")["BlogPosting"]
    if "isPartOf" in alone or "position" in alone:
        problems.append("posts/complete/: not in a series, yet its JSON-LD says it is part of one")
    part = (output / "posts" / "part-two" / "index.html").read_text(encoding="utf-8")
    if '<a href="/foot-care/">Foot care</a>' not in part:
        problems.append('posts/part-two/: "Part 2 of 2" does not link the series page')
    assert not problems, "\n".join(problems)


def test_health_article_has_a_medical_web_page_with_its_review_date_and_citations(tmp_path):
    nodes = graph(build_fixture(tmp_path, {}), "complete")
    medical = nodes.get("MedicalWebPage", {})
    assert medical.get("lastReviewed") == "2026-11-20", f"posts/complete/: lastReviewed {medical.get('lastReviewed')}"
    cited = [c.get("@type") for c in medical.get("citation", [])]
    assert cited == ["ScholarlyArticle"], f"posts/complete/: citations {cited}, expected the one study it cites"


def test_a_title_cannot_close_the_json_ld_script(tmp_path):
    title = "Feet </script><script>alert(1)</script> & more"
    output = build_fixture(tmp_path, {"posts/complete.md": article(title=title)})
    html = (output / "posts" / "complete" / "index.html").read_text(encoding="utf-8")
    script = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and ">" not in script, f"posts/complete/: markup inside the JSON-LD: {script[:200]}"
    assert graph(output, "complete")["BlogPosting"]["headline"] == title, "posts/complete/: the headline changed"
