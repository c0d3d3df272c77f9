"""Read/starred marks: as the run shows them, and written behind the UI.

`SessionMarks` is the one place the app sets a mark: it holds every article's marks as
the filter and the list show them, and queues each change for the writer. The screen
shows a mark at once; `MarkWriter` writes it to the cache from its own thread.
While another process holds the cache's write lock (`newsreader index` from cron), the
writer keeps the marks in memory and tries again, waiting a little longer each time.
A mark is never dropped: it leaves the queue only once written, and `close` returns the
marks still unwritten for the caller to report.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal, NamedTuple, Protocol, TypeVar, get_args

from .article import ArticleMarks

_T = TypeVar("_T")

#: Pauses between two attempts while the cache cannot be written: the first, and the
#: longest it grows to (seconds).
FIRST_RETRY = 0.05
LONGEST_RETRY = 2.0
#: After failing this long (seconds), the writer says so (once, until a write succeeds).
TROUBLE_AFTER = 5.0
#: Longest wait (seconds) for the writer's thread to stop once closed.
STOP_WAIT = 1.0
#: What a mark sets: the cache's column of that name.
MarkKind = Literal["read", "starred"]
KINDS: tuple[MarkKind, ...] = get_args(MarkKind)


class Mark(NamedTuple):
    """One change of an article's read or starred mark."""

    ident: str
    kind: MarkKind
    value: bool
    at: float
    """When the user made it (`time.time()`)."""


#: Marks of an article that has none.
UNMARKED = ArticleMarks(read=False, starred=False)


class MarkStore(Protocol):
    """Where marks are written (`storage.Cache`)."""

    def write_marks(self, marks: Sequence[Mark]) -> None: ...

    def close(self) -> None: ...


