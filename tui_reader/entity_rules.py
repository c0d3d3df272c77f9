"""The rules that label one run: gazetteer hits kept or dropped in context, spans stretched
(`entity_spans`), and the unknown tokens left over made people, organisations or places by
their shape and context, or kept as lone words for the document-wide pass."""

from __future__ import annotations

import re

from tui_reader.article import Entity
from tui_reader.entity_cues import INITIALS_RE
from tui_reader.entity_runs import Item
from tui_reader.entity_spans import SpanRules
from tui_reader.entity_text import LineKind
from tui_reader.entity_words import (
    BYLINE_JOINS,
    BYLINE_WORDS,
    CENTER_ORG_WORDS,
    COMPANY_FORMS,
    ENGLISH_ORG_KEYWORDS,
    EVENT_WORDS,
    GERMAN_ARTICLES,
    GERMAN_BARE_PREPOSITIONS,
    GERMAN_COMPANY_NOUNS,
    GERMAN_INDEFINITES,
    GERMAN_ORG_ENDINGS,
    GERMAN_POSSESSIVES,
    LAW_WORDS,
    MEDIA_SUFFIXES,
    MEDIA_WORDS,
    NAME_PARTICLES,
    NATIVE_CONTEXT,
    NATIVE_DEMONYMS,
    ORG_ENDINGS,
    ORG_LINKS,
    PLACE_PART_LINKS,
    PLACE_PARTS,
    PLACE_PREFIXES,
    PLACE_SUFFIXES,
    PLAIN_ORG_WORDS,
    POLISH_ORG_STEMS,
    ROMANCE_LANGUAGES,
    STREET_SUFFIXES,
    VENUE_PREPOSITIONS,
)
from tui_reader.gazetteer import ENTITY_LABEL, Gazetteer
from tui_reader.language import FUNCTION_WORDS

#: How a German adjective before a noun ends ("des deutschen Herstellers").
_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
#: German articles (and a preposition with one): "der Rüstungskonzern Rheinmetall".
_ARTICLES = frozenset(("der", "die", "das", "den", "dem", "des", "ein", "eine", "einen",
                       "einem", "eines", "einer", "beim", "vom", "zum", "zur", "im"))
#: Function words of English, the language of a text too short to tell.
_ENGLISH_FUNCTION_WORDS = FUNCTION_WORDS["en"]
#: Languages whose institutions' names open with their keyword ("Organización Mundial de la
#: Salud", "Stowarzyszenie ..."): a word before it and an article is no part of the name.
_KEYWORD_FIRST = ROMANCE_LANGUAGES | {"pl"}
#: The small words that join the parts of such a name ("Escuela Superior del Partido").
_NAME_JOINS = frozenset(("de", "del", "des", "du", "da", "do", "dos", "das", "di", "della",
                         "delle", "dei", "degli", "y", "e", "et", "i", "na"))
#: A person's age before where they live: "Hull, 30, Bulpitt", "Stephens, 73, of Taylorville".
_RESIDENCE_RE = re.compile(r"[^\W\d_],? [1-9]\d?, (?:of )?\Z")


