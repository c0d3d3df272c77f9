"""The footer of key hints, fitted to the width: whole keys or none, never a key cut
mid-word.

Textual's `Footer` lays its keys out in a row and lets the last ones run under the
command-palette key at the right. Here, below `COMPACT_BELOW` columns the keys lose their
padding, and the keys that still do not fit are hidden from the end (the help screen,
`?`, lists them all).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Narrower than this, the footer is compact (no padding around keys).
COMPACT_BELOW = 110


class FittedFooter(Footer):
    """A `Footer` that shows only the keys that fit whole."""

    def on_resize(self, event: events.Resize) -> None:
        """Compact or not for the new width, then fit the keys."""
        self.compact = event.size.width < COMPACT_BELOW
        self.call_after_refresh(self.fit_keys)

    async def recompose(self) -> None:
        """Lay the keys out again (the bindings changed), then fit them."""
        await super().recompose()
        self._forget_removed_keys()
        self.call_after_refresh(self.fit_keys)

    def _forget_removed_keys(self) -> None:
        """Drop the removed keys from this footer's watchers.

        Each `FooterKey` is data-bound to `Footer.compact`, which adds a watcher on the
        footer; Textual clears the watchers of removed keys only when `compact` changes. As
        the footer is rebuilt on every change of bindings, the removed keys (and all they
        refer to) stayed alive: about 800 a minute of typing, and growing GC pauses.
        """
        watchers: dict[str, list[tuple[object, object]]] = getattr(self, "__watchers", {})
        for bound in watchers.values():
            bound[:] = [(node, callback) for node, callback in bound
                        if not isinstance(node, FooterKey) or node.is_attached]

    def fit_keys(self) -> None:
        """Hide the keys, from the end, that would run under the palette key or off the
        screen; show the others."""
        if not self.is_attached:
            return
        width = self.size.width
        keys = [k for k in self.query(FooterKey) if "-command-palette" not in k.classes]
        palette = [k for k in self.query(FooterKey) if "-command-palette" in k.classes]
        room = width - sum(k.outer_size.width + 1 for k in palette)
        used = 0
        for key in keys:
            used += self._width(key) + (1 if self.compact else 0)
            key.display = used <= room

    @staticmethod
    def _width(key: FooterKey) -> int:
        """Cells `key` takes (its text with its padding)."""
        return cell_len(key.render().plain)
