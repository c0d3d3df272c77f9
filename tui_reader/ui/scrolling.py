"""Scrolling that keeps up with key repeat."""

from __future__ import annotations

from textual.widget import Widget


def scroll_now(widget: Widget, lines: int) -> None:
    """Scroll `widget` by `lines` (negative: up) at once, not on the next frame.

    Each key of a fast burst then scrolls on from where the previous one left off.
    """
    widget.scroll_to(y=widget.scroll_y + lines, animate=False, immediate=True)
