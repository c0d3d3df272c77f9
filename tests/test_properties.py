"""Property tests: the core never raises on odd input, and what it returns is sound.

Each property runs on generated input (hypothesis, `EXAMPLES` cases each) mixing page-like
lines (prose, headlines, furniture, dates, credits, names) with arbitrary Unicode: controls,
escapes, combining marks, right-to-left text, case-changing letters ("İ", "ß", "ﬁ").
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterator
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_reader import query as fzf_query
from tui_reader import search
from tui_reader.cleaning import clean_page
from tui_reader.corpus import articles_from_jsonl, articles_from_page
from tui_reader.entities import recognise
from tui_reader.files import decode, sniff
from tui_reader.ingest import sync
from tui_reader.sanitize import clean_line, clean_text, printable
from tui_reader.storage import Cache

#: Cases per property; raise it to hunt (NEWSREADER_PROPERTY_EXAMPLES=5000 pytest ...).
EXAMPLES = int(os.environ.get("NEWSREADER_PROPERTY_EXAMPLES", "200"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------ strategies

NAMES = ["Vladimir Putin", "Keir Starmer", "Ireland", "the Kremlin", "Dublin", "Kyiv",
         "European Union", "NATO", "Emmanuel Macron", "Beijing", "Ukraine's", "Türkiye",
         "İstanbul", "Zelensky", "Bill Clinton", "Clinton", "President Xi Jinping", "São Paulo",
         "Côte d'Ivoire", "Ministry of Defence", "Reuters", "AP/ABC", "Chicago Tribune"]
WEIRD = ["\u0301", "\u0308", "\u200d", "\u200b", "\u202e", "\u2066", "\ufeff", "\x1b[31m",
         "\x1b]8;;http://x\x1b\\", "\x1b]52;c;aGk=\x07", "\x9b2J", "\x00", "\x07", "\t", "\r",
         "\u2028", "\x85", "\ud800", "İ", "ß", "ﬁ", "ǅ", "ΐ", "Σ", "ς", "ẞ", "\U0001f600",
         "\U0001f468\u200d\U0001f469", "مرحبا", "שלום", "Москва", "東京", "한국", "...", "…",
         "(Reuters)", "’", "“", "»", "[bold]", "[@click=app.quit]", "  ", "\u00a0", "\u3000"]
WORDS = ["the", "minister", "said", "on", "Monday", "that", "talks", "would", "continue",
         "in", "and", "officials", "agreed", "a", "plan", "to", "end", "war", "of", "by"]
FURNITURE = ["Related Articles", "Advertisement", "Share", "Read more", "Trending Now",
             "You may also like", "Comments (3)", "2 hours ago", "Aug 20, 2025",
             "Published 2025-03-04", "By Jane Doe | Updated 10:00", "AP/ABC", "(AlJazeera)",
             "Photo: Getty Images", "Subscribe to our newsletter", "Lire aussi : x"]

weird = st.sampled_from(WEIRD)
word = st.one_of(st.sampled_from(WORDS), st.sampled_from(NAMES), weird,
                 st.text(min_size=1, max_size=8))
lower = st.sampled_from(WORDS)
special = st.one_of(st.sampled_from(NAMES), weird, st.text(min_size=1, max_size=8))


def _sentence(words: list[str], extras: list[tuple[int, str]], end: str, credit: str) -> str:
    """Lower-case words (so the line reads as running text) with a few odd ones mixed in."""
    for position, extra in extras:
        words.insert(position % (len(words) + 1), extra)
    return " ".join(words) + end + credit


prose = st.builds(
    _sentence, st.lists(lower, min_size=4, max_size=40),
    st.lists(st.tuples(st.integers(0, 40), special), max_size=4),
    st.sampled_from([".", ".", "!", "?", "…", "", ":"]),
    st.sampled_from(["", "", " (Reuters)", " (AP)", "”"]),
)
headline = st.builds(lambda ws: " ".join(w.title() for w in ws),
                     st.lists(st.sampled_from(WORDS + NAMES), min_size=2, max_size=10))
page_line = st.one_of(prose, prose, prose, headline, st.sampled_from(FURNITURE), st.just(""),
                      st.text(max_size=40))
page = st.builds(
    lambda lines, seps: "".join(ln + sep for ln, sep in zip(lines, seps, strict=False)),
    st.lists(page_line, max_size=40),
    st.lists(st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\n \n"]), min_size=40, max_size=40),
)
any_text = st.one_of(st.text(), page, st.lists(word).map(" ".join))

# ------------------------------------------------------------------ sanitising


def _is_unsafe(ch: str) -> bool:
    """A character that must never reach the screen: controls (but tab and newline), C1,
    bidi controls, zero-width characters and soft hyphens, surrogates."""
    code = ord(ch)
    return (
        (unicodedata.category(ch) == "Cc" and ch not in "\t\n")
        or unicodedata.category(ch) == "Cs"
        or ch in "\xad\u061c\u180e\ufeff"
        or 0x200B <= code <= 0x200F or 0x202A <= code <= 0x202E or 0x2060 <= code <= 0x206F
        or 0xE0000 <= code <= 0xE007F
    )


@PROPERTY
@given(any_text)
def test_sanitised_text_has_no_controls_or_escapes(text: str) -> None:
    cleaned = clean_text(text)
    assert not any(_is_unsafe(ch) for ch in cleaned)
    assert "\x1b" not in cleaned and "\r" not in cleaned
    assert clean_text(cleaned) == cleaned  # idempotent: loading twice changes nothing
    line = clean_line(text)
    assert "\n" not in line and "\t" not in line and not any(_is_unsafe(ch) for ch in line)


@PROPERTY
@given(any_text)
def test_printable_shows_every_unsafe_character(text: str) -> None:
    shown = printable(text)
    assert len(shown) == len(text)  # one visible symbol per character: nothing hidden
    assert not any(_is_unsafe(ch) or ch in "\t\n\u2028\u2029" for ch in shown)


@PROPERTY
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_sanitising_keeps_ordinary_text_and_markup(text: str) -> None:
    """Text without controls or invisible characters is left exactly as it is."""
    ordinary = "".join(ch for ch in text if not _is_unsafe(ch) and ch not in "\r\x0b\x0c\x85"
                       and ch not in "\u2028\u2029")
    assert clean_text(ordinary) == ordinary
    assert clean_text(f"[bold]{ordinary}[/bold]") == f"[bold]{ordinary}[/bold]"


# ------------------------------------------------------------------ decoding


@PROPERTY
@given(st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda prefix, rest: prefix + rest,
              st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00",
                               b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\x1f\x8b", b"PK\x03\x04"]),
              st.binary(max_size=500)),
    st.text(max_size=200).map(lambda t: t.encode("utf-16-le", "surrogatepass")),
    st.text(alphabet=st.characters(codec="cp1252"), max_size=200).map(
        lambda t: t.encode("cp1252")),
))
def test_decode_never_raises(data: bytes) -> None:
    """Any bytes decode, to None when they are not text (a PDF, an image, binary data: what
    `sniff` names, and chaos no encoding reads), else to at most one character a byte; UTF-8
    without NULs (which may be UTF-16) exactly as it is."""
    text = decode(data)
    if sniff(data) is not None:
        assert text is None
    if text is None:
        return
    assert len(text) <= len(data)
    if b"\x00" not in data:
        try:
            utf8 = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return
        assert text == utf8


@PROPERTY
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]),
               max_size=300))
def test_utf8_is_decoded_exactly(text: str) -> None:
    assert decode(text.encode()) == text


# ------------------------------------------------------------------ cleaning

_CREDIT = re.compile(r"\s*\(([A-Z][\w&'.\- ]{0,38}[\w.])\)$")


def _lines(page_text: str) -> list[str]:
    """The page's lines as the cleaner sees them: whitespace runs folded to one space."""
    return [" ".join(line.split()) for line in page_text.split("\n")]


