"""Exports: JSON Lines (the stable contract that scripts rely on, see README, "Export"),
Markdown for people, plain text for the clipboard."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable
from typing import Any, Literal, TextIO

from .article import Article
from .countries import country_name
from .sanitize import printable

#: The forms the app's export keys write: JSON Lines (`write_jsonl`, also what
#: `newsreader export` prints) or a Markdown report (`write_markdown`).
ExportForm = Literal["jsonl", "markdown"]

#: Characters that would make page text into Markdown structure or HTML.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|#~])")
_MD_RULE = re.compile(r"^(\s*)([-=])(?=\2{2,}\s*$)", re.MULTILINE)
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])(\s)", re.MULTILINE)


def display_path(path: str) -> str:
    """A path as valid UTF-8 text, even when the file system name is not UTF-8, with
    control, C1 and bidi characters shown as visible symbols (`sanitize.printable`)."""
    return printable(os.fsencode(path).decode("utf-8", "replace"))


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
        "url": article.url,
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


def markdown_escape(text: str) -> str:
    """`text` as literal Markdown: no emphasis, links, HTML, headings or lists from it."""
    def line_start(match: re.Match[str]) -> str:
        indent, marker, space = match.groups()
        return f"{indent}{marker[:-1]}\\{marker[-1]}{space}"

    escaped = _MD_LINE_START.sub(line_start, _MD_INLINE.sub(r"\\\1", text))
    return _MD_RULE.sub(r"\1\\\2", escaped)


def write_markdown(articles: Iterable[Article], out: TextIO, query: str = "") -> int:
    """Write a Markdown report: a heading per article, its source, date and countries,
    then its text. Page text is escaped, so it reads as written. Returns the count."""
    body: list[str] = []
    count = 0
    for article in articles:
        count += 1
        body.append(f"## {markdown_escape(article.title or '(untitled)')}\n")
        countries = ", ".join(country_name(c) for c in article.countries_by_weight())
        meta = [part for part in (article.source, article.published, countries) if part]
        if meta:
            body.append(f"*{markdown_escape(' · '.join(meta))}*\n")
        paragraphs = [p.strip() for p in article.text.split("\n") if p.strip()]
        body.extend(markdown_escape(p) + "\n" for p in paragraphs)
        body.append("---\n")
    stamp = time.strftime("%Y-%m-%d %H:%M")
    described = f"filter `{query.replace('`', '')}`" if query.strip() else "no filter"
    out.write(f"# newsreader export\n\n{count} article{'s' * (count != 1)}, {described},"
              f" {stamp}\n\n")
    out.write("\n".join(body))
    return count
