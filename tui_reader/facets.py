"""Facets of a filter result (top countries, people, organisations) and related articles.

`Facets` takes the loaded list rows and, on first use of a kind, extracts each row's
distinct values of that kind once (one tuple per row, equal names sharing one string
object). After that:

- `Facets.counts` tallies a kind over any result (row positions) with `collections.Counter`
  fed by `itertools.chain`, so the loop runs in C: a few tens of milliseconds over 100,000
  rows.
- `Facets.related` ranks the articles sharing the most entities (people, organisations,
  places, countries) with one article, each shared value weighted by its rarity,
  idf = log(N / df). Candidates come from an inverted index value -> positions, built once
  on first use; values held by more than `RELATED_MAX_SHARE` of the rows (a country in
  every other story) are skipped entirely: they say little about relatedness and their
  long position lists would make every look-up slow.

Values of different kinds never match each other ("Georgia" the country is not "Georgia"
the place). Pure Python, no Textual.
"""

from __future__ import annotations

import heapq
import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from itertools import chain
from typing import Literal, get_args

from tui_reader.article import ListRow

RELATED_LIMIT = 8
"""Related articles `related_to` offers (the reader lists them; "r" picks one)."""

FacetKind = Literal["country", "person", "org"]
"""A kind `counts` offers, named as the query field each adds (`country:`, `person:`, ...)."""
FACET_KINDS: tuple[FacetKind, ...] = get_args(FacetKind)
"""Every `FacetKind`, in the panel's order."""

RelatedKind = Literal["person", "org", "place", "country"]
"""A kind whose shared values make two articles related (every facet kind is one)."""
RELATED_KINDS: tuple[RelatedKind, ...] = get_args(RelatedKind)

RELATED_MAX_SHARE = 0.05
"""`related` skips values held by more than this share of the rows..."""

RELATED_MIN_CAP = 50
"""...but, in a small corpus, only those held by more than min(this many, half the) rows."""

COUNT_CHUNK = 2_000
"""`counts` checks `cancelled()` after each chunk of this many positions, and lets other
threads run: counting one chunk holds the GIL throughout (it is one call in C), so a chunk
is kept to about a millisecond, and a keystroke waits for no more."""

_FIELDS: dict[RelatedKind, str] = {"person": "persons", "org": "orgs", "place": "places"}


def _never() -> bool:
    return False


