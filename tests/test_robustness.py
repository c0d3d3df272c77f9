"""Bad input: each bad file is reported with a specific reason, and the rest still opens.

Empty, binary, oddly encoded, huge, gzip-bombed, unreadable, vanished files; broken and
looping symbolic links; pipes; a folder of 20,000 files; a path that does not exist.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import random
import subprocess
import sys
import threading
import tracemalloc
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tui_reader import files
from tui_reader.collection import load_corpus
from tui_reader.corpus import read_file
from tui_reader.files import Problem, decode, discover, max_file_bytes, read_text

ROOT = Path(__file__).resolve().parent.parent
PROSE = "Ministers met in Dublin on Monday to agree the budget for the coming year."
DUMP = f"Budget agreed in Dublin\n\n{PROSE}\n\n{PROSE.replace('Monday', 'Tuesday')}\n"
MB = 1024 * 1024


def reasons(problems: list[Problem], root: Path) -> dict[str, str]:
    return {Path(p.path).relative_to(root).as_posix(): p.reason for p in problems}


def reason_of(path: Path) -> str:
    articles, problems = read_file(str(path))
    assert articles == []
    (problem,) = problems
    assert problem.path == str(path)
    return problem.reason


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    """Inputs above 1 MB are refused (instead of 50 MB), to keep the tests light."""
    monkeypatch.setenv(files.MAX_FILE_ENV, "1")
    return MB


# ---------------------------------------------------------------- a folder of everything


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256))
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(200)
MALFORMED_HTML = (
    "<html><head><title>Budget agreed in Cork</title><body><div><p>Ministers met in Cork on "
    "Monday to agree the budget for the coming year, officials said.<p>The plan raises "
    "spending on housing and health, and was welcomed by unions across the country.</div>"
    "<p>Opposition parties said the measures did not go far enough to help renters.</b></i>"
    "<table><tr><td>unclosed <!-- comment"
)


def test_a_folder_of_bad_inputs_reports_each_and_opens_the_rest(
    tmp_path: Path, small_limit: int
) -> None:
    (tmp_path / "good.txt").write_text(DUMP)
    (tmp_path / "malformed.html").write_text(MALFORMED_HTML)
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"text": PROSE.replace("Dublin", "Galway"), "title": "Galway budget"})
        + "\n{not json\n")
    (tmp_path / "utf16.txt").write_bytes(DUMP.replace("Dublin", "Sligo").encode("utf-16"))
    (tmp_path / "cp1252.txt").write_bytes(
        DUMP.replace("Dublin", "Tralee").replace("budget", "café budget").encode("cp1252"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \r\n\t\n")
    (tmp_path / "report.txt").write_bytes(PDF)
    (tmp_path / "photo.html").write_bytes(PNG)
    (tmp_path / "noise.txt").write_bytes(random.Random(7).randbytes(4096))
    with open(tmp_path / "huge.txt", "wb") as handle:
        handle.truncate(200 * MB)  # sparse: 200 MB by stat, nothing on disk
    _write_gzip_bomb(tmp_path / "bomb.txt.gz", 8 * MB)
    (tmp_path / "broken.txt.gz").write_bytes(gzip.compress(DUMP.encode())[:20])
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a folder loop
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "notes.md").write_bytes(PDF)  # not an input format: not looked at

    with _unblock_fifo(tmp_path / "pipe.txt"):
        corpus = load_corpus([str(tmp_path)])

    problems = reasons(corpus.problems, tmp_path)
    assert problems.pop("feed.jsonl").startswith("line 2: not valid JSON")
    assert problems == {
        "empty.txt": "empty file",
        "blank.txt": "empty file (only blank space)",
        "report.txt": "not a text file (looks like PDF)",
        "photo.html": "not a text file (looks like PNG)",
        "noise.txt": "not a text file (looks like binary data)",
        "huge.txt": "too large (200 MB; the limit is 1 MB, set NEWSREADER_MAX_FILE_MB to "
                    "change it)",
        "bomb.txt.gz": "too large (over the limit when decompressed; the limit is 1 MB, set "
                       "NEWSREADER_MAX_FILE_MB to change it)",
        "broken.txt.gz": "not a readable gzip file (Compressed file ended before the "
                         "end-of-stream marker was reached)",
        "gone.txt": "broken symbolic link",
        "loop.txt": "symbolic link loop",
        "sub/up": "symbolic link to a folder (not followed)",
        "pipe.txt": "not a regular file (a pipe, socket or device)",
    }
    titles = sorted(a.title for a in corpus.articles)
    assert titles == ["Budget agreed in Cork", "Budget agreed in Dublin",
                      "Budget agreed in Sligo", "Budget agreed in Tralee", "Galway budget"]
    tralee = next(a for a in corpus.articles if "Tralee" in a.title)
    assert "café budget" in tralee.text


def _write_gzip_bomb(path: Path, size: int) -> None:
    with gzip.open(path, "wb", compresslevel=9) as handle:
        for _ in range(size // MB):
            handle.write(b" " * MB)


@contextmanager
def _unblock_fifo(fifo: Path) -> Iterator[None]:
    """Should the pipe ever be opened for reading, feed it EOF so the test fails, not hangs."""
    stop = threading.Event()

    def feed() -> None:
        while not stop.wait(0.5):
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:  # no reader: the pipe was (rightly) never opened
                continue

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


# ---------------------------------------------------------------- empty and binary


def test_empty_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(b""))
    assert reason_of(tmp_path / "a.txt") == "empty file"
    assert reason_of(tmp_path / "b.txt.gz") == "empty file"


@pytest.mark.parametrize(("data", "kind"), [
    (PDF, "PDF"),
    (PNG, "PNG"),
    (b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + bytes(40), "GIF"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(40), "JPEG"),
    (b"PK\x03\x04\x14\x00\x00\x00" + bytes(40), "a ZIP archive"),
    (b"\x7fELF\x02\x01\x01" + bytes(60), "a program"),
    (random.Random(1).randbytes(10_000), "binary data"),
    (bytes(1000), "binary data"),
])
def test_binary_files_are_skipped_saying_what_they_look_like(
    tmp_path: Path, data: bytes, kind: str
) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    assert reason_of(path) == f"not a text file (looks like {kind})"
    assert decode(data) is None


def test_a_text_with_terminal_colours_is_still_text() -> None:
    coloured = ("\x1b[1;31mBreaking\x1b[0m " * 200).encode()
    assert decode(coloured) is not None


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_encodings_decode_right(codec: str) -> None:
    text = "Café in Zürich — “quoted” € Москва 東京"
    data = text.encode(codec)
    if codec in {"utf-16-le", "utf-16-be"}:  # BOM-less UTF-16: found by its NUL pattern
        text = "Plain English text with a café. " * 4
        data = text.encode(codec)
    assert decode(data) == text


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_western_legacy_encodings_are_not_mojibake(codec: str) -> None:
    words = ["café", "naïve", "Zürich Größe", "señor año", "Président à Paris, élu en 2024"]
    if codec == "cp1252":
        words += ["€", "’", "café naïve € ’", "The café’s naïve owner paid €5 for “coffee”."]
    for text in words:
        assert decode(text.encode(codec)) == text, text


def test_other_legacy_encodings_are_detected() -> None:
    samples = {
        "cp1251": "Президент России заявил, что переговоры продолжатся.",
        "koi8_r": "Президент России заявил, что переговоры продолжатся.",
        "cp1253": "Ο πρωθυπουργός δήλωσε ότι οι συνομιλίες θα συνεχιστούν.",
        "cp1250": "Prezydent Polski powiedział, że rozmowy będą kontynuowane.",
        "shift_jis": "東京で会談が行われた。首相は記者団に語った。",
    }
    for codec, text in samples.items():
        assert decode(text.encode(codec)) == text, codec


def test_utf8_is_tried_first_and_a_cut_character_does_not_spoil_it() -> None:
    text = "Café, naïve, € and ’ in UTF-8. " * 5
    assert decode(text.encode()) == text
    cut = text.encode() + "€".encode()[:2]  # a scraper cut the page mid-character
    assert decode(cut) == text + "\ufffd"


def test_a_cp1252_page_loads_with_its_accents(tmp_path: Path) -> None:
    body = "Le café est naïve, il coûte 5 € et c’est très bon pour tout le monde ici."
    (tmp_path / "fr.txt").write_bytes(f"Le café de Paris\n\n{body}\n\n{body}\n".encode("cp1252"))
    (article,) = load_corpus([str(tmp_path)]).articles
    assert article.title == "Le café de Paris"
    assert article.text.startswith(body)


# ---------------------------------------------------------------- line endings, long lines


def test_mixed_line_endings(tmp_path: Path) -> None:
    other = PROSE.replace("Monday", "Tuesday")
    third = PROSE.replace("Monday", "Friday")
    (tmp_path / "mixed.txt").write_bytes(
        f"Budget agreed in Dublin\r\n\r\n{PROSE}\r\r{other}\n\n{third}\r\n".encode())
    (article,) = load_corpus([str(tmp_path)]).articles
    assert article.title == "Budget agreed in Dublin"
    assert article.text == f"{PROSE}\n\n{other}\n\n{third}"


def test_a_ten_megabyte_single_line_file_completes(tmp_path: Path) -> None:
    sentence = "The minister said on Monday in Dublin that the plan for Ireland would go ahead. "
    line = (sentence * (10 * MB // len(sentence) + 1))[: 10 * MB]
    (tmp_path / "prose.txt").write_text(line)
    (tmp_path / "one-word.txt").write_text("x" * (10 * MB))
    corpus = load_corpus([str(tmp_path)])
    kept = "characters (the first 1,000,000 are kept)"
    assert reasons(corpus.problems, tmp_path) == {
        "prose.txt": f"the rest of a line of 10,485,760 {kept}",
        "one-word.txt": f"the rest of a line of 10,485,760 {kept}"}
    (article,) = corpus.articles  # cut to files.MAX_ARTICLE_CHARS, at a word break
    assert line.startswith(article.text) and len(article.text) > files.MAX_ARTICLE_CHARS * 0.9
    assert "IE" in article.countries


# ---------------------------------------------------------------- size limits


def test_the_size_limit_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(files.MAX_FILE_ENV, raising=False)
    assert max_file_bytes() == files.MAX_FILE_BYTES == 50 * MB
    for value, expected in [("200", 200 * MB), ("0.5", MB // 2), (" 3 ", 3 * MB),
                            ("abc", 50 * MB), ("-1", 50 * MB), ("0", 50 * MB),
                            ("nan", 50 * MB), ("inf", 50 * MB), ("", 50 * MB)]:
        monkeypatch.setenv(files.MAX_FILE_ENV, value)
        assert max_file_bytes() == expected, value
    monkeypatch.delenv(files.MAX_FILE_ENV)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10)
    assert max_file_bytes() == 10


def test_a_huge_file_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(files.MAX_FILE_ENV, raising=False)
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(200 * MB)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file over the limit must not be opened")

    monkeypatch.setattr(files, "open", no_open, raising=False)
    assert reason_of(path) == (
        "too large (200 MB; the limit is 50 MB, set NEWSREADER_MAX_FILE_MB to change it)")


def test_a_gzip_bomb_costs_at_most_the_limit(tmp_path: Path, small_limit: int) -> None:
    path = tmp_path / "bomb.txt.gz"
    _write_gzip_bomb(path, 64 * MB)
    assert path.stat().st_size < MB
    tracemalloc.start()
    try:
        with pytest.raises(files.UnreadableFile, match="over the limit when decompressed"):
            read_text(str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * small_limit, f"peak {peak} bytes for a 64 MB bomb"


def test_a_file_at_the_limit_is_read(tmp_path: Path, small_limit: int) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes((DUMP * (small_limit // len(DUMP) + 1)).encode()[:small_limit])
    assert len(read_text(str(path))) == small_limit
    with open(path, "ab") as handle:
        handle.write(b"x")
    assert reason_of(path).startswith("too large (1 MB; the limit is 1 MB")


# ---------------------------------------------------------------- many files, links


def test_discovering_twenty_thousand_files(tmp_path: Path) -> None:
    for folder in range(20):
        sub = tmp_path / f"d{folder:02}"
        sub.mkdir()
        for i in range(1000):
            (sub / f"p{i:04}.txt").touch()
    (tmp_path / "d00" / "loop").symlink_to(tmp_path)
    found, problems = discover([str(tmp_path), str(tmp_path / "d03")])
    assert len(found) == 20_000
    assert found == sorted(found)
    assert [p.reason for p in problems] == ["symbolic link to a folder (not followed)"]


def test_links_to_files_are_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DUMP)
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "c.txt").symlink_to("a.txt")
    found, problems = discover([str(tmp_path), str(tmp_path / "a.txt")])
    assert found == [str(tmp_path / "a.txt")] and problems == []


def test_links_given_directly(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "page.txt").write_text(DUMP)
    found, problems = discover([str(tmp_path / n) for n in ("gone.txt", "loop.txt", "page.txt")])
    assert found == [str(tmp_path / "page.txt")]
    assert reasons(problems, tmp_path) == {
        "gone.txt": "broken symbolic link", "loop.txt": "symbolic link loop"}


def test_a_pipe_given_directly_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    with _unblock_fifo(tmp_path / "pipe.txt"):
        found, problems = discover([str(tmp_path / "pipe.txt")])
        assert found == []
        assert [p.reason for p in problems] == ["not a regular file (a pipe, socket or device)"]
        assert reason_of(tmp_path / "pipe.txt") == "not a regular file (a pipe, socket or device)"


# ---------------------------------------------------------------- unreadable, vanished


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(DUMP)
    path.chmod(0)
    try:
        assert reason_of(path) == "permission denied"
    finally:
        path.chmod(0o644)


def test_an_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "secret.txt").write_text(DUMP)
    (tmp_path / "page.txt").write_text(DUMP.replace("Dublin", "Cork"))
    real_open = os.open

    def guarded_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(files.os, "open", guarded_open)
    corpus = load_corpus([str(tmp_path)])
    assert reasons(corpus.problems, tmp_path) == {"secret.txt": "permission denied"}
    assert [a.title for a in corpus.articles] == ["Budget agreed in Cork"]


def test_an_unlistable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text(DUMP)
    (tmp_path / "b.txt").write_text(DUMP)
    real_scandir = os.scandir

    def guarded_scandir(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(files.os, "scandir", guarded_scandir)
    found, problems = discover([str(tmp_path)])
    assert found == [str(tmp_path / "b.txt")]
    assert reasons(problems, tmp_path) == {"locked": "cannot list folder: permission denied"}


def test_a_file_deleted_after_discovery(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(DUMP.replace("Dublin", name[0].upper() + "ublin"))
    found, _ = discover([str(tmp_path)])
    (tmp_path / "a.txt").unlink()
    problems = [p for path in found for p in read_file(path)[1]]
    assert [(Path(p.path).name, p.reason) for p in problems] == [
        ("a.txt", "file vanished (deleted or moved after it was found)")]


# ---------------------------------------------------------------- the command line


def test_a_missing_path_exits_2_before_the_ui_starts(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui_reader", "does-not-exist"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 2
    assert result.stderr == "newsreader: no such file or folder: does-not-exist\n"
    assert result.stdout == ""  # no escape sequence: the terminal was never taken over
    probe = subprocess.run(
        [sys.executable, "-c",
         "import sys; from tui_reader.cli import main; code = main(['does-not-exist']); "
         "print('textual' in sys.modules); sys.exit(code)"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert (probe.returncode, probe.stdout) == (2, "False\n")


# ---------------------------------------------------------------- known gaps outside files.py


def test_export_survives_a_lone_surrogate_in_jsonl(tmp_path: Path) -> None:
    """Passes while the lone surrogate is only in the title: `_build` sanitises it."""
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"text": PROSE, "title": "Lone \ud800 surrogate", "url": "u1"}) + "\n")
    (article,) = load_corpus([str(tmp_path)]).articles
    assert article.title == "Lone \ufffd surrogate"


def test_a_lone_surrogate_in_jsonl_text_does_not_crash_loading(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": PROSE + " \ud800"}) + "\n")
    (tmp_path / "page.txt").write_text(DUMP)
    corpus = load_corpus([str(tmp_path)])
    assert len(corpus.articles) == 2


def test_a_line_separator_inside_a_jsonl_string(tmp_path: Path) -> None:
    record = {"text": f"{PROSE}\u2028{PROSE}", "title": "Budget"}
    (tmp_path / "feed.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n")
    corpus = load_corpus([str(tmp_path)])
    assert corpus.problems == []
    assert [a.text for a in corpus.articles] == [f"{PROSE}\n\n{PROSE}"]


def test_a_jsonl_text_of_escapes_only_is_a_bad_line(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": "\x1b[2J\u200b"}) + "\n")
    corpus = load_corpus([str(tmp_path)])
    assert corpus.articles == []
    assert [p.reason for p in corpus.problems] == ['line 1: empty "text"']


def test_a_hostile_file_name_cannot_act_on_the_terminal(tmp_path: Path) -> None:
    (tmp_path / "\x1b]52;c;aGk=\x07\x1b[2J.txt").write_bytes(PDF)
    result = subprocess.run(
        [sys.executable, "-m", "tui_reader", "export", str(tmp_path)],
        capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0
    assert "looks like PDF" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_export_of_a_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt"), "wb") as handle:
        handle.write(DUMP.encode())
    result = subprocess.run(
        [sys.executable, "-m", "tui_reader", "export", "."], cwd=tmp_path,
        capture_output=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0
    (record,) = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert record["path"] == "./caf\ufffd.txt"



@pytest.mark.parametrize("workers", ["0", "2"])
def test_index_of_a_folder_with_names_that_are_not_utf8(tmp_path: Path, workers: str) -> None:
    folder = os.path.join(os.fsencode(tmp_path), b"pages")
    os.mkdir(folder)
    for n, name in enumerate([b"caf\xe9.txt", b"bad\xff\xfe.txt", b"plain.txt"]):
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(DUMP.replace("Dublin", f"Dublin{n}").encode())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LC_ALL": "C", "LANG": "C"}
    cache = str(tmp_path / "cache.sqlite3")
    for _ in range(2):  # and again, reading the names back from the cache
        result = subprocess.run(
            [sys.executable, "-m", "tui_reader", "index", "--workers", workers, "--cache",
             cache, str(tmp_path / "pages")], capture_output=True, timeout=120, env=env)
        assert result.returncode == 0, result.stderr.decode()
        assert b"Traceback" not in result.stderr
    assert b"3 in the cache" in result.stderr and b"3 unchanged" in result.stderr


# ---------------------------------------------------------------- special files, races


NOT_REGULAR = "not a regular file (a pipe, socket or device)"


def test_special_files_reached_through_links_are_reported_never_read(tmp_path: Path) -> None:
    """Devices, /proc files, sockets and FIFOs met in a folder: reported, skipped, and
    nothing of them (the environment of /proc/self/environ) becomes an article."""
    import socket

    (tmp_path / "good.txt").write_text(DUMP)
    links = {"zero.txt": "/dev/zero", "null.txt": "/dev/null", "environ.txt":
             "/proc/self/environ", "status.html": "/proc/self/status", "maps.jsonl":
             "/proc/self/maps", "stdin.txt": "/dev/stdin",
             "pagemap.txt": "/proc/self/pagemap"}  # its reads go on for terabytes
    for name, target in links.items():
        (tmp_path / name).symlink_to(target)
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "pipe-link.txt").symlink_to(tmp_path / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock.txt"))
    (tmp_path / "sock-link.html").symlink_to(tmp_path / "sock.txt")
    try:
        with _unblock_fifo(tmp_path / "pipe.txt"):
            corpus = load_corpus([str(tmp_path)])
    finally:
        server.close()
    problems = reasons(corpus.problems, tmp_path)
    pseudo = ("not an ordinary file (its size is 0 but it has content, like a /proc or /sys"
              " file)")
    stdin = problems.pop("stdin.txt", None)  # whatever the test runner's stdin is: not hung
    assert stdin in (None, NOT_REGULAR, pseudo)
    assert problems == {
        "zero.txt": NOT_REGULAR, "null.txt": NOT_REGULAR, "pipe.txt": NOT_REGULAR,
        "pipe-link.txt": NOT_REGULAR, "sock.txt": NOT_REGULAR, "sock-link.html": NOT_REGULAR,
        "environ.txt": pseudo, "status.html": pseudo, "maps.jsonl": pseudo,
        "pagemap.txt": pseudo}
    assert [a.title for a in corpus.articles] == ["Budget agreed in Dublin"]


@pytest.mark.parametrize("replacement", ["fifo", "folder"])
def test_a_file_replaced_after_it_was_checked_is_refused_not_waited_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replacement: str) -> None:
    """The name is checked, then (fault injection) the file becomes a FIFO or a folder
    before it is opened: what is opened is checked again, and a FIFO is never waited on."""
    path = tmp_path / "page.txt"
    path.write_text(DUMP)
    real_stat = os.stat
    replaced: list[str] = []

    def stat_then_replace(name: object, *args: object, **kwargs: object) -> os.stat_result:
        info = real_stat(name, *args, **kwargs)  # type: ignore[arg-type]
        if str(name) == str(path) and not replaced:
            replaced.append(replacement)
            path.unlink()
            os.mkfifo(path) if replacement == "fifo" else path.mkdir()
        return info

    monkeypatch.setattr(files.os, "stat", stat_then_replace)
    with _unblock_fifo(path) if replacement == "fifo" else contextlib.nullcontext():
        reason = reason_of(path)
    assert replaced, "the fault was injected"
    assert reason == (NOT_REGULAR if replacement == "fifo" else "is a folder, not a file")


@pytest.mark.parametrize("change", ["truncated", "grown"])
def test_a_file_changed_while_it_is_read_is_reported_not_half_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    path = tmp_path / "page.txt"
    path.write_text(DUMP * 20)
    real_read = files._read_bounded

    def read_while_changing(handle: object, limit: int) -> bytes:
        if change == "truncated":
            os.truncate(path, 30)
        else:
            with open(path, "a") as more:
                more.write(PROSE)
        return real_read(handle, limit)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "_read_bounded", read_while_changing)
    assert reason_of(path) == "changed while being read (it is read again at the next index)"


def test_a_sparse_file_over_the_limit_is_refused_before_it_is_hashed(
        tmp_path: Path, small_limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui_reader import ingest
    from tui_reader.storage import Cache

    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "good.txt").write_text(DUMP)
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(200 * MB)  # nothing on disk: hashing it would read 200 MB of zeros
    hashed: list[int] = []

    class CountingSha256:
        def __init__(self, data: bytes = b"") -> None:
            self.digest = hashlib.sha256(data)

        def update(self, data: bytes) -> None:
            hashed.append(len(data))
            self.digest.update(data)

        def hexdigest(self) -> str:
            return self.digest.hexdigest()

    monkeypatch.setattr(ingest, "hashlib", types.SimpleNamespace(sha256=CountingSha256))
    monkeypatch.setattr(files, "hashlib", types.SimpleNamespace(sha256=CountingSha256))
    with Cache.open(str(tmp_path / "cache.sqlite3")) as cache:
        report = ingest.sync(cache, [str(folder)], workers=0)
        assert [(Path(p.path).name, p.reason) for p in report.problems] == [
            ("huge.txt", "too large (200 MB; the limit is 1 MB, set NEWSREADER_MAX_FILE_MB "
                         "to change it)")]
        # The small file and the pipeline's code and data (the cleaner's model is 0.6 MB):
        # far below the 200 MB that hashing the sparse file would read.
        assert sum(hashed) < 10 * MB, "only the small file and the pipeline were hashed"
        assert [r.title for r in cache.rows()] == ["Budget agreed in Dublin"]
        with open(folder / "huge.txt", "r+b") as handle:  # changed: looked at again, unread
            handle.truncate(300 * MB)
        hashed.clear()
        again = ingest.sync(cache, [str(folder)], workers=0)
        assert again.changed == 1 and sum(hashed) < 10 * MB
        assert [Path(p.path).name for p in again.problems] == ["huge.txt"]
