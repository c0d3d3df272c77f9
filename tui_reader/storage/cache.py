"""`Cache`: opening the cache file (checked, created, migrated, or recovered when damaged),
the connections for writing marks from another thread, and upkeep. Its queries are
`CacheReads` and `CacheSearch`, its writes `CacheWrites`."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from .damage import CacheDamaged, as_damage, check_header, check_integrity
from .fts import CacheSearch
from .location import (
    CACHE_ENV,
    CacheUnusable,
    check_cache_path,
    default_path,
    holds_our_tables,
    is_our_cache,
    is_unusable,
    os_reason,
    unusable_reason,
)
from .locks import file_lock, pass_lock
from .reads import CacheReads
from .salvage import copy_into, move_aside, salvage_state
from .schema import SCHEMA_VERSION, recorded_version, upgrade
from .writes import CacheWrites

#: Seconds a connection waits for another instance's write lock before giving up.
BUSY_TIMEOUT = 10.0


class Cache(CacheReads, CacheSearch, CacheWrites):
    """The SQLite cache of one newsreader installation (or of the file `path`).

    Use `Cache.open()` as a context manager. Methods are safe to call from several
    threads (one lock per cache); several processes share the file through WAL.
    """

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | None = None) -> Self:
        """Open (creating, migrating or rebuilding as needed) the cache at `path`.

        A damaged file is replaced by a new cache holding the marks salvaged from it
        (see the package's docstring); `recovery_note` says so.
        """
        check_cache_path(path)
        ours = path is None and not os.environ.get(CACHE_ENV)  # the default location
        path = path or default_path()
        if path == ":memory:":
            return cls._connect(path, check=False)
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CacheUnusable(path, f"its folder cannot be made ({os_reason(error)})"
                                ) from error
        try:  # shared: no other instance moves the file aside while this one checks it
            with file_lock(path + ".lock", shared=True):
                return cls._connect(path, check=True)
        except CacheDamaged as damage:
            first = damage
        except sqlite3.OperationalError as error:
            if is_unusable(error):
                raise CacheUnusable(path, unusable_reason(error)) from error
            raise
        with file_lock(path + ".lock"):
            try:  # again: another instance may have replaced it meanwhile
                return cls._connect(path, check=True)
            except CacheDamaged as damage:
                reason = damage.reason or first.reason
            if not ours and not is_our_cache(path):
                raise CacheUnusable(path, f"it is not a newsreader cache ({reason}); it was"
                                    " left as it is")
            marks = salvage_state(path)
            aside = move_aside(path)
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
        if os.path.isfile(path) and is_our_cache(path):  # never opens a FIFO or a device
            copied = copy_into(path, cache._db)
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
    def for_marks(cls, path: str, wait: float) -> Self:
        """A second connection to the cache at `path` (already opened, so no checks and no
        schema work), for writing marks from another thread: waiting at most `wait`
        seconds for another process's write lock, it fails fast, to be retried, instead
        of holding a thread for `BUSY_TIMEOUT`."""
        db = sqlite3.connect(path, timeout=wait, isolation_level=None, check_same_thread=False)
        db.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        return cls(db, path)

    @classmethod
    def _connect(cls, path: str, *, check: bool) -> Self:
        """Connect, set the pragmas and bring the schema up to date. With `check`, raise
        `CacheDamaged` when the file is damaged (it is then left untouched)."""
        if check:
            check_header(path)
        try:
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None,
                                 check_same_thread=False)
        except sqlite3.DatabaseError as error:
            raise as_damage(error) from error
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            if check:
                check_integrity(db, path)
            if not holds_our_tables(db):  # checked before anything is written to it
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
            raise as_damage(error) from error
        except BaseException:
            db.close()
            raise
        return cache

    def schema_version(self) -> int | None:
        """The version recorded in `meta`, or None for an empty (or foreign) file."""
        return recorded_version(self._db)

    def _ensure_schema(self) -> str | None:
        """Create, migrate or rebuild the tables; a note for the user when a cache of an
        unknown or newer version was rebuilt (its read/starred marks are kept)."""
        if self.schema_version() == SCHEMA_VERSION:
            return None
        with self.transaction() as db:
            return upgrade(db)

    @contextmanager
    def corpus_pass(self) -> Iterator[None]:
        """Hold the lock that serialises corpus-wide passes (linking names, grouping
        stories) between processes sharing this cache: two `index` runs, or the app and
        `index`, do not each rewrite the whole corpus from a snapshot the other changes."""
        with pass_lock(self.path):
            yield

    # ------------------------------------------------------------ upkeep

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
