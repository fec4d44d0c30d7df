"""Pages rendered again only when something they read changed.

One job: a memo of every page Pelican's writer renders from a template
(articles, pages, the home and tag pages, archives, search, subscribe, the
template pages), so that after an edit only the pages it changes are rendered.

While a page renders, it records what its templates read:
- each name they look up in the page's context (Jinja's `resolve_or_missing`),
  with a hash of its value (names a template sets itself are not inputs);
- each attribute they read on an article or a page (Jinja's `getattr` and
  `getitem` on a pelican Content: `article.title`, `sort(attribute="date")`),
  with a hash of its value.
An article or page inside a value hashes as its source file: what is read on it
is recorded by itself. A value this module cannot hash (an object of a kind it
does not know, a function from outside Jinja and Python) makes the page one that
is always rendered; so does a warning logged while it renders.

Before it renders a page, the writer looks for the page's record: the same
template, and every name and attribute it read hashes the same in this build →
the page is the text kept with the record, and is not rendered. Records are kept
in the read cache's store (`read_cache.keep` and `recall`), the texts beside it
(`Texts`, in READ_CACHE_PATH; no READ_CACHE_PATH: every page is rendered and
nothing is recorded). The store's fingerprint
covers the settings, the theme, our plugin code, the requirements, the other
files of content/, the versions and the day: a change to any of them renders
every page again. Feeds, static files and what the features write themselves
(cards, icons, the search index) are not pages of a template and are not memoised.
"""

import datetime
import hashlib
import logging
import sqlite3
import types
from pathlib import Path

from jinja2.runtime import Context, Undefined
from jinja2.utils import missing
from pelican.contents import Content
from pelican.paginator import Page as PaginatorPage
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper
from pelican.writers import Writer

from . import read_cache

KEY = "render\0"  # store keys: KEY + the output file (no source file's relative path starts with it)
CONTENT_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles")
CONTENT_LISTS += ("hidden_translations", "pages", "hidden_pages", "draft_pages")
PURE_MODULES = ("builtins", "jinja2.")  # functions from these are hashed by name (Jinja's range, dict, …)


class Unhashable(Exception):
    """A value this module cannot hash: the page that read it is always rendered."""


class Absent:
    """A name no context holds, or an attribute an object lacks."""

    def __repr__(self):
        return "<absent>"


ABSENT = Absent()


class Hasher:
    """Hashes of values, each container hashed once per build (the writer makes one per build)."""

    def __init__(self, contents):
        self.contents = contents  # source path -> the one Content with it (None: more than one)
        self.memo = {}  # id(value) -> (value, digest)
        self.reads = {}  # (source path, attribute, site address) -> digest

    def of(self, value):
        known = self.memo.get(id(value))  # the value is kept with its digest: its id is not reused
        if known is not None and known[0] is value:
            return known[1]
        digest = self._digest(value)
        self.memo[id(value)] = (value, digest)
        return digest

    def read(self, content, attribute, siteurl):
        """The digest of an attribute as a template reads it, once per build (and site address)."""
        key = (content.source_path, attribute, siteurl)
        digest = self.reads.get(key)
        if digest is None:
            try:
                value = getattr(content, attribute)
            except AttributeError:
                value = ABSENT
            digest = self.reads[key] = self.of(value)
        return digest

    def _digest(self, value):
        return hashlib.blake2b(self._text(value).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def _text(self, value):
        kind = type(value).__name__
        if value is None or isinstance(value, (bool, int, float, Absent)):
            return f"{kind}:{value!r}"
        if isinstance(value, str):  # str and Markup (escaped differently) apart
            return f"{kind}:{len(value)}:{value}"
        if isinstance(value, bytes):
            return f"{kind}:{value.hex()}"
        if isinstance(value, (datetime.date, datetime.time)):
            zone = getattr(value, "tzinfo", None)
            return f"{kind}:{value.isoformat()}:{zone}"
        if isinstance(value, Undefined):
            return f"undefined:{value._undefined_name}"
        if isinstance(value, Content):
            path = getattr(value, "source_path", None)
            if path is None or self.contents.get(path) is not value:
                raise Unhashable(f"{kind} without a source file of its own")
            return f"content:{kind}:{path}"
        if isinstance(value, URLWrapper):
            return f"{kind}:{value.name}"
        if isinstance(value, (list, tuple)):
            return f"{kind}[" + ",".join(map(self._text, value)) + "]"
        if isinstance(value, (set, frozenset)):
            return f"{kind}{{" + ",".join(sorted(map(self._text, value))) + "}"
        if isinstance(value, dict):  # in order: a template iterates it in order
            return f"{kind}{{" + ",".join(f"{self._text(k)}={self._text(v)}" for k, v in value.items()) + "}"
        if isinstance(value, PaginatorPage):
            paginator = value.paginator
            return f"page:{value.full_name}:{value.base_url}:{value.number}:{self.of(value.object_list)}:" + self._text(
                paginator
            )
        if isinstance(value, Paginator):
            return f"paginator:{value.name}:{value.url}:{value.per_page}:{value.orphans}:{self.of(value.object_list)}"
        if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)):
            module = getattr(value, "__module__", None) or ""
            if module == "builtins" or module.startswith(PURE_MODULES):
                return f"function:{module}.{value.__qualname__}"
        raise Unhashable(kind)


