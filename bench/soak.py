"""Soak benchmark: type into the app for minutes, as a working day does, and watch memory.

Usage: python bench/soak.py CORPUS_DIR CACHE_FILE [--minutes 10] [--gap 0.15]

The app runs headless (Pilot) on CORPUS_DIR with CACHE_FILE (fill it first with
`newsreader index`, so the open is warm). A fixed-seed stream of keys is typed, one every
`--gap` seconds: filter words a letter at a time, moves in the list, opening and leaving
articles, toggling the facets. Every minute it prints the process's RSS and the longest
garbage-collection pause of that minute (timed with `gc.callbacks`), with the machine's
1-minute load average (pauses stretch when other work shares the cores); a leak shows as
RSS that keeps growing and pauses that lengthen. Issue #17's bar: flat RSS, no pause over
50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = ["ukraine", "summit", "minister", "country:fr", "kremlin", "talks", "election",
         "person:putin", "is:unread", "nato"]
SEED = 11


def rss_mb() -> float:
    """Resident memory of this process, MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Pauses:
    """The longest garbage-collection pause since the last `take`."""

    def __init__(self) -> None:
        self.started = 0.0
        self.longest = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self.started = time.perf_counter()
        else:
            self.longest = max(self.longest, time.perf_counter() - self.started)

    def take(self) -> float:
        longest, self.longest = self.longest, 0.0
        return longest


def keys(rng: random.Random) -> list[str]:
    """One burst of typing: a filter word, moves, an article opened and left."""
    word = rng.choice(WORDS)
    burst = ["slash", *[{" ": "space", ":": "colon"}.get(ch, ch) for ch in word], "enter"]
    burst += rng.choices(["j", "k", "J"], k=rng.randint(2, 8))
    burst += ["enter", "j", "escape"]
    if rng.random() < 0.2:
        burst += ["f", "f"]
    burst += ["escape"]
    return burst


async def soak(corpus: str, cache: str, minutes: float, gap: float) -> None:
    from tui_reader.ui.app import NewsReaderApp

    app = NewsReaderApp([corpus], cache_path=cache)
    rng = random.Random(SEED)
    pauses = Pauses()
    async with app.run_test(size=(160, 45)) as pilot:
        while not app.main_screen.loaded:
            await pilot.pause(0.1)
        print(f"{'minute':>6} {'RSS MB':>8} {'longest GC pause ms':>20} {'keys':>6}"
              f" {'load 1m':>8}")
        print(f"{0:>6} {rss_mb():>8.0f} {pauses.take() * 1000:>20.1f} {0:>6}"
              f" {os.getloadavg()[0]:>8.2f}", flush=True)
        began = time.monotonic()
        typed = 0
        for minute in range(1, int(minutes) + 1):
            while time.monotonic() - began < minute * 60:
                for key in keys(rng):
                    await pilot.press(key)
                    typed += 1
                    await asyncio.sleep(gap)
            print(f"{minute:>6} {rss_mb():>8.0f} {pauses.take() * 1000:>20.1f} {typed:>6}"
                  f" {os.getloadavg()[0]:>8.2f}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("cache")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--gap", type=float, default=0.15, help="seconds between keys")
    args = parser.parse_args()
    asyncio.run(soak(args.corpus, args.cache, args.minutes, args.gap))
    return 0


if __name__ == "__main__":
    sys.exit(main())
