"""What in content/ is content: an allowlist of files, checked before Pelican reads any.

One job. Walks content/ without following links and accepts only:
Markdown sources (`.md`, `.markdown`, lower case) under the article and page
folders, pictures (IMAGE_EXTENSIONS, each checked by `pictures.check`) under
PICTURE_PATHS, and the site's own files named in STATIC_PATHS. Every other
file, a link that leaves content/, a source that is empty, not UTF-8 or has
bad metadata (the schema), every `{filename}`, `{static}`, `{attach}` or `{tag}`
link to something the site does not publish, and a link to a picture's file
itself (only its copies are published: `![alt](...)` shows it) is a problem
`path:line: problem — fix`. Pelican runs only when there is none, so it never
reads or copies a file this refused.
"""

import fnmatch
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from . import bibliography, front_matter, limits, pictures, problems, read_cache, schema, text_rules
from .source_location import line_at, line_starts

INTRASITE = re.compile(r"[{|](?P<what>filename|static|attach|tag|category|author|index)[}|](?P<value>[^\s)\"'<>\]]*)")
CHECK_KEY = "check\0"  # the read cache's keys of check answers: no relative path starts so


@dataclass
class Source:
    path: Path  # absolute
    relative: str  # inside content/, POSIX
    kind: str  # "article" or "page"
    front: object = None
    meta: object = None
    text: str = None
    sha: str = None  # SHA-256 of its bytes (hex)


@dataclass
class Tree:
    sources: dict  # relative path -> Source
    files: set  # relative paths of every accepted file (sources, pictures, the site's files)
    problems: list  # (display path, line, message)
    real_dirs: dict = None  # folder -> its real path, for this check's links (`link_target`)
    refused: set = field(default_factory=set)  # relative paths of files refused with a problem of their own


def folders(settings, key):
    return [PurePosixPath(p).as_posix().strip("/") for p in settings.get(key, [])]


def is_ignored(name, settings):
    return any(fnmatch.fnmatch(name, pattern) for pattern in settings.get("IGNORE_FILES", []))


def under(relative, folder_list):
    return any(relative == f or relative.startswith(f + "/") for f in folder_list)


def classify(relative, settings):
    """(kind, problem or None) of one file inside content/."""
    found = text_rules.refused_character(relative)
    if found:
        position, char, kind = found
        return None, (
            f"the file name holds {kind} {text_rules.describe(char)} at position {position} — "
            "rename it (retype the name)"
        )
    name = PurePosixPath(relative).name
    stem, dot, extension = name.rpartition(".")
    extension = extension if dot else ""
    sources = settings.get("SOURCE_EXTENSIONS", ["md"])
    images = settings.get("IMAGE_EXTENSIONS", [])
    articles, pages = folders(settings, "ARTICLE_PATHS"), folders(settings, "PAGE_PATHS")
    statics, pictures_at = folders(settings, "STATIC_PATHS"), folders(settings, "PICTURE_PATHS")
    where = (
        f"articles go in {settings['PATH_NAME']}/{articles[0]}/, pages in {settings['PATH_NAME']}/{pages[0]}/, "
        f"pictures in {settings['PATH_NAME']}/{pictures_at[0]}/"
    )
    if under(relative, articles + pages):
        kind = "article" if under(relative, articles) else "page"
        if extension in sources:
            return kind, None
        if extension.lower() in sources:
            return (
                None,
                f"the extension '.{extension}' is not lower case — rename the file to '{stem}.{extension.lower()}'",
            )
        if extension.lower() in images:
            return None, f"pictures do not go here — move it to {settings['PATH_NAME']}/{pictures_at[0]}/"
        return None, (
            f"'.{extension or name}' files are not read; only Markdown (.md) is — "
            f"write it as {stem or name}.md (Markdown); {where}"
        )
    if relative in statics:
        return "file", None
    if relative == settings.get("BIBLIOGRAPHY"):
        return "bibliography", None
    if under(relative, pictures_at):
        if extension in images:
            return "image", None
        if extension.lower() in images:
            return (
                None,
                f"the extension '.{extension}' is not lower case — rename the file to '{stem}.{extension.lower()}'",
            )
        if extension.lower() == "svg":
            return None, (
                "'.svg' is not a picture type the site publishes (an SVG file can hold scripts) — "
                "export the drawing as PNG (transparency is kept)"
            )
        return (
            None,
            f"'.{extension or name}' is not a picture type the site publishes — "
            f"use {', '.join('.' + e for e in images)}",
        )
    if "/" not in relative and extension.lower() in sources:
        return None, f"a Markdown file loose in {settings['PATH_NAME']}/ is not published — move it: {where}"
    return None, f"this file is not one the site publishes — move or delete it: {where}"


