"""The cache's read side (`CacheReads`): the list's rows, whole articles, the cached files'
records, the person mentions for corpus-wide name linking, meta values and the user's marks.

Everything read back is sanitised again (a cache written by another version or tool may
hold unclean text); an article whose stored copy cannot be decoded raises `DamagedArticle`
and its file is marked to be read again."""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from ..article import Article, ArticleMarks, ListRow, web_address
from ..files import Problem, is_under
from ..sanitize import printable, safe_line, safe_text, text_needs_cleaning
from .codec import DECODE_ERRORS, cleaned_body, decode_body, from_db, safe_names, to_db
from .connection import CacheConnection
from .damage import DamagedArticle


class PersonMentions(NamedTuple):
    """One article's people, as corpus-wide name linking needs them."""

    rowid: int
    names: list[str]
    """Every person mention's name (whitespace collapsed), in text order."""
    renames: dict[str, str]
    """The current corpus-wide names: mention name -> canonical name."""
    lang: str
    """The article's language, "" when unsure."""
    group: str | None
    """Its story group (the smallest id among it and its similar stories), or None."""


class CacheReads(CacheConnection):
    """The queries of `Cache` (and the repair a damaged article's read makes)."""

    # ------------------------------------------------------------ files

    def file_stamps(self) -> dict[str, tuple[int, int]]:
        """Every cached file: path -> (size, mtime_ns), what a sync compares with the disk
        (the digests are read only for the files whose stamp changed: `file_digest`)."""
        with self._lock:
            rows = self._db.execute("SELECT path, size, mtime_ns FROM files").fetchall()
        # `from_db`'s own check, inline: a call for each of a million paths takes a second.
        return {path if path.isascii() else from_db(path): (size, mtime)
                for path, size, mtime in rows}

    def file_digest(self, path: str) -> str | None:
        """The sha256 recorded for a cached file, None when it is not cached."""
        with self._lock:
            row = self._db.execute("SELECT sha256 FROM files WHERE path = ?",
                                   (to_db(path),)).fetchone()
        return None if row is None else str(row[0])

    def files_missing_skipped(self) -> list[str]:
        """Files that skipped a duplicate whose stored copy has since gone."""
        with self._lock:
            rows = self._db.execute("SELECT path, skipped FROM files WHERE skipped != ''")
            candidates = [(path, skipped.split()) for path, skipped in rows]
            out = []
            for path, ids in candidates:
                marks = ",".join("?" * len(ids))
                (present,) = self._db.execute(
                    f"SELECT count(*) FROM articles WHERE id IN ({marks})", ids).fetchone()
                if present < len(ids):
                    out.append(from_db(path))
            return out

    def file_problems(self, paths: Iterable[str] | None = None) -> list[Problem]:
        """Problems recorded for cached files (all, or those in `paths`)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT path, problems FROM files WHERE problems IS NOT NULL ORDER BY path")
            wanted = None if paths is None else set(paths)
            return [Problem(from_db(path), reason) for path, blob in rows
                    if wanted is None or from_db(path) in wanted for reason in json.loads(blob)]

    # ------------------------------------------------------------ articles

    def __len__(self) -> int:
        with self._lock:
            (count,) = self._db.execute("SELECT count(*) FROM articles").fetchone()
            return int(count)

    def rows(self, roots: Sequence[str] | None = None, limit: int | None = None
             ) -> list[ListRow]:
        """Every article's list row, in file path then page order; with `roots`, only the
        articles of files at or under those absolute paths (and `similar` names only
        articles among them); with `limit`, the first ones.

        Repeated values (sources, dates, country tuples, ids in similar) are shared.
        """
        shared: dict[str, str] = {}
        code_sets: dict[str, tuple[str, ...]] = {}

        def one(text: str) -> str:
            return shared.setdefault(text, text)

        def many(text: str) -> tuple[str, ...]:
            found = code_sets.get(text)
            if found is None:
                found = code_sets[text] = tuple(one(s) for s in text.split())
            return found

        def line(text: str | None) -> str | None:
            return None if text is None else one(safe_line(text))

        def row(rowid: int, ident: str, title: str, source: str | None,
                published: str | None, countries: str, persons: str, orgs: str,
                places: str, similar: str) -> ListRow:
            # The cache holds clean text; one written by another version or tool may not.
            return ListRow(rowid, one(ident), safe_line(title), line(source), line(published),
                           many(countries), safe_names(persons), safe_names(orgs),
                           safe_names(places), many(similar) if similar else ())

        columns = ("rowid, id, title, source, published, countries, persons, orgs, places,"
                   " similar")
        with self._lock:
            where, params = _under_roots(roots)
            copies = self._copies_under(roots) if roots is not None and limit is None else {}
            if not copies:
                cursor = self._db.execute(
                    f"SELECT {columns} FROM articles {where} ORDER BY file, ordinal"
                    + ("" if limit is None else f" LIMIT {int(limit)}"), params)
                out = [row(*values) for values in cursor]
            else:
                # Pages under the roots identical to one stored from elsewhere were not
                # stored twice: their stored copies belong to this view too, in the place
                # of the file under the roots.
                place: dict[str, tuple[str, int]] = {}
                out = []
                for values in self._db.execute(
                        f"SELECT {columns}, file, ordinal FROM articles {where}", params):
                    out.append(row(*values[:-2]))
                    place[values[1]] = (values[-2], values[-1])
                for values in self._db.execute(
                        f"SELECT {columns}, ordinal FROM articles WHERE id IN"
                        f" ({','.join('?' * len(copies))})", list(copies)):
                    if values[1] not in place:
                        out.append(row(*values[:-1]))
                        place[values[1]] = (to_db(copies[values[1]]), values[-1])
                out.sort(key=lambda r: place[r.id])
        if roots is not None:  # stories grouped with articles of other folders: not here
            ids = {listed.id for listed in out}
            for listed in out:
                if listed.similar and not ids.issuperset(listed.similar):
                    listed.similar = tuple(i for i in listed.similar if i in ids)
        return out

    def _copies_under(self, roots: Sequence[str]) -> dict[str, str]:
        """Ids that files under `roots` skipped as copies of stored articles -> the path
        of the (first) file under the roots that holds the copy."""
        where, params = _under_roots(roots, column="path")
        copies: dict[str, str] = {}
        for path, skipped in self._db.execute(
                f"SELECT path, skipped FROM files {where} AND skipped != '' ORDER BY path",
                params):
            for ident in skipped.split():
                copies.setdefault(ident, from_db(path))
        return copies

    def article_order(self) -> list[tuple[int, str]]:
        """(rowid, id) of every article, in list order."""
        with self._lock:
            return self._db.execute(
                "SELECT rowid, id FROM articles ORDER BY file, ordinal").fetchall()

    def text(self, rowid: int) -> str:
        """One article's clean text ("" when its stored copy is damaged). KeyError when
        absent."""
        with self._lock:
            row = self._db.execute("SELECT text FROM bodies WHERE rowid = ?",
                                   (rowid,)).fetchone()
        if row is None:
            raise KeyError(rowid)
        try:
            return safe_text(zlib.decompress(row[0]).decode())
        except DECODE_ERRORS:
            return ""

    def article(self, ident: str, roots: Sequence[str] | None = None) -> Article:
        """The full article (text, entities with corpus-wide names). KeyError when absent.
        With `roots`, an article stored from a file elsewhere that a file under the roots
        holds a copy of gets that file's path."""
        with self._lock:
            row = self._db.execute(
                "SELECT id, title, source, published, file, text, entities, countries,"
                " aliases, similar, url FROM articles JOIN bodies USING (rowid) WHERE id = ?",
                (ident,)).fetchone()
            if row is not None and roots is not None and not _is_under(row[4], roots):
                copy = self._copies_under(roots).get(ident)
                if copy is not None:
                    row = (*row[:4], to_db(copy), *row[5:])
        if row is None:
            raise KeyError(ident)
        (ident, title, source, published, path, text, blob, countries, aliases, similar,
         url) = row
        try:
            text, entities = decode_body(text, blob, aliases)
        except DECODE_ERRORS as error:
            self._read_again(path)
            raise DamagedArticle(ident, from_db(path)) from error
        if text_needs_cleaning(text):  # a cache written by another version or tool
            text, entities = cleaned_body(text, entities)
        title = safe_line(title)
        source = None if source is None else safe_line(source)
        published = None if published is None else safe_line(published)
        return Article(id=ident, title=title, source=source, published=published,
                       path=from_db(path), text=text, entities=entities,
                       countries=sorted(countries.split()), similar=similar.split(),
                       url=web_address(url))

    def _read_again(self, path: str) -> None:
        """Make a file whose stored articles are damaged look changed, so the next sync
        reads it again. Best effort: a read-only or busy cache keeps the damage until then
        (each read reports it again)."""
        try:
            with self.transaction() as db:
                db.execute("UPDATE files SET size = -1, sha256 = '' WHERE path = ?", (path,))
        except sqlite3.Error as error:
            self.damage_notes.append(f"could not mark {printable(from_db(path))} to be read"
                                     f" again: {error}")

    # ------------------------------------------------------------ corpus-wide passes

    def person_mentions(self) -> Iterator[PersonMentions]:
        """Every article's person mentions, for linking names corpus-wide, rowid order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT rowid, id, people, aliases, lang, similar FROM articles"
                " ORDER BY rowid").fetchall()
        for rowid, ident, people, aliases, lang, similar in rows:
            group = min(ident, *similar.split()) if similar else None
            yield PersonMentions(rowid, json.loads(people),
                                 json.loads(aliases) if aliases else {}, lang, group)

    # ------------------------------------------------------------ meta and the user's state

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def state(self) -> dict[str, ArticleMarks]:
        """id -> its marks, for every article the user marked (stored or not)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, read, starred FROM state WHERE read OR starred")
            return {ident: ArticleMarks(bool(read), bool(starred))
                    for ident, read, starred in rows}


def _is_under(stored: str, roots: Sequence[str]) -> bool:
    """True when the stored path `stored` is at or under one of `roots` (absolute)."""
    return any(is_under(from_db(stored), root) for root in roots)


def _under_roots(roots: Sequence[str] | None, column: str = "file") -> tuple[str, list[object]]:
    """A WHERE clause keeping the files (in `column`) at or under `roots` (absolute)."""
    if roots is None:
        return "", []
    if not roots:
        return "WHERE 0", []
    clauses: list[str] = []
    params: list[object] = []
    for root in roots:
        clauses.append(f"({column} = ? OR substr({column}, 1, ?) = ?)")
        root = to_db(root)
        prefix = root.rstrip(os.sep) + os.sep
        params += [root, len(prefix), prefix]
    return "WHERE " + " OR ".join(clauses), params
