"""Fixtures only: each build of the site is made once per test session."""

import os

import pytest

import tasks
from sitecheck import Site, build

PUBLISH_SITEURL = "https://example.org/blog"
# Builds under test see a fixed "today", so review-date notices never depend on the clock.
TEST_TODAY = {"REVIEW_TODAY": '"2026-11-24"'}
BUILDS = {
    "local": (tasks.LOCAL_SETTINGS, ""),
    "publish": (tasks.PUBLISH_SETTINGS, PUBLISH_SITEURL),
}


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Build a named site on first use (exactly as `invoke build`/`preview` do) and keep it."""
    sites, failures = {}, {}

    def get(name):
        if name in failures:
            pytest.fail(f"The {name} build failed: see the first error for Pelican's messages", pytrace=False)
        if name not in sites:
            settings, siteurl = BUILDS[name]
            output = tmp_path_factory.mktemp(f"site-{name}")
            env = (
                dict(os.environ, SITEURL=siteurl)
                if siteurl
                else {k: v for k, v in os.environ.items() if k != "SITEURL"}
            )
            ok, log = build(tasks.build_command(settings, output, extra_settings=TEST_TODAY), env=env)
            if not ok:
                failures[name] = log
                messages = log.split("Traceback (most recent call last):")[0].strip()
                pytest.fail(f"The {name} build failed:\n{messages}", pytrace=False)
            sites[name] = Site(name, output, siteurl)
        return sites[name]

    return get


@pytest.fixture(scope="session", params=sorted(BUILDS))
def site(request, built):
    """Each build in turn: tests that take `site` run on the local and the publish build."""
    return built(request.param)


@pytest.fixture(scope="session")
def publish_site(built):
    return built("publish")


@pytest.fixture(scope="session")
def local_site(built):
    return built("local")


@pytest.fixture(scope="session")
def settings():
    """The publish settings as the build sees them (the stylesheet's hash filled in)."""
    from pelican.settings import read_settings

    from blog import inline_style

    return inline_style.apply(read_settings(str(tasks.PUBLISH_SETTINGS)))


def pytest_terminal_summary(terminalreporter):
    """Print the length and reading grade of every article the team wrote."""
    from blog.health_rules import MAX_GRADE
    from sitecheck import readability, team_articles

    rows = [(source.name, *readability(source)) for source in team_articles()]
    if rows:
        terminalreporter.section(f"readability of the team's articles (Flesch-Kincaid grade, limit {MAX_GRADE})")
        for name, words, grade in rows:
            terminalreporter.write_line(f"{name:<32} {words:>5} words   grade {grade:>4.1f}")
