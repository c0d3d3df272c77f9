"""ISO 3166-1 countries: names for the screen and fuzzy lookup for the filter.

Codes and names come from pycountry; `data/country_names.tsv` only shortens a
few formal names ("Iran, Islamic Republic of" -> "Iran").
"""

from __future__ import annotations

from functools import cache

import pycountry
from rapidfuzz import fuzz, process, utils

from .gazetteer import read_tsv

#: Fuzzy score (0-100) a country name must reach to match a filter value.
MATCH_CUTOFF = 85


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


def match_countries(value: str) -> frozenset[str]:
    """Alpha-2 codes a filter value names: a code ("ie", "irl"), or a name, typos allowed."""
    value = value.strip()
    if not value:
        return frozenset()
    upper = value.upper()
    choices = _name_choices()
    folded = utils.default_process(value)
    exact = {code for name, code in choices if utils.default_process(name) == folded}
    if exact:  # a name or variant spelt out in full ("UK", "Britain") wins over codes
        return frozenset(exact)
    if len(value) == 2 and upper in _display_names():
        return frozenset({upper})
    if len(value) == 3 and upper in _alpha3():
        return frozenset({_alpha3()[upper]})
    found = process.extract(
        folded,
        [utils.default_process(name) for name, _ in choices],
        scorer=fuzz.WRatio,
        score_cutoff=MATCH_CUTOFF,
        limit=None,
    )
    if not found:
        return frozenset()
    best = max(score for _, score, _ in found)
    return frozenset(choices[i][1] for _, score, i in found if score >= best - 2)
