"""Screen snapshots (pytest-textual-snapshot): what a user sees, compared as SVG.

After an intended change of the screen, review and refresh them with
`pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from tui_reader.resources import seeds_dir
from tui_reader.ui.app import NewsReaderApp

SnapCompare = Callable[..., bool]


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the seeds are listed, the filter applied and the panes filled."""
    app = pilot.app
    assert isinstance(app, NewsReaderApp)
    deadline = time.monotonic() + 10
    main = app.main_screen
    while not main.loaded or main.search_pending or main.reader_pending or (
            main.facets_panel.display and main.facets_panel.option_count == 0):
        assert time.monotonic() < deadline, "the app never settled"
        await workers_done(app)
        await pilot.pause()
    await workers_done(app)
    await pilot.pause()


async def workers_done(app: NewsReaderApp) -> None:
    """Wait for the app's workers; one cancelled on the way (superseded) is no failure."""
    with contextlib.suppress(WorkerCancelled):
        await app.workers.wait_for_complete()


def after(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run


def seeds() -> NewsReaderApp:
    return NewsReaderApp([str(seeds_dir())])


def test_main_screen_80x24(snap_compare: SnapCompare) -> None:
    assert snap_compare(seeds(), terminal_size=(80, 24), run_before=after())


def test_main_screen_160x45(snap_compare: SnapCompare) -> None:
    assert snap_compare(seeds(), terminal_size=(160, 45), run_before=after())


def test_help_screen(snap_compare: SnapCompare) -> None:
    assert snap_compare(seeds(), terminal_size=(100, 30), run_before=after("question_mark"))


def test_filtered_view_with_facets(snap_compare: SnapCompare) -> None:
    keys = ("slash", *"country:ua putin", "enter", "enter")
    assert snap_compare(seeds(), terminal_size=(160, 45), run_before=after(*keys))


def test_main_screen_120x40(snap_compare: SnapCompare) -> None:
    assert snap_compare(seeds(), terminal_size=(120, 40), run_before=after())


def test_light_theme_reading_120x40(snap_compare: SnapCompare) -> None:
    """Entity colours fitted to a light background (issue #16)."""
    app = NewsReaderApp([str(seeds_dir())], theme="textual-light")
    assert snap_compare(app, terminal_size=(120, 40), run_before=after("enter"))


def test_facets_in_place_of_the_list_80x24(snap_compare: SnapCompare) -> None:
    assert snap_compare(seeds(), terminal_size=(80, 24), run_before=after("f"))
