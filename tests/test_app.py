"""The Textual UI, driven by keys through Pilot on the bundled seeds."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from apphelp import (
    export_with,
    notices,
    screen_strips,
    screen_text,
    seeds_app,
    settle,
    type_filter,
)
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from tui_reader.article import LABELS, Article, Entity
from tui_reader.query import parse_query
from tui_reader.resources import seeds_dir
from tui_reader.search import Result
from tui_reader.ui import reading as reading_module
from tui_reader.ui.app import NewsReaderApp
from tui_reader.ui.article_list import ArticleList, country_codes, layout_columns
from tui_reader.ui.help import HelpScreen
from tui_reader.ui.highlight import ENTITY_STYLES, SHORT_LABELS, highlighted_body, legend
from tui_reader.ui.messages import SearchFinished
from tui_reader.ui.problems import ProblemsScreen

WIDE = (160, 45)
SMALL = (80, 24)
#: The seeds hold 8 articles; two report the same story, so the list shows 7 rows.
SEED_ARTICLES = 8
SEED_ROWS = 7

MARKUP_TITLE = "Markup [bold]x[/] and [@click=app.quit]q[/] in Dublin"
MARKUP_BODY = (
    "The minister in Dublin said [bold]x[/] and then [@click=app.quit]q[/] while Ireland "
    "watched the talks on the new budget go on for a third day in a row.\n\n"
    "A second paragraph with [link=https://example.org]the report[/link] text is here, and the "
    "officials who spoke to reporters after the meeting said that the plan would be "
    "published in full next week, once the cabinet has agreed on the final figures.\n\n"
    "Opposition parties said they would study the details before deciding how to vote, "
    "and several unions asked for a meeting with the minister before the end of the month.\n"
)









def reading(app: NewsReaderApp) -> str | None:
    """The id of the article the reader shows."""
    return None if app.main_screen.reader.article is None else app.main_screen.reader.article.id


def titles(app: NewsReaderApp) -> list[str]:
    return [article.title for article in app.main_screen.visible_articles]


# -- loading and moving -------------------------------------------------------


async def test_loads_all_seed_articles_and_shows_the_first() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert len(app.main_screen.visible_articles) == SEED_ROWS
        assert reading(app) == app.main_screen.visible_articles[0].id
        screen = screen_text(app)
        assert "8 articles · 7 stories" in screen
        assert app.main_screen.visible_articles[0].title[:40] in screen
        # every row is on screen: each title starts a visible line of the list
        for title in titles(app):
            assert title[:20] in screen
        assert app.focused is app.main_screen.article_list


async def test_moving_the_cursor_changes_the_article_in_the_reader() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        rows = app.main_screen.visible_articles
        await pilot.press("j")
        assert reading(app) == rows[1].id
        await pilot.press("down", "down")
        assert reading(app) == rows[3].id
        assert rows[3].title[:40] in screen_text(app)
        await pilot.press("k")
        assert reading(app) == rows[2].id
        await pilot.press("G")
        assert reading(app) == rows[-1].id
        await pilot.press("g")
        assert reading(app) == rows[0].id
        await pilot.press("end", "up", "home")
        assert reading(app) == rows[0].id
        await pilot.press("pagedown")
        assert reading(app) == rows[-1].id


# -- filtering ----------------------------------------------------------------


@pytest.mark.parametrize("word", ["tianjin", "Tianjn"])
async def test_filter_by_keyword_even_misspelt(word: str) -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await type_filter(app, pilot, word)
        assert len(app.main_screen.visible_articles) == 1
        assert "Tianjin" in titles(app)[0]
        assert reading(app) == app.main_screen.visible_articles[0].id
        assert "1 of 8 articles match" in screen_text(app)


def matched_text(app: NewsReaderApp, row: int) -> list[str]:
    """The characters of a list row drawn in the match style (bold and underlined)."""
    articles = app.main_screen.article_list
    strip = articles.render_line(row - round(articles.scroll_offset.y))
    return [seg.text for seg in strip if seg.style and seg.style.underline and seg.style.bold]


async def layout_passes(app: NewsReaderApp, pilot: Pilot[None],
                        monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """From now on, one entry for each layout pass of the current screen (Textual's
    `Screen._refresh_layout`: every widget placed and sized again). Background work
    started before (loading, warming the indexes) is waited for first: what it shows when
    it ends may lay the screen out (under load, after `settle` returned)."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    passes: list[bool] = []
    layout = screen._refresh_layout

    def counted(*args: object, **kwargs: object) -> None:
        passes.append(True)
        layout(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(screen, "_refresh_layout", counted)
    return passes


async def test_a_keystroke_in_the_filter_repaints_without_laying_out_the_screen(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each key typed in the filter laid out the whole screen two or three times: the
    input's and the list's scroll ranges are Textual reactives that ask for a layout pass.
    At 160x45 with 100k articles that was ~20 ms a pass, on every keystroke (issue #17).
    Keys that change the list repaint it without one."""
    monkeypatch.setattr(reading_module, "READER_DELAY", 60.0)  # the reader follows later
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        passes = await layout_passes(app, pilot, monkeypatch)
        shown = []
        for key in "tianjin":
            await pilot.press(key)
            while app.main_screen.search_pending:
                await pilot.pause()
            await pilot.pause()
            shown.append(len(app.main_screen.visible_articles))
        assert app.main_screen.filter_bar.input.value == "tianjin"
        assert shown[-1] == 1 and len(set(shown)) > 1  # the list changed as keys came
        assert passes == []


async def test_new_facet_counts_and_filter_words_repaint_without_a_layout_pass(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """After each search the facets are recounted and the reader marks the new words in
    the article's title: both laid out the whole screen again (the panel's scroll range,
    the title's text set anew), though neither changes the size of any widget (issue #17)."""
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await facets_settled(app, pilot)
        main = app.main_screen
        before = dict(facet_rows(app))
        passes = await layout_passes(app, pilot, monkeypatch)
        main.apply(main._generation, main._engine.search(parse_query("kremlin")))
        await facets_settled(app, pilot)
        assert dict(facet_rows(app)) != before  # the counts changed
        main.reader.set_words(["security"])
        await pilot.pause()
        assert main.reader.article is not None
        assert "security" in main.reader.article.title.lower()
        assert passes == []


@pytest.mark.parametrize("word", ["tianjin", "Tianjn", "tian"])
async def test_matched_characters_are_highlighted_in_titles(word: str) -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert matched_text(app, 0) == []
        await type_filter(app, pilot, word)
        expected = "Tianjin" if len(word) > 4 else "Tian"
        assert matched_text(app, 0) == [expected]
        await pilot.press("escape")
        await settle(app, pilot)
        assert all(matched_text(app, row) == [] for row in range(SEED_ROWS))


async def test_reader_follows_the_cursor_once_typing_pauses(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading_module, "READER_DELAY", 1.0)  # a slow machine cannot miss it
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"tianjin")
        await pilot.pause()
        while app.main_screen.search_pending:
            await pilot.pause()
        assert app.main_screen.reader_pending  # the list is filtered; the article waits for a pause
        assert reading(app) != app.main_screen.visible_articles[0].id
        await settle(app, pilot)
        assert reading(app) == app.main_screen.visible_articles[0].id


@pytest.mark.parametrize("query", ["country:ireland", "country:ie", "country:irl"])
async def test_filter_by_country_name_or_code(query: str) -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        expected = [a for a in app.main_screen.articles if "IE" in a.countries]
        assert 0 < len(expected) < len(app.main_screen.articles)
        await type_filter(app, pilot, query)
        assert sorted(titles(app)) == sorted(a.title for a in expected)
        assert "Ireland" in screen_text(app)  # the reader's metadata names the country


async def test_query_errors_are_shown_not_raised() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await type_filter(app, pilot, "country:zzqz")
        screen = screen_text(app)
        assert "no country matches 'zzqz'" in screen
        assert len(app.main_screen.visible_articles) == 0
        assert "No article matches the filter." in screen
        assert app.main_screen.reader.article is None
        # fixing the query hides the message
        await pilot.press(*["backspace"] * len("zzqz"), *"ireland")
        await settle(app, pilot)
        assert "no country matches" not in screen_text(app)
        assert len(app.main_screen.visible_articles) >= 1


async def test_an_ambiguous_or_misspelt_country_says_how_it_was_read() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await type_filter(app, pilot, "country:korea")
        assert "could mean North Korea (KP) or South Korea (KR)" in screen_text(app)
        await pilot.press(*["backspace"] * len("korea"), *"frnace")
        await settle(app, pilot)
        assert "country:frnace read as France" in screen_text(app)
        assert len(app.main_screen.visible_articles) >= 1


async def test_escape_clears_the_filter_and_returns_to_the_list() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await type_filter(app, pilot, "tianjin")
        assert len(app.main_screen.visible_articles) == 1
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(app.main_screen.visible_articles) == SEED_ROWS
        assert app.main_screen.filter_bar.input.value == ""
        assert app.focused is app.main_screen.article_list


async def test_enter_in_the_filter_keeps_it_and_focuses_the_list() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await type_filter(app, pilot, "tianjin")
        await pilot.press("enter")
        assert app.focused is app.main_screen.article_list
        assert len(app.main_screen.visible_articles) == 1


async def test_a_stale_search_result_never_replaces_a_newer_one() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await type_filter(app, pilot, "tianjin")
        shown = list(app.main_screen.visible_articles)
        # An older generation's result: every row, as the empty filter had found.
        app.main_screen.post_message(SearchFinished(0, Result(list(range(SEED_ARTICLES)))))
        await pilot.pause()
        assert list(app.main_screen.visible_articles) == shown


async def test_keys_typed_right_after_slash_go_to_the_filter() -> None:
    """"/quake" typed faster than the screen refreshes must filter, not quit on "q"."""
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        # Posted in one go, as a terminal delivers keys typed faster than they are handled.
        for key, character in (("slash", "/"), ("q", "q"), ("j", "j")):
            app.post_message(events.Key(key, character))
        await settle(app, pilot)
        assert app.return_code is None
        assert app.main_screen.filter_bar.input.value == "qj"


# -- similar stories ------------------------------------------------------------


def folded_row(app: NewsReaderApp) -> int:
    """The one row that stands for two similar stories."""
    rows = [row for row, count in enumerate(app.main_screen.article_list.folded) if count]
    assert len(rows) == 1 and app.main_screen.article_list.folded[rows[0]] == 1
    return rows[0]


@pytest.mark.parametrize("size", [SMALL, WIDE])
async def test_similar_stories_share_one_row_with_a_badge(size: tuple[int, int]) -> None:
    app = seeds_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert len(app.main_screen.visible_articles) == SEED_ROWS
        assert app.main_screen.matching_count == SEED_ARTICLES
        row = folded_row(app)
        leader = app.main_screen.visible_articles[row]
        assert leader.source == "AP/ABC"  # the first of the pair in corpus order
        [other_id] = leader.similar
        assert other_id not in {a.id for a in app.main_screen.visible_articles}
        await pilot.press(*["j"] * row)
        lines = screen_text(app).splitlines()
        badged = [line for line in lines if re.search(r"\+1\s", line) and "Ukraine Allies" in line]
        assert badged, "the +1 badge is not next to the title"
        assert all(len(line) <= size[0] for line in lines)


async def test_stories_grouped_by_a_pass_that_was_owed_show_without_a_restart() -> None:
    # Files indexed without grouping (`index` cut short, say): the app's sync grouped them,
    # but kept the rows it had read before, as no file had changed.
    import os

    from tui_reader import ingest
    from tui_reader.resources import seeds_dir
    from tui_reader.storage import Cache

    with Cache.open(os.environ["NEWSREADER_CACHE"]) as cache:
        ingest.sync(cache, [str(seeds_dir())], workers=0, similar=False)
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert "8 articles · 7 stories" in screen_text(app)


async def test_the_reader_lists_and_steps_through_similar_stories() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        row = folded_row(app)
        await pilot.press(*["j"] * row, "enter")
        first = app.main_screen.reader.article
        assert first.id == app.main_screen.visible_articles[row].id
        assert app.focused is app.main_screen.reader
        other = app.main_screen.article(first.similar[0])
        await pilot.press("G")  # the similar stories sit under the body
        await pilot.pause()
        screen = screen_text(app)
        assert "Similar story (1)" in screen
        assert other.title[:40] in screen and "AlJazeera" in screen
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert reading(app) == other.id
        assert app.main_screen.reader.scroll_y == 0
        assert other.title[:40] in screen_text(app)
        await pilot.press("right_square_bracket")  # wraps round the group
        assert reading(app) == first.id
        await pilot.press("left_square_bracket")
        assert reading(app) == other.id
        assert app.main_screen.article_list.highlighted.id == first.id  # the list row does not move
        await pilot.press("escape", "j", "enter", "right_square_bracket")
        assert not app.main_screen.reader.article.similar
        assert reading(app) == app.main_screen.visible_articles[row + 1].id  # no similar: no-op


async def test_a_filter_matching_one_similar_story_shows_it_alone() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await type_filter(app, pilot, "merz")  # only in Al Jazeera's version
        assert [a.source for a in app.main_screen.visible_articles] == ["AlJazeera"]
        assert list(app.main_screen.article_list.folded) == [0]
        assert "1 of 8 articles match" in screen_text(app)
        await pilot.press(*["backspace"] * 4, *"orthodox")  # only in AP's version
        await settle(app, pilot)
        assert [a.source for a in app.main_screen.visible_articles] == ["AP/ABC"]
        await pilot.press(*["backspace"] * 8, *"witkoff")  # in both, and in one more
        await settle(app, pilot)
        assert len(app.main_screen.visible_articles) == 2
        assert sorted(app.main_screen.article_list.folded) == [0, 1]
        assert "3 of 8 articles match · 2 stories" in screen_text(app)


# -- focus, help and quitting -------------------------------------------------


async def test_enter_and_tab_switch_panes() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter")
        assert app.focused is app.main_screen.reader
        assert reading(app) == app.main_screen.visible_articles[1].id
        await pilot.press("escape")
        assert app.focused is app.main_screen.article_list
        assert len(app.main_screen.visible_articles) == SEED_ROWS
        await pilot.press("tab")
        assert app.focused is app.main_screen.reader
        await pilot.press("tab")
        assert app.focused is app.main_screen.filter_bar.input
        await pilot.press("tab")
        assert app.focused is app.main_screen.facets_panel  # left of the list at 160 columns
        await pilot.press("tab")
        assert app.focused is app.main_screen.article_list
        await pilot.press("enter", "enter")
        assert app.focused is app.main_screen.article_list


async def test_reader_scrolls_with_keys() -> None:
    app = seeds_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        assert app.main_screen.reader.max_scroll_y > 0
        await pilot.press("j", "j", "space")
        await pilot.pause()
        assert app.main_screen.reader.scroll_y > 2
        await pilot.press("g")
        await pilot.pause()
        assert app.main_screen.reader.scroll_y == 0


async def test_help_lists_every_key_and_the_filter_syntax() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = {description for _section, _keys, description, _id in app.screen.entries()}
        for _title, bindings in app.help_sections():
            for binding in bindings:
                assert binding.tooltip in listed
        for description in ("Quit newsreader (in the reader, q goes back to the list first).",
                            "Move the cursor to the next article.",
                            "Close this help screen.", "Read the previous similar story."):
            assert description in listed
        assert "Type a query to narrow the list." in screen_text(app)
        for _ in range(60):  # the list's keys come after every key of "Anywhere"
            if "Move the cursor to the next article." in screen_text(app):
                break
            await pilot.press("j")
        assert "Move the cursor to the next article." in screen_text(app)
        for _ in range(80):  # the filter syntax, at the bottom
            await pilot.pause()  # read a settled screen: under load a repaint may be pending
            if "country:ireland" in screen_text(app):
                break
            await pilot.press("j")
        assert "country:ireland" in screen_text(app)
        await pilot.press("q")  # closes help, does not quit
        assert not isinstance(app.screen, HelpScreen)
        assert app.return_code is None
        await pilot.press("question_mark", "escape")
        assert not isinstance(app.screen, HelpScreen)


def test_every_binding_has_an_id_and_a_description() -> None:
    app = seeds_app()
    for _title, bindings in [("help", HelpScreen.BINDINGS), *app.help_sections()]:
        for binding in bindings:
            assert not isinstance(binding, tuple)
            assert binding.id, binding
            assert binding.description and binding.tooltip, binding


async def test_q_quits() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0


async def test_typing_q_in_the_filter_does_not_quit() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await type_filter(app, pilot, "q")
        assert app.return_code is None
        assert app.main_screen.filter_bar.input.value == "q"
        assert isinstance(app.focused, Input)


# -- untrusted text, highlighting, skipped inputs -----------------------------


def write_page(folder: Path) -> Path:
    page = folder / "page.txt"
    page.write_text(f"{MARKUP_TITLE}\n\n{MARKUP_TITLE}\n\nThe Irish Times\n{MARKUP_BODY}")
    return page


async def test_markup_in_page_text_is_shown_literally(tmp_path: Path) -> None:
    page = write_page(tmp_path)
    app = NewsReaderApp([str(page)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert titles(app) == [MARKUP_TITLE]
        screen = screen_text(app)
        assert MARKUP_TITLE in screen  # the reader's title line, whole
        assert "[bold]x[/]" in screen
        assert "[@click=app.quit]q[/]" in screen
        assert "[link=https://example.org]the" in screen and "report[/link]" in screen
        # no click action or link leaked into the rendered body
        for strip in screen_strips(app):
            for segment in strip:
                meta = segment.style.meta if segment.style else {}
                assert "@click" not in meta
                assert not (segment.style and segment.style.link)
        await pilot.press("enter", "q", "q")  # q in the reader goes back to the list
        await pilot.pause()
        assert app.return_code == 0  # the real q still quits; the page's did nothing before


async def test_skipped_inputs_are_reported(tmp_path: Path) -> None:
    page = write_page(tmp_path)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02 not text")
    app = NewsReaderApp([str(page), str(binary)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert len(app.main_screen.problems) == 1
        assert "skipped 1 input" in screen_text(app)
        assert len(app.main_screen.visible_articles) == 1


def test_entities_are_coloured_by_kind_and_the_legend_names_them() -> None:
    body = "Leo Varadkar met the EU in Dublin, Ireland."
    spans = [("Leo Varadkar", "PERSON"), ("EU", "ORG"), ("Dublin", "PLACE"), ("Ireland", "COUNTRY")]
    entities = []
    for text, label in spans:
        start = body.index(text)
        entities.append(Entity(text, label, start, start + len(text), text))
    article = Article("id", "t", None, None, "p", body, entities, ["IE"])
    rendered = highlighted_body(article)
    assert rendered.plain == body
    styles = {rendered.plain[s.start:s.end]: s.style for s in rendered.spans}
    for text, label in spans:
        assert styles[text] == ENTITY_STYLES[label]
    assert len({str(ENTITY_STYLES[label]) for label in LABELS}) == len(LABELS)
    key = legend()
    for label in LABELS:
        assert label in key.plain


@pytest.mark.parametrize("size", [SMALL, (100, 30), (160, 45)])
async def test_legend_is_visible_in_the_reader(size: tuple[int, int]) -> None:
    """Every kind stays in the legend (by a short name in a narrow reader), never cut."""
    app = seeds_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        screen = screen_text(app).replace("\u00a0", " ")
        for label in LABELS:
            short = SHORT_LABELS[label]
            assert re.search(rf"(■ \d {label}|\b{short}) \d+", screen), label


# -- small terminals and big lists --------------------------------------------


async def test_both_panes_are_usable_at_80x24() -> None:
    app = seeds_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        lst, reader = app.main_screen.article_list.region, app.main_screen.reader.region
        assert lst.height >= 18 and reader.height >= 18  # side by side, full height
        assert lst.width >= 35 and reader.width >= 35
        assert not lst.overlaps(reader)
        assert not app.main_screen.facets_panel.display  # facets only on request under 140 columns
        screen = screen_text(app)
        assert app.main_screen.visible_articles[0].title[:20] in screen
        assert "8 articles" in screen
        lines = screen.splitlines()
        assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
        await pilot.press("j", "j", "enter")
        assert app.focused is app.main_screen.reader
        assert reading(app) == app.main_screen.visible_articles[2].id
        assert app.main_screen.article_list.region == lst  # reading keeps both panes


async def test_under_80_columns_one_pane_shows_at_a_time() -> None:
    app = seeds_app()
    async with app.run_test(size=(70, 24)) as pilot:
        await settle(app, pilot)
        assert app.main_screen.article_list.region.width == 70
        assert not app.main_screen.reader.display
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.focused is app.main_screen.reader and app.main_screen.reader.region.width == 70
        assert not app.main_screen.article_list.display
        assert app.main_screen.visible_articles[1].title[:30] in screen_text(app).replace("\n", " ")
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.main_screen.article_list and not app.main_screen.reader.display


async def test_under_80_columns_a_dialog_opened_from_the_reader_closes_back_to_it() -> None:
    """The reader stays the pane on show behind help: before the main screen had its own
    focus events, a dialog's focus hid the reader and closing it landed on the list."""
    app = seeds_app()
    async with app.run_test(size=(70, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.main_screen.reader.display and not app.main_screen.article_list.display
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.main_screen.reader
        assert reading(app) == app.main_screen.visible_articles[1].id


async def test_facets_list_the_result_and_enter_adds_one_to_the_filter() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await facets_settled(app, pilot)
        panel = app.main_screen.facets_panel
        assert panel.display  # shown by default at 160 columns
        listed = facet_rows(app)
        assert listed[0] == ("Countries", None)
        counts = [n for _, n in listed[1:listed.index(("People", None))]]
        assert counts == sorted(counts, reverse=True)
        top = panel.options[1].id.split("\t")[1]  # e.g. "RU"
        assert counts[0] == sum(top in row.countries for row in app.rows)
        await type_filter(app, pilot, "tianjin")
        await facets_settled(app, pilot)
        narrowed = dict(facet_rows(app))
        assert narrowed["China"] == 1  # counts follow the query
        panel.focus()
        await pilot.pause()
        china = next(i for i, o in enumerate(panel.options) if o.id == "country\tCN")
        panel.highlighted = china
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.main_screen.filter_bar.input.value == "tianjin country:cn"
        assert len(app.main_screen.visible_articles) == 1
        await pilot.press("f")
        await pilot.pause()
        assert not panel.display and app.focused is app.main_screen.article_list


async def test_facets_toggle_on_under_140_columns() -> None:
    app = seeds_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert not app.main_screen.facets_panel.display
        await pilot.press("f")
        await facets_settled(app, pilot)
        assert app.main_screen.facets_panel.display and ("Countries", None) in facet_rows(app)


async def facets_settled(app: NewsReaderApp, pilot: Pilot[None]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    deadline = time.monotonic() + 10
    while app.main_screen.facets_panel.option_count == 0:
        assert time.monotonic() < deadline, "no facets"
        await app.workers.wait_for_complete()
        await pilot.pause()


def facet_rows(app: NewsReaderApp) -> list[tuple[str, int | None]]:
    """(name, count) per facet row; headings have no count."""
    rows: list[tuple[str, int | None]] = []
    for option in app.main_screen.facets_panel.options:
        text = str(option.prompt)
        if option.id is None:
            rows.append((text.split(" · ")[0], None))
        elif not option.id.startswith("+"):  # not the "all …" line
            name, count = text.rsplit(" ", 1)
            rows.append((name.rstrip(), int(count)))
    return rows


async def test_the_list_stays_fast_with_100k_rows() -> None:
    """The list is virtual: with 100,000 rows, moving the cursor (to the end, a page up, a
    row up) and drawing the screen it shows cost what they cost with the 8 seed rows. Both are
    timed in the same app, one after the other, so a loaded machine slows both; a list that
    walks its rows for a key or a line drawn takes hundreds of times longer."""
    app = seeds_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        lst: ArticleList = app.main_screen.article_list

        def move_and_draw() -> float:
            began = time.perf_counter()
            for _ in range(20):
                lst.action_last()
                lst.action_page_up()
                lst.action_cursor_up()
                for y in range(lst.size.height):
                    lst.render_line(y)
            return time.perf_counter() - began

        few = move_and_draw()
        many = [app.main_screen.articles[i % 8] for i in range(100_000)]
        lst.set_articles(many)
        await pilot.pause()
        lots = move_and_draw()
        assert lots < 5 * few + 0.05, f"{lots:.3f} s with 100,000 rows, {few:.3f} s with 8"
        lst.move_cursor(0)
        await pilot.press("G", "pageup", "k")  # the same, as keys
        await pilot.pause()
        page = lst.scrollable_content_region.height - 1
        assert lst.cursor == 100_000 - 1 - page - 1
        assert lst.scroll_offset.y <= lst.cursor < lst.scroll_offset.y + lst.size.height


def test_columns_fit_the_width() -> None:
    for width in (20, 40, 60, 78, 120):
        columns = layout_columns(width)
        used = columns.title + sum(
            w + 2 for w in (columns.source, columns.date, columns.countries) if w
        )
        assert used <= width
    assert country_codes(["CN", "IN", "RU", "TR", "UA"], 11) == "CN IN RU +2"
    assert country_codes(["IE"], 11) == "IE"


# -- the skipped-inputs list and a rebuilt cache -----------------------------


async def test_the_skipped_inputs_are_listed_with_their_reasons(tmp_path: Path) -> None:
    write_page(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 not text" * 10)
    app = NewsReaderApp([str(tmp_path)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert len(app.main_screen.visible_articles) == 1
        screen = screen_text(app)
        assert "skipped 2 inputs" in screen
        assert "! Skipped" in screen  # the footer offers the key
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        screen = screen_text(app)
        assert "Skipped 2 inputs" in screen
        assert "empty.txt" in screen and "empty file" in screen
        assert "binary.txt" in screen and "not a text file" in screen
        await pilot.resize_terminal(60, 8)  # the list no longer fits: the keys scroll it
        await pilot.pause()
        body = app.screen.body
        assert body.max_scroll_y > 1
        await pilot.press("j")
        assert body.scroll_y == 1
        await pilot.press("k")
        assert body.scroll_y == 0
        page = min(body.max_scroll_y, body.scrollable_content_region.height - 1)
        for down, up in (("pagedown", "pageup"), ("space", "b")):
            await pilot.press(down)
            assert body.scroll_y == page, down
            await pilot.press(up)
            assert body.scroll_y == 0, up
        await pilot.resize_terminal(*WIDE)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ProblemsScreen)
        assert app.return_code is None
        await pilot.press("exclamation_mark", "q")  # q closes the list, does not quit
        await pilot.pause()
        assert not isinstance(app.screen, ProblemsScreen) and app.return_code is None


async def test_no_skipped_key_in_the_footer_when_nothing_was_skipped() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert "Skipped" not in screen_text(app)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert not isinstance(app.screen, ProblemsScreen)


async def test_hostile_file_names_in_the_skipped_list_are_shown_inert(tmp_path: Path) -> None:
    write_page(tmp_path)
    hostile = tmp_path / "[bold]x[red] \x1b]0;owned\x07 [@click=app.quit]q.txt"
    hostile.write_bytes(b"")
    app = NewsReaderApp([str(tmp_path)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("exclamation_mark")
        for _ in range(100):  # under load the list can take a few frames to open
            if isinstance(app.screen, ProblemsScreen):
                break
            await pilot.pause(0.05)
        await pilot.pause()
        screen = screen_text(app)
        # (the long temporary path may wrap the name between its two halves)
        assert "[bold]x[red] ␛]0;owned␇" in screen and "[@click=app.quit]q.txt" in screen
        assert "\x1b" not in screen
        for strip in screen_strips(app):
            for segment in strip:
                meta = segment.style.meta if segment.style else {}
                assert "@click" not in meta


async def test_a_rebuilt_cache_is_announced(tmp_path: Path) -> None:
    from test_cache_safety import damage_bodies_page, marked_cache

    cache = tmp_path / "cache.sqlite3"
    marked_cache(cache)
    damage_bodies_page(cache)
    app = NewsReaderApp([str(seeds_dir())], cache_path=str(cache))
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert len(app.main_screen.visible_articles) == SEED_ROWS
        notes = notices(app).splitlines()
        assert any("The cache was damaged" in note and ".corrupt-" in note for note in notes)
    assert list(tmp_path.glob("cache.sqlite3.corrupt-*"))


async def test_an_opened_article_leaves_is_unread_at_once() -> None:
    """Regression: the filter kept the read state of when the list was loaded."""
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        opened = app.main_screen.visible_articles[0].id
        await pilot.press("enter", "escape")
        await type_filter(app, pilot, "is:unread")
        assert opened not in {row.id for row in app.main_screen.visible_articles}
        assert len(app.main_screen.visible_articles) == SEED_ROWS - 1
        await pilot.press("escape")
        await type_filter(app, pilot, "is:read")
        assert [row.id for row in app.main_screen.visible_articles] == [opened]


async def test_star_is_shown_filterable_and_kept_across_runs() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "s")
        starred = app.main_screen.visible_articles[1]
        assert f"★ {starred.title[:20]}" in screen_text(app)
        await type_filter(app, pilot, "is:starred")
        assert [row.id for row in app.main_screen.visible_articles] == [starred.id]
    again = seeds_app()  # same private cache: the mark is stored, not kept in memory
    async with again.run_test(size=WIDE) as pilot:
        await settle(again, pilot)
        await type_filter(again, pilot, "is:starred")
        assert [row.id for row in again.main_screen.visible_articles] == [starred.id]
        await pilot.press("enter", "s")  # unstar from the list
        await pilot.press("escape")
        await type_filter(again, pilot, "is:starred")
        assert list(again.main_screen.visible_articles) == []


async def test_copy_puts_the_article_on_the_clipboard() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "c")
        article = app.main_screen.reader.article
        assert article is not None
        assert app.clipboard.startswith(f"{article.title}\nIndian Express\n\n")
        assert article.text in app.clipboard


async def test_export_writes_the_current_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSREADER_EXPORT_DIR", str(tmp_path))
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        path = await export_with(app, pilot, "country:ireland", "x")
        assert path.parent == tmp_path
        records = [json.loads(line) for line in path.read_text().splitlines()]
        assert [r["id"] for r in records] == app.main_screen.matching
        assert records and all("IE" in r["countries"] for r in records)


async def test_sort_cycles_relevance_date_source() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        in_order = [row.id for row in app.main_screen.visible_articles]
        await pilot.press("S")
        await settle(app, pilot)
        assert "by date" in str(app.main_screen.article_list.border_title)
        assert app.main_screen.visible_articles[0].published == "2025-04-02"  # the only dated seed
        await pilot.press("S")
        await settle(app, pilot)
        sources = [row.source for row in app.main_screen.visible_articles if row.source]
        assert sources == sorted(sources, key=str.casefold)
        assert app.main_screen.visible_articles[-1].source is None  # no source: last
        await pilot.press("S")
        await settle(app, pilot)
        assert "by relevance" in str(app.main_screen.article_list.border_title)
        assert [row.id for row in app.main_screen.visible_articles] == in_order


def test_entity_kinds_stay_distinct_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    body = "Leo Varadkar met the EU in Dublin, Ireland."
    spans = [("Leo Varadkar", "PERSON"), ("EU", "ORG"), ("Dublin", "PLACE"), ("Ireland", "COUNTRY")]
    entities = [Entity(t, label, body.index(t), body.index(t) + len(t), t) for t, label in spans]
    rendered = highlighted_body(Article("id", "t", None, None, "p", body, entities, ["IE"]))
    styles = {rendered.plain[s.start:s.end]: s.style for s in rendered.spans}
    assert all(styles[text].color is None for text, _ in spans)
    assert len({str(styles[text]) for text, _ in spans}) == len(spans)
    assert len({str(s.style) for s in legend().spans if s.style}) >= len(LABELS)


async def test_related_articles_are_listed_and_r_opens_one() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        first = app.main_screen.reader.article
        assert first is not None
        similar, related = app.main_screen.related_to(first)
        assert related and all(shared for _, shared in related)
        assert first.id not in {row.id for row, _ in related}
        await pilot.press("end")  # the section is under the body, at the reader's bottom
        await pilot.pause()
        screen = screen_text(app)
        assert "Related articles" in screen
        assert related[0][0].title[:20] in screen
        await pilot.press("r")
        await pilot.pause()
        assert type(app.screen).__name__ == "RelatedScreen"
        await pilot.press("enter")  # the first entry, under its heading
        await settle(app, pilot)
        assert reading(app) == (similar or [row for row, _ in related])[0].id
        assert app.focused is app.main_screen.reader


async def test_pasted_or_inserted_control_characters_never_reach_the_filter() -> None:
    """SO/SI would switch a Linux console's character set; SOH, STX... are drawn raw."""
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        field = app.main_screen.filter_bar.input
        field.post_message(events.Paste("a\x01b\x0ec\x0fd\x1b[2J\u202ee"))
        await settle(app, pilot)
        assert field.value == "abcde"
        field.insert_text_at_cursor("\x02f\x0e")
        field.value += "\x0fg\x1b]52;c;AAAA\x07"
        await settle(app, pilot)
        assert field.value == "abcdefg"
        screen = screen_text(app)
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", screen)
        assert "abcdefg" in screen
