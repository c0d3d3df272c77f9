"""Fault injection for ingest's worker processes (tests only).

`killing_batch` stands in for `ingest._work_batch` (monkeypatched in the parent; the pool
pickles it by name, so the spawned workers import it from here). A worker that is given
a file named in $NEWSREADER_TEST_KILL ends itself with SIGKILL, as the OOM killer would;
with $NEWSREADER_TEST_KILL_ONCE naming a marker file, only the first time.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from tui_reader import ingest
from tui_reader.files import Problem
from tui_reader.storage import FileResult

KILL_ENV = "NEWSREADER_TEST_KILL"
ONCE_ENV = "NEWSREADER_TEST_KILL_ONCE"


def killing_batch(paths: list[str]) -> list[FileResult | Problem]:
    """`ingest._work_batch`, but SIGKILL this worker on the file named in $KILL_ENV."""
    victim = os.environ.get(KILL_ENV)
    if victim == "*" or (victim and any(Path(p).name == victim for p in paths)):
        marker = os.environ.get(ONCE_ENV)
        if not marker or not os.path.exists(marker):
            if marker:
                Path(marker).touch()
            os.kill(os.getpid(), signal.SIGKILL)
    return ingest._work_batch(paths)
