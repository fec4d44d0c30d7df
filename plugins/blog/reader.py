"""The one reader: Markdown, with plain-text titles, allowlisted HTML and sized images.

One job: turn a writer's Markdown file into what Pelican builds from, safely.
- The title is plain text: `<` and `&` are escaped before typogrify, so a
  title shows the characters typed everywhere (page, <title>, feeds, JSON-LD,
  cards) and never runs.
- The body and the Markdown fields (Summary, Editor_note) pass the sanitizer
  allowlist; anything it would change is reported with its line.
- Every picture gets the `width` and `height` of its file, so pages do not
  jump while pictures load; a picture needs alt text and must be a site file.
- Headings and, on articles, the health-writing rules are checked here, and
  typogrify runs here (SMART_TYPOGRAPHY; Pelican's own pass is off), so all of
  it is remembered by `read_cache` and done on every core by its prefetch.
It is the only reader: `use_only_this_reader` drops reST, HTML and every
other reader, so no other format is ever read.
"""

import html
import os
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.urlwrappers import Author, Tag
from pelican.utils import SafeDatetime

from . import (
    body_tree,
    headings,
    health_rules,
    leftover_syntax,
    link_addresses,
    models,
    pictures,
    problems,
    read_cache,
    sanitizer,
)
from .source_location import line_of, metadata_line, source_lines

