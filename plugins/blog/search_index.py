"""Search without a server: run Pagefind over the built site after every build.

One job. When Pelican has written the site, index it with the `pagefind`
binary shipped by the pinned `pagefind[bin]` package (no network). Only the
parts marked `data-pagefind-body` (article bodies) are indexed. A failure is
reported through Pelican's logger, so `--fatal` stops the build.

Pagefind 1.5 cannot update an index: its command line and its Python API
(`PagefindIndex`) both build a whole index in memory and write it out, with no
way to load one or replace a page. So the index is kept whole in
`<CACHE_PATH>/search/`, keyed by a hash of exactly what Pagefind reads (every
HTML file of the output, its path and bytes) and how it runs (its version and
command line); a build whose pages are all unchanged copies it instead of
indexing again, and any changed page indexes the whole site again. The cache
and the output share the index's files as hard links (a copy where they are on
different disks): nothing writes into a file of `pagefind/` once it is written,
as every build writes a new output folder.

Pagefind indexes only pages marked `data-pagefind-body`: with at least one
such page, it leaves every other page out. Only published articles carry the
mark (theme/templates/article.html), and Pelican writes them before any other
page; so once the last of them is written (`content_written`), Pagefind starts,
on those pages alone, and runs while Pelican writes the rest of the site; the
build waits for it once every page is written (`finalized`). With no published
article there is no mark: Pagefind then runs once the whole site is written,
on every page. A build that stops before then ends it (`stop`, from the build runner).
"""

import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from pelican import signals

logger = logging.getLogger(__name__)
KEEP = 2  # indexes kept in the cache
FLAGS = ["--quiet"]


def index_key(output, pages):
    """A hash of what Pagefind reads (`pages` of `output`) and of how it is run."""
    digest = hashlib.sha256(f"{version('pagefind_bin')}|{FLAGS}".encode())
    for path in sorted(pages):
        digest.update(f"\0{path.relative_to(output).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def share(source, target):
    """`source`'s files at `target`: hard links, or copies where links cannot be made."""
    try:
        shutil.copytree(source, target, copy_function=os.link)
    except (OSError, shutil.Error):
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target, copy_function=shutil.copyfile)


def keep(bundle, cached):
    """Put the index just written into the cache (whole, or not at all); drop old ones."""
    partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    share(bundle, partial)
    try:
        partial.replace(cached)
    except OSError:  # another build kept the same index meanwhile
        shutil.rmtree(partial, ignore_errors=True)
    os.utime(cached)  # the newest
    for old in sorted(cached.parent.iterdir(), key=lambda p: p.stat().st_mtime)[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)


_run = {"settings": None}  # this build's index: the pages it waits for, Pagefind's process


def stop():
    """End a Pagefind this build started and no longer waits for (the build stopped or failed)."""
    process = _run.get("process")
    if process is not None and process.poll() is None:
        process.kill()
    if process is not None:
        process.communicate()
    _run.clear()


def expect_pages(generators):
    """Before writing: the published articles' pages, which Pagefind indexes alone."""
    settings = next((g.settings for g in generators), None)
    stop()
    _run["settings"] = settings
    if settings is None or not settings.get("SEARCH_INDEX", True):
        return
    output = Path(settings["OUTPUT_PATH"])
    articles = [a for g in generators for a in getattr(g, "articles", []) + getattr(g, "translations", [])]
    pages = {(output / a.save_as).resolve() for a in articles if a.status == "published" and a.save_as}
    _run.update(output=output, pages=pages, waiting=set(pages), started=False)


def page_written(path, context=None):
    """Start Pagefind once the last page it indexes is written (`content_written`)."""
    waiting = _run.get("waiting")
    if waiting:
        waiting.discard(Path(path).resolve())
        if not waiting:
            start(_run["output"], _run["pages"])


def article_glob(settings):
    """The pattern of the articles' output files: ARTICLE_SAVE_AS with each {field} as *."""
    patterns = sorted(
        {re.sub(r"\{[^}]*\}", "*", settings[name]) for name in ("ARTICLE_SAVE_AS", "ARTICLE_LANG_SAVE_AS")}
    )
    return patterns[0] if len(patterns) == 1 else "{" + ",".join(patterns) + "}"


def start(output, pages):
    """Take the cached index for these pages, or start Pagefind on them (on the whole site: no pages)."""
    _run["started"] = True
    html = pages or {p for p in output.rglob("*.html") if "pagefind" not in p.relative_to(output).parts}
    _run["cached"] = Path(_run["settings"]["CACHE_PATH"]) / "search" / index_key(output, html)
    if _run["cached"].is_dir():
        return
    command = [sys.executable, "-m", "pagefind", "--site", str(output), *FLAGS]
    if pages:  # the articles' addresses: what else matches is still being written, and has no mark
        command += ["--glob", article_glob(_run["settings"])]
    _run["process"] = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def index_site(pelican):
    """Once every page is written: wait for Pagefind (start it now if no page started it) and keep its index."""
    if not pelican.settings.get("SEARCH_INDEX", True) or _run.get("settings") is None:
        return
    output = Path(pelican.output_path)
    if not _run.get("started"):
        start(output, set())
    cached, process, bundle = _run["cached"], _run.get("process"), output / "pagefind"
    _run.clear()
    if process is None:
        shutil.rmtree(bundle, ignore_errors=True)
        share(cached, bundle)
        return
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        logger.error(
            "search index: pagefind failed (%s) — is pagefind[bin] installed? %s",
            process.returncode,
            (stderr or stdout).strip()[-500:],
        )
        return
    cached.parent.mkdir(parents=True, exist_ok=True)
    keep(bundle, cached)


def register():
    signals.all_generators_finalized.connect(expect_pages)
    signals.content_written.connect(page_written)
    signals.finalized.connect(index_site)
