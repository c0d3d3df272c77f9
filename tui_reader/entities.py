"""Rule-based named-entity recogniser: regex tokens, gazetteer lookups, a few name rules.

One pass splits the text into runs of capitalised tokens (joined by spaces, hyphens and
connectors like "of"); each run is matched longest-first against the gazetteer, then the
unknown tokens left over become PERSON (after a title, or shaped like a full name) or ORG
("... Ministry", "Ministry of ..."). Lone surnames count only when the same text has the
full name (or a title before them).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from rapidfuzz import fuzz

from tui_reader.article import Entity
from tui_reader.gazetteer import ENTITY_LABEL, TOKEN_RE, Entry, Gazetteer, load

#: Lowercase words that may sit inside a name ("Ministry of Commerce and Industry").
CONNECTORS = frozenset({"of", "and", "for", "on", "the", "de", "du", "des", "la", "van", "von",
                        "der", "den", "al", "bin", "da", "dos"})
_ORG_LINKS = frozenset({"of", "for", "on", "the", "de", "and"})
_SENTENCE_END = frozenset(".!?:;|—–\n•")
_OPENERS = frozenset(" \t\"“‘'(«[")
_NAME_PREFIXES = ("Mc", "Mac", "De", "Di", "La", "Le", "Van", "O'", "O’", "Al-", "Abu")
#: How close (rapidfuzz ratio) a lone surname must be to a full name's surname.
SURNAME_RATIO = 85.0


@dataclass(frozen=True, slots=True)
class Recognition:
    """Entities of one text and the countries it mentions."""

    entities: list[Entity]
    """Sorted by start, non-overlapping; `body[e.start:e.end] == e.text`."""
    countries: frozenset[str]
    """Alpha-2 codes from countries, places, metonyms, organisations and demonyms."""


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    cap: bool
    poss: bool
    line: int


@dataclass(slots=True)
class _Item:
    """A stretch of a run: a gazetteer hit, a connector, or one unknown token."""

    i: int  # first token index
    j: int  # last token index (inclusive)
    entry: Entry | None
    conn: bool = False


class _Doc:
    """Per-text state for one `recognise` call."""

    def __init__(self, text: str, gaz: Gazetteer) -> None:
        self.text = text
        self.gaz = gaz
        self.toks: list[_Tok] = []
        self.newlines = [i for i, c in enumerate(text) if c == "\n"] if "\n" in text else []
        self.line_kind: dict[int, str] = {}
        self.entities: list[Entity] = []
        self.countries: set[str] = set()
        self.singles: list[tuple[int, bool]] = []  # (token index, right after a title)

    # -- tokens and lines -------------------------------------------------
    def tokenise(self) -> None:
        newlines = self.newlines
        for m in TOKEN_RE.finditer(self.text):
            s, e = m.span()
            w = m.group()
            poss = False
            if len(w) > 2 and w[-2] in "'’" and w[-1] in "sS":
                w, e, poss = w[:-2], e - 2, True
            line = bisect.bisect_left(newlines, s) if newlines else 0
            cap = w[0].isupper() or (w[:2] in ("d'", "d’") and w[2:3].isupper())  # d'Ivoire
            self.toks.append(_Tok(s, e, w, cap, poss, line))

    def kind_of_line(self, line: int) -> str:
        """'shout' (all caps), 'title' (Title Case headline) or 'text'."""
        kind = self.line_kind.get(line)
        if kind is None:
            kind = self._classify(line)
            self.line_kind[line] = kind
        return kind

    def _classify(self, line: int) -> str:
        lo = self.newlines[line - 1] if line > 0 else 0
        hi = self.newlines[line] if line < len(self.newlines) else len(self.text)
        words = [w for w in TOKEN_RE.findall(self.text, lo, hi) if len(w) > 1]
        if not words:
            return "text"
        upper = sum(1 for w in words if w.isupper())
        if upper >= 2 and upper >= 0.6 * len(words):
            return "shout"
        end = self.text[lo:hi].rstrip(" \t\xa0\"'”’)")
        if end.endswith(".") and not end.endswith(".."):
            return "text"  # headlines do not end with a full stop
        long = [w for w in words if len(w) > 3]
        if len(long) >= 3 and sum(1 for w in long if w[0].isupper()) >= 0.9 * len(long):
            return "title"
        return "text"

    def sentence_initial(self, k: int) -> bool:
        text = self.text
        p = self.toks[k].start - 1
        while p >= 0 and text[p] in _OPENERS:
            p -= 1
        return p < 0 or text[p] in _SENTENCE_END

    def joinable(self, a: int, b: int) -> bool:
        """May tokens a and b (b == a + 1) belong to one name?"""
        ta, tb = self.toks[a], self.toks[b]
        gap = self.text[ta.end:tb.start]
        if gap == " " or gap == "-":
            return True
        if not gap or "\n" in gap:
            return False
        if gap.isspace():
            return True
        if gap[0] == "." and gap[1:] == " ":
            return ta.text in self.gaz.abbrevs or (len(ta.text) == 1 and ta.cap)
        return False

    # -- runs ---------------------------------------------------------------
    def runs(self) -> list[list[int]]:
        toks = self.toks
        out: list[list[int]] = []
        cur: list[int] = []
        n = len(toks)
        for k in range(n):
            t = toks[k]
            if t.cap:
                if cur and not toks[cur[-1]].poss and self.joinable(k - 1, k):
                    cur.append(k)
                else:
                    if cur:
                        out.append(cur)
                    cur = [k]
            elif (cur and t.text in CONNECTORS and not toks[k - 1].poss and k + 1 < n
                  and toks[k + 1].cap and self.joinable(k - 1, k) and self.joinable(k, k + 1)):
                cur.append(k)
            elif cur:
                out.append(cur)
                cur = []
        if cur:
            out.append(cur)
        return out

    def lookup(self, run: list[int], p: int, kind: str) -> tuple[int, Entry] | None:
        """Longest gazetteer phrase starting at run[p]: (last position in run, entry)."""
        gaz, toks, text = self.gaz, self.toks, self.text
        head = toks[run[p]].text
        upper = head.isupper() and (len(head) > 2 or "." in head or kind == "shout")
        n = gaz.first.get(head, 0)
        if upper:
            n = max(n, gaz.first_folded.get(head.lower(), 0))
        if not n:
            return None
        start = toks[run[p]].start
        for q in range(min(len(run) - 1, p + n - 1), p - 1, -1):
            if not toks[run[q]].cap:
                continue
            key = text[start:toks[run[q]].end]
            if "  " in key or "\t" in key:
                key = " ".join(key.split())
            if kind == "shout" and len(key) < 4 and key.lower() in gaz.common_words:
                continue  # "JOIN US"
            entry = gaz.exact.get(key)
            if entry is None and upper and key.isupper():
                entry = gaz.folded.get(key.lower())
            if entry is None:
                continue
            if entry.mid_only and (kind != "text" or self.sentence_initial(run[p])):
                continue
            return q, entry
        return None

    def items(self, run: list[int], kind: str) -> list[_Item]:
        toks = self.toks
        out: list[_Item] = []
        p = 0
        while p < len(run):
            k = run[p]
            if not toks[k].cap:
                out.append(_Item(k, k, None, conn=True))
                p += 1
                continue
            hit = self.lookup(run, p, kind)
            if hit is None and toks[k].text in ("The", "THE") and p + 1 < len(run):
                hit = self.lookup(run, p + 1, kind)
                if hit is not None:
                    p += 1  # "The Kremlin": the article stays out of the span
                    k = run[p]
            if hit is None:
                out.append(_Item(k, k, None))
                p += 1
            else:
                q, entry = hit
                out.append(_Item(k, run[q], entry))
                p = q + 1
        return out

    # -- entities ---------------------------------------------------------------
    def emit(self, i: int, j: int, label: str, canonical: str | None = None,
             country: str | None = None) -> None:
        s, e = self.toks[i].start, self.toks[j].end
        span = self.text[s:e]
        if canonical is None:
            canonical = " ".join(span.split())
        self.entities.append(Entity(span, label, s, e, canonical, country))
        if country:
            self.countries.add(country)

    def name_shaped(self, k: int, kind: str) -> bool:
        tok = self.toks[k]
        w = tok.text
        if len(w) == 1:  # an initial: "Donald J. Trump"
            return w.isupper() and self.text[tok.end:tok.end + 1] == "."
        if not w[0].isupper() or any(c.isdigit() for c in w):
            return False
        if kind == "shout":
            return True
        rest = w[1:]
        if rest.isupper():
            return False
        return rest == rest.lower() or w.startswith(_NAME_PREFIXES) or "-" in w

    def looks_like_name(self, group: list[int], kind: str) -> bool:
        """A multi-token capitalised group that no table knows: is it a person's name?"""
        if kind != "text" or not 2 <= len(group) <= 4:
            return False
        gaz, toks = self.gaz, self.toks
        if not all(self.name_shaped(k, kind) for k in group):
            return False
        if any(toks[k].text in gaz.not_name_words or toks[k].text in gaz.org_keywords
               for k in group):
            return False
        head = toks[group[0]].text
        return head.lower() not in gaz.common_words or head in gaz.given_names

    def process_run(self, run: list[int]) -> None:
        toks, gaz = self.toks, self.gaz
        kind = self.kind_of_line(toks[run[0]].line)
        items = self.items(run, kind)
        before = run[0] - 1
        after_title = (before >= 0 and toks[before].text in gaz.lower_titles
                       and self.joinable(before, run[0]))
        x = 0
        while x < len(items):
            it = items[x]
            if it.conn:
                after_title = False
                x += 1
                continue
            if it.entry is not None and it.i == it.j and it.entry.kind in ("place", "country") \
                    and x + 1 < len(items) and items[x + 1].entry is None \
                    and not items[x + 1].conn and self.name_shaped(items[x + 1].i, kind) \
                    and (after_title or toks[it.i].text in gaz.given_names):
                it.entry = None  # "Vladimir Putin", "President Georgia Meloni"
            if it.entry is not None:
                entry = it.entry
                if entry.kind == "title":
                    after_title = True
                else:
                    after_title = False
                    if entry.kind == "demonym":
                        self.countries.add(entry.country or "")
                    else:
                        self.emit(it.i, it.j, ENTITY_LABEL[entry.kind], entry.canonical,
                                  entry.country)
                x += 1
                continue
            y = x
            while y < len(items) and items[y].entry is None and not items[y].conn:
                y += 1
            group = [items[z].i for z in range(x, y)]
            x = self.unknown_group(items, x, y, group, kind, after_title)
            after_title = False

    def unknown_group(self, items: list[_Item], x: int, y: int, group: list[int], kind: str,
                      after_title: bool) -> int:
        """Label unknown tokens items[x:y]; return the next item index to look at."""
        gaz, toks = self.gaz, self.toks
        while group and toks[group[0]].text in ("The", "THE", "A"):
            group, x = group[1:], x + 1
        if not group:
            return y
        keys = [z for z, k in enumerate(group) if toks[k].text in gaz.org_keywords]
        if keys and kind == "text" and not (after_title and keys[-1] == 0 and len(group) > 1):
            last = keys[-1]
            end_item = self.extend_org(items, x + last)
            if end_item > x + last or last > 0:
                country = next((items[z].entry.country for z in range(x + last, end_item + 1)
                                if items[z].entry is not None
                                and items[z].entry.kind == "country"), None)
                head = group[max(0, last - 3)]  # at most three words before the keyword
                self.emit(head, items[end_item].j, "ORG", None, country)
                return end_item + 1
        if after_title:
            name: list[int] = []
            for k in group[:4]:
                if not self.name_shaped(k, kind) or toks[k].text in gaz.not_name_words:
                    break
                name.append(k)
            if kind != "text":  # "President Donald J. Trump Says ...": two words at most
                words = [z for z, k in enumerate(name) if len(toks[k].text) > 1]
                if len(words) > 2:
                    name = name[:words[1] + 1]
            head = toks[name[0]].text if name else ""
            if len(name) > 1 and (head.lower() not in gaz.common_words
                                  or head in gaz.given_names):
                self.emit(name[0], name[-1], "PERSON")
                return x + len(name)
            if name and len(head) > 1:  # "President Trump Says": the surname alone
                self.singles.append((name[0], True))
                return x + 1
        if self.looks_like_name(group, kind):
            self.emit(group[0], group[-1], "PERSON")
            return y
        for k in group:
            if self.name_shaped(k, kind) and toks[k].text not in gaz.not_name_words:
                self.singles.append((k, False))
        return y

    def extend_org(self, items: list[_Item], z: int) -> int:
        """Stretch an organisation ending at items[z] over "of X", "for X", "and X"."""
        toks = self.toks
        while z + 2 < len(items):
            link, nxt = items[z + 1], items[z + 2]
            if not link.conn or nxt.conn or toks[link.i].text not in _ORG_LINKS:
                break
            if nxt.entry is not None and nxt.entry.kind not in ("country", "place", "org"):
                break
            if toks[link.i].text == "and":
                tail_ok = z + 3 >= len(items) or items[z + 3].conn
                if nxt.entry is not None or not tail_ok:
                    break
            z += 2
        return z

    def resolve_singles(self) -> None:
        """Lone capitalised words that match the surname of a person named in this text."""
        full: dict[str, str | None] = {}  # surname -> full name, None when two people share it

        def note(surname: str, name: str) -> None:
            if full.setdefault(surname, name) != name:
                full[surname] = None

        for e in self.entities:
            if e.label == "PERSON":
                parts = e.canonical.split()
                if len(parts) > 1:
                    note(parts[-1], e.canonical)
                    if len(parts[0]) <= 3:  # "Xi Jinping", "Kim Jong Un": family name first
                        note(parts[0], e.canonical)
        for k, titled in self.singles:
            if titled:  # "President Trump": a person even without a full name
                full.setdefault(self.toks[k].text, self.toks[k].text)
        gaz = self.gaz
        for k, titled in self.singles:
            w = self.toks[k].text
            known = w in full
            target = full.get(w)
            if not known and len(w) >= 4 and w.lower() not in gaz.common_words:
                best = 0.0
                for surname, canonical in full.items():
                    if surname[0] == w[0] and len(surname) >= 4:
                        score = fuzz.ratio(w, surname)
                        if score >= SURNAME_RATIO and score > best:
                            best, target, known = score, canonical, True
            if known or titled:
                self.emit(k, k, "PERSON", target)  # canonical stays the text when ambiguous


def recognise(text: str) -> Recognition:
    """Find the entities in `text` and the countries it mentions."""
    doc = _Doc(text, load())
    doc.tokenise()
    for run in doc.runs():
        doc.process_run(run)
    doc.resolve_singles()
    doc.entities.sort(key=lambda e: e.start)
    doc.countries.discard("")
    return Recognition(doc.entities, frozenset(doc.countries))
