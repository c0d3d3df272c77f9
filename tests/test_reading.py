"""Reading an article: jumping between filter matches and entities, toggling entity
kinds, and exporting the result as Markdown; driven by keys through Pilot on the seeds."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from apphelp import export_with, screen_strips, screen_text, seeds_app, settle, type_filter
from rich.style import Style
from rich.text import Text
from textual.pilot import Pilot

from tui_reader.article import Article, Entity
from tui_reader.export import markdown_escape, write_markdown
from tui_reader.ui.app import NewsReaderApp
from tui_reader.ui.article_body import ArticleBody
from tui_reader.ui.highlight import (
    CURRENT_STYLE,
    MATCH_STYLE,
    entity_spans,
    entity_style,
    highlighted_body,
)

WIDE = (160, 45)
SMALL = (80, 24)


# -- helpers (copied from test_app, kept local) ---------------------------------









async def press(app: NewsReaderApp, pilot: Pilot[None], *keys: str) -> None:
    """Press keys and let the reader scroll (it scrolls after the next refresh)."""
    await pilot.press(*keys)
    await pilot.pause()
    await pilot.pause()


async def open_first(app: NewsReaderApp, pilot: Pilot[None], query: str) -> Article:
    """Filter on `query`, go to the list (Enter) and open the first row (Enter)."""
    await type_filter(app, pilot, query)
    assert app.main_screen.visible_articles, f"nothing matches {query!r}"
    await pilot.press("enter", "enter")
    await settle(app, pilot)
    assert app.focused is app.main_screen.reader
    article = app.main_screen.reader.article
    assert article is not None and article.id == app.main_screen.visible_articles[0].id
    return article


def body_text(app: NewsReaderApp) -> Text:
    """The highlighted body the reader shows."""
    content = app.main_screen.reader.query_one("#reader-body", ArticleBody).content
    assert isinstance(content, Text)
    return content


def styled(text: Text, style: Style) -> list[tuple[int, int]]:
    """(start, end) of every span of `text` drawn in `style`."""
    return sorted((span.start, span.end) for span in text.spans if span.style == style)


def current_on_screen(app: NewsReaderApp) -> str:
    """The characters drawn in the jump-target style on the terminal, run together."""
    return "".join(
        segment.text
        for strip in screen_strips(app)
        for segment in strip
        if segment.style is not None and segment.style.meta.get("current")
    )


def kinds_at(article: Article, span: tuple[int, int]) -> set[str]:
    return {e.label for e in article.entities if (e.start, e.end) == span}


# -- n / N: filter matches ----------------------------------------------------------


async def test_n_and_N_step_through_the_filter_matches_and_wrap() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        article = await open_first(app, pilot, "putin")
        reader = app.main_screen.reader
        matches = reader.matches
        assert len(matches) >= 3
        for start, end in matches:
            assert article.text[start:end].lower().startswith("putin")
        # the body marks every match before any jump
        assert styled(body_text(app), MATCH_STYLE) == matches
        assert reader.current is None
        assert "Next match" in screen_text(app)  # the footer offers the key

        await press(app, pilot, "n")
        assert reader.current == matches[0]
        start, end = reader.current
        assert article.text[start:end].lower().startswith("putin")
        assert styled(body_text(app), CURRENT_STYLE) == [matches[0]]
        assert current_on_screen(app).lower().startswith("putin")

        seen = [reader.current]
        for _ in range(len(matches) - 1):
            await press(app, pilot, "n")
            assert reader.current[0] > seen[-1][0]  # forward, in text order
            seen.append(reader.current)
        assert seen == matches
        await press(app, pilot, "n")
        assert reader.current == matches[0]  # wraps round to the first

        await press(app, pilot, "N")
        assert reader.current == matches[-1]  # and backwards round to the last
        await press(app, pilot, "N")
        assert reader.current == matches[-2]
        assert styled(body_text(app), CURRENT_STYLE) == [matches[-2]]
        # the reader's border says which match this is, as less does
        place = f"match {len(matches) - 1}/{len(matches)}"
        assert reader.border_subtitle == place
        assert place in screen_text(app)
        # the matches keep their highlight while one of them is the current one
        assert styled(body_text(app), MATCH_STYLE) == matches


def test_the_body_marks_matches_and_the_current_one() -> None:
    body = "Putin met Xi. Later putin spoke; computing is not a match."
    article = Article("id", "t", None, None, "p", body)
    matches = [(0, 5), (20, 25)]
    rendered = highlighted_body(article, matches=matches, current=matches[1])
    assert rendered.plain == body
    assert styled(rendered, MATCH_STYLE) == matches
    assert styled(rendered, CURRENT_STYLE) == [matches[1]]


def last_paragraph_word(text: str) -> str:
    """A distinctive word of the article's last paragraph."""
    last = [p for p in text.split("\n") if p.strip()][-1]
    words = [w for w in re.findall(r"[A-Za-z]+", last) if len(w) >= 6]
    assert words, last
    return max(words, key=lambda w: (len(w), w))


