"""The document-wide pass, after every run is labelled: other mentions of the organisations
the text names, lone surnames of the people it names in full, towns that share their name
with towns of other countries, and demonyms of the text's language."""

from __future__ import annotations

import bisect
import re
from functools import cache
from operator import attrgetter, itemgetter

from rapidfuzz import fuzz, process

from tui_reader.article import Entity
from tui_reader.entity_rules import RunRules
from tui_reader.entity_text import sentence_initial
from tui_reader.entity_words import (
    AIRLINE_WORDS,
    ARMED_FORCES,
    CALENDAR_WORDS,
    CAPITAL_ARTICLES,
    CLUB_NOT_AFTER,
    CLUB_NOT_BEFORE,
    CLUB_PREFIXES,
    CLUB_PREFIXES_ALONE,
    COMPANY_FORMS,
    CORPORATE_VERBS,
    CURRENCY_CODES,
    DIRECTIONS,
    FORCE_WORDS,
    GERMAN_ADJECTIVE_ENDINGS,
    GERMAN_COMPOUND_INSTITUTIONS,
    GERMAN_GENERIC_INSTITUTIONS,
    GERMAN_INSTITUTION_ENDINGS,
    GERMAN_LEGAL_WORDS,
    GERMAN_ORG_ENDINGS,
    GERMAN_TOWN_NOUNS,
    GOVERNMENT_LINKS,
    GOVERNMENT_WORDS,
    JOURNAL_PREFIXES,
    LOWERCASE_AGENCIES,
    NAME_PARTICLES,
    PHOTO_AGENCIES,
    PLACE_PREPOSITIONS,
    PLACE_SUFFIXES,
    PLAIN_ACRONYMS,
    REGION_NOUNS,
    ROMANCE_ADJECTIVE_ENDINGS,
    SURNAME_RATIO,
    VESSEL_PREFIXES,
)
from tui_reader.gazetteer import country_abbreviations, fold_accents, language_countries

#: An acronym in brackets right after a name: "People Power Party (PPP)".
_ACRONYM_RE = re.compile(r" ?\(([A-Z][A-Za-z&]{1,7})\)")
_START = itemgetter(0)
_START_OF = attrgetter("start")
#: What a German institution is for, in its name: "(Bundesministerium) für Familie,
#: Senioren, Frauen und Jugend", "für Ernährung und Landwirtschaft".
_GERMAN_REMIT = re.compile(
    r" für [A-ZÄÖÜ][\w-]*\w(?:, [A-ZÄÖÜ][\w-]*\w)*(?: und [A-ZÄÖÜ][\w-]*\w)?")
#: Small words inside an institution's spelt-out name: "Department of Health and ...".
_NAME_LINKS = frozenset(("of", "and", "for", "the", "on", "in", "&"))
#: Pronouns that speak of people: a clause with one of them before "its" is no cue.
_PERSONAL = frozenset(("he", "she", "his", "her", "him", "they", "their", "them", "who"))
#: A report's opening dateline with its outlet's credit: "AUSTIN (KXAN) —", "SOUTHWEST
#: MIAMI-DADE, FLA. (WSVN) -", "Montpellier (SID) –".
_DATELINE_CREDIT = re.compile(r"(?m)^[^\W\d_][^\n(]{0,60}?\(([A-Z][A-Za-z]{1,7})\)\s+[—–-]")
#: A dateline in capitals, its place and what follows it: a region or country after a
#: comma ("ST CATHERINE, Jamaica —"), an outlet's credit ("AUSTIN (KXAN) —"), a dash.
_DATELINE = re.compile(
    r"(?m)^([A-Z][A-Z'’.-]*(?: [A-Z][A-Z'’.-]*){0,3})(?:, ([^\W\d_][^\n,(—–]{1,30}?))?"
    r"( \([A-Z][A-Za-z]{1,7}\))?\s+[—–-]")
#: The link between an institution's name and the name of what it serves, in Romance
#: languages: "de", "de la", "del", "de los", "du", "des", "della", "da", "do", "dos".
_ROMANCE_NAME_LINK = re.compile(
    r" (?:de(?: la| las| los| l['’])?|del|du|des|della|dello|dei|da|do|dos|das|di) ?(?=[A-ZÀ-Þ])")
#: What a French or Italian institution is of, in lower case: "de la santé", "d’agriculture".
_LOWER_CASE_TAIL = re.compile(
    r" (?:de la |de l['’]|de |du |des |d['’]|della |dell['’]|del |di )([a-zà-ÿ]{4,})\b"
    r"(?![-’'])")
#: A French or Italian verb's infinitive, which a bare "de" may bring too: "de faire".
_INFINITIVE = re.compile(r"(?:[^e]er|ir|faire|dire|être|prendre|mettre|are|ere|ire)$")
#: The word right before a name and the space after it ("Southern " of "Southern California").
_WORD_BEFORE = re.compile(r"(?<!\w)([^\W\d_]+) \Z")
_DASH = re.compile(r"\s*[-–—:]")
#: An acronym: capitals, two at least, and at most a few small letters inside ("UOKiK").
_ACRONYM_WORD = r"[A-Z](?:[A-Z]|[a-z](?=[A-Z])){0,3}[A-Z]"
_ACRONYM_SCAN = re.compile(rf"(?<![\w.]){_ACRONYM_WORD}(?!\w)")
_ROMAN = re.compile(r"[IVXLC]+")
#: A period after a word in capitals that makes it an abbreviation: before a letter
#: ("EE.UU."), or before a dash, as a dateline's state ("MIAMI-DADE, FLA. - A man"); a
#: sentence's period is followed by a space and a word, or ends a line.
_ABBREVIATION_DOT = re.compile(r"\.(?:\w| [-–—])")
#: Months and their short forms, written in capitals in dates ("6 OCT 2020", "SEPT").
_MONTHS = frozenset((*(m for m in CALENDAR_WORDS if not m.endswith("day")),
                     *(m[:3] for m in CALENDAR_WORDS if not m.endswith("day")), "Sept"))
#: A numbered road: "Interstate 405", "(Illinois) Route 29", "Highway 1", "Bundesstraße
#: 224"; after "Autobahn" the road's name is its number ("auf der Autobahn A1").
ROAD_WORDS = ("Interstate ", "Route ", "Highway ", "Bundesstraße ", "Autobahn ", "Motorway ")
#: A word and the single space after it.
_WORD = re.compile(r"[^\W\d_]+(?= )")
# A German article inside a name, before a capitalised word: "Angaben der Deutschen ...".
_GERMAN_ARTICLE_INSIDE = re.compile(r" (?:der|des) (?=[A-ZÄÖÜ])")
_COMPOUND_PARTS = re.compile(r"[\s-]+")
_CLUB_PREFIX = re.compile(rf"(?<![\w.])(?:1\. )?(?:{'|'.join(map(re.escape, CLUB_PREFIXES))}) "
                          r"([A-ZÄÖÜ][^\W\d_]+)")
_NEXT_WORD = re.compile(r" ([A-ZÄÖÜ][^\W\d_]+)(?![\w'’-])")
#: A capitalised German word before another, with a space between: where a named
#: adjective may open a name (`Document.german_adjective_names`).
_GERMAN_NAMED_PAIR = re.compile(r"(?<![\w-])[A-ZÄÖÜ][a-zäöüß]{2,} [A-ZÄÖÜ]")
#: A German town's adjective before a club's abbreviation: "Dresdner SC", "Hamburger SV".
_TOWN_CLUB = re.compile(rf"(?<![\w.])([A-ZÄÖÜ][a-zäöüß]+er) "
                        rf"(?:{'|'.join(map(re.escape, CLUB_PREFIXES))})(?![\w.])")


