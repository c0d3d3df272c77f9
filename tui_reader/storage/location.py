"""Where the cache lives, and whether what is at that path may be used as ours.

Only a file that is recognisably a newsreader cache (SQLite's header, and our tables or a
size recorded in the header) is ever moved or written: anything else at the path (a text
file, a feed, a folder, a device, another program's database) raises `CacheUnusable` and is
left untouched, except at the default location, which is ours."""

from __future__ import annotations

import os
import sqlite3
import stat

from platformdirs import user_cache_dir

from ..files import InputError
from ..sanitize import printable
from .damage import SQLITE_MAGIC, CacheDamaged, check_header, recorded_size

#: Environment variable naming the cache file (overridden by an explicit path).
CACHE_ENV = "NEWSREADER_CACHE"
#: Tables only a newsreader cache holds (of any schema version).
_OUR_TABLES = frozenset({"meta", "state", "articles", "bodies", "files"})
#: SQLite result codes (primary) meaning the cache's place cannot be used (not damage).
_UNUSABLE_CODES = frozenset({sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY,
                             sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_PERM})


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


def default_path() -> str:
    """$NEWSREADER_CACHE, else cache.sqlite3 in the platform's user cache folder."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return env
    return os.path.join(user_cache_dir("newsreader"), "cache.sqlite3")


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
        check_header(path)
    except CacheDamaged as damage:  # not SQLite: refused here, before any lock file
        if not ours and not is_our_cache(path):
            raise CacheUnusable(path, f"it is not a newsreader cache ({damage.reason}); it"
                                " was left as it is") from damage
    else:
        names = _table_names(path)
        if names and not names & _OUR_TABLES:
            raise CacheUnusable(path, "it is an SQLite database of another program; it"
                                " was left as it is")


def is_unusable(error: sqlite3.Error) -> bool:
    """True when SQLite's error means the cache's place cannot be used (it cannot be
    opened or written, the disk is full, an I/O error), not that the file is damaged."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _UNUSABLE_CODES


def unusable_reason(error: sqlite3.Error) -> str:
    """Why SQLite cannot use the cache's place, in a user's words."""
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return (f"it cannot be created or written there ({error}: a read-only file system,"
                " or no permission)")
    if code == sqlite3.SQLITE_FULL:
        return f"the disk is full ({error})"
    return str(error)


def os_reason(error: OSError) -> str:
    return error.strerror or str(error)


def _check_usable(path: str) -> None:
    """Raise `CacheUnusable` when `path` exists and is not a regular file (a folder, a
    device, a FIFO: never opened, so a FIFO cannot hang us), or cannot be looked at."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except NotADirectoryError as error:
        raise CacheUnusable(path, "a part of it is a file, not a folder") from error
    except OSError as error:
        raise CacheUnusable(path, os_reason(error)) from error
    if stat.S_ISDIR(info.st_mode):
        raise CacheUnusable(path, "it is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise CacheUnusable(path, "it is not a regular file (a device, pipe or socket)")


def holds_our_tables(db: sqlite3.Connection) -> bool:
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


def is_our_cache(path: str) -> bool:
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
    return recorded_size(path) is not None
