"""The terminal driver: Textual's Linux/macOS driver, with three changes.

- Escape read together with the next key is not lost. Textual reads Escape followed
  within `ESCDELAY` by a character as that character with Alt ("alt+c"), or as the
  character alone ("/"), and the Escape is gone. A fast `Esc /` then types "/" into the
  filter instead of clearing it, and nothing in newsreader answers Alt. `KeyParser`
  reports Escape, then the key.
- The end of input (a pipe closed, a terminal hung up: EOF or EIO) ends the app:
  Textual's input thread would read the closed descriptor again and again (a busy loop).
- Writing to a terminal that has gone away (EIO, EPIPE) ends the app instead of killing
  Textual's output thread, which would leave the app blocked on a full output queue.
"""

from __future__ import annotations

import os
import selectors
import threading
from codecs import getincrementaldecoder
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TextIO

from textual import events
from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

if TYPE_CHECKING:
    from textual.app import App

ESCAPE = "\x1b"


class KeyParser(XTermParser):
    """Textual's xterm parser, except that Escape followed at once by a printable
    character is reported as Escape, then the character."""

    def _sequence_to_key_events(self, sequence: str, alt: bool = False
                                ) -> Iterable[events.Key]:
        if alt and len(sequence) == 1 and sequence.isprintable():
            yield events.Key("escape", ESCAPE)
            alt = False
        yield from super()._sequence_to_key_events(sequence, alt)


class _TerminalOutput:
    """The terminal's output stream; once a write fails, later ones are dropped."""

    def __init__(self, stream: TextIO, lost: Callable[[], None]) -> None:
        self._stream = stream
        self._lost = lost
        self._gone = False

    def write(self, text: str) -> int:
        if not self._gone:
            try:
                self._stream.write(text)
            except OSError:
                self._terminal_gone()
        return len(text)

    def flush(self) -> None:
        if not self._gone:
            try:
                self._stream.flush()
            except OSError:
                self._terminal_gone()

    def fileno(self) -> int:
        return self._stream.fileno()

    def _terminal_gone(self) -> None:
        self._gone = True
        self._lost()


class ReaderDriver(LinuxDriver):
    """`LinuxDriver` with `KeyParser`, ending the app when the terminal goes away."""

    class TerminalClosed(Message):
        """The terminal went away (input ended, or it can no longer be written)."""

    def __init__(
        self, app: App[object], *, debug: bool = False, mouse: bool = True,
        size: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        self._lost = threading.Event()
        if self._file is not None:  # None: no stderr at all (pythonw)
            self._file = _TerminalOutput(self._file, self._terminal_lost)  # type: ignore[assignment]

    def _terminal_lost(self) -> None:
        """Tell the app (once) that the terminal is gone."""
        if self._lost.is_set():
            return
        self._lost.set()
        try:
            self.send_message(self.TerminalClosed())
        except RuntimeError:  # the event loop has closed: the app is gone already
            return

    def run_input_thread(self) -> None:
        """Read keys until the app stops or the input ends (Textual's loop otherwise)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = KeyParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def process(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False
                    ) -> bool:
            """Feed what is ready to the parser; False once the input has ended."""
            for last, (_key, mask) in loop_last(ready):
                if mask & selectors.EVENT_READ:
                    try:
                        data = os.read(self.fileno, 1024 * 4)
                    except OSError:  # EIO: the terminal hung up
                        return False
                    if not data:  # end of file
                        return False
                    for event in parser.feed(decode(data, final=final and last)):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)
            return True

        try:
            while not self.exit_event.is_set():
                if not process(selector.select(0.1)):
                    self._terminal_lost()
                    return
            selector.unregister(self.fileno)
            process(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass
