"""Dates: impossible ones refused, Date and Modified compared as points in time (a
time without a zone is in the site's TIMEZONE), none in the future, and a passed
Next_review shown as overdue in the terminal and on the dashboard, as a warning.

A Date in the future is refused (not scheduled): the writer sets the day it goes
live, or keeps `Status: draft`; the dashboard lists the refusal as the page's problem.
Built in process on the small fixture site (tests/fixture_site.py)."""

import datetime
from types import SimpleNamespace

from bs4 import BeautifulSoup

import tasks
from blog import build, dashboard, live_server
from fixture_site import ARTICLE, article, build_site, write_site

# source: (the article, what line 2 must say)
REFUSED = {
    "posts/february-30.md": (article(date="2026-02-30"), "Date '2026-02-30' is not a date on the calendar"),
    "posts/month-13.md": (article(date="2026-13-01"), "Date '2026-13-01' is not a date on the calendar"),
    "posts/minute-61.md": (article(date="2026-11-20 24:61"), "Date '2026-11-20 24:61' is not a date on the calendar"),
    "posts/zone-25.md": (article(date="2026-11-20T10:00+25:00"), "is not a date on the calendar"),
    "posts/modified-31-april.md": (
        article(modified="2026-04-31"),
        "Modified '2026-04-31' is not a date on the calendar",
    ),
    "posts/date-future.md": (article(date="2099-01-01"), "Date 2099-01-01 is in the future"),
    "posts/modified-future.md": (
        article(modified="2099-01-01 10:00"),
        "Modified 2099-01-01 10:00 UTC is in the future",
    ),
    # 10:30 at +02:00 is 08:30 UTC, before 10:00 UTC: the written times alone would say after.
    "posts/modified-before-across-zones.md": (
        article(date="2026-11-20 10:00", modified="2026-11-20T10:30+02:00"),
        "Modified 2026-11-20 08:30 UTC is before Date 2026-11-20 10:00 UTC",
    ),
}


def problem_lines(printed):
    return [line for line in printed.splitlines() if line.startswith("content/")]


def test_impossible_future_and_reversed_dates_are_refused_on_their_line(tmp_path):
    content = write_site(tmp_path, {source: text for source, (text, _) in REFUSED.items()})
    code, printed = build_site(content, tmp_path / "output")
    assert code == 1, f"the build did not stop:\n{printed[-2000:]}"
    lines = problem_lines(printed)
    missing = [
        f"content/{source}:2: …{says}…"
        for source, (_, says) in REFUSED.items()
        if not any(line.startswith(f"content/{source}:2: ") and says in line for line in lines)
    ]
    assert not missing, "not refused on the date's line:\n  " + "\n  ".join(missing) + f"\nprinted:\n{printed}"


def test_modified_is_compared_as_a_point_in_time(tmp_path):
    """10:30 at +01:00 is 09:30 UTC, so Modified 09:45 (UTC, the site's zone) is after it."""
    files = {"posts/new.md": article(date="2026-11-20T10:30+01:00", modified="2026-11-20 09:45")}
    code, printed = build_site(write_site(tmp_path, files), tmp_path / "output")
    assert code == 0, f"Modified after Date (as instants) was refused:\n{printed[-2000:]}"


def test_a_time_without_a_zone_is_in_the_site_timezone(tmp_path):
    """Date 10:00 in Paris is 09:00 UTC: Modified 09:30 UTC is after it there, before it in UTC."""
    files = {"posts/new.md": article(date="2026-11-20 10:00", modified="2026-11-20T09:30+00:00")}
    content = write_site(tmp_path, files)
    paris, printed_paris = build_site(content, tmp_path / "paris", '--set=TIMEZONE="Europe/Paris"')
    utc, printed_utc = build_site(content, tmp_path / "utc", '--set=TIMEZONE="UTC"')
    assert paris == 0, (
        f"with TIMEZONE Europe/Paris, Modified 09:30 UTC is after Date 10:00 (09:00 UTC):\n{printed_paris}"
    )
    assert utc == 1 and "content/posts/new.md:2: Modified 2026-11-20 09:30 UTC is before Date" in printed_utc, (
        f"with TIMEZONE UTC, Modified 09:30 is before Date 10:00:\n{printed_utc[-1500:]}"
    )


