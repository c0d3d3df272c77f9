"""From files to articles: read, clean, recognise, link names across the corpus."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .aliases import resolve_aliases
from .article import Article, Entity
from .cleaning import CleanedArticle, clean_page
from .files import Problem, discover, input_format, read_text
from .jsonl_input import read_jsonl
from .recognisers import Recogniser, recognise
from .sanitize import clean_line, clean_text
from .similar import group_similar

#: Called after each file with (files done, files in all).
Progress = Callable[[int, int], None]


@dataclass(slots=True)
class Corpus:
    """The articles of one run, in input order, and the inputs that were skipped."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def article_id(identity: str, ordinal: int = 0) -> str:
    """A stable id: the same content (and position on its page) gives the same id every run."""
    digest = hashlib.sha256(f"{ordinal}\0{identity}".encode()).hexdigest()
    return digest[:16]


def articles_from_page(
    page: str, path: str, recogniser: Recogniser = recognise
) -> list[Article]:
    """Clean one plain-text page dump and recognise entities in each of its articles.

    Entity canonical names are per-article here; `load_corpus` links them
    across the corpus.
    """
    page = clean_text(page)
    cleaned = clean_page(page)
    return [_build(c, article_id(page, i), path, recogniser) for i, c in enumerate(cleaned)]


def articles_from_html(
    html: str, path: str, recogniser: Recogniser = recognise
) -> list[Article]:
    """Extract the article(s) of one HTML page."""
    from .html_page import clean_html  # imported lazily: the extractor is slow to import

    html = clean_text(html)
    cleaned = clean_html(html)
    return [_build(c, article_id(html, i), path, recogniser) for i, c in enumerate(cleaned)]


def articles_from_jsonl(
    text: str, path: str, recogniser: Recogniser = recognise
) -> tuple[list[Article], list[Problem]]:
    """One article per good line of a JSON Lines file; bad lines become problems."""
    records, bad = read_jsonl(text)  # each field is sanitised as it is parsed
    articles = [_build(r.article, article_id(r.identity), path, recogniser) for r in records]
    problems = [Problem(path, f"line {b.number}: {b.reason}") for b in bad]
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
    if kind == "html":
        return articles_from_html(text, path, recogniser), []
    return articles_from_page(text, path, recogniser), []


def _build(cleaned: CleanedArticle, ident: str, path: str, recogniser: Recogniser) -> Article:
    body = clean_text(cleaned.body)
    found = recogniser(body)
    source = clean_line(cleaned.source) if cleaned.source else None
    return Article(
        id=ident,
        title=clean_line(cleaned.title),
        source=source or None,
        published=cleaned.published,
        path=path,
        text=body,
        entities=list(found.entities),
        countries=sorted(found.countries),
    )


def load_corpus(
    paths: Iterable[str],
    progress: Progress | None = None,
    recogniser: Recogniser = recognise,
) -> Corpus:
    """Read every page under `paths` into one corpus; unreadable files become problems."""
    files, problems = discover(paths)
    articles: list[Article] = []
    for done, path in enumerate(files, 1):
        found, skipped = read_file(path, recogniser)
        articles.extend(found)
        problems.extend(skipped)
        if progress is not None:
            progress(done, len(files))
    link_entities(articles)
    _dedupe_ids(articles)
    group_similar(articles)
    return Corpus(articles, problems)


def link_entities(articles: list[Article]) -> None:
    """Give every entity its corpus-wide canonical name, in place."""
    linked = resolve_aliases([a.entities for a in articles], [a.text for a in articles])
    for article, entities in zip(articles, linked, strict=True):
        article.entities = list(entities)


def _dedupe_ids(articles: list[Article]) -> None:
    """Identical pages under two paths would share ids; suffix the later copies."""
    seen: dict[str, int] = {}
    for article in articles:
        count = seen.get(article.id, 0)
        seen[article.id] = count + 1
        if count:
            article.id = f"{article.id}-{count + 1}"


def entity_names(article: Article, label: str) -> list[Entity]:
    """The article's entities of one kind, first mention of each canonical name."""
    seen: set[str] = set()
    out: list[Entity] = []
    for entity in article.entities:
        if entity.label == label and entity.canonical not in seen:
            seen.add(entity.canonical)
            out.append(entity)
    return out
