"""A synthetic corpus for build-time figures: N seeded-random articles of ~800 words.

Each article keeps every rule a team article must (plugins/blog): Title, Date, Tags,
Summary, review dates, three key points, one real study of the site's bibliography cited in
every paragraph and list item, a "When to see a doctor" callout; 5 or 6 `##` sections, a list, some emphasis,
and 2 to 4 `{filename}` links to other generated articles. The site's own pages and static files (content/pages,
content/extra) are copied beside them so the site is complete. Same seed, same corpus.
"""

import json
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

WORDS = """
nerve nerves pain numbness tingling feet hands foot hand skin sleep walking balance doctor nurse
clinic treatment treatments acupuncture needle needles session sessions study studies trial trials
evidence symptom symptoms diabetes sugar blood vitamin exercise shoes socks stretch heat cold
burning feeling sensation reader readers people patient patients week weeks month months day days
morning evening routine habit diet water checkup question questions answer answers risk risks
benefit benefits effect effects result results change changes care plan plans medicine medicines
dose side body muscle muscles joint joints circulation warmth comfort safety research review
practice practitioner appointment visit visits family friend support group notes diary journal
""".split()
FILLER = """
the a an and or but with for of to in on at by from about after before during while because
when if that this these those your our their it its is are was were can may might should often
sometimes usually rarely also still only more less most many some few every each other
""".split()
VERBS = """
helps eases reduces changes protects supports improves measures tracks explains describes
shows suggests notes affects slows worsens calms guides checks compares lists
""".split()
TAGS = """
neuropathy acupuncture diabetes foot-care sleep exercise nutrition research safety pain
chemotherapy balance vitamins daily-life caregivers evidence appointments medicines symptoms
stress circulation massage heat-and-cold shoes questions
""".split()


CITE = " [ref:white2001]"


def sentence(rng, words=None):
    n = words or rng.randint(8, 20)
    out = []
    for i in range(n):
        pool = rng.choice((WORDS, WORDS, FILLER, FILLER, VERBS)) if i else WORDS
        out.append(rng.choice(pool))
    text = " ".join(out)
    return text[0].upper() + text[1:] + rng.choice(".....?")


def paragraph(rng, sentences=None):
    return " ".join(sentence(rng) for _ in range(sentences or rng.randint(3, 5)))


def title(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(4, 8))]
    return " ".join(words).capitalize()


def article(rng, index, count, start):
    """One article's Markdown text (about 800 words)."""
    tags = rng.sample(TAGS, rng.randint(2, 4))
    day = start + timedelta(days=index)
    summary = sentence(rng, 16)
    lines = [
        f"Title: {title(rng)} {index}",
        f"Date: {day.isoformat()}",
        f"Tags: {', '.join(tags)}",
        f"Summary: {summary}",
        f"Reviewed: {day.isoformat()}",
        f"Next_review: {(day + timedelta(days=3650)).isoformat()}",
        "Key_points:",
        f"    {summary}",
        f"    {sentence(rng, 10)}",
        f"    {sentence(rng, 10)}",
        "",
        paragraph(rng) + CITE,
        "",
        '!!! see-a-doctor "When to see a doctor"',
        f"    {sentence(rng, 12)}{CITE}",
        "",
    ]
    others = [i for i in range(count) if i != index]
    links = rng.sample(others, min(len(others), rng.randint(2, 4)))
    sections = rng.randint(5, 6)
    for s in range(sections):
        lines += [f"## {title(rng)}", ""]
        for p in range(rng.randint(2, 3)):
            text = paragraph(rng)
            if links and p == 0:
                target = links.pop()
                text += f" Read more in [{rng.choice(WORDS)} and {rng.choice(WORDS)}]({{filename}}{name(target)})."
            if rng.random() < 0.3:
                words = text.split(" ")
                k = rng.randrange(1, len(words) - 1)
                words[k] = f"*{words[k]}*"
                text = " ".join(words)
            lines += [text + CITE, ""]
        if s == 1:
            lines += [f"- {sentence(rng, rng.randint(5, 10))}{CITE}" for _ in range(rng.randint(3, 5))] + [""]
    while len(" ".join(lines).split()) < 900:  # the house rule is 700 to 1,500 words
        lines += [paragraph(rng) + CITE, ""]
    return "\n".join(lines)


def name(index):
    return f"generated-{index:04d}.md"


def make_corpus(target, count, content, seed=2026):
    """Write `count` articles into target/posts and copy content/pages and content/extra."""
    target = Path(target)
    shutil.rmtree(target, ignore_errors=True)
    posts = target / "posts"
    posts.mkdir(parents=True)
    for folder in ("pages", "extra"):
        if (Path(content) / folder).is_dir():
            shutil.copytree(Path(content) / folder, target / folder)
    # The one study every generated paragraph cites, from the site's bibliography.
    entries = json.loads((Path(content) / "bibliography.json").read_text(encoding="utf-8"))
    (target / "bibliography.json").write_text(json.dumps([e for e in entries if e["id"] == "white2001"]), "utf-8")
    rng = random.Random(seed)
    start = date(2020, 1, 1)
    words = 0
    for index in range(count):
        text = article(rng, index, count, start)
        words += len(text.split("\n\n", 1)[1].split())
        (posts / name(index)).write_text(text, encoding="utf-8")
    return {"articles": count, "mean_words": round(words / count), "path": str(target)}


if __name__ == "__main__":
    import sys

    print(make_corpus(sys.argv[1], int(sys.argv[2]), Path(__file__).parent.parent / "content"))
