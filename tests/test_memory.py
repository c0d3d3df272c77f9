"""Memory a user would see grow over a working day, and garbage-collection pauses
(issue #17: a leak of footer keys, garbage piling up in the oldest generation)."""

from __future__ import annotations

import gc
import weakref
from collections import Counter
from collections.abc import Callable

from apphelp import seeds_app, settle
from rich.segment import Segment
from rich.style import Style
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets._footer import FooterKey

from tui_reader import countries
from tui_reader.ui import strip_cycles
from tui_reader.ui.app import NewsReaderApp
from tui_reader.ui.footer import FittedFooter


def footer_keys_alive() -> int:
    gc.collect()
    return sum(isinstance(o, FooterKey) for o in gc.get_objects())


async def test_footer_keys_do_not_pile_up_while_the_bindings_change() -> None:
    """The footer is rebuilt whenever the keys on offer change (each move, each filter);
    the keys it drops must go, not stay bound to the footer."""
    app = seeds_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("j")
        await pilot.pause()
        before = footer_keys_alive()
        for step in range(20):
            await pilot.press("j" if step % 2 else "k")
            app.refresh_bindings()
            await pilot.pause()
        assert footer_keys_alive() <= 2 * before  # not 20 footers' worth


async def warmed(app: NewsReaderApp, pilot: Pilot[None]) -> None:
    """Wait until the list is loaded and the filter's indexes are built (the garbage
    collector is tuned then)."""
    await settle(app, pilot)
    while not app.main_screen.filter_ready:
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()


async def test_the_footer_is_rebuilt_only_when_its_keys_change() -> None:
    """Textual asks the footer for a rebuild on every move and focus change; with the
    same keys on offer it keeps its key widgets (a dozen widgets a rebuild, hundreds of
    thousands of objects a minute for the garbage collector)."""
    app = seeds_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await warmed(app, pilot)
        footer = app.query_one(FittedFooter)
        keys = list(footer.query(FooterKey))
        for step in range(10):
            await pilot.press("j" if step % 2 else "k")
            app.refresh_bindings()
            await pilot.pause()
        assert list(footer.query(FooterKey)) == keys
        assert "focus_filter" in [key.action for key in keys]
        # A change of keys on offer still rebuilds it: "/" is not offered while typing.
        await pilot.press("slash")
        await pilot.pause()
        await pilot.pause()
        assert "focus_filter" not in [key.action for key in footer.query(FooterKey)]


async def test_removed_footer_keys_let_their_rendered_lines_go() -> None:
    """Textual's `lru_cache` on `StylesCache.get_inner_outer` kept the styles cache (and
    rendered lines) of the last 1,024 widgets alive, removed footer keys included."""
    app = seeds_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await warmed(app, pilot)
        footer = app.query_one(FittedFooter)
        # Keys made after the freeze of the long-lived objects (the first ones stay).
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        caches = [weakref.ref(key._styles_cache) for key in footer.query(FooterKey)]
        assert caches
        await pilot.press("slash")  # the keys on offer change: the footer is rebuilt
        await pilot.pause()
        await pilot.pause()
        gc.collect()
        assert [ref() for ref in caches if ref() is not None] == []


async def test_country_tables_are_built_before_the_first_country_query() -> None:
    """The first `country:` typed used to build the country tables (0.3 s) on the UI
    thread, after the freeze of the long-lived objects: they are built while warming."""
    for table in (countries._display_names, countries._tables, countries._spelled_keys,
                  countries._name_words):
        table.cache_clear()
    app = seeds_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await warmed(app, pilot)
        assert countries._tables.cache_info().currsize == 1
        assert countries._name_words.cache_info().currsize == 1
        assert countries._spelled_keys.cache_info().currsize == 1


async def test_the_oldest_generation_is_collected_while_typing() -> None:
    """Typing makes thousands of objects in reference cycles a keystroke (Textual's
    rendered lines); those that outlive the young generations must be collected from
    the oldest one while the app runs. The tuning once the indexes were built collected
    it about once in 15 minutes: the garbage piled up (RSS +11-17 MB a minute) and each
    middle-generation collection took 170-300 ms."""
    thresholds = gc.get_threshold()
    generations: list[int] = []

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "stop":
            generations.append(info["generation"])

    app = seeds_app()
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await warmed(app, pilot)
            gc.callbacks.append(collected)
            for word in ("ukraine", "summit", "minister", "talks", "election", "kremlin",
                         "nato", "country:fr"):
                await pilot.press("slash", *word, "enter", "j", "j", "k", "escape")
                await pilot.pause()
            gc.callbacks.remove(collected)
    finally:
        if collected in gc.callbacks:
            gc.callbacks.remove(collected)
        gc.set_threshold(*thresholds)
    assert 2 in generations, f"collections by generation: {Counter(generations)}"


def strips_left_to_the_collector(make: Callable[[Strip], object]) -> list[Strip]:
    """The strips only the garbage collector could free after `make(strip)` and `del`."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        strip = Strip([Segment("Kyiv talks"), Segment(" resume", Style(bold=True))])
        make(strip)
        del strip
        gc.collect()
        return [o for o in gc.garbage if isinstance(o, Strip)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_a_strip_divided_or_cropped_to_itself_is_freed_when_dropped() -> None:
    """Textual's `Strip` cached itself when divided at its own length or crop-extended
    to its own span (the compositor does both for most lines of every frame): each line
    was a reference cycle left to the garbage collector."""
    strip_cycles.apply()
    assert strips_left_to_the_collector(lambda s: s.divide([s.cell_length])) == []
    assert strips_left_to_the_collector(lambda s: s.crop_extend(0, s.cell_length, None)) == []
    assert strips_left_to_the_collector(lambda s: s.crop_extend(-2, s.cell_length, None)) == []


def test_strips_divide_and_crop_extend_as_textual_does() -> None:
    """The same strips as Textual's own methods give, for every cut and span."""
    strip_cycles.apply()
    segments = [Segment("Kyiv talks"), Segment(" resume", Style(bold=True)), Segment("!")]
    strip = Strip(segments)
    length = strip.cell_length
    assert strip.divide([length]) == [strip]
    assert strip.crop_extend(0, length, None) is strip
    for cuts in ([length], [4, length], [4, 10, length], [3], [length + 5], [2, length + 1]):
        ours = Strip(segments).divide(cuts)
        theirs = strip_cycles._divide(Strip(segments), cuts)
        assert [(s.text, s.cell_length) for s in ours] == [
            (s.text, s.cell_length) for s in theirs], cuts
    for start, end in ((0, length), (-1, length), (0, length + 4), (2, length), (0, 5), (3, 9)):
        ours_strip = Strip(segments).crop_extend(start, end, None)
        theirs_strip = strip_cycles._crop_extend(Strip(segments), start, end, None)
        assert list(ours_strip) == list(theirs_strip), (start, end)
        assert ours_strip.cell_length == theirs_strip.cell_length
