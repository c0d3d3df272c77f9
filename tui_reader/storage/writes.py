"""The cache's write side (`CacheWrites`): a batch of files' articles replaced in one
transaction, files forgotten or marked to be read again, the results of the corpus-wide
passes (person names, similar stories, headlines), meta values and the user's marks.

Each method is one transaction: a crash or a full disk leaves the cache as it was before it."""

from __future__ import annotations

import json
import sqlite3
import sys
import time
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from ..article import NAME_SEP
from ..files import input_format
from .codec import DECODE_ERRORS, FileResult, to_db
from .connection import CacheConnection
from .fts import fts_values, index_article, rebuild_fts, unindex_article

_MARK_COLUMNS = frozenset({"read", "starred"})
_VARIABLES = 500  # values bound in one `IN (...)`


def _select_in(db: sqlite3.Connection, query: str, values: Sequence[object]
               ) -> list[tuple[Any, ...]]:
    """The rows of `query`, whose one `IN ({})` gets `values`, bound `_VARIABLES` at a
    time (SQLite limits the values one statement binds)."""
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(values), _VARIABLES):
        part = values[start:start + _VARIABLES]
        rows += db.execute(query.format(", ".join("?" * len(part))), part).fetchall()
    return rows


class CacheWrites(CacheConnection):
    """The writes of `Cache`."""

    # ------------------------------------------------------------ files

    def touch_files(self, entries: Sequence[tuple[str, int, int]]) -> None:
        """Record a new (size, mtime_ns) for files whose content hash did not change."""
        with self.transaction() as db:
            db.executemany("UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?",
                           [(size, mtime, to_db(path)) for path, size, mtime in entries])

    def replace_files(self, batch: Sequence[FileResult]) -> int:
        """Replace the articles of each file with the batch's, in one transaction.

        An article whose id is already stored (a copy of a page in another file) is
        skipped; the file remembers it so it is taken up should the other copy go.
        Returns the number of articles written.
        """
        written = 0
        with self.transaction() as db:
            for result in batch:
                _delete_articles(db, result.path)
                skipped: list[str] = []
                for a in result.articles:
                    cursor = db.execute(
                        "INSERT OR IGNORE INTO articles(id, file, ordinal, title, source,"
                        " published, countries, names, places, orgs, persons, people, lang, url)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (a.id, to_db(result.path), a.ordinal, a.title, a.source, a.published,
                         a.countries, a.names, a.places, a.orgs, a.persons, a.people, a.lang,
                         a.url))
                    if cursor.rowcount != 1:
                        skipped.append(a.id)
                        continue
                    written += 1
                    rowid = cursor.lastrowid
                    assert rowid is not None  # the INSERT above wrote a row
                    db.execute("INSERT INTO bodies(rowid, entities, text) VALUES (?, ?, ?)",
                               (rowid, a.entities, a.text))
                    index_article(db, rowid, fts_values(a.title, a.source, a.text, a.names,
                                                        a.places, a.orgs))
                problems = (json.dumps([p.reason for p in result.problems])
                            if result.problems else None)
                db.execute(
                    "INSERT OR REPLACE INTO files(path, size, mtime_ns, sha256, articles,"
                    " skipped, problems) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (to_db(result.path), result.size, result.mtime_ns, result.sha256,
                     len(result.articles) - len(skipped), " ".join(skipped), problems))
        return written

    def invalidate_files(self) -> None:
        """Make every cached file look changed, so that the next sync of its folder reads
        it again (its articles and the user's marks stay until then)."""
        with self.transaction() as db:
            db.execute("UPDATE files SET size = -1, sha256 = ''")

    def forget_files(self, paths: Iterable[str]) -> int:
        """Drop files and their articles (never the user's state). Returns articles dropped."""
        dropped = 0
        with self.transaction() as db:
            for path in paths:
                dropped += _delete_articles(db, path)
                db.execute("DELETE FROM files WHERE path = ?", (to_db(path),))
        return dropped

    # ------------------------------------------------------------ corpus-wide passes

    def set_aliases(self, updates: Sequence[tuple[int, dict[str, str]]]) -> None:
        """Store corpus-wide person names: per rowid, {mention name: canonical} (differing
        ones only)."""
        with self.transaction() as db:
            for rowid, renames in updates:
                row = db.execute("SELECT people FROM articles WHERE rowid = ?",
                                 (rowid,)).fetchone()
                if row is None:  # replaced by another process since it was read
                    continue
                (people,) = row
                persons = dict.fromkeys(renames.get(n, n) for n in json.loads(people))
                blob = json.dumps(renames, ensure_ascii=False, separators=(",", ":"))
                db.execute("UPDATE articles SET aliases = ?, persons = ? WHERE rowid = ?",
                           (blob if renames else None, NAME_SEP.join(persons), rowid))

    def unsketched(self, limit: int = -1, after: int = 0) -> list[int]:
        """Rowids of the articles not yet grouped into stories (`StoryStore`), in order;
        the first `limit` of them (-1: all) above `after`. From `after` on, the cost is
        that of the rows returned, not of the articles grouped before them."""
        with self._lock:
            return [rowid for (rowid,) in self._db.execute(
                "SELECT rowid FROM articles AS a WHERE rowid > ? AND NOT EXISTS"
                " (SELECT 1 FROM sketched WHERE article = a.rowid) ORDER BY rowid LIMIT ?",
                (after, limit))]

    def reset_stories(self) -> None:
        """Forget every sketch and story group: every article is grouped again."""
        with self.transaction() as db:
            db.execute("DELETE FROM sketches")
            db.execute("DELETE FROM sketched")
            db.execute("UPDATE articles SET similar = '' WHERE similar != ''")

    def story_store(self) -> StoryStore:
        """The sketches and story groups, for `similar.StoryGrouper`."""
        return StoryStore(self)

    # ------------------------------------------------------------ meta and the user's state

    def set_meta(self, key: str, value: str | None) -> None:
        with self.transaction() as db:
            if value is None:
                db.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def set_read(self, ident: str, read: bool = True) -> None:
        self._set_flag(ident, "read", read)

    def set_starred(self, ident: str, starred: bool = True) -> None:
        self._set_flag(ident, "starred", starred)

    def _set_flag(self, ident: str, column: str, value: bool) -> None:
        self.write_marks([(ident, column, value, time.time())])

    def write_marks(self, marks: Iterable[tuple[str, str, bool, float]]) -> None:
        """Write read/starred marks, each (id, "read" or "starred", value, time of the
        change), in one transaction."""
        with self.transaction() as db:
            for ident, column, value, at in marks:
                if column not in _MARK_COLUMNS:
                    raise ValueError(f"not a mark: {column!r}")
                db.execute(
                    f"INSERT INTO state(id, {column}, {column}_at) VALUES (?, ?, ?)"
                    f" ON CONFLICT(id) DO UPDATE SET {column} = excluded.{column},"
                    f" {column}_at = excluded.{column}_at",
                    (ident, int(value), at))

    def _restore_state(self, marks: Sequence[tuple[object, ...]]) -> int:
        """Insert salvaged state rows (see `salvage_state`); returns how many were new."""
        if not marks:
            return 0
        with self.transaction() as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO state(id, read, starred, read_at, starred_at)"
                " VALUES (?, ?, ?, ?, ?)", marks)
            return db.total_changes - before


