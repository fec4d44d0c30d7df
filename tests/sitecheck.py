"""Plain helpers for the tests of the built site: reading pages, resolving links,
reading source metadata and undoing typography. No fixtures here."""

import html
import re
import subprocess
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).parent.parent.resolve()
CONTENT = ROOT / "content"
POSTS = CONTENT / "posts"
PAGES = CONTENT / "pages"

# Elements and attributes whose values are URLs that a page links to or loads.
URL_ATTRIBUTES = {
    "a": ["href"],
    "area": ["href"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "script": ["src"],
    "iframe": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "form": ["action"],
    "input": ["src"],
    "blockquote": ["cite"],
    "q": ["cite"],
}
# URLs that a page *loads* (as opposed to links a reader may follow).
RESOURCE_TAGS = {"img", "source", "script", "iframe", "embed", "object", "video", "audio", "track", "input"}
RESOURCE_LINK_RELS = {"stylesheet", "icon", "apple-touch-icon", "manifest", "preload", "modulepreload", "prefetch"}


def build(command, env=None):
    """Run a Pelican command line; return (ok, combined output)."""
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    return result.returncode == 0, result.stdout + result.stderr


def srcset_urls(value):
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


@dataclass
class Site:
    """One built site: its folder and the public URL it was built for."""

    name: str
    root: Path
    siteurl: str  # "" for local builds, "https://example.org/blog" for publish
    _soups: dict = field(default_factory=dict, repr=False)

    @cached_property
    def base_path(self):
        """The URL path the site lives under, always ending in '/'."""
        return urlsplit(self.siteurl).path.rstrip("/") + "/"

    @cached_property
    def host(self):
        return urlsplit(self.siteurl).netloc

    @cached_property
    def pages(self):
        """Every built HTML page, relative to the site root, sorted."""
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def soup(self, page):
        """The page parsed once and shared by every test: read it, never change it (a test
        that removes elements parses its own copy from `source`)."""
        if page not in self._soups:
            self._soups[page] = BeautifulSoup((self.root / page).read_text(encoding="utf-8"), "lxml")
        return self._soups[page]

    def source(self, page):
        return (self.root / page).read_text(encoding="utf-8")

    def url_of(self, page):
        """The public URL of a built page ('posts/x/index.html' -> '<siteurl>/posts/x/')."""
        path = page[: -len("index.html")] if page.endswith("index.html") else page
        return (self.siteurl or "") + "/" + path

    def is_same_site(self, url):
        """True for relative URLs and absolute ones on the site's own host."""
        parts = urlsplit(url)
        if parts.scheme not in ("", "http", "https"):
            return False  # mailto:, tel:, data: ...
        if not parts.netloc:
            return parts.scheme == ""
        return parts.netloc == self.host

    def resolve(self, page, url):
        """Map a same-site URL found on `page` to (built file or None, fragment, problem).

        The problem is None when the URL points inside the site.
        """
        absolute = urljoin(self.url_of(page), url)
        parts = urlsplit(absolute)
        path = unquote(parts.path)
        if not (path + "/").startswith(self.base_path):
            return None, parts.fragment, f"points outside {self.base_path}"
        relative = path[len(self.base_path) :]
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        target = self.root / relative
        if not target.is_file():
            return None, parts.fragment, f"no built file {relative}"
        return relative, parts.fragment, None

    def ids(self, page):
        soup = self.soup(page)
        return {tag["id"] for tag in soup.find_all(id=True)} | {
            tag["name"] for tag in soup.find_all("a", attrs={"name": True})
        }

    def urls(self, page):
        """Every (tag name, attribute, URL, is_resource) on the page."""
        found = []
        for tag in self.soup(page).find_all(list(URL_ATTRIBUTES)):
            for attribute in URL_ATTRIBUTES[tag.name]:
                value = tag.get(attribute)
                if value is None:
                    continue
                values = srcset_urls(value) if attribute == "srcset" else [value.strip()]
                rels = set(tag.get("rel") or [])
                is_resource = tag.name in RESOURCE_TAGS or (tag.name == "link" and bool(rels & RESOURCE_LINK_RELS))
                found.extend((tag.name, attribute, v, is_resource) for v in values)
        return found

    def title(self, page):
        """The text of <title> with the ' · Site name' suffix removed."""
        tag = self.soup(page).title
        text = normalise(tag.get_text()) if tag else ""
        return text.rsplit(" · ", 1)[0] if " · " in text else text


def normalise(text):
    """Collapse white space (no-break spaces included)."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


TYPOGRAPHY = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "--",
    "\u2014": "---",
    "\u2026": "...",
}


def untypogrify(text):
    """Undo typogrify/smartypants substitutions so text compares with its source."""
    text = html.unescape(text)
    for fancy, plain in TYPOGRAPHY.items():
        text = text.replace(fancy, plain)
    return normalise(text)


def read_metadata(path):
    """The `Key: value` block at the top of a Markdown source, keys lower-cased."""
    metadata = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, sep, value = line.partition(":")
        if sep and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", key.strip()):
            metadata[key.strip().lower()] = value.strip()
    return metadata


def article_sources(folder=None):
    """Published article sources (drafts are built only into the local drafts area)."""
    return [p for p in sorted((folder or POSTS).glob("**/*.md")) if not is_draft(p)]


def draft_sources(folder=None):
    return [p for p in sorted((folder or POSTS).glob("**/*.md")) if is_draft(p)]


def is_draft(path):
    return read_metadata(path).get("status", "").lower() == "draft"


def team_articles():
    """Articles the team wrote: all but the owner's original (marked Original_text)."""
    return [source for source in article_sources() if "original_text" not in read_metadata(source)]


def metadata_list(path, key):
    """The indented lines under a multi-line metadata field (Key_points, References, Uncited ...)."""
    lines, found = Path(path).read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines(), []
    inside = False
    for line in lines:
        if re.match(r"^[A-Za-z_][A-Za-z0-9_-]*:", line):
            inside = line.split(":", 1)[0].strip().lower() == key
            value = line.split(":", 1)[1].strip()
            if inside and value:
                found.append(value)
        elif inside and line.startswith("    ") and line.strip():
            found.append(line.strip())
    return found


def body_markdown(path):
    """The article text after the metadata block."""
    parts = Path(path).read_text(encoding="utf-8").split("\n\n", 1)
    return parts[1] if len(parts) > 1 else ""


def readability(path):
    """(words, Flesch-Kincaid grade) of an article body, by the build's own rule
    (plugins/blog/health_rules.py) on the body rendered as Markdown."""
    import markdown

    from blog.health_rules import readability as rule

    return rule(markdown.markdown(body_markdown(path), extensions=["extra", "admonition", "attr_list"]))


def built_page_of(source):
    """The built page of an article source (slug = file name)."""
    return f"posts/{source.stem}/index.html"


def report(problems, what):
    """One failure message listing every offender."""
    return f"{len(problems)} {what}:\n  " + "\n  ".join(problems)


VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Elements whose end tag HTML lets a page leave out; templates must still close the rest.
OPTIONAL_END = {"html", "head", "body", "li", "p", "dt", "dd", "option", "tr", "td", "th", "thead", "tbody"}
JINJA = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)


