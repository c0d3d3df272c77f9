"""The reader pane: one article's title, metadata, highlighted body and similar stories."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from ..article import Article, ListRow
from ..search import match_spans
from .article_body import ArticleBody
from .highlight import (
    entity_counts,
    entity_spans,
    fit_entity_colours,
    highlighted_body,
    legend,
    metadata_line,
    related_articles,
    similar_stories,
    title_text,
)
from .scrolling import scroll_now

if TYPE_CHECKING:
    from textual.timer import Timer

#: Related articles listed under the body ("r" offers more).
RELATED_SHOWN = 5
#: An article still being read from the cache after this long (seconds, about two
#: frames) gives way to a "Loading…" line, rather than the last one staying on show.
LOADING_DELAY = 0.04


class Legend(Widget):
    """The key to the entity colours, wrapped to the pane's width."""

    counts: reactive[dict[str, int] | None] = reactive(None, layout=True)
    """Mentions per kind in the article on show; None shows the kinds alone."""
    hidden: reactive[frozenset[str]] = reactive(frozenset(), layout=True)
    """Kinds whose highlighting is switched off."""

    def render(self) -> Text:
        return legend(self.counts, self.content_size.width, self.hidden)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(legend(self.counts, width, self.hidden).plain.splitlines()) or 1


