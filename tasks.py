"""Tasks for building, previewing, serving and testing the blog.

One small task per verb; `invoke --list` shows them. The Makefile only sets up
`.venv` and hands over to these.
"""

import ctypes.util
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).parent.resolve()
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
LOCAL_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
TESTS = ROOT / "tests"
BUILDER = ROOT / "plugins" / "blog" / "build.py"
VNU_JAR = TESTS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")  # what tests/browser.py drives first


def pelican_command(settings, output, content=CONTENT, extra_settings=None):
    """Stock Pelican's command line (the benchmark builds notmyidea with it).

    `extra_settings` ({name: JSON text}) overrides settings, e.g. {"REVIEW_TODAY": '"2030-01-01"'}.
    """
    overrides = [f"{name}={value}" for name, value in (extra_settings or {}).items()]
    return [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "--output",
        str(output),
        "--settings",
        str(settings),
        "--fatal",
        "warnings",
        *(["--extra-settings", *overrides] if overrides else []),
    ]


def build_command(settings, output, content=CONTENT, extra_settings=None):
    """Our build as a command line (plugins/blog/build.py), for a build in a fresh process."""
    overrides = [f"--set={name}={value}" for name, value in (extra_settings or {}).items()]
    return [sys.executable, str(BUILDER), str(settings), str(output), f"--content={content}", *overrides]


def plugins_on_path():
    """Our plugin package (plugins/blog) importable from the tasks."""
    if str(ROOT / "plugins") not in sys.path:
        sys.path.insert(0, str(ROOT / "plugins"))


def build_site(settings, output=OUTPUT, content=CONTENT):
    """Build in this process with plugins/blog/build.py: every problem printed as
    `path:line: problem — fix`; on failure `output` keeps the last good build and Exit is raised."""
    plugins_on_path()
    from blog.build import build as run_build

    try:
        result = run_build(settings, output, content)
    except KeyboardInterrupt:
        raise Exit(f"Stopped; {Path(output).name}/ still holds the last good build.", code=130) from None
    print(result.text, file=sys.stdout if result.ok else sys.stderr)
    if not result.ok:
        raise Exit(code=1)


@task
def build(c):
    """Build the site with local settings into output/."""
    build_site(LOCAL_SETTINGS)


@task
def preview(c):
    """Build the site with publish settings into output/ (SITEURL from the environment)."""
    build_site(PUBLISH_SETTINGS)


@task(name="gh-pages")
def gh_pages(c):
    """Build with publish settings and push output/ to the gh-pages branch (GitHub Pages).

    GITHUB_PAGES_CNAME (environment or publishconf.py) writes output/CNAME for a custom domain.
    """
    from pelican.settings import read_settings

    build_site(PUBLISH_SETTINGS)
    # No Jekyll on GitHub's side: it would drop files and folders starting with "_".
    (OUTPUT / ".nojekyll").write_text("", encoding="utf-8")
    cname = os.environ.get("GITHUB_PAGES_CNAME") or read_settings(str(PUBLISH_SETTINGS)).get("GITHUB_PAGES_CNAME")
    if cname:
        (OUTPUT / "CNAME").write_text(cname.strip() + "\n", encoding="utf-8")
    ghp_import = Path(sys.executable).with_name("ghp-import")
    with c.cd(str(ROOT)):
        c.run(f"{ghp_import} -n -p -f {OUTPUT}", pty=False)


@task
def serve(c, port=8000, host="127.0.0.1"):
    """Serve on http://127.0.0.1:8000/ (even while an article is broken), rebuild on every save
    and show each problem in the browser; the editor's dashboard is at /__live/. Only this
    computer can reach it unless --host names another address (it then warns: drafts show)."""
    plugins_on_path()
    from blog.live_server import PortInUse
    from blog.live_server import serve as live_serve

    try:
        live_serve(LOCAL_SETTINGS, CONTENT, OUTPUT, int(port), host)
    except PortInUse as error:
        raise Exit(str(error), code=1) from None


@task
def headers(c):
    """Write SECURITY_HEADERS (with the stylesheet's hash) into deploy/nginx.conf's add_header lines."""
    import re

    from pelican.settings import read_settings

    plugins_on_path()
    from blog import inline_style

    settings = inline_style.apply(read_settings(str(PUBLISH_SETTINGS)))
    path = ROOT / "deploy" / "nginx.conf"
    text = path.read_text(encoding="utf-8")
    for name, value in settings["SECURITY_HEADERS"].items():
        line = re.compile(rf'^(\s*)add_header {re.escape(name)} ".*" always;$', re.M)
        if not line.search(text):
            raise Exit(f"deploy/nginx.conf has no 'add_header {name} \"...\" always;' line to update.")
        text = line.sub(lambda m, n=name, v=value: f'{m.group(1)}add_header {n} "{v}" always;', text)
    path.write_text(text, encoding="utf-8")
    print(f"deploy/nginx.conf: {len(settings['SECURITY_HEADERS'])} security headers written from SECURITY_HEADERS.")


