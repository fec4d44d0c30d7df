"""Feeds that a browser shows as plain, readable text, without XSLT.

One job. After Pelican writes each feed, insert an `<?xml-stylesheet?>`
instruction pointing at FEED_STYLESHEET, a CSS file of the theme, with the
theme's version (`?v=ASSET_VERSION`) so a year-long cache never serves an old
one. Browsers are removing XSLT; CSS on XML shows no warning. Feed readers
ignore it. The page for people is the subscribe page.
"""

from pathlib import Path

from pelican import signals


def add_stylesheet(path, context, feed):
    stylesheet = context.get("FEED_STYLESHEET")
    if not stylesheet:
        return
    href = f"{context.get('SITEURL', '')}/{context['THEME_STATIC_DIR']}/{stylesheet}?v={context['ASSET_VERSION']}"
    target = Path(path)
    text = target.read_text(encoding="utf-8")
    instruction = f'<?xml-stylesheet type="text/css" href="{href}"?>\n'
    if "<?xml-stylesheet" in text:
        return
    declaration_end = text.find("?>") + 2 if text.startswith("<?xml") else 0
    head, rest = text[:declaration_end], text[declaration_end:].lstrip("\n")
    target.write_text(f"{head}\n{instruction}{rest}" if head else instruction + rest, encoding="utf-8")


def register():
    signals.feed_written.connect(add_stylesheet)
