"""Where the bundled corpus and stylesheets live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """Return the folder `name`, shipped inside the wheel or beside the package in a checkout."""
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def seeds_dir() -> Path:
    """The bundled corpus that `newsreader` opens when given no path."""
    return _bundled("seeds")


def styles_dir() -> Path:
    """The folder holding the app's Textual CSS."""
    return _bundled("styles")
