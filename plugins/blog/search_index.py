"""Search without a server: run Pagefind over the built site after every build.

One job. When Pelican has written the site, index it with the `pagefind`
binary shipped by the pinned `pagefind[bin]` package (no network). Only the
parts marked `data-pagefind-body` (article bodies) are indexed. A failure is
reported through Pelican's logger, so `--fatal` stops the build.
"""

import logging
import subprocess
import sys

from pelican import signals

logger = logging.getLogger(__name__)


def index_site(pelican):
    if not pelican.settings.get("SEARCH_INDEX", True):
        return
    command = [sys.executable, "-m", "pagefind", "--site", str(pelican.output_path), "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        logger.error(
            "search index: pagefind failed (%s) — is pagefind[bin] installed? %s",
            result.returncode,
            (result.stderr or result.stdout).strip()[-500:],
        )


def register():
    signals.finalized.connect(index_site)
