"""The blog's benchmark (`invoke bench`): figures beside references and targets, not a test.

Lighthouse on sites nginx serves pre-compressed, hyperfine for builds, Playwright for a save in the
live preview; results in bench/results/ (git-ignored). Method and summary: bench/README.md.
"""

import argparse
import gzip
import html
import itertools
import json
import os
import platform
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import brotli
from bs4 import BeautifulSoup
from tabulate import tabulate

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from corpus import edit, make_corpus  # noqa: E402

import tasks  # noqa: E402
from browser import CHROMIUM_ARGS, find_chromium, free_port  # noqa: E402

WORK, RESULTS = BENCH / ".work", BENCH / "results"
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
TODAY = {"REVIEW_TODAY": '"2026-11-24"'}
SITES = ("ours", "notmyidea", "minimal")
PAGE_TYPES = {"home": "", "article": "posts/healing-touch/", "series": "series/acupuncture-and-neuropathy/"}
PAGE_TYPES |= {"tags index": "tags/", "tag": "tags/neuropathy/", "archives": "archives/", "about": "about/"}
PAGE_TYPES |= {"editorial policy": "editorial-policy/", "404": "404.html", "search": "search/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = {f"{c} score": "{:g}" for c in CATEGORIES} | {  # Lighthouse audit or figure: format
    "first-contentful-paint": "{:,.0f} ms",
    "largest-contentful-paint": "{:,.0f} ms",
    "total-blocking-time": "{:,.0f} ms",
    "cumulative-layout-shift": "{:.3f}",
    "speed-index": "{:,.0f} ms",
    "requests": "{:g}",
    "total-byte-weight": "{:.1f} KiB",
    "benchmark-index (CPU speed, a noise check)": "{:,.0f}",
}
RATIOS = list(METRICS)[4:-1]  # timings, layout shift, requests and bytes: ours / the reference
STOCK = """# Pelican out of the box: quickstart settings, notmyidea, no plugins, no typogrify.
AUTHOR = SITENAME = "The Healing Touch"
PATH = {content!r}
ARTICLE_PATHS, PAGE_PATHS, STATIC_PATHS = ["posts"], ["pages"], ["extra"]
TIMEZONE, DEFAULT_LANG, THEME, PLUGINS = "UTC", "en", "notmyidea", []
THEME_TEMPLATES_OVERRIDES = [{stubs!r}]
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION, RELATIVE_URLS = 10, True
"""
SERVER = '    server {{ listen 127.0.0.1:{port}; root {root}; error_page 404 /blog/404.html; add_header Cache-Control "max-age=600" always; }}'  # noqa: E501


def run(command, **options):
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, **options)
    if done.returncode:
        raise RuntimeError(f"{shlex.join(map(str, command))[:300]} failed:\n{(done.stdout + done.stderr)[-2000:]}")
    return done.stdout


# --- Sites: ours, the same content with notmyidea, the article's body alone ----------------


def notmyidea(content):
    """Overrides for notmyidea to render our content (categories back; a one-line template for
    each of ours it lacks), and a stock Pelican settings file for `content`."""
    from pelican.settings import read_settings

    bundled = Path(__import__("pelican").__file__).parent / "themes" / "notmyidea" / "templates"
    ours, stubs = read_settings(str(tasks.LOCAL_SETTINGS)), WORK / "notmyidea-templates"
    stubs.mkdir(parents=True, exist_ok=True)
    wanted = {m["template"]: "page.html" for m in ours["EXTRA_PATH_METADATA"].values() if "template" in m}
    for name, base in (dict.fromkeys(ours["DIRECT_TEMPLATES"], "base.html") | wanted).items():
        if not (bundled / f"{name}.html").exists():
            (stubs / f"{name}.html").write_text(f'{{% extends "{base}" %}}\n', encoding="utf-8")
    (WORK / f"stock-{content.name}.py").write_text(STOCK.format(content=str(content), stubs=str(stubs)))
    overrides = {"THEME": "notmyidea", "CATEGORY_SAVE_AS": "category/{slug}.html", "THEME_TEMPLATES_OVERRIDES": [stubs]}
    return {name: json.dumps(value, default=str) for name, value in overrides.items()}