def unbalanced_tags(template_text):
    """Problems ('line: message') with the element nesting of a Jinja template.

    Jinja tags are blanked out (newlines kept, so line numbers hold) and the rest
    is read as HTML: every opened element must be closed, in order.
    """
    from html.parser import HTMLParser

    text = JINJA.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), template_text)
    problems, stack = [], []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag not in VOID_ELEMENTS:
                stack.append((tag, self.getpos()[0]))

        def handle_endtag(self, tag):
            line = self.getpos()[0]
            if not any(open_tag == tag for open_tag, _ in stack):
                problems.append(f"{line}: </{tag}> closes nothing that is open")
                return
            while stack:
                open_tag, opened = stack.pop()
                if open_tag == tag:
                    break
                if open_tag not in OPTIONAL_END:
                    problems.append(f"{opened}: <{open_tag}> is not closed before </{tag}> on line {line}")

    Parser(convert_charrefs=True).feed(text)
    problems += [f"{line}: <{tag}> is never closed" for tag, line in stack if tag not in OPTIONAL_END]
    return problems


def build_variant(folder, posts, siteurl="https://example.org/blog", with_site_content=True):
    """Build a variant of the site into `folder`: the real content (or none) plus extra
    posts ({file name: text}), with publish settings when `siteurl` is set, else local.
    Returns (ok, log, output folder)."""
    import os
    import shutil

    import tasks

    content, output = Path(folder) / "content", Path(folder) / "output"
    if with_site_content:
        shutil.copytree(CONTENT, content)
    (content / "posts").mkdir(parents=True, exist_ok=True)
    for name, text in posts.items():
        (content / "posts" / name).write_text(text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SITEURL"} | ({"SITEURL": siteurl} if siteurl else {})
    settings = tasks.PUBLISH_SETTINGS if siteurl else tasks.LOCAL_SETTINGS
    ok, log = build(tasks.build_command(settings, output, content), env=env)
    return ok, log, output
