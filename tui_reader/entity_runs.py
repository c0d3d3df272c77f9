"""Runs of capitalised tokens and what the gazetteer knows of their parts.

A run is a stretch of capitalised tokens joined by spaces, hyphens and connectors ("of",
"and", "bin"); `items` cuts it, longest phrase first, into gazetteer hits, connectors and
unknown tokens, including names written with a case ending ("Polsce", "Gazpromu").
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_reader.entity_cues import NameCues
from tui_reader.entity_text import LineKind
from tui_reader.entity_words import (
    CONNECTORS,
    CONNECTORS_NOT_GERMAN,
    INFLECTED_KINDS,
    NAME_PARTICLES,
    PLACE_PREFIXES,
)
from tui_reader.gazetteer import Entry, capitals

#: In German texts "den" is an article, not a particle.
_GERMAN_CONNECTORS = CONNECTORS - CONNECTORS_NOT_GERMAN


@dataclass(slots=True)
class Item:
    """A stretch of a run: a gazetteer hit, a connector, or one unknown token."""

    first_token: int
    last_token: int
    """Inclusive."""
    entry: Entry | None
    connector: bool = False

    @property
    def one_token(self) -> bool:
        return self.first_token == self.last_token


class RunMatcher(NameCues):
    """Cuts the text into runs, and runs into items."""

    def runs(self, taken: set[int]) -> list[list[int]]:
        """The runs of capitalised tokens (token indexes), leaving out those in `taken`."""
        tokens = self.tokens
        out: list[list[int]] = []
        current: list[int] = []
        count = len(tokens)
        connectors = _GERMAN_CONNECTORS if self.lang == "de" else CONNECTORS
        particle = False  # the first of two name particles ("von der Leyen") was taken
        for k in range(count):
            token = tokens[k]
            if particle:
                particle = False
                current.append(k)
                continue
            if k in taken:
                if current:
                    out.append(current)
                    current = []
                continue
            if token.capitalised:
                if current and (not tokens[current[-1]].possessive
                                or self.possessive_in_name(current[-1])) \
                        and self.joinable(k - 1, k):
                    current.append(k)
                else:
                    if current:
                        out.append(current)
                    current = [k]
            elif (current and token.text in connectors and not tokens[k - 1].possessive
                  and k + 1 < count and tokens[k + 1].capitalised and self.joinable(k - 1, k)
                  and self.joinable(k, k + 1)):
                current.append(k)
            elif (current and token.text in NAME_PARTICLES and k + 2 < count
                  and tokens[k + 1].text in NAME_PARTICLES and tokens[k + 2].capitalised
                  and tokens[k - 1].text in self.gaz.given_names  # no "Día de la Madre"
                  and not tokens[k - 1].possessive and self.joinable(k - 1, k)
                  and self.joinable(k, k + 1) and self.joinable(k + 1, k + 2)
                  and k + 1 not in taken):
                current.append(k)  # "Ursula von der Leyen", "Rafael van der Vaart"
                particle = True
            elif (not current and token.text in ("al", "el") and k + 1 < count
                  and tokens[k + 1].capitalised and tokens[k + 1].start == token.end + 1
                  and self.text[token.end] == "-"):
                current = [k]  # "al-Qaeda"
            elif current:
                out.append(current)
                current = []
        if current:
            out.append(current)
        return out

    def possessive_in_name(self, k: int) -> bool:
        """Is the possessive token k inside a name: the head of a known one ("People's
        Liberation Army"), or followed by an institution's ("Murdoch Children's Research
        Institute", "Bartholomew County Sheriff's Department")?"""
        tokens = self.tokens
        token = tokens[k]
        if self.gaz.first.get(self.text[token.start:token.end + 2], 0) > 1:
            return True
        if token.text.lower() in self.gaz.common_words or not token.text[:1].isupper():
            keywords = self.gaz.org_keywords
            for z in range(k + 1, min(k + 4, len(tokens))):
                later = tokens[z]
                if ((not later.capitalised or later.possessive or not self.joinable(z - 1, z))
                        if z > k + 1 else
                        (not later.capitalised or self.text[token.end + 2:later.start] != " ")):
                    return False
                if later.text in keywords:
                    return True
        return False

    def lookup(self, run: list[int], at: int, kind: LineKind) -> tuple[int, Entry] | None:
        """Longest gazetteer phrase starting at run[at]: (its last position in run, entry)."""
        gaz, tokens, text = self.gaz, self.tokens, self.text
        head = tokens[run[at]].text
        if tokens[run[at]].possessive and at + 1 < len(run):
            head = text[tokens[run[at]].start:tokens[run[at]].end + 2]
        upper = head.isupper() and (len(head) > 2 or "." in head or kind == "shout")
        longest = gaz.first.get(head, 0)
        if upper:
            longest = max(longest, gaz.first_folded.get(head.lower(), 0))
        if not longest:
            if self.gaz.name_endings and kind != "shout" and not tokens[run[at]].possessive:
                return self.inflected(run, at)
            return None
        start = tokens[run[at]].start
        for end in range(min(len(run) - 1, at + longest - 1), at - 1, -1):
            if not tokens[run[end]].capitalised:
                continue
            key = text[start:tokens[run[end]].end]
            if "\xad" in key:
                key = key.replace("\xad", "")
            if "  " in key or "\t" in key:
                key = " ".join(key.split())
            if kind == "shout" and len(key) < 4 and key.lower() in gaz.common_words:
                continue  # "JOIN US"
            entry = gaz.exact.get(key)
            if entry is None and "-" in key and end > at:
                entry = gaz.exact.get(key.replace("-", " "))  # "Los-Angeles"
            if entry is None and upper and key.isupper():
                entry = gaz.folded.get(key.lower())
                if entry is not None and end == at and kind == "text" and entry.kind == "place" \
                        and not self.line_initial(run[at]):
                    entry = None  # "ITU", "CHAS": an acronym, not Itu or Chas
            if entry is None:
                continue
            if end == at and head in PLACE_PREFIXES and entry.kind == "place" \
                    and at + 1 < len(run) and tokens[run[at + 1]].capitalised \
                    and self.joinable(run[at], run[at + 1]):
                return None  # "San Leandro": a place of its own, not San in Mali
            if entry.mid_only and (kind != "text" or self.sentence_initial(run[at])):
                continue
            if entry.alone and len(run) > 1:
                continue
            return end, entry
        return None

    def base_forms(self, word: str) -> list[tuple[str, frozenset[str]]]:
        """The word with each of its language's case endings turned into the nominative one
        ("Polsce" -> "Polska", "Londynu" -> "Londyn", "Israels" -> "Israel"), and the kinds
        of names each may be."""
        out = []
        for ending, base, kinds in self.gaz.name_endings:
            if word.endswith(ending) and len(word) - len(ending) + len(base) >= 4:
                out.append((word[:len(word) - len(ending)] + base, kinds))
        return out

    def may_be(self, entry: Entry, kinds: frozenset[str]) -> bool:
        """Is `entry` of one of `kinds` ("country", "place", "capital", "org")?"""
        if entry.kind in kinds:
            return entry.kind in INFLECTED_KINDS
        return entry.kind == "place" and "capital" in kinds \
            and (entry.canonical, entry.country) in capitals()

    def inflected(self, run: list[int], at: int) -> tuple[int, Entry] | None:
        """A country, place or organisation that starts at run[at] written with a case ending
        ("Polsce", "Wielką Brytanią", "Grossbritanniens", "Gazpromu"): (last position in run,
        entry), or None."""
        gaz, tokens = self.gaz, self.tokens
        token = tokens[run[at]]
        following = tokens[run[at + 1]] if at + 1 < len(run) else None
        for head, kinds in self.base_forms(token.text):
            longest = gaz.first.get(head, 0)
            if not longest:
                continue
            if longest > 1 and following is not None and not token.possessive:
                found = self._inflected_phrase(run, at, head, kinds, longest)
                if found is not None:
                    return found
            entry = gaz.exact.get(head)
            if entry is not None and self.may_be(entry, kinds) and not entry.mid_only:
                return at, entry
        return None

    def _inflected_phrase(self, run: list[int], at: int, head: str, kinds: frozenset[str],
                          longest: int) -> tuple[int, Entry] | None:
        """The longest name of two words or more starting at run[at] (read as `head`), each
        later word as written or with its case ending off ("Vereinigten Arabischen Emirate",
        "Wielką Brytanią"): (last position in run, entry), or None."""
        gaz, tokens, text = self.gaz, self.tokens, self.text
        if "org_phrase" in kinds:
            kinds = kinds | {"org"}
        phrases = [head]
        found = None
        for z in range(at + 1, min(len(run), at + longest)):
            word, before = tokens[run[z]], tokens[run[z - 1]]
            if not word.capitalised or text[before.end:word.start] != " " or (
                    z > at + 1 and before.possessive):
                break
            forms = [word.text, *(base for base, _ in self.base_forms(word.text))]
            phrases = [f"{phrase} {form}" for phrase in phrases for form in forms][:16]
            for phrase in phrases:
                entry = gaz.exact.get(phrase)
                if entry is not None and self.may_be(entry, kinds):
                    found = (z, entry)
                    break
        return found

    def items(self, run: list[int], kind: LineKind) -> list[Item]:
        """`run` cut into gazetteer hits, connectors and unknown tokens."""
        tokens = self.tokens
        out: list[Item] = []
        at = 0
        while at < len(run):
            k = run[at]
            if not tokens[k].capitalised:
                hit = self.lookup(run, at, kind) if at == 0 else None  # "al-Qaeda"
                if hit is not None:
                    out.append(Item(k, run[hit[0]], hit[1]))
                    at = hit[0] + 1
                    continue
                out.append(Item(k, k, None, connector=True))
                at += 1
                continue
            hit = self.lookup(run, at, kind)
            if hit is None and tokens[k].text in ("The", "THE") and at + 1 < len(run):
                hit = self.lookup(run, at + 1, kind)
                if hit is not None:
                    at += 1  # "The Kremlin": the article stays out of the span
                    k = run[at]
            if hit is None:
                out.append(Item(k, k, None))
                at += 1
            else:
                end, entry = hit
                out.append(Item(k, run[end], entry))
                at = end + 1
        return out