@cache
def _long_keywords(keywords: frozenset[str]) -> tuple[str, ...]:
    """The organisation keywords that may end a German compound ("Bundes|verband")."""
    return tuple(k.lower() for k in keywords if len(k) >= 5 and k[:1].isupper())


#: A name of one to three capitalised words, then "police" in lower case.
_POLICE = re.compile(r"(?<![\w.])((?:[A-Z][\w'’-]+ ){0,2}[A-Z][\w'’-]+) police\b")
_ROAD = re.compile(
    r"\b(?:(?P<road>(?:Interstate|U\.S\. Route|US Route|State Route|Route|State Highway"
    r"|Highway|Bundesstraße)\s+\d{1,4}[A-Z]?)|(?:Autobahn|Motorway)\s+(?P<number>[A-Z]\d{1,3}))"
    r"(?![\w,.]\d)\b")


def _initials(name: str) -> str:
    """The capitals a name's acronym is made of ("British Virgin Islands" -> "BVI",
    "Democratic Republic of the Congo" -> "DRC"); an airport's code ("LAX") is not."""
    return "".join(word[0] for word in name.split() if word[0].isupper())


def _covered(spans: list[tuple[int, int]], at: int) -> bool:
    """Does one of `spans` (sorted (start, end) pairs that do not overlap) cover offset
    `at`?"""
    before = bisect.bisect_right(spans, at, key=_START) - 1
    return before >= 0 and spans[before][1] > at


