"""Corpus-wide canonical names for people: "Zelensky", "Zelenskiy" -> "Volodymyr Zelenskyy".

Two stages, the same on every path (cache ingest, `newsreader export`, `newsreader entities`):

* per document, `add_short_mentions` adds the lone words that name someone the same text
  names in full: "Clinton" after "Bill Clinton", "Ford" after "Ford Motor Co". It runs
  where an article is built (`corpus._build`), right after the recogniser. A lone word is
  never made an entity because some *other* document names the person in full.
* corpus-wide, `link_names` works on person names only: full names with the same first
  name and a close surname are one person; a lone name ("Zelensky") goes to the one person
  whose surname it is or is spelled close to, and stays itself when that is ambiguous. A
  lone name goes to someone named in full only in *other* documents only with evidence:
  a document of its story group names them, or they are a strong prior (named in full in at
  least `PRIOR_DOCS` documents, and `DOMINANCE` times as many as anyone else with that
  surname) — and never across
  languages (a page's language is guessed from its function words), so an Indonesian "Yang"
  is not Andrew Yang and a high-school "Davis" is not Anthony Davis on one passing mention.

`resolve_aliases` runs both on lists of entities (the convenience API).

Linking is near-linear in the number of names: full names are looked up by (first name,
surname) and lone names by surname in dicts; spelling variants are found through an index
of each surname with at most one letter dropped (so two spellings are candidates when
dropping at most one letter from each makes them equal: "Zelenskyy" / "Zelenskiy" ->
"Zelensky"), and only those few candidates are scored (rapidfuzz ratio >= SURNAME_RATIO).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz import fuzz, process

from tui_reader.article import Entity, norm_name
from tui_reader.entity_text import OPENERS, SENTENCE_END, possessive_stem, sentence_initial
from tui_reader.entity_words import COMPANY_FORMS, SURNAME_RATIO
from tui_reader.gazetteer import TOKEN_RE, load
from tui_reader.language import guess_language

#: Company forms dropped to get an organisation's short name ("Ford Motor Co" -> "Ford"): the
#: recogniser's, but for "Bros" ("Warner" alone is no short name of "Warner Bros").
SHORT_NAME_FORMS = COMPANY_FORMS - {"Bros"}
#: First words of company names that are no short name on their own ("General Motors").
_GENERIC_HEADS = frozenset({
    "General", "National", "International", "United", "First", "New", "Royal", "Standard",
    "Union", "Central", "Federal", "Western", "Eastern", "Northern", "Southern", "Global",
    "Continental", "Allied", "Consolidated", "Universal", "Pacific", "Atlantic", "Capital",
    "Mutual", "Security", "Air", "Home", "Great", "Big", "Old", "Bank", "China", "Trans",
    "Inter", "Euro", "Asia", "Best", "Public", "Southwest", "Northwest", "American", "British",
})
#: Around a short name, a quote ends a sentence too ('... said." Ford'), and "«" opens none.
_SENTENCE_END = SENTENCE_END | frozenset("\"“”")
_OPENERS = OPENERS - {"«"}

#: Documents that must name a person in full before a lone name in a document that does not
#: (and shares no story group with one that does) is taken for them.
PRIOR_DOCS = 3
#: ... and how many times more documents than anyone else the name may mean.
DOMINANCE = 5


class _Person:
    """One person: the full-name spellings seen for them, and where they were named in full
    (how many documents, in which languages and story groups)."""

    __slots__ = ("canonical", "counts", "docs", "groups", "langs", "order")

    def __init__(self, order: int) -> None:
        self.order = order
        self.counts: Counter[str] = Counter()
        self.canonical = ""
        self.docs = 0
        self.langs: set[str] = set()
        self.groups: set[object] = set()

    def settle(self) -> None:
        # Most used spelling; ties go to the longer, then the alphabetically first one.
        self.canonical = min(self.counts, key=lambda n: (-self.counts[n], -len(n), n))


class _Lone:
    """Whom a lone name may refer to: its candidates, exact surname matches only when there
    are any (they beat spelling variants)."""

    __slots__ = ("candidates",)

    def __init__(self, scored: dict[_Person, float]) -> None:
        exact = {p: s for p, s in scored.items() if s == 100.0}
        self.candidates = exact or scored


def _unique_best(scored: dict[_Person, float]) -> _Person | None:
    if not scored:
        return None
    best = max(scored.values())
    top = [p for p, s in scored.items() if s == best]
    return top[0] if len(top) == 1 else None


def _near_keys(word: str) -> set[str]:
    """`word` and its spellings with one letter dropped."""
    return {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}


def _close(word: str, candidates: list[str]) -> list[tuple[str, float]]:
    """(candidate, score) for the candidates spelled close to `word` (rapidfuzz ratio >=
    SURNAME_RATIO). Every fuzzy comparison of linking goes through here."""
    return [(c, s) for c, s, _ in process.extract(word, candidates, scorer=fuzz.ratio,
                                                  score_cutoff=SURNAME_RATIO, limit=None)]


class _Names:
    """The people of a corpus and the indexes that find them by name (lowercase keys)."""

    def __init__(self) -> None:
        self.people: list[_Person] = []
        self.full: dict[str, _Person] = {}  # full name as written -> person
        self.by_name: dict[tuple[str, str], _Person] = {}  # (first name, surname) -> person
        self.owners: dict[str, list[_Person]] = {}  # surname -> the people with it
        self.near: dict[str, list[str]] = {}  # surname, or it less one letter -> surnames
        # first word of a full name (a given name, or a family name written first: "Xi")
        self.given: dict[str, list[_Person]] = {}
        self.lone: dict[str, _Lone] = {}

    def add(self, name: str) -> _Person:
        """The person of a full name: the one with that first name and the same or a close
        surname (the closest; the earliest seen on a tie), else a new one."""
        person = self.full.get(name)
        if person is not None:
            return person
        parts = name.lower().split()
        first, last = parts[0], parts[-1]
        person = self.by_name.get((first, last))
        if person is None:
            keys = _near_keys(last)
            person = self._variant(first, last, keys)
            if person is None:
                person = _Person(len(self.people))
                self.people.append(person)
                self.given.setdefault(first, []).append(person)
            self.by_name[first, last] = person
            owners = self.owners.get(last)
            if owners is None:
                self.owners[last] = [person]
                near = self.near
                for key in keys:
                    surnames = near.get(key)
                    if surnames is None:
                        near[key] = [last]
                    else:
                        surnames.append(last)
            else:
                owners.append(person)  # new (first, last): never there already
        self.full[name] = person
        return person

    def _close_surnames(self, keys: set[str]) -> set[str]:
        """Known surnames that equal a word once at most one letter is dropped from each
        (`keys`: the word's `_near_keys`)."""
        found: set[str] = set()
        near = self.near
        for key in keys:
            hit = near.get(key)
            if hit is not None:
                found.update(hit)
        return found

    def _variant(self, first: str, last: str, keys: set[str]) -> _Person | None:
        by_name = self.by_name
        candidates = [s for s in self._close_surnames(keys) if (first, s) in by_name]
        best: tuple[float, int] | None = None
        person = None
        for surname, score in _close(last, candidates) if candidates else ():
            p = self.by_name[first, surname]
            if best is None or (score, -p.order) > best:
                best, person = (score, -p.order), p
        return person

    def _score(self, low: str) -> dict[_Person, float]:
        scored = dict.fromkeys(self.owners.get(low, ()), 100.0)
        variants = [s for s in self._close_surnames(_near_keys(low)) if s != low]
        for surname, score in _close(low, variants) if variants else ():
            for p in self.owners[surname]:
                if score > scored.get(p, -1.0):
                    scored[p] = score
        if len(low) <= 3:  # family name first: "Xi", "Kim"
            scored.update(dict.fromkeys(self.given.get(low, ()), 100.0))
        return scored

    def pick(self, name: str, here: set[_Person], lang: str = "",
             group: object = None) -> _Person | None:
        """The one person a lone name refers to in a document that names `here` in full,
        is in language `lang` and in story group `group`; None when unknown, ambiguous or
        without evidence.

        Exact surname matches beat spelling variants; with several left ("Kushner" with
        Jared and Josh around), people named in full in the same document win; of those
        left, the one with the best score, if only one has it; a name that is nobody's
        surname but the first name of one person the document names in full is theirs
        ("Boris" beside "Boris Johnson"). Someone the document does
        not name in full needs evidence: named in full in a document of the same story
        group (in the same language), or a strong prior (`_prior`).
        """
        low = name.lower()
        lone = self.lone.get(low)
        if lone is None:
            lone = self.lone[low] = _Lone(self._score(low))
        candidates = lone.candidates
        if here:
            local = {p: candidates[p] for p in here if p in candidates}
            if local:
                return _unique_best(local) if len(local) > 1 else next(iter(local))
            # "Boris" in a story that names Boris Johnson, and no other Boris, in full
            given = [p for p in self.given.get(low, ()) if p in here]
            if not candidates and len(given) == 1:
                return given[0]
        if group is not None:
            grouped = {p: score for p, score in candidates.items()
                       if group in p.groups and lang in p.langs}
            if grouped:
                return _unique_best(grouped)
        return _prior(candidates, lang)


def _prior(candidates: dict[_Person, float], lang: str) -> _Person | None:
    """The strong prior for a lone name in language `lang` that no document of its story
    group explains, if there is one: a person with the best score for the name, named in
    full in `PRIOR_DOCS` documents or more, in that language, and in `DOMINANCE` times as
    many documents as anyone else the name may mean ("Trump": Donald Trump in 22 documents,
    Melania and Tiffany Trump in one each)."""
    best = max(candidates.values(), default=0.0)
    top = max((p for p, s in candidates.items() if s == best), key=lambda p: p.docs,
              default=None)
    if top is None or top.docs < PRIOR_DOCS or lang not in top.langs:
        return None
    if any(p.docs * DOMINANCE > top.docs for p in candidates if p is not top):
        return None
    return top


def link_names(docs: Sequence[Sequence[str]], langs: Sequence[str] | None = None,
               groups: Sequence[object] | None = None) -> list[dict[str, str]]:
    """Per document, {mention name: corpus-wide canonical name} for the names that change.

    `docs`: each document's person mentions (their text, whitespace collapsed), one entry
    per mention; `langs`: each document's language (`language.guess_language`; all one
    language when None); `groups`: each document's story group (any hashable, None for
    none; `similar.group_similar` makes them). Full names with the same first name and a
    close surname are one person, named by their most used spelling; a lone name goes to the
    one person whose surname it is (or, failing that, is spelled close to), the people named
    in full in the same document first, someone named only elsewhere only with evidence, and
    is left alone when that is still ambiguous (`_Names.pick`).
    """
    names = _cluster(docs, langs, groups)
    full = names.full
    out: list[dict[str, str]] = []
    for d, doc in enumerate(docs):
        renames: dict[str, str] = {}
        distinct = dict.fromkeys(doc)
        here = {full[n] for n in distinct if " " in n}
        lang = langs[d] if langs is not None else ""
        group = groups[d] if groups is not None else None
        for name in distinct:
            person = full[name] if " " in name else names.pick(name, here, lang, group)
            if person is not None and person.canonical != name:
                renames[name] = person.canonical
        out.append(renames)
    return out


def _cluster(docs: Sequence[Sequence[str]], langs: Sequence[str] | None = None,
             groups: Sequence[object] | None = None) -> _Names:
    """The people named in full in `docs` (in order of first mention), with their names,
    and the documents, languages and story groups that name them in full."""
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update(doc)
    names = _Names()
    for name, n in counts.items():
        if " " in name:
            names.add(name).counts[name] += n
    full = names.full
    for d, doc in enumerate(docs):
        lang = langs[d] if langs is not None else ""
        group = groups[d] if groups is not None else None
        for person in {full[n] for n in doc if " " in n}:
            person.docs += 1
            person.langs.add(lang)
            if group is not None:
                person.groups.add(group)
    for p in names.people:
        p.settle()
    return names


def resolve_aliases(docs: list[list[Entity]], texts: list[str] | None = None,
                    groups: Sequence[object] | None = None) -> list[list[Entity]]:
    """Return the same entities with `canonical` rewritten so that, within one corpus,
    variants of one name share one canonical name (`link_names`).

    With `texts` (the text of each document, same order), each document first gets its
    short mentions (`add_short_mentions`) — documents built by `corpus` have them already —
    and its language is guessed, so that names are never linked across languages.
    `groups`: each document's story group, if known (evidence for linking a lone name).
    """
    langs = None
    if texts is not None:
        docs = [add_short_mentions(d, t) for d, t in zip(docs, texts, strict=True)]
        langs = [guess_language(t) for t in texts]
    names = [[norm_name(e.text) for e in d if e.label == "PERSON"] for d in docs]
    out: list[list[Entity]] = []
    for entities, renames in zip(docs, link_names(names, langs, groups), strict=True):
        new: list[Entity] = []
        for e in entities:
            if e.label == "PERSON":
                name = norm_name(e.text)
                canonical = renames.get(name, name)
                if canonical != e.canonical:
                    e = replace(e, canonical=canonical)
            new.append(e)
        out.append(new)
    return out


def add_short_mentions(entities: list[Entity], text: str) -> list[Entity]:
    """`entities` (sorted by start) plus the lone words of `text` that name a person or
    company this same text names in full: "Clinton" after "Bill Clinton", "Ford" after
    "Ford Motor Co", "CLINTON" in a headline.

    The recogniser itself links a lone word to a full name of the same text when its rules
    took the word for a possible name (`entity_document.Document.resolve_singles`); this
    adds what they pass over (an all-caps headline's "CLINTON") and companies' short names,
    which the recogniser does not link. Words inside an entity are never added.
    """
    return _add_short_mentions(entities, text, _short_names([entities]))


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
            parts = norm_name(e.text).split()
            if len(parts) < 2:
                continue
            if e.label == "PERSON":
                last = parts[-1]
                if len(last) > 2 and last[0].isupper() and last not in gaz.exact \
                        and last.lower() not in gaz.common_words and last[-1] != ".":
                    note(last, "PERSON")
            elif e.label == "ORG" and parts[-1].rstrip(".") in SHORT_NAME_FORMS:
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
    for s in sorted(_token_starts(text, short)):
        m = TOKEN_RE.match(text, s)
        assert m is not None
        s, e = m.span()
        w = m.group()
        stem = possessive_stem(w)
        if stem is not None:
            w, e = stem, e - 2
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
        if w.lower() in gaz.common_words and sentence_initial(text, s, _OPENERS, _SENTENCE_END):
            continue
        added.append(Entity(text[s:e], label, s, e, text[s:e]))
    if not added:
        return entities
    return sorted(entities + added, key=lambda x: x.start)


def _token_starts(text: str, words: dict[str, str]) -> set[int]:
    """Where, in `text`, a token (`TOKEN_RE`) starts with one of `words` or its capitals:
    the places `_add_short_mentions` looks at, found without tokenising the whole text."""
    found: set[int] = set()
    for word in words:
        for key in {word, word.upper()}:
            i = text.find(key)
            while i >= 0:
                if _is_token_start(text, i):
                    found.add(i)
                i = text.find(key, i + 1)
    return found


def _is_token_start(text: str, i: int) -> bool:
    p = i  # tokens never hold whitespace: scan from the start of this run of non-space
    while p > 0 and not text[p - 1].isspace():
        p -= 1
    for m in TOKEN_RE.finditer(text, p):
        if m.start() >= i:
            return m.start() == i
    return False


def _cap_word_before(text: str, s: int) -> bool:
    p = s - 1
    while p >= 0 and text[p] in " -":
        p -= 1
    q = p
    while q >= 0 and (text[q].isalnum() or text[q] in "'’."):
        q -= 1
    word = text[q + 1:p + 1]
    return bool(word) and word[0].isupper()
