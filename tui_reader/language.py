"""A cheap guess of a text's language from the share of its function words.

The recogniser's name rules (a capitalised pair is a person, a lone capitalised word after
"said" ...) are English rules; `guess_language` lets it keep them to English text and lets
the corpus-wide name linker keep names of one language apart. Each language is known by its
commonest short function words (articles, pronouns, prepositions, conjunctions); the text's
first `SAMPLE` characters are counted, case-folded, and the language whose words make up the
largest share wins when that share is at least `MIN_SHARE`.
"""

from __future__ import annotations

import re
from importlib import resources

#: Characters of a text looked at.
SAMPLE = 4000
#: Share of the sampled words a language's function words must reach.
MIN_SHARE = 0.12
#: Words of fewer than this many function words are not guessed.
MIN_WORDS = 8

_WORD_RE = re.compile(r"[^\W\d_]+")


def _read_function_words() -> dict[str, frozenset[str]]:
    text = resources.files("tui_reader.data").joinpath("function_words.tsv").read_text(
        encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines()[1:] if line and line[0] != "#")
    return {code: frozenset(words.split()) for code, words in rows}


#: Function words by ISO 639-1 code (`data/function_words.tsv`, in its order); a word shared
#: by two languages counts for both. The cleaner reads the same table.
FUNCTION_WORDS: dict[str, frozenset[str]] = _read_function_words()


#: Each function word -> the languages it belongs to.
_LANGS_OF: dict[str, tuple[str, ...]] = {}
for _code, _words in FUNCTION_WORDS.items():
    for _w in _words:
        _LANGS_OF[_w] = (*_LANGS_OF.get(_w, ()), _code)

#: The function words of every language in the table.
ANY_FUNCTION_WORD: frozenset[str] = frozenset(_LANGS_OF)


def guess_language(text: str) -> str:
    """The ISO 639-1 code of the language `text` is most likely in, or "" when its sample is
    too short or no language's function words are common enough in it."""
    words = _WORD_RE.findall(text[:SAMPLE].lower())
    if not words:
        return ""
    counts = dict.fromkeys(FUNCTION_WORDS, 0)
    langs_of = _LANGS_OF
    for w in words:
        codes = langs_of.get(w)
        if codes is not None:
            for code in codes:
                counts[code] += 1
    best = max(counts, key=lambda code: counts[code])
    hits = counts[best]
    if hits < MIN_WORDS or hits < MIN_SHARE * len(words):
        return ""
    return best


def is_english(text: str) -> bool:
    """Is `text` English, or too short to tell? (The English rules are the default.)"""
    return guess_language(text) in ("en", "")