def test_a_future_date_is_kept_as_a_draft_only(tmp_path):
    files = {"posts/later.md": article(date="2099-01-01", status="draft")}
    code, printed = build_site(write_site(tmp_path, files), tmp_path / "output")
    assert code == 0, f"a draft with a future Date was refused:\n{printed[-2000:]}"
    assert (tmp_path / "output/drafts/posts/later/index.html").is_file(), "the draft is not in the local preview"
    assert not (tmp_path / "output/posts/later").exists(), "the future-dated draft was published"


def dashboard_row(source, problems=()):
    """The dashboard's table row of `source` after the last build in this process (with
    `problems`, the records of that build)."""
    page = live_server.dashboard_html(SimpleNamespace(problems=list(problems), ok=not problems, seconds=1.0))
    for row in BeautifulSoup(page, "html.parser").select("tbody tr"):
        if source in row.get_text(" "):
            return row.get_text(" ", strip=True)
    raise AssertionError(f"the dashboard has no row for {source}:\n{page}")


def test_a_future_date_shows_on_the_dashboard_as_the_pages_problem(tmp_path):
    content = write_site(tmp_path)
    assert build_site(content, tmp_path / "output")[0] == 0
    write_site(tmp_path, {"posts/complete.md": ARTICLE.replace("Date: 2026-11-20", "Date: 2099-01-01")})
    overrides = {"REVIEW_TODAY": "2026-11-24", "READ_CACHE_PATH": ""}
    result = build.build(tasks.LOCAL_SETTINGS, tmp_path / "output", content, overrides)
    assert not result.ok, result.text
    row = dashboard_row("content/posts/complete.md", result.problems)
    assert "Date 2099-01-01 is in the future" in row, f"the dashboard does not show the future Date: {row}"


def test_a_passed_next_review_is_a_warning_in_the_terminal_and_overdue_on_the_dashboard(tmp_path):
    content = write_site(tmp_path)
    code, printed = build_site(content, tmp_path / "output", '--set=REVIEW_TODAY="2028-01-01"')
    assert code == 0, f"an overdue review stopped the build:\n{printed[-2000:]}"
    notice = "content/posts/complete.md: overdue for review since 2027-11-20 — review the page"
    assert notice in printed and "Built output/" in printed, f"no overdue warning in the terminal:\n{printed}"
    rows = {row["source"]: row for row in dashboard.rows}
    assert rows["content/posts/complete.md"]["overdue"], "the dashboard data does not mark it overdue"
    assert "overdue" in dashboard_row("content/posts/complete.md"), "the dashboard does not show it as overdue"


def test_a_next_review_still_ahead_is_not_overdue(tmp_path):
    code, printed = build_site(write_site(tmp_path), tmp_path / "output")
    assert code == 0 and "overdue" not in printed, f"a review due 2027-11-20 reported overdue on 2026-11-24:\n{printed}"
    rows = {row["source"]: row for row in dashboard.rows}
    assert not rows["content/posts/complete.md"]["overdue"], "the dashboard marks a review still ahead as overdue"


def test_the_dashboard_judges_review_dates_by_the_builds_today(tmp_path):
    """The dashboard's "today" is build.today_of: with REVIEW_TODAY before a review date that
    the real date has passed, the review is not overdue on the dashboard."""
    due = datetime.date.today() - datetime.timedelta(days=30)
    reviewed = due - datetime.timedelta(days=300)
    dated = ARTICLE.replace("Date: 2026-11-20", f"Date: {reviewed.isoformat()}")
    dated = dated.replace("Reviewed: 2026-11-20", f"Reviewed: {reviewed.isoformat()}")
    dated = dated.replace("Next_review: 2027-11-20", f"Next_review: {due.isoformat()}")
    content = write_site(tmp_path, {"posts/complete.md": dated})
    before_due = (due - datetime.timedelta(days=1)).isoformat()
    code, printed = build_site(content, tmp_path / "output", f'--set=REVIEW_TODAY="{before_due}"')
    assert code == 0 and "overdue" not in printed, printed[-2000:]
    row = dashboard_row("content/posts/complete.md")
    assert "overdue" not in row, f"with REVIEW_TODAY {before_due}, a review due {due} shows overdue: {row}"
