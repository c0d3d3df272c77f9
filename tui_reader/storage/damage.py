"""Damage to a cache file and how it is told: the errors raised for it, the checks made at
open (SQLite's header, `PRAGMA quick_check`), and the SQLite errors that mean damage.

Damage `quick_check` does not see is found where it is read: a stored body that cannot be
decoded (`DamagedArticle`), a search index SQLite calls malformed (`is_corruption`)."""

from __future__ import annotations

import os
import sqlite3

from ..sanitize import printable

#: Files up to this size get a full `PRAGMA quick_check` at open (about 0.25 s per 500 MB
#: when cached); larger ones only the checks SQLite makes reading the schema (header,
#: truncation), so that a warm open of a large cache stays fast.
QUICK_CHECK_BYTES = 64 << 20
#: SQLite result codes (primary) that mean the file itself is damaged.
_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
SQLITE_MAGIC = b"SQLite format 3\x00"


class CacheDamaged(Exception):
    """The cache file is damaged (raised inside `Cache.open`, which recovers from it)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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


def as_damage(error: sqlite3.DatabaseError) -> BaseException:
    """`CacheDamaged` for an error that means a damaged file, else the error itself
    (a lock held too long, a full disk... are not damage: the file is left alone)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _DAMAGE_CODES:
        return CacheDamaged(str(error))
    if code is None and type(error) is sqlite3.DatabaseError:
        return CacheDamaged(str(error))
    return error


def is_corruption(error: sqlite3.DatabaseError) -> bool:
    """SQLite found damage, or the index holds bytes that are no text (which it would
    never have written)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF == sqlite3.SQLITE_CORRUPT:
        return True
    return "malformed" in str(error) or "Could not decode to UTF-8" in str(error)


def check_header(path: str) -> None:
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


def check_integrity(db: sqlite3.Connection, path: str) -> None:
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


def recorded_size(path: str) -> int | None:
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
