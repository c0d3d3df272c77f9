"""Keys that move between articles without leaving where the user is: `J` / `K` in the
reader (as in newsboat), the arrows and ctrl+n / ctrl+p in the filter (as in fzf), and
`n` / `N` in the list, to the next article whose text has the filter's words (as in
less)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import work
from textual.worker import get_current_worker

from ..search import match_spans
from .article_list import ArticleList
from .filter_bar import FilterInput
from .messages import Notice
from .reader import Reader

if TYPE_CHECKING:
    from .main_screen import MainScreen


class NavigationKeys:
    """Handlers for the messages those keys send; mixed into `MainScreen`."""

    @property
    def _main(self) -> MainScreen:
        """This object as the screen it is mixed into."""
        return cast("MainScreen", self)

    def on_reader_step_requested(self, event: Reader.StepRequested) -> None:
        """Read the next or previous article of the list, staying in the reader."""
        main = self._main
        articles = main.article_list
        before = articles.cursor
        articles.move_cursor(before + event.step)
        row = articles.highlighted
        if row is None or articles.cursor == before:
            main.notify("No next article." if event.step > 0 else "No previous article.",
                        timeout=2)
            return
        main.show_article(row.id)
        main.mark_read(row.id)

    def on_filter_input_step(self, event: FilterInput.Step) -> None:
        """Move the list's highlight while the filter keeps focus."""
        main = self._main
        articles = main.article_list
        articles.move_cursor(articles.cursor + event.step)

    def open_from_filter(self) -> bool:
        """Enter in the filter after moving the highlight from there: open the highlighted
        article (True), as fzf does; else (False) Enter only goes to the list."""
        main = self._main
        if not main.filter_bar.input.stepped or main.article_list.highlighted is None:
            return False
        main.focus_now(main.article_list)
        main.article_list.action_select()
        return True

    def on_article_list_match_jump_requested(
            self, event: ArticleList.MatchJumpRequested) -> None:
        """Look for the next row whose article has the filter's words, off the UI thread
        (the texts are read from the cache)."""
        main = self._main
        if not main._words:
            main.notify("The filter has no words to look for.", timeout=2)
            return
        self._find_match(main.article_list.cursor, event.step, main._words)

    @work(thread=True, exclusive=True, group="match", exit_on_error=False)
    def _find_match(self, start: int, step: int, words: tuple[str, ...]
                    ) -> None:
        """From row `start`, walk the list by `step` to the first article whose title or
        text has one of `words`; move the cursor there (unless it moved meanwhile)."""
        main = self._main
        worker = get_current_worker()
        rows = main.article_list.articles  # read here: the list can be 100,000 rows
        row = start + step
        while 0 <= row < len(rows) and not worker.is_cancelled:
            try:
                text = main.app.cache.text(rows[row].rowid)
            except KeyError:  # gone from the cache since the list was read
                text = ""
            if match_spans(rows[row].title, words) or match_spans(text, words):
                main.app.call_from_thread(self._match_found, start, row)
                return
            row += step
        if not worker.is_cancelled:
            main.app.post_message(Notice("No further article has the filter's words.",
                                         timeout=2))

    def _match_found(self, start: int, row: int) -> None:
        main = self._main
        if main.article_list.cursor == start:  # else a later key moved it: that wins
            main.article_list.move_cursor(row)
