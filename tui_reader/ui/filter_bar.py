"""The filter input and the line under it that explains what a query got wrong."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

#: Shown in the empty input.
PLACEHOLDER = "/ filter: words (typos ok), country:ireland, country:ie …"

#: Keys with a meaning in the filter input, for the help screen. The input submits on Enter
#: and the app's Escape binding clears it; these entries only describe that.
FILTER_KEYS: tuple[Binding, ...] = (
    Binding("enter", "", "Done", id="filter.done",
            tooltip="Go to the list, keeping the filter."),
    Binding("escape", "", "Clear", id="filter.clear",
            tooltip="Clear the filter and go to the list."),
)


class FilterBar(Vertical):
    """An `Input` for the query and a message line, shown only when the query has errors."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._errors: str = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDER, id="filter", compact=True)
        yield Static("", id="filter-errors", markup=False)

    @property
    def input(self) -> Input:
        """The query input."""
        return self.query_one("#filter", Input)

    @property
    def errors(self) -> str:
        """The error message on show, empty when the query is fine."""
        return self._errors

    def show_errors(self, errors: Sequence[str]) -> None:
        """Show the query's messages (plain text: what it got wrong, and how it read an
        ambiguous or misspelt value) or hide the message line."""
        message = "; ".join(errors)
        if message == self._errors:  # the common case, a keystroke: no layout pass
            return
        self._errors = message
        line = self.query_one("#filter-errors", Static)
        line.update(Text(f"⚠ {self._errors}", no_wrap=True, overflow="ellipsis"))
        line.display = bool(errors)

    def clear(self) -> None:
        """Empty the input (which triggers a new, empty search) and hide errors."""
        self.input.value = ""
        self.show_errors(())
