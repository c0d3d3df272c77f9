"""The facets panel: the countries, people and organisations of the current result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..countries import country_name

#: The facets, in panel order: (field the facet adds to the query, heading).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("country", "Countries"), ("person", "People"), ("org", "Organisations"))


def facet_term(field: str, value: str) -> str:
    """The query term that keeps the articles with this facet value."""
    if field == "country":
        return f"country:{value.lower()}"
    cleaned = value.replace('"', "").strip()
    return f'{field}:"{cleaned}"' if " " in cleaned else f"{field}:{cleaned}"


class FacetsPanel(OptionList):
    """Facet values of the current result with their article counts, most first; Enter
    on one adds it to the filter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: an Enter still on its way after "/" must not submit the filter.
        Binding("enter", "select", "Add to filter", id="facets.add", priority=True,
                tooltip="Add the highlighted country, person or organisation to the filter."),
    ]

    def on_mount(self) -> None:
        self.border_title = "Facets"

    class Chosen(Message):
        """The user picked a facet value to filter on."""

        def __init__(self, field: str, value: str) -> None:
            super().__init__()
            self.field: str = field
            """The query field: "country", "person" or "org"."""
            self.value: str = value
            """An alpha-2 code for countries, else the name as listed."""

        @property
        def term(self) -> str:
            """The query term for this value."""
            return facet_term(self.field, self.value)

    def show_counts(self, counts: Mapping[str, Sequence[tuple[str, int]]]) -> None:
        """List `counts` (field -> (value, count) pairs, most first) under their headings,
        keeping the highlighted value when it is still there."""
        current = self.highlighted_option
        keep = current.id if current is not None else None
        options: list[Option | None] = []
        for field, heading in SECTIONS:
            found = counts.get(field, ())
            options.append(Option(Text(f"{heading} ({len(found)})", style="bold"),
                                  disabled=True))
            for value, count in found:
                label = Text(country_name(value) if field == "country" else value)
                label.append(f"  {count}", style="dim")
                options.append(Option(label, id=f"{field}\t{value}"))
        self.set_options(options)
        ids = [o.id for o in options if o is not None and o.id]
        if keep in ids:
            self.highlighted = self.get_option_index(keep)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            field, value = event.option.id.split("\t", 1)
            self.post_message(self.Chosen(field, value))
