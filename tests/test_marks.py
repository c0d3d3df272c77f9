"""The write-behind queue of read/starred marks: coalesced, retried while the cache is
locked, never dropped (what cannot be written is handed back)."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from tui_reader import marks as marks_module
from tui_reader.article import ArticleMarks
from tui_reader.marks import Mark, MarkWriter, SessionMarks, is_busy, retry_while_busy
from tui_reader.storage import Cache


class FlakyStore:
    """A store that is locked for its first `locked` writes, then records them."""

    def __init__(self, locked: int = 0, error: Exception | None = None) -> None:
        self.locked = locked
        self.error = error or sqlite3.OperationalError("database is locked")
        self.written: list[Mark] = []
        self.attempts = 0
        self.closed = False

    def write_marks(self, marks: Sequence[Mark]) -> None:
        self.attempts += 1
        if self.attempts <= self.locked:
            raise self.error
        self.written += marks

    def close(self) -> None:
        self.closed = True


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(marks_module, "FIRST_RETRY", 0.01)
    monkeypatch.setattr(marks_module, "LONGEST_RETRY", 0.02)
    monkeypatch.setattr(marks_module, "TROUBLE_AFTER", 0.1)


def test_marks_are_written_and_the_newest_of_a_kind_wins() -> None:
    store = FlakyStore()
    writer = MarkWriter(lambda: store)
    writer.put("a", "starred", True)
    assert writer.flush(5)
    writer.put("a", "read", True)
    writer.put("b", "starred", True)
    writer.put("b", "starred", False)
    assert writer.flush(5) and writer.pending == []
    assert [(m.ident, m.kind, m.value) for m in store.written][-1] == ("b", "starred", False)
    assert writer.close(1) == [] and store.closed


def test_a_locked_cache_is_retried_and_the_trouble_told_once() -> None:
    store = FlakyStore(locked=15)
    told: list[str] = []
    recovered = threading.Event()
    writer = MarkWriter(lambda: store, on_trouble=told.append,
                        on_recovered=lambda count: recovered.set())
    writer.put("a", "starred", True)
    assert writer.flush(5)
    assert store.attempts == 16 and [m.ident for m in store.written] == ["a"]
    assert len(told) == 1 and "write lock" in told[0]
    assert recovered.wait(5) and writer.error is None
    writer.close(1)


def test_other_errors_are_told_at_once_and_still_retried() -> None:
    store = FlakyStore(locked=3, error=sqlite3.OperationalError("disk I/O error"))
    told: list[str] = []
    writer = MarkWriter(lambda: store, on_trouble=told.append)
    writer.put("a", "read", True)
    assert writer.flush(5)
    assert told == ["1 read/starred mark not saved yet (disk I/O error). Trying again."]
    writer.close(1)


def test_what_cannot_be_written_is_handed_back_on_close() -> None:
    store = FlakyStore(locked=10**9)
    writer = MarkWriter(lambda: store)
    writer.put("a", "starred", True)
    writer.put("b", "read", True)
    started = time.monotonic()
    unsaved = writer.close(0.2)
    assert time.monotonic() - started < 2
    assert [(m.ident, m.kind) for m in unsaved] == [("a", "starred"), ("b", "read")]
    assert writer.error == "database is locked"


def test_a_second_connection_writes_marks_beside_the_app(tmp_path: Path) -> None:
    path = str(tmp_path / "cache.sqlite3")
    with Cache.open(path) as cache:
        store = Cache.for_marks(path, 0.1)
        writer = MarkWriter(lambda: store)
        writer.put("x1", "starred", True)
        assert writer.flush(5)
        assert cache.state() == {"x1": (False, True)}
        writer.close(1)


def failing(message: str) -> object:
    raise sqlite3.OperationalError(message)


def test_waiting_out_a_lock_and_giving_up_when_cancelled() -> None:
    calls: list[int] = []
    waited: list[BaseException] = []

    def step() -> object:
        calls.append(1)
        return failing("database is locked") if len(calls) < 3 else "done"

    assert retry_while_busy(step, pause=0.01, cancelled=lambda: False,
                            waiting=waited.append) == "done"
    assert len(calls) == 3 and len(waited) == 1 and is_busy(waited[0])
    with pytest.raises(sqlite3.OperationalError, match="locked"):  # the app is closing
        retry_while_busy(lambda: failing("database is locked"), pause=0.01,
                         cancelled=lambda: True, waiting=waited.append)
    with pytest.raises(sqlite3.OperationalError, match="no such table"):  # not a lock
        retry_while_busy(lambda: failing("no such table: x"), pause=0.01,
                         cancelled=lambda: False, waiting=waited.append)


# -- SessionMarks: the run's marks, the one place the app sets one ------------------------


def test_session_marks_change_what_they_are_told_and_queue_each_write() -> None:
    store = FlakyStore()
    writer = MarkWriter(lambda: store)
    marks = SessionMarks(writer)
    marks.load({"a": ArticleMarks(True, False), "b": ArticleMarks(False, True)})
    before = marks.state
    after = marks.set(["a", "c"], starred=True)
    assert after is marks.state and before is not after  # replaced: a search may read it
    assert before == {"a": (True, False), "b": (False, True)}
    assert after == {"a": (True, True), "b": (False, True), "c": (False, True)}
    assert marks.of("c") == (False, True) and marks.of("nowhere") == (False, False)
    marks.set(["b"], read=True)
    assert marks.of("b").read and marks.of("b").starred
    assert writer.flush(5)
    assert sorted((m.ident, m.kind, m.value) for m in store.written) == [
        ("a", "starred", True), ("b", "read", True), ("c", "starred", True)]
    assert writer.close(1) == []


def test_marks_made_in_the_run_win_over_a_list_read_from_the_cache_later() -> None:
    writer = MarkWriter(lambda: FlakyStore())
    marks = SessionMarks(writer)
    marks.load({})
    marks.set(["a"], read=True)
    marks.set(["b"], starred=True)
    marks.set(["b"], starred=False)  # unstarred again before the cache was read
    state = marks.load({"a": ArticleMarks(False, True), "b": ArticleMarks(False, True),
                        "c": ArticleMarks(True, False)})
    assert state == {"a": (True, False), "b": (False, False), "c": (True, False)}
    writer.close(1)
