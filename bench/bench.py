"""The blog's benchmark (`invoke bench`): speed and weight, ours against references.

Not a test: it prints figures, compares them with targets (met / not met) and writes
bench/results.json and bench/report.md. It never fails because a target is missed;
it exits non-zero only when something could not be measured.

What it measures
1. Lighthouse 12 (npm, bench/package.json) in Debian's Chromium, mobile and desktop,
   median of N runs: our seed article and home page, the same content built with
   Pelican's bundled `notmyidea` theme, and a one-file minimal page (the article's
   body in bare HTML, no CSS) as the physical limit. Every site is served over HTTP
   from 127.0.0.1 under /blog/, compressed as a static host would (see ENCODING).
2. Page weight per page type: requests and raw / gzip / brotli bytes by kind.
3. Build time: the real site (cold, rebuild with nothing changed), and synthetic
   corpora of 100 and 1,000 articles (bench/corpus.py) with our theme and with
   notmyidea; rebuild after one article changes.

Scratch files go to bench/.work/ (git-ignored); Lighthouse reports stay there.
"""

import argparse
import gzip
import json
import mimetypes
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata as pkg_metadata
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import brotli
from bs4 import BeautifulSoup

BENCH = Path(__file__).parent.resolve()
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from corpus import make_corpus  # noqa: E402

import tasks  # noqa: E402

WORK = BENCH / ".work"
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
# The build's "today" for review-date notices, as the tests fix it (tests/conftest.py),
# so a passed Next_review date cannot stop the benchmark.
BUILD_TODAY = {"REVIEW_TODAY": '"2026-11-24"'}
SEED_ARTICLE = "posts/healing-touch/index.html"
# Page types, as files of a built site; a type missing from a site is left out.
PAGE_TYPES = {
    "home": "index.html",
    "article": SEED_ARTICLE,
    "series": "series/acupuncture-and-neuropathy/index.html",
    "tags index": "tags/index.html",
    "tag": "tags/acupuncture/index.html",
    "archives": "archives/index.html",
    "about": "about/index.html",
    "editorial policy": "editorial-policy/index.html",
    "404": "404.html",
    "search": "search/index.html",
}
LIGHTHOUSE_PAGES = {"article": SEED_ARTICLE, "home": "index.html"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# Compression as a static host that pre-compresses would do it (pelican-precompress,
# Netlify, Cloudflare): brotli quality 11, gzip level 9. Already-compressed formats
# (images, woff/woff2) are sent as they are.
GZIP_LEVEL = 9
BROTLI_QUALITY = 11
COMPRESSIBLE = set(".html .css .js .mjs .svg .json .webmanifest .xml .xsl .txt .ttf .otf .eot .ico".split())
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("font/woff", ".woff")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/manifest+json", ".webmanifest")


# --- Small helpers -------------------------------------------------------------


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def compressed(data, suffix):
    """(gzip bytes, brotli bytes) of a file's content, as a host would send it."""
    if suffix.lower() not in COMPRESSIBLE:
        return len(data), len(data)
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0)), len(brotli.compress(data, quality=BROTLI_QUALITY))


