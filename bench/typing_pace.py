"""Typing benchmark: keys at a person's pace, timed from the key event to the repainted list.

Usage: python bench/typing_pace.py CORPUS_DIR CACHE_FILE [--gaps 100,150,250] [--size 160x45]

Run it on a cache that `newsreader index CORPUS_DIR --cache CACHE_FILE` (or bench/scale.py)
has filled, so the open is warm. The app runs headless at 160x45, where the facets pane is
open beside the list. Queries are typed a key at a time, one key every GAP milliseconds
whether or not the app is done with the last one (as a person types), through the driver
as a terminal's keys arrive. Each key is timed from its key event reaching the app to the
first repaint of the list whose result covers it (the result of that key's text, or of a
later key's: only the newest search is shown), so work deferred to a pause in the typing (the
facet counts, the reader) shows in the keys it delays. Keys are grouped by what the filter
holds after them: a word of 1, 3 or 8 characters, a field name being typed (`cou`,
`country:`), a field's value (`country:fr`, `person:`, `place:`, `org:`), `is:unread`, an
OR group, a negation, a word in capitals (smart case). Prints p50 / p95 / max per group and
gap, and the share of keys over 100 ms, with the load average beside each gap.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(os.environ.get("NEWSREADER_BENCH_PACKAGE") or ROOT)
sys.path.insert(0, str(PACKAGE))

#: Queries typed in every run: fields, states, OR groups, negations and smart case, with
#: plain words of the cache's own vocabulary added (`RANDOM_WORDS`).
QUERIES = [
    "country:fr", "country:germany", "country:ukriane", "person:putin", "person:zelensky",
    "place:kyiv", "org:nato", "is:unread", "ukraine | russia", "summit !trump",
    "kremlin !sanctions", "NATO", "minister", "sanctions", "ukraine talks",
]
RANDOM_WORDS = 8
SEED = 7
FIELDS = ("country", "person", "place", "org", "source", "after", "before", "is")


def query_words(cache: str) -> list[str]:
    """The fixed queries, then RANDOM_WORDS words of 8+ letters from the cache's index."""
    from tui_reader.storage import Cache

    vocabulary = sorted(w for w in Cache.open(cache).vocabulary()
                        if len(w) >= 8 and w.isalpha())
    return QUERIES + random.Random(SEED).sample(vocabulary, min(RANDOM_WORDS, len(vocabulary)))


def group(text: str) -> str | None:
    """The kind of filter `text` is, for the report; None for lengths not reported."""
    last = text.split()[-1] if text.split() else ""
    if "|" in text:
        return "OR group"
    if "!" in text:
        return "negation"
    name, colon, value = last.partition(":")
    if colon:
        if name == "is":
            return "is:"
        return f"{name}: value" if value else "field name"
    if any(f.startswith(last) and len(last) >= 2 for f in FIELDS) and " " not in text:
        return "field name"
    if last != last.lower():
        return "capitals"
    return {1: "1-char", 3: "3-char", 8: "8-char"}.get(len(text))


async def type_queries(corpus: str, cache: str, words: list[str], gap: float,
                       size: tuple[int, int]) -> dict[str, list[float]]:
    """Type every query at `gap` seconds a key; each key's latency in ms, by group."""
    from textual import events
    from textual.keys import _character_to_key
    from textual.message import Message

    from tui_reader.ui.app import NewsReaderApp

    app = NewsReaderApp([corpus], cache_path=cache)
    screen = app.main_screen
    run_search, apply = screen.run_search, screen.apply
    texts: dict[int, str] = {}  # search generation -> the filter text it searched
    painted: list[tuple[str, float]] = []  # (filter text shown, when it was repainted)
    arrived: dict[int, float] = {}  # id of a Key event -> when the app dispatched it

    def hook(message: Message) -> None:
        if isinstance(message, events.Key) and id(message) not in arrived:
            arrived[id(message)] = time.perf_counter()

    def timed_run(text: str, keep_cursor: bool = False) -> None:
        # Noted first: an empty filter is applied inside run_search, under the next number.
        texts[screen._generation + 1] = text
        run_search(text, keep_cursor)

    def timed_apply(generation: int, *args: object, **kwargs: object) -> None:
        apply(generation, *args, **kwargs)  # type: ignore[arg-type]
        if generation == screen._generation:
            text = texts.get(generation, "")
            app.call_after_refresh(lambda: painted.append((text, time.perf_counter())))

    screen.run_search, screen.apply = timed_run, timed_apply  # type: ignore[method-assign]
    out: dict[str, list[float]] = {}
    async with app.run_test(size=size, message_hook=hook) as pilot:
        while not (screen.loaded and screen.filter_ready):
            await pilot.pause(0.05)
        driver = app._driver
        assert driver is not None
        for query in words:
            await pilot.press("slash")
            await pilot.pause(0.3)
            sent: list[tuple[events.Key, str]] = []  # kept alive: their ids stay unique
            arrived.clear()
            began = time.perf_counter()
            for i, char in enumerate(query):
                key = char if char.isalnum() else _character_to_key(char)
                event = events.Key(key, char)
                event.set_sender(app)
                driver.send_message(event)
                sent.append((event, query[:i + 1]))
                await asyncio.sleep(max(0.0, began + (i + 1) * gap - time.perf_counter()))
            deadline = time.perf_counter() + 10
            while (screen.search_pending or not painted or painted[-1][0] != query) and (
                    time.perf_counter() < deadline):
                await asyncio.sleep(0.005)
            for k, (event, text) in enumerate(sent):
                at = arrived.get(id(event))
                later = {t for _, t in sent[k:]}
                done = next((when for shown, when in painted
                             if at is not None and when >= at and shown in later), None)
                name = group(text)
                if name is not None and at is not None and done is not None:
                    out.setdefault(name, []).append((done - at) * 1000)
            await pilot.press("escape")
            await pilot.pause(0.3)
            painted.clear()
    return out


def report(gap: float, timings: dict[str, list[float]]) -> None:
    every = sorted(v for values in timings.values() for v in values)
    over = sum(v > 100 for v in every) / len(every) if every else 0.0
    print(f"gap {gap * 1000:.0f} ms (load {os.getloadavg()[0]:.2f}): {len(every)} keys, "
          f"{over:.0%} over 100 ms")
    for name in sorted(timings):
        values = sorted(timings[name])
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        print(f"  {name:14} p50 {statistics.median(values):6.1f} ms  p95 {p95:6.1f} ms"
              f"  max {values[-1]:6.1f} ms  (n={len(values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("cache")
    parser.add_argument("--gaps", default="100,150,250", help="ms between keys")
    parser.add_argument("--size", default="160x45")
    args = parser.parse_args()
    corpus, cache = os.path.abspath(args.corpus), os.path.abspath(args.cache)
    width, height = (int(v) for v in args.size.split("x"))
    words = query_words(cache)
    for gap in (int(g) / 1000 for g in args.gaps.split(",")):
        report(gap, asyncio.run(type_queries(corpus, cache, words, gap, (width, height))))


if __name__ == "__main__":
    main()
