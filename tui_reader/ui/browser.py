"""`o`: open the article's web address in the browser (as newsboat's `o`).

The address comes from the input (an HTML page's canonical link, a JSON Lines `url`);
page dumps have none, and the key then says so. The browser is started off the UI
thread. A browser that runs in the terminal (lynx, w3m: no graphical display, over SSH)
gets the terminal while newsreader is suspended; where there is no browser at all, the
address goes to the clipboard (OSC 52, which works over SSH) instead.
"""

from __future__ import annotations

import webbrowser
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import SuspendNotSupported

from .messages import Notice

if TYPE_CHECKING:
    from .main_screen import MainScreen

#: What `o` says for an article whose input gives no web address.
NO_ADDRESS = "No address for this article (page dumps have none; HTML and JSON Lines may)."


def find_browser() -> webbrowser.BaseBrowser | None:
    """The user's browser ($BROWSER, else the platform's), or None when there is none."""
    try:
        return webbrowser.get()
    except webbrowser.Error:
        return None


def runs_in_terminal(browser: webbrowser.BaseBrowser) -> bool:
    """True for a text browser that takes over the terminal (Python registers lynx, w3m,
    links and www-browser as plain `GenericBrowser`s; graphical ones run in the
    background)."""
    return type(browser) is webbrowser.GenericBrowser


class BrowserKeys:
    """The action of `o`; mixed into `MainScreen`."""

    @property
    def _main(self) -> MainScreen:
        """This object as the screen it is mixed into."""
        return cast("MainScreen", self)

    def action_open_url(self) -> None:
        """Open the web address of the article in the reader (when it has focus) or under
        the list's cursor."""
        main = self._main
        shown = main.reader.article
        row = main.article_list.highlighted
        if shown is not None and (main.app.focused is main.reader or row is None
                                  or row.id == shown.id):
            self._open_address(shown.url, shown.title)
        elif row is not None:
            self._address_from_cache(row.id)

    @work(thread=True, exclusive=True, group="browser", exit_on_error=False)
    def _address_from_cache(self, ident: str) -> None:
        """Read the listed article's address off the UI thread, then open it."""
        main = self._main
        article = main.article(ident)
        if article is not None:
            main.app.call_from_thread(self._open_address, article.url, article.title)

    def _open_address(self, url: str | None, title: str) -> None:
        """Open `url` in the browser, or say why not."""
        if url is None:
            self._main.notify(NO_ADDRESS, timeout=4, markup=False)
            return
        self._start_browser(url, title)

    @work(thread=True, exclusive=True, group="browser", exit_on_error=False)
    def _start_browser(self, url: str, title: str) -> None:
        """Find the browser and hand it `url` (a graphical one returns at once)."""
        app = self._main.app
        browser = find_browser()
        if browser is None:
            app.call_from_thread(self._to_clipboard, url, "No web browser found")
        elif runs_in_terminal(browser):
            app.call_from_thread(self._open_in_terminal, browser, url)
        elif browser.open(url):
            app.post_message(Notice(f"Opened in the browser: {url}", timeout=4))
        else:
            app.call_from_thread(self._to_clipboard, url, "The browser did not start")

    def _open_in_terminal(self, browser: webbrowser.BaseBrowser, url: str) -> None:
        """Run a text browser in the terminal, newsreader suspended until it exits."""
        app = self._main.app
        try:
            with app.suspend():
                browser.open(url)
        except SuspendNotSupported:
            self._to_clipboard(url, "A text browser cannot run in this terminal")

    def _to_clipboard(self, url: str, why: str) -> None:
        """Copy `url` instead of opening it, and say so."""
        app = self._main.app
        app.copy_to_clipboard(url)
        app.notify(f"{why}: the address is copied to the clipboard: {url}",
                   severity="warning", timeout=8, markup=False)
