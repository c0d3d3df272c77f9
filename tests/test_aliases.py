"""Corpus-wide names (`aliases`): one semantics for export, `newsreader entities` and the cache.

Short mentions ("Clinton" after "Bill Clinton") are added per document, where an article is
built; corpus-wide linking works on person names only and stays near-linear in their number.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui_reader import aliases
from tui_reader.aliases import add_short_mentions, link_names, resolve_aliases
from tui_reader.collection import load_corpus
from tui_reader.corpus import read_file
from tui_reader.entities import recognise

HEADLINE = "CLINTON WINS IN OHIO\n\nVoters went to the polls on Tuesday."
FULL = "President Bill Clinton spoke in Ohio on Monday."
FORD = "Ford Motor Co said it would cut 2,000 jobs. Shares of Ford fell."


def spans(entities: list) -> list[tuple[str, str, str]]:
    return [(e.text, e.label, e.canonical) for e in entities]


# -- short mentions: per document ----------------------------------------------------------

def test_a_lone_name_is_added_only_where_its_document_names_it_in_full() -> None:
    texts = [f"{HEADLINE}\n\n{FULL}", HEADLINE, FORD, "Shares of Ford fell on Monday."]
    found = [recognise(t).entities for t in texts]
    out = resolve_aliases(found, texts)
    assert ("CLINTON", "PERSON", "Bill Clinton") in spans(out[0])
    assert "CLINTON" not in [e.text for e in out[1]]  # "Bill Clinton" is in another text
    assert ("Ford", "ORG", "Ford") in spans(out[2])
    assert "Ford" not in [e.text for e in out[3]]


def test_add_short_mentions_adds_what_the_recogniser_leaves() -> None:
    text = f"{HEADLINE}\n\n{FULL} Later Clinton flew to Texas."
    found = list(recognise(text).entities)
    # The recogniser links the unknown lone "Clinton" itself; the headline's is left to us.
    assert [e.text for e in found if e.label == "PERSON"] == ["Bill Clinton", "Clinton"]
    added = add_short_mentions(found, text)
    assert [e.text for e in added if e.label == "PERSON"] == ["CLINTON", "Bill Clinton",
                                                              "Clinton"]
    assert add_short_mentions(added, text) == added  # nothing twice
    assert add_short_mentions(list(recognise(HEADLINE).entities), HEADLINE) == list(
        recognise(HEADLINE).entities)


def write_feed(folder: Path) -> Path:
    folder.mkdir()
    records = [{"text": f"{HEADLINE}\n\n{FULL}", "url": "https://example.org/1"},
               {"text": HEADLINE, "url": "https://example.org/2"},
               {"text": "Volodymyr Zelenskyy met Volodymyr Zelenskiy. Zelensky agreed.",
                "url": "https://example.org/3"},
               {"text": "Zelenskyy spoke on Friday. Jared Kushner and Josh Kushner met. "
                        "Kushner said hi.", "url": "https://example.org/4"},
               {"text": "President Kushner left.", "url": "https://example.org/5"}]
    path = folder / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_short_mentions_come_with_the_article(tmp_path: Path) -> None:
    articles, _ = read_file(str(write_feed(tmp_path / "pages")))
    assert "CLINTON" in [e.text for e in articles[0].entities]
    assert "CLINTON" not in [e.text for e in articles[1].entities]


def test_the_cache_and_newsreader_entities_give_the_same_names(tmp_path: Path) -> None:
    corpus = load_corpus([str(write_feed(tmp_path / "pages"))])  # the cache: app, export
    texts = [a.text for a in corpus.articles]
    standalone = resolve_aliases([recognise(t).entities for t in texts], texts)  # entities
    assert [spans(a.entities) for a in corpus.articles] == [spans(d) for d in standalone]
    people = {pair for a in corpus.articles for pair in spans(a.entities) if pair[1] == "PERSON"}
    assert ("CLINTON", "PERSON", "Bill Clinton") in people
    zelensky = {c for t, _, c in people if t.startswith(("Zelensk", "Volodymyr"))}
    assert len(zelensky) == 1  # one person, however spelt
    assert ("Kushner", "PERSON", "Kushner") in people  # "President Kushner": which one?


# -- corpus-wide linking of names ----------------------------------------------------------

def test_spelling_variants_link_across_the_corpus() -> None:
    docs = [["Volodymyr Zelenskyy", "Zelenskyy"], ["Volodymyr Zelenskiy"],
            ["Zelensky", "Zelenskiy"], ["Volodymyr Zelenskyy", "Donald Trump"], ["Trump"]]
    out = link_names(docs)
    canonical = "Volodymyr Zelenskyy"
    # Zelenskyy is named in full in three documents (a strong prior); Donald Trump in one,
    # so a lone "Trump" elsewhere stays itself ...
    assert out == [{"Zelenskyy": canonical}, {"Volodymyr Zelenskiy": canonical},
                   {"Zelensky": canonical, "Zelenskiy": canonical}, {}, {}]
    # ... unless its document is in the story group of one that names him in full.
    grouped = link_names(docs, groups=[None, None, None, "g", "g"])
    assert grouped[4] == {"Trump": "Donald Trump"}


def test_a_lone_name_needs_evidence_to_join_a_name_from_another_document() -> None:
    yang = [["Andrew Yang"], ["Andrew Yang", "Yang"], ["Andrew Yang"], ["Yang"]]
    assert link_names(yang)[3] == {"Yang": "Andrew Yang"}  # three documents: a strong prior
    # An Indonesian page's "Yang" is not Andrew Yang, whatever the prior.
    assert link_names(yang, langs=["en", "en", "en", "id"])[3] == {}
    assert link_names(yang, langs=["en", "en", "en", "id"], groups=[1, 1, 1, 1])[3] == {}
    # A high-school "Davis": Anthony Davis named once elsewhere is no evidence ...
    davis = [["Anthony Davis", "Davis"], ["Davis"]]
    assert link_names(davis) == [{"Davis": "Anthony Davis"}, {}]
    # ... nor is a prior when the name is someone else's too.
    davis = [["Anthony Davis"], ["Anthony Davis"], ["Anthony Davis"], ["Kyle Davis"], ["Davis"]]
    assert link_names(davis)[4] == {}
    assert link_names(davis, groups=[None, None, None, "s", "s"])[4] == {"Davis": "Kyle Davis"}


def test_an_ambiguous_lone_name_stays_itself_unless_its_document_decides() -> None:
    docs = [["Jared Kushner", "Josh Kushner", "Kushner"], ["Jared Kushner", "Kushner"],
            ["Kushner"], ["Kushnir"]]
    assert link_names(docs) == [{}, {"Kushner": "Jared Kushner"}, {}, {}]


def test_an_exact_surname_beats_a_spelling_variant() -> None:
    docs = [["Olena Zelenska"], ["Volodymyr Zelenskyy"], ["Zelenskyy"], ["Zelenskyi"]]
    out = link_names(docs, groups=[1, 1, 1, 1])  # one story: evidence enough
    assert out[2] == {"Zelenskyy": "Volodymyr Zelenskyy"}
    assert out[3] == {"Zelenskyi": "Volodymyr Zelenskyy"}  # closer to it than to "Zelenska"


def test_short_family_names_come_first() -> None:
    docs = [["Xi Jinping", "Kim Jong Un"], ["Xi", "Kim"]]
    assert link_names(docs, groups=[1, 1])[1] == {"Xi": "Xi Jinping", "Kim": "Kim Jong Un"}
    docs += [["Kim Yo Jong", "Kim"]]  # now two Kims: only a document naming one decides
    assert link_names(docs, groups=[1, 1, 1])[1:] == [{"Xi": "Xi Jinping"},
                                                      {"Kim": "Kim Yo Jong"}]


def test_names_keep_their_most_used_spelling() -> None:
    docs = [["Volodymyr Zelenskiy"], ["Volodymyr Zelenskyy", "Volodymyr Zelenskyy"],
            ["Volodymyr Zelensky"]]
    out = link_names(docs)
    assert out == [{"Volodymyr Zelenskiy": "Volodymyr Zelenskyy"}, {},
                   {"Volodymyr Zelensky": "Volodymyr Zelenskyy"}]


# -- near-linear: counted, not timed ---------------------------------------------------------

SYLLABLES = ["ba", "ko", "ri", "sen", "mar", "tel", "vi", "dra", "lo", "chen", "ska", "nov",
             "ber", "gu", "zel", "man", "tor", "ha", "pe", "lin", "sto", "ru", "we", "dan"]
FIRST = ["John", "Maria", "Wei", "Olga", "Ahmed", "Anna", "Peter", "Jose", "Fatima", "David"]


def surname(i: int) -> str:
    parts = []
    for _ in range(4):
        i, r = divmod(i, len(SYLLABLES))
        parts.append(SYLLABLES[r])
    return "".join(parts).title()


def test_linking_work_grows_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    n = 20_000
    compared: list[int] = []
    close = aliases._close

    def counting(word: str, candidates: list[str]) -> list[tuple[str, float]]:
        compared.append(len(candidates))
        return close(word, candidates)

    monkeypatch.setattr(aliases, "_close", counting)
    # 20,000 people, 2,000 to each first name; each document names one of them in full, and
    # lone names: their own surname, and another person's surname with a letter dropped.
    people = [f"{FIRST[i % len(FIRST)]} {surname(i)}" for i in range(n)]
    docs = [[people[i], surname(i), surname(i * 7 % n)[:-1]] for i in range(n)]
    out = link_names(docs)
    assert len(set(people)) == n
    # (A few synthetic surnames are one letter apart: those people are merged, rightly.)
    assert all(out[i].get(surname(i)) == out[i].get(people[i], people[i]) for i in range(n))
    # Each distinct name is scored once at most, against a few candidates: never against
    # all the people sharing its first name (2,000) nor all the surnames (20,000).
    distinct = len({name for doc in docs for name in doc})
    assert len(compared) <= distinct
    assert sum(compared) <= 2 * distinct
    assert max(compared) <= 30


def test_a_lone_surname_goes_to_the_person_the_corpus_names_far_more_often() -> None:
    """"Trump" alone joins Donald Trump, named in full in many documents, although Melania
    and Tiffany Trump are each named in one: the facet counts him once, not as two people."""
    docs = [["Donald Trump"]] * 6 + [["Melania Trump"], ["Tiffany Trump"], ["Trump"]]
    assert link_names(docs)[-1] == {"Trump": "Donald Trump"}
    # Not when the others are named nearly as often ...
    bush = [["George Bush"]] * 6 + [["Jeb Bush"]] * 2 + [["Bush"]]
    assert link_names(bush)[-1] == {}
    # ... nor in a page of another language, nor without the prior's documents.
    assert link_names(docs, langs=["en"] * 8 + ["de"])[-1] == {}
    assert link_names(docs[4:])[-1] == {}


def test_a_lone_first_name_joins_the_one_person_its_story_names_in_full() -> None:
    """"Boris" beside "Boris Johnson" is Boris Johnson (the facets list him once); not when
    two Borises are named, nor in a story that names neither, nor when it is a surname."""
    assert link_names([["Boris Johnson", "Boris", "Jeremy Corbyn"]]) == [
        {"Boris": "Boris Johnson"}]
    assert link_names([["Boris Johnson", "Boris Becker", "Boris"]]) == [{}]
    assert link_names([["Boris Johnson"], ["Boris"]]) == [{}, {}]
    # "Martin" is Micheál Martin's surname: the surname rule decides, not the first name.
    assert link_names([["Martin Sheen", "Micheál Martin", "Martin"]]) == [
        {"Martin": "Micheál Martin"}]