class StoryStore:
    """The similar-story sketches of `Cache` (see `similar.SketchStore`), read and written
    inside the write transactions of `batch`."""

    def __init__(self, cache: CacheWrites) -> None:
        self._cache = cache
        self._big: set[int] = set()
        """Fingerprints of buckets known to hold more than the cap (stock phrases)."""

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One write transaction: the sketches added and the groups written in it."""
        with self._cache.transaction():
            yield

    @property
    def _db(self) -> sqlite3.Connection:
        return self._cache._db  # the cache of this module, under its lock (`batch`)

    def adopt_headlines(self, groups: Mapping[str, Sequence[str]]) -> int:
        """`adopt_headlines` for the groups just written, in the batch's transaction: an
        interrupt loses the groups and the adoption together, to be made again."""
        return adopt_headlines(self._db, groups)

    def text(self, article: int) -> str:
        row = self._db.execute("SELECT text FROM bodies WHERE rowid = ?",
                               (article,)).fetchone()
        try:
            return zlib.decompress(row[0]).decode() if row else ""
        except DECODE_ERRORS:
            return ""

    def sharing(self, fingerprints: Sequence[int], cap: int) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        big = [0] * (cap + 1)  # stands for "more than cap": see `latest`
        execute = self._db.execute
        for fp in fingerprints:
            if fp in self._big:
                found[fp] = big
                continue
            # One lookup a fingerprint, at most cap + 1 rows: a stock phrase's bucket holds
            # a share of the whole corpus (67,000 rows an article at 1M, read in one IN
            # query before it was known to be big).
            holders = [article for (article,) in execute(
                "SELECT article FROM sketches WHERE fp = ? LIMIT ?", (fp, cap + 1))]
            if len(holders) > cap:
                self._big.add(fp)
                found[fp] = big
            elif holders:
                found[fp] = holders
        return found

    def latest(self, fingerprint: int, count: int) -> list[int]:
        return [article for (article,) in self._db.execute(
            "SELECT article FROM sketches WHERE fp = ? ORDER BY article DESC LIMIT ?",
            (fingerprint, count))]

    def shingles(self, article: int) -> list[int] | None:
        row = self._db.execute("SELECT fps FROM sketched WHERE article = ?",
                               (article,)).fetchone()
        return _unpack(row[0]) if row else None

    def add(self, article: int, shingles: Sequence[int], sample: Sequence[int]) -> None:
        self._db.executemany("INSERT OR IGNORE INTO sketches(fp, article) VALUES (?, ?)",
                             [(fp, article) for fp in sample])
        self._db.execute("INSERT OR REPLACE INTO sketched(article, fps) VALUES (?, ?)",
                         (article, _pack(shingles)))

    def group(self, article: int) -> list[int]:
        row = self._db.execute("SELECT similar FROM articles WHERE rowid = ?",
                               (article,)).fetchone()
        if not row or not row[0]:
            return []
        return [rowid for (rowid,) in _select_in(
            self._db, "SELECT rowid FROM articles WHERE id IN ({})", row[0].split())]

    def write_groups(self, groups: Sequence[Sequence[int]]) -> dict[str, list[str]]:
        """Store each group (rowids) as its members' similar-story ids; returns them by id."""
        written: dict[str, list[str]] = {}
        for group in groups:
            ids = [ident for _, ident in sorted(_select_in(
                self._db, "SELECT rowid, id FROM articles WHERE rowid IN ({})", list(group)))]
            for ident in ids:
                written[ident] = [other for other in ids if other != ident]
            self._db.executemany("UPDATE articles SET similar = ? WHERE id = ?",
                                 [(" ".join(others), ident) for ident, others in
                                  ((i, written[i]) for i in ids)])
        return written


