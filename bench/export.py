"""Export speed on real pages: `newsreader export FOLDER` on a cold cache, end to end.

Usage: python bench/export.py [FOLDER] [--runs 3] [--workers N]

FOLDER defaults to ../shared/pages-train/dumps (1,073 real page dumps). Each run exports
into a fresh cache in a new process, as a user would, and the figure is pages per second
of wall time (median of the runs, the load average beside it). One more run in this
process splits the time into its phases: cleaning and recognition (worker processes),
linking names corpus-wide, grouping similar stories, and writing the JSON Lines.
Target (issue #11): >= 100 pages/s with 2 cores.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The package is imported from the checkout, or from a compiled copy (bench/compiled.py).
PACKAGE = Path(os.environ.get("NEWSREADER_BENCH_PACKAGE") or ROOT)
sys.path.insert(0, str(PACKAGE))

from tui_reader import ingest  # noqa: E402
from tui_reader.collection import open_collection  # noqa: E402
from tui_reader.export import write_jsonl  # noqa: E402
from tui_reader.files import discover  # noqa: E402
from tui_reader.storage import Cache  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "pages-train" / "dumps"


def one_run(folder: Path, workers: int | None) -> tuple[float, int]:
    """Seconds of one `newsreader export` on a cold cache, and the articles it printed."""
    with tempfile.TemporaryDirectory() as tmp:
        args = [sys.executable, "-m", "tui_reader", "export", "--cache",
                os.path.join(tmp, "cache.sqlite3"), str(folder)]
        if workers is not None:
            args += ["--workers", str(workers)]
        started = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, check=True, cwd=PACKAGE)
        return time.perf_counter() - started, len(done.stdout.splitlines())


def phases(folder: Path, workers: int | None) -> dict[str, float]:
    """Seconds per phase of one export in this process."""
    timed: dict[str, float] = {}

    def timing(name: str, function: Callable[..., int]) -> Callable[..., int]:
        def wrapped(*args: object, **kwargs: object) -> int:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timed[name] = timed.get(name, 0.0) + time.perf_counter() - started
        return wrapped

    ingest.link_people = timing("link names", ingest.link_people)
    ingest.group_similar_stories = timing("similar stories", ingest.group_similar_stories)
    with tempfile.TemporaryDirectory() as tmp, \
            Cache.open(os.path.join(tmp, "cache.sqlite3")) as cache:
        started = time.perf_counter()
        run = open_collection(cache, [str(folder)], workers=workers)
        synced = time.perf_counter()
        write_jsonl(run.articles(), io.StringIO())
        timed["write JSON Lines"] = time.perf_counter() - synced
        timed["total"] = time.perf_counter() - started
    timed["clean + recognise + store"] = (synced - started - timed.get("link names", 0.0)
                                          - timed.get("similar stories", 0.0))
    return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    pages = len(discover([str(args.folder)])[0])
    print(f"{pages} pages in {args.folder}, {os.cpu_count()} cores")
    rates = []
    for n in range(args.runs):
        seconds, articles = one_run(args.folder, args.workers)
        rates.append(pages / seconds)
        load = os.getloadavg()[0]
        print(f"run {n + 1}: {seconds:.2f} s, {articles} articles, {pages / seconds:.0f} pages/s"
              f" (load {load:.2f})")
    print(f"export: median {statistics.median(rates):.0f} pages/s over {args.runs} runs"
          f" (load average {os.getloadavg()[0]:.2f}); target >= 100")
    split = phases(args.folder, args.workers)
    total = split.pop("total")
    print(f"phases of one run in-process ({total:.2f} s):")
    for name, seconds in sorted(split.items(), key=lambda item: -item[1]):
        print(f"  {name:<28} {seconds:6.2f} s  {100 * seconds / total:4.0f}%")


if __name__ == "__main__":
    main()
