"""Facet counts over a filter result, and related articles by shared entities."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from tui_reader.article import ListRow
from tui_reader.facets import FACET_KINDS, Facets, related_to
from tui_reader.search import Engine


def row(
    i: int,
    persons: Iterable[str] = (),
    orgs: Iterable[str] = (),
    places: Iterable[str] = (),
    countries: Iterable[str] = (),
) -> ListRow:
    return ListRow(
        rowid=i + 1,
        id=f"a{i}",
        title=f"Article {i}",
        source="test",
        published=None,
        countries=tuple(countries),
        persons="\n".join(persons),
        orgs="\n".join(orgs),
        places="\n".join(places),
    )


def filler(start: int, count: int, **fields: Iterable[str]) -> list[ListRow]:
    """`count` rows from position `start`, each with its own person plus `fields`."""
    return [row(i, persons=[f"Nobody {i}"], **fields) for i in range(start, start + count)]


# counts


def test_facet_kinds_are_query_fields() -> None:
    assert FACET_KINDS == ("country", "person", "org")


def test_counts_sorted_by_count_then_name() -> None:
    rows = [
        row(0, persons=["Zelda Zane", "Anna Berg"]),
        row(1, persons=["Zelda Zane", "Carl Dunn"]),
        row(2, persons=["Carl Dunn", "Zelda Zane", "Bo Ek"]),
        row(3, persons=["Bo Ek"]),
        row(4),
    ]
    facets = Facets(rows)
    assert facets.counts(range(5), "person") == [
        ("Zelda Zane", 3),
        ("Bo Ek", 2),
        ("Carl Dunn", 2),
        ("Anna Berg", 1),
    ]


def test_counts_limit_keeps_the_most_frequent() -> None:
    rows = [row(i, orgs=[f"Org {j}" for j in range(i + 1)]) for i in range(6)]
    facets = Facets(rows)
    assert facets.counts(range(6), "org", limit=2) == [("Org 0", 6), ("Org 1", 5)]
    assert facets.counts(range(6), "org", limit=0) == []
    assert len(facets.counts(range(6), "org")) == 6


def test_counts_only_the_given_positions() -> None:
    rows = [
        row(0, countries=["FR", "DE"]),
        row(1, countries=["US"]),
        row(2, countries=["US", "FR"]),
        row(3, countries=["US"]),
    ]
    facets = Facets(rows)
    assert facets.counts([0, 2], "country") == [("FR", 2), ("DE", 1), ("US", 1)]
    assert facets.counts([1, 3], "country") == [("US", 2)]
    assert facets.counts(range(4), "country") == [("US", 3), ("FR", 2), ("DE", 1)]


def test_counts_a_row_once_per_value() -> None:
    facets = Facets([row(0, countries=["FR", "FR", "DE"]), row(1, countries=["FR"])])
    assert facets.counts(range(2), "country") == [("FR", 2), ("DE", 1)]


def test_counts_of_an_empty_result_is_empty() -> None:
    facets = Facets([row(0, persons=["Anna Berg"], countries=["SE"])])
    for kind in FACET_KINDS:
        assert facets.counts([], kind) == []


def test_counts_kinds_are_separate() -> None:
    facets = Facets([row(0, persons=["Jordan"], orgs=["Acme"], places=["Jordan"])])
    assert facets.counts([0], "person") == [("Jordan", 1)]
    assert facets.counts([0], "org") == [("Acme", 1)]
    assert facets.counts([0], "country") == []


def test_counts_returns_nothing_when_cancelled() -> None:
    facets = Facets([row(i, persons=["Anna Berg"]) for i in range(10)])
    assert facets.counts(range(10), "person", cancelled=lambda: True) == []
    assert facets.counts(range(10), "person", cancelled=lambda: False) == [("Anna Berg", 10)]


def test_counts_over_every_row_are_kept_for_the_next_time() -> None:
    """The whole list (no filter, or one still being typed: "is:u") is shown again and
    again while typing: its counts are made once, in any order of the rows, and a part of
    the list is still counted afresh."""
    rows = [*filler(0, 5000, countries=["FR"]), row(5000, countries=["DE"])]
    facets = Facets(rows)
    every = facets.counts(range(len(rows)), "country")
    assert every == [("FR", 5000), ("DE", 1)]

    def no_recount(kind: str) -> list[tuple[str, ...]]:
        raise AssertionError(f"counted {kind} again")

    facets.values = no_recount  # type: ignore[method-assign]
    assert facets.counts(list(reversed(range(len(rows)))), "country") == every
    fresh = Facets(rows)
    assert fresh.counts(range(5000), "country") == [("FR", 5000)]
    assert fresh.counts(range(len(rows)), "country") == every


def test_counts_rejects_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown facet kind"):
        Facets([row(0)]).counts([0], "colour")


# related


def test_related_ranks_rare_shared_names_above_common_ones() -> None:
    rows = [
        row(0, persons=["Common Name", "Rare Name"]),
        row(1, persons=["Common Name"]),  # shares a name 5 rows have
        row(2, persons=["Rare Name"]),  # shares a name only 2 rows have
        row(3, persons=["Common Name"]),
        row(4, persons=["Common Name"]),
        row(5, persons=["Common Name"]),
        *filler(6, 14),
    ]
    related = Facets(rows).related(0)
    assert [position for position, _ in related] == [2, 1, 3, 4, 5]
    scores = dict(related)
    assert scores[2] > scores[1] > 0
    assert scores[1] == scores[3] == scores[4] == scores[5]


def test_related_adds_up_shared_entities_of_every_kind() -> None:
    rows = [
        row(0, persons=["Anna Berg"], orgs=["Acme"], places=["Lyon"], countries=["FR"]),
        row(1, persons=["Anna Berg"]),
        row(2, persons=["Anna Berg"], orgs=["Acme"], places=["Lyon"], countries=["FR"]),
        row(3, orgs=["Acme"], places=["Lyon"]),
        *filler(4, 16),
    ]
    assert [position for position, _ in Facets(rows).related(0)] == [2, 3, 1]


def test_related_excludes_itself_and_the_excluded() -> None:
    rows = [row(i, persons=["Anna Berg", f"Own {i}"]) for i in range(5)] + filler(5, 15)
    facets = Facets(rows)
    assert [position for position, _ in facets.related(2)] == [0, 1, 3, 4]
    assert [position for position, _ in facets.related(2, exclude={0, 4})] == [1, 3]
    assert [position for position, _ in facets.related(2, limit=2)] == [0, 1]


def test_related_lists_only_rows_sharing_something() -> None:
    rows = [
        row(0, persons=["Anna Berg"], places=["Lyon"]),
        row(1, persons=["Carl Dunn"], places=["Oslo"]),
        row(2, places=["Lyon"]),
        row(3, orgs=["Anna Berg"]),  # same text, another kind: not shared
        *filler(4, 16),
    ]
    facets = Facets(rows)
    assert [position for position, _ in facets.related(0)] == [2]
    assert facets.related(1) == []
    assert facets.related(4) == []


def test_a_value_most_rows_hold_does_not_relate_everything() -> None:
    rows = [row(i, countries=["US"], persons=[f"Person {i}"]) for i in range(20)]
    rows[7] = row(7, countries=["US"], persons=["Person 7", "Anna Berg"])
    rows[12] = row(12, countries=["US"], persons=["Person 12", "Anna Berg"])
    facets = Facets(rows)
    assert facets.related(0) == []
    assert [position for position, _ in facets.related(7)] == [12]


def test_a_value_in_more_than_five_percent_of_a_large_corpus_is_ignored() -> None:
    rows = filler(0, 1000)
    for i in range(0, 1000, 10):  # 100 rows (10%) mention the United States
        rows[i] = row(i, persons=[f"Nobody {i}"], countries=["US"])
    for i in (0, 500, 999):  # three of them also mention Anna Berg
        rows[i] = row(i, persons=[f"Nobody {i}", "Anna Berg"], countries=["US"])
    facets = Facets(rows)
    assert [position for position, _ in facets.related(0)] == [500, 999]
    assert facets.related(10) == []


def test_related_accepts_a_negative_position() -> None:
    rows = [*filler(0, 18), row(18, persons=["Anna Berg"]), row(19, persons=["Anna Berg"])]
    assert [position for position, _ in Facets(rows).related(-1)] == [18]


def test_related_reads_the_filter_engines_index_alike() -> None:
    rows = [
        row(0, persons=["Anna Berg"], orgs=["Acme"], places=["Lyon"], countries=["FR"]),
        row(1, persons=["Anna Berg"]),
        row(2, persons=["Anna Berg"], orgs=["Acme"], places=["Lyon"], countries=["FR"]),
        row(3, orgs=["Acme", "Anna Berg"], places=["Lyon"], countries=["FR", "DE"]),
        *filler(4, 16),
    ]
    engine = Engine(rows, cache=None)  # type: ignore[arg-type]  # postings never read it
    shared = Facets(rows, engine.postings)
    for position in range(4):
        assert shared.related(position) == Facets(rows).related(position)
    assert engine._names  # the engine's index was the one read


# related_to: what the reader lists under an article and "r" offers


def test_related_to_names_the_similar_stories_and_what_the_others_share() -> None:
    rows = [
        row(0, persons=["Anna Berg"], orgs=["Acme"], places=["Lyon"], countries=["FR"]),
        row(1, persons=["Anna Berg"], orgs=["Acme"], countries=["FR"]),  # the same story
        row(2, persons=["Anna Berg"], places=["Lyon"], countries=["FR"]),
        row(3, orgs=["Acme"]),
        *filler(4, 16),
    ]
    order = {r.id: i for i, r in enumerate(rows)}
    similar, related = related_to(Facets(rows), order, "a0", ["a1", "gone"])
    assert similar == [rows[1]]  # an id no longer listed is left out
    assert related == [(rows[2], ["Anna Berg", "France", "Lyon"]), (rows[3], ["Acme"])]


def test_related_to_lists_similar_stories_in_row_order_and_keeps_to_the_limit() -> None:
    rows = [row(i, persons=["Anna Berg", f"Own {i}"]) for i in range(6)] + filler(6, 14)
    order = {r.id: i for i, r in enumerate(rows)}
    similar, related = related_to(Facets(rows), order, "a3", ["a5", "a1"], limit=2)
    assert similar == [rows[1], rows[5]]
    assert [r for r, _ in related] == [rows[0], rows[2]]
    assert all(shared == ["Anna Berg"] for _, shared in related)


def test_related_to_an_article_not_listed_is_nothing() -> None:
    rows = [row(0, persons=["Anna Berg"]), row(1, persons=["Anna Berg"]), *filler(2, 18)]
    order = {r.id: i for i, r in enumerate(rows)}
    assert related_to(Facets(rows), order, "elsewhere", ["a0"]) == ([], [])
