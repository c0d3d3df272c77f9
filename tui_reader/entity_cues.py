"""What a token's shape and context say about it: is it shaped like a name, does the group
look like a person's name, and the cues around it ("said Lebed", "the village of Shatoi",
"Snapchat CEO", "Barcelona beat Porto", a quoted title)."""

from __future__ import annotations

import re
from collections.abc import Collection
from itertools import pairwise

from tui_reader.entity_text import LineKind, TokenisedText
from tui_reader.entity_words import (
    CREDIT_LABELS,
    GERMAN_ARTICLES,
    GERMAN_NOUN_ENDINGS,
    GERMAN_POSSESSIVES,
    GERMAN_ROLE_ENDINGS,
    LANGUAGE_TOWN_PREPOSITIONS,
    MATCH_VERBS,
    MEDIA_WORDS,
    NAME_PARTICLES,
    NAME_PREFIXES,
    ORG_NEXT,
    PLACE_NOUNS,
    PLACE_PREPOSITIONS,
    ROMANCE_ADJECTIVE_TAILS,
    ROMANCE_LANGUAGES,
    SPEECH_VERBS,
    TOWN_PREPOSITIONS,
)

#: A person's age after the name: "Lebed, 46, said".
_AGE_RE = re.compile(r" ?, ?\d{1,3} ?,")
#: German determiners: a capitalised word after one is a noun ("sein Sohn Trey (30)").
_DETERMINERS = GERMAN_ARTICLES | GERMAN_POSSESSIVES
#: What may stand between two words of a name: a space, an initial's period, a particle
#: ("Gonçalves da Silva"); no tab, line break or hyphen.
_NAME_GAP = re.compile(r"\.? (?:[^\W\d_]+ )*")
#: German articles in mid-sentence ("die", "den", "im"), not a name's "Der", "Die".
_LOWER_ARTICLES = frozenset(word for word in GERMAN_ARTICLES if word.islower())
#: An age in brackets after a name: "Marcell Jansen (33)".
_PAREN_AGE_RE = re.compile(r" \([1-9]\d\)")
#: Initials written together: "H.W.", "J.".
INITIALS_RE = re.compile(r"(?:[A-Z]\.){1,3}")
_OPEN_QUOTES = frozenset("\"“‘'«")
_CLOSE_QUOTES = frozenset("\"”’'»")
_THE = ("the", "The")


