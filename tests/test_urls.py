"""Web addresses (issue #16): read from HTML and JSON Lines, stored in the cache, exported."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from tui_reader import storage
from tui_reader.article import web_address
from tui_reader.collection import load_corpus
from tui_reader.export import write_jsonl
from tui_reader.html_page import page_url
from tui_reader.ingest import pipeline_version, sync
from tui_reader.storage import SCHEMA_VERSION, Cache

PROSE = ("Ministers met in Dublin on Monday to agree the budget for the coming year, and the"
         " opposition said the plan would not help renters in the capital.")


def html_page(head: str) -> str:
    body = "".join(f"<p>{PROSE} Paragraph {n}.</p>" for n in range(4))
    return (f"<html><head><title>Budget agreed</title>{head}</head><body><article>"
            f"<h1>Budget agreed</h1>{body}</article></body></html>")


@pytest.mark.parametrize(("head", "url"), [
    ('<link rel="canonical" href="https://news.example.ie/budget?id=1&amp;p=2">',
     "https://news.example.ie/budget?id=1&p=2"),
    ("<meta property='og:url' content='http://example.org/a'>", "http://example.org/a"),
    ('<meta property="og:url" content="https://og.example/x">'
     '<link href="https://canon.example/y" rel="alternate canonical">', "https://canon.example/y"),
    ('<link rel="canonical" href="/relative/path">', None),
    ('<link rel="canonical" href="javascript:alert(1)">', None),
    ('<link rel="canonical" href="file:///etc/passwd">', None),
    ("", None),
])
def test_page_url_reads_canonical_then_og_url(head: str, url: str | None) -> None:
    assert page_url(html_page(head)) == url


@pytest.mark.parametrize("value", ["https://a.example/x y", "https://a.example/\x1b[2J",
                                   "http://[::1", "ftp://a.example/", "https://", ""])
def test_only_plain_http_addresses_are_kept(value: str) -> None:
    assert web_address(value) is None


def test_html_and_jsonl_articles_carry_their_address_into_the_export(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(html_page(
        '<link rel="canonical" href="https://news.example.ie/budget">'))
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in (
        {"text": PROSE, "title": "With an address", "url": "https://example.org/b"},
        {"text": PROSE.replace("Monday", "Friday"), "title": "Without one"},
        {"text": PROSE.replace("Monday", "Sunday"), "title": "Bad one", "url": "mailto:x@y"},
    )) + "\n")
    (tmp_path / "dump.txt").write_text(f"A page dump\n\n{PROSE}\n\n{PROSE}\n")
    corpus = load_corpus([str(tmp_path)])
    urls = {a.title: a.url for a in corpus.articles}
    assert urls["Budget agreed"] == "https://news.example.ie/budget"
    assert urls["With an address"] == "https://example.org/b"
    assert urls["Without one"] is None and urls["Bad one"] is None
    assert all(a.url is None for a in corpus.articles if a.path.endswith(".txt"))
    out = io.StringIO()
    write_jsonl(corpus.articles, out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {r["title"]: r["url"] for r in records} == urls
    # A new field at the end: the contract's fields keep their names and order.
    assert list(records[0])[:9] == ["id", "title", "source", "published", "path", "text",
                                    "countries", "entities", "similar"]


def test_a_version_2_cache_is_migrated_and_its_files_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "page.html").write_text(html_page(
        '<link rel="canonical" href="https://news.example.ie/budget">'))
    path = tmp_path / "cache.sqlite3"
    with Cache.open(str(path)) as cache:
        sync(cache, [str(folder)], workers=0)
        ident = cache.rows()[0].id
        cache.set_read(ident)
    # Make it the cache an older newsreader wrote: no url column, schema 2, old pipeline.
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE articles DROP COLUMN url")
    db.execute("DROP TABLE sketches")  # version 4's
    db.execute("DROP TABLE sketched")
    db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    db.execute("UPDATE meta SET value = 'old' WHERE key = 'pipeline'")
    db.commit()
    db.close()
    assert SCHEMA_VERSION == 4 and 2 in storage.MIGRATIONS
    with Cache.open(str(path)) as cache:
        assert cache.schema_version() == SCHEMA_VERSION
        assert cache.recovery_note is None  # migrated, not rebuilt
        assert cache.state() == {ident: (True, False)}
        assert cache.article(ident).url is None  # not known until the file is read again
        sync(cache, [str(folder)], workers=0)
        assert cache.get_meta("pipeline") == pipeline_version(None)
        assert cache.article(ident).url == "https://news.example.ie/budget"


def test_a_page_dump_takes_the_address_of_its_html_copy(tmp_path: Path) -> None:
    paragraphs = [f"{PROSE} This is paragraph number {n} of the report, about {word}."
                  for n, word in enumerate(("rents", "wages", "schools", "roads", "ports"))]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    (tmp_path / "page.html").write_text(
        '<html><head><title>Budget agreed</title><link rel="canonical"'
        ' href="https://news.example.ie/budget"></head><body><article><h1>Budget agreed</h1>'
        f"{body}</article></body></html>")
    (tmp_path / "page.txt").write_text("Budget agreed\n\n" + "\n\n".join(paragraphs) + "\n")
    corpus = load_corpus([str(tmp_path)])
    dump = next(a for a in corpus.articles if a.path.endswith(".txt"))
    assert dump.similar, "the dump and its HTML copy were not grouped"
    assert dump.url == "https://news.example.ie/budget"
