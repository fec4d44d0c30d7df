"""CI workflows build untrusted pull requests: no token left on disk, and each job
holds only the permissions it needs."""

import re

from sitecheck import ROOT, report

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def jobs(text):
    """{job name: its lines} of a workflow file (jobs are keys indented by 2 under jobs:)."""
    found, current = {}, None
    body = text.split("\njobs:\n", 1)[1]
    for line in body.splitlines():
        match = re.match(r"^  ([\w-]+):\s*$", line)
        if match:
            current = match.group(1)
            found[current] = []
        elif current:
            found[current].append(line)
    return found


def test_checkouts_do_not_keep_the_token():
    problems = []
    for workflow in WORKFLOWS:
        lines = workflow.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if "uses: actions/checkout@" in line:
                after = "\n".join(lines[number : number + 3])
                if "persist-credentials: false" not in after:
                    problems.append(f"{workflow.name}:{number}: checkout without persist-credentials: false")
    assert not problems, report(problems, "checkouts that leave the token on disk")


def test_only_the_deploy_job_may_write():
    problems = []
    for workflow in WORKFLOWS:
        text = workflow.read_text(encoding="utf-8")
        top = text.split("\njobs:\n", 1)[0]
        if not re.search(r"^permissions:( \{\}|\n  contents: read)\s*$", top, re.M):
            problems.append(f"{workflow.name}: top-level permissions are not empty or read-only")
        for job, lines in jobs(text).items():
            block = "\n".join(lines)
            writes = re.findall(r"^\s+([\w-]+): write", block, re.M)
            if writes and (workflow.name, job, sorted(writes)) != ("deploy.yml", "deploy", ["id-token", "pages"]):
                problems.append(f"{workflow.name}: job {job} may write {', '.join(writes)}")
            if workflow.name == "deploy.yml" and "permissions:" not in block:
                problems.append(f"{workflow.name}: job {job} does not state its permissions")
    assert not problems, report(problems, "workflow permission problems")
