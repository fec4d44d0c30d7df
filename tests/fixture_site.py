"""A small site to build in process: one complete health article and one page,
plus whatever files a test adds. Plain helpers, no fixtures."""

import hashlib
import json
import os
from pathlib import Path

FILLER = (
    "This sentence is here so that the test article is long enough to pass the length rule. "
    "It says nothing about any treatment. It uses short words and short sentences. "
)
ROOT = Path(__file__).parent.parent
# The one entry of the fixture site's bibliography: the real site's, as it is.
BIBLIOGRAPHY = [
    e for e in json.loads((ROOT / "content" / "bibliography.json").read_text("utf-8")) if e["id"] == "white2001"
]
ARTICLE = """Title: A complete test article
Date: 2026-11-20
Tags: test, neuropathy
Summary: A complete article that keeps every rule, for the tests to change one thing at a time.
Reviewed: 2026-11-20
Next_review: 2027-11-20
Key_points:
    A complete article that keeps every rule, for the tests to change one thing at a time.
    It has three key points.
    It cites one real study.

A large survey counted the minor events that followed acupuncture [ref:white2001].

## What this article is for

{filler}

## When to see a doctor

!!! see-a-doctor "When to see a doctor"
    See your doctor if a new symptom starts.

## More text

{filler}
""".replace("{filler}", FILLER * 17)
PAGE = """Title: A test page
Summary: A page of the test site.

Some text on a page.
"""


def article(body="", **changes):
    """The complete article with metadata fields replaced, added (key=value) or removed
    (key=None), a field's indented lines with it; `body` is added at the end of the text."""
    head, text = ARTICLE.split("\n\n", 1)
    fields = []  # [key, [lines]]
    for line in head.splitlines():
        if line.startswith("    "):
            fields[-1][1].append(line)
        else:
            fields.append([line.split(":", 1)[0].lower(), [line]])
    for key, value in changes.items():
        new = None if value is None else [f"{key.capitalize()}: {value}"]
        index = next((i for i, (k, _) in enumerate(fields) if k == key), None)
        if index is None and new is not None:
            fields.insert(1, [key, new])
        elif index is not None and new is None:
            del fields[index]
        elif index is not None:
            fields[index][1] = new
    return "\n".join(line for _, lines in fields for line in lines) + "\n\n" + text + (f"\n{body}\n" if body else "")


BASE = {
    "posts/complete.md": ARTICLE,
    "pages/test-page.md": PAGE,
    "bibliography.json": json.dumps(BIBLIOGRAPHY, indent=2, ensure_ascii=False),
}


def write_site(folder, files=None, base=True):
    """Write content/ into `folder`: the base files (unless base=False), then `files`
    ({relative path: text, bytes, or None to delete}). Returns the content folder."""
    content = Path(folder) / "content"
    for relative, data in {**(BASE if base else {}), **(files or {})}.items():
        target = content / relative
        if data is None:
            target.unlink(missing_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if callable(data):
            data(target)
        else:
            target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    (content / "posts").mkdir(parents=True, exist_ok=True)
    return content


def snapshot(folder):
    """{relative path: sha256} of every file under `folder`."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in Path(folder).rglob("*")
        if p.is_file() or p.is_symlink()
    }


def symlink_to(target):
    """A file writer that makes a symbolic link to `target`."""

    def make(path):
        os.symlink(target, path)

    return make


def build_site(content, output, *settings):
    """Build `content` with the local settings, in process, as the build's command line does
    (a fixed "today", no read cache; `settings` are more `--set=NAME=JSON`):
    (exit code, everything printed)."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    import tasks
    from blog.build import main

    arguments = [str(tasks.LOCAL_SETTINGS), str(output), f"--content={content}"]
    arguments += ['--set=REVIEW_TODAY="2026-11-24"', '--set=READ_CACHE_PATH=""', *settings]
    printed = io.StringIO()
    with redirect_stdout(printed), redirect_stderr(printed):
        code = main(arguments)
    return code, printed.getvalue()
