"""Command line: `newsreader [PATH...]` opens the app, `newsreader export [PATH...]` prints JSONL.

This module stays free of Textual so that `export` starts fast; the UI is
imported only when the app is opened.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .files import InputError, Problem, check_paths
from .resources import seeds_dir


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="Read and triage scraped news pages in the terminal.",
        epilog="Subcommands: 'newsreader export [PATH...]' writes JSON Lines to stdout.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="page files or folders "
                        "(default: the bundled seeds)")
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    return parser


def _export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader export",
        description="Write one JSON object per article (JSON Lines) to stdout.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="page files or folders "
                        "(default: the bundled seeds)")
    return parser


def _report(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(f"newsreader: skipped {problem.path}: {problem.reason}", file=sys.stderr)


def _paths_or_seeds(paths: list[str]) -> list[str]:
    return paths or [str(seeds_dir())]


def export(argv: Sequence[str]) -> int:
    """Run `newsreader export`; return the exit status."""
    args = _export_parser().parse_args(argv)
    from .corpus import load_corpus
    from .export import write_jsonl

    paths = _paths_or_seeds(args.paths)
    check_paths(paths)
    corpus = load_corpus(paths)
    _report(corpus.problems)
    try:
        write_jsonl(corpus.articles, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        # `newsreader export | head` is normal use, not an error.
        sys.stderr.close()
    return 0


def open_app(argv: Sequence[str]) -> int:
    """Open the Textual app on the given paths; return the exit status."""
    args = _app_parser().parse_args(argv)
    paths = _paths_or_seeds(args.paths)
    check_paths(paths)
    from .ui.app import NewsReaderApp  # Textual is imported only here

    NewsReaderApp(paths).run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `newsreader` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = open_app
    if argv and argv[0] == "export":
        command, argv = export, argv[1:]
    try:
        return command(argv)
    except InputError as error:
        print(f"newsreader: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
