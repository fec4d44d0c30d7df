"""Reproducible sitemap dates for list pages.

One job. pelican-sitemap gives pages without a date of their own (home, tags,
archives, undated pages) the time of the build as `lastmod`, so two builds of
the same commit differ. They change when an article changes, so this sets
that fallback to the newest article or page date instead.
"""

from pelican import signals


def newest_content_date(generators):
    from pelican.plugins.sitemap import sitemap

    dates = [
        getattr(content, "modified", None) or content.date
        for generator in generators
        for content in getattr(generator, "articles", []) + getattr(generator, "pages", [])
        if getattr(content, "date", None)
    ]
    if dates:
        sitemap.generator.now = max(dates)


def register():
    signals.all_generators_finalized.connect(newest_content_date)
