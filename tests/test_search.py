"""The filter: keywords with typos, countries by name or code, AND, ranking."""

from __future__ import annotations

from tui_reader.article import Article
from tui_reader.corpus import Corpus
from tui_reader.countries import country_name, match_countries
from tui_reader.search import SearchIndex, parse_query


def _article(title: str, text: str, countries: list[str] | None = None) -> Article:
    return Article(
        id=title, title=title, source=None, published=None, path="x.txt", text=text,
        countries=countries or [],
    )


ARTICLES = [
    _article("Summit in Tianjin", "Leaders gathered in the port city.", ["CN", "RU"]),
    _article("Dublin talks", "Zelenskyy met the Irish prime minister.", ["IE", "UA"]),
    _article("Sanctions widen", "New sanctions on Tianjin firms were announced.", ["US"]),
]
INDEX = SearchIndex.build(ARTICLES)


def titles(query: str) -> list[str]:
    return [ARTICLES[i].title for i in INDEX.search(parse_query(query))]


def test_empty_query_keeps_every_article_in_order() -> None:
    assert titles("") == ["Summit in Tianjin", "Dublin talks", "Sanctions widen"]


def test_keyword_ranks_title_match_first() -> None:
    assert titles("tianjin") == ["Summit in Tianjin", "Sanctions widen"]


def test_misspelt_keyword_still_matches() -> None:
    assert titles("Tianjn") == ["Summit in Tianjin", "Sanctions widen"]
    assert titles("sanctoins") == ["Sanctions widen"]


def test_prefix_matches_while_typing() -> None:
    assert titles("dub") == ["Dublin talks"]


def test_terms_combine_with_and() -> None:
    assert titles("tianjin firms") == ["Sanctions widen"]
    assert titles("tianjin dublin") == []


def test_country_by_name_code_and_alpha3() -> None:
    for value in ("ireland", "IE", "irl", "Irelnd"):
        assert titles(f"country:{value}") == ["Dublin talks"], value


def test_country_combines_with_keyword() -> None:
    assert titles("country:china tianjin") == ["Summit in Tianjin"]
    assert titles("country:us tianjin") == ["Sanctions widen"]


def test_unknown_country_reports_an_error_and_matches_nothing() -> None:
    query = parse_query("country:atlantis")
    assert query.errors
    assert INDEX.search(query) == []


def test_odd_input_is_just_text() -> None:
    for text in ("[bold]", "\\", "country:", ":::", "'\"", "[@click=app.quit]"):
        INDEX.search(parse_query(text))  # must not raise


def test_country_names_for_screen() -> None:
    assert country_name("RU") == "Russia"
    assert country_name("IR") == "Iran"
    assert country_name("US") == "United States"
    assert match_countries("united kingdom") == {"GB"}
    assert match_countries("uk") == {"GB"}, "UK is not the code of Ukraine"


def test_seed_filter_by_country(seeds_corpus: Corpus) -> None:
    index = SearchIndex.build(seeds_corpus.articles)
    hits = [seeds_corpus.articles[i] for i in index.search(parse_query("country:ireland"))]
    assert hits, "an article mentions Ireland (Zelenskyy in Dublin)"
    assert all("IE" in a.countries for a in hits)
    assert len(hits) < len(seeds_corpus.articles)

