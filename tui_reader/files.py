"""Finding input files and reading them as text, reporting what cannot be read.

Everything that can go wrong with an input becomes a `Problem` with a reason a user
understands ("empty file", "not a text file (looks like PDF)", "broken symbolic link",
"too large (210 MB; ...)"), and the other inputs still open. Reading is bounded: a file
above `max_file_bytes()` is refused before it is read, and a ".gz" file is decompressed
in a streaming way that stops at the same limit (a gzip bomb costs at most that much).
"""

from __future__ import annotations

import codecs
import errno
import gzip
import hashlib
import math
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter
from typing import BinaryIO

from .sanitize import printable

#: The input formats by file ending; each may also be gzipped (".txt.gz").
FORMATS: dict[str, str] = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}

#: Default largest input (after decompression), in bytes; see `max_file_bytes`.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Environment variable that overrides the limit, in megabytes (e.g. "200" or "0.5").
MAX_FILE_ENV = "NEWSREADER_MAX_FILE_MB"
#: The largest value `MAX_FILE_ENV` may take (a terabyte); larger ones are refused by the
#: commands (`check_max_file_mb`) and never reach a read.
MAX_FILE_MB_LIMIT = 1_000_000
#: The longest article text kept, in characters (about 150,000 words: several times the
#: longest news feature). A longer text, or a longer line in a page dump (a 50 MB page on
#: one line), is cut to it before it is cleaned and recognised, and the cut reported, so
#: that time and memory stay bounded whatever the page (`cut_text`).
MAX_ARTICLE_CHARS = 1_000_000
#: The most HTML markup given to the extractor, in characters; the rest is cut (reported).
MAX_HTML_CHARS = 10_000_000
#: Bytes read at a time (a read of the whole limit would allocate all of it at once).
_CHUNK = 16 << 20

#: Leading bytes of common non-text files, and what to call them in a message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (  # UTF-32 first: its LE BOM starts like UTF-16's
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
#: Encodings a web page can be in (the WHATWG Encoding Standard's legacy ones, by Python
#: name). Scraped pages come from browsers, so DOS and Mac code pages are never guessed.
WEB_ENCODINGS: tuple[str, ...] = (
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7",
    "iso8859_8", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
    "koi8_r", "koi8_u", "mac_cyrillic", "cp866", "cp874", "cp932", "euc_jp", "iso2022_jp",
    "gb18030", "big5", "cp949",
)
_MULTIBYTE = frozenset({"cp932", "euc_jp", "iso2022_jp", "gb18030", "big5", "cp949"})
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_FOREIGN_RUN = re.compile(r"[^\W\d_a-zA-Z]{3,}")  # three non-ASCII letters in a row


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that was skipped, and why, in words a user understands."""

    path: str
    reason: str


class InputError(Exception):
    """A path the user named cannot be opened at all (e.g. it does not exist)."""


class UnreadableFile(ValueError):
    """An input file that cannot be read as text; the message is the reason, for the user."""


def is_under(path: str, root: str) -> bool:
    """True when `path` is `root` or inside it (both absolute, spelled alike)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def check_paths(paths: Iterable[str]) -> None:
    """Raise `InputError` naming every path that does not exist."""
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise InputError("no such file or folder: " + ", ".join(printable(p) for p in missing))


def max_file_bytes() -> int:
    """The largest input read, in bytes: $NEWSREADER_MAX_FILE_MB megabytes when that is a
    positive number, else `MAX_FILE_BYTES`."""
    value = os.environ.get(MAX_FILE_ENV, "").strip()
    try:
        megabytes = float(value) if value else 0.0
    except ValueError:
        megabytes = 0.0
    if megabytes > 0 and math.isfinite(megabytes):
        return max(1, int(min(megabytes, MAX_FILE_MB_LIMIT) * 1024 * 1024))
    return MAX_FILE_BYTES


def check_max_file_mb() -> None:
    """Raise `InputError` when $NEWSREADER_MAX_FILE_MB is set to something other than a
    number of megabytes from more than 0 up to `MAX_FILE_MB_LIMIT` (commands call this
    first, so that a typo is said rather than silently replaced by the default)."""
    value = os.environ.get(MAX_FILE_ENV, "").strip()
    if not value:
        return
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = math.nan
    if not (0 < megabytes <= MAX_FILE_MB_LIMIT):
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise InputError(f"{MAX_FILE_ENV}={shown!r} is out of range: give the largest input"
                         f" file in megabytes, more than 0 and at most {MAX_FILE_MB_LIMIT:,}"
                         f" (default {MAX_FILE_BYTES >> 20})")


