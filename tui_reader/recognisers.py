"""Choosing the entity recogniser: the built-in one, or a spaCy pipeline the user installed.

`--ner spacy:MODEL` maps a spaCy pipeline's labels to ours and runs our country
linking on top, so countries, demonyms and metonyms work the same with either
backend. Models are loaded from what is installed; nothing is ever downloaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .article import Entity
from .entities import Recognition
from .entities import recognise as recognise  # the default recogniser, re-exported
from .gazetteer import Entry, load

if TYPE_CHECKING:
    from spacy.language import Language

#: A recogniser: text in, entities and countries out.
Recogniser = Callable[[str], Recognition]

#: The `--ner` value of the built-in recogniser.
BUILTIN = "builtin"

#: spaCy labels we keep, by our label; GPE is decided by the gazetteer (country or place).
SPACY_LABELS: dict[str, str] = {
    "PERSON": "PERSON", "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
}
#: spaCy labels that name nationalities: they add a country but are not entities of ours.
DEMONYM_LABELS = frozenset({"NORP", "MISC"})

_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"['’][sS]?$")


class RecogniserError(Exception):
    """A `--ner` value that cannot be honoured, with a message for the user."""


def recogniser_from_spec(spec: str | None) -> Recogniser:
    """The recogniser a `--ner` value names: "builtin" (default) or "spacy:MODEL"."""
    if spec is None or spec == BUILTIN:
        return recognise
    kind, _, model = spec.partition(":")
    if kind == "spacy" and model:
        return SpacyRecogniser.load(model)
    raise RecogniserError(f"unknown recogniser {spec!r}: use 'builtin' or 'spacy:MODEL'")


class SpacyRecogniser:
    """Entities from a spaCy pipeline, linked to countries through our gazetteer."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        """The pipeline; any with an `ner` or `entity_ruler` component that sets `doc.ents`."""

    @classmethod
    def load(cls, model: str) -> SpacyRecogniser:
        """Load an installed spaCy pipeline by package name or path."""
        try:
            import spacy
        except ImportError as error:
            raise RecogniserError(
                "spaCy is not installed: pip install 'newsreader[spacy]' and a model"
            ) from error
        try:
            return cls(spacy.load(model))
        except OSError as error:
            raise RecogniserError(
                f"spaCy model {model!r} is not installed (newsreader never downloads models;"
                f" install it with pip first)"
            ) from error

    def __call__(self, text: str) -> Recognition:
        gaz = load()
        entities: list[Entity] = []
        countries: set[str] = set()
        for span in self.nlp(text).ents:
            start, end = _trim(text, span.start_char, span.end_char)
            if start >= end:
                continue
            surface = text[start:end]
            entry = gaz.exact.get(surface) or gaz.folded.get(surface.lower())
            if span.label_ in DEMONYM_LABELS:
                if entry is not None and entry.kind == "demonym" and entry.country:
                    countries.add(entry.country)
                continue
            label = SPACY_LABELS.get(span.label_)
            if label is None:
                continue
            entity = _linked(surface, label, start, end, entry)
            entities.append(entity)
            if entity.country:
                countries.add(entity.country)
        return Recognition(entities, frozenset(countries))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive, as our spans never include them."""
    span = text[start:end]
    lead = _LEADING_THE.match(span)
    if lead and end - start > lead.end():
        start += lead.end()
    tail = _POSSESSIVE.search(text[start:end])
    if tail and tail.start() > 0:
        end = start + tail.start()
    return start, end


def _linked(surface: str, label: str, start: int, end: int, entry: Entry | None) -> Entity:
    """Our label, canonical name and country for a spaCy span, from the gazetteer."""
    if entry is None or label == "PERSON" or entry.kind in {"title", "demonym"}:
        return Entity(surface, label, start, end, surface, None)
    by_kind: dict[str, str] = {"country": "COUNTRY", "place": "PLACE"}
    if label == "PLACE" and entry.kind in by_kind:
        label = by_kind[entry.kind]
    # An organisation is no mention of its home country (issue #13); a metonym is.
    country = entry.country if label != "ORG" or entry.kind == "metonym" else None
    return Entity(surface, label, start, end, entry.canonical, country)


def describe(recogniser: Any) -> str:
    """A short name of the recogniser for messages and benchmarks."""
    if isinstance(recogniser, SpacyRecogniser):
        return f"spacy:{recogniser.nlp.meta.get('name', '?')}"
    return BUILTIN
