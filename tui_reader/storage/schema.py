"""The cache's tables: their DDL, the schema version, migrations, and the rebuild of a cache
of an unknown or newer version (its user state kept)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator

SCHEMA_VERSION = 4

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
{sketches}
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, source, text, names,
    content='', tokenize='unicode61 remove_diacritics 2'
);
"""
# Similar-story grouping (`similar.StoryGrouper`): each article's sampled shingle
# fingerprints by fingerprint (the buckets), and all its shingles in text order by article
# (to check it as a candidate without reading its text again, and to take it out of the
# buckets when it goes; a row here also means the article has been grouped).
_SKETCHES = """
CREATE TABLE IF NOT EXISTS sketches(
    fp INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (fp, article)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sketched(
    article INTEGER PRIMARY KEY,
    fps BLOB NOT NULL
);
"""
_SCHEMA = _SCHEMA.replace("{sketches}", _SKETCHES.strip())


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


def _add_sketches(db: sqlite3.Connection) -> None:
    """3 -> 4: the similar-story sketches (empty: the next grouping pass groups every
    article again, once, and from then on only the new ones). The groups version 3 stored
    are dropped: it did not group above 20,000 articles nor take a story apart when one of
    its articles went."""
    for statement in _statements(_SKETCHES):
        db.execute(statement)
    db.execute("UPDATE articles SET similar = '' WHERE similar != ''")


#: Migrations by the version they upgrade from; each leaves the schema at version + 1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _add_language, 2: _add_url, 3: _add_sketches}


def recorded_version(db: sqlite3.Connection) -> int | None:
    """The version recorded in `meta`, or None for an empty (or foreign) file."""
    has_meta = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
    if not has_meta:
        return None
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    try:
        return int(row[0]) if row else None
    except ValueError:
        return None


def upgrade(db: sqlite3.Connection) -> str | None:
    """Inside a write transaction: create, migrate or rebuild the tables; a note for the
    user when a cache of an unknown or newer version was rebuilt (its read/starred marks
    are kept)."""
    version = recorded_version(db)  # again: another instance may have done it
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
