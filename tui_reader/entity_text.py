"""Tokens and lines of a text, as the recogniser's rules see them.

`TokenisedText` splits a text into `Token`s (`gazetteer.TOKEN_RE`, possessives and soft
hyphens taken off, hyphenated name parts joined) and answers questions about where a token
stands: its line's kind (a shouted line, a Title Case headline or running text), whether it
starts a sentence or a line, whether two tokens may belong to one name, and whether a line
of a sports report is a results table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tui_reader.entity_words import COMPOUND_TAILS, CONNECTORS, CONTRACTIONS, ELISIONS
from tui_reader.gazetteer import TOKEN_RE, Gazetteer
from tui_reader.language import FUNCTION_WORDS

#: What a line is: "shout" (all caps), "title" (a Title Case headline) or "text".
LineKind = Literal["shout", "title", "text"]

#: What ends a sentence, and what may stand between that and the sentence's first word.
SENTENCE_END = frozenset(".!?:;|—–\n•")
OPENERS = frozenset(" \t\"“‘'(«[")
_NEWLINE_RE = re.compile("\n")
#: A text whose beginning names a sport is a sports report: club names and results tables.
SPORTS_RE = re.compile(
    r"\b(?:soccer|football|rugby|cricket|basketball|baseball|hockey|tennis|golf|athletics|"
    r"cycling|motor racing|formula one|boxing|volleyball|handball|skiing|league|cup|"
    r"championship|tournament|nba|nfl|nhl|mlb|uefa|fifa|playoffs?|season|coach)\b",
    re.IGNORECASE)
#: A date standing alone in a line: "1996-08-30", "30/08/96" (a dateline, no results line).
_DATE_RE = re.compile(r"\d{4}-\d\d-\d\d|\d\d?/\d\d?/\d{2,4}")
#: A number standing alone in a results line: "3", "6-3", "1:45.20", "67".
_SCORE_RE = re.compile(r"\d+(?:[-.:/]\d+)*")


def possessive_stem(word: str) -> str | None:
    """`word` without its possessive ending ("Russia's" -> "Russia"), or None when it has
    none."""
    if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":
        return word[:-2]
    return None


def sentence_initial(text: str, start: int, openers: frozenset[str] = OPENERS,
                     ends: frozenset[str] = SENTENCE_END) -> bool:
    """Does the word at `start` begin a sentence (only `openers` between it and the text's
    start or one of `ends`)?"""
    before = start - 1
    while before >= 0 and text[before] in openers:
        before -= 1
    return before < 0 or text[before] in ends


@dataclass(slots=True)
class Token:
    """A word of the text: `text[start:end]` without a possessive's "'s" (`possessive`)."""

    start: int
    end: int
    text: str
    capitalised: bool
    possessive: bool
    line: int


