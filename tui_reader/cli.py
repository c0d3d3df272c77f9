"""Command line: `newsreader [PATH...]` opens the app; `export` and `entities` print JSONL.

This module stays free of Textual so that the subcommands start fast; the UI is
imported only when the app is opened.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from typing import TextIO

from . import __version__
from .files import InputError, Problem, check_paths, decode
from .recognisers import Recogniser, RecogniserError, recogniser_from_spec
from .resources import seeds_dir
from .sanitize import printable

NER_HELP = "entity recogniser: 'builtin' (default) or 'spacy:MODEL' (an installed spaCy pipeline)"
#: TERM values of terminals that cannot move the cursor: the app refuses to start on them.
DUMB_TERMINALS = frozenset({"dumb"})
CACHE_HELP = "the SQLite cache file (default: $NEWSREADER_CACHE, else the user cache folder)"


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="Read and triage scraped news pages in the terminal.",
        epilog="Subcommands: 'newsreader export [PATH...]' writes JSON Lines to stdout.",
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
    parser = argparse.ArgumentParser(
        prog="newsreader export",
        description="Write one JSON object per article (JSON Lines) to stdout.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="page files or folders "
                        "(default: the bundled seeds)")
    parser.add_argument("--ner", metavar="SPEC", help=NER_HELP)
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


def _paths_or_seeds(paths: list[str]) -> list[str]:
    return paths or [str(seeds_dir())]


def export(argv: Sequence[str]) -> int:
    """Run `newsreader export`; return the exit status."""
    args = _export_parser().parse_args(argv)
    from .corpus import load_corpus
    from .export import write_jsonl

    paths = _paths_or_seeds(args.paths)
    check_paths(paths)
    corpus = load_corpus(paths, recogniser=recogniser_from_spec(args.ner))
    _report(corpus.problems)
    try:
        write_jsonl(corpus.articles, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        # `newsreader export | head` is normal use, not an error.
        sys.stderr.close()
    return 0


def _documents(args: argparse.Namespace) -> Iterator[tuple[dict[str, str], str]]:
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
                record = json.loads(line)
            except json.JSONDecodeError as error:
                _warn(f"{source}: line {number}: not valid JSON ({error.msg})")
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                _warn(f"{source}: line {number}: expected an object with a \"text\" string")
                continue
            yield {"id": record.get("id")}, record["text"]


def _read_document(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    with open(source, "rb") as handle:
        text = decode(handle.read())
    if text is None:
        raise InputError(f"{source}: not a text file")
    return text


def _warn(message: str) -> None:
    print(f"newsreader: {message}", file=sys.stderr)


def entities(argv: Sequence[str], out: TextIO | None = None) -> int:
    """Run `newsreader entities`; return the exit status."""
    from .aliases import resolve_aliases

    args = _entities_parser().parse_args(argv)
    out = out or sys.stdout
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
    paths = _paths_or_seeds(args.paths)
    check_paths(paths)
    recogniser_from_spec(args.ner)  # a missing model stops us before any work
    from .ingest import sync
    from .storage import Cache

    bar = _ProgressBar(sys.stderr)
    with Cache.open(args.cache) as cache:
        if cache.recovery_note:
            _warn(cache.recovery_note)
        report = sync(cache, paths, progress=bar.update, workers=args.workers,
                      recogniser_spec=args.ner)
    bar.close()
    _report(report.problems)
    print(f"newsreader: {report.new} new, {report.changed} changed, {report.removed} removed,"
          f" {report.unchanged} unchanged files; {report.articles} articles written,"
          f" {report.total_articles} in the cache ({report.seconds:.1f} s)", file=sys.stderr)
    if report.similar_skipped:
        _warn("similar stories are not grouped above 20,000 articles yet")
    return 0


class _ProgressBar:
    """A one-line progress bar on a terminal (plain lines when not a terminal)."""

    WIDTH = 24

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.perf_counter()
        self.tty = stream.isatty()
        self.drawn = False

    def update(self, done: int, total: int, articles: int) -> None:
        from .ingest import progress_line

        elapsed = time.perf_counter() - self.started
        line = progress_line(done, total, articles, elapsed, self.WIDTH)
        self.stream.write(f"\r{line}\x1b[K" if self.tty else line + "\n")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn and self.tty:
            self.stream.write("\n")


def open_app(argv: Sequence[str]) -> int:
    """Open the Textual app on the given paths; return the exit status."""
    args = _app_parser().parse_args(argv)
    term = os.environ.get("TERM", "")
    if term in DUMB_TERMINALS:
        print(f"newsreader needs a terminal that supports cursor movement (TERM={term});"
              " 'newsreader export' works anywhere", file=sys.stderr)
        return 2
    for name in ("LINES", "COLUMNS"):  # exported stale, they would fix Textual's size
        os.environ.pop(name, None)
    paths = _paths_or_seeds(args.paths)
    check_paths(paths)
    recogniser_from_spec(args.ner)  # a missing model stops us before the UI starts
    from .ui.app import NewsReaderApp  # Textual is imported only here

    NewsReaderApp(paths, cache_path=args.cache, recogniser_spec=args.ner,
                  theme=args.theme).run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `newsreader` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"export": export, "entities": entities, "index": index}
    command = open_app
    if argv and argv[0] in commands:
        command, argv = commands[argv[0]], argv[1:]
    try:
        return command(argv)
    except (InputError, RecogniserError) as error:
        print(f"newsreader: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
