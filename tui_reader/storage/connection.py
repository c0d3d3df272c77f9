"""What every part of `Cache` stands on: one SQLite connection, the lock that makes it safe
to share between threads, and write transactions."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Self


class CacheConnection:
    """An open cache's connection (`_db`), its lock (`_lock`) and the notes for the user.
    `Cache` is built on it with its read side (`CacheReads`) and write side
    (`CacheWrites`)."""

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
