"""Exports ask first: the question names the file, "y" writes it, any other key does not.

Export keys write files, so a stray one must not: keys meant for the filter can land on
the list (a burst typed while the app is busy), and a query holds "x" and "m" often
("proxy", "tax"). So, as newsboat asks before what it cannot undo, "x" and "m" ask "Write
N articles to PATH? y/n", and a "y" typed within `GRACE` of the question is typing, not
an answer: it cancels. File names never clash: a second export in the same second gets
"-2", and so on, the file created only if it does not exist (O_EXCL).
"""

from __future__ import annotations

import itertools
import os
import time
from typing import TextIO

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

#: Keys arriving sooner than this (seconds) after the question are typing, not answers.
GRACE = 0.3


def export_name(folder: str, stamp: str, suffix: str, number: int = 1) -> str:
    """The `number`th candidate name for an export made at `stamp`."""
    counter = "" if number == 1 else f"-{number}"
    return os.path.join(folder, f"newsreader-{stamp}{counter}{suffix}")


def free_export_name(folder: str, stamp: str, suffix: str) -> str:
    """The first candidate name not taken yet (to show; `create_export` makes sure)."""
    return next(path for number in itertools.count(1)
                if not os.path.lexists(path := export_name(folder, stamp, suffix, number)))


def create_export(folder: str, stamp: str, suffix: str) -> tuple[str, TextIO]:
    """Create a new export file (never an existing one); its path and the open file."""
    for number in itertools.count(1):
        path = export_name(folder, stamp, suffix, number)
        try:
            return path, open(path, "x", encoding="utf-8")
        except FileExistsError:
            continue
    raise AssertionError("unreachable")


def export_stamp() -> str:
    """The time part of an export's file name."""
    return time.strftime("%Y%m%d-%H%M%S")


class ExportPrompt(ModalScreen[bool]):
    """Asks whether to write an export (or to do another thing not undone at a key);
    dismissed with True for a deliberate "y"."""

    DEFAULT_CSS = """
    ExportPrompt {
        align: center bottom;
        background: $background 30%;
    }
    ExportPrompt > Static {
        width: 100%;
        height: auto;
        padding: 0 1;
        margin-bottom: 1;
        background: $panel;
        border-top: tall $warning;
    }
    """

    def __init__(self, question: str, verb: str = "write") -> None:
        super().__init__()
        self.question = question
        """What is asked, the destination included."""
        self.verb = verb
        """What "y" does, as the prompt says it."""
        self._asked = time.monotonic()

    def compose(self) -> ComposeResult:
        text = Text(self.question)
        text.append("   y", style="bold")
        text.append(f" {self.verb}   ", style="dim")
        text.append("any other key", style="bold")
        text.append(" cancel", style="dim")
        yield Static(text, id="export-question")

    def on_mount(self) -> None:
        self._asked = time.monotonic()

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        deliberate = time.monotonic() - self._asked >= GRACE
        self.dismiss(event.key == "y" and deliberate)
