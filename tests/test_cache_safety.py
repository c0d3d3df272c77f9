"""The cache survives damage, other versions, concurrent instances and kill -9."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from cachecheck import check_consistent

from tui_reader import cli, storage
from tui_reader.ingest import sync
from tui_reader.resources import seeds_dir
from tui_reader.storage import SCHEMA_VERSION, Cache
from tui_reader.storage.damage import as_damage

PAGE_WORDS = ["minister", "said", "council", "river", "market", "city", "port", "police",
              "court", "village", "school", "budget", "harbour", "bridge", "election"]


def make_pages(folder: Path, first: int, count: int) -> list[Path]:
    """`count` small distinct page dumps (one article each), numbered from `first`."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(first)
    made = []
    for i in range(first, first + count):
        title = f"Report {i}: the council of Dublin votes on the {rng.choice(PAGE_WORDS)} plan"
        body = " ".join(
            f"Paragraph {p} of story {i} says the {' '.join(rng.choices(PAGE_WORDS, k=12))}."
            for p in range(3))
        page = folder / f"page-{i:04d}.txt"
        page.write_text(f"{title}\n\n{title}\n\nThe Irish Times\n{body}\n\nAnother paragraph"
                        f" of story {i} in Ireland, with enough words to count as a body.\n")
        made.append(page)
    return made




def marked_cache(path: Path) -> dict[str, tuple[bool, bool]]:
    """Seed a cache at `path` (marks first, so that their pages sit early in the file);
    returns its state."""
    with Cache.open(str(path)) as cache:
        cache.set_read("early-read")
        cache.set_starred("early-star")
        sync(cache, [str(seeds_dir())], workers=0)
        rows = cache.rows()
        cache.set_read(rows[0].id)
        cache.set_starred(rows[1].id)
        cache.set_read(rows[1].id)
        cache.checkpoint()  # everything in the main file: the damage below hits it
        return cache.state()


def page_of(path: Path, table: str) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                          (table,)).fetchone()[0]


def overwrite(path: Path, offset: int, data: bytes) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(data)


# Each damages a seeded cache; True when every mark must be recovered.
def damage_bodies_page(path: Path) -> bool:
    page = page_of(path, "bodies")
    overwrite(path, (page - 1) * 8192, random.Random(1).randbytes(8192))
    return True


def damage_middle_garbage(path: Path) -> bool:
    size = path.stat().st_size
    overwrite(path, size // 3, random.Random(2).randbytes(size // 3))
    return False


def damage_cut_in_half(path: Path) -> bool:
    os.truncate(path, path.stat().st_size // 2)
    return True  # the marks' pages come first: read from a copy padded to its size


def damage_cut_to_header(path: Path) -> bool:
    os.truncate(path, 60)
    return False


def damage_header_magic(path: Path) -> bool:
    overwrite(path, 0, b"NotSQLite at all")
    return False


def damage_text_file(path: Path) -> bool:
    path.write_text("hello, I am a page dump, not a database\n" * 100)
    return False


def damage_random_file(path: Path) -> bool:
    path.write_bytes(random.Random(3).randbytes(100_000))
    return False


def damage_png(path: Path) -> bool:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(5000))
    return False


DAMAGES = [damage_bodies_page, damage_middle_garbage, damage_cut_in_half]
#: What is left is no longer recognisably a newsreader cache: refused, never moved.
NOT_OURS = [damage_cut_to_header, damage_header_magic, damage_text_file, damage_random_file,
            damage_png]


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda f: f.__name__.removeprefix("damage_"))
def test_a_damaged_cache_is_moved_aside_and_rebuilt(tmp_path: Path, damage) -> None:
    path = tmp_path / "cache.sqlite3"
    before = marked_cache(path)
    all_marks_kept = damage(path)
    with Cache.open(str(path)) as cache:
        note = cache.recovery_note
        assert note and "damaged" in note and ".corrupt-" in note
        assert cache.schema_version() == SCHEMA_VERSION
        recovered = cache.state()
        assert recovered.items() <= before.items()  # nothing invented
        if all_marks_kept:
            assert recovered == before
        assert f"{len(recovered)} read/starred mark" in note
        sync(cache, [str(seeds_dir())], workers=0)
        assert len(cache) == 8
        check_consistent(cache)
        assert cache.state() == recovered
    [aside] = tmp_path.glob("cache.sqlite3.corrupt-*[0-9]")
    assert aside.name in note
    with Cache.open(str(path)) as cache:  # healthy now: no second recovery
        assert cache.recovery_note is None
        assert len(cache) == 8
    assert len(list(tmp_path.glob("cache.sqlite3.corrupt-*[0-9]"))) == 1


