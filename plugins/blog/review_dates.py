"""Review dates for health pages: `Reviewed` and `Next_review` metadata.

One job. Sets `content.reviewed` and `content.next_review` (dates) and
`content.review_overdue` (True once the next review date has passed). An
overdue page is reported as a warning that does not stop the build, even under
`--fatal warnings`: the site must still publish, and the page itself shows the
notice. "Today" is `build.today_of`: the REVIEW_TODAY setting when set
(YYYY-MM-DD; tests use it), else the real date.

A date that does not parse, or a next review before the last one, stops the
build with `path:line: problem — fix`.
"""

import datetime
import logging

from pelican import signals
from pelican.contents import Article, Page

from .build import today_of
from .source_location import display_path, metadata_line, source_lines

logger = logging.getLogger(__name__)
# The overdue notice must not fail the build: the build's problem collector
# prints records marked "notice" without counting them (and under stock
# Pelican's --fatal warnings, a plain Logger does not raise).
notice = logging.Logger(f"{__name__}.notice", logging.WARNING)
notice.parent = logging.getLogger()


def where(content):
    return display_path(content.source_path, content.settings)


def field_line(content, field):
    return metadata_line(source_lines(content.source_path), field)


def parse(content, field):
    value = content.metadata.get(field)
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value if not isinstance(value, datetime.datetime) else value.date()
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        logger.error(
            "%s:%d: %s '%s' is not a date — write it as YYYY-MM-DD, e.g. %s: 2026-11-24",
            where(content),
            field_line(content, field),
            field.capitalize(),
            value,
            field.capitalize(),
        )
        return None


def set_review_dates(content):
    if not isinstance(content, (Article, Page)):
        return
    content.reviewed = parse(content, "reviewed")
    content.next_review = parse(content, "next_review")
    content.review_overdue = False
    location = where(content)
    has_reviewed, has_next = "reviewed" in content.metadata, "next_review" in content.metadata
    if has_reviewed != has_next:
        logger.error(
            "%s:%d: %s is missing — give both Reviewed and Next_review (YYYY-MM-DD), or neither",
            location,
            field_line(content, "reviewed" if has_reviewed else "next_review"),
            "Next_review" if has_reviewed else "Reviewed",
        )
        return
    if not (content.reviewed and content.next_review):
        return
    if content.next_review <= content.reviewed:
        logger.error(
            "%s:%d: Next_review %s is not after Reviewed %s — set the next review date later",
            location,
            field_line(content, "next_review"),
            content.next_review,
            content.reviewed,
        )
    if content.next_review < today_of(content.settings):
        content.review_overdue = True
        notice.warning(
            "%s: overdue for review since %s — review the page, then update Reviewed and Next_review",
            location,
            content.next_review.isoformat(),
            extra={"notice": True},
        )


def register():
    signals.content_object_init.connect(set_review_dates)
