"""Hosting: deploy/nginx.conf serving the publish build for real (headers, content types,
pretty URLs, the 404 page, caching, compression), and the `_headers` file that Netlify
and Cloudflare Pages read. The security headers must equal SECURITY_HEADERS."""

import gzip
import os
import pwd
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from browser import free_port
from sitecheck import ROOT, report

NGINX_CONF = ROOT / "deploy" / "nginx.conf"
# What the test replaces in deploy/nginx.conf: where it listens and the built site's folder.
LISTEN = "listen 80;"
LISTEN_IPV6 = "listen [::]:80;"
SITE_FOLDER = "/srv/healing-touch/output/"
BASE = "/blog/"  # the publish build's SITEURL is https://example.org/blog
NO_NGINX = (
    "No nginx to test deploy/nginx.conf: install Debian's with 'apt-get install nginx' "
    "(CI's .ci/run does this); the test runs it as the current user, on 127.0.0.1."
)
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"
SHORT = "public, max-age=3600"
# The smallest valid WebAssembly module: Pagefind 1.5 ships its wasm as *.pagefind, so the
# test adds one .wasm file to its copy of the site to check that type too.
WASM_PROBE = b"\0asm\x01\0\0\0"


@dataclass
class Response:
    status: int
    headers: object  # http.client.HTTPMessage
    body: bytes


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is a response to check, not to follow


# No proxy from the environment: the server is on 127.0.0.1.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects)


def find_nginx():
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def server_block(port, folder):
    """deploy/nginx.conf with the test's port and site folder in place of the placeholders.

    Raises ValueError when a placeholder is not on exactly one line (comments aside).
    """
    lines = NGINX_CONF.read_text(encoding="utf-8").splitlines()
    replacements = {
        LISTEN: f"listen 127.0.0.1:{port};",
        LISTEN_IPV6: "",
        f"alias {SITE_FOLDER};": f"alias {folder}/;",
    }
    for placeholder, replacement in replacements.items():
        found = [n for n, line in enumerate(lines) if line.strip() == placeholder]
        if len(found) != 1:
            raise ValueError(f"deploy/nginx.conf: expected one line '{placeholder}' (the test replaces it)")
        lines[found[0]] = replacement
    return "\n".join(lines) + "\n"


