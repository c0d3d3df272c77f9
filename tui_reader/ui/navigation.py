"""Keys that move between articles without leaving where the user is: `J` / `K` in the
reader (as in newsboat), the arrows and ctrl+n / ctrl+p in the filter (as in fzf), and
`u` to mark the highlighted article read or unread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .filter_bar import FilterInput
from .reader import Reader

if TYPE_CHECKING:
    from .app import NewsReaderApp


class NavigationKeys:
    """Handlers for the messages those keys send; mixed into `NewsReaderApp`."""

    def on_reader_step_requested(self: NewsReaderApp, event: Reader.StepRequested) -> None:
        """Read the next or previous article of the list, staying in the reader."""
        articles = self.article_list
        before = articles.cursor
        articles.move_cursor(before + event.step)
        row = articles.highlighted
        if row is None or articles.cursor == before:
            self.notify("No next article." if event.step > 0 else "No previous article.",
                        timeout=2)
            return
        self.show_article(row.id)
        self.mark_read(row.id)

    def on_filter_input_step(self: NewsReaderApp, event: FilterInput.Step) -> None:
        """Move the list's highlight while the filter keeps focus."""
        articles = self.article_list
        articles.move_cursor(articles.cursor + event.step)

    def open_from_filter(self: NewsReaderApp) -> bool:
        """Enter in the filter after moving the highlight from there: open the highlighted
        article (True), as fzf does; else (False) Enter only goes to the list."""
        if not self.filter_bar.input.stepped or self.article_list.highlighted is None:
            return False
        self.focus_now(self.article_list)
        self.article_list.action_select()
        return True
