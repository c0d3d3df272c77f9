"""The app under faults: a cache locked by another process, failing workers, keys that
arrive in bursts, folders sharing one cache, signals and a terminal that goes away.

Issue #11 points 3, 5, 6, 7 and the export part of 8."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from apphelp import export_with, notices, screen_text, seeds_app, settle, type_filter
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from tui_reader import storage
from tui_reader.ingest import sync
from tui_reader.resources import seeds_dir
from tui_reader.storage import Cache
from tui_reader.ui import app as app_module
from tui_reader.ui import lifecycle
from tui_reader.ui.app import NewsReaderApp

WIDE = (160, 45)
#: Longest wait for a real process or a background write (a bound, not a timing test).
WAIT_SECONDS = 30.0
#: Seconds the other process holds the write lock: longer than the busy timeout.
LOCK_SECONDS = 15.0
#: Longest a key may take to be answered while the cache is locked (the busy timeout,
#: which a key that waited for the lock would take, is 10 s).
ANSWER_SECONDS = 2.0

#: Another process holding the cache's write lock (as `newsreader index` from cron does).
LOCKER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('locker', 'was here')")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
"""


def lock_cache(path: Path, seconds: float) -> subprocess.Popen[str]:
    """Start a process holding `path`'s write lock for `seconds`; return once it holds it."""
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(path), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert locker.stdout is not None
    assert locker.stdout.readline().strip() == "locked"
    return locker


def marks_on_disk(path: Path) -> dict[str, tuple[bool, bool]]:
    """id -> (read, starred) as stored in the cache file."""
    db = sqlite3.connect(path)
    try:
        return {ident: (bool(read), bool(starred)) for ident, read, starred
                in db.execute("SELECT id, read, starred FROM state")}
    finally:
        db.close()


async def timed_press(pilot: Pilot[None], *keys: str) -> float:
    """Press `keys` and let the screen catch up; the seconds that took."""
    started = time.monotonic()
    await pilot.press(*keys)
    await pilot.pause()
    return time.monotonic() - started


async def wait_until(pilot: Pilot[None], done: object, what: str) -> None:
    """Let the app run until `done()` is true (a bound on waiting, not a timing test)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not done():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"never: {what}"
        await pilot.pause(0.05)


# -- a cache locked by another process (point 3) ----------------------------------


async def test_a_locked_cache_never_freezes_the_app_and_every_mark_reaches_disk(
        private_cache: Path) -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(app, pilot)
        locker = lock_cache(private_cache, LOCK_SECONDS)
        try:
            first, second = app.main_screen.visible_articles[0], app.main_screen.visible_articles[1]
            # Star: the star shows at once, though the cache cannot be written.
            assert await timed_press(pilot, "s") < ANSWER_SECONDS
            assert f"★ {first.title[:20]}" in screen_text(app)
            # Open another article: it is read (readers are not blocked) and marked read.
            assert await timed_press(pilot, "j", "enter") < ANSWER_SECONDS
            await settle(app, pilot)
            shown = app.main_screen.reader.article
            assert shown is not None and shown.id == second.id
            assert await timed_press(pilot, "escape") < ANSWER_SECONDS
            # Filter: the list changes while the lock is still held.
            started = time.monotonic()
            await type_filter(app, pilot, "is:starred")
            assert time.monotonic() - started < ANSWER_SECONDS
            assert [row.id for row in app.main_screen.visible_articles] == [first.id]
            await pilot.press("escape")
            await type_filter(app, pilot, "is:read")
            assert [row.id for row in app.main_screen.visible_articles] == [second.id]
            assert locker.poll() is None, "the lock was released before the keys were done"
            assert app.return_code is None
            assert app.marks_pending == 2  # shown, not yet written
        finally:
            locker.wait(timeout=WAIT_SECONDS)
        await wait_until(pilot, lambda: app.marks_pending == 0, "the marks were written")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: app.return_code is not None, "the app quit")
    assert app.return_code == 0
    assert app.unsaved_report() is None
    marks = marks_on_disk(private_cache)
    assert marks[first.id] == (False, True)
    assert marks[second.id] == (True, False)


async def test_marks_that_cannot_be_written_by_quit_time_are_reported(
        private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lifecycle, "QUIT_WAIT", 0.5)
    app = seeds_app()
    locker = None
    try:
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await settle(app, pilot)
            title = app.main_screen.visible_articles[0].title
            locker = lock_cache(private_cache, WAIT_SECONDS)
            await pilot.press("s", "q")
            await wait_until(pilot, lambda: app.return_code is not None, "the app quit")
    finally:
        if locker is not None:
            locker.kill()
            locker.wait()
    report = app.unsaved_report()
    assert report is not None
    assert "1 read/starred mark could not be saved (database is locked)" in report
    assert f"starred: {title}" in report


async def test_the_cache_is_opened_off_the_ui_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache that takes a while to open (a lock wait, a check) leaves the screen drawn."""
    opened = Cache.open.__func__  # type: ignore[attr-defined]

    def slow_open(cls: type[Cache], path: str | None = None) -> Cache:
        time.sleep(1.5)
        return opened(cls, path)

    monkeypatch.setattr(Cache, "open", classmethod(slow_open))
    started = time.monotonic()
    app = seeds_app()
    assert time.monotonic() - started < 1.0
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert time.monotonic() - started < 1.4, "the cache was opened on the UI thread"
        assert "Loading" in screen_text(app)
        await settle(app, pilot)
        assert len(app.main_screen.visible_articles) == 7


