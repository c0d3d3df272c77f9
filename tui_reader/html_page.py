"""Cut the article out of a page's HTML: trafilatura extracts, our cue lists clean up.

trafilatura (imported lazily: it is slow to import) finds the main text and the page's
metadata; `cleaning.strip_furniture` then drops the furniture, teaser and credit lines it
kept. When trafilatura finds nothing, the HTML is rendered to plain text and cut by
`cleaning.clean_page`, as a page dump would be.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from typing import Any

from tui_reader import dates
from tui_reader.article import web_address
from tui_reader.cleaning import (
    CleanedArticle,
    clean_page,
    closing_headings,
    first_sentence,
    strip_furniture,
)

__all__ = ["clean_html", "html_to_text", "page_url"]

# trafilatura settings measured on pages-dev/html: precision mode without comments scores best;
# `deduplicate` is left off (its cache spans documents and drops text seen on earlier pages).
_EXTRACT_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "with_metadata": True,
}
MIN_WORDS = 10  # a shorter extraction is not an article: the page is cut as a dump instead
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NOT_A_SITE = re.compile(r"(?:©|copyright\b|all rights reserved|home\b)", re.I)
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " • ")


def clean_html(html: str) -> list[CleanedArticle]:
    """Return the article on a page's HTML as a one-item list; [] when it holds none.

    Never raises on malformed or empty HTML.
    """
    if not html or not html.strip():
        return []
    document = _extract(html)
    body = strip_furniture(document.text or "") if document is not None else ""
    if not body:
        return _fallback(html)
    site = _site_name(document.sitename, document.hostname)
    title = _headline(_headline(document.title, document.sitename), site)
    paragraphs = _before_closing_heading(body.split("\n\n"), html_to_text(html).split("\n"))
    while paragraphs and _same_words(paragraphs[0], title):
        paragraphs.pop(0)  # the headline repeated as the first line
    if paragraphs:
        paragraphs[-1], credit = dates.split_closing_credit(paragraphs[-1])
    if not paragraphs or not paragraphs[-1] or sum(len(p.split()) for p in paragraphs) < MIN_WORDS:
        return _fallback(html)
    body = "\n\n".join(paragraphs)
    source = site or credit
    title = title or first_sentence(paragraphs[0])
    date = document.date if document.date and _ISO_DATE.fullmatch(document.date) else None
    return [CleanedArticle(title, source, date, body)]


#: Where a page names its own address: <link rel="canonical" href>, <meta property="og:url">.
_TAG = re.compile(r"<(link|meta)\b([^>]*)>", re.I)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
#: Characters of the page read for its address (the head; a page that puts its links
#: further down is not worth scanning whole).
HEAD_CHARS = 200_000


def page_url(html: str) -> str | None:
    """The page's own web address: its canonical link, else its og:url; None when it
    gives neither as an absolute http(s) URL."""
    head = html[:HEAD_CHARS]
    end = head.lower().find("</head>")
    if end >= 0:
        head = head[:end]
    found: dict[str, str] = {}
    for tag, attributes in _TAG.findall(head):
        values = {name.lower(): unescape(value.strip("\"'"))
                  for name, value in _ATTRIBUTE.findall(attributes)}
        if tag.lower() == "link" and "canonical" in values.get("rel", "").lower().split():
            found.setdefault("canonical", values.get("href", ""))
        elif tag.lower() == "meta" and values.get("property", values.get("name")) == "og:url":
            found.setdefault("og", values.get("content", ""))
    return web_address(found.get("canonical")) or web_address(found.get("og"))


def _extract(html: str) -> Any:
    """trafilatura's Document for `html` (text and metadata), or None when it finds nothing."""
    import trafilatura  # slow to import: only HTML input needs it
    from lxml.etree import LxmlError  # comes with trafilatura

    try:
        return trafilatura.bare_extraction(html, **_EXTRACT_OPTIONS)
    except (LxmlError, ValueError, TypeError, RecursionError):
        return None  # trafilatura catches most of these itself; deep or odd trees escape


def _before_closing_heading(paragraphs: list[str], page: list[str]) -> list[str]:
    """Drop the paragraphs the rendered page shows after a heading that closes the article.

    trafilatura often drops a "You may also like" heading but keeps the teasers under it;
    the heading's place in the whole page tells them apart from the article.
    """
    where: dict[str, int] = {}
    for i, line in enumerate(page):
        where.setdefault(line, i)
    positions = [where.get(p) for p in paragraphs]
    for cut in closing_headings(page):
        words_before = sum(len(p.split()) for p, at in zip(paragraphs, positions, strict=True)
                           if at is not None and at < cut)
        if words_before >= 40:
            return [p for p, at in zip(paragraphs, positions, strict=True)
                    if at is None or at < cut]
    return paragraphs


def _same_words(a: str, b: str) -> bool:
    return bool(b) and re.sub(r"\W+", "", a).lower() == re.sub(r"\W+", "", b).lower()


def _fallback(html: str) -> list[CleanedArticle]:
    """Render the HTML as a browser's innerText would and cut it like a page dump."""
    return clean_page(html_to_text(html))


def _site_name(sitename: str | None, hostname: str | None) -> str | None:
    """The outlet: the site's own name ("LinkNaija" from "LinkNaija | News ..."), else the host."""
    if sitename:
        name = re.split(r"\s+[|•·]\s+", sitename.strip())[0].strip()
        if name and not _NOT_A_SITE.match(name) and len(name) <= 60:
            return name
    if hostname:
        host = hostname.strip().lower()
        return host.removeprefix("www.") or None
    return None


def _headline(title: str | None, site: str | None) -> str:
    """The page title without a trailing or leading " | Site Name"."""
    title = " ".join((title or "").split())
    if not site or not title:
        return title
    key = re.sub(r"\W+", "", site).lower()
    for sep in _TITLE_SEPARATORS:
        head, _, tail = title.rpartition(sep)
        if head and re.sub(r"\W+", "", tail).lower() == key:
            return head.strip()
        tail, _, rest = title.partition(sep)
        if rest and re.sub(r"\W+", "", tail).lower() == key:
            return rest.strip()
    return title


# ---------------------------------------------------------------- HTML -> plain text

_BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
))
_HIDDEN_TAGS = frozenset((
    "script", "style", "noscript", "template", "svg", "title", "iframe", "object", "select",
))


class _TextRenderer(HTMLParser):
    """Approximates innerText: block elements on their own lines, scripts and styles dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text of `html`, one line per block element (never raises)."""
    renderer = _TextRenderer()
    try:
        renderer.feed(html)
        renderer.close()
    except AssertionError:  # html.parser's internal checks on hopeless markup
        pass
    lines = (" ".join(line.split()) for line in "".join(renderer.parts).split("\n"))
    return "\n".join(line for line in lines if line)