class Facets:
    """Per-row facet values, extracted once, then counted over any result."""

    def __init__(self, rows: Sequence[ListRow],
                 postings: Callable[[RelatedKind], Mapping[str, Sequence[int]]] | None = None
                 ) -> None:
        """Keep `rows`; nothing is extracted until a kind is first used. `postings(kind)`,
        when given, is an existing value -> positions index over the same rows (the filter
        engine's, `Engine.postings`), used by `related` instead of building a second one."""
        self._rows = rows
        self._postings = postings
        self._values: dict[RelatedKind, list[tuple[str, ...]]] = {}
        self._index: dict[RelatedKind, Mapping[str, Sequence[int]]] | None = None
        self._lock = threading.Lock()
        # `tally` over every row, by (kind, limit): the list with no filter, or a filter
        # being typed that does not parse yet ("is:u"), shows it again and again.
        self._whole: dict[tuple[str, int | None], tuple[list[tuple[str, int]], int]] = {}

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def rows(self) -> Sequence[ListRow]:
        """The rows, by position."""
        return self._rows

    def values(self, kind: RelatedKind) -> list[tuple[str, ...]]:
        """Each row's distinct values of `kind` (one of `RELATED_KINDS`), by position."""
        values = self._values.get(kind)
        if values is None:
            if kind not in RELATED_KINDS:
                raise ValueError(f"unknown facet kind {kind!r}; expected one of {RELATED_KINDS}")
            with self._lock:
                values = self._values.get(kind)
                if values is None:
                    values = self._values[kind] = self._extract(kind)
        return values

    def _extract(self, kind: RelatedKind) -> list[tuple[str, ...]]:
        pool: dict[str, str] = {}  # one string object per distinct value: less memory
        shared = pool.setdefault
        if kind == "country":
            return [
                row.countries
                if len(set(row.countries)) == len(row.countries)
                else tuple(dict.fromkeys(row.countries))
                for row in self._rows
            ]
        field = _FIELDS[kind]
        out: list[tuple[str, ...]] = []
        append = out.append
        for row in self._rows:
            joined = getattr(row, field)
            if not joined:
                append(())
                continue
            parts = ListRow.names(joined)
            append(tuple(dict.fromkeys(map(shared, parts, parts))))
        return out

    def counts(
        self,
        positions: Sequence[int],
        kind: FacetKind,
        limit: int = 50,
        cancelled: Callable[[], bool] = _never,
    ) -> list[tuple[str, int]]:
        """The values of `kind` among the rows at `positions`, each with how many of those
        rows have it: most frequent first, then A-Z, at most `limit`. [] if `cancelled()`
        turns true on the way."""
        if limit <= 0:
            return []
        return self.tally(positions, kind, limit, cancelled)[0]

    def tally(
        self,
        positions: Sequence[int],
        kind: FacetKind,
        limit: int | None = 50,
        cancelled: Callable[[], bool] = _never,
    ) -> tuple[list[tuple[str, int]], int]:
        """`counts` (every value when `limit` is None) and how many distinct values the
        rows have in all (the total a heading shows); ([], 0) if cancelled."""
        if kind not in FACET_KINDS:
            raise ValueError(f"unknown facet kind {kind!r}; expected one of {FACET_KINDS}")
        if not positions:
            return [], 0
        whole = len(positions) == len(self._rows)  # distinct positions: every row
        if whole and (kind, limit) in self._whole:
            return self._whole[kind, limit]
        values = self.values(kind)
        tally: Counter[str] = Counter()
        get = values.__getitem__
        for start in range(0, len(positions), COUNT_CHUNK):
            if cancelled():
                return [], 0
            tally.update(chain.from_iterable(map(get, positions[start : start + COUNT_CHUNK])))
            time.sleep(0)  # give up the GIL: the UI thread may be waiting with a key
        if cancelled():
            return [], 0
        order = lambda item: (-item[1], item[0])  # noqa: E731 - most first, then A-Z
        top = (sorted(tally.items(), key=order) if limit is None
               else heapq.nsmallest(limit, tally.items(), key=order))
        if whole:
            self._whole[kind, limit] = (top, len(tally))
        return top, len(tally)

    def _related_index(self) -> dict[RelatedKind, Mapping[str, Sequence[int]]]:
        index = self._index
        if index is None and self._postings is not None:
            index = self._index = {kind: self._postings(kind) for kind in RELATED_KINDS}
        if index is None:
            per_kind = [(kind, self.values(kind)) for kind in RELATED_KINDS]
            with self._lock:
                index = self._index
                if index is None:
                    index = {}
                    for kind, values in per_kind:
                        postings: dict[str, list[int]] = {}
                        get = postings.get
                        for position, row_values in enumerate(values):
                            for value in row_values:
                                posting = get(value)
                                if posting is None:
                                    postings[value] = [position]
                                else:
                                    posting.append(position)
                        index[kind] = postings
                    self._index = index
        return index

    def related_cap(self) -> int:
        """Values held by more rows than this are ignored by `related`."""
        n = len(self._rows)
        return max(int(n * RELATED_MAX_SHARE), min(RELATED_MIN_CAP, n // 2))

    def related(
        self, position: int, limit: int = 8, exclude: Collection[int] = ()
    ) -> list[tuple[int, float]]:
        """The articles sharing the most entities with the row at `position`, as (position,
        score) best first (ties: lower position first). Score = sum of log(N / df) over the
        shared values; values held by more than `related_cap()` rows count for nothing. Never
        the row itself, positions in `exclude` (say its near-duplicates) or rows sharing
        nothing."""
        if limit <= 0:
            return []
        n = len(self._rows)
        position = range(n)[position]  # IndexError when out of range; -1 is the last row
        index = self._related_index()
        cap = self.related_cap()
        scores: dict[int, float] = {}
        get = scores.get
        for kind in RELATED_KINDS:
            postings = index[kind]
            for value in self.values(kind)[position]:
                posting = postings[value]
                df = len(posting)
                if df > cap or df <= 1:  # too common, or only this row has it
                    continue
                idf = math.log(n / df)
                for other in posting:
                    scores[other] = get(other, 0.0) + idf
        scores.pop(position, None)
        for skipped in exclude:
            scores.pop(skipped, None)
        return heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))


def related_to(
    facets: Facets, order: Mapping[str, int], ident: str, similar: Collection[str],
    limit: int = RELATED_LIMIT,
) -> tuple[list[ListRow], list[tuple[ListRow, list[str]]]]:
    """The similar stories of article `ident` (the ids `similar`: those among the rows, in
    row order) and the `limit` articles sharing the most entities with it (not its similar
    stories), each with the names they share, sorted (countries by name, not code).
    `order` maps an id to its row position; ([], []) when `ident` is not among the rows."""
    from tui_reader.countries import country_name  # pycountry: only once asked

    position = order.get(ident)
    if position is None:
        return [], []
    rows = facets.rows
    group = {order[other] for other in similar if other in order}
    found = facets.related(position, limit=limit, exclude=group)
    mine = {kind: set(facets.values(kind)[position]) for kind in RELATED_KINDS}
    related = []
    for other, _ in found:
        shared = sorted({country_name(value) if kind == "country" else value
                         for kind in RELATED_KINDS for value in facets.values(kind)[other]
                         if value in mine[kind]})
        related.append((rows[other], shared))
    return [rows[p] for p in sorted(group)], related
