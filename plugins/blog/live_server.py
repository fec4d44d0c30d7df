"""The writer's live preview: serve the site, rebuild on every save, show every problem.

One job: `make serve`. It always serves, even while an article is broken:
- builds in this process (`build.build`, so reads are remembered between
  saves) whenever a file under content/, theme/ or pelicanconf.py changes; a
  change to plugin code or requirements.txt restarts the server process; when
  a save changed only articles' text, their pages are first rendered alone
  (`fast_render`, in memory, never written) and shown until the build is in place;
- serves output/ with pretty URLs and the 404 page, and adds to
  each HTML page it sends (never to the files) a small script that listens on
  /__live/events: a good build reloads the page, a failed one shows every
  problem as `path:line: problem — fix` over the page, until the next good save;
  with JavaScript off, the problems are in the page when it is loaded; problems
  stay records (`problems.Problem`) until this module or live.js writes them;
- /__live/ is the editor's dashboard: every article and page with its status,
  words, reading grade, citations, review-due date, series part and problems.

It is a local tool, not a door: it listens on 127.0.0.1 unless --host names
another address (and then warns); it answers only requests whose Host is its
own address (DNS rebinding); it serves only files inside output/ once the path
is percent-decoded once and symbolic links are followed; a bad path (NUL,
backslash, overlong UTF-8, too long) gets a 400; every client has its own
thread and a socket timeout; no answer carries CORS headers, and a client that
goes away prints nothing.

Command line: `python plugins/blog/live_server.py [--port N] [--host ADDRESS] [--content DIR] [--output DIR]`.
"""

import argparse
import dataclasses
import errno
import gc
import html
import ipaddress
import json
import mimetypes
import os
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote_to_bytes

if __name__ == "__main__":  # run as a script: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from blog import build, dashboard, fast_render  # noqa: E402

PROJECT = Path(__file__).resolve().parents[2]
CLIENT = Path(__file__).with_name("live") / "live.js"
TYPES = {".webmanifest": "application/manifest+json", ".xml": "application/xml", ".js": "text/javascript"}
RESTART_ON = ("plugins/", "requirements.txt")
LOCAL = "127.0.0.1"  # the only address served unless --host names another
CLIENT_TIMEOUT = 10  # seconds a client may stay silent, or not read, before it is let go
LINGER = 2  # seconds spent reading what a client still sends after its answer
MAX_PATH = 2048  # characters of a request's path (a 414 comes only past 64 KB of request line)
MAX_HEADERS = 65536  # bytes of request headers


class PortInUse(Exception):
    pass


class Live:
    """The last build's outcome, and the browsers waiting for the next one."""

    def __init__(self, settings, content, output, overrides=None):
        self.settings, self.content, self.output, self.overrides = settings, content, Path(output), overrides
        self.version, self.ok, self.problems, self.seconds = 0, None, [], 0.0
        self.quick = {}  # {output file: bytes}: pages rendered alone, served until the build is in place
        self.notices = []  # the last build's notices (a picture's GPS position, an overdue review): text
        self.same = []  # the addresses of those pages when the build made them the same: no reload
        self.changed = threading.Condition()

    def rebuild(self, why="start", changed=()):
        """Build again; when only articles' text changed, first show their pages rendered alone."""
        started = time.perf_counter()
        quick = fast_render.page_for(changed)
        if quick:
            root = self.output.resolve()
            with self.changed:
                self.quick = {root / name: data for name, data in quick.items()}
                self.version, self.ok, self.problems, self.same = self.version + 1, True, [], []
                self.changed.notify_all()
            seconds = time.perf_counter() - started
            print(f"[{time.strftime('%H:%M:%S')}] {why}: shown in {seconds:.2f} s, building the rest", flush=True)
        gc.unfreeze()
        result = build.build(self.settings, self.output, self.content, self.overrides)
        fast_render.keep(result.ok)
        with self.changed:
            same = [file for file, data in self.quick.items() if result.ok and read_bytes(file) == data]
            self.quick, self.same = {}, [url for file in same for url in urls_of(file, self.output.resolve())]
            self.version += 1
            self.ok, self.problems, self.seconds = result.ok, result.problems, result.seconds
            self.notices = list(result.notices)
            self.changed.notify_all()
        stamp = time.strftime("%H:%M:%S")
        print(f"[{stamp}] {why}: " + ("built" if result.ok else "the build stopped"), flush=True)
        print(result.text, file=sys.stdout if result.ok else sys.stderr, flush=True)
        gc.collect()
        gc.freeze()  # what the build left is not scanned again by a collection in the next fast render

    def state(self):
        return {
            "version": self.version,
            "ok": bool(self.ok),
            "problems": self.problems,
            "notices": self.notices,
            "same": self.same,
        }

    def wait(self, seen, timeout):
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.state()


