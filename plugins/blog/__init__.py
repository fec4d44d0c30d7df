"""Our checks that treat every content file as untrusted input, as one plugin.

Before Pelican runs, the build runner (`build.py`) checks content/ with
`sources` and `schema`. During the run this plugin connects:
- `reader`: the only reader (Markdown), with plain titles, the HTML
  allowlist (`sanitizer`) and sized images;
- `headings` and `health_rules` on each article and page;
- `fragments` and `output_paths` once every page is known, before writing;
- `dashboard`, which keeps what the live server's editor's dashboard shows.
Each reports through `problems`; no check depends on the order of PLUGINS.
"""

from pelican import signals

from . import dashboard, fragments, headings, health_rules, output_paths, reader


def register():
    signals.readers_init.connect(reader.use_only_this_reader)
    signals.content_object_init.connect(headings.check_headings)
    signals.content_object_init.connect(health_rules.check_article)
    signals.all_generators_finalized.connect(fragments.check_fragments)
    signals.all_generators_finalized.connect(output_paths.check_output_paths)
    signals.all_generators_finalized.connect(dashboard.collect)