def _pack(fingerprints: Sequence[int]) -> bytes:
    packed = array("I", fingerprints)  # 32-bit fingerprints (`similar.STORED_BITS`)
    if sys.byteorder == "big":  # stored little-endian, as SQLite files move between machines
        packed.byteswap()
    return packed.tobytes()


def _unpack(blob: bytes) -> list[int]:
    packed = array("I")
    packed.frombytes(blob)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tolist()


def _unsketch(db: sqlite3.Connection, rowids: Iterable[int]) -> None:
    """Take articles' sketches out of the buckets: they are grouped again if they stay."""
    for rowid in rowids:
        row = db.execute("SELECT fps FROM sketched WHERE article = ?", (rowid,)).fetchone()
        if row is None:
            continue
        # Every shingle, not only the sampled ones: those in no bucket are no row to delete.
        db.executemany("DELETE FROM sketches WHERE fp = ? AND article = ?",
                       [(fp, rowid) for fp in set(_unpack(row[0]))])
        db.execute("DELETE FROM sketched WHERE article = ?", (rowid,))


def _dissolve_stories(db: sqlite3.Connection, rowids: Sequence[int]) -> None:
    """Before articles go: their sketches out, and the stories they belong to taken apart
    (the others' similar ids cleared and their sketches out too), to be grouped again
    without them."""
    going = set(rowids)
    partners: set[str] = set()
    for rowid in rowids:
        row = db.execute("SELECT similar FROM articles WHERE rowid = ?", (rowid,)).fetchone()
        if row and row[0]:
            partners.update(row[0].split())
    others = [rowid for ident in sorted(partners) for (rowid,) in db.execute(
        "SELECT rowid FROM articles WHERE id = ?", (ident,)) if rowid not in going]
    _unsketch(db, [*rowids, *others])
    db.executemany("UPDATE articles SET similar = '' WHERE rowid = ?",
                   [(rowid,) for rowid in others])


