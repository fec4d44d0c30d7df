"""Validity: the Nu HTML Checker (vnu) finds no error in any page or stylesheet."""

import json
import shutil
import subprocess

import tasks
from sitecheck import report


def test_nu_html_checker_finds_no_errors(site):
    java = shutil.which("java")
    assert java, "java is not installed: the Nu HTML Checker needs it (apt-get install default-jre-headless)"
    assert tasks.VNU_JAR.is_file(), f"{tasks.VNU_JAR} is missing: run 'invoke tools' (needs npm)"
    result = subprocess.run(
        [java, "-jar", str(tasks.VNU_JAR), "--format", "json", "--skip-non-html", "--also-check-css", str(site.root)],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{m.get('url', '?').replace('file:' + str(site.root) + '/', '')}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert not errors, report(errors, f"errors from the Nu HTML Checker in the {site.name} build")
    assert result.returncode == 0, f"vnu exited {result.returncode}: {result.stderr[-2000:]}"