async def test_n_scrolls_the_reader_to_the_current_match() -> None:
    app = seeds_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        longest = max((app.main_screen.article(row.id) for row in app.main_screen.visible_articles),
                      key=lambda a: len(a.text) if a is not None else 0)
        assert longest is not None
        word = last_paragraph_word(longest.text)
        await type_filter(app, pilot, word.lower())
        ids = [row.id for row in app.main_screen.visible_articles]
        assert longest.id in ids, word
        await pilot.press("enter", *["j"] * ids.index(longest.id), "enter")
        await settle(app, pilot)
        reader = app.main_screen.reader
        assert app.focused is reader and reader.article.id == longest.id
        assert reader.scroll_offset.y == 0
        assert reader.max_scroll_y > 0
        matches = reader.matches
        assert matches

        await press(app, pilot, "N")  # the last match, in the last paragraph
        assert reader.current == matches[-1]
        start, end = matches[-1]
        assert reader.scroll_offset.y > 0
        assert longest.text[start:end] in screen_text(app)
        assert current_on_screen(app) == longest.text[start:end]

        # back at the top, each n brings its match into view
        await press(app, pilot, "g")
        assert reader.scroll_offset.y == 0
        for expected in matches:
            await press(app, pilot, "n")
            assert reader.current == expected
            assert current_on_screen(app) == longest.text[expected[0]:expected[1]]


async def test_n_without_a_filter_does_nothing() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        reader = app.main_screen.reader
        article = reader.article
        assert article is not None and app.focused is reader
        assert reader.matches == []
        assert "Next match" not in screen_text(app)  # no key offered for nothing
        await press(app, pilot, "n", "N", "n")
        assert reader.current is None
        assert reader.article is article
        assert reader.scroll_offset.y == 0
        assert styled(body_text(app), CURRENT_STYLE) == []
        assert app.return_code is None and app.focused is reader


# -- e / E: entities, and kinds switched off ------------------------------------------


async def test_e_and_E_walk_entities_in_text_order() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        reader = app.main_screen.reader
        article = reader.article
        spans = entity_spans(article)
        assert len(spans) > 3
        seen = []
        for _ in spans:
            await press(app, pilot, "e")
            seen.append(reader.current)
            assert styled(body_text(app), CURRENT_STYLE) == [reader.current]
        assert seen == spans
        await press(app, pilot, "e")
        assert reader.current == spans[0]  # wraps
        await press(app, pilot, "E")
        assert reader.current == spans[-1]
        await press(app, pilot, "E")
        assert reader.current == spans[-2]
        start, end = spans[-2]
        assert current_on_screen(app) == article.text[start:end]


async def test_switching_a_kind_off_skips_it_hides_it_and_shows_in_the_legend() -> None:
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        reader = app.main_screen.reader
        article = reader.article
        person = entity_style("PERSON")
        people = {(e.start, e.end) for e in article.entities if e.label == "PERSON"}
        assert people, "the first seed article names nobody"
        assert set(styled(body_text(app), person)) == people
        assert "■ 1 PERSON" in screen_text(app)

        await press(app, pilot, "1")
        assert reader.hidden == {"PERSON"}
        screen = screen_text(app)
        assert "□ 1 PERSON" in screen and "■ 1 PERSON" not in screen
        assert "■ 2 COUNTRY" in screen
        assert styled(body_text(app), person) == []
        others = entity_spans(article, {"PERSON"})
        assert others and len(others) < len(entity_spans(article))
        seen = []
        for _ in range(len(others) + 1):
            await press(app, pilot, "e")
            assert kinds_at(article, reader.current) - {"PERSON"}, reader.current
            seen.append(reader.current)
        assert seen == [*others, others[0]]
        await press(app, pilot, "E")  # from the first, back round to the last
        assert reader.current == others[-1]
        assert kinds_at(article, reader.current) - {"PERSON"}

        await press(app, pilot, "1")
        assert reader.hidden == frozenset()
        screen = screen_text(app)
        assert "■ 1 PERSON" in screen and "□ 1 PERSON" not in screen
        assert set(styled(body_text(app), person)) == people
        first_person = min(people)
        await press(app, pilot, "E")
        walked = [reader.current]
        while reader.current != first_person and len(walked) <= len(entity_spans(article)):
            await press(app, pilot, "E")
            walked.append(reader.current)
        assert reader.current == first_person  # people are jump targets again


