"""A synthetic corpus for build times: N seeded-random articles of ~900 words (same seed, same corpus),
each keeping every rule of a team article (plugins/blog), beside copies of content/pages and content/extra.
Command line: `python bench/corpus.py DIR N`, or `python bench/corpus.py --edit FILE`.
"""

import json
import random
import re
import shutil
import sys
import time
from datetime import date, timedelta
from pathlib import Path

WORDS = """nerve nerves pain numbness tingling feet hands foot hand skin sleep walking balance doctor nurse
clinic treatment treatments acupuncture needle needles session sessions study studies trial trials
evidence symptom symptoms diabetes sugar blood vitamin exercise shoes socks stretch heat cold
burning feeling sensation reader readers people patient patients week weeks month months day days
morning evening routine habit diet water checkup question questions answer answers risk risks
benefit benefits effect effects result results change changes care plan plans medicine medicines
dose side body muscle muscles joint joints circulation warmth comfort safety research review
practice practitioner appointment visit visits family friend support group notes diary journal""".split()
FILLER = """the a an and or but with for of to in on at by from about after before during while because
when if that this these those your our their it its is are was were can may might should often
sometimes usually rarely also still only more less most many some few every each other""".split()
VERBS = """helps eases reduces changes protects supports improves measures tracks explains describes
shows suggests notes affects slows worsens calms guides checks compares lists""".split()
TAGS = """neuropathy acupuncture diabetes foot-care sleep exercise nutrition research safety pain
chemotherapy balance vitamins daily-life caregivers evidence appointments medicines symptoms
stress circulation massage heat-and-cold shoes questions""".split()
CITE = " [ref:white2001]"


def sentence(rng, words=None):
    text = " ".join(rng.choice(rng.choice((WORDS, WORDS, FILLER, FILLER, VERBS)) if i else WORDS)
                    for i in range(words or rng.randint(7, 16)))  # fmt: skip
    return text[0].upper() + text[1:] + rng.choice(".....?")


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(4, 6)))


def title(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 8))).capitalize()


def article(rng, index, count, day):
    """One article's Markdown text."""
    tags, summary = ", ".join(rng.sample(TAGS, rng.randint(2, 4))), sentence(rng, 16)
    lines = [f"Title: {title(rng)} {index}", f"Date: {day}", f"Tags: {tags}", f"Summary: {summary}"]
    due = max(day + timedelta(days=3650), date(2027, 1, 1))  # never overdue on the bench's day
    lines += [f"Reviewed: {day}", f"Next_review: {due}", "Key_points:", f"    {summary}"]
    lines += [f"    {sentence(rng, 10)}", f"    {sentence(rng, 10)}", "", paragraph(rng) + CITE, ""]
    lines += ['!!! see-a-doctor "When to see a doctor"', f"    {sentence(rng, 12)}{CITE}", ""]
    links = rng.sample(others := [i for i in range(count) if i != index], min(len(others), rng.randint(2, 4)))
    for section in range(rng.randint(5, 6)):
        lines += [f"## {title(rng)}", ""]
        for p in range(rng.randint(2, 3)):
            text = paragraph(rng)
            if links and p == 0:
                text += f" Read more in [{rng.choice(WORDS)} and {rng.choice(WORDS)}]({{filename}}{name(links.pop())})."
            if rng.random() < 0.3:
                words = text.split(" ")
                k = rng.randrange(1, len(words) - 1)
                text = " ".join([*words[:k], f"*{words[k]}*", *words[k + 1 :]])
            lines += [text + CITE, ""]
        if section == 1:
            lines += [f"- {sentence(rng, rng.randint(5, 10))}{CITE}" for _ in range(rng.randint(3, 5))] + [""]
    while len(" ".join(lines).split()) < 900:  # the house rule is 700 to 1,500 words
        lines += [paragraph(rng) + CITE, ""]
    return "\n".join(lines)


def name(index):
    return f"generated-{index:04d}.md"


def make_corpus(target, count, content, seed=2026):
    """Write `count` articles into target/posts beside copies of content/pages and content/extra."""
    target, content, rng = Path(target), Path(content), random.Random(seed)
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(content, target, ignore=shutil.ignore_patterns("posts"))  # the site's pages and files
    (target / "posts").mkdir()
    entries = json.loads((content / "bibliography.json").read_text(encoding="utf-8"))
    (target / "bibliography.json").write_text(json.dumps([e for e in entries if e["id"] == "white2001"]), "utf-8")
    first = min(date(2020, 1, 1), date(2026, 1, 1) - timedelta(days=count))  # a day each, none in the future
    texts = [article(rng, i, count, first + timedelta(days=i)) for i in range(count)]
    for index, text in enumerate(texts):
        (target / "posts" / name(index)).write_text(text, encoding="utf-8")
    words = sum(len(text.split("\n\n", 1)[1].split()) for text in texts) / count
    print(f"  corpus: {count} articles of {words:.0f} words on average in {target}", flush=True)
    return target


def edit(path, line=None):
    """Change the last line of an article (a new text each time, so it is read again)."""
    text = re.sub(r"\n\nBenchmark edit: .*\n?$", "\n", path.read_text(encoding="utf-8")).rstrip("\n")
    path.write_text(f"{text}\n\nBenchmark edit: {line or time.monotonic_ns()}\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1] == "--edit":
        edit(Path(sys.argv[2]))
    else:
        make_corpus(sys.argv[1], int(sys.argv[2]), Path(__file__).resolve().parents[1] / "content")
