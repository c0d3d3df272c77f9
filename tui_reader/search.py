"""The filter engine: a parsed query (see `query`) evaluated over the list rows.

Text terms are looked up in the cache's full-text index (typos through its
vocabulary), fields in small in-memory indexes built on first use. Results rank
by match quality, title matches first; every step is a set operation over row
positions, so the cost grows with the matches, not with the corpus.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from .query import NAME_FIELDS, Query, Term
from .storage import Cache, ListRow

#: Minimum fuzz.ratio for a misspelt word to count as a match.
FUZZY_CUTOFF = 80.0
#: Words shorter than this only match as typed (as a word prefix): typos there are noise.
FUZZY_MIN_LENGTH = 4
#: Misspellings tried per term, best first.
FUZZY_LIMIT = 8
#: Misspellings are looked for only when the word as typed matches fewer articles than
#: this: a word that already matches plenty is not a typo, and each misspelling costs a
#: lookup.
FUZZY_MAX_HITS = 20
#: Minimum rapidfuzz WRatio for `person:`, `org:`, `place:` and `source:` values.
NAME_CUTOFF = 85.0
#: Extra weight for a term found in the title.
TITLE_BONUS = 50.0
#: Case-sensitive terms are checked against article text for at most this many matches.
CASE_CHECK_LIMIT = 500
#: Shorter text terms match title words in memory: as prefixes of the whole index they
#: would match nearly every article, at the cost of a full index scan.
MIN_INDEX_TERM = 3

_WORD = re.compile(r"\w+")
Scores = dict[int, float]


@dataclass(slots=True)
class Result:
    """Matching row positions, best first, and what was matched (for highlighting)."""

    positions: list[int]
    words: tuple[str, ...] = ()
    """Words of the index the text terms matched, typos resolved ("tianjn" -> "tianjin")."""


@dataclass(slots=True, repr=False)
class Engine:
    """Evaluates queries over `rows`, with the cache behind them for full text."""

    rows: Sequence[ListRow]
    cache: Cache
    state: Mapping[str, tuple[bool, bool]] = field(default_factory=dict)
    """id -> (read, starred), as the cache keeps it; `mark` keeps it current."""
    _position: dict[int, int] = field(default_factory=dict)
    _titles: list[str] = field(default_factory=list)
    _by_country: dict[str, list[int]] | None = None
    _names: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    _buckets: dict[int, list[str]] | None = None
    _title_words: list[str] | None = None
    _title_postings: dict[str, list[int]] | None = None
    _title_vocabulary: list[str] = field(default_factory=list)
    warmed: bool = False
    """True once `warm` has built every index."""

    def __repr__(self) -> str:
        # Short on purpose: Textual describes a worker by the repr of its arguments.
        return f"Engine({len(self.rows)} rows)"

    def __post_init__(self) -> None:
        self._position = {row.rowid: i for i, row in enumerate(self.rows)}
        self._titles = [row.title.lower() for row in self.rows]

    def mark(self, ident: str, *, read: bool, starred: bool) -> None:
        """Record a change of an article's read/starred state (for `is:` terms)."""
        # A new dict, not an update: a search thread may be iterating the old one.
        self.state = {**self.state, ident: (read, starred)}

    def warm(self, cancelled: Callable[[], bool] = lambda: False) -> None:
        """Build every lazy index now (call it off the UI thread, after loading), so that
        the first query of each kind is as fast as the next."""
        steps: list[Callable[[], object]] = [self._country_index, self._word_starts,
                                             self._title_index, self._vocabulary_buckets]
        steps += [lambda kind=kind: self._name_index_of(kind) for kind in sorted(NAME_FIELDS)]
        for step in steps:
            if cancelled():
                return
            step()
        self.warmed = True

    def search(self, query: Query, cancelled: Callable[[], bool] = lambda: False) -> Result:
        """Positions of the rows matching `query`; every row in order for an empty query."""
        if query.is_empty:
            return Result(list(range(len(self.rows))))
        scores: Scores | None = None
        words: list[str] = []
        for group in query.groups:
            if cancelled():
                return Result([])
            if len(group) == 1:  # the common case: no OR to merge
                group_scores = self._term(group[0], words)
            else:
                group_scores = {}
                for term in group:
                    for position, score in self._term(term, words).items():
                        group_scores[position] = max(score, group_scores.get(position, 0.0))
            scores = group_scores if scores is None else {
                p: scores[p] + group_scores[p] for p in scores.keys() & group_scores.keys()}
            if not scores:
                return Result([], tuple(words))
        assert scores is not None
        # Stable, with a C-level key: ties keep the order the rows were found in.
        return Result(sorted(scores, key=scores.__getitem__, reverse=True), tuple(words))

    # -- terms --------------------------------------------------------------

    def _term(self, term: Term, words: list[str]) -> Scores:
        found = self._positive(term, words if not term.negated else [])
        if not term.negated:
            return found
        return dict.fromkeys((p for p in range(len(self.rows)) if p not in found), 0.0)

    def _positive(self, term: Term, words: list[str]) -> Scores:
        kind = term.kind
        if kind == "fuzzy":
            return self._text(term, words, fuzzy=True)
        if kind == "exact":
            return self._text(term, words, fuzzy=False)
        if kind == "title_prefix":
            value = term.value if term.case_sensitive else term.value.lower()
            titles = (r.title for r in self.rows) if term.case_sensitive else self._titles
            return {p: 100.0 for p, title in enumerate(titles) if title.startswith(value)}
        if kind == "country":
            index = self._country_index()
            return {p: 0.0 for code in term.codes for p in index.get(code, ())}
        if kind in NAME_FIELDS:
            return self._named(kind, term.value)
        if kind in {"after", "before"}:
            after = kind == "after"
            return {p: 0.0 for p, r in enumerate(self.rows) if r.published and (
                r.published >= term.value if after else r.published <= term.value)}
        if kind == "is":
            return self._flagged(term.value)
        return {}

    def _text(self, term: Term, words: list[str], fuzzy: bool) -> Scores:
        """A word (or word prefix when fuzzy) in title, source, text or names."""
        value = term.value.lower()
        if not _WORD.search(value):
            return {}
        if fuzzy and len(value) < MIN_INDEX_TERM:
            needle = " " + value
            words.append(value)
            scores = {p: 100.0 + TITLE_BONUS
                      for p, title in enumerate(self._word_starts()) if needle in title}
            return self._case_checked(scores, term.value) if term.case_sensitive else scores
        rowids = self.cache.fts_any([], [value]) if fuzzy else self.cache.fts_any([value])
        scores: Scores = {}
        self._add(scores, rowids, 100.0, value)
        words.append(value)
        if term.case_sensitive:  # smart case holds for the word as typed, not its typos
            scores = self._case_checked(scores, term.value)
        if fuzzy and len(value) >= FUZZY_MIN_LENGTH and len(scores) < FUZZY_MAX_HITS:
            for word, score in self._misspellings(value):
                self._add(scores, self.cache.fts_any([word]), score, word)
                words.append(word)
        return scores

    def _add(self, scores: Scores, rowids: Sequence[int], score: float, word: str) -> None:
        """Score the rows of `rowids` (articles outside this view are dropped), with the
        title bonus for rows whose title has a word starting with `word`."""
        positions = [p for p in map(self._position.get, rowids) if p is not None]
        titled = self._title_hits(word)
        if not scores:  # the common case, in bulk
            scores.update(dict.fromkeys(positions, score))
            for position in titled & scores.keys():
                scores[position] = score + TITLE_BONUS
            return
        for position in positions:
            value = score + (TITLE_BONUS if position in titled else 0.0)
            if value > scores.get(position, 0.0):
                scores[position] = value

    def _title_hits(self, word: str) -> set[int]:
        """Rows whose title has a word starting with `word`."""
        index = self._title_index()
        start = bisect.bisect_left(self._title_vocabulary, word)
        hits: set[int] = set()
        for title_word in itertools.islice(self._title_vocabulary, start, None):
            if not title_word.startswith(word):
                break
            hits.update(index[title_word])
        return hits

    def _title_index(self) -> dict[str, list[int]]:
        """Title word -> rows, and the sorted title vocabulary beside it."""
        if self._title_postings is None:
            postings: defaultdict[str, list[int]] = defaultdict(list)
            for position, title in enumerate(self._titles):
                for word in set(_WORD.findall(title)):
                    postings[word].append(position)
            self._title_vocabulary = sorted(postings)
            self._title_postings = dict(postings)
        return self._title_postings

    def _word_starts(self) -> list[str]:
        """Each title's words lower-cased, each preceded by a space (" summit in tianjin")."""
        if self._title_words is None:
            self._title_words = [" " + " ".join(_WORD.findall(t)) for t in self._titles]
        return self._title_words

    def _vocabulary_buckets(self) -> dict[int, list[str]]:
        """The index's words by length."""
        if self._buckets is None:
            buckets: defaultdict[int, list[str]] = defaultdict(list)
            for word in self.cache.vocabulary():
                buckets[len(word)].append(word)
            self._buckets = dict(buckets)
        return self._buckets

    def _misspellings(self, value: str) -> list[tuple[str, float]]:
        """Index words spelt like `value` (not merely starting with it), best first."""
        buckets = self._vocabulary_buckets()
        near = [w for n in range(len(value) - 2, len(value) + 3)
                for w in buckets.get(n, ()) if not w.startswith(value)]
        found = process.extract(value, near, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                limit=FUZZY_LIMIT)
        return [(word, score) for word, score, _ in found]

    def _case_checked(self, scores: Scores, value: str) -> Scores:
        """Keep matches where `value` appears with its capitals (smart case)."""
        check_text = len(scores) <= CASE_CHECK_LIMIT
        kept: Scores = {}
        for position, score in scores.items():
            row = self.rows[position]
            if value in row.title or value in row.persons or value in row.orgs or (
                    value in row.places) or (check_text and value in self.cache.text(row.rowid)):
                kept[position] = score
        return kept

    # -- fields ---------------------------------------------------------------

    def _country_index(self) -> dict[str, list[int]]:
        """Alpha-2 code -> rows mentioning it (lists: a tenth of the memory of sets)."""
        if self._by_country is None:
            index: defaultdict[str, list[int]] = defaultdict(list)
            for position, row in enumerate(self.rows):
                for code in row.countries:
                    index[code].append(position)
            self._by_country = dict(index)
        return self._by_country

    def _named(self, kind: str, value: str) -> Scores:
        """Rows naming a person/org/place (or from a source) spelt like `value`."""
        index = self._name_index_of(kind)
        names = list(index)
        matched = process.extract(value, names, scorer=fuzz.WRatio, processor=utils.default_process,
                                  score_cutoff=NAME_CUTOFF, limit=None)
        scores: Scores = {}
        for name, score, _ in matched:
            for position in index[name]:
                scores[position] = max(score, scores.get(position, 0.0))
        return scores

    def _name_index_of(self, kind: str) -> dict[str, list[int]]:
        index = self._names.get(kind)
        if index is None:
            index = self._names[kind] = self._name_index(kind)
        return index

    def _name_index(self, kind: str) -> dict[str, list[int]]:
        index: defaultdict[str, list[int]] = defaultdict(list)
        for position, row in enumerate(self.rows):
            if kind == "source":
                if row.source:
                    index[row.source].append(position)
                continue
            joined = {"person": row.persons, "org": row.orgs, "place": row.places}[kind]
            for name in ListRow.names(joined):
                index[name].append(position)
        return dict(index)

    def _flagged(self, state: str) -> Scores:
        if state == "starred":
            return {p: 0.0 for p, r in enumerate(self.rows) if self.state.get(r.id, (0, 0))[1]}
        read = state == "read"
        return {p: 0.0 for p, r in enumerate(self.rows)
                if bool(self.state.get(r.id, (False, False))[0]) == read}
