"""The newsreader application: a filterable article list beside a reader."""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import get_current_worker

from ..article import LABELS, Article, ListRow
from ..collection import given_roots, scoped
from ..config import Config, export_folder, load_config
from ..countries import country_name
from ..export import article_text, write_jsonl, write_markdown
from ..facets import FACET_KINDS, RELATED_KINDS, Facets
from ..files import Problem
from ..marks import MarkWriter, retry_while_busy
from ..query import Query, parse_query
from ..recognisers import Recogniser
from ..resources import styles_dir
from ..sanitize import printable
from ..search import SORTS, Engine, Result, Selection
from ..similar import collapse, group_leaders
from ..storage import Cache, CacheUnusable, DamagedArticle
from .article_list import ArticleList
from .browser import BrowserKeys
from .commands import binding_commands
from .export_prompt import ExportPrompt, create_export, export_stamp, free_export_name
from .facet_keys import FacetKeys
from .facets_panel import FacetsPanel
from .filter_bar import FILTER_KEYS, FilterBar, FilterInput
from .footer import FittedFooter
from .help import HelpScreen, Section
from .lifecycle import LifecycleApp, open_mark_store
from .marking import MarkKeys
from .navigation import NavigationKeys
from .problems import ProblemsScreen
from .reader import Reader
from .related_screen import RelatedScreen
from .settings import apply_config, binding_ids, save_theme_choice
from .status_line import StatusLine

if TYPE_CHECKING:
    from textual.timer import Timer

    from ..ingest import SyncReport

_T = TypeVar("_T")

#: While indexing, the list is refreshed from the cache at most this often (seconds).
RELOAD_SECONDS = 2.0
#: Related articles offered by "r".
RELATED_LIMIT = 8
#: What each entity kind is called in help texts.
KIND_NAMES = {"PERSON": "people", "COUNTRY": "countries", "PLACE": "places",
              "ORG": "organisations"}
#: While the filter is typed in, the reader follows the list's cursor after this pause
#: in the typing (seconds).
READER_DELAY = 0.12
#: Garbage collector thresholds once the indexes are built (Python's are 700, 10, 10).
GC_THRESHOLDS = (10_000, 50, 100)
#: Rows shown before the whole list is loaded.
FIRST_ROWS = 200
#: Longest wait (seconds) for that first screenful to be painted.
FIRST_PAINT_WAIT = 1.0
#: Pause (seconds) before opening or indexing again while another process holds the
#: cache's write lock.
BUSY_RETRY = 2.0


