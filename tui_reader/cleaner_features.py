"""Line features for the learned page cleaner (pure Python, no third-party imports).

A page dump is cut into lines; each non-empty line gets a shape (`Line`: length, sentence
ending, share of lower-case words, stopword share in the page's language, the generic cue
lists of furniture, teasers, bylines and dates) and then a feature vector that adds its
place on the page (position, distance to the densest block of prose, whether a closing
heading sits above it), its neighbours' shapes and its repetition within the page.
`tui_reader.cleaner_model` turns the vectors into keep probabilities; the training script
(`training/train_cleaner.py`) computes the very same vectors, so both import this module.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, fields
from functools import cache
from itertools import accumulate, chain
from operator import attrgetter, itemgetter

from tui_reader import dates
from tui_reader.language import ANY_FUNCTION_WORD, FUNCTION_WORDS

__all__ = ["FEATURE_NAMES", "Line", "classify", "normalise", "page_features", "tokens"]

# ---------------------------------------------------------------- generic cue lists

_FLAGS = re.I | re.S
# Cross-site furniture headings in other languages (pt, es, de, fr, it, nl, id).
# "Read also"-style cues: furniture as a one-line link ("Lire aussi : ..."), terminal alone.
_SEE_ALSO = (
    r"(?:leia (?:também|mais)|veja (?:também|mais)|saiba mais|"
    r"l[ée]a?e? también|ver también|lesen sie (?:auch|mehr)|mehr zum thema|siehe auch|"
    r"(?:à )?lire (?:aussi|également)|voir aussi|leggi anche|lees ook|baca juga)"
)
_TERMINAL_INTL = (
    r"(?:você (?:também )?pode gostar.*|(?:notícias|matérias|posts) relacionad[oa]s|"
    r"mais (?:lidas|lidos|vistos|populares|notícias)|últimas notícias|"
    r"(?:también )?te (?:puede|podría) interesar.*|te recomendamos|"
    r"(?:noticias|artículos) relacionad[oa]s|(?:lo )?más (?:leíd[oa]s?|visto)|últimas noticias|"
    r"das könnte sie auch interessieren|(?:ähnliche|verwandte|weitere) (?:artikel|beiträge)|"
    r"meistgelesen|auch interessant|"
    r"sur le même sujet|(?:articles|contenus) similaires|les plus lus|vous aimerez aussi.*|"
    r"(?:ti )?potrebbe interessarti|articoli correlati|più letti|"
    r"gerelateerde artikelen|(?:berita|artikel) terkait|terpopuler)"
)
# Lines that are page furniture wherever they appear (checked on short lines only; lines
# holding "newsletter", "all rights reserved" or "continues below" are too, see _furniture_words).
FURNITURE = re.compile(
    r"(?:advertisements?|ads?|sponsored(?: content)?|promoted|logo|menu|search|home|close|"
    r"publicidade|publicidad|publicité|pubblicità|anzeige|werbung|iklan|"
    r"compartilh(?:ar|e)|compartir|teilen|partager|condividi|bagikan|baixar|"
    r"share\b.*|shares?|tweet|print|e-?mail|whatsapp|facebook|twitter|linkedin|reddit|"
    r"copy link.*|read more.*|continue reading.*|click here.*|"
    r"(?:see|show|load|view) (?:more|all).*|"
    r"subscribe.*|sign (?:up|in)\b.*|log ?in|register|"
    r"(?:get|download) (?:the|our) app.*|follow us.*|skip to .*|back to top|"
    r"\d+ comments?|comments?(?: \(\d+\))?|no comments.*|leave a (?:comment|reply).*|"
    r"posted (?:on|in)\b.*|filed under.*|tags?:.*|listen to (?:this )?(?:article|story).*|"
    r"\d+ min(?:ute)?s? read|scroll to continue.*|lesezeit.*|"
    r"weiterlesen.*|mehr (?:lesen|erfahren)|leer más|lire la suite|czytaj (?:więcej|dalej)|"
    r"leggi (?:tutto|di più)|explore further|read (?:the )?full (?:story|article)|"
    r"(?:related|read more|also read|read also|see also|watch)\s*[:|].*|"
    rf"{_SEE_ALSO}\s*[:|].*|"
    r"(?:photo|image|picture|video|credit|source|caption)s?\s*:.*|getty images.*|"
    r"\(?with (?:additional )?inputs? from .*|(?:©|copyright\b).*|"
    r"(?:e-?mail|phone|tel|fax|contact)\s*:.*|loading\W*)",
    _FLAGS,
)
# Furniture that can be a full sentence: image disclaimers, report credits.
LONG_FURNITURE = re.compile(
    r"(?:this (?:image|photo|picture|video|illustration) (?:is|was|has been)\b.*"
    r"(?:generated|illustrat|representation|for representation).*|"
    r"\(.*(?:inputs? from|contributed (?:to )?this report).*\)[^\w\n]*)",
    _FLAGS,
)
# Calls to action and author-box contact lines (checked on lines of at most 40 words).
CALL_TO_ACTION = re.compile(
    r".*\b(?:click here|follow (?:him|her|them|me|us) (?:on|at) "
    r"(?:twitter|facebook|instagram|linkedin|threads|bluesky|x\b))\b.*",
    _FLAGS,
)
# Headings after which the rest of the page is not the article.
TERMINAL = re.compile(
    r"(?:related(?: articles?| posts?| stories| news| content| coverage| reading| links)?|"
    r"trending(?: now| stories| news| topics)?|"
    r"(?:you )?(?:may|might|will) (?:also )?(?:like|enjoy|be interested in).*|"
    r"more (?:from|stories|news|articles|to read|like this|in)\b.*|more(?: \S+){1,3}|"
    r"latest(?: news| stories| articles| posts| updates)?|"
    r"recommended(?: for you| stories| articles| reading)?|read next|what to read next|"
    r"most (?:read|popular|viewed|shared|commented).*|popular(?: posts| stories| now)?|"
    r"top stories|editor'?s'? picks?|don'?t miss.*|discover more.*|from around the web|"
    r"comments?(?: \(\d+\))?|\d+ comments?|no comments yet.*|leave a (?:comment|reply)|"
    r"about the author|(?:opinion|blogs?) ?/.*|"
    rf"{_SEE_ALSO}|{_TERMINAL_INTL})\W*",
    _FLAGS,
)
# Terminal headings that close the page, never an inline box inside the text.
FINAL = re.compile(
    r"(?:(?:you )?(?:may|might|will) (?:also )?(?:like|enjoy|be interested in).*|"
    r"most (?:read|popular|viewed|shared|commented).*|from around the web|"
    r"comments?(?: \(\d+\))?|\d+ comments?|no comments yet.*|leave a (?:comment|reply)|"
    r"about the author|você (?:também )?pode gostar.*|mais (?:lidas|lidos|vistos)|"
    r"(?:también )?te (?:puede|podría) interesar.*|(?:lo )?más (?:leíd[oa]s?|visto)|"
    r"das könnte sie auch interessieren|meistgelesen|vous aimerez aussi.*|les plus lus|"
    r"(?:ti )?potrebbe interessarti|più letti|terpopuler)\W*",
    _FLAGS,
)
# A photo credit under a caption: the caption line above it is not body text.
PHOTO_CREDIT = re.compile(
    r".*\b(?:getty images|ap photo|afp|reuters|shutterstock|photo|image|credit|courtesy|"
    r"foto|fotos|bild|imagen|crédit|thinkstock|istock|dpa|imago|keystone|epa)\b.*",
    re.I)
_LIST_MARK = re.compile(r"(?:[-–•*·▪►✓]\s|\d{1,3}[.)]\s|\(?[a-z][.)]\s)")
_URLISH = re.compile(r"https?://|www\.|\.(?:com|org|net|de)\b|@\w")
_SEPARATORS = re.compile(r"\s[|•·/]\s|\|")
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_DIGIT = re.compile(r"\d")
_SENTENCE_END = ".!?。！？।؟"
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«„(¿¡"
STRONG_WORDS = 12  # a sentence-ended line this long is running text

# The page's language is the one whose function words its lines hit most, and each line's
# share of those words is a feature.
_STOPWORDS = FUNCTION_WORDS


@dataclass(slots=True)
class Line:
    """One non-empty line of a page and its shape."""

    text: str
    index: int  # line number on the page (blank lines counted)
    words: int
    toks: list[str]
    blank_before: bool = False
    blank_after: bool = False
    indent: bool = False
    furniture: bool = False
    terminal: bool = False
    final: bool = False  # a terminal heading that is never an inline box
    teaser: bool = False
    meta: bool = False
    sentence: bool = False  # reads like a sentence of running text
    strong: bool = False  # long prose: anchors the article block
    heading: bool = False  # shaped like a headline / subheading
    lower: float = 1.0
    ends: bool = False
    colon: bool = False
    punct: int = 0
    digits: int = 0
    code: int = 0
    seps: int = 0
    cjk: int = 0
    legal: bool = False
    comment: bool = False
    url: bool = False
    credit: bool = False
    prompt: bool = False
    consent: bool = False


_FIELDS = attrgetter(*[f.name for f in fields(Line)])  # in the order Line() takes them

def tokens(text: str) -> list[str]:
    """Lower-case word tokens; each CJK character is a token."""
    return _WORD.findall(text.lower())


_FIRST = itemgetter(0)


def _lower_share(text: str, split: list[str] | None = None) -> float:
    """Share of words not starting upper-case (Title Case menus and headlines score low)."""
    firsts = "".join(map(_FIRST, split if split is not None else text.split()))
    letters = len(firsts) if firsts.isalpha() else sum(map(str.isalpha, firsts))
    if not letters:
        return 1.0
    return 1.0 - sum(map(str.isupper, firsts)) / letters  # caseless scripts read as running


def _multiline(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` anchored to whole lines of a page joined by newlines."""
    return re.compile(rf"^(?:{pattern.pattern})$", (pattern.flags & ~re.S) | re.M)