def caches(name):
    """Every cache of our settings pointed into bench/.work/cache/NAME, never the project's."""
    folder, names = WORK / "cache" / name, ("CACHE_PATH", "READ_CACHE_PATH", "SOCIAL_CARDS_CACHE")
    return folder, {key: json.dumps(str(folder / key)) for key in names}


def write_minimal(article, target):
    """The article's body in bare HTML, no CSS, no other request: the physical limit."""
    soup = BeautifulSoup(article.read_text(encoding="utf-8"), "lxml")
    title, description = soup.title.get_text(), soup.select_one("[name=description]")["content"]
    head = f'<meta name=viewport content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>'
    head += f'<meta name=description content="{html.escape(description)}"><link rel=icon href="data:,">'
    body = f"<h1>{html.escape(soup.h1.get_text())}</h1>\n{soup.select_one('.post-body').decode_contents()}\n"
    target.parent.mkdir(parents=True)
    target.write_text(f"<!doctype html><html lang=en><meta charset=utf-8>{head}{body}", encoding="utf-8")


def build_sites(ports):
    """Each site in .work/www/NAME/blog/ (SITEURL on its port), .gz and .br beside each text file."""
    for name, port in ports.items():
        out = WORK / "www" / name / "blog"
        shutil.rmtree(out.parent, ignore_errors=True)
        env = dict(os.environ, SITEURL=f"http://127.0.0.1:{port}/blog")
        if name == "ours":
            run(tasks.build_command(tasks.PUBLISH_SETTINGS, out, extra_settings=TODAY | caches(name)[1]), env=env)
        elif name == "notmyidea":
            extra = TODAY | caches(name)[1] | notmyidea(tasks.CONTENT)
            run(tasks.pelican_command(tasks.PUBLISH_SETTINGS, out, extra_settings=extra), env=env)
        else:
            page = PAGE_TYPES["article"] + "index.html"
            write_minimal(WORK / "www" / "ours" / "blog" / page, out / page)
        for path in [p for p in out.rglob("*") if p.suffix in {".html", ".css", ".js", ".svg", ".json", ".xml"}]:
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))
            path.with_name(path.name + ".br").write_bytes(brotli.compress(path.read_bytes(), quality=11))


def start_nginx(ports, roots=None):
    """nginx serving each site at 127.0.0.1:PORT/blog/ as a static host does (bench/nginx.conf);
    site NAME's files are in .work/www/NAME/ (or the folder `roots` names for it)."""
    prefix = WORK / "nginx"
    prefix.mkdir(exist_ok=True)
    roots = roots or {}
    servers = "\n".join(
        SERVER.format(port=port, root=WORK / "www" / roots.get(name, name)) for name, port in ports.items()
    )
    user = "user root;" if os.geteuid() == 0 else ""
    conf = (BENCH / "nginx.conf").read_text().format(user=user, prefix=prefix, servers=servers)
    (prefix / "nginx.conf").write_text(conf)
    nginx = [shutil.which("nginx") or "/usr/sbin/nginx", "-p", prefix, "-c", prefix / "nginx.conf", "-e", "stderr"]
    server = subprocess.Popen(nginx)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", ports["minimal"])).close()
            return server
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nginx did not start (libnginx-mod-http-brotli-static installed?)")


# --- Lighthouse and page weight -------------------------------------------------------------