def shown_as_picture(text, start):
    """True when the link at `start` is a picture's address: `![alt text](` or `<img ... src="`
    just before it (one backward look, no pattern: linear whatever the text)."""
    before = text[max(0, start - 2000) : start].rstrip(" <")
    line = before[before.rfind("\n") + 1 :]
    if line.lstrip().startswith("[") and line.rstrip().endswith("]:"):
        return True  # a reference definition (`[box]: {static}/...`): pictures.keep_originals_out guards its use
    if before.endswith("]("):
        opening = before.rfind("[", 0, -2)
        between = before[opening + 1 : -2]
        return opening > 0 and before[opening - 1] == "!" and "]" not in between and "\n\n" not in between
    tag = before[before.rfind("<") :].lower()
    return tag.startswith("<img") and ">" not in tag and tag.rstrip("\"'= ").endswith("src")


def walk(settings):
    """Every file of content/ as (relative path, absolute path, problem or None)."""
    root = Path(settings["PATH"])
    real_root = root.resolve()
    for directory, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not is_ignored(d, settings))
        here = Path(directory)
        for name in list(dirs):
            if (here / name).is_symlink():
                dirs.remove(name)
                relative = (here / name).relative_to(root).as_posix()
                yield relative, here / name, "is a link to a folder — put the files themselves here, not a link"
        for name in sorted(files):
            if is_ignored(name, settings):
                continue
            path = here / name
            relative = path.relative_to(root).as_posix()
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(real_root):
                    yield (
                        relative,
                        path,
                        ("is a link to a file outside content/ — copy the file itself here instead of linking it"),
                    )
                    continue
                if not target.is_file():
                    yield relative, path, "is a link to a file that does not exist — put the file itself here"
                    continue
            yield relative, path, None


def check_bytes(raw, kind, settings, today):
    """The answer of the checks of one source that read only its bytes, its kind, the settings
    and the day (never the clock): (readable, front matter, model, [(line, message)]).
    `readable`: the text is read on (its links and citations are checked)."""
    if not raw.strip():
        return False, None, None, [(1, "the file is empty — write the metadata block and the text, or delete the file")]
    too_big = limits.check_size(raw)
    if too_big:
        return False, None, None, too_big
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = "the file is not UTF-8 text — save it as UTF-8 (in most editors: File, Save with encoding, UTF-8)"
        return False, None, None, [(line, message)]
    front = front_matter.parse_text(text)
    over = limits.check_text(text.removeprefix("\ufeff"), front.body_line)
    if over:  # no other pass reads a file over a limit
        return False, None, None, over
    hidden = text_rules.hidden_line_breaks(text.removeprefix("\ufeff"))
    if hidden:  # Python and Markdown would read different metadata: check nothing else
        return True, None, None, hidden
    return (True, front, *schema.check_file_except_clock(front, kind, settings, today))


def read_source(source, settings, tree, today, now=None):
    """Check one source: `check_bytes` (its answer kept in the read cache's current store,
    under the file's kind and bytes: the store's fingerprint holds the settings, the code and
    the day), then the rules that read the clock (`schema.clock_rules`), every time."""
    raw = source.path.read_bytes()
    source.sha = hashlib.sha256(raw).hexdigest()
    key = f"{CHECK_KEY}{source.kind}\0{source.sha}"
    answer = read_cache.recall(key)
    if answer is None:
        answer = check_bytes(raw, source.kind, settings, today)
        read_cache.keep(key, answer)
    readable, source.front, source.meta, found = answer
    if readable:
        source.text = raw.decode("utf-8").removeprefix("\ufeff")
    if source.meta is not None:
        found = found + schema.clock_rules(source.meta, source.front, settings, now)
    display = f"{settings['PATH_NAME']}/{source.relative}"
    tree.problems += [(display, line, message) for line, message in found]


def link_target(source, value, settings, real_dirs=None):
    """The relative path inside content/ a `{filename}` etc. link names, or None when it leaves content/.

    `real_dirs` ({folder: its real path}, kept by the caller for one check) saves resolving
    the same folders again: a link's real path is its folder's real path and its name, the
    name resolved only when it is itself a link."""
    real_dirs = {} if real_dirs is None else real_dirs
    path = unquote(urlsplit(value).path)
    root = str(settings["PATH"])
    target = os.path.join(root, path.lstrip("/")) if path.startswith("/") else os.path.join(source.path.parent, path)
    folder, name = os.path.split(target)
    if name in ("", ".", ".."):
        real = os.path.realpath(target)
    else:
        if folder not in real_dirs:
            real_dirs[folder] = os.path.realpath(folder)
        real = os.path.join(real_dirs[folder], name)
        if os.path.islink(real):
            real = os.path.realpath(real)
    if root not in real_dirs:
        real_dirs[root] = os.path.realpath(root)
    real_root = real_dirs[root]
    inside = real_root.rstrip("/") + "/"
    if real == real_root:
        return "."
    return real.removeprefix(inside) if real.startswith(inside) else None


