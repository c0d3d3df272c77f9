"""Cut clean articles out of a raw page dump (a browser's innerText of a news page).

The keep/drop decision for each line is learned (`cleaner_model`, trained by
`training/train_cleaner.py` on pages from many sites): each line is described by its
shape, the generic furniture cues, its place on the page and its neighbours
(`cleaner_features`); the article is the likeliest run of lines, less the unlikely lines
inside it (a box, a caption, a share bar). A page that repeats a short separator before
each of several articles ("Posted on ...") is cut into those articles first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from tui_reader import dates
from tui_reader.cleaner_features import (
    PHOTO_CREDIT,
    Line,
    classify,
    in_menu,
    inline_box,
    normalise,
    page_features,
    title_candidates,
    title_features,
)
from tui_reader.cleaner_model import Model, best_span, load_model
from tui_reader.language import ANY_FUNCTION_WORD

__all__ = [
    "CleanedArticle", "clean_page", "clean_with", "closing_headings", "first_sentence",
    "headline_candidates", "last_crumb", "strip_furniture",
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


TITLE_MAX = 100
_DANGLING = re.compile(r"(?:\s+(?:a|an|the|of|to|and|or|in|on|at|for|with|by|from))+$", re.I)


# ---------------------------------------------------------------- multi-article pages

def _split_articles(lines: list[Line]) -> list[tuple[int, int]]:
    """Split at a short line repeated before each of several articles ("Posted on ...")."""
    positions: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        if ln.words <= 8 and not ln.sentence and _opens_article(lines, i):
            positions.setdefault(ln.text.lower(), []).append(i)
    best: list[int] = []
    for cuts in positions.values():
        if len(cuts) >= 2 and len(cuts) > len(best) and _spaced(lines, cuts):
            best = cuts
    if not best:
        return [(0, len(lines))]
    bounds = [0, *best, len(lines)] if best[0] > 0 else [*best, len(lines)]
    return list(pairwise(bounds))


def _opens_article(lines: list[Line], i: int) -> bool:
    """A separator is followed by a headline and then prose."""
    if i + 2 >= len(lines) or not lines[i + 1].heading or lines[i + 1].sentence:
        return False
    return lines[i + 2].strong or (i + 3 < len(lines) and lines[i + 3].strong)


def _spaced(lines: list[Line], cuts: list[int]) -> bool:
    """Every piece between two cuts holds several prose paragraphs."""
    return all(sum(ln.strong for ln in lines[a:b]) >= 3 for a, b in pairwise(cuts))


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


# A caption is short: a paragraph above a photo credit (a slide of a gallery) is text.
# Chosen on the cross-validation's out-of-fold probabilities: with no limit, must snippets
# found 0.873, gold pages F1 >= 0.9 0.776; with 15 words 0.884 and 0.796.
CAPTION_WORDS = 15


def _is_caption(lines: list[Line], i: int) -> bool:
    """Line i is a photo's caption: a short line over a photo credit."""
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    return lines[i].words <= CAPTION_WORDS and nxt is not None and nxt.words <= 10 and (
        not nxt.sentence and PHOTO_CREDIT.fullmatch(nxt.text) is not None)


# A standfirst: a sentence of at least LEDE_WORDS words among the LEDE_WINDOW lines above
# the body, which the model finds likely enough (LEDE_P) though less than the body. Chosen on
# the cross-validation's out-of-fold probabilities: must snippets found 0.855 -> 0.866, with
# as many must-not snippets kept and the same gold F1.
LEDE_WINDOW, LEDE_P, LEDE_WORDS = 5, 0.2, 8


def body_lines(lines: list[Line], probs: list[float], model: Model) -> list[int]:
    """The lines of the article: the likeliest run of lines, less the unlikely ones in it,
    and the standfirst just above it."""
    first, last = best_span(lines, probs, model.span_bias, model.gap_weight, model.max_gap,
                            model.gap_cost, model.lone_weight)
    threshold, hard, outside = model.threshold, model.hard_drop, model.outside
    short = model.short_threshold
    keep = [i for i, p in enumerate(probs)
            if (p >= (threshold if lines[i].words > 6 else short) if first <= i <= last
                else p >= outside)
            and any(ch.isalnum() for ch in lines[i].text)
            and not _script(lines[i])
            and not (hard and _furniture(lines[i]))]
    return _standfirst(lines, probs, keep[0]) + keep if keep else keep


