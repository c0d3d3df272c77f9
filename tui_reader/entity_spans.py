"""Where a name's span ends: the words after a place, company or institution that make the
whole something else ("Manchester United", "Pacific Ocean", "Apple Vision Pro", "Ministry of
Defence", "Microsoft Corp", "Mansfield, MA"), and the entities found so far (`emit`)."""

from __future__ import annotations

from tui_reader.article import Entity
from tui_reader.entity_runs import Item, RunMatcher
from tui_reader.entity_text import LineKind
from tui_reader.entity_words import (
    ABBREVIATED_FORMS,
    CALENDAR_WORDS,
    CLUB_SUFFIXES,
    COMPANY_FORMS,
    DOMAINS,
    EVENT_WORDS,
    MEDIA_SUFFIXES,
    ORG_LINKS,
    PLACE_SUFFIXES,
    PLAIN_ORG_WORDS,
    PRODUCT_WORDS,
    SPORTS_CLUB_SUFFIXES,
    VESSEL_PREFIX_RE,
)
from tui_reader.gazetteer import Gazetteer


class SpanRules(RunMatcher):
    """The entities of a text as they are found, and the rules that stretch a span."""

    def __init__(self, text: str, gaz: Gazetteer, lang: str = "") -> None:
        super().__init__(text, gaz, lang)
        self.entities: list[Entity] = []
        self.countries: set[str] = set()
        """Countries named by demonyms; `recognise` adds those its entities point to."""
        self.orgs: set[str] = set()  # names of organisations found in this text
        self.claimed: set[int] = set()  # tokens already labelled ("MA" in "Mansfield, MA")

    def emit(self, first: int, last: int, label: str, canonical: str | None = None,
             country: str | None = None) -> None:
        """Add the entity of tokens first..last."""
        start, end = self.tokens[first].start, self.tokens[last].end
        if self.text[end:end + 1] == "$" and label in ("COUNTRY", "PLACE"):
            return  # a currency: "US$1 billion", "HK$"
        if label == "ORG" and self.tokens[last].text in ABBREVIATED_FORMS \
                and self.text[end:end + 1] == "." and self.text[end + 1:end + 2] not in ("", "\n"):
            end += 1  # "Walt Disney Co. executive"
        elif label == "PERSON" and self.text[end:end + 1] == "." \
                and not self.text[end + 1:end + 2].isalpha() and (
                self.tokens[last].text in ("Jr", "Sr")
                or (len(self.tokens[last].text) == 1 and self.tokens[last].text.isupper())):
            end += 1  # "Kelly Oubre Jr.", "Alex T.": the abbreviation's period
        span = self.text[start:end]
        if canonical is None:
            canonical = " ".join(span.split())
        self.entities.append(Entity(span, label, start, end, canonical, country))

    def may_name_websites(self) -> bool:
        """Is there a period before a domain's first letter ("Snopes.com", ".London")?"""
        text = self.text
        return ".c" in text or ".n" in text or ".o" in text or ".i" in text or ".L" in text

    def websites(self) -> set[int]:
        """Emit "Snopes.com", "Football.London" as organisations; their tokens."""
        tokens, text = self.tokens, self.text
        taken: set[int] = set()
        period = text.find(".")
        while period >= 0:
            k = self.token_ending_at(period)
            if k is not None and k + 1 < len(tokens) and tokens[k].capitalised \
                    and tokens[k + 1].start == period + 1 and tokens[k + 1].text in DOMAINS \
                    and (k == 0 or text[tokens[k].start - 1] not in ".@/"):
                end = tokens[k + 1].end
                if end >= len(text) or not (text[end].isalnum() or text[end] in "./"):
                    self.emit(k, k + 1, "ORG")
                    self.orgs.add(tokens[k].text)
                    taken.update((k, k + 1))
            period = text.find(".", period + 1)
        return taken

    def vessels(self) -> set[int]:
        """The tokens of ships' names and their prefixes ("HMS Queen Elizabeth", "USS
        „Essex”"), which no rule is to read as people, places or organisations."""
        tokens, text = self.tokens, self.text
        taken: set[int] = set()
        for m in VESSEL_PREFIX_RE.finditer(text):
            k = self.token_ending_at(m.end())
            if k is None or k + 1 >= len(tokens) or tokens[k].start != m.start():
                continue
            token = tokens[k]
            gap = text[token.end:tokens[k + 1].start]
            if gap.strip(" \u00a0\"'„“”«»‚‘’") != "" or not tokens[k + 1].capitalised:
                continue  # "the HMS fleet", "USS, the navy's ..."
            last = k + 1
            while last + 1 < len(tokens) and tokens[last + 1].capitalised:
                if text[tokens[last].end:tokens[last + 1].start] not in (" ", "\u00a0"):
                    break  # a closing quote, a comma, a line's end
                last += 1
            taken.update(range(k, last + 1))
        return taken

    def venue(self, run: list[int], items: list[Item]) -> bool:
        """Emit "The London West Hollywood", "at The London": a capitalised "The" before a
        place in mid-sentence names a hotel, venue or title, which is no mention of the
        place (nor of its country). Has it done so?"""
        tokens = self.tokens
        if tokens[run[0]].text != "The" or not items or items[0].first_token == run[0] \
                or items[0].entry is None or items[0].entry.kind != "place" \
                or self.sentence_initial(run[0]):
            return False
        last = 0
        for at, item in enumerate(items):
            if item.entry is not None and item.entry.kind != "place":
                return False
            if item.entry is not None:
                last = at
        self.emit(run[0], items[last].last_token, "PLACE")
        return True

    def place_end(self, items: list[Item], at: int) -> int:
        """The item of "Sea", "Island", "Museum" ... right after the place items[at]
        ("Pacific Ocean", "Bardo National Museum"), or `at`."""
        tokens = self.tokens
        for later in range(at + 1, min(at + 3, len(items))):
            item = items[later]
            if item.entry is not None or item.connector:
                break
            word = tokens[item.first_token].text
            if word in PLACE_SUFFIXES:
                return later
            if word in self.gaz.org_keywords or not self.name_shaped(item.first_token, "text"):
                break
        return at

    def product_end(self, items: list[Item], at: int) -> int:
        """The last item of a product named after the company items[at] ("Apple Vision Pro",
        "Twitter Lite", "Google Play Store"), or `at` when the name is the company's."""
        tokens, gaz = self.tokens, self.gaz
        end = at
        while end + 1 < len(items):
            item = items[end + 1]
            if item.entry is not None or item.connector or not item.one_token:
                break
            word = tokens[item.first_token].text
            if not self.joinable(items[end].last_token, item.first_token) \
                    or self.text[tokens[items[end].last_token].end] != " ":
                break
            if word in EVENT_WORDS:
                return end + 1  # "Fed Cup": an event
            product = word in PRODUCT_WORDS
            if word in gaz.org_keywords or word in COMPANY_FORMS or word in MEDIA_SUFFIXES \
                    or word in gaz.given_names or (word in gaz.not_name_words and not product) \
                    or (word.isupper() and not product) or word in gaz.lower_titles:
                break
            if not (word[0].isupper() or word[0].isdigit()):
                break
            end += 1
        if end > at and not any(tokens[items[v].first_token].text in PRODUCT_WORDS
                                or tokens[items[v].first_token].text.lower()
                                not in gaz.common_words
                                for v in range(at + 1, end + 1)):
            return at  # "Google Executive Chairman ...": no product
        return end

    def us_state_after(self, before: int, town_country: str | None = "US"
                       ) -> tuple[int, int, int, str] | None:
        """(first token, last token, end, state's name) of a US state's name, code or
        abbreviation after token `before` and ", " ("Birmingham, Alabama", "Mansfield, MA",
        "BUFFALO, N.Y."), or None. A state named like a country follows a town of the US or
        one the tables do not know ("Atlanta, Georgia", not "Tbilisi, Georgia");
        `town_country` is the country of the town before."""
        tokens, text = self.tokens, self.text
        k = before + 1
        if k >= len(tokens) or text[tokens[before].end:tokens[k].start] != ", ":
            return None
        word = tokens[k].text
        states = self.gaz.us_states
        for last in (k + 1, k):  # "New York", "Alabama"
            if last >= len(tokens) or not tokens[last].capitalised or tokens[last].possessive \
                    or (last > k and text[tokens[k].end:tokens[last].start] != " "):
                continue
            name = text[tokens[k].start:tokens[last].end]
            entry = self.gaz.exact.get(name)
            if entry is not None and entry.kind == "place" and entry.country == "US" \
                    and entry.canonical in self.gaz.us_state_names:
                name = entry.canonical
            elif name not in self.gaz.us_state_names or town_country not in (None, "US"):
                continue
            if last + 1 >= len(tokens) or not tokens[last + 1].capitalised \
                    or not self.joinable(last, last + 1):
                return k, last, tokens[last].end, name
        if word in states and (k + 1 >= len(tokens) or tokens[k + 1].start > tokens[k].end + 1
                               or not text[tokens[k].end].isalnum()):
            end = tokens[k].end
        elif word + "." in states and text.startswith(".", tokens[k].end):
            end = tokens[k].end + 1  # "Calif.", "N.Y." (a token of its own: "N.Y.")
        elif word.endswith(".") and word in states:
            end = tokens[k].end
        else:
            return None
        if word in ("IN", "OR", "ME", "OK", "HI") and k + 1 < len(tokens) \
                and tokens[k + 1].text.isupper():
            return None  # "PARIS, OR LONDON"
        return k, k, end, states.get(word) or states[word + "."]

    def org_follows(self, items: list[Item], at: int) -> bool:
        """Does the name of an institution start at the place or country items[at]
        ("New Zealand Department of Conservation", "Columbus Police Department")?"""
        tokens, gaz = self.tokens, self.gaz
        for later in range(at + 1, min(at + 5, len(items))):
            item = items[later]
            if item.entry is not None or item.connector:
                return False
            word = tokens[item.first_token].text
            if word in gaz.org_keywords and word not in PLAIN_ORG_WORDS:
                return True
            if not self.name_shaped(item.first_token, "text"):
                return False
        return False

    def org_end(self, items: list[Item], at: int) -> int:
        """The item of "News", "University", "Institute" ... right after the organisation
        items[at] ("ABC News", "Stanford University"), or `at`; none after a possessive
        ("Stanford University's Center on Poverty" is two names)."""
        name_end = self.tokens[items[at].last_token]
        if at + 1 < len(items) and not (name_end.possessive
                                        and name_end.text in self.gaz.org_keywords):
            item = items[at + 1]
            if item.entry is None and not item.connector and item.one_token:
                word = self.tokens[item.first_token].text
                if word in self.gaz.org_keywords or word in ("News", "Network", "Networks"):
                    return at + 1
                last = at  # "Roscosmos Space Agency Press Service"
                for later in range(at + 1, min(at + 7, len(items))):
                    following = items[later]
                    if following.entry is not None or following.connector \
                            or not following.one_token \
                            or not self.name_shaped(following.first_token, "text"):
                        break
                    if self.tokens[following.first_token].text in self.gaz.org_keywords:
                        last = later
                if last > at:
                    return last
            elif item.entry is not None and item.entry.kind == "country" \
                    and self.text[self.tokens[items[at].last_token].end:
                                  self.tokens[item.first_token].start] == " " \
                    and (at + 2 >= len(items) or items[at + 2].connector):
                return at + 1  # a company's branch: "Yahoo Japan", "Samsung Korea"
        return at

    def company_end(self, items: list[Item], at: int, kind: LineKind) -> int:
        """The item of a legal form within two words after a company's name, or `at`."""
        for later in range(at + 1, min(at + 3, len(items))):
            item = items[later]
            if item.entry is not None or item.connector:
                break
            word = self.tokens[item.first_token].text
            if (word.title() if kind == "shout" else word) in COMPANY_FORMS \
                    or word in COMPANY_FORMS:
                return later
        return at

    def club_end(self, items: list[Item], at: int, kind: LineKind) -> int | None:
        """The last item of a club or paper named after the place items[at] ("Manchester
        United", "Chicago Tribune", "Leeds" on a results line), or None when it is a place."""
        tokens, gaz = self.tokens, self.gaz
        place = items[at]
        following = items[at + 1] if at + 1 < len(items) else None
        if following is not None and following.entry is not None \
                and following.entry.kind in ("org", "team") and following.one_token \
                and (self.sports or following.entry.canonical.startswith(
                    self.text[tokens[place.first_token].start:tokens[place.last_token].end]
                    + " ")):
            return at + 1  # "Chicago Bulls", "New York Knicks"
        for later in range(at + 1, min(at + 5, len(items))):  # "Amsterdam Stock Exchange"
            if items[later].entry is not None or items[later].connector:
                break
            word = tokens[items[later].first_token].text
            if kind == "shout":
                word = word.title()
            if word in gaz.org_keywords or (later == at + 2 and word in MEDIA_SUFFIXES):
                return later  # "New York Daily News", "Detroit Metro Times"
        if following is not None and following.entry is None and not following.connector:
            word = tokens[following.first_token].text
            if kind == "shout":
                word = word.title()
            if word in CLUB_SUFFIXES or word in MEDIA_SUFFIXES:
                return at + 1
            if self.sports and (word in SPORTS_CLUB_SUFFIXES or (
                    kind == "text" and self.name_shaped(following.first_token, kind)
                    and word not in gaz.not_name_words and word not in gaz.org_keywords
                    and word not in gaz.given_names)):
                return at + 1  # "Los Angeles Lakers"
        if self.table_line(tokens[place.first_token].line) \
                and not self.in_parens(place.first_token):
            return at
        if self.sports and len(items) == 1 \
                and self.match_cue(place.first_token, place.last_token):
            return at  # "Barcelona beat Porto"
        return None

    def extend_org(self, items: list[Item], end: int) -> int:
        """Stretch an organisation ending at items[end] over "of X", "for X", "and X"; the
        new last item."""
        tokens = self.tokens
        linked = False
        while end + 2 < len(items):
            link, following = items[end + 1], items[end + 2]
            if not link.connector or following.connector \
                    or tokens[link.first_token].text not in ORG_LINKS:
                break
            if following.entry is not None \
                    and following.entry.kind not in ("country", "place", "org"):
                break
            if tokens[following.first_token].text in CALENDAR_WORDS:
                break  # "the Association on Monday said"
            if following.entry is not None and following.entry.kind == "country" \
                    and self.lang in ("es", "pt") and end + 3 >= len(items):
                break  # "[Fiscalía General] de [Colombia]": the country stays a mention
            if tokens[link.first_token].text == "and":  # "Ministry of Commerce and Industry"
                after = end + 2  # "Center for Food and Allergy Research": up to three words
                while after < len(items) and items[after].entry is None \
                        and not items[after].connector:
                    after += 1
                tail_ok = after - end - 2 <= 3 and (after >= len(items) or items[after].connector)
                if following.entry is not None or not tail_ok or not linked:
                    break
            linked = True
            end += 2
            while following.entry is None and end + 1 < len(items) \
                    and items[end + 1].entry is None and not items[end + 1].connector:
                end += 1  # "Ministry of National Defense", "Council on Foreign Relations"
        return end
