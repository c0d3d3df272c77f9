"""Input formats: plain-text dumps, JSON Lines and gzipped files, found in folders."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tui_reader.collection import load_corpus
from tui_reader.files import discover

PROSE = "Ministers met in Dublin on Monday to agree the budget for the coming year."
DUMP = f"Budget agreed in Dublin\n\n{PROSE}\n\n{PROSE.replace('Monday', 'Tuesday')}\n"


def jsonl(*records: object) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n"


def test_jsonl_lines_become_articles_with_their_fields(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(jsonl(
        {"text": f"  {PROSE}  \n\n\n  Second   paragraph here.\n", "title": "Budget  agreed",
         "source": "Irish Wire", "url": "https://example.ie/a", "published": "2025-03-04T10:20Z"},
        {"text": PROSE, "url": "https://www.example.org/b", "published": "Aug 20, 2025"},
    ))
    corpus = load_corpus([str(path)])
    assert corpus.problems == []
    first, second = corpus.articles
    assert first.title == "Budget agreed"
    assert first.text == f"{PROSE}\n\nSecond paragraph here."
    assert (first.source, first.published, first.path) == ("Irish Wire", "2025-03-04", str(path))
    assert second.title == PROSE  # no title: the first sentence
    assert (second.source, second.published) == ("example.org", "2025-08-20")
    assert "IE" in first.countries  # entities run on JSONL text too


def test_bad_jsonl_lines_are_reported_by_number_and_the_rest_load(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(jsonl(
        {"text": PROSE},
        "{not json",
        "[1, 2]",
        {"title": "no text"},
        {"text": "   "},
        {"text": PROSE, "title": 7},
        "",
        {"text": PROSE.replace("Dublin", "Cork")},
    ))
    corpus = load_corpus([str(path)])
    assert len(corpus.articles) == 2
    reasons = [p.reason for p in corpus.problems]
    assert [r.split(":")[0] for r in reasons] == ["line 2", "line 3", "line 4", "line 5", "line 6"]
    assert "not valid JSON" in reasons[0]
    assert "title must be a string" in reasons[4]


def test_jsonl_ids_survive_appending_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(jsonl({"text": PROSE, "url": "https://example.ie/a"}))
    before = load_corpus([str(path)]).articles[0].id
    path.write_text(jsonl({"text": "Other news from Paris today, said officials.", "url": "x"},
                          {"text": PROSE, "url": "https://example.ie/a"}))
    assert before in [a.id for a in load_corpus([str(path)]).articles]


def test_gzipped_inputs_open_transparently(tmp_path: Path) -> None:
    (tmp_path / "page.txt.gz").write_bytes(gzip.compress(DUMP.encode()))
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress(jsonl({"text": PROSE}).encode()))
    corpus = load_corpus([str(tmp_path)])
    assert corpus.problems == []
    assert sorted(a.title for a in corpus.articles) == ["Budget agreed in Dublin", PROSE]


def test_a_broken_gzip_is_reported_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "broken.txt.gz").write_bytes(gzip.compress(DUMP.encode())[:20])
    (tmp_path / "page.txt").write_text(DUMP)
    corpus = load_corpus([str(tmp_path)])
    assert len(corpus.articles) == 1
    (problem,) = corpus.problems
    assert problem.path.endswith("broken.txt.gz") and "gzip" in problem.reason


def test_folders_are_searched_for_every_format(tmp_path: Path) -> None:
    for name in ("a.txt", "b.html", "c.htm", "d.jsonl", "e.txt.gz", "sub/f.HTML.gz",
                 "notes.md", "image.png", "archive.tar.gz"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    found, problems = discover([str(tmp_path)])
    assert [Path(p).relative_to(tmp_path).as_posix() for p in found] == [
        "a.txt", "b.html", "c.htm", "d.jsonl", "e.txt.gz", "sub/f.HTML.gz"]
    assert problems == []


HTML = """<html><head><title>Budget agreed in Dublin | Irish Wire</title>
<meta property="og:site_name" content="Irish Wire">
<meta property="article:published_time" content="2025-03-04T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Budget agreed in Dublin</h1>
<p>Ministers met in Dublin on Monday to agree the budget for the coming year, officials said.</p>
<p>The plan raises spending on housing and health, and was welcomed by unions in Cork.</p>
<p>Opposition parties said the measures did not go far enough to help renters this winter.</p>
</article><footer>© 2025 Irish Wire. All rights reserved.</footer></body></html>"""


def test_html_pages_plain_and_gzipped(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(HTML)
    (tmp_path / "b.htm.gz").write_bytes(gzip.compress(HTML.replace("Cork", "Galway").encode()))
    corpus = load_corpus([str(tmp_path)])
    assert corpus.problems == []
    assert len(corpus.articles) == 2
    for article in corpus.articles:
        assert article.title == "Budget agreed in Dublin"
        assert (article.source, article.published) == ("Irish Wire", "2025-03-04")
        assert article.text.startswith("Ministers met in Dublin")
        assert "All rights reserved" not in article.text and "Home" not in article.text
        assert "IE" in article.countries


def test_a_jsonl_line_python_cannot_parse_is_skipped_and_the_rest_load(tmp_path: Path) -> None:
    # A 5,000-digit integer (ValueError), nesting deeper than the recursion limit
    # (RecursionError) and a URL urlsplit rejects (ValueError) each cost their line only,
    # in export, index and the app alike (all read through the cache), on every open.
    path = tmp_path / "feed.jsonl"
    path.write_text(jsonl(
        {"text": PROSE},
        '{"text": "x", "n": ' + "9" * 5000 + "}",
        '{"text": "deep", "n": ' + "[" * 100_000 + "]" * 100_000 + "}",
        {"text": PROSE.replace("Dublin", "Galway"), "url": "http://[::1/broken"},
        {"text": PROSE.replace("Dublin", "Cork")},
    ))
    from tui_reader.collection import open_collection
    from tui_reader.storage import Cache

    for _ in range(2):  # and again on the next open, from the cache
        with Cache.open(str(tmp_path / "cache.sqlite3")) as cache:
            collection = open_collection(cache, [str(path)], workers=0)
            texts = [a.text for a in collection.articles()]
            problems = collection.problems
        assert len(texts) == 3 and any("Galway" in t for t in texts)
        reasons = [p.reason for p in problems]
        assert [r.split(":")[0] for r in reasons] == ["line 2", "line 3"]


def test_export_of_bad_jsonl_lines_exits_cleanly(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "feed.jsonl"
    path.write_text(jsonl({"text": PROSE}, '{"text": "x", "n": ' + "9" * 5000 + "}",
                          {"text": PROSE.replace("Dublin", "Cork"), "url": "http://[x"}))
    done = subprocess.run(
        [sys.executable, "-m", "tui_reader", "export", "--cache", str(tmp_path / "c.db"),
         str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 2
    assert "Traceback" not in done.stderr and "line 2" in done.stderr


def test_exported_paths_carry_no_control_or_bidi_characters(tmp_path: Path) -> None:
    import subprocess
    import sys

    name = "feed\u202e\x85\x1b[31m.jsonl"
    (tmp_path / name).write_text(jsonl({"text": PROSE}))
    done = subprocess.run(
        [sys.executable, "-m", "tui_reader", "export", "--cache", str(tmp_path / "c.db"),
         str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    [record] = [json.loads(line) for line in done.stdout.splitlines()]
    assert not any(ch in record["path"] for ch in "\u202e\x85\x1b")
    assert record["path"].endswith("feed\ufffd\ufffd\u241b[31m.jsonl")


def test_jsonl_nan_and_infinity_are_reported_per_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(jsonl('{"text": "' + PROSE + '", "score": NaN}',
                          '{"text": "' + PROSE + '", "score": -Infinity}',
                          {"text": PROSE.replace("Dublin", "Cork")}))
    corpus = load_corpus([str(path)])
    assert [a.text for a in corpus.articles] == [PROSE.replace("Dublin", "Cork")]
    reasons = [p.reason for p in corpus.problems]
    assert reasons == ["line 1: not readable JSON (NaN is not a JSON number)",
                       "line 2: not readable JSON (-Infinity is not a JSON number)"]


def test_jsonl_lines_sharing_a_url_with_other_texts_keep_distinct_ids(tmp_path: Path) -> None:
    from tui_reader.ingest import sync
    from tui_reader.storage import Cache

    other = "Other news from Paris today, said officials."
    path = tmp_path / "feed.jsonl"
    path.write_text(jsonl({"text": PROSE, "url": "https://example.ie/a"},
                          {"text": other, "url": "https://example.ie/a"}))
    articles = load_corpus([str(path)]).articles
    assert [a.text for a in articles] == [PROSE, other]
    assert len({a.id for a in articles}) == 2
    with Cache.open(str(tmp_path / "cache.sqlite3")) as cache:
        sync(cache, [str(path)], workers=0)
        assert sorted(r.title for r in cache.rows()) == sorted([PROSE, other])


# 8-bit C1 controls as a Latin-1 page holds them: CSI (0x9B), OSC (0x9D, to BEL), DCS (0x90, to
# ST 0x9C); Python's cp1252 refuses 0x90 and 0x9D, browsers read them as C1 controls.
C1_BODY = ("Ministers met in Dublin on Monday to agree the café budget for the coming year, "
           "officials said. \x9b2J The plan \x9d52;c;QUFBQQ==\x07raises spending on housing, "
           "\x90qpayload\x9cunions said.")


def _no_controls(value: str) -> bool:
    return not any((ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0 for ch in value)


def test_latin1_pages_with_8bit_c1_bytes_load_with_every_control_removed(tmp_path: Path) -> None:
    """Whatever the format and the decoding path: the page loads, its accents read as
    Latin-1, and no C1 (or C0) control reaches a title, a source or a body."""
    title = "Budget \x9b31magreed\x9b0m in Dublin caf\xe9 \x9d0;owned\x07"
    (tmp_path / "dump.txt").write_bytes(f"{title}\n\n{C1_BODY}\n".encode("latin-1"))
    (tmp_path / "page.html").write_bytes(
        (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
         f"<p>{C1_BODY}</p><p>{C1_BODY}</p></article></body></html>").encode("latin-1"))
    (tmp_path / "feed.jsonl").write_bytes(json.dumps(
        {"title": title, "source": "Wire \x90q\x9c", "text": C1_BODY},
        ensure_ascii=False).encode("latin-1") + b"\n")
    (tmp_path / "escaped.jsonl").write_text(json.dumps(
        {"title": title, "source": "Wire \x90q\x9c", "text": C1_BODY}) + "\n")  # \u009b...
    corpus = load_corpus([str(tmp_path)])
    assert corpus.problems == []
    names = sorted(Path(a.path).name for a in corpus.articles)
    assert names == ["dump.txt", "escaped.jsonl", "feed.jsonl", "page.html"]
    for article in corpus.articles:
        fields = [article.title, article.text, article.source or "", article.url or ""]
        fields += [e.text for e in article.entities] + [e.canonical for e in article.entities]
        assert all(_no_controls(value) for value in fields), (article.path, fields)
        assert "café budget" in article.text, (article.path, article.text)
        assert "QUFBQQ" not in article.text and "payload" not in article.text


@pytest.mark.parametrize("kind", ["txt", "jsonl", "html"])
def test_a_page_on_one_huge_line_is_cut_to_the_article_limit_and_says_so(
        tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page of 2.5 million characters on one line (the 50 MB one costs the same): the
    cleaner and the recogniser get at most `MAX_ARTICLE_CHARS`, the article keeps its
    start, and the cut is reported."""
    from tui_reader import corpus
    from tui_reader.files import MAX_ARTICLE_CHARS
    from tui_reader.recognisers import recognise

    words = (PROSE + " ") * (2_500_000 // (len(PROSE) + 1))
    path = tmp_path / f"one.{kind}"
    if kind == "txt":
        path.write_text(f"Budget agreed in Dublin\n\n{words}")
    elif kind == "jsonl":
        path.write_text(jsonl({"title": "Budget agreed in Dublin", "text": words}))
    else:
        path.write_text("<html><head><title>Budget agreed in Dublin</title></head><body>"
                        f"<article><h1>Budget agreed in Dublin</h1><p>{words}</p></article>"
                        "</body></html>")
    seen: list[int] = []

    def measuring(text: str):  # type: ignore[no-untyped-def]
        seen.append(len(text))
        return recognise(text)

    articles, problems = corpus.read_file(str(path), measuring)
    [article] = articles
    assert article.text.startswith(PROSE) and len(article.text) <= MAX_ARTICLE_CHARS
    assert article.text.rsplit(" ", 1)[-1] in PROSE.split(), "cut at a word break"
    assert seen and max(seen) <= MAX_ARTICLE_CHARS
    what = {"txt": "a line", "jsonl": "a text", "html": "an article"}[kind]
    [note] = [p.reason for p in problems]
    assert note.removeprefix("line 1: ").startswith(f"the rest of {what} of 2,4")
    assert note.endswith("characters (the first 1,000,000 are kept)")


@pytest.mark.parametrize("name", [
    "a.txt", ".txt", "a.TXT.gz", "x.html.GZ", "name.", "dir.txt/file", "dir.txt/.htm",
    "a.b.jsonl", "..txt", "a..txt", "/x/y/z.htm", "a.txt.", ".gz", "a.gz", "b/.txt.gz",
    "d/a.txt/", "page.htm", "notes.md", "x.jsonl.gz", "archive.tar.gz"])
def test_a_file_kind_is_read_from_its_ending_as_pathlib_reads_it(name: str) -> None:
    # Found by its own string operations (pathlib took half a warm sync's time at 100k
    # files), with pathlib's rules: a name starting with its only dot has no ending.
    from pathlib import PurePath

    from tui_reader.files import FORMATS, input_format

    expected = FORMATS.get(PurePath(name.lower().removesuffix(".gz")).suffix)
    assert input_format(name) == expected