def _standfirst(lines: list[Line], probs: list[float], first: int) -> list[int]:
    """Lines of the standfirst above the body's first line `first` (none past a closing
    heading), in page order."""
    found = []
    for j in range(first - 1, max(-1, first - 1 - LEDE_WINDOW), -1):
        ln = lines[j]
        if ln.terminal:
            break
        if (ln.sentence and ln.words >= LEDE_WORDS and probs[j] >= LEDE_P and not ln.teaser
                and not ln.meta and not ln.legal and not ln.prompt and not _script(ln)
                and not _furniture(ln)):
            found.append(j)
    return found[::-1]


# A caption ending in its credit: "Wide circles loosen the back. © Horse Review",
# "Stapel mit Mauerziegeln. Foto: dpa". The credit is the line's last few words.
_CREDIT_END = re.compile(
    r"(?:©|\(c\)|\b(?:foto|fotos|photo|bild|credit|image|quelle|source|fuente|crédit)s?\s*:)"
    r"\s*(?P<credit>[^.!?:]{0,60})$", re.I)


def _furniture(ln: Line) -> bool:
    """Cue-list furniture, a byline or date line, a photo credit, a caption ending in its
    credit, a subscribe prompt, a cookie consent banner."""
    return ln.furniture or (ln.meta and not ln.sentence) or ln.credit or ln.consent or (
        ln.prompt and ln.words <= 15) or _credited_caption(ln)


# A caption ending in its credit in brackets, agency and photographer or institutions
# between slashes: "Titan in false colour, 2004. (NASA/JPL/Space Science Institute)".
# Names, no figures: "(IEC/EN 62053-21)" is a standard.
_SLASHED_CREDIT = re.compile(
    r"\((?=[^()]* )(?:[^\W\d_a-zß-ÿ](?:[^\W\d_]|[.&'’ -])*/)+"
    r"[^\W\d_a-zß-ÿ](?:[^\W\d_]|[.&'’ -])*\)$")


def _credited_caption(ln: Line) -> bool:
    text = ln.text
    if ln.words > 40:
        return False
    if text[-1:] == ")" and "/" in text and _SLASHED_CREDIT.search(text):
        return True
    if "©" not in text and ":" not in text and "(c)" not in text:
        return False
    m = _CREDIT_END.search(text)
    return m is not None and len(m["credit"].split()) <= 6


def _script(ln: Line) -> bool:
    """Script text leaking into the dump: braces, semicolons and "=" rather than words."""
    return ln.code >= 4 and ln.code >= ln.words * 0.3


def _article(lines: list[Line], probs: list[float], model: Model) -> CleanedArticle | None:
    keep = body_lines(lines, probs, model)
    if not keep:
        return None
    start, end = keep[0], keep[-1]
    title_idx = choose_title(lines, keep, probs, model)
    if title_idx is None and _headline_shaped(lines[start]) and len(keep) > 1:
        title_idx = start  # the body opens with its headline
    line_title = lines[title_idx].text if title_idx is not None else ""
    title = last_crumb(line_title)
    body = [lines[i].text for i in keep
            if lines[i].text != line_title and not _is_caption(lines, i)]
    if not body or sum(lines[i].words for i in keep) < 10:
        return None
    body[-1], source = dates.split_closing_credit(body[-1])
    if not body[-1]:
        body.pop()
        if not body:
            return None
    if source is None:
        nxt = lines[end + 1] if end + 1 < len(lines) else None
        source = dates.credit_line(nxt.text) if nxt and not nxt.furniture else None
    top = min(start, title_idx) if title_idx is not None else start
    if source is None:
        source = _byline_source(lines[max(0, top - 5):keep[:3][-1] + 1])
    if source is None:
        source = _copyright_source(lines[end + 1:])
    published = next((d for ln in reversed(lines[:keep[:3][-1]]) if ln.meta
                      for d in [dates.parse_date(ln.text)] if d), None)
    return CleanedArticle(title or first_sentence(body[0]), source, published, "\n\n".join(body))


_DESK = re.compile(r"\s+(?:news|web|online|digital|staff)\s+(?:desk|team|bureau)$", re.I)
# "All rights reserved" in the languages of the pages: the notice, never the outlet's name.
_RESERVED = (r"all rights|alle rechte|tous droits|todos los derechos|todos os direitos|"
             r"tutti i diritti|riproduzione riservata|wszelkie prawa|alle rechten")
