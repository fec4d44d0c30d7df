"""Unicode in metadata and file names: one spelling (NFC), no hidden or direction-changing
characters, no lookalike tags or addresses (TR39), registered languages, and right-to-left
languages shown right to left.

The schema is checked directly (`schema.check_file`, `schema.check_site`) for the many
characters; the fixture site is built in process for what reaches the pages and addresses."""

import datetime
import unicodedata

import pytest
from bs4 import BeautifulSoup
from test_untrusted_input import run_build

from fixture_site import ARTICLE, article, write_site

SETTINGS = {"TIMEZONE": "UTC"}
TODAY = datetime.date(2026, 11, 24)


def problems_of(text, kind="article"):
    from blog import front_matter, schema

    _, found = schema.check_file(front_matter.parse_text(text), kind, SETTINGS, TODAY)
    return [f"{line}: {message}" for line, message in found]


# character: (what the message calls it, its name)
REFUSED = {
    "\u200b": ("an invisible character", "U+200B ZERO WIDTH SPACE"),
    "\u200e": ("a direction-changing character", "U+200E LEFT-TO-RIGHT MARK"),
    "\u200f": ("a direction-changing character", "U+200F RIGHT-TO-LEFT MARK"),
    "\u061c": ("a direction-changing character", "U+061C ARABIC LETTER MARK"),
    **{
        chr(c): ("a direction-changing character", f"U+{c:04X} {unicodedata.name(chr(c))}")
        for c in range(0x202A, 0x202F)
    },
    **{
        chr(c): ("a direction-changing character", f"U+{c:04X} {unicodedata.name(chr(c))}")
        for c in range(0x2066, 0x206A)
    },
    **{chr(c): ("an invisible character", f"U+{c:04X} {unicodedata.name(chr(c))}") for c in range(0x2060, 0x2065)},
    "\ufeff": ("an invisible character", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    "\u00ad": ("an invisible character", "U+00AD SOFT HYPHEN"),
    "\u3164": ("an invisible character", "U+3164 HANGUL FILLER"),
    "\x07": ("a control character", "U+0007 BELL"),
    "\t": ("a control character", "U+0009 TAB"),
    "\x1b": ("a control character", "U+001B ESCAPE"),
    "\x7f": ("a control character", "U+007F DELETE"),
    "\x9b": ("a control character", "U+009B"),
}


@pytest.mark.parametrize("char", sorted(REFUSED), ids=lambda c: f"U+{ord(c):04X}")
def test_hidden_and_direction_changing_characters_are_refused_with_name_and_position(char):
    kind, name = REFUSED[char]
    title = f"Numb{char} feet"
    found = problems_of(article(title=title))
    expected = f"1: Title holds {kind} {name} at position 5 — delete it"
    assert any(line.startswith(expected) for line in found), f"title {title!r}: {found}, expected {expected!r}"


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"], ids=ascii)
def test_a_character_that_ends_a_line_only_for_python_is_refused_in_the_metadata(char):
    from blog import text_rules

    found = text_rules.hidden_line_breaks(article(tags=f"test,{char} neuropathy"))
    assert [line for line, _ in found] == [3] and "at position 12 of the line" in found[0][1], found
    assert text_rules.describe(char) in found[0][1], found


@pytest.mark.parametrize("field", ["tags", "summary", "author", "series_name", "slug", "lang"])
def test_every_metadata_field_refuses_a_zero_width_space(field):
    value = {"tags": "foot\u200bcare", "summary": "One\u200b sentence.", "slug": "foot\u200b-care"}.get(
        field, "ab\u200b"
    )
    found = problems_of(article(**{field: value}))
    assert any("holds an invisible character U+200B ZERO WIDTH SPACE" in line for line in found), (
        f"{field}: {value!r} gave {found}"
    )


@pytest.mark.parametrize(
    "title", ["\u200b\u200b", "\u3164", "\u0301\u0301", "\u2800 \u2800", "\u00a0\u0301"], ids=ascii
)
def test_a_title_of_only_invisible_characters_is_refused(title):
    found = problems_of(article(title=title))
    assert any(line.startswith("1: Title ") for line in found), f"title {title!r} was accepted: {found}"


@pytest.mark.parametrize(
    "title",
    ["می\u200cخواهم بدانم", "क्\u200dष", "Family 👨\u200d👩\u200d👧 a test", "Heart ❤️ test", "Zoë’s notes"],
    ids=ascii,
)
def test_joiners_that_scripts_and_emoji_need_are_accepted(title):
    assert problems_of(article(title=title)) == [], title


def test_values_are_kept_in_nfc():
    from blog import front_matter, schema

    nfd = unicodedata.normalize("NFD", "Café crème")
    meta, found = schema.check_file(front_matter.parse_text(article(title=nfd, tags=nfd)), "article", SETTINGS, TODAY)
    assert found == [] and meta.title == "Café crème" and meta.tags == ["Café crème"], (meta, found)


def site_problems(*files, settings=None):
    """check_site over (path, text) pairs."""
    from blog import front_matter, schema

    entries = []
    for path, text in files:
        front = front_matter.parse_text(text)
        meta, found = schema.check_file(front, "article", SETTINGS, TODAY)
        assert found == [], f"{path}: {found}"
        entries.append((path, front, meta))
    return schema.check_site(entries, settings=settings)


def pelican_settings():
    from pelican.settings import read_settings

    import tasks

    return read_settings(str(tasks.LOCAL_SETTINGS))


def test_nfc_and_nfd_spellings_are_one_tag():
    nfd = unicodedata.normalize("NFD", "café")
    found = site_problems(("a.md", article(tags="café, test")), ("b.md", article(tags=f"{nfd}, test")))
    assert found == [], found


@pytest.mark.parametrize(
    "kind, first, second",
    [
        ("tags", "pain, test", "p\u0430in, test"),  # Cyrillic а
        ("tags", "modern care, test", "rnodern care, test"),
        ("series", "Foot care", "F\u043eot care"),  # Cyrillic о
    ],
    ids=["cyrillic-a", "rn-m", "series"],
)
def test_lookalike_tags_and_series_are_refused_naming_both_files(kind, first, second):
    extra = {"series_index": "1"} if kind == "series" else {}
    found = site_problems(
        ("content/posts/a.md", article(**{kind: first}, **extra)),
        ("content/posts/b.md", article(**{kind: second}, **extra)),
    )
    assert any(
        path == "content/posts/b.md" and "looks like" in message and "content/posts/a.md" in message
        for path, _, message in found
    ), found


def test_tags_that_get_one_address_are_refused():
    found = site_problems(
        ("content/posts/a.md", article(tags="café, test")),
        ("content/posts/b.md", article(tags="cafe, test")),
        settings=pelican_settings(),
    )
    assert [(p, m) for p, _, m in found] == [
        (
            "content/posts/b.md",
            "tag 'cafe' gets the address of 'café' in content/posts/a.md (tags/cafe/) — use one spelling for both",
        )
    ], found


def test_lookalike_addresses_are_refused_naming_both_files():
    found = site_problems(
        ("content/posts/burns.md", ARTICLE), ("content/posts/bums.md", ARTICLE), settings=pelican_settings()
    )
    assert any(
        path == "content/posts/bums.md" and "its address 'bums' looks like 'burns' of content/posts/burns.md" in message
        for path, _, message in found
    ), found


@pytest.mark.parametrize("lang", ["xx-Zzzz-QQ", "zz", "en-Wxyz", "ar-EG-xyzzyq"])
def test_an_unknown_language_subtag_is_refused(lang):
    found = problems_of(article(lang=lang))
    assert any("has a subtag the IANA language registry does not know" in line for line in found), (lang, found)


@pytest.mark.parametrize("lang", ["en", "en-GB", "ar-EG", "zh-Hant-TW", "sr-Latn", "fa-IR", "de-CH-1996"])
def test_registered_language_tags_are_accepted(lang):
    assert problems_of(article(lang=lang)) == [], lang


@pytest.mark.parametrize(
    "lang, rtl",
    [("ar", True), ("ar-EG", True), ("he", True), ("fa", True), ("ur", True), ("dv", True), ("syr", True)]
    + [("ku-Arab", True), ("ku-Latn", False), ("en", False), ("en-GB", False), ("sd-Deva", False), ("ja", False)],
)
def test_right_to_left_comes_from_the_language_script(lang, rtl):
    from blog import text_direction

    assert text_direction.right_to_left(lang) is rtl, f"{lang}: right to left should be {rtl}"


def test_a_right_to_left_article_is_marked_rtl_and_others_are_not(tmp_path):
    files = {f"posts/{lang}.md": article(title=f"Numb feet in {lang}", lang=lang) for lang in ("ar", "he", "fa", "ur")}
    content = write_site(tmp_path, files)
    code, printed = run_build(content, tmp_path / "output")
    assert code == 0, printed
    for page, lang, direction in [
        *((f"posts/{lang}/index.html", lang, "rtl") for lang in ("ar", "he", "fa", "ur")),
        ("posts/complete/index.html", "en", None),
        ("test-page/index.html", "en", None),
        ("index.html", "en", None),
    ]:
        html = BeautifulSoup((tmp_path / "output" / page).read_text(encoding="utf-8"), "lxml").html
        assert (html.get("lang"), html.get("dir")) == (lang, direction), f"{page}: <html {html.attrs}>"


def test_nfd_and_nfc_names_and_tags_build_one_address_and_one_tag(tmp_path):
    nfd = unicodedata.normalize("NFD", "café")
    files = {
        f"posts/{nfd}-au-lait.md": article(tags="café, test"),
        "posts/other.md": article(tags=f"{nfd}, test"),
    }
    content = write_site(tmp_path, files)
    code, printed = run_build(content, tmp_path / "output")
    assert code == 0, printed
    output = tmp_path / "output"
    assert (output / "posts/cafe-au-lait/index.html").is_file(), sorted(p.name for p in (output / "posts").iterdir())
    tags = BeautifulSoup((output / "tags/index.html").read_text(encoding="utf-8"), "lxml").get_text()
    shown = [word for word in tags.split() if unicodedata.normalize("NFC", word).startswith("café")]
    assert shown and all(word == "café" for word in shown), f"tags page shows {shown!r}"
    assert len(list((output / "tags").glob("caf*"))) == 1, sorted(p.name for p in (output / "tags").iterdir())
