"""The skipped-inputs screen: every file that was not read, and why."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..files import Problem
from ..sanitize import printable
from .scrolling import scroll_now


class ProblemsScreen(ModalScreen[None]):
    """A modal, scrollable list of the skipped inputs: each path, then its reason.

    File names and reasons are untrusted (a reason may quote page text): they are shown
    through `printable`, in `Text` objects, never as markup.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,exclamation_mark", "dismiss", "Close", id="problems.close",
                tooltip="Close the list of skipped inputs."),
        Binding("down,j", "scroll(1)", "Scroll down", id="problems.down", show=False,
                tooltip="Scroll the list of skipped inputs down."),
        Binding("up,k", "scroll(-1)", "Scroll up", id="problems.up", show=False,
                tooltip="Scroll the list of skipped inputs up."),
        Binding("pagedown,space", "page(1)", "Page down", id="problems.page_down",
                show=False, tooltip="Scroll the list of skipped inputs down a page."),
        Binding("pageup,b", "page(-1)", "Page up", id="problems.page_up", show=False,
                tooltip="Scroll the list of skipped inputs up a page."),
    ]

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.problems: Sequence[Problem] = problems
        """The skipped inputs, in the order they are listed."""

    def compose(self) -> ComposeResult:
        count = len(self.problems)
        with VerticalScroll(id="problems-body") as body:
            body.border_title = f"Skipped {count} input{'s' if count != 1 else ''}"
            body.border_subtitle = "Esc / q / ! to close"
            yield Static(self.render_problems(), id="problems-text")

    def render_problems(self) -> Group | Text:
        """Each path in bold, its reason indented under it; all plain, unmarked text."""
        if not self.problems:
            return Text("Nothing was skipped.", style="dim")
        lines: list[Text] = []
        for problem in self.problems:
            lines.append(Text(printable(problem.path), style="bold", overflow="fold"))
            lines.append(Text("  " + printable(problem.reason), overflow="fold"))
        return Group(*lines)

    @property
    def body(self) -> VerticalScroll:
        """The scrolling container."""
        return self.query_one("#problems-body", VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        """Scroll by `lines` (negative: up)."""
        scroll_now(self.body, lines)

    def action_page(self, pages: int) -> None:
        """Scroll by `pages` screenfuls (negative: up)."""
        step = max(1, self.body.scrollable_content_region.height - 1)
        scroll_now(self.body, pages * step)
