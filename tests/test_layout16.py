"""Screens that use the width they have (issue #16): the list's rows, the footer, the
legend, the facets pane, entity colours on every theme, the reader's headline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from apphelp import screen_text, seeds_app, settle
from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.color import Color
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from tui_reader.article import LABELS
from tui_reader.ui import highlight
from tui_reader.ui.app import NewsReaderApp
from tui_reader.ui.article_body import ArticleBody
from tui_reader.ui.contrast import contrast, readable
from tui_reader.ui.facets_panel import FACET_LIMIT, FEWER, MORE, facet_label
from tui_reader.ui.footer import FittedFooter
from tui_reader.ui.highlight import SHORT_LABELS, entity_style, legend
from tui_reader.ui.messages import RowsLoaded, SyncProgress

SMALL = (80, 24)
MEDIUM = (120, 40)
WIDE = (160, 45)


def region_text(app: NewsReaderApp, widget: object) -> str:
    """The characters of the screen inside `widget`'s region, one line per row."""
    region = widget.region  # type: ignore[attr-defined]
    lines = screen_text(app).splitlines()[region.y:region.bottom]
    return "\n".join(line[region.x:region.right] for line in lines)


# -- the list --------------------------------------------------------------------


async def test_at_160_columns_the_list_shows_long_titles_sources_and_dates() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        shown = region_text(app, app.main_screen.article_list)
        rows = app.main_screen.visible_articles
        long_titles = [r.title for r in rows if len(r.title) > 50]
        assert long_titles and all(title[:45] in shown for title in long_titles)
        for row in rows:
            if row.source:
                assert row.source in shown, row.source
        dated = next(r for r in rows if r.published)
        assert f"{dated.source} · {dated.published}" in shown
        assert app.main_screen.article_list.row_lines == 2


async def test_two_line_rows_move_page_and_scroll_by_rows() -> None:
    app = seeds_app()
    async with app.run_test(size=(120, 26)) as pilot:  # a list of 20 lines: 10 rows
        await settle(app, pilot)
        lst = app.main_screen.article_list
        assert lst.row_lines == 2
        await pilot.press("G")
        await pilot.pause()
        last = app.main_screen.visible_articles[-1]
        assert lst.highlighted is last
        assert last.title[:30] in region_text(app, lst)
        await pilot.press("g")
        await pilot.pause()
        assert lst.cursor == 0 and lst.scroll_offset.y == 0


async def test_at_80x24_rows_stay_one_line() -> None:
    app = seeds_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        assert app.main_screen.article_list.row_lines == 1
        shown = region_text(app, app.main_screen.article_list)
        assert all(row.title[:20] in shown for row in app.main_screen.visible_articles)


# -- the footer and the legend at 80 columns ----------------------------------------------


async def assert_footer_keys_whole(app: NewsReaderApp) -> None:
    footer = app.query_one(FittedFooter)
    line = screen_text(app).splitlines()[-1]
    keys = [k for k in footer.query(FooterKey) if "-command-palette" not in k.classes]
    palette = next(k for k in footer.query(FooterKey) if "-command-palette" in k.classes)
    shown = [k for k in keys if k.display]
    assert shown, "no key in the footer"
    for key in shown:
        text = key.render().plain.strip()
        assert text in line, (text, line)
        assert key.region.right <= palette.region.x, text
    hidden = [k for k in keys if not k.display]
    for key in hidden:  # a hidden key's description is not half-shown either
        assert f" {key.description} " not in f" {line} "
    assert line.rstrip().endswith("palette")


async def test_at_80_columns_the_footer_shows_whole_keys_only() -> None:
    app = seeds_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        await assert_footer_keys_whole(app)
        assert "q Quit" in screen_text(app).splitlines()[-1]
        await pilot.press("enter")  # the reader's keys: more of them
        await settle(app, pilot)
        await pilot.pause()
        await assert_footer_keys_whole(app)


async def test_at_80_columns_the_legend_takes_one_line() -> None:
    app = seeds_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        legend_widget = app.query_one("#reader-legend")
        assert legend_widget.region.height == 1
        text = region_text(app, legend_widget)
        for number, label in enumerate(LABELS, 1):
            assert SHORT_LABELS[label] in text or f"{number} {label}" in text


