"""Cut clean articles out of a raw page dump (a browser's innerText of a news page).

The cleaner works on lines. Each line is classified by shape (length, sentence ending,
share of lower-case words, small generic furniture cue lists); the article is the densest
block of long prose lines plus the short sentences and subheadings inside it. Everything
after a furniture heading ("Related Articles", "Trending", ...) belongs to the page, not
to the article.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from tui_reader import dates

__all__ = [
    "CleanedArticle", "clean_page", "closing_headings", "first_sentence", "strip_furniture",
]


@dataclass(frozen=True, slots=True)
class CleanedArticle:
    """One article cut from a page."""

    title: str
    """The page's own headline; drawn from the first sentence when the page has none."""
    source: str | None
    """Outlet the page names, or None."""
    published: str | None
    """ISO YYYY-MM-DD or None."""
    body: str
    """Paragraphs separated by exactly one blank line; no leading/trailing whitespace."""


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
# Lines that are page furniture wherever they appear (checked on short lines only).
_FURNITURE = re.compile(
    r"(?:advertisements?|ads?|sponsored(?: content)?|promoted|logo|menu|search|home|close|"
    r"publicidade|publicidad|publicité|pubblicità|anzeige|werbung|iklan|"
    r"compartilh(?:ar|e)|compartir|teilen|partager|condividi|bagikan|baixar|"
    r"share\b.*|shares?|tweet|print|e-?mail|whatsapp|facebook|twitter|linkedin|reddit|"
    r"copy link.*|read more.*|continue reading.*|click here.*|"
    r"(?:see|show|load|view) (?:more|all).*|"
    r"subscribe.*|sign (?:up|in)\b.*|log ?in|register|.*newsletter.*|"
    r"(?:get|download) (?:the|our) app.*|follow us.*|skip to .*|back to top|"
    r"\d+ comments?|comments?(?: \(\d+\))?|no comments.*|leave a (?:comment|reply).*|"
    r"posted (?:on|in)\b.*|filed under.*|tags?:.*|listen to (?:this )?(?:article|story).*|"
    r"\d+ min(?:ute)?s? read|.*continues below.*|scroll to continue.*|"
    r"(?:related|read more|also read|read also|see also|watch)\s*[:|].*|"
    rf"{_SEE_ALSO}\s*[:|].*|"
    r"(?:photo|image|picture|video|credit|source|caption)s?\s*:.*|getty images.*|"
    r"\(?with (?:additional )?inputs? from .*|.*all rights reserved.*|(?:©|copyright\b).*|"
    r"(?:e-?mail|phone|tel|fax|contact)\s*:.*|loading\W*)",
    _FLAGS,
)
# Furniture that can be a full sentence: image disclaimers, report credits.
_LONG_FURNITURE = re.compile(
    r"(?:this (?:image|photo|picture|video|illustration) (?:is|was|has been)\b.*"
    r"(?:generated|illustrat|representation|for representation).*|"
    r"\(.*(?:inputs? from|contributed (?:to )?this report).*\)\W*)",
    _FLAGS,
)
# Calls to action and author-box contact lines (checked on lines of at most 40 words).
_CALL_TO_ACTION = re.compile(
    r".*\b(?:click here|follow (?:him|her|them|me|us) (?:on|at) "
    r"(?:twitter|facebook|instagram|linkedin|threads|bluesky|x\b))\b.*",
    _FLAGS,
)
# Headings after which the rest of the page is not the article.
_TERMINAL = re.compile(
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
_FINAL = re.compile(
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
_PHOTO_CREDIT = re.compile(
    r".*\b(?:getty images|ap photo|afp|reuters|shutterstock|photo|image|credit|courtesy)\b.*",
    re.I)
_SENTENCE_END = ".!?。！？।؟"
_CLOSERS = "\"'”’»)]"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

STRONG_WORDS = 12  # a sentence-ended line this long is running text
MAX_GAP = 4  # non-text lines allowed inside the article block
TITLE_MAX = 100
_DANGLING = re.compile(r"(?:\s+(?:a|an|the|of|to|and|or|in|on|at|for|with|by|from))+$", re.I)


@dataclass(slots=True)
class _Line:
    text: str
    words: int
    furniture: bool = False
    terminal: bool = False
    final: bool = False  # a terminal heading that is never an inline box
    teaser: bool = False
    meta: bool = False
    sentence: bool = False  # reads like a sentence of running text
    strong: bool = False  # long prose: anchors the article block
    heading: bool = False  # shaped like a headline / subheading


def _word_count(text: str) -> int:
    return len(text.split()) + len(_CJK.findall(text)) // 2


def _lower_share(text: str) -> float:
    """Share of words not starting upper-case (Title Case menus and headlines score low)."""
    lower = upper = 0
    for word in text.split():
        first = next((ch for ch in word if ch.isalpha()), "")
        upper += first.isupper()
        lower += bool(first) and not first.isupper()  # caseless scripts read as running text
    return lower / (lower + upper) if lower + upper else 1.0


def _punctuated(text: str) -> bool:
    """Running text has inner sentence ends or commas; tag clouds and menus have none."""
    return len(re.findall(r"[.!?。！？,，;]\s", text)) >= 2


def _classify(text: str) -> _Line:
    line = _Line(text, _word_count(text))
    short = line.words <= 12
    line.terminal = short and _TERMINAL.fullmatch(text) is not None
    line.final = line.terminal and _FINAL.fullmatch(text) is not None
    line.furniture = line.terminal or (short and _FURNITURE.fullmatch(text) is not None) or (
        _LONG_FURNITURE.fullmatch(text) is not None) or (
        line.words <= 40 and _CALL_TO_ACTION.fullmatch(text) is not None)
    core = dates.split_closing_credit(text)[0].rstrip(_CLOSERS)
    line.teaser = line.words >= 4 and (core.endswith("…") or core.endswith("..."))
    line.meta = line.words <= 15 and (
        dates.parse_date(text) is not None or dates.is_relative_time(text)
        or re.match(r"(?:by|updated|published|posted)\b", text, re.I) is not None)
    if line.furniture or line.teaser:
        return line
    ends = (core[-1:] in tuple(_SENTENCE_END) and not core.endswith("...")) or (
        core.endswith(":") and line.words >= 5)  # a sentence introducing a list
    lower = _lower_share(text)
    line.sentence = ends and line.words >= 3 and lower >= 0.4 and not line.meta
    line.strong = not line.meta and lower >= 0.4 and (
        (ends and line.words >= STRONG_WORDS) or (line.words >= 30 and _punctuated(text)))
    line.heading = (2 <= line.words <= 20 and len(text) <= 160 and not line.meta
                    and not text.startswith("(") and core[-1:] not in tuple(".,;:")
                    and any(ch.isalpha() for ch in text))
    return line


def _normalise(text: str) -> list[str]:
    text = re.sub(r"\r\n?|[\x0b\x0c\u2028\u2029]", "\n", text)
    text = re.sub(r"[\x00-\x08\x0e-\x1f\x7f\u200b-\u200d\ufeff]", "", text)
    return [" ".join(line.split()) for line in text.split("\n")]


# ---------------------------------------------------------------- multi-article pages

def _split_articles(lines: list[_Line]) -> list[list[_Line]]:
    """Split at a short line repeated before each of several articles ("Posted on ...")."""
    positions: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        if 0 < ln.words <= 8 and not ln.sentence and _opens_article(lines, i):
            positions.setdefault(ln.text.lower(), []).append(i)
    best: list[int] = []
    for cuts in positions.values():
        if len(cuts) >= 2 and len(cuts) > len(best) and _spaced(lines, cuts):
            best = cuts
    if not best:
        return [lines]
    bounds = [0, *best, len(lines)] if best[0] > 0 else [*best, len(lines)]
    return [lines[a:b] for a, b in pairwise(bounds)]


def _opens_article(lines: list[_Line], i: int) -> bool:
    """A separator is followed by a headline and then prose."""
    following = [ln for ln in lines[i + 1:i + 8] if ln.words][:3]
    return (len(following) >= 2 and following[0].heading and not following[0].sentence
            and any(ln.strong for ln in following[1:]))


def _spaced(lines: list[_Line], cuts: list[int]) -> bool:
    """Every piece between two cuts holds several prose paragraphs."""
    return all(sum(ln.strong for ln in lines[a:b]) >= 3 for a, b in pairwise(cuts))


# ---------------------------------------------------------------- main block

def _blocks(lines: list[_Line]) -> list[tuple[int, int, bool]]:
    """Runs of prose as (first, last, after_furniture_heading), split by gaps and headings."""
    blocks: list[tuple[int, int, bool]] = []
    start = last = -1
    gap = 0
    closed = False  # a furniture heading has followed real text
    after = False

    def close() -> None:
        nonlocal start
        if start >= 0:
            blocks.append((start, last, after))
        start = -1

    for i, ln in enumerate(lines):
        if not ln.words:
            continue
        if ln.terminal and not _in_menu(lines, i) and (ln.final or not _inline_box(lines, i)):
            close()
            closed = closed or bool(blocks and _score(lines, blocks[-1]) >= 40)
            gap = 0
            continue
        if ln.strong:
            if start < 0 or gap > MAX_GAP:
                close()
                start, after = i, closed
            last, gap = i, 0
        elif ln.sentence or (ln.heading and not ln.furniture):
            gap = gap if start < 0 else gap + (0 if ln.sentence else 0.5)
        elif ln.meta:  # dates between paragraphs: a list of teasers, not one article
            gap += 3
        else:
            gap += 1
    close()
    return blocks


def _in_menu(lines: list[_Line], i: int) -> bool:
    """A furniture heading between two other furniture lines is a menu item (share bar)."""
    prev = next((ln for ln in reversed(lines[max(0, i - 20):i]) if ln.words), None)
    nxt = next((ln for ln in lines[i + 1:i + 20] if ln.words), None)
    return all(ln is not None and ln.furniture and ln.words <= 4 for ln in (prev, nxt))


def _inline_box(lines: list[_Line], i: int) -> bool:
    """A furniture heading over a few headlines, after which the prose resumes."""
    ahead = [ln for ln in lines[i + 1:i + 30] if ln.words][:14]
    k = next((j for j, ln in enumerate(ahead) if ln.strong), None)
    if k is None or k > 8 or any(ln.meta or ln.terminal for ln in ahead[:k]):
        return False
    return sum(ln.strong for ln in ahead[k:k + 4]) >= 2


def _score(lines: list[_Line], block: tuple[int, int, bool]) -> float:
    words = sum(ln.words for ln in lines[block[0]:block[1] + 1] if ln.strong)
    return words * (0.1 if block[2] else 1.0)


def _main_span(lines: list[_Line]) -> tuple[int, int] | None:
    blocks = _blocks(lines)
    if not blocks:
        return None
    best = max(range(len(blocks)), key=lambda k: _score(lines, blocks[k]))
    first, last, after = blocks[best]
    # Glue neighbouring blocks that a short interruption (gallery, embed) split off.
    for prv in reversed(blocks[:best]):
        if not _gluable(lines, prv[1], first, prv[2] == after):
            break
        first = prv[0]
    for nxt in blocks[best + 1:]:
        if not _gluable(lines, last, nxt[0], nxt[2] == after) or _score(lines, nxt) < 40:
            break
        last = nxt[1]
    return first, last


def _gluable(lines: list[_Line], last: int, first: int, same_side: bool) -> bool:
    """Two blocks split by a short interruption (gallery, embed) without a furniture heading."""
    between = [ln for ln in lines[last + 1:first] if ln.words]
    return same_side and len(between) <= 12 and not any(ln.terminal or ln.meta for ln in between)


# ---------------------------------------------------------------- article assembly

def first_sentence(text: str) -> str:
    """A stand-in headline: the first sentence of `text`, cut at a word near TITLE_MAX."""
    m = re.search(r"(?<=[a-z0-9\"”’)]{2}[.!?])\s", text)
    sentence = text[:m.start()] if m else text
    if len(sentence) <= TITLE_MAX:
        return sentence
    cut = sentence[:TITLE_MAX].rsplit(" ", 1)[0]
    cut = _DANGLING.sub("", cut)
    return cut.rstrip(" ,;:-–—") + "…"




def _is_subheading(lines: list[_Line], i: int, end: int) -> bool:
    ln = lines[i]
    if not ln.heading or ln.furniture or ln.teaser or ln.words > 14:
        return False
    if ln.words >= 4 and ln.text.isupper():  # shouted lines inside text are promos and links
        return False
    nxt = next((x for x in lines[i + 1:min(end + 1, i + 20)] if x.words), None)
    prev = next((x for x in reversed(lines[max(0, i - 20):i]) if x.words), None)
    return all(x is not None and (x.strong or x.sentence) for x in (prev, nxt))


def _is_caption(lines: list[_Line], i: int) -> bool:
    nxt = next((x for x in lines[i + 1:i + 4] if x.words), None)
    return nxt is not None and nxt.words <= 10 and not nxt.sentence and (
        _PHOTO_CREDIT.fullmatch(nxt.text) is not None)


def _article(lines: list[_Line], repeated: Counter[str]) -> CleanedArticle | None:
    span = _main_span(lines)
    if span is None:
        return None
    start, end = span
    # A byline after the opening paragraph(s) marks them as a standfirst.
    strong_seen = 0
    for i in range(start, end + 1):
        strong_seen += lines[i].strong
        if strong_seen > 2:
            break
        if lines[i].meta and any(ln.strong for ln in lines[i + 1:end + 1]):
            start = i + 1
    title_idx = _title_index(lines, start)
    title = lines[title_idx].text if title_idx is not None else ""
    inside = Counter(ln.text.lower() for ln in lines[start:end + 1] if ln.words)
    body: list[str] = []
    for i in range(start, end + 1):
        ln = lines[i]
        if not ln.words or ln.furniture or ln.teaser or ln.meta or ln.text == title:
            continue
        if repeated[ln.text.lower()] > inside[ln.text.lower()] or _is_caption(lines, i):
            continue  # boilerplate also printed outside the article, or a photo caption
        if ln.strong or ln.sentence or _is_subheading(lines, i, end):
            body.append(ln.text)
    if not body:
        return None
    body[-1], source = dates.split_closing_credit(body[-1])
    if source is None:
        nxt = next((ln for ln in lines[end + 1:] if ln.words), None)
        source = dates.credit_line(nxt.text) if nxt and not nxt.furniture else None
    header = lines[(title_idx or 0):start] if title_idx is not None else lines[:start]
    if source is None:
        source = next((s for ln in header if ln.meta
                       for s in [dates.source_from_byline(ln.text)] if s), None)
    published = next((d for ln in reversed(lines[:start]) if ln.meta
                      for d in [dates.parse_date(ln.text)] if d), None)
    return CleanedArticle(title or first_sentence(body[0]), source, published, "\n\n".join(body))


def _title_index(lines: list[_Line], start: int) -> int | None:
    """The headline: a repeated headline-like line before the text, else the nearest one."""
    window = [i for i in range(max(0, start - 15), start)
              if lines[i].heading and not lines[i].furniture and not lines[i].sentence
              and lines[i].words >= 3]
    if not window:
        return None
    counts = Counter(lines[i].text for i in window)
    repeated = [i for i in window if counts[lines[i].text] > 1]
    return repeated[0] if repeated else window[-1]


def strip_furniture(text: str) -> str:
    """Drop furniture, teaser, byline, credit and caption lines from already-extracted text.

    No block selection: every other line is kept. A furniture heading ("Related Articles",
    "Lesen Sie auch") ends the article unless the prose resumes after a few headlines.
    Paragraphs are returned separated by one blank line.
    """
    lines = [_classify(t) for t in _normalise(text)]
    kept: list[str] = []
    in_box = False  # the headlines of an inline box, until the prose resumes
    for i, ln in enumerate(lines):
        if not ln.words or not any(ch.isalnum() for ch in ln.text):
            continue
        if ln.terminal:
            if kept and (ln.final or not _inline_box(lines, i)):
                break
            in_box = bool(kept)
            continue
        in_box = in_box and not ln.strong
        if in_box or ln.furniture or ln.teaser or (ln.meta and not ln.sentence):
            continue
        if not _is_caption(lines, i):
            kept.append(ln.text)
    return "\n\n".join(kept)


def closing_headings(texts: list[str]) -> list[int]:
    """Indices of the headings among a page's lines that always close the article above them.

    Only the unambiguous cues ("You may also like", "Most read", "Comments"), never menu
    items between share buttons; "Related" and "Read also" may head an inline box.
    """
    lines = [_classify(" ".join(t.split())) for t in texts]
    return [i for i, ln in enumerate(lines) if ln.final and not _in_menu(lines, i)]


def clean_page(text: str) -> list[CleanedArticle]:
    """Return the articles on a raw page dump; [] when it holds none."""
    lines = [_classify(t) for t in _normalise(text)]
    counts = Counter(ln.text.lower() for ln in lines if ln.words)
    articles = (_article(segment, counts) for segment in _split_articles(lines))
    return [a for a in articles if a is not None]
