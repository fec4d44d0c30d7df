"""Is this text clean: the Unicode rules for metadata and file names.

One job. Text is compared and turned into addresses in NFC (`normal`); a value
may not hold a control character (C0, DEL, C1), a line or paragraph separator,
or an invisible or direction-changing format character (Unicode category Cf:
U+200B zero width space, U+202A–U+202E and U+2066–U+2069 bidirectional
controls, U+200E/U+200F marks, U+061C, U+FEFF, U+2060–U+2064, U+00AD soft
hyphen …) or a Hangul filler (`refused_character` says which and where). The
zero-width joiners U+200C and U+200D are allowed between two letters, marks or
symbols outside ASCII, where Persian, Indic scripts and emoji need them.
`visible` is false for a text of only spaces, marks and invisible characters.
`skeleton` is the Unicode TR39 confusable skeleton (ICU's SpoofChecker), after
NFC and case folding: two texts that look alike have one skeleton. A language
tag is checked against the IANA subtag registry shipped with `langcodes` (no
download). `hidden_line_breaks` finds the characters of the metadata block
that end a line for Python but not for Markdown.
"""

import functools
import os
import unicodedata

# Letters that show nothing: the Hangul fillers (default-ignorable, category Lo).
FILLERS = {"\u115f", "\u1160", "\u3164", "\uffa0"}
JOINERS = {"\u200c", "\u200d"}
BIDI = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]}
# Names of the controls, which unicodedata.name does not know (Unicode's aliases).
CONTROL_NAMES = {
    "\x00": "NULL",
    "\x07": "BELL",
    "\x08": "BACKSPACE",
    "\t": "TAB",
    "\n": "LINE FEED",
    "\r": "CARRIAGE RETURN",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}
# Characters that str.splitlines() breaks a line at, but Markdown does not.
LINE_BREAKS = {"\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"}


def normal(text):
    return unicodedata.normalize("NFC", text)


def describe(char):
    """'U+200B ZERO WIDTH SPACE'."""
    name = CONTROL_NAMES.get(char) or unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".strip()


def what(char):
    """What kind of refused character `char` is, or None when it is allowed."""
    category = unicodedata.category(char)
    if char in BIDI:
        return "a direction-changing character"
    if category == "Cc":
        return "a control character"
    if category in ("Cf", "Zl", "Zp") or char in FILLERS:
        return "an invisible character"
    return None


def shows(char):
    """A letter, digit, punctuation mark or symbol that draws something."""
    return unicodedata.category(char)[0] in "LNPS" and char not in FILLERS and char != "\u2800"


def refused_character(text):
    """(1-based position, character, what it is) of the first refused character, or None."""
    for index, char in enumerate(text):
        kind = what(char)
        if kind is None:
            continue
        if char in JOINERS and 0 < index < len(text) - 1:
            before, after = text[index - 1], text[index + 1]
            if all(not c.isascii() and (shows(c) or unicodedata.category(c)[0] == "M") for c in (before, after)):
                continue
        return index + 1, char, kind
    return None


def visible(text):
    return any(shows(char) for char in text)


def first_difference(text, other):
    """'position 2: U+0061 LATIN SMALL LETTER A here, U+0430 CYRILLIC SMALL LETTER A there'."""
    text, other = normal(text).casefold(), normal(other).casefold()
    index = len(os.path.commonprefix([text, other]))
    here = describe(text[index]) if index < len(text) else "the end"
    there = describe(other[index]) if index < len(other) else "the end"
    return f"position {index + 1}: {here} here, {there} there"


def shown(text):
    """`text` with each refused character written as <U+XXXX>, safe to print."""
    return "".join(f"<U+{ord(char):04X}>" if what(char) else char for char in text)


@functools.cache
def spoof_checker():
    import icu

    return icu.SpoofChecker()


def skeleton(text):
    """The TR39 skeleton of `text` after NFC and case folding: equal for texts that look alike."""
    return spoof_checker().getSkeleton(0, normal(text).casefold())


def language_is_known(tag):
    """Every subtag of `tag` is in the IANA language subtag registry."""
    import langcodes

    return langcodes.tag_is_valid(tag)


def hidden_line_breaks(text):
    """[(line, message)] for each character of the metadata block that ends a line for Python
    but not for Markdown, so the two would read different metadata."""
    found = []
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        if not line.strip():
            break
        for index, char in enumerate(line):
            if char in LINE_BREAKS:
                found.append(
                    (
                        number,
                        f"the metadata holds {what(char)} {describe(char)} at position {index + 1} of the line "
                        "— delete it",
                    )
                )
    return found
