"""Memory a user would see grow over a working day (issue #17: a leak of footer keys)."""

from __future__ import annotations

import gc

from apphelp import seeds_app, settle
from textual.widgets._footer import FooterKey


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
