"""The reader follows the list: the article under the cursor is read from the cache off
the UI thread and shown once it comes (while the filter is typed in, after a pause in the
typing); Enter reads it and marks it read; `r` offers its similar stories and the
articles sharing the most entities with it."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import work
from textual.css.query import NoMatches
from textual.widgets import Input

from ..collection import scoped
from ..facets import related_to
from ..storage import DamagedArticle
from .messages import ArticleRead
from .related_screen import RelatedScreen

if TYPE_CHECKING:
    from ..article import Article, ListRow
    from .article_list import ArticleList
    from .main_screen import MainScreen

#: While the filter is typed in, the reader follows the list's cursor after this pause
#: in the typing (seconds).
READER_DELAY = 0.12


class Reading:
    """The article on show and the workers that read it; mixed into `MainScreen`."""

    @property
    def _main(self) -> MainScreen:
        """This object as the screen it is mixed into."""
        return cast("MainScreen", self)

    def article(self, ident: str) -> Article | None:
        """The full article with this id, read from the cache (None when gone), as
        `newsreader export` gives it: its similar stories are those among this run's
        articles, its path spelled from the path given. It reads the disk: call it from a
        worker, not the UI thread."""
        main = self._main
        app = main.app
        try:
            article = app.cache.article(ident, app.roots)
        except DamagedArticle as damage:
            main.notify(str(damage), title="Damaged article", severity="warning",
                        timeout=15, markup=False)  # notify is thread-safe
            return None
        except KeyError:
            return None
        return scoped(article, main._order, app.given_roots)

    def listed_row(self, ident: str) -> ListRow | None:
        """The list row of article `ident` (None when it is not listed)."""
        main = self._main
        position = main._order.get(ident)
        return None if position is None else main.rows[position]

    def related_to(self, article: Article | ListRow
                   ) -> tuple[list[ListRow], list[tuple[ListRow, list[str]]]]:
        """The similar stories of `article` and the articles sharing the most entities
        with it, each with the shared names (countries by name); all among this run's
        articles (`facets.related_to`)."""
        main = self._main
        if main._facets is None:
            return [], []
        return related_to(main._facets, main._order, article.id, article.similar)

    def on_article_list_highlighted(self, event: ArticleList.Highlighted) -> None:
        """Follow the list's cursor: the list repaints first; the (slower) article follows
        on the next frame, and only if the cursor is still on it. While the filter is
        being typed in, it waits for a pause in the typing (`READER_DELAY`): each
        keystroke's list must not queue behind an article."""
        main = self._main
        row = event.article

        def show() -> None:
            main._reader_timer = None
            try:
                reader, articles = main.reader, main.article_list
            except NoMatches:  # the app closed before the pause in typing ended
                return
            reader.set_words(main._words)
            if articles.highlighted is row:
                self.show_article(None if row is None else row.id)

        if main._reader_timer is not None:
            main._reader_timer.stop()
            main._reader_timer = None
        if main.is_typing():
            main._reader_timer = main.set_timer(READER_DELAY, show)
        else:
            main.call_after_refresh(show)

    def on_article_list_selected(self, event: ArticleList.Selected) -> None:
        """Enter in the list: read the article, and mark it read."""
        main = self._main
        self.show_article(event.article.id)
        main.mark_read(event.article.id)
        # Keys may have moved focus since Enter was pressed ("/" typed right after it):
        # the later move wins.
        if main.app.focused is main.article_list:
            main.focus_now(main.reader)

    def show_article(self, ident: str | None) -> None:
        """Show article `ident` in the reader (None: no article), read off the UI thread."""
        main = self._main
        reader = main.reader
        if ident is None:
            main._wanted = None
            reader.show(None)
            return
        if main._wanted is None and reader.article is not None and reader.article.id == ident:
            return
        main._wanted = ident
        reader.expect()
        self.read_article(ident)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def read_article(self, ident: str) -> None:
        """Read article `ident` from the cache for the reader (`ArticleRead`)."""
        self._main.post_message(ArticleRead(ident, self.article(ident)))

    def on_article_read(self, event: ArticleRead) -> None:
        main = self._main
        # Else another article was asked for since, or the app is closing.
        if event.ident == main._wanted and main.app.is_running:
            main._wanted = None
            main.reader.show(event.article)

    def action_related(self) -> None:
        """Offer the similar stories and related articles of the article on show."""
        main = self._main
        article: Article | ListRow | None = main.reader.article or main.article_list.highlighted
        if article is None:
            return

        def chosen(ident: str | None) -> None:
            if ident is not None:
                self.show_article(ident)
                main.mark_read(ident)
                if not isinstance(main.app.focused, Input):  # unless "/" was typed since
                    main.focus_now(main.reader)

        main.app.push_screen(RelatedScreen(*self.related_to(article)), chosen)
