"""`o` opens the article's web address in the browser (issue #16, as newsboat); sort moved
to `S`."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest
from apphelp import notices, settle
from textual.pilot import Pilot

from tui_reader.ui import browser as browser_module
from tui_reader.ui.app import NewsReaderApp

WIDE = (160, 45)
PROSE = ("Ministers met in Dublin on Monday to agree the budget for the coming year, and the"
         " opposition said the plan would not help renters in the capital.")
URL = "https://news.example.ie/budget?id=1&p=2"


class FakeBrowser(webbrowser.BaseBrowser):
    """A graphical browser that only records what it was asked to open."""

    def __init__(self) -> None:
        super().__init__("fake")
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


def folder(tmp_path: Path) -> Path:
    """An HTML page that names its address (listed first) and a page dump that cannot."""
    body = "".join(f"<p>{PROSE} Paragraph {n}.</p>" for n in range(4))
    (tmp_path / "a-page.html").write_text(
        f'<html><head><title>Budget agreed</title><link rel="canonical" href="{URL}">'
        f"</head><body><article><h1>Budget agreed</h1>{body}</article></body></html>")
    (tmp_path / "b-dump.txt").write_text(f"Renters protest\n\n{PROSE}\n\n{PROSE}\n")
    return tmp_path


async def wait(app: NewsReaderApp, pilot: Pilot[None]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def fake_browser(monkeypatch: pytest.MonkeyPatch) -> FakeBrowser:
    fake = FakeBrowser()
    monkeypatch.setattr(browser_module.webbrowser, "get", lambda *args: fake)
    return fake


async def test_o_opens_the_address_from_the_list_and_from_the_reader(
        tmp_path: Path, fake_browser: FakeBrowser) -> None:
    app = NewsReaderApp([str(folder(tmp_path))])
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.article_list.highlighted.title == "Budget agreed"
        await pilot.press("o")
        await wait(app, pilot)
        assert fake_browser.opened == [URL]
        assert f"Opened in the browser: {URL}" in notices(app)
        await pilot.press("enter", "o")  # in the reader
        await wait(app, pilot)
        assert app.focused is app.main_screen.reader
        assert fake_browser.opened == [URL, URL]
        assert app.main_screen.sort == "relevance"  # o is not sort any more


async def test_o_on_a_page_dump_says_there_is_no_address(
        tmp_path: Path, fake_browser: FakeBrowser) -> None:
    app = NewsReaderApp([str(folder(tmp_path))])
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("j")
        await settle(app, pilot)
        assert app.main_screen.article_list.highlighted.title == "Renters protest"
        await pilot.press("o")
        await wait(app, pilot)
        assert fake_browser.opened == []
        assert "No address for this article" in notices(app)


async def test_without_a_browser_the_address_goes_to_the_clipboard(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_browser(*args: object) -> webbrowser.BaseBrowser:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(browser_module.webbrowser, "get", no_browser)
    app = NewsReaderApp([str(folder(tmp_path))])
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await wait(app, pilot)
        assert app.clipboard == URL
        assert "No web browser found: the address is copied" in notices(app)


def test_a_text_browser_is_told_apart_from_a_graphical_one() -> None:
    assert browser_module.runs_in_terminal(webbrowser.GenericBrowser("lynx"))
    assert not browser_module.runs_in_terminal(webbrowser.BackgroundBrowser("firefox"))


async def test_capital_s_sorts(tmp_path: Path, fake_browser: FakeBrowser) -> None:
    app = NewsReaderApp([str(folder(tmp_path))])
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("S")
        await settle(app, pilot)
        assert app.main_screen.sort == "date"
        assert "by date" in str(app.main_screen.article_list.border_title)