class TokenisedText:
    """A text, its tokens and lines, and its language's function words. Here and in the
    classes built on it, `k` is a token's index in `tokens`."""

    def __init__(self, text: str, gaz: Gazetteer, lang: str = "") -> None:
        self.text = text
        self.gaz = gaz
        self.tokens: list[Token] = []
        self.newlines = [m.start() for m in _NEWLINE_RE.finditer(text)] if "\n" in text else []
        self.line_kinds: dict[int, LineKind] = {}
        self.table_lines: dict[int, bool] = {}
        self._sports: bool | None = None
        self._token_by_end: dict[int, int] | None = None
        self._token_by_start: dict[int, int] | None = None
        self._lowercase: frozenset[str] | None = None
        self._article_nouns: frozenset[str] | None = None
        self.lang = lang
        """The text's language ("" when unsure): the name rules are English rules."""
        self.english = self.lang in ("en", "")
        self.stop = FUNCTION_WORDS.get(self.lang, frozenset())
        """Function words of a non-English text ("Das", "Itu", "Yang" are never names)."""

    def tokenise(self) -> None:
        """Fill `tokens`, in the order of the text."""
        text, tokens = self.text, self.tokens
        newlines = self.newlines
        common = self.gaz.common_words
        line, next_newline = 0, newlines[0] if newlines else len(text)
        for m in TOKEN_RE.finditer(text):
            start, end = m.span()
            word = m.group()
            while start > next_newline:
                line += 1
                next_newline = newlines[line] if line < len(newlines) else len(text)
            stem = possessive_stem(word)
            possessive = stem is not None
            if stem is not None:
                word, end = stem, end - 2
            if "\xad" in word:
                word = word.replace("\xad", "")  # a soft hyphen: "Netan\xadyahu"
            lower = word[0].islower()
            if lower and ("’" in word or "'" in word) \
                    and (cut := self._elided(word, tokens, start)):
                start, word, capitalised = start + cut, word[cut:], True  # l’[Italia]
            elif lower:
                if start > 0 and text[start - 1] == "-" \
                        and self._joins_previous(word, start, end, possessive, common):
                    previous = tokens[-1]  # "Han Dong-hoon", "Tsai Ing-wen": one name part
                    previous.end, previous.text = end, text[previous.start:end]
                    continue
                capitalised = word[:2] in ("d'", "d’") and word[2:3].isupper()  # d'Ivoire
            else:
                capitalised = word[0].isupper()
                if capitalised and ("'" in word or "’" in word) and word.endswith(CONTRACTIONS):
                    capitalised = False  # "We're", "Don't"
            tokens.append(Token(start, end, word, capitalised, possessive, line))

    def _elided(self, word: str, tokens: list[Token], start: int) -> int:
        """Where the name starts in a word carrying an elided article or preposition
        ("l’Italia", "dell’Europa", "d’Allemagne"), or 0. A "d’" after a capitalised word
        belongs to the name ("Côte d’Ivoire", "Val d’Isère")."""
        for k, ch in enumerate(word[:7]):
            if ch in "'’":
                if word[:k] not in ELISIONS or not word[k + 1:k + 2].isupper():
                    return 0
                if k == 1 and word[0] == "d" and tokens and tokens[-1].capitalised \
                        and tokens[-1].end == start - 1:
                    return 0
                return k + 1
        return 0

    def _joins_previous(self, word: str, start: int, end: int, possessive: bool,
                        common: frozenset[str]) -> bool:
        """Is the lowercase `word`, right after a hyphen, the second part of the previous
        token's name ("Dong-hoon"), not a compound ("Korea-led")?"""
        text, tokens = self.text, self.tokens
        return bool(tokens) and tokens[-1].end == start - 1 \
            and len(word) <= 6 and not possessive and tokens[-1].capitalised and word.isalpha() \
            and not tokens[-1].text.isupper() and not text.startswith("-", end) \
            and "-" not in tokens[-1].text and (word not in common or (
                len(word) <= 3 and word not in COMPOUND_TAILS and len(tokens) > 1
                and len(tokens[-1].text) <= 5 and tokens[-2].capitalised
                and text[tokens[-2].end:tokens[-1].start] == " "))

    def lowercase_words(self) -> frozenset[str]:
        """The words the text writes in lower case somewhere ("semana" in "la semana pasada"):
        a word of the language, not a name."""
        if self._lowercase is None:
            self._lowercase = frozenset(t.text for t in self.tokens if t.text[:1].islower())
        return self._lowercase

    def token_starting_at(self, start: int) -> int | None:
        """The index of the token that starts at `start`, if any."""
        if self._token_by_start is None:
            self._token_by_start = {t.start: k for k, t in enumerate(self.tokens)}
        return self._token_by_start.get(start)

    def token_ending_at(self, end: int) -> int | None:
        """The index of the token that ends at `end`, if any."""
        if self._token_by_end is None:
            self._token_by_end = {t.end: k for k, t in enumerate(self.tokens)}
        return self._token_by_end.get(end)

    # -- lines ----------------------------------------------------------------
    def line_bounds(self, line: int) -> tuple[int, int]:
        """Where line number `line` starts and ends (without its newline)."""
        lo = self.newlines[line - 1] + 1 if line > 0 else 0
        hi = self.newlines[line] if line < len(self.newlines) else len(self.text)
        return lo, hi

    def kind_of_line(self, line: int) -> LineKind:
        """'shout' (all caps), 'title' (Title Case headline) or 'text'."""
        kind = self.line_kinds.get(line)
        if kind is None:
            kind = self._classify(line)
            self.line_kinds[line] = kind
        return kind

    def _classify(self, line: int) -> LineKind:
        # From the newline before the line on (not after it as `line_bounds`): the same words.
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

    @property
    def sports(self) -> bool:
        """Is this a sports report? (judged from its first few hundred characters)"""
        if self._sports is None:
            self._sports = SPORTS_RE.search(self.text, 0, 600) is not None
        return self._sports

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
        for word in words:
            if _DATE_RE.fullmatch(word):  # a dateline: "LONDON 1996-08-30"
                return False
            if _SCORE_RE.fullmatch(word.rstrip(".")):
                numbers += 1
            elif word[0].isalpha() and not word[0].isupper() and word not in CONNECTORS:
                return False
        return numbers > 0

    # -- where a token stands -------------------------------------------------
    def in_parens(self, k: int) -> bool:
        """Is token k inside parentheses on its line ("Sheffield 2 ( Hirst 27 )")?"""
        start = self.tokens[k].start
        lo, _ = self.line_bounds(self.tokens[k].line)
        before = self.text[lo:start]
        return before.rfind("(") > before.rfind(")")

    def line_initial(self, k: int) -> bool:
        """Does token k start its line (a dateline: "SEOUL (AP) --")?"""
        lo, _ = self.line_bounds(self.tokens[k].line)
        return not self.text[lo:self.tokens[k].start].strip()

    def line_tail(self, k: int) -> bool:
        """Does token k end its line, but for closing punctuation?"""
        _, hi = self.line_bounds(self.tokens[k].line)
        return not self.text[self.tokens[k].end:hi].strip(" \t\xa0.,;)")

    def after_comma(self, k: int) -> bool:
        """Does token k follow a comma and a space on its line, after a word?"""
        start = self.tokens[k].start
        return start >= 3 and self.text[start - 2:start] == ", " and self.text[start - 3].isalnum()

    def sentence_initial(self, k: int) -> bool:
        """Does token k begin a sentence?"""
        return sentence_initial(self.text, self.tokens[k].start)

    def joinable(self, a: int, b: int) -> bool:
        """May tokens a and b (b == a + 1) belong to one name?"""
        first, second = self.tokens[a], self.tokens[b]
        gap = self.text[first.end + 2 if first.possessive else first.end:second.start]
        if gap == " " or gap == "-":
            return True
        if not gap or "\n" in gap:
            return False
        if gap.isspace():
            return True
        if gap[0] == "." and gap[1:] == " ":
            return first.text in self.gaz.abbrevs or (len(first.text) == 1 and first.capitalised)
        return False
