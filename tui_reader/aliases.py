"""Corpus-wide canonical names for people: "Zelensky", "Zelenskiy" -> "Volodymyr Zelenskyy"."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from rapidfuzz import fuzz

from tui_reader.article import Entity

#: How close (rapidfuzz ratio, case-insensitive) two spellings of a surname must be.
SURNAME_RATIO = 85.0


class _Person:
    """One person: the full-name spellings seen for them, and in which documents."""

    def __init__(self, first: str, last: str) -> None:
        self.first = first
        self.surnames: set[str] = {last}
        self.counts: Counter[str] = Counter()
        self.docs: set[int] = set()

    @property
    def canonical(self) -> str:
        # Most used spelling; ties go to the longer, then the alphabetically first one.
        return min(self.counts, key=lambda n: (-self.counts[n], -len(n), n))

    def surname_score(self, name: str) -> float:
        low = name.lower()
        return max(fuzz.ratio(low, s) for s in self.surnames)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _people(docs: list[list[Entity]]) -> list[_Person]:
    """Cluster full names: same first name and a close surname."""
    people: list[_Person] = []
    by_first: dict[str, list[_Person]] = {}
    for d, entities in enumerate(docs):
        for e in entities:
            parts = _norm(e.text).split()
            if e.label != "PERSON" or len(parts) < 2:
                continue
            first, last = parts[0].lower(), parts[-1].lower()
            person = next((p for p in by_first.get(first, [])
                           if p.surname_score(last) >= SURNAME_RATIO), None)
            if person is None:
                person = _Person(first, last)
                people.append(person)
                by_first.setdefault(first, []).append(person)
            person.surnames.add(last)
            person.counts[" ".join(parts)] += 1
            person.docs.add(d)
    return people


def _pick(name: str, doc: int, people: list[_Person]) -> _Person | None:
    """The one person a lone name refers to, or None when unknown or ambiguous."""
    low = name.lower()
    scored: list[tuple[float, _Person]] = []
    for p in people:
        score = p.surname_score(low)
        if len(low) <= 3 and p.first == low:  # family name first: "Xi", "Kim"
            score = 100.0
        if score >= SURNAME_RATIO:
            scored.append((score, p))
    if not scored:
        return None
    exact = [sp for sp in scored if sp[0] == 100.0]
    if exact:
        scored = exact
    if len(scored) > 1:  # "Kushner" with Jared and Josh around: prefer this document's
        local = [sp for sp in scored if doc in sp[1].docs]
        if local:
            scored = local
    best = max(s for s, _ in scored)
    top = [p for s, p in scored if s == best]
    return top[0] if len(top) == 1 else None


def resolve_aliases(docs: list[list[Entity]]) -> list[list[Entity]]:
    """Return the same entities with `canonical` rewritten so that, within one corpus,
    variants of one name share one canonical name."""
    people = _people(docs)
    full_index: dict[str, _Person] = {}
    for p in people:
        for n in p.counts:
            full_index[n] = p
    out: list[list[Entity]] = []
    for d, entities in enumerate(docs):
        new: list[Entity] = []
        for e in entities:
            if e.label != "PERSON":
                new.append(e)
                continue
            name = _norm(e.text)
            person = full_index.get(name) if " " in name else _pick(name, d, people)
            canonical = person.canonical if person is not None else name
            new.append(e if canonical == e.canonical else replace(e, canonical=canonical))
        out.append(new)
    return out