def lighthouse(url, form, report):
    """One Lighthouse run in a fresh headless Chromium: {figure: value, "failed": [audit ids]}."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [LIGHTHOUSE, url, "--output=json", f"--output-path={report}", "--quiet", f"--chrome-flags={flags}"]
    command += ["--max-wait-for-load=45000", "--disable-full-page-screenshot"]
    run(command + (["--preset=desktop"] if form == "desktop" else []), env=dict(os.environ, CHROME_PATH=CHROME))
    lhr = json.loads(report.read_text(encoding="utf-8"))
    audits, scored = lhr["audits"], [r["id"] for c in CATEGORIES for r in lhr["categories"][c]["auditRefs"]]
    figures = {f"{c} score": round(lhr["categories"][c]["score"] * 100) for c in CATEGORIES}
    figures |= {m: audits[m]["numericValue"] for m in METRICS if m in audits}
    figures["total-byte-weight"] /= 1024
    figures["requests"] = len(audits["network-requests"]["details"]["items"])
    figures["benchmark-index (CPU speed, a noise check)"] = lhr["environment"]["benchmarkIndex"]
    failed = [a for a in scored if audits[a]["scoreDisplayMode"] in ("binary", "numeric") and audits[a]["score"] < 1]
    return figures | {"failed": failed}


def install_lighthouse():
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=warn"], cwd=BENCH, check=True)


def lighthouse_all(ports, runs):
    """Medians of `runs` rounds over article and home, mobile and desktop, of each site."""
    install_lighthouse()
    raw = {}
    for n, form, site, page in itertools.product(range(runs), ("mobile", "desktop"), SITES, ("article", "home")):
        if (site, page) != ("minimal", "home"):
            url = f"http://127.0.0.1:{ports[site]}/blog/{PAGE_TYPES[page]}"
            raw.setdefault(f"{site}/{page}/{form}", []).append(lighthouse(url, form, WORK / f"lighthouse-{n}.json"))
            print(
                f"  lighthouse {site}/{page}/{form} run {n + 1}: {raw[f'{site}/{page}/{form}'][-1]['failed']}",
                flush=True,
            )
    medians = {key: {m: statistics.median(r[m] for r in runs_) for m in METRICS} for key, runs_ in raw.items()}
    return {key: medians[key] | {"failed": sorted({a for r in raw[key] for a in r["failed"]})} for key in raw}


def page_weight(root, page):
    """[requests, raw, gzip, brotli bytes] of a first visit (the files are listed in bench/README.md)."""
    seen, queue = [], [root / (page + "index.html" if page.endswith("/") or not page else page)]
    while queue:
        path = queue.pop()
        if path in seen or not path.is_file():
            continue
        seen.append(path)
        text, origin = path.read_text(encoding="utf-8", errors="replace"), f"http://h/blog/{path.relative_to(root)}"
        if path.suffix == ".html":
            soup = BeautifulSoup(text, "lxml")
            found = [e["href"] for e in soup.select("link[rel~=stylesheet], link[rel~=manifest]")]
            found += [e["src"] for e in soup.select("script[src], img[src]")]
            found += [e["href"] for e in soup.select("link[rel~=icon]")][:1]
        else:  # a stylesheet, or something with no links in it
            text = re.sub(r"/\*.*?\*/", "", text, flags=re.S) if path.suffix == ".css" else ""
            found = re.findall(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)", text)
            found += [
                re.findall(r"url\(\s*['\"]?([^'\")]+)", b)[0] for b in re.findall(r"@font-face\s*{([^}]*)}", text)
            ]
        for url in found:
            address = unquote(urlsplit(urljoin(origin, url)).path).removeprefix("/blog/")
            queue.append(root / (address + "index.html" if address.endswith("/") else address))
    packed = lambda f, suffix: f.with_name(f.name + suffix) if f.with_name(f.name + suffix).exists() else f  # noqa: E731
    return [len(seen), *(sum(packed(f, suffix).stat().st_size for f in seen) for suffix in ("", ".gz", ".br"))]


# --- Builds (hyperfine) and the writer's loop (Playwright) -----------------------------------


def hyperfine(label, commands, runs, warmup=0):
    """Time each command ({name: (prepare, command)}) `runs` times, each in a fresh process."""
    report, command = WORK / "hyperfine.json", ["hyperfine", f"--runs={runs}", f"--warmup={warmup}", "--style=basic"]
    for name, (prepare, timed) in commands.items():
        command += ["--prepare", prepare or "true", "--command-name", f"{label}: {name}", shlex.join(map(str, timed))]
    subprocess.run([*command, "--export-json", report], cwd=ROOT, check=True)
    results = json.loads(report.read_text())["results"]
    return {r["command"]: {k: r[k] for k in ("median", "user", "system", "times")} for r in results}


LARGE = set()  # labels of corpora timed cold and with one edit only (10,000 articles and more)


def builds(runs, sizes):
    """Build times of the real site and synthetic corpora, ours and notmyidea's (see bench/README.md)."""
    figures, real = {}, WORK / "real-content"  # a copy: the edits below never touch content/
    shutil.rmtree(real, ignore_errors=True)
    sources = {"real site": (shutil.copytree(tasks.CONTENT, real), "acupuncture-safety.md")}
    for n in sizes:
        sources[f"{n} articles"] = (make_corpus(WORK / f"corpus-{n}", n, tasks.CONTENT), "generated-0000.md")
        LARGE.update([f"{n} articles"] if n >= 10_000 else [])
    for label, (content, edited) in sources.items():
        out, variants = WORK / "out", {}
        wanted = [("ours cold", tasks.LOCAL_SETTINGS, {})]
        wanted += [("ours publish cold", tasks.PUBLISH_SETTINGS, {})] if content == real else []
        if len(list(content.glob("posts/**/*.md"))) <= 100:  # it draws the cards too: minutes more at 1,000
            wanted += [("notmyidea, our plugins, cold", tasks.LOCAL_SETTINGS, notmyidea(content))]
        for name, settings, extra in wanted:
            cache, settings_cache = caches(f"{label}-{name}")
            make = tasks.pelican_command if extra else tasks.build_command
            command = make(settings, out / name.replace(" ", "-"), content, TODAY | settings_cache | extra)
            variants[name] = (f"rm -rf {shlex.quote(str(out))} {shlex.quote(str(cache))}", command)
        notmyidea(content)  # the stock settings file for this content
        stock = [sys.executable, "-m", "pelican", content, "-o", out / "stock", "-s", WORK / f"stock-{content.name}.py"]
        figures |= hyperfine(label, variants | {"stock notmyidea cold": (f"rm -rf {out}", stock)}, runs)
        change = shlex.join([sys.executable, str(BENCH / "corpus.py"), "--edit", str(content / "posts" / edited)])
        ours = variants["ours cold"][1]
        warm = {"again, nothing changed": (None, ours)} if label not in LARGE else {}  # 10,000: cold and one edit
        warm["one article edited"] = (change, ours)
        figures |= hyperfine(f"{label}, warm caches", warm, runs, warmup=1)
    return figures


