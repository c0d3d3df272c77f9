"""From files to articles: read, clean, recognise, link names across the corpus."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .aliases import resolve_aliases
from .article import Article, Entity
from .cleaning import CleanedArticle, clean_page
from .entities import recognise
from .files import Problem, discover, read_text
from .sanitize import clean_line, clean_text

#: Called after each file with (files done, files in all).
Progress = Callable[[int, int], None]


@dataclass(slots=True)
class Corpus:
    """The articles of one run, in input order, and the inputs that were skipped."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def article_id(page: str, ordinal: int) -> str:
    """A stable id: the same page content and position give the same id on every run."""
    digest = hashlib.sha256(f"{ordinal}\0{page}".encode()).hexdigest()
    return digest[:16]


def articles_from_page(page: str, path: str) -> list[Article]:
    """Clean one page dump and recognise entities in each of its articles.

    Entity canonical names are per-article here; `load_corpus` links them
    across the corpus.
    """
    page = clean_text(page)
    return [_build(cleaned, page, path, i) for i, cleaned in enumerate(clean_page(page))]


def _build(cleaned: CleanedArticle, page: str, path: str, ordinal: int) -> Article:
    body = clean_text(cleaned.body)
    found = recognise(body)
    source = clean_line(cleaned.source) if cleaned.source else None
    return Article(
        id=article_id(page, ordinal),
        title=clean_line(cleaned.title),
        source=source or None,
        published=cleaned.published,
        path=path,
        text=body,
        entities=list(found.entities),
        countries=sorted(found.countries),
    )


def load_corpus(paths: Iterable[str], progress: Progress | None = None) -> Corpus:
    """Read every page under `paths` into one corpus; unreadable files become problems."""
    files, problems = discover(paths)
    articles: list[Article] = []
    for done, path in enumerate(files, 1):
        try:
            page = read_text(path)
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            problems.append(Problem(path, reason))
        else:
            articles.extend(articles_from_page(page, path))
        if progress is not None:
            progress(done, len(files))
    link_entities(articles)
    _dedupe_ids(articles)
    return Corpus(articles, problems)


def link_entities(articles: list[Article]) -> None:
    """Give every entity its corpus-wide canonical name, in place."""
    linked = resolve_aliases([a.entities for a in articles])
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
