"""The help screen: every key, what it does, and the filter syntax."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from .scrolling import scroll_now

#: The filter syntax, as shown on the help screen: (example, meaning).
FILTER_SYNTAX: tuple[tuple[str, str], ...] = (
    ("tianjin", "a word starting with or spelt like it (typos ok)"),
    ("summit tianjin", "several terms: all of them"),
    ("kyiv | kiev", "either term"),
    ("'tianjin", "the exact word"),
    ("^putin", "titles starting with the word"),
    ("!trump", "without the word (also !country:us)"),
    ("NATO", "a capital makes the term case-sensitive"),
    ("country:ireland", "mentions a country: name, variant (uk), ie or irl"),
    ("person:zelensky", "names a person (also org:, place:, source:)"),
    ('person:"keir starmer"', "quote values with spaces"),
    ("after:2025-04", "published on or after (also before:)"),
    ("is:unread", "read state (also is:read, is:starred)"),
)

#: A titled group of key bindings shown together.
Section = tuple[str, Sequence[Binding]]

#: Width of the key column.
KEY_WIDTH = 16


class HelpScreen(ModalScreen[None]):
    """A modal listing every key binding by section, plus the filter syntax."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close",
                tooltip="Close this help screen."),
        Binding("down,j", "scroll(1)", "Scroll down", id="help.down", show=False,
                tooltip="Scroll the help down."),
        Binding("up,k", "scroll(-1)", "Scroll up", id="help.up", show=False,
                tooltip="Scroll the help up."),
    ]

    def __init__(self, sections: Sequence[Section]) -> None:
        super().__init__()
        self.sections: Sequence[Section] = sections
        """The bindings to list, grouped under titles (this screen's own are added)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "newsreader — keys"
            body.border_subtitle = "Esc / q / ? to close"
            yield Static(self.render_help(), id="help-text")

    def entries(self) -> list[tuple[str, str, str]]:
        """Every (section, keys, description) the help lists, this screen's keys last."""
        own: Section = ("Help screen", [b for b in self.BINDINGS if isinstance(b, Binding)])
        return [
            (title, self.keys_display(binding), binding.tooltip or binding.description)
            for title, bindings in [*self.sections, own]
            for binding in bindings
        ]

    def render_help(self) -> Group:
        """Tables of keys by section, then the filter syntax; all plain, unmarked text."""
        parts: list[Text | Table] = []
        tables: dict[str, Table] = {}
        for title, keys, description in self.entries():
            if title not in tables:
                tables[title] = _table()
                parts += [Text(title, style="bold underline"), tables[title], Text()]
            tables[title].add_row(Text(keys, style="bold"), Text(description))
        syntax = _table()
        for example, meaning in FILTER_SYNTAX:
            syntax.add_row(Text(example, style="bold"), Text(meaning))
        parts += [Text("Filter syntax", style="bold underline"), syntax]
        parts.append(Text("Results are ranked: title matches first.", style="dim"))
        return Group(*parts)

    def keys_display(self, binding: Binding) -> str:
        """All keys of a binding as the user types them, e.g. `↓ j`."""
        keys = [key.strip() for key in binding.key.split(",")]
        shown = [
            self.app.get_key_display(dataclasses.replace(binding, key=key, key_display=None))
            for key in keys
        ]
        return " ".join(shown)

    def action_scroll(self, lines: int) -> None:
        """Scroll the help text by `lines` (negative: up)."""
        scroll_now(self.query_one("#help-body", VerticalScroll), lines)


def _table() -> Table:
    """A borderless two-column table: keys, then a description that wraps under itself."""
    table = Table.grid(padding=(0, 2))
    table.add_column(width=KEY_WIDTH, no_wrap=True)
    table.add_column(ratio=1)
    return table