def text_of(file):
    """The file's text, or "" while a build swaps output/."""
    try:
        return file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def save_to_browser(content, article, saves):
    """{"shown": seconds from a save to the open page showing it, "built": to the whole build being in
    place}, in the live preview (the first save warms up); each save waits for the last build to end."""
    from playwright.sync_api import sync_playwright

    copy, port, times, built = WORK / "live-content", free_port(), [], []
    shutil.rmtree(copy, ignore_errors=True)
    source = shutil.copytree(content, copy) / "posts" / article
    folder, settings = caches(f"live-{content.name}")
    shutil.rmtree(folder, ignore_errors=True)
    live = [sys.executable, ROOT / "plugins/blog/live_server.py", f"--port={port}", f"--content={copy}"]
    live += [f"--set={name}={value}" for name, value in settings.items()]
    output = WORK / "live-output"
    shutil.rmtree(output, ignore_errors=True)
    server = subprocess.Popen([*live, f"--output={output}"], cwd=ROOT, stdout=subprocess.DEVNULL)
    page_file = output / "posts" / Path(article).stem / "index.html"
    try:
        with sync_playwright() as playwright:
            page = playwright.chromium.launch(executable_path=find_chromium(playwright), args=CHROMIUM_ARGS).new_page()
            for _ in range(3000):  # until the preview's first build is served (a minute or two at 1,000)
                try:
                    page.goto(f"http://127.0.0.1:{port}/posts/{Path(article).stem}/")
                    break
                except Exception:
                    time.sleep(0.1)
            for n in range(saves + 1):
                started = time.perf_counter()
                edit(source, f"Benchmark save number {n}. [ref:white2001]")
                page.wait_for_function("m => document.body.innerText.includes(m)", arg=f"number {n}.", timeout=60_000)
                times += [time.perf_counter() - started] * (n > 0)
                while f"number {n}." not in text_of(page_file):
                    time.sleep(0.02)  # the whole build in place (the page alone may have come first)
                built += [time.perf_counter() - started] * (n > 0)
                time.sleep(1)  # the preview finishes after the swap (a collection); the writer reads
    finally:
        server.terminate()
    return {"shown": times, "built": built}


