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
from textual._styles_cache import StylesCache
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Narrower than this, the footer is compact (no padding around keys).
COMPACT_BELOW = 110


#: What a footer shows: each key's (key, display, description, action, enabled, tooltip,
#: group) and the command-palette key's.
Shown = tuple[object, ...]


def _forget_rendered_lines() -> None:
    """Let the removed keys' rendered lines go.

    Textual caches `StylesCache.get_inner_outer` with `lru_cache` on the method, so the
    cache keeps each widget's `StylesCache` (and the lines it holds) alive until 1,024
    newer ones push it out: removed footer keys made up a third of the objects each full
    garbage collection went through. Clearing it costs one small computation a widget
    on its next paint.
    """
    cache_clear = getattr(getattr(StylesCache, "get_inner_outer", None), "cache_clear", None)
    if cache_clear is not None:
        cache_clear()


class FittedFooter(Footer):
    """A `Footer` that shows only the keys that fit whole, rebuilt only when they change."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: Shown | None = None

    def on_resize(self, event: events.Resize) -> None:
        """Compact or not for the new width, then fit the keys."""
        self.compact = event.size.width < COMPACT_BELOW
        self.call_after_refresh(self.fit_keys)

    async def recompose(self) -> None:
        """Lay the keys out again when the keys on offer changed, then fit them.

        Textual asks for a rebuild on every change of focus and every `refresh_bindings`
        (each move, each filter), and a rebuild makes a dozen widgets, their styles and
        rendered lines: hundreds of thousands of objects a minute of typing for the
        garbage collector, and Textual keeps each widget's rendered lines in a cache
        of 1,024 widgets (`StylesCache.get_inner_outer`). Most rebuilds would show the same
        keys, so those are skipped.
        """
        shown = self._keys_shown()
        if shown == self._shown and self.is_attached:
            return
        self._shown = shown
        await super().recompose()
        self._forget_removed_keys()
        _forget_rendered_lines()
        self.call_after_refresh(self.fit_keys)

    def _keys_shown(self) -> Shown:
        """What `compose` would lay out now (all it reads of the bindings)."""
        if not self._bindings_ready or not self.is_attached:
            return ()
        app = self.app
        shown: list[object] = [self.show_command_palette and app.ENABLE_COMMAND_PALETTE,
                               self.combine_groups]
        for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items():
            if binding.show or key == app.COMMAND_PALETTE_BINDING:
                shown.append((binding.key, app.get_key_display(binding), binding.description,
                              binding.action, enabled, tooltip, binding.tooltip,
                              binding.group))
        return tuple(shown)

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
