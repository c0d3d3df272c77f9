"""The on-disk cache: ingested articles, a full-text index and the user's state, in SQLite.

One file (WAL mode, busy timeout) that several newsreader instances can share. Tables:

- `files`: each ingested source file's path (absolute), size, mtime_ns and sha256, with the
  problems found in it and the ids it skipped as duplicates of articles stored elsewhere;
- `articles`: what the list shows and filters on (a narrow table, ~70 MB at 100k articles,
  so loading the list never reads a body); `bodies`: the clean text and the compact
  entities, zlib-compressed, by rowid (~220 MB at 100k);
- `articles_fts`: a contentless FTS5 index over title, source, text and the canonical names
  of countries, places and organisations (person names are corpus-wide, so they change
  after ingest: they live in `ListRow.persons`, not here); this module keeps it in sync;
- `state`: read/starred per stable article id; never deleted with articles, so the user's
  state survives re-ingest and a file's removal and return;
- `meta`: `schema_version`. A cache of another version is migrated when a migration exists,
  else its article tables are rebuilt (empty) and `state` is kept; a cache written by a
  newer newsreader is never read as ours: it is rebuilt the same way, with a note.

A damaged file (not SQLite, truncated, failing `PRAGMA quick_check`) is found at
`Cache.open`: the read/starred marks that can still be read are salvaged, the file (with
its -wal and -shm) is moved aside as `<name>.corrupt-YYYYmmdd-HHMMSS`, and a new cache is
built holding those marks. `Cache.recovery_note` then says what happened. Only a file
that is recognisably a newsreader cache (SQLite's header, and our tables or a size recorded
in the header) is moved: anything else at the path (a text file, a feed, a folder, a device,
another program's database) raises `CacheUnusable` and is left untouched, except at the
default location, which is ours.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Self, TypeVar

try:
    import fcntl
except ImportError:  # Windows: recovery is then not serialised between instances
    fcntl = None  # type: ignore[assignment]

from platformdirs import user_cache_dir

from .article import LABELS, NAME_SEP, Article, Entity, ListRow, norm_name, web_address
from .files import InputError, Problem, input_format, is_under
from .language import guess_language
from .sanitize import clean_line, clean_text, printable, safe_line, safe_text, text_needs_cleaning

SCHEMA_VERSION = 3
#: Environment variable naming the cache file (overridden by an explicit path).
CACHE_ENV = "NEWSREADER_CACHE"
#: Seconds a connection waits for another instance's write lock before giving up.
BUSY_TIMEOUT = 10.0
_NAME_SEP = NAME_SEP
#: Shorter search terms match whole words only (see `Cache.fts_search`).
MIN_PREFIX = 3

#: Files up to this size get a full `PRAGMA quick_check` at open (about 0.25 s per 500 MB
#: when cached); larger ones only the checks SQLite makes reading the schema (header,
#: truncation), so that a warm open of a large cache stays fast.
QUICK_CHECK_BYTES = 64 << 20
#: SQLite result codes (primary) that mean the file itself is damaged.
_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
SQLITE_MAGIC = b"SQLite format 3\x00"
_STATE_COLUMNS = ("id", "read", "starred", "read_at", "starred_at")
_MARK_COLUMNS = frozenset({"read", "starred"})

#: Migrations by the version they upgrade from; each leaves the schema at version + 1.
def _add_language(db: sqlite3.Connection) -> None:
    """1 -> 2: each article's language (for linking names only within one language)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(articles)")}
    if "lang" not in columns:
        db.execute("ALTER TABLE articles ADD COLUMN lang TEXT NOT NULL DEFAULT ''")


def _add_url(db: sqlite3.Connection) -> None:
    """2 -> 3: each article's web address (NULL until its file is read again: the
    pipeline's version changed with it, so every file is)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(articles)")}
    if "url" not in columns:
        db.execute("ALTER TABLE articles ADD COLUMN url TEXT")


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _add_language, 2: _add_url}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state(
    id TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    read_at REAL,
    starred_at REAL
) WITHOUT ROWID;
CREATE TABLE files(
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    articles INTEGER NOT NULL,
    skipped TEXT NOT NULL DEFAULT '',
    problems TEXT
);
CREATE TABLE articles(
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    file TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    title TEXT NOT NULL,
    source TEXT,
    published TEXT,
    countries TEXT NOT NULL,
    names TEXT NOT NULL,
    places TEXT NOT NULL,
    orgs TEXT NOT NULL,
    persons TEXT NOT NULL,
    similar TEXT NOT NULL DEFAULT '',
    people TEXT NOT NULL,
    aliases TEXT,
    lang TEXT NOT NULL DEFAULT '',
    url TEXT
);
CREATE INDEX articles_file ON articles(file, ordinal);
CREATE TABLE bodies(
    rowid INTEGER PRIMARY KEY,
    entities BLOB NOT NULL,
    text BLOB NOT NULL
);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, source, text, names,
    content='', tokenize='unicode61 remove_diacritics 2'
);
"""