# --- Pictures: 50 phone photos (encoding) and an article rich in pictures on a phone (Lighthouse) --


PHOTOS, ON_THE_ARTICLE = 50, 10  # photos in the corpus; of them, shown on the Lighthouse article


def phone_photo(n):
    """A synthetic 12-megapixel phone photo (4032 × 3024 JPEG, quality 90, EXIF with a GPS position):
    smooth gradients and soft noise, so it is 2 to 4 MB as a phone's would be."""
    from PIL import Image, ImageFilter

    noise = Image.effect_noise((1008, 756), 40 + n % 30).filter(ImageFilter.GaussianBlur(2))
    light = Image.linear_gradient("L").resize((1008, 756)).rotate(n * 7 % 360)
    image = Image.merge("RGB", (noise, light, Image.blend(noise, light, 0.5))).resize((4032, 3024))
    exif = Image.Exif()
    exif[0x010F], exif[0x0112] = "PhoneMaker", 1
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 30.0, 1.5), 3: "E", 4: (13.0, 24.0, 2.5)})
    out = WORK / "photo.jpg"
    image.save(out, format="JPEG", quality=90, exif=exif)
    return out.read_bytes()


def picture_content():
    """A copy of content/ whose five articles show 50 phone photos, ten each, the first above the
    first section of each (so one is the largest paint)."""
    folder = WORK / "picture-content"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(tasks.CONTENT, folder)
    (folder / "images").mkdir(exist_ok=True)
    posts = sorted((folder / "posts").glob("*.md"))
    for n in range(PHOTOS):
        (folder / "images" / f"photo-{n:02}.jpg").write_bytes(phone_photo(n))
    for index, post in enumerate(posts):
        head, _, body = post.read_text(encoding="utf-8").partition("\n\n")
        shown = [
            f"![Photo {n} of the benchmark, a blur of colours]({{static}}/images/photo-{n:02}.jpg)"
            for n in range(PHOTOS)
            if n % len(posts) == index
        ]
        first, rest = shown[0], shown[1:]
        parts = body.split("\n## ")
        for n, picture in enumerate(rest):  # at the end of a section: never inside a box or a list
            at = 1 + n % max(1, len(parts) - 1) if len(parts) > 1 else 0
            parts[at] = parts[at].rstrip("\n") + f"\n\n{picture}\n"
        post.write_text(f"{head}\n\n{first}\n\n" + "\n## ".join(parts), encoding="utf-8")
    return folder