def cut_text(text: str, limit: int = MAX_ARTICLE_CHARS) -> str:
    """`text` cut to at most `limit` characters, at the last line or word break in its
    final tenth when there is one."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    floor = limit - limit // 10
    for sep in ("\n", " "):
        at = head.rfind(sep, floor)
        if at > 0:
            return head[:at]
    return head


def cut_long_lines(text: str, limit: int = MAX_ARTICLE_CHARS) -> tuple[str, int]:
    """`text` with each line longer than `limit` characters cut (`cut_text`), and the
    length of the longest line cut (0 when none was)."""
    if len(text) <= limit:
        return text, 0
    lines = text.split("\n")
    longest = max(len(line) for line in lines)
    if longest <= limit:
        return text, 0
    return "\n".join(cut_text(line, limit) for line in lines), longest


def cut_note(what: str, length: int, limit: int = MAX_ARTICLE_CHARS) -> str:
    """Why part of a file was not kept: "the rest of a line of 52,428,561 characters
    (the first 1,000,000 are kept)"."""
    return f"the rest of {what} of {length:,} characters (the first {limit:,} are kept)"


# ---------------------------------------------------------------- discovery


def discover(paths: Iterable[str]) -> tuple[list[str], list[Problem]]:
    """Expand files and folders (recursively) into the list of input files to read.

    Folders are walked depth first, names sorted, files before sub-folders.

    Paths are returned as the user spelled them (joined with folder entries), so
    that exported `path` fields match what was given. In folders, files of other kinds
    are passed over; a file named itself must be of a known kind, else it is reported.
    Symbolic links to files are
    read; links to folders are not followed (no loops, no escaping the tree) and are
    reported, as are broken links, pipes and devices. Each file is listed once.
    """
    found: list[tuple[str, str]] = []
    problems: list[Problem] = []
    seen_dirs: set[tuple[int, int]] = set()
    for given in paths:
        try:
            info = os.stat(given)
        except OSError as error:
            problems.append(Problem(given, _stat_reason(given, error)))
            continue
        if stat.S_ISDIR(info.st_mode):
            found.extend(_walk(given, problems, seen_dirs))
        elif not stat.S_ISREG(info.st_mode):
            problems.append(Problem(given, _NOT_REGULAR))
        elif input_format(given) is None:
            problems.append(Problem(given, UNKNOWN_TYPE))
        else:
            found.append((given, os.path.realpath(given)))
    return _unique(found), problems


_NOT_REGULAR = "not a regular file (a pipe, socket or device)"
#: Why a file named on the command line with an ending of no input format is skipped.
UNKNOWN_TYPE = ("unknown kind of file: newsreader reads " + ", ".join(FORMATS)
                + " files (also gzipped, .gz)")


def _stat_reason(path: str, error: OSError) -> str:
    """Why `path` cannot be opened, from the error of stat()ing it."""
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(error, FileNotFoundError | NotADirectoryError):
        return "broken symbolic link" if os.path.islink(path) else "no such file or folder"
    if isinstance(error, PermissionError):
        return "permission denied"
    return f"cannot open: {error.strerror or error}"


def _walk(
    folder: str, problems: list[Problem], seen: set[tuple[int, int]]
) -> Iterator[tuple[str, str]]:
    """(path, real path) of every input file under `folder`, depth first, names sorted.

    Sub-folders are entered through real directory entries only, and each folder at
    most once (by device and inode), so no layout can make the walk recurse forever.
    """
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            info = os.stat(current)
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(current) as listing:
                entries = sorted(listing, key=_NAME)
        except OSError as error:
            problems.append(Problem(current, f"cannot list folder: {_os_reason(error)}"))
            continue
        real_dir = os.path.realpath(current)
        real_prefix = real_dir if real_dir.endswith(tuple(_SEPARATORS)) else real_dir + os.sep
        subfolders: list[str] = []
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(entry.path)
                    continue
                if entry.is_symlink():
                    yield from _linked(entry.path, problems)
                elif _name_format(entry.name) is None:
                    continue
                elif entry.is_file(follow_symlinks=False):
                    yield entry.path, real_prefix + entry.name
                else:
                    problems.append(Problem(entry.path, _NOT_REGULAR))
            except OSError as error:  # vanished or unreadable while listing
                problems.append(Problem(entry.path, _stat_reason(entry.path, error)))
        stack.extend(reversed(subfolders))


