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

#: Characters of a text looked at.
SAMPLE = 4000
#: Share of the sampled words a language's function words must reach.
MIN_SHARE = 0.12
#: Words of fewer than this many function words are not guessed.
MIN_WORDS = 8

_WORD_RE = re.compile(r"[^\W\d_]+")

#: Function words by ISO 639-1 code; a word shared by two languages counts for both.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    code: frozenset(words.split()) for code, words in {
        "en": "the of and to in is that for it was on with as are be at by this from have "
              "or an not but his her they were which has had their would will been who its "
              "we you he she said after about than more can into also there when what",
        "de": "der die das und ist nicht ein eine zu den von mit sich des auf für im dem "
              "auch es an als wird bei oder nach aus einer wie noch nur sie er wir ich "
              "über vor hat sind zum zur dass kann",
        "fr": "le la les et des du un une est que qui dans pour pas sur au avec il elle "
              "ce se ne sont par plus aux ont été cette leur nous vous mais ou son sa ses",
        "es": "el la los las de y que en un una es por con para del al se no su lo como "
              "más pero sus le ha este esta fue son entre sobre también",
        "pt": "o a os as de e que em um uma do da dos das para com não no na por se mais "
              "ao como foi mas ele ela são seu sua também pelo pela",
        "it": "il la di che e un una per non del della è in con si sono al le gli da "
              "anche come più ma nel nella alla questo",
        "nl": "de het een en van is dat op te zijn met voor niet die aan er ook als bij "
              "maar om dan naar wordt door nog",
        "id": "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke karena "
              "ada oleh bisa saya kami mereka sudah bukan atau",
        "cs": "a se na je že v to s z do o k i jako ale by pro jsou tak jeho jak po už "
              "jsme který která které když",
        "pl": "i w na z się że do nie to jest o jak od po za ale są tak dla co przez jego "
              "już czy może który",
    }.items()
}


#: Each function word -> the languages it belongs to.
_LANGS_OF: dict[str, tuple[str, ...]] = {}
for _code, _words in FUNCTION_WORDS.items():
    for _w in _words:
        _LANGS_OF[_w] = (*_LANGS_OF.get(_w, ()), _code)


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
