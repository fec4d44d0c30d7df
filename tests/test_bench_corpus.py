"""The benchmark's corpus (bench/corpus.py) keeps every house rule, as bench/README.md says: a
corpus the build refuses would time a failing build. A small corpus is built whole; the reading
grade, the rule a generated text is likeliest to break, is checked on all 1,000 articles."""

import sys

import markdown

from fixture_site import build_site
from sitecheck import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from corpus import make_corpus  # noqa: E402


def test_a_small_corpus_builds_with_no_problem(tmp_path):
    import tasks

    content = make_corpus(tmp_path / "corpus", 30, tasks.CONTENT)
    code, printed = build_site(content, tmp_path / "output")
    assert code == 0, f"the benchmark's corpus breaks a house rule:\n{printed[-3000:]}"


def test_every_article_of_the_1000_article_corpus_is_within_the_reading_grade(tmp_path):
    import tasks
    from blog.health_rules import MAX_GRADE, readability

    content = make_corpus(tmp_path / "corpus", 1000, tasks.CONTENT)
    over = []
    for source in sorted((content / "posts").glob("generated-*.md")):
        grade = readability(markdown.markdown(source.read_text(encoding="utf-8").split("\n\n", 1)[1]))[1]
        if grade > MAX_GRADE:
            over.append(f"{source.name}: grade {grade}")
    assert not over, f"{len(over)} generated articles over grade {MAX_GRADE}: {over[:10]}"
