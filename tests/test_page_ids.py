"""No id twice on a page: a heading's id, set by the writer or made from its words,
never repeats an id the theme writes (the skip link's `main` …) or another on the page.
Built in process on the small fixture site, every offender in one build."""

import re
from pathlib import Path

from bs4 import BeautifulSoup

from blog import fragments, page_ids
from fixture_site import article, build_site, write_site

# source: (body added to the complete article, what its line must say, the heading's line)
FIRST_ADDED_LINE = article().count("\n") + 2
OFFENDERS = {
    "posts/skip-link.md": ("## Skip here {: #main }", "heading 'Skip here' has the id 'main', which the site's layout"),
    "posts/made-id.md": ("## Toc title", "heading 'Toc title' has the id 'toc-title', which the site's layout"),
    "posts/reference.md": ("## Sources {#ref-white2001}", "has the id 'ref-white2001', which the site's layout"),
    "posts/twice.md": (
        "## One {#same}\n\nText.\n\n## Two {#same}",
        "heading 'Two' has the id 'same', which another part of this page",
    ),
}
LINE_OF = {"posts/twice.md": FIRST_ADDED_LINE + 4}


def test_no_heading_id_repeats_a_theme_id_or_another_on_the_page(tmp_path):
    files = {source: article(body=body) for source, (body, _) in OFFENDERS.items()}
    files["posts/fine.md"] = article(body="## Main points\n\nText.\n\n## Main points\n\nMore.")
    code, printed = build_site(write_site(tmp_path, files), tmp_path / "output")
    assert code == 1, f"the build did not stop:\n{printed[-2000:]}"
    lines = printed.splitlines()
    missing = []
    for source, (_, says) in OFFENDERS.items():
        start = f"content/{source}:{LINE_OF.get(source, FIRST_ADDED_LINE)}: "
        if not any(line.startswith(start) and says in line for line in lines):
            missing.append(f"{start}…{says}…")
    assert not missing, "not refused on the heading's line:\n  " + "\n  ".join(missing) + f"\nprinted:\n{printed}"
    assert "content/posts/fine.md" not in printed, (
        f"Markdown's own ids (main-points, main-points_1) refused:\n{printed}"
    )


def test_headings_near_theme_ids_build_with_their_own_ids(tmp_path):
    files = {"posts/new.md": article(body="## Main points\n\nText.\n\n## Main points\n\nMore.")}
    code, printed = build_site(write_site(tmp_path, files), tmp_path / "output")
    assert code == 0, printed[-2000:]
    soup = BeautifulSoup((tmp_path / "output/posts/new/index.html").read_text("utf-8"), "html.parser")
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), f"posts/new/index.html repeats ids: {sorted(i for i in ids if ids.count(i) > 1)}"


def test_every_id_the_theme_writes_is_taken_from_its_templates():
    """The skip link's target and every literal id of the templates are refused to writers."""
    from pelican.settings import read_settings

    import tasks

    settings = read_settings(str(tasks.LOCAL_SETTINGS))
    theme = page_ids.theme_patterns(settings)
    templates = Path(settings["THEME"], "templates")
    skip_targets = set(re.findall(r'href="#([^"{]+)"', (templates / "base.html").read_text("utf-8")))
    literal = {i for i in fragments.template_ids(settings) if "{" not in i}
    unrefused = sorted(i for i in skip_targets | literal if not theme.fullmatch(i))
    assert "main" in skip_targets and not unrefused, f"theme ids a heading could take: {unrefused}"
    assert theme.fullmatch("ref-white2001") and not theme.fullmatch("references"), "ref-{{ key }} not a pattern"
