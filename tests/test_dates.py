"""Dates in page text: the forms parse_date reads, htmldate's part in it, and end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_cleaning import PROSE  # the hand-written article of the cleaner's tests

from tui_reader.cleaning import clean_page
from tui_reader.dates import parse_date

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        # the three forms issue #15 names
        ("2 avril 2025", "2025-04-02"),
        ("2. April 2025", "2025-04-02"),
        ("2025-04-02T10:00", "2025-04-02"),
        # a month's name in French or German (htmldate's names), in a dateline
        ("Veröffentlicht am 3. März 2025, 10:00 Uhr", "2025-03-03"),
        ("Par Matthieu Hy le 07 Mai 2020", "2020-05-07"),
        ("le 19 février 2020 à 10h", "2020-02-19"),
        ("Stand: 1. Dezember 2024", "2024-12-01"),
        ("2025-04-02T10:00:00+02:00 by the desk", "2025-04-02"),
        # English names stay ours, cut ones too
        ("Sept. 5, 2025", "2025-09-05"),
        ("NEW DELHI, April 2, 2025", "2025-04-02"),
        # the first date of a line, whichever form comes later
        ("Veröffentlicht 2. April 2025, aktualisiert 03.04.2025", "2025-04-02"),
        ("Updated 03.04.2025, first published 2 avril 2025", "2025-04-03"),
        # a word that is no month's name, and impossible days
        ("3. Liga 2024", None),
        ("Heft 3 2024", None),
        ("31 février 2020", None),
        ("2025-04-31T10:00", None),
    ],
)
def test_date_forms(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("meta", "published"),
    [("2. April 2025", "2025-04-02"), ("Publié le 2 avril 2025", "2025-04-02"),
     ("Published 2025-04-02T10:00", "2025-04-02")],
)
def test_dateline_becomes_published_and_leaves_the_body(meta: str, published: str) -> None:
    (article,) = clean_page("\n\n".join(["Council expands bus network", meta, *PROSE]))
    assert article.published == published
    assert article.body == "\n\n".join(PROSE)


def test_htmldate_is_imported_only_for_a_name_that_is_no_english_month() -> None:
    """htmldate's import (lxml, urllib3, dateutil) costs ~75 ms: an English date does not pay it."""
    code = (
        "import sys\n"
        "from tui_reader.dates import parse_date\n"
        "assert parse_date('Published April 2, 2025 and 03.04.2025') == '2025-04-02'\n"
        "assert 'htmldate' not in sys.modules, 'imported for an English date'\n"
        "assert parse_date('2 avril 2025') == '2025-04-02'\n"
        "assert 'htmldate.extractors' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