def test_the_legend_picks_the_longest_form_that_fits_on_one_line() -> None:
    counts = {"PERSON": 28, "COUNTRY": 23, "PLACE": 10, "ORG": 2}
    assert legend(counts, 80).plain == "■ 1 PERSON 28  ■ 2 COUNTRY 23  ■ 3 PLACE 10  ■ 4 ORG 2"
    assert legend(counts, 34).plain == "1 PER 28 2 CTY 23 3 PLC 10 4 ORG 2"
    assert legend(counts, 30).plain == "PER 28 CTY 23 PLC 10 ORG 2"
    assert legend(counts, 20).plain == "PER 28 CTY 23 PLC 10\nORG 2"
    off = legend(counts, 34, {"PLACE"})
    struck = [off.plain[s.start:s.end] for s in off.spans if "strike" in str(s.style)]
    assert struck == ["PLC"]


# -- the facets pane -----------------------------------------------------------------


async def test_facet_headings_give_totals_and_all_values_can_be_listed() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        panel = app.main_screen.facets_panel
        countries = {code for row in app.rows for code in row.countries}
        assert len(countries) > FACET_LIMIT
        shown = region_text(app, panel)
        assert f"Countries · {len(countries)}" in shown
        listed = [panel.get_option_at_index(i).id for i in range(panel.option_count)]
        assert sum(1 for i in listed if i and i.startswith("country\t")) == FACET_LIMIT
        assert f"all {len(countries)} countries…" in shown
        panel.focus()
        panel.highlighted = panel.get_option_index(f"{MORE}\tcountry")
        await pilot.press("enter")
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        listed = [panel.get_option_at_index(i).id for i in range(panel.option_count)]
        assert {i.split("\t")[1] for i in listed if i and i.startswith("country\t")} == countries
        assert f"{FEWER}\tcountry" in listed
        # The highlight stayed where the list grew.
        assert panel.highlighted_option.id.startswith("country\t")


def test_a_long_facet_name_is_cut_so_that_its_count_stays_on_its_line() -> None:
    label = facet_label("The International Federation of Red Cross Societies", 1234, 24)
    assert label.cell_len == 24 and label.plain.endswith(" 1234")
    assert "…" in label.plain and "\n" not in label.plain
    assert facet_label("Ireland", 3, 24).plain == "Ireland" + " " * 16 + "3"


async def test_no_facet_count_sits_on_a_line_of_its_own() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        for line in region_text(app, app.main_screen.facets_panel).splitlines()[1:-1]:
            inner = line.strip("│ ▁▂▃▄▅▆▇█")
            assert not inner.isdigit(), line


async def test_f_under_140_columns_shows_the_facets_in_place_of_the_list() -> None:
    app = seeds_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        assert not app.main_screen.facets_panel.display
        await pilot.press("f")
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.main_screen.facets_panel
        assert panel.display and not app.main_screen.article_list.display
        assert panel.region.width >= 30 and app.main_screen.reader.region.width >= 30
        assert app.focused is panel
        assert "Countries · " in region_text(app, panel)
        panel.highlighted = next(i for i in range(panel.option_count)
                                 if (panel.get_option_at_index(i).id or "").startswith("country\t"))
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.main_screen.filter_bar.input.value.startswith("country:")
        assert app.main_screen.article_list.display and not panel.display
        assert app.focused is app.main_screen.article_list
        await pilot.press("f", "f")  # shown, hidden again: the list is back
        await settle(app, pilot)
        assert app.main_screen.article_list.display and not panel.display


# -- entity colours on every theme -----------------------------------------------------


def rich_to_textual(style: Style) -> Color:
    assert style.color is not None
    r, g, b = style.color.get_truecolor()
    return Color(r, g, b)


async def test_entity_colours_read_on_every_built_in_theme() -> None:
    themes = sorted(App().available_themes)
    assert "textual-light" in themes and len(themes) > 10
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        article = app.main_screen.reader.article
        assert article is not None and {e.label for e in article.entities} == set(LABELS)
        low = []
        for name in themes:
            app.theme = name
            await pilot.pause()
            await pilot.pause()
            _, background = app.main_screen.reader.background_colors
            if background.ansi is not None:
                background = Color(0, 0, 0) if app.current_theme.dark else Color(255, 255, 255)
            body = app.query_one("#reader-body", ArticleBody).content
            assert isinstance(body, Text)
            drawn = {article.text[s.start:s.end]: s.style for s in body.spans}
            for label in LABELS:
                colour = rich_to_textual(entity_style(label))
                ratio = contrast(colour, background)
                if ratio < 4.5:
                    low.append(f"{name} {label} {ratio:.2f}")
                entity = next(e for e in article.entities if e.label == label)
                assert drawn[entity.text] == entity_style(label)  # the body uses them
        assert low == []


def test_readable_keeps_a_colour_that_reads_and_moves_one_that_does_not() -> None:
    dark, light = Color.parse("#121212"), Color.parse("#E0E0E0")
    orange = Color.parse("#ffaf5f")
    assert readable(orange, dark) == orange
    assert contrast(orange, light) < 2
    fitted = readable(orange, light)
    assert 4.5 <= contrast(fitted, light) < 4.7  # just enough
    assert abs(fitted.hsl.h - orange.hsl.h) < 0.01  # the same hue: still orange


