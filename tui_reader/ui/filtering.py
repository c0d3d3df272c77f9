"""The filter run behind the UI: each change of the query starts a search generation in a
worker; only the newest generation may update the list (a slower, older search that
finishes later is dropped), in the order `S` chose, similar stories folded under one row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import work
from textual.worker import get_current_worker

from ..query import Query, parse_query
from ..search import SORTS, Engine, Result, Selection
from ..similar import collapse
from .messages import SearchFinished

if TYPE_CHECKING:
    from .main_screen import MainScreen


class Filtering:
    """Search generations, the `S` key and the result on show; mixed into `MainScreen`."""

    @property
    def _main(self) -> MainScreen:
        """This object as the screen it is mixed into."""
        return cast("MainScreen", self)

    def run_search(self, text: str, keep_cursor: bool = False) -> None:
        """Start a search for `text`; only the newest search may update the list."""
        main = self._main
        main._generation += 1
        # A facet count of the last result must not hold the GIL while this one runs.
        main.workers.cancel_group(main, "facets")
        query = parse_query(text)
        main.filter_bar.show_errors((*query.errors, *query.notes))
        if main._engine is None:
            return
        if query.is_empty:
            self.apply(main._generation, Result(list(range(len(main.rows)))), keep_cursor)
        else:
            self._search(main._generation, query, main._engine)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, generation: int, query: Query, engine: Engine) -> None:
        """Rank the rows for `query` off the UI thread."""
        worker = get_current_worker()
        result = engine.search(query, cancelled=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self._main.post_message(SearchFinished(generation, result))

    def on_search_finished(self, event: SearchFinished) -> None:
        self.apply(event.generation, event.result)

    def apply(self, generation: int, result: Result, keep_cursor: bool = False) -> None:
        """Show the result of search `generation` unless a newer search has started."""
        main = self._main
        if generation != main._generation:
            return
        main._applied_generation = generation
        positions = result.positions
        if main._engine is not None:
            positions = main._engine.ordered(positions, main.sort)
        main._matched = positions
        rows, folded = (positions, []) if main._leaders is None else collapse(
            positions, main._leaders)
        shown = Selection(main.rows, rows)
        cursor = 0
        articles = main.article_list
        current = articles.highlighted
        if keep_cursor and current is not None:
            cursor = next((i for i, row in enumerate(shown) if row.id == current.id), 0)
        articles.set_articles(shown, cursor=cursor, folded=folded, match_words=result.words)
        main._words = result.words  # the reader takes them when it follows the cursor
        if not main.is_typing():
            main.reader.set_words(result.words)
        main.schedule_facets()
        main.update_status()

    def action_cycle_sort(self) -> None:
        """Switch to the next order of the list and show it in the list's title."""
        main = self._main
        main.sort = SORTS[(SORTS.index(main.sort) + 1) % len(SORTS)]
        main.article_list.border_title = f"Articles · by {main.sort}"
        self.run_search(main.filter_bar.input.value, keep_cursor=True)
