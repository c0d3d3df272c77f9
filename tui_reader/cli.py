"""Command line: `newsreader [PATH...]` opens the app; `export` and `entities` print JSONL.

This module stays free of Textual so that the subcommands start fast; the UI is
imported only when the app is opened.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from . import __version__
from .files import (
    InputError,
    Problem,
    UnreadableFile,
    check_max_file_mb,
    check_paths,
    decode,
    max_file_bytes,
    open_input,
)
from .recognisers import Recogniser, RecogniserError, recogniser_from_spec
from .resources import seeds_dir
from .sanitize import printable

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

NER_HELP = "entity recogniser: 'builtin' (default) or 'spacy:MODEL' (an installed spaCy pipeline)"
#: TERM values of terminals that cannot move the cursor: the app refuses to start on them.
DUMB_TERMINALS = frozenset({"dumb"})
_T = TypeVar("_T")
#: Seconds between two tries of `index` while another program holds the cache's write lock.
BUSY_RETRY = 2.0
CACHE_HELP = "the SQLite cache file (default: $NEWSREADER_CACHE, else the user cache folder)"


#: The subcommands, with the line `newsreader --help` gives each.
SUBCOMMANDS = {
    "export": "write the articles under PATHs as JSON Lines to stdout (--query to filter)",
    "index": "bring the cache up to date with PATHs without opening the app (for cron)",
    "entities": "recognise entities in plain-text documents, as JSON Lines",
}
#: Options that take a value, so that options before a subcommand can be moved after it.
_VALUED_OPTIONS = frozenset({"--ner", "--cache", "--theme", "--workers", "--query", "--sort"})


def _app_parser() -> argparse.ArgumentParser:
    commands = "\n".join(f"  newsreader {name:<9} {line}" for name, line in SUBCOMMANDS.items())
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="Read and triage scraped news pages in the terminal.",
        epilog=f"subcommands (each has --help):\n{commands}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="page files or folders "
                        "(default: the bundled seeds)")
    parser.add_argument("--ner", metavar="SPEC", help=NER_HELP)
    parser.add_argument("--cache", metavar="PATH", help=CACHE_HELP)
    parser.add_argument("--theme", metavar="NAME",
                        help="a Textual theme for this run, e.g. nord, gruvbox, textual-light"
                             " (a theme picked in the app with ctrl+p is saved in the config)")
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    return parser


def _index_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader index",
        description="Bring the cache up to date with PATHs without opening the app "
        "(for cron jobs): new and changed files are cleaned and recognised, removed ones "
        "forgotten. Progress goes to stderr.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="page files or folders "
                        "(default: the bundled seeds)")
    parser.add_argument("--ner", metavar="SPEC", help=NER_HELP)
    parser.add_argument("--cache", metavar="PATH", help=CACHE_HELP)
    parser.add_argument("--workers", type=int, metavar="N",
                        help="worker processes (default: one per core; 0 runs inline)")
    return parser


def _export_parser() -> argparse.ArgumentParser:
    from .search import SORTS  # not at the top: the app's start should not wait for it

    parser = argparse.ArgumentParser(
        prog="newsreader export",
        description="Write one JSON object per article (JSON Lines) to stdout: the articles "
        "under PATHs, read through the cache as the app reads them (new and changed files "
        "are indexed first).",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="page files or folders "
                        "(default: the bundled seeds)")
    parser.add_argument("--query", metavar="QUERY", default="",
                        help="only the articles the app's filter shows for QUERY, in the "
                             "app's order (see the README's filter syntax)")
    parser.add_argument("--sort", choices=SORTS, default=SORTS[0],
                        help="the order with --query, as the app's sort key (default: "
                             "relevance; without --query, file then page order)")
    parser.add_argument("--ner", metavar="SPEC", help=NER_HELP)
    parser.add_argument("--cache", metavar="PATH", help=CACHE_HELP + "; ':memory:' for none")
    parser.add_argument("--workers", type=int, metavar="N",
                        help="worker processes for indexing (default: one per core; 0 inline)")
    return parser


def _entities_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader entities",
        description="Recognise entities in plain-text documents, without cleaning. Prints one "
        "JSON object per document; all documents of one call form one corpus for names.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="each file is one document (default: standard input)")
    parser.add_argument("--jsonl", action="store_true",
                        help="read FILEs (or standard input) as JSON Lines of {id, text}")
    parser.add_argument("--ner", metavar="SPEC", help=NER_HELP)
    return parser


def _report(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(f"newsreader: skipped {printable(problem.path)}: {printable(problem.reason)}",
              file=sys.stderr)


def _utf8_output() -> None:
    """JSON Lines are UTF-8 whatever the locale (LANG=C, PYTHONIOENCODING=latin-1):
    stdout is switched to UTF-8, and stderr, whose messages are for a person, shows
    what its encoding cannot hold as escapes rather than failing."""
    for stream, options in ((sys.stdout, {"encoding": "utf-8"}),
                            (sys.stderr, {"errors": "backslashreplace"})):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if reconfigure is not None and encoding not in ("utf-8", "utf8"):
            try:
                reconfigure(**options)
            except (OSError, ValueError):  # already written to, or not reconfigurable
                continue


def _paths_or_seeds(paths: list[str]) -> list[str]:
    return paths or [str(seeds_dir())]


def export(argv: Sequence[str]) -> int:
    """Run `newsreader export`; return the exit status."""
    args = _export_parser().parse_args(argv)
    _utf8_output()
    check_max_file_mb()
    from .collection import open_collection
    from .export import write_jsonl
    from .storage import Cache

    paths = _paths_or_seeds(args.paths)
    check_paths(paths)
    recogniser_from_spec(args.ner)  # a missing model stops us before any work
    with Cache.open(args.cache) as cache:
        if cache.recovery_note:
            _warn(cache.recovery_note)
        with _Progress(sys.stderr, quiet=True) as bar:
            collection = _waiting_for_lock(lambda: open_collection(
                cache, paths, progress=bar.update, workers=args.workers,
                recogniser_spec=args.ner))
        _report(collection.problems)
        try:
            positions = collection.select(args.query, args.sort) if args.query else None
        except ValueError as error:
            raise InputError(f"--query: {error}") from error
        try:
            write_jsonl(collection.articles(positions), sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            # `newsreader export | head` is normal use, not an error.
            _quiet_broken_pipe()
            return 0
    return _status(paths, collection.problems)


def _status(paths: Sequence[str], problems: Sequence[Problem]) -> int:
    """1 when a file named on the command line was skipped, else 0 (a skipped file inside
    a folder is reported, not an error)."""
    named = set(paths)
    return 1 if any(problem.path in named for problem in problems) else 0


def _quiet_broken_pipe() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _documents(args: argparse.Namespace) -> Iterator[tuple[dict[str, Any], str]]:
    """(key, text) for each document: {"path": ...} per file, or {"id": ...} per JSONL line."""
    sources = args.files or ["-"]
    for source in sources:
        text = _read_document(source)
        if not args.jsonl:
            yield {"path": source}, text
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line, parse_constant=_no_constant,  # NaN, Infinity
                                    parse_float=_finite_float)  # 1e999
            except json.JSONDecodeError as error:
                _warn(f"{source}: line {number}: not valid JSON ({error.msg})")
                continue
            except (ValueError, RecursionError) as error:  # 5,000 digits, deep nesting
                reason = "nested too deeply" if isinstance(error, RecursionError) else (
                    str(error).split(";")[0])
                _warn(f"{source}: line {number}: not readable JSON ({reason})")
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                _warn(f"{source}: line {number}: expected an object with a \"text\" string")
                continue
            yield {"id": record.get("id")}, record["text"]


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")  # it would make the output invalid


def _finite_float(text: str) -> float:
    """A JSON number as a float; `ValueError` when it is too large for one (1e999 would
    be written back as Infinity, which is not JSON)."""
    value = float(text)
    if not math.isfinite(value):
        shown = text if len(text) <= 20 else text[:20] + "…"
        raise ValueError(f"{shown} is too large a number")
    return value


def _read_document(source: str) -> str:
    """One document's text; `InputError` (one line) when it is a folder, a FIFO or a
    device (never waited on), too large, or not text."""
    if source == "-":
        return sys.stdin.read()
    try:
        with open_input(source) as (handle, info):
            data = handle.read(min(max_file_bytes(), info.st_size) + 1)
        if len(data) > info.st_size:  # a /proc file (size 0), or one growing as it is read
            raise UnreadableFile("not an ordinary file, or it changed while being read")
    except UnreadableFile as error:
        raise InputError(f"{source}: {error}") from error
    except OSError as error:
        raise InputError(f"{source}: cannot be read ({error.strerror or error})") from error
    text = decode(data)
    if text is None:
        raise InputError(f"{source}: not a text file")
    return text


def _warn(message: str) -> None:
    """One line for a person: every path or reason in it is shown in printable form."""
    print(f"newsreader: {printable(message)}", file=sys.stderr)


def entities(argv: Sequence[str], out: TextIO | None = None) -> int:
    """Run `newsreader entities`; return the exit status."""
    from .aliases import resolve_aliases

    args = _entities_parser().parse_args(argv)
    _utf8_output()
    out = out or sys.stdout
    check_max_file_mb()
    check_paths(f for f in args.files if f != "-")
    recogniser: Recogniser = recogniser_from_spec(args.ner)
    keys: list[dict[str, str]] = []
    texts: list[str] = []
    found = []
    for key, text in _documents(args):
        keys.append(key)
        texts.append(text)
        found.append(recogniser(text).entities)
    for key, linked in zip(keys, resolve_aliases(found, texts), strict=True):
        out.write(json.dumps({**key, "entities": [asdict(e) for e in linked]},
                             ensure_ascii=False) + "\n")
    return 0


def index(argv: Sequence[str]) -> int:
    """Run `newsreader index`; return the exit status."""
    args = _index_parser().parse_args(argv)
    _utf8_output()  # (stderr only: index writes nothing to stdout)
    check_max_file_mb()
    paths = _paths_or_seeds(args.paths)
    check_paths(paths)
    recogniser_from_spec(args.ner)  # a missing model stops us before any work
    from .ingest import sync
    from .storage import Cache

    with _stopped_by_signals(), Cache.open(args.cache) as cache:
        if cache.recovery_note:
            _warn(cache.recovery_note)
        with _Progress(sys.stderr) as bar:
            report = _waiting_for_lock(lambda: sync(
                cache, paths, progress=bar.update, workers=args.workers,
                recogniser_spec=args.ner))
    from .collection import as_given

    problems = as_given(report.problems, paths)
    _report(problems)
    print(f"newsreader: {report.new} new, {report.changed} changed, {report.removed} removed,"
          f" {report.unchanged} unchanged files; {report.articles} articles written,"
          f" {report.total_articles} in the cache ({report.seconds:.1f} s)", file=sys.stderr)
    return _status(paths, problems)


def _waiting_for_lock(step: Callable[[], _T]) -> _T:
    """Run `step` (which indexes), again while another program holds the cache's write
    lock (an `index` from cron, an app), saying so once on stderr."""
    from .marks import retry_while_busy

    return retry_while_busy(step, pause=BUSY_RETRY, cancelled=lambda: False,
                            waiting=lambda error: _warn(
                                f"another program holds the cache's write lock ({error});"
                                " waiting for it (what is indexed is kept; ctrl+c stops)"))


class _Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the process is: like ctrl+c, it rolls back the
    batch being written and ends the worker processes (see `ingest._batches`)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise `_Stopped` (in the main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        raise _Stopped(signum)

    saved = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


_BAR_WIDTH = 24


class _Progress:
    """Indexing progress on `stream` (stderr): rich.progress's bar on a terminal; one plain
    line a batch, without escape sequences, when it is not one (a cron log, a pipe), or no
    lines then when `quiet`. Used as a context manager, so the bar is stopped (and the
    cursor it hides shown again) however indexing ends: ctrl+c, SIGTERM, an error."""

    def __init__(self, stream: TextIO, *, quiet: bool = False) -> None:
        self.stream = stream
        self.quiet = quiet
        self.started = time.perf_counter()
        self.console: Console | None = None
        if stream.isatty():  # rich is imported only for a terminal
            from rich.console import Console

            console = Console(file=stream)
            if console.is_terminal and not console.is_dumb_terminal:
                self.console = console
        self.bar: tuple[Progress, TaskID] | None = None

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def update(self, done: int, total: int, articles: int) -> None:
        elapsed = time.perf_counter() - self.started
        rate = f"{articles / elapsed:.0f}" if elapsed else "0"
        if self.console is None:
            if not self.quiet:
                from .ingest import progress_line

                line = progress_line(done, total, articles, elapsed, _BAR_WIDTH)
                self.stream.write(line + "\n")
                self.stream.flush()
            return
        if self.bar is None:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            bar = Progress(
                BarColumn(bar_width=_BAR_WIDTH), MofNCompleteColumn(),
                TextColumn("files · {task.fields[articles]} articles · {task.fields[rate]}/s ·"
                           " ETA"),
                TimeRemainingColumn(), console=self.console)
            self.bar = bar, bar.add_task("index", total=total, articles=0, rate="0")
            bar.start()
        bar, task = self.bar
        bar.update(task, completed=done, total=total, articles=articles, rate=rate)

    def close(self) -> None:
        if self.bar is not None:
            self.bar[0].stop()
            self.bar = None


def open_app(argv: Sequence[str]) -> int:
    """Open the Textual app on the given paths; return the exit status."""
    args = _app_parser().parse_args(argv)
    check_max_file_mb()
    term = os.environ.get("TERM", "")
    if term in DUMB_TERMINALS:
        print(f"newsreader needs a terminal that supports cursor movement (TERM={printable(term)});"
              " 'newsreader export' works anywhere", file=sys.stderr)
        return 2
    for name in ("LINES", "COLUMNS"):  # exported stale, they would fix Textual's size
        os.environ.pop(name, None)
    paths = _paths_or_seeds(args.paths)
    check_paths(paths)
    # An unusable cache does not stop the app: it works on a copy in memory (and says so).
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("newsreader: the app needs a terminal (standard input and output are not one"
              " here); to write the articles to a file or a pipe, use"
              " 'newsreader export [PATH...]'", file=sys.stderr)
        return 2
    recogniser_from_spec(args.ner)  # a missing model stops us before the UI starts
    from .ui.app import NewsReaderApp  # Textual is imported only here

    NewsReaderApp(paths, cache_path=args.cache, recogniser_spec=args.ner,
                  theme=args.theme).run()
    return 0


def _subcommand_first(argv: list[str]) -> list[str]:
    """`--cache F index seeds` -> `index --cache F seeds`: options given before a
    subcommand go after it (a path named like a subcommand can follow `--`)."""
    position = 0
    while position < len(argv) and argv[position].startswith("-") and argv[position] != "--":
        option = argv[position]
        position += 2 if option in _VALUED_OPTIONS else 1
    if 0 < position < len(argv) and argv[position] in SUBCOMMANDS:
        return [argv[position], *argv[:position], *argv[position + 1:]]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `newsreader` console script."""
    argv = _subcommand_first(list(sys.argv[1:] if argv is None else argv))
    commands = {"export": export, "entities": entities, "index": index}
    command = open_app
    if argv and argv[0] in commands:
        command, argv = commands[argv[0]], argv[1:]
    try:
        return command(argv)
    except (InputError, RecogniserError) as error:
        _warn(str(error))
        return 2
    except BrokenProcessPool as error:  # workers die whatever they read (ingest says why)
        _warn(f"indexing stopped: {error}")
        return 2
    except sqlite3.OperationalError as error:  # the disk filled, or went read-only
        from .storage import CACHE_ENV, is_unusable

        if not is_unusable(error):
            raise
        _warn(f"cannot write the cache: {error}; free some space, or name another"
              f" file with --cache or ${CACHE_ENV}")
        return 2
    except KeyboardInterrupt as stop:  # ctrl+c, or SIGTERM/SIGHUP in `index`: one line
        signum = getattr(stop, "signum", signal.SIGINT)
        what = "interrupted" if signum == signal.SIGINT else (
            f"stopped by {signal.Signals(signum).name}")
        kept = "; what was indexed so far is kept" if command is index else ""
        print(f"\nnewsreader: {what}{kept}" if sys.stderr.isatty() else
              f"newsreader: {what}{kept}", file=sys.stderr)
        return 128 + signum


if __name__ == "__main__":
    sys.exit(main())
