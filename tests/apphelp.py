"""Helpers the Pilot tests share: the seeds app, waiting for it, reading its screen."""

from __future__ import annotations

import time
from pathlib import Path

from textual.pilot import Pilot

from tui_reader.resources import seeds_dir
from tui_reader.ui.app import NewsReaderApp


def seeds_app() -> NewsReaderApp:
    """The app on the bundled seeds."""
    return NewsReaderApp([str(seeds_dir())])


async def settle(app: NewsReaderApp, pilot: Pilot[None]) -> None:
    """Wait until the corpus is loaded and the list (and reader) show the newest result."""
    deadline = time.monotonic() + 10
    while not app.loaded or app.search_pending or app.reader_pending:
        assert time.monotonic() < deadline, "the app never finished loading or searching"
        await app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.pause()


def screen_text(app: NewsReaderApp) -> str:
    """The characters on the terminal, one line per row, as a user reads them."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def type_filter(app: NewsReaderApp, pilot: Pilot[None], text: str) -> None:
    """Type `text` into the filter (after "/") and wait for the list to show its result."""
    await pilot.press("slash", *text)
    await settle(app, pilot)


async def export_with(app: NewsReaderApp, pilot: Pilot[None], query: str, key: str) -> Path:
    """Filter on `query`, press the export `key` from the list, wait for the file; return
    its path (the app also shows it)."""
    await settle(app, pilot)
    await type_filter(app, pilot, query)
    await pilot.press("enter", key)
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.exported is not None, "nothing was exported"
    return Path(app.exported)