def run(command, env=None, cwd=ROOT, timeout=None):
    """Run a command; return (wall seconds, CPU seconds, returncode, combined output).

    CPU time (user + system of the process and its children) hardly changes when other
    work shares the machine; wall time does.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.returncode, result.stdout + result.stderr


def fmt_ms(ms):
    return "–" if ms is None else f"{ms:,.0f}"


def fmt_ratio(value):
    return "–" if value is None else f"{value:.2f}"


def ratio(a, b):
    return a / b if a is not None and b else None


def kb(n):
    return "–" if n is None else f"{n / 1024:,.1f}"


def first_line(text):
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


# --- Static server -------------------------------------------------------------


class Site:
    """One site served from its own port at http://127.0.0.1:<port>/blog/."""

    def __init__(self, name, encoding):
        self.name = name
        self.root = WORK / "www" / name  # the site itself is root/blog/
        self.encoding = encoding
        self.accept_encodings = Counter()
        self.served = Counter()
        self._cache = {}
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_HEAD(self):
                self.respond(head=True)

            def do_GET(self):
                self.respond(head=False)

            def respond(self, head):
                path = unquote(urlsplit(self.path).path)
                target = site.file_for(path)
                status = 200
                if target is not None and target.is_dir():
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if target is None or not target.is_file():
                    status, target = 404, site.root / "blog" / "404.html"
                accepted = self.headers.get("Accept-Encoding", "")
                site.accept_encodings[accepted] += 1
                if target.is_file():
                    body, encoding = site.body(target, accepted)
                    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                else:
                    body, encoding, kind = b"Not found", None, "text/plain"
                if kind.startswith("text/") or kind in {"image/svg+xml", "application/xml"}:
                    kind += "; charset=utf-8"
                site.served[f"{status} {encoding or 'identity'}"] += 1
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                # GitHub Pages' caching policy.
                self.send_header("Cache-Control", "max-age=600")
                if target.suffix.lower() in COMPRESSIBLE:
                    self.send_header("Vary", "Accept-Encoding")
                if encoding:
                    self.send_header("Content-Encoding", encoding)
                self.end_headers()
                if not head:
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.siteurl = f"http://127.0.0.1:{self.port}/blog"
        self.thread = None

    @property
    def output(self):
        return self.root / "blog"

    def file_for(self, path):
        if not path.startswith("/blog/"):
            return None
        relative = path[len("/blog/") :]
        if ".." in Path(relative).parts:
            return None
        target = self.output / relative
        if path.endswith("/"):
            target = target / "index.html"
        return target

    def body(self, target, accepted):
        accepted = {part.split(";")[0].strip() for part in accepted.split(",")}
        encoding = None
        if target.suffix.lower() in COMPRESSIBLE:
            if self.encoding == "br" and "br" in accepted:
                encoding = "br"
            elif self.encoding in {"br", "gzip"} and "gzip" in accepted:
                encoding = "gzip"
        key = (target, encoding)
        with self._lock:
            if key not in self._cache:
                data = target.read_bytes()
                if encoding == "br":
                    data = brotli.compress(data, quality=BROTLI_QUALITY)
                elif encoding == "gzip":
                    data = gzip.compress(data, GZIP_LEVEL, mtime=0)
                self._cache[key] = data
            return self._cache[key], encoding

    def start(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def url(self, page):
        path = page[: -len("index.html")] if page.endswith("index.html") else page
        return f"{self.siteurl}/{path}"


# --- Builds --------------------------------------------------------------------


def notmyidea_overrides(content):
    """Settings that let notmyidea render our content, and nothing more.

    notmyidea links every article to its category, so categories are written again
    (we turn them off); pages that ask for one of our templates (`Template: series`)
    get a one-line template that extends notmyidea's page.html.
    """
    folder = WORK / "notmyidea-templates"
    folder.mkdir(parents=True, exist_ok=True)
    import pelican
    from pelican.settings import read_settings

    bundled = Path(pelican.__file__).parent / "themes" / "notmyidea" / "templates"
    ours = read_settings(str(tasks.LOCAL_SETTINGS))
    stubs = {
        meta["template"]: "article.html" if path.startswith("posts") else "page.html"
        for path, meta in ours["EXTRA_PATH_METADATA"].items()
        if "template" in meta
    }
    # Our direct templates (e.g. search) that notmyidea does not have: an empty page of its own.
    for name in ours["DIRECT_TEMPLATES"]:
        stubs.setdefault(name, "base.html")
    for name, base in stubs.items():
        if not (bundled / f"{name}.html").exists():
            (folder / f"{name}.html").write_text(f'{{% extends "{base}" %}}\n', encoding="utf-8")
    return {
        "THEME": '"notmyidea"',
        "CATEGORY_SAVE_AS": '"category/{slug}.html"',
        "THEME_TEMPLATES_OVERRIDES": json.dumps([str(folder)]),
    }


def stock_settings(content):
    """A settings file like `pelican-quickstart` writes, with notmyidea and no plugins."""
    path = WORK / "stock_notmyidea.py"
    overrides = notmyidea_overrides(content)
    path.write_text(
        "\n".join(
            [
                '"""Pelican out of the box: quickstart settings, notmyidea, no plugins, no typogrify."""',
                'AUTHOR = "The Healing Touch"',
                'SITENAME = "The Healing Touch"',
                'SITEURL = ""',
                f"PATH = {str(content)!r}",
                'ARTICLE_PATHS = ["posts"]',
                'PAGE_PATHS = ["pages"]',
                'STATIC_PATHS = ["extra"]',
                'TIMEZONE = "UTC"',
                'DEFAULT_LANG = "en"',
                'THEME = "notmyidea"',
                f"THEME_TEMPLATES_OVERRIDES = {overrides['THEME_TEMPLATES_OVERRIDES']}",
                "PLUGINS = []",
                "FEED_ALL_ATOM = None",
                "CATEGORY_FEED_ATOM = None",
                "TRANSLATION_FEED_ATOM = None",
                "AUTHOR_FEED_ATOM = None",
                "AUTHOR_FEED_RSS = None",
                "DEFAULT_PAGINATION = 10",
                "RELATIVE_URLS = True",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return path


def local_env():
    return {k: v for k, v in os.environ.items() if k != "SITEURL"}


def cache_settings(folder):
    """Point every cache our settings keep inside the project (CACHE_PATH, SOCIAL_CARDS_CACHE ...)
    into `folder`, so the benchmark neither fills nor reuses the project's own .cache/."""
    from pelican.settings import read_settings

    settings = read_settings(str(tasks.LOCAL_SETTINGS))
    return {
        name: json.dumps(str(folder / name.lower()))
        for name, value in settings.items()
        if (name.endswith("CACHE") or name == "CACHE_PATH") and isinstance(value, str) and value.startswith(str(ROOT))
    }


def pelican_build(settings, output, content=tasks.CONTENT, extra=None, env=None, cold=True):
    """One timed Pelican build into a fresh `output` (as `invoke build` does); returns seconds.

    cold: with empty caches too, like the first build after a clone; else the caches of the
    previous build into the same `output` name are kept. Raises with Pelican's output on failure.
    """
    output = Path(output)
    cache = WORK / "cache" / "-".join(output.relative_to(WORK).parts)
    shutil.rmtree(output, ignore_errors=True)
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
    extra = {**BUILD_TODAY, **cache_settings(cache), **(extra or {})}
    # Ours through our build runner; notmyidea through stock Pelican.
    ours = Path(settings) in (tasks.LOCAL_SETTINGS, tasks.PUBLISH_SETTINGS) and "THEME" not in extra
    make = tasks.build_command if ours else tasks.pelican_command
    command = make(settings, output, content=content, extra_settings=extra)
    seconds, cpu, code, log = run(command, env=env or local_env())
    if code != 0:
        raise RuntimeError(f"build failed: {' '.join(command)}\n{log.split('Traceback')[0].strip()}")
    return seconds, cpu


def build_served_sites(sites):
    """Build ours and notmyidea with the publish settings, and the minimal page."""
    ours, nmi, minimal = sites["ours"], sites["notmyidea"], sites["minimal"]
    for site in sites.values():
        shutil.rmtree(site.root, ignore_errors=True)
    pelican_build(tasks.PUBLISH_SETTINGS, ours.output, env=dict(os.environ, SITEURL=ours.siteurl), cold=False)
    pelican_build(
        tasks.PUBLISH_SETTINGS,
        nmi.output,
        extra=notmyidea_overrides(tasks.CONTENT),
        env=dict(os.environ, SITEURL=nmi.siteurl),
    )
    write_minimal(ours.output / SEED_ARTICLE, minimal.output / SEED_ARTICLE)


def write_minimal(article, target):
    """The article's body in bare HTML: the physical limit for this content."""
    soup = BeautifulSoup(article.read_text(encoding="utf-8"), "lxml")
    body = soup.select_one(".post-body")
    if body is None:
        raise RuntimeError(f"{article}: no .post-body element to build the minimal page from")
    title = soup.title.get_text() if soup.title else "Article"
    h1 = soup.find("h1").get_text() if soup.find("h1") else title
    description = soup.find("meta", attrs={"name": "description"})
    description = description["content"] if description else ""
    esc = lambda text: text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")  # noqa: E731
    page = (
        "<!doctype html><html lang=en><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title>"
        f'<meta name=description content="{esc(description)}">'
        # No favicon request at all (else the browser asks for /favicon.ico and gets a 404).
        '<link rel=icon href="data:,">'
        f"<h1>{esc(h1)}</h1>\n{body.decode_contents()}\n"
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")


# --- Lighthouse ----------------------------------------------------------------


def ensure_lighthouse():
    if LIGHTHOUSE.exists():
        return
    if shutil.which("npm") is None:
        raise RuntimeError("Lighthouse needs npm: install Node.js 20 (e.g. 'apt-get install nodejs npm').")
    print("Installing Lighthouse (npm ci in bench/) ...", flush=True)
    _, _, code, log = run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=warn"], cwd=BENCH, timeout=600)
    if code != 0 or not LIGHTHOUSE.exists():
        raise RuntimeError(f"npm ci in bench/ failed:\n{log}")


def lighthouse_once(url, form_factor, report):
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        "--max-wait-for-load=45000",
        # The full-page screenshot only feeds the HTML report's viewer: no score depends on it.
        "--disable-full-page-screenshot",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH=CHROME)
    _, _, code, log = run(command, env=env, cwd=BENCH, timeout=240)
    if code != 0 or not report.exists():
        return None, f"lighthouse exit {code}: {log.strip()[-600:]}"
    lhr = json.loads(report.read_text(encoding="utf-8"))
    if lhr.get("runtimeError"):
        return None, f"runtime error: {lhr['runtimeError'].get('message')}"
    return lhr, None


def summarise_item(item):
    """A short text for one row of an audit's details table."""
    parts = []
    node = item.get("node") if isinstance(item, dict) else None
    if isinstance(node, dict):
        parts.append(node.get("snippet") or node.get("selector") or "")
        if node.get("explanation"):
            parts.append(node["explanation"].replace("\n", " "))
    for key in ("url", "source", "description", "label", "totalBytes", "wastedBytes", "wastedMs"):
        value = item.get(key) if isinstance(item, dict) else None
        if isinstance(value, dict):
            value = value.get("url") or value.get("value")
        if value not in (None, ""):
            parts.append(f"{key}={value}")
    text = " | ".join(str(p) for p in parts if p) or json.dumps(item)[:200]
    return text[:300]


def failing_audits(lhr):
    """Audits that lose points: (category, id, title, score, weight, displayValue, items)."""
    found = []
    for category in CATEGORIES:
        for ref in lhr["categories"].get(category, {}).get("auditRefs", []):
            audit = lhr["audits"].get(ref["id"], {})
            mode = audit.get("scoreDisplayMode")
            score = audit.get("score")
            if mode in {"notApplicable", "informative", "manual", "error"} or score is None or score >= 1:
                continue
            if mode == "metricSavings" and ref.get("weight", 0) == 0:
                kind = "insight"
            else:
                kind = "scored" if ref.get("weight", 0) > 0 else "unweighted"
            items = (audit.get("details") or {}).get("items") or []
            found.append(
                {
                    "category": category,
                    "id": ref["id"],
                    "title": audit.get("title"),
                    "score": score,
                    "weight": ref.get("weight", 0),
                    "kind": kind,
                    "displayValue": audit.get("displayValue", ""),
                    "items": [summarise_item(i) for i in items[:6]],
                }
            )
    return found


def extract(lhr):
    audits = lhr["audits"]
    requests = (audits.get("network-requests", {}).get("details") or {}).get("items") or []
    by_type = Counter()
    for r in requests:
        by_type[r.get("resourceType", "Other")] += r.get("transferSize", 0) or 0
    return {
        "scores": {c: round((lhr["categories"][c]["score"] or 0) * 100) for c in CATEGORIES if c in lhr["categories"]},
        "fcp_ms": audits["first-contentful-paint"].get("numericValue"),
        "lcp_ms": audits["largest-contentful-paint"].get("numericValue"),
        "tbt_ms": audits["total-blocking-time"].get("numericValue"),
        "cls": audits["cumulative-layout-shift"].get("numericValue"),
        "speed_index_ms": audits["speed-index"].get("numericValue"),
        "requests": len(requests),
        "transfer_bytes": audits["total-byte-weight"].get("numericValue"),
        "transfer_by_type": dict(by_type),
        "request_urls": [f"{r.get('resourceType')} {r.get('statusCode')} {r.get('url')}" for r in requests],
        "benchmark_index": lhr.get("environment", {}).get("benchmarkIndex"),
        "failing": failing_audits(lhr),
        "errored": sorted(k for k, a in audits.items() if a.get("scoreDisplayMode") == "error"),
        "lcp_element": lcp_element(audits),
    }


def lcp_element(audits):
    """The LCP element's snippet, when Lighthouse could compute it."""
    for key in ("largest-contentful-paint-element", "lcp-discovery-insight", "lcp-phases-insight"):
        for item in (audits.get(key, {}).get("details") or {}).get("items") or []:
            node = item.get("node") if isinstance(item, dict) else None
            if isinstance(node, dict) and node.get("snippet"):
                return node["snippet"][:200]
            for sub in (item.get("items") or []) if isinstance(item, dict) else []:
                node = sub.get("node") if isinstance(sub, dict) else None
                if isinstance(node, dict) and node.get("snippet"):
                    return node["snippet"][:200]
    return None


def lighthouse_all(sites, runs):
    """Every target × form factor, `runs` times, round-robin so drift hits all alike."""
    ensure_lighthouse()
    targets = [
        ("ours", "article"),
        ("ours", "home"),
        ("notmyidea", "article"),
        ("notmyidea", "home"),
        ("minimal", "article"),
    ]
    reports = WORK / "lighthouse"
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)
    raw, errors, meta = {}, [], {}
    for n in range(runs):
        for form_factor in ("mobile", "desktop"):
            for site_name, page in targets:
                url = sites[site_name].url(LIGHTHOUSE_PAGES[page])
                report = reports / f"{site_name}-{page}-{form_factor}-{n + 1}.json"
                started = time.perf_counter()
                lhr, error = lighthouse_once(url, form_factor, report)
                took = time.perf_counter() - started
                key = f"{site_name}/{page}/{form_factor}"
                if error:
                    errors.append(f"{key} run {n + 1}: {error}")
                    print(f"  lighthouse {key} run {n + 1}: FAILED ({error[:120]})", flush=True)
                    continue
                if not meta:
                    meta = {
                        "lighthouse": lhr.get("lighthouseVersion"),
                        "user_agent": lhr.get("environment", {}).get("hostUserAgent"),
                    }
                raw.setdefault(key, []).append(extract(lhr))
                scores = raw[key][-1]["scores"]
                print(
                    f"  lighthouse {key:<28} run {n + 1}: "
                    + "/".join(str(scores.get(c, "?")) for c in CATEGORIES)
                    + f"  LCP {raw[key][-1]['lcp_ms']:.0f} ms  ({took:.0f} s)",
                    flush=True,
                )
    medians = {}
    for key, results in raw.items():
        medians[key] = {
            "runs": len(results),
            "scores": {c: median([r["scores"].get(c) for r in results]) for c in CATEGORIES},
            **{
                m: median([r[m] for r in results])
                for m in ("fcp_ms", "lcp_ms", "tbt_ms", "cls", "speed_index_ms", "requests", "transfer_bytes")
            },
            "benchmark_index": median([r["benchmark_index"] for r in results]),
            "request_urls": results[-1]["request_urls"],
            "errored_audits": sorted({a for r in results for a in r["errored"]}),
            "lcp_element": results[-1]["lcp_element"],
            "transfer_by_type": results[-1]["transfer_by_type"],
        }
        # Failing audits: every id that failed in any run, with the details of its last failure.
        failing = {}
        for r in results:
            for audit in r["failing"]:
                entry = failing.setdefault(audit["id"], {**audit, "failed_runs": 0})
                entry.update({k: audit[k] for k in ("score", "displayValue", "items")})
                entry["failed_runs"] += 1
        medians[key]["failing"] = list(failing.values())
    return {"meta": meta, "runs": raw, "median": medians, "errors": errors}


# --- Page weight ---------------------------------------------------------------


def css_resources(css_file, seen):
    """Files a stylesheet pulls in: @import-ed stylesheets and the first font of each @font-face.

    Background images in CSS are left out: they load only when a rule matches.
    """
    found = []
    text = css_file.read_text(encoding="utf-8", errors="replace")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    for match in re.finditer(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)", text):
        target = (css_file.parent / match.group(1)).resolve()
        if target.is_file() and target not in seen:
            seen.add(target)
            found.append(("css", target))
            found.extend(css_resources(target, seen))
    for block in re.findall(r"@font-face\s*{([^}]*)}", text):
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", block)
        if urls:
            target = (css_file.parent / urls[0]).resolve()
            if target.is_file() and target not in seen:
                seen.add(target)
                found.append(("font", target))
    return found


def page_resources(site_root, siteurl, page):
    """(kind, file) for the page and everything it loads; external URLs listed apart."""
    html_file = site_root / page
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "lxml")
    base = urlsplit(siteurl).path.rstrip("/") + "/"
    page_url = siteurl + "/" + (page[: -len("index.html")] if page.endswith("index.html") else page)
    found, external, seen, favicon = [("html", html_file)], [], {html_file.resolve()}, None

    def local(url):
        absolute = urljoin(page_url, url)
        parts = urlsplit(absolute)
        if parts.scheme == "data":
            return "data"
        if parts.netloc and parts.netloc != urlsplit(siteurl).netloc:
            external.append(absolute)
            return None
        path = unquote(parts.path)
        if not path.startswith(base):
            external.append(absolute)
            return None
        target = site_root / path[len(base) :]
        if path.endswith("/"):
            target = target / "index.html"
        return target if target.is_file() else None

    def add(kind, url):
        target = local(url)
        if target in (None, "data") or target.resolve() in seen:
            return
        seen.add(target.resolve())
        found.append((kind, target))
        if kind == "css":
            found.extend(css_resources(target, seen))

    for link in soup.find_all("link", href=True):
        rels = {r.lower() for r in (link.get("rel") or [])}
        if "stylesheet" in rels:
            add("css", link["href"])
        elif "icon" in rels and favicon is None:
            favicon = link["href"]
        elif "manifest" in rels:
            add("manifest", link["href"])
        elif rels & {"preload", "modulepreload"}:
            add(
                {"style": "css", "script": "js", "font": "font", "image": "img"}.get(link.get("as"), "other"),
                link["href"],
            )
    for script in soup.find_all("script", src=True):
        add("js", script["src"])
    for img in soup.find_all("img"):
        if img.get("src"):
            add("img", img["src"])
    if favicon is not None:
        target = local(favicon)
        if target not in (None, "data") and target.resolve() not in seen:
            found.append(("favicon", target))
    return found, external, favicon


def page_weight(site, page):
    resources, external, favicon = page_resources(site.output, site.siteurl, page)
    kinds = {}
    for kind, path in resources:
        data = path.read_bytes()
        gz, br = compressed(data, path.suffix)
        entry = kinds.setdefault(kind, {"requests": 0, "raw": 0, "gzip": 0, "brotli": 0, "files": []})
        entry["requests"] += 1
        entry["raw"] += len(data)
        entry["gzip"] += gz
        entry["brotli"] += br
        entry["files"].append(path.relative_to(site.output).as_posix())
    total = {key: sum(k[key] for k in kinds.values()) for key in ("requests", "raw", "gzip", "brotli")}
    return {
        "kinds": kinds,
        "total": total,
        "external": external,
        "favicon": favicon if favicon is not None else "none declared (browser asks /favicon.ico: 404)",
    }


def weights(sites):
    result = {}
    for name in ("ours", "notmyidea", "minimal"):
        site = sites[name]
        for page_type, page in PAGE_TYPES.items():
            # notmyidea has no search page: ours is compared with nothing there.
            if name == "notmyidea" and page_type == "search":
                continue
            if (site.output / page).is_file():
                result.setdefault(page_type, {})[name] = page_weight(site, page)
    return result


# --- Build times ---------------------------------------------------------------


def summary(walls, cpus):
    return {"runs_ms": walls, "median_ms": median(walls), "cpu_runs_ms": cpus, "cpu_median_ms": median(cpus)}


def timed(label, runs, build):
    walls, cpus = [], []
    for n in range(runs):
        seconds, cpu = build(n)
        walls.append(seconds * 1000)
        cpus.append(cpu * 1000)
        print(f"  build {label:<44} run {n + 1}: {seconds * 1000:,.0f} ms (CPU {cpu * 1000:,.0f} ms)", flush=True)
    return summary(walls, cpus)


def edit_one_article(path, n):
    """Change one sentence of an article (a new text each run, so its hash changes)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n\nBenchmark edit \d+\.\n?$", "\n", text).rstrip("\n")
    path.write_text(f"{text}\n\nBenchmark edit {n}.\n", encoding="utf-8")


OURS, NMI_SAME, NMI_STOCK = "ours", "notmyidea, our settings and plugins", "notmyidea stock (quickstart, no plugins)"
# The notmyidea build with our settings and plugins draws the social cards too, which
# costs minutes at 1,000 articles: it runs on corpora up to this size only.
NMI_SAME_MAX_SIZE = 100


def build_times(runs, sizes):
    out = WORK / "builds"
    shutil.rmtree(out, ignore_errors=True)
    results = {"real": {}, "corpus": {}}
    real = results["real"]
    real[f"{OURS}: cold"] = timed(
        "real site, ours, cold", runs, lambda n: pelican_build(tasks.LOCAL_SETTINGS, out / "real-ours")
    )
    real[f"{OURS}: again, nothing changed (warm caches)"] = timed(
        "real site, ours, again unchanged",
        runs,
        lambda n: pelican_build(tasks.LOCAL_SETTINGS, out / "real-ours", cold=False),
    )
    real[f"{OURS}: cold, publish settings (invoke preview)"] = timed(
        "real site, ours, publish cold",
        runs,
        lambda n: pelican_build(
            tasks.PUBLISH_SETTINGS, out / "real-ours-publish", env=dict(os.environ, SITEURL="https://example.org/blog")
        ),
    )
    nmi_real = notmyidea_overrides(tasks.CONTENT)
    real[f"{NMI_SAME}: cold"] = timed(
        "real site, notmyidea, cold",
        runs,
        lambda n: pelican_build(tasks.LOCAL_SETTINGS, out / "real-nmi", extra=nmi_real),
    )
    stock_real = stock_settings(tasks.CONTENT)
    real[f"{NMI_STOCK}: cold"] = timed(
        "real site, notmyidea stock, cold", runs, lambda n: stock_build(stock_real, tasks.CONTENT, out / "real-stock")
    )
    for size in sizes:
        content = WORK / f"corpus-{size}"
        facts = make_corpus(content, size, tasks.CONTENT)
        nmi = notmyidea_overrides(content)
        stock = stock_settings(content)
        variants = {
            OURS: lambda n, c=content, s=size: pelican_build(tasks.LOCAL_SETTINGS, out / f"c{s}-ours", content=c),
            NMI_STOCK: lambda n, c=content, s=size, st=stock: stock_build(st, c, out / f"c{s}-stock"),
        }
        if size <= NMI_SAME_MAX_SIZE:
            variants[NMI_SAME] = lambda n, c=content, s=size, x=nmi: pelican_build(
                tasks.LOCAL_SETTINGS, out / f"c{s}-nmi", content=c, extra=x
            )
        entry = {"facts": facts}
        # Round-robin over the variants, so background load hits them alike.
        per_variant = {name: ([], []) for name in variants}
        for n in range(runs):
            for name, build in variants.items():
                seconds, cpu = build(n)
                per_variant[name][0].append(seconds * 1000)
                per_variant[name][1].append(cpu * 1000)
                print(
                    f"  build {size} articles, {name:<40} run {n + 1}: "
                    f"{seconds * 1000:,.0f} ms (CPU {cpu * 1000:,.0f} ms)",
                    flush=True,
                )
        for name, (walls, cpus) in per_variant.items():
            entry[f"{name}: cold"] = summary(walls, cpus)
        edited = content / "posts" / "generated-0000.md"

        def after_edit(n, c=content, s=size, edited=edited):
            edit_one_article(edited, n)
            return pelican_build(tasks.LOCAL_SETTINGS, out / f"c{s}-ours", content=c, cold=False)

        entry[f"{OURS}: rebuild after one article changed (warm caches)"] = timed(
            f"{size} articles, ours, one article edited", runs, after_edit
        )
        for key, value in entry.items():
            if key != "facts":
                value["ms_per_article"] = value["median_ms"] / size
        results["corpus"][str(size)] = entry
        for folder in out.glob(f"c{size}-*"):
            shutil.rmtree(folder, ignore_errors=True)
    if len(sizes) >= 2:
        small, large = str(min(sizes)), str(max(sizes))
        results["marginal_ms_per_article"] = {
            key: (results["corpus"][large][key]["median_ms"] - results["corpus"][small][key]["median_ms"])
            / (max(sizes) - min(sizes))
            for key in results["corpus"][large]
            if key != "facts" and key in results["corpus"][small]
        }
    return results


def stock_build(settings, content, output):
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "pelican", str(content), "--output", str(output), "--settings", str(settings)]
    command += ["--fatal", "warnings", "--log-handler", "plain"]
    seconds, cpu, code, log = run(command, env=local_env())
    if code != 0:
        raise RuntimeError(f"stock notmyidea build failed:\n{log.split('Traceback')[0].strip()}")
    return seconds, cpu


# --- Machine facts -------------------------------------------------------------


def machine_facts():
    def version(command):
        try:
            return first_line(subprocess.run(command, capture_output=True, text=True, timeout=30).stdout)
        except (OSError, subprocess.SubprocessError):
            return "not found"

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    os_name = platform.platform()
    try:
        os_name = re.search(r'PRETTY_NAME="([^"]+)"', Path("/etc/os-release").read_text()).group(1)
    except (OSError, AttributeError):
        pass
    packages = {}
    for name in ("pelican", "Markdown", "typogrify", "Jinja2", "brotli"):
        try:
            packages[name] = pkg_metadata.version(name)
        except pkg_metadata.PackageNotFoundError:
            packages[name] = "not installed"
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "os": os_name,
        "python": platform.python_version(),
        "packages": packages,
        "chromium": version([CHROME, "--version"]),
        "node": version(["node", "--version"]),
        "load_average_start": os.getloadavg(),
    }


# --- Tables and targets -------------------------------------------------------


def table(headers, rows, align=None):
    """A Markdown table, padded so it reads in a terminal too."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    align = align or ["l"] + ["r"] * (len(headers) - 1)

    def line(row):
        padded = (c.ljust(w) if a == "l" else c.rjust(w) for c, w, a in zip(row, widths, align, strict=True))
        return "| " + " | ".join(padded) + " |"

    dashes = (("-" * (w + 1) + ":") if a == "r" else ("-" * (w + 2)) for w, a in zip(widths, align, strict=True))
    rule = "|" + "|".join(dashes) + "|"
    return [line(cells[0]), rule] + [line(r) for r in cells[1:]]


def lighthouse_tables(lh):
    med = lh["median"]
    lines = []
    for form_factor in ("mobile", "desktop"):
        for page in ("article", "home"):
            columns = [s for s in ("ours", "notmyidea", "minimal") if f"{s}/{page}/{form_factor}" in med]
            if not columns:
                continue
            rows = []

            def get(site, metric, page=page, form_factor=form_factor):
                return med[f"{site}/{page}/{form_factor}"].get(metric)

            for c in CATEGORIES:
                rows.append(
                    [f"{c} score"]
                    + [fmt_score(med[f"{s}/{page}/{form_factor}"]["scores"].get(c)) for s in columns]
                    + [""] * len(ratio_headers(columns))
                )
            for metric, label, f in (
                ("fcp_ms", "FCP (ms)", fmt_ms),
                ("lcp_ms", "LCP (ms)", fmt_ms),
                ("tbt_ms", "TBT (ms)", fmt_ms),
                ("cls", "CLS", lambda v: "–" if v is None else f"{v:.3f}"),
                ("speed_index_ms", "Speed Index (ms)", fmt_ms),
                ("requests", "requests", lambda v: "–" if v is None else f"{v:g}"),
                ("transfer_bytes", "transferred (KiB)", kb),
                ("benchmark_index", "CPU benchmark index (noise check)", lambda v: "–" if v is None else f"{v:,.0f}"),
            ):
                values = [get(s, metric) for s in columns]
                shown = ratios(values, columns) if metric != "benchmark_index" else [""] * len(ratio_headers(columns))
                rows.append([label] + [f(v) for v in values] + shown)
            headers = ["Lighthouse " + f"{page}, {form_factor}"] + columns + ratio_headers(columns)
            lines += [
                f"**{page.capitalize()}, {form_factor}** (median of {med[f'ours/{page}/{form_factor}']['runs']} runs)",
                "",
            ]
            lines += table(headers, rows) + [""]
    return lines


def fmt_score(v):
    return "–" if v is None else f"{v:g}"


def ratio_headers(columns):
    heads = []
    if "notmyidea" in columns:
        heads.append("ours/notmyidea")
    if "minimal" in columns:
        heads.append("ours/minimal")
    return heads


def ratios(values, columns):
    ours = values[columns.index("ours")]
    out = []
    for ref in ("notmyidea", "minimal"):
        if ref in columns:
            out.append(fmt_ratio(ratio(ours, values[columns.index(ref)])))
    return out


def weight_tables(weight):
    lines = ["**Per page type, first visit** (HTML + everything it loads; KiB; brotli q11 / gzip -9)", ""]
    rows = []
    for page_type, per_site in weight.items():
        ours, nmi = per_site.get("ours"), per_site.get("notmyidea")
        row = [page_type]
        for w in (ours, nmi):
            row += (
                [w["total"]["requests"], kb(w["total"]["raw"]), kb(w["total"]["gzip"]), kb(w["total"]["brotli"])]
                if w
                else ["–"] * 4
            )
        row.append(fmt_ratio(ratio(ours and ours["total"]["brotli"], nmi and nmi["total"]["brotli"])))
        rows.append(row)
    lines += table(
        [
            "page type",
            "ours req",
            "ours raw",
            "ours gz",
            "ours br",
            "nmi req",
            "nmi raw",
            "nmi gz",
            "nmi br",
            "br ours/nmi",
        ],
        rows,
    ) + [""]
    kinds = ["html", "css", "js", "img", "font", "favicon", "manifest"]
    lines += ["**By kind, brotli KiB (requests)**: ours vs notmyidea", ""]
    rows = []
    for page_type, per_site in weight.items():
        for site in ("ours", "notmyidea", "minimal"):
            w = per_site.get(site)
            if not w:
                continue
            row = [f"{page_type} ({site})"]
            for k in kinds:
                entry = w["kinds"].get(k)
                row.append(f"{kb(entry['brotli'])} ({entry['requests']})" if entry else "0")
            row.append(kb(w["total"]["brotli"]))
            rows.append(row)
    lines += table(["page"] + kinds + ["total br"], rows) + [""]
    return lines


def build_tables(builds):
    real_count = len(list((tasks.CONTENT / "posts").rglob("*.md")))
    edit = f"{OURS}: rebuild after one article changed (warm caches)"
    rows = []
    sources = [(f"{real_count} (real site)", builds["real"], real_count)]
    sources += [(size, entry, int(size)) for size, entry in builds["corpus"].items()]
    for label, entry, count in sources:
        ours = entry.get(f"{OURS}: cold")
        stock, same, rebuilt = entry.get(f"{NMI_STOCK}: cold"), entry.get(f"{NMI_SAME}: cold"), entry.get(edit)

        def cell(v, count=count):
            return "–" if not v else f"{v['median_ms']:,.0f} ({v['median_ms'] / count:.1f})"

        rows.append(
            [
                label,
                cell(ours),
                cell(stock),
                fmt_ratio(ratio(ours and ours["median_ms"], stock and stock["median_ms"])),
                cell(same),
                fmt_ratio(ratio(ours and ours["median_ms"], same and same["median_ms"])),
                cell(rebuilt),
                fmt_ratio(ratio(rebuilt and rebuilt["median_ms"], stock and stock["median_ms"])),
            ]
        )
    lines = ["**Side by side**: median wall ms (ms per article); cold = empty output and caches", ""]
    lines += table(
        [
            "articles",
            "ours cold",
            "notmyidea stock cold",
            "ours/stock",
            "notmyidea, our plugins, cold",
            "ours/that",
            "ours, 1 article edited",
            "edited/stock cold",
        ],
        rows,
    ) + [""]
    lines += [f"**Real site** ({real_count} articles; wall and CPU time of the Pelican process, medians)", ""]
    rows = [
        [name, fmt_ms(v["median_ms"]), fmt_ms(v["cpu_median_ms"]), " ".join(f"{x:,.0f}" for x in v["runs_ms"])]
        for name, v in builds["real"].items()
    ]
    lines += table(["build", "wall ms", "CPU ms", "runs, wall ms"], rows) + [""]
    for size, entry in builds["corpus"].items():
        facts = entry["facts"]
        lines += [f"**Synthetic corpus: {size} articles** (~{facts['mean_words']} words each, medians)", ""]
        rows = [
            [
                name,
                fmt_ms(v["median_ms"]),
                fmt_ms(v["cpu_median_ms"]),
                f"{v['ms_per_article']:.1f}",
                " ".join(f"{x:,.0f}" for x in v["runs_ms"]),
            ]
            for name, v in entry.items()
            if name != "facts"
        ]
        lines += table(["build", "wall ms", "CPU ms", "ms/article", "runs, wall ms"], rows) + [""]
    if builds.get("marginal_ms_per_article"):
        lines += ["**Marginal cost** (difference between the two corpus sizes, per extra article, wall)", ""]
        rows = [[k, f"{v:.1f}"] for k, v in builds["marginal_ms_per_article"].items()]
        lines += table(["build", "ms per extra article"], rows) + [""]
    return lines


def evaluate(lh, weight, builds):
    targets = []

    def add(name, met, detail):
        targets.append({"target": name, "met": met, "detail": detail})

    if lh:
        med = lh["median"]
        for page in ("article", "home"):
            for ff in ("mobile", "desktop"):
                key = f"ours/{page}/{ff}"
                if key in med:
                    scores = med[key]["scores"]
                    add(
                        f"Lighthouse 100/100/100/100, {page}, {ff}",
                        all(scores.get(c) == 100 for c in CATEGORIES),
                        "/".join(fmt_score(scores.get(c)) for c in CATEGORIES),
                    )
        a, m = med.get("ours/article/mobile"), med.get("minimal/article/mobile")
        if a and m and a["lcp_ms"] and m["lcp_ms"]:
            add(
                "mobile LCP ≤ 1.15 × minimal page's (article)",
                a["lcp_ms"] <= 1.15 * m["lcp_ms"],
                f"{a['lcp_ms']:.0f} ms vs {m['lcp_ms']:.0f} ms: ×{a['lcp_ms'] / m['lcp_ms']:.2f}",
            )
    if weight:
        over = []
        ratios_ = []
        for page_type, per_site in weight.items():
            ours, nmi = per_site.get("ours"), per_site.get("notmyidea")
            if ours and nmi:
                r = ours["total"]["brotli"] / nmi["total"]["brotli"]
                ratios_.append((r, page_type))
                if r > 0.5:
                    over.append(f"{page_type} ×{r:.2f}")
        if ratios_:
            worst = max(ratios_)
            add(
                "page weight ≤ ½ notmyidea's (brotli, every page type)",
                not over,
                f"worst: {worst[1]} ×{worst[0]:.2f}" + (f"; over: {', '.join(over)}" if over else ""),
            )
    if builds and builds.get("corpus"):
        size = max(builds["corpus"], key=int)
        entry = builds["corpus"][size]
        ours = entry[f"{OURS}: cold"]["median_ms"]
        rebuilt = entry[f"{OURS}: rebuild after one article changed (warm caches)"]["median_ms"]
        for ref in (NMI_STOCK, NMI_SAME):
            if f"{ref}: cold" not in entry:
                continue
            other = entry[f"{ref}: cold"]["median_ms"]
            add(
                f"{size}-article cold build ≤ 2 × {ref}",
                ours <= 2 * other,
                f"{ours:,.0f} ms vs {other:,.0f} ms: ×{ours / other:.2f}",
            )
            add(
                f"rebuild after one article change ≤ {ref} cold build ({size} articles)",
                rebuilt <= other,
                f"{rebuilt:,.0f} ms vs {other:,.0f} ms: ×{rebuilt / other:.2f}",
            )
    return targets


def failing_lines(lh):
    lines = []
    for key, m in sorted(lh["median"].items()):
        if not key.startswith("ours/"):
            continue
        for audit in m["failing"]:
            lines.append(
                f"- `{key}` **{audit['id']}** ({audit['category']}, {audit['kind']}, weight {audit['weight']}, "
                f"score {audit['score']}, failed in {audit['failed_runs']}/{m['runs']} runs) {audit['title']}"
                + (f": {audit['displayValue']}" if audit["displayValue"] else "")
            )
            lines += [f"    - {item}" for item in audit["items"]]
    return lines or ["- none: every scored audit passed on our pages"]


# --- Main ----------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median), default 3")
    parser.add_argument("--sizes", default="100,1000", help="synthetic corpus sizes, default 100,1000")
    parser.add_argument("--only", default="", help="comma-separated subset of lighthouse,weight,build (default: all)")
    parser.add_argument(
        "--encoding",
        choices=["br", "gzip", "identity"],
        default="br",
        help="what the server sends: br (brotli when accepted, else gzip; default), gzip, identity",
    )
    parser.add_argument("--keep", action="store_true", help="keep bench/.work/ builds (Lighthouse reports always stay)")
    args = parser.parse_args()
    parts = set(filter(None, args.only.split(","))) or {"lighthouse", "weight", "build"}
    unknown = parts - {"lighthouse", "weight", "build"}
    if unknown:
        parser.error(f"unknown --only part(s): {', '.join(sorted(unknown))}")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    started = time.perf_counter()
    WORK.mkdir(exist_ok=True)
    facts = machine_facts()
    print(
        f"Benchmark on {facts['cores']} cores, {facts['cpu']}; Python {facts['python']}, "
        f"Pelican {facts['packages']['pelican']}; {facts['chromium']}",
        flush=True,
    )
    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": facts,
        "settings": {
            "runs": args.runs,
            "sizes": sizes,
            "encoding": args.encoding,
            "gzip_level": GZIP_LEVEL,
            "brotli_quality": BROTLI_QUALITY,
            "chrome_flags": CHROME_FLAGS,
        },
        "phases_s": {},
        "load_average_by_phase": {},
        "problems": [],
    }
    lh = weight = builds = None
    sites = {name: Site(name, args.encoding) for name in ("ours", "notmyidea", "minimal")}
    try:
        if parts & {"lighthouse", "weight"}:
            t = time.perf_counter()
            print("Building the served sites (publish settings) ...", flush=True)
            build_served_sites(sites)
            for site in sites.values():
                site.start()
            results["sites"] = {name: site.siteurl for name, site in sites.items()}
            results["phases_s"]["build served sites"] = time.perf_counter() - t
            results["load_average_by_phase"]["build served sites"] = os.getloadavg()
        if "weight" in parts:
            t = time.perf_counter()
            weight = weights(sites)
            results["weight"] = weight
            results["phases_s"]["page weight"] = time.perf_counter() - t
            results["load_average_by_phase"]["page weight"] = os.getloadavg()
        if "lighthouse" in parts:
            t = time.perf_counter()
            print("Lighthouse ...", flush=True)
            try:
                lh = lighthouse_all(sites, args.runs)
                results["lighthouse"] = lh
                results["problems"] += lh["errors"]
            except RuntimeError as error:
                results["problems"].append(str(error))
                print(f"Lighthouse not run: {error}", file=sys.stderr)
            results["served"] = {
                name: {"accept_encoding": dict(s.accept_encodings), "responses": dict(s.served)}
                for name, s in sites.items()
            }
            results["phases_s"]["lighthouse"] = time.perf_counter() - t
            results["load_average_by_phase"]["lighthouse"] = os.getloadavg()
    finally:
        for site in sites.values():
            if site.thread:
                site.stop()
    if "build" in parts:
        t = time.perf_counter()
        print("Build times ...", flush=True)
        builds = build_times(args.runs, sizes)
        results["builds"] = builds
        results["phases_s"]["build times"] = time.perf_counter() - t
        results["load_average_by_phase"]["build times"] = os.getloadavg()
    if not args.keep:
        for folder in ("builds", "www", "cache") + tuple(f"corpus-{s}" for s in sizes):
            shutil.rmtree(WORK / folder, ignore_errors=True)

    results["targets"] = evaluate(lh, weight, builds)
    results["machine"]["load_average_end"] = os.getloadavg()
    results["total_s"] = time.perf_counter() - started
    lines = report_lines(results, lh, weight, builds)
    print("\n" + "\n".join(lines))
    (BENCH / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (BENCH / "report.md").write_text(
        "\n".join(["# Benchmark: speed and weight of The Healing Touch", ""] + lines + ["", EXPLANATION]),
        encoding="utf-8",
    )
    print(f"\nWrote bench/results.json and bench/report.md in {results['total_s']:.0f} s.")
    return 1 if results["problems"] else 0


def report_lines(results, lh, weight, builds):
    facts = results["machine"]
    served = results.get("served", {}).get("ours", {})
    lines = [
        f"Run {results['date']} on {facts['cores']} cores ({facts['cpu']}, {facts['memory']}), {facts['os']}; "
        f"Python {facts['python']}, Pelican {facts['packages']['pelican']}, Markdown {facts['packages']['Markdown']}, "
        f"typogrify {facts['packages']['typogrify']}; {facts['chromium']}; Node {facts['node']}"
        + (f"; Lighthouse {lh['meta'].get('lighthouse')}" if lh and lh.get("meta") else "")
        + f". Load average at start {facts['load_average_start'][0]:.2f}, at end {facts['load_average_end'][0]:.2f}."
        + f" Total run time {results['total_s'] / 60:.1f} min.",
        "",
        f"Served over HTTP/1.1 from 127.0.0.1 under /blog/, Content-Encoding: {results['settings']['encoding']}"
        " (brotli q11 when the browser accepts it, else gzip -9), Cache-Control: max-age=600."
        + (
            f" Chromium sent Accept-Encoding: {', '.join(repr(k) for k in served.get('accept_encoding', {}))};"
            f" responses: {served.get('responses', {})}."
            if served
            else ""
        ),
        "",
        "## Targets",
        "",
    ]
    lines += table(
        ["target", "met", "figures"],
        [[t["target"], "met" if t["met"] else "NOT MET", t["detail"]] for t in results["targets"]],
        align=["l", "l", "l"],
    ) + [""]
    if lh:
        lines += ["## Lighthouse (ours vs notmyidea vs minimal page)", ""] + lighthouse_tables(lh)
        lines += ["### Audits that failed on our pages", ""] + failing_lines(lh) + [""]
        errored = sorted({a for m in lh["median"].values() for a in m.get("errored_audits", [])})
        if errored:
            lines += [
                "Audits Lighthouse could not compute in this Chromium (scoreDisplayMode 'error'; each has weight 0, "
                f"so no score depends on them): {', '.join(errored)}.",
                "",
            ]
        lcp = {k: m["lcp_element"] for k, m in lh["median"].items() if m.get("lcp_element")}
        if lcp:
            lines += ["LCP element: " + "; ".join(f"{k}: `{v}`" for k, v in sorted(lcp.items())), ""]
    if weight:
        lines += ["## Page weight", ""] + weight_tables(weight)
    if builds:
        lines += ["## Build time", ""] + build_tables(builds)
    if results["problems"]:
        lines += ["## Problems", ""] + [f"- {p}" for p in results["problems"]] + [""]
    lines += [
        "Phases (time; 1-minute load average at the end): "
        + ", ".join(
            f"{k} {v:.0f} s (load {results['load_average_by_phase'][k][0]:.1f})" for k, v in results["phases_s"].items()
        ),
    ]
    return lines


EXPLANATION = """## What the numbers mean

- **Sites.** *ours*: our theme and plugins, built with `publishconf.py` and
  `SITEURL=http://127.0.0.1:<port>/blog`. *notmyidea*: the same content, settings and plugins
  (typogrify included) with Pelican's bundled notmyidea theme; to render at all it needs
  categories back (`CATEGORY_SAVE_AS`) and a one-line `{% extends "page.html" %}` for the pages
  that ask for our `accessibility` and `series` templates (and an empty page for our `search` direct
  template, left out of the page-weight comparison). *minimal*: one file, the `.post-body` of our
  built seed article inside `<!doctype html><html lang=en><meta charset=utf-8><meta name=viewport>
  <title><meta name=description><link rel=icon href="data:,"><h1>`, no CSS, no other request:
  the physical limit for this article.
- **Serving.** Each site has its own threaded `http.server` on a free port of 127.0.0.1, under
  `/blog/`, answering as a static host that pre-compresses would: brotli (quality 11) when the
  browser accepts it, else gzip (-9); images and fonts as they are; `Cache-Control: max-age=600`
  (GitHub Pages' policy: it is why Lighthouse lists `uses-long-cache-ttl`, an unscored insight
  about the server, not the theme); unknown paths get the site's 404.html with status 404.
- **Lighthouse** 12 in Debian's Chromium (headless, fresh browser per run). *Mobile* is
  Lighthouse's default: simulated slow 4G (150 ms RTT, 1.6 Mbit/s) and 4x CPU slowdown, so
  FCP/LCP are estimates computed from the trace. *Desktop* is `--preset=desktop` (40 ms RTT,
  10 Mbit/s, no CPU slowdown). Runs go round-robin over the pages; each figure is the median of
  the runs, metric by metric. FCP: first contentful paint; LCP: largest contentful paint; TBT:
  total blocking time; CLS: cumulative layout shift; requests and transferred bytes come from
  Lighthouse's network log (bytes on the wire, headers included). The CPU benchmark index is
  Lighthouse's own measure of the machine's speed at the start of a run: when others load the
  machine it drops, and the simulated mobile timings grow.
- **Page weight** is read from the built files: the HTML, the stylesheets it links (and their
  `@import`s), scripts, `<img>` sources, the web manifest, the first font of each `@font-face`,
  and the favicon the page declares. raw: bytes on disk; gz: gzip -9; br: brotli quality 11
  (images and woff/woff2 as they are). A first visit with an empty cache; background images in
  CSS are not counted. Lighthouse's request list is in results.json to cross-check.
- **Build time** is the wall time of one `pelican` process run exactly as
  `tasks.pelican_command` builds it (`--fatal warnings`, our settings, plugins included), Python
  start-up included, always into a fresh output folder as `invoke build` does; CPU time (user +
  system, children included) is shown beside it because it hardly moves when others load the
  machine. *Cold*: empty caches too (the social cards' cache, pointed into bench/.work/), like the
  first build after a clone. *Again* and *one article edited*: the caches of the previous build
  kept, as on a developer's machine. *notmyidea stock* is Pelican out of the box (quickstart
  settings, no plugins, no typogrify, default Markdown extensions): the reference for the build
  targets. *notmyidea, our plugins* shows how much of our time is the theme and how much the
  plugins; it draws the social cards too, so it runs only on corpora up to 100 articles.
  *Synthetic corpus*: `bench/corpus.py`, seeded random articles of ~800 words with `##`
  sections, a list, emphasis and 2-4 `{filename}` links, beside our real pages.
"""


if __name__ == "__main__":
    sys.exit(main())
