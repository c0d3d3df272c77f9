"""The filter: a query language small enough to type, an index fast enough to type into.

A query is space-separated terms that must all match (AND):

- a plain word matches articles whose title, source, body or entity names hold a
  word that starts with it or is spelt like it (typos tolerated: "Tianjn");
- `country:VALUE` keeps articles that mention a country named by VALUE
  (a name with typos, an alpha-2 or an alpha-3 code).

Articles rank by how well they match, title matches first.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .article import Article
from .countries import match_countries

_WORD = re.compile(r"\w+(?:['’]\w+)*")
#: Minimum fuzz.ratio for a misspelt word to count as a match.
FUZZY_CUTOFF = 80.0
#: Words shorter than this only match by prefix: fuzzy matching them finds noise.
FUZZY_MIN_LENGTH = 4
#: Extra weight for a term found in the title.
TITLE_BONUS = 50.0


def words(text: str) -> list[str]:
    """Lower-cased words of `text`, possessives split off ("Russia's" -> "russia")."""
    return [re.split(r"['’]", w, maxsplit=1)[0] for w in _WORD.findall(text.lower())]


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed filter string."""

    terms: tuple[str, ...] = ()
    """Plain words, lower-cased."""
    countries: tuple[frozenset[str], ...] = ()
    """One set of alpha-2 codes per `country:` field; an article must hit each set."""
    errors: tuple[str, ...] = ()
    """Messages about parts of the query that matched nothing meaningful."""

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.countries and not self.errors


def parse_query(text: str) -> Query:
    """Parse a filter string. Never raises: odd input becomes plain words or an error message."""
    terms: list[str] = []
    countries: list[frozenset[str]] = []
    errors: list[str] = []
    for token in text.split():
        field_name, sep, value = token.partition(":")
        if sep and field_name.lower() == "country":
            if not value:
                errors.append("country: needs a name or code, e.g. country:ireland")
                continue
            codes = match_countries(value.replace("_", " "))
            if not codes:
                errors.append(f"no country matches {value!r}")
            countries.append(codes)
        else:
            terms.extend(words(token))
    return Query(tuple(terms), tuple(countries), tuple(errors))


@dataclass(slots=True)
class SearchIndex:
    """An inverted index over the articles of a corpus: word -> article positions."""

    postings: dict[str, set[int]] = field(default_factory=dict)
    title_postings: dict[str, set[int]] = field(default_factory=dict)
    countries: list[frozenset[str]] = field(default_factory=list)
    vocabulary: list[str] = field(default_factory=list)
    """Every indexed word, sorted, for prefix and fuzzy lookup."""

    @classmethod
    def build(cls, articles: Sequence[Article]) -> SearchIndex:
        postings: defaultdict[str, set[int]] = defaultdict(set)
        title_postings: defaultdict[str, set[int]] = defaultdict(set)
        for i, article in enumerate(articles):
            for word in words(article.title):
                title_postings[word].add(i)
                postings[word].add(i)
            names = " ".join(e.canonical for e in article.entities)
            for word in words(f"{article.source or ''} {article.text} {names}"):
                postings[word].add(i)
        return cls(
            postings=dict(postings),
            title_postings=dict(title_postings),
            countries=[frozenset(a.countries) for a in articles],
            vocabulary=sorted(postings),
        )

    def __len__(self) -> int:
        return len(self.countries)

    def _matching_words(self, term: str) -> dict[str, float]:
        """Indexed words that match `term`, with a score out of 100."""
        found: dict[str, float] = {}
        start = bisect.bisect_left(self.vocabulary, term)
        for word in self.vocabulary[start:]:
            if not word.startswith(term):
                break
            found[word] = 100.0 if word == term else 95.0
        if len(term) >= FUZZY_MIN_LENGTH:
            for word, score, _ in process.extract(
                term, self.vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
            ):
                found.setdefault(word, score)
        return found

    def search(self, query: Query) -> list[int]:
        """Positions of matching articles, best first; all articles in order for an empty query."""
        if query.is_empty:
            return list(range(len(self)))
        if query.errors and not query.terms and not any(query.countries):
            return []
        scores: dict[int, float] | None = None
        for codes in query.countries:
            hits = {i for i, mine in enumerate(self.countries) if mine & codes}
            scores = _intersect(scores, dict.fromkeys(hits, 0.0))
        for term in query.terms:
            term_scores: dict[int, float] = {}
            for word, score in self._matching_words(term).items():
                in_title = self.title_postings.get(word, set())
                for i in self.postings[word]:
                    value = score + (TITLE_BONUS if i in in_title else 0.0)
                    if value > term_scores.get(i, 0.0):
                        term_scores[i] = value
            scores = _intersect(scores, term_scores)
            if not scores:
                return []
        assert scores is not None
        return sorted(scores, key=lambda i: (-scores[i], i))


def _intersect(acc: dict[int, float] | None, new: dict[int, float]) -> dict[int, float]:
    """AND two partial results, adding their scores."""
    if acc is None:
        return new
    return {i: acc[i] + new[i] for i in acc.keys() & new.keys()}
