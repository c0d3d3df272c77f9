"""The user's settings file: a small TOML file read at start-up and written when the theme changes.

Pure core: never imports Textual. The caller checks the theme name and the binding ids
against what the app really has; this module only checks the shape of each value.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
from rich.color import Color, ColorParseError

from .article import LABELS

#: The entity kinds whose colour the config can set.
ENTITY_KINDS: tuple[str, ...] = LABELS

#: The environment variable that points newsreader at another config file.
CONFIG_ENV = "NEWSREADER_CONFIG"

_SETTINGS = ("theme", "default_query", "export_dir", "keys", "entity_colours")
#: Environment variable naming the folder exports go to (over the config's `export_dir`).
EXPORT_DIR_ENV = "NEWSREADER_EXPORT_DIR"


@dataclass(frozen=True, slots=True)
class Config:
    """The settings newsreader reads from the config file; every field has a default."""

    theme: str | None = None
    """A Textual theme name (validated by the caller), or None for the app's default."""
    keys: Mapping[str, str] = field(default_factory=dict)
    """Binding id -> comma-separated keys, e.g. {"app.star": "f", "list.down": "down,ctrl+n"}."""
    entity_colours: Mapping[str, str] = field(default_factory=dict)
    """Entity kind (one of `ENTITY_KINDS`) -> a colour rich can parse."""
    default_query: str = ""
    """The filter text the app starts with."""
    export_dir: str | None = None
    """The folder `x`/`m` exports go to (`~` allowed), or None for `export_folder`'s default."""


def export_folder(config: Config) -> Path:
    """Where the app's exports go: $NEWSREADER_EXPORT_DIR, else the config's `export_dir`,
    else the user's downloads folder, else their documents folder (as platformdirs names
    them, when it exists), else their home folder — never the current directory."""
    chosen = os.environ.get(EXPORT_DIR_ENV) or config.export_dir
    if chosen:
        return Path(chosen).expanduser()
    for folder in (platformdirs.user_downloads_path(), platformdirs.user_documents_path()):
        if folder.is_dir():
            return folder
    return Path.home()


