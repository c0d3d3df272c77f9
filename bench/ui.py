"""UI benchmark: warm open to first paint, keystroke-to-list latency, peak memory.

Usage: python bench/ui.py CORPUS_DIR CACHE_FILE [--tmux]

Run it on a cache that `newsreader index CORPUS_DIR --cache CACHE_FILE` (or bench/scale.py)
has filled, so the open is warm. It prints:
- first paint, headless: process start to the first rows drawn in the list (a fresh
  interpreter, timed from just before it is spawned);
- first paint in tmux (with --tmux): `newsreader` started in a 100x30 tmux window, timed
  until a listed title shows on the captured screen;
- keystroke to updated list, p50/p95, for queries typed a key at a time, grouped by the
  query's length after the key (1, 3 and 8 characters) and for `country:` queries;
- peak RSS of the app process (VmHWM) after indexing and the queries.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ["tianjin", "sanctions", "minister", "kremlin", "ukraine talks", "summit"]
#: Words of at least 8 letters drawn (with a fixed seed) from the cache's own vocabulary,
#: so that most keystrokes hit real, often broad, prefixes.
RANDOM_QUERIES = 14
SEED = 7
COUNTRY_QUERIES = ["country:ie", "country:france", "country:jp", "country:brazil"]

PAINT = """
import os, sys, time
from tui_reader.ui.app import NewsReaderApp

class Timed(NewsReaderApp):
    def on_mount(self):
        super().on_mount()
        self._poll = self.set_interval(0.002, self._check)

    def _check(self):
        if self.main_screen.article_list.articles:
            self._poll.stop()
            self.call_after_refresh(self._painted)

    def _painted(self):
        print(f"{time.time() - float(os.environ['T0']):.3f}", flush=True)
        os._exit(0)  # the indexer thread may still be checking files: not part of the paint

Timed([sys.argv[1]], cache_path=sys.argv[2]).run(headless=True)
"""


def first_paint(corpus: str, cache: str) -> float:
    env = {**os.environ, "T0": str(time.time())}
    out = subprocess.run([sys.executable, "-c", PAINT, corpus, cache], env=env,
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return float(out.strip().splitlines()[-1])


def first_paint_tmux(corpus: str, cache: str) -> float:
    name = "nr-bench"
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
    command = f"{sys.executable} -m tui_reader --cache {cache} {corpus}"
    started = time.time()
    subprocess.run(["tmux", "new", "-d", "-s", name, "-x", "100", "-y", "30", command],
                   check=True, cwd=ROOT)
    try:
        while time.time() - started < 30:
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", name],
                                    capture_output=True, text=True).stdout
            rows = [line for line in screen.splitlines()[2:8] if line.startswith("│ ")
                    and line[2:10].strip() and "Loading" not in line]
            if rows:
                return time.time() - started
            time.sleep(0.01)
        raise TimeoutError("no row on screen after 30 s")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def query_words(cache: str) -> list[str]:
    """The fixed queries, then RANDOM_QUERIES words of the index's vocabulary."""
    from tui_reader.storage import Cache

    vocabulary = sorted(w for w in Cache.open(cache).vocabulary()
                        if len(w) >= 8 and w.isalpha())
    return QUERIES + random.Random(SEED).sample(vocabulary, min(RANDOM_QUERIES, len(vocabulary)))


async def keystrokes(corpus: str, cache: str) -> dict[str, list[float]]:
    from tui_reader.ui.app import NewsReaderApp

    words = query_words(cache)

    app = NewsReaderApp([corpus], cache_path=cache)
    timings: dict[str, list[float]] = {"1": [], "3": [], "8": [], "country": []}
    # Timed inside the app, from the filter's change event to the list repainted with the
    # result: what a user waits for, without the test driver's own pauses.
    marks: dict[str, float] = {}
    screen = app.main_screen
    run_search, apply = screen.run_search, screen.apply

    def timed_run(text: str, keep_cursor: bool = False) -> None:
        marks["start"] = time.perf_counter()
        run_search(text, keep_cursor)

    def timed_apply(*args: object, **kwargs: object) -> None:
        apply(*args, **kwargs)
        app.call_after_refresh(lambda: marks.__setitem__("end", time.perf_counter()))

    screen.run_search, screen.apply = timed_run, timed_apply  # type: ignore[method-assign]
    async with app.run_test(size=(160, 45)) as pilot:
        while not (screen.loaded and screen.filter_ready):
            await pilot.pause(0.05)
        for query in words + COUNTRY_QUERIES:
            await pilot.press("slash")
            await pilot.pause(0.1)  # a person takes longer than this to type the first key
            for i, key in enumerate(query):
                marks.clear()
                await pilot.press("space" if key == " " else key)
                while "end" not in marks or app.main_screen.search_pending:
                    # Timestamps are taken inside the app; polling faster would only take the
                    # GIL from the search thread, which a real terminal does not do.
                    await asyncio.sleep(0.005)
                elapsed = (marks["end"] - marks["start"]) * 1000
                length = i + 1
                if query.startswith("country:"):
                    if length == len(query):
                        timings["country"].append(elapsed)
                elif str(length) in timings:
                    timings[str(length)].append(elapsed)
            await pilot.press("escape")
            await pilot.pause()
        rows = len(app.rows)
    print(f"  rows listed: {rows}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("cache")
    parser.add_argument("--tmux", action="store_true")
    args = parser.parse_args()
    corpus, cache = os.path.abspath(args.corpus), os.path.abspath(args.cache)
    paints = [first_paint(corpus, cache) for _ in range(3)]
    print(f"first paint, headless (best of 3): {min(paints):.3f} s  (all: "
          + ", ".join(f"{p:.3f}" for p in paints) + ")")
    if args.tmux:
        print(f"first paint, tmux 100x30: {first_paint_tmux(corpus, cache):.3f} s")
    timings = asyncio.run(keystrokes(corpus, cache))
    for name, values in timings.items():
        if values:
            values.sort()
            p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
            label = f"{name}-char" if name.isdigit() else name
            print(f"  keystroke -> list, {label:8} p50 {statistics.median(values):6.1f} ms"
                  f"  p95 {p95:6.1f} ms  max {values[-1]:6.1f} ms  (n={len(values)})")
    print(f"  peak RSS of the app process: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