def _linked(path: str, problems: list[Problem]) -> Iterator[tuple[str, str]]:
    """A symbolic link met in a folder: its target when that is an input file."""
    try:
        info = os.stat(path)
    except OSError as error:
        if input_format(path) is not None:
            problems.append(Problem(path, _stat_reason(path, error)))
        return
    if stat.S_ISDIR(info.st_mode):
        problems.append(Problem(path, "symbolic link to a folder (not followed)"))
    elif input_format(path) is None:
        return
    elif stat.S_ISREG(info.st_mode):
        yield path, os.path.realpath(path)
    else:
        problems.append(Problem(path, _NOT_REGULAR))


def input_format(path: str) -> str | None:
    """"text", "html" or "jsonl" by the file's ending (".gz" looked through), else None."""
    return _name_format(os.path.basename(path.rstrip(_SEPARATORS)))


def _name_format(name: str) -> str | None:
    """`input_format` of a file name (no folder)."""
    name = name.lower().removesuffix(".gz")
    # `pathlib.PurePath.suffix`, without making a path object for each of a million files.
    dot = name.rfind(".")
    return FORMATS.get(name[dot:]) if 0 < dot < len(name) - 1 else None


_SEPARATORS = os.sep + (os.altsep or "")
_NAME = attrgetter("name")


def _unique(found: list[tuple[str, str]]) -> list[str]:
    """The paths in order, the later of two that are the same file dropped."""
    seen: set[str] = set()
    out: list[str] = []
    for path, real in found:
        if real not in seen:
            seen.add(real)
            out.append(path)
    return out


# ---------------------------------------------------------------- decoding


def sniff(data: bytes) -> str | None:
    """What the bytes are when they are not text ("PDF", "PNG", "binary data"), else None."""
    head = data[:8192]
    if head.startswith(tuple(bom for bom, _ in _BOMS)) or _utf16_order(head):
        return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    return "binary data" if _looks_binary(head) else None


def _looks_binary(head: bytes) -> bool:
    """Many NULs or control bytes near the start mean an image, an archive, a program...

    ESC is not counted: a text with terminal colours is still text (sanitised later).
    """
    if not head:
        return False
    controls = sum(1 for byte in head if (byte < 9 or 13 < byte < 32) and byte != 27)
    return controls / len(head) > 0.05