# Linear: a tag is read only up to the next "<"; an <img> with "<" or ">" inside its
# attributes is not read (and is reported: its picture could not be checked).
IMAGE = re.compile(r"<img\b[^<>]*>", re.I)
# A picture, alone in its paragraph (group "alone") or not: the paragraph becomes its figure.
PICTURE = re.compile(r"(?P<alone><p>\s*)?(?P<img><img\b[^<>]*>)(?(alone)\s*</p>)", re.I)
# Alt text that is a file's name (IMG_1234.jpg, foot-check.png, DSC0042): not a description.
FILE_NAME = re.compile(
    r"[\w.-]*\.(?:jpe?g|png|gif|webp|avif|heic|heif|svg|tiff?)|(?:IMG|DSC|PXL|DSCN)[_-]?\d+\w*", re.I
)
IMAGE_START = re.compile(r"<img\b", re.I)
# Linear: a name starts only where a run of name characters does.
ATTRIBUTE = re.compile(r"""(?<![a-z-])([a-z-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
OWN_FILE = re.compile(r"^[{|](static|attach|filename)[}|]")


class SafeMarkdownReader(MarkdownReader):
    def read(self, source_path):
        """Read (or take from read_cache) and report the file's problems either way."""
        with problems.reading(source_path):
            result = read_cache.lookup(source_path)
            if result is None:
                result = self.read_fresh(source_path)
                read_cache.remember(source_path, result)
            content, metadata, found = result
            for line, message in found:
                problems.report(source_path, self.settings, line, message)
            return content, metadata

    def read_fresh(self, source_path):
        """(content, metadata, [(line, problem)]) of one file, read now: Markdown, the
        allowlist, sized pictures, headings and (articles) the health rules, then typography."""
        content, metadata = self.read_markdown(source_path)
        lines = source_lines(source_path)
        found = self.check_html(lines, content, "body", 0)
        for field in ("summary", "editor_note"):
            if isinstance(metadata.get(field), str):
                found += self.check_html(lines, metadata[field], field, metadata_line(lines, field) - 1)
        content = self.sized_images(source_path, lines, content, found)
        if metadata.get("card") == "picture":
            found += self.card_problems(lines)
        tree = body_tree.parse(content)  # the body's one parse: every check below reads it
        found += headings.check(tree, lines)
        found += link_addresses.check(lines, content, metadata)  # reads what the allowlist keeps
        found += leftover_syntax.check(lines, tree, metadata, self.settings)
        if health_rules.applies_to(self.kind_of(source_path), metadata):
            found += health_rules.check(tree, metadata, lines)
        if self.settings.get("SMART_TYPOGRAPHY"):
            content = typographic(content, self.settings)
            for field in ("title", "summary"):
                if field in metadata:
                    metadata[field] = typographic(metadata[field], self.settings)
        return content, metadata, found

    def read_markdown(self, source_path):
        """(HTML, Pelican's metadata) of one file: the text after the metadata block (as the
        content check read it) through Markdown, and the metadata from the file's typed model
        (`models.reading`). Without the build runner, Pelican's own reading."""
        reading = models.reading(source_path)
        if reading is None:
            return super().read(source_path)
        self._source_path = source_path
        options = dict(self.settings["MARKDOWN"])
        options["extensions"] = [e for e in options.get("extensions", []) if e != "markdown.extensions.meta"]
        self._md = Markdown(**options)
        content = self._md.convert(reading.body)
        return content, self.metadata_of(reading.meta)

    def metadata_of(self, model):
        """Pelican's metadata from the typed model: its objects (Tag, Author, dates) built from
        typed values, the Markdown fields rendered; every other field as the model holds it."""
        output = {}
        for name in model.model_fields_set:
            value = getattr(model, name)
            if name in self.settings["FORMATTED_FIELDS"]:
                self._md.reset()
                value = self._md.convert(value)
            elif name == "title":
                value = html.escape(value, quote=False)
            elif name in ("date", "modified"):
                value = pelican_datetime(value)
            elif name == "tags":
                value = [Tag(tag, self.settings) for tag in value]
            elif name == "author":
                value = Author(value, self.settings)
            output[name] = value
        return output

    def kind_of(self, source_path):
        relative = Path(source_path).resolve().relative_to(Path(self.settings["PATH"]).resolve()).as_posix()
        articles = [p.strip("/") for p in self.settings.get("ARTICLE_PATHS", [])]
        return "article" if any(relative.startswith(folder + "/") for folder in articles) else "page"

    def _parse_metadata(self, meta):
        # NFC before Pelican compares tags or makes addresses (the schema checked the same values).
        meta = {key: [unicodedata.normalize("NFC", value) for value in values] for key, values in meta.items()}
        output = super()._parse_metadata(meta)
        if isinstance(output.get("title"), str):
            output["title"] = html.escape(output["title"], quote=False)
        return output

    def check_html(self, lines, markup, field, start):
        return [
            (line_of(lines, needle, start, default=start + 1), f"HTML not allowed: {what} — {fix}")
            for what, needle, fix in sanitizer.refused(markup, field)
        ]

    def sized_images(self, source_path, lines, content, found):
        """Each picture: alt text required (and not a file name), only this site's files; one of
        content/images/ becomes its `<picture>` (`pictures.markup`; a figure when it has a
        caption, in place of the paragraph it stands alone in), any other gets its size."""
        first_section = content.find("<h2")
        shown = self.shown = []  # (name, info) of each picture turned into <picture>, in order

        def size(match):
            tag = match.group("img")
            alone = match.group("alone") is not None
            attributes = {name.lower(): value.strip("\"'") for name, value in ATTRIBUTE.findall(tag)}
            src = html.unescape(attributes.get("src", ""))
            line = line_of(lines, src or "![")
            alt = attributes.get("alt", "").strip()
            whole = match.group(0)
            if not alt:
                found.append(
                    (
                        line,
                        f"image '{src}' has no alt text — describe it: "
                        "![A nurse checking a patient's foot]({static}/images/foot-check.jpg)",
                    )
                )
            elif FILE_NAME.fullmatch(html.unescape(alt)):
                found.append(
                    (
                        line,
                        f"image '{src}' has a file name as its alt text ('{html.unescape(alt)}') — describe what "
                        "the picture shows, as you would to someone on the phone",
                    )
                )
            if not OWN_FILE.match(src):
                found.append(
                    (
                        line,
                        f"image '{src}' is not one of this site's files — put the image in content/images/ and "
                        "link it as ({static}/images/name.jpg); images from other sites are not allowed",
                    )
                )
                return whole
            file = self.own_file(source_path, src)
            images = pictures.folder(self.settings)
            if file is not None and file.resolve().is_relative_to(images.resolve()):
                answer = pictures.info_of(file, self.settings)
                if answer[0] is None:
                    return whole  # sources.check_tree has already refused it
                name = Path(os.path.normpath(file)).relative_to(images).with_suffix("").as_posix()
                first = not shown and (first_section < 0 or match.start() < first_section)
                shown.append((name, answer[0]))
                alt, title = (
                    html.escape(html.unescape(attributes.get(key, "")), quote=True) for key in ("alt", "title")
                )
                # A caption only for a picture alone in its paragraph: a figure cannot stand inside a sentence
                picture, figure = pictures.markup(name, answer, self.settings, alt, title if alone else "", first)
                if alone:
                    return picture if figure else f"<p>{picture}</p>"
                return whole.replace(tag, picture)
            dimensions = self.dimensions(file)
            if dimensions is None or "width" in attributes:
                return whole
            width, height = dimensions
            return whole.replace(tag, tag[:-1].rstrip("/ ") + f' width="{width}" height="{height}">')

        sized = PICTURE.sub(size, content)
        if len(IMAGE_START.findall(content)) > len(IMAGE.findall(content)):
            found.append(
                (
                    line_of(lines, "<img"),
                    "a picture written in HTML has '<' or '>' inside its tag — write it in Markdown: "
                    "![A nurse checking a patient's foot]({static}/images/foot-check.jpg)",
                )
            )
        return sized

    def card_problems(self, lines):
        """`Card: picture` needs a first picture at least as big as the link-preview picture."""
        line = metadata_line(lines, "card")
        if not self.shown:
            return [
                (
                    line,
                    "Card: picture, but the article shows no picture — show one with "
                    "![what it shows]({static}/images/name.jpg), or leave Card out for the drawn card",
                )
            ]
        name, info = self.shown[0]
        width, height = pictures.CARD
        if info["width"] < width or info["height"] < height:
            return [
                (
                    line,
                    f"Card: picture, but the first picture ({name}) is {info['width']} × {info['height']} "
                    f"pixels — a link-preview picture needs at least {width} × {height}: use a bigger one, "
                    "or leave Card out",
                )
            ]
        return []

    def own_file(self, source_path, src):
        """The file a `{static}` (or `{attach}`, `{filename}`) address names, or None."""
        path = unquote(urlsplit(OWN_FILE.sub("", src)).path)
        if not path:
            return None
        root = Path(self.settings["PATH"])
        return root / path.lstrip("/") if path.startswith("/") else Path(source_path).parent / path

    def dimensions(self, file):
        from PIL import Image

        try:
            with Image.open(file) as image:
                return image.size
        except (OSError, ValueError, TypeError):
            return None  # sources.check_tree has already refused it


def pelican_datetime(moment):
    """The model's datetime as Pelican's date parser gives it: a SafeDatetime, an offset as
    dateutil writes it (so `%Z` prints the same)."""
    from dateutil import tz

    zone = moment.tzinfo
    if zone is not None:
        offset = zone.utcoffset(moment)
        zone = tz.tzutc() if not offset else tz.tzoffset(None, int(offset.total_seconds()))
    return SafeDatetime(*moment.timetuple()[:6], moment.microsecond, tzinfo=zone)


def typographic(text, settings):
    """typogrify as Pelican's reader applies it (TYPOGRIFY_DASHES, _IGNORE_TAGS, _OMIT_FILTERS)."""
    import smartypants
    from typogrify.filters import typogrify

    dashes = {"oldschool": smartypants.Attr.set2, "oldschool_inverted": smartypants.Attr.set3}
    smartypants.Attr.default = dashes.get(settings.get("TYPOGRIFY_DASHES"), smartypants.Attr.set1) | smartypants.Attr.w
    omit = dict.fromkeys(settings.get("TYPOGRIFY_OMIT_FILTERS", []), False)
    return typogrify(text, settings.get("TYPOGRIFY_IGNORE_TAGS", []), **omit)


def use_only_this_reader(readers):
    """Markdown through SafeMarkdownReader is the only format read (static files are copied)."""
    extensions = readers.settings.get("SOURCE_EXTENSIONS", ["md"])
    static = readers.reader_classes.get("static")
    readers.reader_classes.clear()
    readers.reader_classes.update({extension: SafeMarkdownReader for extension in extensions})
    if static:
        readers.reader_classes["static"] = static
