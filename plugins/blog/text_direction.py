"""Right-to-left articles and pages: `dir="rtl"` on the page when its language is written so.

One job. Each article and page gets `text_dir`, "rtl" or "ltr", from the
script of its `Lang:` (the one written, as `ku-Arab`, or else the likely one
for the language and region, from `langcodes`): Arabic, Hebrew, Thaana,
Syriac, N'Ko, Adlam … run right to left (ICU's script data). base.html prints
`dir="rtl"` on `<html>` beside `lang`.
"""

import functools

from pelican import signals


@functools.cache
def right_to_left(tag):
    """`tag`'s script (written, or the likely one for its language and region) runs right to left."""
    import icu
    import langcodes

    script = langcodes.Language.get(tag).maximize().script
    codes = icu.Script.getCode(script) if script else ()
    return bool(codes) and icu.Script(codes[0]).isRightToLeft()


def set_direction(content):
    lang = getattr(content, "lang", None)
    content.text_dir = "rtl" if lang and right_to_left(lang) else "ltr"


def register():
    signals.content_object_init.connect(set_direction)
