"""The SQLite cache: round trip, full-text search, state, schema versions, concurrency."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
import zlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import pytest
from cachecheck import check_consistent

from tui_reader import storage
from tui_reader.article import ListRow
from tui_reader.collection import Corpus
from tui_reader.ingest import sync
from tui_reader.resources import seeds_dir
from tui_reader.storage import SCHEMA_VERSION, Cache, fts_query, schema

_T = TypeVar("_T")


@pytest.fixture
def seeded(tmp_path: Path) -> Cache:
    cache = Cache.open(str(tmp_path / "cache.sqlite3"))
    sync(cache, [str(seeds_dir())], workers=0)
    yield cache
    cache.close()




def test_round_trip_matches_the_in_memory_pipeline(seeded: Cache, seeds_corpus: Corpus) -> None:
    check_consistent(seeded)
    assert len(seeded) == len(seeds_corpus.articles)
    for expected in seeds_corpus.articles:
        got = seeded.article(expected.id)
        assert (got.title, got.source, got.published, got.text) == (
            expected.title, expected.source, expected.published, expected.text)
        assert got.countries == expected.countries
        assert got.entities == expected.entities  # corpus-wide canonical names included
        assert Path(got.path).name == Path(expected.path).name


def test_rows_hold_the_list_fields_in_file_order(seeded: Cache, seeds_corpus: Corpus) -> None:
    rows = seeded.rows()
    assert [r.id for r in rows] == [a.id for a in seeds_corpus.articles]
    first, article = rows[0], seeds_corpus.articles[0]
    assert first.title == article.title
    assert first.countries == tuple(article.countries_by_weight())
    assert "Volodymyr Zelenskyy" in ListRow.names(first.persons)
    assert "NATO" in ListRow.names(first.orgs) and ListRow.names("") == []
    assert seeded.fts_search(["nato"]) and seeded.fts_search(["kremlin"])
    sources = {id(r.source) for r in rows if r.source == "JapanToday"}
    assert len(sources) == 1  # shared, not one string per row


def test_missing_article_raises_key_error(seeded: Cache) -> None:
    with pytest.raises(KeyError):
        seeded.article("nope")


def test_fts_prefix_search_title_first_and_folding(seeded: Cache) -> None:
    rows = {r.rowid: r for r in seeded.rows()}
    hits = seeded.fts_search(["tianj"])
    assert hits and "Tianjin" in rows[hits[0]].title
    assert seeded.fts_search(["micheal"])  # "Micheál" with the accent folded
    assert seeded.fts_search(["zelenskyy", "tianjin"]) == [
        r for r in seeded.fts_search(["tianjin"]) if r in seeded.fts_search(["zelenskyy"])]
    assert seeded.fts_search(["qqqqzzzz"]) == []
    assert sorted(seeded.fts_search(["putin"], ranked=False)) == sorted(
        seeded.fts_search(["putin"], limit=None))


@pytest.mark.parametrize("term", [
    '"', "*", "NEAR", "NEAR(", "a:b", "title:putin", "AND", "OR", "NOT", "-", "^", "(", ")",
    '"putin', "putin*", "put\"in", "{title}", "+", "' OR 1=1 --", "\x00", "", "   ",
])
def test_fts_user_text_never_raises(seeded: Cache, term: str) -> None:
    """FTS5 syntax typed by the user is text: a term with no letter or digit is dropped, any
    other narrows what "putin" finds to the articles holding it too (AND, not syntax)."""
    putin = set(seeded.fts_search(["putin"]))
    alone = set(seeded.fts_search([term]))
    both = set(seeded.fts_search([term, "putin"]))
    if any(ch.isalnum() for ch in term):
        assert both == alone & putin
    else:
        assert (alone, both) == (set(), putin)


def test_fts_query_quotes_every_term() -> None:
    assert fts_query(['say "hi"', "near", "*"]) == '"say ""hi"""* AND "near"*'
    assert fts_query(["", ":"]) is None
    assert fts_query(["ab", "abc"], min_prefix=3) == '"ab" AND "abc"*'


def test_short_terms_match_whole_words(seeded: Cache) -> None:
    assert seeded.fts_search(["un"]) != seeded.fts_search(["un"], min_prefix=1)
    assert set(seeded.fts_search(["un"])) <= set(seeded.fts_search(["un"], min_prefix=1))


def test_state_is_kept_per_id(seeded: Cache) -> None:
    ident = seeded.rows()[0].id
    seeded.set_read(ident)
    seeded.set_starred(ident, True)
    seeded.set_starred("not-stored-yet", True)
    assert seeded.state() == {ident: (True, True), "not-stored-yet": (False, True)}
    seeded.set_read(ident, False)
    assert seeded.state()[ident] == (False, True)
    read_at, starred_at = seeded._db.execute(
        "SELECT read_at, starred_at FROM state WHERE id = ?", (ident,)).fetchone()
    assert read_at and starred_at


