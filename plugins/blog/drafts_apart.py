"""Drafts stay out of everything published articles show.

One job. pelican-series counts drafts as parts of a series, so a published
part would say "Part 3 of 6" and link a draft. Before the series are built,
this takes drafts out of them (feeds, listings, neighbours and related posts
already leave drafts out). It runs on article_generator_pretaxonomy, before
pelican-series does its work on article_generator_finalized.
"""

from pelican import signals


def keep_drafts_apart(generator):
    for draft in getattr(generator, "drafts", []) + getattr(generator, "drafts_translations", []):
        for field in ("series", "series_index"):
            draft.metadata.pop(field, None)
            if field in vars(draft):  # Pelican also set it as an attribute from the metadata
                delattr(draft, field)


def register():
    # Before taxonomies and series are built, whatever the order of PLUGINS.
    signals.article_generator_pretaxonomy.connect(keep_drafts_apart)
