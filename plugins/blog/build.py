"""Build the site in this process: check content/, run Pelican, report every problem.

One job: the build runner every task and test uses. It
1. checks all of content/ (`sources.check_tree`: the file allowlist, the
   metadata schema, links) before Pelican reads a file;
2. runs Pelican with the `Collector` as the only log handler, so every warning
   or error of any plugin becomes a problem (a `problems.Problem` record);
3. turns any exception of any step (the settings, the content check, the read
   cache, Pelican, a plugin, putting the build in place) into one problem, on
   the file it was working on when that is known: `build` raises nothing but
   KeyboardInterrupt, so the live preview keeps watching after any of them;
4. stops before anything is written when there are problems; `Result.problems`
   holds the records, sorted, and `Result.text` prints each as
   `path:line: problem — fix` (relative paths, no traceback);
5. builds into a sibling staging folder and puts it in place of `output`
   only on success: a failed build never touches the last good output.
"today" (review dates, the read cache, the dashboard) is `today_of(settings)`.

Command line: `python plugins/blog/build.py SETTINGS OUTPUT [--content DIR] [--set NAME=JSON ...]`.
"""

import argparse
import datetime
import json
import logging
import shutil
import sys
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

if __name__ == "__main__":  # run as a script: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from blog import models, read_cache, reader, render_memo, search_index, sources  # noqa: E402
from blog import problems as problems_module  # noqa: E402


class StopBuild(Exception):
    """Raised before anything is written when problems were found."""


@dataclass
class Result:
    ok: bool
    problems: list = field(default_factory=list)  # problems.Problem records
    notices: list = field(default_factory=list)
    seconds: float = 0.0
    summary: str = ""

    @property
    def text(self):
        """What the terminal shows: one line per problem, the notices, the summary."""
        return "\n".join([*map(str, self.problems), *self.notices, self.summary]).strip()


def reset_pelican():
    """Forget what an earlier build in this process left: signal receivers, log filters, and
    Pelican's memo of every content object's text (which would keep each build's objects alive)."""
    from pelican import log
    from pelican.contents import Content
    from pelican.plugins import signals

    for value in vars(signals).values():
        if hasattr(value, "receivers") and hasattr(value, "disconnect"):
            for receiver in list(value.receivers.values()):
                target = receiver() if isinstance(receiver, weakref.ref) else receiver
                if target is not None:
                    value.disconnect(target)
    log.FatalLogger.fatal_lvl = logging.CRITICAL + 1
    log.LimitFilter._raised_messages.clear()
    log.LimitFilter._group_count.clear()
    Content.get_content.cache.clear()
    Content.get_summary.cache.clear()


def read_settings(settings_file, content, output, overrides):
    from pelican.settings import read_settings as pelican_read_settings

    override = {"OUTPUT_PATH": str(output), **(overrides or {})}
    if content is not None:
        override["PATH"] = str(Path(content).resolve())
    return pelican_read_settings(str(settings_file), override=override)


def today_of(settings):
    """The day the build runs on: REVIEW_TODAY (YYYY-MM-DD) when set, else the real date."""
    fixed = settings.get("REVIEW_TODAY")
    return datetime.date.fromisoformat(fixed) if fixed else datetime.date.today()


def run_pelican(settings, collector):
    from pelican import Pelican
    from pelican.plugins import signals

    reset_pelican()
    pelican = Pelican(settings)

    def checkpoint(_pelican):
        if collector.problems:
            raise StopBuild

    signals.get_writer.connect(checkpoint)
    pelican.run()


def check_and_run(settings, collector):
    """Check content/, then (when it holds no problem) run Pelican over it; the checks' and
    the reads' answers cached in the read cache's store for these settings and this day.

    A check that finds problems (or fails) does not write the store: writing keeps only the
    entries this build used, and it read nothing; so the reads stay cached (in memory and on
    disk) for the next build."""
    today = today_of(settings)
    read_cache.open_store(settings, today)
    checked = False
    try:
        tree = sources.check_tree(settings, today)
        for path, line, message in tree.problems:
            collector.add(path, line, message)
        if collector.problems:
            return
        checked = True
        models.use({s.path: models.Reading(s.meta, s.text, s.front.body_line, s.sha) for s in tree.sources.values()})
        read_cache.prefetch(settings, [s.path for s in tree.sources.values()], reader.SafeMarkdownReader)
        run_pelican(settings, collector)
    except StopBuild:
        pass
    finally:
        search_index.stop()  # a Pagefind still running when Pelican stopped
        read_cache.close_store(write=checked)


def put_in_place(staging, output):
    """Make the staging folder `output`; the last good build is removed only once it is replaced."""
    retired = output.with_name(f".{output.name}-old")
    shutil.rmtree(retired, ignore_errors=True)
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)


def settings_problem(settings_file, error):
    """The settings (the file, or a --set value) could not be read: one problem on the file."""
    folder = str(Path(settings_file).resolve().parent)
    what = f"{type(error).__name__}: {error}".replace(folder + "/", "").splitlines()[0]
    return problems_module.Problem(
        Path(settings_file).name,
        getattr(error, "lineno", None) or 1,
        f"the settings could not be read ({what})",
        "fix this file (or the --set value the message names)",
    )


def build(settings_file, output, content=None, overrides=None):
    """Build into `output`; return a Result (nothing is printed, nothing but KeyboardInterrupt raised)."""
    started = time.perf_counter()
    output = Path(output).resolve()
    staging = output.with_name(f".{output.name}-next")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        settings = read_settings(settings_file, content, staging, overrides)
    except Exception as error:
        found = [settings_problem(settings_file, error)]
        return Result(False, found, [], time.perf_counter() - started, stopped(found, output))
    collector = problems_module.Collector(settings)
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    root.handlers, root.level = [collector], logging.WARNING
    try:
        check_and_run(settings, collector)
        if not collector.problems:
            put_in_place(staging, output)
    except KeyboardInterrupt:
        shutil.rmtree(staging, ignore_errors=True)  # output is untouched: it is swapped only at the end
        raise
    except Exception as error:  # anything no check caught, as one line on the file it was working on
        collector.add_crash(error)
    finally:
        root.handlers, root.level = saved
    seconds = time.perf_counter() - started
    found = collector.records()
    if found:
        shutil.rmtree(staging, ignore_errors=True)
        return Result(False, found, collector.notices, seconds, stopped(found, output))
    rendered, kept = render_memo.last_build()
    pages = f"{len(rendered):,} page{'s' if len(rendered) != 1 else ''} rendered, {kept:,} unchanged"
    return Result(True, [], collector.notices, seconds, f"Built {output.name}/ in {seconds:.1f} s ({pages}).")


def stopped(found, output):
    count = f"{len(found)} problem{'s' if len(found) != 1 else ''}"
    return f"The build stopped: {count} above. {output.name}/ still holds the last good build."


def overrides_of(parser, items):
    """{name: value} of the command line's `--set NAME=JSON` items; a value not JSON is a usage error."""
    overrides = {}
    for item in items:
        name, _, value = item.partition("=")
        try:
            overrides[name] = json.loads(value)
        except json.JSONDecodeError:
            parser.error(f"--set {item}: the value is not JSON — quote a string twice, e.g. --set 'NAME=\"text\"'")
    return overrides


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("settings")
    parser.add_argument("output")
    parser.add_argument("--content")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=JSON")
    args = parser.parse_args(argv)
    result = build(args.settings, args.output, args.content, overrides_of(parser, args.set))
    stream = sys.stdout if result.ok else sys.stderr
    print(result.text, file=stream)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