class Record:
    """What one page read while it rendered: {name: digest} and {(source path, attribute): digest}."""

    def __init__(self, localcontext, environment, hasher):
        self.localcontext, self.globals, self.hasher = localcontext, environment.globals, hasher
        self.names, self.reads, self.unhashable = {}, {}, None

    def name(self, key, value):
        if key in self.names or self.unhashable:
            return
        if key in self.localcontext:
            if value is not self.localcontext[key]:
                return  # a variable a template set: what it came from is recorded
        elif key in self.globals:
            if value is not self.globals[key]:
                return
        elif value is not ABSENT:
            return
        try:
            self.names[key] = self.hasher.of(value)
        except Unhashable as why:
            self.unhashable = f"{key}: {why}"

    def read(self, content, attribute, value):
        key = (content.source_path, attribute)
        if key in self.reads or self.unhashable:
            return
        try:
            self.hasher.of(content)  # the object is the one with its path
            self.reads[key] = self.hasher.read(content, attribute, self.localcontext.get("localsiteurl"))
        except Unhashable as why:
            self.unhashable = f"{attribute}: {why}"


_recording = {"record": None}


class RecordingContext(Context):
    """Jinja's context, telling the page being recorded each name a template looks up."""

    def resolve_or_missing(self, key):
        value = super().resolve_or_missing(key)
        record = _recording["record"]
        if record is not None and key not in self.vars:
            record.name(key, ABSENT if value is missing else value)
        return value


def _recorded(lookup):
    def traced(obj, argument):
        value = lookup(obj, argument)
        record = _recording["record"]
        if record is not None and isinstance(obj, Content) and isinstance(argument, str):
            record.read(obj, argument, value)
        return value

    return traced


def watch(environment):
    """Make `environment` tell the recording page what its templates read (once per environment)."""
    if getattr(environment, "_render_memo", False):
        return
    environment.context_class = RecordingContext
    environment.getattr = _recorded(environment.getattr)
    environment.getitem = _recorded(environment.getitem)
    environment._render_memo = True


def still_true(entry, localcontext, environment, hasher):
    """True when every name and attribute the kept page read hashes the same now."""
    names, reads = entry["names"], entry["reads"]
    try:
        for key, digest in names.items():
            value = localcontext[key] if key in localcontext else environment.globals.get(key, ABSENT)
            if hasher.of(value) != digest:
                return False
        siteurl = localcontext.get("localsiteurl")
        for (path, attribute), digest in reads.items():
            content = hasher.contents.get(path)
            if content is None or hasher.read(content, attribute, siteurl) != digest:
                return False
    except Unhashable:
        return False
    return True