class NewsReaderApp(NavigationKeys, MarkKeys, BrowserKeys, FacetKeys, LifecycleApp):
    """Browse, filter and read the articles of the page dumps under `paths`."""

    TITLE = "newsreader"
    CSS_PATH = styles_dir() / "app.tcss"
    COMMAND_PALETTE_BINDING = "ctrl+p"
    # (typed by App; a ClassVar annotation here reads to mypy as a new declaration)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-medium"), (140, "-wide")]  # noqa: RUF012

    TASKS: ClassVar[dict[str, str]] = {
        "load": "Loading the articles", "article": "Reading the article",
        "search": "Filtering", "export": "Exporting", "copy": "Copying",
        "facets": "Counting the facets", "warm": "Preparing the filter"}

    BINDINGS: ClassVar[list[BindingType]] = [
        # Keys that move focus are priority bindings. Textual runs those when it routes
        # the key; other bindings run once the key has gone through the focused widget
        # and its parents, by which time the next keys were routed by the old focus.
        # So "/quake" typed fast filters on "quake" instead of quitting on "q", and
        # "Esc /" or "Enter /" typed in the filter starts a new filter, not "/" typed in.
        Binding("slash", "focus_filter", "Filter", id="app.filter", priority=True,
                tooltip="Type a query to narrow the list."),
        Binding("escape", "clear_filter", "Clear", id="app.clear_filter", priority=True,
                tooltip="Clear the filter and return to the list."),
        Binding("enter", "filter_done", "Done", id="app.filter_done", priority=True,
                show=False, tooltip="In the filter: go to the list, keeping the filter."),
        Binding("tab", "focus_next", "Next pane", id="app.next_pane", priority=True,
                show=False, tooltip="Move focus to the next pane (filter, list, reader)."),
        Binding("shift+tab", "focus_previous", "Previous pane", id="app.previous_pane",
                show=False, priority=True, tooltip="Move focus to the previous pane."),
        Binding("s", "star", "Star", id="app.star",
                tooltip="Star or unstar the highlighted article (is:starred finds them)."),
        Binding("u", "toggle_read", "Read/unread", id="app.toggle_read", show=False,
                tooltip="Mark the highlighted article unread if read, read if unread."),
        Binding("A", "mark_all_read", "All read", id="app.mark_all_read", show=False,
                tooltip="Mark every article the filter matches read (after asking: y marks)."),
        Binding("f", "toggle_facets", "Facets", id="app.facets",
                tooltip="Show or hide the countries, people and organisations of the result"
                        " (shown by default at 140 columns and more)."),
        Binding("o", "open_url", "Open in browser", id="app.open_url", show=False,
                tooltip="Open the article's web address in the browser (HTML pages and"
                        " JSON Lines that give one; as in newsboat)."),
        Binding("S", "cycle_sort", "Sort", id="app.sort", show=False,
                tooltip="Order the list by relevance, then date (newest first), then source."),
        Binding("c", "copy_article", "Copy", id="app.copy", show=False,
                tooltip="Copy the article (title, source, date, text) to the clipboard;"
                        " works over SSH in terminals that allow OSC 52."),
        Binding("x", "export_result", "Export", id="app.export", show=False,
                tooltip="Write the articles matching the filter to a JSON Lines file in the"
                        " export folder (export_dir; default: Downloads), after asking."),
        Binding("m", "export_markdown", "Export Markdown", id="app.export_markdown", show=False,
                tooltip="Write the articles matching the filter to a Markdown file in the"
                        " export folder (export_dir; default: Downloads), after asking."),
        *[Binding(str(number), f"toggle_kind('{label}')", f"{label.title()} on/off",
                  id=f"app.toggle_{label.lower()}", show=False,
                  tooltip=f"Switch the highlighting of {KIND_NAMES[label]} on or off.")
          for number, label in enumerate(LABELS, 1)],
        Binding("r", "related", "Related", id="app.related",
                tooltip="Pick a similar story or a related article (most shared people,"
                        " organisations, places, countries) to read."),
        Binding("question_mark", "help", "Help", id="app.help",
                tooltip="Show every key and the filter syntax."),
        Binding("exclamation_mark", "problems", "Skipped", id="app.problems",
                tooltip="List the inputs that were skipped, and why."),
        Binding("q", "quit", "Quit", id="app.quit",
                tooltip="Quit newsreader (in the reader, q goes back to the list first)."),
        Binding("ctrl+q,ctrl+c", "quit", "Quit (also while typing)", id="app.force_quit",
                show=False, priority=True, tooltip="Quit newsreader, even from the filter."),
        Binding("ctrl+z", "suspend", "Suspend", id="app.suspend", show=False, priority=True,
                tooltip="Suspend newsreader to the shell (fg resumes it)."),
    ]

    class CacheOpened(Message):
        """The cache is open (opening it may wait for a lock or check the file)."""

    class RowsLoaded(Message):
        """Fresh list rows from the cache (at start, while indexing, and after it)."""

        def __init__(
            self, rows: list[ListRow] | None, problems: list[Problem] | None, *,
            complete: bool = True, state: dict[str, tuple[bool, bool]] | None = None,
        ) -> None:
            super().__init__()
            self.rows: list[ListRow] | None = rows
            """Every article of the opened paths, in list order (None: no change)."""
            self.complete: bool = complete
            """False for the first screenful shown while the rest loads."""
            self.problems: list[Problem] | None = problems
            """Inputs skipped, when known (None: keep the current list)."""
            self.state: dict[str, tuple[bool, bool]] = state or {}
            """id -> (read, starred) as the cache held them when `rows` were read."""

    class ArticleRead(Message):
        """An article read from the cache for the reader."""

        def __init__(self, ident: str, article: Article | None) -> None:
            super().__init__()
            self.ident: str = ident
            """The id asked for."""
            self.article: Article | None = article
            """The article (None when it is no longer in the cache)."""

    class SyncProgress(Message):
        """The indexer finished a batch of files."""

        def __init__(self, done: int, total: int, articles: int, seconds: float) -> None:
            super().__init__()
            self.done: int = done
            """Files cleaned so far."""
            self.total: int = total
            """Files to clean in all (new and changed ones only)."""
            self.articles: int = articles
            """Articles written so far."""
            self.seconds: float = seconds
            """Time since indexing started."""

    class SyncFinished(Message):
        """The indexer is done: every file under the paths is in the cache."""

        def __init__(self, report: SyncReport) -> None:
            super().__init__()
            self.report: SyncReport = report
            """What the sync did."""

    class SearchFinished(Message):
        """A search worker found the rows matching one query."""

        def __init__(self, generation: int, result: Result) -> None:
            super().__init__()
            self.generation: int = generation
            """Which query this answers; stale generations are dropped."""
            self.result: Result = result
            """Matching row positions, best first."""

    def __init__(
        self,
        paths: Sequence[str],
        recogniser: Recogniser | None = None,
        *,
        cache_path: str | None = None,
        recogniser_spec: str | None = None,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        config, problems = load_config()
        self.config: Config = config
        """The user's settings (defaults where the config file had none or bad ones)."""
        self._theme_flag = theme
        self._config_problems: list[str] = problems
        self.paths: list[str] = list(paths)
        """The files and folders to read."""
        self._given_roots = given_roots(self.paths)
        self.recogniser_spec: str | None = recogniser_spec
        """The `--ner` value, for the indexer's worker processes."""
        self.recogniser: Recogniser | None = recogniser
        """An already-built recogniser (tests, embedding); it makes indexing run inline."""
        self._cache_path = cache_path
        self._cache: Cache | None = None  # opened by `load_articles`, off the UI thread
        self.marks: MarkWriter = MarkWriter(
            lambda: open_mark_store(self.cache),
            on_trouble=lambda text: self.post_message(self.Notice(
                text, severity="warning", timeout=15)),
            on_recovered=lambda count: self.post_message(self.Notice(
                f"Read/starred mark{'s' if count != 1 else ''} saved.", timeout=3)))
        """Writes read/starred marks to the cache behind the UI, retrying while locked."""
        self._session_marks: dict[str, tuple[bool, bool]] = {}
        self._wanted: str | None = None
        self.rows: list[ListRow] = []
        """Every article of the opened paths, in list order (empty until loaded)."""
        self.problems: list[Problem] = []
        """Inputs the indexer skipped."""
        self.loaded: bool = False
        """True once every file under `paths` is indexed and listed."""
        self.exported: str | None = None
        """The file the last export wrote."""
        self.sort: str = SORTS[0]
        """How the list is ordered: one of `SORTS`."""
        self._engine: Engine | None = None
        self._first_paint = threading.Event()
        self._leaders: list[int] | None = None
        self._matched: list[int] = []
        self._reader_timer: Timer | None = None
        self._facets_timer: Timer | None = None
        self._facets: Facets | None = None
        self._words: tuple[str, ...] = ()
        self._order: dict[str, int] = {}
        self._generation: int = 0
        self._applied_generation: int = 0

    @property
    def filter_ready(self) -> bool:
        """True once the filter's indexes are built (every query is then fast)."""
        return self._engine is not None and self._engine.warmed

    @property
    def articles(self) -> list[ListRow]:
        """Every listed article (as list rows), in list order."""
        return self.rows

    @property
    def cache(self) -> Cache:
        """The SQLite cache the list is read from (opened off the UI thread at start)."""
        if self._cache is None:
            raise RuntimeError("the cache is not open yet")
        return self._cache

    @property
    def marks_pending(self) -> int:
        """How many read/starred marks are not written to the cache yet."""
        return len(self.marks.pending)

    def article(self, ident: str) -> Article | None:
        """The full article with this id, read from the cache (None when gone), as
        `newsreader export` gives it: its similar stories are those among this run's
        articles, its path spelled from the path given. It reads the disk: call it from a
        worker, not the UI thread."""
        try:
            article = self.cache.article(ident, [root for root, _ in self._given_roots])
        except DamagedArticle as damage:
            self.notify(str(damage), title="Damaged article", severity="warning",
                        timeout=15, markup=False)  # notify is thread-safe
            return None
        except KeyError:
            return None
        return scoped(article, self._order, self._given_roots)

    # -- public view for tests and scripts ----------------------------------

    @property
    def article_list(self) -> ArticleList:
        """The list pane."""
        return self.query_one("#articles", ArticleList)

    @property
    def reader(self) -> Reader:
        """The reader pane."""
        return self.query_one("#reader", Reader)

    @property
    def filter_bar(self) -> FilterBar:
        """The filter input and its error line."""
        return self.query_one(FilterBar)

    @property
    def visible_articles(self) -> Sequence[ListRow]:
        """The articles the list shows, in row order: one per group of similar stories."""
        return self.article_list.articles

    @property
    def matching(self) -> list[str]:
        """Ids of every article the filter matches (similar stories included), in order."""
        return [self.rows[i].id for i in self._matched]

    @property
    def matching_count(self) -> int:
        """How many articles match the filter, similar stories included."""
        return len(self._matched)

    @property
    def reader_pending(self) -> bool:
        """True while the reader waits for a pause in the typing to follow the cursor,
        or for the article to be read from the cache."""
        return self._reader_timer is not None or self._wanted is not None

    @property
    def search_pending(self) -> bool:
        """True while the list does not yet reflect the latest filter text."""
        return self._applied_generation != self._generation

    # -- layout -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield FilterBar(id="filter-bar")
        with Container(id="panes", classes="-facets-auto"):
            yield ArticleList(id="articles", empty_message="Loading articles…")
            yield Reader(id="reader")
            yield FacetsPanel(id="facets")  # docked left; last in the focus order
        yield StatusLine("Loading…", id="status")
        yield FittedFooter()

    def on_unmount(self) -> None:
        self.close_marks()  # first: an in-memory cache is also the marks' store
        if self._cache is not None:
            self._cache.close()

    def on_mount(self) -> None:
        known = binding_ids(self.BINDINGS) | binding_ids(FILTER_KEYS)
        for widget in (self.article_list, self.reader, self.facets_panel):
            known |= binding_ids(widget.BINDINGS)
        known |= binding_ids(HelpScreen.BINDINGS) | binding_ids(ProblemsScreen.BINDINGS)
        self._config_problems += apply_config(self, self.config, self._theme_flag, known)
        self._notify_settings()
        # Saved from now on: the theme set above (maybe by --theme, for this run) is not.
        self.call_after_refresh(save_theme_choice, self)
        if self.config.default_query:
            self.filter_bar.input.value = self.config.default_query
        self.article_list.border_title = "Articles"
        self.reader.border_title = "Reader"
        self.focus_now(self.article_list)
        self.notify("Loading articles…", timeout=30)
        self.catch_quit_signals()
        self.load_articles()

    def _notify_settings(self) -> None:
        """Say which settings could not be used (and that the rest, or defaults, are)."""
        for problem in self._config_problems:
            self.notify(printable(problem), title="Settings", severity="warning", timeout=15,
                        markup=False)

    def _notify_recovery(self) -> None:
        """Say so when the cache had to be rebuilt (damaged, or of another version)."""
        note = None if self._cache is None else self._cache.recovery_note
        if note:
            memory = self._cache is not None and self._cache.path == ":memory:" and (
                self._cache_path != ":memory:")
            self.notify(printable(note), title="Cache in memory" if memory else "Cache rebuilt",
                        severity="warning", timeout=30 if memory else 20, markup=False)

    # -- loading ------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_articles(self) -> None:
        """Open the cache, show what it holds at once, then index new and changed files."""
        from .. import ingest  # the indexer pulls in the cleaner and the recogniser

        roots = [root for root, _ in self._given_roots]
        worker = get_current_worker()
        cache = self._cache = self._while_busy(self._open_cache, "open the cache")
        self.post_message(self.CacheOpened())
        # A screenful first, so that a large corpus paints at once; then all of it.
        self.post_message(self.RowsLoaded(cache.rows(roots, limit=FIRST_ROWS), None,
                                          complete=False, state=cache.state()))
        # Let the UI thread paint that screenful before loading the rest takes the GIL.
        self._first_paint.wait(timeout=FIRST_PAINT_WAIT)
        self.post_message(self.RowsLoaded(cache.rows(roots), None, state=cache.state()))
        started = time.perf_counter()
        last_reload, listed = started, 0

        def progress(done: int, total: int, articles: int) -> None:
            nonlocal last_reload, listed
            now = time.perf_counter()
            self.post_message(self.SyncProgress(done, total, articles, now - started))
            if (now - last_reload >= RELOAD_SECONDS and articles > listed
                    and not worker.is_cancelled):
                last_reload, listed = now, articles
                self.post_message(self.RowsLoaded(cache.rows(roots), None,
                                                  state=cache.state()))

        report = self._while_busy(lambda: ingest.sync(
            cache, self.paths, progress=progress, recogniser_spec=self.recogniser_spec,
            recogniser=self.recogniser), "index the files")
        if worker.is_cancelled:
            return
        changed = report.new or report.changed or report.removed or report.articles
        # Unchanged files: the list on screen is already the cache's; keep it (and its
        # warmed filter indexes) rather than build the same again.
        rows = cache.rows(roots) if changed else None
        self.post_message(self.RowsLoaded(rows, report.problems, state=cache.state()))
        self.post_message(self.SyncFinished(report))

    def _open_cache(self) -> Cache:
        """The cache; when it cannot be used (a folder, a device, a read-only or full
        disk), a copy of it in memory, or an empty one (its `recovery_note` says which)."""
        try:
            return Cache.open(self._cache_path)
        except CacheUnusable as unusable:
            return Cache.open_detached(self._cache_path, unusable.why)

    def _while_busy(self, step: Callable[[], _T], what: str) -> _T:
        """Run `step` (in a worker), again while another process holds the cache's write
        lock (`newsreader index` from cron), saying so once."""
        worker = get_current_worker()
        return retry_while_busy(step, pause=BUSY_RETRY, cancelled=lambda: worker.is_cancelled,
                                waiting=lambda error: self.post_message(self.Notice(
                                    f"Cannot {what} yet: another program holds the cache's"
                                    f" write lock ({error}). Trying again until it is"
                                    " released.", severity="warning", timeout=15)))

    @on(CacheOpened)
    def _cache_opened(self) -> None:
        self._notify_recovery()

    @on(RowsLoaded)
    def _rows_loaded(self, event: RowsLoaded) -> None:
        if event.problems is not None:
            self.problems = event.problems
            self.refresh_bindings()  # the footer shows "! Skipped" only when some are
        if event.rows is None:
            return
        self.rows = event.rows
        # Marks made in this run win over those read with the rows: some may still be
        # queued, others written after the rows were read.
        self._engine = Engine(self.rows, self.cache, {**event.state, **self._session_marks})
        self._facets = Facets(self.rows, self._engine.postings)
        self.article_list.set_state(self._engine.state)
        if event.complete:
            self._warm(self._engine)
        else:
            self.call_after_refresh(self._first_paint.set)
        leaders = group_leaders(self.rows)
        self._leaders = None if all(map(int.__eq__, leaders, range(len(leaders)))) else leaders
        self._order = {row.id: i for i, row in enumerate(self.rows)}
        self.reader.set_source(self._row, lambda ident: self._order.get(ident, -1),
                               lambda article: self.related_to(article)[1], self.show_article)
        if self.rows:
            self.article_list.empty_message = "No article matches the filter."
        self._run_search(self.filter_bar.input.value, keep_cursor=True)
        shown = self.reader.article
        if shown is not None and self._wanted is None:
            # Indexing may have changed it (a headline taken from its HTML copy): read it
            # again; the reader redraws only if it did change.
            self._wanted = shown.id
            self._read_article(shown.id)

    @work(thread=True, exclusive=True, group="warm", exit_on_error=False)
    def _warm(self, engine: Engine) -> None:
        """Build the filter's indexes in the background, before the first keystroke."""
        worker = get_current_worker()
        facets = self._facets
        if facets is not None and self.rows:
            # Before the filter reports ready: these take the GIL for a while at 100k rows.
            for kind in FACET_KINDS:
                facets.values(kind)
            facets.related(0)  # the entity index "r", the reader and the filter share
        engine.warm(cancelled=lambda: worker.is_cancelled or engine is not self._engine)
        if engine.warmed:
            # Millions of long-lived objects (rows, indexes) make each full garbage
            # collection a visible pause mid-typing; they live until the next reload.
            gc.freeze()
            # Textual's churn then still set off a collection of the older generations
            # every few frames (15-30 ms each at 100k rows, measured by bench/ui.py):
            # collect the young generation less often and the older ones rarely.
            gc.set_threshold(*GC_THRESHOLDS)

    @on(SyncProgress)
    def _sync_progress(self, event: SyncProgress) -> None:
        from ..ingest import progress_line  # loaded by the indexer already

        # A shorter bar where the line would not fit (the time left comes last).
        bar = 20 if self.size.width >= 100 else 8
        line = progress_line(event.done, event.total, event.articles, event.seconds, bar)
        self._set_status(f"Indexing {line}")

    @on(SyncFinished)
    def _sync_finished(self, event: SyncFinished) -> None:
        self.loaded = True
        self.clear_notifications()  # the loading notice
        self._notify_settings()  # still worth reading once the list is there
        self._notify_recovery()
        self.article_list.empty_message = "No article matches the filter."
        if event.report.similar_skipped:
            self.notify("Similar stories are not grouped above 20,000 articles yet.",
                        severity="information", markup=False)
        if self.problems:
            first = self.problems[0]
            more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
            self.notify(
                f"{printable(first.path)}: {printable(first.reason)}{more}",
                title=f"Skipped {self._skipped_label()}",
                severity="warning",
                markup=False,
            )
        self._update_status()

    def _skipped_label(self) -> str:
        count = len(self.problems)
        return f"{count} input{'s' if count != 1 else ''}"

    # -- filtering ----------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._run_search(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if self.focused is self.filter_bar.input:  # Enter is `action_filter_done` first
            self.focus_now(self.article_list)

    def _run_search(self, text: str, keep_cursor: bool = False) -> None:
        """Start a search for `text`; only the newest search may update the list."""
        self._generation += 1
        # A facet count of the last result must not hold the GIL while this one runs.
        self.workers.cancel_group(self, "facets")
        query = parse_query(text)
        self.filter_bar.show_errors((*query.errors, *query.notes))
        if self._engine is None:
            return
        if query.is_empty:
            self._apply(self._generation, Result(list(range(len(self.rows)))), keep_cursor)
        else:
            self._search(self._generation, query, self._engine)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, generation: int, query: Query, engine: Engine) -> None:
        """Rank the rows for `query` off the UI thread."""
        worker = get_current_worker()
        result = engine.search(query, cancelled=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(self.SearchFinished(generation, result))

    @on(SearchFinished)
    def _search_finished(self, event: SearchFinished) -> None:
        self._apply(event.generation, event.result)

    def _apply(self, generation: int, result: Result, keep_cursor: bool = False) -> None:
        """Show the result of search `generation` unless a newer search has started."""
        if generation != self._generation:
            return
        self._applied_generation = generation
        positions = result.positions
        if self._engine is not None:
            positions = self._engine.ordered(positions, self.sort)
        self._matched = positions
        rows, folded = (positions, []) if self._leaders is None else collapse(
            positions, self._leaders)
        shown = Selection(self.rows, rows)
        cursor = 0
        current = self.article_list.highlighted
        if keep_cursor and current is not None:
            cursor = next((i for i, row in enumerate(shown) if row.id == current.id), 0)
        self.article_list.set_articles(shown, cursor=cursor, folded=folded,
                                       match_words=result.words)
        self._words = result.words  # the reader takes them when it follows the cursor
        if not self._typing():
            self.reader.set_words(result.words)
        self.schedule_facets()
        self._update_status()

    def _update_status(self) -> None:
        shown, total = self.matching_count, len(self.rows)
        text = f"{total} articles" if shown == total else f"{shown} of {total} articles match"
        if sum(self.article_list.folded):
            rows = len(self.visible_articles)
            text += f" · {rows} stor{'y' if rows == 1 else 'ies'}"
        if self.problems:
            text += f" · skipped {self._skipped_label()} (! lists them)"
        self._set_status(text)

    def _set_status(self, text: str) -> None:
        self.query_one("#status", StatusLine).update(text)

    # -- panes --------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _article_highlighted(self, event: ArticleList.Highlighted) -> None:
        # The list repaints first; the (slower) article follows on the next frame, and
        # only if the cursor is still on it.
        # While the filter is being typed in, it waits for a pause in the typing
        # (READER_DELAY): each keystroke's list must not queue behind an article.
        row = event.article

        def show() -> None:
            self._reader_timer = None
            try:
                reader, articles = self.reader, self.article_list
            except NoMatches:  # the app closed before the pause in typing ended
                return
            reader.set_words(self._words)
            if articles.highlighted is row:
                self.show_article(None if row is None else row.id)

        if self._reader_timer is not None:
            self._reader_timer.stop()
            self._reader_timer = None
        if self._typing():
            self._reader_timer = self.set_timer(READER_DELAY, show)
        else:
            self.call_after_refresh(show)

    @on(ArticleList.Selected)
    def _article_selected(self, event: ArticleList.Selected) -> None:
        self.show_article(event.article.id)
        self.mark_read(event.article.id)
        # Keys may have moved focus since Enter was pressed ("/" typed right after it):
        # the later move wins.
        if self.focused is self.article_list:
            self.focus_now(self.reader)

    def show_article(self, ident: str | None) -> None:
        """Show article `ident` in the reader (None: no article), read off the UI thread."""
        if ident is None:
            self._wanted = None
            self.reader.show(None)
            return
        if self._wanted is None and self.reader.article is not None and (
                self.reader.article.id == ident):
            return
        self._wanted = ident
        self.reader.expect()
        self._read_article(ident)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _read_article(self, ident: str) -> None:
        self.post_message(self.ArticleRead(ident, self.article(ident)))

    @on(ArticleRead)
    def _article_read(self, event: ArticleRead) -> None:
        # Else another article was asked for since, or the app is closing.
        if event.ident == self._wanted and self.is_running:
            self._wanted = None
            self.reader.show(event.article)

    def _row(self, ident: str) -> ListRow | None:
        """The list row of article `ident` (None when it is not listed)."""
        position = self._order.get(ident)
        return None if position is None else self.rows[position]

    def mark_read(self, ident: str) -> None:
        """Record that the article was opened, for `is:` filters at once and in the cache
        behind the UI."""
        self._mark(ident, read=True)

    def action_cycle_sort(self) -> None:
        """Switch to the next order of the list and show it in the list's title."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.article_list.border_title = f"Articles · by {self.sort}"
        self._run_search(self.filter_bar.input.value, keep_cursor=True)

    def action_copy_article(self) -> None:
        """Copy the article on show (or under the cursor) as plain text."""
        if self.reader.article is not None:
            self._copy(self.reader.article)
        elif (row := self.article_list.highlighted) is not None:
            self._copy_from_cache(row.id)

    def _copy(self, article: Article) -> None:
        self.copy_to_clipboard(article_text(article))
        self.notify(f"Copied: {article.title}", timeout=3, markup=False)

    @work(thread=True, exclusive=True, group="copy", exit_on_error=False)
    def _copy_from_cache(self, ident: str) -> None:
        article = self.article(ident)
        if article is not None:
            self.call_from_thread(self._copy, article)

    def action_export_result(self) -> None:
        """Ask, then write the current result to a JSON Lines file, off the UI thread."""
        self._ask_export(".jsonl", "jsonl")

    def action_export_markdown(self) -> None:
        """Ask, then write the current result to a Markdown file, off the UI thread."""
        self._ask_export(".md", "markdown")

    def _ask_export(self, suffix: str, form: str) -> None:
        """Show where the export would go; write it on a deliberate "y" (see
        `export_prompt`)."""
        ids, query = self.matching, self.filter_bar.input.value
        folder, stamp = str(export_folder(self.config)), export_stamp()
        count = f"{len(ids)} article{'s' if len(ids) != 1 else ''}"
        question = f"Write {count} to {free_export_name(folder, stamp, suffix)}?"

        def answered(write: bool | None) -> None:
            if write:
                self._export(ids, query, folder, stamp, suffix, form)
            else:
                self.notify("Nothing exported.", timeout=2)

        self.push_screen(ExportPrompt(question), answered)

    def action_toggle_kind(self, label: str) -> None:
        """Switch the highlighting of one entity kind on or off."""
        self.reader.toggle_kind(label)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self, ids: list[str], query: str, folder: str, stamp: str, suffix: str,
                form: str) -> None:
        """Write the articles `ids` to a new file in `folder` (never an existing one)."""
        articles = (a for a in map(self.article, ids) if a is not None)
        try:
            os.makedirs(folder, exist_ok=True)
            path, out = create_export(folder, stamp, suffix)
            with out:
                if form == "markdown":
                    count = write_markdown(articles, out, query)
                else:
                    count = write_jsonl(articles, out)
        except OSError as error:
            self.post_message(self.Notice(f"Export failed: {error}", severity="error"))
            return
        self.exported = path
        noun = "article" if count == 1 else "articles"
        self.post_message(self.Notice(f"Exported {count} {noun} to {path}"))

    def action_star(self) -> None:
        """Star the article under the cursor, or unstar it (in the cache behind the UI)."""
        row = self.article_list.highlighted
        if row is None or self._engine is None:
            return
        starred = not self._engine.state.get(row.id, (False, False))[1]
        self._mark(row.id, starred=starred)

    def _mark(self, ident: str, *, read: bool | None = None, starred: bool | None = None
              ) -> None:
        """Set an article's marks: at once for the filter and the list, and in the cache
        behind the UI (`marks`)."""
        if read is not None:
            self.marks.put(ident, "read", read)
        if starred is not None:
            self.marks.put(ident, "starred", starred)
        if self._engine is None:
            return
        old_read, old_starred = self._engine.state.get(ident, (False, False))
        marks = (old_read if read is None else read,
                 old_starred if starred is None else starred)
        self._session_marks[ident] = marks
        self._engine.mark(ident, read=marks[0], starred=marks[1])
        self.article_list.set_state(self._engine.state)

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        """Mark the panes while the reader has focus: narrow layouts give it more room."""
        self.query_one("#panes").set_class(event.widget is self.reader, "-reading")

    @on(Reader.BackRequested)
    def _reader_back(self) -> None:
        if self.focused is self.reader:  # unless a later key ("/") moved focus already
            self.focus_now(self.article_list)

    def _typing(self) -> bool:
        """True while the filter input has focus (False once the app is closing)."""
        return bool(self.screen_stack) and self.focused is self.filter_bar.input

    def focus_now(self, widget: Widget) -> None:
        """Focus `widget` now, not on the next turn as `Widget.focus` does.

        Keys typed right after a pane switch then reach the new pane.
        """
        if widget is self.reader:  # under 80 columns the reader shows only while reading
            self.query_one("#panes").add_class("-reading")
        self.list_back(widget)
        self.screen.set_focus(widget)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette offers Textual's commands (themes, keys, screenshot) and every key's
        action, named with its key."""
        yield from super().get_system_commands(screen)
        yield from binding_commands(self, screen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Let the focus keys through to a dialog when one is open (and to the reader,
        Escape; to the filter when typing in it, "/")."""
        main = bool(self.screen_stack) and self.screen is self.screen_stack[0]
        if action == "focus_filter":
            return main and not isinstance(self.focused, Input)
        if action == "clear_filter":
            return main and self.focused is not self.reader
        if action == "filter_done":
            return main and self.focused is self.filter_bar.input
        if action == "command_palette":  # ctrl+p moves up in the filter, as in fzf
            return not isinstance(self.focused, FilterInput)
        if action in ("focus_next", "focus_previous"):
            return main
        if action == "problems":  # shown in the footer only when something was skipped
            return bool(self.problems) and not isinstance(self.focused, Input)
        return True

    def action_focus_filter(self) -> None:
        """Put the cursor in the filter input."""
        self.focus_now(self.filter_bar.input)

    def action_filter_done(self) -> None:
        """Leave the filter for the list, keeping the query; or open the highlighted
        article, once the highlight was moved from the filter."""
        if not self.open_from_filter():
            self.focus_now(self.article_list)

    def action_clear_filter(self) -> None:
        """Empty the filter, show every article and focus the list."""
        self.filter_bar.clear()
        self.focus_now(self.article_list)

    def action_help(self) -> None:
        """Open the help screen."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections(), self.config.keys))

    def related_to(self, article: Article | ListRow
                   ) -> tuple[list[ListRow], list[tuple[ListRow, list[str]]]]:
        """The similar stories of `article` and the articles sharing the most entities
        with it, each with the shared names (countries by name); all among this run's
        articles."""
        if self._facets is None or article.id not in self._order:
            return [], []
        facets, position = self._facets, self._order[article.id]
        group = {self._order[i] for i in article.similar if i in self._order}
        found = facets.related(position, limit=RELATED_LIMIT, exclude=group)
        mine = {kind: set(facets.values(kind)[position]) for kind in RELATED_KINDS}
        related = []
        for other, _ in found:
            shared = sorted({country_name(v) if kind == "country" else v
                             for kind in RELATED_KINDS for v in facets.values(kind)[other]
                             if v in mine[kind]})
            related.append((self.rows[other], shared))
        return [self.rows[p] for p in sorted(group)], related

    def action_related(self) -> None:
        """Offer the similar stories and related articles of the article on show."""
        article: Article | ListRow | None = self.reader.article or self.article_list.highlighted
        if article is None:
            return

        def chosen(ident: str | None) -> None:
            if ident is not None:
                self.show_article(ident)
                self.mark_read(ident)
                if not isinstance(self.focused, Input):  # unless "/" was typed since
                    self.focus_now(self.reader)

        self.push_screen(RelatedScreen(*self.related_to(article)), chosen)

    def task_failed(self, group: str, error: BaseException | None) -> None:
        """After a worker failed: an article that could not be read is not awaited."""
        if not self.is_running:
            return
        if group == "article":
            self._wanted = None
            self.reader.show(None)
        elif group == "load":
            self._set_status(f"Could not load the articles: {error}")

    def action_problems(self) -> None:
        """Open the list of skipped inputs."""
        if not isinstance(self.screen, ProblemsScreen):
            self.push_screen(ProblemsScreen(list(self.problems)))

    def help_sections(self) -> list[Section]:
        """The key bindings the help screen lists, grouped by where they apply."""

        def bindings(source: Sequence[BindingType]) -> list[Binding]:
            return [b for b in source if isinstance(b, Binding)]

        return [
            # Enter in the filter is listed under "Filter input".
            ("Anywhere", [b for b in bindings(self.BINDINGS) if b.id != "app.filter_done"]),
            ("Article list", bindings(ArticleList.BINDINGS)),
            ("Reader", bindings(Reader.BINDINGS)),
            ("Filter input", FILTER_KEYS),
            ("Skipped inputs", bindings(ProblemsScreen.BINDINGS)),
        ]
