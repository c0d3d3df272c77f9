"""One pipeline: `export`, `load_corpus` and the app read the same articles through the
cache, and what one run shows comes only from the paths it was given."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui_reader import ingest
from tui_reader.collection import load_corpus, open_collection
from tui_reader.export import article_record
from tui_reader.resources import seeds_dir
from tui_reader.storage import Cache

ROOT = Path(__file__).resolve().parent.parent
#: The seeds' two write-ups of one story (grouped as similar stories).
STORY_A, STORY_B = "001_35f9a6c6c541f104.txt", "002_e30f28e5a42e9de2.txt"


def export(*args: str, cache: Path, cwd: Path = ROOT) -> list[dict]:
    run = subprocess.run([sys.executable, "-m", "tui_reader", "export", "--cache", str(cache),
                          *args], capture_output=True, text=True, cwd=cwd, timeout=300,
                         check=False)
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


@pytest.fixture
def two_folders(tmp_path: Path) -> tuple[Path, Path]:
    """Folder a/ holds one write-up of the seeds' shared story, b/ the other (and the rest)."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    shutil.copytree(seeds_dir(), b)
    shutil.move(b / STORY_A, a / STORY_A)
    return a, b


def test_similar_stories_do_not_leak_from_another_folder_in_the_cache(
        two_folders: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = two_folders
    cache = tmp_path / "shared.sqlite3"
    both = export(str(a), str(b), cache=cache)
    linked = [r for r in both if r["similar"]]
    assert linked, "the two write-ups are one story when read together"
    b_ids = {r["id"] for r in both if r["path"].startswith(str(b))}
    assert any(set(r["similar"]) & b_ids for r in linked if r["path"].startswith(str(a)))
    # The same cache, opened on a/ alone: nothing of b/ shows.
    only_a = export(str(a), cache=cache)
    assert only_a and all(r["path"].startswith(str(a)) for r in only_a)
    assert all(not set(r["similar"]) & b_ids for r in only_a)
    with Cache.open(str(cache)) as opened:
        rows = opened.rows([str(a)])
    assert rows and all(not set(row.similar) & b_ids for row in rows)


def test_export_is_the_cache_path_and_load_corpus_agrees(tmp_path: Path) -> None:
    exported = export(str(seeds_dir()), cache=tmp_path / "c.sqlite3")
    corpus = load_corpus([str(seeds_dir())])
    assert exported == [article_record(a) for a in corpus.articles]
    with Cache.open(str(tmp_path / "inline.sqlite3")) as cache:
        run = open_collection(cache, [str(seeds_dir())], workers=0)
        assert [article_record(a) for a in run.articles()] == exported


def test_names_are_linked_the_same_way_whatever_else_the_cache_holds(
        two_folders: tuple[Path, Path], tmp_path: Path) -> None:
    """A cache that indexed other folders first gives a folder the entities it would get
    from a fresh cache (no per-path difference in which mentions are people)."""
    a, b = two_folders
    fresh = export(str(a), cache=tmp_path / "fresh.sqlite3")
    shared = tmp_path / "shared.sqlite3"
    with Cache.open(str(shared)) as cache:
        ingest.sync(cache, [str(b)], workers=0)
    later = export(str(a), cache=shared)
    kinds = [[(e["text"], e["label"], e["start"]) for e in r["entities"]] for r in later]
    assert kinds == [[(e["text"], e["label"], e["start"]) for e in r["entities"]]
                     for r in fresh]


def test_export_query_prints_what_the_filter_shows_in_its_order(tmp_path: Path) -> None:
    cache = tmp_path / "c.sqlite3"
    everything = export(cache=cache)
    with Cache.open(str(cache)) as opened:
        run = open_collection(opened, [str(seeds_dir())], workers=0)
        for query, sort in (("country:cn", "relevance"), ("putin", "date"),
                            ("!nato", "source")):
            wanted = [run.rows[p].id for p in run.select(query, sort)]
            got = [r["id"] for r in export("--query", query, "--sort", sort, cache=cache)]
            assert got == wanted, query
            assert 0 < len(got) < len(everything), query


def test_export_query_that_the_filter_cannot_read_is_an_error(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "tui_reader", "export", "--cache",
                          str(tmp_path / "c.sqlite3"), "--query", "after:notadate"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)
    assert run.returncode == 2
    assert "--query" in run.stderr and run.stdout == ""


async def test_the_apps_export_equals_newsreader_export_field_for_field(
        two_folders: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's `x` and `newsreader export --query` of the same folder write the same
    records: same articles, order, entities, similar stories (this run's only), paths."""
    from apphelp import export_with, settle

    from tui_reader.ui.app import NewsReaderApp

    a, b = two_folders
    cache = tmp_path / "shared.sqlite3"
    export(str(a), str(b), cache=cache)  # the cache also holds b/, similar to a/
    monkeypatch.chdir(tmp_path)  # b/ as a user types it, relative
    for query in ("", "putin"):
        app = NewsReaderApp(["b"], cache_path=str(cache))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            written = await export_with(app, pilot, query or "!zzzzqq", "x")
        mine = [json.loads(line) for line in written.read_text(encoding="utf-8").splitlines()]
        args = ["--query", query] if query else ["--query", "!zzzzqq"]
        assert mine == export(*args, "b", cache=cache, cwd=tmp_path)
        assert mine and all(r["path"].startswith("b/") for r in mine)


def test_a_page_copied_into_another_folder_shows_in_that_folders_run(tmp_path: Path) -> None:
    """The cache stores identical pages once; each folder holding a copy still lists it,
    under its own path (the installed package's seeds once lost the page a test had
    copied elsewhere)."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    first = sorted(seeds_dir().glob("*.txt"))[0]
    shutil.copy(first, elsewhere / "copy.txt")
    cache = tmp_path / "c.sqlite3"
    assert len(export(str(elsewhere), cache=cache)) == 1
    seeds = export(str(seeds_dir()), cache=cache)
    assert len(seeds) == 8
    assert all(r["path"].startswith(str(seeds_dir())) for r in seeds)
    assert seeds == export(str(seeds_dir()), cache=tmp_path / "fresh.sqlite3")
    again = export(str(elsewhere), cache=cache)
    assert [r["path"] for r in again] == [str(elsewhere / "copy.txt")]