# The notice's opening: "©", "(c)" or "Copyright", a year or two, "Powered by".
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright\b)(?:\s*(?:©|\(c\)|copyright\b))*\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?"
    r"[\s,]*(?:(?:powered\s+)?by\s+)?", re.I)
# A proviso after the name: "© 2019 The Republic unless otherwise noted".
_PROVISO = r"unless\s+otherwise|except\s+where|sauf\s+mention|soweit\s+nicht|salvo\s+indicaci"
# Then the outlet's name, up to a full stop, a comma, a separator, the notice or a proviso;
# not up to a stop inside a word ("e.V", "Sat.1"). A photo credit ("© Jane Doe / Agency")
# has none.
_OUTLET_NAME = re.compile(
    rf"([^\W\d_][\w&'’.\- ]{{1,48}}?)\s*(?:\.(?!\w)|[,|•·]|{_RESERVED}|{_PROVISO}|$)", re.I)
# What a stop cut from the name: "e.V." / "e. V.", "Co. KG", "Sp. z o.o.".
_LEGAL_TAIL = re.compile(r"(?:\.\s?[A-Z](?=\.))+\.|\.\s?(?:KG|KGaA|OHG|z\s?o\.\s?o\.)(?!\w)")
# A photographer's name and agency run on after the name: "Kevin C[. Cox/Getty Images]".
_CREDIT_SLASH = re.compile(r"\.?\s?[^\W\d_][\w'’-]*/\w")
_INITIALS_END = re.compile(r"(?<![^\s.])\w\.\w$")
# A site named by its address: "© 2000-2022 www.pagina12.com.ar", "INTERIA.PL".
_DOMAIN = re.compile(r"(?:www\.)?((?:[\w-]+\.)+(?:[a-z]{2,}|[A-Z]{2,}))(?![a-z0-9.])")
# The outlet's address after its name: "COMPUTER BILD www.computerbild.de".
_TRAILING_SITE = re.compile(r"\s(?:www\.)[\w.-]+$")
_NOT_AN_OUTLET = re.compile(rf"(?:{_RESERVED}|copyright|the authors?\b|(?<!\S)\d)", re.I)


def _byline_source(header: list[Line]) -> str | None:
    """The outlet a byline or dateline before (or opening) the body names ("X | Outlet")."""
    for ln in header:
        if not ln.meta:
            continue
        name = dates.source_from_byline(ln.text)
        if name:
            return _DESK.sub("", name) or name  # "Devdiscourse News Desk" is Devdiscourse's
    return None


def _copyright_source(footer: list[Line]) -> str | None:
    """The outlet a copyright line after the body names ("© 2025 Outlet. All rights ...")."""
    for ln in footer:
        text = ln.text
        if ln.words > 25 or ("©" not in text and "opyright" not in text):
            continue
        for mark in _COPYRIGHT.finditer(text):  # "Copyright 2020 © Outlet": the second
            if mark[0].strip().isalpha() and text[mark.end():mark.end() + 1].islower():
                continue  # "zu deinem Copyright ansprüchen": the word in a sentence
            name = _outlet_after(text, mark.end())
            if name:
                return name
    return None


def _outlet_after(text: str, start: int) -> str | None:
    """The outlet's name or address at `start` of a copyright line, if it reads as one."""
    domain = _DOMAIN.match(text, start)
    if domain:
        return domain[1]
    m = _OUTLET_NAME.match(text, start)
    if m is None:
        return None
    name = m[1].strip(" .-")
    if _CREDIT_SLASH.match(text, m.end(1)):
        return None  # a photo credit: "© Kevin C. Cox/Getty Images"
    before, by, _ = name.partition(" by ")
    if by and before.isalpha() and before.islower():
        return None  # "background by Noah Bradley": a credit for the art
    first, _, rest = name.partition(" ")
    if first in ANY_FUNCTION_WORD and rest[:1].islower():
        return None  # a phrase, "© des jeweiligen Verlages"; "© la Repubblica" is a name
    site = _TRAILING_SITE.search(name)
    if site and site.start() > 0:
        name = name[:site.start()].rstrip(" -")  # "COMPUTER BILD www.computerbild.de"
    words = len(name.split())
    tail = _LEGAL_TAIL.match(text, m.end(1))
    if tail:
        name += tail[0]
    elif _INITIALS_END.search(name) and text.startswith(".", m.end(1)):
        name += "."  # "e.V", "A.u.H.B": the last initial's stop
    if 2 <= len(name) <= 48 and not _NOT_AN_OUTLET.search(name) and words <= 6:
        return name
    return None


