"""The query language parses every input into terms or short messages, never an exception."""

from __future__ import annotations

import pytest

from tui_reader.query import parse_query


def kinds(text: str) -> list[list[tuple[str, str, bool]]]:
    return [[(t.kind, t.value, t.negated) for t in group] for group in parse_query(text).groups]


def test_fzf_style_terms() -> None:
    assert kinds("tianjin 'Summit ^putin !trump") == [
        [("fuzzy", "tianjin", False)], [("exact", "Summit", False)],
        [("title_prefix", "putin", False)], [("exact", "trump", True)],
    ]


def test_smart_case() -> None:
    lower, upper = parse_query("nato").terms[0], parse_query("NATO").terms[0]
    assert not lower.case_sensitive and upper.case_sensitive and upper.value == "NATO"


def test_or_binds_neighbours_and_space_is_and() -> None:
    assert kinds("kyiv | kiev russia") == [
        [("fuzzy", "kyiv", False), ("fuzzy", "kiev", False)], [("fuzzy", "russia", False)]]


def test_fields() -> None:
    query = parse_query('country:ireland person:"keir starmer" org:nato !source:punch is:starred')
    assert [(t.kind, t.value, t.negated) for t in query.terms] == [
        ("country", "ireland", False), ("person", "keir starmer", False),
        ("org", "nato", False), ("source", "punch", True), ("is", "starred", False)]
    assert query.terms[0].codes == {"IE"}
    assert query.errors == ()


@pytest.mark.parametrize(("text", "value"), [
    ("after:2025", "2025-01-01"), ("before:2025", "2025-12-31"),
    ("before:2024-02", "2024-02-29"), ("after:2025-04-02", "2025-04-02"),
    ('after:"Aug 20, 2025"', "2025-08-20"),
])
def test_date_bounds_are_inclusive(text: str, value: str) -> None:
    assert parse_query(text).terms[0].value == value


@pytest.mark.parametrize(("text", "message"), [
    ("country:", "needs a value"), ("country:atlantis", "no country"),
    ("after:someday", "expects a date"), ("after:2025-13-01", "expects a date"),
    ("is:maybe", "is: takes"), ('person:"keir', "unclosed quote"),
])
def test_malformed_parts_give_a_message(text: str, message: str) -> None:
    assert any(message in error for error in parse_query(text).errors)


@pytest.mark.parametrize(("text", "fuzzy", "errors"), [
    # markup and backslashes are words to find, as typed
    ("[", ["["], ()), ("\\", ["\\"], ()), ("[bold]", ["[bold]"], ()),
    ("[@click=app.quit]", ["[@click=app.quit]"], ()),
    # colons that name no field
    ("::", ["::"], ()), ("a:b:c", ["a:b:c"], ()),
    # an operator with nothing to act on is dropped, silently
    ("|", [], ()), ("| |", [], ()), ("!", [], ()), ("'", [], ()), ("^", [], ()),
    # an escape sequence is removed before parsing
    ("\x1b[31m", [], ()),
    # what cannot be read says so
    ('"', [], ("unclosed quote",)), ("!is:", [], ("is: needs a value",)),
])
def test_odd_input_is_just_text(text: str, fuzzy: list[str], errors: tuple[str, ...]) -> None:
    query = parse_query(text)
    assert [(t.kind, t.value, t.negated) for t in query.terms] == [
        ("fuzzy", value, False) for value in fuzzy]
    assert query.errors == errors
