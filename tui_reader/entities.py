"""Rule-based named-entity recogniser: regex tokens, gazetteer lookups, a few name rules.

One pass splits the text into runs of capitalised tokens (joined by spaces, hyphens and
connectors like "of"); each run is matched longest-first against the gazetteer, then the
unknown tokens left over become PERSON (after a title, or shaped like a full name) or ORG
("... Ministry", "Ministry of ..."). Lone surnames count only when the same text has the
full name (or a title before them).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from tui_reader.article import Entity
from tui_reader.gazetteer import ENTITY_LABEL, TOKEN_RE, Entry, Gazetteer, capitals, load_language
from tui_reader.language import FUNCTION_WORDS, guess_language

#: Lowercase words that may sit inside a name ("Ministry of Commerce and Industry").
CONNECTORS = frozenset({"of", "and", "for", "on", "the", "de", "du", "des", "la", "van", "von",
                        "der", "den", "al", "bin", "da", "dos", "ibn", "del", "di", "el"})
_ORG_LINKS = frozenset({"of", "for", "on", "the", "de", "and"})
_SENTENCE_END = frozenset(".!?:;|—–\n•")
_OPENERS = frozenset(" \t\"“‘'(«[")
#: Endings of one-word names of organisations: "Bundesbank", "Gazprom", "Aeroflot".
_ORG_ENDINGS = ("bank", "prom", "flot", "neft", "soft")
#: Abbreviated company forms whose period belongs to the name.
_ABBREV_FORMS = frozenset({"Co", "Corp", "Inc", "Ltd", "Bros", "Cos"})
_NAME_PREFIXES = ("Mc", "Mac", "De", "Di", "La", "Le", "Van", "O'", "O’", "Al-", "Abu")
#: How close (rapidfuzz ratio) a lone surname must be to a full name's surname.
SURNAME_RATIO = 85.0
#: Verbs of saying that mark the lone capitalised word before or after them as a person
#: ("Lebed said", "said Lebed", "Lebed told reporters").
SPEECH_VERBS = frozenset({"said", "says", "told", "added", "tells", "adds", "stated", "wrote",
                          "argued", "explained", "insisted", "warned", "noted", "replied",
                          "recalled", "admitted", "declared", "conceded"})
#: A person's age after the name: "Lebed, 46, said".
_AGE_RE = re.compile(r" ?, ?\d{1,3} ?,")
#: Words after a city that make it a sports club ("Manchester United", "Leicester City").
CLUB_SUFFIXES = frozenset({"United", "FC", "Rovers", "Athletic", "Athletico", "Wanderers",
                           "Albion", "Hotspur", "Rangers", "Celtic", "Dynamo", "Sporting",
                           "Olympique", "Utd", "AFC", "CF", "SC", "Argyle", "Orient",
                           "Alexandra", "Academical", "Thistle", "Vale"})
#: Lowercase words around a place's name: "the village of Shatoi", "Lipetsk region".
_PLACE_NOUNS = frozenset({"village", "town", "city", "province", "region", "district",
                          "port", "capital", "island", "islands", "suburb", "county",
                          "state", "oblast", "prefecture", "township", "municipality",
                          "valley", "river", "enclave", "neighbourhood", "neighborhood"})
#: Lowercase words before the name of a paper, agency or broadcaster.
_MEDIA_WORDS = frozenset({"newspaper", "daily", "weekly", "magazine", "agency", "broadcaster",
                          "channel", "network", "tabloid", "paper", "station", "radio",
                          "television", "firm", "company", "group", "carrier", "airline",
                          "bank", "insurer", "retailer", "maker", "club", "party", "startup",
                          "start-up", "website", "outlet", "publisher", "automaker",
                          "carmaker", "conglomerate", "lender", "chain", "giant", "platform"})
#: Words after a name that make it an organisation: "Snapchat CEO Evan Spiegel".
_ORG_NEXT = frozenset({"CEO", "CFO", "COO", "CTO", "executives", "shareholders", "shares",
                       "stock", "headquarters", "subsidiary", "founder", "co-founder"})
#: Top-level domains that make "Name.com" a website's (an organisation's) name.
_DOMAINS = frozenset({"com", "net", "org", "info", "io", "tv", "co", "news", "London", "uk",
                      "de", "fr", "ru", "eu", "ca", "au", "in"})
#: Legal forms after a company's name: "Microsoft Corp", "Boeing Co.".
COMPANY_FORMS = frozenset({"Co", "Corp", "Corporation", "Inc", "Ltd", "Plc", "PLC", "AG", "SA",
                           "NV", "GmbH", "Group", "Holdings", "Company", "LLC", "Cos", "Bros"})
#: Words after a city that make it a newspaper ("Chicago Tribune", "Boston Globe").
MEDIA_SUFFIXES = frozenset({"Times", "Post", "Tribune", "Herald", "Journal", "Globe",
                            "Chronicle", "Gazette", "Telegraph", "Examiner", "Inquirer",
                            "Observer", "Courier", "Sentinel", "Dispatch", "Bulletin"})
#: ... and these only in sports reports ("Derby County", "Ipswich Town").
SPORTS_CLUB_SUFFIXES = frozenset({"City", "Town", "County", "Wednesday", "Forest", "Villa",
                                  "Palace", "Saints", "Stars"})
#: A text whose beginning names a sport is a sports report: club names and results tables.
_SPORTS_RE = re.compile(
    r"\b(?:soccer|football|rugby|cricket|basketball|baseball|hockey|tennis|golf|athletics|"
    r"cycling|motor racing|formula one|boxing|volleyball|handball|skiing|league|cup|"
    r"championship|tournament|nba|nfl|nhl|mlb|uefa|fifa|playoffs?|season|coach)\b",
    re.IGNORECASE)
#: Verbs and words of a match between two sides: "Barcelona beat Porto".
_MATCH_VERBS = frozenset({"beat", "beats", "defeated", "defeats", "edged", "thrashed", "routed",
                          "hammered", "crushed", "stunned", "upset", "host", "hosts", "hosted",
                          "face", "faces", "faced", "play", "plays", "played", "drew", "tied",
                          "lost", "lose", "loses", "overcame", "eliminated", "knocked"})
#: Words after a company's name that make the whole an event: "Fed Cup", "Apple Open".
_EVENT_WORDS = frozenset({"Cup", "Open", "Classic", "Trophy", "Series", "Championship",
                          "Championships", "Games", "Award", "Awards", "Prize", "Festival"})
#: Words of a product's name that tell it from its maker ("Apple Watch Ultra", "Pixel Pro").
_PRODUCT_WORDS = frozenset({"Pro", "Max", "Plus", "Mini", "Ultra", "Lite", "Air", "Edition",
                            "Play", "Store", "Pay", "Watch", "TV", "VR", "XL", "SE", "Go",
                            "One", "Music", "Maps", "Assistant", "Drive", "Cloud"})
#: Organisation keywords too plain to start a name after a place ("Pacific Group" stays).
_PLAIN_ORG_WORDS = frozenset({"Group", "Inc", "Ltd", "Co", "Corp", "Club"})
#: Words after an institution's name that make the whole the name of a law or treaty.
_LAW_WORDS = frozenset({"Act", "Bill", "Law", "Treaty", "Accord", "Convention", "Agreement"})
#: Lowercase words after a hyphen that never end a name: "Korea-led", "Texas-based".
_COMPOUND_TAILS = frozenset({"led", "run", "born", "made", "based", "owned", "held", "hit",
                             "like", "era", "wide", "style", "free", "type", "linked", "backed",
                             "bound", "area", "day", "war", "up", "in", "out", "on", "off"})
#: Endings of contractions: "We're", "There's" never name anyone.
_CONTRACTIONS = ("'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m", "n't", "n’t")
#: Words before a name that make it a place: "Mount Kenya", "Lake Tahoe", "São Braz".
PLACE_PREFIXES = frozenset({"Mount", "Mt", "Lake", "Fort", "Ft", "Port", "Cape", "San", "Santa",
                            "Santo", "São", "Saint", "St", "Sainte", "Isla", "Isle", "Gulf",
                            "Loch", "Glen", "Bay"})
#: Words after a name that make it a place: "Stewart Island", "Bering Sea", "Western Wall".
PLACE_SUFFIXES = frozenset({
    "Island", "Islands", "Isles", "Sea", "Ocean", "Bay", "Beach", "Harbour", "Harbor", "Coast",
    "Peninsula", "Strait", "Straits", "Channel", "Canal", "Passage", "Sound", "Lake", "Lakes",
    "River", "Creek", "Falls", "Valley", "Canyon", "Desert", "Mountains", "Mountain", "Hills",
    "Range", "Plateau", "Glacier", "Forest", "Park", "Gardens", "Square", "Plaza", "Street",
    "Avenue", "Boulevard", "Road", "Lane", "Bridge", "Tunnel", "Locks", "Dam", "Airport",
    "Stadium", "Arena", "Terminal", "Museum", "Wall", "Palace", "Castle", "Cathedral", "Abbey",
    "Temple", "Mosque", "Tower", "Towers", "Hotel", "Prison", "Jail", "Heights", "Springs",
    "County", "Province", "Region", "District", "Township", "Borough",
})
#: Quotes around a title of a work: "“Super Mario Run”", "‘Forza Horizon 3’".
#: Words before where something happened ("officials in Geneva said").
_PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "of", "near", "to", "for", "on", "by",
                                 "with", "across", "outside", "inside", "around"})
#: Kinds of names found through their case endings ("Polsce", "Unii Europejskiej").
_INFLECTED = frozenset({"country", "place", "org"})
_OPEN_QUOTES = frozenset("\"“‘'«")
_CLOSE_QUOTES = frozenset("\"”’'»")
#: Particles inside a person's name: "Osama bin Laden", "Lula da Silva", "Ludwig van Beethoven".
NAME_PARTICLES = frozenset({"bin", "ibn", "bint", "al", "el", "da", "de", "dos", "das", "do",
                            "van", "von", "der", "den", "du", "del", "della", "di", "le", "la"})
#: A number standing alone in a results line: "3", "6-3", "1:45.20", "67".
_DATE_RE = re.compile(r"\d{4}-\d\d-\d\d|\d\d?/\d\d?/\d{2,4}")
_SCORE_RE = re.compile(r"\d+(?:[-.:/]\d+)*")
_NEWLINE_RE = re.compile("\n")
_INITIALS_RE = re.compile(r"(?:[A-Z]\.){1,3}")
#: An acronym in brackets right after a name: "People Power Party (PPP)".
_ACRONYM_RE = re.compile(r" ?\(([A-Z][A-Za-z&]{1,7})\)")


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

    def __init__(self, text: str, gaz: Gazetteer, lang: str = "") -> None:
        self.text = text
        self.gaz = gaz
        self.toks: list[_Tok] = []
        self.newlines = [m.start() for m in _NEWLINE_RE.finditer(text)] if "\n" in text else []
        self.line_kind: dict[int, str] = {}
        self.entities: list[Entity] = []
        self.countries: set[str] = set()
        """Countries named by demonyms; `recognise` adds those its entities point to."""
        self.singles: list[tuple[int, bool]] = []  # (token index, right after a title)
        self.loose: list[tuple[int, int]] = []  # unknown groups left to the lone-word rules
        self.orgs: set[str] = set()  # names of organisations found in this text
        self.claimed: set[int] = set()  # tokens already labelled ("MA" in "Mansfield, MA")
        self.table_lines: dict[int, bool] = {}
        self._sports: bool | None = None
        self.lang = lang
        """The text's language ("" when unsure): the name rules are English rules."""
        self.english = self.lang in ("en", "")
        self.stop = FUNCTION_WORDS.get(self.lang, frozenset())
        """Function words of a non-English text ("Das", "Itu", "Yang" are never names)."""

    @property
    def sports(self) -> bool:
        """Is this a sports report? (judged from its first few hundred characters)"""
        if self._sports is None:
            self._sports = _SPORTS_RE.search(self.text, 0, 600) is not None
        return self._sports

    def line_bounds(self, line: int) -> tuple[int, int]:
        lo = self.newlines[line - 1] + 1 if line > 0 else 0
        hi = self.newlines[line] if line < len(self.newlines) else len(self.text)
        return lo, hi

    def table_line(self, line: int) -> bool:
        """A results or standings line of a sports report: names and numbers only
        ("Manchester United 3 Chelsea 1", "Ajax 3 2 1 0 8 3 7")."""
        known = self.table_lines.get(line)
        if known is None:
            known = self.table_lines[line] = self.sports and self._is_table(line)
        return known

    def _is_table(self, line: int) -> bool:
        lo, hi = self.line_bounds(line)
        words = self.text[lo:hi].replace("(", " ").replace(")", " ").replace(",", " ").split()
        if len(words) < 2 or not words[0][:1].isupper():
            return False
        numbers = 0
        for w in words:
            if _DATE_RE.fullmatch(w):  # a dateline: "LONDON 1996-08-30"
                return False
            if _SCORE_RE.fullmatch(w.rstrip(".")):
                numbers += 1
            elif w[0].isalpha() and not w[0].isupper() and w not in CONNECTORS:
                return False
        return numbers > 0

    def in_parens(self, k: int) -> bool:
        """Is token k inside parentheses on its line ("Sheffield 2 ( Hirst 27 )")?"""
        start = self.toks[k].start
        lo, _ = self.line_bounds(self.toks[k].line)
        before = self.text[lo:start]
        return before.rfind("(") > before.rfind(")")

    # -- tokens and lines -------------------------------------------------
    def tokenise(self) -> None:
        text, toks = self.text, self.toks
        newlines = self.newlines
        common = self.gaz.common_words
        line, next_nl = 0, newlines[0] if newlines else len(text)
        for m in TOKEN_RE.finditer(text):
            s, e = m.span()
            w = m.group()
            while s > next_nl:
                line += 1
                next_nl = newlines[line] if line < len(newlines) else len(text)
            poss = False
            if len(w) > 2 and w[-2] in "'’" and w[-1] in "sS":
                w, e, poss = w[:-2], e - 2, True
            if "\xad" in w:
                w = w.replace("\xad", "")  # a soft hyphen: "Netan\xadyahu"
            first = w[0]
            if first.islower():
                if toks and s > 0 and text[s - 1] == "-" and toks[-1].end == s - 1 \
                        and len(w) <= 6 and not poss and toks[-1].cap and w.isalpha() \
                        and not toks[-1].text.isupper() and not text.startswith("-", e) \
                        and "-" not in toks[-1].text and (w not in common or (
                            len(w) <= 3 and w not in _COMPOUND_TAILS and len(toks) > 1
                            and len(toks[-1].text) <= 5 and toks[-2].cap
                            and text[toks[-2].end:toks[-1].start] == " ")):
                    prev = toks[-1]  # "Han Dong-hoon", "Tsai Ing-wen": one name part
                    prev.end, prev.text = e, text[prev.start:e]
                    continue
                cap = w[:2] in ("d'", "d’") and w[2:3].isupper()  # d'Ivoire
            else:
                cap = first.isupper()
                if cap and ("'" in w or "’" in w) and w.endswith(_CONTRACTIONS):
                    cap = False  # "We're", "Don't"
            toks.append(_Tok(s, e, w, cap, poss, line))

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

    def speaks(self, k: int) -> bool:
        """Is token k the one who says ("Kati says:", "Nigel said"), not where it was said
        ("officials in Geneva said")?"""
        toks = self.toks
        return k + 1 < len(toks) and toks[k + 1].text in SPEECH_VERBS \
            and self.text[toks[k].end:toks[k + 1].start] == " " \
            and (k == 0 or toks[k - 1].text not in _PLACE_PREPOSITIONS)

    def line_initial(self, k: int) -> bool:
        """Does token k start its line (a dateline: "SEOUL (AP) --")?"""
        lo, _ = self.line_bounds(self.toks[k].line)
        return not self.text[lo:self.toks[k].start].strip()

    def sentence_initial(self, k: int) -> bool:
        text = self.text
        p = self.toks[k].start - 1
        while p >= 0 and text[p] in _OPENERS:
            p -= 1
        return p < 0 or text[p] in _SENTENCE_END

    def joinable(self, a: int, b: int) -> bool:
        """May tokens a and b (b == a + 1) belong to one name?"""
        ta, tb = self.toks[a], self.toks[b]
        gap = self.text[ta.end + 2 if ta.poss else ta.end:tb.start]
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
    def websites(self) -> set[int]:
        """Emit "Snopes.com", "Football.London" as organisations; their tokens."""
        toks, text = self.toks, self.text
        taken: set[int] = set()
        p = text.find(".")
        while p >= 0:
            k = self._tok_ending(p)
            if k is not None and k + 1 < len(toks) and toks[k].cap \
                    and toks[k + 1].start == p + 1 and toks[k + 1].text in _DOMAINS \
                    and (k == 0 or text[toks[k].start - 1] not in ".@/"):
                e = toks[k + 1].end
                if e >= len(text) or not (text[e].isalnum() or text[e] in "./"):
                    self.emit(k, k + 1, "ORG")
                    self.orgs.add(toks[k].text)
                    taken.update((k, k + 1))
            p = text.find(".", p + 1)
        return taken

    def _tok_ending(self, end: int) -> int | None:
        """The index of the token that ends at `end`, if any."""
        toks = self._ends if hasattr(self, "_ends") else None
        if toks is None:
            self._ends = toks = {t.end: k for k, t in enumerate(self.toks)}
        return toks.get(end)

    def runs(self) -> list[list[int]]:
        toks = self.toks
        out: list[list[int]] = []
        cur: list[int] = []
        n = len(toks)
        taken = self.websites() if ".c" in self.text or ".n" in self.text \
            or ".o" in self.text or ".i" in self.text or ".L" in self.text else set()
        for k in range(n):
            t = toks[k]
            if k in taken:
                if cur:
                    out.append(cur)
                    cur = []
                continue
            if t.cap:
                if cur and (not toks[cur[-1]].poss or self.poss_in_name(cur[-1])) \
                        and self.joinable(k - 1, k):
                    cur.append(k)
                else:
                    if cur:
                        out.append(cur)
                    cur = [k]
            elif (cur and t.text in CONNECTORS and not toks[k - 1].poss and k + 1 < n
                  and toks[k + 1].cap and self.joinable(k - 1, k) and self.joinable(k, k + 1)):
                cur.append(k)
            elif (not cur and t.text in ("al", "el") and k + 1 < n and toks[k + 1].cap
                  and toks[k + 1].start == t.end + 1 and self.text[t.end] == "-"):
                cur = [k]  # "al-Qaeda"
            elif cur:
                out.append(cur)
                cur = []
        if cur:
            out.append(cur)
        return out

    def poss_in_name(self, k: int) -> bool:
        """Is the possessive token k inside a name: the head of a known one ("People's
        Liberation Army"), or followed by an institution's ("Murdoch Children's Research
        Institute", "Bartholomew County Sheriff's Department")?"""
        toks = self.toks
        tok = toks[k]
        if self.gaz.first.get(self.text[tok.start:tok.end + 2], 0) > 1:
            return True
        if tok.text.lower() in self.gaz.common_words or not tok.text[:1].isupper():
            keywords = self.gaz.org_keywords
            for z in range(k + 1, min(k + 4, len(toks))):
                t = toks[z]
                if not t.cap or t.poss or not self.joinable(z - 1, z) if z > k + 1 else \
                        not t.cap or self.text[tok.end + 2:t.start] != " ":
                    return False
                if t.text in keywords:
                    return True
        return False

    def lookup(self, run: list[int], p: int, kind: str) -> tuple[int, Entry] | None:
        """Longest gazetteer phrase starting at run[p]: (last position in run, entry)."""
        gaz, toks, text = self.gaz, self.toks, self.text
        head = toks[run[p]].text
        if toks[run[p]].poss and p + 1 < len(run):
            head = text[toks[run[p]].start:toks[run[p]].end + 2]
        upper = head.isupper() and (len(head) > 2 or "." in head or kind == "shout")
        n = gaz.first.get(head, 0)
        if upper:
            n = max(n, gaz.first_folded.get(head.lower(), 0))
        if not n:
            if self.gaz.name_endings and kind != "shout" and not toks[run[p]].poss:
                return self.inflected(run, p)
            return None
        start = toks[run[p]].start
        for q in range(min(len(run) - 1, p + n - 1), p - 1, -1):
            if not toks[run[q]].cap:
                continue
            key = text[start:toks[run[q]].end]
            if "\xad" in key:
                key = key.replace("\xad", "")
            if "  " in key or "\t" in key:
                key = " ".join(key.split())
            if kind == "shout" and len(key) < 4 and key.lower() in gaz.common_words:
                continue  # "JOIN US"
            entry = gaz.exact.get(key)
            if entry is None and "-" in key and q > p:
                entry = gaz.exact.get(key.replace("-", " "))  # "Los-Angeles"
            if entry is None and upper and key.isupper():
                entry = gaz.folded.get(key.lower())
                if entry is not None and q == p and kind == "text" and entry.kind == "place" \
                        and not self.line_initial(run[p]):
                    entry = None  # "ITU", "CHAS": an acronym, not Itu or Chas
            if entry is None:
                continue
            if q == p and head in PLACE_PREFIXES and entry.kind == "place" and p + 1 < len(run) \
                    and toks[run[p + 1]].cap and self.joinable(run[p], run[p + 1]):
                return None  # "San Leandro": a place of its own, not San in Mali
            if entry.mid_only and (kind != "text" or self.sentence_initial(run[p])):
                continue
            return q, entry
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
            return entry.kind in _INFLECTED
        return entry.kind == "place" and "capital" in kinds \
            and (entry.canonical, entry.country) in capitals()

    def inflected(self, run: list[int], p: int) -> tuple[int, Entry] | None:
        """A country, place or organisation that starts at run[p] written with a case ending
        ("Polsce", "Wielką Brytanią", "Grossbritanniens", "Gazpromu"): (last position in run,
        entry), or None."""
        gaz, toks = self.gaz, self.toks
        tok = toks[run[p]]
        nxt = toks[run[p + 1]] if p + 1 < len(run) else None
        for head, kinds in self.base_forms(tok.text):
            n = gaz.first.get(head, 0)
            if not n:
                continue
            if n > 1 and nxt is not None and nxt.cap and not tok.poss \
                    and self.text[tok.end:nxt.start] == " ":
                for second, _ in ((nxt.text, kinds), *self.base_forms(nxt.text)):
                    entry = gaz.exact.get(f"{head} {second}")
                    if entry is not None and self.may_be(entry, kinds):
                        return p + 1, entry
            entry = gaz.exact.get(head)
            if entry is not None and self.may_be(entry, kinds) and not entry.mid_only:
                return p, entry
        return None

    def items(self, run: list[int], kind: str) -> list[_Item]:
        toks = self.toks
        out: list[_Item] = []
        p = 0
        while p < len(run):
            k = run[p]
            if not toks[k].cap:
                hit = self.lookup(run, p, kind) if p == 0 else None  # "al-Qaeda"
                if hit is not None:
                    out.append(_Item(k, run[hit[0]], hit[1]))
                    p = hit[0] + 1
                    continue
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
        if label == "ORG" and self.toks[j].text in _ABBREV_FORMS and self.text[e:e + 1] == "." \
                and self.text[e + 1:e + 2] not in ("", "\n"):
            e += 1  # "Walt Disney Co. executive"
        span = self.text[s:e]
        if canonical is None:
            canonical = " ".join(span.split())
        self.entities.append(Entity(span, label, s, e, canonical, country))

    def name_shaped(self, k: int, kind: str) -> bool:
        tok = self.toks[k]
        w = tok.text
        if len(w) == 1:  # an initial: "Donald J. Trump"
            return w.isupper() and self.text[tok.end:tok.end + 1] == "."
        if w[-1] == "." and _INITIALS_RE.fullmatch(w):  # "George H.W. Bush"
            return True
        if not w[0].isupper() or any(c.isdigit() for c in w):
            return False
        if kind == "shout":
            return True
        rest = w[1:]
        if rest.isupper():
            return False
        return rest == rest.lower() or w.startswith(_NAME_PREFIXES) or "-" in w

    def looks_like_name(self, group: list[int], kind: str) -> bool:
        """A multi-token capitalised group that no table knows: is it a person's name?

        English text: name-shaped words, none of them a word that never names anyone, the
        first not a common word unless it is a given name; in a headline or caption line
        only when the first is a given name ("Photo by James Martin"). Other languages: the
        first must be a given name (German capitalises every noun), or no word may be one of
        the language's function words."""
        gaz, toks = self.gaz, self.toks
        words = [k for k in group if toks[k].text not in NAME_PARTICLES]
        if not 2 <= len(words) <= 4 or words[0] != group[0] or words[-1] != group[-1]:
            return False
        head = toks[group[0]].text
        given = head in gaz.given_names
        if kind == "title":
            if not given or len(words) > 3:
                return False
            kind = "text"
        elif kind != "text":
            return False
        if not all(self.name_shaped(k, kind) for k in words):
            return False
        if not self.english and not given and (
                self.lang == "de" or any(toks[k].text.lower() in self.stop for k in words)):
            return False
        rest = words[1:] if given else words  # "Bill Clinton"
        if any((toks[k].text in gaz.not_name_words or toks[k].text in gaz.org_keywords)
               and self.text[toks[k].start - 1] != "-" for k in rest):  # "Waller-Bridge"
            return False
        if not given and sum(toks[k].text.lower() in gaz.common_words for k in words[1:]) > 1:
            return False  # "Hubble Space Telescope"
        text = self.text
        if any(len(toks[k].text) <= 2 and text[toks[k].start - 1] == "-" for k in words[1:]):
            return False  # "Wi-Fi", "Sci-Fi"
        return head.lower() not in gaz.common_words or given

    def quoted(self, first: int, last: int) -> bool:
        """Are tokens first..last a quoted title ("“Super Mario Run”", "‘NBA 2K17’")?"""
        text = self.text
        s, e = self.toks[first].start, self.toks[last].end
        if s == 0 or text[s - 1] not in _OPEN_QUOTES:
            return False
        if text[s - 1] == "'" and s > 1 and text[s - 2].isalnum():
            return False  # an apostrophe, not a quote
        while e < len(text) and (text[e].isdigit() or text[e] == " "):
            e += 1
        return e < len(text) and (text[e] in _CLOSE_QUOTES or text[e:e + 2] in (",\"", ",”"))

    def demote_given_names(self, items: list[_Item], kind: str) -> None:
        """Places and countries that are a person's name here: "Paul George", "John Bolton",
        "Chad Thomas", "George Soros", "Omar Hassan al-Bashir" (English rules)."""
        toks, gaz = self.toks, self.gaz
        given = gaz.given_names
        for x in range(len(items) - 1):
            a, b = items[x], items[x + 1]
            if a.conn or b.conn:
                continue
            ta, tb = toks[a.i], toks[b.i]
            first = ta.text in given or (  # "George H.W. Bush"
                _INITIALS_RE.fullmatch(ta.text) is not None and x > 0
                and items[x - 1].entry is None and toks[items[x - 1].i].text in given) or (
                # "Joaquin Phoenix": a given name the list lacks, before the run's last word
                not self.sports and (x + 2 == len(items) or items[x + 2].conn)
                and b.entry is not None
                and b.entry.kind == "place" and ta.text.lower() not in gaz.common_words
                and ta.text not in gaz.not_name_words and ta.text not in gaz.org_keywords
                and self.text[ta.end:tb.start] == " ")
            if a.entry is None and a.i == a.j and b.i == b.j and b.entry is not None \
                    and b.entry.kind in ("place", "country") and first \
                    and not ta.poss and self.name_shaped(a.i, kind) \
                    and not tb.text.isupper() and self.name_shaped(b.i, kind):
                b.entry = None  # "John Bolton", "Andrew Vaughan"
            elif a.entry is not None and a.i == a.j and a.entry.kind in ("place", "country") \
                    and (ta.text in given or (  # "Kara Tointon": a given name the list lacks
                        a.entry.kind == "place" and b.entry is None and not self.sports
                        and tb.text.lower() not in gaz.common_words
                        and tb.text not in MEDIA_SUFFIXES and tb.text not in COMPANY_FORMS
                        and (x + 2 == len(items) or items[x + 2].conn))) \
                    and not ta.poss and b.i == b.j \
                    and (b.entry is None or b.entry.kind == "place") \
                    and self.name_shaped(b.i, kind) \
                    and (not tb.text.isupper() or _INITIALS_RE.fullmatch(tb.text)) \
                    and tb.text not in gaz.not_name_words and tb.text not in gaz.org_keywords \
                    and tb.text not in PLACE_SUFFIXES:
                a.entry = None  # "George Lucas", "Brent Sherwood", "George H.W. Bush"
                if b.entry is not None:
                    b.entry = None

    def place_end(self, items: list[_Item], x: int) -> int:
        """The item of "Sea", "Island", "Museum" ... right after the place items[x]
        ("Pacific Ocean", "Bardo National Museum"), or x."""
        toks = self.toks
        for z in range(x + 1, min(x + 3, len(items))):
            item = items[z]
            if item.entry is not None or item.conn:
                break
            w = toks[item.i].text
            if w in PLACE_SUFFIXES:
                return z
            if w in self.gaz.org_keywords or not self.name_shaped(item.i, "text"):
                break
        return x

    def product_end(self, items: list[_Item], x: int) -> int:
        """The last item of a product named after the company items[x] ("Apple Vision Pro",
        "Twitter Lite", "Google Play Store"), or x when the name is the company's."""
        toks, gaz = self.toks, self.gaz
        z = x
        while z + 1 < len(items):
            item = items[z + 1]
            if item.entry is not None or item.conn or item.i != item.j:
                break
            tok = toks[item.i]
            w = tok.text
            if not self.joinable(items[z].j, item.i) or self.text[toks[items[z].j].end] != " ":
                break
            if w in _EVENT_WORDS:
                return z + 1  # "Fed Cup": an event
            product = w in _PRODUCT_WORDS
            if w in gaz.org_keywords or w in COMPANY_FORMS or w in MEDIA_SUFFIXES \
                    or w in gaz.given_names or (w in gaz.not_name_words and not product) \
                    or (w.isupper() and not product) or w in gaz.lower_titles:
                break
            if not (w[0].isupper() or w[0].isdigit()):
                break
            z += 1
        if z > x and not any(toks[items[v].i].text in _PRODUCT_WORDS
                             or toks[items[v].i].text.lower() not in gaz.common_words
                             for v in range(x + 1, z + 1)):
            return x  # "Google Executive Chairman ...": no product
        return z

    def process_run(self, run: list[int]) -> None:
        toks, gaz = self.toks, self.gaz
        if self.claimed and run[0] in self.claimed:
            run = [k for k in run if k not in self.claimed]
            if not run:
                return
        kind = self.kind_of_line(toks[run[0]].line)
        items = self.items(run, kind)
        if self.stop:
            for item in items:  # Indonesian "Itu", "Bukan" are no towns
                if item.entry is not None and item.i == item.j \
                        and toks[item.i].text.lower() in self.stop:
                    item.entry = None
        if not self.sports:
            for item in items:
                if item.entry is not None and item.entry.kind == "team":
                    item.entry = None  # "Thunder", "Heat" outside a sports report
        if kind == "text" and self.venue(run, items):
            return
        if (kind != "shout" or all(it.entry is not None and it.entry.kind == "demonym"
                                   for it in items if not it.conn)) \
                and self.quoted(run[0], run[-1]) and any(
                    it.entry is None or it.entry.kind not in ("org", "country") for it in items
                    if not it.conn):
            return  # a quoted title: "“China Grove”", "“Batman Arkham VR”", "‘IRISHMAN’"
        if self.english and len(items) > 1:
            self.demote_given_names(items, kind)
        last = items[-1]
        if self.english and kind == "text" and last.entry is not None \
                and last.i == last.j and self.toks[last.i].text in self.gaz.towns \
                and self.speaks(last.j):
            last.entry = None  # "Kati says:", "Nigel said": a town says nothing
        for x in range(len(items) - 1):
            it = items[x]
            if it.entry is not None and it.entry.kind in ("place", "country") \
                    and self.org_follows(items, x):
                it.entry = None  # "New Zealand Department of Conservation"
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
            if it.entry is not None and it.entry.kind == "place":
                end = self.club(items, x, kind)
                if end >= x:  # "Manchester United", "Chicago Tribune", "Leeds 3 Derby 3"
                    self.emit(it.i, items[end].j, "ORG")
                    after_title = False
                    x = end + 1
                    continue
            state = self.us_state_after(items[x].j) if x + 1 == len(items) and (
                it.entry is None or it.entry.kind == "place") else None
            if state is not None:
                if it.entry is None:  # "Kaupokonui, MA"?  Only a name-shaped word
                    group = [items[z].i for z in range(x, len(items))
                             if not items[z].conn]
                    if not all(self.name_shaped(k, kind) for k in group) or (
                            toks[group[0]].text.lower() in gaz.common_words
                            and not toks[group[0]].text.isupper()):
                        group = []
                    start = group[0] if group else -1
                else:
                    start = it.i
                if start >= 0:  # "Mansfield, MA" is in the US, not England
                    self.emit(start, it.j, "PLACE", None, "US")
                    k, last, end, name = state
                    self.entities.append(Entity(self.text[toks[k].start:end], "PLACE",
                                                toks[k].start, end, name, "US"))
                    self.claimed.update(range(k, last + 1))
                    after_title = False
                    x += 1
                    continue
            if it.entry is not None and it.entry.kind in ("place", "country"):
                end = self.place_end(items, x)
                if end > x:  # "Pacific Ocean", "Bardo National Museum"
                    code = it.entry.country if it.entry.kind == "place" else None
                    self.emit(it.i, items[end].j, "PLACE", None, code)
                    after_title = False
                    x = end + 1
                    continue
            if it.entry is not None and it.entry.kind == "org":
                end = self.product_end(items, x)
                if end > x:  # "Apple Vision Pro", "Twitter Lite": a product, no entity
                    after_title = False
                    x = end + 1
                    continue
                end = self.org_end(items, x)
                if end > x:  # "ABC News", "Stanford University", "Yahoo Japan"
                    self.emit(it.i, items[end].j, "ORG")
                    after_title = False
                    x = end + 1
                    continue
            if it.entry is not None:
                entry = it.entry
                if entry.kind == "title":
                    after_title = True
                else:
                    after_title = False
                    if entry.kind == "demonym":
                        if self.demonym_counts(items, x):
                            self.countries.add(entry.country or "")
                    elif entry.kind == "org" and self.company_end(items, x, kind) > x:
                        end = self.company_end(items, x, kind)
                        self.emit(it.i, items[end].j, "ORG")
                        x = end + 1  # "Microsoft Corp", "Philips Electronics NV"
                        continue
                    else:  # an organisation is no mention of its home country
                        self.emit(it.i, it.j, ENTITY_LABEL[entry.kind], entry.canonical,
                                  None if entry.kind == "org" else entry.country)
                x += 1
                continue
            y = x
            while y < len(items):
                if items[y].entry is None and not items[y].conn:
                    y += 1
                elif (y > x and items[y].conn and y + 1 < len(items)
                      and toks[items[y].i].text in NAME_PARTICLES
                      and items[y + 1].entry is None and not items[y + 1].conn):
                    y += 2  # "Osama bin Laden", "Lula da Silva"
                else:
                    break
            group = [items[z].i for z in range(x, y)]
            x = self.unknown_group(items, x, y, group, kind, after_title)
            after_title = False

    def demonym_counts(self, items: list[_Item], x: int) -> bool:
        """Does the demonym items[x] name its country? Not in an event's name ("Australian
        Open", "Irish Cup"), nor, in a text of another language, as a sentence's first word,
        which may be a word of that language (Polish "Dane": data)."""
        if x + 1 < len(items) and items[x + 1].entry is None and not items[x + 1].conn \
                and self.toks[items[x + 1].i].text in _EVENT_WORDS:
            return False
        return self.english or not self.sentence_initial(items[x].i)

    def venue(self, run: list[int], items: list[_Item]) -> bool:
        """Emit "The London West Hollywood", "at The London": a capitalised "The" before a
        place in mid-sentence names a hotel, venue or title, which is no mention of the
        place (nor of its country). Has it done so?"""
        toks = self.toks
        if toks[run[0]].text != "The" or not items or items[0].i == run[0] \
                or items[0].entry is None or items[0].entry.kind != "place" \
                or self.sentence_initial(run[0]):
            return False
        last = 0
        for x, it in enumerate(items):
            if it.entry is not None and it.entry.kind != "place":
                return False
            if it.entry is not None:
                last = x
        self.emit(run[0], items[last].j, "PLACE")
        return True

    def us_state_after(self, j: int) -> tuple[int, int, int, str] | None:
        """(first token, last token, end, state's name) of a US state's name, code or
        abbreviation after token j and ", " ("Birmingham, Alabama", "Mansfield, MA",
        "BUFFALO, N.Y."), or None."""
        toks, text = self.toks, self.text
        k = j + 1
        if k >= len(toks) or text[toks[j].end:toks[k].start] != ", ":
            return None
        w = toks[k].text
        states = self.gaz.us_states
        for last in (k + 1, k):  # "New York", "Alabama"
            if last >= len(toks) or not toks[last].cap or toks[last].poss \
                    or (last > k and text[toks[k].end:toks[last].start] != " "):
                continue
            entry = self.gaz.exact.get(text[toks[k].start:toks[last].end])
            if entry is not None and entry.kind == "place" and entry.country == "US" \
                    and entry.canonical in self.gaz.us_state_names \
                    and (last + 1 >= len(toks) or not toks[last + 1].cap
                         or not self.joinable(last, last + 1)):
                return k, last, toks[last].end, entry.canonical
        if w in states and (k + 1 >= len(toks) or toks[k + 1].start > toks[k].end + 1
                            or not text[toks[k].end].isalnum()):
            end = toks[k].end
        elif w + "." in states and text.startswith(".", toks[k].end):
            end = toks[k].end + 1  # "Calif.", "N.Y." (a token of its own: "N.Y.")
        elif w.endswith(".") and w in states:
            end = toks[k].end
        else:
            return None
        if w in ("IN", "OR", "ME", "OK", "HI") and k + 1 < len(toks) \
                and toks[k + 1].text.isupper():
            return None  # "PARIS, OR LONDON"
        return k, k, end, states.get(w) or states[w + "."]

    def org_follows(self, items: list[_Item], x: int) -> bool:
        """Does the name of an institution start at the place or country items[x]
        ("New Zealand Department of Conservation", "Columbus Police Department")?"""
        toks, gaz = self.toks, self.gaz
        for z in range(x + 1, min(x + 4, len(items))):
            item = items[z]
            if item.entry is not None or item.conn:
                return False
            w = toks[item.i].text
            if w in gaz.org_keywords and w not in _PLAIN_ORG_WORDS:
                return True
            if not self.name_shaped(item.i, "text"):
                return False
        return False

    def org_end(self, items: list[_Item], x: int) -> int:
        """The item of "News", "University", "Institute" ... right after the organisation
        items[x] ("ABC News", "Stanford University"), or x."""
        if x + 1 < len(items):
            item = items[x + 1]
            if item.entry is None and not item.conn and item.i == item.j:
                w = self.toks[item.i].text
                if w in self.gaz.org_keywords or w in ("News", "Network", "Networks"):
                    return x + 1
                last = x  # "Roscosmos Space Agency Press Service"
                for z in range(x + 1, min(x + 7, len(items))):
                    nxt = items[z]
                    if nxt.entry is not None or nxt.conn or nxt.i != nxt.j \
                            or not self.name_shaped(nxt.i, "text"):
                        break
                    if self.toks[nxt.i].text in self.gaz.org_keywords:
                        last = z
                if last > x:
                    return last
            elif item.entry is not None and item.entry.kind == "country" \
                    and self.text[self.toks[items[x].j].end:self.toks[item.i].start] == " " \
                    and (x + 2 >= len(items) or items[x + 2].conn):
                return x + 1  # a company's branch: "Yahoo Japan", "Samsung Korea"
        return x

    def company_end(self, items: list[_Item], x: int, kind: str) -> int:
        """The item of a legal form within two words after a company's name, or x."""
        for z in range(x + 1, min(x + 3, len(items))):
            item = items[z]
            if item.entry is not None or item.conn:
                break
            w = self.toks[item.i].text
            if (w.title() if kind == "shout" else w) in COMPANY_FORMS or w in COMPANY_FORMS:
                return z
        return x

    def club(self, items: list[_Item], x: int, kind: str) -> int:
        """The last item of a club or paper named after the place items[x] ("Manchester
        United", "Chicago Tribune", "Leeds" on a results line), or -1 when it is a place."""
        toks, gaz = self.toks, self.gaz
        it = items[x]
        nxt = items[x + 1] if x + 1 < len(items) else None
        if nxt is not None and nxt.entry is not None and nxt.entry.kind in ("org", "team") \
                and nxt.i == nxt.j and (self.sports or nxt.entry.canonical.startswith(
                    self.text[toks[it.i].start:toks[it.j].end] + " ")):
            return x + 1  # "Chicago Bulls", "New York Knicks"
        for z in range(x + 1, min(x + 4, len(items))):  # "Amsterdam Stock Exchange"
            if items[z].entry is not None or items[z].conn:
                break
            w = toks[items[z].i].text
            if (w.title() if kind == "shout" else w) in gaz.org_keywords:
                return z
        if nxt is not None and nxt.entry is None and not nxt.conn:
            w = toks[nxt.i].text
            if kind == "shout":
                w = w.title()
            if w in CLUB_SUFFIXES or w in MEDIA_SUFFIXES:
                return x + 1
            if self.sports and (w in SPORTS_CLUB_SUFFIXES or (
                    kind == "text" and self.name_shaped(nxt.i, kind) and w not in gaz.not_name_words
                    and w not in gaz.org_keywords and w not in gaz.given_names)):
                return x + 1  # "Los Angeles Lakers"
        if self.table_line(toks[it.i].line) and not self.in_parens(it.i):
            return x
        if self.sports and len(items) == 1 and self.match_cue(it.i, it.j):
            return x  # "Barcelona beat Porto"
        return -1

    def match_cue(self, i: int, j: int) -> bool:
        """Is the name at tokens i..j a side in a match ("Barcelona beat Porto 2-1", "lost
        to Porto", "drew with Ajax")?"""
        toks, text = self.toks, self.text
        if j + 1 < len(toks) and toks[j + 1].text in _MATCH_VERBS \
                and text[toks[j].end:toks[j + 1].start] == " ":
            return True
        if i > 0 and text[toks[i - 1].end:toks[i].start] == " ":
            prev = toks[i - 1].text
            if prev in _MATCH_VERBS or prev in ("against", "vs", "v"):
                return True
            if prev in ("to", "with", "at") and i > 1 \
                    and toks[i - 2].text in ("lost", "drew", "draw", "tied", "win", "won"):
                return True
        return False

    def unknown_group(self, items: list[_Item], x: int, y: int, group: list[int], kind: str,
                      after_title: bool) -> int:
        """Label unknown tokens items[x:y]; return the next item index to look at."""
        gaz, toks = self.gaz, self.toks
        while group and toks[group[0]].text in ("The", "THE", "A"):
            group, x = group[1:], x + 1
        if not group:
            return y
        if self.table_line(toks[group[0]].line):
            return self.table_group(items, x, y, group, kind)
        if len(group) == 1 and kind == "text" and self.english:
            w = toks[group[0]].text
            if len(w) > 6 and w.endswith(_ORG_ENDINGS) and w[-5].islower():
                self.emit(group[0], group[0], "ORG")  # "Bundesbank", "Rabobank"
                return y
        keys = [z for z, k in enumerate(group) if toks[k].text in gaz.org_keywords]
        if keys == [0] and len(group) > 1 and not self.english and kind == "text":
            end_item = self.extend_org(items, y - 1)
            self.emit(group[0], items[end_item].j, "ORG")  # "Banco Central", "Komisja Europejska"
            return end_item + 1
        if keys and kind == "text" and not (after_title and keys[-1] == 0 and len(group) > 1):
            last = keys[-1]
            end_item = self.extend_org(items, x + last)
            if end_item > x + last or last > 0:
                country = next((items[z].entry.country for z in range(x + last, end_item + 1)
                                if items[z].entry is not None
                                and items[z].entry.kind == "country"), None)
                after = items[end_item].j + 1
                if after < len(toks) and toks[after].text in _LAW_WORDS \
                        and self.joinable(after - 1, after):
                    return end_item + 1  # "Investment Company Act": a law
                head = group[max(0, last - 5)]  # at most five words before the keyword
                self.emit(head, items[end_item].j, "ORG", None, country)
                return end_item + 1
        if after_title:
            name: list[int] = []
            for k in group[:4]:
                w = toks[k].text.title() if kind == "shout" else toks[k].text
                if not self.name_shaped(k, kind) or w in gaz.not_name_words \
                        or w in gaz.org_keywords:
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
        if kind != "shout" and self.quoted(group[0], group[-1]):
            return y  # the title of a work: "“Super Mario Run”", "“Rez”"
        if len(group) >= 2 and toks[group[0]].text.lower() in gaz.lower_titles \
                and not after_title:
            group, x, after_title = group[1:], x + 1, True  # "Defenseman Jonas Brodin"
        if len(group) >= 3 and toks[group[1]].text in gaz.given_names \
                and toks[group[0]].text not in gaz.given_names \
                and (toks[group[0]].text.lower() in gaz.common_words or not self.english):
            group, x = group[1:], x + 1  # "Captain Wasim Akram", "Premierminister Boris Johnson"
        if kind != "shout" and 2 <= len(group) <= 4 and (
                (toks[group[-1]].text in PLACE_SUFFIXES
                 and self.text[toks[group[-1]].start - 1] != "-")  # "Phoebe Waller-Bridge"
                or toks[group[0]].text in PLACE_PREFIXES) \
                and all(self.name_shaped(k, "text") for k in group):
            self.emit(group[0], group[-1], "PLACE")  # "Bering Sea", "Mount Kenya"
            return y
        if self.looks_like_name(group, kind):
            label = "ORG" if self.media_cue(group[0]) else "PERSON"
            self.emit(group[0], group[-1], label)
            return y
        if kind == "text" and len(group) <= 3 and (self.place_cue(group[0], group[-1])
                                                   or self.country_after(group[-1])) \
                and all(self.name_shaped(k, kind) for k in group) \
                and toks[group[0]].text not in gaz.given_names:
            self.emit(group[0], group[-1], "PLACE")  # "the village of Shatoi"
            return y
        if len(group) == 1 and kind == "text" and self.media_cue(group[0]):
            self.emit(group[0], group[0], "ORG")  # "the newspaper Al-Ahram"
            return y
        if kind == "text" and len(group) <= 3 and self.org_cue(group[-1]) \
                and toks[group[0]].text.lower() not in gaz.common_words \
                and all(self.name_shaped(k, kind) for k in group):
            self.emit(group[0], group[-1], "ORG")  # "Snapchat CEO Evan Spiegel"
            return y
        if kind == "text" and len(group) > 1:
            self.loose.append((group[0], group[-1]))
        for k in group:
            w = toks[k].text
            if self.name_shaped(k, kind) and w not in gaz.not_name_words \
                    and w.lower() not in self.stop:
                cue = kind == "text" and len(group) == 1 and self.english and self.person_cue(k)
                self.singles.append((k, cue))
        return y

    def place_cue(self, first: int, last: int) -> bool:
        """"village of X", "town of X", "X province", "X region"."""
        toks, text = self.toks, self.text
        if first >= 2:
            of, noun = toks[first - 1], toks[first - 2]
            if of.text == "of" and noun.text in _PLACE_NOUNS \
                    and text[noun.end:toks[first].start] == " of ":
                return True
        if last + 1 < len(toks):
            nxt = toks[last + 1]
            return nxt.text in _PLACE_NOUNS and text[toks[last].end:nxt.start] == " " \
                and nxt.text not in ("state", "city", "capital", "port")
        return False

    def org_cue(self, k: int) -> bool:
        """Is name k followed by "CEO", "shareholders", "stock" ...?"""
        if k + 1 >= len(self.toks):
            return False
        nxt = self.toks[k + 1]
        tok = self.toks[k]
        return nxt.text in _ORG_NEXT and (
            self.text[tok.end:nxt.start] == " " or (tok.poss and nxt.start - tok.end == 3))

    def country_after(self, j: int) -> bool:
        """Is token j followed by ", " and a country's name that ends the phrase ("Baikonur,
        Kazakhstan.", "in Kyzyl, Russia, on Monday")?"""
        toks, text, exact = self.toks, self.text, self.gaz.exact
        k = j + 1
        if k >= len(toks) or text[toks[j].end:toks[k].start] != ", " or not toks[k].cap \
                or self.sentence_initial(j):
            return False
        for m in range(k, min(k + 3, len(toks))):
            entry = exact.get(text[toks[k].start:toks[m].end])
            if entry is not None and entry.kind == "country":
                after = text[toks[m].end:toks[m].end + 1]
                return not toks[m].poss and after in ("", ".", ",", ";", ")", "\n", " ") \
                    and (m + 1 >= len(toks) or not toks[m + 1].cap
                         or toks[m + 1].start > toks[m].end + 1)
        return False

    def media_cue(self, k: int) -> bool:
        """Is name k right after "newspaper", "agency", "magazine" ...?"""
        if k == 0:
            return False
        prev = self.toks[k - 1]
        return prev.text in _MEDIA_WORDS and self.text[prev.end:self.toks[k].start] == " "

    def person_cue(self, k: int) -> bool:
        """Does the context make lone word k a person: "Lebed said", "said Lebed",
        "Lebed, 46,"? Common words never count ("Police said")."""
        toks, text = self.toks, self.text
        tok = toks[k]
        w = tok.text
        if len(w) < 3 or w.lower() in self.gaz.common_words or w in self.gaz.org_keywords:
            return False
        if k + 1 < len(toks):
            nxt = toks[k + 1]
            if nxt.text in SPEECH_VERBS and text[tok.end:nxt.start].strip(" ,'’s") == "":
                return True
        if k > 0:
            prev = toks[k - 1]
            if prev.text in ("said", "says") and text[prev.end:tok.start] == " " \
                    and text[tok.end:tok.end + 2].strip()[:1] in (".", ",", ""):
                return True
        return _AGE_RE.match(text, tok.end) is not None

    def table_group(self, items: list[_Item], x: int, y: int, group: list[int],
                    kind: str) -> int:
        """Unknown names on a results line: scorers in brackets and "First Last" players
        are people, the rest are clubs ("Arsenal 2 ( Wright 12 ) Derby 2")."""
        gaz, toks = self.gaz, self.toks
        group = [k for k in group if self.name_shaped(k, kind) or toks[k].text.isupper()]
        if not group:
            return y
        head = toks[group[0]].text
        if self.in_parens(group[0]):
            if len(group) > 1:
                self.emit(group[0], group[-1], "PERSON")
            else:
                self.singles.append((group[0], True))
        elif len(group) > 1 and (head in gaz.given_names or len(head) == 1):
            self.emit(group[0], group[-1], "PERSON")
        elif head not in gaz.not_name_words:
            self.emit(group[0], group[-1], "ORG")
        return y

    def extend_org(self, items: list[_Item], z: int) -> int:
        """Stretch an organisation ending at items[z] over "of X", "for X", "and X"."""
        toks = self.toks
        linked = False
        while z + 2 < len(items):
            link, nxt = items[z + 1], items[z + 2]
            if not link.conn or nxt.conn or toks[link.i].text not in _ORG_LINKS:
                break
            if nxt.entry is not None and nxt.entry.kind not in ("country", "place", "org"):
                break
            if toks[link.i].text == "and":  # "Ministry of Commerce and Industry" only
                tail_ok = z + 3 >= len(items) or items[z + 3].conn
                if nxt.entry is not None or not tail_ok or not linked:
                    break
            linked = True
            z += 2
            while nxt.entry is None and z + 1 < len(items) and items[z + 1].entry is None \
                    and not items[z + 1].conn:
                z += 1  # "Ministry of National Defense", "Council on Foreign Relations"
        return z

    def spread_orgs(self) -> set[int]:
        """Every other mention of an organisation this text names: a lone word or group the
        rules passed over that is written like an ORG found elsewhere in it ("Yahoo" after
        "Yahoo Inc", "PPP" after "People Power Party (PPP)", "Snopes" after "Snopes.com").
        Returns the tokens it labelled."""
        text, toks = self.text, self.toks
        orgs = self.orgs
        for e in self.entities:
            if e.label == "ORG":
                words = e.text.split()
                orgs.add(" ".join(words))
                if len(words) > 1 and words[-1].rstrip(".") in COMPANY_FORMS:
                    orgs.add(" ".join(words[:-1]))  # "Zorblax" after "Zorblax Inc"
                m = _ACRONYM_RE.match(text, e.end)
                if m:
                    orgs.add(m.group(1))
        done: set[int] = set()
        if not orgs:
            return done
        for i, j in self.loose:
            if " ".join(text[toks[i].start:toks[j].end].split()) in orgs:
                self.emit(i, j, "ORG")
                done.update(range(i, j + 1))
        singles = {k for k, _ in self.singles}
        starts = sorted((e.start, e.end) for e in self.entities)
        for k, tok in enumerate(toks):
            if k in done or tok.text not in orgs or not tok.cap:
                continue
            if k not in singles:  # an acronym ("PPP") the name rules never keep
                if not tok.text.isupper():
                    continue
                i = bisect.bisect_right(starts, (tok.start, len(text))) - 1
                if i >= 0 and starts[i][1] > tok.start:
                    continue  # inside an entity
            self.emit(k, k, "ORG")
            done.add(k)
        return done

    def places_named_like(self, surnames: dict[str, str | None]) -> None:
        """A lone word read as a place that is the surname of a person named in full in this
        text is that person ("ran afoul of Bush" after "George H.W. Bush"): no place, and no
        mention of a country."""
        for x, e in enumerate(self.entities):
            if e.label == "PLACE" and e.text in surnames and " " not in e.text:
                self.entities[x] = Entity(e.text, "PERSON", e.start, e.end,
                                          surnames[e.text] or e.text, None)

    def place_namesakes(self) -> None:
        """A town whose name towns of other countries share is the one of the country the
        rest of the text names ("Santa Cruz" beside "California" is in the US, not in the
        Philippines; "San Mateo County" too)."""
        namesakes = self.gaz.namesakes
        found: list[tuple[int, frozenset[str]]] = []
        others = set(self.countries)
        for x, e in enumerate(self.entities):
            if e.label != "PLACE" or not e.country:
                continue
            name = e.canonical
            codes = namesakes.get(name)
            if codes is None and " " in name and name.rsplit(" ", 1)[1] in PLACE_SUFFIXES:
                codes = namesakes.get(name.rsplit(" ", 1)[0])  # "San Mateo County"
            if codes is None:
                others.add(e.country)
            else:
                found.append((x, codes))
        for e in self.entities:
            if e.label != "PLACE" and e.country:
                others.add(e.country)
        for x, codes in found:
            e = self.entities[x]
            meant = codes & others
            if e.country not in others and len(meant) == 1:
                (code,) = meant
                self.entities[x] = Entity(e.text, e.label, e.start, e.end, e.canonical, code)

    def foreign_demonyms(self) -> None:
        """Countries named by a demonym of the text's language, in any case and inflection
        ("francés", "allemands", "ukrainische", "Rosjanie"), outside organisations' names."""
        forms = self.gaz.demonym_forms
        orgs = sorted((e.start, e.end) for e in self.entities if e.label == "ORG")
        starts = [s for s, _ in orgs]
        for tok in self.toks:
            code = forms.get(tok.text.casefold())
            if code is None:
                continue
            i = bisect.bisect_right(starts, tok.start) - 1
            if i < 0 or orgs[i][1] <= tok.start:
                self.countries.add(code)

    def resolve_singles(self) -> None:
        """Lone capitalised words that match the surname of a person named in this text."""
        done = self.spread_orgs()
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
        self.places_named_like(full)
        gaz = self.gaz
        firsts: dict[str, str | None] = {}  # given name -> the one full name with it
        for e in self.entities:
            if e.label == "PERSON" and " " in e.canonical:
                given = e.canonical.split()[0]
                if given in gaz.given_names and firsts.setdefault(given, e.canonical) \
                        != e.canonical:
                    firsts[given] = None
        for given, name in firsts.items():
            if name is not None and given not in full:
                full[given] = name  # "Eloise" after "Eloise Parry"
        for k, titled in self.singles:
            if titled:  # "President Trump": a person even without a full name
                full.setdefault(self.toks[k].text, self.toks[k].text)
        by_initial: dict[str, list[str]] = {}
        for surname in full:
            if len(surname) >= 4:
                by_initial.setdefault(surname[0], []).append(surname)
        close: dict[str, str | None] = {}
        for k, titled in self.singles:
            if k in done:
                continue
            w = self.toks[k].text
            known = w in full
            target = full.get(w)
            if not known and len(w) >= 4 and w.lower() not in gaz.common_words:
                if w not in close:
                    candidates = by_initial.get(w[0])
                    hit = process.extractOne(w, candidates, scorer=fuzz.ratio,
                                             score_cutoff=SURNAME_RATIO) if candidates else None
                    close[w] = hit[0] if hit else None
                if close[w] is not None:
                    target, known = full[close[w]], True
            if known or titled:
                self.emit(k, k, "PERSON", target)  # canonical stays the text when ambiguous


def recognise(text: str) -> Recognition:
    """Find the entities in `text` and the countries it mentions."""
    lang = guess_language(text)
    doc = _Doc(text, load_language(lang), lang)
    doc.tokenise()
    for run in doc.runs():
        doc.process_run(run)
    doc.resolve_singles()
    if doc.gaz.demonym_forms:
        doc.foreign_demonyms()
    doc.entities.sort(key=lambda e: e.start)
    if doc.gaz.namesakes:
        doc.place_namesakes()
    doc.countries.update(e.country for e in doc.entities if e.country)
    doc.countries.discard("")
    return Recognition(doc.entities, frozenset(doc.countries))
