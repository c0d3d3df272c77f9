"""Helpers the Pilot tests share: the seeds app, waiting for it, reading its screen."""

from __future__ import annotations

import time
from pathlib import Path

from textual.pilot import Pilot
from textual.strip import Strip
from textual.worker import WorkerCancelled, WorkerFailed

from tui_reader.resources import seeds_dir
from tui_reader.ui.app import NewsReaderApp
from tui_reader.ui.export_prompt import GRACE, ExportPrompt


def seeds_app() -> NewsReaderApp:
    """The app on the bundled seeds."""
    return NewsReaderApp([str(seeds_dir())])


async def settle(app: NewsReaderApp, pilot: Pilot[None], *, failures_ok: bool = False
                 ) -> None:
    """Wait until the corpus is loaded and the list (and reader) show the newest result.
    A failed worker fails the test unless `failures_ok` (the app reports it and goes on)."""
    deadline = time.monotonic() + 10
    main = app.main_screen
    while not main.loaded or main.search_pending or main.reader_pending:
        assert time.monotonic() < deadline, "the app never finished loading or searching"
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:  # superseded by newer work (a new search, say): wait again
            pass
        except WorkerFailed:
            if not failures_ok:
                raise
        await pilot.pause()
    await pilot.pause()


def notices(app: NewsReaderApp) -> str:
    """Every notice the app has posted, one a line (recorded by conftest's
    `recorded_notices`, shown or not)."""
    return "\n".join(getattr(app, "posted_notices", []))


def screen_strips(app: NewsReaderApp) -> list[Strip]:
    """The terminal's rows as drawn, characters and styles. The one private Textual API the
    tests use: there is no public way to read the screen (`App.export_screenshot` gives SVG,
    drawn by the same compositor; `Screen.get_style_at` gives a cell's style, not its text)."""
    return app.screen._compositor.render_strips()


def screen_text(app: NewsReaderApp) -> str:
    """The characters on the terminal, one line per row, as a user reads them."""
    return "\n".join(strip.text for strip in screen_strips(app))


async def type_filter(app: NewsReaderApp, pilot: Pilot[None], text: str) -> None:
    """Type `text` into the filter (after "/") and wait for the list to show its result."""
    await pilot.press("slash", *text)
    await settle(app, pilot)


async def export_with(app: NewsReaderApp, pilot: Pilot[None], query: str, key: str) -> Path:
    """Filter on `query`, press the export `key` from the list, answer "y" to its question
    (after a pause: a "y" typed at once counts as typing), wait for the file; return its
    path (the app also shows it)."""
    await settle(app, pilot)
    await type_filter(app, pilot, query)
    app.main_screen.exported = None
    await pilot.press("enter", key)
    assert isinstance(app.screen, ExportPrompt), "the export did not ask first"
    await pilot.pause(GRACE + 0.05)
    await pilot.press("y")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.main_screen.exported is not None, "nothing was exported"
    return Path(app.main_screen.exported)
