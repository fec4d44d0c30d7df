"""Review dates for health pages: `Reviewed` and `Next_review` metadata.

One job. Sets `content.reviewed` and `content.next_review` (dates, from the
file's typed model: `models.of`; the schema refuses a date that does not parse,
one without the other, or a next review before the last one) and
`content.review_overdue` (True once the next review date has passed) for the
templates; other features ask `of(content)` and `overdue(content)`. An overdue
page is reported as a warning that does not stop the build, even under
`--fatal warnings`: the site must still publish, and the page itself shows the
notice. "Today" is `build.today_of`: the REVIEW_TODAY setting when set
(YYYY-MM-DD; tests use it), else the real date.
"""

from pelican import signals
from pelican.contents import Article, Page

from . import models, problems
from .build import today_of


def of(content):
    """(reviewed, next review) of `content`: dates from its file's model, or None."""
    model = models.of(content)
    return getattr(model, "reviewed", None), getattr(model, "next_review", None)


def overdue(content):
    """True once the next review date of `content` has passed ("today": `build.today_of`)."""
    _, due = of(content)
    return bool(due and due < today_of(content.settings))


def set_review_dates(content):
    if not isinstance(content, (Article, Page)):
        return
    content.reviewed, content.next_review = of(content)
    content.review_overdue = overdue(content)
    if content.review_overdue:
        problems.notice(
            content.source_path,
            content.settings,
            f"overdue for review since {content.next_review.isoformat()} — review the page, then update "
            "Reviewed and Next_review",
        )


def register():
    signals.content_object_init.connect(set_review_dates)