def _utf16_order(head: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for BOM-less UTF-16 of mostly Latin text, else None."""
    head = head[: len(head) // 2 * 2]
    if len(head) < 4:
        return None
    pairs = len(head) // 2
    even_nuls, odd_nuls = head[0::2].count(0), head[1::2].count(0)
    if odd_nuls >= 0.9 * pairs and even_nuls <= 0.1 * pairs:
        return "utf-16-le"
    if even_nuls >= 0.9 * pairs and odd_nuls <= 0.1 * pairs:
        return "utf-16-be"
    return None


def decode(data: bytes) -> str | None:
    """Decode page bytes; None when they do not look like text at all. Never raises.

    In order: a byte-order mark (UTF-8, UTF-16, UTF-32); BOM-less UTF-16; UTF-8; UTF-8
    with a few broken sequences (a page cut mid-character) replaced by U+FFFD; else the
    legacy web encoding charset-normalizer finds most plausible, Windows-1252 when it
    cannot tell (short Western text is ambiguous between the Latin code pages).
    """
    if sniff(data) is not None:
        return None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, "replace")  # the codec drops the BOM itself
    order = _utf16_order(data[:8192])
    if order is not None:
        return data.decode(order, "replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return data.decode("utf-8-sig", "replace")
    return _decode_legacy(data)


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with at most a few broken sequences among many good ones."""
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    return good >= 8 * max(broken, 1)


#: The bytes Windows-1252 leaves undefined. Browsers (the WHATWG Encoding Standard) read
#: them as the C1 controls of the same number, as Latin-1 does; Python's cp1252 refuses
#: them, so a Western page with a stray 0x9D would not be guessed as Western at all.
_UNDEFINED_1252 = bytes.maketrans(b"\x81\x8d\x8f\x90\x9d", b"     ")


def _c1_or_replacement(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: an undecodable byte 0x80-0x9F becomes the C1 control of the
    same number (as browsers read Windows-1252; `sanitize` removes it, with the escape
    sequence it starts), any other one U+FFFD."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start:error.end]
    return "".join(chr(b) if 0x80 <= b < 0xA0 else "\ufffd" for b in bad), error.end


codecs.register_error("newsreader-c1", _c1_or_replacement)


def _decode_as(data: bytes, encoding: str) -> str:
    """`data` in `encoding`, bytes it leaves undefined read as browsers do."""
    return data.decode(encoding, "newsreader-c1")


def _decode_legacy(data: bytes) -> str | None:
    """Bytes in a single- or double-byte web encoding, as charset-normalizer ranks them.

    The guess is made with the bytes Windows-1252 leaves undefined blanked out (8-bit
    C1 controls in a Latin-1 page: CSI 0x9B is "›" there, OSC 0x9D and DCS 0x90 are
    not defined), so they cannot push a Western page to another code page; the text is
    then decoded from the bytes as they are, and its controls removed by `sanitize`.
    """
    from charset_normalizer import from_bytes  # imported lazily: only for non-UTF-8 input

    matches = list(from_bytes(data.translate(_UNDEFINED_1252),
                              cp_isolation=list(WEB_ENCODINGS)))
    if not matches:
        # Too chaotic for a guess (often: controls and escape sequences among the words).
        # Mostly ASCII is read as browsers read an unlabelled Western page; else not text.
        if len(_NON_ASCII.findall(data)) <= len(data) // 4:
            return _decode_as(data, "cp1252")
        return None
    top = min(matches, key=lambda m: (m.chaos, -m.coherence))
    tied = [m for m in matches if abs(m.chaos - top.chaos) < 0.005
            and abs(m.coherence - top.coherence) < 0.005]
    if any("cp1252" in m.could_be_from_charset for m in tied):
        return _decode_as(data, "cp1252")
    if top.encoding not in _MULTIBYTE and top.coherence < 0.05:
        # No language evidence either way (a few accented words): the Western default,
        # unless it reads as whole words of accented letters ("Ïðåçèäåíò" is Cyrillic).
        western_text = _decode_as(data, "cp1252")
        if _FOREIGN_RUN.search(western_text) is None:
            return western_text
    return _decode_as(data, top.encoding)


# ---------------------------------------------------------------- reading


def read_text(path: str) -> str:
    """Read an input file as text, gunzipping ".gz" files, within `max_file_bytes()`.

    Raises `UnreadableFile` whose message says why, in a user's words.
    """
    limit = max_file_bytes()
    try:
        with open_input(path, limit) as (handle, before):
            # A plain file is read to one byte past its size: more means it grew, or is a
            # /proc file whose size says 0 (and whose reads may go on for terabytes).
            data = _read_gzip(handle, limit) if path.lower().endswith(".gz") else (
                _read_bounded(handle, min(limit, before.st_size)))
            _check_unchanged(handle, before, data, limit, path.lower().endswith(".gz"))
    except OSError as error:
        raise UnreadableFile(open_error_reason(path, error)) from error
    if len(data) > limit:
        raise UnreadableFile(_too_large("grew past the limit while being read", limit))
    if not data.strip():
        raise UnreadableFile("empty file" if not data else "empty file (only blank space)")
    kind = sniff(data)
    if kind is not None:
        raise UnreadableFile(f"not a text file (looks like {kind})")
    text = decode(data)
    if text is None:
        raise UnreadableFile("not a text file (no known text encoding fits)")
    return text


#: How a file that is not a plain file on a disk is opened: never waiting for a writer
#: (a FIFO), never taking a terminal as the controlling one.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | (
    getattr(os, "O_CLOEXEC", 0))
_CHANGED = "changed while being read (it is read again at the next index)"
_PSEUDO = "not an ordinary file (its size is 0 but it has content, like a /proc or /sys file)"


@contextmanager
def open_input(path: str, limit: int | None = None) -> Iterator[tuple[BinaryIO, os.stat_result]]:
    """Open an input file for reading: its handle and the status of the opened file.

    What is checked is the file opened, not the name: a file replaced by a FIFO, a
    device or a folder after it was found is refused, never waited on (the open does
    not block, and `fstat` of the descriptor must say "regular file"). A file larger
    than `limit` (default `max_file_bytes()`) is refused before a byte of it is read,
    whatever its blocks on disk (a sparse file). Raises `UnreadableFile` (why, in a
    user's words) or `OSError`.
    """
    limit = max_file_bytes() if limit is None else limit
    _check_status(os.stat(path), limit)  # a device is not even opened (a tape, a watchdog)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        if error.errno == errno.ENXIO:  # a socket (or a FIFO's peer gone)
            raise UnreadableFile(_NOT_REGULAR) from error
        raise
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        _check_status(info, limit)
        yield handle, info


def input_digest(path: str) -> tuple[str, os.stat_result]:
    """sha256 (hex) of an input file's bytes and the status of the file read, reading
    at most `max_file_bytes()` of it. Raises `UnreadableFile` (a FIFO, a device, a file
    over the limit, a /proc file whose reads never end) or `OSError`."""
    limit = max_file_bytes()
    digest = hashlib.sha256()
    total = 0
    with open_input(path, limit) as (handle, info):
        while total <= limit:
            chunk = handle.read(min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            digest.update(chunk)
            total += len(chunk)
    if info.st_size == 0 and total:
        raise UnreadableFile(_PSEUDO)
    if total > limit:
        raise UnreadableFile(_too_large("grew past the limit while being read", limit))
    return digest.hexdigest(), info


def _check_status(info: os.stat_result, limit: int) -> None:
    """Raise `UnreadableFile` unless `info` is a regular file of at most `limit` bytes."""
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(_NOT_REGULAR)  # a pipe could block forever on read
    if info.st_size > limit:
        raise UnreadableFile(_too_large(_size(info.st_size), limit))


def _check_unchanged(handle: BinaryIO, before: os.stat_result, data: bytes, limit: int,
                     unzipped: bool) -> None:
    """Raise `UnreadableFile` when the file was truncated, grown or rewritten while it was
    read (its bytes would be a mix), or when it is a pseudo-file whose size says 0."""
    after = os.fstat(handle.fileno())
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        raise UnreadableFile(_CHANGED)
    if not unzipped and len(data) != before.st_size and len(data) <= limit:
        raise UnreadableFile(_PSEUDO if before.st_size == 0 else _CHANGED)


def _read_bounded(handle: BinaryIO, limit: int) -> bytes:
    """At most `limit` + 1 bytes, read a chunk at a time (memory: what is read, not the
    limit)."""
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = handle.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _read_gzip(handle: BinaryIO, limit: int) -> bytes:
    """At most `limit` + 1 decompressed bytes; never more in memory, whatever the ratio."""
    try:
        with gzip.GzipFile(fileobj=handle, mode="rb") as unzipped:
            data = _read_bounded(unzipped, limit)  # type: ignore[arg-type]
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise UnreadableFile(f"not a readable gzip file ({error})") from error
    if len(data) > limit:
        raise UnreadableFile(_too_large("over the limit when decompressed", limit))
    return data


def _too_large(what: str, limit: int) -> str:
    return (f"too large ({what}; the limit is {_size(limit)}, "
            f"set {MAX_FILE_ENV} to change it)")


def _size(size: int) -> str:
    """A size for a message: "200 MB", "1,500 MB", "0.5 MB", "512 bytes"."""
    value = size / (1024 * 1024)
    if value >= 10:
        return f"{value:,.0f} MB"
    return f"{value:.2g} MB" if size >= 10 * 1024 else f"{size:,} bytes"


def open_error_reason(path: str, error: OSError) -> str:
    """Why the input file `path` could not be opened or read, in a user's words."""
    if isinstance(error, FileNotFoundError):
        if os.path.islink(path):
            return "broken symbolic link"
        return "file vanished (deleted or moved after it was found)"
    return _os_reason(error)


def _os_reason(error: OSError) -> str:
    """An OS error in a user's words."""
    if isinstance(error, PermissionError):
        return "permission denied"
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(error, IsADirectoryError):
        return "is a folder, not a file"
    return f"cannot read: {(error.strerror or str(error)).lower()}"