# Between the crumbs of a breadcrumb trail: "Startseite » Nachrichten » Energie » Headline".
_CRUMB = re.compile(r"\s+[>»›]\s+")


def last_crumb(title: str) -> str:
    """A breadcrumb trail's last crumb, the page's own headline ("Home > News > 2015 >
    Headline" -> "Headline"); any other title as it is. A trail has at least three crumbs."""
    crumbs = _CRUMB.split(title)
    if len(crumbs) < 3 or not any(ch.isalpha() for ch in crumbs[-1]):
        return title
    return crumbs[-1]


def _headline_shaped(ln: Line) -> bool:
    return ln.heading and not ln.sentence and not ln.furniture and 3 <= ln.words <= 20


def headline_candidates(lines: list[Line], keep: list[int],
                        probs: list[float]) -> tuple[list[int], list[list[float]]]:
    """The lines that may be the headline of the body `keep` and their `TITLE_NAMES` rows:
    what the title model scores here and is fitted on in `training/train_cleaner.py`."""
    start, end = keep[0], keep[-1]
    candidates = title_candidates(lines, start, end)
    if not candidates:
        return [], []
    counts = Counter(ln.text for ln in lines)
    body_tokens = [t for i in keep[:40] for t in lines[i].toks]
    return candidates, title_features(lines, candidates, start, end, probs, body_tokens, counts)


def choose_title(lines: list[Line], keep: list[int], probs: list[float],
                 model: Model) -> int | None:
    """The index of the headline line of the body `keep`, or None when none reads as one."""
    if model.title is None:
        return None
    candidates, rows = headline_candidates(lines, keep, probs)
    if not candidates:
        return None
    scores = model.title(rows)
    # A caption ending in its credit is never the headline (none of the 202 such
    # candidates of the training pages is), but it stays among the candidates: their
    # features rank each against the others.
    eligible = [k for k, i in enumerate(candidates) if not _credited_caption(lines[i])]
    if not eligible:
        return None
    best = max(eligible, key=scores.__getitem__)
    if scores[best] < model.title_threshold:
        return None
    if model.title_trees is None or model.title_top < 2:
        return candidates[best]
    # The logit's likeliest few are reordered by the trees, which weigh the features
    # together (a kicker, a subtitle or a site name beside the headline).
    top = sorted(eligible, key=lambda k: -scores[k])[:model.title_top]
    ranks = model.title_trees([rows[k] for k in top])
    return candidates[top[max(range(len(top)), key=ranks.__getitem__)]]


def strip_furniture(text: str) -> str:
    """Drop furniture, teaser, byline, credit and caption lines from already-extracted text.

    No block selection: every other line is kept. A furniture heading ("Related Articles",
    "Lesen Sie auch") ends the article unless the prose resumes after a few headlines.
    Paragraphs are returned separated by one blank line.
    """
    lines = normalise(text)
    kept: list[str] = []
    in_box = False  # the headlines of an inline box, until the prose resumes
    for i, ln in enumerate(lines):
        if not any(ch.isalnum() for ch in ln.text):
            continue
        if ln.terminal:
            if kept and (ln.final or not inline_box(lines, i)):
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
    lines = [classify(" ".join(t.split()) or " ", i) for i, t in enumerate(texts)]
    return [i for i, ln in enumerate(lines) if ln.final and not in_menu(lines, i)]


def clean_page(text: str) -> list[CleanedArticle]:
    """Return the articles on a raw page dump; [] when it holds none."""
    return clean_with(text, load_model())


def clean_with(text: str, model: Model) -> list[CleanedArticle]:
    """`clean_page` with a given model (the training script scores its folds with this)."""
    lines = normalise(text)
    if not lines:
        return []
    probs = model.probabilities(lines, page_features(lines))
    articles = (_article(lines[a:b], probs[a:b], model) for a, b in _split_articles(lines))
    return [a for a in articles if a is not None]
