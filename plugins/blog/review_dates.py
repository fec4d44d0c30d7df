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

from . import problems
from .build import today_of
from .source_location import display_path, metadata_line, source_lines

# The overdue notice must not fail the build: the build's problem collector
# prints records marked "notice" without counting them (and under stock
# Pelican's --fatal warnings, a plain Logger does not raise).
notice = logging.Logger(f"{__name__}.notice", logging.WARNING)
notice.parent = logging.getLogger()


def where(content):
    return display_path(content.source_path, content.settings)


def report(content, field, message):
    """Report `message` on the line of a metadata field of the content's source."""
    line = metadata_line(source_lines(content.source_path), field)
    problems.report(content.source_path, content.settings, line, message)


def parse(content, field):
    value = content.metadata.get(field)
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value if not isinstance(value, datetime.datetime) else value.date()
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        name = field.capitalize()
        report(content, field, f"{name} '{value}' is not a date — write it as YYYY-MM-DD, e.g. {name}: 2026-11-24")
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
        report(
            content,
            "reviewed" if has_reviewed else "next_review",
            f"{'Next_review' if has_reviewed else 'Reviewed'} is missing — give both Reviewed and Next_review "
            "(YYYY-MM-DD), or neither",
        )
        return
    if not (content.reviewed and content.next_review):
        return
    if content.next_review <= content.reviewed:
        report(
            content,
            "next_review",
            f"Next_review {content.next_review} is not after Reviewed {content.reviewed} — set the next review date "
            "later",
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