@dataclass(frozen=True)
class SystemTool:
    """Something the test suite needs from the machine, beyond Python: how to tell it is there,
    and either the Debian package that has it or the command that installs it."""

    name: str
    purpose: str
    found: Callable[[], bool]
    package: str = ""
    command: str = ""


def on_path(name):
    """A program on PATH, or in /usr/sbin (not on a normal user's PATH on Debian)."""
    return shutil.which(name) is not None or os.access(f"/usr/sbin/{name}", os.X_OK)


def playwright_chromium():
    """Playwright's own Chromium, downloaded by `playwright install` (where Debian's is missing)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return Path(playwright.chromium.executable_path).is_file()


def on_ubuntu():
    """Ubuntu's `chromium` is a snap, which tests cannot drive: there Playwright brings its own."""
    try:
        release = platform.freedesktop_os_release()
    except OSError:
        return False
    return "ubuntu" in [release.get("ID", ""), *release.get("ID_LIKE", "").split()]


def system_tools():
    """Everything the test suite needs that .venv cannot hold."""
    venv_python = os.path.relpath(sys.executable, ROOT)
    if on_ubuntu():
        chromium = SystemTool(
            "chromium",
            "the browser tests",
            lambda: DEBIAN_CHROMIUM.is_file() or playwright_chromium(),
            command=f"{venv_python} -m playwright install --with-deps chromium",
        )
    else:
        chromium = SystemTool("chromium", "the browser tests", DEBIAN_CHROMIUM.is_file, package="chromium")
    return [
        SystemTool("git", "the tests read the list of tracked files", lambda: on_path("git"), package="git"),
        SystemTool("java", "runs the Nu HTML Checker", lambda: on_path("java"), package="default-jre-headless"),
        SystemTool(
            "npm",
            "fetches the Nu HTML Checker named in tests/package.json",
            lambda: VNU_JAR.is_file() or on_path("npm"),
            package="npm",
        ),
        SystemTool(
            "libatomic",
            "Playwright's driver needs it to start",
            lambda: ctypes.util.find_library("atomic") is not None,
            package="libatomic1",
        ),
        chromium,
        SystemTool(
            "DejaVu fonts",
            "the browser tests' text",
            Path("/usr/share/fonts/truetype/dejavu").is_dir,
            package="fonts-dejavu-core",
        ),
        SystemTool("nginx", "the hosting tests run deploy/nginx.conf", lambda: on_path("nginx"), package="nginx"),
    ]


def missing_system_tools():
    return [tool for tool in system_tools() if not tool.found()]


def can_install():
    """Root with apt-get: the missing tools are installed, not only named."""
    return os.geteuid() == 0 and shutil.which("apt-get") is not None


def apt_install(packages):
    """The command that installs Debian packages, as this user would type it."""
    return f"{'' if os.geteuid() == 0 else 'sudo '}apt-get install {' '.join(packages)}"


def missing_tools_message(missing):
    """One line per missing tool with the command that installs it (and all packages in one)."""
    lines = [
        f"The tests need {len(missing)} more tool(s) on this machine; install them and run 'make test' again"
        " (run as root, 'make test' installs them itself):"
    ]
    lines += [f"  {tool.name} ({tool.purpose}): {tool.command or apt_install([tool.package])}" for tool in missing]
    packages = [tool.package for tool in missing if tool.package]
    if len(packages) > 1:
        lines.append(f"All the packages at once: {apt_install(packages)}")
    return "\n".join(lines)


def install_system_tools(c, missing):
    """apt-get the missing packages (and run the other install commands), as root."""
    packages = [tool.package for tool in missing if tool.package]
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    if packages:
        print(f"Installing what the tests need: {' '.join(packages)}", flush=True)
        c.run("apt-get update -q", env=env, pty=False)
        c.run(f"apt-get install -y -q --no-install-recommends {' '.join(packages)}", env=env, pty=False)
    for tool in missing:
        if tool.command:
            c.run(tool.command, env=env, pty=False)


@task
def tools(c):
    """Install what the tests need beyond .venv: Debian packages (as root with apt-get; otherwise
    name each missing one with its install command and stop), then the Nu HTML Checker
    from tests/package.json."""
    missing = missing_system_tools()
    if missing and can_install():
        install_system_tools(c, missing)
        missing = missing_system_tools()
    if missing:
        raise Exit(missing_tools_message(missing), code=1)
    if not VNU_JAR.is_file():
        with c.cd(str(TESTS)):
            c.run("npm ci --no-audit --no-fund --ignore-scripts --loglevel=warn", echo=True, pty=False)


@task(pre=[tools])
def test(c):
    """Install what the tests need (tools), then run the whole test suite (it builds the site
    itself, local and publish)."""
    with c.cd(str(ROOT)):
        c.run(f"{sys.executable} -m pytest", pty=False)


