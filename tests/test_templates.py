"""Templates: every HTML element a template opens, it closes, so a broken
template is named by its own file rather than by the pages built from it."""

import pytest

from sitecheck import ROOT, report, unbalanced_tags

TEMPLATES = sorted((ROOT / "theme" / "templates").rglob("*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.relative_to(p.parents[1]).as_posix())
def test_template_closes_what_it_opens(template):
    problems = unbalanced_tags(template.read_text(encoding="utf-8"))
    where = template.relative_to(ROOT).as_posix()
    assert not problems, report([f"{where}:{p}" for p in problems], "unbalanced tags in a template")
