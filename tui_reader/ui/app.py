"""The newsreader application: a filterable article list beside a reader."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from ..article import Article
from ..files import Problem
from ..recognisers import Recogniser, recognise
from ..resources import styles_dir
from ..search import Query, SearchIndex, parse_query
from ..similar import collapse, group_leaders
from .article_list import ArticleList
from .filter_bar import FILTER_KEYS, FilterBar
from .help import HelpScreen, Section
from .reader import Reader


class NewsReaderApp(App[None]):
    """Browse, filter and read the articles of the page dumps under `paths`."""

    TITLE = "newsreader"
    CSS_PATH = styles_dir() / "app.tcss"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        # A priority binding moves focus before the keys typed right after "/" are routed,
        # so "/quake" typed fast filters on "quake" instead of quitting on "q".
        Binding("slash", "focus_filter", "Filter", id="app.filter", priority=True,
                tooltip="Type a query to narrow the list."),
        Binding("escape", "clear_filter", "Clear", id="app.clear_filter",
                tooltip="Clear the filter and return to the list."),
        Binding("tab", "focus_next", "Next pane", id="app.next_pane",
                tooltip="Move focus to the next pane (filter, list, reader)."),
        Binding("shift+tab", "focus_previous", "Previous pane", id="app.previous_pane",
                show=False, tooltip="Move focus to the previous pane."),
        Binding("question_mark", "help", "Help", id="app.help",
                tooltip="Show every key and the filter syntax."),
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit newsreader."),
        Binding("ctrl+q", "quit", "Quit (also while typing)", id="app.force_quit", show=False,
                priority=True, tooltip="Quit newsreader, even from the filter."),
    ]

    class LoadProgress(Message):
        """The loader finished reading one more file."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done: int = done
            """Files read so far."""
            self.total: int = total
            """Files to read in all."""

    class CorpusLoaded(Message):
        """The loader finished: the articles, their index and the skipped inputs."""

        def __init__(
            self, articles: list[Article], index: SearchIndex, problems: list[Problem]
        ) -> None:
            super().__init__()
            self.articles: list[Article] = articles
            """Every article, in input order."""
            self.index: SearchIndex = index
            """The search index over `articles`."""
            self.problems: list[Problem] = problems
            """Inputs that were skipped, and why."""

    class SearchFinished(Message):
        """A search worker found the positions matching one query."""

        def __init__(self, generation: int, positions: list[int]) -> None:
            super().__init__()
            self.generation: int = generation
            """Which query this answers; stale generations are dropped."""
            self.positions: list[int] = positions
            """Matching article positions, best first."""

    def __init__(self, paths: Sequence[str], recogniser: Recogniser | None = None) -> None:
        super().__init__()
        self.paths: list[str] = list(paths)
        """The files and folders to read."""
        self.recogniser: Recogniser = recogniser or recognise
        """The entity recogniser (`--ner`), chosen before the app starts."""
        self.articles: list[Article] = []
        """Every loaded article, in input order (empty until loaded)."""
        self.problems: list[Problem] = []
        """Inputs the loader skipped."""
        self.loaded: bool = False
        """True once the corpus has been loaded."""
        self._index: SearchIndex | None = None
        self._leaders: list[int] = []
        self._generation: int = 0
        self._applied_generation: int = 0

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
    def visible_articles(self) -> Sequence[Article]:
        """The articles the list shows, in row order: one per group of similar stories."""
        return self.article_list.articles

    @property
    def matching_count(self) -> int:
        """How many articles match the filter, similar stories included."""
        return len(self.visible_articles) + sum(self.article_list.folded)

    @property
    def search_pending(self) -> bool:
        """True while the list does not yet reflect the latest filter text."""
        return self._applied_generation != self._generation

    # -- layout -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield FilterBar(id="filter-bar")
        with Container(id="panes"):
            yield ArticleList(id="articles", empty_message="Loading articles…")
            yield Reader(id="reader")
        yield Static(Text("Loading…"), id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.article_list.border_title = "Articles"
        self.reader.border_title = "Reader"
        self.article_list.focus()
        self.notify("Loading articles…", timeout=30)
        self.load_articles()

    # -- loading ------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_articles(self) -> None:
        """Read, clean and index the corpus off the UI thread, then post it back."""
        from ..corpus import load_corpus  # heavy: imported when the worker starts

        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            self.post_message(self.LoadProgress(done, total))

        corpus = load_corpus(self.paths, progress=progress, recogniser=self.recogniser)
        index = SearchIndex.build(corpus.articles)
        if not worker.is_cancelled:
            self.post_message(self.CorpusLoaded(corpus.articles, index, corpus.problems))

    @on(LoadProgress)
    def _show_progress(self, event: LoadProgress) -> None:
        if not self.loaded:
            self._set_status(f"Loading… {event.done}/{event.total} files")

    @on(CorpusLoaded)
    def _corpus_loaded(self, event: CorpusLoaded) -> None:
        self.articles = event.articles
        self.problems = event.problems
        self._index = event.index
        self._leaders = group_leaders(self.articles)
        self.reader.set_corpus(self.articles)
        self.loaded = True
        self.clear_notifications()  # the loading notice
        self.article_list.empty_message = "No article matches the filter."
        if self.problems:
            first = self.problems[0]
            more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
            self.notify(
                f"{first.path}: {first.reason}{more}",
                title=f"Skipped {self._skipped_label()}",
                severity="warning",
                markup=False,
            )
        self._run_search(self.filter_bar.input.value)

    def _skipped_label(self) -> str:
        count = len(self.problems)
        return f"{count} input{'s' if count != 1 else ''}"

    # -- filtering ----------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._run_search(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.focus_now(self.article_list)

    def _run_search(self, text: str) -> None:
        """Start a search for `text`; only the newest search may update the list."""
        self._generation += 1
        query = parse_query(text)
        self.filter_bar.show_errors(query.errors)
        if self._index is None:
            return
        if query.is_empty:
            self._apply(self._generation, list(range(len(self.articles))))
        else:
            self._search(self._generation, query, self._index)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, generation: int, query: Query, index: SearchIndex) -> None:
        """Rank the articles for `query` off the UI thread."""
        positions = index.search(query)
        if not get_current_worker().is_cancelled:
            self.post_message(self.SearchFinished(generation, positions))

    @on(SearchFinished)
    def _search_finished(self, event: SearchFinished) -> None:
        self._apply(event.generation, event.positions)

    def _apply(self, generation: int, positions: list[int]) -> None:
        """Show the result of search `generation` unless a newer search has started."""
        if generation != self._generation:
            return
        self._applied_generation = generation
        rows, folded = collapse(positions, self._leaders)
        self.article_list.set_articles([self.articles[i] for i in rows], folded=folded)
        self._update_status()

    def _update_status(self) -> None:
        shown, total = self.matching_count, len(self.articles)
        text = f"{total} articles" if shown == total else f"{shown} of {total} articles match"
        if sum(self.article_list.folded):
            rows = len(self.visible_articles)
            text += f" · {rows} stor{'y' if rows == 1 else 'ies'}"
        if self.problems:
            text += f" · skipped {self._skipped_label()}"
        self._set_status(text)

    def _set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(Text(text))

    # -- panes --------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _article_highlighted(self, event: ArticleList.Highlighted) -> None:
        self.reader.show(event.article)

    @on(ArticleList.Selected)
    def _article_selected(self, event: ArticleList.Selected) -> None:
        self.reader.show(event.article)
        self.focus_now(self.reader)

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        """Mark the panes while the reader has focus: narrow layouts give it more room."""
        self.query_one("#panes").set_class(event.widget is self.reader, "-reading")

    @on(Reader.BackRequested)
    def _reader_back(self) -> None:
        self.focus_now(self.article_list)

    def focus_now(self, widget: Widget) -> None:
        """Focus `widget` now, not on the next turn as `Widget.focus` does.

        Keys typed right after a pane switch then reach the new pane.
        """
        self.screen.set_focus(widget)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Let "/" through to the filter when typing in it or when a dialog is open."""
        if action == "focus_filter":
            typing = isinstance(self.focused, Input)
            return not typing and self.screen is self.screen_stack[0]
        return True

    def action_focus_filter(self) -> None:
        """Put the cursor in the filter input."""
        self.focus_now(self.filter_bar.input)

    def action_clear_filter(self) -> None:
        """Empty the filter, show every article and focus the list."""
        self.filter_bar.clear()
        self.focus_now(self.article_list)

    def action_help(self) -> None:
        """Open the help screen."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[Section]:
        """The key bindings the help screen lists, grouped by where they apply."""

        def bindings(source: Sequence[BindingType]) -> list[Binding]:
            return [b for b in source if isinstance(b, Binding)]

        return [
            ("Anywhere", bindings(self.BINDINGS)),
            ("Article list", bindings(ArticleList.BINDINGS)),
            ("Reader", bindings(Reader.BINDINGS)),
            ("Filter input", FILTER_KEYS),
        ]
