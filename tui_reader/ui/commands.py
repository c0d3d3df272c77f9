"""Command palette entries (ctrl+p): every key's action, named with its key."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen


def binding_commands(app: App[Any], screen: Screen[object]) -> Iterable[SystemCommand]:
    """One palette command per binding active on `screen` (the focused pane's and the
    app's), titled "Description (key)", with the binding's tooltip as help."""
    seen: set[tuple[int, str]] = set()
    for active in screen.active_bindings.values():
        binding, node = active.binding, active.node
        if not binding.description or (id(node), binding.action) in seen:
            continue
        seen.add((id(node), binding.action))
        key = app.get_key_display(binding)
        yield SystemCommand(f"{binding.description} ({key})", binding.tooltip or "",
                            partial(app.run_action, binding.action, node))
