"""The filter engine: a parsed query (see `query`) evaluated over the list rows.

Text terms are looked up in the cache's full-text index (typos through its
vocabulary), fields in small in-memory indexes built on first use. Results rank
by match quality, title matches first; every step is a set operation over row
positions, so the cost grows with the matches, not with the corpus.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias, get_args, overload

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import DamerauLevenshtein

from .article import ArticleMarks, ListRow
from .countries import fold_name
from .gazetteer import fold_accents, other_city_names
from .gazetteer import load as load_gazetteer
from .marks import UNMARKED
from .query import NAME_FIELDS, Query, Term
from .storage import Cache

#: Minimum fuzz.ratio for a misspelt word to count as a match.
FUZZY_CUTOFF = 80.0
#: Words shorter than this only match as typed (as a word prefix): typos there are noise.
FUZZY_MIN_LENGTH = 4
#: Misspellings tried per term, best first.
FUZZY_LIMIT = 8
#: Misspellings are looked for only when the word as typed matches fewer articles than
#: this (a word that already matches plenty is not a typo, and each misspelling costs a
#: lookup), and is no word of the index ("brexit" is not German "breit" misspelt).
FUZZY_MAX_HITS = 20
#: Minimum rapidfuzz WRatio for `person:`, `org:`, `place:` and `source:` values.
NAME_CUTOFF = 85.0
#: A name shorter than this share of the value typed matches it only word by word.
SHORTEST_NAME_SHARE = 0.6
#: Extra weight for a term found in the title.
TITLE_BONUS = 50.0
#: Case-sensitive terms are checked against article text for at most this many matches.
CASE_CHECK_LIMIT = 500
#: Shorter text terms match title words in memory: as prefixes of the whole index they
#: would match nearly every article, at the cost of a full index scan.
MIN_INDEX_TERM = 3

#: Row positions that kept prefix results may hold in all (4 bytes each): what lets a
#: broad prefix ("cou", matching 90% of 100,000 articles) answer without a 30 ms lookup.
PREFIX_BUDGET = 4_000_000
#: Prefixes of this length whose words are in at least PREFIX_SHARE of the articles are
#: looked up ahead, while warming; others are kept once typed.
PREFIX_LENGTH = 3
PREFIX_SHARE = 0.2

_WORD = re.compile(r"\w+")
#: The orders of a result: by match quality, newest first, or by source A-Z (the names
#: `--sort` takes and the app's `S` cycles through, in that order).
SortKey = Literal["relevance", "date", "source"]
SORTS: tuple[SortKey, ...] = get_args(SortKey)
Scores = dict[int, float]
#: Row positions in an index: 4 bytes each (a list of ints takes 36: an int object and
#: its pointer; at 1M articles, hundreds of megabytes of the app's memory).
Positions: TypeAlias = "array[int]"


def _positions() -> array[int]:
    return array("i")


def match_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Where `text` has a word starting with one of `words` (case-insensitively), as sorted,
    non-overlapping (start, end) character offsets: what a search highlights."""
    if not words or not text:
        return []
    return [m.span() for m in _match_pattern(tuple(sorted(set(words), key=len, reverse=True)))
            .finditer(text)]


@functools.lru_cache(maxsize=64)
def _match_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first, so that "tianjin" wins over "tian" at the same place.
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + ")", re.IGNORECASE)


@dataclass(slots=True)
class Result:
    """Matching row positions, best first, and what was matched (for highlighting)."""

    positions: list[int]
    words: tuple[str, ...] = ()
    """Words of the index the text terms matched, typos resolved ("tianjn" -> "tianjin")."""


class _Kept:
    """A prefix's matching rows, held compactly: the positions themselves, or the
    positions that do *not* match when those are fewer."""

    __slots__ = ("_inverted", "_positions", "_total")

    def __init__(self, positions: list[int], total: int) -> None:
        self._total = total
        self._inverted = len(positions) > total // 2
        if self._inverted:
            mask = bytearray(total)
            for position in positions:
                mask[position] = 1
            positions = [p for p, hit in enumerate(mask) if not hit]
        self._positions = array("i", positions)

    @property
    def size(self) -> int:
        """Positions held."""
        return len(self._positions)

    def positions(self) -> list[int]:
        """The matching rows, in list order."""
        if not self._inverted:
            return self._positions.tolist()
        mask = bytearray(b"\x01") * self._total
        for position in self._positions:
            mask[position] = 0
        return list(itertools.compress(range(self._total), mask))


