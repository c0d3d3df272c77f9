"""The user's settings applied to the app: config file, `--theme`, saved theme choice."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import App
from textual.binding import Binding

from ..config import Config, save_theme
from .highlight import set_entity_colours


def binding_ids(bindings: Iterable[object]) -> set[str]:
    """The ids of the `Binding`s among `bindings`."""
    return {b.id for b in bindings if isinstance(b, Binding) and b.id}


def apply_config(app: App[Any], config: Config, theme: str | None,
                 known_ids: set[str]) -> list[str]:
    """Apply `config` (and the `--theme` value, which wins) to `app`; return messages
    about settings that could not be used. Nothing here raises on bad settings."""
    problems: list[str] = []
    keys = {k: v for k, v in config.keys.items() if k in known_ids}
    for unknown in sorted(set(config.keys) - known_ids):
        problems.append(f"config: no key binding has the id {unknown!r} — ignored"
                        " (the help screen lists the ids)")
    if keys:
        app.set_keymap(keys)
    set_entity_colours(config.entity_colours)
    for chosen in dict.fromkeys(t for t in (theme, config.theme) if t):  # the flag first
        if chosen in app.available_themes:
            app.theme = chosen
            break
        names = ", ".join(sorted(app.available_themes))
        problems.append(f"unknown theme {chosen!r} — ignored; themes: {names}")
    return problems


def save_theme_choice(app: App[object]) -> None:
    """From now on, write each theme the user picks to the config file."""

    def saved(_theme: object) -> None:
        error = save_theme(app.theme)
        if error:
            app.notify(error, title="Theme not saved", severity="warning", markup=False)

    app.theme_changed_signal.subscribe(app, saved)
