"""Feeds that a browser shows as a readable page.

One job. After Pelican writes each feed, insert an `<?xml-stylesheet?>`
instruction pointing at FEED_STYLESHEET (an XSL file of the theme, served from
the site itself), so opening a feed in a browser explains what a feed is and
lists the entries instead of showing raw XML. Feed readers ignore it.
"""

from pathlib import Path

from pelican import signals


def add_stylesheet(path, context, feed):
    stylesheet = context.get("FEED_STYLESHEET")
    if not stylesheet:
        return
    href = f"{context.get('SITEURL', '')}/{stylesheet}"
    target = Path(path)
    text = target.read_text(encoding="utf-8")
    instruction = f'<?xml-stylesheet type="text/xsl" href="{href}"?>\n'
    if "<?xml-stylesheet" in text:
        return
    declaration_end = text.find("?>") + 2 if text.startswith("<?xml") else 0
    head, rest = text[:declaration_end], text[declaration_end:].lstrip("\n")
    target.write_text(f"{head}\n{instruction}{rest}" if head else instruction + rest, encoding="utf-8")


def register():
    signals.feed_written.connect(add_stylesheet)
