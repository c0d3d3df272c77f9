"""Articles as the cache stores them: the row encoding (`StoredArticle`, `encode_article`),
the compressed body and entities read back (`decode_body`), sanitising what another
version wrote, and file paths as SQLite text (`to_db`, `from_db`)."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from typing import NamedTuple

from ..article import LABELS, NAME_SEP, Article, Entity, norm_name
from ..files import Problem
from ..language import guess_language
from ..sanitize import clean_line, clean_text, text_needs_cleaning

#: What reading back a damaged stored body or entity list raises.
DECODE_ERRORS = (zlib.error, UnicodeDecodeError, ValueError, TypeError, IndexError, KeyError)


class StoredArticle(NamedTuple):
    """One article encoded for the `articles` table (see `encode_article`)."""

    id: str
    ordinal: int
    title: str
    source: str | None
    published: str | None
    countries: str
    """Alpha-2 codes, most mentioned first, space-separated."""
    names: str
    """Distinct canonical names of the COUNTRY entities, newline-separated."""
    places: str
    """Distinct canonical names of the PLACE entities, newline-separated."""
    orgs: str
    """Distinct canonical names of the ORG entities, newline-separated."""
    persons: str
    """Distinct person names (before corpus-wide aliasing), newline-separated."""
    people: str
    """JSON list of every person mention's name, for corpus-wide alias resolution."""
    entities: bytes
    """zlib-compressed compact JSON: per entity [label index, start, end, canonical (null
    when it is the text; always null for people, named corpus-wide), country]."""
    text: bytes
    """zlib-compressed clean body."""
    lang: str = ""
    """The body's language (`language.guess_language`), "" when unsure."""
    url: str | None = None
    """The article's web address, when the input gives one."""


@dataclass(slots=True)
class FileResult:
    """What ingesting one source file produced."""

    path: str
    size: int
    mtime_ns: int
    sha256: str
    articles: list[StoredArticle] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def encode_article(article: Article, ordinal: int) -> StoredArticle:
    """Encode an article (with per-article canonical names) for storage."""
    labels = {label: i for i, label in enumerate(LABELS)}
    compact: list[list[object]] = []
    names: dict[str, dict[str, None]] = {label: {} for label in LABELS}
    people: list[str] = []
    for e in article.entities:
        if e.label == "PERSON":
            name = norm_name(e.text)
            people.append(name)
            names["PERSON"][name] = None
            canonical = None  # decided corpus-wide, from the mention's text
        else:
            names[e.label][e.canonical] = None
            canonical = None if e.canonical == e.text else e.canonical
        compact.append([labels[e.label], e.start, e.end, canonical, e.country])
    return StoredArticle(
        id=article.id,
        ordinal=ordinal,
        title=article.title,
        source=article.source,
        published=article.published,
        countries=" ".join(article.countries_by_weight()),
        names=NAME_SEP.join(names["COUNTRY"]),
        places=NAME_SEP.join(names["PLACE"]),
        orgs=NAME_SEP.join(names["ORG"]),
        persons=NAME_SEP.join(names["PERSON"]),
        people=json.dumps(people, ensure_ascii=False, separators=(",", ":")),
        entities=zlib.compress(
            json.dumps(compact, ensure_ascii=False, separators=(",", ":")).encode()),
        text=zlib.compress(article.text.encode()),
        lang=guess_language(article.text),
        url=article.url,
    )


def decode_body(text: bytes, blob: bytes, aliases: str | None) -> tuple[str, list[Entity]]:
    """An article's stored text and entities (raises one of `DECODE_ERRORS` when damaged)."""
    body = zlib.decompress(text).decode()
    renames: dict[str, str] = json.loads(aliases) if aliases else {}
    entities = []
    for label, start, end, canonical, country in json.loads(zlib.decompress(blob)):
        surface = body[start:end]
        if LABELS[label] == "PERSON":
            name = norm_name(surface)
            canonical = renames.get(name, name)
        entities.append(Entity(surface, LABELS[label], start, end, canonical or surface,
                               country))
    return body, entities


def cleaned_body(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """A stored body that is not clean, cleaned, with its entities moved to where their
    (cleaned) text now is; an entity that cannot be found again is dropped."""
    cleaned = clean_text(text)
    kept: list[Entity] = []
    for e in entities:
        surface = clean_text(e.text)
        start = len(clean_text(text[:e.start]))  # where what precedes it now ends
        if not surface or cleaned[start:start + len(surface)] != surface:
            continue
        kept.append(Entity(surface, e.label, start, start + len(surface),
                           clean_line(e.canonical) or surface,
                           None if e.country is None else clean_line(e.country)))
    return cleaned, kept


def safe_names(joined: str) -> str:
    """A newline-separated names field with each name sanitised (when one needs it)."""
    if not text_needs_cleaning(joined.replace(NAME_SEP, " ")):
        return joined
    return NAME_SEP.join(filter(None, (clean_line(n) for n in joined.split(NAME_SEP))))


#: File names that are not UTF-8 reach Python as lone surrogates (U+DC80-U+DCFF for bytes
#: 0x80-0xFF), which SQLite text cannot hold. They are stored as characters of a private
#: use range instead, one for one, so that path prefixes still match.
_SURROGATES_TO_DB = {0xDC80 + n: 0xF780 + n for n in range(128)}
_DB_TO_SURROGATES = {v: k for k, v in _SURROGATES_TO_DB.items()}


def to_db(path: str) -> str:
    """A file path as the cache stores it (see `_SURROGATES_TO_DB`)."""
    return path.translate(_SURROGATES_TO_DB) if not path.isascii() else path


def from_db(stored: str) -> str:
    """A stored file path as the file system's str (the inverse of `to_db`)."""
    return stored.translate(_DB_TO_SURROGATES) if not stored.isascii() else stored
