"""`newsreader index` stopped by a signal: one line, its exit status, no process left behind."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

WORDS = ["minister", "said", "council", "river", "market", "city", "port", "police", "court",
         "village", "school", "budget", "harbour", "bridge", "election", "Dublin", "Paris"]


def slow_pages(folder: Path, count: int = 400) -> None:
    """Pages large enough that indexing them takes a few seconds on several workers."""
    folder.mkdir()
    rng = random.Random(0)
    for i in range(count):
        body = "\n\n".join(f"Paragraph {p} of story {i}: the {' '.join(rng.choices(WORDS, k=60))}."
                           for p in range(150))
        (folder / f"p{i:04d}.txt").write_text(f"Report {i} on the plan\n\n{body}\n")


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130),
                                                (signal.SIGKILL, -9)],
                         ids=["SIGTERM", "SIGINT", "SIGKILL"])
def test_a_signal_ends_index_and_its_workers(tmp_path: Path, signum: int, status: int) -> None:
    pages = tmp_path / "pages"
    slow_pages(pages)
    # A command started with ctrl+c ignored keeps ignoring it (a background job of a
    # shell without job control, as `make test &` is): the command is started as from a
    # terminal, with the default ctrl+c, whatever this process has.
    inherited = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        run = subprocess.Popen(
            [sys.executable, "-m", "tui_reader", "index", "--workers", "3", "--cache",
             str(tmp_path / "cache.sqlite3"), str(pages)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    finally:
        signal.signal(signal.SIGINT, inherited)
    deadline = time.monotonic() + 60
    while len(children(run.pid)) < 4 and time.monotonic() < deadline:  # tracker + workers
        time.sleep(0.05)
    time.sleep(1.0)  # the workers are at work
    kids = children(run.pid)
    assert len(kids) >= 4 and run.poll() is None
    run.send_signal(signum)
    try:
        _, err = run.communicate(timeout=30)  # returns once nothing holds stderr open
    except subprocess.TimeoutExpired:
        for pid in kids:
            os.kill(pid, signal.SIGKILL)
        raise
    assert run.returncode == status, err
    if signum != signal.SIGKILL:
        assert "Traceback" not in err
        assert err.strip().splitlines()[-1].startswith("newsreader: ")
        assert len([line for line in err.splitlines() if line.startswith("newsreader:")]) == 1
    deadline = time.monotonic() + 10
    while any(alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [k for k in kids if alive(k)]
    for pid in left:  # not to leave them running should this fail
        os.kill(pid, signal.SIGKILL)
    assert not left
