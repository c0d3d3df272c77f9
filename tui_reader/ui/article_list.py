"""A virtual list of articles: one row per article, drawn line by line.

A row can stand for a group of near-duplicate stories: it then shows the first of
them with a dim `+N` badge after the title (N similar stories folded into it).

A row is one line (title, source, date, countries in columns) where the list is wide
enough, else two when it is tall enough (`row_lines`): the title across the whole width,
then the source, date and countries under it.

The list is a `ScrollView` using the Line API: `render_line` draws only the
rows on screen, so its cost does not depend on how many articles there are.
Rendered rows are cached in an LRU keyed by the article and how it is drawn (width,
cursor, focus, badge), so a new filter result redraws only the rows it has not shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..article import ArticleMarks, ListRow
from ..marks import UNMARKED
from ..search import match_spans

#: Rendered rows kept in the LRU cache.
CACHE_SIZE = 1024
#: Blank cells between two columns.
GAP = 2
#: Narrower than this, one line cannot hold a title of 40 cells beside the source, the
#: date and the countries: a row then takes two lines (title; source · date, countries),
#: when the list is tall enough (`TWO_LINES_MIN_HEIGHT`) to show ten rows or more.
ONE_LINE_MIN_WIDTH = 92
TWO_LINES_MIN_HEIGHT = 20


@dataclass(frozen=True, slots=True)
class Columns:
    """Cell widths of the list's columns for one widget width; 0 hides a column."""

    title: int
    """Width of the title column (takes what the others leave)."""
    source: int
    """Width of the source column."""
    date: int
    """Width of the date column (ISO dates are 10 cells)."""
    countries: int
    """Width of the country-codes column."""