class StoredArticle(NamedTuple):
    """One article encoded for the `articles` table (see `encode_article`)."""

    id: str
    ordinal: int
    title: str
    source: str | None
    published: str | None
    countries: str
    """Alpha-2 codes, most mentioned first, space-separated."""
    names: str
    """Distinct canonical names of the COUNTRY entities, newline-separated."""
    places: str
    """Distinct canonical names of the PLACE entities, newline-separated."""
    orgs: str
    """Distinct canonical names of the ORG entities, newline-separated."""
    persons: str
    """Distinct person names (before corpus-wide aliasing), newline-separated."""
    people: str
    """JSON list of every person mention's name, for corpus-wide alias resolution."""
    entities: bytes
    """zlib-compressed compact JSON: per entity [label index, start, end, canonical (null
    when it is the text; always null for people, named corpus-wide), country]."""
    text: bytes
    """zlib-compressed clean body."""
    lang: str = ""
    """The body's language (`language.guess_language`), "" when unsure."""
    url: str | None = None
    """The article's web address, when the input gives one."""


@dataclass(slots=True)
class FileResult:
    """What ingesting one source file produced."""

    path: str
    size: int
    mtime_ns: int
    sha256: str
    articles: list[StoredArticle] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)




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


class FileEntry(NamedTuple):
    """A cached file's identity: when it matches the disk, the file is not read again."""

    size: int
    mtime_ns: int
    sha256: str


def _safe_names(joined: str) -> str:
    """A newline-separated names field with each name sanitised (when one needs it)."""
    if not text_needs_cleaning(joined.replace(_NAME_SEP, " ")):
        return joined
    return _NAME_SEP.join(filter(None, (clean_line(n) for n in joined.split(_NAME_SEP))))