def is_busy(error: BaseException) -> bool:
    """True for SQLite's "database is locked" (another connection holds the lock)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return isinstance(error, sqlite3.OperationalError) and "locked" in str(error)


def retry_while_busy(step: Callable[[], _T], *, pause: float,
                     cancelled: Callable[[], bool],
                     waiting: Callable[[BaseException], object]) -> _T:
    """Run `step`, again every `pause` seconds while another process holds the cache's
    write lock; `waiting(error)` is called at the first such failure. Once `cancelled()`,
    the last error is raised."""
    told = False
    while True:
        try:
            return step()
        except sqlite3.OperationalError as error:
            if not is_busy(error) or cancelled():
                raise
            if not told:
                told = True
                waiting(error)
            retry = time.monotonic() + pause
            while time.monotonic() < retry:
                if cancelled():
                    raise
                time.sleep(min(0.05, pause))


class MarkWriter:
    """Writes marks to the store `connect()` opens (in the writer's thread, on first use).

    `on_trouble(message)` is called (from the writer's thread) when writes have failed for
    `TROUBLE_AFTER` seconds, or at once for an error other than a lock; `on_recovered(n)`
    when the `n` marks waiting were written after that.
    """

    def __init__(
        self,
        connect: Callable[[], MarkStore],
        *,
        on_trouble: Callable[[str], object] | None = None,
        on_recovered: Callable[[int], object] | None = None,
    ) -> None:
        self._connect = connect
        self._on_trouble = on_trouble or (lambda message: None)
        self._on_recovered = on_recovered or (lambda count: None)
        self._pending: dict[tuple[str, str], Mark] = {}
        self._changed = threading.Condition()
        self._closing = False
        self._thread: threading.Thread | None = None
        self._store: MarkStore | None = None
        self.error: str | None = None
        """Why the last write failed (None once one succeeds)."""

    @property
    def pending(self) -> list[Mark]:
        """The marks not written yet, oldest first."""
        with self._changed:
            return sorted(self._pending.values(), key=lambda mark: mark.at)

    def put(self, ident: str, kind: MarkKind, value: bool) -> None:
        """Queue a mark (a newer mark of the same kind replaces one still queued)."""
        if kind not in KINDS:
            raise ValueError(f"not a mark: {kind!r}")
        with self._changed:
            self._pending[(ident, kind)] = Mark(ident, kind, value, time.time())
            if self._thread is None and not self._closing:
                self._thread = threading.Thread(target=self._run, name="newsreader-marks",
                                                daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def flush(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for every queued mark to be written; True if so."""
        deadline = time.monotonic() + timeout
        with self._changed:
            self._changed.notify_all()  # a writer pausing between attempts tries again now
            while self._pending and not self._closing:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
            return not self._pending

    def close(self, timeout: float) -> list[Mark]:
        """Write what is queued (waiting up to `timeout` seconds), stop the writer and
        return the marks that could not be written."""
        self.flush(timeout)
        with self._changed:
            self._closing = True
            self._changed.notify_all()
            thread = self._thread
        if thread is not None:  # idle, it stops at once; writing, within the store's wait
            thread.join(timeout=max(timeout, STOP_WAIT))
        with self._changed:
            unsaved = sorted(self._pending.values(), key=lambda mark: mark.at)
            store, self._store = self._store, None
        if store is not None and (thread is None or not thread.is_alive()):
            store.close()
        return unsaved

    def _run(self) -> None:
        """Write queued marks until closed, retrying with growing pauses while failing.
        An unexpected error is reported (the marks stay queued, for `close` to return)
        before it ends the thread."""
        try:
            self._write_until_closed()
        except BaseException as error:
            self.error = repr(error)
            self._on_trouble(f"Read/starred marks can no longer be saved ({error!r}).")
            raise

    def _write_until_closed(self) -> None:
        delay, failing_since, reported = FIRST_RETRY, 0.0, False
        while True:
            with self._changed:
                while not self._pending and not self._closing:
                    self._changed.wait()
                if self._closing:
                    return
                batch = list(self._pending.values())
            try:
                if self._store is None:
                    self._store = self._connect()
                self._store.write_marks(batch)
            except (sqlite3.Error, OSError, RuntimeError) as error:
                self.error = str(error) or type(error).__name__
                now = time.monotonic()
                failing_since = failing_since or now
                if not reported and (not is_busy(error) or now - failing_since
                                     >= TROUBLE_AFTER):
                    reported = True
                    self._on_trouble(self._trouble_message(error))
                with self._changed:
                    if not self._closing:
                        self._changed.wait(delay)
                delay = min(delay * 2, LONGEST_RETRY)
                continue
            with self._changed:
                for mark in batch:
                    if self._pending.get((mark.ident, mark.kind)) == mark:
                        del self._pending[(mark.ident, mark.kind)]
                self._changed.notify_all()
            self.error = None
            if reported:
                self._on_recovered(len(batch))
            delay, failing_since, reported = FIRST_RETRY, 0.0, False

    def _trouble_message(self, error: BaseException) -> str:
        with self._changed:
            count = len(self._pending)
        what = f"{count} read/starred mark{'s' if count != 1 else ''}"
        if is_busy(error):
            return (f"{what} not saved yet: another program holds the cache's write lock"
                    " (newsreader index?). Trying again until it is released.")
        return f"{what} not saved yet ({error}). Trying again."


class SessionMarks:
    """Every article's read/starred marks as this run shows them: those the cache held
    when the list was read, under those made in this run (which win: some may be queued
    still, others written after the list was read). Each change is queued for `writer`.

    `state` is replaced, never updated in place: a search thread may be iterating the old
    one (the filter's `is:` terms read it)."""

    def __init__(self, writer: MarkWriter) -> None:
        self._writer = writer
        self._made: dict[str, ArticleMarks] = {}
        self.state: Mapping[str, ArticleMarks] = {}
        """id -> its marks, for every article marked either way."""

    def of(self, ident: str) -> ArticleMarks:
        """The marks of article `ident`."""
        return self.state.get(ident, UNMARKED)

    def load(self, stored: Mapping[str, ArticleMarks]) -> Mapping[str, ArticleMarks]:
        """Take the marks the cache held when a new list was read; returns `state`."""
        self.state = {**stored, **self._made}
        return self.state

    def set(self, idents: Iterable[str], *, read: bool | None = None,
            starred: bool | None = None) -> Mapping[str, ArticleMarks]:
        """Mark the articles `idents` read or unread, starred or not (None: unchanged);
        returns the new `state`. The writes are queued, never waited for."""
        updates: dict[str, ArticleMarks] = {}
        for ident in idents:
            old = self.of(ident)
            updates[ident] = ArticleMarks(old.read if read is None else read,
                                          old.starred if starred is None else starred)
            if read is not None:
                self._writer.put(ident, "read", read)
            if starred is not None:
                self._writer.put(ident, "starred", starred)
        self._made.update(updates)
        self.state = {**self.state, **updates}
        return self.state