_LETTER = re.compile(r"[^\W\d_]")
_TERMINAL_LC = re.compile(TERMINAL.pattern, re.S)
_FINAL_LC = re.compile(FINAL.pattern, re.S)
_FURNITURE_LC = re.compile(FURNITURE.pattern, re.S)
# Lines that may hold code characters or separators, to count them in (one character class
# each: a regex scans for it several times faster than for an alternation).
_CODE_CHARS = re.compile(r"[{};=<>(]")
_SEP_CHARS = re.compile(r"[|•·/]")
_PAGE_LONG_FURNITURE = _multiline(LONG_FURNITURE)
_META_START = re.compile(r"^(?i:by|updated|published|posted)\b", re.M)
_PUNCT = re.compile(r"[.!?。！？,，;、]")


def _whole_lines(pattern: re.Pattern[str], page: str, starts: list[int],
                 ends: list[int]) -> set[int]:
    """Lines of `page` that `pattern` (anchored with ^ and $) matches whole."""
    found = set()
    for m in pattern.finditer(page):
        k = bisect_right(starts, m.start()) - 1
        if m.start() == starts[k] and m.end() == ends[k]:
            found.add(k)
    return found


def _hits(pattern: re.Pattern[str], page: str, starts: list[int], ends: list[int]) -> list[int]:
    """Each line's number of matches of `pattern` (one character class), counted in C for
    each line it hits."""
    counts = [0] * len(starts)
    findall = pattern.findall
    for k in _lines_hit(pattern, page, starts, ends):
        counts[k] = len(findall(page, starts[k], ends[k]))
    return counts