async def test_a_user_colour_is_kept_as_chosen_on_any_theme(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(highlight, "ENTITY_STYLES", dict(highlight.ENTITY_STYLES))
    monkeypatch.setattr(highlight, "USER_COLOURS", {})
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        highlight.set_entity_colours({"ORG": "#ffff00"})
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        assert entity_style("ORG").color.name == "#ffff00"
        assert entity_style("PERSON").color.name != "#ffaf5f"


# -- the reader's headline -------------------------------------------------------------


async def test_the_title_match_is_highlighted_in_the_readers_headline_too() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"tianjin", "enter", "enter")
        await settle(app, pilot)
        article = app.main_screen.reader.article
        assert article is not None and "Tianjin" in article.title
        headline = app.query_one("#reader-title", Static).content
        assert isinstance(headline, Text)
        marked = [headline.plain[s.start:s.end] for s in headline.spans
                  if s.style == highlight.MATCH_STYLE]
        assert marked == ["Tianjin"]
        await pilot.press("escape", "slash", "escape")  # the filter cleared: no mark
        await settle(app, pilot)
        headline = app.query_one("#reader-title", Static).content
        assert isinstance(headline, Text)
        assert not [s for s in headline.spans if s.style == highlight.MATCH_STYLE]


async def test_a_long_source_is_cut_so_that_the_date_still_shows(tmp_path: Path) -> None:
    prose = ("Ministers met in Dublin on Monday to agree the budget for the coming year, and"
             " the opposition said the plan would not help renters in the capital.")
    source = "The Very Long Name of an Institute for Eastern Studies and Affairs"
    (tmp_path / "feed.jsonl").write_text(json.dumps(
        {"text": prose, "title": "Budget agreed", "source": source,
         "published": "2021-04-29"}) + "\n")
    app = NewsReaderApp([str(tmp_path)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.article_list.row_lines == 2
        shown = region_text(app, app.main_screen.article_list)
        assert "… · 2021-04-29" in shown and source[:20] in shown


async def test_the_reader_shows_an_article_as_indexing_left_it(tmp_path: Path) -> None:
    """Found in the tmux triage: a dump's headline taken from its HTML copy at the end of
    indexing showed in the list, while the reader kept the title it had read before."""
    prose = ("Ministers met in Dublin on Monday to agree the budget for the coming year, and"
             " the opposition said the plan would not help renters in the capital.")
    text = "\n".join(f"{n}. {prose}" for n in range(40))
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": text, "title": "Old"}) + "\n")
    app = NewsReaderApp([str(tmp_path)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "j")
        await settle(app, pilot)
        shown = app.main_screen.reader.article
        assert shown is not None and shown.title == "Old"
        app.cache._db.execute("UPDATE articles SET title = 'New headline'")
        app.main_screen.post_message(RowsLoaded(app.cache.rows([str(tmp_path)]), None,
                                                state=app.cache.state()))
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.main_screen.reader.article.title == "New headline"
        headline = app.query_one("#reader-title", Static).content
        assert isinstance(headline, Text) and headline.plain == "New headline"
        assert app.main_screen.reader.scroll_offset.y > 0  # read again in place, not from the top


async def test_facet_counts_show_when_a_scrollbar_comes_after_the_values() -> None:
    """Found in the tmux triage (pages-train at 80x24): the counts were laid out for the
    pane's width before the scrollbar of a long list took a column, and were cut off."""
    app = seeds_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        panel = app.main_screen.facets_panel
        panel.show_counts({"country": ([("IE", 3)], 1)})  # short: no scrollbar
        await pilot.pause()
        many = [(f"Person number {n}", 700 + n) for n in range(FACET_LIMIT)]
        panel.show_counts({"country": ([("IE", 3)], 1), "person": (many, 40),
                           "org": (many, 40)})
        await pilot.pause()
        await pilot.pause()
        shown = region_text(app, panel)
        for name, count in many[:8]:
            assert re.search(rf"{name} +{count}\b", shown), (name, shown)


async def test_at_80_columns_the_indexing_line_keeps_its_time_left() -> None:
    """Found in the tmux triage: at 80 columns the progress bar pushed "ETA 0:13" off."""
    app = seeds_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        app.main_screen.post_message(SyncProgress(1728, 2146, 1872, 53.0))
        await pilot.pause()
        status = region_text(app, app.query_one("#status"))
        assert "1728/2146 files" in status and "ETA 0:12" in status, status