@PROPERTY
@given(page)
def test_cleaner_output_comes_from_the_input(text: str) -> None:
    """The property, precisely. On a sanitised page (as `load_corpus` feeds the cleaner),
    with L the page's lines with whitespace runs folded to one space:

    - every body paragraph is a line of L, or a drop cap's line of one capital letter joined
      to the line after it ("H" + "ong Kong is ..."), except that the last one may be such a
      line with a closing credit ("... agreed. (Reuters)") cut off its end (so a prefix of it);
    - the title is a line of L, or a prefix of the first paragraph, or such a prefix cut
      at a word with "…" appended (the stand-in headline drawn from the first sentence).
    """
    page_text = clean_text(text)
    rows = _lines(page_text)
    lines = set(rows) | {cap + rest for cap, rest in pairwise(rows)
                         if len(cap) == 1 and cap.isupper() and rest}
    for article in clean_page(page_text):
        paragraphs = article.body.split("\n\n")
        assert all(paragraphs), "no empty paragraph"
        for paragraph in paragraphs[:-1]:
            assert paragraph in lines
        last = paragraphs[-1]
        assert last in lines or any(
            line.startswith(last) and _CREDIT.search(line) for line in lines)
        title = article.title
        assert title
        stem = title.removesuffix("…")
        assert title in lines or paragraphs[0].startswith(title) or (
            title.endswith("…") and paragraphs[0].startswith(stem))


@PROPERTY
@given(st.text(max_size=300))
def test_cleaner_never_raises_on_arbitrary_text(text: str) -> None:
    for article in clean_page(text):
        assert article.title and article.body


# ------------------------------------------------------------------ entities

