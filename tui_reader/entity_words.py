"""The recogniser's cue words: the lists its rules test tokens against.

The words live in `data/entity_cues.tsv` (one row a word, the first column naming its list);
the comments here say what each list is for. Patterns and punctuation stay beside the
rules that use them.
"""

from __future__ import annotations

import re

import pycountry

from tui_reader.gazetteer import read_tsv


def _load() -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {}
    for name, word in read_tsv("entity_cues.tsv"):
        lists.setdefault(name, []).append(word)
    return lists


_LISTS = _load()


def _words(name: str) -> frozenset[str]:
    return frozenset(_LISTS[name])


def _ordered(name: str) -> tuple[str, ...]:
    return tuple(_LISTS[name])


#: Lowercase words that may sit inside a name ("Ministry of Commerce and Industry").
CONNECTORS = _words("connector")
#: Connectors that are articles in German texts ("Angela Merkel den Karlspreis").
CONNECTORS_NOT_GERMAN = _words("connector_not_de")
#: Connectors that carry an organisation's name on ("Ministry of X", "Council on X").
ORG_LINKS = _words("org_link")
#: Endings of one-word names of organisations: "Bundesbank", "Gazprom", "Aeroflot".
ORG_ENDINGS = _ordered("org_ending")
#: Abbreviated company forms whose period belongs to the name.
ABBREVIATED_FORMS = _words("abbreviated_form")
#: Beginnings of surnames with a capital inside: "McCain", "O'Brien", "Al-Sisi".
NAME_PREFIXES = _ordered("name_prefix")
#: Verbs of saying that mark the lone capitalised word before or after them as a person
#: ("Lebed said", "said Lebed", "Lebed told reporters").
SPEECH_VERBS = _words("speech_verb")
#: Words after a city that make it a sports club ("Manchester United", "Leicester City").
CLUB_SUFFIXES = _words("club_suffix")
#: Abbreviations that open a club's name before its town: "FC Basel", "SC Freiburg".
CLUB_PREFIXES = _words("club_prefix")
#: Club abbreviations that stand for nothing else: the name after one is a club's, whatever
#: the text ("beim SK Rapid", "VfB Stuttgart"), unlike "SC" (South Carolina).
CLUB_PREFIXES_ALONE = _words("club_prefix_alone")
#: Lowercase words around a place's name: "the village of Shatoi", "Lipetsk region".
PLACE_NOUNS = _words("place_noun")
#: Words right before a small town's name that make it the town: "of Quincy", "in Decatur".
TOWN_PREPOSITIONS = _words("town_preposition")
#: The same in texts of other languages ("en Limpio", "em Ponta Porã", "de Nanterre"); the
#: Spanish and Portuguese "de" is left out, as it opens surnames ("a defesa de Oliveira").
SPANISH_TOWN_PREPOSITIONS = _words("town_preposition_es")
FRENCH_TOWN_PREPOSITIONS = _words("town_preposition_fr")
PORTUGUESE_TOWN_PREPOSITIONS = _words("town_preposition_pt")
LANGUAGE_TOWN_PREPOSITIONS = {"es": SPANISH_TOWN_PREPOSITIONS, "fr": FRENCH_TOWN_PREPOSITIONS,
                              "pt": PORTUGUESE_TOWN_PREPOSITIONS}
