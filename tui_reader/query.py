"""The filter's query language, parsed into a small tree. Parsing never raises.

fzf-style terms, space is AND, `|` is OR between neighbouring terms:

- `word` fuzzy (typos and prefixes match), `'word` exact word, `^word` title starts
  with, `!word` articles without the word; smart case: a capital makes a term
  case-sensitive.
- Fields: `country:`, `person:`, `org:`, `place:`, `source:` (fuzzy on the value),
  `after:` / `before:` (dates), `is:unread`, `is:read`, `is:starred`. A value with
  spaces goes in double quotes: `person:"keir starmer"`. `!` negates a field too.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from .countries import resolve_country
from .dates import parse_date
from .sanitize import clean_line

#: Terms that find text: a word (typos and prefixes match), `'word`, `^word`.
TextKind = Literal["fuzzy", "exact", "title_prefix"]
#: Fields whose value is matched fuzzily against names of that kind.
NameField = Literal["person", "org", "place", "source"]
DateField = Literal["after", "before"]
#: Every field a query may name, as typed before its colon (`person:`, `is:`, ...).
Field = Literal[NameField, DateField, "country", "is"]
#: What a `Term` matches.
TermKind = Literal[TextKind, Field]

TEXT_KINDS: frozenset[TextKind] = frozenset(get_args(TextKind))
NAME_FIELDS: frozenset[NameField] = frozenset(get_args(NameField))
DATE_FIELDS: frozenset[DateField] = frozenset(get_args(DateField))
STATES = frozenset({"unread", "read", "starred"})
FIELDS: frozenset[Field] = frozenset(get_args(Field))
_FIELD_NAMED: dict[str, Field] = {name: name for name in FIELDS}

_TOKEN = re.compile(r'\|\s*|"[^"]*"?|[^\s"|]+(?:"[^"]*"?)?|\S')
_ISO = re.compile(r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?$")


@dataclass(frozen=True, slots=True)
class Term:
    """One condition of a query."""

    kind: TermKind
    """One of `TEXT_KINDS` or a field name from `FIELDS`."""
    value: str
    """The text to match (lower-cased unless `case_sensitive`), or the field's value."""
    negated: bool = False
    case_sensitive: bool = False
    codes: frozenset[str] = frozenset()
    """For `country:`, the alpha-2 codes the value names."""


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed filter: every group must match; a group matches when any of its terms does."""

    groups: tuple[tuple[Term, ...], ...] = ()
    errors: tuple[str, ...] = ()
    """Short messages about parts of the query that were ignored or match nothing."""
    notes: tuple[str, ...] = ()
    """How parts of the query were read, where that may surprise: an ambiguous or a
    misspelt `country:` value."""

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every term, in order."""
        return tuple(term for group in self.groups for term in group)

    def highlight_words(self) -> tuple[str, ...]:
        """The words a user typed to find text (for highlighting matches)."""
        return tuple(
            t.value for t in self.terms
            if not t.negated and t.kind in TEXT_KINDS
        )


def _date_bound(value: str, field: str) -> str | None:
    """An inclusive bound: `after:2025` is from 2025-01-01, `before:2025-04` to 2025-04-30."""
    if not _ISO.match(value):
        return parse_date(value)
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else (1 if field == "after" else 12)
    try:
        last = calendar.monthrange(year, month)[1]
        day = parts[2] if len(parts) > 2 else (1 if field == "after" else last)
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _term(token: str, errors: list[str], notes: list[str]) -> Term | None:
    negated = token.startswith("!")
    body = token[1:] if negated else token
    name, sep, value = body.partition(":")
    field = _FIELD_NAMED.get(name.lower()) if sep else None
    if field is not None:
        value = value.strip('"').strip()
        if not value:
            errors.append(f"{field}: needs a value")
            return None
        if field == "country":
            match = resolve_country(value)
            if not match.codes:
                errors.append(f"no country matches {value!r}")
            note = match.note(value)
            if note:
                notes.append(note)
            return Term("country", value, negated, codes=match.codes)
        if field == "is":
            state = value.lower()
            if state not in STATES:
                errors.append(f"is: takes {', '.join(sorted(STATES))}")
                return None
            return Term("is", state, negated)
        if field in DATE_FIELDS:
            date = _date_bound(value, field)
            if date is None:
                errors.append(f"{field}: expects a date like 2025-04-02")
                return None
            return Term(field, date, negated)
        return Term(field, value.replace("_", " ").lower(), negated)
    text = body.strip('"')
    kind: TextKind = "fuzzy"
    if text.startswith("'"):
        kind, text = "exact", text[1:]
    elif text.startswith("^"):
        kind, text = "title_prefix", text[1:]
    elif negated:
        kind = "exact"  # fzf: !word is an inverse exact match
    if not text:
        return None
    sensitive = text != text.lower()
    return Term(kind, text if sensitive else text.lower(), negated, sensitive)


def parse_query(text: str) -> Query:
    """Parse a filter string into AND-ed groups of OR-ed terms."""
    text = clean_line(text)  # controls and lone surrogates never reach the index
    errors: list[str] = []
    notes: list[str] = []
    groups: list[list[Term]] = []
    join_next = False
    for token in _TOKEN.findall(text):
        if token.startswith("|"):
            join_next = bool(groups)
            continue
        if token.count('"') % 2:
            errors.append("unclosed quote")
        term = _term(token.replace('"', "") if token.count('"') % 2 else token, errors,
                     notes)
        if term is None:
            continue
        if join_next and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return Query(tuple(tuple(g) for g in groups), tuple(errors), tuple(notes))
