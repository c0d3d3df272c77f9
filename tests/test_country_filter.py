"""What a `country:` value names: one resolver for the filter and the recogniser's tables.

Names, variants, codes, demonyms, capitals and cities, metonyms, words of a name, typos;
an ambiguous value names every country it could mean and says so.
"""

from __future__ import annotations

import pytest

from tui_reader.countries import resolve_country
from tui_reader.query import parse_query

#: (value typed after "country:", the countries it must name)
TABLE: list[tuple[str, set[str]]] = [
    # names and variants
    ("france", {"FR"}), ("Germany", {"DE"}), ("ukraine", {"UA"}), ("ireland", {"IE"}),
    ("united_states", {"US"}), ("usa", {"US"}), ("america", {"US"}), ("uk", {"GB"}),
    ("britain", {"GB"}), ("great_britain", {"GB"}), ("holland", {"NL"}),
    ("czechia", {"CZ"}), ("burma", {"MM"}), ("myanmar", {"MM"}), ("ivory_coast", {"CI"}),
    ("south_korea", {"KR"}), ("north_korea", {"KP"}), ("hong_kong", {"HK"}),
    ("taiwan", {"TW"}), ("iran", {"IR"}), ("georgia", {"GE"}), ("niger", {"NE"}),
    ("chad", {"TD"}), ("south_sudan", {"SS"}), ("dr_congo", {"CD"}),
    # codes
    ("ie", {"IE"}), ("IE", {"IE"}), ("ua", {"UA"}), ("gb", {"GB"}), ("irl", {"IE"}),
    ("deu", {"DE"}), ("usa", {"US"}),
    # demonyms
    ("british", {"GB"}), ("ukrainian", {"UA"}), ("belarusian", {"BY"}), ("dutch", {"NL"}),
    ("chinese", {"CN"}), ("spanish", {"ES"}), ("polish", {"PL"}), ("turkish", {"TR"}),
    ("greek", {"GR"}), ("french", {"FR"}), ("japanese", {"JP"}), ("swiss", {"CH"}),
    ("nigerian", {"NG"}), ("nigerien", {"NE"}), ("emirati", {"AE"}), ("saudi", {"SA"}),
    ("american", {"US"}), ("irish", {"IE"}), ("russian", {"RU"}), ("indian", {"IN"}),
    # demonyms and everyday names in other languages, as the recogniser reads them
    ("francés", {"FR"}), ("frances", {"FR"}), ("allemands", {"DE"}), ("ukrainische", {"UA"}),
    ("rosyjski", {"RU"}), ("estadounidense", {"US"}), ("tchèque", {"CZ"}), ("rusia", {"RU"}),
    ("russland", {"RU"}),
    # countries' own names in the languages the recogniser reads (pycountry's translations)
    ("deutschland", {"DE"}), ("Österreich", {"AT"}), ("schweiz", {"CH"}),
    ("allemagne", {"DE"}), ("niemcy", {"DE"}), ("włochy", {"IT"}), ("alemania", {"DE"}),
    ("deutchland", {"DE"}),
    # capitals, cities, metonyms
    ("kyiv", {"UA"}), ("kiev", {"UA"}), ("moscow", {"RU"}), ("paris", {"FR"}),
    ("london", {"GB"}), ("beijing", {"CN"}), ("washington", {"US"}), ("kremlin", {"RU"}),
    ("Kremlin", {"RU"}),
    # typos
    ("Frnace", {"FR"}), ("ukriane", {"UA"}), ("germnay", {"DE"}), ("brasil", {"BR"}),
    ("ecuadorean", {"EC"}), ("hungarain", {"HU"}), ("ukranian", {"UA"}),
    # a word of a name that several countries share
    ("korea", {"KR", "KP"}),
    # nothing
    ("nato", set()), ("zz", set()), ("x", set()), ("qwertyuiop", set()),
]


def test_the_table_is_large_enough() -> None:
    assert len(TABLE) >= 60


@pytest.mark.parametrize(("value", "codes"), TABLE)
def test_value_names_its_countries(value: str, codes: set[str]) -> None:
    assert set(resolve_country(value).codes) == codes


@pytest.mark.parametrize("value", ["french", "british", "dutch", "ukrainian", "chinese"])
def test_a_demonym_names_one_country_not_its_territories(value: str) -> None:
    """`country:french` once gave France and four French territories."""
    match = resolve_country(value)
    assert len(match.codes) == 1 and not match.ambiguous


def test_an_ambiguous_value_says_what_it_could_mean() -> None:
    query = parse_query("country:korea")
    assert query.terms[0].codes == {"KR", "KP"}
    assert not query.errors
    assert any("North Korea" in n and "South Korea" in n for n in query.notes)


def test_a_misspelt_value_says_how_it_was_read() -> None:
    query = parse_query("country:frnace")
    assert query.terms[0].codes == {"FR"}
    assert query.notes == ("country:frnace read as France",)


def test_a_plain_value_adds_no_note_and_an_unknown_one_is_an_error() -> None:
    assert parse_query("country:france").notes == ()
    assert parse_query("country:nato").errors == ("no country matches 'nato'",)
