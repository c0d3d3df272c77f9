"""Finding input files and reading them as text, reporting what cannot be read."""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: The input formats by file ending; each may also be gzipped (".txt.gz").
FORMATS: dict[str, str] = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that was skipped, and why, in words a user understands."""

    path: str
    reason: str


class InputError(Exception):
    """A path the user named cannot be opened at all (e.g. it does not exist)."""


def check_paths(paths: Iterable[str]) -> None:
    """Raise `InputError` naming every path that does not exist."""
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise InputError("no such file or folder: " + ", ".join(missing))


def discover(paths: Iterable[str]) -> tuple[list[str], list[Problem]]:
    """Expand files and folders (recursively) into a sorted list of readable page files.

    Paths are returned as the user spelled them (joined with folder entries), so
    that exported `path` fields match what was given.
    """
    found: list[str] = []
    problems: list[Problem] = []
    for given in paths:
        if os.path.isdir(given):
            found.extend(_walk(given, problems))
        elif os.path.isfile(given):
            found.append(given)
        elif os.path.islink(given):
            problems.append(Problem(given, "broken symbolic link"))
        else:
            problems.append(Problem(given, "no such file or folder"))
    return _unique(found), problems


def _walk(folder: str, problems: list[Problem]) -> Iterator[str]:
    def on_error(error: OSError) -> None:
        problems.append(Problem(error.filename or folder, f"cannot list folder: {error.strerror}"))

    for root, dirs, names in os.walk(folder, onerror=on_error):
        dirs.sort()
        for name in sorted(names):
            if input_format(name) is not None:
                yield os.path.join(root, name)


def input_format(path: str) -> str | None:
    """"text", "html" or "jsonl" by the file's ending (".gz" looked through), else None."""
    name = path.lower().removesuffix(".gz")
    return FORMATS.get(Path(name).suffix)


def _unique(paths: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for path in paths:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            out.append(path)
    return out


def decode(data: bytes) -> str | None:
    """Decode page bytes: UTF-8 (with or without BOM) first, else the detected charset.

    Returns None when the bytes do not look like text at all.
    """
    if _looks_binary(data):
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported lazily: only for non-UTF-8 input

    best = from_bytes(data).best()
    return None if best is None else str(best)


def _looks_binary(data: bytes) -> bool:
    """Many NULs or control bytes near the start mean an image, a PDF, an archive..."""
    head = data[:8192]
    if not head or head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 has NULs by design
        return False
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return controls / len(head) > 0.05


def read_text(path: str) -> str:
    """Read an input file as text, gunzipping ".gz" files.

    Raises `OSError` or `ValueError` with a readable message.
    """
    with open(path, "rb") as handle:
        data = handle.read()
    if path.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (gzip.BadGzipFile, EOFError, zlib.error) as error:
            raise ValueError(f"not a readable gzip file ({error})") from error
    text = decode(data)
    if text is None:
        raise ValueError("not a text file")
    return text
