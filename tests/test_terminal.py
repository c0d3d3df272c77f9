"""The app on real terminals (TERM values, in tmux), tiny sizes and a storm of resizes."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from apphelp import screen_text, settle
from textual.pilot import Pilot

from tui_reader import cli
from tui_reader.resources import seeds_dir
from tui_reader.ui.app import NewsReaderApp
from tui_reader.ui.help import HelpScreen

TERMS = ["xterm-256color", "screen", "tmux-256color", "linux"]
SEED_ROWS = 7
#: Longest wait for a real process to draw or exit (a bound on waiting, not a timing test).
WAIT_SECONDS = 60.0




async def still_answers_keys(app: NewsReaderApp, pilot: Pilot[None]) -> None:
    """Move, read, go back, open and close help, then quit: every key still works."""
    first = app.main_screen.article_list.cursor
    await pilot.press("j")
    assert app.main_screen.article_list.cursor == min(first + 1, SEED_ROWS - 1)
    await pilot.press("enter")
    assert app.focused is app.main_screen.reader
    await pilot.press("escape", "question_mark")
    assert isinstance(app.screen, HelpScreen)
    await pilot.press("escape")
    assert not isinstance(app.screen, HelpScreen)
    await pilot.press("q")
    await pilot.pause()
    assert app.return_code == 0


# ---------------------------------------------------------------- Pilot


@pytest.mark.parametrize("term", TERMS)
async def test_runs_under_each_term(term: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot ignores TERM (it has its own driver); the tmux tests below run the real one."""
    monkeypatch.setenv("TERM", term)
    app = NewsReaderApp([str(seeds_dir())])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert len(app.main_screen.visible_articles) == SEED_ROWS
        await still_answers_keys(app, pilot)


@pytest.mark.parametrize("size", [(80, 24), (40, 12), (20, 5), (1, 1)])
async def test_small_terminals_do_not_crash(size: tuple[int, int]) -> None:
    app = NewsReaderApp([str(seeds_dir())])
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert len(app.main_screen.visible_articles) == SEED_ROWS
        if size[1] >= 12:  # a whole pane on screen (two from 80 columns), none pushed off
            lst, reader = app.main_screen.article_list.region, app.main_screen.reader.region
            assert lst.height >= 3 and app.screen.region.contains_region(lst)
            if size[0] >= 80:
                assert reader.height >= 3 and not lst.overlaps(reader)
                assert app.screen.region.contains_region(reader)
            assert app.main_screen.visible_articles[0].title[:10] in screen_text(app)
        await still_answers_keys(app, pilot)




async def test_a_resize_storm_leaves_the_app_answering_keys() -> None:
    rng = random.Random(7)
    app = NewsReaderApp([str(seeds_dir())])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for step in range(120):
            await pilot.resize_terminal(rng.randint(1, 220), rng.randint(1, 70))
            if step % 10 == 0:
                await pilot.press(rng.choice(["j", "k", "enter", "escape", "G", "g"]))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("escape", "g")
        assert app.main_screen.article_list.cursor == 0
        await still_answers_keys(app, pilot)


async def test_the_skipped_list_survives_small_sizes(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "page.txt").write_text("A title here\n\nA title here\n\nSome body text "
                                       "with enough words to count as a body.\n" * 3)
    app = NewsReaderApp([str(tmp_path)])
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        await pilot.press("exclamation_mark")
        for size in [(20, 5), (1, 1), (40, 12)]:
            await pilot.resize_terminal(*size)
            await pilot.press("j", "k")
        await pilot.press("escape", "q")
        await pilot.pause()
        assert app.return_code == 0


def test_a_dumb_terminal_is_refused_before_the_app_starts(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TERM", "dumb")
    started: list[object] = []
    monkeypatch.setattr(NewsReaderApp, "run", lambda self: started.append(self))
    assert cli.main([str(seeds_dir())]) == 2
    assert not started
    err = capsys.readouterr().err
    assert "needs a terminal that supports cursor movement (TERM=dumb)" in err


# ---------------------------------------------------------------- real processes in tmux


class Tmux:
    """A private tmux server (its own socket) running one command per session."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.socket = str(folder / "tmux.sock")
        self.config = folder / "tmux.conf"
        self.config.write_text("set -g remain-on-exit on\n")  # keep what a crash printed

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", "-S", self.socket, "-f", str(self.config), *args],
                              capture_output=True, text=True, check=True).stdout

    def start(self, name: str, command: str, size: tuple[int, int]) -> None:
        self.run("new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]),
                 command)

    def screen(self, name: str) -> str:
        """The pane's text with its history, wrapped lines joined."""
        return self.run("capture-pane", "-p", "-J", "-S", "-", "-t", name)

    def wait_for(self, name: str, *texts: str) -> str:
        """The pane's text once every one of `texts` shows on it at once."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            screen = self.screen(name)
            if all(text in screen for text in texts):
                return screen
            assert time.monotonic() < deadline, f"{texts!r} never showed:\n{screen}"
            time.sleep(0.1)

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True,
                       check=False)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    server = Tmux(tmp_path)
    yield server
    server.close()


def app_command(folder: Path, term: str, status: Path) -> str:
    """A shell command running the app with `term`, its exit status written to `status`.

    LINES and COLUMNS are set wrong on purpose: exported by some shells and tools (the
    test runner's own environment had them), they must not override the real size."""
    return (f"env LINES=50 COLUMNS=200 TERM={term} {sys.executable} -m tui_reader"
            f" --cache {folder / 'c.sqlite3'} {seeds_dir()}; echo EXIT=$? > {status}")


def wait_for_file(path: Path) -> str:
    deadline = time.monotonic() + WAIT_SECONDS
    while not path.exists() or not path.read_text().strip():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.1)
    return path.read_text().strip()


@pytest.mark.parametrize(("term", "size"), [
    *[(term, (80, 24)) for term in TERMS],
    ("xterm-256color", (40, 12)),
    ("linux", (20, 5)),
])
def test_a_real_terminal_shows_the_app_and_quits_cleanly(
        tmux: Tmux, tmp_path: Path, term: str, size: tuple[int, int]) -> None:
    status = tmp_path / "status"
    tmux.start("app", app_command(tmp_path, term, status), size)
    # Loaded and drawn: the list's title and the status line, even at 20x5.
    screen = tmux.wait_for("app", "Articles", "8 articles")
    assert "Traceback" not in screen
    # No Escape: followed by "q" a terminal reads it as alt+q. Enter opens the article, the
    # first "q" goes back to the list, the second quits (typed in one burst, keys are taken
    # in order: a "q" once ran before Enter had opened the reader, and quit from the list).
    tmux.run("send-keys", "-t", "app", "j", "j", "Enter", "q", "q")
    assert wait_for_file(status) == "EXIT=0"
    assert "Traceback" not in tmux.screen("app")


def test_a_real_dumb_terminal_is_refused_with_a_message(tmux: Tmux, tmp_path: Path) -> None:
    status = tmp_path / "status"
    tmux.start("app", app_command(tmp_path, "dumb", status), (80, 24))
    assert wait_for_file(status) == "EXIT=2"
    screen = tmux.screen("app")
    assert "needs a terminal that supports cursor movement (TERM=dumb)" in screen
    assert "Traceback" not in screen
