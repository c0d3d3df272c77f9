"""Corpus-wide canonical names for people: "Zelensky", "Zelenskiy" -> "Volodymyr Zelenskyy".

Given the texts too, `resolve_aliases` also finds the short mentions that the recogniser,
one text at a time, could not know: a lone "Clinton" in any text of a corpus where
"Bill Clinton" appears is a person, a lone "Ford" where "Ford Motor Co" appears is an
organisation.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import replace

from rapidfuzz import fuzz

from tui_reader.article import Entity
from tui_reader.gazetteer import TOKEN_RE, load

#: Company forms dropped to get an organisation's short name ("Ford Motor Co" -> "Ford").
COMPANY_FORMS = frozenset({"Co", "Corp", "Corporation", "Inc", "Ltd", "Plc", "PLC", "AG", "SA",
                           "NV", "GmbH", "Group", "Holdings", "Company", "LLC", "Cos"})
#: First words of company names that are no short name on their own ("General Motors").
_GENERIC_HEADS = frozenset({
    "General", "National", "International", "United", "First", "New", "Royal", "Standard",
    "Union", "Central", "Federal", "Western", "Eastern", "Northern", "Southern", "Global",
    "Continental", "Allied", "Consolidated", "Universal", "Pacific", "Atlantic", "Capital",
    "Mutual", "Security", "Air", "Home", "Great", "Big", "Old", "Bank", "China", "Trans",
    "Inter", "Euro", "Asia", "Best", "Public", "Southwest", "Northwest", "American", "British",
})
_SENTENCE_END = frozenset(".!?:;|—–\n•\"“”")

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
    return choose_person(scored, doc)


def choose_person(scored: list[tuple[float, _Person]], doc: int) -> _Person | None:
    """The one candidate a lone name in document `doc` refers to, or None when ambiguous.

    Exact surname matches beat spelling variants; with several left ("Kushner" with Jared
    and Josh around), people named in full in the same document win.
    """
    if not scored:
        return None
    exact = [sp for sp in scored if sp[0] == 100.0]
    if exact:
        scored = exact
    if len(scored) > 1:
        local = [sp for sp in scored if doc in sp[1].docs]
        if local:
            scored = local
    best = max(s for s, _ in scored)
    top = [p for s, p in scored if s == best]
    return top[0] if len(top) == 1 else None


def resolve_aliases(docs: list[list[Entity]], texts: list[str] | None = None
                    ) -> list[list[Entity]]:
    """Return the same entities with `canonical` rewritten so that, within one corpus,
    variants of one name share one canonical name.

    With `texts` (the text of each document, same order), lone surnames of people and
    short names of companies seen in full anywhere in the corpus are added as entities.
    """
    if texts is not None:
        short = _short_names(docs)
        docs = [_add_short_mentions(d, t, short) for d, t in zip(docs, texts, strict=True)]
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


def _short_names(docs: list[list[Entity]]) -> dict[str, str]:
    """Lone words (and short forms) that name a person or organisation seen in full:
    {surface: label}. A word claimed by two labels is dropped."""
    gaz = load()
    found: dict[str, str | None] = {}

    def note(key: str, label: str) -> None:
        if found.setdefault(key, label) != label:
            found[key] = None

    for entities in docs:
        for e in entities:
            parts = _norm(e.text).split()
            if len(parts) < 2:
                continue
            if e.label == "PERSON":
                last = parts[-1]
                if len(last) > 2 and last[0].isupper() and last not in gaz.exact \
                        and last.lower() not in gaz.common_words and last[-1] != ".":
                    note(last, "PERSON")
            elif e.label == "ORG" and parts[-1].rstrip(".") in COMPANY_FORMS:
                head = parts[0]
                if head in gaz.given_names and len(parts) > 2 \
                        and parts[1].lower() not in gaz.common_words:
                    head = parts[1]  # "Walt Disney Co" -> "Disney"
                if head[0].isupper() and head not in _GENERIC_HEADS and head not in gaz.exact \
                        and head not in gaz.not_name_words and head not in gaz.org_keywords:
                    note(head, "ORG")  # "Ford Motor Co" -> "Ford"
    for entities in docs:  # a word that is itself a full entity somewhere is not short
        for e in entities:
            if " " not in e.text and e.text in found and e.label != found[e.text]:
                found[e.text] = None
    return {k: v for k, v in found.items() if v is not None}


def _add_short_mentions(entities: list[Entity], text: str, short: dict[str, str]
                        ) -> list[Entity]:
    """`entities` plus the lone words of `short` found in `text` outside any entity."""
    if not short:
        return entities
    starts = [e.start for e in entities]
    ends = [e.end for e in entities]
    added: list[Entity] = []
    gaz = load()
    for m in TOKEN_RE.finditer(text):
        s, e = m.span()
        w = m.group()
        if len(w) > 2 and w[-2] in "'’" and w[-1] in "sS":
            w, e = w[:-2], e - 2
        label = short.get(w)
        shout = label is None and w.isupper() and len(w) > 2
        if shout:
            w = w.title()  # "CLINTON" in a headline
            label = short.get(w)
        if label is None:
            continue
        i = bisect.bisect_right(starts, s) - 1
        if i >= 0 and ends[i] > s:
            continue  # inside an entity already
        if i + 1 < len(starts) and starts[i + 1] < e:
            continue
        nxt = text[e:e + 2]
        if not shout and len(nxt) == 2 and nxt[0] in " -" and nxt[1].isupper():
            continue  # part of a longer name: "Clinton Foundation"
        prev = text[max(0, s - 2):s]
        if not shout and len(prev) == 2 and prev[1] in " -" and prev[0].isalpha() \
                and _cap_word_before(text, s):
            continue
        if w.lower() in gaz.common_words and _sentence_initial(text, s):
            continue
        added.append(Entity(text[s:e], label, s, e, text[s:e]))
    if not added:
        return entities
    return sorted(entities + added, key=lambda x: x.start)


def _cap_word_before(text: str, s: int) -> bool:
    p = s - 1
    while p >= 0 and text[p] in " -":
        p -= 1
    q = p
    while q >= 0 and (text[q].isalnum() or text[q] in "'’."):
        q -= 1
    word = text[q + 1:p + 1]
    return bool(word) and word[0].isupper()


def _sentence_initial(text: str, s: int) -> bool:
    p = s - 1
    while p >= 0 and text[p] in " \t\"“‘'([":
        p -= 1
    return p < 0 or text[p] in _SENTENCE_END
