"""Benchmark facet counts and related articles on 100,000 synthetic list rows.

Run: `python bench/facets.py [--rows N]` from the repo root. Rows get 2-8 distinct values of
each kind (people, organisations, places, countries), drawn from Zipf-like pools (weight
1/rank) of 5,000 people, 2,000 organisations, 3,000 places and 120 country codes, with
`random.Random(1)`. Prints the first `counts()` per kind over all rows (which extracts the
kind's per-row values), a later one over all rows and over 10% of them, the first
`related()` (which builds the inverted index) and the median of 50 later `related()` calls.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_reader.article import ListRow  # noqa: E402
from tui_reader.facets import FACET_KINDS, Facets  # noqa: E402

POOLS = {"persons": 5_000, "orgs": 2_000, "places": 3_000}
T = TypeVar("T")

COUNTRIES = [a + b for a, b in itertools.product(string.ascii_uppercase, repeat=2)][:120]


def zipf_weights(size: int) -> list[float]:
    """Cumulative weights 1/rank for a pool of `size` values."""
    return list(itertools.accumulate(1 / rank for rank in range(1, size + 1)))


def make_rows(count: int, rng: random.Random) -> list[ListRow]:
    """`count` synthetic rows with Zipf-distributed entities."""
    pools = {
        field: [f"{field[:-1].title()} {i}" for i in range(size)] for field, size in POOLS.items()
    }
    weights = {field: zipf_weights(len(pool)) for field, pool in pools.items()}
    country_weights = zipf_weights(len(COUNTRIES))

    def draw(pool: list[str], cum: list[float]) -> list[str]:
        return list(dict.fromkeys(rng.choices(pool, cum_weights=cum, k=rng.randint(2, 8))))

    rows = []
    for i in range(count):
        names = {field: "\n".join(draw(pools[field], weights[field])) for field in POOLS}
        rows.append(
            ListRow(
                rowid=i + 1,
                id=f"a{i}",
                title=f"Article {i}",
                source="bench",
                published=None,
                countries=tuple(draw(COUNTRIES, country_weights)),
                persons=names["persons"],
                orgs=names["orgs"],
                places=names["places"],
            )
        )
    return rows


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """`fn()` and the seconds it took."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(1)
    rows, seconds = timed(lambda: make_rows(args.rows, rng))
    print(f"{len(rows):,} rows generated in {seconds:.1f} s")

    facets = Facets(rows)
    everything = range(len(rows))
    tenth = sorted(rng.sample(everything, len(rows) // 10))
    for kind in FACET_KINDS:
        top, first = timed(lambda kind=kind: facets.counts(everything, kind))
        _, again = timed(lambda kind=kind: facets.counts(everything, kind))
        _, part = timed(lambda kind=kind: facets.counts(tenth, kind))
        print(
            f"counts {kind:7}: first (all rows) {first * 1000:6.1f} ms, later all rows "
            f"{again * 1000:6.1f} ms, 10% of rows {part * 1000:5.1f} ms   top: {top[0]}"
        )

    probe = rng.randrange(len(rows))
    found, first = timed(lambda: facets.related(probe))
    print(f"related: first (index build) {first * 1000:.0f} ms, {len(found)} found")
    latencies = []
    sizes = []
    for position in rng.sample(everything, 50):
        found, seconds = timed(lambda position=position: facets.related(position))
        latencies.append(seconds)
        sizes.append(len(found))
    print(
        f"related: median of 50 later calls {statistics.median(latencies) * 1000:.2f} ms "
        f"(max {max(latencies) * 1000:.2f} ms; cap {facets.related_cap()} rows per value; "
        f"median {statistics.median(sizes):.0f} found)"
    )


if __name__ == "__main__":
    main()