entity_text = st.one_of(
    st.lists(st.one_of(st.sampled_from(NAMES), st.sampled_from(NAMES), word),
             min_size=1, max_size=40).map(" ".join),
    st.text(max_size=200),
    page,
)


@PROPERTY
@given(entity_text)
def test_entity_offsets_slice_to_the_entity_text(text: str) -> None:
    found = recognise(text)
    for entity in found.entities:
        assert 0 <= entity.start < entity.end <= len(text)
        assert text[entity.start:entity.end] == entity.text


@PROPERTY
@given(entity_text)
def test_entity_offsets_hold_on_sanitised_text(text: str) -> None:
    """As at load: the body is sanitised first, and offsets index the sanitised body."""
    body = clean_text(text)
    for entity in recognise(body).entities:
        assert body[entity.start:entity.end] == entity.text


# ------------------------------------------------------------------ queries

query_text = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from([
        "country:", "country:ie", "country:xx", 'person:"keir', "!", "!word", "'", "^", "|",
        "| |", '"', '""', "is:", "is:read", "is:bogus", "after:", "after:2025-02-30",
        "before:9999-99", "after:0000", "before:2025-13", "place:_", "source:", "::", "tianjn",
        "İstanbul", "\x00", "\x1b[2J", "\u202e", "ß", "\ud800",
    ]), max_size=8).map(" ".join),
)


@PROPERTY
@given(query_text)
def test_query_language_parser_never_raises(text: str) -> None:
    parsed = fzf_query.parse_query(text)
    assert isinstance(parsed.errors, tuple)
    for term in parsed.terms:
        assert term.kind in {"fuzzy", "exact", "title_prefix"} | fzf_query.FIELDS


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[search.Engine]:
    """The filter engine over a small real cache (full-text index included)."""
    folder = tmp_path_factory.mktemp("corpus")
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps(record) + "\n" for record in [
        {"title": "Budget agreed in Dublin", "source": "Irish Wire", "published": "2025-03-04",
         "text": "Ministers met Micheál Martin in Dublin, Ireland, on Monday."},
        {"title": "Summit in Tianjin", "source": "Punch",
         "text": "Xi Jinping welcomed Vladimir Putin to Tianjin, in China, on Sunday."},
        {"title": "İstanbul talks", "text": "Straße and café news from São Paulo, Brazil."},
    ]))
    with Cache.open(str(folder / "cache.sqlite3")) as cache:
        sync(cache, [str(feed)], workers=0)
        yield search.Engine(cache.rows(), cache)


@PROPERTY
@given(text=query_text)
def test_search_never_raises(engine: search.Engine, text: str) -> None:
    positions = engine.search(fzf_query.parse_query(text)).positions
    assert len(set(positions)) == len(positions)
    assert set(positions) <= set(range(len(engine.rows)))


# ------------------------------------------------------------------ whole pages and feeds


@PROPERTY
@given(page)
def test_loaded_articles_are_safe_and_consistent(text: str) -> None:
    """A page through the load pipeline: sanitised title, source and body; offsets hold."""
    for article in articles_from_page(text, "page.txt"):
        for value in (article.title, article.source or "", article.text):
            assert not any(_is_unsafe(ch) for ch in value) and "\x1b" not in value
        assert "\n" not in article.title
        for entity in article.entities:
            assert article.text[entity.start:entity.end] == entity.text


_LONE_SURROGATE = re.compile(  # a JSON escape of half a surrogate pair, alone
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
no_surrogates = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=80)
jsonl_value = st.one_of(no_surrogates, st.sampled_from([w for w in WEIRD if w != "\ud800"]),
                        prose, st.none(), st.integers(), st.lists(st.integers(), max_size=2))


@PROPERTY
@given(st.lists(st.one_of(
    st.fixed_dictionaries({}, optional={k: jsonl_value for k in
                                        ("text", "title", "source", "url", "published")}
                          ).map(lambda d: json.dumps(d, ensure_ascii=False)),
    st.fixed_dictionaries({"text": prose}, optional={"title": jsonl_value}).map(json.dumps),
    no_surrogates,
), max_size=6).map("\n".join))
def test_jsonl_feeds_never_raise(text: str) -> None:
    articles, problems = articles_from_jsonl(text, "feed.jsonl")
    for article in articles:
        assert not any(_is_unsafe(ch) for ch in article.title + article.text)
    assert all(p.reason.startswith("line ") for p in problems)


@pytest.mark.parametrize(("text", "plain"), [("0\x00", "0"), ("dub\x00", "dub"),
                                             ("dub\ud800", "dub\ufffd")])
def test_search_with_a_nul_or_a_lone_surrogate_in_the_query(
    engine: search.Engine, text: str, plain: str
) -> None:
    """Invisible junk in a query neither raises nor changes what it finds."""
    found = engine.search(fzf_query.parse_query(text)).positions
    assert found == engine.search(fzf_query.parse_query(plain)).positions
