"""The one-line status under the panes: counts, indexing progress, skipped inputs."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class StatusLine(Widget):
    """A line of plain text that repaints without a layout pass (a keystroke updates it,
    and `Static.update` would re-lay-out the whole screen each time)."""

    DEFAULT_CSS = """
    StatusLine { height: 1; }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text(text, no_wrap=True, overflow="ellipsis")

    @property
    def text(self) -> str:
        """The line on show."""
        return self._text.plain

    def update(self, text: str) -> None:
        """Show `text` (never read as markup)."""
        if text != self._text.plain:
            self._text = Text(text, no_wrap=True, overflow="ellipsis")
            self.refresh()

    def render(self) -> Text:
        return self._text