def _delete_articles(db: sqlite3.Connection, path: str) -> int:
    """Delete a file's articles, their bodies, sketches and index entries."""
    path = to_db(path)
    _dissolve_stories(db, [rowid for (rowid,) in db.execute(
        "SELECT rowid FROM articles WHERE file = ?", (path,))])
    rows = db.execute(
        "SELECT rowid, title, source, text, names, places, orgs"
        " FROM articles JOIN bodies USING (rowid) WHERE file = ?", (path,)).fetchall()
    stale = False
    for rowid, title, source, text, names, places, orgs in rows:
        try:
            values = fts_values(title, source, text, names, places, orgs)
        except DECODE_ERRORS:  # a contentless index must be told the very words it holds
            stale = True
        else:
            unindex_article(db, rowid, values)
        db.execute("DELETE FROM bodies WHERE rowid = ?", (rowid,))
    dropped = db.execute("DELETE FROM articles WHERE file = ?", (path,)).rowcount
    if stale:
        rebuild_fts(db)
    return dropped


def adopt_headlines(db: sqlite3.Connection, groups: Mapping[str, Sequence[str]]) -> int:
    """Give a page dump's article the headline (and the outlet, when it names none) of
    its copy read from HTML or JSON Lines (a similar story with nearly the same words):
    the markup names them, where plain text leaves them to be guessed; and the copy's
    web address when the dump has none. Runs in the caller's write transaction; returns
    how many articles changed."""
    if not groups:
        return 0
    wanted = sorted({*groups, *(m for members in groups.values() for m in members)})
    rows = {ident: (rowid, title, source, input_format(file), url)
            for rowid, ident, title, source, file, url in _select_in(
                db, "SELECT rowid, id, title, source, file, url FROM articles"
                " WHERE id IN ({})", wanted)}
    changed = 0
    for ident, members in groups.items():
        own = rows.get(ident)
        if own is None or own[3] != "text":
            continue
        rowid = own[0]
        words = _words(db, rowid)
        copy = next((rows[m] for m in members if m in rows
                     and rows[m][3] in ("html", "jsonl") and rows[m][1].strip()
                     and _same_text(words, _words(db, rows[m][0]))), None)
        if copy is None:
            continue
        if copy[4] and not own[4]:  # the page's web address too (the `o` key)
            db.execute("UPDATE articles SET url = ? WHERE rowid = ?", (copy[4], rowid))
        # The page's own credit first: a site name in the markup can be a
        # host's ("Hosted" on AP's pages), a byline's outlet rarely is.
        headline, outlet = copy[1], own[2] or copy[2]
        if (headline, outlet) == own[1:3]:
            continue
        title, source, text, names, places, orgs = db.execute(
            "SELECT title, source, text, names, places, orgs"
            " FROM articles JOIN bodies USING (rowid) WHERE rowid = ?",
            (rowid,)).fetchone()
        unindex_article(db, rowid, fts_values(title, source, text, names, places,
                                              orgs))
        db.execute("UPDATE articles SET title = ?, source = ? WHERE rowid = ?",
                   (headline, outlet, rowid))
        index_article(db, rowid, fts_values(headline, outlet, text, names, places,
                                            orgs))
        changed += 1
    return changed


def _words(db: sqlite3.Connection, rowid: int) -> set[str]:
    """The lower-cased words of a stored body (none when it is damaged)."""
    (text,) = db.execute("SELECT text FROM bodies WHERE rowid = ?", (rowid,)).fetchone()
    try:
        return set(zlib.decompress(text).decode().lower().split())
    except DECODE_ERRORS:
        return set()


def _same_text(a: set[str], b: set[str]) -> bool:
    """Two copies of one story (most words of the shorter in the longer), not two reports
    of one event, which similar-story grouping also joins."""
    return bool(a and b) and len(a & b) >= 0.8 * min(len(a), len(b))