def main_conf(prefix):
    """An nginx main context around the server block, with every path inside `prefix`."""
    # Started as root, nginx would hand requests to 'nobody', who cannot read pytest's tmp folders.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    temp = "\n".join(f"  {kind}_temp_path {prefix}/{kind}_temp;" for kind in ("proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""{user}
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
  access_log {prefix}/access.log;
  client_body_temp_path {prefix}/client_body_temp;
{temp}
  include {prefix}/site.conf;
}}
"""


@pytest.fixture(scope="module")
def nginx(publish_site, tmp_path_factory):
    """deploy/nginx.conf serving a copy of the publish build at /blog/ on a free port.

    Yields the server's base URL, or a message saying why nginx could not run (each
    test fails with it). The server is always stopped at the end of the module.
    """
    binary = find_nginx()
    if binary is None:
        yield NO_NGINX
        return
    prefix = tmp_path_factory.mktemp("nginx")
    site = prefix / "site"
    shutil.copytree(publish_site.root, site)
    (site / "probe.wasm").write_bytes(WASM_PROBE)
    port = free_port()
    try:
        (prefix / "site.conf").write_text(server_block(port, site), encoding="utf-8")
    except ValueError as problem:
        yield str(problem)
        return
    (prefix / "nginx.conf").write_text(main_conf(prefix), encoding="utf-8")
    command = [binary, "-c", str(prefix / "nginx.conf"), "-p", f"{prefix}/", "-e", str(prefix / "error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    if check.returncode != 0:
        yield f"nginx rejects deploy/nginx.conf:\n{check.stderr}"
        return
    with open(prefix / "stderr.log", "wb") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        deadline = time.monotonic() + 15  # waiting for the port to open, not measuring anything
        while process.poll() is None and time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        if process.poll() is not None or time.monotonic() >= deadline:
            logs = "\n".join(
                (prefix / name).read_text(encoding="utf-8", errors="replace")
                for name in ("stderr.log", "error.log")
                if (prefix / name).exists()
            )
            yield f"nginx did not start on 127.0.0.1:{port}:\n{logs}"
        else:
            yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def served(nginx):
    """The base URL, or fail the test with the reason nginx is not running."""
    if not nginx.startswith("http://"):
        pytest.fail(nginx, pytrace=False)
    return nginx


def fetch(base, path, **headers):
    """GET base + path without following redirects; every status is a Response."""
    request = urllib.request.Request(base + path, headers=headers)
    try:
        with _OPENER.open(request, timeout=10) as answer:
            return Response(answer.status, answer.headers, answer.read())
    except urllib.error.HTTPError as error:
        with error:
            return Response(error.code, error.headers, error.read())


def page_path(page):
    """The URL path of a built HTML page under /blog/ ('posts/x/index.html' -> '/blog/posts/x/')."""
    return BASE + (page[: -len("index.html")] if page.endswith("index.html") else page)


def first(site, pattern):
    """The URL path of the first built file matching a glob, or a note that there is none."""
    found = sorted(site.root.glob(pattern))
    return BASE + found[0].relative_to(site.root).as_posix() if found else f"(no {pattern} in the build)"


def sample_files(site):
    """One URL path of each kind of file the site serves, with its expected Content-Type."""
    return {
        BASE: "text/html; charset=utf-8",
        page_path("posts/acupuncture-safety/index.html"): "text/html; charset=utf-8",
        BASE + "404.html": "text/html; charset=utf-8",
        BASE + "theme/css/main.css": "text/css; charset=utf-8",
        BASE + "theme/js/search.js": "text/javascript; charset=utf-8",
        BASE + "pagefind/pagefind.js": "text/javascript; charset=utf-8",
        BASE + "pagefind/pagefind-entry.json": "application/json; charset=utf-8",
        BASE + "feeds/all.atom.xml": "application/xml; charset=utf-8",
        BASE + "feeds/all.rss.xml": "application/xml; charset=utf-8",
        BASE + "theme/css/feed.css": "text/css; charset=utf-8",
        BASE + "sitemap.xml": "application/xml; charset=utf-8",
        BASE + "robots.txt": "text/plain; charset=utf-8",
        BASE + "site.webmanifest": "application/manifest+json; charset=utf-8",
        BASE + "favicon.svg": "image/svg+xml; charset=utf-8",
        BASE + "favicon.ico": "image/x-icon",
        "/favicon.ico": "image/x-icon",
        BASE + "icon-192.png": "image/png",
        first(site, "cards/*.png"): "image/png",
        BASE + "probe.wasm": "application/wasm",
        first(site, "pagefind/*.pf_meta"): "application/octet-stream",
        first(site, "pagefind/wasm.*.pagefind"): "application/octet-stream",
        first(site, "pagefind/fragment/*.pf_fragment"): "application/octet-stream",
        first(site, "pagefind/index/*.pf_index"): "application/octet-stream",
    }


def test_nginx_sends_the_security_headers_on_every_page(nginx, publish_site, settings):
    """Every HTML page, every other kind of file, a redirect and a 404: SECURITY_HEADERS, once each."""
    base = served(nginx)
    paths = [page_path(page) for page in publish_site.pages]
    paths += [path for path in sample_files(publish_site) if path.startswith("/")]
    paths += [BASE + "posts/acupuncture-safety", BASE + "no-such-page/"]
    problems = []
    for path in paths:
        response = fetch(base, path)
        for name, value in settings["SECURITY_HEADERS"].items():
            sent = response.headers.get_all(name) or []
            if sent != [value]:
                problems.append(f"{path} ({response.status}): {name} is {sent or 'missing'}, expected '{value}'")
    assert not problems, report(problems, "responses whose security headers differ from SECURITY_HEADERS")


def test_nginx_sends_the_right_content_types(nginx, publish_site):
    base = served(nginx)
    problems = []
    for path, expected in sample_files(publish_site).items():
        if not path.startswith("/"):
            problems.append(path)
            continue
        response = fetch(base, path)
        if response.status != 200:
            problems.append(f"{path}: status {response.status}")
        elif response.headers.get("Content-Type") != expected:
            problems.append(f"{path}: Content-Type '{response.headers.get('Content-Type')}', expected '{expected}'")
    assert not problems, report(problems, "files served with the wrong content type")


def test_nginx_answers_favicon_ico_at_the_server_root_with_the_sites_icon(nginx, publish_site):
    """Browsers ask the server's root for /favicon.ico even when the blog lives under /blog/:
    nginx answers it with the build's favicon.ico (an internal rewrite, not a redirect)."""
    base = served(nginx)
    icon = (publish_site.root / "favicon.ico").read_bytes()
    problems = []
    for path in ("/favicon.ico", BASE + "favicon.ico"):
        response = fetch(base, path)
        if response.status != 200 or response.body != icon:
            problems.append(
                f"{path}: status {response.status}, {len(response.body)} bytes, not the build's favicon.ico"
            )
    assert not problems, report(problems, "favicon.ico not served")