def check_links(source, settings, tree, tags):
    display = f"{settings['PATH_NAME']}/{source.relative}"
    starts = line_starts(source.text)
    for match in INTRASITE.finditer(source.text):
        what, value = match.group("what"), match.group("value")
        line = line_at(starts, match.start())
        written = match.group(0)
        if what in ("category", "author"):
            tree.problems.append(
                (display, line, f"link '{written}': this site has no {what} pages — link to a tag with {{tag}}name")
            )
            continue
        if what == "tag":
            name = unquote(value)
            if schema.slug_of(name) not in tags:
                known = ", ".join(sorted(set(tags.values()))) or "none yet"
                tree.problems.append(
                    (display, line, f"link to an unknown tag '{written}' — use a tag an article has: {known}")
                )
            continue
        if what == "index" or not urlsplit(value).path:
            continue
        relative = link_target(source, value, settings, tree.real_dirs)
        if relative in tree.refused:
            continue  # its own line says what is wrong with it: one line per problem
        if relative is None:
            tree.problems.append(
                (
                    display,
                    line,
                    f"link '{written}' points outside {settings['PATH_NAME']}/ — link only to articles, pages "
                    f"and pictures inside {settings['PATH_NAME']}/",
                )
            )
        elif (
            relative in tree.files
            and under(relative, folders(settings, "PICTURE_PATHS"))
            and not shown_as_picture(source.text, match.start())
        ):
            tree.problems.append(
                (
                    display,
                    line,
                    f"link '{written}' goes to the picture file itself, which is never published (it may hold "
                    f"where it was taken) — show it instead: ![what it shows]({written})",
                )
            )
        elif relative not in tree.files and not (Path(settings["PATH"]) / relative).exists():
            tree.problems.append(
                (
                    display,
                    line,
                    f"link to a missing file '{written}' — check the spelling; paths are relative to this file "
                    f"(start with / to go from {settings['PATH_NAME']}/), and the file must exist",
                )
            )
        elif (
            what == "filename"
            and relative in tree.sources
            and source.meta is not None
            and source.meta.status != "draft"
            and getattr(tree.sources[relative].meta, "status", "") == "draft"
        ):
            tree.problems.append(
                (
                    display,
                    line,
                    f"link '{written}' goes to a draft, which is not published — publish that article first, "
                    "or remove the link until it is",
                )
            )
        elif relative not in tree.files or (what != "filename" and relative in tree.sources):
            tree.problems.append(
                (
                    display,
                    line,
                    f"link '{written}' names {settings['PATH_NAME']}/{relative}, which the site does not publish — "
                    "link to an article or page with {filename}, to a picture with {static}",
                )
            )


def check_tree(settings, today=None, now=None):
    """Check all of content/ before the build, at the time `now` (default: the clock). Returns
    a Tree; its problems empty means go. Each file's answer is kept in the read cache's current
    store, when one is open (`read_cache.open_store`): only the rules across files and the
    clock's are run again for a file whose bytes did not change."""
    settings = dict(settings, PATH_NAME=Path(settings["PATH"]).name)
    tree = Tree({}, set(), [], {})
    for relative, path, problem in walk(settings):
        display = f"{settings['PATH_NAME']}/{text_rules.shown(relative)}"
        if problem:
            tree.problems.append((display, 1, problem))
            tree.refused.add(relative)
            continue
        kind, problem = classify(relative, settings)
        if problem:
            tree.problems.append((display, 1, problem))
            tree.refused.add(relative)
            continue
        if kind == "image":
            problem = pictures.check(path, settings)
            if problem:
                tree.problems.append((display, 1, problem))
                tree.refused.add(relative)
                continue
        tree.files.add(relative)
        if kind in ("article", "page"):
            tree.sources[relative] = Source(path, relative, kind)
    for source in tree.sources.values():
        with problems.reading(source.path):  # a crash is put on this file
            read_source(source, settings, tree, today, now)
    valid = [s for s in tree.sources.values() if s.meta is not None]
    entries = [(f"{settings['PATH_NAME']}/{s.relative}", s.front, s.meta) for s in valid]
    tree.problems += schema.check_site(entries, complete=len(valid) == len(tree.sources), settings=settings)
    tags = {
        schema.slug_of(tag): tag
        for s in valid
        if s.kind == "article" and s.meta.status != "draft"
        for tag in s.meta.tags
    }
    for source in tree.sources.values():
        if getattr(source, "text", None) is not None:
            with problems.reading(source.path):
                check_links(source, settings, tree, tags)
    texts = {f"{settings['PATH_NAME']}/{s.relative}": s.text for s in tree.sources.values() if s.text is not None}
    tree.problems += bibliography.check(settings, texts)
    return tree
