"""The live preview's fast render: an edited article's page, shown before the whole build is done.

One job, for `make serve` (Hugo's "fast render"). A good build leaves its articles'
generator here (`remember` at Pelican's `all_generators_finalized`; `keep(ok)` once the
build runner is done): its context, its templates and every article as the features
finished it. When a save changes only the text of articles, `page_for` renders each
edited article's page alone, from that generator, and returns {output file: bytes}:
the preview serves those until the whole build that follows is in place.

Only the text may have changed: the content check (`sources.check_tree`) runs on all of
content/ and finds no problem, the same files are there, every file's model (its
metadata) is the one the generator was built from, and only the edited files' bytes
differ. Then what the generator-wide features set on an article (its series and
neighbours, related articles, series page, card, report link, editor's note) comes from
the metadata and the other articles, which did not change: the edited article is the
article in the generator takes the new text, read as the build reads it (Pelican's
`read_file`: the reader, the allowlist and every reading check, the citations), and with
what the features compute from the text set again (`AFTER_READING`). Anything else (a
metadata, theme, settings or picture change, a picture shown that was not, any problem,
any exception) returns None
and the whole build alone answers. Nothing is written: output/ changes only when the
whole build succeeds. tests/test_fast_render.py renders every article of the site this
way and compares each page with the whole build's, byte for byte.
"""

import logging
import os
import types

from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator

from . import build, models, pictures, read_cache, reading_time, sources, structured_data, toc_entries
from . import problems as problems_module

# The generator's lists an article can be in (Pelican writes each of them).
LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts", "drafts_translations")
FROM_READING = ("_content", "references", "citation_ld")  # what reading the text sets (Pelican, references)


def after_reading(one):
    """What the features compute from an article's text once every article is read, run on a
    generator holding that one article (`one`)."""
    reading_time.count(one)
    toc_entries.collect(one)
    structured_data.add_article_data([one])


_kept = {"pending": None, "good": None}


def remember(generators):
    """This build's articles generator (Pelican's `all_generators_finalized`), until the build ends."""
    _kept["pending"] = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)


def keep(ok):
    """The build ended: its generator is the one to render from when it succeeded, none when not."""
    _kept["good"] = _kept["pending"] if ok else None
    _kept["pending"] = None


def page_for(changed):
    """{output file (relative to output/): bytes} of each edited article's page, or None (see above)."""
    generator = _kept["good"]
    if generator is None or not changed:
        return None
    try:
        return render_edited(generator, {os.path.realpath(path) for path in changed})
    except Exception:  # the whole build that follows reports whatever it was
        return None


def render_edited(generator, changed):
    settings, before = generator.settings, models.current()
    found = {os.path.realpath(a.source_path): (name, a) for name in LISTS for a in getattr(generator, name)}
    if not changed <= found.keys():
        return None
    today = build.today_of(settings)
    collector = problems_module.Collector(settings)
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    root.handlers, root.level = [collector], logging.WARNING
    read_cache.open_store(settings, today)
    try:
        tree = sources.check_tree(settings, today)
        now = {s.path: models.Reading(s.meta, s.text, s.front.body_line, s.sha) for s in tree.sources.values()}
        now = {os.path.realpath(path): reading for path, reading in now.items()}
        if tree.problems or now.keys() != before.keys():
            return None
        for path, reading in now.items():
            if reading.meta != before[path].meta or (path not in changed and reading.sha != before[path].sha):
                return None
        models.use(now)
        fresh = {path: read(generator, path) for path in sorted(changed)}
        if collector.problems or any(new_pictures(found[path][1], article) for path, article in fresh.items()):
            return None  # a picture not shown before has no copies in output/ until the whole build
        pages = {}
        for path, article in fresh.items():
            name, old = found[path]
            take_text(generator, name, old, article)
            pages[old.save_as] = render(generator, name, old).encode("utf-8")
        return pages
    finally:
        read_cache.close_store(write=False)  # what it read stays in memory for the whole build
        root.handlers, root.level = saved


def read(generator, path):
    """The article at `path` as the build reads it (Pelican's `read_file`, the generator's readers)."""
    return generator.readers.read_file(
        base_path=generator.path,
        path=os.path.relpath(path, generator.path),
        content_class=Article,
        context=generator.context,
        preread_signal=signals.article_generator_preread,
        preread_sender=generator,
        context_signal=signals.article_generator_context,
        context_sender=generator,
    )


def new_pictures(old, fresh):
    """The pictures `fresh` shows that `old` did not (their copies are made by the whole build)."""
    return pictures.used([fresh._content]).keys() - pictures.used([old._content]).keys()


def take_text(generator, name, old, fresh):
    """`old` (in the generator's list `name`) takes the text of `fresh`, in place: every list,
    series and template that compares an article with itself still finds it."""
    for attribute in FROM_READING:
        if hasattr(fresh, attribute):
            setattr(old, attribute, getattr(fresh, attribute))
    for method in (Article.get_content, Article.get_summary):  # Pelican's memo of the old text
        for key in [key for key in method.cache if key and key[0] is old]:
            del method.cache[key]
    one = types.SimpleNamespace(settings=generator.settings, context=generator.context, pages=[])
    for each in LISTS:
        setattr(one, each, [old] if each == name else [])
    after_reading(one)


def render(generator, name, article):
    """The article's page as Pelican's writer renders it (`generate_articles`, `generate_drafts`)."""
    settings = generator.settings
    extra = {"all_articles": generator.articles} if name.startswith("drafts") else {}
    context = generator.context.copy()
    context["localsiteurl"] = context.get("localsiteurl", None)
    if settings["RELATIVE_URLS"]:
        from pelican.utils import get_relative_path, path_to_url

        context["SITEURL"] = context["localsiteurl"] = path_to_url(get_relative_path(article.save_as))
    context["output_file"] = article.save_as
    context.update(article=article, category=getattr(article, "category", None), blog=True, **extra)
    return generator.get_template(article.template).render(context)