def test_nginx_redirects_folders_to_their_slash_form(nginx, publish_site):
    """/blog/posts/<slug> -> /blog/posts/<slug>/ (and /blog -> /blog/), for every folder page."""
    base = served(nginx)
    folders = [page_path(page) for page in publish_site.pages if page.endswith("/index.html")]
    assert any(path.startswith(BASE + "posts/") for path in folders), "no article pages in the publish build"
    problems = []
    for target in [BASE, *folders]:
        response = fetch(base, target.rstrip("/"))
        location = response.headers.get("Location")
        if response.status != 301 or location != target:
            problems.append(f"{target.rstrip('/')}: {response.status} to {location}, expected 301 to {target}")
    for target in folders:
        if fetch(base, target).status != 200:
            problems.append(f"{target}: does not serve its index.html")
    assert not problems, report(problems, "pretty URLs not served or redirected")


def test_nginx_answers_missing_urls_with_the_404_page(nginx, publish_site):
    """Missing pages and files, folders without a page (no listing) and the hosts' files: 404 + our page."""
    base = served(nginx)
    page = (publish_site.root / "404.html").read_bytes()
    missing = [
        BASE + "no-such-page/",
        BASE + "no-such-page",
        BASE + "posts/no-such-article/",
        BASE + "theme/css/no-such.css",
        BASE + "theme/",
        BASE + "pagefind/fragment/",
        BASE + ".nojekyll",
        BASE + "_headers",
    ]
    problems = []
    for path in missing:
        response = fetch(base, path)
        if response.status != 404:
            problems.append(f"{path}: status {response.status}, expected 404")
        elif response.body != page:
            problems.append(f"{path}: the body is not 404.html ({response.body[:80]!r})")
    assert not problems, report(problems, "missing URLs not answered with the site's 404 page")


def test_nginx_caches_only_hashed_urls_for_long(nginx, publish_site):
    """Hashed URLs for a year (immutable); icons and cards an hour; everything else revalidates."""
    base = served(nginx)
    expected = {
        BASE + "theme/css/main.css?v=x": IMMUTABLE,
        BASE + "theme/js/search.js?v=x": IMMUTABLE,
        first(publish_site, "pagefind/fragment/*.pf_fragment"): IMMUTABLE,
        first(publish_site, "pagefind/index/*.pf_index"): IMMUTABLE,
        BASE + "favicon.svg": SHORT,
        BASE + "favicon.ico": SHORT,
        "/favicon.ico": SHORT,
        BASE + "icon-192.png": SHORT,
        BASE + "apple-touch-icon.png": SHORT,
        first(publish_site, "cards/*.png"): SHORT,
        BASE + "feeds/all.atom.xml": REVALIDATE,
        BASE + "feeds/all.rss.xml": REVALIDATE,
        BASE + "pagefind/pagefind.js": REVALIDATE,
        BASE + "pagefind/pagefind-entry.json": REVALIDATE,
        first(publish_site, "pagefind/*.pf_meta"): REVALIDATE,
        first(publish_site, "pagefind/wasm.*.pagefind"): REVALIDATE,
        BASE + "site.webmanifest": REVALIDATE,
        BASE + "sitemap.xml": REVALIDATE,
        BASE + "no-such-page/": REVALIDATE,
        **{page_path(page): REVALIDATE for page in publish_site.pages},
    }
    problems = []
    for path, cache in expected.items():
        if not path.startswith("/"):
            problems.append(path)
            continue
        sent = fetch(base, path).headers.get_all("Cache-Control") or []
        if sent != [cache]:
            problems.append(f"{path}: Cache-Control {sent or 'missing'}, expected '{cache}'")
    assert not problems, report(problems, "responses with the wrong Cache-Control")


