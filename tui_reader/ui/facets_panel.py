"""The facets panel: the countries, people and organisations of the current result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..countries import country_name
from ..facets import FacetKind

#: The facets, in panel order: (field the facet adds to the query, heading).
SECTIONS: tuple[tuple[FacetKind, str], ...] = (
    ("country", "Countries"), ("person", "People"), ("org", "Organisations"))


def facet_term(field: str, value: str) -> str:
    """The query term that keeps the articles with this facet value."""
    if field == "country":
        return f"country:{value.lower()}"
    cleaned = value.replace('"', "").strip()
    return f'{field}:"{cleaned}"' if " " in cleaned else f"{field}:{cleaned}"


#: Values listed per facet until the user asks for all of them.
FACET_LIMIT = 15
#: Ids of the options that show all values of a facet, or the first `FACET_LIMIT` again.
MORE, FEWER = "+more", "+fewer"

#: One facet's counts: its (value, count) pairs shown, most first, and how many distinct
#: values the result has in all.
FacetCounts = tuple[Sequence[tuple[str, int]], int]


def facet_label(name: str, count: int, width: int) -> Text:
    """`name` and its `count` on one line of `width` cells: the count at the right, the
    name cut with an ellipsis when it does not fit (the count never wraps)."""
    number = str(count)
    room = max(1, width - len(number) - 1)
    if cell_len(name) > room:
        name = set_cell_size(name, room - 1) + "…" if room > 1 else "…"
    label = Text(name)
    label.append(" " * max(1, width - cell_len(name) - len(number)))
    label.append(number, style="dim")
    return label


class FacetRow:
    """A facet value and its count, laid out for the width it is drawn at (the pane's
    width is only known then: a scrollbar may come or go after the options are set)."""

    def __init__(self, name: str, count: int) -> None:
        self.name = name
        self.count = count

    def __str__(self) -> str:
        return f"{self.name} {self.count}"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield facet_label(self.name, self.count, options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


class FacetsPanel(OptionList):
    """Facet values of the current result with their article counts, most first; Enter
    on one adds it to the filter. Each heading gives the facet's total ("Countries · 48");
    the first `FACET_LIMIT` values show, and a last line offers all of them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: an Enter still on its way after "/" must not submit the filter.
        Binding("enter", "select", "Add to filter", id="facets.add", priority=True,
                tooltip="Add the highlighted country, person or organisation to the filter"
                        " (on an \"all …\" line: list every value of that facet)."),
    ]

    # The panel's size is set by the screen (a docked column), not by its options: new
    # counts change only the scroll range, and Textual's `virtual_size` would lay out the
    # whole screen again after each search.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.expanded: set[str] = set()
        """Facets (query fields) whose every value is listed."""
        self._counts: Mapping[str, FacetCounts] = {}
        self._keep: str | None = None

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

    class ExpandRequested(Message):
        """The user asked for every value of a facet, or its first ones again: the
        counts are to be made again (`expanded` says which facets list every value)."""

    def limit(self, field: str) -> int | None:
        """How many values of `field` to count: None (all) once expanded."""
        return None if field in self.expanded else FACET_LIMIT

    def show_counts(self, counts: Mapping[str, FacetCounts]) -> None:
        """List `counts` (field -> (values shown, total)) under their headings, keeping
        the highlighted value when it is still there."""
        current = self.highlighted_option
        keep = self._keep or (current.id if current is not None else None)
        self._keep = None
        self._counts = counts
        options: list[Option | None] = []
        for field, heading in SECTIONS:
            found, total = counts.get(field, ((), 0))
            options.append(Option(Text(f"{heading} · {total}", style="bold"), disabled=True))
            for value, count in found:
                name = country_name(value) if field == "country" else value
                options.append(Option(FacetRow(name, count), id=f"{field}\t{value}"))
            if total > len(found):
                options.append(Option(Text(f"all {total} {heading.lower()}…", style="italic"),
                                      id=f"{MORE}\t{field}"))
            elif field in self.expanded and total > FACET_LIMIT:
                options.append(Option(Text(f"first {FACET_LIMIT} only", style="italic"),
                                      id=f"{FEWER}\t{field}"))
        self.set_options(options)
        ids = [o.id for o in options if o is not None and o.id]
        if keep in ids:
            self.highlighted = self.get_option_index(keep)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not event.option.id:
            return
        field, value = event.option.id.split("\t", 1)
        if field in (MORE, FEWER):
            found = self._counts.get(value, ((), 0))[0]
            if field == MORE:
                self.expanded.add(value)
                # Stay where the list grows: on the last value shown before.
                self._keep = f"{value}\t{found[-1][0]}" if found else None
            else:
                self.expanded.discard(value)
                self._keep = f"{MORE}\t{value}"
            self.post_message(self.ExpandRequested())
        else:
            self.post_message(self.Chosen(field, value))
