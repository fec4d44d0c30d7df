"""What an article's end lists: each other article once, in the most useful block.

One job. An article ends with the parts of its series (when it is one, the previous and the
next part marked in that list), then related articles (pelican-related-posts), then the newer
and the older article by date (pelican-neighbors). Each other article is listed once, in the
first of these blocks that has it: this sets `article.end_related` (its related articles not in
its series) and `article.end_newer`, `article.end_older` (a neighbour listed in no block above,
else None) for the template. It runs once every generator is done, when pelican-series,
related posts and neighbours have all run, whatever the order of PLUGINS.
"""

from pelican import signals


def settle(generators):
    for generator in generators:
        for article in getattr(generator, "articles", []) + getattr(generator, "translations", []):
            series = getattr(article, "series", None)
            shown = {id(article)} | {id(part) for part in (series["all"] if isinstance(series, dict) else [])}
            article.end_related = [other for other in getattr(article, "related_posts", []) if id(other) not in shown]
            shown |= {id(other) for other in article.end_related}
            newer, older = getattr(article, "next_article", None), getattr(article, "prev_article", None)
            article.end_newer = newer if newer is not None and id(newer) not in shown else None
            article.end_older = older if older is not None and id(older) not in shown else None


def register():
    signals.all_generators_finalized.connect(settle)
