"""Page text can never act on the terminal: escapes and invisible controls are removed."""

from __future__ import annotations

from pathlib import Path

from tui_reader.corpus import load_corpus
from tui_reader.sanitize import clean_line, clean_text

HOSTILE = (
    "Headline \x1b[2J\x1b[31mred\x1b[0m"
    " \x1b]52;c;aGVsbG8=\x07clip"
    " \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\"
    " \x1bPqdcs\x1b\\ \x9b31m \u202eevil\u202c zero\u200bwidth bell\x07 nul\x00"
)


def test_escape_sequences_and_controls_are_removed() -> None:
    cleaned = clean_text(HOSTILE)
    assert not any(ord(c) < 32 and c not in "\n\t" for c in cleaned)
    assert not any(0x7F <= ord(c) <= 0x9F for c in cleaned)
    assert "\u202e" not in cleaned and "\u200b" not in cleaned
    assert "aGVsbG8" not in cleaned, "OSC 52 payload must not survive"
    assert "red" in cleaned and "link" in cleaned and "clip" in cleaned


def test_line_endings_are_normalised() -> None:
    assert clean_text("a\r\nb\rc") == "a\nb\nc"
    assert clean_line("  a \n b\t c ") == "a b c"


def test_hostile_page_loads_clean(tmp_path: Path) -> None:
    page = tmp_path / "hostile.txt"
    body = "Officials said on Monday that the plan would go ahead as agreed. " * 3
    page.write_text(f"{HOSTILE}\n\n{body}\x1b]52;c;Y2xpcA==\x07\n")
    corpus = load_corpus([str(page)])
    assert corpus.articles
    for article in corpus.articles:
        for value in (article.title, article.text):
            assert "\x1b" not in value and "\x07" not in value and "\x9b" not in value