def read_bytes(file):
    try:
        return file.read_bytes()
    except OSError:
        return None


def urls_of(file, root):
    """The addresses a browser may show for an output file: /a/b/index.html is also /a/b/."""
    path = "/" + file.relative_to(root).as_posix()
    return [path, path[: -len("index.html")]] if path.endswith("/index.html") else [path]


def event_json(state):
    """A state as the event stream sends it to live.js: each problem as {file, line, problem, fix}."""
    return json.dumps({**state, "problems": [dataclasses.asdict(problem) for problem in state["problems"]]})


def overlay_html(problems):
    """The problems (records) as markup, for a page loaded while the build is broken (JavaScript off)."""
    items = "".join(f"<li>{html.escape(str(problem))}</li>" for problem in problems)
    count = "1 problem stops the build" if len(problems) == 1 else f"{len(problems)} problems stop the build"
    return (
        '<section id="live-problems" role="alertdialog" aria-labelledby="live-problems-title" '
        'style="position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;'
        'background:#1b1b1f;color:#fff;font:1.125rem/1.5 system-ui,sans-serif">'
        f'<h2 id="live-problems-title" style="margin:0 0 1rem;color:#ffb4a9">{count}</h2>'
        f'<ol style="font-family:ui-monospace,monospace;white-space:pre-wrap">{items}</ol>'
        "<p>Fix the file and save: this page updates by itself.</p></section>"
    )


def notices_html(notices):
    """The last good build's notices, at the foot of the page (they do not stop the build)."""
    items = "".join(f"<li>{html.escape(notice)}</li>" for notice in notices)
    return (
        '<aside id="live-notices" role="status" aria-label="Notices of the build" '
        'style="position:fixed;inset:auto 0 0 0;z-index:2147483646;max-block-size:40vh;overflow:auto;margin:0;'
        'padding:1rem 1.5rem;background:#3b2f00;color:#fff;font:1rem/1.5 system-ui,sans-serif">'
        '<ul style="margin:0;padding-left:1.25rem;font-family:ui-monospace,monospace;white-space:pre-wrap">'
        f"{items}</ul>"
        "</aside>"
    )


def dashboard_html(live):
    problems_of = {}
    for problem in live.problems:
        problems_of.setdefault(problem.file, []).append(problem)
    today = build.today_of(dashboard.settings)
    rows = []
    for row in list(dashboard.rows):  # a build may be replacing them
        words, grade = dashboard.measured(row) if row["kind"] == "article" else (None, None)
        due = row["next_review"]
        overdue = row["overdue"] or (due is not None and due < today)
        found = problems_of.get(row["source"], [])
        rows.append(
            "<tr>"
            f'<td><a href="{html.escape(row["url"])}">{html.escape(row["title"])}</a><br><small>'
            f"{html.escape(row['source'])}</small></td>"
            f"<td>{row['kind']}, {html.escape(row['status'])}</td>"
            f"<td>{'' if words is None else f'{words:,}'}</td><td>{'' if grade is None else grade}</td>"
            f"<td>{row['citations'] or ''}</td>"
            f"<td>{'' if due is None else due.isoformat()}{' <strong>overdue</strong>' if overdue else ''}</td>"
            f"<td>{html.escape(row['series'])}</td>"
            f"<td>{'<br>'.join(html.escape(str(p)) for p in found) or 'none'}</td>"
            "</tr>"
        )
    sources = {row["source"] for row in dashboard.rows}
    extra = "".join(f"<li>{html.escape(str(p))}</li>" for p in live.problems if p.file not in sources)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Editor's dashboard</title>"
        "<style>body{font:1rem/1.5 system-ui,sans-serif;margin:1rem}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:.4rem;text-align:left;vertical-align:top}</style></head><body>"
        "<h1>Editor's dashboard</h1>"
        f"<p>Last build: {'good' if live.ok else 'stopped'} ({live.seconds:.1f} s). Only in your preview; "
        "never published.</p>"
        + (f"<h2>Problems in no article or page</h2><ul>{extra}</ul>" if extra else "")
        + '<table><caption>Every article and page of the last good build</caption><thead><tr><th scope="col">Title'
        '</th><th scope="col">Kind, status</th><th scope="col">Words</th><th scope="col">Reading grade</th>'
        '<th scope="col">Citations</th><th scope="col">Review due</th><th scope="col">Series part</th>'
        '<th scope="col">Problems now</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></body></html>"
    )


