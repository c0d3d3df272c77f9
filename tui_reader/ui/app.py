"""The newsreader application: its settings (config, theme, keys), the cache's lifetime
and the keys that work on every screen. What it shows, and the work that keeps that up
to date, is the main screen's (`main_screen`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ..collection import given_roots
from ..config import Config, load_config
from ..marks import MarkWriter
from ..recognisers import Recogniser
from ..resources import styles_dir
from ..sanitize import printable
from ..storage import Cache, CacheUnusable
from . import strip_cycles
from .article_list import ArticleList
from .commands import binding_commands
from .facets_panel import FacetsPanel
from .filter_bar import FILTER_KEYS, FilterInput
from .help import HelpScreen, Section
from .lifecycle import LifecycleApp, open_mark_store
from .main_screen import MainScreen
from .messages import Notice
from .problems import ProblemsScreen
from .reader import Reader
from .related_screen import RelatedScreen
from .settings import apply_config, binding_ids, save_theme_choice

strip_cycles.apply()  # Textual's rendered lines freed when dropped, not by the collector

if TYPE_CHECKING:
    from ..article import ListRow


class NewsReaderApp(LifecycleApp):
    """Browse, filter and read the articles of the page dumps under `paths`."""

    TITLE = "newsreader"
    CSS_PATH = styles_dir() / "app.tcss"
    COMMAND_PALETTE_BINDING = "ctrl+p"
    # (typed by App; a ClassVar annotation here reads to mypy as a new declaration)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-medium"), (140, "-wide")]  # noqa: RUF012

    #: Keys that work on every screen, dialogs too (the main screen's are its own).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q,ctrl+c", "quit", "Quit (also while typing)", id="app.force_quit",
                show=False, priority=True, tooltip="Quit newsreader, even from the filter."),
        Binding("ctrl+z", "suspend", "Suspend", id="app.suspend", show=False, priority=True,
                tooltip="Suspend newsreader to the shell (fg resumes it)."),
    ]

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
        self.given_roots: list[tuple[str, str]] = given_roots(self.paths)
        """Each path given as (its resolved form, as spelled), for `collection.scoped`."""
        self.recogniser_spec: str | None = recogniser_spec
        """The `--ner` value, for the indexer's worker processes."""
        self.recogniser: Recogniser | None = recogniser
        """An already-built recogniser (tests, embedding); it makes indexing run inline."""
        self._cache_path = cache_path
        self._cache: Cache | None = None  # opened by `open_cache`, off the UI thread
        self.marks: MarkWriter = MarkWriter(
            lambda: open_mark_store(self.cache),
            on_trouble=lambda text: self.post_message(Notice(
                text, severity="warning", timeout=15)),
            on_recovered=lambda count: self.post_message(Notice(
                f"Read/starred mark{'s' if count != 1 else ''} saved.", timeout=3)))
        """Writes read/starred marks to the cache behind the UI, retrying while locked."""
        self.main_screen: MainScreen = MainScreen(self.marks)
        """The list, the reader and the facets: the first screen on the stack."""

    @property
    def rows(self) -> list[ListRow]:
        """Every article of the opened paths, in list order (the main screen's list)."""
        return self.main_screen.rows

    @property
    def roots(self) -> list[str]:
        """The paths given, resolved: what this run reads from the cache."""
        return [root for root, _ in self.given_roots]

    @property
    def marks_pending(self) -> int:
        """How many read/starred marks are not written to the cache yet."""
        return len(self.marks.pending)

    # -- the cache ----------------------------------------------------------

    @property
    def cache(self) -> Cache:
        """The SQLite cache the list is read from (opened off the UI thread at start)."""
        if self._cache is None:
            raise RuntimeError("the cache is not open yet")
        return self._cache

    def open_cache(self) -> Cache:
        """Open the cache (from a worker: it may wait for a lock, or check the file); when
        it cannot be used (a folder, a device, a read-only or full disk), a copy of it in
        memory, or an empty one (its `recovery_note` says which). It is closed when the
        app ends."""
        try:
            cache = Cache.open(self._cache_path)
        except CacheUnusable as unusable:
            cache = Cache.open_detached(self._cache_path, unusable.why)
        self._cache = cache
        return cache

    def notify_recovery(self) -> None:
        """Say so when the cache had to be rebuilt (damaged, or of another version)."""
        note = None if self._cache is None else self._cache.recovery_note
        if note:
            memory = self._cache is not None and self._cache.path == ":memory:" and (
                self._cache_path != ":memory:")
            self.notify(printable(note), title="Cache in memory" if memory else "Cache rebuilt",
                        severity="warning", timeout=30 if memory else 20, markup=False)

    # -- start and end ------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        return self.main_screen

    def on_mount(self) -> None:
        # Before the main screen mounts (it reads the default query and starts loading).
        known: set[str] = set()
        for bindings in (self.BINDINGS, MainScreen.BINDINGS, FILTER_KEYS, ArticleList.BINDINGS,
                         Reader.BINDINGS, FacetsPanel.BINDINGS, HelpScreen.BINDINGS,
                         ProblemsScreen.BINDINGS, RelatedScreen.BINDINGS):
            known |= binding_ids(bindings)
        self._config_problems += apply_config(self, self.config, self._theme_flag, known)
        self.notify_settings()
        # Saved from now on: the theme set above (maybe by --theme, for this run) is not.
        self.call_after_refresh(save_theme_choice, self)
        self.catch_quit_signals()

    def on_unmount(self) -> None:
        self.close_marks()  # first: an in-memory cache is also the marks' store
        if self._cache is not None:
            self._cache.close()

    def notify_settings(self) -> None:
        """Say which settings could not be used (and that the rest, or defaults, are)."""
        for problem in self._config_problems:
            self.notify(printable(problem), title="Settings", severity="warning", timeout=15,
                        markup=False)

    # -- keys ---------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette offers Textual's commands (themes, keys, screenshot) and every key's
        action, named with its key."""
        yield from super().get_system_commands(screen)
        yield from binding_commands(self, screen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Tab moves between the main screen's panes only (a dialog keeps its focus);
        ctrl+p moves up in the filter, as in fzf, instead of opening the palette."""
        if action == "command_palette":
            return not isinstance(self.focused, FilterInput)
        if action in ("focus_next", "focus_previous"):
            return bool(self.screen_stack) and self.screen is self.main_screen
        return True

    def help_sections(self) -> list[Section]:
        """The key bindings the help screen lists, grouped by where they apply."""

        def bindings(source: Sequence[BindingType]) -> list[Binding]:
            return [b for b in source if isinstance(b, Binding)]

        anywhere = [*bindings(MainScreen.BINDINGS), *bindings(self.BINDINGS)]
        return [
            # Enter in the filter is listed under "Filter input".
            ("Anywhere", [b for b in anywhere if b.id != "app.filter_done"]),
            ("Article list", bindings(ArticleList.BINDINGS)),
            ("Reader", bindings(Reader.BINDINGS)),
            ("Filter input", FILTER_KEYS),
            ("Skipped inputs", bindings(ProblemsScreen.BINDINGS)),
        ]
