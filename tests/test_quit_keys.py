"""Keys typed while the app quits (issue #14): "q" then "r" within 80 ms never raise."""

from __future__ import annotations

import asyncio
import time

import pytest
from apphelp import seeds_app, settle
from test_app_faults import WIDE, burst, wait_until

from tui_reader.marks import MarkWriter
from tui_reader.ui.settings import save_theme_choice


async def _quit_then_type(before: str, delay: float, *, loaded: bool) -> int | None:
    """Start the app (let it load when `loaded`), type `before`, "q" and, `delay` s later,
    "r" five times; the exit status (the test fails on any exception the app raised).

    Fault injection: the app's start-up work for after its first refresh (saving the
    theme the user picks) is queued again just before the keys, as it is when "q" comes
    before that refresh."""
    app = seeds_app()
    async with app.run_test(size=WIDE) as pilot:
        if loaded:
            await settle(app, pilot)
        app.call_after_refresh(save_theme_choice, app)
        burst(app, *before, "q")
        await asyncio.sleep(delay)
        for _ in range(5):
            burst(app, "r")
            await asyncio.sleep(0.01)
        await wait_until(pilot, lambda: app.return_code is not None, "the app quit")
    return app.return_code


@pytest.mark.parametrize(("before", "delay"), [("", 0), ("", 0.05), ("s", 0.01), ("f", 0)])
async def test_quit_typed_as_the_app_starts_then_more_keys(before: str, delay: float) -> None:
    """"q" before the app has finished starting (its first refresh, the corpus loading)
    used to stop it under its own start-up callbacks (SignalError: "Node must be running
    to subscribe to a signal"), and an "r" after it to open the related-articles screen
    as the app closed (NoMatches: "No nodes match 'OptionList' on RelatedScreen()")."""
    for _ in range(4):  # a race: before the fix, about one run in three raised
        assert await _quit_then_type(before, delay, loaded=False) == 0


@pytest.mark.parametrize("delay", [0, 0.02, 0.08])
async def test_keys_after_quit_with_a_mark_being_written(
        delay: float, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fault injection: writing the marks on quitting takes 0.3 s (a busy disk); the keys
    typed meanwhile are dropped, not run against screens being taken down."""
    real_flush = MarkWriter.flush

    def slow_flush(self: MarkWriter, timeout: float) -> object:
        time.sleep(0.3)
        return real_flush(self, timeout)

    monkeypatch.setattr(MarkWriter, "flush", slow_flush)
    assert await _quit_then_type("s", delay, loaded=True) == 0
