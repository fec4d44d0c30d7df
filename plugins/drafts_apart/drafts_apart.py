"""Drafts stay out of everything published articles show.

One job. pelican-series counts drafts as parts of a series, so a published
part would say "Part 3 of 6" and link a draft. Before the series are built,
this takes drafts out of them (feeds, listings, neighbours and related posts
already leave drafts out). List this plugin before "series" in PLUGINS.
"""

from pelican import signals


def keep_drafts_apart(generator):
    for draft in getattr(generator, "drafts", []) + getattr(generator, "drafts_translations", []):
        draft.metadata.pop("series", None)
        draft.metadata.pop("series_index", None)


def register():
    signals.article_generator_finalized.connect(keep_drafts_apart)