def picture_figures(runs):
    """Cold builds with and without the 50 photos (the difference is encoding them), and Lighthouse
    mobile on one article with its ten photos beside the same article without them."""
    content = picture_content()
    out, cache, settings = WORK / "out-pictures", *caches("pictures")
    plain_cache, plain_settings = caches("pictures-none")
    with_pictures = tasks.build_command(tasks.LOCAL_SETTINGS, out / "with", content, TODAY | settings)
    without = tasks.build_command(tasks.LOCAL_SETTINGS, out / "without", tasks.CONTENT, TODAY | plain_settings)
    figures = hyperfine(
        f"{PHOTOS} phone photos",
        {
            "cold, with the photos": (f"rm -rf {shlex.quote(str(out))} {shlex.quote(str(cache))}", with_pictures),
            "cold, the same site without them": (
                f"rm -rf {shlex.quote(str(out))} {shlex.quote(str(plain_cache))}",
                without,
            ),
        },
        runs,
    )
    figures |= hyperfine(
        f"{PHOTOS} phone photos, warm caches", {"again, nothing changed": (None, with_pictures)}, runs, warmup=1
    )
    ports = {"with": free_port(), "without": free_port(), "minimal": free_port()}
    for name, source in (("with", content), ("without", tasks.CONTENT)):
        www = WORK / "www" / f"pictures-{name}" / "blog"
        shutil.rmtree(www.parent, ignore_errors=True)
        env = dict(os.environ, SITEURL=f"http://127.0.0.1:{ports[name]}/blog")
        run(
            tasks.build_command(tasks.PUBLISH_SETTINGS, www, source, TODAY | caches(f"pictures-{name}-publish")[1]),
            env=env,
        )
        for path in [p for p in www.rglob("*") if p.suffix in {".html", ".css", ".js", ".json", ".xml"}]:
            path.with_name(path.name + ".br").write_bytes(brotli.compress(path.read_bytes(), quality=11))
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))
    (WORK / "www" / "pictures-minimal" / "blog").mkdir(parents=True, exist_ok=True)
    sites = {"with": "pictures-with", "without": "pictures-without", "minimal": "pictures-minimal"}
    server = start_nginx({name: ports[name] for name in sites}, roots=sites)
    page, found = "posts/first-appointment/", {}
    install_lighthouse()
    try:
        for n, name in itertools.product(range(runs), ("with", "without")):
            report = WORK / f"lighthouse-pictures-{n}.json"
            figures_ = lighthouse(f"http://127.0.0.1:{ports[name]}/blog/{page}", "mobile", report)
            items = json.loads(report.read_text())["audits"]["network-requests"]["details"]["items"]
            figures_["picture bytes"] = sum(i.get("transferSize", 0) for i in items if i.get("resourceType") == "Image")
            found.setdefault(name, []).append(figures_)
    finally:
        server.terminate()
    for name, runs_ in found.items():
        figures[f"article, mobile, {name} its photos"] = {
            m: statistics.median(r[m] for r in runs_)
            for m in ("largest-contentful-paint", "total-byte-weight", "picture bytes", "performance score")
        }
    figures["article, mobile, with its photos"]["every picture scrolled to"] = scrolled_bytes(
        WORK / "www" / "pictures-with" / "blog", page
    )
    return figures


def scrolled_bytes(root, page, css_width=375, ratio=1.75):
    """The bytes of every picture of `page` as a phone (`css_width` CSS pixels, `ratio` device pixels
    each, Lighthouse's mobile) downloads them once the reader has scrolled to all: for each, the
    first AVIF of its srcset at least as wide as the screen's device pixels, else the widest."""
    soup = BeautifulSoup((root / page / "index.html").read_text(encoding="utf-8"), "lxml")
    total = 0
    for source in soup.select('picture source[type="image/avif"]'):
        candidates = sorted((int(w[:-1]), u) for u, w in (c.split() for c in source["srcset"].split(", ")))
        width, url = next(((w, u) for w, u in candidates if w >= css_width * ratio), candidates[-1])
        total += (root / unquote(urlsplit(url).path).removeprefix("/blog/")).stat().st_size
    return total


# --- Report ----------------------------------------------------------------------------------


def table(headers, rows):
    return [
        tabulate(rows, headers, "github", disable_numparse=True, colalign=["left"] + ["right"] * (len(headers) - 1)),
        "",
    ]


def ratio(a, b):
    return f"×{a / b:.2f}" if a is not None and b else "–"


