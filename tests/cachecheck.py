"""A shared check for cache tests: the tables and the full-text index agree."""

from __future__ import annotations

from tui_reader.storage import Cache


def check_consistent(cache: Cache) -> None:
    """SQLite and the FTS index agree with the tables."""
    db = cache._db
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
    orphans = db.execute(
        "SELECT count(*) FROM articles WHERE file NOT IN (SELECT path FROM files)").fetchone()
    assert orphans[0] == 0
    bodies = db.execute("SELECT count(*) FROM bodies WHERE rowid IN (SELECT rowid FROM articles)")
    assert bodies.fetchone()[0] == db.execute("SELECT count(*) FROM bodies").fetchone()[0]
    assert db.execute("SELECT count(*) FROM bodies").fetchone()[0] == len(cache)
    # Similar-story sketches: only of articles still stored, and each bucket row is one
    # of its article's sketch (so an article that goes takes all of its rows with it).
    sketched = db.execute(
        "SELECT count(*) FROM sketched WHERE article NOT IN (SELECT rowid FROM articles)")
    assert sketched.fetchone()[0] == 0
    stray = db.execute(
        "SELECT count(*) FROM sketches WHERE article NOT IN (SELECT article FROM sketched)")
    assert stray.fetchone()[0] == 0
