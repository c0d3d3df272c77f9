"""Recovering from a damaged cache file: the read/starred marks that can still be read, the
file moved aside as `<name>.corrupt-YYYYmmdd-HHMMSS`, and a readable cache copied into
memory when its place cannot be written."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from .damage import CacheDamaged, check_header, recorded_size

_STATE_COLUMNS = ("id", "read", "starred", "read_at", "starred_at")


def salvage_state(path: str) -> list[tuple[object, ...]]:
    """The read/starred rows that can still be read from a (damaged) cache file, as
    (id, read, starred, read_at, starred_at); reading stops at the first damaged page.

    A truncated file is read from a copy padded to its recorded size (SQLite refuses a
    file shorter than its header says; the pages that remain are often readable)."""
    try:
        check_header(path)
    except CacheDamaged:
        return []  # nothing SQLite can read (and its -wal, -shm stay as they are)
    marks = _salvage_from(path)
    if marks:
        return marks
    expected = recorded_size(path)
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


def move_aside(path: str) -> str:
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


def copy_into(path: str, target: sqlite3.Connection) -> bool:
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
