"""Benchmark similar-story grouping on a large cache: the first pass, then adding files.

Usage: python bench/stories.py [--size 100000] [--workdir /tmp/newsreader-scale] [--add 1000]
                               [--compare]

Needs the corpus and cache that `bench/scale.py --sizes SIZE` leaves in WORKDIR
(`corpus-SIZE/`, `cache-SIZE.sqlite3`); the cache is copied, never changed. Prints:

- the first pass over every stored article (what the first sync of a cache does once):
  seconds, articles/s, groups written, the sketches' size on disk;
- adding ADD files, each a copy of a random corpus page with one word changed (a reprint:
  a new article whose story is stored): seconds spent grouping in that sync, and how many
  reprints joined their original's group;
- the process's peak RSS (VmHWM), which bounds what grouping holds in memory;
- with --compare (sizes up to 20,000): the groups of the in-memory `similar_groups` over the
  same texts, its time, and whether both give the same groups.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The package is imported from the checkout, or from a compiled copy (bench/compiled.py).
PACKAGE = Path(os.environ.get("NEWSREADER_BENCH_PACKAGE") or ROOT)
sys.path.insert(0, str(PACKAGE))

from tui_reader import ingest, similar  # noqa: E402
from tui_reader.storage import Cache  # noqa: E402

GROUPERS: list[similar.StoryGrouper] = []


class CountingGrouper(similar.StoryGrouper):
    """The grouper of `ingest.group_similar_stories`, kept to read its counts."""

    def __init__(self, store: similar.SketchStore) -> None:
        super().__init__(store)
        GROUPERS.append(self)


similar.StoryGrouper = CountingGrouper  # type: ignore[misc]


def checked() -> int:
    """Candidate pairs checked in full since the last call."""
    total = sum(g.checked for g in GROUPERS)
    GROUPERS.clear()
    return total


def peak_rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status
                    if line.startswith("VmHWM")) / 1024


def sketches_mb(cache: Cache) -> str:
    """The sketch tables' size (SQLite's dbstat), or their rows where dbstat is missing."""
    try:
        (size,) = cache._db.execute("SELECT sum(pgsize) FROM dbstat"
                                    " WHERE name IN ('sketches', 'sketched')").fetchone()
        return f"{size / 1e6:.0f} MB"
    except sqlite3.OperationalError:
        (rows,) = cache._db.execute("SELECT count(*) FROM sketches").fetchone()
        return f"{rows} rows"


def stored_groups(cache: Cache) -> set[tuple[str, ...]]:
    return {tuple(sorted((row.id, *row.similar))) for row in cache.rows() if row.similar}


def reprints(corpus: Path, out: Path, count: int, seed: int) -> dict[str, Path]:
    """`count` corpus pages, each with its first " the " made " a ": {copy: original}."""
    pages = sorted(corpus.rglob("*.txt"))
    rng = random.Random(seed)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    made = {}
    for k, original in enumerate(rng.sample(pages, count)):
        copy = out / f"reprint_{k:05d}.txt"
        copy.write_text(original.read_text(encoding="utf-8").replace(" the ", " a ", 1),
                        encoding="utf-8")
        made[str(copy)] = original
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/newsreader-scale"))
    parser.add_argument("--add", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    source = args.workdir / f"cache-{args.size}.sqlite3"
    corpus = args.workdir / f"corpus-{args.size}"
    if not source.exists() or not corpus.is_dir():
        print(f"{source} or {corpus} missing: run bench/scale.py --sizes {args.size} first")
        return 2
    copy = args.workdir / f"stories-{args.size}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, copy)
    with Cache.open(str(copy)) as cache:
        cache.reset_stories()  # as a cache that was never grouped
        # Made by this code, as far as the sync below can tell: it reads only the reprints.
        cache.set_meta(ingest.PIPELINE_KEY, ingest.pipeline_version(None))
        articles = len(cache)
        started = time.perf_counter()
        written = ingest.group_similar_stories(cache)
        seconds = time.perf_counter() - started
        groups = stored_groups(cache)
        print(f"== {articles} articles: first pass {seconds:.1f} s = {articles / seconds:.0f}"
              f" articles/s, {checked() / articles:.1f} candidates checked an article;"
              f" {len(groups)} groups ({written} written); sketches"
              f" {sketches_mb(cache)} on disk; peak RSS {peak_rss_mb():.0f} MB")
        if args.compare:
            from tui_reader.similar import similar_groups

            order = cache.article_order()
            started = time.perf_counter()
            batch = similar_groups([cache.text(rowid) for rowid, _ in order])
            seconds = time.perf_counter() - started
            same = {tuple(sorted(order[p][1] for p in g)) for g in batch} == groups
            print(f"   in memory (similar_groups): {seconds:.1f} s, {len(batch)} groups;"
                  f" the same groups: {same}")
        made = reprints(corpus, args.workdir / f"stories-add-{args.size}", args.add,
                        args.seed)
        timed: dict[str, float] = {}
        real = ingest.group_similar_stories

        def timing(cache: Cache) -> int:
            started = time.perf_counter()
            try:
                return real(cache)
            finally:
                timed["grouping"] = time.perf_counter() - started

        ingest.group_similar_stories = timing
        report = ingest.sync(cache, [str(args.workdir / f"stories-add-{args.size}")])
        ingest.group_similar_stories = real
        by_path: dict[str, list[str]] = {}
        similar: dict[str, set[str]] = {}
        for ident, path, ids in cache._db.execute("SELECT id, file, similar FROM articles"):
            by_path.setdefault(str(path), []).append(ident)
            similar[ident] = set(ids.split())
        joined = sum(1 for new, old in made.items()
                     if any(set(by_path.get(str(old), ())) & similar.get(i, set())
                            for i in by_path.get(new, ())))
        print(f"   adding {len(made)} reprints ({report.articles} articles): grouping"
              f" {timed.get('grouping', 0.0):.2f} s ({checked() / len(made):.1f} candidates"
              f" checked a reprint), sync {report.seconds:.1f} s;"
              f" {joined} of {len(made)} joined their original's story;"
              f" peak RSS {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
