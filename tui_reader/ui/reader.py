"""The reader pane: one article's title, metadata, highlighted body and similar stories."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from ..article import Article
from .highlight import (
    entity_counts,
    highlighted_body,
    legend,
    metadata_line,
    similar_stories,
    title_text,
)
from .scrolling import scroll_now


class Legend(Widget):
    """The key to the entity colours, wrapped to the pane's width."""

    counts: reactive[dict[str, int] | None] = reactive(None, layout=True)
    """Mentions per kind in the article on show; None shows the kinds alone."""

    def render(self) -> Text:
        return legend(self.counts, self.content_size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(legend(self.counts, width).plain.splitlines()) or 1


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
        Binding("home,g", "scroll_home", "Top", id="reader.top", show=False,
                tooltip="Go to the start of the article."),
        Binding("end,G", "scroll_end", "Bottom", id="reader.bottom", show=False,
                tooltip="Go to the end of the article."),
        Binding("enter,escape", "back", "Back to list", id="reader.back",
                tooltip="Return focus to the article list."),
        Binding("right_square_bracket", "similar(1)", "Next similar", id="reader.next_similar",
                tooltip="Read the next similar story (the same story from another outlet)."),
        Binding("left_square_bracket", "similar(-1)", "Previous similar",
                id="reader.previous_similar", show=False,
                tooltip="Read the previous similar story."),
    ]

    class BackRequested(Message):
        """The user asked to leave the reader for the article list."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._article: Article | None = None
        self._fetch: Callable[[str], Article | None] = lambda ident: None
        self._order: Callable[[str], int] = lambda ident: 0

    def set_source(
        self, fetch: Callable[[str], Article | None], order: Callable[[str], int]
    ) -> None:
        """Where similar stories come from: `fetch(id)` loads one (None when gone) and
        `order(id)` is its place in the corpus."""
        self._fetch, self._order = fetch, order

    def group(self, article: Article) -> list[Article]:
        """`article` and its similar stories, in corpus order."""
        found = [a for a in map(self._fetch, article.similar) if a is not None]
        return sorted([article, *found], key=lambda member: self._order(member.id))

    @property
    def article(self) -> Article | None:
        """The article on show, or None when the reader is empty."""
        return self._article

    def compose(self) -> ComposeResult:
        yield Static(Text("No article selected.", style="dim italic"), id="reader-title")
        yield Static("", id="reader-meta", markup=False)
        yield Static("", id="reader-body", markup=False)
        yield Static("", id="reader-similar", markup=False)
        yield Legend(id="reader-legend")

    def show(self, article: Article | None) -> None:
        """Display `article` from its top, or an empty notice for None."""
        if article is self._article or (
                article is not None and self._article is not None
                and article.id == self._article.id):
            return
        self._article = article
        title = self.query_one("#reader-title", Static)
        meta = self.query_one("#reader-meta", Static)
        body = self.query_one("#reader-body", Static)
        similar = self.query_one("#reader-similar", Static)
        legend_bar = self.query_one("#reader-legend", Legend)
        if article is None:
            title.update(Text("No article to show.", style="dim italic"))
            meta.update("")
            body.update("")
            similar.display = False
            legend_bar.counts = None
        else:
            title.update(title_text(article))
            meta.update(metadata_line(article))
            body.update(highlighted_body(article))
            others = [member for member in self.group(article) if member is not article]
            similar.update(similar_stories(others))
            similar.display = bool(others)
            legend_bar.counts = entity_counts(article)
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

    def action_back(self) -> None:
        """Ask for focus to go back to the article list."""
        self.post_message(self.BackRequested())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the similar-story keys when the article has no similar story."""
        if action == "similar":
            return self._article is not None and bool(self._article.similar)
        return True

    def action_similar(self, step: int) -> None:
        """Show the next (`step` 1) or previous (-1) story of the article's group."""
        if self._article is None:
            return
        members = self.group(self._article)
        if len(members) < 2:
            return
        here = next(i for i, m in enumerate(members) if m.id == self._article.id)
        self.show(members[(here + step) % len(members)])
