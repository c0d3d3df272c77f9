"""Keys for less, newsboat and fzf users (issue #16), driven through Pilot on the seeds:
half pages and pages, J / K and q in the reader, moving the list from the filter,
ctrl+c / ctrl+z."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import re
from pathlib import Path

import pytest
from apphelp import notices, screen_text, seeds_app, settle, type_filter
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import VerticalScroll
from textual.pilot import Pilot

from tui_reader import ui
from tui_reader.marks import UNMARKED
from tui_reader.ui import navigation
from tui_reader.ui.app import NewsReaderApp
from tui_reader.ui.article_list import ArticleList
from tui_reader.ui.export_prompt import GRACE, ExportPrompt
from tui_reader.ui.filter_bar import FILTER_KEYS
from tui_reader.ui.help import HelpScreen
from tui_reader.ui.reader import Reader
from tui_reader.ui.related_screen import RelatedScreen

SHORT = (100, 9)  # a list of a few rows, so that a page is less than the seeds
WIDE = (160, 45)
SHORT_HELP = (120, 30)


async def open_row(app: NewsReaderApp, pilot: Pilot[None], row: int) -> None:
    """From the list, open row `row` in the reader."""
    await pilot.press("g", *["j"] * row, "enter")
    await settle(app, pilot)
    assert app.focused is app.main_screen.reader


# -- less: pages and half pages ------------------------------------------------


async def test_list_pages_and_half_pages_as_less() -> None:
    app = seeds_app()
    async with app.run_test(size=SHORT) as pilot:
        await settle(app, pilot)
        articles = app.main_screen.article_list
        last = len(app.main_screen.visible_articles) - 1
        page = articles._page
        half = max(1, (page + 1) // 2)
        assert 2 <= page < last, "the terminal should show fewer rows than the seeds"
        await pilot.press("ctrl+d")
        assert articles.cursor == half
        await pilot.press("ctrl+u")
        assert articles.cursor == 0
        await pilot.press("space")
        assert articles.cursor == page
        await pilot.press("b")
        assert articles.cursor == 0
        await pilot.press("space", "space", "space")
        assert articles.cursor == last
        await settle(app, pilot)
        assert app.main_screen.reader.article is not None
        assert app.main_screen.reader.article.id == app.main_screen.visible_articles[last].id


async def test_reader_half_pages_as_less() -> None:
    app = seeds_app()
    async with app.run_test(size=SHORT) as pilot:
        await settle(app, pilot)
        longest = max(range(len(app.main_screen.visible_articles)),
                      key=lambda i: len(app.main_screen.visible_articles[i].title))
        await open_row(app, pilot, longest)
        reader = app.main_screen.reader
        assert reader.max_scroll_y > reader.scrollable_content_region.height
        half = reader.scrollable_content_region.height // 2
        await pilot.press("ctrl+d")
        assert reader.scroll_y == half
        await pilot.press("ctrl+d", "ctrl+u")
        assert reader.scroll_y == half
        await pilot.press("ctrl+u")
        assert reader.scroll_y == 0


# -- newsboat: J / K and q in the reader -------------------------------------------


async def test_capital_j_and_k_read_the_next_and_previous_article_in_the_reader() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        rows = app.main_screen.visible_articles
        await open_row(app, pilot, 0)
        await pilot.press("J")
        await settle(app, pilot)
        assert app.focused is app.main_screen.reader
        shown = app.main_screen.reader.article
        assert shown is not None and shown.id == rows[1].id
        assert app.main_screen.article_list.cursor == 1
        engine = app.main_screen._engine
        assert engine is not None and engine.state[rows[1].id].read
        await pilot.press("J", "J", "K")
        await settle(app, pilot)
        assert app.main_screen.reader.article.id == rows[2].id
        assert app.focused is app.main_screen.reader
        await pilot.press("g", "K")  # "g" scrolls the reader to its top, K reads the one before
        await settle(app, pilot)
        assert app.main_screen.reader.article.id == rows[1].id
        assert app.main_screen.reader.scroll_y == 0
        await pilot.press("K", "K", "K")  # at the first row, K stays and says so
        await settle(app, pilot)
        assert app.main_screen.reader.article.id == rows[0].id
        assert "No previous article" in notices(app)


async def test_q_in_the_reader_goes_back_to_the_list_and_quits_from_there() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await open_row(app, pilot, 1)
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running, "q in the reader quit the app"
        assert app.focused is app.main_screen.article_list
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


# -- fzf: moving the list from the filter ----------------------------------------


async def test_arrows_and_ctrl_n_p_move_the_list_while_typing_and_enter_opens() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await type_filter(app, pilot, "")
        assert len(app.main_screen.visible_articles) >= 4
        await pilot.press("down", "down", "ctrl+n", "ctrl+p")
        await settle(app, pilot)
        assert app.focused is app.main_screen.filter_bar.input
        assert not isinstance(app.screen, CommandPalette), "ctrl+p opened the palette"
        assert app.main_screen.article_list.cursor == 2
        await pilot.press("up")
        assert app.main_screen.article_list.cursor == 1
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.focused is app.main_screen.reader
        assert app.main_screen.reader.article is not None
        assert app.main_screen.reader.article.id == app.main_screen.visible_articles[1].id


async def test_enter_in_the_filter_without_moving_still_goes_to_the_list() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", "down")  # moved, then typed: Enter goes to the list
        await type_filter(app, pilot, "tian")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.focused is app.main_screen.article_list


async def test_ctrl_p_opens_the_palette_outside_the_filter() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


# -- the shell: ctrl+c, ctrl+z -------------------------------------------------------


async def test_ctrl_c_quits_even_while_typing() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"tian", "ctrl+c")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_z_says_when_it_cannot_suspend() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.is_running
        assert "Suspending is not supported" in notices(app)


# -- newsboat: read / unread marks ----------------------------------------------------


async def test_u_toggles_read_and_is_kept_across_runs() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "u")
        marked = app.main_screen.visible_articles[1]
        await type_filter(app, pilot, "is:read")
        assert [row.id for row in app.main_screen.visible_articles] == [marked.id]
        await pilot.press("enter", "u")  # back to unread, from the list
        await pilot.press("escape")
        await type_filter(app, pilot, "is:read")
        assert list(app.main_screen.visible_articles) == []
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("g", "u")
        kept = app.main_screen.visible_articles[0]
    again = seeds_app()  # same private cache: the mark is stored
    async with again.run_test(size=WIDE) as pilot:
        await settle(again, pilot)
        await type_filter(again, pilot, "is:read")
        assert [row.id for row in again.main_screen.visible_articles] == [kept.id]


async def test_capital_a_marks_every_match_read_after_asking() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await type_filter(app, pilot, "is:unread")
        everything = set(app.main_screen.matching)
        assert everything
        await pilot.press("enter", "A")
        assert isinstance(app.screen, ExportPrompt)
        assert "Mark" in app.screen.question
        await pilot.press("n")  # any key but y: nothing marked
        assert app.main_screen._engine is not None
        assert not any(app.main_screen._engine.state.get(i, UNMARKED).read for i in everything)
        await pilot.press("A")
        await pilot.pause(GRACE + 0.05)
        await pilot.press("y")
        await pilot.pause()
        assert all(app.main_screen._engine.state[i].read for i in everything)
        app.marks.flush(5)
        assert app.marks_pending == 0
        await pilot.press("escape")
        await type_filter(app, pilot, "is:unread")
        assert list(app.main_screen.visible_articles) == []


# -- the help screen ------------------------------------------------------------------


async def test_help_lists_ids_and_remapped_keys_and_scrolls_as_less() -> None:
    config = Path(os.environ["NEWSREADER_CONFIG"])  # private per test (conftest)
    config.write_text('[keys]\n"app.star" = "asterisk"\n"help.bottom" = "G,end,z"\n')
    app = seeds_app()
    async with app.run_test(size=SHORT_HELP) as pilot:
        await settle(app, pilot)
        assert "ignored" not in notices(app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        entries = {ident: keys for _title, keys, _text, ident in app.screen.entries()}
        assert entries["app.star"] == "*"  # as remapped, not "s"
        assert entries["app.quit"] == "q"
        assert entries["reader.half_page_down"] == "^d"
        assert "app.filter" in screen_text(app)  # the ids a config file names are shown
        body = app.screen.query_one("#help-body", VerticalScroll)
        assert body.max_scroll_y > 0
        await pilot.press("ctrl+d")
        half = body.scroll_y
        assert half > 0
        await pilot.press("space")
        assert body.scroll_y > half
        await pilot.press("b", "ctrl+u")
        assert body.scroll_y < half
        await pilot.press("G")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        assert "country:ireland" in screen_text(app)
        await pilot.press("g", "z")  # z: help.bottom as the config remapped it
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y


async def test_a_config_remaps_the_related_list_close_key() -> None:
    config = Path(os.environ["NEWSREADER_CONFIG"])  # private per test (conftest)
    config.write_text('[keys]\n"related.close" = "x"\n')
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert "related.close" not in notices(app)  # a known id, not "ignored"
        await pilot.press("enter", "r")
        await pilot.pause()
        assert isinstance(app.screen, RelatedScreen)
        await pilot.press("x")
        await pilot.pause()
        assert not isinstance(app.screen, RelatedScreen)
        assert app.focused is app.main_screen.reader


async def test_every_binding_id_can_be_remapped() -> None:
    """Each id a binding of the app's screens and widgets has is one a config may name
    (here, each given its own keys)."""
    bindings = {binding.id: binding.key
                for info in pkgutil.iter_modules(ui.__path__, "tui_reader.ui.")
                for _, owner in inspect.getmembers(importlib.import_module(info.name),
                                                   inspect.isclass)
                for binding in getattr(owner, "BINDINGS", ())
                if isinstance(binding, Binding) and binding.id}
    assert {"related.close", "help.close", "facets.add", "app.quit"} <= set(bindings)
    config = Path(os.environ["NEWSREADER_CONFIG"])  # private per test (conftest)
    config.write_text("[keys]\n" + "".join(f'"{ident}" = "{keys}"\n'
                                           for ident, keys in bindings.items()))
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert "no key binding has the id" not in notices(app)


# -- the README ----------------------------------------------------------------------

#: How the README's key table spells keys whose Textual names it does not use.
README_NAMES = {"question_mark": "?", "slash": "/", "exclamation_mark": "!",
                "escape": "esc", "pagedown": "pgdn", "pageup": "pgup", "down": "↓",
                "up": "↑", "left_square_bracket": "[", "right_square_bracket": "]"}


def readme_keys() -> dict[str, set[str]]:
    """Where (the README's first column) -> every `key` its rows name."""
    text = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    table = text.split("## Keys", 1)[1].split("\n## ", 1)[0]
    found: dict[str, set[str]] = {}
    where = ""
    for line in table.splitlines():
        cells = line.split("|")
        if len(cells) < 4 or (set(cells[1].strip()) <= {"-"} and cells[1].strip()):
            continue
        where = cells[1].strip() or where
        found.setdefault(where, set()).update(re.findall(r"`([^`]+)`", cells[2]))
    return found


def test_the_readme_key_table_names_every_key() -> None:
    app = seeds_app()
    table = readme_keys()
    sections = {"anywhere": dict(app.help_sections())["Anywhere"],
                "article list": ArticleList.BINDINGS,
                "reader": Reader.BINDINGS, "filter": FILTER_KEYS,
                "help": HelpScreen.BINDINGS}
    missing = []
    for where, bindings in sections.items():
        for binding in bindings:
            assert isinstance(binding, Binding)
            if binding.id == "app.filter_done":  # the filter's Enter: listed there
                continue
            for key in binding.key.split(","):
                if README_NAMES.get(key, key) not in table.get(where, set()):
                    missing.append(f"{where}: {key} ({binding.id})")
    assert not missing, missing


# -- less: n / N from the list -----------------------------------------------------------


async def test_n_and_N_in_the_list_go_to_the_next_article_whose_text_matches(
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")  # no filter words: says so, stays
        await settle(app, pilot)
        assert app.main_screen.article_list.cursor == 0
        assert "no words" in notices(app)
        await type_filter(app, pilot, "putin")
        rows = app.main_screen.visible_articles
        assert len(rows) >= 4
        # Row 1 has no "putin" as far as the search is concerned: n passes it by.
        skipped = {rows[1].title, app.cache.text(rows[1].rowid)}
        real = navigation.match_spans
        monkeypatch.setattr(navigation, "match_spans", lambda text, words: (
            [] if text in skipped else real(text, words)))
        await pilot.press("enter", "n")
        await settle(app, pilot)
        assert app.main_screen.article_list.cursor == 2
        shown = app.main_screen.reader.article
        assert shown is not None and shown.id == rows[2].id
        await pilot.press("N")
        await settle(app, pilot)
        assert app.main_screen.article_list.cursor == 0
        await pilot.press("N")  # none above the first: says so, stays
        await settle(app, pilot)
        assert app.main_screen.article_list.cursor == 0
        assert "No further" in notices(app)
