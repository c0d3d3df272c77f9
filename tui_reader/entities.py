"""Rule-based named-entity recogniser: regex tokens, gazetteer lookups, a few name rules.

One pass splits the text into runs of capitalised tokens (joined by spaces, hyphens and
connectors like "of"); each run is matched longest-first against the gazetteer, then the
unknown tokens left over become PERSON (after a title, or shaped like a full name) or ORG
("... Ministry", "Ministry of ..."). Lone surnames count only when the same text has the
full name (or a title before them).

The recogniser's parts, each building on the one before:

* `entity_words`: the cue words (`data/entity_cues.tsv`) and patterns of the rules;
* `entity_text`: tokens and lines (`TokenisedText`);
* `entity_cues`: a token's shape and context ("said Lebed", "the village of X");
* `entity_runs`: runs of capitalised tokens cut into gazetteer hits (`RunMatcher`);
* `entity_spans`: where a span ends ("Manchester United", "Microsoft Corp") and `emit`;
* `entity_rules`: the rules that label one run (`RunRules`);
* `entity_document`: the document-wide pass (`Document`).
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_reader.article import Entity
from tui_reader.entity_document import ROAD_WORDS, Document
from tui_reader.entity_words import (
    ARMED_FORCES,
    CLUB_PREFIXES,
    DIRECTIONS,
    GOVERNMENT_WORDS,
    LOWERCASE_AGENCIES,
    NAME_PARTICLES,
    PHOTO_AGENCIES,
    ROMANCE_LANGUAGES,
    VESSEL_PREFIXES,
)
from tui_reader.gazetteer import load_language
from tui_reader.language import guess_language


@dataclass(frozen=True, slots=True)
class Recognition:
    """Entities of one text and the countries it mentions."""

    entities: list[Entity]
    """Sorted by start, non-overlapping; `body[e.start:e.end] == e.text`."""
    countries: frozenset[str]
    """Alpha-2 codes from countries, places, metonyms, organisations and demonyms."""


def recognise(text: str) -> Recognition:
    """Find the entities in `text` and the countries it mentions."""
    lang = guess_language(text)
    doc = Document(text, load_language(lang), lang)
    doc.tokenise()
    taken = doc.websites() if doc.may_name_websites() else set()
    if any(prefix in text for prefix in VESSEL_PREFIXES):  # before a regex scan of the text
        taken |= doc.vessels()
    for run in doc.runs(taken):
        doc.process_run(run)
    doc.resolve_singles()
    if any(f" {particle} " in text for particle in NAME_PARTICLES):
        doc.particles_before_surnames()
    if " —" in text or " –" in text or " -" in text:  # a dateline's dash
        doc.dateline_places()
    if any(word in text for word in ROAD_WORDS):  # before a regex scan of the text
        doc.numbered_roads()
    if any(word in text for word in GOVERNMENT_WORDS):
        doc.governments()
    if not doc.english:
        doc.leading_function_words()
    if lang == "de":
        doc.entities.sort(key=lambda e: e.start)
        doc.german_adjective_names()
        doc.german_institutions_of_places()
        doc.german_compound_institutions()
        doc.german_short_names()
        doc.german_nouns_before_article()
        doc.generic_institutions()
    if any(agency in text for agency in LOWERCASE_AGENCIES):  # before a scan of the tokens
        doc.lowercase_agencies()
    lowered = text.lower()
    if any(agency in lowered for agency in PHOTO_AGENCIES):
        doc.photo_agencies()
    if doc.gaz.demonym_forms:
        doc.foreign_demonyms()
    doc.entities.sort(key=lambda e: e.start)
    doc.keywords_before_acronyms()
    if lang in ("fr", "it"):
        doc.lower_case_adjectives()
    if lang in ROMANCE_LANGUAGES:
        doc.romance_name_tails()
    if "+" in text:
        doc.plus_products()
    if " of the " in text:
        doc.journals()
    if any(force in text for force in ARMED_FORCES):
        doc.armed_forces()
    if " police" in text:
        doc.police_forces()
    if any(prefix + " " in text for prefix in CLUB_PREFIXES):  # before a regex scan
        doc.club_prefixes()
    if doc.sports:
        doc.clubs_named_after_towns()
    if any(direction + " " in text for direction in DIRECTIONS):
        doc.directions_before_places()
    if doc.gaz.namesakes:
        doc.place_namesakes()
    if doc.small_towns:
        doc.small_town_countries()
    doc.countries.update(e.country for e in doc.entities if e.country)
    doc.countries.discard("")
    return Recognition(doc.entities, frozenset(doc.countries))
