"""Our checks that treat every content file as untrusted input, as one plugin.

Before Pelican runs, the build runner (`build.py`) checks content/ with
`sources` and `schema`. During the run this plugin connects:
- `reader`: the only reader (Markdown), with plain titles, the HTML
  allowlist (`sanitizer`), sized images, `headings`, `health_rules` and
  typography, all remembered by `read_cache`;
- `fragments` and `output_paths` once every page is known, before writing;
- `dashboard`, which keeps what the live server's editor's dashboard shows;
- `fast_render`, which keeps the articles' generator of a good build, from
  which the live preview renders an edited article's page alone;
- `inline_style`: the stylesheet inside every page, its hash in the policies;
- `pictures`: each original checked, shown as `<picture>`, published as
  resized copies without metadata;
- `references`: citations of the one `bibliography`, numbered and linked;
- `render_memo`: the writer, rendering again only the pages whose inputs changed;
- `report_link`: "Report a mistake in this article" (REPORT_ISSUE_URL or REPORT_EMAIL).
and the site's other features, one module each: article_end, drafts_apart, editor_notes,
feed_stylesheet, page_ids, reading_time, review_dates, search_index, series_pages,
site_icons, sitemap_dates, social_cards, structured_data (JSON-LD), text_direction,
toc_entries.
Each reports through `problems` (or logging); each hooks a signal at which what
it needs is ready, so no order of PLUGINS changes what they do.
"""

import importlib

from pelican import signals

from . import (
    dashboard,
    fast_render,
    fragments,
    inline_style,
    output_paths,
    pictures,
    reader,
    references,
    render_memo,
    report_link,
)

# The site's features, one module each; each connects its own signals in its register().
FEATURES = [
    "article_end",
    "drafts_apart",
    "editor_notes",
    "feed_stylesheet",
    "page_ids",
    "reading_time",
    "review_dates",
    "search_index",
    "series_pages",
    "site_icons",
    "sitemap_dates",
    "social_cards",
    "structured_data",
    "text_direction",
    "toc_entries",
]


def register():
    signals.readers_init.connect(reader.use_only_this_reader)
    signals.get_writer.connect(render_memo.writer_class)
    signals.finalized.connect(render_memo.keep_texts)
    signals.initialized.connect(inline_style.on_start)
    signals.content_object_init.connect(references.link_citations)
    signals.article_generator_finalized.connect(report_link.add_report_links)
    signals.all_generators_finalized.connect(fragments.check_fragments)
    signals.all_generators_finalized.connect(output_paths.check_output_paths)
    signals.all_generators_finalized.connect(dashboard.collect)
    signals.all_generators_finalized.connect(fast_render.remember)
    signals.all_generators_finalized.connect(pictures.collect)
    signals.finalized.connect(pictures.publish)
    signals.static_generator_finalized.connect(pictures.keep_originals_out)
    for name in FEATURES:
        importlib.import_module(f"{__name__}.{name}").register()
