"""Benchmark corpus-wide name linking (`aliases.link_names`) on real and synthetic names.

Run: `python bench/aliases.py [PAGES_DIR] [--docs N] [--workers W]` from the repo root.

Real: the files under PAGES_DIR (default ../shared/pages-train/dumps) are read, cleaned and
recognised once (`corpus.read_file`, as export and the cache ingest do, in W processes);
then the person names of every article go through `link_names` alone, timed.
Synthetic: N documents (default 100,000) naming people drawn from a large population
(popular ones often), in full, by a lone surname, and now and then misspelt.

Each figure is the median of 3 runs, with the 1-minute load average before each run.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_reader import aliases  # noqa: E402
from tui_reader.article import norm_name  # noqa: E402
from tui_reader.corpus import read_file  # noqa: E402
from tui_reader.files import discover  # noqa: E402

RUNS = 3
DEFAULT_PAGES = ROOT.parent / "shared" / "pages-train" / "dumps"


def _names_of(path: str) -> list[list[str]]:
    articles, _ = read_file(path)
    return [[norm_name(e.text) for e in a.entities if e.label == "PERSON"] for a in articles]


def real_docs(root: str, workers: int) -> tuple[list[list[str]], int, float]:
    """(person names of each article, files, seconds to read and recognise them)."""
    files, _ = discover([root])
    started = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        docs = [d for per_file in pool.map(_names_of, files, chunksize=16) for d in per_file]
    return docs, len(files), time.perf_counter() - started


_SYLLABLES = ["ba", "ko", "ri", "sen", "mar", "tel", "vi", "dra", "lo", "chen", "ska", "nov",
              "ber", "gu", "zel", "man", "tor", "ha", "pe", "lin", "sto", "ru", "we", "dan"]
_FIRST = ["John", "Maria", "Wei", "Olga", "Ahmed", "Anna", "Peter", "Li", "Jose", "Fatima",
          "David", "Elena", "Ivan", "Sara", "Kim", "Xi", "Michael", "Laura", "Omar", "Yuki"]


def _misspell(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word))
    kind = rng.randrange(3)
    if kind == 0:
        return word + word[-1]  # the last letter doubled
    if kind == 1:
        return word[:i] + word[i + 1:]  # a letter dropped
    return word[:i] + "y" + word[i + 1:]  # a letter replaced


def synthetic_docs(n_docs: int, seed: int = 7) -> list[list[str]]:
    """`n_docs` documents of person mentions, drawn from a Zipf-like population."""
    rng = random.Random(seed)
    population = max(1000, n_docs)
    people = []
    for _ in range(population):
        surname = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).title()
        people.append((rng.choice(_FIRST), surname))
    weights = [1 / (rank + 1) for rank in range(population)]
    docs = []
    for _ in range(n_docs):
        doc: list[str] = []
        for first, surname in rng.choices(people, weights, k=rng.randint(2, 8)):
            if rng.random() < 0.05:
                surname = _misspell(surname, rng)
            doc.append(f"{first} {surname}")
            doc.extend([surname] * rng.randint(0, 3))
        docs.append(doc)
    return docs


def measure(title: str, docs: Sequence[Sequence[str]]) -> None:
    """Print the size of `docs` and the median time of `link_names` on it."""
    distinct = {n for d in docs for n in d}
    full = sum(1 for n in distinct if " " in n)
    people = len(aliases._cluster(docs).people)
    times, loads = [], []
    for _ in range(RUNS):
        loads.append(os.getloadavg()[0])
        started = time.perf_counter()
        aliases.link_names(docs)
        times.append(time.perf_counter() - started)
    print(f"{title}: {len(docs):,} docs, {sum(map(len, docs)):,} mentions, "
          f"{len(distinct):,} distinct names ({full:,} full, {len(distinct) - full:,} lone), "
          f"{people:,} people")
    print(f"  link_names: median {statistics.median(times):.3f} s of "
          f"{', '.join(f'{t:.3f}' for t in times)}; load {', '.join(f'{x:.2f}' for x in loads)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="?", default=str(DEFAULT_PAGES))
    parser.add_argument("--docs", type=int, default=100_000, help="synthetic documents")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()
    if os.path.isdir(args.pages):
        docs, files, seconds = real_docs(args.pages, args.workers)
        print(f"read + recognise {files:,} files with {args.workers} workers: {seconds:.2f} s "
              f"({files / seconds:.0f} files/s), load {os.getloadavg()[0]:.2f}")
        measure(f"real ({args.pages})", docs)
    else:
        print(f"no pages at {args.pages}: real corpus skipped")
    if args.docs:
        measure("synthetic", synthetic_docs(args.docs))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
