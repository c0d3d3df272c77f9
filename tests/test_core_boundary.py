"""The core never imports Textual: checked in a fresh interpreter for every core module."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import tui_reader

CORE_MODULES = sorted(
    f"tui_reader.{info.name}"
    for info in pkgutil.iter_modules(tui_reader.__path__)
    if info.name not in {"ui", "__main__"}
)


def test_core_modules_are_found() -> None:
    assert {"tui_reader.cleaning", "tui_reader.entities", "tui_reader.search"} <= set(CORE_MODULES)


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = (
        "import sys, importlib\n"
        f"importlib.import_module({module!r})\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{module} imported {result.stdout.strip()}"


def test_every_core_module_is_under_the_import_contracts() -> None:
    """A new core module must be named in pyproject's import contracts (lint-imports checks
    only the modules listed), both the forbidden ones and the layers; a new module of a
    package with layers of its own (`storage`), in those."""
    import importlib
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(tui_reader.__file__).parent.parent / "pyproject.toml")
                           .read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    core = {m for m in CORE_MODULES if m != "tui_reader.data"}
    for contract in contracts:
        if contract["type"] == "forbidden":
            assert core <= set(contract["source_modules"]), contract["name"]
        else:
            layered = {m.strip() for layer in contract["layers"] for m in layer.split("|")}
            for container in contract.get("containers", []):
                package = importlib.import_module(container)
                modules = {info.name for info in pkgutil.iter_modules(package.__path__)}
                assert modules <= layered, contract["name"]
            if "containers" not in contract:
                assert core <= layered, contract["name"]
