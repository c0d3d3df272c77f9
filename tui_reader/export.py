"""JSON Lines export: the stable contract that scripts rely on (see README, "Export")."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any, TextIO

from .article import Article


def display_path(path: str) -> str:
    """A path as valid UTF-8 text, even when the file system name is not UTF-8."""
    return os.fsencode(path).decode("utf-8", "replace")


def article_record(article: Article) -> dict[str, Any]:
    """The export object of one article. Field names are a public contract: keep them."""
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "published": article.published,
        "path": display_path(article.path),
        "text": article.text,
        "countries": sorted(article.countries),
        "entities": [
            {
                "text": e.text,
                "label": e.label,
                "start": e.start,
                "end": e.end,
                "canonical": e.canonical,
                "country": e.country,
            }
            for e in article.entities
        ],
        "similar": list(article.similar),
    }


def write_jsonl(articles: Iterable[Article], out: TextIO) -> int:
    """Write one JSON object per line; return how many were written."""
    count = 0
    for article in articles:
        out.write(json.dumps(article_record(article), ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def article_text(article: Article) -> str:
    """The article as plain text for the clipboard: title, source and date, then the body."""
    meta = " · ".join(part for part in (article.source, article.published) if part)
    head = f"{article.title}\n{meta}\n" if meta else f"{article.title}\n"
    return f"{head}\n{article.text}\n"
