"""ISO 3166-1 countries: names for the screen, and what a `country:` value names.

Codes and names come from pycountry; `data/country_names.tsv` only shortens a
few formal names ("Iran, Islamic Republic of" -> "Iran"). A filter value is resolved
through the same tables the recogniser reads text with (names and variants, demonyms,
capitals and cities, metonyms, and the demonyms and everyday country names of other
languages: see `gazetteer`), so `country:french` finds what "French" in an article counted
for, `country:francés` what "francés" in a Spanish one did, and `country:deutschland` what
"Deutschland" in a German one did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from .gazetteer import fold_accents, read_tsv


@cache
def _display_names() -> dict[str, str]:
    names = {c.alpha_2: getattr(c, "common_name", c.name) for c in pycountry.countries}
    names.update({code: name for code, name in read_tsv("country_names.tsv")})
    return names


@cache
def _alpha3() -> dict[str, str]:
    return {c.alpha_3: c.alpha_2 for c in pycountry.countries}


@cache
def _name_choices() -> list[tuple[str, str]]:
    """(name, alpha-2) pairs: display, ISO, common and official names, and variants ("UK")."""
    pairs: set[tuple[str, str]] = {(name, code) for name, code in read_tsv("country_variants.tsv")}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                pairs.add((value, c.alpha_2))
    pairs.update((name, code) for code, name in _display_names().items())
    return sorted(pairs)


def country_name(code: str) -> str:
    """The readable name of an alpha-2 code; the code itself when unknown."""
    return _display_names().get(code.upper(), code)


def is_country_code(code: str) -> bool:
    """True when `code` is an ISO 3166-1 alpha-2 code."""
    return code.upper() in _display_names()


@dataclass(frozen=True, slots=True)
class CountryMatch:
    """What a filter value names: the countries, and how the value was read."""

    codes: frozenset[str]
    """Alpha-2 codes (empty when nothing matches; several when the value is ambiguous)."""
    via: str = ""
    """How the value was read: "name", "code", "demonym", "capital", "place", "metonym",
    "part of a name" or "spelling" (a typo of a known name)."""
    read_as: str = ""
    """The known name the value was taken for (differs from the value for a typo)."""

    @property
    def ambiguous(self) -> bool:
        """True when the value could mean several countries."""
        return len(self.codes) > 1

    def note(self, value: str) -> str | None:
        """A line for the person typing: what an ambiguous value could mean, or which name
        a misspelt one was read as; None when the value says it plainly."""
        if self.ambiguous:
            names = " or ".join(sorted(f"{country_name(c)} ({c})" for c in self.codes))
            return f"country:{value} could mean {names}: showing all"
        if self.via == "spelling":
            return f"country:{value} read as {country_name(next(iter(self.codes)))}"
        return None


#: Ranks of the tables a value is looked up in, best first: a country's own name beats a
#: code, which beats a demonym, a capital, a metonym, then any other city.
_RANKS = ("name", "code", "demonym", "capital", "metonym", "place", "city")
#: Tables whose keys also match with a typo (cities are too many: "Chin" is a city).
_SPELLED = frozenset({"name", "demonym", "capital", "metonym", "place"})
#: A word of a country's name names it ("korea" -> KR, KP) when it names this many at most.
_PART_LIMIT = 3


def fold_name(text: str) -> str:
    """A name as the lookup compares it: case and accents folded, dots dropped, one space."""
    text = fold_accents(text).casefold().replace(".", "").replace("_", " ")
    return " ".join(re.sub(r"[^\w\s'’-]", " ", text).split())


@cache
def _tables() -> dict[str, dict[str, frozenset[str]]]:
    """Per rank, folded key -> codes: the same names the recogniser resolves in text."""
    from .gazetteer import capitals, demonym_forms, load, translated_country_names
    from .language import FUNCTION_WORDS

    tables: dict[str, dict[str, set[str]]] = {rank: {} for rank in _RANKS}

    def add(rank: str, key: str, code: str) -> None:
        folded = fold_name(key)
        if folded and code:
            tables[rank].setdefault(folded, set()).add(code.upper())

    for name, code in _name_choices():
        add("name", name, code)
    for country in pycountry.countries:
        add("code", country.alpha_3, country.alpha_2)
    for name, code in read_tsv("demonyms.tsv"):
        add("demonym", name, code)
    for lang in sorted({row[0] for row in read_tsv("foreign_demonyms.tsv")}):
        for form, code in demonym_forms(lang).items():  # "francés", "allemande", "polski"
            add("demonym", form, code)
    for _lang, name, code in read_tsv("foreign_country_names.tsv"):
        add("name", name, code)  # "Rusia", "Russland"
    for lang in FUNCTION_WORDS:  # the languages the recogniser reads: "Deutschland", "Niemcy"
        for name, code in translated_country_names(lang):
            add("name", name, code)
    for name, code in capitals():
        add("capital", name, code)
    for name, _canonical, code in read_tsv("metonyms.tsv"):
        add("metonym", name, code)
    for name, _canonical, code in read_tsv("places.tsv"):
        add("place", name, code)
    for key, entry in load().exact.items():
        if entry.kind == "place" and entry.country:
            add("city", key, entry.country)
    return {rank: {k: frozenset(v) for k, v in table.items()} for rank, table in tables.items()}


@cache
def _spelled_keys() -> tuple[list[str], list[str]]:
    """(keys, their ranks) of the tables matched with typos."""
    keys: list[str] = []
    ranks: list[str] = []
    for rank, table in _tables().items():
        if rank in _SPELLED:
            keys.extend(table)
            ranks.extend([rank] * len(table))
    return keys, ranks


@cache
def _name_words() -> dict[str, frozenset[str]]:
    """A word of a multi-word country name -> the codes whose names hold it."""
    words: dict[str, set[str]] = {}
    for key, codes in _tables()["name"].items():
        parts = key.split()
        if len(parts) > 1:
            for part in parts:
                if len(part) > 3:
                    words.setdefault(part, set()).update(codes)
    return {w: frozenset(c) for w, c in words.items() if len(c) <= _PART_LIMIT}


def resolve_country(value: str) -> CountryMatch:
    """The country (or countries) a filter value names: a name or variant ("UK",
    "Britain"), an alpha-2 or alpha-3 code, a demonym ("French"), a capital or city
    ("Kyiv"), a metonym ("Kremlin"), a word of a name ("Korea"), or any of these with a
    typo ("Frnace", "ukriane"). Exact readings win over typos, and a better kind of
    name over a lesser one; several countries come back only when the value is
    ambiguous at its best reading."""
    folded = fold_name(value)
    if not folded:
        return CountryMatch(frozenset())
    tables = _tables()
    upper = folded.upper()
    for rank in _RANKS:
        if rank == "code" and len(upper) == 2 and upper in _display_names():
            return CountryMatch(frozenset({upper}), "code", upper)
        codes = tables[rank].get(folded)
        if codes:
            return CountryMatch(codes, rank, folded)
    part = _name_words().get(folded)
    if part:
        return CountryMatch(part, "part of a name", folded)
    return _by_spelling(folded)


def _by_spelling(folded: str) -> CountryMatch:
    """The names within a few edits of `folded` (Damerau-Levenshtein: a swap is one)."""
    limit = 0 if len(folded) < 4 else 1 if len(folded) < 8 else 2
    if not limit:
        return CountryMatch(frozenset())
    keys, ranks = _spelled_keys()
    found = process.extract(folded, keys, scorer=DamerauLevenshtein.distance,
                            score_cutoff=limit, limit=None)
    if not found:
        return CountryMatch(frozenset())
    best = min(distance for _, distance, _ in found)
    closest = [(keys[i], ranks[i]) for _, distance, i in found if distance == best]
    top = min(_RANKS.index(rank) for _, rank in closest)
    codes = frozenset(code for key, rank in closest if _RANKS.index(rank) == top
                      for code in _tables()[rank][key])
    return CountryMatch(codes, "spelling", closest[0][0])


def prepare() -> None:
    """Build the lookup tables `resolve_country` and `country_name` read (the gazetteer
    included: about 0.3 s and 18,000 objects), so that the first `country:` typed does
    not wait for them. The app calls it off the UI thread once the list is loaded."""
    _display_names()
    _name_words()
    _spelled_keys()


def match_countries(value: str) -> frozenset[str]:
    """Alpha-2 codes a filter value names (see `resolve_country`)."""
    return resolve_country(value).codes