class Document(RunRules):
    """Per-text state for one `entities.recognise` call."""

    def spread_orgs(self) -> set[int]:
        """Every other mention of an organisation this text names: a lone word or group the
        rules passed over that is written like an ORG found elsewhere in it ("Yahoo" after
        "Yahoo Inc", "PPP" after "People Power Party (PPP)", "Snopes" after "Snopes.com").
        Returns the tokens it labelled."""
        text, tokens = self.text, self.tokens
        self.people_not_firms()
        orgs = self.orgs
        heads: set[str] = set()  # "Court" of "Supreme Court", "Corte" of "Corte Suprema"
        places: dict[str, Entity] = {}  # "BVI" of "British Virgin Islands (BVI)"
        for entity in self.entities:
            if entity.label in ("PLACE", "COUNTRY"):
                acronym = _ACRONYM_RE.match(text, entity.end)
                if acronym and self.names_place(entity, acronym):
                    places.setdefault(acronym.group(1), entity)
            if entity.label == "ORG":
                words = entity.text.split()
                orgs.add(" ".join(words))
                if len(words) > 1:  # a government is no organisation of its own here
                    heads.update(w for w in words if w in self.gaz.org_keywords
                                 and w not in ("Government", "Administration"))
                if len(words) > 1 and words[-1].rstrip(".") in COMPANY_FORMS:
                    orgs.add(" ".join(words[:-1]))  # "Zorblax" after "Zorblax Inc"
                acronym = _ACRONYM_RE.match(text, entity.end)
                if acronym:
                    orgs.add(acronym.group(1))
        for credit in _DATELINE_CREDIT.finditer(text):  # "AUSTIN (KXAN) — ...": the outlet
            if credit.group(1) not in places:
                orgs.add(credit.group(1))
        done: set[int] = set()
        if places:
            self.place_acronyms(places, done)
        if not orgs:
            return done
        for first, last in self.loose:
            if " ".join(text[tokens[first].start:tokens[last].end].split()) in orgs:
                self.emit(first, last, "ORG")
                done.update(range(first, last + 1))
        singles = {k for k, _ in self.singles}
        spans = sorted((e.start, e.end) for e in self.entities)
        for k, token in enumerate(tokens):
            if k in done or token.text not in orgs or not token.capitalised:
                continue
            if k not in singles and (  # only an acronym ("PPP") the name rules never keep
                    not token.text.isupper() or _covered(spans, token.start)):
                continue  # a word, or inside an entity
            self.emit(k, k, "ORG")
            done.add(k)
        self.institution_words(heads, done)
        return done

    def dateline_places(self) -> None:
        """The place of a dateline in capitals that no table knows, or knows only as a word
        or a name: before its outlet's credit ("AUSTIN (KXAN) —") or a place the text names
        ("ST CATHERINE, Jamaica —", in that place's country); of words that are no English
        word nor one the text writes in lower case ("UPDATE (AP) —" names no place)."""
        text, tokens = self.text, self.tokens
        lowercase, common = self.lowercase_words(), self.gaz.common_words
        for m in _DATELINE.finditer(text):
            spans = sorted((e.start, e.end) for e in self.entities)
            if _covered(spans, m.start()):
                continue  # "SEOUL, South Korea (AP)": its runs read it
            country = None
            if m.group(2):
                region = next((e for e in self.entities if e.start == m.start(2)
                               and e.end == m.end(2) and e.label in ("PLACE", "COUNTRY")), None)
                if region is None:
                    continue
                country = region.country
            elif not m.group(3):
                continue  # a dash alone: "BREAKING —", a heading
            first = self.token_starting_at(m.start(1))
            last = self.token_ending_at(m.end(1))
            if first is None or last is None or any(
                    (word := tokens[k].text.lower()) in lowercase or word in common
                    for k in range(first, last + 1)):
                continue
            self.emit(first, last, "PLACE", None, country)
            self.entities.sort(key=_START_OF)

    def people_not_firms(self) -> None:
        """A lone word read as an organisation that is the surname of a person the text
        names in full is that person ("the soft-spoken but firm Tegnell" after "Anders
        Tegnell": "firm" is no company there), and is not spread as an organisation; not
        one the tables know, nor one after "the" ("the Louvre" beside a "... Louvre")."""
        surnames: dict[str, str] = {}
        for entity in self.entities:
            if entity.label == "PERSON" and " " in entity.canonical:
                surnames.setdefault(entity.canonical.split()[-1], entity.canonical)
        if not surnames:
            return
        for at, entity in enumerate(self.entities):
            full = surnames.get(entity.text)
            if entity.label != "ORG" or full is None or entity.text.isupper():
                continue
            known = self.gaz.exact.get(entity.text)
            if known is not None and (known.kind != "org" or " " in entity.text):
                continue  # a known organisation stays, unless a person in the text is so
                # called ("Michael Bloomberg" ... "Bloomberg said")
            k = self.token_ending_at(entity.end)
            if k is None or not self.after_the(k):  # "the Louvre" stays
                self.entities[at] = Entity(entity.text, "PERSON", entity.start, entity.end,
                                           full, None)

    def names_place(self, place: Entity, acronym: re.Match[str]) -> bool:
        """Is the acronym in brackets after `place` another name of it: its initials
        ("British Virgin Islands (BVI)"), or a town's airport code, which starts with the
        town's letter ("Boise (BOI)"), not a news agency's credit ("Montpellier (SID) – ...")
        nor a known name?"""
        code = acronym.group(1)
        if code == _initials(place.text):
            return True
        return (place.label == "PLACE" and len(code) == 3 and code.isupper()
                and code[0] == place.text[0] and code not in self.gaz.exact
                and not _DASH.match(self.text, acronym.end()))

    def place_acronyms(self, places: dict[str, Entity], done: set[int]) -> None:
        """An acronym given in brackets after a place names that place wherever it stands
        alone ("the BVI premier" after "British Virgin Islands (BVI)")."""
        spans = sorted((e.start, e.end) for e in self.entities)
        for k, token in enumerate(self.tokens):
            place = places.get(token.text)
            if place is None or _covered(spans, token.start):
                continue
            self.emit(k, k, place.label, place.canonical, place.country)
            done.add(k)

    def institution_words(self, heads: set[str], done: set[int]) -> None:
        """A capitalised keyword of an organisation this text names, standing alone inside a
        sentence, is that organisation again ("the Court" after "the Supreme Court", "la
        Corte" after "la Corte Suprema")."""
        if not heads:
            return
        spans = sorted((e.start, e.end) for e in self.entities)
        for k in [k for k, token in enumerate(self.tokens) if token.text in heads]:
            token = self.tokens[k]
            if k in done or self.sentence_initial(k) or _covered(spans, token.start):
                continue  # a sentence's first word, or inside an entity
            following = self.tokens[k + 1] if k + 1 < len(self.tokens) else None
            if following is not None and following.capitalised \
                    and self.text[token.end:following.start] == " ":
                continue  # the start of another name ("Court Street")
            previous = self.tokens[k - 1] if k else None
            if previous is not None and previous.capitalised \
                    and self.text[previous.end:token.start] == " ":
                continue  # the end of another name ("the Preservation Trust")
            self.emit(k, k, "ORG")
            done.add(k)

    def airline_short_names(self) -> None:
        """An airline named after a place ("Alaska Airlines", "Emirates Airline") is meant by
        the place word alone elsewhere in the text ("Alaska will fly", "Emirates expects"),
        unless a preposition of place or a comma puts it on the map ("to Alaska", "Anchorage,
        Alaska"): an organisation then, and no mention of a country."""
        shorts: dict[str, str] = {}
        for entity in self.entities:
            words = entity.text.split()
            if entity.label == "ORG" and len(words) > 1 and words[-1] in AIRLINE_WORDS:
                shorts[" ".join(words[:-1])] = entity.canonical
        if not shorts:
            return
        text = self.text
        for at, entity in enumerate(self.entities):
            full = shorts.get(entity.text)
            if full is None or entity.label not in ("PLACE", "COUNTRY"):
                continue
            before = text[:entity.start].rstrip()
            previous = before.rsplit(None, 1)[-1] if before else ""
            if previous.lower() in PLACE_PREPOSITIONS or before.endswith(","):
                continue
            self.entities[at] = Entity(entity.text, "ORG", entity.start, entity.end, full, None)

    def places_named_like(self, surnames: dict[str, str | None]) -> None:
        """A lone word read as a place that is the surname of a person named in full in this
        text is that person ("ran afoul of Bush" after "George H.W. Bush"): no place, and no
        mention of a country."""
        for at, entity in enumerate(self.entities):
            if entity.label == "PLACE" and entity.text in surnames and " " not in entity.text:
                self.entities[at] = Entity(entity.text, "PERSON", entity.start, entity.end,
                                           surnames[entity.text] or entity.text, None)

    def place_namesakes(self) -> None:
        """A town whose name towns of other countries share is the one of the country the
        rest of the text names ("Santa Cruz" beside "California" is in the US, not in the
        Philippines; "San Mateo County" too)."""
        namesakes = self.gaz.namesakes
        found: list[tuple[int, frozenset[str]]] = []
        others = set(self.countries)
        for at, entity in enumerate(self.entities):
            if entity.label != "PLACE" or not entity.country:
                continue
            name = entity.canonical
            if fold_accents(entity.text).casefold() != fold_accents(name).casefold() \
                    and " " not in entity.text:
                others.add(entity.country)  # "Ginebra", another name, is the famous one
                continue
            codes = namesakes.get(name)
            if codes is None and " " in name and name.rsplit(" ", 1)[1] in PLACE_SUFFIXES:
                codes = namesakes.get(name.rsplit(" ", 1)[0])  # "San Mateo County"
            if codes is None:
                others.add(entity.country)
            else:
                found.append((at, codes))
        for entity in self.entities:
            if entity.label != "PLACE" and entity.country:
                others.add(entity.country)
        for at, codes in found:
            entity = self.entities[at]
            meant = codes & others
            if entity.country not in others and len(meant) == 1:
                (code,) = meant
                self.entities[at] = Entity(entity.text, entity.label, entity.start, entity.end,
                                           entity.canonical, code)

    def small_town_countries(self) -> None:
        """A small town is in the country the rest of the text names, when it names one of
        the countries that have a town so called ("of Quincy" beside "Illinois" is in the
        US; "Cheshire" alone names no country: the county or a town of Connecticut)."""
        named = {e.country for e in self.entities if e.country} | self.countries
        for at, entity in enumerate(self.entities):
            codes = self.small_towns.get(entity.start)
            if codes is None or entity.label != "PLACE":
                continue
            meant = codes & named
            if not meant and self.lang:  # "in Petersberg" in a German text: Germany's
                meant = codes & language_countries(self.lang)
            if len(meant) == 1:
                (code,) = meant
                self.entities[at] = Entity(entity.text, entity.label, entity.start, entity.end,
                                           entity.canonical, code)

    def foreign_demonyms(self) -> None:
        """Countries named by a demonym of the text's language, in any case and inflection
        ("francés", "allemands", "ukrainische", "Rosjanie"), outside the names of
        organisations and people ("Deutsche Bank", "Vincenzo Russo")."""
        forms = self.gaz.demonym_forms
        # a demonym alone taken for a person ("des Français de l'étranger") is none; a
        # surname of a person the text names is one ("Russo" after "Vincenzo Russo")
        self.entities = [e for e in self.entities if e.label != "PERSON" or " " in e.text
                         or e.text.casefold() not in forms or e.canonical != e.text]
        names = sorted((e.start, e.end) for e in self.entities if e.label in ("ORG", "PERSON"))
        for token in self.tokens:
            code = forms.get(token.text.casefold())
            if code is not None and not _covered(names, token.start):
                self.countries.add(code)

    def before_noun(self, k: int) -> bool:
        """Is token k right before a capitalised word of its sentence ("Kims Schwester"),
        as a German genitive is, and a plural ("die Tweets") mostly is not?"""
        tokens = self.tokens
        return k + 1 < len(tokens) and tokens[k + 1].capitalised \
            and self.text[tokens[k].end:tokens[k + 1].start] == " "

    def resolve_singles(self) -> None:
        """Lone capitalised words that match the surname of a person named in this text."""
        done = self.spread_orgs()
        full: dict[str, str | None] = {}  # surname -> full name, None when two people share it

        def note(surname: str, name: str) -> None:
            if full.setdefault(surname, name) != name:
                full[surname] = None

        for entity in self.entities:
            if entity.label == "PERSON":
                parts = entity.canonical.split()
                if len(parts) > 1:
                    note(parts[-1], entity.canonical)
                    if len(parts[0]) <= 3:  # "Xi Jinping", "Kim Jong Un": family name first
                        note(parts[0], entity.canonical)
        self.places_named_like(full)
        self.airline_short_names()
        gaz = self.gaz
        firsts: dict[str, str | None] = {}  # given name -> the one full name with it
        for entity in self.entities:
            if entity.label == "PERSON" and " " in entity.canonical:
                given = entity.canonical.split()[0]
                if given in gaz.given_names and firsts.setdefault(given, entity.canonical) \
                        != entity.canonical:
                    firsts[given] = None
        for given, name in firsts.items():
            if name is not None and given not in full:
                full[given] = name  # "Eloise" after "Eloise Parry"
        for k, titled in self.singles:
            if titled:  # "President Trump": a person even without a full name
                full.setdefault(self.tokens[k].text, self.tokens[k].text)
        by_initial: dict[str, list[str]] = {}
        for surname in full:
            if len(surname) >= 4:
                by_initial.setdefault(surname[0], []).append(surname)
        close: dict[str, str | None] = {}
        unresolved: list[int] = []
        for k, titled in self.singles:
            if k in done:
                continue
            word = self.tokens[k].text
            known = word in full
            target = full.get(word)
            if not known and self.lang == "de" and word.endswith("s") and word[:-1] in full \
                    and self.before_noun(k):
                known, target = True, full[word[:-1]]  # the genitive: "Kims Schwester"
            if not known and len(word) >= 4 and word.lower() not in gaz.common_words:
                if word not in close:
                    candidates = by_initial.get(word[0])
                    hit = process.extractOne(word, candidates, scorer=fuzz.ratio,
                                             score_cutoff=SURNAME_RATIO) if candidates else None
                    close[word] = hit[0] if hit else None
                spelled_like = close[word]
                if spelled_like is not None:
                    target, known = full[spelled_like], True
            if known or titled:
                self.emit(k, k, "PERSON", target)  # canonical stays the text when ambiguous
            else:
                unresolved.append(k)
        if self.english:
            self.organisations_by_deeds(unresolved, done)
        self.unknown_acronyms()

    def unknown_acronyms(self) -> None:
        """An acronym of running text that no table or rule knows names an organisation
        ("the UOKiK fined", "MSZ", "HSV"): not one of a thing, a time, a trade or a currency
        ("CEO", "GDP", "EUR"), a roman numeral, a word in capitals (a common word, one the
        text also writes in small letters, one beside other capitals or in a line of them:
        a dateline, a heading), part of a longer name ("UE Boom"), a term the text spells out
        in brackets ("Body Condition Score (BCS)"), nor part of an abbreviation ("EE.UU.")."""
        tokens, gaz, text = self.tokens, self.gaz, self.text
        # Acronym-shaped words are found in the text by one regex scan; the words of no
        # organisation are left before their tokens are looked up.
        found = [m for m in _ACRONYM_SCAN.finditer(text)
                 if m[0] not in PLAIN_ACRONYMS and m[0] not in CURRENCY_CODES
                 and m[0] not in VESSEL_PREFIXES and m[0].title() not in _MONTHS
                 and not _ROMAN.fullmatch(m[0])]
        if not found:
            return
        spans = sorted((e.start, e.end) for e in self.entities)
        # "Body Condition Score (BCS)": a term the text spells out, not an organisation;
        # after a person, the party ("Jair Bolsonaro (PL)")
        names = {e.end for e in self.entities if e.label in ("ORG", "PERSON")}
        people = {e.end for e in self.entities if e.label == "PERSON"}
        bracketed = list(_ACRONYM_RE.finditer(text))
        spelt_out = [m for m in bracketed
                     if m.start() not in names and text[m.start() - 1:m.start()].isalpha()]
        # each checked once, in order: a name it makes whole changes the entities
        institutions = {m.start() for m in spelt_out if self.spelled_institution(m)}
        terms = {m.group(1) for m in spelt_out if m.start() not in institutions}
        # ... and in a sports report or a results list, athletes' countries ("Karl Geiger
        # (GER)") either
        countries = [m.group(1) for m in bracketed
                     if m.start() in people and m.group(1) in country_abbreviations()]
        if countries and (self.sports or len(set(countries)) >= 2):
            terms.update(countries)
        for m in found:
            word = m[0]
            if word in terms or _covered(spans, m.start()):
                continue
            k = self.token_ending_at(m.end())
            if k is None or tokens[k].start != m.start():
                continue
            token = tokens[k]
            if k + 1 < len(tokens) and tokens[k + 1].capitalised and self.joinable(k, k + 1):
                continue  # part of a longer name: "the UE Boom speaker"
            low = word.lower()
            if low in gaz.common_words or low in self.stop \
                    or (low in text and low in self.lowercase_words()) \
                    or self.kind_of_line(token.line) == "shout" \
                    or self.among_capitals(k) or _ABBREVIATION_DOT.match(text, token.end):
                continue  # "SOUTHWEST MIAMI-DADE, FLA.", "EE.UU.", but "des NDR."
            self.emit(k, k, "ORG")

    def spelled_institution(self, m: re.Match[str]) -> bool:
        """Is the acronym in brackets `m` spelt out before it by an institution's name
        ("la Commission nationale de contrôle des techniques de renseignement (CNCTR)")?
        Then the name (made whole) and the acronym are organisations, not a term ("Body
        Condition Score (BCS)"); a country named in the name still counts ("Partido
        Comunista de Cuba (PCC)")."""
        acronym = m.group(1)
        if not acronym.isupper():
            return False
        end = self.token_ending_at(m.start())
        if end is None:
            return False
        letters, k = acronym[::-1], end
        minor = self.stop | _NAME_LINKS
        while letters and k >= 0 and end - k < 15:
            word = self.tokens[k].text
            if word.lower() in minor and k != end:
                k -= 1
                continue
            if word[0].upper() != letters[0]:
                return False
            letters = letters[1:]
            k -= 1
        first = k + 1
        if letters or self.tokens[first].text not in self.gaz.org_keywords:
            return False
        start, stop = self.tokens[first].start, self.tokens[end].end
        inside = [e for e in self.entities if e.start < stop and e.end > start]
        self.countries.update(e.country for e in inside if e.label == "COUNTRY" and e.country)
        self.entities = [e for e in self.entities if e.end <= start or e.start >= stop]
        bisect.insort(self.entities, self.spanned(start, stop, "ORG"), key=_START_OF)
        return True

    def numbered_roads(self) -> None:
        """Numbered roads are places ("Interstate 405", "Highway 1", "A1" after "Autobahn");
        a US state just before one is part of its name ("Illinois Route 29")."""
        text, gaz = self.text, self.gaz
        # The roads found here neither overlap each other nor cover a later match: the
        # spans of the entities found before are all that is checked.
        spans = sorted((e.start, e.end) for e in self.entities)
        for m in _ROAD.finditer(text):
            start, end = m.span("road") if m["road"] else m.span("number")
            if _covered(spans, start) or _covered(spans, end - 1):
                continue
            country = "US" if m["road"] and m["road"].startswith(("Interstate", "U")) else None
            before = next((e for e in self.entities if e.end == start - 1 and e.label == "PLACE"
                           and e.canonical in gaz.us_state_names
                           and text[e.end:start] == " "), None)
            if before is not None:  # "Illinois Route 29"
                self.entities.remove(before)
                start, country = before.start, "US"
            self.entities.append(self.spanned(start, end, "PLACE", country))

    def governments(self) -> None:
        """A government is no organisation ("die Bundesregierung", "the Government"); the
        country a government's name holds is a mention of it ("UK Government", "Government
        of Syria", "Gobierno de Chile")."""
        exact = self.gaz.exact
        kept: list[Entity] = []
        for entity in self.entities:
            words = entity.text.split()
            if entity.label in ("ORG", "PERSON") and len(words) > 1 \
                    and words[0] in CAPITAL_ARTICLES:  # "El Gobierno" was a person
                words = words[1:]
            if entity.label not in ("ORG", "PERSON") or not (
                    words[0] in GOVERNMENT_WORDS or words[-1] in GOVERNMENT_WORDS):
                kept.append(entity)
                continue
            rest = words[1:] if words[0] in GOVERNMENT_WORDS else words[:-1]
            while rest and rest[0] in GOVERNMENT_LINKS:  # "Government of the ..."
                rest = rest[1:]
            name = " ".join(rest)
            entry = exact.get(name) if name else None
            at = entity.text.find(name) if name else -1
            if name and (entry is None or entry.kind not in ("country", "place") or at < 0):
                kept.append(entity)  # "Kurdistan Regional Government", "Government Office"
            elif entry is not None and entry.country is not None:
                start = entity.start + at
                kept.append(Entity(name, "COUNTRY" if entry.kind == "country" else "PLACE",
                                   start, start + len(name), entry.canonical, entry.country))
        self.entities = kept

    def spanned(self, start: int, end: int, label: str, country: str | None = None) -> Entity:
        """The entity of the text from `start` to `end`, named by its words."""
        span = self.text[start:end]
        return Entity(span, label, start, end, " ".join(span.split()), country)

    def lower_case_adjectives(self) -> None:
        """French and Italian write the adjectives of an institution's name in lower case:
        an organisation ending in its keyword goes on over up to three of them ("Conseil
        constitutionnel", "Forum économique mondial", "Commission européenne"), and over
        what it is of, one lower-case noun ("Cour de cassation", "Organisation mondiale de
        la santé", "Académie d’agriculture")."""
        tokens, text, keywords = self.tokens, self.text, self.gaz.org_keywords
        for at, entity in enumerate(self.entities):
            if entity.label != "ORG":
                continue
            k = self.token_ending_at(entity.end)
            if k is None or tokens[k].text not in keywords:
                continue
            last = k
            while last + 1 < len(tokens) and last - k < 3:
                word = tokens[last + 1].text
                if not word.islower() or not word.endswith(ROMANCE_ADJECTIVE_ENDINGS) \
                        or word in self.stop \
                        or text[tokens[last].end:tokens[last + 1].start] != " ":
                    break
                last += 1
            end = tokens[last].end
            tail = _LOWER_CASE_TAIL.match(text, end)  # "Cour de cassation"
            if tail is not None and tail[1] not in self.stop \
                    and not _INFINITIVE.search(tail[1]):
                end = tail.end()  # not "la Commission municipale de faire enquête"
            if end > entity.end and (at + 1 >= len(self.entities)
                                     or self.entities[at + 1].start >= end):
                self.entities[at] = self.spanned(entity.start, end, "ORG", entity.country)

    def romance_name_tails(self) -> None:
        """Spanish, French, Italian, Portuguese: an institution's name headed by its keyword
        goes on over "de" and capitalised words that no other name took ("Fiscalía de la
        Nación", "Contraloría General de la República", "Consejo de la Magistratura"); a
        country or place after "de" stays a name of its own (tests/data/ANNOTATION.md:
        "[Ministerio Público] de [Guatemala]")."""
        tokens, text, keywords = self.tokens, self.text, self.gaz.org_keywords
        starts = [e.start for e in self.entities]
        for at, entity in enumerate(self.entities):
            if entity.label != "ORG":
                continue
            first = self.token_starting_at(entity.start)
            if first is None or tokens[first].text not in keywords:
                continue
            m = _ROMANCE_NAME_LINK.match(text, entity.end)
            k = self.token_starting_at(m.end()) if m else None
            if m is None or k is None or self.sentence_initial(k):
                continue
            last = k
            while last + 1 < len(tokens) and last - k < 2 and tokens[last + 1].capitalised \
                    and text[tokens[last].end:tokens[last + 1].start] == " ":
                last += 1
            end = tokens[last].end
            after = bisect.bisect_left(starts, entity.end)
            if after < len(starts) and starts[after] < end:
                continue  # "de Guatemala": a name of its own
            self.entities[at] = self.spanned(entity.start, end, "ORG")

    def armed_forces(self) -> None:
        """An army's or navy's name takes the capitalised words before it ("British Army",
        "Royal Navy", "Free Syrian Army", "People’s Liberation Army"): the force of a
        country, a monarchy or a movement, not the one a text's country has ("the Army");
        in other languages only the words of such names ("Royal Navy", not "Lotniskowiec")."""
        tokens, text = self.tokens, self.text
        for at, entity in enumerate(self.entities):
            if entity.label != "ORG" or entity.text not in ARMED_FORCES:
                continue
            k = self.token_starting_at(entity.start)
            if k is None:
                continue
            first = k
            floor = self.entities[at - 1].end if at else 0
            while first > 0 and k - first < 3:
                word = tokens[first - 1]
                gap = text[word.end:tokens[first].start]
                low = word.text.lower()
                if word.start < floor or not word.text[:1].isupper() \
                        or (low not in FORCE_WORDS
                            and (low in self.gaz.common_words or not self.english)) \
                        or not (gap == " " or (word.possessive and gap[-1:] == " ")):
                    break
                first -= 1
            if first < k:
                self.entities[at] = self.spanned(tokens[first].start, entity.end, "ORG")

    def journals(self) -> None:
        """"Proceedings of the National Academy of Sciences" is one name, a journal's, not
        the academy's (`JOURNAL_PREFIXES`)."""
        text = self.text
        for at, entity in enumerate(self.entities):
            if entity.label != "ORG":
                continue
            for prefix in JOURNAL_PREFIXES:
                start = entity.start - len(prefix) - 1
                if start >= 0 and text.startswith(prefix, start) \
                        and text[entity.start - 1] == " " \
                        and (at == 0 or self.entities[at - 1].end <= start):
                    self.entities[at] = self.spanned(start, entity.end, "ORG")
                    break

    def plus_products(self) -> None:
        """A name with a plus sign is a service, no organisation ("Disney+", "ESPN+", "Apple
        TV+"), as products are (tests/data/ANNOTATION.md)."""
        text = self.text
        self.entities = [e for e in self.entities
                         if text[e.end:e.end + 1] != "+" or text[e.end + 1:e.end + 2].isalnum()]

    def directions_before_places(self) -> None:
        """A direction before a place names a part of it, one place ("Southern California",
        "South Portland", "Southwest Detroit"; in the place's country), or in a sports
        report a college team ("Eastern Michigan", "Northern Illinois"); a country after
        one stays the country ("Northern Syria" is Syria's north; the tables know "North
        Korea")."""
        text = self.text
        for at, entity in enumerate(self.entities):
            if entity.label != "PLACE" or text[entity.start - 1:entity.start] != " ":
                continue
            m = _WORD_BEFORE.search(text, max(0, entity.start - 14), entity.start)
            if m is None or m[1] not in DIRECTIONS \
                    or (at and self.entities[at - 1].end > m.start(1)):
                continue
            start = m.start(1)
            if self.sports and entity.canonical in self.gaz.us_state_names:
                self.entities[at] = self.spanned(start, entity.end, "ORG")
            else:
                self.entities[at] = self.spanned(start, entity.end, "PLACE", entity.country)

    def particles_before_surnames(self) -> None:
        """A surname alone keeps the particles its full name gives it: "von der Leyen said"
        after "Ursula von der Leyen", "de Miranda" after "Luis de Miranda"."""
        tokens, text = self.tokens, self.text
        for at, entity in enumerate(self.entities):
            if entity.label != "PERSON" or " " in entity.text:
                continue
            k = self.token_starting_at(entity.start)
            if k is None:
                continue
            first = k
            while first and tokens[first - 1].text in NAME_PARTICLES and k - first < 2 \
                    and text[tokens[first - 1].end:tokens[first].start] == " ":
                first -= 1
            if first == k or (first == k - 1 and tokens[first].text in self.stop):
                continue  # one particle that is a word of the text's language: "der"
            tail = text[tokens[first].start:entity.end]
            if entity.canonical.endswith(" " + tail) and entity.canonical != tail:
                self.entities[at] = Entity(text[tokens[first].start:entity.end], "PERSON",
                                           tokens[first].start, entity.end, entity.canonical,
                                           entity.country)

    def lowercase_agencies(self) -> None:
        """News agencies that write their names in lower case ("(dpa)", "Foto: Jane
        Doe/dpa", "epd"): organisations, which the name rules (capitalised words) never see."""
        spans = sorted((e.start, e.end) for e in self.entities)
        for k, token in enumerate(self.tokens):
            if token.text in LOWERCASE_AGENCIES and not _covered(spans, token.start):
                self.emit(k, k, "ORG")
        self.entities.sort(key=_START_OF)

    def keywords_before_acronyms(self) -> None:
        """An organisation's keyword right before an acronym that names one is part of its
        name ("la Agencia EFE", "Grupo PRISA", "Banco BBVA")."""
        tokens, keywords = self.tokens, self.gaz.org_keywords
        ends = {e.end: z for z, e in enumerate(self.entities)}
        merged: set[int] = set()
        for at, entity in enumerate(self.entities):
            if entity.label != "ORG" or not entity.text.isupper() or not entity.text.isalpha():
                continue
            k = self.token_starting_at(entity.start)
            if not k or tokens[k - 1].text not in keywords \
                    or self.text[tokens[k - 1].end:entity.start] != " ":
                continue
            z = ends.get(tokens[k - 1].end)
            if z is not None:  # the keyword alone, read as an organisation: one name now
                if self.entities[z].text != tokens[k - 1].text:
                    continue
                merged.add(z)
            self.entities[at] = self.spanned(tokens[k - 1].start, entity.end, "ORG",
                                             entity.country)
        if merged:
            self.entities = [e for z, e in enumerate(self.entities) if z not in merged]

    def photo_agencies(self) -> None:
        """A photo agency in a credit ("Foto: pixabay", "Bild: shutterstock", "AFP/Getty",
        "(smolaw11/iStock)", "fot. shutterstock"): an organisation, in whatever case, after
        a credit's label, a slash, "via" or "©"."""
        spans = sorted((e.start, e.end) for e in self.entities)
        text, found = self.text, False
        for k, token in enumerate(self.tokens):
            if token.text.lower() not in PHOTO_AGENCIES or _covered(spans, token.start):
                continue
            before = text[max(0, token.start - 12):token.start].rstrip()
            if not before or before.endswith(("//", "www.")) or (
                    before[-1] not in "/:(©" and not before.rstrip(".").lower().endswith(
                        ("via", "fot", "foto", "bild", "photo"))):
                continue  # not in a link: "https://unsplash.com/photos/..."
            if text[token.end:token.end + 7].lower() == " images":  # "imago images": one name
                self.entities.append(self.spanned(token.start, token.end + 7, "ORG"))
            else:
                self.emit(k, k, "ORG")
            found = True
        if found:
            self.entities.sort(key=_START_OF)

    def german_institutions_of_places(self) -> None:
        """German: an institution's noun before a place's name names the institution there
        ("der Universität Hamburg", "die Kantonspolizei Aargau", "Datenschutzbehörde
        Nordrhein-Westfalen"), one organisation and no mention of the place; not a town's
        or a district's noun ("Gemeinde Wohlen", "Stadt Nordhausen")."""
        tokens, text, exact = self.tokens, self.text, self.gaz.exact
        ends = {e.end: z for z, e in enumerate(self.entities)}
        merged: set[int] = set()  # names the place joins
        for at, entity in enumerate(self.entities):
            place = exact.get(entity.text)
            if entity.label not in ("PLACE", "PERSON") or place is None or place.kind != "place":
                continue  # "Hamburg" read as a person in "Universität Hamburg" too
            k = self.token_starting_at(entity.start)
            if not k:
                continue
            noun = tokens[k - 1].text
            z = ends.get(tokens[k - 1].end)  # "Technische Universität", found already
            named = self.entities[z] if z is not None else None
            if named is not None and named.label != "ORG":
                continue
            if text[tokens[k - 1].end:entity.start] != " " \
                    or not noun[:1].isupper() or noun.lower().endswith(GERMAN_TOWN_NOUNS) \
                    or not (self._institutional(noun) or noun.lower().endswith(
                        (*GERMAN_ORG_ENDINGS, *GERMAN_INSTITUTION_ENDINGS))):
                continue
            if text[entity.end:entity.end + 1] == "-":
                continue  # "Kirche Berlin-Brandenburg-schlesische Oberlausitz": longer
            first = k - 1
            while first and text[tokens[first].start - 1] == "-" \
                    and tokens[first - 1].end == tokens[first].start - 1:
                first -= 1  # "Hanns-Seidel-Stiftung Tunis", "S-Bahn Berlin"
            if first and text[tokens[first - 1].end:tokens[first].start] == " " \
                    and tokens[first - 1].text[:1].isupper() \
                    and self.names_with(tokens[first - 1].text, noun):
                first -= 1  # "Technische Universität Darmstadt"
            start = tokens[first].start
            if z is not None and named is not None:
                start = min(start, named.start)
                merged.add(z)
            self.entities[at] = self.spanned(start, entity.end, "ORG")
        if merged:
            self.entities = [e for z, e in enumerate(self.entities) if z not in merged]

    def german_short_names(self) -> None:
        """German: the noun of an organisation named by an adjective and a noun names it
        again alone ("die Bahn", "der Bahn" after "die Deutsche Bahn"), as a keyword does
        ("the Court" after "the Supreme Court")."""
        heads = {words[1] for e in self.entities if e.label == "ORG"
                 for words in [e.text.split()] if len(words) == 2 and words[0][:1].isupper()
                 and words[0].lower().endswith(GERMAN_ADJECTIVE_ENDINGS)
                 and words[1] not in GERMAN_GENERIC_INSTITUTIONS}
        if heads:
            self.institution_words(heads, set())
            self.entities.sort(key=_START_OF)

    def german_compound_institutions(self) -> None:
        """German: a compound ending in an institution's noun is that institution ("die
        Bundespolizei", "das Verfassungsgericht", "des Bundesinnenministeriums"), where the
        noun alone is generic; not inside another name or a longer compound, and a court
        only in a text about the law (`GERMAN_LEGAL_WORDS`)."""
        tokens, text = self.tokens, self.text
        spans = sorted((e.start, e.end) for e in self.entities)
        legal: bool | None = None
        found = False
        for k, token in enumerate(tokens):
            word = token.text
            if not word[:1].isupper() or _covered(spans, token.start) \
                    or text[token.end:token.end + 1] == "-" \
                    or text[token.start - 1:token.start] == "-":
                continue
            low = word.lower()
            ending = next((e for e in GERMAN_COMPOUND_INSTITUTIONS if low.endswith(e)), None)
            if ending is None or len(low) < len(ending) + 3 or word[-len(ending)].isupper():
                continue  # the noun alone, or a name in capitals
            if "gericht" in ending:
                if legal is None:
                    legal = any(t.text in GERMAN_LEGAL_WORDS for t in tokens)
                if not legal:
                    continue  # "das Hauptgericht" of a recipe
            remit = _GERMAN_REMIT.match(text, token.end)  # "für Familie, Senioren, ..."
            if remit is None:
                self.emit(k, k, "ORG")
            else:
                self.entities.append(self.spanned(token.start, remit.end(), "ORG"))
                spans.append((token.start, remit.end()))
                spans.sort()
            found = True
        if found:
            self.entities.sort(key=_START_OF)

    def german_adjective_names(self) -> None:
        """German writes adjectives in lower case except in names: a capitalised adjective
        of a country, region, town or idea in mid-sentence, before a capitalised noun, opens
        an organisation's name ("die Deutsche Bahn", "der Europäischen Union", "die Kölner
        Journalistenschule"), when the noun names an institution (`names_with`); not where
        another name already is."""
        tokens, text = self.tokens, self.text
        starts = [e.start for e in self.entities]
        for m in _GERMAN_NAMED_PAIR.finditer(text):  # most words need no look
            k = self.token_starting_at(m.start())
            if k is None or k + 1 >= len(tokens):
                continue
            word, noun = tokens[k], tokens[k + 1]  # the pair's shape is the regex's
            if k == 0 or not noun.text[1:].islower() or word.possessive \
                    or not tokens[k - 1].text.islower() or tokens[k - 1].line != word.line \
                    or not self.names_with(word.text, noun.text) or self.genitive_of_name(k):
                continue  # mid-sentence after a lower-case word: no heading, no menu item
            last = k + 1
            while last + 1 < len(tokens) and text[tokens[last].end:tokens[last + 1].start] == "-" \
                    and tokens[last + 1].text[:1].isupper():
                last += 1  # "Deutschen Presse-Agentur"
            start, end = word.start, tokens[last].end
            at = bisect.bisect_left(starts, end)
            if at and self.entities[at - 1].end > start:
                continue  # a name is there already
            self.entities.insert(at, self.spanned(start, end, "ORG"))
            starts.insert(at, start)

    def names_with(self, word: str, noun: str) -> bool:
        """Does the German adjective `word` open a name with `noun`, the noun of an
        institution ("Deutschen Wetterdienst", "Kölner Journalistenschule")? The adjective
        is one of a country or idea, which German writes in lower case but in a name
        ("Deutsche", "Europäische"), or one of a town or country that is capitalised
        everywhere ("Kölner", "Dresdner", "Schweizer")."""
        noun_low = noun.lower()
        if not (noun_low.endswith((*GERMAN_ORG_ENDINGS, *GERMAN_INSTITUTION_ENDINGS))
                or self._institutional(noun)):
            return False  # "Politische Bildung", "Olympische Spiele", "Schweizer Käse"
        low, forms = word.lower(), self.gaz.demonym_forms
        if low.endswith(GERMAN_ADJECTIVE_ENDINGS) or low in forms:
            return True
        towns = self.gaz.towns
        return len(word) >= 6 and low.endswith("er") and (
            word[:-2] in towns or word[:-3] + "en" in towns)

    def genitive_of_name(self, k: int) -> bool:
        """Is token k in the genitive part of a longer name ("Bundesverband der Deutschen
        Industrie"): after "der" or "des" after an institution's noun?"""
        tokens = self.tokens
        if k < 2 or tokens[k - 1].text not in ("der", "des"):
            return False
        head = tokens[k - 2].text
        return head[:1].isupper() and (
            head.lower().rstrip("s").endswith(GERMAN_ORG_ENDINGS)
            or self._institutional(head.rstrip("s")))

    def german_nouns_before_article(self) -> None:
        """German: a noun and its article before an organisation are not its name: "Laut
        Angaben der Deutschen Presse-Agentur", "Ländern der Europäischen Union" are
        "Deutschen Presse-Agentur", "Europäischen Union". A name whose first part is an
        institution keeps it ("Verband der Automobilindustrie"). What is left may be a
        common noun ("Ausrichtung der Partei", "Teilen der GmbH"): then nothing is named."""
        text, exact = self.text, self.gaz.exact
        keywords, common = self.gaz.org_keywords, self.gaz.common_words
        kept: list[Entity] = []
        for entity in self.entities:
            start, name = entity.start, entity.text
            # "Erforschung der Geschichte der Universität": as often as it applies.
            while entity.label == "ORG" and entity.canonical not in exact:
                m = _GERMAN_ARTICLE_INSIDE.search(name)
                if m is None or self._institutional(name[:m.start()]) \
                        or not self._institutional(name[m.end():]):
                    break
                start += m.end()
                name = text[start:entity.end]
            if start == entity.start:
                kept.append(entity)
            elif " " in name or (name not in keywords and name.lower() not in common):
                kept.append(self.spanned(start, entity.end, "ORG", entity.country))
        self.entities = kept

    def _institutional(self, words: str) -> bool:
        """Does one of `words` (or a part of a compound, "Presse-Agentur", "Bundesverband")
        name a kind of organisation?"""
        keywords = self.gaz.org_keywords
        for word in _COMPOUND_PARTS.split(words):
            if word in keywords or word.endswith(_long_keywords(keywords)):
                return True
        return False

    def generic_institutions(self) -> None:
        """"Die Polizei", "die Staatsanwaltschaft" alone are the common nouns of a German
        text, no organisation (run after `leading_function_words` took the article off)."""
        self.entities = [e for e in self.entities
                         if e.label != "ORG" or e.text not in GERMAN_GENERIC_INSTITUTIONS]

    def leading_function_words(self) -> None:
        """An organisation's name does not open with a function word of a text in another
        language than English: "La Fiscalía", "Para la Fiscalía", "Die Polizei Bad
        Salzdetfurth" are "Fiscalía" and "Polizei Bad Salzdetfurth"; a name the tables know
        with its article keeps it ("Le Monde", "Die Linke")."""
        stop, text, exact = self.stop, self.text, self.gaz.exact
        for at, entity in enumerate(self.entities):
            if entity.label != "ORG" or entity.canonical in exact:
                continue  # "Le Monde", "Die Linke": the article is the name's
            start = entity.start
            while True:
                m = _WORD.match(text, start, entity.end)
                if m is None or m.end() >= entity.end or m[0].lower() not in stop:
                    break
                start = m.end() + 1
                while start < entity.end and text[start] == " ":
                    start += 1
            if start != entity.start:
                self.entities[at] = self.spanned(start, entity.end, "ORG", entity.country)

    def police_forces(self) -> None:
        """"Taylorville police", "West Mercia police": a place's (or an unknown name's) police
        force is an organisation, the lower-case word in its span (tests/data/ANNOTATION.md);
        the place still names its country."""
        text = self.text
        spans = sorted((e.start, e.end, at) for at, e in enumerate(self.entities))
        drop: set[int] = set()
        for m in _POLICE.finditer(text):
            start, end = m.start(1), m.end()
            if sentence_initial(text, start) and " " not in m[1]:
                continue  # "Police said ..." would not get here; "Officers police ..." might
            inside = [at for s, e, at in spans if s < m.end(1) and e > start]
            last = m[1].rsplit(" ", 1)[-1]
            entry = self.gaz.exact.get(m[1])
            if (not inside and last.lower() in self.gaz.common_words) or last in CALENDAR_WORDS \
                    or (entry is not None and entry.kind == "demonym"):
                continue  # "State police", "on Monday police said", "South Korean police"
            if any(self.entities[at].label not in ("PLACE", "COUNTRY") for at in inside) \
                    or any(self.entities[at].start < start for at in inside):
                continue
            for at in inside:
                if self.entities[at].country:
                    self.countries.add(self.entities[at].country or "")
            drop.update(inside)
            self.entities.append(self.spanned(start, end, "ORG"))
        if drop:
            self.entities = [e for at, e in enumerate(self.entities) if at not in drop]
        self.entities.sort(key=lambda e: e.start)

    def club_prefixes(self) -> None:
        """A club abbreviation and the town after it are one organisation: "FC Basel", "SC
        Freiburg", "1. FC Köln", "FC Bayern München" (no mention of the town or its country),
        when the town is a place the tables know, or in a sports report."""
        text = self.text
        starts = {e.start: e for e in self.entities}
        for m in _CLUB_PREFIX.finditer(text):
            first = starts.get(m.start(1))
            entry = self.gaz.exact.get(m[1])
            if not self.sports and (first is None or first.label != "PLACE") \
                    and (entry is None or entry.kind != "place") \
                    and m[0].split()[-2] not in CLUB_PREFIXES_ALONE:
                continue  # "SC Governor Henry McMaster": South Carolina's
            end = m.end(1) if first is None else max(first.end, m.end(1))
            for word in _NEXT_WORD.finditer(text, end):  # "Bayern [München]", a town only
                after = self.gaz.exact.get(word[1])
                if word.start() != end or after is None or after.kind != "place":
                    break
                end = word.end()
            start = m.start()
            self.entities = [e for e in self.entities if e.end <= start or e.start >= end]
            self.entities.append(self.spanned(start, end, "ORG"))
        towns = self.gaz.towns
        for m in _TOWN_CLUB.finditer(text) if self.lang == "de" else ():
            # "der Dresdner SC", "den Hamburger SV"
            town = m[1]
            if town[:-2] not in towns and town[:-3] + "en" not in towns:
                continue
            start, end = m.start(), m.end()
            self.entities = [e for e in self.entities if e.end <= start or e.start >= end]
            self.entities.append(self.spanned(start, end, "ORG"))
        self.entities.sort(key=lambda e: e.start)

    def clubs_named_after_towns(self) -> None:
        """In a sports report, a town that opens a clause and does something is its club
        ("München verliert bei Tappara", "Lorient a tenu tête", "Oklahoma City couldn't
        score"), with an unknown name before it ("bei Tappara Tampere mit 0:3"); after a
        preposition it stays the town ("in München")."""
        text, gaz = self.text, self.gaz
        for at, entity in enumerate(self.entities):
            if entity.label != "PLACE" or not entity.country \
                    or entity.canonical in gaz.us_state_names:
                continue
            entry = gaz.exact.get(entity.canonical)
            if entry is None or entry.kind != "place":
                continue
            before = text[max(0, entity.start - 12):entity.start].split()
            if before and (before[-1].lower() in CLUB_NOT_AFTER or before[-1][-1:] == "'"):
                continue
            after = text[entity.end:entity.end + 20]
            word = after.split()[0] if after.strip() else ""
            if not after.startswith(" ") or not word[:1].islower() or word in CLUB_NOT_BEFORE:
                continue
            start = self.club_name_before(entity, at)
            self.entities[at] = Entity(text[start:entity.end], "ORG", start, entity.end,
                                       entity.canonical if start == entity.start
                                       else text[start:entity.end], None)

    def club_name_before(self, town: Entity, at: int) -> int:
        """Where a club named after `town` starts: at an unknown name right before it
        ("Tappara Tampere", "Rögle Ängelholm"), or at the town."""
        k = self.token_starting_at(town.start)
        if not k:
            return town.start
        word = self.tokens[k - 1]
        low = word.text.lower()
        if not word.text[:1].isupper() or word.text.isupper() or word.possessive \
                or self.text[word.end:town.start] != " " or low in self.stop \
                or low in self.gaz.common_words or low in REGION_NOUNS \
                or self.sentence_initial(k - 1) \
                or (at and self.entities[at - 1].end > word.start):
            return town.start
        return word.start

    def among_capitals(self, k: int) -> bool:
        """Is token k beside another word in capitals on its line (a dateline or a heading
        in capitals, not an acronym in a sentence)?"""
        tokens = self.tokens
        for j in (k - 1, k + 1):
            if 0 <= j < len(tokens) and tokens[j].line == tokens[k].line \
                    and len(tokens[j].text) > 1 and tokens[j].text.isupper():
                return True
        return False

    def organisations_by_deeds(self, singles: list[int], done: set[int]) -> None:
        """Unknown names, lone words left over by the person rules or groups no rule took,
        that do what companies do to "its" own things (`its_cue`) are organisations, and so
        are their other mentions."""
        tokens, text = self.tokens, self.text
        found: set[str] = set()
        for k in singles:
            word = tokens[k].text
            if word.lower() not in self.gaz.common_words and self.its_cue(k):
                self.emit(k, k, "ORG")  # "Vidyard announced updates to its platform"
                done.add(k)
                found.add(word)
        spans = sorted((e.start, e.end) for e in self.entities)
        for first, last in self.loose:
            if first not in done and self.its_cue(last) \
                    and not _covered(spans, tokens[first].start):
                self.emit(first, last, "ORG")  # "Stack Overflow published its analysis"
                found.add(" ".join(text[tokens[first].start:tokens[last].end].split()))
        if found:
            self.spread_names(found)

    def spread_names(self, names: set[str]) -> None:
        """The other mentions of organisations found late (by `its_cue`): the same words,
        alone, outside other entities ("Vidyard’s platform", "Vidyard Launches ...")."""
        tokens, text = self.tokens, self.text
        spans = sorted((e.start, e.end) for e in self.entities)
        longest = max(len(name.split()) for name in names)
        k = 0
        while k < len(tokens):
            for size in range(longest, 0, -1):
                last = k + size - 1
                if last >= len(tokens) or " ".join(
                        text[tokens[k].start:tokens[last].end].split()) not in names:
                    continue
                if not any(_covered(spans, tokens[j].start) for j in range(k, last + 1)):
                    self.emit(k, last, "ORG")
                k = last
                break
            k += 1

    def its_cue(self, k: int) -> bool:
        """Does the name ending at token k do what companies do to "its" own things, in one
        clause ("Vidyard announced updates to its platform")? A person's would be "his",
        "her" or "their"; a planet or a product announces nothing."""
        tokens, text = self.tokens, self.text
        if k + 2 >= len(tokens) or tokens[k + 1].text not in CORPORATE_VERBS \
                or text[tokens[k].end:tokens[k + 1].start] != " ":
            return False  # not the subject of a company's verb right after it
        if tokens[k + 2].text in PLACE_PREPOSITIONS:
            return False  # a participle: "the MacBook released in 2015"
        for j in range(k + 1, min(k + 9, len(tokens))):
            if any(ch in ".!?;\n" for ch in text[tokens[j - 1].end:tokens[j].start]):
                return False  # the clause has ended
            word = tokens[j].text
            if word == "its":
                return True
            if word.lower() in _PERSONAL:
                return False
        return False