def request_path(target):
    """The path a request asks for, percent-decoded once; None when no browser would send it: not
    starting with '/', longer than MAX_PATH, not UTF-8 (overlong forms included), a backslash or a
    control character (NUL included)."""
    path = target.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/") or len(path) > MAX_PATH:
        return None
    try:  # http.server decoded the request line as Latin-1: back to its bytes, then decode them once
        decoded = unquote_to_bytes(path.encode("latin-1")).decode("utf-8")
    except UnicodeError:
        return None
    if "\\" in decoded or any(ord(c) < 32 or ord(c) == 127 for c in decoded):
        return None
    return decoded


def is_address(host):
    """True for an IP address written as numbers (no rebinding can make a page send one as its Host)."""
    try:
        return bool(ipaddress.ip_address(host))
    except ValueError:
        return False


def is_loopback(host):
    return host == "localhost" or (is_address(host) and ipaddress.ip_address(host).is_loopback)


class PreviewServer(ThreadingHTTPServer):
    """The preview's HTTP server (a daemon thread per client): room for many clients connecting at
    once, closes that do not lose the last answer, and no traceback when a client goes away."""

    request_queue_size = 128  # socketserver's 5 makes the 6th client at once wait for a SYN retry (1 s+)

    def __init__(self, host, port, handler):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), handler)
        port = self.server_address[1]
        names = {"127.0.0.1", "localhost", host}
        if ":" in host:  # IPv6, which a Host header writes in brackets
            names = {"127.0.0.1", "localhost", "[::1]", f"[{host}]"}
        self.hosts = {f"{name}:{port}".lower() for name in names if name}
        self.any_address = host in ("", "0.0.0.0", "::")

    def answers_to(self, host_header):
        """True when a request's Host names this server (a page of another site that a DNS
        rebinding points at 127.0.0.1 sends its own name)."""
        host = (host_header or "").lower()
        if host in self.hosts:
            return True
        name, _, port = host.rpartition(":")
        return self.any_address and port == str(self.server_address[1]) and is_address(name.strip("[]"))

    def shutdown_request(self, request):
        """Stop sending, then read and drop what the client still sends (for LINGER seconds at
        most): closing with unread bytes resets the connection and loses the answer sent."""
        try:
            request.shutdown(socket.SHUT_WR)
            request.settimeout(LINGER)
            deadline = time.monotonic() + LINGER
            while time.monotonic() < deadline and request.recv(65536):
                pass
        except OSError:
            pass
        self.close_request(request)

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):  # a client that went away is no news
            print(f"The preview could not answer a request: {type(error).__name__}: {error}", file=sys.stderr)