def targets(results):
    """[target, met, figure] for each target that was measured."""
    lh, weight, build, found = results.get("lighthouse") or {}, results.get("weight"), results.get("builds"), []
    add = lambda name, met, figure: found.append([name, "met" if met else "**NOT MET**", figure])  # noqa: E731
    for key in [k for k in lh if k.startswith("ours/")]:
        scores = [lh[key][f"{c} score"] for c in CATEGORIES]
        add(f"Lighthouse 100 in all four, {key[5:]}", min(scores) == 100, "/".join(map(str, scores)))
    if lh:
        lcp, least = (lh[f"{s}/article/mobile"]["largest-contentful-paint"] for s in ("ours", "minimal"))
        add("article/mobile LCP ≤ 1.15 × the minimal page's", lcp <= 1.15 * least, f"{lcp:.0f} vs {least:.0f} ms")
    if weight:
        share = {kind: w["ours"][3] / w["notmyidea"][3] for kind, w in weight.items() if "notmyidea" in w}
        worst = max(share, key=share.get)
        add("page weight ≤ ½ notmyidea's, brotli, every type", share[worst] <= 0.5, f"{worst}: ×{share[worst]:.2f}")
    for size in [s for s in results["sizes"] if build and s >= 1000]:
        names = (": stock notmyidea cold", ": ours cold", ", warm caches: one article edited")
        stock, cold, edited = (build[f"{size} articles{name}"]["median"] for name in names)
        add(f"{size} articles: cold ≤ 2 × stock notmyidea", cold <= 2 * stock, f"{cold:.2f} vs {stock:.2f} s")
        add(f"{size} articles: one edit ≤ ½ stock cold", edited <= stock / 2, f"{edited:.2f} vs {stock:.2f} s")
    measured = [s for s in results["sizes"] if build and f"{s} articles: ours cold" in build]
    for small, large in zip(measured, measured[1:], strict=False):  # cost may grow at most linearly
        for name in (": ours cold", ", warm caches: one article edited"):
            a, b = (build[f"{n} articles{name}"]["median"] for n in (small, large))
            factor = large / small
            add(
                f"{small:,} → {large:,} articles{name.split(':')[-1]}: ≤ ×{factor:.0f}",
                b <= factor * a,
                f"×{b / a:.1f}",
            )
    pictures = results.get("pictures") or {}
    if "article, mobile, with its photos" in pictures:
        rich, plain = pictures["article, mobile, with its photos"], pictures["article, mobile, without its photos"]
        lcp, least = rich["largest-contentful-paint"], plain["largest-contentful-paint"]
        add("article with 10 photos, mobile LCP ≤ 1.3 × without", lcp <= 1.3 * least, f"{lcp:,.0f} vs {least:,.0f} ms")
        kib, every = rich["picture bytes"] / 1024, rich["every picture scrolled to"] / 1024
        add("its pictures on a phone ≤ 150 KB, first screen", kib * 1024 <= 150_000, f"{kib:,.1f} KiB")
        add("its pictures on a phone ≤ 150 KB, all ten scrolled to", every * 1024 <= 150_000, f"{every:,.1f} KiB")
    for label, times in (results.get("saves") or {}).items():
        shown = times["shown"]
        add(
            f"save to browser ≤ 1 s, {label}", statistics.median(shown) <= 1, f"median {statistics.median(shown):.2f} s"
        )
    return found


