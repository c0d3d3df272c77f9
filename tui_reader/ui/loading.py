"""The list's articles, loaded behind the UI: the cache opened and what it holds shown at
once (a screenful first), new and changed files indexed in worker processes with the list
refreshed from the cache as they come, and the filter's indexes built before the first
keystroke (then the garbage collector tuned for the long-lived rows)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from textual import work
from textual.worker import get_current_worker

from .. import countries
from ..facets import FACET_KINDS, Facets
from ..marks import retry_while_busy
from ..sanitize import printable
from ..search import Engine
from ..similar import group_leaders, story_leaders
from .messages import CacheOpened, Notice, RowsLoaded, SyncFinished, SyncProgress, SyncStage

if TYPE_CHECKING:
    from .main_screen import MainScreen

_T = TypeVar("_T")

#: While indexing, the list is refreshed from the cache at most this often (seconds).
RELOAD_SECONDS = 2.0
#: Garbage collector thresholds once the indexes are built: Python's own. Typing makes
#: hundreds of thousands of objects in reference cycles a minute (Textual's widgets and
#: rendered lines), and those that outlive the young generations must be collected from
#: the oldest one. The (10,000, 50, 100) used before collected it about once in 15
#: minutes: the garbage piled up (RSS +11-17 MB a minute at 1,200 articles) and each
#: middle-generation collection took 170-300 ms. With the rows and indexes frozen, a
#: collection of the oldest generation goes through Textual's objects only: 20-50 ms about
#: once a second (bench/soak.py); (2,000, 10, 10) made them rarer but longer (35-70 ms).
GC_THRESHOLDS = (700, 10, 10)
#: Rows shown before the whole list is loaded.
FIRST_ROWS = 200
#: Longest wait (seconds) for that first screenful to be painted.
FIRST_PAINT_WAIT = 1.0
#: Pause (seconds) before opening or indexing again while another process holds the
#: cache's write lock.
BUSY_RETRY = 2.0


class Loading:
    """The load and warm-up workers and the messages they post; mixed into `MainScreen`."""

    @property
    def _main(self) -> MainScreen:
        """This object as the screen it is mixed into."""
        return cast("MainScreen", self)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_articles(self) -> None:
        """Open the cache, show what it holds at once, then index new and changed files."""
        from .. import ingest  # the indexer pulls in the cleaner and the recogniser

        main = self._main
        app = main.app
        roots = app.roots
        worker = get_current_worker()
        cache = self._while_busy(app.open_cache, "open the cache")
        main.post_message(CacheOpened())
        # A screenful first, so that a large corpus paints at once; then all of it.
        main.post_message(RowsLoaded(cache.rows(roots, limit=FIRST_ROWS), None,
                                     complete=False, state=cache.state()))
        # Let the UI thread paint that screenful before loading the rest takes the GIL.
        main._first_paint.wait(timeout=FIRST_PAINT_WAIT)
        main.post_message(RowsLoaded(cache.rows(roots), None, state=cache.state()))
        started = time.perf_counter()
        last_reload, listed = started, 0

        def progress(done: int, total: int, articles: int) -> None:
            nonlocal last_reload, listed
            now = time.perf_counter()
            main.post_message(SyncProgress(done, total, articles, now - started))
            if (now - last_reload >= RELOAD_SECONDS and articles > listed
                    and not worker.is_cancelled):
                last_reload, listed = now, articles
                main.post_message(RowsLoaded(cache.rows(roots), None, state=cache.state()))

        report = self._while_busy(lambda: ingest.sync(
            cache, app.paths, progress=progress, recogniser_spec=app.recogniser_spec,
            recogniser=app.recogniser, cancelled=lambda: worker.is_cancelled,
            stage=self._post_stage), "index the files")
        if worker.is_cancelled:
            return
        changed = (report.new or report.changed or report.removed or report.articles
                   or report.grouped)  # a grouping pass that was owed: new stories
        # Unchanged files: the list on screen is already the cache's; keep it (and its
        # warmed filter indexes) rather than build the same again.
        rows = cache.rows(roots) if changed else None
        main.post_message(RowsLoaded(rows, report.problems, state=cache.state()))
        main.post_message(SyncFinished(report))

    def _while_busy(self, step: Callable[[], _T], what: str) -> _T:
        """Run `step` (in a worker), again while another process holds the cache's write
        lock (`newsreader index` from cron), saying so once."""
        app = self._main.app
        worker = get_current_worker()
        return retry_while_busy(step, pause=BUSY_RETRY, cancelled=lambda: worker.is_cancelled,
                                waiting=lambda error: app.post_message(Notice(
                                    f"Cannot {what} yet: another program holds the cache's"
                                    f" write lock ({error}). Trying again until it is"
                                    " released.", severity="warning", timeout=15)))

    def on_cache_opened(self) -> None:
        self._main.app.notify_recovery()

    def on_rows_loaded(self, event: RowsLoaded) -> None:
        """A new list: the filter's engine, the facets and the groups of similar stories
        built on it, the marks of this run kept, the current filter run again."""
        main = self._main
        if event.problems is not None:
            main.problems = event.problems
            main.app.refresh_bindings()  # the footer shows "! Skipped" only when some are
        if event.rows is None:
            return
        main.rows = event.rows
        # Marks made in this run win over those read with the rows: some may still be
        # queued, others written after the rows were read.
        engine = main._engine = Engine(main.rows, main.app.cache, main.marks.load(event.state))
        main._facets = Facets(main.rows, engine.postings)
        main.article_list.set_state(engine.state)
        if event.complete:
            self._warm(engine)
        else:
            main.call_after_refresh(main._first_paint.set)
        main._leaders = story_leaders(group_leaders(main.rows)) or None
        main._order = {row.id: i for i, row in enumerate(main.rows)}
        main.reader.set_source(main.listed_row, lambda ident: main._order.get(ident, -1),
                               lambda article: main.related_to(article)[1], main.show_article)
        if main.rows:
            main.article_list.empty_message = "No article matches the filter."
        main.run_search(main.filter_bar.input.value, keep_cursor=True)
        shown = main.reader.article
        if shown is not None and main._wanted is None:
            # Indexing may have changed it (a headline taken from its HTML copy): read it
            # again; the reader redraws only if it did change.
            main._wanted = shown.id
            main.read_article(shown.id)

    @work(thread=True, exclusive=True, group="warm", exit_on_error=False)
    def _warm(self, engine: Engine) -> None:
        """Build the filter's indexes in the background, before the first keystroke."""
        main = self._main
        worker = get_current_worker()
        facets = main._facets
        if facets is not None and main.rows:
            # Before the filter reports ready: these take the GIL for a while at 100k rows.
            for kind in FACET_KINDS:
                facets.values(kind)
            facets.related(0)  # the entity index "r", the reader and the filter share
        engine.warm(cancelled=lambda: worker.is_cancelled or engine is not main._engine)
        if engine.warmed:
            # The country names a query or the reader may look up (the first `country:`
            # typed would wait 0.3 s for them), before the freeze: they live as long.
            countries.prepare()
            # Millions of long-lived objects (rows, indexes) make each full garbage
            # collection a visible pause mid-typing; they live until the next reload.
            gc.freeze()
            # Count the long-lived objects afresh, the frozen left out (nothing else is
            # tracked yet: this is quick). Python collects the oldest generation once a
            # quarter as many again as it held after its last collection have joined it;
            # counted before the freeze (millions at 100k rows), the first collection
            # after it would come late and be long.
            gc.collect()
            gc.set_threshold(*GC_THRESHOLDS)

    def on_sync_progress(self, event: SyncProgress) -> None:
        from ..ingest import progress_line  # loaded by the indexer already

        main = self._main
        # A shorter bar where the line would not fit (the time left comes last).
        bar = 20 if main.size.width >= 100 else 8
        line = progress_line(event.done, event.total, event.articles, event.seconds, bar)
        main.set_status(f"Indexing {line}")

    def _post_stage(self, what: str) -> None:
        self._main.post_message(SyncStage(what))

    def on_sync_stage(self, event: SyncStage) -> None:
        self._main.set_status(f"{event.what}…")

    def on_sync_finished(self, event: SyncFinished) -> None:
        main = self._main
        main.loaded = True
        main.app.clear_notifications()  # the loading notice
        main.app.notify_settings()  # still worth reading once the list is there
        main.app.notify_recovery()
        main.article_list.empty_message = "No article matches the filter."
        if main.problems:
            first = main.problems[0]
            more = f" (and {len(main.problems) - 1} more)" if len(main.problems) > 1 else ""
            main.notify(
                f"{printable(first.path)}: {printable(first.reason)}{more}",
                title=f"Skipped {main.skipped_label()}",
                severity="warning",
                markup=False,
            )
        main.update_status()
