"""Page text can never act on the terminal: escapes and invisible controls are removed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui_reader.collection import load_corpus
from tui_reader.sanitize import clean_line, clean_text, printable

ROOT = Path(__file__).resolve().parent.parent

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


# ------------------------------------------------------------------ each kind of escape

ESCAPES = {
    "CSI colour": ("a\x1b[1;31mred\x1b[0mb", "aredb"),
    "CSI clear screen and cursor home": ("a\x1b[2J\x1b[Hb", "ab"),
    "CSI private mode (alternate screen)": ("a\x1b[?1049hb", "ab"),
    "CSI 8-bit": ("a\x9b31mb", "ab"),
    "CSI unfinished": ("a\x1b[12;", "a"),
    "OSC title, BEL": ("a\x1b]0;owned\x07b", "ab"),
    "OSC title, ST": ("a\x1b]2;owned\x1b\\b", "ab"),
    "OSC 8 link keeps its text": ("\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"),
    "OSC 52 clipboard write": ("a\x1b]52;c;cm0gLXJmIH4=\x07b", "ab"),
    "OSC 8-bit": ("a\x9d0;owned\x9cb", "ab"),
    "OSC unterminated ends at the line end": ("a\x1b]52;c;cm0=\nnext", "a\nnext"),
    "DCS": ("a\x1bP1$qm\x1b\\b", "ab"),
    "DCS 8-bit": ("a\x90qpayload\x9cb", "ab"),
    "APC": ("a\x1b_Gf=100;AAAA\x1b\\b", "ab"),
    "PM": ("a\x1b^private\x1b\\b", "ab"),
    "SOS": ("a\x1bXstring\x1b\\b", "ab"),
    "reset (ESC c)": ("a\x1bcb", "ab"),
    "charset (ESC ( B)": ("a\x1b(Bb", "ab"),
    "save cursor (ESC 7)": ("a\x1b7b", "ab"),
    "DEC screen fill (ESC # 8)": ("a\x1b#8b", "ab"),
    "lone ESC at the end": ("ab\x1b", "ab"),
}


@pytest.mark.parametrize("kind", ESCAPES)
def test_each_kind_of_escape_sequence_is_removed(kind: str) -> None:
    hostile, expected = ESCAPES[kind]
    assert clean_text(hostile) == expected


@pytest.mark.parametrize("char", [
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # bidi embeddings and overrides
    "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",  # isolates, marks
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u180e",  # zero-width
    "\U000e0041", "\ufff9",  # an invisible tag letter, an interlinear annotation
    "\x00", "\x07", "\x08", "\x7f", "\x80", "\x85", "\x9c",  # C0, DEL, C1
])
def test_invisible_and_bidi_characters_are_removed(char: str) -> None:
    assert clean_text(f"evil{char}txt") == "eviltxt"
    assert clean_line(f" A {char} title ") == "A title"


def test_line_breaks_of_every_kind_become_newlines() -> None:
    assert clean_text("a\r\nb\rc\x0bd\x0ce\u2028f\u2029g") == "a\nb\nc\nd\ne\nf\ng"


def test_lone_surrogates_become_replacement_characters() -> None:
    assert clean_text("a\ud800b\udfff") == "a\ufffdb\ufffd"


def test_text_and_markup_are_left_alone() -> None:
    """Markup in a page is text: the UI shows it literally, so sanitising must not touch it."""
    for text in ("[bold]not bold[/bold]", "[@click=app.quit]quit[/]", "[link=http://x]x[/link]",
                 "Zürich, Москва, 東京, مرحبا, שלום", "e\u0301 combining, \U0001f600 emoji",
                 "tab\tand\nnewline", "C:\\path\\[x]", "£ € ’ “ ” « » — …"):
        assert clean_text(text) == text


def test_adversarial_escapes_take_linear_time() -> None:
    """Unterminated string sequences used to be matched with ".*?": quadratic, hours on 1 MB."""
    for hostile in ("\x1b]" * 500_000, "\x1bP" * 500_000, "\x9d" * 1_000_000,
                    "\x1b[" + "1;" * 500_000):
        assert "\x1b" not in clean_text(hostile)


def test_printable_shows_what_clean_text_would_hide() -> None:
    name = "\x1b]52;c;aGk=\x07report\u202etxt.exe\nx\ud800"
    assert printable(name) == "␛]52;c;aGk=␇report�txt.exe␊x�"
    assert printable("café [bold] 東京") == "café [bold] 東京"


# ------------------------------------------------------------------ every input format


HOSTILE_TITLE = "Budget \x1b]0;owned\x07agreed\u202e in \x1b[31mDublin\x1b[0m"
HOSTILE_SOURCE = "Irish\x1b]52;c;cm0gLXJm\x07 Wire\u200b"
HOSTILE_BODY = (
    "Ministers met in Dublin on Monday to \x1b]8;;http://evil.example\x1b\\agree\x1b]8;;\x1b\\"
    " the budget \x1bP1$q\x1b\\for the \x9b2Jcoming \u2066year\u2069, officials said."
)


def _hostile_inputs(folder: Path) -> None:
    (folder / "page.txt").write_text(f"{HOSTILE_TITLE}\n\n{HOSTILE_BODY}\n\n{HOSTILE_BODY}\n")
    (folder / "feed.jsonl").write_text(json.dumps(
        {"text": f"{HOSTILE_BODY}\n{HOSTILE_BODY}", "title": HOSTILE_TITLE,
         "source": HOSTILE_SOURCE, "url": "https://example.ie/\x1b[2J"}) + "\n")
    paragraphs = "".join(f"<p>{HOSTILE_BODY}</p>" for _ in range(3))
    (folder / "page.html").write_text(
        f"<html><head><title>{HOSTILE_TITLE}</title>"
        f'<meta property="og:site_name" content="{HOSTILE_SOURCE}"></head>'
        f"<body><article><h1>{HOSTILE_TITLE}</h1>{paragraphs}</article></body></html>")


def _assert_safe(value: str) -> None:
    assert not any(ord(c) < 32 and c not in "\n\t" for c in value), repr(value)
    assert not any(0x7F <= ord(c) <= 0x9F for c in value), repr(value)
    assert not any(c in "\u202e\u2066\u2069\u200b" for c in value), repr(value)
    assert "owned" not in value and "cm0gLXJm" not in value and "evil.example" not in value


def test_every_input_format_is_neutralised_at_load(tmp_path: Path) -> None:
    _hostile_inputs(tmp_path)
    corpus = load_corpus([str(tmp_path)])
    assert corpus.problems == []
    assert sorted(Path(a.path).name for a in corpus.articles) == [
        "feed.jsonl", "page.html", "page.txt"]
    for article in corpus.articles:
        for value in (article.title, article.source or "", article.text):
            _assert_safe(value)
        assert "Dublin" in article.title and "Ministers met" in article.text
        for entity in article.entities:
            _assert_safe(entity.text + entity.canonical)


def test_export_is_neutralised(tmp_path: Path) -> None:
    _hostile_inputs(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "tui_reader", "export", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    for record in records:
        for key in ("title", "source", "text"):
            _assert_safe(record[key] or "")
        for entity in record["entities"]:
            assert record["text"][entity["start"]:entity["end"]] == entity["text"]