def handler_for(live):
    class Handler(BaseHTTPRequestHandler):
        server_version = "live-preview"
        timeout = CLIENT_TIMEOUT
        error_message_format = "%(code)d %(message)s\n"
        error_content_type = "text/plain; charset=utf-8"
        default_request_version = "HTTP/1.0"  # so that even a garbled request line gets a status line
        answered = False

        def log_message(self, format, *args):  # quiet: the terminal is for build messages
            pass

        def send_response(self, code, message=None):
            self.answered = True
            super().send_response(code, message)
            self.send_header("X-Content-Type-Options", "nosniff")

        def parse_request(self):
            if not super().parse_request():
                return False
            if sum(len(k) + len(v) + 4 for k, v in self.headers.items()) > MAX_HEADERS:
                self.send_error(431, f"Request headers larger than {MAX_HEADERS} bytes")
                return False
            return True

        def send(self, status, body, content_type):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self):
            self.do_GET()

        def do_GET(self):
            try:
                self.answer()
            except (ConnectionError, TimeoutError):
                self.close_connection = True
            except Exception as error:  # a bug of ours: one line in the terminal, a 500 to the browser
                print(
                    f"The preview could not answer {self.path[:200]!r}: {type(error).__name__}: {error}",
                    file=sys.stderr,
                )
                if not self.answered:
                    self.send_error(500, "The preview could not answer; see its terminal")

        def answer(self):
            path = request_path(self.path)
            if path is None:
                return self.send(400, b"Bad path\n", "text/plain; charset=utf-8")
            if not self.server.answers_to(self.headers.get("Host")):
                return self.send(
                    403,
                    b"This preview answers only its own address (the Host header named another).\n",
                    "text/plain; charset=utf-8",
                )
            if path == "/__live/events":
                return self.events()
            if path == "/__live/live.js":
                return self.send(200, CLIENT.read_bytes(), "text/javascript; charset=utf-8")
            if path in ("/__live", "/__live/"):
                return self.send(200, dashboard_html(live).encode(), "text/html; charset=utf-8")
            status, body = 200, self.read(self.file_for(path))
            if body is None:
                status, body = 404, self.read(live.output / "404.html")
            if body is None:
                empty = b"<!DOCTYPE html><html lang='en'><title>Not built yet</title><body></body></html>"
                return self.send(status, self.page(empty), "text/html; charset=utf-8")
            file, data = body
            if file.suffix == ".html":
                return self.send(status, self.page(data), "text/html; charset=utf-8")
            kind = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            self.send(status, data, kind)

        def file_for(self, path):
            """The file under output/ a path names once symbolic links are followed, or None."""
            root = live.output.resolve()
            try:
                target = (root / path.lstrip("/")).resolve()
                if not target.is_relative_to(root):
                    return None
                return target / "index.html" if target.is_dir() else target
            except OSError:
                return None

        def read(self, file):
            """(file, its bytes), or None when it is not there (a build may be swapping output/); a
            page rendered alone (`fast_render`) while the build that follows is not yet in place."""
            quick = live.quick.get(file)
            if quick is not None:
                return file, quick
            try:
                return (file, file.read_bytes()) if file is not None and file.is_file() else None
            except OSError:
                return None

        def page(self, body):
            state = live.state()
            extra = f'<script src="/__live/live.js" data-version="{state["version"]}" defer></script>'
            if not state["ok"]:
                extra += overlay_html(state["problems"])
            elif state["notices"]:
                extra += notices_html(state["notices"])
            marker = b"</body>"
            index = body.rfind(marker)
            return body[:index] + extra.encode() + body[index:] if index >= 0 else body + extra.encode()

        def events(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = None
            while self.command != "HEAD":
                state = live.wait(seen, timeout=15)
                if state["version"] == seen:
                    self.wfile.write(b": still here\n\n")
                else:
                    self.wfile.write(f"data: {event_json(state)}\n\n".encode())
                    seen = state["version"]
                self.wfile.flush()

    return Handler


def watch(live, paths, stop=None):
    """Rebuild on every change; restart the process when plugin code or requirements change."""
    import watchfiles

    for changes in watchfiles.watch(*paths, debounce=200, step=20, raise_interrupt=False, stop_event=stop):
        changed = [os.path.relpath(path, PROJECT) for _, path in changes]
        if any(c.startswith(RESTART_ON) for c in changed):
            print("Plugin code or requirements changed: restarting the preview.", flush=True)
            os.execv(sys.executable, [sys.executable, *sys.argv])
        live.rebuild(", ".join(sorted(changed))[:100], [path for _, path in changes])


def open_server(live, host=LOCAL, port=8000):
    """The server, bound (not yet serving). Raises PortInUse (a one-line message) when the port is
    taken; warns when it is open to other computers."""
    try:
        server = PreviewServer(host, port, handler_for(live))
    except OSError as error:
        if error.errno in (errno.EADDRINUSE, errno.EACCES):
            raise PortInUse(
                f"Port {port} is already in use (is another preview running?) — stop it, or choose "
                f"another port: make serve PORT={port + 1}"
            ) from None
        raise
    if not is_loopback(host):
        print(
            f"Warning: the preview is open to other computers ({host or 'every address'}, port {port}): anyone "
            "who can reach this computer can read your drafts. Leave out --host to keep it on this computer.",
            flush=True,
        )
    return server


def serve(settings, content, output, port=8000, host=LOCAL, overrides=None):
    """Serve until Ctrl-C. Raises PortInUse (a one-line message) when the port is taken."""
    live = Live(settings, content, output, overrides)
    server = open_server(live, host, port)
    shown = f"[{host}]" if ":" in host else host
    paths = [content, PROJECT / "theme", PROJECT / "plugins", settings, PROJECT / "requirements.txt"]
    try:
        live.rebuild()
        print(f"Preview: http://{shown}:{port}/ — dashboard: http://{shown}:{port}/__live/ — Ctrl-C stops.", flush=True)
        threading.Thread(target=watch, args=(live, [str(p) for p in paths]), daemon=True).start()
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("\nStopped the preview.", flush=True)
    finally:
        server.server_close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default=str(PROJECT / "pelicanconf.py"))
    parser.add_argument("--content", default=str(PROJECT / "content"))
    parser.add_argument("--output", default=str(PROJECT / "output"))
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default=LOCAL, help="the address to listen on (only this computer by default)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=JSON", help="override a setting")
    args = parser.parse_args(argv)
    try:
        serve(args.settings, args.content, args.output, args.port, args.host, build.overrides_of(parser, args.set))
    except PortInUse as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