class Reader(VerticalScroll, can_focus=True):
    """A scrollable view of one article; the entity legend stays docked at the bottom."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "scroll_down", "Scroll down", id="reader.down", show=False,
                tooltip="Scroll the article down one line."),
        Binding("up,k", "scroll_up", "Scroll up", id="reader.up", show=False,
                tooltip="Scroll the article up one line."),
        Binding("pagedown,space", "page_down", "Page down", id="reader.page_down", show=False,
                tooltip="Scroll the article down one screen."),
        Binding("pageup,b", "page_up", "Page up", id="reader.page_up", show=False,
                tooltip="Scroll the article up one screen."),
        Binding("ctrl+d", "half_page(1)", "Half page down", id="reader.half_page_down",
                show=False, tooltip="Scroll the article down half a screen (as in less)."),
        Binding("ctrl+u", "half_page(-1)", "Half page up", id="reader.half_page_up",
                show=False, tooltip="Scroll the article up half a screen (as in less)."),
        Binding("J", "step_article(1)", "Next article", id="reader.next_article",
                show=False, tooltip="Read the next article of the list, staying in the"
                                    " reader (as in newsboat)."),
        Binding("K", "step_article(-1)", "Previous article", id="reader.previous_article",
                show=False, tooltip="Read the previous article of the list, staying in the"
                                    " reader."),
        Binding("home,g", "scroll_home", "Top", id="reader.top", show=False,
                tooltip="Go to the start of the article."),
        Binding("end,G", "scroll_end", "Bottom", id="reader.bottom", show=False,
                tooltip="Go to the end of the article."),
        # Priority: see MainScreen.BINDINGS (keys that move focus).
        Binding("enter,escape,q", "back", "Back to list", id="reader.back", priority=True,
                tooltip="Return focus to the article list (q quits only from the list)."),
        Binding("right_square_bracket", "similar(1)", "Next similar", id="reader.next_similar",
                tooltip="Read the next similar story (the same story from another outlet)."),
        Binding("left_square_bracket", "similar(-1)", "Previous similar",
                id="reader.previous_similar", show=False,
                tooltip="Read the previous similar story."),
        Binding("n", "jump_match(1)", "Next match", id="reader.next_match",
                tooltip="Go to the next place the filter's words appear in the article."),
        Binding("N", "jump_match(-1)", "Previous match", id="reader.previous_match",
                show=False, tooltip="Go to the previous place the filter's words appear."),
        Binding("e", "jump_entity(1)", "Next entity", id="reader.next_entity",
                tooltip="Go to the next highlighted person, country, place or organisation."),
        Binding("E", "jump_entity(-1)", "Previous entity", id="reader.previous_entity",
                show=False, tooltip="Go to the previous highlighted entity."),
    ]

    class BackRequested(Message):
        """The user asked to leave the reader for the article list."""

    class StepRequested(Message):
        """The user asked for the next or previous article of the list, in the reader."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step: int = step
            """1: the next article, -1: the previous one."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._article: Article | None = None
        self._words: tuple[str, ...] = ()
        self._hidden: frozenset[str] = frozenset()
        self._matches: list[tuple[int, int]] = []
        self._current: tuple[int, int] | None = None
        self._body: Text = Text()
        self._title: str | None = None  # the title on show: new words restyle it in place
        self._row: Callable[[str], ListRow | None] = lambda ident: None
        self._order: Callable[[str], int] = lambda ident: 0
        self._related: Callable[[Article], Sequence[tuple[ListRow, list[str]]]] = (
            lambda article: [])
        self._open: Callable[[str], None] = lambda ident: None
        self._loading: Timer | None = None

    def set_source(
        self, row: Callable[[str], ListRow | None], order: Callable[[str], int],
        related: Callable[[Article], Sequence[tuple[ListRow, list[str]]]] | None = None,
        open_article: Callable[[str], None] | None = None,
    ) -> None:
        """Where similar stories come from: `row(id)` is one's list row (None when not
        listed) and `order(id)` its place in the list; `related(article)` lists the
        articles sharing the most entities with it, each with the shared names;
        `open_article(id)` asks for one to be shown (it is read off the UI thread and
        comes back through `show`)."""
        self._row, self._order = row, order
        if related is not None:
            self._related = related
        if open_article is not None:
            self._open = open_article

    def group(self, article: Article) -> list[str]:
        """The ids of `article` and of its listed similar stories, in list order."""
        listed = [ident for ident in article.similar if self._row(ident) is not None]
        return sorted([article.id, *listed], key=self._order)

    def expect(self) -> None:
        """An article is on its way: show "Loading…" should it not come within
        `LOADING_DELAY`."""
        if self._loading is None:
            self._loading = self.set_timer(LOADING_DELAY, self._show_loading)

    def _show_loading(self) -> None:
        if self._loading is None:
            # `show` came first: the timer had fired, its callback already queued, when
            # `show` stopped it (seen under load: the article gave way to "Loading…").
            return
        self._loading = None
        if self.app.is_running:  # not while the app is closing (its widgets going)
            self._clear(Text("Loading…", style="dim italic"))

    @property
    def article(self) -> Article | None:
        """The article on show, or None when the reader is empty."""
        return self._article

    @property
    def matches(self) -> list[tuple[int, int]]:
        """(start, end) of each place in the body where a filter word appears."""
        return self._matches

    @property
    def current(self) -> tuple[int, int] | None:
        """The match or entity span the last jump went to, None before any jump."""
        return self._current

    @property
    def hidden(self) -> frozenset[str]:
        """Entity kinds whose highlighting is off."""
        return self._hidden

    def set_words(self, words: Sequence[str]) -> None:
        """Highlight where the filter's `words` (word starts, any case) appear."""
        if tuple(words) != self._words:
            self._words = tuple(words)
            self._refresh_body(reset=True)

    def toggle_kind(self, label: str) -> None:
        """Switch the highlighting of one entity kind on or off."""
        self._hidden = self._hidden ^ {label}
        self.query_one("#reader-legend", Legend).hidden = self._hidden
        self._refresh_body(reset=False)

    def _refresh_body(self, *, reset: bool) -> None:
        """Redraw the body for the current kinds and jump target; with `reset` (a new
        article or new words), find the matches again and forget the jump target."""
        article = self._article
        if article is None:
            return
        had_matches = bool(self._matches)
        if reset:
            self._matches = match_spans(article.text, self._words)
            self._current = None
            self.border_subtitle = ""
            title = self.query_one("#reader-title", Static)
            # New words only restyle the same title: no layout pass, as for the body.
            title.update(title_text(article, match_spans(article.title, self._words)),
                         layout=article.title != self._title)
            self._title = article.title
        self._body = highlighted_body(article, self._hidden, self._matches, self._current)
        self.query_one("#reader-body", ArticleBody).update(self._body)
        if had_matches != bool(self._matches):  # "n" comes or goes in the footer
            self.refresh_bindings()

    def on_mount(self) -> None:
        """Fit the entity colours to the theme now and whenever it changes."""
        self.app.theme_changed_signal.subscribe(
            self, lambda _theme: self.call_after_refresh(self.fit_colours))
        self.call_after_refresh(self.fit_colours)

    def fit_colours(self) -> None:
        """Make the entity colours readable on this pane's background (see
        `highlight.fit_entity_colours`) and draw the article with them."""
        _, background = self.background_colors
        if background.ansi is not None:  # the terminal's own background: not known
            background = Color(0, 0, 0) if self.app.current_theme.dark else Color(255, 255, 255)
        fit_entity_colours(background)
        self.query_one("#reader-legend", Legend).refresh(layout=True)
        article = self._article
        if article is not None:
            self.query_one("#reader-meta", Static).update(metadata_line(article))
            self._refresh_body(reset=False)

    def compose(self) -> ComposeResult:
        yield Static(Text("No article selected.", style="dim italic"), id="reader-title")
        yield Static("", id="reader-meta", markup=False)
        yield ArticleBody(id="reader-body")
        yield Static("", id="reader-similar", markup=False)
        yield Static("", id="reader-related", markup=False)
        yield Legend(id="reader-legend")

    def show(self, article: Article | None) -> None:
        """Display `article` from its top, or an empty notice for None."""
        if self._loading is not None:
            self._loading.stop()
            self._loading = None
        if article is None:
            self._clear(Text("No article to show.", style="dim italic"))
            return
        again = self._article is not None and article.id == self._article.id
        if again and article == self._article:
            return
        self._article = article
        self.query_one("#reader-meta", Static).update(metadata_line(article))
        self._refresh_body(reset=True)
        similar = self.query_one("#reader-similar", Static)
        others = [row for ident in self.group(article) if ident != article.id
                  and (row := self._row(ident)) is not None]
        similar.update(similar_stories(others))
        similar.display = bool(others)
        related = self.query_one("#reader-related", Static)
        found = self._related(article)
        related.update(related_articles(found[:RELATED_SHOWN]))
        related.display = bool(found)
        self.query_one("#reader-legend", Legend).counts = entity_counts(article)
        if not again:  # the same article read again (changed by indexing): stay in place
            self.scroll_home(animate=False)
        self.refresh_bindings()

    def _clear(self, notice: Text) -> None:
        """Show no article, only `notice` where the title goes."""
        self._article = None
        self._matches, self._current = [], None
        self.border_subtitle = ""
        self._title = None
        self.query_one("#reader-title", Static).update(notice)
        self.query_one("#reader-meta", Static).update("")
        self.query_one("#reader-body", ArticleBody).update(Text())
        self.query_one("#reader-similar", Static).display = False
        self.query_one("#reader-related", Static).display = False
        self.query_one("#reader-legend", Legend).counts = None
        self.scroll_home(animate=False)
        self.refresh_bindings()

    def action_scroll_down(self) -> None:
        """Scroll down one line."""
        scroll_now(self, 1)

    def action_scroll_up(self) -> None:
        """Scroll up one line."""
        scroll_now(self, -1)

    def action_page_down(self) -> None:
        """Scroll down one screen, keeping a line of context."""
        scroll_now(self, max(1, self.scrollable_content_region.height - 2))

    def action_page_up(self) -> None:
        """Scroll up one screen, keeping a line of context."""
        scroll_now(self, -max(1, self.scrollable_content_region.height - 2))

    def action_scroll_home(self) -> None:
        """Go to the start of the article at once (as less does: no animation, which on a
        long article would draw every screen on the way)."""
        self.scroll_home(animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        """Go to the end of the article at once."""
        self.scroll_end(animate=False, immediate=True)

    def action_half_page(self, step: int) -> None:
        """Scroll half a screen down (`step` 1) or up (-1)."""
        scroll_now(self, step * max(1, self.scrollable_content_region.height // 2))

    def action_step_article(self, step: int) -> None:
        """Ask for the next (`step` 1) or previous (-1) article of the list."""
        self.post_message(self.StepRequested(step))

    def action_back(self) -> None:
        """Ask for focus to go back to the article list."""
        self.post_message(self.BackRequested())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the similar-story keys when the article has no similar story."""
        if action == "similar":
            return self._article is not None and len(self.group(self._article)) > 1
        if action == "jump_match":
            return bool(self._matches)
        return True

    def action_jump_match(self, step: int) -> None:
        """Go to the next (`step` 1) or previous (-1) match of the filter's words."""
        self._jump(self._matches, step, "No match of the filter in this article.", "match")

    def action_jump_entity(self, step: int) -> None:
        """Go to the next (`step` 1) or previous (-1) highlighted entity."""
        if self._article is not None:
            self._jump(entity_spans(self._article, self._hidden), step,
                       "No highlighted entity in this article.", "entity")

    def _jump(self, spans: list[tuple[int, int]], step: int, none: str, what: str) -> None:
        if not spans:
            self.notify(none, timeout=2)
            return
        if self._current is None:
            index = 0 if step > 0 else len(spans) - 1
        else:
            starts = [start for start, _ in spans]
            at = self._current[0]
            index = (bisect.bisect_right(starts, at) if step > 0
                     else bisect.bisect_left(starts, at) - 1) % len(spans)
        self._current = spans[index]
        self.border_subtitle = f"{what} {index + 1}/{len(spans)}"  # plain: no markup in it
        self._refresh_body(reset=False)
        self.call_after_refresh(self._scroll_to_current)

    def _scroll_to_current(self) -> None:
        """Scroll so that the wrapped line holding the jump target is in view."""
        body = self.query_one("#reader-body", ArticleBody)
        if self._article is None or self._current is None:
            return
        target = body.virtual_region.y + body.styles.padding.top + body.line_of(
            self._current[0])
        top, height = round(self.scroll_offset.y), self.scrollable_content_region.height
        if not top <= target < top + height:
            self.scroll_to(y=max(0, target - height // 3), animate=False, immediate=True)

    def action_similar(self, step: int) -> None:
        """Open the next (`step` 1) or previous (-1) story of the article's group."""
        if self._article is None:
            return
        members = self.group(self._article)
        if len(members) < 2:
            return
        self._open(members[(members.index(self._article.id) + step) % len(members)])
