"""Helpers for the browser tests: find a Chromium, a free port, serve a built site on 127.0.0.1
under its URL path, and the scripts run inside each page. No fixtures here."""

import http.server
import os
import re
import socket
import threading
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Debian's chromium first (CI installs it with apt-get); Playwright's own download
# only as a fallback, on machines where `playwright install chromium` can reach it.
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
# Without these flags headless Chromium tries to reach Google (updates, sync, field
# trials) and logs the network errors as console noise.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_BROWSER = (
    "No Chromium to run the browser tests: install Debian's with 'apt-get install chromium' "
    "(CI's .ci/run does this), or on a machine with internet access run "
    "'.venv/bin/python -m playwright install chromium'."
)


def free_port():
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def find_chromium(playwright):
    """The Chromium executable to launch, or None when there is none."""
    if DEBIAN_CHROMIUM.is_file() and os.access(DEBIAN_CHROMIUM, os.X_OK):
        return str(DEBIAN_CHROMIUM)
    bundled = Path(playwright.chromium.executable_path)
    return str(bundled) if bundled.is_file() else None


def read_headers_file(path):
    """The rules of a Netlify/Cloudflare Pages `_headers` file: [(path pattern, [(name, value)])].
    A pattern is a path from the site root; '*' matches anything. No file: no rules."""
    rules = []
    if not Path(path).is_file():
        return rules
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((re.compile(re.escape(line.strip()).replace(r"\*", ".*")), []))
        elif rules and ":" in line:
            name, value = line.split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` under `prefix` with the headers its `_headers` file gives (as
    Netlify or Cloudflare Pages would); anything missing gets 404.html with status 404,
    as the README tells hosts to do."""

    def __init__(self, *args, prefix, rules, **kwargs):
        self.prefix = prefix
        self.rules = rules
        super().__init__(*args, **kwargs)

    def end_headers(self):
        path = unquote(urlsplit(self.path).path)
        site_path = "/" + path[len(self.prefix) :] if (path + "/").startswith(self.prefix) else None
        for pattern, headers in self.rules:
            if site_path is not None and pattern.fullmatch(site_path):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()

    def translate_path(self, path):
        path = unquote(urlsplit(path).path)
        if not (path + "/").startswith(self.prefix):
            return str(Path(self.directory) / ".outside-the-prefix" / "none")  # never a file: 404
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # quiet: failures show up in the tests' own reports


class SiteServer:
    """A threaded HTTP server on a free port of 127.0.0.1 serving `root` under `prefix`
    (e.g. '/blog/'). Use as a context manager; `url(path)` gives a local URL."""

    def __init__(self, root, prefix="/"):
        self.prefix = prefix if prefix.endswith("/") else prefix + "/"
        self.root = Path(root)
        self.rules = read_headers_file(self.root / "_headers")
        handler = partial(_SiteHandler, directory=str(root), prefix=self.prefix, rules=self.rules)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def load_headers(self):
        """Read `_headers` again (after a build into the served folder)."""
        self.rules[:] = read_headers_file(self.root / "_headers")

    def local(self, public_url):
        """The local URL answering a public one (same path and query, this server's origin)."""
        parts = urlsplit(public_url)
        return self.origin + parts.path + (f"?{parts.query}" if parts.query else "")


# Records Content-Security-Policy violations on window before any page script runs.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`);
});
"""

# Every element a keyboard user can reach with Tab, as (selector, problem) pairs for
# those that show no focus indicator. One call per page: each element is measured
# unfocused, then focused (after a real Tab press, so Chromium treats programmatic
# focus as keyboard focus and :focus-visible matches), and it counts as indicated
# when the focused outline is at least 1px wide and not 'none', or its box-shadow
# changed. Elements that cannot take focus are reported only when they are rendered
# (hidden ones, e.g. inside a closed <details>, are not Tab stops).
FOCUS_INDICATORS = """
() => {
  const selector = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex^="-"])';
  const describe = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += '#' + el.id;
    if (el.classList.length) text += '.' + [...el.classList].join('.');
    const href = el.getAttribute('href');
    if (href) text += `[href="${href}"]`;
    return text;
  };
  const look = (el) => {
    const s = getComputedStyle(el);
    return {style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0, shadow: s.boxShadow};
  };
  const problems = [];
  let checked = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled) continue;
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    const before = look(el);
    el.focus({preventScroll: true});
    if (document.activeElement !== el) {
      if (el.getClientRects().length) problems.push([describe(el), 'cannot take focus']);
      continue;
    }
    checked += 1;
    const after = look(el);
    const outline = after.style !== 'none' && after.width >= 1 &&
      (after.style !== before.style || after.width !== before.width);
    const shadow = after.shadow !== 'none' && after.shadow !== before.shadow;
    if (!el.matches(':focus-visible')) problems.push([describe(el), 'does not match :focus-visible']);
    else if (!outline && !shadow) {
      const seen = `outline ${after.style} ${after.width}px, box-shadow ${after.shadow}`;
      problems.push([describe(el), `no focus indicator (${seen})`]);
    }
  }
  if (document.activeElement) document.activeElement.blur();
  return {checked, problems};
}
"""

# Horizontal overflow of the document, and elements whose text is clipped (overflow
# hidden/clip with content wider than the box), as readable strings.
OVERFLOW = """
() => {
  const root = document.documentElement;
  const problems = [];
  if (root.scrollWidth > root.clientWidth) {
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
      .filter((el) => !el.closest('.skip-link'))
      .slice(0, 3)
      .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : ''));
    problems.push(`scrolls sideways: ${root.scrollWidth}px of content in ${root.clientWidth}px` +
      (wide.length ? ` (widest: ${wide.join(', ')})` : ''));
  }
  for (const el of document.body.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    if (!['hidden', 'clip'].includes(s.overflowX) || !el.textContent.trim()) continue;
    if (el.closest('.skip-link') || el.clientWidth <= 1) continue;  // screen-reader-only text is 1px on purpose
    if (el.scrollWidth > el.clientWidth + 1) {
      problems.push(`text clipped in ${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
    }
  }
  return problems;
}
"""
