"""The related-articles picker: similar stories and articles sharing the most entities."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..article import ListRow
from .highlight import story_line


class RelatedScreen(ModalScreen[str | None]):
    """Pick an article to read among `similar` (the same story elsewhere) and `related`
    (most shared people, organisations, places and countries); returns its id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,r,q", "dismiss", "Close", id="related.close",
                tooltip="Close the list without opening an article."),
    ]

    def __init__(self, similar: Sequence[ListRow],
                 related: Sequence[tuple[ListRow, list[str]]]) -> None:
        super().__init__()
        self._similar = list(similar)
        self._related = list(related)

    def compose(self) -> ComposeResult:
        options: list[Option | None] = []
        if self._similar:
            options.append(Option(Text("Similar stories", style="bold"), disabled=True))
            options += [Option(story_line(row.title, row.source, "same story"), id=row.id)
                        for row in self._similar]
        options.append(Option(Text("Related articles", style="bold"), disabled=True))
        if not self._related:
            options.append(Option(Text("none share a rare enough name", style="dim italic"),
                                  disabled=True))
        options += [Option(story_line(row.title, row.source,
                                                 "shares " + ", ".join(shared[:3])), id=row.id)
                    for row, shared in self._related if row.id not in
                    {s.id for s in self._similar}]
        picker = OptionList(*options, id="related-list")
        picker.border_title = "Related · Enter reads · Esc closes"
        yield picker

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss(self) -> None:  # type: ignore[override]
        """Close without choosing."""
        self.dismiss(None)
