"""Headings: one <h1> per page equal to its title, no skipped level, unique ids."""

from sitecheck import normalise, report

HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


def test_one_h1_equal_to_title(site):
    problems = []
    for page in site.pages:
        h1s = site.soup(page).find_all("h1")
        title = site.title(page)
        if len(h1s) != 1:
            problems.append(f"{page}: {len(h1s)} <h1> elements, expected exactly 1")
        elif normalise(h1s[0].get_text()) != title:
            problems.append(f"{page}: <h1> {normalise(h1s[0].get_text())!r} differs from <title> {title!r}")
    assert not problems, report(problems, f"pages with a wrong <h1> in the {site.name} build")


def test_heading_levels_not_skipped(site):
    problems = []
    for page in site.pages:
        previous = 0
        for heading in site.soup(page).find_all(HEADINGS):
            level = int(heading.name[1])
            if level > previous + 1:
                after = f"h{previous}" if previous else "the start of the page"
                problems.append(f"{page}: <{heading.name}> {normalise(heading.get_text())!r} follows {after}")
            previous = level
    assert not problems, report(problems, f"skipped heading levels in the {site.name} build")


def test_ids_unique(site):
    problems = []
    for page in site.pages:
        seen = set()
        for tag in site.soup(page).find_all(id=True):
            if tag["id"] in seen:
                problems.append(f'{page}: id="{tag["id"]}" is used more than once')
            seen.add(tag["id"])
    assert not problems, report(problems, f"duplicate ids in the {site.name} build")
