"""The main screen: the filter, the article list, the reader and the facets, and what
keeps them up to date.

Its parts are mixed in, one concern each: `Loading` (the cache read and the files
indexed in the background), `Filtering` (search generations: only the newest query may
update the list), `Reading` (the reader following the list), `FacetKeys` (the facets
pane and its counts), `MarkKeys` (read/starred marks, set in one place), and
`NavigationKeys`, `BrowserKeys` and `ExportKeys` (keys that move between, open or write
articles). Every slow step runs in a thread worker (`@work(thread=True,
exclusive=True)`) that posts its result back as a message (`messages`), so the UI thread
never waits on the disk. The state they share lives here (`__init__`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from ..article import LABELS, ListRow
from ..marks import MarkWriter, SessionMarks
from ..search import SORTS, SortKey
from .article_list import ArticleList
from .browser import BrowserKeys
from .exporting import ExportKeys
from .facet_keys import FacetKeys
from .facets_panel import FacetsPanel
from .filter_bar import FilterBar
from .filtering import Filtering
from .footer import FittedFooter
from .help import HelpScreen
from .loading import Loading
from .marking import MarkKeys
from .navigation import NavigationKeys
from .problems import ProblemsScreen
from .reader import Reader
from .reading import Reading
from .status_line import StatusLine

if TYPE_CHECKING:
    from textual import getters
    from textual.timer import Timer
    from textual.widget import Widget

    from ..facets import Facets
    from ..files import Problem
    from ..search import Engine
    from .app import NewsReaderApp

#: What each entity kind is called in help texts.
KIND_NAMES = {"PERSON": "people", "COUNTRY": "countries", "PLACE": "places",
              "ORG": "organisations"}
#: What each worker group does, for failure messages ("Reading the article failed").
TASKS = {
    "load": "Loading the articles", "article": "Reading the article",
    "search": "Filtering", "export": "Exporting", "copy": "Copying",
    "facets": "Counting the facets", "warm": "Preparing the filter"}


class MainScreen(Loading, Filtering, Reading, FacetKeys, MarkKeys, NavigationKeys,
                 BrowserKeys, ExportKeys, Screen[None]):
    """The list of articles beside the reader; the first screen on the app's stack."""

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
        Binding("tab", "app.focus_next", "Next pane", id="app.next_pane", priority=True,
                show=False, tooltip="Move focus to the next pane (filter, list, reader)."),
        Binding("shift+tab", "app.focus_previous", "Previous pane", id="app.previous_pane",
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
        Binding("q", "app.quit", "Quit", id="app.quit",
                tooltip="Quit newsreader (in the reader, q goes back to the list first)."),
    ]

    if TYPE_CHECKING:  # the app, typed as ours (at run time, Textual's `app` as ever)
        app = getters.app(NewsReaderApp)

    def __init__(self, marks: MarkWriter) -> None:
        super().__init__(id="_default")  # the id of Textual's own first screen
        self.rows: list[ListRow] = []
        """Every article of the opened paths, in list order (empty until loaded)."""
        self.problems: list[Problem] = []
        """Inputs the indexer skipped."""
        self.loaded: bool = False
        """True once every file under the paths is indexed and listed."""
        self.exported: str | None = None
        """The file the last export wrote."""
        self.sort: SortKey = SORTS[0]
        """How the list is ordered: one of `SORTS`."""
        self.marks: SessionMarks = SessionMarks(marks)
        """Every article's read/starred marks as this run shows them (`MarkKeys`)."""
        self._engine: Engine | None = None
        self._facets: Facets | None = None
        self._leaders: dict[int, int] | None = None
        self._order: dict[str, int] = {}
        self._matched: list[int] = []
        self._words: tuple[str, ...] = ()
        self._generation: int = 0
        self._applied_generation: int = 0
        self._wanted: str | None = None
        self._reader_timer: Timer | None = None
        self._facets_timer: Timer | None = None
        self._first_paint = threading.Event()

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
    def articles(self) -> list[ListRow]:
        """Every listed article (as list rows), in list order."""
        return self.rows

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
    def filter_ready(self) -> bool:
        """True once the filter's indexes are built (every query is then fast)."""
        return self._engine is not None and self._engine.warmed

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

    def on_mount(self) -> None:
        default_query = self.app.config.default_query
        if default_query:
            self.filter_bar.input.value = default_query
        self.article_list.border_title = "Articles"
        self.reader.border_title = "Reader"
        self.focus_now(self.article_list)
        self.notify("Loading articles…", timeout=30)
        self.load_articles()

    def update_status(self) -> None:
        """Say how many articles match, in how many stories, and what was skipped."""
        shown, total = self.matching_count, len(self.rows)
        text = f"{total} articles" if shown == total else f"{shown} of {total} articles match"
        if sum(self.article_list.folded):
            rows = len(self.visible_articles)
            text += f" · {rows} stor{'y' if rows == 1 else 'ies'}"
        if self.problems:
            text += f" · skipped {self.skipped_label()} (! lists them)"
        self.set_status(text)

    def set_status(self, text: str) -> None:
        """Show `text` on the status line."""
        self.query_one("#status", StatusLine).update(text)

    def skipped_label(self) -> str:
        """"N input(s)", of those skipped."""
        count = len(self.problems)
        return f"{count} input{'s' if count != 1 else ''}"

    # -- filter -------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if self.app.focused is self.filter_bar.input:  # Enter is `action_filter_done` first
            self.focus_now(self.article_list)

    # -- panes --------------------------------------------------------------

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        """Mark the panes while the reader has focus: narrow layouts give it more room."""
        self.query_one("#panes").set_class(event.widget is self.reader, "-reading")

    @on(Reader.BackRequested)
    def _reader_back(self) -> None:
        if self.app.focused is self.reader:  # unless a later key ("/") moved focus already
            self.focus_now(self.article_list)

    def is_typing(self) -> bool:
        """True while the filter input has focus (False once the app is closing)."""
        return bool(self.app.screen_stack) and self.app.focused is self.filter_bar.input

    def focus_now(self, widget: Widget) -> None:
        """Focus `widget` now, not on the next turn as `Widget.focus` does.

        Keys typed right after a pane switch then reach the new pane.
        """
        if widget is self.reader:  # under 80 columns the reader shows only while reading
            self.query_one("#panes").add_class("-reading")
        self.list_back(widget)
        self.set_focus(widget)

    # -- keys ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Let the focus keys through to a dialog when one is open (and to the reader,
        Escape; to the filter when typing in it, "/")."""
        main = self.app.screen is self
        focused = self.app.focused
        if action == "focus_filter":
            return main and not isinstance(focused, Input)
        if action == "clear_filter":
            return main and focused is not self.reader
        if action == "filter_done":
            return main and focused is self.filter_bar.input
        if action == "problems":  # shown in the footer only when something was skipped
            return bool(self.problems) and not isinstance(focused, Input)
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

    def action_toggle_kind(self, label: str) -> None:
        """Switch the highlighting of one entity kind on or off."""
        self.reader.toggle_kind(label)

    def action_help(self) -> None:
        """Open the help screen."""
        if not isinstance(self.app.screen, HelpScreen):
            self.app.push_screen(HelpScreen(self.app.help_sections(), self.app.config.keys))

    def action_problems(self) -> None:
        """Open the list of skipped inputs."""
        if not isinstance(self.app.screen, ProblemsScreen):
            self.app.push_screen(ProblemsScreen(list(self.problems)))

    # -- workers that failed ------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker failed: put things right, say so, and keep the app running (every
        worker is started with `exit_on_error=False`)."""
        worker = event.worker
        if event.state is not WorkerState.ERROR:
            return
        self.task_failed(worker.group, worker.error)
        what = TASKS.get(worker.group, "A background task")
        self.notify(f"{what} failed: {worker.error}", title="Error", severity="error",
                    timeout=15, markup=False)

    def task_failed(self, group: str, error: BaseException | None) -> None:
        """After a worker failed: an article that could not be read is not awaited."""
        if not self.app.is_running:
            return
        if group == "article":
            self._wanted = None
            self.reader.show(None)
        elif group == "load":
            self.set_status(f"Could not load the articles: {error}")