async def test_a_slow_article_shows_loading_and_keys_are_answered_meanwhile(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading an article (a cold disk, a busy cache) never holds up the keys."""
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        read = Cache.article

        def slow(self: Cache, *args: object, **kwargs: object) -> object:
            time.sleep(0.6)
            return read(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Cache, "article", slow)
        rows = app.main_screen.visible_articles
        assert await timed_press(pilot, "j") < 0.4
        await pilot.pause(0.1)
        assert "Loading…" in screen_text(app)
        assert await timed_press(pilot, "j") < 0.4  # the cursor moves on meanwhile
        assert app.main_screen.article_list.cursor == 2
        await settle(app, pilot)
        shown = app.main_screen.reader.article
        assert shown is not None and shown.id == rows[2].id
        assert "Loading…" not in screen_text(app)


def test_every_worker_reports_its_failure_instead_of_ending_the_app() -> None:
    """Textual ends the app when a worker raises, unless `exit_on_error=False`."""
    import ast

    workers = 0
    for path in sorted(Path(app_module.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "work":
                workers += 1
                keywords = {k.arg: k.value for k in node.keywords}
                assert "exit_on_error" in keywords, f"{path.name}:{node.lineno}"
                assert isinstance(keywords["exit_on_error"], ast.Constant)
                assert keywords["exit_on_error"].value is False, f"{path.name}:{node.lineno}"
    assert workers >= 10  # the main screen's, in the modules it is made of


async def test_a_failing_worker_is_reported_and_the_app_keeps_running(
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(app, pilot)

        def broken(self: Cache, *args: object, **kwargs: object) -> None:
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(Cache, "article", broken)
        await pilot.press("j", "enter")
        await settle(app, pilot, failures_ok=True)
        assert app.return_code is None
        assert "disk I/O error" in notices(app)
        monkeypatch.undo()
        await pilot.press("escape", "k", "enter")  # the app still answers, and reads
        await settle(app, pilot)
        assert app.main_screen.reader.article is not None
        assert app.main_screen.reader.article.id == app.main_screen.visible_articles[0].id


async def test_a_failing_index_is_reported_and_the_cached_list_stays(
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = seeds_app()
    async with first.run_test(size=WIDE) as pilot:  # fills the cache
        await settle(first, pilot)

    def broken(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr("tui_reader.ingest.sync", broken)
    app = seeds_app()
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await wait_until(pilot, lambda: "database is locked" in notices(app),
                         "the failure was reported")
        await pilot.pause()
        assert app.return_code is None
        assert len(app.main_screen.visible_articles) == 7  # what the cache holds is listed


# -- folders sharing one cache (point 5) --------------------------------------------


@pytest.fixture
def two_folders(tmp_path: Path, private_cache: Path) -> tuple[Path, Path]:
    """The seeds split in two folders, indexed together into the test's cache: A holds
    AP's report of a story, B Al Jazeera's report of the same story."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for page in sorted(seeds_dir().iterdir()):
        shutil.copy(page, (b if page.name.startswith("002_") else a) / page.name)
    with Cache.open(str(private_cache)) as cache:
        sync(cache, [str(a), str(b)], workers=0)
    return a, b


async def test_similar_stories_never_reach_outside_the_opened_paths(
        two_folders: tuple[Path, Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    a, _ = two_folders
    monkeypatch.setenv("NEWSREADER_EXPORT_DIR", str(tmp_path))
    app = NewsReaderApp([str(a)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        ids = {row.id for row in app.main_screen.articles}
        row = next(r for r in app.main_screen.visible_articles if r.source == "AP/ABC")
        assert app.main_screen.article(row.id).similar == []
        await type_filter(app, pilot, "orthodox")  # only in AP's report
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        shown = app.main_screen.reader.article
        assert shown is not None and shown.id == row.id
        await pilot.press("G")
        await pilot.pause()
        assert "Similar stor" not in screen_text(app)
        assert "AlJazeera" not in screen_text(app)
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert app.main_screen.reader.article.id == row.id
        similar, related = app.main_screen.related_to(app.main_screen.reader.article)
        assert similar == [] and {r.id for r, _ in related} <= ids
        await pilot.press("escape", "escape")
        path = await export_with(app, pilot, "orthodox", "x")
        [record] = [json.loads(line) for line in path.read_text().splitlines()]
        assert record["id"] == row.id and record["similar"] == []


# -- keys arriving in a burst (point 6) ------------------------------------------


def burst(app: NewsReaderApp, *keys: str) -> None:
    """Post keys in one go, as a terminal delivers keys typed while the app is busy."""
    names = {"/": "slash", "\x1b": "escape", "\r": "enter", "\t": "tab"}
    for key in keys:
        app.post_message(events.Key(names.get(key, key), key))


async def in_filter(app: NewsReaderApp, pilot: Pilot[None], query: str) -> None:
    """Type `query` into the filter, leaving the focus there."""
    await type_filter(app, pilot, query)
    assert isinstance(app.focused, Input)


async def assert_typed_into_the_filter(app: NewsReaderApp, pilot: Pilot[None],
                                       expected: str) -> None:
    """The keys after the burst ("co") went to the filter: nothing copied, nor sorted."""
    await settle(app, pilot)
    assert app.focused is app.main_screen.filter_bar.input, f"focus went to {app.focused!r}"
    await pilot.press("c", "o")
    await settle(app, pilot)
    assert app.main_screen.filter_bar.input.value == expected
    assert app.clipboard == "" and app.main_screen.sort == "relevance"
    assert app.focused is app.main_screen.filter_bar.input


async def test_escape_then_slash_in_one_burst_starts_a_new_filter() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await in_filter(app, pilot, "tianjin")
        burst(app, "\x1b", "/")
        await assert_typed_into_the_filter(app, pilot, "co")


async def test_enter_then_slash_in_one_burst_goes_back_to_the_filter() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await in_filter(app, pilot, "ukraine")
        burst(app, "\r", "/")
        await assert_typed_into_the_filter(app, pilot, "co")  # "/" selects the old query


async def test_slash_right_after_opening_an_article_keeps_the_filter_focused() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        burst(app, "\r", "/")  # Enter on the list opens the article
        await assert_typed_into_the_filter(app, pilot, "co")
        assert app.main_screen.reader.article is not None  # and the article was still opened


async def test_slash_right_after_leaving_the_reader_keeps_the_filter_focused() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.focused is app.main_screen.reader
        burst(app, "\x1b", "/")
        await assert_typed_into_the_filter(app, pilot, "co")


async def test_slash_right_after_tab_keeps_the_filter_focused() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        burst(app, "\t", "/")
        await assert_typed_into_the_filter(app, pilot, "co")


async def test_keys_in_a_burst_are_handled_in_the_order_typed() -> None:
    """A key runs only once the one before it has: "j" then Enter opens the second
    article (not the first, with the cursor moving after); a "j" after Enter is the
    reader's, not the list's."""
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        rows = app.main_screen.visible_articles
        burst(app, "j", "\r", "j")
        await settle(app, pilot)
        shown = app.main_screen.reader.article
        assert shown is not None and shown.id == rows[1].id
        assert app.focused is app.main_screen.reader and app.main_screen.article_list.cursor == 1
        await wait_until(pilot, lambda: app.marks_pending == 0, "the mark was written")
        assert app.cache.state() == {rows[1].id: (True, False)}


@pytest.mark.parametrize(("data", "keys"), [
    ("\x1b/", ["escape", "slash"]),  # Textual: "slash" alone, the Escape lost
    ("\x1bc", ["escape", "c"]),  # Textual: "alt+c", which nothing answers
    ("\x1b\x1b/q", ["escape", "escape", "slash", "q"]),
    ("\x1b[A", ["up"]),  # escape sequences are still read as such
    ("\x1b\x7f", ["ctrl+w"]),  # and so are control keys after Escape
])
def test_escape_read_together_with_the_next_key_is_not_lost(data: str, keys: list[str]
                                                             ) -> None:
    from tui_reader.ui.terminal import KeyParser

    parser = KeyParser()
    found = [event.key for event in parser.feed(data)]
    time.sleep(0.2)  # past the escape delay
    found += [event.key for event in parser.tick()]
    assert found == keys


# -- exports: a deliberate key, and never a clash (points 6 and 8) -----------------


async def test_export_asks_first_and_says_where_the_file_goes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSREADER_EXPORT_DIR", str(tmp_path))
    app = seeds_app()
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert "newsreader-" in screen_text(app) and str(tmp_path) in screen_text(app)
        await pilot.pause(0.5)
        await pilot.press("n")  # any key but y cancels
        await settle(app, pilot)
        assert list(tmp_path.iterdir()) == []
        path = await export_with(app, pilot, "", "m")
        assert path.parent == tmp_path and path.suffix == ".md"
        assert str(path) in notices(app)


async def test_export_keys_typed_in_a_burst_write_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"x" then "y" typed at typing speed (a query landing on the list) is not a yes."""
    monkeypatch.setenv("NEWSREADER_EXPORT_DIR", str(tmp_path))
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        for query in ("proxy", "xylem", "tax\r"):
            burst(app, *query)
            await settle(app, pilot)
            await pilot.press("escape")
            await settle(app, pilot)
        assert list(tmp_path.iterdir()) == []


async def test_two_exports_in_one_second_write_two_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSREADER_EXPORT_DIR", str(tmp_path))
    monkeypatch.setattr(time, "strftime", lambda *args: "20250101-120000")
    app = seeds_app()
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        one = await export_with(app, pilot, "ukraine", "x")
        await pilot.press("escape")
        two = await export_with(app, pilot, "ukraine", "x")
        assert one != two and one.exists() and two.exists()
        assert one.read_text() == two.read_text()
        assert "File exists" not in notices(app) and str(two) in notices(app)


# -- signals and a terminal that goes away (point 7) --------------------------------


APP_SCRIPT = "import sys; from tui_reader.cli import main; sys.exit(main(sys.argv[1:]))"
#: The app without the command line (which refuses input that is not a terminal).
BARE_APP_SCRIPT = ("import sys; from tui_reader.ui.app import NewsReaderApp;"
                   " NewsReaderApp(sys.argv[3:], cache_path=sys.argv[2]).run()")


class PtyApp:
    """The app in a child process on a pseudo-terminal, as a user's shell runs it."""

    def __init__(self, cache: Path, *, stdin_pipe: bool = False) -> None:
        import pty

        self.master, slave = pty.openpty()
        os.set_blocking(self.master, False)
        env = {**os.environ, "TERM": "xterm-256color", "NEWSREADER_CACHE": str(cache)}
        env.pop("TEXTUAL_DRIVER", None)
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        script = BARE_APP_SCRIPT if stdin_pipe else APP_SCRIPT
        self.process = subprocess.Popen(
            [sys.executable, "-c", script, "--cache", str(cache), str(seeds_dir())],
            stdin=subprocess.PIPE if stdin_pipe else slave, stdout=slave, stderr=slave,
            env=env, start_new_session=True)
        os.close(slave)
        self.output = b""

    def read(self) -> bytes:
        """What the app wrote so far."""
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except (BlockingIOError, OSError):
                return self.output
            if not chunk:
                return self.output
            self.output += chunk

    def wait_for(self, text: bytes) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while text not in self.read():
            assert self.process.poll() is None, self.output.decode(errors="replace")[-2000:]
            assert time.monotonic() < deadline, f"{text!r} never showed"
            time.sleep(0.05)

    def send(self, keys: bytes) -> None:
        if self.process.stdin is not None:
            self.process.stdin.write(keys)
            self.process.stdin.flush()
        else:
            os.write(self.master, keys)

    def wait(self, seconds: float) -> int:
        """The exit status, once the process ended within `seconds`."""
        deadline = time.monotonic() + seconds
        while self.process.poll() is None:
            self.read()
            assert time.monotonic() < deadline, "the app is still running"
            time.sleep(0.05)
        self.read()
        return self.process.returncode

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


@pytest.fixture
def pty_app(tmp_path: Path) -> Iterator[tuple[PtyApp, Path]]:
    cache = tmp_path / "cache.sqlite3"
    app = PtyApp(cache)
    yield app, cache
    app.close()


def starred_ids(cache: Path) -> set[str]:
    return {ident for ident, (_, starred) in marks_on_disk(cache).items() if starred}


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_a_signal_ends_the_app_cleanly_with_the_marks_saved(
        pty_app: tuple[PtyApp, Path], signum: int) -> None:
    app, cache = pty_app
    app.wait_for(b"8 articles")
    app.send(b"s")
    app.wait_for("★".encode())
    app.process.send_signal(signum)
    assert app.wait(10) == 0
    assert len(starred_ids(cache)) == 1
    tail = app.output[app.output.rindex("★".encode()):]
    assert b"\x1b[?1049l" in tail  # the alternate screen is left
    assert b"\x1b[?1000l" in tail  # mouse reporting is off
    assert b"Traceback" not in app.output


def test_a_hung_up_terminal_ends_the_app_with_the_marks_saved(tmp_path: Path) -> None:
    """The terminal closes (a dropped SSH connection): reading it fails with EIO."""
    cache = tmp_path / "cache.sqlite3"
    app = PtyApp(cache)
    try:
        app.wait_for(b"8 articles")
        app.send(b"s")
        app.wait_for("★".encode())
        os.close(app.master)
        app.master = os.open(os.devnull, os.O_RDONLY)  # for close()
        assert app.wait(10) in (0, -signal.SIGHUP)
        assert len(starred_ids(cache)) == 1
    finally:
        app.close()


def test_end_of_input_ends_the_app_instead_of_spinning(tmp_path: Path) -> None:
    """Input from a pipe that closes (SSH without a pty, connection dropped). The command
    line refuses such input; the app run otherwise must still end, not spin."""
    cache = tmp_path / "cache.sqlite3"
    app = PtyApp(cache, stdin_pipe=True)
    try:
        app.wait_for(b"8 articles")
        app.send(b"s")
        app.wait_for("★".encode())
        assert app.process.stdin is not None
        app.process.stdin.close()
        assert app.wait(10) == 0
        assert len(starred_ids(cache)) == 1
    finally:
        app.close()


def test_storage_busy_timeout_is_longer_than_a_frame() -> None:
    """The premise of the lock tests: a write on the UI thread would wait this long."""
    assert storage.BUSY_TIMEOUT > ANSWER_SECONDS


# -- damage that quick_check does not see (issue #14) ----------------------------------


async def test_a_damaged_stored_body_is_reported_and_the_app_goes_on(
        private_cache: Path) -> None:
    with Cache.open(str(private_cache)) as cache:
        sync(cache, [str(seeds_dir())], workers=0)
    db = sqlite3.connect(private_cache)
    for rowid, blob in db.execute("SELECT rowid, text FROM bodies").fetchall():
        flipped = bytearray(blob)
        flipped[len(flipped) // 2] ^= 0xFF
        db.execute("UPDATE bodies SET text = ? WHERE rowid = ?", (bytes(flipped), rowid))
    db.commit()
    db.close()
    app = seeds_app()
    told: list[str] = []
    notify = app.notify

    def record(message: str, **kwargs: object) -> None:
        told.append(message)
        notify(message, **kwargs)  # type: ignore[arg-type]

    app.notify = record  # type: ignore[method-assign]
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        # The first article is read (and found damaged) as soon as the list shows; its
        # file is then read again by the indexing still under way, which may repair it.
        await wait_until(pilot, lambda: any("damaged" in m for m in told),
                         "the damage was reported")
        assert app.return_code is None
        await pilot.press("escape", "j", "enter")  # the app still answers
        await settle(app, pilot)
        assert app.return_code is None


@pytest.mark.parametrize("where", ["folder", "devnull", "fifo", "another_program",
                                   "a_text_file", "read_only_copy"])
async def test_an_unusable_cache_opens_the_app_in_memory_and_says_so(
        tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "cache.sqlite3"
    if where == "folder":
        target.mkdir()
    elif where == "devnull":
        target = Path("/dev/null")
    elif where == "fifo":
        os.mkfifo(target)
    elif where == "a_text_file":
        target.write_text("my notes\n" * 50)
    elif where == "another_program":
        with sqlite3.connect(target) as db:
            db.execute("CREATE TABLE bookmarks(url TEXT)")
        db.close()
    else:  # a cache that can be read, not written (as on a read-only file system)
        with Cache.open(str(target)) as cache:
            sync(cache, [str(seeds_dir())], workers=0)
            cache.set_starred(cache.rows()[0].id)
        opened = Cache.open.__func__  # type: ignore[attr-defined]

        def read_only(cls: type[Cache], path: str | None = None) -> Cache:
            if path == str(target):
                raise storage.CacheUnusable(path, "it cannot be created or written there")
            return opened(cls, path)  # type: ignore[no-any-return]

        monkeypatch.setattr(Cache, "open", classmethod(read_only))
    before = target.read_bytes() if target.is_file() else None
    app = NewsReaderApp([str(seeds_dir())], cache_path=str(target))
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(app, pilot)
        assert len(app.main_screen.visible_articles) == 7
        assert "in memory" in notices(app) and str(target) in notices(app)
        if where == "read_only_copy":
            assert "copy of it" in notices(app) and "★" in screen_text(app)
        await pilot.press("s")  # a mark is taken, in memory
        await settle(app, pilot)
        assert app.return_code is None
    if before is not None:
        assert target.read_bytes() == before  # nothing was written there


async def test_a_loading_notice_that_fires_as_the_article_arrives_never_hides_it() -> None:
    """Under load the "Loading…" timer can fire (its callback queued) just before the
    article arrives and stops it: the article must stay on show."""
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        article = app.main_screen.article(app.main_screen.visible_articles[0].id)
        assert article is not None
        app.main_screen.reader.expect()
        fired = app.main_screen.reader._show_loading  # the callback the timer had already queued
        app.main_screen.reader.show(article)
        fired()
        await pilot.pause()
        shown = app.main_screen.reader.article
        assert shown is not None and shown.id == article.id
        assert "Loading…" not in screen_text(app)


async def test_q_q_in_one_burst_from_the_reader_goes_back_then_quits() -> None:
    """"q" in the reader is a priority key that goes back to the list: a second "q" typed
    right behind it must find the list, and quit, as in newsboat."""
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.focused is app.main_screen.reader
        burst(app, "q", "q")
        await wait_until(pilot, lambda: not app.is_running, "the app quit")