def layout_columns(
    width: int, *, source: bool = True, date: bool = True, countries: bool = True
) -> Columns:
    """Share `width` cells between the columns, dropping the least useful first.

    A column whose flag is False (no article has that field) takes no room.
    """
    # Countries matter most for triage, so they are the last column to go.
    countries_width = (14 if width >= 90 else 11) if countries and width >= 40 else 0
    source_width = min(20, max(10, width // 6)) if source and width >= 62 else 0
    date_width = 10 if date and width >= 70 else 0
    used = sum(w + GAP for w in (source_width, date_width, countries_width) if w)
    return Columns(
        title=max(1, width - used - 2),  # a blank cell on each side of the row
        source=source_width,
        date=date_width,
        countries=countries_width,
    )


def country_codes(codes: Sequence[str], width: int) -> str:
    """As many alpha-2 codes as fit in `width` cells, then `+N` for the rest."""
    shown: list[str] = []
    for index, code in enumerate(codes):
        rest = len(codes) - index - 1
        suffix = f" +{rest}" if rest else ""
        candidate = " ".join([*shown, code])
        if cell_len(candidate + suffix) > width:
            more = len(codes) - len(shown)
            return " ".join([*shown, f"+{more}"]) if shown else f"+{more}"
        shown.append(code)
    return " ".join(shown)


def _fit(value: str, width: int) -> str:
    """`value` exactly `width` cells wide: cut with an ellipsis, padded with spaces."""
    size = cell_len(value)
    if size <= width:
        return value + " " * (width - size)
    return set_cell_size(value, width - 1) + "…" if width > 1 else set_cell_size(value, width)


class ArticleList(ScrollView, can_focus=True):
    """A scrolling list of articles with a cursor, drawn with the Line API."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", id="list.down", show=False,
                tooltip="Move the cursor to the next article."),
        Binding("up,k", "cursor_up", "Up", id="list.up", show=False,
                tooltip="Move the cursor to the previous article."),
        Binding("home,g", "first", "First", id="list.first", show=False,
                tooltip="Move the cursor to the first article."),
        Binding("end,G", "last", "Last", id="list.last", show=False,
                tooltip="Move the cursor to the last article."),
        Binding("pageup,b", "page_up", "Page up", id="list.page_up", show=False,
                tooltip="Move the cursor up by one screen."),
        Binding("pagedown,space", "page_down", "Page down", id="list.page_down", show=False,
                tooltip="Move the cursor down by one screen."),
        Binding("ctrl+u", "half_page(-1)", "Half page up", id="list.half_page_up",
                show=False, tooltip="Move the cursor up by half a screen (as in less)."),
        Binding("ctrl+d", "half_page(1)", "Half page down", id="list.half_page_down",
                show=False, tooltip="Move the cursor down by half a screen (as in less)."),
        Binding("n", "jump_match(1)", "Next match", id="list.next_match", show=False,
                tooltip="Move to the next article whose text has the filter's words."),
        Binding("N", "jump_match(-1)", "Previous match", id="list.previous_match",
                show=False, tooltip="Move to the previous article whose text has the"
                                    " filter's words."),
        # A priority binding (run when the key is routed: see MainScreen.BINDINGS),
        # so that an Enter still on its way is not taken by the filter after "/".
        Binding("enter", "select", "Read", id="list.select", priority=True,
                tooltip="Open the highlighted article in the reader."),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--cursor-blurred",
        "article-list--source",
        "article-list--date",
        "article-list--countries",
        "article-list--similar",
        "article-list--empty",
        "article-list--match",
    }

    DEFAULT_CSS = """
    ArticleList {
        overflow-x: hidden;
        overflow-y: auto;
        & > .article-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .article-list--cursor-blurred {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .article-list--source { color: $text-muted; }
        & > .article-list--date { color: $text-secondary; }
        & > .article-list--countries { color: $text-accent; }
        & > .article-list--similar { color: $text-muted; text-style: bold; }
        & > .article-list--empty { color: $text-muted; text-style: italic; }
        & > .article-list--match { color: $text-accent; text-style: bold underline; }
    }
    """

    class Highlighted(Message):
        """The cursor moved to another article (or the rows changed under it)."""

        def __init__(self, article_list: ArticleList, index: int, article: ListRow | None) -> None:
            super().__init__()
            self.article_list: ArticleList = article_list
            """The list that sent the message."""
            self.index: int = index
            """Row of the cursor, -1 when the list is empty."""
            self.article: ListRow | None = article
            """The article under the cursor, None when the list is empty."""

        @property
        def control(self) -> ArticleList:
            """The list that sent the message."""
            return self.article_list

    class MatchJumpRequested(Message):
        """The user asked for the next or previous row whose article text matches the
        filter (the text is in the cache, not in the rows)."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step: int = step
            """1: look down the list, -1: up."""

    class Selected(Message):
        """Enter was pressed (or a row clicked) on an article."""

        def __init__(self, article_list: ArticleList, index: int, article: ListRow) -> None:
            super().__init__()
            self.article_list: ArticleList = article_list
            """The list that sent the message."""
            self.index: int = index
            """Row of the selected article."""
            self.article: ListRow = article
            """The selected article."""

        @property
        def control(self) -> ArticleList:
            """The list that sent the message."""
            return self.article_list

    def __init__(
        self,
        *,
        empty_message: str = "No articles.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._articles: Sequence[ListRow] = ()
        self._folded: Sequence[int] = ()
        self._cursor: int = -1
        self._lines: int = 1
        self._present: tuple[bool, bool, bool] = (True, True, True)
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(CACHE_SIZE)
        self._styles: dict[tuple[bool, bool], dict[str, Style]] = {}
        self.match_words: tuple[str, ...] = ()
        """Words the filter matched: where a title word starts with one, it is highlighted."""
        self.state: Mapping[str, ArticleMarks] = {}
        """id -> its marks: unread titles are bold, starred ones marked ★."""
        self.empty_message: str = empty_message
        """What the list says when it has no rows (plain text, shown literally)."""

    # -- data ---------------------------------------------------------------

    @property
    def articles(self) -> Sequence[ListRow]:
        """The articles shown, in row order."""
        return self._articles

    @property
    def folded(self) -> Sequence[int]:
        """For each row, how many similar stories it stands for besides its own (0: none)."""
        return self._folded

    @property
    def cursor(self) -> int:
        """Row of the cursor; -1 when the list is empty."""
        return self._cursor

    @property
    def row_lines(self) -> int:
        """Screen lines per row: 1, or 2 in a narrow, tall list (see the module's doc)."""
        return self._lines

    def _measure(self) -> None:
        """Decide the lines per row for the size and fields shown; size the scroll area."""
        region = self.scrollable_content_region
        has_source, has_date, _ = self._present
        two = (region.width < ONE_LINE_MIN_WIDTH and region.height >= TWO_LINES_MIN_HEIGHT
               and (has_source or has_date))
        self._lines = 2 if two else 1
        size = Size(region.width, len(self._articles) * self._lines)
        if size != self.virtual_size:
            # A new number of rows changes the scroll range, not the size of any widget:
            # the scrollbar is updated as Textual does when it sizes a widget without a
            # layout pass; setting `virtual_size` would lay out the whole screen again
            # (on each keystroke, ~20 ms at 160x45).
            self.set_reactive(ArticleList.virtual_size, size)
            self._scroll_update(size)

    @property
    def highlighted(self) -> ListRow | None:
        """The article under the cursor, or None when the list is empty."""
        if 0 <= self._cursor < len(self._articles):
            return self._articles[self._cursor]
        return None

    def set_articles(
        self, articles: Sequence[ListRow], cursor: int = 0, folded: Sequence[int] = (),
        match_words: Sequence[str] = (),
    ) -> None:
        """Show `articles` (kept by reference, not copied) with the cursor on row `cursor`.

        `folded[row]` is how many similar stories the row stands for (a `+N` badge);
        missing entries count as 0. Title words starting with one of `match_words` are
        highlighted.
        """
        self._articles = articles
        self.match_words = tuple(match_words)
        self._folded = folded
        self._present = (
            any(a.source for a in articles),
            any(a.published for a in articles),
            any(a.countries for a in articles),
        )
        self._measure()
        self._cursor = min(max(cursor, 0), len(articles) - 1) if articles else -1
        self.scroll_to(y=0, animate=False)
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self, self._cursor, self.highlighted))

    def move_cursor(self, row: int) -> None:
        """Put the cursor on `row` (clamped), scroll it into view and announce it."""
        if not self._articles:
            return
        row = min(max(row, 0), len(self._articles) - 1)
        if row == self._cursor:
            return
        old, self._cursor = self._cursor, row
        self.refresh_lines(old * self._lines, self._lines)
        self.refresh_lines(row * self._lines, self._lines)
        self._scroll_cursor_into_view()
        self.post_message(self.Highlighted(self, row, self._articles[row]))

    def _scroll_cursor_into_view(self) -> None:
        if self._cursor < 0:
            return
        top = round(self.scroll_offset.y)
        height = max(1, self.scrollable_content_region.height)
        first, last = self._cursor * self._lines, (self._cursor + 1) * self._lines
        if first < top:
            self.scroll_to(y=first, animate=False)
        elif last > top + height:
            self.scroll_to(y=last - height, animate=False)

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // self._lines - 1)

    # -- actions ------------------------------------------------------------

    def action_cursor_down(self) -> None:
        """Move the cursor one row down."""
        self.move_cursor(self._cursor + 1)

    def action_cursor_up(self) -> None:
        """Move the cursor one row up."""
        self.move_cursor(self._cursor - 1)

    def action_first(self) -> None:
        """Move the cursor to the first row."""
        self.move_cursor(0)

    def action_last(self) -> None:
        """Move the cursor to the last row."""
        self.move_cursor(len(self._articles) - 1)

    def action_page_up(self) -> None:
        """Move the cursor up by one screen."""
        self.move_cursor(self._cursor - self._page)

    def action_page_down(self) -> None:
        """Move the cursor down by one screen."""
        self.move_cursor(self._cursor + self._page)

    def action_half_page(self, step: int) -> None:
        """Move the cursor half a screen down (`step` 1) or up (-1)."""
        self.move_cursor(self._cursor + step * max(1, (self._page + 1) // 2))

    def action_jump_match(self, step: int) -> None:
        """Ask for the next (`step` 1) or previous (-1) row whose text matches."""
        self.post_message(self.MatchJumpRequested(step))

    def action_select(self) -> None:
        """Announce the article under the cursor as selected."""
        article = self.highlighted
        if article is not None:
            self.post_message(self.Selected(self, self._cursor, article))

    def on_click(self, event: events.Click) -> None:
        """Clicking a row moves the cursor there and selects it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = (offset.y + round(self.scroll_offset.y)) // self._lines
        if 0 <= row < len(self._articles):
            self.move_cursor(row)
            self.action_select()

    # -- rendering ----------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        """Rows are laid out for the width: re-measure and keep the cursor visible."""
        self._measure()
        self._scroll_cursor_into_view()

    def set_state(self, state: Mapping[str, ArticleMarks]) -> None:
        """Show read/starred marks from `state` (redrawing the rows)."""
        self.state = state
        self._cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        """Styles (theme, focus) changed: cached rows are stale."""
        super().notify_style_update()
        self._cache.clear()
        self._styles.clear()

    def render_line(self, y: int) -> Strip:
        """Draw the screen line `y`: the row under it, or blank past the end."""
        row, part = divmod(y + round(self.scroll_offset.y), self._lines)
        width = self.scrollable_content_region.width
        if not self._articles:
            if y == 0:
                style = self.get_component_rich_style("article-list--empty")
                base = self.rich_style + style
                return Strip([Segment(_fit(f" {self.empty_message}", width), base)], width)
            return Strip.blank(width, self.rich_style)
        if row >= len(self._articles):
            return Strip.blank(width, self.rich_style)
        folded = self._folded[row] if row < len(self._folded) else 0
        key = (self._articles[row].id, width, row == self._cursor, self.has_focus, folded,
               self._present, self.match_words, self._lines, part)
        strip = self._cache.get(key)
        if strip is None:
            if part:
                strip = self._render_details(row, width, row == self._cursor)
            else:
                strip = self._render_row(row, width, row == self._cursor)
            self._cache[key] = strip
        return strip

    def _render_details(self, row: int, width: int, is_cursor: bool) -> Strip:
        """The second line of a two-line row: source · date, the countries at the right."""
        article = self._articles[row]
        styles = self._row_styles(is_cursor)
        base = styles["base"]
        codes_width = 14 if width >= 50 else 11
        codes = country_codes(article.countries, codes_width) if article.countries else ""
        room = width - cell_len(codes) - (GAP + 1 if codes else 0)
        segments = [Segment("   ", base)]
        date = article.published or ""
        if article.source:
            # A long source is cut to leave room for the date and the countries.
            source_room = room - 3 - (len(date) + 3 if date else 0)
            segments.append(Segment(_fit(article.source, max(1, source_room)).rstrip(" "),
                                    styles["source"]))
        if article.source and date:
            segments.append(Segment(" · ", styles["source"]))
        if date:
            segments.append(Segment(date, styles["date"]))
        left = Strip(segments)
        if left.cell_length > room:  # too narrow even so: the countries keep their place
            left = Strip([*left.crop(0, max(0, room - 1)), Segment("…", base)])
        line = [*left, Segment(" " * max(0, room - left.cell_length + GAP), base)]
        if codes:
            line.append(Segment(codes, styles["countries"]))
        return Strip(line).crop_extend(0, width, base)

    def _render_row(self, row: int, width: int, is_cursor: bool) -> Strip:
        # Segments straight from the row's fields: no Rich Text, no markup, a few
        # microseconds a row (a new filter result redraws every row on screen).
        article = self._articles[row]
        has_source, has_date, has_countries = self._present
        if self._lines == 2:  # the title has the line to itself: the rest goes under it
            has_source = has_date = has_countries = False
        columns = layout_columns(width, source=has_source, date=has_date,
                                 countries=has_countries)
        styles = self._row_styles(is_cursor)
        base = styles["base"]
        read, starred = self.state.get(article.id, UNMARKED)
        title_style = base if read else styles["unread"]
        segments = [Segment(" ", base)]
        folded = self._folded[row] if row < len(self._folded) else 0
        badge = f" +{folded}" if folded else ""
        title_width = columns.title - len(badge)
        if title_width < 4:  # too narrow for both: the title wins
            badge, title_width = "", columns.title
        if starred:
            segments.append(Segment("★ ", title_style + styles["star"]))
            title_width = max(1, title_width - 2)
        title = _fit(article.title or "(untitled)", title_width)
        shown = title.rstrip(" ")
        start = 0
        for begin, end in match_spans(shown, self.match_words):
            segments.append(Segment(title[start:begin], title_style))
            segments.append(Segment(title[begin:end], title_style + styles["match"]))
            start = end
        segments.append(Segment(title[start:], title_style))
        if badge:
            segments.append(Segment(badge, styles["similar"]))
        cells = (
            (article.source or "", columns.source, styles["source"]),
            (article.published or "", columns.date, styles["date"]),
            (country_codes(article.countries, columns.countries), columns.countries,
             styles["countries"]),
        )
        for value, cell_width, style in cells:
            if cell_width:
                segments.append(Segment(" " * GAP, base))
                segments.append(Segment(_fit(value, cell_width), style))
        return Strip(segments).crop_extend(0, width, base)

    def _row_styles(self, is_cursor: bool) -> dict[str, Style]:
        """The styles of a row's parts, combined once per (cursor, focus) and theme."""
        key = (is_cursor, self.has_focus)
        styles = self._styles.get(key)
        if styles is None:
            if is_cursor:
                name = "article-list--cursor" if self.has_focus else "article-list--cursor-blurred"
                base = self.rich_style + self.get_component_rich_style(name)
                part = {n: base for n in ("source", "date", "countries", "similar")}
            else:
                base = self.rich_style
                part = {n: base + self.get_component_rich_style(f"article-list--{n}")
                        for n in ("source", "date", "countries", "similar")}
            styles = self._styles[key] = {
                "base": base, "unread": base + Style(bold=True), "star": Style(color="yellow"),
                "match": self.get_component_rich_style("article-list--match"), **part}
        return styles
