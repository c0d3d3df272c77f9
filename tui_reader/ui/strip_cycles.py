"""Textual's rendered lines (`Strip`) freed as soon as they are dropped, not left to the
garbage collector.

A `Strip` caches what it derives from itself (crops, divisions, ...), and two of those
caches can hold the strip itself: `divide` at its own length (`[self]`) and `crop_extend`
to its own span (`self`), which the compositor does for most lines of every frame. Each
such strip is then a reference cycle, with its segments and seven caches: nearly two
thirds of what the garbage collector found while typing in `bench/soak.py` (1,200
articles: 1.2 million objects a minute -> 0.45 million with this), many of them from the
oldest generation, whose collections they lengthened (23-106 ms -> 6-61 ms). `apply`
answers those two calls without caching: the same strips come back as from Textual's
cache, and the strip holds no reference to itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from textual.strip import Strip

if TYPE_CHECKING:
    from rich.style import Style

_divide = Strip.divide
_crop_extend = Strip.crop_extend


def _divide_uncycled(self: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
    """`Strip.divide`, but a cut at the strip's own length alone gives `[self]` uncached."""
    cuts = list(cuts)
    length = self.cell_length
    if [cut for cut in cuts if cut <= length] == [length]:
        return [self]
    return _divide(self, cuts)


def _crop_extend_uncycled(self: Strip, start: int, end: int, style: Style | None) -> Strip:
    """`Strip.crop_extend`, but the strip's own span gives `self` uncached."""
    if start <= 0 and end == self.cell_length:
        return self
    return _crop_extend(self, start, end, style)


def apply() -> None:
    """Make `Strip.divide` and `Strip.crop_extend` leave out the strip itself (once)."""
    Strip.divide = _divide_uncycled  # type: ignore[method-assign]
    Strip.crop_extend = _crop_extend_uncycled  # type: ignore[method-assign]
