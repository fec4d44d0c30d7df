"""The editor's dashboard data: one row per article and page of the last build.

One job. Once every page is known, keep for each article and page (drafts
included): its title, address, source, status, citations, review-due date (and
whether it is overdue), series part, and its text for the words and reading
grade, which `measured` computes when the live server shows the dashboard;
and the build's settings, whose day (`build.today_of(settings)`) the dashboard
judges review dates by. Nothing of it is ever written into the site.
"""

import html
import re

from . import health_rules, problems, references, review_dates

rows = []
settings = {}  # of the last build
_readability = {}


def collect(generators):
    found = []
    for generator in generators:
        for name in ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages"):
            for content in getattr(generator, name, []):
                series = getattr(content, "series", None)
                found.append(
                    {
                        "kind": "article" if name.endswith("articles") or name == "drafts" else "page",
                        "title": html.unescape(re.sub(r"<[^<>]+>", "", str(content.title))),
                        "url": "/" + content.url,
                        "source": problems.display_path(content.source_path, content.settings),
                        "status": getattr(content, "status", "published"),
                        "citations": len(references.of(content)),
                        "next_review": review_dates.of(content)[1],
                        "overdue": review_dates.overdue(content),
                        "series": f"{series['index']} of {len(series['all'])}" if isinstance(series, dict) else "",
                        "body": content._content or "",
                    }
                )
    rows[:] = sorted(found, key=lambda r: (r["kind"], r["source"]))
    settings.clear()
    settings.update(generators[0].settings if generators else {})


def measured(row):
    """(words, grade) of a row's text, remembered by the text."""
    body = row["body"]
    if body not in _readability:
        _readability[body] = health_rules.readability(body)
    return _readability[body]
