"""The command line as scripts meet it: export on the seeds, bad paths, an installed wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui_reader.article import LABELS
from tui_reader.countries import is_country_code

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ["id", "title", "source", "published", "path", "text", "countries", "entities",
          "similar", "url"]
ENTITY_FIELDS = ["text", "label", "start", "end", "canonical", "country"]


def run(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui_reader", *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=120,
    )


@pytest.fixture(scope="module")
def exported() -> list[dict]:
    result = run("export")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_export_writes_one_object_per_seed_article(exported: list[dict]) -> None:
    assert len(exported) == 8
    for record in exported:
        assert list(record) == FIELDS


def test_export_fields_follow_the_contract(exported: list[dict]) -> None:
    for record in exported:
        assert record["title"] and record["text"]
        assert record["published"] is None or len(record["published"]) == 10
        assert record["countries"] == sorted(set(record["countries"]))
        assert all(is_country_code(code) and code.isupper() for code in record["countries"])
        assert Path(record["path"]).name.endswith(".txt")
        for entity in record["entities"]:
            assert list(entity) == ENTITY_FIELDS
            assert entity["label"] in LABELS
            assert record["text"][entity["start"]:entity["end"]] == entity["text"]
            assert entity["country"] is None or is_country_code(entity["country"])


def test_export_ids_are_unique_and_stable(exported: list[dict]) -> None:
    ids = [r["id"] for r in exported]
    assert len(set(ids)) == len(ids)
    for record in exported:
        assert set(record["similar"]) <= set(ids) - {record["id"]}
    again = [json.loads(line)["id"] for line in run("export").stdout.splitlines()]
    assert again == ids


def test_export_keeps_path_as_given(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("A title here\n\n" + "This is a plain sentence about the weather today. " * 4)
    result = run("export", "page.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["path"] for r in records] == ["page.txt"]


def test_missing_path_fails_before_anything_opens(tmp_path: Path) -> None:
    for args in (("export", "nope.txt"), ("nope.txt",)):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2
        assert "nope.txt" in result.stderr
        assert result.stdout == ""


def test_unreadable_file_is_reported_and_the_rest_still_loads(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(
        "Good page\n\n" + "Officials met on Monday to discuss the new budget plan. " * 4
    )
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    result = run("export", str(tmp_path))
    assert result.returncode == 0
    assert "binary.txt" in result.stderr and "not a text file" in result.stderr
    assert len(result.stdout.splitlines()) == 1


def test_installed_wheel_finds_its_seeds_from_any_folder(tmp_path: Path) -> None:
    """`pip install .` ships seeds/ and styles/ inside the package."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    target = tmp_path / "site"
    wheel = next(wheels.glob("newsreader-*.whl"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    assert (target / "tui_reader" / "seeds").is_dir()
    assert (target / "tui_reader" / "styles" / "app.tcss").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    script = target / "bin" / "newsreader"
    result = subprocess.run(
        [sys.executable, str(script), "export"],
        capture_output=True, text=True, cwd=elsewhere, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 8
    assert all(r["path"].startswith(str(target)) for r in records)


def test_options_before_a_subcommand_belong_to_it(tmp_path: Path) -> None:
    cache = tmp_path / "given.sqlite3"
    indexed = run("--cache", str(cache), "index", "seeds")
    assert indexed.returncode == 0, indexed.stderr
    assert cache.is_file(), "--cache before 'index' was read as a path"
    exported = run("--ner", "builtin", "--cache", str(cache), "export", "seeds")
    assert exported.returncode == 0, exported.stderr
    assert len(exported.stdout.splitlines()) == 8
    # After "--", a name like a subcommand's is a path.
    as_path = run("export", "--cache", str(cache), "--", "export", cwd=tmp_path)
    assert as_path.returncode == 2 and "export" in as_path.stderr


def test_help_lists_every_subcommand() -> None:
    result = run("--help")
    assert result.returncode == 0
    for name in ("export", "index", "entities"):
        assert f"newsreader {name}" in result.stdout


def test_a_named_file_of_unknown_kind_is_reported_and_the_rest_exported(
        tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_text("Officials met on Monday to discuss the plan. " * 5)
    (tmp_path / "good.txt").write_text(
        "Good page\n\n" + "Officials met on Monday to discuss the new budget plan. " * 4)
    result = run("export", "notes.docx", "good.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert "notes.docx" in result.stderr and "unknown kind of file" in result.stderr
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == ["good.txt"]


def test_the_app_refuses_to_start_without_a_terminal(tmp_path: Path) -> None:
    """`newsreader > file` would write escape codes and wait for keys that never come."""
    result = subprocess.run([sys.executable, "-m", "tui_reader", "seeds"], cwd=ROOT,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 2
    assert "newsreader export" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_json_lines_are_utf8_whatever_the_output_encoding(tmp_path: Path, encoding: str) -> None:
    page = tmp_path / "Zürich – ☃.txt"
    page.write_text("Café owners in Zürich – “snow” ☃ again\n\nMinisters met in Zürich on Monday"
                    " to agree the budget for the coming year, the café owners said. ☃\n")
    env = {**os.environ, "PYTHONIOENCODING": encoding, "LC_ALL": "C", "LANG": "C"}
    done = subprocess.run([sys.executable, "-m", "tui_reader", "export", "--cache",
                           str(tmp_path / "c.db"), str(tmp_path)], capture_output=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    [record] = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert "☃" in record["text"] and record["path"].endswith("Zürich – ☃.txt")
    doc = tmp_path / "doc.txt"
    doc.write_text("Angela Merkel flew from Zürich to Paris. ☃")
    done = subprocess.run([sys.executable, "-m", "tui_reader", "entities", str(doc)],
                          capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert "Zürich" in done.stdout.decode("utf-8")


@pytest.mark.parametrize("value", ["1e9", "1e13", "1e400", "-5", "lots"])
@pytest.mark.parametrize("command", ["export", "index", "app"])
def test_an_out_of_range_size_limit_is_a_message_and_status_2(
        tmp_path: Path, value: str, command: str) -> None:
    argv = [] if command == "app" else [command]
    argv += ["--cache", str(tmp_path / "c.db"), str(tmp_path)]
    (tmp_path / "page.txt").write_text("A title\n\nMinisters met in Dublin on Monday.\n")
    done = subprocess.run([sys.executable, "-m", "tui_reader", *argv], capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL,
                          env={**os.environ, "NEWSREADER_MAX_FILE_MB": value})
    assert done.returncode == 2, done.stderr
    assert "NEWSREADER_MAX_FILE_MB" in done.stderr and "out of range" in done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


def test_a_huge_size_limit_within_range_reads_without_allocating_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    from tui_reader import files

    monkeypatch.setenv("NEWSREADER_MAX_FILE_MB", "1000000")
    page = tmp_path / "page.txt"
    page.write_text("A title\n\nMinisters met in Dublin on Monday.\n")
    assert files.read_text(str(page)).startswith("A title")
    gz = tmp_path / "page.txt.gz"
    gz.write_bytes(gzip.compress(page.read_bytes()))
    assert files.read_text(str(gz)).startswith("A title")


def test_entities_skips_jsonl_lines_python_cannot_parse(tmp_path: Path) -> None:
    feed = tmp_path / "docs.jsonl"
    feed.write_text("\n".join([
        json.dumps({"id": "a", "text": "Angela Merkel visited Paris."}),
        '{"id": "b", "text": "x", "n": ' + "9" * 5000 + "}",
        '{"id": "c", "text": ' + "[" * 100_000 + "]" * 100_000 + "}",
        json.dumps({"id": "d", "text": "Emmanuel Macron visited Berlin."}),
    ]) + "\n")
    result = run("entities", "--jsonl", str(feed))
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "d"]
    assert "line 2" in result.stderr and "line 3" in result.stderr
    assert "Traceback" not in result.stderr


HOSTILE_NAME = "a\x1b]52;c;AAAA\x07b\x1b[2J\x1b]8;;https:x\x07c"


def test_entities_messages_show_hostile_file_names_in_printable_form(tmp_path: Path) -> None:
    binary = tmp_path / f"{HOSTILE_NAME}.bin"
    binary.write_bytes(b"\x00\x01\x02\xff" * 64)
    for argv in (["entities", str(binary)], ["entities", str(tmp_path / f"{HOSTILE_NAME}.x")],
                 ["entities", "--jsonl", str(tmp_path / f"{HOSTILE_NAME}.jsonl")]):
        if argv[1] == "--jsonl":
            Path(argv[2]).write_text("not json\n")
        result = run(*argv)
        assert "\x1b" not in result.stderr and "\x07" not in result.stderr, argv
        assert "␛]52;c;AAAA␇" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_entities_given_a_folder_or_a_fifo_says_so_in_one_line(tmp_path: Path) -> None:
    result = run("entities", str(tmp_path))
    assert result.returncode == 2 and "is a folder" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run("entities", str(fifo))  # no writer: reading it would block forever
    assert result.returncode == 2 and "not a regular file" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_entities_reports_nan_and_infinity_lines_and_writes_valid_json(tmp_path: Path) -> None:
    feed = tmp_path / "docs.jsonl"
    feed.write_text('{"id": NaN, "text": "Angela Merkel visited Paris."}\n'
                    '{"id": "b", "text": "Paris.", "n": Infinity}\n'
                    + json.dumps({"id": "c", "text": "Emmanuel Macron visited Berlin."}) + "\n")
    result = run("entities", "--jsonl", str(feed))
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["c"]
    assert "line 1: not readable JSON (NaN" in result.stderr
    assert "line 2: not readable JSON (Infinity" in result.stderr


def test_entities_reports_numbers_too_large_for_a_float_and_writes_valid_json(
        tmp_path: Path) -> None:
    feed = tmp_path / "docs.jsonl"
    feed.write_text('{"id": 1e999, "text": "Angela Merkel visited Paris."}\n'
                    '{"id": "b", "text": "Paris.", "n": -2E+400}\n'
                    '{"id": 2.5, "text": "Emmanuel Macron visited Berlin."}\n')
    result = run("entities", "--jsonl", str(feed))
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [2.5]
    assert "Infinity" not in result.stdout
    assert "line 1: not readable JSON (1e999 is too large a number)" in result.stderr
    assert "line 2: not readable JSON (-2E+400 is too large a number)" in result.stderr


def test_index_and_export_name_hostile_paths_in_printable_form(tmp_path: Path) -> None:
    """Every kind of skipped file, in a folder whose name holds escape sequences too."""
    folder = tmp_path / f"pages{HOSTILE_NAME}\u202e"
    folder.mkdir()
    (folder / "good.txt").write_text("Budget agreed in Dublin\n\nMinisters met in Dublin on "
                                     "Monday to agree the budget for the coming year.\n")
    (folder / f"bin{HOSTILE_NAME}.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    (folder / f"empty{HOSTILE_NAME}.txt").write_bytes(b"")
    (folder / f"bad{HOSTILE_NAME}.jsonl").write_text("not json\n")
    (folder / f"gone{HOSTILE_NAME}.txt").symlink_to(tmp_path / "nowhere")
    (folder / f"zero{HOSTILE_NAME}.txt").symlink_to("/dev/zero")
    (folder / f"dir{HOSTILE_NAME}").symlink_to(tmp_path)
    os.mkfifo(folder / f"fifo{HOSTILE_NAME}.txt")
    with open(folder / f"huge{HOSTILE_NAME}.txt", "wb") as handle:
        handle.truncate(200 << 20)
    env = {**os.environ, "NEWSREADER_CACHE": str(tmp_path / "cache.sqlite3")}
    for argv in (["index", "--workers", "0", str(folder), str(folder / "good.txt")],
                 ["export", str(folder)], ["index", str(tmp_path / f"gone{HOSTILE_NAME}")]):
        result = run(*argv, env=env)
        assert result.returncode in (0, 2), result.stderr
        assert "Traceback" not in result.stderr
        assert not any(ch in result.stderr for ch in "\x1b\x07\x9b\x9d\u202e"), result.stderr
        assert "␛]52;c;AAAA␇" in result.stderr
    assert result.stderr.startswith("newsreader: no such file or folder: ")


def test_index_stopped_by_workers_that_cannot_run_says_so_in_one_line(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from tui_reader import cli, ingest

    def broken(*args: object, **kwargs: object) -> object:
        raise BrokenProcessPool(ingest.WORKERS_FAIL)

    monkeypatch.setattr(ingest, "sync", broken)
    from tui_reader.resources import seeds_dir

    assert cli.main(["index", str(seeds_dir())]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsreader: indexing stopped: worker processes end as soon as they")
    assert "Traceback" not in err and err.count("\n") == 1


def test_entities_given_a_proc_file_says_so_instead_of_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "doc.txt"
    link.symlink_to("/proc/self/pagemap")  # size 0, reads that go on for terabytes
    for path in (str(link), "/proc/self/environ"):
        result = run("entities", path)
        assert result.returncode == 2, result.stderr
        assert result.stderr.endswith(": not an ordinary file, or it changed while being read\n")
        assert result.stdout == "" and result.stderr.count("\n") == 1
