"""The reader's body is wrapped by offsets and drawn line by line (issue #14: a 5 MB
paragraph froze the app for minutes while Rich wrapped and styled all of it)."""

from __future__ import annotations

from apphelp import screen_text, seeds_app, settle
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tui_reader.article import Article, Entity
from tui_reader.ui.article_body import ArticleBody, wrap_offsets

WORDS = st.lists(st.sampled_from(["a", "Kyiv", "parliament", "x" * 30, "東京都", "", "\n"]),
                 max_size=60)


@given(WORDS, st.integers(min_value=1, max_value=40))
def test_wrapped_lines_fit_and_lose_no_word(words: list[str], width: int) -> None:
    text = " ".join(words)
    starts, ends = wrap_offsets(text, width)
    assert len(starts) == len(ends) >= 1
    for start, end in zip(starts, ends, strict=True):
        line = text[start:end]
        assert "\n" not in line
        assert cell_len(line) <= max(width, 2)  # a wide character alone may not fit 1
    kept = " ".join(text[s:e] for s, e in zip(starts, ends, strict=True)).split()
    pieces = "".join(kept)
    assert pieces == "".join(text.split())  # every character but spaces, in order


def test_words_break_at_spaces_and_blank_lines_stay() -> None:
    text = "The council voted on Tuesday.\n\nA second paragraph follows."
    starts, ends = wrap_offsets(text, 12)
    lines = [text[s:e] for s, e in zip(starts, ends, strict=True)]
    assert lines == ["The council", "voted on", "Tuesday.", "", "A second", "paragraph",
                     "follows."]


async def test_a_huge_article_draws_only_the_lines_on_screen() -> None:
    sentence = "Officials in Kyiv met the French delegation on Tuesday to discuss aid. "
    text = sentence * 20_000  # one paragraph of 1.4 MB
    entities = [Entity("Kyiv", "PLACE", at + 13, at + 17, "Kyiv", "UA")
                for at in range(0, len(text), len(sentence))]
    article = Article("big", "A very long article", None, None, "big.txt", text, entities,
                      ["UA"])
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        body = app.main_screen.reader.query_one("#reader-body", ArticleBody)
        drawn: list[int] = []
        draw = body._draw
        body._draw = lambda start, end, width: (drawn.append(start), draw(start, end, width))[1]
        app.main_screen.reader.show(article)
        await pilot.pause()
        assert 0 < len(drawn) <= 60  # a screenful, not 20,000 lines
        assert len(body.line_starts()) > 10_000
        app.main_screen.reader.focus()
        await pilot.press("G")  # at once, as in less: no screens drawn on the way
        await pilot.pause()
        screen = screen_text(app)
        assert "discuss aid." in screen
        assert len(drawn) <= 90
        drawn.clear()
        app.main_screen.reader.toggle_kind("PLACE")  # restyles what is on screen only
        await pilot.pause()
        assert 0 < len(drawn) <= 60
