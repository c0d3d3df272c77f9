"""What keeps the app alive and ends it cleanly, apart from what it shows.

`LifecycleApp`, the base of `NewsReaderApp`: a `Notice` from any thread becomes a
notification; quitting first writes the read/starred marks still queued (waiting at
most `QUIT_WAIT`); SIGHUP, SIGTERM and a terminal that went away quit the same way;
marks that could not be written are reported on stderr once the terminal is restored.
Marks are written by their own connection (`open_mark_store`). (A failed worker is
reported by the screen that started it: `MainScreen.on_worker_state_changed`.)
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import SuspendNotSupported
from textual.driver import Driver

from ..article import ListRow
from ..marks import Mark, MarkStore, MarkWriter
from ..sanitize import printable
from ..storage import Cache
from .keys import SerialKeysApp
from .messages import Notice

if TYPE_CHECKING:
    from .terminal import ReaderDriver

#: Signals that end the app: a hung-up terminal (a dropped SSH connection), a polite kill.
QUIT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGHUP", "SIGTERM")
                     if hasattr(signal, name))
#: On quit, the longest wait (seconds) for the read/starred marks still queued to be
#: written (another process may hold the cache's write lock); those left are reported.
QUIT_WAIT = 3.0
#: Longest wait (seconds) of one write of marks for another process's write lock: the
#: writer tries again after a pause, so a lock held long never holds a thread long.
MARK_WAIT = 0.2


def catch_signals(handler: Callable[[int], object]) -> Callable[[], None]:
    """Call `handler(signum)` in the running event loop on SIGHUP and SIGTERM; returns a
    function that puts the previous handlers back. Only the main thread gets signals: in
    any other, nothing is installed."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    loop = asyncio.get_running_loop()
    previous = {signum: signal.getsignal(signum) for signum in QUIT_SIGNALS}
    for signum in QUIT_SIGNALS:
        loop.add_signal_handler(signum, handler, signum)

    def restore() -> None:
        for signum, old in previous.items():
            loop.remove_signal_handler(signum)
            if old is not None:  # None: set outside Python, nothing to put back
                signal.signal(signum, old)

    return restore


class _Shared:
    """The app's own cache as a mark store (an in-memory cache has no second
    connection); closing it is the app's business."""

    def __init__(self, cache: Cache) -> None:
        self._cache = cache

    def write_marks(self, marks: Sequence[Mark]) -> None:
        self._cache.write_marks(marks)

    def close(self) -> None:
        return None


def open_mark_store(cache: Cache) -> MarkStore:
    """A connection to `cache`'s file for the mark writer's thread (see `MARK_WAIT`)."""
    if cache.path == ":memory:":
        return _Shared(cache)
    return Cache.for_marks(cache.path, MARK_WAIT)


def unsaved_report(marks: Sequence[Mark], titles: Mapping[str, str], reason: str | None
                   ) -> str | None:
    """Lines for stderr naming the marks that could not be written, None if none."""
    if not marks:
        return None
    count = len(marks)
    lines = [f"newsreader: {count} read/starred mark{'s' if count != 1 else ''} could not be"
             f" saved ({printable(reason or 'the cache could not be written')});"
             " mark them again:"]
    for mark in marks:
        change = {("read", True): "read", ("read", False): "unread",
                  ("starred", True): "starred", ("starred", False): "unstarred"}
        title = printable(titles.get(mark.ident, "") or "(untitled)")
        lines.append(f"  {change[(mark.kind, mark.value)]}: {title} [{mark.ident}]")
    return "\n".join(lines)


class LifecycleApp(SerialKeysApp):
    """An app that quits only once its marks are written (see the module's docstring),
    its keys handled in order (`SerialKeysApp`). Subclasses set `marks` and give
    `rows`."""

    marks: MarkWriter

    @property
    def rows(self) -> Sequence[ListRow]:
        """The articles listed (their titles name the marks that could not be saved)."""
        return []

    def __init__(self) -> None:
        super().__init__()
        self._unsaved: list[Mark] = []
        self._quit_flushed = False
        self._quitting = False
        self._restore_signals: Callable[[], None] = lambda: None

    def on_notice(self, event: Notice) -> None:
        """Show a notice posted from another thread."""
        self.notify(event.text, severity=event.severity, timeout=event.timeout, markup=False)

    def catch_quit_signals(self) -> None:
        """From now on, SIGHUP and SIGTERM quit as "q" does (call from `on_mount`)."""
        self._restore_signals = catch_signals(lambda signum: self.call_later(self.action_quit))

    def close_marks(self) -> None:
        """Stop catching signals, write the marks still queued (if quitting did not wait
        for them already) and keep those that could not be for `unsaved_report`."""
        restore, self._restore_signals = self._restore_signals, lambda: None
        restore()
        self._unsaved = self.marks.close(0 if self._quit_flushed else QUIT_WAIT)

    async def action_quit(self) -> None:
        """Quit, once the read/starred marks still queued are written (waiting at most
        `QUIT_WAIT` seconds; those left are reported when the app has closed). Keys
        typed from now on are dropped (`_route`)."""
        self._quitting = True
        if self.marks.pending:
            self.notify("Saving read/starred marks…", timeout=QUIT_WAIT, markup=False)
            await asyncio.to_thread(self.marks.flush, QUIT_WAIT)
        self._quit_flushed = True
        # After the callbacks already queued for after the next refresh (a quit typed as
        # the app starts would otherwise stop it before they run, and they would raise).
        self.call_after_refresh(self.exit)

    async def _route(self, key: events.Key) -> None:
        """Route `key`, unless the app is quitting: a key typed after "q" ("r" within
        80 ms) would open or act on screens being taken down, and raise."""
        if not self._quitting:
            await super()._route(key)

    def action_suspend(self) -> None:
        """Stop the app and give the terminal back to the shell; `fg` resumes it (the
        terminal is set up again and the screen redrawn). Where the terminal cannot
        (Windows, a browser, tests) it says so."""
        stop = getattr(signal, "SIGSTOP", None)
        try:
            if stop is None:
                raise SuspendNotSupported("no job control here")
            with self.suspend():
                os.kill(os.getpid(), stop)  # the shell's job control takes over until fg
        except SuspendNotSupported:
            self.notify("Suspending is not supported here.", severity="warning", timeout=3,
                        markup=False)

    def on_reader_driver_terminal_closed(self, event: ReaderDriver.TerminalClosed) -> None:
        """The terminal went away (a dropped connection): quit as "q" does."""
        self.call_later(self.action_quit)

    def unsaved_report(self) -> str | None:
        """What to tell the user about marks that could not be written, if any."""
        titles = {row.id: row.title for row in self.rows}
        return unsaved_report(self._unsaved, titles, self.marks.error)

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Run the app; then report on stderr the marks that could not be saved."""
        result = super().run(*args, **kwargs)
        report = self.unsaved_report()
        if report:
            with contextlib.suppress(OSError):  # the terminal is gone: nowhere to say it
                print(report, file=sys.stderr)
        return result

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, with `ReaderDriver` in place of the Linux/macOS one."""
        driver = super().get_driver_class()
        if driver.__module__ != "textual.drivers.linux_driver":
            return driver
        from .terminal import ReaderDriver  # imports termios: not on Windows

        return ReaderDriver