# -- Markdown export ---------------------------------------------------------------


async def test_m_exports_the_result_as_markdown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSREADER_EXPORT_DIR", str(tmp_path))
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        path = await export_with(app, pilot, "tianjin", "m")
        assert app.main_screen.matching
        assert path.parent == tmp_path and path.suffix == ".md" and path.is_file()
        report = path.read_text(encoding="utf-8")
        headings = [line for line in report.splitlines() if line.startswith("## ")]
        assert len(headings) == len(app.main_screen.matching)
        for ident in app.main_screen.matching:
            title = app.main_screen.article(ident).title
            assert f"## {markdown_escape(title)}" in headings
        assert "filter `tianjin`" in report
        assert "Tianjin" in report


def crafted_article() -> Article:
    title = "# <b>Hi</b> *x*"
    text = ("President Joe Smith spoke in Dublin.\n\n- item\n\n# not a heading\n\n"
            "1. not a list\n\n+ plus\n\n<script>alert(1)</script> and [a link](http://x)")
    start = text.index("Joe Smith")
    entity = Entity("Joe Smith", "PERSON", start, start + len("Joe Smith"), "Joe Smith")
    return Article("id", title, "The <i>Source</i>", "2025-01-02", "p", text, [entity], ["IE"])


def test_markdown_escapes_page_text() -> None:
    out = io.StringIO()
    assert write_markdown([crafted_article()], out, "dublin") == 1
    report = out.getvalue()
    lines = report.splitlines()
    assert lines[0] == "# newsreader export"
    assert "<b>" not in report and "<script>" not in report and "<i>" not in report
    assert "](" not in report.replace("\\]", "")  # no live link
    for line in lines[1:]:
        assert not line.startswith(("- ", "# ", "+ ", "1. ")), line
        assert not re.match(r"\s*[-+*]\s", line), line
    [heading] = [line for line in lines if line.startswith("## ")]
    assert "*x*" not in heading and "\\*x\\*" in heading
    assert any("item" in line for line in lines)  # escaped, not dropped
    assert "Joe Smith" in report


@pytest.mark.parametrize("raw", [
    "# <b>Hi</b> *x*", "- item", "  - item", "+ x", "= y", "1. a", "2) b", "[l](u)",
    "`code`", "_em_", "a | b", "\\", "> quote",
])
def test_markdown_escape_leaves_no_markup(raw: str) -> None:
    escaped = markdown_escape(raw)
    # every special character is preceded by a backslash
    assert not re.search(r"(?<!\\)[*_`<>\[\]|#]", escaped.replace("\\\\", "")), escaped
    assert not re.match(r"\s*([-+=]|\d+[.)])\s", escaped), escaped
    # and only backslashes were added: the text reads as written
    assert re.sub(r"\\(.)", r"\1", escaped) == raw


def test_page_lines_of_tildes_or_dashes_stay_text() -> None:
    from markdown_it import MarkdownIt

    first = Article("1", "First", None, None, "p", "Intro.\n\n~~~\n\nMore text.")
    second = Article("2", "Second", None, None, "p", "---\n\nBody.")
    out = io.StringIO()
    write_markdown([first, second], out)
    tokens = MarkdownIt().parse(out.getvalue())
    assert not [t for t in tokens if t.type == "fence"]  # "~~~" opened a code block
    assert sum(t.tag == "h2" for t in tokens if t.type == "heading_open") == 2
    assert sum(t.type == "hr" for t in tokens) == 2  # only the export's own separators
