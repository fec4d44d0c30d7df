"""The writer's loop, measured: save-to-browser time on the real site, and at 1,000
synthetic articles a cold build and a one-article rebuild beside stock Pelican.

1. Save to browser: `make serve`'s live preview (plugins/blog/live_server.py, its own
   process) on a copy of content/, Debian's Chromium (Playwright) open on an article;
   each run appends a new sentence to that article's file and times until the browser
   shows it (the preview rebuilds and the page reloads itself). Median of --saves.
2. 1,000 articles (bench/corpus.py), --runs rounds, interleaved so background load hits
   all alike: stock Pelican with notmyidea and quickstart settings, cold; ours cold (no
   read cache, empty card cache: a fresh clone); ours after one article changed, as the
   live preview rebuilds (in this process, its read cache warm).

Run: `invoke bench --only=loop` (or `python bench/writer_loop.py`). Prints the figures
beside their references and targets; writes bench/.work/writer-loop.json.
"""

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins"), str(ROOT / "tests")]

from corpus import make_corpus  # noqa: E402

import tasks  # noqa: E402

WORK = BENCH / ".work" / "writer-loop"
ARTICLE = "posts/acupuncture-safety.md"
TODAY = {"REVIEW_TODAY": '"2026-11-24"'}
STOCK = """AUTHOR = "The Healing Touch"
SITENAME = "The Healing Touch"
PATH = {content!r}
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["extra"]
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "notmyidea"
PLUGINS = []
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def save_to_browser(saves):
    """Seconds from writing the file to the browser showing the new text, per save."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM_ARGS, find_chromium

    content = WORK / "content"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(tasks.CONTENT, content)
    port = free_port()
    command = [sys.executable, str(ROOT / "plugins/blog/live_server.py"), f"--port={port}"]
    command += [f"--content={content}", f"--output={WORK / 'output'}"]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=find_chromium(playwright), args=CHROMIUM_ARGS)
            page = browser.new_page()
            for _ in range(300):
                try:
                    page.goto(f"http://127.0.0.1:{port}/{ARTICLE[:-3]}/")
                    break
                except Exception:  # the preview is still building
                    time.sleep(0.1)
            source = content / ARTICLE
            original = source.read_text(encoding="utf-8")
            for n in range(saves + 1):  # the first save warms up (not counted)
                marker = f"Benchmark save number {n}."
                started = time.perf_counter()
                source.write_text(f"{original}\n{marker} [ref:white2001]\n", encoding="utf-8")
                page.wait_for_function("m => document.body.innerText.includes(m)", arg=marker, timeout=20_000)
                if n:
                    times.append(time.perf_counter() - started)
                    print(f"  save {n}: {times[-1] * 1000:,.0f} ms in the browser", flush=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return times


def timed(command):
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])} failed:\n{(result.stdout + result.stderr)[-2000:]}")
    return time.perf_counter() - started


def corpus_builds(size, runs):
    from blog.build import build

    content = WORK / f"corpus-{size}"
    make_corpus(content, size, tasks.CONTENT)
    stock = WORK / "stock_notmyidea.py"
    stock.write_text(STOCK.format(content=str(content)), encoding="utf-8")
    stock_command = [sys.executable, "-m", "pelican", str(content), "-o", str(WORK / "out-stock"), "-s", str(stock)]
    cold_cards = WORK / "cards-cold"
    ours_cold = tasks.build_command(
        tasks.LOCAL_SETTINGS,
        WORK / "out-cold",
        content,
        {**TODAY, "READ_CACHE_PATH": '""', "SOCIAL_CARDS_CACHE": json.dumps(str(cold_cards))},
    )
    warm = {
        "REVIEW_TODAY": "2026-11-24",
        "READ_CACHE_PATH": str(WORK / "reads"),
        "SOCIAL_CARDS_CACHE": str(WORK / "cards"),
    }
    result = build(tasks.LOCAL_SETTINGS, WORK / "out-warm", content, warm)  # the preview's first build
    if not result.ok:
        raise RuntimeError(result.text[-2000:])
    edited = content / "posts" / "generated-0000.md"
    original = edited.read_text(encoding="utf-8")
    figures = {"stock cold": [], "ours cold": [], "ours one-article rebuild": []}
    for n in range(runs):
        figures["stock cold"].append(timed(stock_command))
        shutil.rmtree(cold_cards, ignore_errors=True)
        figures["ours cold"].append(timed(ours_cold))
        edited.write_text(f"{original}\nBenchmark edit {n} [ref:white2001].\n", encoding="utf-8")
        started = time.perf_counter()
        result = build(tasks.LOCAL_SETTINGS, WORK / "out-warm", content, warm)
        figures["ours one-article rebuild"].append(time.perf_counter() - started)
        if not result.ok:
            raise RuntimeError(result.text[-2000:])
        print("  round", n + 1, {k: f"{v[-1]:.2f} s" for k, v in figures.items()}, flush=True)
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", type=int, default=1000)
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    print("Save to browser (real site) ...", flush=True)
    saves = save_to_browser(args.saves)
    print(f"{args.size} articles, {args.runs} interleaved rounds ...", flush=True)
    builds = corpus_builds(args.size, args.runs)
    median = {name: statistics.median(values) for name, values in builds.items()}
    stock = median["stock cold"]
    rows = [
        ("save to browser, real site (median)", statistics.median(saves), "target ≤ 1.0 s; before: 2.3 s", 1.0),
        (f"{args.size} articles, ours cold", median["ours cold"], f"stock notmyidea cold {stock:.2f} s", 2 * stock),
        (
            f"{args.size} articles, one-article rebuild",
            median["ours one-article rebuild"],
            f"stock notmyidea cold {stock:.2f} s",
            0.5 * stock,
        ),
    ]
    print("\n| figure | ours | reference | ratio to stock | target | met |\n|---|--:|---|--:|--:|---|")
    for name, value, reference, target in rows:
        ratio = "" if name.startswith("save") else f"×{value / stock:.2f}"
        met = "yes" if value <= target else "no"
        print(f"| {name} | {value:.2f} s | {reference} | {ratio} | ≤ {target:.2f} s | {met} |")
    record = {"saves_s": saves, "builds_s": builds, "median_s": median, "size": args.size}
    (WORK / "writer-loop.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
