"""JSON Lines input: one article per line, its text taken as already clean.

Each line is an object with `text` and optional `title`, `source`, `url` and
`published`. A line that is not such an object is reported with its number and
skipped; the other lines load, whatever a line holds (an integer of 5,000 digits,
nesting 100,000 deep, a URL that cannot be parsed).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from .article import web_address
from .cleaning import CleanedArticle, first_sentence
from .dates import parse_date
from .files import MAX_ARTICLE_CHARS, cut_text
from .sanitize import clean_line, clean_text

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")
_OPTIONAL = ("title", "source", "url", "published")


@dataclass(frozen=True, slots=True)
class Record:
    """One good line: the article and what identifies it across runs."""

    article: CleanedArticle
    identity: str
    """The record's url when it has one, else its text: stable while the line is unchanged."""
    url: str | None = None
    """The record's `url` when it is a web address a browser can open (`web_address`)."""
    number: int = 0
    """The line it is on (from 1)."""
    cut: int = 0
    """The length of its text when that was cut to `MAX_ARTICLE_CHARS`, else 0."""


@dataclass(frozen=True, slots=True)
class BadLine:
    """A line that was skipped, and why."""

    number: int
    reason: str


def normalise_text(text: str) -> str:
    """Whitespace only: runs of spaces folded, one paragraph per non-empty line."""
    paragraphs = (" ".join(line.split()) for line in text.splitlines())
    return "\n\n".join(p for p in paragraphs if p)


def _published(value: str | None) -> str | None:
    if not value:
        return None
    match = _ISO_DATE.match(value.strip())
    if match:
        return parse_date(f"{match[1]}-{match[2]}-{match[3]}")
    return parse_date(value)


def _source(source: str | None, url: str | None) -> str | None:
    if source and source.strip():
        return " ".join(source.split())
    if url:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:  # "http://[::1" and the like: no source from it
            return None
        return host.removeprefix("www.") or None
    return None


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def parse_line(line: str) -> Record | str:
    """The record on one line, or the reason the line cannot be read."""
    try:
        record = json.loads(line, parse_constant=_no_constant)  # NaN, Infinity, -Infinity
    except json.JSONDecodeError as error:
        return f"not valid JSON ({error.msg} at column {error.colno})"
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        return f"not readable JSON ({str(error).split(';')[0]})"
    except RecursionError:
        return "not readable JSON (nested too deeply)"
    if not isinstance(record, dict):
        return f"expected an object, got {type(record).__name__}"
    text = record.get("text")
    if not isinstance(text, str):
        return "no \"text\" string"
    wrong = [key for key in _OPTIONAL if record.get(key) is not None
             and not isinstance(record[key], str)]
    if wrong:
        return f"{', '.join(wrong)} must be a string"
    cut = len(text) if len(text) > MAX_ARTICLE_CHARS else 0
    if cut:  # cleaning and recognition time and memory grow with the text
        text = cut_text(text)
    body = normalise_text(clean_text(text))  # page text is untrusted: checked once clean
    if not body:
        return "empty \"text\""
    fields = {key: clean_line(record[key]) for key in _OPTIONAL if record.get(key)}
    article = CleanedArticle(
        title=fields.get("title") or first_sentence(body),
        source=_source(fields.get("source"), fields.get("url")),
        published=_published(fields.get("published")),
        body=body,
    )
    return Record(article, fields.get("url") or body, web_address(fields.get("url")), cut=cut)


def read_jsonl(text: str) -> tuple[list[Record], list[BadLine]]:
    """Every good record of a JSON Lines document, and the lines that were skipped."""
    records: list[Record] = []
    bad: list[BadLine] = []
    bodies: dict[str, str] = {}  # identity -> the body of the first record with it
    # Only "\n" ends a line: U+2028 and friends may sit inside a JSON string.
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            parsed = parse_line(line)
        except (ValueError, RecursionError) as error:  # e.g. a URL urlsplit rejects
            parsed = f"cannot be read ({type(error).__name__}: {error})"
        if isinstance(parsed, str):
            bad.append(BadLine(number, parsed))
            continue
        first = bodies.setdefault(parsed.identity, parsed.article.body)
        if first != parsed.article.body:
            # The same url with another text (a page updated, a feed's reused link): both
            # articles are kept, the later one identified by its url and text.
            parsed = replace(parsed, identity=f"{parsed.identity}\0{parsed.article.body}")
        records.append(replace(parsed, number=number))
    return records, bad
