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
"""

import hashlib
import logging
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from pelican import signals

logger = logging.getLogger(__name__)
KEEP = 2  # indexes kept in the cache
FLAGS = ["--quiet"]


def index_key(output):
    """A hash of what Pagefind reads from `output` and of how it is run."""
    digest = hashlib.sha256(f"{version('pagefind_bin')}|{FLAGS}".encode())
    for path in sorted(output.rglob("*.html")):
        if "pagefind" not in path.relative_to(output).parts:
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


def index_site(pelican):
    if not pelican.settings.get("SEARCH_INDEX", True):
        return
    output = Path(pelican.output_path)
    cached = Path(pelican.settings["CACHE_PATH"]) / "search" / index_key(output)
    bundle = output / "pagefind"
    if cached.is_dir():
        shutil.rmtree(bundle, ignore_errors=True)
        share(cached, bundle)
        return
    command = [sys.executable, "-m", "pagefind", "--site", str(output), *FLAGS]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        logger.error(
            "search index: pagefind failed (%s) — is pagefind[bin] installed? %s",
            result.returncode,
            (result.stderr or result.stdout).strip()[-500:],
        )
        return
    cached.parent.mkdir(parents=True, exist_ok=True)
    keep(bundle, cached)


def register():
    signals.finalized.connect(index_site)
