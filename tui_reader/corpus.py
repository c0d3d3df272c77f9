"""From one file to its articles: read, clean, recognise.

Corpus-wide work (names linked across files, similar stories) is done over the cache:
see `ingest.sync`, and `collection` for the articles one run sees.
"""

from __future__ import annotations

import hashlib

from .aliases import add_short_mentions
from .article import Article, Entity
from .cleaning import CleanedArticle, clean_page
from .files import (
    MAX_ARTICLE_CHARS,
    MAX_HTML_CHARS,
    Problem,
    cut_long_lines,
    cut_note,
    cut_text,
    input_format,
    read_text,
)
from .jsonl_input import read_jsonl
from .recognisers import Recogniser, recognise
from .sanitize import clean_line, clean_text


def article_id(identity: str, ordinal: int = 0) -> str:
    """A stable id: the same content (and position on its page) gives the same id every run."""
    digest = hashlib.sha256(f"{ordinal}\0{identity}".encode()).hexdigest()
    return digest[:16]


def articles_from_page(
    page: str, path: str, recogniser: Recogniser = recognise, notes: list[str] | None = None
) -> list[Article]:
    """Clean one plain-text page dump and recognise entities in each of its articles.

    Entity canonical names are per-article here; `ingest.sync` links them
    across the corpus. What is cut to keep time and memory bounded (a line or an
    article longer than `MAX_ARTICLE_CHARS`) is said in `notes`.
    """
    page, longest = cut_long_lines(clean_text(page))
    if longest and notes is not None:
        notes.append(cut_note("a line", longest))
    cleaned = clean_page(page)
    return [_build(c, article_id(page, i), path, recogniser, notes=notes)
            for i, c in enumerate(cleaned)]


def articles_from_html(
    html: str, path: str, recogniser: Recogniser = recognise, notes: list[str] | None = None
) -> list[Article]:
    """Extract the article(s) of one HTML page (its first `MAX_HTML_CHARS` of markup)."""
    from .html_page import clean_html, page_url  # lazily: the extractor is slow to import

    html = clean_text(html)
    if len(html) > MAX_HTML_CHARS:
        if notes is not None:
            notes.append(cut_note("the markup", len(html), MAX_HTML_CHARS))
        html = html[:MAX_HTML_CHARS]
    cleaned = clean_html(html)
    url = page_url(html)
    return [_build(c, article_id(html, i), path, recogniser, url, notes)
            for i, c in enumerate(cleaned)]


def articles_from_jsonl(
    text: str, path: str, recogniser: Recogniser = recognise
) -> tuple[list[Article], list[Problem]]:
    """One article per good line of a JSON Lines file; bad lines become problems."""
    records, bad = read_jsonl(text)  # each field is sanitised as it is parsed
    articles = [_build(r.article, article_id(r.identity), path, recogniser, r.url)
                for r in records]
    problems = [Problem(path, f"line {b.number}: {b.reason}") for b in bad]
    problems += [Problem(path, f"line {r.number}: {cut_note('a text', r.cut)}")
                 for r in records if r.cut]
    return articles, problems


def read_file(
    path: str, recogniser: Recogniser = recognise
) -> tuple[list[Article], list[Problem]]:
    """The articles of one input file of any format, and what was skipped in it."""
    try:
        text = read_text(path)
    except (OSError, ValueError) as error:
        return [], [Problem(path, getattr(error, "strerror", None) or str(error))]
    kind = input_format(path)
    if kind == "jsonl":
        return articles_from_jsonl(text, path, recogniser)
    notes: list[str] = []
    if kind == "html":
        articles = articles_from_html(text, path, recogniser, notes)
    else:
        articles = articles_from_page(text, path, recogniser, notes)
    return articles, [Problem(path, note) for note in notes]


def _build(cleaned: CleanedArticle, ident: str, path: str, recogniser: Recogniser,
           url: str | None = None, notes: list[str] | None = None) -> Article:
    body = clean_text(cleaned.body)
    if len(body) > MAX_ARTICLE_CHARS:  # recognition time and memory grow with the text
        if notes is not None:
            notes.append(cut_note("an article", len(body)))
        body = cut_text(body)
    found = recogniser(body)
    # "Clinton" after "Bill Clinton" in this same text: here, so every path gets them.
    entities = add_short_mentions(list(found.entities), body)
    source = clean_line(cleaned.source) if cleaned.source else None
    return Article(
        id=ident,
        title=cut_text(clean_line(cleaned.title)),
        source=source or None,
        published=cleaned.published,
        path=path,
        text=body,
        entities=entities,
        countries=sorted(found.countries),
        url=url,
    )


def entity_names(article: Article, label: str) -> list[Entity]:
    """The article's entities of one kind, first mention of each canonical name."""
    seen: set[str] = set()
    out: list[Entity] = []
    for entity in article.entities:
        if entity.label == label and entity.canonical not in seen:
            seen.add(entity.canonical)
            out.append(entity)
    return out
