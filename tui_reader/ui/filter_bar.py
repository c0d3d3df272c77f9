"""The filter input and the line under it that explains what a query got wrong."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input, Static

from ..sanitize import clean_text

#: Shown in the empty input.
PLACEHOLDER = "/ filter: words (typos ok), country:ireland, country:ie …"


def _inert(text: str) -> str:
    """`text` as the input may hold it: escape sequences, C0/C1 controls (SO/SI would
    switch a Linux console's character set), bidi and zero-width characters removed,
    as from page text; tabs and line breaks become spaces."""
    cleaned = clean_text(text)
    if "\n" in cleaned or "\t" in cleaned:
        cleaned = cleaned.replace("\n", " ").replace("\t", " ")
    return cleaned


class FilterInput(Input):
    """The query input; as in fzf, the arrows and ctrl+n / ctrl+p move the list's
    highlight while typing (ctrl+p is the command palette everywhere else)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,ctrl+n", "step(1)", "Next article", id="filter.next", show=False,
                tooltip="Move the list's highlight down while typing (as in fzf); Enter"
                        " then opens that article."),
        Binding("up,ctrl+p", "step(-1)", "Previous article", id="filter.previous",
                show=False, tooltip="Move the list's highlight up while typing (as in fzf)."),
    ]

    class Step(Message):
        """The user asked to move the list's highlight from the filter."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step: int = step
            """1: down a row, -1: up a row."""

    # The bar sets the input's width, its text does not: a new value changes only the
    # scroll range, and Textual's `virtual_size` (set on each keystroke) would lay out the
    # whole screen again.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    stepped: bool = False
    """True once the highlight was moved from here since the text last changed or the
    input took focus: Enter then opens the highlighted article."""

    def replace(self, text: str, start: int, end: int) -> None:
        """Typed and pasted text goes through here: it is made inert first."""
        super().replace(_inert(text), start, end)

    def validate_value(self, value: str) -> str:
        """A value set from code (a restored filter) is made inert too."""
        return _inert(value)

    def action_step(self, step: int) -> None:
        """Ask for the list's highlight to move by `step` rows."""
        self.stepped = True
        self.post_message(self.Step(step))

    def on_input_changed(self) -> None:
        self.stepped = False

    def on_focus(self, event: events.Focus) -> None:
        self.stepped = False


#: Keys with a meaning in the filter input, for the help screen. The app's Enter and
#: Escape bindings act there; these entries only describe that.
FILTER_KEYS: tuple[Binding, ...] = (
    *(b for b in FilterInput.BINDINGS if isinstance(b, Binding)),
    Binding("enter", "", "Done", id="filter.done",
            tooltip="Go to the list, keeping the filter; after ↓ ↑ ctrl+n ctrl+p, open the"
                    " highlighted article."),
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
        yield FilterInput(placeholder=PLACEHOLDER, id="filter", compact=True)
        yield Static("", id="filter-errors", markup=False)

    @property
    def input(self) -> FilterInput:
        """The query input."""
        return self.query_one("#filter", FilterInput)

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
        # One line whatever the message: a layout pass only when the line shows or hides.
        line.update(Text(f"⚠ {self._errors}", no_wrap=True, overflow="ellipsis"),
                    layout=False)
        line.display = bool(errors)

    def clear(self) -> None:
        """Empty the input (which triggers a new, empty search) and hide errors."""
        self.input.value = ""
        self.show_errors(())