#: Lowercase words before the name of a paper, agency or broadcaster.
MEDIA_WORDS = _words("media_word")
#: Words after a name that make it an organisation: "Snapchat CEO Evan Spiegel".
ORG_NEXT = _words("org_next")
#: Top-level domains that make "Name.com" a website's (an organisation's) name.
DOMAINS = _words("domain")
#: Legal forms after a company's name: "Microsoft Corp", "Boeing Co.".
COMPANY_FORMS = _words("company_form")
#: Words after a city that make it a newspaper ("Chicago Tribune", "Boston Globe").
MEDIA_SUFFIXES = _words("media_suffix")
#: ... and these only in sports reports ("Derby County", "Ipswich Town").
SPORTS_CLUB_SUFFIXES = _words("sports_club_suffix")
#: Verbs and words of a match between two sides: "Barcelona beat Porto".
MATCH_VERBS = _words("match_verb")
#: Words after a company's name that make the whole an event: "Fed Cup", "Apple Open".
EVENT_WORDS = _words("event_word")
#: Words of a product's name that tell it from its maker ("Apple Watch Ultra", "Pixel Pro").
PRODUCT_WORDS = _words("product_word")
#: Organisation keywords too plain to start a name after a place ("Pacific Group" stays).
PLAIN_ORG_WORDS = _words("plain_org_word")
#: Acronyms of things, times, titles and trades, not of organisations ("CEO", "GDP", "TV").
PLAIN_ACRONYMS = _words("plain_acronym")
#: German indefinite articles: an organisation's name after one is the common noun ("ein
#: Bild", a picture, no tabloid; "eine Welt").
GERMAN_INDEFINITES = _words("german_indefinite")
#: Endings of German nouns of a company, a paper or an agency ("Rüstungskonzern",
#: "Autobauer", "Nachrichtenagentur"): a name right after one is the company's ("der
#: Rüstungskonzern Rheinmetall").
GERMAN_COMPANY_NOUNS = _ordered("german_company_noun")
#: Prefixes of a ship's name ("HMS Queen Elizabeth", "USS „Essex”"): the name after one is
#: a vessel's, no person's or place's, and the prefix names no organisation.
VESSEL_PREFIXES = _words("vessel_prefix")
VESSEL_PREFIX_RE = re.compile(rf"\b(?:{'|'.join(sorted(VESSEL_PREFIXES))})\b")
#: ISO 4217 currency codes (pycountry's): "EUR", "USD" are no organisations either.
CURRENCY_CODES = frozenset(c.alpha_3 for c in pycountry.currencies)
#: Words after an institution's name that make the whole the name of a law or treaty.
LAW_WORDS = _words("law_word")
#: Lowercase words after a hyphen that never end a name: "Korea-led", "Texas-based".
COMPOUND_TAILS = _words("compound_tail")
#: Endings of contractions: "We're", "There's" never name anyone.
CONTRACTIONS = _ordered("contraction")
#: French and Italian words elided before a vowel, written onto the next word with an
#: apostrophe: "l’Italia", "dell’Europa", "d’Allemagne", "qu’Emmanuel".
ELISIONS = _words("elision")
#: Directions in several languages: a region named only by them ("Nord", "Centre-Est") is
#: not read as a place (gazetteer._subdivisions reads this list from the file itself).
COMPASS = _words("compass")
#: English directions before a place's name that name a part of it ("Southern California",
#: "South Portland").
DIRECTIONS = _words("direction")
#: Demonyms that also name a continent's native peoples ("Isleta Indian tribe", "American
#: Indian", "Bureau of Indian Affairs"): no mention of India before these words or after
#: "American" and "Native".
NATIVE_DEMONYMS = _words("native_demonym")
NATIVE_CONTEXT = _words("native_context")
#: German articles, and prepositions merged with one ("beim", "zum"): a capitalised noun
#: after one is no town ("in den Bergen", "beim Essen").
GERMAN_ARTICLES = _words("german_article")
#: German prepositions that take a noun without its article ("in Kraft", "zu Hause"): an
#: organisation's name right after one is that noun ("Kraft", "Bild").
GERMAN_BARE_PREPOSITIONS = _words("german_bare_preposition")
#: How German compounds that name an organisation end ("Sportbund", "Landgericht",
#: "Ärzteverband"): a name ending in one is an organisation.
GERMAN_ORG_ENDINGS = _ordered("german_org_ending")
#: Words before a name that make it a place: "Mount Kenya", "Lake Tahoe", "São Braz".
PLACE_PREFIXES = _words("place_prefix")
#: Words after a name that make it a place: "Stewart Island", "Bering Sea", "Western Wall".
PLACE_SUFFIXES = _words("place_suffix")
#: Words that make a place of a known place before them, besides `PLACE_SUFFIXES` ("Gaza
#: City", "the Las Vegas Strip").
PLACE_PARTS = _words("place_part")
#: Words after a place and its word of place that carry a longer name on ("Cleveland
#: Museum of Natural History"): no place ends before one. (Not the links of a spelt-out
#: institution, `entity_document._NAME_LINKS`.)
PLACE_PART_LINKS = _words("place_part_link")
#: A country's government, as a text names it ("UK Government", "Government of Syria",
#: "die Bundesregierung"): no organisation of its own, the country in it a mention.
GOVERNMENT_WORDS = _words("government")
#: Words between a government and its country: "Government of the United Kingdom".
GOVERNMENT_LINKS = _words("government_link")
#: Articles written with a capital at a sentence's start ("El Gobierno", "Die Polizei").
CAPITAL_ARTICLES = _words("capital_article")
#: Words before a town that keep it the town in a sports report ("in München", "à Lorient").
CLUB_NOT_AFTER = _words("club_not_after")
#: Words after a town that say nothing of what it does ("München und Berlin").
CLUB_NOT_BEFORE = _words("club_not_before")
#: German possessives: a capitalised word after one is a noun ("sein Sohn Trey (30)").
GERMAN_POSSESSIVES = _words("german_possessive")
#: How the German adjectives of a country, region or idea end ("Europäischen",
#: "Süddeutsche"): capitalised mid-sentence, one begins a name ("die Europäische Union").
GERMAN_ADJECTIVE_ENDINGS = _ordered("german_adjective_ending")
#: Heads of an organisation's name that English text alone uses ("Team", "Trust",
#: "Center"), and that make one only after a name or before "of" ("the IETF Trust", "Board
#: of Education"; a "Customer Support Team" or "Press Center" is a page's furniture).
ENGLISH_ORG_KEYWORDS = _words("english_org_keyword")
#: Prepositions before a venue: "at Staples Center", "in the Montego Bay Convention Centre".
VENUE_PREPOSITIONS = _words("venue_preposition")
#: Words before "Center" or "Centre" that make it an institution's, not a venue's
#: ("Feinstein International Center", "Medical Center"; "Staples Center" is a venue).
CENTER_ORG_WORDS = _words("center_org_word")
#: How adjectives end in French and Italian, which write them in lower case after an
#: institution's noun, inside its name ("Conseil constitutionnel", "Commission
#: européenne", "Corte costituzionale").
ROMANCE_ADJECTIVE_ENDINGS = _ordered("romance_adjective_ending")
#: The Romance languages the recogniser reads (ISO 639-1): names put their adjectives after
#: the noun and open with an institution's keyword ("Fiscalía de la Nación").
ROMANCE_LANGUAGES = frozenset(("es", "fr", "it", "pt"))
#: Endings of Romance adjectives that no common surname has ("Ejecutivo", "Pública",
#: "Monetario", "Nacional", "Central"; not "-al", "-el", "-ano", "-ier", "-aria", "-ale" of
#: Cabral, Díaz-Canel, Serrano, Mercier, Arias, Vitale): an unknown noun and such a word are no
#: person ("Poder Ejecutivo").
ROMANCE_ADJECTIVE_TAILS = _ordered("romance_adjective_tail")
#: How the Polish words that open an institution's name start, in any case ending
#: ("Trybunałem Konstytucyjnym", "Parlamencie Europejskim", "Głównego Urzędu
#: Statystycznego", "Fundację Lux Veritatis"): such a name is no person's.
POLISH_ORG_STEMS = _ordered("polish_org_stem")
#: An army's, navy's ... name: the capitalised words before it are part of it ("British
#: Army", "Royal Navy", "People’s Liberation Army"), as its country's name is ("US Navy").
ARMED_FORCES = _words("armed_force")
#: Words of the language that are part of an army's name ("Royal Navy", "Free Syrian Army").
FORCE_WORDS = _words("force_word")
#: Nouns of a region before its name ("Kanton Nidwalden"): no club's name.
REGION_NOUNS = _words("region_noun")
#: The words before an organisation that make the name its journal's ("Proceedings of the
#: National Academy of Sciences"): the journal, a publisher, is the organisation named.
JOURNAL_PREFIXES = _ordered("journal_prefix")
#: German labels before a credit or a number ("Bild: Hersteller", "Mobil: 0171 ..."): the
#: word is the label, not the paper "Bild" nor the company "Mobil".
CREDIT_LABELS = _words("credit_label")
#: Words before a byline's or a photo credit's name ("By", "PHOTOGRAPH BY", "Foto", "Por").
BYLINE_WORDS = _words("byline_word")
#: Words between two names of a byline ("By JAKE SHERMAN and ANNA PALMER").
BYLINE_JOINS = _words("byline_join")
#: News agencies that write their names in lower case ("(dpa)", "epd", "kna").
LOWERCASE_AGENCIES = _words("lowercase_agency")
#: Photo agencies as a credit names them, in any case ("Foto: shutterstock", "(Getty/Kevork
#: Djansezian)", "smolaw11/iStock", "© imago images"): lower-case, one word of a longer name.
PHOTO_AGENCIES = _words("photo_agency")
#: How German abstract nouns end ("Nominierung", "Gesellschaft"): a word ending so (and
#: seven letters or more) is no surname.
GERMAN_NOUN_ENDINGS = _ordered("german_noun_ending")
#: How German nouns of an institution end, besides `GERMAN_ORG_ENDINGS` ("Wetterdienst",
#: "Landeskirche", "Rundfunk"): a named adjective before one opens its name.
GERMAN_INSTITUTION_ENDINGS = _ordered("german_institution_ending")
#: How the nouns of a town or a district end ("Gemeinde Wohlen", "Landkreis Harz"): before
#: a place's name, no institution.
GERMAN_TOWN_NOUNS = _ordered("german_town_noun")
#: How a German compound names one institution on its own ("Bundespolizei",
#: "Verfassungsgericht", "des Bundesinnenministeriums"): an organisation, unlike the noun
#: alone (`GERMAN_GENERIC_INSTITUTIONS`).
GERMAN_COMPOUND_INSTITUTIONS = _ordered("german_compound_institution")
#: Words of a German text about the law: there a "-gericht" is a court, elsewhere it may be
#: a dish ("Hauptgericht", "Lieblingsgericht").
GERMAN_LEGAL_WORDS = _words("german_legal_word")
#: German institutions named by their common noun alone ("die Polizei", "die Universität"):
#: no organisation (tests/data/ANNOTATION.md), unlike "Polizei Bad Salzdetfurth".
GERMAN_GENERIC_INSTITUTIONS = _words("german_generic_institution")
#: How German nouns of a role or a relative end ("Moderatorin", "Ehefrau", "Sohn"): one
#: before a name and an age is no part of the name ("Ehefrau Sheree Zampino (51)").
GERMAN_ROLE_ENDINGS = _ordered("german_role_ending")
#: The place suffixes of streets: "Dresden Road" or "Paris Avenue" may be in any country.
STREET_SUFFIXES = _words("street_suffix")
#: Words before where something happened ("officials in Geneva said").
PLACE_PREPOSITIONS = _words("place_preposition")
#: Verbs of what a company does ("Vidyard announced updates to its platform"): after an
#: unknown name, with "its" in the clause, they make it an organisation.
CORPORATE_VERBS = _words("corporate_verb")
#: Days and months: no organisation's name runs on over "on Monday" or "in May".
CALENDAR_WORDS = _words("calendar_word")
#: Words after a place that make the whole an airline, which the place word alone may name
#: again ("Alaska Airlines" ... "Alaska said").
AIRLINE_WORDS = _words("airline_word")
#: Particles inside a person's name: "Osama bin Laden", "Lula da Silva", "Ludwig van Beethoven".
NAME_PARTICLES = _words("name_particle")

#: How close (rapidfuzz ratio) a lone surname must be to a full name's surname.
SURNAME_RATIO = 85.0
#: Kinds of names found through their case endings ("Polsce", "Unii Europejskiej").
INFLECTED_KINDS = frozenset({"country", "place", "org", "metonym"})