class RunRules(SpanRules):
    """Labels the runs of a text one by one."""

    def __init__(self, text: str, gaz: Gazetteer, lang: str = "") -> None:
        super().__init__(text, gaz, lang)
        self.singles: list[tuple[int, bool]] = []  # (token index, right after a title)
        self.loose: list[tuple[int, int]] = []  # unknown groups left to the lone-word rules
        self.small_towns: dict[int, frozenset[str]] = {}  # start of a town -> its countries

    def process_run(self, run: list[int]) -> None:
        """Label the names of one run."""
        tokens, gaz = self.tokens, self.gaz
        if self.claimed and run[0] in self.claimed:
            run = [k for k in run if k not in self.claimed]
            if not run:
                return
        kind = self.kind_of_line(tokens[run[0]].line)
        items = self.items(run, kind)
        if self.stop:
            for item in items:  # Indonesian "Itu", "Bukan" are no towns
                if item.entry is not None and item.one_token \
                        and tokens[item.first_token].text.lower() in self.stop:
                    item.entry = None
        if self.lang == "de":
            # German capitalises every noun, and a town takes no article: "in den Bergen"
            # (in the mountains) is no Bergen, Norway; "in Bergen" is
            for item in items:
                if item.entry is not None and item.one_token and item.entry.kind == "place" \
                        and tokens[item.first_token].text in gaz.towns \
                        and self.preceded_by(item.first_token, GERMAN_ARTICLES):
                    item.entry = None  # a region takes one: "im Saarland", "der Steiermark"
                elif item.entry is not None and item.one_token and item.entry.kind == "org" \
                        and len(items) == 1 and self.german_noun(item.first_token):
                    item.entry = None  # "in Kraft" (in force), "Herbert Diess (Bild)"
        if not self.sports:
            for item in items:
                if item.entry is not None and item.entry.kind == "team":
                    item.entry = None  # "Thunder", "Heat" outside a sports report
        if kind == "text" and self.venue(run, items):
            return
        if (kind != "shout" or all(item.entry is not None and item.entry.kind == "demonym"
                                   for item in items if not item.connector)) \
                and self.quoted(run[0], run[-1]) and any(
                    item.entry is None or item.entry.kind not in ("org", "country")
                    for item in items if not item.connector):
            return  # a quoted title: "“China Grove”", "“Batman Arkham VR”", "‘IRISHMAN’"
        if len(items) > 1:
            self.demote_given_names(items, kind)
        final = items[-1]
        if self.english and kind == "text" and final.entry is not None \
                and final.one_token and self.tokens[final.first_token].text in self.gaz.towns \
                and self.speaks(final.last_token):
            final.entry = None  # "Kati says:", "Nigel said": a town says nothing
        for at, item in enumerate(items[:-1]):
            if item.entry is not None and item.entry.kind in ("place", "country") \
                    and self.org_follows(items, at):
                item.entry = None  # "New Zealand Department of Conservation"
        before = run[0] - 1
        after_title = (before >= 0 and tokens[before].text in gaz.lower_titles
                       and self.joinable(before, run[0]))
        at = 0
        while at < len(items):
            item = items[at]
            if item.connector:
                after_title = False
                at += 1
                continue
            if item.entry is not None and item.one_token \
                    and item.entry.kind in ("place", "country") \
                    and at + 1 < len(items) and items[at + 1].entry is None \
                    and not items[at + 1].connector \
                    and self.name_shaped(items[at + 1].first_token, kind) \
                    and (after_title or tokens[item.first_token].text in gaz.given_names):
                item.entry = None  # "Vladimir Putin", "President Georgia Meloni"
            if item.entry is not None and item.entry.kind == "place":
                end = self.club_end(items, at, kind)
                if end is not None:  # "Manchester United", "Chicago Tribune", "Leeds 3 Derby 3"
                    self.emit(item.first_token, items[end].last_token, "ORG")
                    after_title = False
                    at = end + 1
                    continue
                if self.place_with_suffix(items, at, kind):  # "Gaza City", "Dublin Airport"
                    street = tokens[items[at + 1].first_token].text in STREET_SUFFIXES
                    self.emit(item.first_token, items[at + 1].last_token, "PLACE", None,
                              None if street else item.entry.country)  # "Dresden Drive"
                    after_title = False
                    at += 2
                    continue
            state = self.us_state_after(
                items[at].last_token, item.entry.country if item.entry else None,
            ) if at + 1 == len(items) and (item.entry is None or item.entry.kind == "place") \
                else None
            if state is not None:
                start: int | None
                if item.entry is None:  # "Kaupokonui, MA"?  Only a name-shaped word
                    group = [items[z].first_token for z in range(at, len(items))
                             if not items[z].connector]
                    dateline = self.line_initial(group[0]) and all(
                        tokens[k].text.isupper() for k in group)  # "BUFFALO, N.Y. —"
                    if not (dateline or all(self.name_shaped(k, kind) for k in group)) or (
                            tokens[group[0]].text.lower() in gaz.common_words
                            and not tokens[group[0]].text.isupper()):
                        group = []
                    start = group[0] if group else None
                else:
                    start = item.first_token
                if start is not None:  # "Mansfield, MA" is in the US, not England
                    self.emit_with_state(start, item.last_token, state)
                    after_title = False
                    at += 1
                    continue
            if item.entry is not None and item.entry.kind == "country" and kind == "text" \
                    and at + 1 < len(items) and (following := items[at + 1]).entry is not None \
                    and following.entry.kind == "org" and following.entry.country is None \
                    and not tokens[following.first_token].text.isupper() \
                    and self.text[tokens[item.last_token].end:
                                  tokens[following.first_token].start] == " ":
                # a country's own institution: "US Navy", "U.S. Customs and Border
                # Protection" (a named country, unlike "Russian Defense Ministry"); not an
                # acronym's ("Korea UN ambassador")
                end = self.org_end(items, at + 1)
                self.emit(item.first_token, items[end].last_token, "ORG", None,
                          item.entry.country)
                after_title = False
                at = end + 1
                continue
            if item.entry is not None and item.entry.kind in ("place", "country"):
                end = self.place_end(items, at)
                if end > at:  # "Pacific Ocean", "Bardo National Museum"
                    street = tokens[items[end].first_token].text in STREET_SUFFIXES
                    code = item.entry.country \
                        if item.entry.kind == "place" and not street else None
                    self.emit(item.first_token, items[end].last_token, "PLACE", None, code)
                    after_title = False
                    at = end + 1
                    continue
            if item.entry is not None and item.entry.kind == "org":
                end = self.product_end(items, at)
                if end > at:  # "Apple Vision Pro", "Twitter Lite": a product, no entity
                    after_title = False
                    at = end + 1
                    continue
                end = self.org_end(items, at)
                if end > at:  # "ABC News", "Stanford University", "Yahoo Japan"
                    self.emit(item.first_token, items[end].last_token, "ORG")
                    after_title = False
                    at = end + 1
                    continue
            if item.entry is not None:
                entry = item.entry
                if entry.kind == "title":
                    after_title = True
                else:
                    after_title = False
                    if entry.kind == "demonym":
                        if self.demonym_counts(items, at):
                            self.countries.add(entry.country or "")
                    elif entry.kind == "org" and self.company_end(items, at, kind) > at:
                        end = self.company_end(items, at, kind)
                        self.emit(item.first_token, items[end].last_token, "ORG")
                        at = end + 1  # "Microsoft Corp", "Philips Electronics NV"
                        continue
                    elif entry.kind == "org" and kind == "text" and self.paper_of(items, at):
                        self.emit(item.first_token, items[at + 2].last_token, "ORG")
                        at += 3  # "The Times of Israel": a paper, not a mention of Israel
                        continue
                    else:  # an organisation is no mention of its home country
                        self.emit(item.first_token, item.last_token, ENTITY_LABEL[entry.kind],
                                  entry.canonical,
                                  None if entry.kind == "org" else entry.country)
                at += 1
                continue
            stop = at
            while stop < len(items):
                if items[stop].entry is None and not items[stop].connector:
                    stop += 1
                    last = items[stop - 1].last_token
                    if tokens[last].possessive and kind == "text" and self.owner(last):
                        break  # "Tufts University’s | Feinstein International Center"
                elif (stop > at and items[stop].connector and stop + 1 < len(items)
                      and tokens[items[stop].first_token].text in NAME_PARTICLES
                      and items[stop + 1].entry is None and not items[stop + 1].connector):
                    stop += 2  # "Osama bin Laden", "Lula da Silva"
                elif (stop > at and items[stop].connector and stop + 2 < len(items)
                      and items[stop + 1].connector
                      and tokens[items[stop].first_token].text in NAME_PARTICLES
                      and tokens[items[stop + 1].first_token].text in NAME_PARTICLES
                      and items[stop + 2].entry is None and not items[stop + 2].connector):
                    stop += 3  # "Ursula von der Leyen", "Rafael van der Vaart"
                else:
                    break
            joined = self.and_institution(items, at, stop, kind) if (
                stop + 1 < len(items) and items[stop].connector) else None
            if joined is not None:  # "National Oceanic and Atmospheric Administration"
                first, end = joined
                end = self.extend_org(items, end)
                self.emit(items[first].first_token, items[end].last_token, "ORG")
                at = end + 1
                after_title = False
                continue
            group = [items[z].first_token for z in range(at, stop)]
            at = self.unknown_group(items, at, stop, group, kind, after_title)
            after_title = False

    def and_institution(self, items: list[Item], at: int, stop: int,
                        kind: LineKind) -> tuple[int, int] | None:
        """The first and last items of an institution named "X and Y Keyword" whose first
        words are items[at:stop] ("National Oceanic and Atmospheric Administration",
        "(The) Federal Mine Safety and Health Review Commission"), or None."""
        tokens, gaz = self.tokens, self.gaz
        if stop + 1 >= len(items) or not items[stop].connector or kind != "text":
            return None  # the common case, a group not followed by "and"
        if at < stop and tokens[items[at].first_token].text in ("The", "THE", "A"):
            at += 1
        if not 1 <= stop - at <= 4 or tokens[items[stop].first_token].text not in ("and", "&"):
            return None
        end = stop + 1
        while end < len(items) and items[end].entry is None and not items[end].connector:
            end += 1
        end -= 1
        if end <= stop or end - stop > 4:
            return None
        keyword = tokens[items[end].first_token].text
        if keyword not in gaz.org_keywords or keyword in PLAIN_ORG_WORDS:
            return None
        if not all(self.name_shaped(items[z].first_token, kind) and items[z].one_token
                   for z in (*range(at, stop), *range(stop + 1, end + 1))):
            return None
        return at, end

    def after_company_noun(self, group: list[int]) -> list[int]:
        """The name after a German compound noun of a company, itself after an article, in
        `group` ("(Der) Rüstungskonzern Rheinmetall", "des Autobauers Tesla"), or a plain
        noun after an adjective ("des deutschen Herstellers Blaser"): one to three
        name-shaped words; none when the group is no such apposition. A plain
        "Unternehmen" is left alone: "das Unternehmen Daten veröffentlicht" has an object
        after it, not a name."""
        tokens, text = self.tokens, self.text
        lead = 0
        while lead < len(group) - 1 and tokens[group[lead]].text.lower() in self.stop:
            lead += 1  # "Der", "des"
        k = group[lead]
        if not lead and not k:
            return []
        article = tokens[group[lead - 1]] if lead else tokens[k - 1]
        adjective_end = article.end
        if not lead and k >= 2 and article.text.isalpha() and article.text.islower() \
                and article.text.endswith(_ADJECTIVE_ENDINGS) and article.text not in self.stop \
                and text[tokens[k - 2].end:article.start] == " ":
            article = tokens[k - 2]  # "des deutschen Herstellers Blaser"
        adjective = article.end != adjective_end
        if article.text.lower() not in _ARTICLES or text[adjective_end:tokens[k].start] != " ":
            return []
        noun = tokens[k].text.lower()
        forms = (noun, noun.removesuffix("s"), noun.removesuffix("es"))  # the genitive
        # A plain noun only after an adjective: "das Unternehmen Daten veröffentlicht" has
        # an object after it, "das bayerische Unternehmen Baywa" a name.
        shortest = 0 if adjective else 3
        if not any(f.endswith(ending) and len(f) >= len(ending) + shortest
                   for f in forms for ending in GERMAN_COMPANY_NOUNS):
            return []
        named = group[lead + 1:]
        if not named or text[tokens[k].end:tokens[named[0]].start] != " ":
            return []  # "der Konzern-Sprecher"
        if len(named) > 3 or any(
                not self.name_shaped(z, "text") or tokens[z].text.lower() in self.stop
                or tokens[z].text.lower().endswith(GERMAN_COMPANY_NOUNS)
                or tokens[z].text.lower() in self.lowercase_words() for z in named):
            return []
        return named

    def german_noun(self, k: int) -> bool:
        """Is the organisation's name at token k a German noun here: a capitalised word
        (not an acronym, "ohne FDP"; nor inflected, "in Apples iCloud") after a preposition
        that takes no article ("in Kraft") or after an indefinite article ("ein Bild"), or
        alone in brackets ("Diess (Bild)", a photo's marker; not "Scholz (SPD)")?"""
        word = self.tokens[k].text
        if not word.isalpha() or word.isupper():
            return False
        entry = self.gaz.exact.get(word)
        if entry is None or entry.canonical != word:
            return False
        return self.preceded_by(k, GERMAN_BARE_PREPOSITIONS) \
            or self.preceded_by(k, GERMAN_INDEFINITES) or self.bracketed(k)

    def demote_given_names(self, items: list[Item], kind: LineKind) -> None:
        """Places and countries that are a person's name here: "Paul George", "John Bolton",
        "Chad Thomas", "George Soros", "Omar Hassan al-Bashir"; in other languages only beside
        a given name the list knows ("Raymond Colón", "Alexei Toledo")."""
        tokens, gaz = self.tokens, self.gaz
        given = gaz.given_names
        guess = self.english  # a given name the list lacks ("Joaquin Phoenix"): English only
        for at in range(len(items) - 1):
            first, second = items[at], items[at + 1]
            if first.connector or second.connector:
                continue
            first_token, second_token = tokens[first.first_token], tokens[second.first_token]
            run_ends = at + 2 == len(items) or items[at + 2].connector
            first_given = first_token.text in given or (  # "George H.W. Bush"
                INITIALS_RE.fullmatch(first_token.text) is not None and at > 0
                and items[at - 1].entry is None
                and tokens[items[at - 1].first_token].text in given) or (
                # "Joaquin Phoenix": a given name the list lacks, before the run's last word
                guess and not self.sports and run_ends
                and second.entry is not None
                and second.entry.kind == "place"
                and first_token.text.lower() not in gaz.common_words
                and first_token.text not in gaz.not_name_words
                and first_token.text not in gaz.org_keywords
                and self.text[first_token.end:second_token.start] == " ") or (
                # "Cezary Giza": a first name of the wider list (English text has its own
                # guess above: "Collins Dublin" there is a photo agency)
                not self.english and run_ends and second.entry is not None
                and second.entry.kind == "place"
                and self.first_name(first_token.text, [first.first_token, second.first_token]))
            if first.entry is None and first.one_token and second.one_token \
                    and second.entry is not None \
                    and (second.entry.kind in ("place", "country") or (
                        # "Michael Bloomberg": a firm named after its founder, a person here
                        second.entry.kind == "org" and run_ends and kind == "text")) \
                    and first_given \
                    and not first_token.possessive and self.name_shaped(first.first_token, kind) \
                    and not second_token.text.isupper() \
                    and self.name_shaped(second.first_token, kind):
                second.entry = None  # "John Bolton", "Andrew Vaughan"
            elif first.entry is not None and first.one_token \
                    and first.entry.kind in ("place", "country") \
                    and (first_token.text in given or (  # "Kara Tointon": not in the list
                        guess and first.entry.kind == "place" and second.entry is None
                        and not self.sports
                        and second_token.text.lower() not in gaz.common_words
                        and second_token.text not in MEDIA_SUFFIXES
                        and second_token.text not in COMPANY_FORMS
                        and run_ends)) \
                    and not first_token.possessive and second.one_token \
                    and (second.entry is None or second.entry.kind == "place") \
                    and self.name_shaped(second.first_token, kind) \
                    and (not second_token.text.isupper()
                         or INITIALS_RE.fullmatch(second_token.text)) \
                    and second_token.text not in gaz.not_name_words \
                    and second_token.text not in gaz.org_keywords \
                    and second_token.text not in PLACE_SUFFIXES:
                first.entry = None  # "George Lucas", "Brent Sherwood", "George H.W. Bush"
                if second.entry is not None:
                    second.entry = None

    def demonym_counts(self, items: list[Item], at: int) -> bool:
        """Does the demonym items[at] name its country? Not in an event's name ("Australian
        Open", "Irish Cup"), nor, in a text of another language, as a sentence's first word,
        which may be a word of that language (Polish "Dane": data)."""
        if at + 1 < len(items) and items[at + 1].entry is None \
                and not items[at + 1].connector \
                and self.tokens[items[at + 1].first_token].text in EVENT_WORDS:
            return False
        if self.native_people(items[at].first_token):
            return False
        return self.english or not self.sentence_initial(items[at].first_token)

    def paper_of(self, items: list[Item], at: int) -> bool:
        """Is the organisation items[at] a paper named after a place, "of" and the place
        following ("The Times of Israel", "Times of India")?"""
        if at + 2 >= len(items) or self.tokens[items[at].last_token].text not in MEDIA_SUFFIXES:
            return False
        link, place = items[at + 1], items[at + 2]
        return link.connector and self.tokens[link.first_token].text == "of" \
            and place.entry is not None and place.entry.kind in ("country", "place")

    def native_people(self, k: int) -> bool:
        """Is demonym k the name of native peoples ("Isleta Indian tribe", "American
        Indians"), not of a country?"""
        tokens = self.tokens
        if tokens[k].text not in NATIVE_DEMONYMS:
            return False
        return (k + 1 < len(tokens) and tokens[k + 1].text.lower() in NATIVE_CONTEXT) or (
            k > 0 and tokens[k - 1].text in ("American", "Native"))

    def unknown_group(self, items: list[Item], at: int, stop: int, group: list[int],
                      kind: LineKind, after_title: bool) -> int:
        """Label the unknown tokens `group` of items[at:stop]; return the next item to look
        at."""
        gaz, tokens = self.gaz, self.tokens
        while group and tokens[group[0]].text in ("The", "THE", "A"):
            group, at = group[1:], at + 1
        if not group:
            return stop
        if self.table_line(tokens[group[0]].line):
            self.table_group(group, kind)
            return stop
        if self.lang == "de" and kind == "text" and len(group) >= 2:
            named = self.after_company_noun(group)
            if named:
                self.emit(named[0], named[-1], "ORG")  # "(Der) Rüstungskonzern Rheinmetall"
                return stop
        if len(group) == 1 and kind == "text" and self.english:
            word = tokens[group[0]].text
            if len(word) > 6 and word.endswith(ORG_ENDINGS) and word[-5].islower():
                self.emit(group[0], group[0], "ORG")  # "Bundesbank", "Rabobank"
                return stop
        if kind == "text" and 2 <= len(group) <= 5 \
                and self.venue_center(items, stop, group, len(group) - 1) \
                and all(self.name_shaped(k, kind) for k in group):
            self.emit(group[0], group[-1], "PLACE")  # "at the Montego Bay Convention Centre"
            return stop
        keys = [z for z, k in enumerate(group) if tokens[k].text in gaz.org_keywords
                and not self.venue_center(items, stop, group, z)
                and not self.plain_head(items, stop, group, z)]
        if keys == [0] and len(group) > 1 and not self.english and kind == "text":
            end = self.extend_org(items, stop - 1)
            # "Banco Central", "Komisja Europejska"
            self.emit(group[0], items[end].last_token, "ORG")
            return end + 1
        if keys and kind == "title" and keys[-1] == len(group) - 1 and 2 <= len(group) <= 4 \
                and self.line_tail(group[-1]) and self.after_comma(group[0]) \
                and all(self.name_shaped(k, kind) for k in group):
            # a list's line, a name and an affiliation: "Roger Berkowitz, Bard College"
            self.emit(group[0], group[-1], "ORG")
            return stop
        if keys and kind == "text" and not (after_title and keys[-1] == 0 and len(group) > 1):
            last_key = keys[-1]
            # Other languages put adjectives after the keyword ("Supremo Tribunal Federal")
            end = self.extend_org(items, at + last_key if self.english else stop - 1)
            if end > at + last_key or last_key > 0:
                country = next((entry.country for z in range(at + last_key, end + 1)
                                if (entry := items[z].entry) is not None
                                and entry.kind == "country"), None)
                after = items[end].last_token + 1
                if after < len(tokens) and tokens[after].text in LAW_WORDS \
                        and self.joinable(after - 1, after):
                    return end + 1  # "Investment Company Act": a law
                z = max(0, last_key - 5)  # at most five words before the keyword
                while self.lang in _KEYWORD_FIRST and z < keys[0] and any(
                        not tokens[group[y]].text[:1].isupper()
                        and tokens[group[y]].text not in _NAME_JOINS for y in range(z, keys[0])):
                    z += 1  # "Según la [Organización Mundial]", "[Escuela Superior del Partido]"
                self.emit(group[z], items[end].last_token, "ORG", None, country)
                return end + 1
        if self.lang == "de" and len(group) >= 2 and kind == "text" \
                and tokens[group[-1]].text.lower().endswith(GERMAN_ORG_ENDINGS):
            # "(Der) Deutsche Olympische Sportbund"; a lone "Datenbank" is a common noun
            head = tokens[group[0]].text.lower()  # "(Der) Sportbund", "Unsere Zeitung"
            org = group[1:] if head in self.stop or head in GERMAN_POSSESSIVES else group
            if 2 <= len(org) <= 5 and all(self.name_shaped(k, kind) for k in org):
                self.emit(org[0], org[-1], "ORG")
                return stop
        if len(group) >= 3 and not after_title and kind == "text" and gaz.demonym_forms:
            # "(Der) Norweger Marius Lindvik", "la Française Léa Martin": a nationality word
            # of the text's language before a name, as a title is
            skip = 1 if len(group) >= 4 and tokens[group[0]].text.lower() in self.stop else 0
            if len(group) >= skip + 3 \
                    and tokens[group[skip]].text.casefold() in gaz.demonym_forms \
                    and tokens[group[skip + 1]].text.lower() not in gaz.lower_titles:
                group, at, after_title = group[skip + 1:], at + skip + 1, True
        if after_title:
            name: list[int] = []
            for k in group[:6]:
                word = tokens[k].text.title() if kind == "shout" else tokens[k].text
                if name and word in NAME_PARTICLES \
                        and tokens[name[0]].text in gaz.given_names:
                    name.append(k)  # "President Ursula von der Leyen"
                    continue
                if not self.name_shaped(k, kind) or word in gaz.not_name_words \
                        or word in gaz.org_keywords \
                        or sum(tokens[z].text not in NAME_PARTICLES for z in name) == 4:
                    break
                name.append(k)
            while name and tokens[name[-1]].text in NAME_PARTICLES:
                name.pop()
            if kind != "text":  # "President Donald J. Trump Says ...": two words at most
                words = [z for z, k in enumerate(name)
                         if len(tokens[k].text) > 1 and tokens[k].text not in NAME_PARTICLES]
                if len(words) > 2:
                    name = name[:words[1] + 1]
            head = tokens[name[0]].text if name else ""
            if len(name) > 1 and (head.lower() not in gaz.common_words
                                  or head in gaz.given_names or kind == "text"):
                # in running text a title's two words are a name even when the first is a
                # word too ("Transport Secretary Grant Shapps"); a headline's may not be
                self.emit(name[0], name[-1], "PERSON")
                return at + len(name)
            if name and len(head) > 1:  # "President Trump Says": the surname alone
                self.singles.append((name[0], True))
                return at + 1
        if kind != "shout" and self.quoted(group[0], group[-1]):
            return stop  # the title of a work: "“Super Mario Run”", "“Rez”"
        if len(group) >= 2 and tokens[group[0]].text.lower() in gaz.lower_titles \
                and not after_title:
            group, at, after_title = group[1:], at + 1, True  # "Defenseman Jonas Brodin"
        lead = self.words_before_name(group, kind) if len(group) >= 3 else 0
        if lead:
            # "Captain Wasim Akram", "Premierminister Boris Johnson", "Die Politikerin
            # Angela Merkel", "von Angela Merkel"
            group, at = group[lead:], at + lead
        opening = self.stop if not self.english else _ENGLISH_FUNCTION_WORDS
        while len(group) > 2 and tokens[group[0]].text.lower() in opening \
                and tokens[group[-1]].text in PLACE_SUFFIXES:
            group, at = group[1:], at + 1  # "In Orange County": a sentence's first word
        prefixed = tokens[group[0]].text in PLACE_PREFIXES
        if kind != "shout" and 2 <= len(group) <= 4 and (
                (tokens[group[-1]].text in PLACE_SUFFIXES
                 and self.text[tokens[group[-1]].start - 1] != "-")  # "Phoebe Waller-Bridge"
                or prefixed) \
                and all(self.name_shaped(k, "text") or (  # "Deir al-Balah"
                    prefixed and 0 < z < len(group) - 1 and tokens[k].text in NAME_PARTICLES)
                    for z, k in enumerate(group)):
            state = self.us_state_after(group[-1], None) \
                if tokens[group[-1]].text == "County" else None
            if state is None:
                self.emit(group[0], group[-1], "PLACE")  # "Bering Sea", "Mount Kenya"
                return stop
            # "Fulton County, Georgia": a US county, and the state (no country Georgia)
            self.emit_with_state(group[0], group[-1], state)
            return stop
        if kind == "text" and tokens[group[-1]].text in MEDIA_SUFFIXES:
            # "Kaieteur News", "the Stabroek Chronicle", "(Nachrichtenagentur) Tasnim News"
            name = group[1:] if tokens[group[0]].text in MEDIA_WORDS else group
            if 2 <= len(name) <= 4 and tokens[name[0]].text.lower() not in gaz.common_words \
                    and all(self.name_shaped(k, kind) for k in name):
                self.emit(name[0], name[-1], "ORG")
                return stop
        if kind == "text" and 3 <= len(group) <= 5 and tokens[group[0]].text in MEDIA_WORDS \
                and all(self.name_shaped(k, kind) for k in group[1:]) \
                and tokens[group[1]].text.lower() not in gaz.common_words \
                and not any(tokens[k].text.lower() in self.lowercase_words()
                            for k in group[1:]):  # "an Firma B. Wird ein Teil ..."
            self.emit(group[1], group[-1], "ORG")  # "(die) Firma Signa Development"
            return stop
        if kind == "text" and len(group) <= 3 and (
                len(group) > 1 or tokens[group[0]].text in gaz.small_towns) \
                and self.town_cue(group[0]):
            town = self.text[tokens[group[0]].start:tokens[group[-1]].end]
            codes = gaz.small_towns.get(town)
            if codes is not None and town == " ".join(town.split()) \
                    and town.lower() not in self.stop \
                    and town.lower() not in self.lowercase_words():  # "in Ihren", "am Ende"
                # "of Quincy", "in Decatur": a town too small for the table of cities; in
                # the country the text names (`Document.small_town_countries`), if any
                self.emit(group[0], group[-1], "PLACE")
                self.small_towns[tokens[group[0]].start] = codes
                return stop
        credited = self.capitals_credit(group)
        if credited:
            self.emit(credited[0], credited[-1], "PERSON")  # "By JAKE SHERMAN and ..."
            return stop
        if self.looks_like_name(group, kind):
            head = tokens[group[0]].text
            label = "ORG" if (self.media_cue(group[0]) and head not in gaz.given_names) or (
                self.lang == "pl" and head.startswith(POLISH_ORG_STEMS)) else "PERSON"
            self.emit(group[0], group[-1], label)
            return stop
        if kind == "text" and len(group) <= 3 and (self.place_cue(group[0], group[-1])
                                                   or self.country_after(group[-1])
                                                   or self.residence_cue(group[0])) \
                and all(self.name_shaped(k, kind) for k in group) \
                and tokens[group[0]].text not in gaz.given_names:
            self.emit(group[0], group[-1], "PLACE")  # "the village of Shatoi"
            return stop
        word = tokens[group[0]].text
        if len(group) == 1 and kind == "text" and (
                (self.media_cue(group[0]) and word.lower() not in gaz.common_words
                 and word.lower() not in self.stop)
                or self.institution_cue(group[0])):
            self.emit(group[0], group[0], "ORG")  # "the newspaper Al-Ahram", "the Louvre said"
            return stop
        if kind == "text" and len(group) <= 3 and self.org_cue(group[-1]) \
                and tokens[group[0]].text.lower() not in gaz.common_words \
                and all(self.name_shaped(k, kind) for k in group):
            self.emit(group[0], group[-1], "ORG")  # "Snapchat CEO Evan Spiegel"
            return stop
        if len(group) == 1 and kind == "text" and not self.english and self.lang != "de" \
                and tokens[group[0]].text in gaz.org_keywords \
                and tokens[group[0]].text not in PLAIN_ORG_WORDS \
                and not self.sentence_initial(group[0]):
            # Capitalised mid-sentence, an institution's noun names it: "la Corte", "el
            # Senado", "o Parlamento" (German capitalises every noun)
            self.emit(group[0], group[0], "ORG")
            return stop
        if kind == "text" and len(group) > 1:
            self.loose.append((group[0], group[-1]))
        for k in group:
            word = tokens[k].text
            if self.name_shaped(k, kind) and word not in gaz.not_name_words \
                    and word.lower() not in self.stop:
                cue = kind == "text" and len(group) == 1 and self.english and self.person_cue(k)
                self.singles.append((k, cue))
        return stop

    def place_with_suffix(self, items: list[Item], at: int, kind: LineKind) -> bool:
        """Is the known place items[at] followed by a word that makes a place of it, the
        run's last or before a function word ("Gaza City on Monday", "the Las Vegas Strip",
        "Dublin Airport"), not a longer name ("Cleveland Museum of Natural History")?"""
        if at + 1 >= len(items) or kind != "text":
            return False
        following = items[at + 1]
        word = self.tokens[following.first_token].text
        if following.entry is not None or following.connector or not following.one_token \
                or (word not in PLACE_SUFFIXES and word not in PLACE_PARTS) \
                or self.tokens[following.first_token].possessive \
                or not self.joinable(items[at].last_token, following.first_token):
            return False
        return at + 2 == len(items) or (
            items[at + 2].connector
            and self.tokens[items[at + 2].first_token].text not in PLACE_PART_LINKS)

    def capitals_credit(self, group: list[int]) -> list[int]:
        """The tokens of a name in capitals that a byline or a photo credit gives ("By JAKE
        SHERMAN and ANNA PALMER", "NOAH BERGER / AP", "E. BARRENECHE / J. I. DA SILVA",
        "PHOTOGRAPH BY ED MARSHALL, ..."): after `BYLINE_WORDS`, a given name or an
        initial, then surnames, alone between the line's ends, slashes, commas or "and".
        Empty when the group is none."""
        tokens, gaz, text = self.tokens, self.gaz, self.text
        if len(group) < 2 or not tokens[group[-1]].text.isupper():
            return []  # most groups: a surname in capitals ends a credit's name
        lead = 0
        while lead < len(group) - 2 and tokens[group[lead]].text.lower() in BYLINE_WORDS:
            lead += 1
        name = group[lead:]
        words = [tokens[k].text for k in name]
        if not 2 <= len(words) <= 5 or not all(w.isupper() for w in words):
            return []

        def initial(z: int) -> bool:
            return len(words[z]) == 1 and text[tokens[name[z]].end:tokens[name[z]].end + 1] == "."

        head = words[0].title()
        lowercase = self.lowercase_words()
        if not initial(0) and ((head not in gaz.given_names and head not in gaz.first_names)
                               or head.lower() in lowercase):  # "VER MÁS" (see more)
            return []

        def surname(w: str) -> bool:  # no word of the language: "STAFF WRITER", "PROMOS"
            return len(w) > 1 and w.title() not in gaz.org_keywords \
                and w.title() not in gaz.not_name_words and w.lower() not in self.stop \
                and w.lower() not in gaz.common_words and w.lower() not in lowercase

        if not surname(words[-1]) or words[-1].lower() in NAME_PARTICLES:  # "PENNY DEL"
            return []
        if not all(initial(z) or w.lower() in NAME_PARTICLES or surname(w)
                   for z, w in enumerate(words[1:-1], 1)):
            return []
        lo, hi = self.line_bounds(tokens[name[0]].line)
        before = text[lo:tokens[group[0]].start].rstrip()
        after = text[tokens[name[-1]].end:hi].lstrip()
        if lead == 0 and before and before[-1] not in "/|:,(&" \
                and before.split()[-1].lower() not in BYLINE_JOINS:
            return []
        if after and after[0] not in "/|,(-–—&" and after.split()[0].lower() not in BYLINE_JOINS:
            return []
        return name

    def emit_with_state(self, first: int, last: int, state: tuple[int, int, int, str]) -> None:
        """Emit the US place from token `first` to `last` and the state after it
        (`us_state_after`'s answer), whose tokens no later run takes."""
        tokens = self.tokens
        self.emit(first, last, "PLACE", None, "US")
        state_first, state_last, state_end, state_name = state
        self.entities.append(Entity(self.text[tokens[state_first].start:state_end], "PLACE",
                                    tokens[state_first].start, state_end, state_name, "US"))
        self.claimed.update(range(state_first, state_last + 1))

    def residence_cue(self, first: int) -> bool:
        """Does a person's age come right before token `first`, as police reports give where
        someone lives ("Hayley N. Hull, 30, Bulpitt, was arrested", "Robert J. Stephens, 73,
        of Taylorville")?"""
        start = self.tokens[first].start
        if self.text[start - 2:start] not in (", ", "f ") or not self.entities:
            return False  # most groups: no ", 30, " or ", 73, of " before them
        m = _RESIDENCE_RE.search(self.text, max(0, start - 12), start)
        # after a person's name found before it ("Part 2, Part 3" is no list of places)
        return m is not None and any(e.label == "PERSON" and e.end == m.start() + 1
                                     for e in reversed(self.entities[-3:]))

    def owner(self, k: int) -> bool:
        """Does token k end a name as its owner ("Tufts University’s", "MIT’s"), not as
        a common noun inside one ("Sheriff’s Department", "Children’s Hospital")?"""
        word = self.tokens[k]
        return word.possessive and (word.text in self.gaz.org_keywords
                                    or word.text.lower() not in self.gaz.common_words)

    def plain_head(self, items: list[Item], stop: int, group: list[int], z: int) -> bool:
        """Is group[z] one of `ENGLISH_ORG_KEYWORDS` after fewer than three words, all of
        them words of the language ("Customer Support Team", "Press Center"), with no "of"
        or "for" after it ("Board of Education")?"""
        tokens = self.tokens
        if tokens[group[z]].text not in ENGLISH_ORG_KEYWORDS or z >= 3:
            return False
        if stop < len(items) and items[stop].connector \
                and tokens[items[stop].first_token].text in ORG_LINKS:
            return False
        return all(tokens[k].text.lower() in self.gaz.common_words for k in group[:z])

    def venue_center(self, items: list[Item], stop: int, group: list[int], z: int) -> bool:
        """Is group[z] a "Center" or "Centre" of a venue ("at Staples Center", "at the
        Montego Bay Convention Centre"), not of an institution ("Center for Food and Allergy
        Research", "at the Feinstein International Center", "MIT’s Lorenz Center")?"""
        tokens = self.tokens
        if tokens[group[z]].text not in ("Center", "Centre"):
            return False
        if z + 1 < len(group):
            return False  # "Center Party", a word after it
        if stop < len(items) and items[stop].connector \
                and tokens[items[stop].first_token].text in ORG_LINKS:
            return False  # "Center for ...", "Centre on ..."
        if z and tokens[group[z - 1]].text in CENTER_ORG_WORDS:
            return False
        before = group[0] - 1
        if before >= 0 and tokens[before].text == "the":
            before -= 1
        return before >= 0 and tokens[before].text in VENUE_PREPOSITIONS  # "at Staples Center"

    def words_before_name(self, group: list[int], kind: LineKind) -> int:
        """How many words open the group before a given name and a surname: common words,
        titles and name particles in English ("Captain Wasim Akram"; one word only in a
        headline: "Says He Will Go" is no "Will Go"), any words but given names in other
        languages, whose nouns are capitalised ("Die Politikerin Angela Merkel", "von
        Angela Merkel"); 0 when none do."""
        tokens, gaz = self.tokens, self.gaz
        most = 2 if self.english and kind != "text" else 4
        for lead in range(1, min(most, len(group) - 1)):
            word = tokens[group[lead - 1]].text
            if word in gaz.given_names or (self.english and word.lower() not in gaz.common_words
                                           and word not in NAME_PARTICLES):
                return 0
            head = tokens[group[lead]].text
            if head in gaz.given_names or self.first_name(head, group[lead:]):
                return lead
            if self.english and kind == "text" and 2 <= len(group) - lead <= 3 and all(
                    tokens[k].text.lower() not in gaz.common_words and self.name_shaped(k, kind)
                    and tokens[k].text not in NAME_PARTICLES
                    and self.text[tokens[k].start - 1] == " " for k in group[lead:]):
                return lead  # "Managing Director Kristalina Georgieva": no word of the tail
        return 0

    def table_group(self, group: list[int], kind: LineKind) -> None:
        """Unknown names on a results line: scorers in brackets and "First Last" players
        are people, the rest are clubs ("Arsenal 2 ( Wright 12 ) Derby 2")."""
        gaz, tokens = self.gaz, self.tokens
        group = [k for k in group if self.name_shaped(k, kind) or tokens[k].text.isupper()]
        if not group:
            return
        head = tokens[group[0]].text
        if self.in_parens(group[0]):
            if len(group) > 1:
                self.emit(group[0], group[-1], "PERSON")
            else:
                self.singles.append((group[0], True))
        elif len(group) > 1 and (head in gaz.given_names or len(head) == 1):
            self.emit(group[0], group[-1], "PERSON")
        elif head not in gaz.not_name_words:
            self.emit(group[0], group[-1], "ORG")
