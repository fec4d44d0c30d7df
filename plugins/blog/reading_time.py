"""Reading time of each article, in whole minutes, never "0 minutes".

One job. Counts the words of the article body (tags removed) and divides by
READING_WORDS_PER_MINUTE (200 by default: a relaxed pace, for readers who may
be tired or reading on a phone), rounding up. Sets `article.reading_minutes`.
"""

import math
import re

from pelican import signals

TAG = re.compile(r"<[^<>]+>")


def count(generator):
    pace = generator.settings.get("READING_WORDS_PER_MINUTE", 200)
    for article in generator.articles + generator.translations + generator.drafts:
        words = len(TAG.sub(" ", article._content or "").split())
        article.reading_minutes = max(1, math.ceil(words / pace))


def register():
    signals.article_generator_finalized.connect(count)