class Warnings(logging.Handler):
    """Counts what is logged while a page renders: such a page is not kept."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def contents_of(context):
    """Every article and page of the build by its source path (None where two share one)."""
    found = {}
    lists = [context.get("generated_content", {}).values(), *(context.get(name) or () for name in CONTENT_LISTS)]
    for items in lists:
        for content in items:
            if not isinstance(content, Content):
                continue
            path = getattr(content, "source_path", None)
            if path is not None and found.get(path, content) is not content:
                found[path] = None
            elif path is not None:
                found[path] = content
    return found


class MemoTemplate:
    """A template whose `render` returns the kept page when what it reads is unchanged."""

    def __init__(self, template, writer):
        self.template, self.writer = template, writer

    def __getattr__(self, name):
        return getattr(self.template, name)

    def render(self, localcontext):
        return self.writer.render(self.template, localcontext)


class Texts:
    """The kept pages' text by digest, in READ_CACHE_PATH/pages.sqlite: a store (rewritten whole
    at every build) then holds only the small records, and a build writes only the new texts.
    A text no build used in the last KEEP_BUILDS builds is dropped."""

    KEEP_BUILDS = 8

    def __init__(self, folder):
        Path(folder).mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(Path(folder) / "pages.sqlite", timeout=60)
        self.db.execute("create table if not exists texts (digest text primary key, text text, used integer)")
        self.serial = (self.db.execute("select max(used) from texts").fetchone()[0] or 0) + 1
        self.new, self.used = {}, set()

    def get(self, digest):
        row = self.db.execute("select text from texts where digest = ?", (digest,)).fetchone()
        if row is not None:
            self.used.add(digest)
        return row and row[0]

    def put(self, text):
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        self.new[digest] = text
        return digest

    def close(self):
        with self.db:
            self.db.executemany(
                "insert or replace into texts values (?, ?, ?)", [(d, t, self.serial) for d, t in self.new.items()]
            )
            self.db.executemany("update texts set used = ? where digest = ?", [(self.serial, d) for d in self.used])
            self.db.execute("delete from texts where used < ?", (self.serial - self.KEEP_BUILDS,))
        self.db.close()


_last = {"rendered": [], "kept": 0, "texts": None}  # what the last writer did; its texts


def last_build():
    """(the output files the last build rendered, how many it took as kept)."""
    return list(_last["rendered"]), _last["kept"]


class MemoWriter(Writer):
    """Pelican's writer, rendering only the pages whose inputs changed (with READ_CACHE_PATH set)."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.hasher = None
        self.context_id = None
        self.warnings = Warnings()
        folder = (settings or {}).get("READ_CACHE_PATH")
        self.texts = Texts(folder) if folder else None
        _last.update(rendered=[], kept=0, texts=self.texts)

    def write_file(self, name, template, context, *args, **kwargs):
        if self.texts is None:  # no cache: every page is rendered, nothing recorded
            return super().write_file(name, template, context, *args, **kwargs)
        if id(context) != self.context_id:
            self.hasher, self.context_id = Hasher(contents_of(context)), id(context)
        watch(template.environment)
        return super().write_file(name, MemoTemplate(template, self), context, *args, **kwargs)

    def render(self, template, localcontext):
        key = f"{KEY}{localcontext.get('output_file')}"
        entry = read_cache.recall(key)
        if entry is not None and entry["template"] == template.name:
            if still_true(entry, localcontext, template.environment, self.hasher):
                text = self.texts.get(entry["text"])
                if text is not None:
                    _last["kept"] += 1
                    return text
        record = Record(localcontext, template.environment, self.hasher)
        warned, root = self.warnings.count, logging.getLogger()
        _recording["record"] = record
        root.addHandler(self.warnings)
        try:
            text = template.render(localcontext)
        finally:
            _recording["record"] = None
            root.removeHandler(self.warnings)
        _last["rendered"].append(localcontext.get("output_file"))
        if record.unhashable is None and self.warnings.count == warned:
            digest = self.texts.put(text)
            read_cache.keep(
                key, {"template": template.name, "names": record.names, "reads": record.reads, "text": digest}
            )
        return text


def keep_texts(_pelican):
    """Write the new pages' texts once every page is written (Pelican's `finalized` signal)."""
    texts, _last["texts"] = _last["texts"], None
    if texts is not None:
        texts.close()


def writer_class(_pelican):
    """The writer for this build (Pelican's `get_writer` signal)."""
    return MemoWriter
