"""Scale benchmark of the cache: ingest, warm sync, list load, memory, size, queries.

Usage: python bench/scale.py [--sizes 1000,10000,100000] [--workdir DIR] [--workers N]

For each size it generates a corpus with bench/corpus.py (or reuses one already there),
ingests it into a fresh cache with all cores, and prints: cold ingest articles/s (and the
share spent in corpus-wide passes), warm sync time (nothing changed), loading the list rows
in a fresh process (seconds, count, peak RSS), cache size on disk vs input size, FTS prefix
query latency p50/p95 for 1-, 3- and 8-character queries, and `country:` filtering over the
loaded rows. Targets at 100k on 2 cores: ingest >= 200 articles/s, load well under 1 s,
peak RSS <= 400 MB, cache <= 2x input.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The package is imported from the checkout, or from a compiled copy (bench/compiled.py).
PACKAGE = Path(os.environ.get("NEWSREADER_BENCH_PACKAGE") or ROOT)
sys.path.insert(0, str(PACKAGE))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402

from tui_reader.countries import match_countries  # noqa: E402
from tui_reader.ingest import sync  # noqa: E402
from tui_reader.storage import MIN_PREFIX, Cache  # noqa: E402

LOAD_ROWS = """
import json, resource, sys, time
t = time.perf_counter()
from tui_reader.storage import Cache
imported = time.perf_counter() - t
t = time.perf_counter()
with Cache.open(sys.argv[1]) as cache:
    rows = cache.rows()
    state = cache.state()
seconds = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
try:  # ru_maxrss of an exec'd child can carry the forking parent's peak; VmHWM does not
    with open("/proc/self/status") as status:
        rss = next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024
except (OSError, StopIteration):
    pass
print(json.dumps({"rows": len(rows), "seconds": seconds, "import": imported, "rss_mb": rss}))
"""
COUNTRIES = ("ireland", "uk", "france", "de", "jpn", "brazil", "kenya", "india", "peru",
             "norway", "chile", "egypt", "vietnam", "canada", "ukraine", "russia")
QUERIES = 60


def ensure_corpus(workdir: Path, size: int, seed: int) -> Path:
    folder = workdir / f"corpus-{size}"
    marker = folder / ".complete"
    if marker.exists() and marker.read_text() == f"{size} {seed}":
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    total = write_corpus(size, folder, seed)
    marker.write_text(f"{size} {seed}")
    print(f"  generated {size} pages ({total / 1e6:.0f} MB) in "
          f"{time.perf_counter() - started:.1f}s")
    return folder


def percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"p50 {statistics.median(ms):7.2f} ms  p95 {p95:7.2f} ms"


def bench_size(workdir: Path, size: int, seed: int, workers: int | None,
               similar: bool) -> None:
    print(f"== {size} pages")
    corpus = ensure_corpus(workdir, size, seed)
    input_bytes = sum(p.stat().st_size for p in corpus.rglob("*.txt"))
    cache_path = workdir / f"cache-{size}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{cache_path}{suffix}").unlink(missing_ok=True)

    marks: dict[str, float] = {}
    started = time.perf_counter()

    def progress(done: int, total: int, articles: int) -> None:
        marks["batches"] = time.perf_counter() - started
        if done == total or done % (64 * 40) == 0:
            rate = articles / max(marks["batches"], 1e-9)
            print(f"\r  {done}/{total} files, {articles} articles, {rate:.0f}/s", end="",
                  flush=True)

    with Cache.open(str(cache_path)) as cache:
        report = sync(cache, [str(corpus)], progress=progress, workers=workers,
                      similar=similar)
        print()
        passes = report.seconds - marks.get("batches", report.seconds)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  cold ingest: {report.articles} articles from {report.new} files in "
              f"{report.seconds:.1f}s = {report.articles / report.seconds:.0f} articles/s "
              f"(batches {marks.get('batches', 0):.1f}s, corpus-wide passes {passes:.1f}s); "
              f"{len(report.problems)} problems; ingest process peak RSS {rss:.0f} MB")
        warm = sync(cache, [str(corpus)], workers=workers, similar=similar)
        print(f"  warm sync: {warm.seconds:.2f}s ({warm.unchanged} unchanged, "
              f"{warm.new + warm.changed} re-read)")
        cache.checkpoint()
        size_bytes = cache.size_on_disk()
        print(f"  cache {size_bytes / 1e6:.0f} MB vs input {input_bytes / 1e6:.0f} MB "
              f"= {size_bytes / input_bytes:.2f}x")

        out = subprocess.run([sys.executable, "-c", LOAD_ROWS, str(cache_path)], cwd=PACKAGE,
                             capture_output=True, text=True, check=True)
        loaded = json.loads(out.stdout)
        print(f"  load rows (fresh process): {loaded['rows']} rows in "
              f"{loaded['seconds']:.3f}s (+{loaded['import']:.2f}s imports), "
              f"peak RSS {loaded['rss_mb']:.0f} MB")

        rng = random.Random(seed)
        cache._db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab"
            " USING fts5vocab(main, articles_fts, row)")
        words = [w for (w,) in cache._db.execute(
            "SELECT term FROM temp.vocab WHERE length(term) >= 8 AND term GLOB '[a-z]*'"
            " ORDER BY doc DESC LIMIT 2000")]
        for length in (1, 3, 8):
            queries = [rng.choice(words)[:length] for _ in range(QUERIES)]
            for ranked in (True, False):
                samples = []
                hits = 0
                for query in queries:
                    t = time.perf_counter()
                    hits += len(cache.fts_search([query], limit=500, ranked=ranked,
                                                 min_prefix=1))
                    samples.append(time.perf_counter() - t)
                label = "ranked  " if ranked else "unranked"
                print(f"  fts {length}-char prefix, {label} top 500: {percentiles(samples)}"
                      f"  ({hits / len(queries):.0f} hits)")
            if length < MIN_PREFIX:
                samples = []
                for query in queries:
                    t = time.perf_counter()
                    cache.fts_search([query], limit=500)
                    samples.append(time.perf_counter() - t)
                print(f"  fts {length}-char whole word (default below {MIN_PREFIX} chars),"
                      f" ranked: {percentiles(samples)}")
        rows = cache.rows()
        samples = []
        hits = 0
        for name in COUNTRIES:
            codes = match_countries(name)
            t = time.perf_counter()
            hits += sum(1 for r in rows if not codes.isdisjoint(r.countries))
            samples.append(time.perf_counter() - t)
        print(f"  country: filter over {len(rows)} rows: {percentiles(samples)}"
              f"  ({hits / len(COUNTRIES):.0f} hits)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/newsreader-scale"))
    parser.add_argument("--workers", type=int, default=None, help="default: all cores")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-similar", action="store_true",
                        help="skip near-duplicate grouping (slow at 100k)")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in args.sizes.split(",")):
        bench_size(args.workdir, size, args.seed, args.workers, not args.no_similar)


if __name__ == "__main__":
    main()
