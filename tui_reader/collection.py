"""What one run sees: the articles under the paths it was given, read through the cache.

This is the one pipeline from files to articles. The app, `newsreader export` and
`load_corpus` all bring a cache in line with the paths (`ingest.sync`: clean and recognise
new files, link names corpus-wide, group similar stories), then read the articles under
those paths back from it. A cache may hold other folders too; nothing of them shows here:
similar-story links are kept only between articles of this run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from .article import Article, ListRow
from .files import Problem, is_under
from .ingest import Progress, SyncReport, sync
from .query import parse_query
from .recognisers import Recogniser, recognise
from .search import SORTS, Engine, SortKey
from .storage import Cache


@dataclass(slots=True)
class Collection:
    """The articles under some paths, as list rows, with the full articles on demand."""

    cache: Cache
    given: list[str]
    """The paths as the user gave them."""
    rows: list[ListRow] = field(default_factory=list)
    """Every article under the paths, in list order (file path, then page order)."""
    problems: list[Problem] = field(default_factory=list)
    """Inputs that were skipped, and why (paths spelled as given)."""
    report: SyncReport | None = None
    """What bringing the cache up to date did."""
    _ids: frozenset[str] = frozenset()
    _roots: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._ids = frozenset(row.id for row in self.rows)
        self._roots = given_roots(self.given)

    @property
    def ids(self) -> frozenset[str]:
        """The ids of the articles of this run."""
        return self._ids

    def article(self, ident: str) -> Article | None:
        """The full article as this run shows it (None when it is not one of this run's):
        similar stories only among this run's articles, its path as the user gave it."""
        if ident not in self._ids:
            return None
        try:
            article = self.cache.article(ident, [root for root, _ in self._roots])
        except KeyError:  # gone from the cache since the rows were read
            return None
        return scoped(article, self._ids, self._roots)

    def articles(self, positions: Iterable[int] | None = None) -> Iterator[Article]:
        """The full articles at these row positions (all rows, in order, by default)."""
        rows = self.rows if positions is None else (self.rows[p] for p in positions)
        for row in rows:
            article = self.article(row.id)
            if article is not None:
                yield article

    def select(self, query: str = "", sort: SortKey = SORTS[0]) -> list[int]:
        """Row positions matching `query` in the order the app lists them for `sort`
        (every row for an empty query). Raises ValueError for an unknown sort or a query
        the filter cannot read."""
        if sort not in SORTS:  # a caller without a type checker may pass any string
            raise ValueError(f"unknown sort {sort!r}: one of {', '.join(SORTS)}")
        parsed = parse_query(query)
        if parsed.errors:
            raise ValueError("; ".join(parsed.errors))
        engine = Engine(self.rows, self.cache, self.cache.state())
        return engine.ordered(engine.search(parsed).positions, sort)


def open_collection(
    cache: Cache,
    paths: Sequence[str],
    *,
    progress: Progress | None = None,
    workers: int | None = None,
    recogniser_spec: str | None = None,
    recogniser: Recogniser | None = None,
) -> Collection:
    """Bring `cache` up to date with `paths` and read back the articles under them."""
    report = sync(cache, paths, progress=progress, workers=workers,
                  recogniser_spec=recogniser_spec, recogniser=recogniser)
    rows = cache.rows([root for root, _ in given_roots(paths)])
    return Collection(cache, list(paths), rows, as_given(report.problems, paths), report)


def as_given(problems: Iterable[Problem], paths: Sequence[str]) -> list[Problem]:
    """`problems` with their paths spelled from the paths the user gave."""
    roots = given_roots(paths)
    return [Problem(given_path(p.path, roots), p.reason) for p in problems]


@dataclass(slots=True)
class Corpus:
    """The articles of one run, in list order, and the inputs that were skipped."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def load_corpus(
    paths: Iterable[str],
    progress: Callable[[int, int], None] | None = None,
    recogniser: Recogniser = recognise,
) -> Corpus:
    """Every article under `paths`, through the one pipeline, in a private in-memory cache
    (for scripts and tests). `progress` is called with (files done, files to do)."""
    def files_done(done: int, total: int, _articles: int) -> None:
        if progress is not None:
            progress(done, total)

    with Cache.open(":memory:") as cache:
        collection = open_collection(cache, list(paths), progress=files_done,
                                     recogniser=recogniser)
        return Corpus(list(collection.articles()), collection.problems)


def scoped(article: Article, ids: Container[str],
           roots: Sequence[tuple[str, str]] = ()) -> Article:
    """`article` as one run sees it: `similar` only names articles in `ids`; with `roots`
    ((absolute root, path as given) pairs), its path is spelled from the given path."""
    similar = [i for i in article.similar if i in ids]
    path = given_path(article.path, roots)
    if similar == article.similar and path == article.path:
        return article
    return replace(article, similar=similar, path=path)


def given_path(path: str, roots: Sequence[tuple[str, str]]) -> str:
    """An absolute stored path spelled from the path the user gave for its root."""
    for root, given in roots:
        if is_under(path, root):
            return given if path == root else os.path.join(given, os.path.relpath(path, root))
    return path


def given_roots(paths: Sequence[str]) -> list[tuple[str, str]]:
    """(absolute root, path as the user gave it) for each path: how the cache names a run's
    files, and how to spell them back."""
    return [(os.path.abspath(path), path) for path in paths]
