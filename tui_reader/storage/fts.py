"""The full-text index (`articles_fts`, contentless FTS5): MATCH expressions built from user
text, keeping the index in step with the stored articles, and `Cache`'s searches
(`CacheSearch`), which rebuild the index when they find it damaged."""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from ..article import NAME_SEP
from ..sanitize import printable
from .codec import DECODE_ERRORS
from .connection import CacheConnection
from .damage import IndexDamaged, is_corruption

_T = TypeVar("_T")

#: Shorter search terms match whole words only (see `Cache.fts_search`).
MIN_PREFIX = 3


def fts_query(terms: Iterable[str], min_prefix: int = 1) -> str | None:
    """An FTS5 MATCH expression: every term as a quoted prefix phrase, all required.

    User text never reaches FTS5 syntax: quotes are doubled inside a quoted string, so
    `"`, `*`, `:`, `NEAR`, `AND`... are plain text. Terms shorter than `min_prefix`
    match whole words only. Terms without a letter or digit are dropped; None when
    nothing is left.
    """
    parts = []
    for term in terms:
        if any(ch.isalnum() for ch in term):
            star = "*" if len(term.strip()) >= min_prefix else ""
            parts.append('"' + term.replace('"', '""') + '"' + star)
    return " AND ".join(parts) if parts else None


def fts_values(title: str, source: str | None, text: bytes, *names: str) -> tuple[str, ...]:
    """The indexed columns of one article (identical at insert and at delete)."""
    return (title, source or "", zlib.decompress(text).decode(), NAME_SEP.join(names))


def index_article(db: sqlite3.Connection, rowid: int, values: tuple[str, ...]) -> None:
    """Add one article to the full-text index (`values` from `fts_values`)."""
    db.execute("INSERT INTO articles_fts(rowid, title, source, text, names)"
               " VALUES (?, ?, ?, ?, ?)", (rowid, *values))


def unindex_article(db: sqlite3.Connection, rowid: int, values: tuple[str, ...]) -> None:
    """Take one article out of the contentless index: it must be given the very values
    it was indexed with."""
    db.execute("INSERT INTO articles_fts(articles_fts, rowid, title, source, text, names)"
               " VALUES ('delete', ?, ?, ?, ?, ?)", (rowid, *values))


def rebuild_fts(db: sqlite3.Connection) -> int:
    """Empty the contentless index and index every stored article again."""
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')")
    rows = db.execute("SELECT rowid, title, source, text, names, places, orgs"
                      " FROM articles JOIN bodies USING (rowid)")
    n = 0
    for rowid, title, source, text, names, places, orgs in rows:
        try:
            values = fts_values(title, source, text, names, places, orgs)
        except DECODE_ERRORS:
            values = (title, source or "", "", NAME_SEP.join((names, places, orgs)))
        index_article(db, rowid, values)
        n += 1
    return n


class CacheSearch(CacheConnection):
    """The full-text searches of `Cache`, and the rebuild of a damaged index."""

    def fts_search(self, query_terms: Sequence[str], limit: int | None = 500,
                   *, ranked: bool = True, min_prefix: int = MIN_PREFIX) -> list[int]:
        """Rowids of articles holding every term (as a word prefix), best first.

        Terms shorter than `min_prefix` match whole words: a one-letter prefix matches
        nearly every article and costs a scan of the whole index. `ranked=False` returns
        rowid order (much cheaper for broad queries). Terms are quoted: any user text is
        safe. No searchable term -> [].
        """
        expression = fts_query(query_terms, min_prefix)
        if expression is None:
            return []
        order = "ORDER BY bm25(articles_fts, 10.0, 2.0, 1.0, 3.0)" if ranked else ""
        bound = "" if limit is None else f"LIMIT {int(limit)}"
        sql = f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? {order} {bound}"
        return self._index_query(lambda db: [r[0] for r in db.execute(sql, (expression,))])

    def fts_any(self, words: Sequence[str], prefixes: Sequence[str] = ()) -> list[int]:
        """Rowids (unranked) of articles holding any of `words` (whole words) or a word
        starting with any of `prefixes`. User text is quoted, never FTS5 syntax."""
        parts = [fts_query([w], min_prefix=10**6) for w in words]
        parts += [fts_query([p], min_prefix=1) for p in prefixes]
        expression = " OR ".join(p for p in parts if p)
        if not expression:
            return []
        # One JSON array, not a tuple per row: half the time for 80,000 matches.
        (joined,) = self._index_query(lambda db: db.execute(
            "SELECT json_group_array(rowid) FROM articles_fts WHERE articles_fts MATCH ?",
            (expression,)).fetchone())
        found: list[int] = json.loads(joined)
        return found

    def vocabulary(self) -> dict[str, int]:
        """Every distinct word of the full-text index, with how many articles hold it (for
        typo-tolerant lookups and to find the broad prefixes worth keeping at hand)."""
        def words(db: sqlite3.Connection) -> dict[str, int]:
            db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_words"
                       " USING fts5vocab(main, articles_fts, row)")
            return dict(db.execute("SELECT term, doc FROM temp.fts_words"))

        return self._index_query(words)

    def rebuild_index(self) -> int:
        """Rebuild the full-text index from the stored rows (a damaged body is indexed by
        its title and names). Returns the articles indexed. Raises `IndexDamaged` when
        the cache cannot be written."""
        try:
            with self.transaction() as db:
                n = rebuild_fts(db)
        except sqlite3.Error as error:
            raise IndexDamaged(f"the search index of {printable(self.path)} is damaged and"
                               f" could not be rebuilt ({error})") from error
        self.damage_notes.append(f"the search index was damaged: rebuilt ({n} articles)")
        return n

    def _index_query(self, query: Callable[[sqlite3.Connection], _T]) -> _T:
        """Run a read of the full-text index; a damaged index (which `quick_check` does not
        see) is rebuilt from the stored rows and the read tried once more."""
        try:
            with self._lock:
                return query(self._db)
        except sqlite3.DatabaseError as error:
            if not is_corruption(error):
                raise
        self.rebuild_index()
        with self._lock:
            return query(self._db)
