"""`make serve` for a writer: it starts with a broken article and shows the problem in the
browser; fixing the file clears it, and an edit appears, all without a reload by hand.
The preview runs as `make serve` does (plugins/blog/live_server.py, in its own process)
on a small fixture site; the browser is Debian's Chromium driven by Playwright."""

import signal
import socket
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect, sync_playwright

from browser import CHROMIUM_ARGS, NO_BROWSER, find_chromium, free_port
from fixture_site import ARTICLE, write_site
from sitecheck import ROOT

BROKEN = ARTICLE + "\n<svg/onload=alert(1)>\n"
WAIT_MS = 15_000


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    content = write_site(folder, {"posts/new.md": BROKEN})
    port = free_port()
    command = [sys.executable, str(ROOT / "plugins" / "blog" / "live_server.py"), f"--port={port}"]
    command += [f"--content={content}", f"--output={folder / 'output'}"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    started = time.monotonic()
    while time.monotonic() - started < 30:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield content, f"http://127.0.0.1:{port}", process
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def page(preview):
    with sync_playwright() as playwright:
        executable = find_chromium(playwright)
        if executable is None:
            pytest.fail(NO_BROWSER, pytrace=False)
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser.new_page()
        browser.close()


def test_a_broken_article_shows_its_file_and_line_then_fixing_clears_it(preview, page):
    content, origin, process = preview
    page.goto(origin + "/posts/new/")
    overlay = page.locator("#live-problems")
    expect(overlay).to_be_visible(timeout=WAIT_MS)
    line = BROKEN.splitlines().index("<svg/onload=alert(1)>") + 1
    expect(overlay).to_contain_text(f"content/posts/new.md:{line}: HTML not allowed: element 'svg'")
    (content / "posts" / "new.md").write_text(ARTICLE, encoding="utf-8")
    expect(page.locator("h1")).to_have_text("A complete test article", timeout=WAIT_MS)
    expect(overlay).to_have_count(0)


def test_an_edit_appears_without_a_reload(preview, page):
    content, origin, _ = preview
    if not page.url.endswith("/posts/new/"):
        page.goto(origin + "/posts/new/")
    edited = ARTICLE.replace("A large survey counted", "A large survey, edited just now, counted")
    (content / "posts" / "new.md").write_text(edited, encoding="utf-8")
    expect(page.locator(".post-body")).to_contain_text("edited just now", timeout=WAIT_MS)


def test_a_mistake_while_reading_shows_over_the_open_page(preview, page):
    content, origin, _ = preview
    (content / "posts" / "new.md").write_text(ARTICLE.replace("Date: 2026-11-20", "Date: 2026-13-45"), encoding="utf-8")
    overlay = page.locator("#live-problems")
    expect(overlay).to_contain_text("content/posts/new.md:2: Date '2026-13-45' is not a date", timeout=WAIT_MS)
    expect(page.locator("h1").first).to_have_text("A complete test article")  # the last good page, behind it
    (content / "posts" / "new.md").write_text(ARTICLE, encoding="utf-8")
    expect(overlay).to_have_count(0, timeout=WAIT_MS)


def test_the_dashboard_lists_every_article_with_its_problems(preview, page):
    content, origin, _ = preview
    page.goto(origin + "/__live/")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("tbody")).to_contain_text("content/posts/complete.md")
    expect(page.locator("tbody")).to_contain_text("2027-11-20")


def test_the_overlay_shows_file_names_and_messages_as_text_never_as_markup(preview, page):
    content, origin, _ = preview
    page.goto(origin + "/")
    expect(page.locator("#live-problems")).to_have_count(0)
    hostile = content / "posts" / "<img src=x onerror=window.pwned=1>.md"
    hostile.write_text(ARTICLE.replace("Date: 2026-11-20", "Date: <img src=y onerror=window.pwned=2>"), "utf-8")
    try:
        overlay = page.locator("#live-problems")
        expect(overlay).to_contain_text("content/posts/<img src=x onerror=window.pwned=1>.md:2: Date", timeout=WAIT_MS)
        expect(overlay).to_contain_text("'<img src=y onerror=window.pwned=2>' is not a date")
        assert overlay.locator("img").count() == 0, overlay.inner_html()
        assert page.evaluate("window.pwned") is None, "a file name or a message ran as markup in the overlay"
    finally:
        hostile.unlink()
    expect(overlay).to_have_count(0, timeout=WAIT_MS)


def test_a_good_build_s_notices_appear_at_the_foot_of_the_open_page(preview, page):
    from test_pictures import phone_photo

    content, origin, _ = preview
    (content / "posts" / "new.md").write_text(ARTICLE, encoding="utf-8")  # a good build to start from
    page.goto(origin + "/posts/new/")
    expect(page.locator("#live-problems")).to_have_count(0, timeout=WAIT_MS)
    photo = content / "images" / "at-home.jpg"
    photo.parent.mkdir(exist_ok=True)
    photo.write_bytes(phone_photo())
    try:
        notices = page.locator("#live-notices")
        expect(notices).to_contain_text(
            "content/images/at-home.jpg: the picture records where it was taken", timeout=WAIT_MS
        )
        expect(page.locator("#live-problems")).to_have_count(0)
        notices.get_by_role("button", name="Hide until the next save").click()
        expect(notices).to_have_count(0)
    finally:
        photo.unlink()
    page.goto(origin + "/")
    expect(page.locator("#live-notices", has_text="at-home.jpg")).to_have_count(0, timeout=WAIT_MS)


def test_the_overlay_is_never_in_the_built_files(preview):
    content, _, _ = preview
    built = content.parent / "output"
    leaked = [p.name for p in built.rglob("*.html") if "__live" in p.read_text(encoding="utf-8")]
    assert not leaked, f"the preview's script reached the built files: {leaked}"


def test_a_busy_port_says_so_in_one_line(preview):
    _, origin, _ = preview
    port = origin.rsplit(":", 1)[1]
    command = [sys.executable, str(ROOT / "plugins" / "blog" / "live_server.py"), f"--port={port}"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert result.returncode == 1, result
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert lines == [
        f"Port {port} is already in use (is another preview running?) — stop it, or choose "
        f"another port: make serve PORT={int(port) + 1}"
    ], lines


def test_ctrl_c_stops_the_preview_cleanly(tmp_path):
    content = write_site(tmp_path)
    port = free_port()
    command = [sys.executable, str(ROOT / "plugins" / "blog" / "live_server.py"), f"--port={port}"]
    command += [f"--content={content}", f"--output={tmp_path / 'output'}"]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as a terminal leaves it
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    printed, _ = process.communicate(timeout=20)
    assert process.returncode == 0, printed
    assert printed.rstrip().endswith("Stopped the preview.") and "Traceback" not in printed, printed
