"""`newsreader index` progress: rich.progress's bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui_reader import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
#: What the bar ends on for the 5 seed files and their 8 articles.
LAST = re.compile(r"5/5\b.*8 articles")


def index_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSREADER_")}
    env.update(NEWSREADER_CACHE=str(tmp_path / "cache.sqlite3"), TERM="xterm-256color",
               COLUMNS="100")
    env.pop("NO_COLOR", None)
    return env


def test_index_into_a_pipe_prints_plain_lines(tmp_path: Path) -> None:
    """A cron job's log gets one plain line a batch: no escape sequence, no carriage return."""
    result = subprocess.run(
        [sys.executable, "-m", "tui_reader", "index", "--workers", "0", str(SEEDS)],
        capture_output=True, text=True, env=index_env(tmp_path), cwd=ROOT, timeout=120,
        check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert any(LAST.search(line) for line in lines), result.stderr
    assert lines[-1].startswith("newsreader: 5 new, 0 changed")
    assert "\x1b" not in result.stderr and "\r" not in result.stderr


def test_index_on_a_terminal_draws_richs_bar_and_shows_the_cursor_again(tmp_path: Path) -> None:
    """On a terminal the bar is rich.progress's (its "━" bar, the cursor hidden while it runs)
    and it is stopped before the summary: the cursor is shown again."""
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "tui_reader", "index", "--workers", "0", str(SEEDS)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=terminal,
            env=index_env(tmp_path), cwd=ROOT)
    finally:
        os.close(terminal)
    out = b""
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if not select.select([controller], [], [], 1)[0]:
                continue
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(controller)
    assert process.wait(timeout=120) == 0
    text = out.decode()
    hidden, shown = text.index("\x1b[?25l"), text.rindex("\x1b[?25h")
    bar = re.sub(r"\x1b\[[0-9;]*m", "", text[hidden:shown])  # colours off
    assert "━" in bar and LAST.search(bar), repr(text)
    assert "newsreader: 5 new, 0 changed" in text[shown:]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("stop", [KeyboardInterrupt, OSError])
def test_the_bar_is_stopped_however_indexing_ends(stop: type[BaseException],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """ctrl+c (SIGTERM and SIGHUP are raised as KeyboardInterrupt too) or an error in the
    middle of indexing: the bar is stopped, the cursor it hid shown again."""
    monkeypatch.setenv("TERM", "xterm-256color")
    stream = _Terminal()
    with pytest.raises(stop), cli._Progress(stream) as bar:
        bar.update(64, 200, 90)
        assert "\x1b[?25l" in stream.getvalue()
        raise stop
    assert stream.getvalue().endswith("\x1b[?25h")
