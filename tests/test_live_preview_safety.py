"""The live preview is a local tool, not a door (issue 18, item 7).

Each rule is checked with real sockets against the preview's own server
(`live_server.open_server`, the code `make serve` runs) serving the small fixture
site from a thread on a free port; every socket and every wait has a timeout, so
no test can hang. A secret file sits next to output/: no answer may carry it."""

import json
import socket
import threading
import time

import pytest
from bs4 import BeautifulSoup

import tasks
from blog import live_server
from fixture_site import ARTICLE, write_site

SECRET = "the writer's private notes: 7f3a9c"
HOSTILE_NAME = "<img src=x onerror=alert(1)>.md"
WAIT = 10  # seconds any one answer may take
OVERRIDES = {"REVIEW_TODAY": "2026-11-24", "READ_CACHE_PATH": ""}
RECORD = ["file", "fix", "line", "problem"]  # what the event stream sends of each problem


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live-safety")
    content = write_site(folder)
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    live = live_server.Live(tasks.LOCAL_SETTINGS, content, folder / "output", OVERRIDES)
    live.rebuild()
    assert live.ok, live.problems
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(live_server, "CLIENT_TIMEOUT", 2)  # so that letting a silent client go is quick to see
        server = live_server.open_server(live, port=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield live, server.server_address[1], folder
    server.shutdown()
    server.server_close()
    thread.join(timeout=WAIT)


def exchange(port, request, address="127.0.0.1", piece=None):
    """Send raw bytes (in pieces of `piece` bytes 5 ms apart, as over a network, when given), then
    read the answer until the server closes (bytes)."""
    with socket.create_connection((address, port), timeout=WAIT) as client:
        for start in range(0, len(request), piece or len(request)):
            client.sendall(request[start : start + (piece or len(request))])
            if piece:
                time.sleep(0.005)
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
        return answer


def get(port, path, host=None, headers="", piece=None):
    """The raw answer to GET `path` (str or bytes) with Host 127.0.0.1:port unless `host` says."""
    host = f"127.0.0.1:{port}" if host is None else host
    head = f"Host: {host}\r\n" if host is not False else ""
    path = path.encode("latin-1") if isinstance(path, str) else path
    request = b"GET " + path + f" HTTP/1.1\r\n{head}{headers}Connection: close\r\n\r\n".encode()
    return exchange(port, request, piece=piece)


def status(answer):
    """The status code of a raw answer, or None when there was no status line."""
    first = answer.split(b"\r\n", 1)[0].split()
    return int(first[1]) if len(first) >= 2 and first[0].startswith(b"HTTP/") and first[1].isdigit() else None


def body(answer):
    return answer.split(b"\r\n\r\n", 1)[-1].decode("utf-8", "replace")


def first_event(port):
    """The status line, headers and first `data:` payload of /__live/events."""
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as client:
        client.sendall(f"GET /__live/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        received = b""
        while b"\ndata: " not in received or not received.endswith(b"\n\n"):
            chunk = client.recv(65536)
            assert chunk, f"the event stream closed before its first event: {received!r}"
            received += chunk
    head, stream = received.split(b"\r\n\r\n", 1)
    data = next(line for line in stream.decode().splitlines() if line.startswith("data: "))
    return head.decode("latin-1"), json.loads(data[len("data: ") :])


def rebuild_with(live, files):
    write_site(live.content.parent, files)
    live.rebuild("test")


def test_the_preview_listens_on_127_0_0_1_only_unless_asked_and_then_warns(preview, capsys):
    live, port, _ = preview
    capsys.readouterr()
    local = live_server.open_server(live, port=0)
    open_to_all = live_server.open_server(live, host="0.0.0.0", port=0)
    try:
        assert local.server_address[0] == "127.0.0.1", local.server_address
        with pytest.raises(ConnectionRefusedError):  # another address of this very computer
            socket.create_connection(("127.0.0.2", local.server_address[1]), timeout=WAIT).close()
        socket.create_connection(("127.0.0.2", open_to_all.server_address[1]), timeout=WAIT).close()
    finally:
        local.server_close()
        open_to_all.server_close()
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1 and printed[0].startswith("Warning: the preview is open to other computers"), printed


def test_bound_to_every_address_it_answers_addresses_by_number_never_by_name(preview, capsys):
    live, _, _ = preview
    server = live_server.open_server(live, host="0.0.0.0", port=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        answered = {host: status(get(port, "/__live/", host)) for host in (f"127.0.0.2:{port}", f"evil.example:{port}")}
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=WAIT)
    assert answered == {f"127.0.0.2:{port}": 200, f"evil.example:{port}": 403}, answered


@pytest.mark.parametrize("path", ["/", "/__live/", "/__live/events"])
def test_only_requests_naming_the_preview_s_own_address_are_answered(preview, path):
    _, port, _ = preview
    refused = [
        f"evil.example:{port}",
        "evil.example",
        f"localhost.evil.example:{port}",
        f"127.0.0.1.nip.io:{port}",
        f"127.0.0.2:{port}",
        f"[::1]:{port}",  # not bound there
        "127.0.0.1:1",
        "127.0.0.1",
        "",
        False,  # no Host at all
    ]
    wrong = []
    for host in refused:
        answer = get(port, path, host)
        if status(answer) not in (403, 421) or "dashboard" in body(answer) or "data:" in body(answer):
            wrong.append(f"Host {host!r}: {answer[:120]!r}")
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LocalHost:{port}"):
        if path != "/__live/events" and status(get(port, path, host)) != 200:
            wrong.append(f"Host {host!r} (the preview's own) was not answered with 200")
    assert not wrong, f"{path}: " + "; ".join(wrong)


def test_no_answer_carries_cors_headers(preview):
    _, port, _ = preview
    origin = "Origin: http://evil.example\r\n"
    heads = {path: get(port, path, headers=origin).split(b"\r\n\r\n", 1)[0] for path in ("/", "/__live/", "/x")}
    heads["/__live/events"] = first_event(port)[0].encode()
    leaky = [path for path, head in heads.items() if b"access-control-" in head.lower()]
    assert not leaky, f"answers with CORS headers (another site's page could read them): {leaky}"


def test_only_files_inside_output_are_served(preview):
    live, port, folder = preview
    output = live.output
    (output / "leak.txt").symlink_to(folder / "secret.txt")
    (output / "up").symlink_to(folder, target_is_directory=True)
    secret = str(folder / "secret.txt")
    spellings = [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/%252e%252e/secret.txt",  # decoded once only: a file named '%2e%2e'
        "/%252e%252e%252fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/..%5csecret.txt",
        "/%c0%ae%c0%ae/secret.txt",  # overlong UTF-8 for '.'
        "/..%c0%afsecret.txt",  # overlong UTF-8 for '/'
        "/%e0%80%ae%e0%80%ae/secret.txt",
        "/.%2e/secret.txt",
        "/posts/../../secret.txt",
        "//etc/passwd",
        "/" + secret,
        "/" + secret.replace("/", "%2f"),
        "//" + secret.lstrip("/"),
        "http://127.0.0.1/../secret.txt",
        "/leak.txt",  # a symbolic link inside output/ to a file outside
        "/up/secret.txt",  # a symbolic link inside output/ to a folder outside
    ]
    try:
        wrong = []
        for spelling in spellings:
            answer = get(port, spelling)
            if status(answer) not in (400, 403, 404) or SECRET.encode() in answer or b"root:x:" in answer:
                wrong.append(f"{spelling}: {answer[:80]!r}")
        assert status(get(port, "/index.html")) == 200, "the check is void: a file inside output/ is not served"
        assert not wrong, "paths that reached outside output/: " + "; ".join(wrong)
    finally:
        (output / "leak.txt").unlink()
        (output / "up").unlink()


def test_a_nul_byte_or_a_bad_path_gets_a_400_and_prints_nothing(preview, capfd):
    _, port, _ = preview
    bad = [
        b"/a\x00b",
        b"/a%00b.html",
        b"/index.html%00.txt",
        b"/" + b"a" * 10240,
        b"/" + b"%61" * 4000,
        b"/posts/" + b"x/" * 5000,
        b"/%ff%fe",
        b"/%c0%ae",
        b"/a\\b",
        b"/a%0d%0aSet-Cookie:%20x=1",
    ]
    capfd.readouterr()
    wrong = [f"{path[:40]!r}: {answer[:80]!r}" for path in bad if status(answer := get(port, path, host=False)) != 400]
    for garbled in (b"GARBAGE\r\n\r\n", b"GET / HTTP/1.1 extra\r\n\r\n", b"GET /\x00 HTTP/x\r\n\r\n"):
        if status(answer := exchange(port, garbled)) != 400:
            wrong.append(f"{garbled!r}: {answer[:80]!r}")
    printed = capfd.readouterr()
    assert not wrong, "bad paths not answered 400: " + "; ".join(wrong)
    assert printed.out == printed.err == "", f"the terminal got: {printed.out + printed.err!r}"


def test_big_headers_and_slow_clients_do_not_stall_other_clients(preview, capfd):
    _, port, _ = preview
    capfd.readouterr()
    silent = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
    silent.sendall(b"GET / HTTP/1.1\r\n")  # and nothing more
    stop = threading.Event()

    def trickle():  # one byte of a header every 0.2 s
        with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as slow:
            slow.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode())
            while not stop.wait(0.2):
                try:
                    slow.sendall(b"X")
                except OSError:
                    return

    trickler = threading.Thread(target=trickle, daemon=True)
    trickler.start()
    megabyte = 1 << 20
    big = {
        "one 1 MB header": f"X-Big: {'a' * megabyte}\r\n",
        "20 headers of 50 KB": "".join(f"X-Big-{i}: {'a' * (megabyte // 20)}\r\n" for i in range(20)),
        "10,000 small headers": "".join(f"X-{i}: {'a' * 100}\r\n" for i in range(10_000)),
    }
    try:
        wrong = []
        for name, headers in big.items():
            try:
                answer = get(port, "/", headers=headers, piece=65536)  # still sending when the server answers
            except OSError as error:
                answer = f"the connection was dropped ({error})".encode()
            if status(answer) not in (413, 431, 400):
                wrong.append(f"{name}: {answer[:80]!r}")
        started = time.monotonic()
        answer = get(port, "/")
        took = time.monotonic() - started
        assert status(answer) == 200 and took < 5, f"a plain GET beside slow clients: {answer[:80]!r} in {took:.1f} s"
        assert not wrong, "requests with 1 MB of headers not answered with a 4xx: " + "; ".join(wrong)
        started = time.monotonic()
        silent.settimeout(WAIT)
        leftover = silent.recv(65536)  # the server lets it go: b"" (closed), never a wait forever
        assert time.monotonic() - started < WAIT, "a silent client held its connection"
        assert leftover == b"" or status(leftover) is not None, leftover
    finally:
        stop.set()
        silent.close()
        trickler.join(timeout=WAIT)
    printed = capfd.readouterr()
    assert "Traceback" not in printed.out + printed.err, printed


def test_fifty_clients_while_a_file_is_saved_all_get_answers(preview, capfd):
    live, port, _ = preview
    paths = ["/", "/__live/", "/index.html", "/no-such-page/", "/feeds/all.atom.xml", "/__live/live.js"]
    answers, failures = [], []
    done = threading.Event()
    start = threading.Barrier(51, timeout=WAIT)

    def client(number):
        start.wait()
        deadline = time.monotonic() + 60
        while True:
            try:
                if number % 4 == 0:  # an event stream, read only as far as its status line
                    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as stream:
                        stream.sendall(f"GET /__live/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
                        answers.append(stream.recv(64))
                else:
                    answers.append(get(port, paths[number % len(paths)]))
            except OSError as error:
                failures.append(f"client {number}: {type(error).__name__}: {error}")
            if done.is_set() or time.monotonic() > deadline:
                return
            time.sleep(0.05)

    stop_watching = threading.Event()
    watcher = threading.Thread(target=live_server.watch, args=(live, [str(live.content)], stop_watching), daemon=True)
    watcher.start()
    clients = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(50)]
    for thread in clients:
        thread.start()
    version = live.version
    time.sleep(0.5)  # let the watcher start
    start.wait()
    edited = ARTICLE.replace("A large survey counted", "A large survey, saved during the test, counted")
    (live.content / "posts" / "complete.md").write_text(edited, encoding="utf-8")
    with live.changed:
        rebuilt = live.changed.wait_for(lambda: live.version != version, timeout=60)
    done.set()
    for thread in clients:
        thread.join(timeout=WAIT)
    stop_watching.set()
    watcher.join(timeout=WAIT)
    assert rebuilt, "saving the file did not rebuild within 60 s"
    assert live.ok, live.problems
    unanswered = [a[:60] for a in answers if status(a) is None]
    assert not failures and not unanswered, f"of {len(answers)} requests: {failures[:5]} {unanswered[:5]}"
    assert len(answers) >= 50, len(answers)
    printed = capfd.readouterr()
    assert "Traceback" not in printed.out + printed.err and "could not answer" not in printed.err, printed.err


def markup_in(html_text):
    """Every element that could run a script: <img>, <svg>, <iframe>, a <script> other than the
    preview's own and the page's structured data, any on... attribute."""
    soup = BeautifulSoup(html_text, "html.parser")
    found = [str(tag)[:80] for tag in soup.find_all(["img", "svg", "iframe"])]
    scripts = [tag for tag in soup.find_all("script") if tag.get("type") != "application/ld+json"]
    found += [str(tag)[:80] for tag in scripts if tag.get("src") != "/__live/live.js"]
    found += [str(tag)[:80] for tag in soup.find_all(True) if any(a.lower().startswith("on") for a in tag.attrs)]
    return found


def test_the_overlay_and_the_dashboard_escape_every_file_name_and_message(preview):
    live, port, _ = preview
    named = ARTICLE.replace("A complete test article", "A second test article")
    try:
        rebuild_with(live, {f"posts/{HOSTILE_NAME}": named})  # a good article, however it is named
        dashboard = body(get(port, "/__live/"))
        rebuild_with(live, {f"posts/{HOSTILE_NAME}": named.replace("Date: 2026-11-20", "Date: <svg onload=alert(2)>")})
        assert not live.ok, "the check is void: a bad date did not stop the build"
        pages = {"dashboard of the good build": dashboard, "dashboard": body(get(port, "/__live/"))}
        pages["page with the overlay"] = body(get(port, "/"))
        wrong = [f"{name}: {found}" for name, text in pages.items() if (found := markup_in(text))]
        missing = [name for name, text in pages.items() if "&lt;img src=x onerror=alert(1)&gt;" not in text]
        assert not wrong, "markup from a file name or a message reached the page: " + "; ".join(wrong)
        assert not missing, f"the file name is not shown (escaped) in: {missing}"
    finally:
        rebuild_with(live, {f"posts/{HOSTILE_NAME}": None})
    assert live.ok, live.problems


def test_the_event_stream_carries_only_what_a_page_shows(preview):
    live, port, folder = preview
    try:
        rebuild_with(live, {"posts/complete.md": ARTICLE.replace("Date: 2026-11-20", "Date: 2026-13-45")})
        assert not live.ok, "the check is void: a bad date did not stop the build"
        _, event = first_event(port)
        page = BeautifulSoup(body(get(port, "/")), "html.parser")
        shown = [item.get_text() for item in page.select("#live-problems li")]
        assert sorted(event) == ["notices", "ok", "problems", "same", "version"], f"the stream sends {sorted(event)}"
        assert event["same"] == [], f"a failed build names pages as unchanged: {event['same']}"
        fields = [sorted(problem) for problem in event["problems"] if sorted(problem) != RECORD]
        assert event["problems"] and not fields, f"the stream's problems are not records {RECORD}: {fields}"
        sent = [f"{p['file']}:{p['line']}: {p['problem']} — {p['fix']}" for p in event["problems"]]
        assert sent == shown, f"the stream's problems {sent} are not the page's {shown}"
        text = json.dumps(event, ensure_ascii=False)
        assert str(folder) not in text and SECRET not in text, text
    finally:
        rebuild_with(live, {"posts/complete.md": ARTICLE})
    assert live.ok, live.problems


def test_a_good_build_s_notices_show_at_the_foot_of_the_page_and_in_the_stream(preview):
    from test_pictures import phone_photo

    live, port, _ = preview
    try:
        rebuild_with(live, {"images/at-home.jpg": phone_photo()})
        assert live.ok, live.problems
        page = BeautifulSoup(body(get(port, "/")), "html.parser")
        shown = [item.get_text() for item in page.select("#live-notices li")]
        _, event = first_event(port)
        expected = [
            "content/images/at-home.jpg: the picture records where it was taken (GPS in its EXIF)",
            "content/images/at-home.jpg: no article or page shows this picture",
        ]
        missing = [text for text in expected if not any(line.startswith(text) for line in shown)]
        assert not missing, f"notices not at the foot of the page (JavaScript off): {missing}; shown: {shown}"
        assert event["notices"] == shown, f"the stream's notices {event['notices']} are not the page's {shown}"
        assert not page.select("#live-problems"), "a notice was shown as a problem"
    finally:
        rebuild_with(live, {"images/at-home.jpg": None})
    assert live.ok and not live.notices, live.notices