def test_long_cached_theme_urls_carry_a_content_hash(publish_site):
    """The year-long cache of /theme/ is safe only if every page asks for it with ?v=<hash>."""
    problems = []
    for page in publish_site.pages:
        for tag, attribute, url, _ in publish_site.urls(page):
            parts = urlsplit(urljoin(publish_site.url_of(page), url))
            in_theme = parts.netloc == publish_site.host and parts.path.startswith(BASE + "theme/")
            if in_theme and not parse_qs(parts.query).get("v"):
                problems.append(f"{page}: <{tag} {attribute}> {url} has no ?v=<hash>")
    assert not problems, report(problems, "theme URLs cached for a year without a content hash")


def test_nginx_compresses_text(nginx, publish_site):
    base = served(nginx)
    text = [BASE, BASE + "theme/css/main.css", BASE + "pagefind/pagefind.js", BASE + "feeds/all.atom.xml"]
    # Files above gzip_min_length (256 bytes): smaller ones are sent as they are.
    text += [BASE + "theme/js/search.js", BASE + "sitemap.xml", BASE + "site.webmanifest", BASE + "theme/css/feed.css"]
    already_compressed = [BASE + "icon-512.png", first(publish_site, "pagefind/wasm.*.pagefind")]
    problems = []
    for path in text + already_compressed:
        response = fetch(base, path, **{"Accept-Encoding": "gzip"})
        encoding = response.headers.get("Content-Encoding")
        if path in already_compressed:
            if encoding:
                problems.append(f"{path}: compressed again ({encoding})")
            continue
        file = publish_site.root / (path[len(BASE) :] or "index.html")
        if encoding != "gzip":
            problems.append(f"{path}: Content-Encoding {encoding}, expected gzip")
        elif gzip.decompress(response.body) != file.read_bytes():
            problems.append(f"{path}: the gzipped body is not the file")
        elif "Accept-Encoding" not in (response.headers.get("Vary") or ""):
            problems.append(f"{path}: no 'Vary: Accept-Encoding'")
    assert not problems, report(problems, "compression problems")


def test_nginx_does_not_name_its_version(nginx):
    response = fetch(served(nginx), BASE)
    assert response.headers.get("Server") == "nginx", f"Server: {response.headers.get('Server')} (server_tokens off?)"


def parse_headers_file(text):
    """Netlify/Cloudflare `_headers`: {path: {header name: value}}; problems for lines it cannot read."""
    rules, problems, current = {}, [], None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            if not line.startswith("/"):
                problems.append(f"line {number}: a path must start with '/': {line!r}")
            current = rules.setdefault(line.strip(), {})
        elif current is None or ":" not in line:
            problems.append(f"line {number}: not 'Name: value' under a path: {line!r}")
        else:
            name, value = (part.strip() for part in line.split(":", 1))
            if name in current:
                problems.append(f"line {number}: {name} twice under one path")
            current[name] = value
    return rules, problems


def test_headers_file_sends_the_security_headers_and_cache_rules(publish_site, settings):
    """The publish build's `_headers` (Netlify, Cloudflare Pages): SECURITY_HEADERS under /*,
    a year's immutable cache for the hashed URLs.

    Both hosts join the values of a header that two matching rules set, so a header may
    appear under one rule only.
    """
    built = publish_site.root / "_headers"
    assert built.is_file(), (
        "the publish build has no _headers: publishconf.py's TEMPLATE_PAGES should render "
        "theme/templates/text/_headers to _headers"
    )
    rules, problems = parse_headers_file(built.read_text(encoding="utf-8"))
    everywhere = rules.get("/*", {})
    for name, value in settings["SECURITY_HEADERS"].items():
        if everywhere.get(name) != value:
            problems.append(f"/*: {name} is {everywhere.get(name)!r}, expected {value!r}")
    for path in ("/theme/*", "/pagefind/fragment/*", "/pagefind/index/*"):
        cache = rules.get(path, {}).get("Cache-Control")
        if cache != IMMUTABLE:
            problems.append(f"{path}: Cache-Control is {cache!r}, expected {IMMUTABLE!r}")
    for path, headers in rules.items():
        if path != "/*":
            problems += [f"{path}: {name} is also set under /*" for name in headers if name in everywhere]
    assert not problems, report(problems, "problems in the built _headers")