def test_forgetting_files_keeps_state(seeded: Cache) -> None:
    row = seeded.rows()[0]
    seeded.set_starred(row.id)
    path = seeded._db.execute("SELECT file FROM articles WHERE id = ?", (row.id,)).fetchone()[0]
    seeded.forget_files([path])
    assert row.id not in {r.id for r in seeded.rows()}
    assert seeded.state()[row.id] == (False, True)
    check_consistent(seeded)


def write_v0_cache(path: Path, version: str | None = "0") -> None:
    """A cache as an older newsreader left it: other tables, a simpler state table."""
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE articles(id TEXT PRIMARY KEY, title TEXT, body TEXT);
        CREATE TABLE state(id TEXT PRIMARY KEY, read INTEGER, starred INTEGER);
        CREATE VIRTUAL TABLE old_fts USING fts5(title);
        INSERT INTO articles VALUES ('a1', 'Old', 'old body');
        INSERT INTO state VALUES ('a1', 1, 0), ('b2', 0, 1);
    """)
    if version is not None:
        db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (version,))
    db.commit()
    db.close()


@pytest.mark.parametrize("version", ["0", "99", "garbage", None])
def test_old_or_unknown_schema_is_rebuilt_keeping_state(tmp_path: Path,
                                                        version: str | None) -> None:
    path = tmp_path / "cache.sqlite3"
    write_v0_cache(path, version)
    with Cache.open(str(path)) as cache:
        assert cache.schema_version() == SCHEMA_VERSION
        assert cache.state() == {"a1": (True, False), "b2": (False, True)}
        assert len(cache) == 0
        sync(cache, [str(seeds_dir())], workers=0)
        assert len(cache) > 0
        check_consistent(cache)
        tables = {r[0] for r in cache._db.execute("SELECT name FROM sqlite_master")}
        assert "old_fts" not in tables and "state_old" not in tables


def test_a_migration_is_used_when_one_exists(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cache.sqlite3"
    write_v0_cache(path)
    calls: list[int] = []

    def migrate(db: sqlite3.Connection) -> None:
        calls.append(0)
        db.execute("DROP TABLE articles")
        db.execute("DROP TABLE old_fts")
        db.execute("ALTER TABLE state ADD COLUMN read_at REAL")
        db.execute("ALTER TABLE state ADD COLUMN starred_at REAL")
        for statement in schema._statements(schema._SCHEMA):
            db.execute(statement)

    monkeypatch.setitem(schema.MIGRATIONS, 0, migrate)
    with Cache.open(str(path)) as cache:
        assert calls == [0]
        assert cache.schema_version() == SCHEMA_VERSION
        assert cache.state() == {"a1": (True, False), "b2": (False, True)}
    with Cache.open(str(path)) as cache:  # up to date now: no second migration
        assert calls == [0]


def test_default_path_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "sub" / "mine.sqlite3"
    monkeypatch.setenv(storage.CACHE_ENV, str(target))
    with Cache.open() as cache:
        assert cache.path == str(target)
    assert target.exists()
    monkeypatch.delenv(storage.CACHE_ENV)
    assert storage.default_path().endswith("cache.sqlite3")


def test_two_connections_share_the_cache(seeded: Cache) -> None:
    """A write waits for another connection's write lock (busy timeout), then succeeds;
    readers are not blocked meanwhile."""
    ident = seeded.rows()[0].id
    with Cache.open(seeded.path) as other:
        assert len(other.rows()) == len(seeded)
        locked, holding_to_the_end = threading.Event(), threading.Event()
        read_while_locked: list[int] = []  # asserted here: a thread's assert fails no test

        def hold_write_lock() -> None:
            with seeded.transaction() as db:
                db.execute("UPDATE articles SET title = title")
                locked.set()
                read_while_locked.append(len(other.rows()))
                time.sleep(0.3)
                holding_to_the_end.set()  # the lock is still held until the block ends

        holder = threading.Thread(target=hold_write_lock)
        holder.start()
        assert locked.wait(10)
        other.set_starred(ident)  # waits for the lock (busy timeout), then succeeds
        assert holding_to_the_end.is_set(), "the write did not wait for the lock"
        holder.join()
        assert read_while_locked == [len(seeded)]
        assert seeded.state()[ident] == (False, True)
    check_consistent(seeded)


def test_size_on_disk_counts_the_files(seeded: Cache) -> None:
    assert seeded.size_on_disk() > 0




HOSTILE = "\x1b]52;c;AAAA\x07\x1b[2J\x1b]8;;https://x\x07link\x1b]8;;\x07\x0e\u202e"
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


def test_text_read_back_from_a_tampered_cache_is_sanitised(tmp_path: Path) -> None:
    """A cache written by another version or tool is not trusted to hold clean text."""
    path = str(tmp_path / "cache.sqlite3")
    with Cache.open(path) as cache:
        sync(cache, [str(seeds_dir())], workers=0)
        ident, rowid = cache.rows()[0].id, cache.rows()[0].rowid
        before = cache.article(ident)
    db = sqlite3.connect(path)
    body, blob = db.execute("SELECT text, entities FROM bodies WHERE rowid = ?",
                            (rowid,)).fetchone()
    # Another tool's body, with entity offsets into its own (unclean) text.
    shifted = [[label, start + 2, end + 2, *rest]
               for label, start, end, *rest in json.loads(zlib.decompress(blob))]
    db.execute("UPDATE bodies SET text = ?, entities = ? WHERE rowid = ?",
               (zlib.compress(("\x0f\u200b" + zlib.decompress(body).decode() + HOSTILE).encode()),
                zlib.compress(json.dumps(shifted).encode()), rowid))
    db.execute("UPDATE articles SET title = ?, source = ?, persons = ?, orgs = ? WHERE id = ?",
               (f"T{HOSTILE}itle", f"S{HOSTILE}", f"Ann{HOSTILE}\nBob", "O\x01rg", ident))
    db.commit()
    db.close()
    with Cache.open(path) as cache:
        [row] = [r for r in cache.rows() if r.id == ident]
        for value in (row.title, row.source, row.persons, row.orgs):
            assert not CONTROLS.search(value), repr(value)
        assert row.title == "Tlinkitle" and ListRow.names(row.persons) == ["Annlink", "Bob"]
        article = cache.article(ident)
        for value in (article.title, article.source, article.text, cache.text(rowid)):
            assert not CONTROLS.search(value), repr(value)
        assert article.text.startswith(before.text) and article.text.endswith("link")
        assert [(e.text, e.start) for e in article.entities] == [
            (e.text, e.start) for e in before.entities]
        assert all(article.text[e.start:e.end] == e.text for e in article.entities)


# -- the cost of grouping stories does not grow with the corpus ---------------------------


def _steps(db: sqlite3.Connection, call: Callable[[], _T]) -> tuple[int, _T]:
    """SQLite virtual-machine steps (in thousands) that `call` takes, and what it returns."""
    ticks = [0]

    def tick() -> int:
        ticks[0] += 1
        return 0

    db.set_progress_handler(tick, 1000)
    try:
        result = call()
    finally:
        db.set_progress_handler(None, 0)
    return ticks[0], result


def _sketched(path: Path, size: int) -> Cache:
    """A cache whose `size` grouped articles all quote one stock phrase (fingerprint 8)."""
    cache = Cache.open(str(path))
    store = cache.story_store()
    with store.batch():
        for article in range(1, size + 1):
            own = 100_000 + 4 * article
            store.add(article, [8, own], [8, own])
    return cache


def test_a_stock_phrase_costs_the_story_lookup_the_same_at_any_corpus_size(
        tmp_path: Path) -> None:
    # Each pass read a stock phrase's whole bucket (every article quoting it) before it knew
    # the bucket was over the cap: at 1M articles, 67,000 rows for each article grouped.
    steps = []
    for size in (1_000, 20_000):
        cache = _sketched(tmp_path / f"c{size}.sqlite3", size)
        fresh = cache.story_store()  # a new pass: no bucket known to be big yet
        with fresh.batch():
            taken, found = _steps(fresh._db, partial(fresh.sharing, [8, 100_004], 64))
        steps.append(taken)
        assert len(found[8]) > 64 and found[100_004] == [1]
        cache.close()
    assert steps[1] < 2 * steps[0] + 5


def test_the_articles_left_to_group_are_found_without_going_over_the_grouped_ones(
        tmp_path: Path) -> None:
    # The pass asked for "every article not in sketched" each second: at 740,000 grouped
    # articles, 4 ms of every article's grouping.
    steps = []
    for size in (1_000, 20_000):
        cache = _sketched(tmp_path / f"c{size}.sqlite3", 0)
        with cache.transaction() as db:
            db.executemany("INSERT INTO articles(rowid, id, file, ordinal, title, countries,"
                           " names, places, orgs, persons, people) VALUES"
                           " (?, ?, 'f', ?, 't', '', '', '', '', '', '')",
                           [(k, f"a{k}", k) for k in range(1, size + 11)])
            db.executemany("INSERT INTO sketched(article, fps) VALUES (?, x'')",
                           [(k,) for k in range(1, size + 1)])
        assert cache.unsketched(5, after=size - 3) == list(range(size + 1, size + 6))
        assert cache.unsketched(after=size + 8) == [size + 9, size + 10]
        assert cache.unsketched(3) == [size + 1, size + 2, size + 3]  # from the start
        steps.append(_steps(cache._db, partial(cache.unsketched, 5, after=size))[0])
        cache.close()
    assert steps[1] < 2 * steps[0] + 5
