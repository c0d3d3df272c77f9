"""The help screen: every key, what it does, and the filter syntax."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
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
#: Width of the binding id column (the name a config file remaps a key by).
ID_WIDTH = 24


class HelpScreen(ModalScreen[None]):
    """A modal listing every key binding by section, plus the filter syntax."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close",
                tooltip="Close this help screen."),
        Binding("down,j", "scroll(1)", "Scroll down", id="help.down", show=False,
                tooltip="Scroll the help down."),
        Binding("up,k", "scroll(-1)", "Scroll up", id="help.up", show=False,
                tooltip="Scroll the help up."),
        Binding("space,pagedown", "page(1)", "Page down", id="help.page_down", show=False,
                tooltip="Scroll the help down one screen."),
        Binding("b,pageup", "page(-1)", "Page up", id="help.page_up", show=False,
                tooltip="Scroll the help up one screen."),
        Binding("ctrl+d", "half_page(1)", "Half page down", id="help.half_page_down",
                show=False, tooltip="Scroll the help down half a screen."),
        Binding("ctrl+u", "half_page(-1)", "Half page up", id="help.half_page_up",
                show=False, tooltip="Scroll the help up half a screen."),
        Binding("home,g", "top", "Top", id="help.top", show=False,
                tooltip="Go to the start of the help."),
        Binding("end,G", "bottom", "Bottom", id="help.bottom", show=False,
                tooltip="Go to the end of the help (the filter syntax)."),
    ]

    def __init__(self, sections: Sequence[Section], keymap: Mapping[str, str] | None = None
                 ) -> None:
        super().__init__()
        self.sections: Sequence[Section] = sections
        """The bindings to list, grouped under titles (this screen's own are added)."""
        self.keymap: Mapping[str, str] = dict(keymap or {})
        """Binding id -> the keys the user's config gives it (listed instead of the
        default keys)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "newsreader — keys"
            body.border_subtitle = "Esc / q / ? to close"
            yield Static(self.render_help(), id="help-text")

    def entries(self) -> list[tuple[str, str, str, str]]:
        """Every (section, keys, description, binding id) the help lists, this screen's
        keys last; the keys as the user's config remaps them."""
        own: Section = ("Help screen", [b for b in self.BINDINGS if isinstance(b, Binding)])
        return [
            (title, self.keys_display(binding), binding.tooltip or binding.description,
             binding.id or "")
            for title, bindings in [*self.sections, own]
            for binding in bindings
        ]

    def render_help(self) -> Group:
        """Tables of keys by section, then the filter syntax; all plain, unmarked text."""
        parts: list[Text | Table] = []
        tables: dict[str, Table] = {}
        for title, keys, description, ident in self.entries():
            if title not in tables:
                tables[title] = _table(ids=True)
                parts += [Text(title, style="bold underline"), tables[title], Text()]
            tables[title].add_row(Text(keys, style="bold"), Text(description),
                                  Text(ident, style="dim"))
        syntax = _table()
        for example, meaning in FILTER_SYNTAX:
            syntax.add_row(Text(example, style="bold"), Text(meaning))
        parts += [Text("Filter syntax", style="bold underline"), syntax]
        parts.append(Text("Results are ranked: title matches first.", style="dim"))
        return Group(*parts)

    def keys_display(self, binding: Binding) -> str:
        """All keys of a binding as the user types them, e.g. `↓ j` (as remapped by the
        user's config, if it does)."""
        spec = self.keymap.get(binding.id, binding.key) if binding.id else binding.key
        keys = [key.strip() for key in spec.split(",") if key.strip()]
        shown = [
            self.app.get_key_display(dataclasses.replace(binding, key=key, key_display=None))
            for key in keys
        ]
        return " ".join(shown)

    def action_scroll(self, lines: int) -> None:
        """Scroll the help text by `lines` (negative: up)."""
        scroll_now(self.query_one("#help-body", VerticalScroll), lines)

    def action_page(self, step: int) -> None:
        """Scroll one screen down (`step` 1) or up (-1), keeping a line of context."""
        body = self.query_one("#help-body", VerticalScroll)
        scroll_now(body, step * max(1, body.scrollable_content_region.height - 2))

    def action_half_page(self, step: int) -> None:
        """Scroll half a screen down (`step` 1) or up (-1)."""
        body = self.query_one("#help-body", VerticalScroll)
        scroll_now(body, step * max(1, body.scrollable_content_region.height // 2))

    def action_top(self) -> None:
        """Scroll to the start."""
        self.query_one("#help-body", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        """Scroll to the end."""
        self.query_one("#help-body", VerticalScroll).scroll_end(animate=False)


def _table(*, ids: bool = False) -> Table:
    """A borderless table: keys, then a description that wraps under itself, then (with
    `ids`) the binding's id, dim."""
    table = Table.grid(padding=(0, 2))
    table.add_column(width=KEY_WIDTH, no_wrap=True)
    table.add_column(ratio=1)
    if ids:
        table.add_column(width=ID_WIDTH, no_wrap=True, overflow="ellipsis")
    return table