def config_path() -> Path:
    """The config file: `$NEWSREADER_CONFIG` if set, else the platform's user config dir."""
    override = os.environ.get(CONFIG_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path("newsreader") / "config.toml"


def _display(path: Path) -> str:
    """The path as shown in messages, with the home directory written as `~`."""
    text = str(path)
    try:
        home = str(Path.home())
    except (OSError, RuntimeError):
        return text
    if home not in {"", os.sep} and (text == home or text.startswith(home + os.sep)):
        return "~" + text[len(home):]
    return text


# -- finding the line a key is written on ------------------------------------------------------

_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED_KEY = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER_RE = re.compile(rf"^\s*\[\[?\s*({_DOTTED_KEY})\s*\]\]?")
_ASSIGN_RE = re.compile(rf"^\s*({_DOTTED_KEY})\s*=")
_PART_RE = re.compile(_KEY_PART)


def _key_parts(dotted: str) -> tuple[str, ...]:
    """`keys."app.star"` -> ("keys", "app.star")."""
    parts: list[str] = []
    for raw in _PART_RE.findall(dotted):
        if raw.startswith('"'):
            try:
                parts.append(tomllib.loads(f"k = {raw}")["k"])
            except tomllib.TOMLDecodeError:
                parts.append(raw[1:-1])
        elif raw.startswith("'"):
            parts.append(raw[1:-1])
        else:
            parts.append(raw)
    return tuple(parts)


def _line_of(text: str, names: tuple[str, ...]) -> int | None:
    """The 1-based line where the key `names` (a table path) is written, or None.

    Falls back to the line of the enclosing table (e.g. an inline table) when the key
    itself cannot be found.
    """
    written: list[tuple[int, tuple[str, ...]]] = []
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER_RE.match(line)
        if header:
            table = _key_parts(header.group(1))
            written.append((number, table))
            continue
        assign = _ASSIGN_RE.match(line)
        if assign:
            written.append((number, table + _key_parts(assign.group(1))))
    for length in range(len(names), 0, -1):
        wanted = names[:length]
        for number, path in written:
            if path[:length] == wanted:
                return number
    return None


# -- loading ------------------------------------------------------------------------------------

_AT_LINE_RE = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")
_AT_END_RE = re.compile(r"\s*\(at end of document\)\s*$")


def _syntax_problem(shown: str, error: tomllib.TOMLDecodeError, text: str) -> str:
    """`config.toml line 3: Expected '=' … — using the defaults`."""
    message = str(error)
    at_line = _AT_LINE_RE.search(message)
    at_end = _AT_END_RE.search(message)
    if at_line:
        where = f" line {at_line.group(1)}"
        message = message[: at_line.start()]
    elif at_end:
        where = f" line {max(1, len(text.splitlines()))}"
        message = message[: at_end.start()] + " at the end of the file"
    else:
        where = ""
    return f"{shown}{where}: {message} — using the defaults"


def _describe(value: object) -> str:
    """A short, TOML-flavoured name for the type of a value, for messages."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    return "a date or time"


def _check_keys(value: str) -> str | None:
    """`down, ctrl+n` -> `down,ctrl+n`; None when a part is empty."""
    parts = [part.strip() for part in value.split(",")]
    if not all(parts):
        return None
    return ",".join(parts)


class _Loader:
    """Checks one parsed config, collecting the problems with line numbers."""

    def __init__(self, shown: str, text: str) -> None:
        self.shown = shown
        self.text = text
        self.found: list[tuple[int, str]] = []

    def problem(self, names: tuple[str, ...], what: str) -> None:
        line = _line_of(self.text, names)
        where = f" line {line}" if line is not None else ""
        self.found.append((line or 0, f"{self.shown}{where}: {what} — ignored"))

    @property
    def problems(self) -> list[str]:
        """The problems in the order they appear in the file."""
        return [message for _, message in sorted(self.found, key=lambda found: found[0])]

    def string(self, data: dict[str, Any], name: str, *, empty_ok: bool) -> str | None:
        value = data[name]
        if not isinstance(value, str):
            self.problem((name,), f"{name} must be a string, not {_describe(value)}")
            return None
        if not empty_ok and not value.strip():
            self.problem((name,), f"{name} must not be empty")
            return None
        return value

    def table(self, data: dict[str, Any], name: str) -> dict[str, Any]:
        value = data[name]
        if not isinstance(value, dict):
            self.problem((name,), f"{name} must be a table ([{name}]), not {_describe(value)}")
            return {}
        return value

    def keys(self, table: dict[str, Any]) -> dict[str, str]:
        keys: dict[str, str] = {}
        for binding, value in table.items():
            names = ("keys", binding)
            if not isinstance(value, str):
                what = f"must be a string of keys, not {_describe(value)}"
                self.problem(names, f"\"{binding}\" in [keys] {what}")
            elif not value.strip():
                self.problem(names, f"\"{binding}\" in [keys] must name at least one key")
            elif (checked := _check_keys(value)) is None:
                what = f"{value!r} has an empty key between commas"
                self.problem(names, f"\"{binding}\" in [keys]: {what}")
            else:
                keys[binding] = checked
        return keys

    def colours(self, table: dict[str, Any]) -> dict[str, str]:
        colours: dict[str, str] = {}
        for kind, value in table.items():
            names = ("entity_colours", kind)
            if kind not in ENTITY_KINDS:
                expected = ", ".join(ENTITY_KINDS)
                self.problem(names, f"unknown entity kind {kind!r} (expected {expected})")
            elif not isinstance(value, str):
                what = f"must be a colour string, not {_describe(value)}"
                self.problem(names, f"{kind} in [entity_colours] {what}")
            else:
                try:
                    Color.parse(value)
                except ColorParseError:
                    self.problem(
                        names,
                        f"{kind} in [entity_colours]: {value!r} is not a colour"
                        " (try a name like \"magenta\" or \"#ff8800\")",
                    )
                else:
                    colours[kind] = value.strip()
        return colours

    def config(self, data: dict[str, Any]) -> Config:
        for name in data:
            if name not in _SETTINGS:
                known = ", ".join(_SETTINGS)
                self.problem((name,), f"unknown setting {name!r} (known settings: {known})")
        theme = self.string(data, "theme", empty_ok=False) if "theme" in data else None
        query = self.string(data, "default_query", empty_ok=True) if "default_query" in data else ""
        export_dir = (self.string(data, "export_dir", empty_ok=False)
                      if "export_dir" in data else None)
        keys = self.keys(self.table(data, "keys")) if "keys" in data else {}
        colours = (
            self.colours(self.table(data, "entity_colours")) if "entity_colours" in data else {}
        )
        return Config(
            theme=theme.strip() if theme is not None else None,
            keys=keys,
            entity_colours=colours,
            default_query=query if query is not None else "",
            export_dir=export_dir.strip() if export_dir else None,
        )


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """Read the config file; never raises.

    Returns the settings and a list of human-readable problems. A missing file gives the
    defaults and no problems; an unreadable or malformed file gives the defaults and one
    problem; a bad setting is dropped (with a problem naming its line) and the rest kept.
    """
    path = config_path() if path is None else path
    shown = _display(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(), []
    except OSError as error:
        reason = error.strerror or str(error)
        return Config(), [f"{shown}: cannot be read ({reason}) — using the defaults"]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Config(), [f"{shown} line {line}: not UTF-8 text — using the defaults"]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Config(), [_syntax_problem(shown, error, text)]
    except RecursionError:
        return Config(), [f"{shown}: nested too deeply to read — using the defaults"]
    loader = _Loader(shown, text)
    return loader.config(data), loader.problems


# -- saving the theme ----------------------------------------------------------------------------

_BOM = b"\xef\xbb\xbf"
_LONE_LF = re.compile(r"(?<!\r)\n")


def _with_theme(old: bytes, name: str) -> bytes:
    """`old` with its top-level theme set to `name`, through tomlkit: the user's comments
    (the one after the theme on its line too), blank lines, quoting and order stay as written.
    A file without a theme gets one as its first line (where tomlkit would add it, after the
    last top-level item, a comment written above the first table would end up above the
    theme). Raises ValueError when `old` is not UTF-8 TOML."""
    import tomlkit  # ~40 ms to import: only saving a theme needs it

    text = old.decode("utf-8-sig")
    try:
        document = tomlkit.parse(text)
    except RecursionError as error:
        raise ValueError("nested too deeply to read") from error
    if "theme" in document:
        document["theme"] = name
        text = document.as_string()
    else:
        text = tomlkit.dumps({"theme": name}) + text
    if old.count(b"\n") and old.count(b"\n") == old.count(b"\r\n"):
        text = _LONE_LF.sub("\r\n", text)  # tomlkit ends the lines it adds with \n
    return (_BOM if old.startswith(_BOM) else b"") + text.encode()


def _theme_of(content: bytes) -> object:
    """The top-level theme `content` sets when read back as the loader reads it."""
    return tomllib.loads(content.decode("utf-8-sig")).get("theme")


def _write_atomically(path: Path, content: bytes) -> None:
    """Replace `path` with `content` in one step, keeping the old file's permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def save_theme(name: str, path: Path | None = None) -> str | None:
    """Write `theme = "<name>"` into the config file, keeping everything else as it is.

    Creates the file and its directory if missing. Returns None on success, or a message
    saying why the file could not be written (never raises).
    """
    path = config_path() if path is None else path
    shown = _display(path)
    # Write through a symlink (a dotfiles checkout, say) rather than replacing the link.
    target = Path(os.path.realpath(path))
    try:
        try:
            old = target.read_bytes()
        except FileNotFoundError:
            old = b""
        try:
            new = _with_theme(old, name)
            if _theme_of(new) != name:
                raise ValueError("the theme did not read back")
        except (ValueError, tomllib.TOMLDecodeError) as error:  # tomlkit's errors are ValueErrors
            return f"{shown}: cannot be read as TOML ({error}) — the theme was not saved"
        _write_atomically(target, new)
    except OSError as error:
        reason = error.strerror or str(error)
        return f"{shown}: could not save the theme ({reason})"
    return None


# -- the example ---------------------------------------------------------------------------------

_EXAMPLE = '''\
# newsreader settings. Every setting is optional: delete a line to get the default back.
# Problems in this file are reported when newsreader starts; the rest of the file still applies.

# The colour theme (a Textual theme name). Changing the theme in the app saves it here.
theme = "nord"

# The filter the app starts with, written just as you would type it in the filter bar.
default_query = "country:ua"

# Where x and m write their exports (default: your downloads folder, else documents, else home).
export_dir = "~/news-exports"

# Key bindings: binding id = keys, several keys separated by commas (Textual key names,
# e.g. "ctrl+n", "pagedown", "question_mark").
[keys]
"app.star" = "f"
"list.down" = "down,j,ctrl+n"
"list.up" = "up,k,ctrl+p"

# Highlight colours for the entity kinds PERSON, COUNTRY, PLACE and ORG:
# a colour name ("magenta"), "#rrggbb", "rgb(r,g,b)" or "color(0-255)". Colours only, no styles.
[entity_colours]
PERSON = "#ff8800"
COUNTRY = "magenta"
PLACE = "green"
ORG = "rgb(95,135,255)"
'''


def example_config() -> str:
    """A commented example config file showing every setting."""
    return _EXAMPLE