@task(help={"title": "the article's title, in quotes"})
def new_post(c, title):
    """Start a new article as a draft: content/posts/<slug>.md with every field to fill in."""
    import datetime

    from pelican.utils import slugify

    slug = slugify(title, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\s+", "-")])
    if not slug:
        raise Exit(f"Cannot make a file name from the title {title!r}: use some letters or digits.")
    path = CONTENT / "posts" / f"{slug}.md"
    if path.exists():
        raise Exit(f"{path.relative_to(ROOT)} already exists: choose another title, or edit that file.")
    today = datetime.date.today().isoformat()
    path.write_text(
        f"""Title: {title}
Date: {today}
Status: draft
Tags: TODO, two or three subjects, separated by commas
Summary: TODO: one plain sentence that says what the reader will learn.

TODO: the first paragraph. Say what this article answers, in plain words.

## TODO: a section heading phrased as the reader's question

Write here. See CONTRIBUTING.md for every metadata field, images, series and references.
""",
        encoding="utf-8",
    )
    print(f"Wrote {path.relative_to(ROOT)} (Status: draft). Preview it with 'make serve'; when it is ready,")
    print("fill in every TODO, delete the 'Status: draft' line and run 'make test'.")


@task
def fonts(c):
    """Cut the social cards' fonts (plugins/blog/fonts/) from Debian's Noto fonts
    (apt-get install fonts-noto-core fonts-noto-cjk): Latin, Greek, Cyrillic and Arabic in one
    file; common Chinese (GB 2312 level 1), Japanese kana and kanji (JIS level 1) and Korean."""
    from fontTools import subset
    from fontTools.merge import Merger
    from fontTools.ttLib import TTCollection, TTFont

    def spans(*pairs):
        return [code for low, high in pairs for code in range(low, high + 1)]

    def common_cjk():
        found = set(spans((0x20, 0x7E), (0x3000, 0x30FF), (0xFF01, 0xFF5E)))
        for codec, first_bytes in (
            ("gb2312", range(0xB0, 0xD8)),
            ("euc_kr", range(0xB0, 0xC9)),
            ("euc_jp", range(0xB0, 0xD0)),
        ):
            for high in first_bytes:
                for low in range(0xA1, 0xFF):
                    try:
                        found.add(ord(bytes([high, low]).decode(codec)))
                    except UnicodeDecodeError:
                        pass
        return sorted(found)

    def cut(font, codes, target):
        options = subset.Options()
        options.layout_features, options.name_IDs, options.notdef_outline = ["*"], ["*"], True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codes)
        subsetter.subset(font)
        font.save(target)

    noto, out = Path("/usr/share/fonts/truetype/noto"), ROOT / "plugins" / "blog" / "fonts"
    if not (noto / "NotoSans-Bold.ttf").is_file():
        raise Exit("Needs Debian's Noto fonts: apt-get install fonts-noto-core fonts-noto-cjk")
    latin = spans((0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x4FF), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x2122))
    arabic = spans((0x20, 0x40), (0x600, 0x6FF), (0x750, 0x77F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0x200C, 0x200F))
    with tempfile.TemporaryDirectory() as scratch:
        cut(TTFont(noto / "NotoSans-Bold.ttf"), latin, f"{scratch}/latin.ttf")
        cut(TTFont(noto / "NotoSansArabic-Bold.ttf"), arabic, f"{scratch}/arabic.ttf")
        Merger().merge([f"{scratch}/latin.ttf", f"{scratch}/arabic.ttf"]).save(
            out / "NotoSans-LatinGreekCyrillicArabic-Bold.ttf"
        )
    cjk = TTCollection("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc").fonts[2]  # SC
    cut(cjk, common_cjk(), out / "NotoSansCJK-SC-Common-Bold.otf")
    print(f"Wrote the card fonts into {out.relative_to(ROOT)}/ (licence: OFL.txt there).")


@task
def lint(c):
    """Check the Python code with ruff (lint and format)."""
    with c.cd(str(ROOT)):
        c.run(f"{sys.executable} -m ruff check .", pty=False)
        c.run(f"{sys.executable} -m ruff format --check .", pty=False)


@task(
    help={
        "runs": "runs per figure, the median is reported (default 3)",
        "sizes": "synthetic corpus sizes, comma-separated (default 100,1000)",
        "only": "a subset, comma-separated: lighthouse, weight, build, loop (default: all)",
    }
)
def bench(c, runs=3, sizes="100,1000", only="lighthouse,weight,build,loop,pictures"):
    """Benchmark Lighthouse, page weight, build times, pictures and save-to-browser beside notmyidea and a
    minimal page (bench/README.md); writes bench/results/report.md and results.json."""
    missing = [
        tool
        for tool in ("hyperfine", "nginx", "npm")
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists()
    ]
    if missing or not Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so").exists():
        raise Exit("The benchmark needs Debian's hyperfine, nginx, libnginx-mod-http-brotli-static and npm.", code=1)
    command = [sys.executable, str(ROOT / "bench" / "bench.py"), f"--runs={runs}", f"--sizes={sizes}", f"--only={only}"]
    if subprocess.run(command, cwd=ROOT).returncode != 0:
        raise Exit("The benchmark could not measure everything: see above.", code=1)


@task
def clean(c):
    """Remove output/ (and an interrupted build's leftovers); nothing else."""
    for folder in (OUTPUT, OUTPUT.with_name(".output-next"), OUTPUT.with_name(".output-old")):
        shutil.rmtree(folder, ignore_errors=True)