class NameCues(TokenisedText):
    """The shape and context tests of the name rules."""

    def name_shaped(self, k: int, kind: LineKind) -> bool:
        """Is token k written like (a part of) a name: "Smith", "McCain", "J.", "H.W."?"""
        token = self.tokens[k]
        word = token.text
        if len(word) == 1:  # an initial: "Donald J. Trump"
            return word.isupper() and self.text[token.end:token.end + 1] == "."
        if word[-1] == "." and INITIALS_RE.fullmatch(word):  # "George H.W. Bush"
            return True
        if not word[0].isupper() or any(c.isdigit() for c in word):
            return False
        if kind == "shout":
            return True
        rest = word[1:]
        if rest.isupper():
            return False
        return rest == rest.lower() or word.startswith(NAME_PREFIXES) or "-" in word

    def first_name(self, head: str, words: list[int]) -> bool:
        """Is `head`, the first of the name-shaped `words`, one of the gazetteer's wider
        `first_names`, with neither it nor the other words one the text writes in lower case
        or an English word ("Signa Development", "Mio Euro", "Reine Zinskosten" are no
        people), a German noun (`article_nouns`, "Nominierung"), nor set apart from it by
        anything but a space ("Benn-Gesetz", a table's tab)?"""
        lowercase = self.lowercase_words()
        if head not in self.gaz.first_names or head.lower() in lowercase:  # "Reine Zinskosten"
            return False
        tokens, common, text = self.tokens, self.gaz.common_words, self.text
        german = self.lang == "de"
        nouns = self.article_nouns() if german else frozenset()
        if words[0] and text[tokens[words[0]].start - 1] == "-":
            return False  # "Miami-Dade Transitway"
        for before, k in pairwise(words):
            word = tokens[k].text
            if word.lower() in common or word.lower() in lowercase or word in nouns \
                    or not _NAME_GAP.fullmatch(text, tokens[before].end, tokens[k].start) \
                    or (german and len(word) >= 7 and word.endswith(GERMAN_NOUN_ENDINGS)):
                return False  # a word, a noun, or no name's spacing ("Inga<TAB>Motivgleich")
        return True

    def article_nouns(self) -> frozenset[str]:
        """The capitalised words a German text writes after an article somewhere ("die
        Nominierung", "den Frauen"): nouns, no surnames ("Tommi Nominierung")."""
        if self._article_nouns is None:
            tokens = self.tokens
            self._article_nouns = frozenset(
                tokens[k].text for k in range(1, len(tokens))
                if tokens[k].text[:1].isupper() and self.preceded_by(k, _LOWER_ARTICLES))
        return self._article_nouns

    def looks_like_name(self, group: list[int], kind: LineKind) -> bool:
        """A multi-token capitalised group that no table knows: is it a person's name?

        English text: name-shaped words, none of them a word that never names anyone, the
        first not a common word unless it is a given name; in a headline or caption line
        only when the first is a given name ("Photo by James Martin"). Other languages: the
        first must be a given name (German capitalises every noun), or no word may be one of
        the language's function words."""
        gaz, tokens = self.gaz, self.tokens
        words = [k for k in group if tokens[k].text not in NAME_PARTICLES]
        if not 2 <= len(words) <= 4 or words[0] != group[0] or words[-1] != group[-1]:
            return False
        head = tokens[group[0]].text
        # "Marcell Jansen (33)": a press convention gives a person's age after the name
        given = head in gaz.given_names or self.first_name(head, words) or (
            len(words) == len(group) and head.lower() not in gaz.common_words
            and _PAREN_AGE_RE.match(self.text, tokens[group[-1]].end) is not None
            and not (group[0] > 0 and tokens[group[0] - 1].text in _DETERMINERS)
            and not head.lower().endswith(GERMAN_ROLE_ENDINGS))
        if kind == "title":
            if not given or len(words) > 3:
                return False
            kind = "text"
        elif kind != "text":
            return False
        if not all(self.name_shaped(k, kind) for k in words):
            return False
        if not self.english and not given and (
                self.lang == "de" or len(words) < len(group)  # "Fiscalía de Extinción de ..."
                or any(tokens[k].text.lower() in self.stop for k in words)
                or any(tokens[k].text.lower() in self.lowercase_words() for k in words)
                or (self.lang in ROMANCE_LANGUAGES and tokens[words[-1]].text.lower().endswith(
                    ROMANCE_ADJECTIVE_TAILS))):
            return False  # "Semana Santa" where the text also writes "la semana"; an
            # adjective after an unknown noun: "Posta Central", "Poder Ejecutivo"
        rest = words[1:] if given else words  # "Bill Clinton"
        if any((tokens[k].text in gaz.not_name_words or tokens[k].text in gaz.org_keywords)
               and self.text[tokens[k].start - 1] != "-" for k in rest):  # "Waller-Bridge"
            return False
        if not given and sum(tokens[k].text.lower() in gaz.common_words for k in words[1:]) > 1:
            return False  # "Hubble Space Telescope"
        text = self.text
        if any(len(tokens[k].text) <= 2 and text[tokens[k].start - 1] == "-" for k in words[1:]):
            return False  # "Wi-Fi", "Sci-Fi"
        if len(words) >= 3 and not any(ch.isspace() for ch in
                                       text[tokens[group[0]].start:tokens[group[-1]].end]):
            return False  # a compound of three words or more: "Otto-Normal-Reiter"
        return head.lower() not in gaz.common_words or given

    def quoted(self, first: int, last: int) -> bool:
        """Are tokens first..last a quoted title ("“Super Mario Run”", "‘NBA 2K17’")?"""
        text = self.text
        start, end = self.tokens[first].start, self.tokens[last].end
        if start == 0 or text[start - 1] not in _OPEN_QUOTES:
            return False
        if text[start - 1] == "'" and start > 1 and text[start - 2].isalnum():
            return False  # an apostrophe, not a quote
        while end < len(text) and (text[end].isdigit() or text[end] == " "):
            end += 1
        return end < len(text) and (text[end] in _CLOSE_QUOTES
                                    or text[end:end + 2] in (",\"", ",”"))

    def speaks(self, k: int) -> bool:
        """Is token k the one who says ("Kati says:", "Nigel said"), not where it was said
        ("officials in Geneva said")?"""
        tokens = self.tokens
        return k + 1 < len(tokens) and tokens[k + 1].text in SPEECH_VERBS \
            and self.text[tokens[k].end:tokens[k + 1].start] == " " \
            and (k == 0 or tokens[k - 1].text not in PLACE_PREPOSITIONS)

    def person_cue(self, k: int) -> bool:
        """Does the context make lone word k a person: "Lebed said", "said Lebed",
        "Lebed, 46,"? Common words never count ("Police said")."""
        tokens, text = self.tokens, self.text
        token = tokens[k]
        word = token.text
        if len(word) < 3 or word.lower() in self.gaz.common_words \
                or word in self.gaz.org_keywords or self.after_the(k):
            return False  # "the Louvre said" is no person
        if self.speech_follows(k):
            return True
        if k > 0:
            previous = tokens[k - 1]
            if previous.text in ("said", "says") and text[previous.end:token.start] == " " \
                    and text[token.end:token.end + 2].strip()[:1] in (".", ",", ""):
                return True
        return _AGE_RE.match(text, token.end) is not None

    def speech_follows(self, k: int) -> bool:
        """Is word k followed by a speech verb ("Lebed said", "Lebed's told")?"""
        tokens = self.tokens
        if k + 1 >= len(tokens):
            return False
        following = tokens[k + 1]
        return following.text in SPEECH_VERBS \
            and self.text[tokens[k].end:following.start].strip(" ,'’s") == ""

    def preceded_by(self, k: int, words: Collection[str]) -> bool:
        """Does one of `words` stand right before token k, one space apart ("the Louvre",
        "in den Bergen")?"""
        if k == 0:
            return False
        previous = self.tokens[k - 1]
        return previous.text in words and previous.end + 1 == self.tokens[k].start \
            and self.text[previous.end] == " "

    def bracketed(self, k: int) -> bool:
        """Is token k alone in brackets ("(Bild)", a photo's marker in German reports), or a
        credit's label ("(Bild: Hersteller)", "Bild: REUTERS")?"""
        token = self.tokens[k]
        after = self.text[token.end:token.end + 1]
        return (self.text[token.start - 1:token.start] == "(" and after == ")") \
            or (after == ":" and token.text in CREDIT_LABELS)

    def after_the(self, k: int) -> bool:
        """Does "the" stand right before word k ("the Louvre")?"""
        return self.preceded_by(k, _THE)

    def institution_cue(self, k: int) -> bool:
        """Does lone word k speak after "the", as institutions do ("the Louvre said", "the
        Fed says")? People are not "the X"."""
        if not self.after_the(k) or not self.speech_follows(k):
            return False
        word = self.tokens[k].text
        return len(word) >= 3 and word.lower() not in self.gaz.common_words

    def place_cue(self, first: int, last: int) -> bool:
        """"village of X", "town of X", "X province", "X region"."""
        tokens, text = self.tokens, self.text
        if first >= 2:
            of, noun = tokens[first - 1], tokens[first - 2]
            if of.text == "of" and noun.text in PLACE_NOUNS \
                    and text[noun.end:tokens[first].start] == " of ":
                return True
        if last + 1 < len(tokens):
            following = tokens[last + 1]
            return following.text in PLACE_NOUNS \
                and text[tokens[last].end:following.start] == " " \
                and following.text not in ("state", "city", "capital", "port")
        return False

    def town_cue(self, first: int) -> bool:
        """Does a preposition of where someone lives or something happens come right
        before token `first` ("of Quincy", "in Decatur", "near Morgantown")?"""
        if first == 0:
            return False
        before = self.tokens[first - 1]
        word = before.text.lower()
        return (word in TOWN_PREPOSITIONS
                or word in LANGUAGE_TOWN_PREPOSITIONS.get(self.lang, ())) \
            and self.text[before.end:self.tokens[first].start] == " "

    def country_after(self, last: int) -> bool:
        """Is token `last` followed by ", " and a country's name that ends the phrase
        ("Baikonur, Kazakhstan.", "in Kyzyl, Russia, on Monday")?"""
        tokens, text, exact = self.tokens, self.text, self.gaz.exact
        first = last + 1
        if first >= len(tokens) or text[tokens[last].end:tokens[first].start] != ", " \
                or not tokens[first].capitalised or self.sentence_initial(last):
            return False
        for end in range(first, min(first + 3, len(tokens))):
            entry = exact.get(text[tokens[first].start:tokens[end].end])
            if entry is not None and entry.kind == "country":
                after = text[tokens[end].end:tokens[end].end + 1]
                return not tokens[end].possessive \
                    and after in ("", ".", ",", ";", ")", "\n", " ") \
                    and (end + 1 >= len(tokens) or not tokens[end + 1].capitalised
                         or tokens[end + 1].start > tokens[end].end + 1)
        return False

    def org_cue(self, k: int) -> bool:
        """Is name k followed by "CEO", "shareholders", "stock" ...?"""
        if k + 1 >= len(self.tokens):
            return False
        following = self.tokens[k + 1]
        token = self.tokens[k]
        return following.text in ORG_NEXT and (
            self.text[token.end:following.start] == " "
            or (token.possessive and following.start - token.end == 3))

    def media_cue(self, k: int) -> bool:
        """Is name k right after "newspaper", "agency", "magazine" ...?"""
        if k == 0:
            return False
        previous = self.tokens[k - 1]
        return previous.text in MEDIA_WORDS \
            and self.text[previous.end:self.tokens[k].start] == " "

    def match_cue(self, first: int, last: int) -> bool:
        """Is the name at tokens first..last a side in a match ("Barcelona beat Porto 2-1",
        "lost to Porto", "drew with Ajax")?"""
        tokens, text = self.tokens, self.text
        if last + 1 < len(tokens) and tokens[last + 1].text in MATCH_VERBS \
                and text[tokens[last].end:tokens[last + 1].start] == " ":
            return True
        if first > 0 and text[tokens[first - 1].end:tokens[first].start] == " ":
            previous = tokens[first - 1].text
            if previous in MATCH_VERBS or previous in ("against", "vs", "v"):
                return True
            if previous in ("to", "with", "at") and first > 1 \
                    and tokens[first - 2].text in ("lost", "drew", "draw", "tied", "win", "won"):
                return True
        return False
