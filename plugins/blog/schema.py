"""The one metadata schema: every field a writer may use, its type, and the rules between fields.

One job. `Article` and `Page` (pydantic models) declare each field once, with
its type and an example; CONTRIBUTING.md's field table is tested against them.
`check_file` validates one file's front matter and returns its problems as
(line, message); it is `check_file_except_clock` (an answer that holds for the
same text, settings and day) and `clock_rules` (Date and Modified are not in the
future: they are compared with the clock, so run at every check); `check_site`
applies the rules that span files (series numbering, tag and series spellings).
Every message reads `problem — fix`.

Types are allowlists: a tag, a series name or an author may hold letters,
digits, spaces and a few punctuation marks, never markup; a slug is
`[a-z0-9-]+`; a language is a BCP 47 tag whose subtags are in the IANA
registry; dates are ISO 8601. Every value is NFC (`text_rules`) and holds no
control, invisible or direction-changing character; a title shows something;
tags and series that look alike (TR39 skeleton) or share an address are refused.
"""

import datetime
import difflib
import re
from pathlib import PurePosixPath
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from . import text_rules

EARLIEST = datetime.date(1990, 1, 1)
NAME = re.compile(r"^\w[\w .,:'’()-]*$")
TAG = re.compile(r"^\w[\w '’-]*$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# RFC 5646 language tags: language[-script][-region](-variant)*(-extension)*[-x-private]
BCP47 = re.compile(
    r"^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?"
    r"(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[a-wy-z\d](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?$",
    re.I,
)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?$")
# Fields the site sets itself (pelicanconf.py), never an article: why, and what to do instead.
REFUSED = {
    "save_as": (
        "the site decides where pages are written",
        "remove the line; the address comes from the file name, or Slug:",
    ),
    "url": ("the site decides the addresses", "remove the line; the address comes from the file name, or Slug:"),
    "template": ("layouts are chosen in pelicanconf.py, EXTRA_PATH_METADATA", "remove the line"),
    "category": ("this site has no categories", "remove the line and use Tags:"),
    "authors": ("each file has one author", "write Author: instead"),
    "references": (
        "studies are listed once, in content/bibliography.json",
        "remove the block; cite each study in the text as [ref:key]",
    ),
}
for _key in ("lang_save_as", "lang_url", "translation", "private"):
    REFUSED.setdefault(_key, ("the site sets it itself", "remove the line"))


def fail(message):
    raise PydanticCustomError("blog", message)


def text_value(value):
    if isinstance(value, list):
        if len(value) != 1:
            fail("is on more than one line — write it on one line")
        value = value[0]
    return clean(str(value).strip())


def clean(value):
    """`value` in NFC; refused when it holds a control, invisible or direction-changing character."""
    found = text_rules.refused_character(value)
    if found:
        position, char, kind = found
        fail(f"holds {kind} {text_rules.describe(char)} at position {position} — delete it (retype the line)")
    return text_rules.normal(value)


def plain_text(value, limit=300):
    return shown_text(text_value(value), limit)


def markdown(value):
    """Markdown fields may run over several lines; each line is checked as a value."""
    items = value if isinstance(value, list) else [value]
    return shown_text("\n".join(clean(str(item).strip()) for item in items).strip(), 5000)


def shown_text(value, limit):
    if not value:
        fail("is empty — write it after the colon")
    if not text_rules.visible(value):
        fail("is only spaces, marks or invisible characters — write it in words")
    if len(value) > limit:
        fail(f"is {len(value)} characters long — keep it under {limit}")
    return value


def name(value):
    value = plain_text(value)
    if not NAME.match(value) or len(value) > 80:
        fail(
            f"'{value}' may hold only letters, digits, spaces and . , : ' ( ) - (at most 80) — "
            "remove the other characters"
        )
    return value


def tag_list(value):
    value = text_value(value)
    tags = [tag.strip() for tag in value.split(",")]
    if not value or not all(tags):
        fail("has an empty tag — write tags separated by commas, e.g. 'Tags: acupuncture, foot care'")
    for tag in tags:
        if not text_rules.visible(tag) or not TAG.match(tag) or len(tag) > 40:
            fail(
                f"'{tag}' may hold only letters, digits, spaces, hyphens and apostrophes (at most 40) — "
                "e.g. 'Tags: acupuncture, foot care'"
            )
    seen = {}
    for tag in tags:
        other = seen.setdefault(text_rules.skeleton(slug_of(tag)), tag)
        if other != tag or tags.count(tag) > 1:
            fail(f"names '{tag}' twice (as '{other}' and '{tag}') — keep one")
    return tags


def matching(pattern, message):
    """A validator of one-line values that `pattern` must match; `message` names {value}."""

    def check(value):
        value = text_value(value)
        if not pattern.match(value):
            fail(message.format(value=value))
        return value

    return check


slug = matching(SLUG, "'{value}' may hold only a-z, 0-9 and single hyphens — e.g. 'Slug: foot-care'")
well_formed_language = matching(BCP47, "'{value}' is not a language tag — write one such as 'en', 'en-GB' or 'ar'")


def language(value):
    value = well_formed_language(value)
    if not text_rules.language_is_known(value):
        subtags = value.split("-")
        unknown = next(
            subtags[n - 1]
            for n in range(1, len(subtags) + 1)
            if not text_rules.language_is_known("-".join(subtags[:n]))
        )
        fail(
            f"'{value}' has a subtag the IANA language registry does not know ('{unknown}') — "
            "write a registered tag such as 'en', 'en-GB', 'ar' or 'fa-IR'"
        )
    return value


def date_or_time(value):
    value = text_value(value)
    if not (ISO_DATE.match(value) or ISO_DATE_TIME.match(value)):
        fail(f"'{value}' is not a date — write it as YYYY-MM-DD (or YYYY-MM-DD HH:MM), e.g. 2026-11-24")
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        fail(
            f"'{value}' is not a date on the calendar — check the month (01 to 12), the day of that month "
            "and the time (00:00 to 23:59)"
        )
    if parsed.date() < EARLIEST:
        fail(f"{parsed:%Y-%m-%d} is before 1990 — check the year")
    return parsed


def day(value):
    value = text_value(value)
    if not ISO_DATE.match(value):
        fail(f"'{value}' is not a date — write it as YYYY-MM-DD, e.g. 2026-11-24")
    return date_or_time(value).date()


def whole_number(value):
    value = text_value(value)
    if not re.fullmatch(r"\d{1,4}", value) or int(value) < 1:
        fail(f"'{value}' is not a whole number of 1 or more — write it as 1, 2, 3 …")
    return int(value)


def lines(value):
    items = [v.strip() for v in (value if isinstance(value, list) else [value]) if str(v).strip()]
    if not items:
        fail("is empty — write one item per line, indented by 4 spaces")
    for item in items:
        plain_text(item, limit=1000)
    return items


PlainText = Annotated[str, BeforeValidator(plain_text)]
Markdown = Annotated[str, BeforeValidator(markdown)]
Name = Annotated[str, BeforeValidator(name)]
Tags = Annotated[list[str], BeforeValidator(tag_list)]
Slug = Annotated[str, BeforeValidator(slug)]
Language = Annotated[str, BeforeValidator(language)]
DateTime = Annotated[datetime.datetime, BeforeValidator(date_or_time)]
Day = Annotated[datetime.date, BeforeValidator(day)]
Index = Annotated[int, BeforeValidator(whole_number)]
Lines = Annotated[list[str], BeforeValidator(lines)]
Choice = BeforeValidator(text_value)


class Page(BaseModel):
    """A page (content/pages/): about, policies, the series page."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: PlainText = Field(description="the page's heading and title; plain text", examples=["Is acupuncture safe?"])
    summary: Markdown = Field(
        description="the search-engine description and the text on listings (Markdown)",
        examples=["One plain sentence."],
    )
    status: Annotated[Literal["published", "draft", "hidden"], Choice] = Field(
        "published",
        description="draft: only in your local preview; hidden: published but listed nowhere",
        examples=["draft"],
    )
    slug: Slug | None = Field(None, description="a different web address than the file name", examples=["foot-care"])
    lang: Language | None = Field(None, description="the language, a BCP 47 tag (default: en)", examples=["en-GB"])
    modified: DateTime | None = Field(None, description="shows 'Updated'; not before Date", examples=["2026-12-05"])
    author: Name | None = Field(None, description="the writer's name (default: the site)", examples=["Sam Lee"])
    series_name: Name | None = Field(
        None, description="on the series page: the series it lists", examples=["Acupuncture and neuropathy"]
    )
    reviewed: Day | None = Field(
        None, description="the last medical review; not in the future", examples=["2026-11-24"]
    )
    next_review: Day | None = Field(None, description="the next review; after Reviewed", examples=["2027-11-24"])
    key_points: Lines | None = Field(None, description="the 'Key points' box, 3 to 5 indented lines")
    uncited: Lines | None = Field(
        None, description="indented `Start of the paragraph — why it needs no citation` lines"
    )
    editor_note: Markdown | None = Field(None, description="a dated editor's note above the text (Markdown)")
    editor_note_date: Day | None = Field(None, description="the date of the editor's note", examples=["2026-11-24"])
    robots: Annotated[Literal["noindex", "noindex, nofollow"], Choice] | None = Field(
        None, description="keeps a page out of search engines", examples=["noindex"]
    )


class Article(Page):
    """An article (content/posts/)."""

    date: DateTime = Field(description="publication date; not in the future", examples=["2026-11-24"])
    tags: Tags = Field(description="the tag pages; 2 or 3 subjects", examples=["acupuncture, safety"])
    series: Name | None = Field(None, description="the series this article is part of")
    series_index: Index | None = Field(None, description="its part number: 1, 2, 3 … without gaps", examples=["6"])
    card: Annotated[Literal["drawn", "picture"], Choice] = Field(
        "drawn",
        description="the link-preview image: drawn (the title on the site's colour) or picture (the article's "
        "first picture, cropped to 1200 × 630; it must be at least that big)",
        examples=["picture"],
    )
    original_text: PlainText | None = Field(
        None, description="marks the owner's article, kept word for word (no health-writing rules)"
    )


EXAMPLES = {
    "title": "Title: What the reader will learn",
    "date": "Date: 2026-11-23",
    "summary": "Summary: One plain sentence that says what the article is about.",
    "tags": "Tags: acupuncture, neuropathy",
}


def label(key):
    return key.capitalize()


def known_fields(model):
    return list(model.model_fields)


def check_file(front, kind, settings, today, now=None):
    """Validate one file's front matter at the time `now` (default: the clock). Returns
    (model or None, [(line, message)])."""
    meta, problems = check_file_except_clock(front, kind, settings, today)
    if meta is None:
        return None, problems
    return meta, problems + clock_rules(meta, front, settings, now)


def check_file_except_clock(front, kind, settings, today):
    """`check_file` without `clock_rules`: the same front matter, kind, settings and day get
    the same answer at any time. Returns (model or None, [(line, message)])."""
    model = Article if kind == "article" else Page
    problems, raw = [], {}
    for field in front.fields:
        line = field.line
        if field.key in raw:
            problems.append(
                (
                    line,
                    f"'{field.typed}' is given twice (first on line {raw[field.key][1]}) — keep one of the two lines",
                )
            )
            continue
        if field.key in REFUSED:
            why, fix = REFUSED[field.key]
            problems.append((line, f"'{field.typed}' cannot be set in a content file ({why}) — {fix}"))
            continue
        if field.key not in model.model_fields:
            close = difflib.get_close_matches(field.key, model.model_fields, n=1, cutoff=0.7)
            hint = f"did you mean '{label(close[0])}'?" if close else f"remove it, or use one of: {fields_list(model)}"
            problems.append((line, f"unknown metadata '{field.typed}' — {hint}"))
            continue
        raw[field.key] = (field.values if len(field.values) > 1 else field.values[0], line)
    try:
        meta = model.model_validate({key: value for key, (value, _) in raw.items()})
    except ValidationError as error:
        for detail in error.errors():
            key = str(detail["loc"][0]) if detail["loc"] else ""
            line = raw[key][1] if key in raw else 1
            problems.append((line, message_for(key, detail, raw)))
        return None, problems
    problems += field_rules(meta, front, kind, settings, today)
    return meta, problems


def fields_list(model):
    return ", ".join(label(k) for k in model.model_fields)


def message_for(key, detail, raw):
    name = label(key)
    if detail["type"] == "missing":
        return (
            f"metadata field '{name}' is missing — add a line like "
            f"'{EXAMPLES.get(key, name + ': ...')}' to the block at the top of the file"
        )
    if detail["type"] == "literal_error":
        value = raw[key][0]
        choices = detail["ctx"]["expected"].replace("'", "")
        return f"{name} '{value}' is not one of {choices} — use one of those"
    text = detail["msg"]
    if text.startswith(("'", "is ", "holds ", "names ", "has ")) or text[:4].isdigit():
        return f"{name} {text}" if not text.startswith("'") else f"{name} {text}"
    return f"{name}: {text}"


def instant(moment, settings):
    """A Date or Modified as a point in time: a time written without a zone is in the site's TIMEZONE."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=ZoneInfo(settings.get("TIMEZONE") or "UTC"))
    return moment


def shown(moment, settings):
    """A point in time as the writer reads it: in the site's time zone, the day alone at midnight."""
    local = moment.astimezone(ZoneInfo(settings.get("TIMEZONE") or "UTC"))
    return f"{local:%Y-%m-%d}" if local.time() == datetime.time() else f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def clock_rules(meta, front, settings, now=None):
    """Date and Modified, points in time, compared with `now` (default: the clock) and each
    other: [(line, message)]."""
    problems = []
    line = front.line_of
    now = now or datetime.datetime.now(datetime.UTC)
    publishing = meta.status != "draft"
    date = instant(meta.date, settings) if getattr(meta, "date", None) else None
    modified = instant(meta.modified, settings) if meta.modified else None
    if date and publishing and date > now:
        problems.append(
            (
                line("date"),
                f"Date {shown(date, settings)} is in the future — set the date it goes live (today or earlier), "
                "or keep 'Status: draft' until then",
            )
        )
    if modified and modified > now:
        problems.append(
            (
                line("modified"),
                f"Modified {shown(modified, settings)} is in the future — write when the text was last changed "
                "(today or earlier)",
            )
        )
    elif modified and date and modified < date:
        problems.append(
            (
                line("modified"),
                f"Modified {shown(modified, settings)} is before Date {shown(date, settings)} — fix one of the dates",
            )
        )
    return problems


def field_rules(meta, front, kind, settings, today):
    """The rules between fields of one file that do not read the clock. `today`
    (build.today_of) is the day for review dates."""
    problems = []
    line = front.line_of
    publishing = meta.status != "draft"
    if meta.reviewed and meta.reviewed > today:
        problems.append(
            (line("reviewed"), f"Reviewed {meta.reviewed} is in the future — write the day the review was done")
        )
    if (meta.reviewed is None) != (meta.next_review is None):
        missing = "Next_review" if meta.reviewed else "Reviewed"
        present = "reviewed" if meta.reviewed else "next_review"
        problems.append(
            (line(present), f"{missing} is missing — give both Reviewed and Next_review (YYYY-MM-DD), or neither")
        )
    elif meta.reviewed and meta.next_review <= meta.reviewed:
        problems.append(
            (
                line("next_review"),
                f"Next_review {meta.next_review} is not after Reviewed {meta.reviewed} — "
                "set the next review date later",
            )
        )
    if (meta.editor_note is None) != (meta.editor_note_date is None):
        missing, present = (
            ("Editor_note", "editor_note_date") if meta.editor_note is None else ("Editor_note_date", "editor_note")
        )
        problems.append((line(present), f"{missing} is missing — an editor's note needs both its text and its date"))
    if kind == "article" and (meta.series is None) != (meta.series_index is None):
        missing, present = ("Series_index", "series") if meta.series_index is None else ("Series", "series_index")
        problems.append(
            (line(present), f"{missing} is missing — a part of a series needs both Series and Series_index")
        )
    if publishing:
        for key in ("title", "summary", "tags"):
            value = getattr(meta, key, None)
            values = value if isinstance(value, list) else [value]
            if any(str(v).startswith("TODO") for v in values if v):
                problems.append(
                    (
                        line(key),
                        f"'{label(key)}' still says TODO — fill it in before publishing, or keep 'Status: draft'",
                    )
                )
    return problems


def slug_of(text):
    """The spelling key of a tag or series: NFC, case folded, runs of other characters as one hyphen."""
    return re.sub(r"[^\w]+", "-", text_rules.normal(text).casefold()).strip("-")


def tag_address(tag, settings):
    """The tag page's address, as Pelican makes it (TAG_URL from its slug)."""
    from pelican.urlwrappers import Tag

    return Tag(tag, settings).url


def lookalike(kind, word, first, rule, address):
    """The message when `word` is a different spelling of `first` under `rule`: the same
    spelling key, the same TR39 skeleton, or the same tag page `address`."""
    other, path = first
    if rule == "spelling":
        return f"{kind} '{word}' is written '{other}' in {path} — use one spelling for both"
    if rule == "address":
        return f"tag '{word}' gets the address of '{other}' in {path} ({address}) — use one spelling for both"
    return (
        f"{kind} '{word}' looks like '{other}' in {path} but is written with other characters "
        f"({text_rules.first_difference(word, other)}) — use one spelling for both"
    )


def address_slug(path, meta, settings):
    """The slug of a file's address: Slug:, or its file name as Pelican slugifies it (SLUGIFY_SOURCE)."""
    from pelican.utils import slugify

    if meta.slug:
        return meta.slug
    return slugify(
        PurePosixPath(path).stem,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def lookalike_addresses(entries, settings):
    """Two files whose addresses differ but look alike (TR39 skeleton): [(path, line, message)].
    Equal addresses are output_paths' to report."""
    problems, seen = [], {}  # (kind, draft, skeleton) -> (slug, path)
    for path, front, meta in entries:
        slug = address_slug(path, meta, settings)
        kind = "article" if isinstance(meta, Article) else "page"
        other, first = seen.setdefault((kind, meta.status == "draft", text_rules.skeleton(slug)), (slug, path))
        if other.casefold() != slug.casefold():
            problems.append(
                (
                    path,
                    front.line_of("slug"),
                    f"its address '{slug}' looks like '{other}' of {first} "
                    f"({text_rules.first_difference(slug, other)}) — rename one of the files, or give it its own Slug:",
                )
            )
    return problems


def check_site(entries, complete=True, settings=None):
    """Rules across files. `entries` is [(display path, front matter, model)] of valid
    files; returns [(display path, line, message)]. With Pelican's `settings`, two tags
    with one tag page address, and two addresses that look alike, are refused too."""
    problems = lookalike_addresses(entries, settings) if settings else []
    spellings = {}  # (kind, slug, skeleton or address) -> (spelling, path)
    parts = {}  # series slug -> [(index, path, line)]
    names = {}  # series slug -> the first spelling
    addresses = {}  # tag -> its tag page address (one Pelican Tag per spelling, not per use)
    for path, front, meta in entries:
        words = [("tag", tag, "tags") for tag in getattr(meta, "tags", None) or []]
        if getattr(meta, "series", None):
            words.append(("series", meta.series, "series"))
        if meta.series_name:
            words.append(("series", meta.series_name, "series_name"))
        for kind, word, key in words:
            keys = [(kind, "spelling", slug_of(word)), (kind, "looks", text_rules.skeleton(slug_of(word)))]
            if kind == "tag" and settings:
                if word not in addresses:
                    addresses[word] = tag_address(word, settings)
                keys.append((kind, "address", addresses[word]))
            for found in keys:
                first = spellings.setdefault(found, (word, path))
                if first[0] != word:
                    problems.append((path, front.line_of(key), lookalike(kind, word, first, found[1], found[2])))
                    break
        if getattr(meta, "series", None) and meta.series_index and meta.status != "draft":
            parts.setdefault(slug_of(meta.series), []).append((meta.series_index, path, front.line_of("series_index")))
            names.setdefault(slug_of(meta.series), meta.series)
    for key, numbered in parts.items():
        series = names[key]
        numbered.sort()
        by_index = {}
        for index, path, line in numbered:
            by_index.setdefault(index, []).append((path, line))
        for index, holders in by_index.items():
            if len(holders) > 1:
                path, line = holders[-1]
                both = " and ".join(sorted(p for p, _ in holders))
                problems.append(
                    (
                        path,
                        line,
                        f"Series_index {index} of '{series}' is used by both {both} — give each part its own number",
                    )
                )
        expected = list(range(1, len(by_index) + 1))
        if complete and sorted(by_index) != expected:
            missing = sorted(set(range(1, max(by_index) + 1)) - set(by_index))
            first_late = (
                min(i for i in by_index if i > len(by_index) or i in [m + 1 for m in missing])
                if missing
                else max(by_index)
            )
            path, line = by_index[first_late][0]
            problems.append(
                (
                    path,
                    line,
                    f"Series '{series}' has parts {', '.join(map(str, sorted(by_index)))} — number the parts 1 to "
                    f"{len(by_index)} without gaps (part {missing[0] if missing else len(by_index)} is missing)",
                )
            )
    return problems
