"""The seeds end to end: files -> articles with sources, dates, countries and linked names."""

from __future__ import annotations

from tui_reader.article import Article
from tui_reader.collection import Corpus

TITLES = [
    "NATO defense chiefs hold a virtual meeting on security guarantees for Ukraine",
    "Ukraine Allies: Security Pledges Boost Hope for Russia End to War",
    "UK, France pledge ‘reassurance force’ for Ukraine after Russia ceasefire",
    "Peace hopes dented as Russia says Ukraine tried to attack Putin residence",
    "Putin accuses Europeans of sabotaging peace efforts on Ukraine; meets U.S. delegation",
    "Putin, Modi, Erdogan to attend Tianjin Summit as Xi welcomes world leaders",
]


def by_title(corpus: Corpus, start: str) -> Article:
    (article,) = [a for a in corpus.articles if a.title.startswith(start)]
    return article


def test_seeds_give_eight_articles_in_file_order(seeds_corpus: Corpus) -> None:
    titles = [a.title for a in seeds_corpus.articles]
    assert len(titles) == 8
    assert titles[:6] == TITLES
    assert titles[6].startswith("Senior military officers from countries across Europe")
    assert titles[7] == "Ukraine's Security Assurances: A New Military Alliance in the Making?"
    assert seeds_corpus.problems == []


def test_sources_and_dates_the_pages_give(seeds_corpus: Corpus) -> None:
    got = [(a.source, a.published) for a in seeds_corpus.articles]
    assert got[:6] == [
        ("Indian Express", None), ("AP/ABC", None), ("AlJazeera", None),
        ("JapanToday", None), ("JapanToday", None), ("Punch", None),
    ]
    assert got[6] == (None, None)
    assert got[7][1] == "2025-04-02"
    assert got[7][0] is not None and got[7][0].startswith("Devdiscourse")


def test_country_lists(seeds_corpus: Corpus) -> None:
    assert by_title(seeds_corpus, "NATO defense").countries == [
        "AU", "CH", "FR", "IT", "JP", "NL", "RU", "UA", "US"]
    assert by_title(seeds_corpus, "Senior military").countries == [
        "FR", "GB", "NO", "RU", "SA", "UA", "US"]
    assert by_title(seeds_corpus, "Ukraine's Security").countries == ["RU", "UA", "US"]
    assert by_title(seeds_corpus, "Putin accuses").countries == ["IE", "RU", "UA", "US"]


def test_furniture_never_counts(seeds_corpus: Corpus) -> None:
    """Teasers under "Related Articles" / "TRENDING" name India, China, Argentina, Taiwan..."""
    assert not {"IN", "CN", "BY", "IR"} & set(by_title(seeds_corpus, "NATO defense").countries)
    assert not {"AR", "TW", "MX", "CN"} & set(by_title(seeds_corpus, "Ukraine's Sec").countries)
    assert not {"PK"} & set(by_title(seeds_corpus, "Senior military").countries)


def test_names_are_linked_across_the_corpus(seeds_corpus: Corpus) -> None:
    canon: dict[str, set[str]] = {}
    for article in seeds_corpus.articles:
        for entity in article.entities:
            if entity.label == "PERSON":
                canon.setdefault(entity.text, set()).add(entity.canonical)
    for variant in ("Volodymyr Zelenskyy", "Zelenskyy", "Zelensky", "Zelenskiy"):
        assert canon[variant] == {"Volodymyr Zelenskyy"}, variant
    for variant in ("Donald Trump", "Trump"):
        assert canon[variant] == {"Donald Trump"}, variant
    assert canon["Putin"] == {"Vladimir Putin"}


def test_entity_offsets_slice_the_body(seeds_corpus: Corpus) -> None:
    for article in seeds_corpus.articles:
        assert article.entities
        for entity in article.entities:
            assert article.text[entity.start:entity.end] == entity.text


def test_countries_lead_with_the_most_mentioned(seeds_corpus: Corpus) -> None:
    """The list shows first the countries an article is about, not the alphabet's first."""
    nato = by_title(seeds_corpus, "NATO defense")
    assert set(nato.countries_by_weight()[:3]) == {"RU", "UA", "US"}
    assert sorted(nato.countries_by_weight()) == nato.countries


def test_soft_hyphens_never_split_words_for_search_or_screen(tmp_path) -> None:
    """German sites hyphenate with U+00AD ("Bun\xaddes\xadre\xadgie\xadrung"): the article reads
    and searches as whole words, from a page dump and from HTML alike."""
    from tui_reader.cleaner_features import normalise
    from tui_reader.collection import open_collection
    from tui_reader.storage import Cache

    para = ("Die Bun\xaddes\xadre\xadgie\xadrung hat am Mittwoch in Berlin ein neues Gesetz "
            "beschlossen, das die Kar\xadrie\xadre junger Forscher erleichtern soll. ")
    title = "Neue Re\xadgeln für die Kar\xadrie\xadre"
    (tmp_path / "page.txt").write_text(
        f"Startseite\nPolitik\n\n{title}\n\n" + "\n\n".join([para * 3] * 4) + "\n\nImpressum\n")
    (tmp_path / "page.html").write_text(
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        + "".join(f"<p>{para * 3}</p>" for _ in range(4)) + "</article></body></html>")
    assert [ln.toks for ln in normalise("Kar\xadrie\xadre Bun\xaddes")] == [["karriere", "bundes"]]
    with Cache.open(str(tmp_path / "cache.db")) as cache:
        collection = open_collection(cache, [str(tmp_path)], workers=0)
        articles = list(collection.articles())
        assert len(articles) == 2
        for article in articles:
            assert "\xad" not in article.title + article.text
            assert "Bundesregierung" in article.text
        assert len(collection.select("Bundesregierung")) == 2
        assert len(collection.select("karriere")) == 2