def _cleaned_body(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """A stored body that is not clean, cleaned, with its entities moved to where their
    (cleaned) text now is; an entity that cannot be found again is dropped."""
    cleaned = clean_text(text)
    kept: list[Entity] = []
    for e in entities:
        surface = clean_text(e.text)
        start = len(clean_text(text[:e.start]))  # where what precedes it now ends
        if not surface or cleaned[start:start + len(surface)] != surface:
            continue
        kept.append(Entity(surface, e.label, start, start + len(surface),
                           clean_line(e.canonical) or surface,
                           None if e.country is None else clean_line(e.country)))
    return cleaned, kept


def encode_article(article: Article, ordinal: int) -> StoredArticle:
    """Encode an article (with per-article canonical names) for storage."""
    labels = {label: i for i, label in enumerate(LABELS)}
    compact: list[list[object]] = []
    names: dict[str, dict[str, None]] = {label: {} for label in LABELS}
    people: list[str] = []
    for e in article.entities:
        if e.label == "PERSON":
            name = norm_name(e.text)
            people.append(name)
            names["PERSON"][name] = None
            canonical = None  # decided corpus-wide, from the mention's text
        else:
            names[e.label][e.canonical] = None
            canonical = None if e.canonical == e.text else e.canonical
        compact.append([labels[e.label], e.start, e.end, canonical, e.country])
    return StoredArticle(
        id=article.id,
        ordinal=ordinal,
        title=article.title,
        source=article.source,
        published=article.published,
        countries=" ".join(article.countries_by_weight()),
        names=_NAME_SEP.join(names["COUNTRY"]),
        places=_NAME_SEP.join(names["PLACE"]),
        orgs=_NAME_SEP.join(names["ORG"]),
        persons=_NAME_SEP.join(names["PERSON"]),
        people=json.dumps(people, ensure_ascii=False, separators=(",", ":")),
        entities=zlib.compress(
            json.dumps(compact, ensure_ascii=False, separators=(",", ":")).encode()),
        text=zlib.compress(article.text.encode()),
        lang=guess_language(article.text),
        url=article.url,
    )


#: File names that are not UTF-8 reach Python as lone surrogates (U+DC80-U+DCFF for bytes
#: 0x80-0xFF), which SQLite text cannot hold. They are stored as characters of a private
#: use range instead, one for one, so that path prefixes still match.
_SURROGATES_TO_DB = {0xDC80 + n: 0xF780 + n for n in range(128)}
_DB_TO_SURROGATES = {v: k for k, v in _SURROGATES_TO_DB.items()}


def to_db(path: str) -> str:
    """A file path as the cache stores it (see `_SURROGATES_TO_DB`)."""
    return path.translate(_SURROGATES_TO_DB) if not path.isascii() else path


def from_db(stored: str) -> str:
    """A stored file path as the file system's str (the inverse of `to_db`)."""
    return stored.translate(_DB_TO_SURROGATES) if not stored.isascii() else stored


def check_cache_path(path: str | None = None) -> None:
    """Raise `CacheUnusable` when the cache at `path` (default: `default_path()`) cannot be
    ours: a folder, a device or FIFO (never opened), a file that is not SQLite and not
    recognisably a damaged cache of ours, another program's database. Nothing is created
    or changed. `Cache.open` checks this first; the app's command calls it before the UI
    starts."""
    ours = path is None and not os.environ.get(CACHE_ENV)  # the default location
    path = path or default_path()
    if path == ":memory:":
        return
    _check_usable(path)
    try:
        _check_header(path)
    except CacheDamaged as damage:  # not SQLite: refused here, before any lock file
        if not ours and not _is_our_cache(path):
            raise _unusable(path, f"it is not a newsreader cache ({damage.reason}); it"
                            " was left as it is") from damage
    else:
        names = _table_names(path)
        if names and not names & _OUR_TABLES:
            raise _unusable(path, "it is an SQLite database of another program; it was"
                            " left as it is")


def default_path() -> str:
    """$NEWSREADER_CACHE, else cache.sqlite3 in the platform's user cache folder."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return env
    return os.path.join(user_cache_dir("newsreader"), "cache.sqlite3")


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


class Cache:
    """The SQLite cache of one newsreader installation (or of the file `path`).

    Use `Cache.open()` as a context manager. Methods are safe to call from several
    threads (one lock per cache); several processes share the file through WAL.
    """

    def __init__(self, connection: sqlite3.Connection, path: str) -> None:
        self.path = path
        self._db = connection
        self._lock = threading.RLock()
        self.recovery_note: str | None = None
        """Set by `open` when the file was damaged or of another version and had to be
        replaced or rebuilt: what happened, in a sentence or two for the user."""
        self.damage_notes: list[str] = []
        """Damage found in what was read back since the cache was opened (a rebuilt search
        index, a file that could not be marked to be read again), for the user."""

    # ------------------------------------------------------------ opening and closing

    @classmethod
    def open(cls, path: str | None = None) -> Self:
        """Open (creating, migrating or rebuilding as needed) the cache at `path`.

        A damaged file is replaced by a new cache holding the marks salvaged from it
        (see the module's docstring); `recovery_note` says so.
        """
        check_cache_path(path)
        ours = path is None and not os.environ.get(CACHE_ENV)  # the default location
        path = path or default_path()
        if path == ":memory:":
            return cls._connect(path, check=False)
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _unusable(path, f"its folder cannot be made ({_os_reason(error)})") from error
        try:  # shared: no other instance moves the file aside while this one checks it
            with _exclusive(path + ".lock", shared=True):
                return cls._connect(path, check=True)
        except CacheDamaged as damage:
            first = damage
        except sqlite3.OperationalError as error:
            if _unusable_codes(error):
                raise _unusable(path, _unusable_reason(error)) from error
            raise
        with _exclusive(path + ".lock"):
            try:  # again: another instance may have replaced it meanwhile
                return cls._connect(path, check=True)
            except CacheDamaged as damage:
                reason = damage.reason or first.reason
            if not ours and not _is_our_cache(path):
                raise _unusable(path, f"it is not a newsreader cache ({reason}); it was"
                                " left as it is")
            marks = salvage_state(path)
            aside = _move_aside(path)
            cache = cls._connect(path, check=False)
        restored = cache._restore_state(marks)
        cache.recovery_note = (
            f"The cache was damaged ({reason}): it was moved to {aside} and a new one was "
            f"started; {restored} read/starred mark{'s' if restored != 1 else ''} recovered. "
            "Articles are indexed again.")
        return cache

    @classmethod
    def open_detached(cls, path: str | None, why: str) -> Self:
        """A cache in memory, for when the one at `path` cannot be used (`why`, from
        `CacheUnusable`): a copy of it when it is a newsreader cache that can still be
        read (a read-only file system, a full disk), else empty. Nothing is ever written
        to `path`; `recovery_note` tells the user what they are working on."""
        cache = cls._connect(":memory:", check=False)
        path = path or default_path()
        copied = False
        if os.path.isfile(path) and _is_our_cache(path):  # never opens a FIFO or a device
            copied = _copy_into(path, cache._db)
            if copied:
                cache._ensure_schema()
        lost = "read/starred marks made now are not kept"
        cache.recovery_note = (
            f"The cache cannot be written ({why}). Working on a copy of it in memory:"
            f" files are indexed again only if they changed, and {lost}." if copied else
            f"The cache cannot be used ({why}). Working without one, in memory: every file"
            f" is indexed at each start, and {lost}.")
        return cache

    @classmethod
    def _connect(cls, path: str, *, check: bool) -> Self:
        """Connect, set the pragmas and bring the schema up to date. With `check`, raise
        `CacheDamaged` when the file is damaged (it is then left untouched)."""
        if check:
            _check_header(path)
        try:
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None,
                                 check_same_thread=False)
        except sqlite3.DatabaseError as error:
            raise _damage(error) from error
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            if check:
                _check(db, path)
            if not _holds_our_tables(db):  # checked before anything is written to it
                raise CacheUnusable(path, "it is an SQLite database of another program;"
                                    " it was left as it is")
            # These three write to the file, so they would wait for another process's
            # write lock (an `index` from cron): set them only on a new, empty file.
            if db.execute("PRAGMA page_count").fetchone()[0] == 0:
                db.execute("PRAGMA auto_vacuum = INCREMENTAL")
                db.execute("PRAGMA page_size = 8192")
            if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            cache = cls(db, path)
            cache.recovery_note = cache._ensure_schema()
        except sqlite3.DatabaseError as error:
            db.close()
            raise _damage(error) from error
        except BaseException:
            db.close()
            raise
        return cache

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

    @contextmanager
    def corpus_pass(self) -> Iterator[None]:
        """Hold the lock that serialises corpus-wide passes (linking names, grouping
        stories) between processes sharing this cache: two `index` runs, or the app and
        `index`, do not each rewrite the whole corpus from a snapshot the other changes."""
        try:
            handle = (None if self.path == ":memory:"
                      else open(self.path + ".pass.lock", "a"))  # noqa: SIM115 - closed below
        except OSError:  # a folder we cannot write in: rows vanishing are tolerated anyway
            handle = None
        if handle is None or fcntl is None:
            yield
            return
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE): committed on success, rolled back on any
        exception, KeyboardInterrupt included."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                # SQLite has already rolled back after some errors (a full disk, an I/O
                # error): a second ROLLBACK would hide the real error behind its own.
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error:
                if self._db.in_transaction:  # a COMMIT that failed (disk full) leaves it open
                    self._db.execute("ROLLBACK")
                raise

    def schema_version(self) -> int | None:
        """The version recorded in `meta`, or None for an empty (or foreign) file."""
        has_meta = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        if not has_meta:
            return None
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        try:
            return int(row[0]) if row else None
        except ValueError:
            return None

    def _ensure_schema(self) -> str | None:
        """Create, migrate or rebuild the tables; a note for the user when a cache of an
        unknown or newer version was rebuilt (its read/starred marks are kept)."""
        if self.schema_version() == SCHEMA_VERSION:
            return None
        with self.transaction() as db:
            version = self.schema_version()  # again: another instance may have done it
            if version == SCHEMA_VERSION:
                return None
            stamp = None if version is None else str(version)
            if version is None and db.execute(
                    "SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
                row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'")
                stamp = (row.fetchone() or (None,))[0]
            while version is not None and version in MIGRATIONS:
                MIGRATIONS[version](db)
                version += 1
            note = None
            if version != SCHEMA_VERSION:
                if version is not None and version > SCHEMA_VERSION:
                    note = (f"The cache was written by a newer newsreader (schema {version},"
                            f" this one reads {SCHEMA_VERSION}): its articles are indexed "
                            "again; read/starred marks are kept.")
                elif stamp is not None and version is None:
                    note = ("The cache had an unknown schema version: its articles are "
                            "indexed again; read/starred marks are kept.")
                _rebuild(db)
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                       (str(SCHEMA_VERSION),))
            return note

    # ------------------------------------------------------------ files

    def file_index(self) -> dict[str, FileEntry]:
        """Every cached file: path -> (size, mtime_ns, sha256)."""
        with self._lock:
            rows = self._db.execute("SELECT path, size, mtime_ns, sha256 FROM files")
            return {from_db(path): FileEntry(size, mtime, digest)
                    for path, size, mtime, digest in rows}

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
                    _index(db, rowid, _fts_values(a.title, a.source, a.text, a.names,
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

    # ------------------------------------------------------------ reading

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM articles").fetchone()[0]

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
                           many(countries), _safe_names(persons), _safe_names(orgs),
                           _safe_names(places), many(similar) if similar else ())

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
        except _DAMAGE:
            return ""

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
            text, entities = _decode_body(text, blob, aliases)
        except _DAMAGE as error:
            self._read_again(path)
            raise DamagedArticle(ident, from_db(path)) from error
        if text_needs_cleaning(text):  # a cache written by another version or tool
            text, entities = _cleaned_body(text, entities)
        title = safe_line(title)
        source = None if source is None else safe_line(source)
        published = None if published is None else safe_line(published)
        return Article(id=ident, title=title, source=source, published=published,
                       path=from_db(path), text=text, entities=entities,
                       countries=sorted(countries.split()), similar=similar.split(),
                       url=web_address(url))

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

    def _index_query(self, query: Callable[[sqlite3.Connection], _T]) -> _T:
        """Run a read of the full-text index; a damaged index (which `quick_check` does not
        see) is rebuilt from the stored rows and the read tried once more."""
        try:
            with self._lock:
                return query(self._db)
        except sqlite3.DatabaseError as error:
            if not _is_corruption(error):
                raise
        self.rebuild_index()
        with self._lock:
            return query(self._db)

    def rebuild_index(self) -> int:
        """Rebuild the full-text index from the stored rows (a damaged body is indexed by
        its title and names). Returns the articles indexed. Raises `IndexDamaged` when
        the cache cannot be written."""
        try:
            with self.transaction() as db:
                n = _rebuild_fts(db)
        except sqlite3.Error as error:
            raise IndexDamaged(f"the search index of {printable(self.path)} is damaged and"
                               f" could not be rebuilt ({error})") from error
        self.damage_notes.append(f"the search index was damaged: rebuilt ({n} articles)")
        return n

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
                           (blob if renames else None, _NAME_SEP.join(persons), rowid))

    def set_similar(self, groups: Mapping[str, Sequence[str]]) -> None:
        """Replace every article's similar-story ids (articles not in `groups` get none)."""
        with self.transaction() as db:
            db.execute("UPDATE articles SET similar = '' WHERE similar != ''")
            db.executemany("UPDATE articles SET similar = ? WHERE id = ?",
                           [(" ".join(ids), ident) for ident, ids in groups.items() if ids])

    def adopt_headlines(self, groups: Mapping[str, Sequence[str]]) -> int:
        """Give a page dump's article the headline (and the outlet, when it names none) of
        its copy read from HTML or JSON Lines (a similar story with nearly the same words):
        the markup names them, where plain text leaves them to be guessed; and the copy's
        web address when the dump has none. Returns how many articles changed."""
        if not groups:
            return 0
        with self.transaction() as db:
            rows = {ident: (rowid, title, source, input_format(file), url)
                    for rowid, ident, title, source, file, url in db.execute(
                        "SELECT rowid, id, title, source, file, url FROM articles"
                        " WHERE similar != '' ORDER BY file, ordinal")}
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
                _unindex(db, rowid, _fts_values(title, source, text, names, places, orgs))
                db.execute("UPDATE articles SET title = ?, source = ? WHERE rowid = ?",
                           (headline, outlet, rowid))
                _index(db, rowid, _fts_values(headline, outlet, text, names, places, orgs))
                changed += 1
        return changed

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str | None) -> None:
        with self.transaction() as db:
            if value is None:
                db.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # ------------------------------------------------------------ the user's state

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

    @classmethod
    def for_marks(cls, path: str, wait: float) -> Self:
        """A second connection to the cache at `path` (already opened, so no checks and no
        schema work), for writing marks from another thread: waiting at most `wait`
        seconds for another process's write lock, it fails fast, to be retried, instead
        of holding a thread for `BUSY_TIMEOUT`."""
        db = sqlite3.connect(path, timeout=wait, isolation_level=None, check_same_thread=False)
        db.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        return cls(db, path)

    def state(self) -> dict[str, tuple[bool, bool]]:
        """id -> (read, starred) for every article the user marked (stored or not)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, read, starred FROM state WHERE read OR starred")
            return {ident: (bool(read), bool(starred)) for ident, read, starred in rows}

    # ------------------------------------------------------------ housekeeping

    def size_on_disk(self) -> int:
        """Bytes of the database file and its WAL/shared-memory companions."""
        total = 0
        for suffix in ("", "-wal", "-shm"):
            try:
                total += os.path.getsize(self.path + suffix)
            except OSError:
                continue
        return total

    def checkpoint(self) -> None:
        """Fold the WAL back into the database file (after a large ingest)."""
        with self._lock:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def optimize(self) -> None:
        """Merge the full-text index's segments, give free pages back, and checkpoint
        (after a large ingest)."""
        with self.transaction() as db:
            db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
        self.release_free_pages()
        self.checkpoint()

    def release_free_pages(self) -> None:
        """Shrink the file by the pages deleted rows left free."""
        with self._lock:
            self._db.execute("PRAGMA incremental_vacuum")


class DamagedArticle(KeyError):
    """An article whose stored copy cannot be read back (a damaged compressed body or
    entity list, which `quick_check` does not see). Its file is marked to be read again by
    the next sync; until then it is skipped."""

    def __init__(self, ident: str, path: str) -> None:
        super().__init__(ident)
        self.ident = ident
        self.path = path

    def __str__(self) -> str:
        return (f"the stored copy of an article from {printable(self.path)} is damaged: "
                "skipped; its file is read again at the next start")


class IndexDamaged(Exception):
    """The full-text index is damaged and could not be rebuilt (a read-only cache)."""


class CacheDamaged(Exception):
    """The cache file is damaged (raised inside `Cache.open`, which recovers from it)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CacheUnusable(InputError):
    """The cache path cannot be used (a folder, a device, another program's file, a place
    that cannot be written): nothing there was changed. The message names the path and
    says what to do, in one line."""

    def __init__(self, path: str, why: str) -> None:
        super().__init__(f"cannot use {printable(path)} as the cache: {why}. Name another"
                         f" file with --cache or ${CACHE_ENV}")
        self.path = path
        self.why = f"{printable(path)}: {why}"
        """The path and the reason, without the advice."""


_unusable = CacheUnusable
#: SQLite result codes (primary) meaning the cache's place cannot be used (not damage).
_UNUSABLE_CODES = frozenset({sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY,
                             sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_PERM})


def _unusable_codes(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _UNUSABLE_CODES


def _unusable_reason(error: sqlite3.Error) -> str:
    """Why SQLite cannot use the cache's place, in a user's words."""
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return (f"it cannot be created or written there ({error}: a read-only file system,"
                " or no permission)")
    if code == sqlite3.SQLITE_FULL:
        return f"the disk is full ({error})"
    return str(error)


def _os_reason(error: OSError) -> str:
    return error.strerror or str(error)


def _check_usable(path: str) -> None:
    """Raise `CacheUnusable` when `path` exists and is not a regular file (a folder, a
    device, a FIFO: never opened, so a FIFO cannot hang us), or cannot be looked at."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except NotADirectoryError as error:
        raise _unusable(path, "a part of it is a file, not a folder") from error
    except OSError as error:
        raise _unusable(path, _os_reason(error)) from error
    if stat.S_ISDIR(info.st_mode):
        raise _unusable(path, "it is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise _unusable(path, "it is not a regular file (a device, pipe or socket)")


#: Tables only a newsreader cache holds (of any schema version).
_OUR_TABLES = frozenset({"meta", "state", "articles", "bodies", "files"})


def _holds_our_tables(db: sqlite3.Connection) -> bool:
    """True when the database is empty or holds a table of ours."""
    names = {row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    return not names or bool(names & _OUR_TABLES)


def _table_names(path: str) -> set[str]:
    """The tables of the SQLite file at `path` (none when it cannot be read or is absent),
    read without touching the file or its -wal and -shm (immutable, read-only)."""
    if not os.path.isfile(path) or not os.path.getsize(path):
        return set()
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, timeout=1.0)
        try:
            return {row[0] for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            db.close()
    except sqlite3.Error:
        return set()


def _is_our_cache(path: str) -> bool:
    """True when the damaged file at `path` is recognisably a newsreader cache: SQLite's
    header, and our tables when its schema can still be read, else a size recorded in
    the header. Anything else (a text file, a feed, another program's database) is not
    ours to move."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    if not header.startswith(SQLITE_MAGIC):
        return False
    names = _table_names(path)
    if names:
        return bool(names & _OUR_TABLES)
    return _recorded_size(path) is not None


def _damage(error: sqlite3.DatabaseError) -> BaseException:
    """`CacheDamaged` for an error that means a damaged file, else the error itself
    (a lock held too long, a full disk... are not damage: the file is left alone)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _DAMAGE_CODES:
        return CacheDamaged(str(error))
    if code is None and type(error) is sqlite3.DatabaseError:
        return CacheDamaged(str(error))
    return error


def _check_header(path: str) -> None:
    """Raise `CacheDamaged` when a non-empty file does not start as SQLite files do; it is
    checked before SQLite opens it, which would delete the -wal and -shm beside it."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return
    if header and not header.startswith(SQLITE_MAGIC[:len(header)]):
        raise CacheDamaged("not an SQLite database")
    if 0 < len(header) < 100:
        raise CacheDamaged(f"cut short: {len(header)} bytes")


def _check(db: sqlite3.Connection, path: str) -> None:
    """Raise `CacheDamaged` when the file fails SQLite's checks: reading the schema
    (header, size) always, `PRAGMA quick_check` up to `QUICK_CHECK_BYTES`."""
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    try:
        size = os.path.getsize(path)
    except OSError:
        size = 0
    if size and size <= QUICK_CHECK_BYTES:
        rows = db.execute("PRAGMA quick_check(3)").fetchall()
        if rows != [("ok",)]:
            raise CacheDamaged("quick_check: " + "; ".join(str(r[0]) for r in rows))


def salvage_state(path: str) -> list[tuple[object, ...]]:
    """The read/starred rows that can still be read from a (damaged) cache file, as
    (id, read, starred, read_at, starred_at); reading stops at the first damaged page.

    A truncated file is read from a copy padded to its recorded size (SQLite refuses a
    file shorter than its header says; the pages that remain are often readable)."""
    try:
        _check_header(path)
    except CacheDamaged:
        return []  # nothing SQLite can read (and its -wal, -shm stay as they are)
    marks = _salvage_from(path)
    if marks:
        return marks
    expected = _recorded_size(path)
    if expected is None or expected <= os.path.getsize(path):
        return marks
    with tempfile.TemporaryDirectory(prefix="newsreader-salvage-") as folder:
        copy = os.path.join(folder, "cache.sqlite3")
        shutil.copyfile(path, copy)
        os.truncate(copy, expected)  # zeros (sparse) where the lost pages were
        if os.path.exists(path + "-wal"):
            shutil.copyfile(path + "-wal", copy + "-wal")
        return _salvage_from(copy)


def _salvage_from(path: str) -> list[tuple[object, ...]]:
    """`salvage_state` of one file: opened read-only (read-write only when SQLite cannot
    open it so, e.g. a WAL without its -shm file)."""
    for mode in ("ro", "rw"):
        try:
            db = sqlite3.connect(f"file:{path}?mode={mode}", uri=True, timeout=1.0)
            try:
                return _read_marks(db)
            finally:
                db.close()
        except sqlite3.OperationalError:
            continue  # cannot open it this way (or locked): try the next
        except sqlite3.DatabaseError:
            return []  # not a database, or its schema is damaged: nothing to read
    return []


def _recorded_size(path: str) -> int | None:
    """The size in bytes an SQLite file's header records, or None when it records none."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return None
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if header[24:28] != header[92:96] or not pages:
        return None
    return page_size * pages


def _read_marks(db: sqlite3.Connection) -> list[tuple[object, ...]]:
    """The marked rows of `state`, as far as they can be read."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(state)")}
    marks: list[tuple[object, ...]] = []
    if "id" not in columns:
        return marks
    select = ", ".join(c if c in columns else "NULL" for c in _STATE_COLUMNS)
    cursor = db.execute(f"SELECT {select} FROM state")
    while True:
        try:
            row = cursor.fetchone()
        except sqlite3.DatabaseError:
            break  # a damaged page: keep what was read before it
        if row is None:
            break
        ident, read, starred, read_at, starred_at = row
        if isinstance(ident, str) and (read or starred):
            marks.append((ident, int(bool(read)), int(bool(starred)), read_at, starred_at))
    return marks


def _move_aside(path: str) -> str:
    """Rename a damaged cache (and its -wal, -shm) to `<path>.corrupt-<time>`; the name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = f"{path}.corrupt-{stamp}"
    n = 1
    while os.path.exists(aside):
        n += 1
        aside = f"{path}.corrupt-{stamp}-{n}"
    for suffix in ("-wal", "-shm", ""):  # the main file last: its name frees the path
        if os.path.exists(path + suffix):
            os.replace(path + suffix, aside + suffix)
    return aside


@contextmanager
def _exclusive(lock_path: str, *, shared: bool = False) -> Iterator[None]:
    """Hold an exclusive lock on `lock_path` (so that one instance at a time recovers), or
    with `shared` a shared one (checking, while no instance recovers). Without a lock
    file (a folder we cannot write in), nothing is held."""
    if fcntl is None:
        yield
        return
    try:
        handle = open(lock_path, "a")  # noqa: SIM115 - closed below
    except OSError:
        if shared:
            yield
            return
        raise
    with handle:
        fcntl.flock(handle, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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


def _copy_into(path: str, target: sqlite3.Connection) -> bool:
    """Copy the database at `path` into `target` without writing to `path` (read-only, or
    as immutable when even a read-only open needs to write its WAL index). False when it
    cannot be read."""
    uri = Path(path).resolve().as_uri()
    for mode in ("mode=ro", "mode=ro&immutable=1"):
        try:
            source = sqlite3.connect(f"{uri}?{mode}", uri=True, timeout=2)
        except sqlite3.Error:
            continue
        try:
            source.backup(target)
            return True
        except sqlite3.Error:
            continue
        finally:
            source.close()
    return False


def _words(db: sqlite3.Connection, rowid: int) -> set[str]:
    (text,) = db.execute("SELECT text FROM bodies WHERE rowid = ?", (rowid,)).fetchone()
    try:
        return set(zlib.decompress(text).decode().lower().split())
    except _DAMAGE:
        return set()


def _same_text(a: set[str], b: set[str]) -> bool:
    """Two copies of one story (most words of the shorter in the longer), not two reports
    of one event, which similar-story grouping also joins."""
    return bool(a and b) and len(a & b) >= 0.8 * min(len(a), len(b))


_T = TypeVar("_T")
#: What reading back a damaged stored body or entity list raises.
_DAMAGE = (zlib.error, UnicodeDecodeError, ValueError, TypeError, IndexError, KeyError)


def _decode_body(text: bytes, blob: bytes, aliases: str | None) -> tuple[str, list[Entity]]:
    """An article's stored text and entities (raises one of `_DAMAGE` when damaged)."""
    body = zlib.decompress(text).decode()
    renames: dict[str, str] = json.loads(aliases) if aliases else {}
    entities = []
    for label, start, end, canonical, country in json.loads(zlib.decompress(blob)):
        surface = body[start:end]
        if LABELS[label] == "PERSON":
            name = norm_name(surface)
            canonical = renames.get(name, name)
        entities.append(Entity(surface, LABELS[label], start, end, canonical or surface,
                               country))
    return body, entities


def _is_corruption(error: sqlite3.DatabaseError) -> bool:
    """SQLite found damage, or the index holds bytes that are no text (which it would
    never have written)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF == sqlite3.SQLITE_CORRUPT:
        return True
    return "malformed" in str(error) or "Could not decode to UTF-8" in str(error)


def _rebuild_fts(db: sqlite3.Connection) -> int:
    """Empty the contentless index and index every stored article again."""
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')")
    rows = db.execute("SELECT rowid, title, source, text, names, places, orgs"
                      " FROM articles JOIN bodies USING (rowid)")
    n = 0
    for rowid, title, source, text, names, places, orgs in rows:
        try:
            values = _fts_values(title, source, text, names, places, orgs)
        except _DAMAGE:
            values = (title, source or "", "", _NAME_SEP.join((names, places, orgs)))
        _index(db, rowid, values)
        n += 1
    return n


def _index(db: sqlite3.Connection, rowid: int, values: tuple[str, ...]) -> None:
    """Add one article to the full-text index (`values` from `_fts_values`)."""
    db.execute("INSERT INTO articles_fts(rowid, title, source, text, names)"
               " VALUES (?, ?, ?, ?, ?)", (rowid, *values))


def _unindex(db: sqlite3.Connection, rowid: int, values: tuple[str, ...]) -> None:
    """Take one article out of the contentless index: it must be given the very values
    it was indexed with."""
    db.execute("INSERT INTO articles_fts(articles_fts, rowid, title, source, text, names)"
               " VALUES ('delete', ?, ?, ?, ?, ?)", (rowid, *values))


def _fts_values(title: str, source: str | None, text: bytes, *names: str) -> tuple[str, ...]:
    """The indexed columns of one article (identical at insert and at delete)."""
    return (title, source or "", zlib.decompress(text).decode(), _NAME_SEP.join(names))


def _delete_articles(db: sqlite3.Connection, path: str) -> int:
    """Delete a file's articles, their bodies and their index entries."""
    path = to_db(path)
    rows = db.execute(
        "SELECT rowid, title, source, text, names, places, orgs"
        " FROM articles JOIN bodies USING (rowid) WHERE file = ?", (path,)).fetchall()
    stale = False
    for rowid, title, source, text, names, places, orgs in rows:
        try:
            values = _fts_values(title, source, text, names, places, orgs)
        except _DAMAGE:  # a contentless index must be told the very words it holds
            stale = True
        else:
            _unindex(db, rowid, values)
        db.execute("DELETE FROM bodies WHERE rowid = ?", (rowid,))
    dropped = db.execute("DELETE FROM articles WHERE file = ?", (path,)).rowcount
    if stale:
        _rebuild_fts(db)
    return dropped


def _rebuild(db: sqlite3.Connection) -> None:
    """Drop everything but the user's state (kept, columns carried over) and recreate."""
    def objects(kind: str) -> list[tuple[str, str]]:
        return db.execute(
            "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = ?"
            " AND name NOT LIKE 'sqlite_%'", (kind,)).fetchall()

    for name, _ in objects("trigger"):
        db.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    for name, _ in objects("view"):
        db.execute(f'DROP VIEW IF EXISTS "{name}"')
    for name, sql in objects("table"):
        if sql.upper().startswith("CREATE VIRTUAL TABLE"):
            db.execute(f'DROP TABLE IF EXISTS "{name}"')
    had_state = False
    for name, _ in objects("table"):
        if name == "state":
            had_state = True
            db.execute("ALTER TABLE state RENAME TO state_old")
        else:
            db.execute(f'DROP TABLE IF EXISTS "{name}"')
    for statement in _statements(_SCHEMA):
        db.execute(statement)
    if had_state:
        old = {row[1] for row in db.execute("PRAGMA table_info(state_old)")}
        new = [row[1] for row in db.execute("PRAGMA table_info(state)")]
        common = [c for c in new if c in old]
        if "id" in common:  # a state table without ids holds nothing we can carry over
            cols = ", ".join(common)
            db.execute(f"INSERT OR IGNORE INTO state({cols}) SELECT {cols} FROM state_old")
        db.execute("DROP TABLE state_old")


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of `script` (triggers whole), to run inside a transaction:
    `executescript` would commit first."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