class Selection(Sequence[ListRow]):
    """The rows at `positions`, in that order, without copying them: a result can hold
    every one of 100,000 rows and is shown a screenful at a time."""

    __slots__ = ("_positions", "_rows")

    def __init__(self, rows: Sequence[ListRow], positions: Sequence[int]) -> None:
        self._rows = rows
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, index: int) -> ListRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[ListRow]: ...
    def __getitem__(self, index: int | slice) -> ListRow | list[ListRow]:
        if isinstance(index, slice):
            return [self._rows[p] for p in self._positions[index]]
        return self._rows[self._positions[index]]

    def __iter__(self) -> Iterator[ListRow]:
        return map(self._rows.__getitem__, self._positions)


@dataclass(slots=True, repr=False)
class Engine:
    """Evaluates queries over `rows`, with the cache behind them for full text."""

    rows: Sequence[ListRow]
    cache: Cache
    state: Mapping[str, ArticleMarks] = field(default_factory=dict)
    """id -> its marks, for `is:` terms: the run's marks (`marks.SessionMarks`), which
    replace it on each change (never updated in place: a search may be iterating it)."""
    _position: array[int] = field(default_factory=_positions)
    """Each cache rowid's list position, -1 for an article outside the list (4 bytes a
    rowid: a dict took 130 bytes a row)."""
    _titles: list[str] = field(default_factory=list)
    _by_country: dict[str, Positions] | None = None
    _names: dict[str, dict[str, Positions]] = field(default_factory=dict)
    _name_words: dict[str, tuple[dict[str, list[str]], list[str]]] = field(default_factory=dict)
    _buckets: dict[int, list[str]] | None = None
    _title_words: list[str] | None = None
    _title_postings: dict[str, Positions] | None = None
    _title_vocabulary: list[str] = field(default_factory=list)
    _ranks: dict[SortKey, list[int]] = field(default_factory=dict)
    _kept: OrderedDict[str, _Kept] = field(default_factory=OrderedDict)
    _kept_size: int = 0
    _words: dict[str, int] | None = None
    warmed: bool = False
    """True once `warm` has built every index."""

    def __repr__(self) -> str:
        # Short on purpose: Textual describes a worker by the repr of its arguments.
        return f"Engine({len(self.rows)} rows)"

    def __post_init__(self) -> None:
        position = self._position = array("i", [-1]) * (
            max((row.rowid for row in self.rows), default=0) + 1)
        for i, row in enumerate(self.rows):
            position[row.rowid] = i
        self._titles = [row.title.lower() for row in self.rows]

    @property
    def kept_prefixes(self) -> list[str]:
        """Prefixes whose matches are kept in memory, least recently used first."""
        return list(self._kept)

    @property
    def kept_size(self) -> int:
        """Row positions held by the kept prefixes."""
        return self._kept_size

    def warm(self, cancelled: Callable[[], bool] = lambda: False) -> None:
        """Build every lazy index now (call it off the UI thread, after loading), so that
        the first query of each kind is as fast as the next."""
        steps: list[Callable[[], object]] = [self._country_index, self._word_starts,
                                             self._title_index, self._vocabulary_buckets]
        steps += [functools.partial(self._name_words_of, kind) for kind in sorted(NAME_FIELDS)]
        steps += [functools.partial(self._prefix_rows, prefix) for prefix in self._broad_prefixes()]
        for step in steps:
            if cancelled():
                return
            step()
        self.warmed = True

    def _broad_prefixes(self) -> list[str]:
        """PREFIX_LENGTH-letter prefixes whose words are in PREFIX_SHARE of the rows or
        more (estimated from the index's word counts), broadest first, within the budget."""
        estimate: defaultdict[str, int] = defaultdict(int)
        for word, count in self._vocabulary().items():
            if len(word) >= PREFIX_LENGTH:
                estimate[word[:PREFIX_LENGTH]] += count
        total = len(self.rows)
        broad = sorted((p for p, n in estimate.items() if n >= PREFIX_SHARE * total),
                       key=lambda p: -estimate[p])
        chosen, size = [], 0
        for prefix in broad:
            # A kept prefix holds its matches or its misses, whichever are fewer.
            size += min(estimate[prefix], total) if estimate[prefix] < total // 2 else 0
            if size > PREFIX_BUDGET:
                break
            chosen.append(prefix)
        return chosen

    def ordered(self, positions: list[int], by: SortKey) -> list[int]:
        """`positions` (best match first) in the order `by` names (one of `SORTS`): date is
        newest first, undated last; source is A-Z. Ties keep the match order."""
        if by == SORTS[0]:
            return positions
        rank = self._ranks.get(by)
        if rank is None:
            rank = self._ranks[by] = self._rank(by)
        return sorted(positions, key=rank.__getitem__)

    def _rank(self, by: SortKey) -> list[int]:
        """Each row's place among the distinct sort values (equal values, equal rank), so
        that sorting is one C-level lookup per row."""
        if by == "date":
            keys = [row.published or "" for row in self.rows]
            distinct = sorted(set(keys), reverse=True)  # "" (undated) last
        else:
            keys = [(row.source or "\uffff").casefold() for row in self.rows]
            distinct = sorted(set(keys))
        place = {value: i for i, value in enumerate(distinct)}
        return [place[k] for k in keys]

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
        if fuzzy:
            positions = self._prefix_rows(value)
        else:
            positions = self._positions_of(self.cache.fts_any([value]))
        scores = {}
        self._add(scores, positions, 100.0, value)
        words.append(value)
        if term.case_sensitive:  # smart case holds for the word as typed, not its typos
            scores = self._case_checked(scores, term.value)
        if (fuzzy and len(value) >= FUZZY_MIN_LENGTH and len(scores) < FUZZY_MAX_HITS
                and value not in self._vocabulary()):  # a word the pages use is no typo
            for word, score in self._misspellings(value):
                self._add(scores, self._positions_of(self.cache.fts_any([word])), score, word)
                words.append(word)
        return scores

    def _positions_of(self, rowids: list[int]) -> list[int]:
        """The list positions of `rowids` (articles outside this view dropped), in list
        order, so that ties rank the same however the rows were found."""
        position = self._position
        # Rowids past the last of this list's articles are outside it (another folder's).
        positions = [p for p in map(position.__getitem__, filter(len(position).__gt__, rowids))
                     if p >= 0]
        positions.sort()
        return positions

    def _prefix_rows(self, prefix: str) -> list[int]:
        """Positions of the rows with a word starting with `prefix`, in list order; kept
        (least recently used dropped first) within PREFIX_BUDGET."""
        kept = self._kept.get(prefix)
        if kept is not None:
            self._kept.move_to_end(prefix)
            return kept.positions()
        positions = self._positions_of(self.cache.fts_any([], [prefix]))
        kept = _Kept(positions, len(self.rows))
        if kept.size <= PREFIX_BUDGET:
            self._kept[prefix] = kept
            self._kept_size += kept.size
            while self._kept_size > PREFIX_BUDGET:
                _, dropped = self._kept.popitem(last=False)
                self._kept_size -= dropped.size
        return positions

    def _add(self, scores: Scores, positions: list[int], score: float, word: str) -> None:
        """Score the rows at `positions`, with the title bonus for rows whose title has a
        word starting with `word`."""
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
        vocabulary = self._title_vocabulary
        at = bisect.bisect_left(vocabulary, word)  # a prefix's words are one slice
        hits: set[int] = set()
        while at < len(vocabulary) and vocabulary[at].startswith(word):
            hits.update(index[vocabulary[at]])
            at += 1
        return hits

    def _title_index(self) -> dict[str, Positions]:
        """Title word -> rows, and the sorted title vocabulary beside it."""
        if self._title_postings is None:
            postings: defaultdict[str, Positions] = defaultdict(_positions)
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
            for word in self._vocabulary():
                buckets[len(word)].append(word)
            self._buckets = dict(buckets)
        return self._buckets

    def _vocabulary(self) -> dict[str, int]:
        """The index's words with their article counts (read once)."""
        if self._words is None:
            self._words = self.cache.vocabulary()
        return self._words

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
        # Smart case is for ordinary words: "Nato" also finds a name written in capitals.
        forms = (value, value.upper()) if value[1:].islower() else (value,)
        rows = self.rows
        if not check_text and len(forms) == 1:  # a large result: one pass, no text reads
            return {position: score for position, score in scores.items()
                    if value in (row := rows[position]).orgs or value in row.title
                    or value in row.persons or value in row.places}
        kept: Scores = {}
        for position, score in scores.items():
            row = rows[position]
            for form in forms:
                if form in row.title or form in row.persons or form in row.orgs or (
                        form in row.places) or (
                        check_text and form in self.cache.text(row.rowid)):
                    kept[position] = score
                    break
        return kept

    # -- fields ---------------------------------------------------------------

    def _country_index(self) -> dict[str, Positions]:
        """Alpha-2 code -> rows mentioning it."""
        if self._by_country is None:
            index: defaultdict[str, Positions] = defaultdict(_positions)
            for position, row in enumerate(self.rows):
                for code in row.countries:
                    index[code].append(position)
            self._by_country = dict(index)
        return self._by_country

    def _named(self, kind: str, value: str) -> Scores:
        """Rows naming a person/org/place (or from a source) spelt like `value`: the whole
        name fuzzily ("keir starmer"), or each word of the value as a word of the name,
        by prefix or with a typo ("zelenskiy", "zelenksy" -> Volodymyr Zelenskyy), and a
        place by any of its spellings the recogniser knows ("kiev" -> Kyiv)."""
        index = self._name_index_of(kind)
        found: dict[str, float] = {}
        # WRatio scores a short name by its best part of the value: "OL" would match
        # "bundespolizei" at 90; a name much shorter than the value is no match
        shortest = len(utils.default_process(value)) * SHORTEST_NAME_SHARE
        for name, score, _ in process.extract(value, list(index), scorer=fuzz.WRatio,
                                              processor=utils.default_process,
                                              score_cutoff=NAME_CUTOFF, limit=None):
            if len(name) >= shortest:
                found[name] = score
        for name, score in self._names_by_words(kind, value).items():
            found[name] = max(score, found.get(name, 0.0))
        if kind == "place":
            entry = load_gazetteer().folded.get(value.lower())
            canonical = entry.canonical if entry is not None else other_city_names().get(
                fold_accents(value).casefold())  # "moskau", "kiew", "münchen"
            if canonical in index:
                found[canonical] = 100.0
        scores: Scores = {}
        for name, score in found.items():
            for position in index[name]:
                scores[position] = max(score, scores.get(position, 0.0))
        return scores

    def _names_by_words(self, kind: str, value: str) -> dict[str, float]:
        """Names of `kind` holding, for every word of `value`, a word that starts with it
        or is within a few edits of it; scored 100 less 5 per edit."""
        words, vocabulary = self._name_words_of(kind)
        matched: dict[str, float] | None = None
        for token in fold_name(value).split():
            limit = 0 if len(token) < 4 else 1 if len(token) < 8 else 2
            near: dict[str, float] = {}
            for word, distance, _ in process.extract(
                    token, vocabulary, scorer=DamerauLevenshtein.distance,
                    score_cutoff=limit, limit=None):
                near[word] = 100.0 - 5 * distance
            if len(token) >= MIN_INDEX_TERM:
                at = bisect.bisect_left(vocabulary, token)
                while at < len(vocabulary) and vocabulary[at].startswith(token):
                    near[vocabulary[at]] = max(near.get(vocabulary[at], 0.0), 95.0)
                    at += 1
            names: dict[str, float] = {}
            for word, score in near.items():
                for name in words[word]:
                    names[name] = max(score, names.get(name, 0.0))
            matched = names if matched is None else {
                n: min(s, matched[n]) for n, s in names.items() if n in matched}
            if not matched:
                return {}
        return matched or {}

    def _name_words_of(self, kind: str) -> tuple[dict[str, list[str]], list[str]]:
        """Folded word -> the names of `kind` holding it, and those words sorted (the
        words of a prefix are one slice of them); built once per kind."""
        found = self._name_words.get(kind)
        if found is None:
            table: defaultdict[str, list[str]] = defaultdict(list)
            for name in self._name_index_of(kind):
                for word in dict.fromkeys(fold_name(name).split()):
                    table[word].append(name)
            found = self._name_words[kind] = (dict(table), sorted(table))
        return found

    def postings(self, kind: str) -> dict[str, Positions]:
        """Value -> rows holding it (each row once), for "country" (alpha-2 codes) or a name
        field ("person", "org", "place", "source"); built on first use, then shared (the
        facets' related articles read the same index)."""
        return self._country_index() if kind == "country" else self._name_index_of(kind)

    def _name_index_of(self, kind: str) -> dict[str, Positions]:
        index = self._names.get(kind)
        if index is None:
            index = self._names[kind] = self._name_index(kind)
        return index

    def _name_index(self, kind: str) -> dict[str, Positions]:
        index: defaultdict[str, Positions] = defaultdict(_positions)
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
            return {p: 0.0 for p, r in enumerate(self.rows)
                    if self.state.get(r.id, UNMARKED).starred}
        read = state == "read"
        return {p: 0.0 for p, r in enumerate(self.rows)
                if self.state.get(r.id, UNMARKED).read == read}
