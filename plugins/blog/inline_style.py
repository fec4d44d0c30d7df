"""The stylesheet travels inside each page, allowed by a hash in the security policy.

One job. A page's first screen needs nothing but its HTML: the theme's
INLINE_STYLESHEET is put into a <style> element of every page, and the
Content-Security-Policy allows exactly that text by its SHA-256 hash (no
'unsafe-inline'). `apply(settings)` fills INLINE_STYLE and the `{style_hash}`
placeholder of CONTENT_SECURITY_POLICY and SECURITY_HEADERS, so the <meta> in
every page, `_headers` and (through `invoke headers`) deploy/nginx.conf all
carry one value from one setting; tests compare them. The text starts with the
brand colour token, `:root { --color-brand: BRAND_COLOUR; }` (site_icons checks the
setting), so the colour is written once, in pelicanconf.py. (The favicon stays a
file: the policy's img-src 'self' would block it as a data: URI.)
"""

import base64
import hashlib
from pathlib import Path

from .site_icons import brand_colour


def style_text(settings):
    """What goes into every page's <style>: the brand colour token, then the theme's stylesheet."""
    sheet = (Path(settings["THEME"]) / "static" / settings["INLINE_STYLESHEET"]).read_text(encoding="utf-8")
    return f":root {{ --color-brand: {brand_colour(settings)}; }}\n{sheet}"


def style_hash(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def asset_version(settings):
    """12 hex digits of a hash over the theme's static files (names and bytes)."""
    digest = hashlib.sha256()
    static = Path(settings["THEME"]) / "static"
    for path in sorted(static.rglob("*")):
        if path.is_file():
            digest.update(("theme/" + path.relative_to(static.parent).as_posix()).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def apply(settings):
    """Settings with the stylesheet inlined and its hash in the policies (changed in place),
    and ASSET_VERSION: theme files are linked as `?v=<it>`, so hosts may cache them a year."""
    settings["ASSET_VERSION"] = asset_version(settings)
    if not settings.get("INLINE_STYLESHEET"):
        return settings
    text = style_text(settings)
    settings["INLINE_STYLE"] = text
    value = style_hash(text)
    settings["CONTENT_SECURITY_POLICY"] = settings["CONTENT_SECURITY_POLICY"].replace("{style_hash}", value)
    settings["SECURITY_HEADERS"] = {
        name: header.replace("{style_hash}", value) for name, header in settings["SECURITY_HEADERS"].items()
    }
    return settings


def on_start(pelican):
    apply(pelican.settings)