def _lines_hit(pattern: re.Pattern[str], page: str, starts: list[int],
               ends: list[int]) -> set[int]:
    """The lines `pattern` matches in; after a hit the search goes on from the next line."""
    hit = set()
    search = pattern.search
    m = search(page)
    while m is not None:
        k = bisect_right(starts, m.start()) - 1
        hit.add(k)
        m = search(page, ends[k] + 1)
    return hit


def _lower(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A case-insensitive cue list, and the same for a lower-cased page (several times faster)."""
    return re.compile(pattern.pattern, re.I), re.compile(pattern.pattern)


def _cue_lines(cue: tuple[re.Pattern[str], re.Pattern[str]], page: str, lowered: str | None,
               starts: list[int], ends: list[int]) -> set[int]:
    if lowered is not None:
        return _lines_hit(cue[1], lowered, starts, ends)
    return _lines_hit(cue[0], page, starts, ends)


def _lowered(page: str) -> str | None:
    low = page.lower()
    return low if len(low) == len(page) else None  # "İ" lower-cases to two characters


_URL_CUE = _lower(_URLISH)


# Cue words, looked up in each line's set of tokens (a set lookup costs less than a regex scan).
_LEGAL_WORDS = frozenset((
    "cookie", "cookies", "consent", "datenschutz", "datenschutzerklärung", "einwilligung",
    "impressum", "nutzungsbedingungen", "reprint", "reprints", "légales", "cgu", "rgpd", "gdpr",
    "privacidad",
))
_LEGAL_PAIRS = (("privacy", ("policy", "settings", "notice", "statement")),
                ("terms", ("use", "service", "conditions")),
                ("personal", ("use", "noncommercial", "non")))
_PROMPT_WORDS = frozenset((
    "subscribe", "subscription", "subscriber", "subscribers", "abonnieren", "abonnement",
    "abonnent", "abonnenten", "abonnez", "abonné", "abonnés", "suscríbete", "suscribirse",
    "suscripción", "suscriptor", "newsletter", "login", "anmelden", "registrieren", "register",
    "zaloguj", "pflichtfelder", "pflichtfeld",
))
_PROMPT_PAIRS = (("sign", ("in", "up")), ("log", ("in",)), ("published", ("not",)),
                 ("veröffentlicht", ("nicht",)), ("required", ("fields", "field")),
                 ("publiée", ("pas",)), ("publicado", ("no",)))
_COMMENT_WORDS = frozenset(("reply", "replies", "antworten", "répondre", "responder", "upvote",
                            "antwort", "kommentar", "kommentare", "comment", "comments"))
_CREDIT_TOKENS = frozenset((
    "getty", "afp", "reuters", "shutterstock", "photo", "photos", "image", "images", "credit",
    "credits", "courtesy", "foto", "fotos", "bild", "imagen", "crédit", "thinkstock", "istock",
    "dpa", "imago", "keystone", "epa", "picture", "alliance",
))
# A consent banner asks to agree to cookies (an article about cookies does not).
_AGREE = frozenset((
    "agree", "accept", "consent", "continuing", "einverstanden", "akzeptieren", "zustimmen",
    "zustimmung", "aceptas", "aceptar", "acepta", "acceptez", "accepter", "accetti",
    "acconsenti", "aceita", "concorda", "zgodę", "akceptujesz",
))
_SOCIAL = frozenset(("twitter", "facebook", "instagram", "linkedin", "threads", "bluesky", "x"))
_CUE_WORDS = (_LEGAL_WORDS | _PROMPT_WORDS | _COMMENT_WORDS | _CREDIT_TOKENS
              | {a for a, _ in _LEGAL_PAIRS} | {a for a, _ in _PROMPT_PAIRS})
# Every word a line's cues look for: most lines hold none and skip the lookups.
_ANY_CUE = _CUE_WORDS | {"click", "follow", "rights", "continues", "ago", "yesterday", "now"}
_NO_WORDS: frozenset[str] = frozenset()


def _furniture_words(bag: frozenset[str]) -> bool:
    return "newsletter" in bag or ("rights" in bag and "reserved" in bag) or (
        "continues" in bag and "below" in bag)


def _cues(bag: frozenset[str], words: int) -> tuple[bool, bool, bool, bool]:
    """(legal, prompt, comment, credit) cues among a line's words."""
    legal = not bag.isdisjoint(_LEGAL_WORDS) or any(
        a in bag and not bag.isdisjoint(b) for a, b in _LEGAL_PAIRS)
    prompt = not bag.isdisjoint(_PROMPT_WORDS) or any(
        a in bag and not bag.isdisjoint(b) for a, b in _PROMPT_PAIRS)
    comment = words <= 15 and not bag.isdisjoint(_COMMENT_WORDS)
    credit = words <= 12 and not bag.isdisjoint(_CREDIT_TOKENS)
    return legal, prompt, comment, credit


def _join(texts: list[str]) -> tuple[str, list[int], list[int]]:
    """The lines joined by newlines, with each line's start and end offsets."""
    starts, ends = [], []
    pos = 0
    for t in texts:
        starts.append(pos)
        pos += len(t)
        ends.append(pos)
        pos += 1
    return "\n".join(texts), starts, ends


def classify_page(texts: list[str], first_index: int = 0) -> list[Line]:
    """The shapes of a page's (normalised, non-empty) lines; the regexes run once per page,
    and a line the page repeats (a share button, a byline) is classified once."""
    if not texts:
        return []
    unique = list(dict.fromkeys(texts))
    if len(unique) == len(texts):
        return _shapes(texts, first_index)
    shapes = dict(zip(unique, _shapes(unique, 0), strict=True))
    out = []
    taken: set[str] = set()
    for k, text in enumerate(texts):
        line = shapes[text]
        if text in taken:  # a repeat: a copy of the first occurrence
            line = Line(*_FIELDS(line))
            line.toks = list(line.toks)
        taken.add(text)
        line.index = first_index + k
        out.append(line)
    return out


def _shapes(texts: list[str], first_index: int) -> list[Line]:
    """The shapes of `texts`, lines that are all different (`classify_page`'s work)."""
    page, starts, ends = _join(texts)
    cjk = _hits(_CJK, page, starts, ends) if not page.isascii() else [0] * len(texts)
    splits = [t.split() for t in texts]
    counts = [len(w) + c // 2 for w, c in zip(splits, cjk, strict=True)]
    low = _lowered(page)
    lows = low.split("\n") if low is not None else [t.lower() for t in texts]
    if low is not None:  # case-sensitive patterns on lower-cased lines: several times faster
        few_words = [(k, lows[k]) for k, n in enumerate(counts) if n <= 12]
        terminal = {k for k, t in few_words if _TERMINAL_LC.fullmatch(t)}
        furniture = {k for k, t in few_words if _FURNITURE_LC.fullmatch(t)}
        final = {k for k in terminal if _FINAL_LC.fullmatch(lows[k])}
    else:
        terminal = {k for k, n in enumerate(counts) if n <= 12 and TERMINAL.fullmatch(texts[k])}
        furniture = {k for k, n in enumerate(counts)
                     if n <= 12 and FURNITURE.fullmatch(texts[k])}
        final = {k for k in terminal if FINAL.fullmatch(texts[k])}
    meta_start = _lines_hit(_META_START, page, starts, ends)
    code_lines = _lines_hit(_CODE_CHARS, page, starts, ends)
    sep_lines = _lines_hit(_SEP_CHARS, page, starts, ends)
    long_furniture = _whole_lines(_PAGE_LONG_FURNITURE, page, starts, ends)
    url = _cue_lines(_URL_CUE, page, low, starts, ends)
    digits = _hits(_DIGIT, page, starts, ends)
    punct = _hits(_PUNCT, page, starts, ends)
    out = []
    findall = _WORD.findall
    for k, text in enumerate(texts):
        words = counts[k]
        toks = findall(lows[k])
        line = Line(text, first_index + k, words, toks)
        line.digits, line.cjk, line.url = digits[k], cjk[k], k in url
        if k in code_lines:
            line.code = (text.count("{") + text.count("}") + text.count(";") + text.count("=")
                         + text.count("<") + text.count(">") + text.count("()"))
        if k in sep_lines:
            line.seps = (text.count("|") + text.count(" • ") + text.count(" · ")
                         + text.count(" / "))
        bag = frozenset(toks) if not _ANY_CUE.isdisjoint(toks) else _NO_WORDS
        if not bag.isdisjoint(_CUE_WORDS):
            line.legal, line.prompt, line.comment, line.credit = _cues(bag, words)
            line.consent = ("cookies" in bag or "cookie" in bag) and not bag.isdisjoint(_AGREE)
        cta = ("click" in bag and "here" in bag) or (
            "follow" in bag and not bag.isdisjoint(_SOCIAL))
        short = words <= 12
        line.terminal = short and k in terminal
        line.final = line.terminal and k in final
        line.furniture = line.terminal or (short and (k in furniture or _furniture_words(bag))) or (
            k in long_furniture) or (words <= 40 and cta)
        last = text[-1]
        core = (dates.split_closing_credit(text)[0].rstrip(_CLOSERS) if last == ")"
                else text.rstrip(_CLOSERS) if last in _CLOSERS else text)
        line.teaser = words >= 4 and core.endswith(("…", "..."))
        line.meta = words <= 15 and (
            k in meta_start
            or (digits[k] >= 4 and dates.parse_date(text) is not None)  # a date has a year
            or (("ago" in bag or "yesterday" in bag or "now" in bag)
                and dates.is_relative_time(text)))
        line.punct = punct[k]
        line.lower = _lower_share(text, splits[k])
        end = core[-1:]
        line.ends = end in _SENTENCE_END and not core.endswith("...")
        line.colon = end == ":"
        out.append(line)
        if line.furniture or line.teaser:
            continue
        ends_ = line.ends or (line.colon and words >= 5)  # a sentence introducing a list
        lower = line.lower
        line.sentence = ends_ and words >= 3 and lower >= 0.4 and not line.meta
        line.strong = not line.meta and lower >= 0.4 and (
            (ends_ and words >= STRONG_WORDS) or (words >= 30 and line.punct >= 3))
        line.heading = (2 <= words <= 20 and len(text) <= 160 and not line.meta
                        and text[0] != "(" and end not in ".,;:"
                        and _LETTER.search(text) is not None)
    return out


def classify(text: str, index: int = 0) -> Line:
    """The shape of one (normalised, non-empty) line."""
    return classify_page([text], index)[0]


_FRAGMENT = re.compile(r"[^\W\d_]{2,}")
DROP_CAP_PARAGRAPH = 6  # words of the paragraph a drop cap opens, at least
_WORD_END = frozenset(("", " ", ",", ".", ";", "!", "?", "'", "’"))  # after the fragment


@cache
def _known_words() -> frozenset[str]:
    """English words (the common-word list the recogniser reads) and the function words of
    every language the cleaner knows: what a drop cap's fragment or joined word may be."""
    from tui_reader.gazetteer import read_tsv  # only for a page with a drop cap's line

    return frozenset(row[0] for row in read_tsv("common_words.tsv")) | ANY_FUNCTION_WORD


def _join_drop_caps(texts: list[str], where: list[list[int]], caps: list[int]) -> None:
    """Join a drop cap ("H") to the rest of its word on the next line ("ong Kong is ...").

    Only when the next line follows without a blank line and is a paragraph that opens with
    a lower-case fragment of letters, and the joined word is a word (of English, of the
    function words, or of the page elsewhere) or the fragment is none: so "T" over "he
    president said ..." joins, "A" over "minister said ..." and an icon's "X" over a menu
    stay as they are.
    """
    page: Counter[str] | None = None
    for k in reversed(caps):
        if k + 1 >= len(texts) or where[k + 1][1]:
            continue
        rest = texts[k + 1]
        m = _FRAGMENT.match(rest)
        if (m is None or not m[0].islower() or rest[m.end():m.end() + 1] not in _WORD_END
                or rest.count(" ") + 1 < DROP_CAP_PARAGRAPH):
            continue
        if page is None:
            page = Counter(w for t in texts for w in t.lower().split())
        known = _known_words()
        fragment, word = m[0], texts[k].lower() + m[0]
        if (fragment in known or page[fragment] > 1) and not (word in known or page[word]):
            continue
        texts[k:k + 2] = [texts[k] + rest]
        where[k:k + 2] = [[where[k + 1][0], where[k][1], where[k + 1][2], where[k][3]]]


_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\xad\u200b-\u200d\u2060\ufeff]")


def _line_breaks(text: str) -> str:
    """`text` with a newline for each CR LF, CR, vertical tab, form feed and line or
    paragraph separator."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for brk in "\x0b\x0c\u2028\u2029":
        if brk in text:  # rare: a scan for each costs less than one regex pass
            text = text.replace(brk, "\n")
    return text


def normalise(text: str) -> list[Line]:
    """The page's non-empty lines, classified; a drop cap ("H") is joined to its word."""
    text = _INVISIBLE.sub("", _line_breaks(text))
    raw = text.split("\n")
    rows = [" ".join(row.split()) for row in raw]
    found = [i for i, row in enumerate(rows) if row]
    texts = [rows[i] for i in found]
    end = len(rows) - 1
    where: list[list[int]] = [  # index, blank before, blank after, indent (0 / 1)
        [i, i == 0 or not rows[i - 1], i < end and not rows[i + 1], raw[i][:1] in " \t\u00a0"]
        for i in found]
    caps = [k for k, t in enumerate(texts) if len(t) == 1 and t.isupper()]
    if caps:  # lines that may be a drop cap
        _join_drop_caps(texts, where, caps)
    lines = classify_page(texts)
    for ln, (index, before, after, indent) in zip(lines, where, strict=True):
        ln.index = index
        ln.blank_before, ln.blank_after, ln.indent = bool(before), bool(after), bool(indent)
    return lines


# ---------------------------------------------------------------- the page's prose block

MAX_GAP = 4  # non-text lines allowed inside a prose block


def prose_blocks(lines: list[Line]) -> list[tuple[int, int, bool]]:
    """Runs of prose as (first, last, after_furniture_heading), split by gaps and headings."""
    blocks: list[tuple[int, int, bool]] = []
    start = last = -1
    gap = 0.0
    closed = False  # a furniture heading has followed real text
    after = False
    for i, ln in enumerate(lines):
        if ln.terminal and not in_menu(lines, i) and (ln.final or not inline_box(lines, i)):
            if start >= 0:
                blocks.append((start, last, after))
                start = -1
            closed = closed or bool(blocks and block_score(lines, blocks[-1]) >= 40)
            gap = 0.0
            continue
        if ln.strong:
            if start < 0 or gap > MAX_GAP:
                if start >= 0:
                    blocks.append((start, last, after))
                start, after = i, closed
            last, gap = i, 0.0
        elif ln.sentence or (ln.heading and not ln.furniture):
            gap = gap if start < 0 else gap + (0 if ln.sentence else 0.5)
        elif ln.meta:  # dates between paragraphs: a list of teasers, not one article
            gap += 3
        else:
            gap += 1
    if start >= 0:
        blocks.append((start, last, after))
    return blocks


def in_menu(lines: list[Line], i: int) -> bool:
    """A furniture heading between two other furniture lines is a menu item (share bar)."""
    prev = lines[i - 1] if i > 0 else None
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    return all(ln is not None and ln.furniture and ln.words <= 4 for ln in (prev, nxt))


def inline_box(lines: list[Line], i: int) -> bool:
    """A furniture heading over a few headlines, after which the prose resumes."""
    ahead = lines[i + 1:i + 15]
    k = next((j for j, ln in enumerate(ahead) if ln.strong), None)
    if k is None or k > 8 or any(ln.meta or ln.terminal for ln in ahead[:k]):
        return False
    return sum(ln.strong for ln in ahead[k:k + 4]) >= 2


def block_score(lines: list[Line], block: tuple[int, int, bool]) -> float:
    words = sum(ln.words for ln in lines[block[0]:block[1] + 1] if ln.strong)
    return words * (0.1 if block[2] else 1.0)


def main_span(lines: list[Line]) -> tuple[int, int] | None:
    """The densest block of prose lines, glued to neighbours split off by short interruptions."""
    blocks = prose_blocks(lines)
    if not blocks:
        return None
    best = max(range(len(blocks)), key=lambda k: block_score(lines, blocks[k]))
    first, last, after = blocks[best]
    for prv in reversed(blocks[:best]):
        if not _gluable(lines, prv[1], first, prv[2] == after):
            break
        first = prv[0]
    for nxt in blocks[best + 1:]:
        if not _gluable(lines, last, nxt[0], nxt[2] == after) or block_score(lines, nxt) < 40:
            break
        last = nxt[1]
    return first, last


def _gluable(lines: list[Line], last: int, first: int, same_side: bool) -> bool:
    between = lines[last + 1:first]
    return same_side and len(between) <= 12 and not any(ln.terminal or ln.meta for ln in between)


# ---------------------------------------------------------------- feature vectors

_OWN = (
    "logw", "logc", "ends", "colon", "teaser", "lower", "punct", "strong", "sentence",
    "heading", "furniture", "terminal", "final", "meta", "stop", "digits", "caps", "listmark",
    "code", "url", "seps", "repeat", "blank_before", "blank_after", "indent", "legal",
    "credit", "comment", "wordlen", "cjk", "quote", "short", "para", "prompt", "dup_earlier",
)
_NEIGHBOUR = ("logw", "ends", "strong", "furniture", "stop", "listmark", "para", "short")
_OFFSETS = (-2, -1, 1, 2)
_PAGE = (
    "pos", "page_words", "density3", "density8", "in_span", "before_span", "after_span",
    "span_rel", "after_final", "after_terminal", "words_before", "words_after", "run_short",
    "run_list", "similar_run", "block_lines", "prose_before10", "prose_after10", "vocab",
    "vocab_any",
)
FEATURE_NAMES: tuple[str, ...] = (
    *_OWN, *(f"{name}@{off:+d}" for off in _OFFSETS for name in _NEIGHBOUR), *_PAGE)


def page_language(lines: list[Line]) -> str:
    """The language whose stopwords the page's lines hit most ("en" when none)."""
    counts = Counter(chain.from_iterable(ln.toks for ln in lines if ln.words >= 6))
    found = counts.keys()
    best, hits = "en", 0
    for lang, words in _STOPWORDS.items():
        n = sum([counts[w] for w in found & words])
        if n > hits:
            best, hits = lang, n
    return best


_LOG1P = [math.log1p(k) for k in range(4096)]


def _log1p(k: int) -> float:
    return _LOG1P[k] if k < 4096 else math.log1p(k)


def _log1p_table(most: int) -> list[float]:
    """log1p(k) for every k from 0 to at least `most`, to index in a loop."""
    return _LOG1P if most < len(_LOG1P) else [math.log1p(k) for k in range(most + 1)]


def _own(ln: Line, stop: frozenset[str], repeats: int, earlier: bool) -> list[float]:
    """The line's own features (booleans count as 0 / 1: no conversions, this runs per line)."""
    text = ln.text
    words = ln.words
    toks = ln.toks
    chars = len(text)
    punct, code, seps = ln.punct, ln.code, ln.seps
    wordlen = chars / (words or 1)
    blank_before, blank_after = ln.blank_before, ln.blank_after
    return [
        _log1p(words), _log1p(chars), ln.ends, ln.colon,
        ln.teaser, ln.lower, (punct if punct < 8 else 8) / 8, ln.strong, ln.sentence,
        ln.heading, ln.furniture, ln.terminal, ln.final,
        ln.meta, sum(map(stop.__contains__, toks)) / (len(toks) or 1),
        ln.digits / chars, words >= 2 and text.isupper(),
        _LIST_MARK.match(text) is not None,
        (code if code < 10 else 10) / 10, ln.url,
        (seps if seps < 4 else 4) / 4, _log1p(repeats - 1),
        blank_before, blank_after, ln.indent,
        ln.legal, ln.credit, ln.comment,
        (wordlen if wordlen < 20 else 20) / 10, ln.cjk > 0,
        text[0] in _OPENERS, words <= 3,
        blank_before and blank_after, ln.prompt, earlier,
    ]


def _span_vocabulary(content: list[list[str]], first: int, last: int) -> Counter[str]:
    """Content words of the densest prose block: what the article is about."""
    return Counter(chain.from_iterable(content[first:last + 1]))


def _vocab_overlap(words: list[str], vocab: Counter[str], inside: bool) -> tuple[float, float]:
    """Share of the line's content words the article block uses (elsewhere than in the line),
    and whether it shares any: a list of ingredients or the text after a box shares the
    article's words, a teaser of another story does not."""
    if not words or not vocab:
        return 0.0, 0.0
    if not inside:
        hits = sum(map(vocab.__contains__, words))
    elif len(set(words)) == len(words):  # no repeated word: elsewhere = held twice
        hits = len([t for t in words if vocab[t] > 1])
    else:
        own = Counter(words)
        hits = len([t for t in words if vocab[t] > own[t]])
    return hits / len(words), 1.0 if hits else 0.0


def page_features(lines: list[Line]) -> list[list[float]]:
    """One feature vector per line, in `FEATURE_NAMES` order."""
    n = len(lines)
    if not n:
        return []
    stop = _STOPWORDS[page_language(lines)]
    counts = Counter([ln.text for ln in lines])
    seen: set[str] = set()
    own = []
    for ln in lines:
        own.append(_own(ln, stop, counts[ln.text], ln.text in seen))
        seen.add(ln.text)
    neighbour = itemgetter(*[_OWN.index(name) for name in _NEIGHBOUR])
    pad = (0.0,) * len(_NEIGHBOUR)
    reach = max(_OFFSETS)
    nbp = [pad] * reach + list(map(neighbour, own)) + [pad] * reach
    # each line's neighbours, in _OFFSETS order
    around = zip(*[nbp[reach + off:reach + off + n] for off in _OFFSETS], strict=True)
    span = main_span(lines)
    first, last = span if span is not None else (n, n)
    total = sum([ln.words for ln in lines]) or 1
    # prose words before each line, padded so that windows need no bounds checks
    cum = [0, *accumulate([ln.words if (ln.strong or ln.sentence) else 0 for ln in lines])]
    pad_cum = [0] * 12 + cum + [cum[-1]] * 12
    log_total = math.log1p(total)
    block = math.log1p(last - first + 1) if span is not None else 0.0
    width = last - first + 1
    words_cum = 0
    after_final = after_terminal = 0.0
    run_short = run_list = similar = 0
    prev_words, prev_ends = -99, False
    log1p = _log1p_table(max(total, n))  # the counts below are at most these
    content = [[t for t in ln.toks if len(t) > 3 and t not in stop] for ln in lines]
    vocab = _span_vocabulary(content, first, last)
    out: list[list[float]] = []
    for i, (ln, row, near) in enumerate(zip(lines, own, around, strict=True)):
        for nb in near:
            row += nb
        if ln.final and i > last:
            after_final = 1.0
        if ln.terminal and i > first:
            after_terminal = 1.0
        words = ln.words
        run_short = run_short + 1 if words <= 6 and not ln.ends else 0
        run_list = run_list + 1 if row[17] else 0
        similar = similar + 1 if abs(prev_words - words) <= 3 and prev_ends == ln.ends else 0
        prev_words, prev_ends = words, ln.ends
        row += (
            i / n, log_total, log1p[pad_cum[i + 16] - pad_cum[i + 9]],
            log1p[pad_cum[i + 21] - pad_cum[i + 4]],
            1.0 if first <= i <= last else 0.0,
            log1p[first - i] if i < first else 0.0,
            log1p[i - last] if i > last else 0.0,
            (i - first) / width if span is not None else -1.0,
            after_final, after_terminal, words_cum / total,
            (total - words_cum - words) / total, (run_short if run_short < 10 else 10) / 10,
            (run_list if run_list < 10 else 10) / 10, (similar if similar < 10 else 10) / 10,
            block, log1p[pad_cum[i + 12] - pad_cum[i + 2]],
            log1p[pad_cum[i + 23] - pad_cum[i + 13]],
            *_vocab_overlap(content[i], vocab, first <= i <= last),
        )
        words_cum += words
        out.append(row)
    return out


# ---------------------------------------------------------------- headline candidates

_BYLINE = re.compile(r"(?:by|von|par|por|di|door|przez|av|af)\s+\S", re.I)
_TITLE_NOISE = re.compile(
    r"(?:breaking news|newsletter|tweet|share|subscribe|sign up|log ?in|menu|photo|credit|"
    r"getty|browse|chevron|caption|symbolbild|bildquelle|foto:|photo:|"
    r"\d+\s*(?:comments?|reviews?|ratings?|stars?|min read))", re.I)
TITLE_BEFORE = 50  # lines before the body's first line that may hold its headline
TITLE_AFTER = 3  # and the body's own first lines (a headline the model kept)
TITLE_NAMES: tuple[str, ...] = (
    "before", "dist", "adjacent", "near3", "rank", "logw", "logc", "heading", "sentence",
    "ends", "lower", "furniture", "meta", "teaser", "terminal", "caps", "digits", "seps",
    "url", "credit", "byline", "noise", "repeat", "overlap_lede", "overlap_body", "prob",
    "pos", "blank_before", "blank_after", "next_meta", "prev_meta", "first", "colon", "long",
    "nearest", "second", "lede_content", "mid_length", "title_case", "in_header",
    "prev_heading", "next_heading", "meta_within4", "long_within3", "short_run_before",
    "quoted_before", "quoted_in_body", "quoted_after_body", "capitalised", "best_overlap",
    "longest_before", "menu_around", "body_follows", "lower_first", "very_short",
)


def _short_run(lines: list[Line], i: int) -> int:
    """How many short lines (menu items, breadcrumbs) come right before line i (up to 10)."""
    k = 0
    while k < 10 and i - k - 1 >= 0 and lines[i - k - 1].words <= 3:
        k += 1
    return k


def _share(words: list[str], vocab: set[str]) -> float:
    return sum(t in vocab for t in words) / len(words) if words else 0.0


def title_candidates(lines: list[Line], start: int, end: int) -> list[int]:
    """Lines that may be the headline of a body running from `start` to `end`."""
    out = []
    for i in range(max(0, start - TITLE_BEFORE), min(end + 1, start + TITLE_AFTER)):
        ln = lines[i]
        if 1 <= ln.words <= 30 and not ln.strong and any(ch.isalpha() for ch in ln.text):
            out.append(i)
    return out


def title_features(lines: list[Line], candidates: list[int], start: int, end: int,
                   probs: list[float], body_tokens: list[str],
                   counts: Counter[str]) -> list[list[float]]:
    """One vector per candidate of a body from `start` to `end`, in `TITLE_NAMES` order."""
    lede = set(body_tokens[:150])
    body = set(body_tokens)
    content = {t for t in body_tokens[:80] if len(t) > 3}
    header = {ln.text for ln in lines[:15]}
    n = len(lines)
    out = []
    quoted = _quoted(lines)
    offsets = quoted[1]
    long_toks = [[t for t in lines[i].toks if len(t) > 3] for i in candidates]
    shares = [_share(words, body) for words in long_toks]
    top = max(shares, default=0.0)
    overlaps = [(v, v == top and top > 0) for v in shares]
    longest = max((lines[i].words for i in candidates if i < start), default=0)
    short_before = [0]  # lines of at most three words before each line (menu items)
    for ln in lines:
        short_before.append(short_before[-1] + (ln.words <= 3))
    rank = 0
    for i in reversed(candidates):
        if i < start and lines[i].heading:
            rank += 1
    seen_heading = rank
    for k, i in enumerate(candidates):
        ln = lines[i]
        text = ln.text
        d = start - i
        toks = ln.toks or [""]
        if i < start and ln.heading:
            seen_heading -= 1
        nxt = lines[i + 1] if i + 1 < n else None
        prv = lines[i - 1] if i else None
        out.append([
            float(d > 0), math.log1p(abs(d)), float(d == 1), float(0 < d <= 3),
            min(seen_heading, 10) / 10, math.log1p(ln.words), math.log1p(len(text)),
            float(ln.heading), float(ln.sentence), float(ln.ends), ln.lower,
            float(ln.furniture), float(ln.meta), float(ln.teaser), float(ln.terminal),
            float(text.isupper() and ln.words >= 2), ln.digits / len(text),
            min(len(_SEPARATORS.findall(text)), 4) / 4, float(_URLISH.search(text) is not None),
            float(PHOTO_CREDIT.fullmatch(text) is not None), float(_BYLINE.match(text) is not None),
            float(_TITLE_NOISE.search(text) is not None), math.log1p(counts[text] - 1),
            sum(map(lede.__contains__, toks)) / len(toks),
            sum(map(body.__contains__, toks)) / len(toks),
            probs[i], i / n, float(ln.blank_before), float(ln.blank_after),
            float(nxt is not None and nxt.meta), float(prv is not None and prv.meta),
            float(i == 0), float(ln.colon), float(ln.words > 15),
            float(d > 0 and ln.heading and seen_heading == 0),
            float(d > 0 and ln.heading and seen_heading == 1),
            _share(long_toks[k], content),
            float(4 <= ln.words <= 16), float(ln.lower < 0.4),
            float(text in header and counts[text] > 1),
            prv is not None and prv.heading and prv.words >= 4,
            nxt is not None and nxt.heading and nxt.words >= 4,
            any(x.meta for x in lines[i + 1:i + 5]),
            any(x.words >= 10 for x in lines[i + 1:i + 4]),
            _short_run(lines, i) / 10,
            *_page_context(lines, i, start, end, quoted, offsets, overlaps[k], longest,
                           short_before),
        ])
    return out


def _quoted(lines: list[Line]) -> tuple[str, list[int]]:
    """The page lower-cased, one line a row, and where each line starts in it."""
    offsets = []
    at = 0
    for ln in lines:
        offsets.append(at)
        at += len(ln.text) + 1
    offsets.append(at)
    return "\n".join(ln.text.lower() for ln in lines), offsets


def _page_context(lines: list[Line], i: int, start: int, end: int, quoted: tuple[str, list[int]],
                  offsets: list[int], overlap: tuple[float, bool], longest: int,
                  short_before: list[int]) -> list[float]:
    """Where else the page quotes the candidate (a breadcrumb, a share line, a site name in
    the footer), its capitals, and how it sits among menu items and the body."""
    page = quoted[0]
    ln = lines[i]
    text = ln.text.lower()
    here, after_line = offsets[i], offsets[i + 1]
    body_end = offsets[min(end + 1, len(lines))]
    if len(text) >= 4:
        before = page.count(text, 0, here)
        in_body = page.count(text, after_line, body_end) if after_line < body_end else 0
        after_body = page.count(text, max(body_end, after_line))
    else:
        before = in_body = after_body = 0
    words = ln.text.split()
    caps = sum(w[:1].isupper() for w in words) / len(words) if words else 0.0
    n = len(lines)
    menu = short_before[min(n, i + 4)] - short_before[max(0, i - 3)] - (ln.words <= 3)
    return [
        math.log1p(before), math.log1p(in_body), math.log1p(after_body), caps,
        overlap[0], float(overlap[1]), float(i < start and ln.words == longest),
        menu / 6, float(max(i + 1, start) < min(n, i + 6)),
        float(ln.text[:1].islower()), float(ln.words <= 3),
    ]
