"""Reads of Markdown files, remembered so a rebuild only re-reads what changed.

One job: a cache that cannot be stale. An entry is keyed on the source file's
path and bytes, inside a store keyed on a fingerprint of everything else that
shapes the output: the settings, our plugin code, the theme (templates and
static files), the pinned requirements, every non-Markdown file of content/
(pictures a page measures), the Pelican and Python versions and the day the
build runs on (review notices; `build.today_of`, given to `open_store`). Any
change to those opens a new, empty store. An entry holds what the reader
produced and the problems it found, which are reported again on a hit, so a
cached build prints exactly what a cold one does.

Stores live in memory (the live server keeps them between rebuilds) and in
READ_CACHE_PATH (so `make build` after `make build` is warm); READ_CACHE_PATH
empty turns the cache off (a store lives for one build only). A build with many
files to read reads them on every core first (`prefetch`, with the reader it is
given: this module imports no other of ours).
"""

import hashlib
import multiprocessing
import os
import pickle
import sys
import threading
from pathlib import Path

from . import models

PROJECT = Path(__file__).resolve().parents[2]
KEEP_STORES = 4  # fingerprints kept on disk
PARALLEL_FROM = 100  # files to read before reading on every core pays
_memory = {}  # fingerprint -> {key: payload}
_open = {"store": None, "fingerprint": None, "used": set(), "path": None}


def stable(value):
    """A text form of a settings value that is the same in every process."""
    if isinstance(value, dict):
        return (
            "{" + ",".join(f"{stable(k)}:{stable(v)}" for k, v in sorted(value.items(), key=lambda i: str(i[0]))) + "}"
        )
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(map(stable, value)) if isinstance(value, (set, frozenset)) else map(stable, value)
        return "[" + ",".join(items) + "]"
    if callable(value):
        return f"<{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}>"
    return repr(value)


def hash_files(digest, folder, skip=()):
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and path.suffix not in skip and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())


def fingerprint(settings, today):
    import pelican

    digest = hashlib.sha256()
    volatile = {"OUTPUT_PATH", "PATH", "READ_CACHE_PATH"}
    digest.update(stable({k: v for k, v in settings.items() if k not in volatile}).encode())
    for folder in [*settings.get("PLUGIN_PATHS", []), settings["THEME"]]:
        hash_files(digest, folder, skip={".pyc"})
    hash_files(digest, settings["PATH"], skip={f".{e}" for e in settings.get("SOURCE_EXTENSIONS", ["md"])})
    digest.update((PROJECT / "requirements.txt").read_bytes())
    digest.update(f"{pelican.__version__}|{sys.version}|{today.isoformat()}".encode())
    return digest.hexdigest()[:20]


def open_store(settings, today):
    """Make the store for these settings and this day the current one (read from disk if needed)."""
    folder = settings.get("READ_CACHE_PATH")
    if not folder:  # no cache: a store for this build only (the prefetch still fills it)
        _open.update(store={}, fingerprint=None, used=set(), path=None, root=settings["PATH"])
        return
    key = fingerprint(settings, today)
    path = Path(folder) / f"{key}.pickle"
    if key not in _memory:
        try:
            _memory[key] = pickle.loads(path.read_bytes())
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
            _memory[key] = {}
    _memory.clear() if len(_memory) > KEEP_STORES else None
    _memory.setdefault(key, {})
    _open.update(store=_memory[key], fingerprint=key, used=set(), path=path, root=settings["PATH"])


def close_store(write=True):
    """Write the current store (only the entries this build used) to disk; write=False: leave
    the store as it is, in memory and on disk (a build that stopped before it read anything)."""
    store, path = _open["store"], _open["path"]
    if store is None or path is None or not write:
        _open.update(store=None)
        return
    for stale in [k for k in store if k not in _open["used"]]:
        del store[stale]
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(pickle.dumps(store, protocol=pickle.HIGHEST_PROTOCOL))
    temporary.replace(path)
    for old in sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime)[:-KEEP_STORES]:
        old.unlink(missing_ok=True)
    _open.update(store=None)


def key_of(source_path):
    """The file's path and the hash of its bytes (the content check's, when it read the file)."""
    reading = models.reading(source_path)
    digest = reading.sha if reading else hashlib.sha256(Path(source_path).read_bytes()).hexdigest()
    relative = os.path.relpath(source_path, _open.get("root") or ".")
    return f"{relative}:{digest}"


def lookup(source_path):
    """(content, metadata, problems) remembered for this file's bytes, or None."""
    store = _open["store"]
    if store is None:
        return None
    key = key_of(source_path)
    payload = store.get(key)
    if payload is None:
        return None
    _open["used"].add(key)
    return pickle.loads(payload)


def remember(source_path, result):
    store = _open["store"]
    if store is not None:
        key = key_of(source_path)
        store[key] = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        _open["used"].add(key)


def recall(key):
    """What another module kept under `key` in the current store (same fingerprint), or None."""
    store = _open["store"]
    if store is None or key not in store:
        return None
    _open["used"].add(key)
    return pickle.loads(store[key])


def keep(key, value):
    """Keep `value` under `key` in the current store: it lives as long as the store's fingerprint
    (settings, plugin code, theme, requirements, other content files, versions, the day)."""
    store = _open["store"]
    if store is not None:
        store[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        _open["used"].add(key)


_child = {}


def _read_in_child(path):
    """(path, what the reader read, pickled), or (path, None) when reading it failed: the
    build reads that file again itself, and reports what went wrong on it."""
    reader = _child.get("reader")
    if reader is None:
        reader = _child["reader"] = _child["reader_class"](_child["settings"])
    try:
        return path, pickle.dumps(reader.read_fresh(path), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return path, None


def prefetch(settings, paths, reader_class):
    """Read the files the store lacks on every core, when there are enough to pay for it,
    each with `reader_class(settings).read_fresh` (one reader in each process).

    Only from a process with one thread (forking a threaded process is unsafe)."""
    store = _open["store"]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if store is None or cores < 2 or threading.active_count() > 1:
        return 0
    missing = [str(p) for p in paths if key_of(p) not in store]
    if len(missing) < PARALLEL_FROM:
        return 0
    _child.update(settings=settings, reader_class=reader_class, reader=None)
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        for path, payload in pool.imap_unordered(_read_in_child, missing, chunksize=16):
            if payload is not None:
                store[key_of(path)] = payload
    return len(missing)
