"""The article record that flows from the core to the screen and to `export`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlsplit

#: The entity kinds newsreader recognises, in legend order.
LABELS: tuple[str, ...] = ("PERSON", "COUNTRY", "PLACE", "ORG")


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity found in an article body.

    `start`/`end` are character offsets into the clean body, so that
    `body[start:end] == text` always holds.
    """

    text: str
    """The span exactly as it appears in the body."""
    label: str
    """One of `LABELS`."""
    start: int
    end: int
    canonical: str
    """The name this entity is known by across the corpus ("Zelensky" -> "Volodymyr Zelenskyy")."""
    country: str | None = None
    """Alpha-2 code the entity points to (a country, a city's country, a metonym's), or None."""


@dataclass(slots=True)
class Article:
    """One clean article cut from a page dump."""

    id: str
    """Stable identifier: the same page content gives the same id on every run."""
    title: str
    source: str | None
    """The outlet the page names, or None."""
    published: str | None
    """Publication date as ISO `YYYY-MM-DD`, or None when the page gives none."""
    path: str
    """The file the article came from, as the user gave it."""
    text: str
    """The clean body: paragraphs separated by one blank line."""
    entities: list[Entity] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    """Sorted alpha-2 codes of every country the body mentions."""
    similar: list[str] = field(default_factory=list)
    """Ids of the other articles reporting the same story (near-duplicates), in corpus
    order; empty when there are none. Set by `similar.group_similar`."""
    url: str | None = None
    """The article's web address when the input gives one (an HTML page's canonical or
    og:url link, a JSON Lines `url`): an absolute http(s) URL (see `web_address`)."""

    def countries_by_weight(self) -> list[str]:
        """`countries`, most mentioned first (what the article is about leads the list)."""
        mentions = Counter(e.country for e in self.entities if e.country)
        return sorted(self.countries, key=lambda code: (-mentions[code], code))


#: Longest web address kept (longer ones are junk or tracking payloads).
MAX_URL = 2048


def web_address(value: str | None) -> str | None:
    """`value` when it is an absolute http(s) URL with a host and no whitespace or control
    characters (safe to hand to a browser), else None."""
    if not value:
        return None
    value = value.strip()
    if len(value) > MAX_URL or any(c.isspace() or not c.isprintable() for c in value):
        return None
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # "http://[::1" and the like
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return value


def norm_name(text: str) -> str:
    """A person mention's name as alias resolution and the cache see it (whitespace
    collapsed)."""
    return " ".join(text.split())


class ArticleMarks(NamedTuple):
    """An article's read and starred marks (what the cache keeps of the user's reading)."""

    read: bool
    starred: bool


#: Between the names of a `ListRow` field (a name never holds a line break).
NAME_SEP = "\n"


@dataclass(slots=True)
class ListRow:
    """What the article list and the filter need of one article; the rest stays on disk."""

    rowid: int
    id: str
    title: str
    source: str | None
    published: str | None
    countries: tuple[str, ...]
    """Alpha-2 codes, most mentioned first."""
    persons: str
    """Distinct people named, by their corpus-wide names, newline-separated (one string
    rather than a tuple of strings: a third of the memory, and `in` or a fuzzy scorer
    can run on it directly). `ListRow.names(row.persons)` splits it."""
    orgs: str
    """Distinct organisations named, newline-separated."""
    places: str
    """Distinct places named, newline-separated."""
    similar: tuple[str, ...] = ()
    """Ids of similar stories."""

    @staticmethod
    def names(joined: str) -> list[str]:
        """The names of a `persons`, `orgs` or `places` field."""
        return joined.split(NAME_SEP) if joined else []
