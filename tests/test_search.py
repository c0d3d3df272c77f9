"""The filter engine over a real cache: typos, fields, AND/OR/NOT, ranking, state."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui_reader import search
from tui_reader.article import ArticleMarks
from tui_reader.collection import Collection, open_collection
from tui_reader.countries import country_name, match_countries
from tui_reader.ingest import sync
from tui_reader.query import parse_query
from tui_reader.resources import seeds_dir
from tui_reader.search import Engine, Selection, match_spans
from tui_reader.storage import Cache

ARTICLES = [
    {"title": "Summit in Tianjin", "source": "Punch", "published": "2025-08-30",
     "text": "Xi Jinping welcomed Vladimir Putin to Tianjin, in China, on Sunday."},
    {"title": "Dublin talks", "source": "JapanToday", "published": "2025-12-02",
     "text": "Volodymyr Zelenskyy met Irish Prime Minister Micheál Martin in Dublin."},
    {"title": "Sanctions widen", "source": "AlJazeera",
     "text": "New sanctions on Tianjin firms were announced by the United States."},
    {"title": "NATO chiefs meet", "source": "Indian Express", "published": "2025-04-02",
     "text": "NATO defense chiefs met as Russia pressed its attacks on Ukraine."},
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    folder = tmp_path_factory.mktemp("corpus")
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    with Cache.open(str(folder / "cache.sqlite3")) as cache:
        sync(cache, [str(feed)], workers=0)
        yield Engine(cache.rows(), cache)


def titles(engine: Engine, query: str) -> list[str]:
    return [engine.rows[p].title for p in engine.search(parse_query(query)).positions]


def test_empty_query_keeps_every_article_in_order(engine: Engine) -> None:
    assert titles(engine, "") == [a["title"] for a in ARTICLES]


def test_keyword_ranks_title_match_first(engine: Engine) -> None:
    assert titles(engine, "tianjin") == ["Summit in Tianjin", "Sanctions widen"]


def test_misspelt_keyword_still_matches(engine: Engine) -> None:
    assert titles(engine, "Tianjn") == ["Summit in Tianjin", "Sanctions widen"]
    assert titles(engine, "sanctoins") == ["Sanctions widen"]
    assert "tianjin" in engine.search(parse_query("tianjn")).words


def test_prefix_matches_while_typing(engine: Engine) -> None:
    assert titles(engine, "dub") == ["Dublin talks"]


def test_and_or_not(engine: Engine) -> None:
    assert titles(engine, "tianjin firms") == ["Sanctions widen"]
    assert titles(engine, "tianjin dublin") == []
    assert sorted(titles(engine, "dublin | nato")) == ["Dublin talks", "NATO chiefs meet"]
    assert titles(engine, "tianjin !firms") == ["Summit in Tianjin"]


def test_exact_title_prefix_and_smart_case(engine: Engine) -> None:
    assert titles(engine, "'tianjin") == ["Summit in Tianjin", "Sanctions widen"]
    assert titles(engine, "'tianj") == []  # exact: whole words only
    assert titles(engine, "^sanc") == ["Sanctions widen"]
    assert titles(engine, "NATO") == ["NATO chiefs meet"]
    assert titles(engine, "Sunday") == ["Summit in Tianjin"]
    assert titles(engine, "SUNDAY") == []  # capitals make a term case-sensitive


def test_country_by_name_code_and_alpha3(engine: Engine) -> None:
    for value in ("ireland", "IE", "irl", "Irelnd"):
        assert titles(engine, f"country:{value}") == ["Dublin talks"], value
    assert titles(engine, "country:china tianjin") == ["Summit in Tianjin", "Sanctions widen"]
    assert titles(engine, "country:china sunday") == ["Summit in Tianjin"]
    assert titles(engine, "country:us tianjin") == ["Sanctions widen"]


def test_name_fields_are_fuzzy(engine: Engine) -> None:
    assert titles(engine, "person:zelensky") == ["Dublin talks"]
    assert titles(engine, 'person:"vladimir putin"') == ["Summit in Tianjin"]
    assert titles(engine, "org:nato") == ["NATO chiefs meet"]
    assert titles(engine, "place:dublin") == ["Dublin talks"]
    assert titles(engine, "source:aljazera") == ["Sanctions widen"]


def test_a_short_name_inside_a_longer_value_is_no_match(engine: Engine) -> None:
    """`org:bundespolizei` listed a football report naming "OL" (inside "pOLizei"), and
    `org:landgericht` a ski report: a name much shorter than the value matched a part of it."""
    assert titles(engine, "org:senatorial") == []  # "NATO" is inside it
    assert titles(engine, "org:nato") == ["NATO chiefs meet"]


def test_dates_are_inclusive_and_undated_articles_drop_out(engine: Engine) -> None:
    assert titles(engine, "after:2025-08-30") == ["Summit in Tianjin", "Dublin talks"]
    assert titles(engine, "before:2025-04") == ["NATO chiefs meet"]


def test_read_and_starred_state(engine: Engine) -> None:
    ids = {row.title: row.id for row in engine.rows}
    engine.state = {ids["Dublin talks"]: ArticleMarks(read=True, starred=True),
                    ids["Sanctions widen"]: ArticleMarks(read=True, starred=False)}
    assert titles(engine, "is:starred") == ["Dublin talks"]
    assert titles(engine, "is:unread") == ["Summit in Tianjin", "NATO chiefs meet"]
    assert titles(engine, "!is:read") == ["Summit in Tianjin", "NATO chiefs meet"]
    engine.state = {}


def test_unknown_country_matches_nothing(engine: Engine) -> None:
    query = parse_query("country:atlantis")
    assert query.errors
    assert engine.search(query).positions == []


EVERY = [a["title"] for a in ARTICLES]


@pytest.mark.parametrize(("text", "shown"), [
    # text no article holds, markup and FTS syntax included, matches nothing
    ("[bold]", []), ("\\", []), (":::", []), ("[@click=app.quit]", []), ('"NEAR(', []),
    ("*", []), ("a AND", []),
    # a query whose every part was dropped (an operator alone, a field without a value)
    # filters nothing
    ("country:", EVERY), ("'\"", EVERY), ("^", EVERY), ("!", EVERY), ("is:", EVERY),
])
def test_odd_input_never_raises(engine: Engine, text: str, shown: list[str]) -> None:
    assert titles(engine, text) == shown


def test_country_names_for_screen() -> None:
    assert country_name("RU") == "Russia"
    assert country_name("IR") == "Iran"
    assert country_name("US") == "United States"
    assert match_countries("united kingdom") == {"GB"}
    assert match_countries("uk") == {"GB"}, "UK is not the code of Ukraine"


def test_a_view_only_sees_its_own_files(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    for folder, title in ((one, "Alpha story"), (two, "Beta story")):
        folder.mkdir()
        (folder / "feed.jsonl").write_text(json.dumps(
            {"title": title, "text": f"{title} about Tianjin and its port."}) + "\n")
    with Cache.open(str(tmp_path / "cache.sqlite3")) as cache:
        sync(cache, [str(one), str(two)], workers=0)
        view = Engine(cache.rows([str(one)]), cache)
        assert titles(view, "tianjin") == ["Alpha story"]


# -- kept prefixes, orders, highlighting ---------------------------------------


def test_broad_prefixes_answer_the_same_when_kept(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    queries = ["the", "tia", "sanc", "min", "the -dublin", "mee | sum", "ukr"]
    cold = Engine(engine.rows, engine.cache)
    monkeypatch.setattr(search, "PREFIX_BUDGET", 0)  # nothing kept: every lookup is fresh
    fresh = {q: cold.search(parse_query(q)).positions for q in queries}
    monkeypatch.undo()
    monkeypatch.setattr(search, "PREFIX_SHARE", 0.0)  # keep every prefix while warming
    warm = Engine(engine.rows, engine.cache)
    warm.warm()
    assert warm.kept_prefixes  # "the" is in every article: kept as the rows it misses
    for query in queries:
        assert warm.search(parse_query(query)).positions == fresh[query], query


def test_kept_prefixes_stay_within_budget(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "PREFIX_BUDGET", 2)
    kept = Engine(engine.rows, engine.cache)
    for prefix in ["tia", "sum", "dub", "nat", "san"]:
        kept.search(parse_query(prefix))
    assert kept.kept_size <= 2
    assert titles(kept, "tia") == ["Summit in Tianjin", "Sanctions widen"]


def test_orders_by_date_and_source(engine: Engine) -> None:
    every = list(range(len(engine.rows)))
    by_date = [engine.rows[p].published for p in engine.ordered(every, "date")]
    assert by_date == ["2025-12-02", "2025-08-30", "2025-04-02", None]  # undated last
    by_source = [engine.rows[p].source for p in engine.ordered(every, "source")]
    assert by_source == ["AlJazeera", "Indian Express", "JapanToday", "Punch"]
    assert engine.ordered(every[::-1], "relevance") == every[::-1]


def test_selection_reads_rows_through_positions(engine: Engine) -> None:
    chosen = Selection(engine.rows, [2, 0])
    assert len(chosen) == 2
    assert [row.title for row in chosen] == ["Sanctions widen", "Summit in Tianjin"]
    assert chosen[-1].title == "Summit in Tianjin"
    assert [row.title for row in chosen[1:]] == ["Summit in Tianjin"]


def test_match_spans_mark_word_starts_case_blind() -> None:
    text = "Summit in Tianjin: SUMMITS, consummate"
    spans = match_spans(text, ["sum", "tianjin", "tian"])
    assert [text[a:b] for a, b in spans] == ["Sum", "Tianjin", "SUM"]  # not inside "consummate"
    assert match_spans(text, []) == []
    assert match_spans("11 and 1+1", ["1+"]) == [(7, 9)]  # literal, never a pattern


# -- fields forgive as plain words do (issue #13) ---------------------------------------


@pytest.fixture(scope="module")
def seeds_run() -> Iterator[Collection]:
    with Cache.open(":memory:") as cache:
        yield open_collection(cache, [str(seeds_dir())], workers=0)


@pytest.mark.parametrize(("typed", "meant"), [
    ("person:zelenskiy", "person:zelensky"), ("person:zelenski", "person:zelensky"),
    ("person:zelenksy", "person:zelensky"), ("person:starmer", 'person:"keir starmer"'),
    ("place:kiev", "place:kyiv"), ("Nato", "NATO"), ("org:Nato", "org:NATO"),
    ("place:moskau", "place:moscow"), ("place:moskwa", "place:moscow"),  # other languages'
    ("place:londres", "place:london"),
])
def test_a_field_finds_a_name_by_its_variants_and_typos(seeds_run: Collection, typed: str,
                                                       meant: str) -> None:
    wanted = set(seeds_run.select(meant))
    assert wanted, meant
    assert set(seeds_run.select(typed)) == wanted


def test_a_field_value_that_names_nobody_finds_nothing(seeds_run: Collection) -> None:
    assert seeds_run.select("person:qwertyuiop") == []
    assert seeds_run.select("place:zzzz") == []


def test_a_word_the_pages_use_is_not_taken_for_a_typo(tmp_path: Path) -> None:
    """"brexit" finds the Brexit stories, not every German page with "breit" (one letter
    off): a word the index holds is matched as typed; a word it does not hold still finds
    its near spellings."""
    towns = ["Dover", "Calais", "Belfast", "Leeds", "Bonn"]
    stories = [{"title": f"Brexit talks, day {n}",
                "text": f"The Brexit deal was debated again in {towns[n]} on day {n}."}
               for n in range(3)]
    stories += [{"title": f"Fahrradwege {n}",
                 "text": f"Die neuen Wege in {towns[n]} sind {n + 2} Meter breit."}
                for n in range(5)]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(a) + "\n" for a in stories))
    with Cache.open(str(tmp_path / "cache.sqlite3")) as cache:
        sync(cache, [str(feed)], workers=0)
        engine = Engine(cache.rows(), cache)
        brexit = [f"Brexit talks, day {n}" for n in range(3)]
        assert titles(engine, "brexit") == brexit
        assert titles(engine, "brexti")[:3] == brexit  # a typo still finds them, first
        assert len(titles(engine, "breit")) == 5


def test_the_filter_indexes_hold_a_position_in_a_few_bytes(tmp_path: Path) -> None:
    # Python lists of ints took 36 bytes a position (an int object and its pointer): at 1M
    # articles, hundreds of megabytes of the app's memory for the country, name and title
    # indexes alone.
    import tracemalloc

    from tui_reader.article import ListRow

    countries = ("FR", "DE", "US", "UA", "JP")
    rows = [ListRow(rowid=i + 1, id=f"a{i}", title=f"Summit talks {i % 50} in Paris",
                    source="Wire", published=None,
                    countries=(countries[i % 5], countries[(i + 2) % 5]),
                    persons=f"Person {i % 300}\nOther {i % 7}", orgs=f"Org {i % 40}",
                    places=f"Town {i % 90}") for i in range(30_000)]
    engine = Engine(rows, Cache.open(str(tmp_path / "c.sqlite3")))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        indexes = [engine.postings(kind) for kind in ("country", "person", "org", "place")]
        engine.search(parse_query("summit"))  # the title index
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    positions = sum(len(p) for index in indexes for p in index.values()) + 4 * len(rows)
    assert held / positions < 10
    assert sorted(indexes[0]["UA"]) == [i for i in range(len(rows))
                                        if "UA" in rows[i].countries]
    assert titles_of(engine, "country:ukraine") == len(indexes[0]["UA"])


def titles_of(engine: Engine, query: str) -> int:
    return len(engine.search(parse_query(query)).positions)


def test_the_filter_maps_an_article_to_its_row_in_a_few_bytes(tmp_path: Path) -> None:
    # A dict from cache rowid to list position took about 130 bytes a row (140 MB at 1M).
    import sys
    import tracemalloc

    from tui_reader.article import ListRow

    rows = [ListRow(rowid=3 * i + 1, id=f"a{i}", title=f"Talks {i}", source=None,
                    published=None, countries=(), persons="", orgs="", places="")
            for i in range(30_000)]
    cache = Cache.open(str(tmp_path / "c.sqlite3"))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        engine = Engine(rows, cache)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    titles = sum(sys.getsizeof(row.title.lower()) + 8 for row in rows)
    assert (held - titles) / len(rows) < 16
    rowids = [rows[5].rowid, 2, rows[0].rowid, 10**7, rows[-1].rowid]
    assert engine._positions_of(rowids) == [0, 5, len(rows) - 1]