def report(results):
    lh, weight, build = results.get("lighthouse") or {}, results.get("weight"), results.get("builds")
    lines = [f"# Benchmark, {results['date']}", "", results["machine"], "", "## Targets", ""]
    lines += table(["target", "met", "figure"], targets(results)) + ["## Figures", ""]
    for key in [k for k in lh if k.startswith("ours/")]:
        sites = [s for s in SITES if f"{s}{key[4:]}" in lh]
        values = {m: [lh[f"{s}{key[4:]}"][m] for s in sites] for m in METRICS}
        rows = [
            [m, *map(f.format, v), *(ratio(v[0], other) if m in RATIOS else "" for other in v[1:])]
            for (m, f), v in zip(METRICS.items(), values.values(), strict=True)
        ]
        lines += [
            f"**{key[5:]}**, median of {results['runs']}; audits failed on ours: {lh[key]['failed'] or 'none'}",
            "",
        ]
        lines += table(["Lighthouse", *sites, *(f"ours/{s}" for s in sites[1:])], rows)
    if weight:
        kib = lambda w: [w[0], *(f"{n / 1024:.1f}" for n in w[1:])] if w else ["–"] * 4  # noqa: E731
        rows = [
            [k, *kib(w["ours"]), *kib(w.get("notmyidea")), ratio(w["ours"][3], w.get("notmyidea", [0] * 4)[3])]
            for k, w in weight.items()
        ]
        lines += ["**Page weight, first visit** (requests; KiB raw, gzip -9, brotli q11)", ""]
        lines += table(["page type", "ours", "raw", "gz", "br", "notmyidea", "raw", "gz", "br", "br ours/nmi"], rows)
    if build:
        lines += ["**Builds** (hyperfine: median wall s, mean CPU s, each run's wall s)", ""]
        rows = [
            [k, f"{v['median']:.2f}", f"{v['user'] + v['system']:.2f}", " ".join(f"{t:.2f}" for t in v["times"])]
            for k, v in build.items()
        ]  # noqa: E501
        lines += table(["build", "wall s", "CPU s", "runs"], rows)
    pictures = results.get("pictures") or {}
    if pictures:
        lines += [f"**Pictures**: {PHOTOS} phone photos (12 MP JPEG, GPS in EXIF), {ON_THE_ARTICLE} on one article", ""]
        rows = [
            [k, f"{v['median']:.2f}", " ".join(f"{t:.2f}" for t in v["times"])]
            for k, v in pictures.items()
            if "median" in v
        ]
        lines += table(["build", "wall s", "runs"], rows)
        rows = [
            [
                k,
                f"{v['largest-contentful-paint']:,.0f}",
                f"{v['picture bytes'] / 1024:,.1f}",
                f"{v['total-byte-weight']:,.1f}",
                f"{v['performance score']:g}",
            ]
            for k, v in pictures.items()
            if "largest-contentful-paint" in v
        ]
        lines += table(
            ["Lighthouse mobile (375 px wide ×1.75)", "LCP ms", "picture KiB", "all KiB", "performance"], rows
        )
    if results.get("saves"):
        lines += [
            "**Live preview**: seconds from a save to the open page showing it, and to the whole build in place",
            "",
        ]
        rows = [
            [
                label,
                f"{statistics.median(t['shown']):.2f}",
                f"{statistics.median(t['built']):.2f}",
                " ".join(f"{x:.2f}" for x in t["shown"]),
            ]
            for label, t in results["saves"].items()
        ]
        lines += table(["site", "shown s", "built s", "each save shown"], rows)
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; the median is reported")
    parser.add_argument("--sizes", default="100,1000", help="synthetic corpus sizes")
    parser.add_argument("--saves", type=int, default=7, help="saves timed in the live preview")
    parser.add_argument("--only", default="lighthouse,weight,build,loop,pictures", help="a subset of these")
    args = parser.parse_args()
    only, sizes = set(args.only.split(",")), [int(s) for s in args.sizes.split(",") if s]
    RESULTS.mkdir(exist_ok=True), WORK.mkdir(exist_ok=True)
    tools = f"{run([CHROME, '--version']).strip()}, {run(['hyperfine', '--version']).strip()}, Python {sys.version[:6]}"
    machine = f"{os.cpu_count()} cores, {platform.platform()}; {tools}; load {os.getloadavg()[0]:.2f} at the start"
    results = {"date": time.strftime("%Y-%m-%d %H:%M UTC"), "machine": machine, "runs": args.runs, "sizes": sizes}
    if only & {"lighthouse", "weight"}:
        ports = {name: free_port() for name in SITES}
        build_sites(ports)
        sites = lambda kind: SITES[: 1 + (kind != "search")]  # notmyidea has no search page of its own  # noqa: E731
        weigh = lambda kind, page: {s: page_weight(WORK / "www" / s / "blog", page) for s in sites(kind)}  # noqa: E731
        results["weight"] = {kind: weigh(kind, page) for kind, page in PAGE_TYPES.items()} if "weight" in only else None
        if "lighthouse" in only:
            server = start_nginx(ports)
            try:
                results["lighthouse"] = lighthouse_all(ports, args.runs)
            finally:
                server.terminate()
    if "build" in only:
        results["builds"] = builds(args.runs, sizes)
    if "pictures" in only:
        results["pictures"] = picture_figures(args.runs)
    if "loop" in only:
        results["saves"] = {"real site": save_to_browser(tasks.CONTENT, "acupuncture-safety.md", args.saves)}
        if 1000 in sizes:  # the live preview of a large blog
            corpus = make_corpus(WORK / "corpus-1000", 1000, tasks.CONTENT)
            results["saves"]["1,000 articles"] = save_to_browser(corpus, "generated-0000.md", args.saves)
    (RESULTS / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    (RESULTS / "report.md").write_text("\n".join(report(results)), encoding="utf-8")
    print((RESULTS / "report.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