@pytest.mark.parametrize("damage", NOT_OURS, ids=lambda f: f.__name__.removeprefix("damage_"))
def test_a_file_that_is_not_recognisably_a_cache_is_refused_untouched(
        tmp_path: Path, damage) -> None:
    path = tmp_path / "cache.sqlite3"
    marked_cache(path)
    damage(path)
    before = path.read_bytes()
    with pytest.raises(storage.CacheUnusable, match=r"cache\.sqlite3 as the cache"):
        Cache.open(str(path))
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))


@pytest.mark.parametrize("content", [b"my notes\n" * 50, b"", b'{"text": "a feed"}\n'],
                         ids=["notes", "empty-ish", "feed"])
def test_index_never_replaces_a_file_that_is_not_a_cache(
        tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(content or b"x")
    for argv in (["index"], ["export"]):  # the app works in memory: test_app_faults
        assert cli.main([*argv, "--cache", str(path), str(seeds_dir())]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and str(path) in err and "--cache" in err
    assert path.read_bytes() == (content or b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE bookmarks(url TEXT)")
        db.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
    db.close()
    before = path.read_bytes()
    with pytest.raises(storage.CacheUnusable, match="another program"):
        Cache.open(str(path))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]


@pytest.mark.parametrize("where", ["proc", "under_proc"])
def test_a_cache_that_cannot_be_created_there_is_one_line_and_status_2(
        where: str, capsys: pytest.CaptureFixture[str]) -> None:
    # /proc stands for a read-only file system: nothing can be created in it.
    target = {"proc": "/proc/newsreader-cache.sqlite3",
              "under_proc": "/proc/newsreader-test/cache.sqlite3"}[where]
    assert cli.main(["index", "--cache", target, str(seeds_dir())]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and target in err and "--cache" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("where", ["folder", "devnull", "under_a_file", "fifo", "devfull"])
def test_an_unusable_cache_path_is_one_line_and_status_2(
        tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str]) -> None:
    target = {"folder": tmp_path, "devnull": Path("/dev/null"),
              "under_a_file": tmp_path / "file.txt" / "cache.sqlite3",
              "fifo": tmp_path / "fifo", "devfull": Path("/dev/full")}[where]
    (tmp_path / "file.txt").write_text("x")
    if where == "fifo":
        os.mkfifo(target)
    for command in ("index", "export"):  # the app works in memory instead: test_app_faults
        assert cli.main([command, "--cache", str(target), str(seeds_dir())]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.count("\n") == 1 and "--cache" in captured.err
        assert "NEWSREADER_CACHE" in captured.err
        assert (str(target) if where != "under_a_file" else "file.txt") in captured.err


def test_the_wal_and_shm_go_aside_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    marked_cache(path)
    damage_middle_garbage(path)
    damaged = path.read_bytes()
    Path(f"{path}-wal").write_bytes(b"wal garbage")
    Path(f"{path}-shm").write_bytes(b"shm garbage")
    with Cache.open(str(path)) as cache:
        assert cache.recovery_note
        aside = cache.recovery_note.split("moved to ")[1].split(" and")[0]
    assert Path(aside).read_bytes() == damaged
    # (SQLite, having opened the file to check it, may have reset them meanwhile)
    assert Path(f"{aside}-wal").exists() and Path(f"{aside}-shm").exists()


def test_an_empty_file_is_a_new_cache(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"")
    with Cache.open(str(path)) as cache:
        assert cache.recovery_note is None
        assert cache.schema_version() == SCHEMA_VERSION
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_a_garbage_wal_is_ignored_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    before = marked_cache(path)
    Path(f"{path}-wal").write_bytes(random.Random(4).randbytes(50_000))
    with Cache.open(str(path)) as cache:
        assert cache.recovery_note is None
        assert cache.state() == before and len(cache) == 8


def test_a_lock_or_io_error_is_not_taken_for_damage() -> None:
    locked = sqlite3.OperationalError("database is locked")
    locked.sqlite_errorcode = sqlite3.SQLITE_BUSY  # type: ignore[attr-defined]
    assert as_damage(locked) is locked
    corrupt = sqlite3.DatabaseError("database disk image is malformed")
    corrupt.sqlite_errorcode = sqlite3.SQLITE_CORRUPT  # type: ignore[attr-defined]
    assert isinstance(as_damage(corrupt), storage.CacheDamaged)


def test_large_files_skip_the_full_check_but_not_the_schema_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tui_reader.storage.damage.QUICK_CHECK_BYTES", 1000)
    skipped = tmp_path / "skipped.sqlite3"
    marked_cache(skipped)
    damage_bodies_page(skipped)  # only quick_check sees it, and it is not run
    with Cache.open(str(skipped)) as cache:
        assert cache.recovery_note is None
    path = tmp_path / "cache.sqlite3"
    marked_cache(path)
    damage_cut_in_half(path)
    with Cache.open(str(path)) as cache:
        assert cache.recovery_note and "malformed" in cache.recovery_note


def test_two_instances_opening_a_damaged_cache_recover_it_once(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    marked_cache(path)
    damage_middle_garbage(path)
    opened: list[Cache] = []
    barrier = threading.Barrier(4)

    def open_it() -> None:
        barrier.wait()
        opened.append(Cache.open(str(path)))

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(opened) == 4
    notes = [c.recovery_note for c in opened if c.recovery_note]
    assert len(notes) == 1
    opened[0].set_starred("x")
    for cache in opened:
        assert cache.state()["x"] == (False, True)
        cache.close()
    assert len(list(tmp_path.glob("cache.sqlite3.corrupt-*[0-9]"))) == 1


# ---------------------------------------------------------------- versions


def test_a_newer_schema_is_rebuilt_with_a_note_keeping_marks(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    before = marked_cache(path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                   (str(SCHEMA_VERSION + 1),))
        db.execute("CREATE TABLE future_things(x)")
    with Cache.open(str(path)) as cache:
        assert cache.recovery_note and "newer newsreader" in cache.recovery_note
        assert cache.schema_version() == SCHEMA_VERSION
        assert cache.state() == before
        assert len(cache) == 0  # never read as ours
        tables = {r[0] for r in cache._db.execute("SELECT name FROM sqlite_master")}
        assert "future_things" not in tables
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_an_older_schema_is_rebuilt_quietly(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript("""
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO meta VALUES ('schema_version', '0');
            CREATE TABLE state(id TEXT PRIMARY KEY, read INTEGER, starred INTEGER);
            INSERT INTO state VALUES ('a', 1, 0);
        """)
    with Cache.open(str(path)) as cache:
        assert cache.recovery_note is None
        assert cache.state() == {"a": (True, False)}


# ---------------------------------------------------------------- concurrency


def test_two_instances_write_marks_concurrently(tmp_path: Path) -> None:
    path = str(tmp_path / "cache.sqlite3")
    per_thread = 150
    with Cache.open(path) as first, Cache.open(path) as second:
        errors: list[BaseException] = []

        def mark(cache: Cache, name: str) -> None:
            try:
                for i in range(per_thread):
                    cache.set_read(f"{name}-{i}")
                    if i % 3 == 0:
                        cache.set_starred(f"{name}-{i}")
            except sqlite3.Error as error:  # pragma: no cover - the failure being tested
                errors.append(error)

        threads = [threading.Thread(target=mark, args=(cache, f"{n}{t}"))
                   for n, cache in (("a", first), ("b", second)) for t in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        state = first.state()
        assert state == second.state()
        assert len(state) == 4 * per_thread
        assert sum(starred for _read, starred in state.values()) == 4 * 50
        assert first._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# ---------------------------------------------------------------- kill -9 while indexing

KILL_TRIES = 5
KILL_PAGES = 400
PRE_PAGES = 100


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("attempt", range(KILL_TRIES))
def test_kill_9_during_index_loses_nothing(tmp_path: Path, attempt: int) -> None:
    rng = random.Random(attempt)
    pages = tmp_path / "pages"
    make_pages(pages, 0, PRE_PAGES)
    path = str(tmp_path / "cache.sqlite3")
    with Cache.open(path) as cache:
        sync(cache, [str(pages)], workers=0)
        rows = cache.rows()
        for row in rows[::7]:
            cache.set_read(row.id)
        for row in rows[::11]:
            cache.set_starred(row.id)
    make_pages(pages, PRE_PAGES, KILL_PAGES - PRE_PAGES)
    process = subprocess.Popen(
        [sys.executable, "-m", "tui_reader", "index", "--cache", path, "--workers", "0",
         str(pages)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with Cache.open(path) as other:  # another instance marks while the indexer writes
        waited = attempt % 2 == 1  # half the tries wait for the indexer's first batch
        if waited:
            assert process.stderr is not None
            process.stderr.readline()
        other.set_starred("marked-during-index")
        other.set_read(rows[1].id)
        before = other.state()
        threading.Event().wait(rng.uniform(0.0, 0.3) if waited else rng.uniform(0.15, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert process.stderr is not None
        process.stderr.close()
    with Cache.open(path) as cache:
        assert cache.recovery_note is None
        assert cache._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert cache.state() == before  # 0 marks lost
        report = sync(cache, [str(pages)], workers=0)
        assert report.total_articles == KILL_PAGES
        ids = [row.id for row in cache.rows()]
        assert len(set(ids)) == KILL_PAGES
        check_consistent(cache)
        assert cache.state() == before


# ---------------------------------------------------------------- telling the user


def test_index_reports_a_recovery_on_stderr(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cache.sqlite3"
    marked_cache(path)
    damage_bodies_page(path)
    assert cli.main(["index", "--cache", str(path), str(seeds_dir())]) == 0
    err = capsys.readouterr().err
    assert "newsreader: The cache was damaged" in err and ".corrupt-" in err


def test_an_existing_cache_opens_while_another_process_holds_the_write_lock(
        tmp_path: Path) -> None:
    """`index` from cron holds write transactions: opening must not wait for them (it
    waited for the busy timeout, then failed with "database is locked")."""
    path = str(tmp_path / "cache.sqlite3")
    with Cache.open(path):
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         f"db = sqlite3.connect({path!r}, isolation_level=None)\n"
         "db.execute('BEGIN IMMEDIATE'); print('locked', flush=True); sys.stdin.read()\n"
         "db.execute('COMMIT')"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with Cache.open(path) as cache:
            assert cache.rows() == []
    finally:
        holder.communicate("", timeout=30)


# ------------------------------------------------------------ damage quick_check misses


def _seeded(tmp_path: Path) -> Path:
    path = tmp_path / "cache.db"
    with Cache.open(str(path)) as cache:
        sync(cache, [str(seeds_dir())], workers=0)
    return path


def test_a_flipped_byte_in_a_stored_body_skips_that_article_until_its_file_is_read_again(
        tmp_path: Path) -> None:
    from tui_reader.collection import open_collection
    from tui_reader.storage import DamagedArticle

    path = _seeded(tmp_path)
    db = sqlite3.connect(path)
    ident, rowid, blob = db.execute(
        "SELECT id, rowid, text FROM articles JOIN bodies USING (rowid)"
        " ORDER BY rowid LIMIT 1").fetchone()
    flipped = bytearray(blob)
    flipped[len(flipped) // 2] ^= 0xFF
    db.execute("UPDATE bodies SET text = ? WHERE rowid = ?", (bytes(flipped), rowid))
    db.commit()
    db.close()
    with Cache.open(str(path)) as cache:
        collection = open_collection(cache, [str(seeds_dir())])
        assert collection.article(ident) is None  # skipped, not a zlib.error
        with pytest.raises(DamagedArticle, match="damaged"):
            cache.article(ident)
        others = [r.id for r in collection.rows if r.id != ident]
        assert all(collection.article(i) is not None for i in others)
        assert ident in [r.id for r in collection.rows]  # and the rest of the list stands
    with Cache.open(str(path)) as cache:  # the next start reads its file again
        collection = open_collection(cache, [str(seeds_dir())])
        assert collection.article(ident) is not None
        check_consistent(cache)


def test_a_damaged_search_index_is_rebuilt_from_the_stored_rows(tmp_path: Path) -> None:
    from tui_reader.collection import open_collection

    path = _seeded(tmp_path)
    with Cache.open(str(path)) as cache:
        expected = open_collection(cache, [str(seeds_dir())]).select("ukraine")
    assert expected
    db = sqlite3.connect(path)
    db.execute("UPDATE articles_fts_data SET block = substr(block, 1, 20)"
               " || zeroblob(length(block) - 20) WHERE id > 10")
    db.commit()
    db.close()
    with Cache.open(str(path)) as cache:
        collection = open_collection(cache, [str(seeds_dir())])
        assert collection.select("ukraine") == expected  # not "database disk image is malformed"
        assert any("rebuilt" in note for note in cache.damage_notes)
        check_consistent(cache)


@pytest.mark.parametrize("command", ["index", "export"])
def test_index_waits_for_another_programs_write_lock_and_says_so(
        command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cache.sqlite3"
    with Cache.open(str(path)) as cache:
        sync(cache, [str(seeds_dir())], workers=0)
    pages = tmp_path / "pages"
    pages.mkdir()
    for seed in seeds_dir().glob("*.txt"):  # changed files: index has to write
        (pages / seed.name).write_text(seed.read_text() + "\nA new closing line.\n")
    monkeypatch.setattr("tui_reader.storage.cache.BUSY_TIMEOUT", 0.5)  # as 10 s, sooner
    monkeypatch.setattr(cli, "BUSY_RETRY", 0.2)
    locker = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('BEGIN IMMEDIATE')\nprint('locked', flush=True)\ntime.sleep(3)\n"
        "db.execute('COMMIT')\n"), str(path)], stdout=subprocess.PIPE, text=True)
    assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
    try:
        assert cli.main([command, "--cache", str(path), "--workers", "0", str(pages)]) == 0
    finally:
        locker.wait(timeout=30)
    out, err = capsys.readouterr()
    assert "write lock" in err and "waiting" in err and "Traceback" not in err
    if command == "export":
        assert len(out.splitlines()) == 8
    with Cache.open(str(path)) as cache:
        assert sum(cache.article(r.id).path.startswith(str(pages)) for r in cache.rows()) == 8


def test_a_disk_that_fills_while_indexing_stops_index_cleanly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """SQLITE_FULL in the middle of a batch (as a full disk gives): one line, status 2, and
    a consistent cache holding every article of every file it records."""
    path = tmp_path / "cache.sqlite3"
    pages = tmp_path / "pages"
    make_pages(pages, 0, 40)
    opened = Cache.open.__func__  # type: ignore[attr-defined]

    def nearly_full(cls: type[Cache], where: str | None = None) -> Cache:
        cache = opened(cls, where)
        pages_now = cache._db.execute("PRAGMA page_count").fetchone()[0]
        cache._db.execute(f"PRAGMA max_page_count = {pages_now + 6}")
        return cache  # type: ignore[no-any-return]

    monkeypatch.setattr(Cache, "open", classmethod(nearly_full))
    monkeypatch.setattr("tui_reader.ingest.BATCH_FILES", 4)
    status = cli.main(["index", "--cache", str(path), "--workers", "0", str(pages)])
    err = capsys.readouterr().err
    assert status == 2
    assert "full" in err and "Traceback" not in err and "rollback" not in err
    monkeypatch.undo()
    with Cache.open(str(path)) as cache:
        check_consistent(cache)
        recorded = set(cache.file_stamps())
        assert 0 < len(recorded) < 40
        assert {cache.article(r.id).path for r in cache.rows()} == recorded
    assert cli.main(["index", "--cache", str(path), "--workers", "0", str(pages)]) == 0
    with Cache.open(str(path)) as cache:  # with room again, index takes up the rest
        assert len(cache.rows()) == 40
        check_consistent(cache)
