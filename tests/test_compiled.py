"""The mypyc-compiled modules that wheels carry (hatch_build.py) give exactly what the
sources give.

The modules are compiled into a temporary copy of the package, as a wheel build does. Then
`newsreader export` runs twice on the seeds and on real page dumps of many sites and
languages: once importing the compiled copy, once the sources, each with a cache of its
own. Every article must come out the same, field by field: title, source, date, body,
entities and countries.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
#: Real dumps when ../shared is there: pages-dev and every other page of pages-train.
REAL_DUMPS = [*sorted((SHARED / "pages-dev").glob("*.txt")),
              *sorted((SHARED / "pages-train" / "dumps").glob("*.txt"))[::2]]

WHICH = ("import sys, importlib; print('\\n'.join(importlib.import_module('tui_reader.' + m)"
         ".__file__ for m in sys.argv[1:]))")


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HOOK = _hook()


def _run(pythonpath: Path, tmp: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    done = subprocess.run([sys.executable, *args], cwd=tmp, env=env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _export(pythonpath: Path, files: list[Path], tmp: Path) -> list[dict[str, Any]]:
    cache = tmp / f"cache-{pythonpath.name}.sqlite"
    out = _run(pythonpath, tmp, "-m", "tui_reader", "export", "--cache", str(cache),
               "--workers", "1", *map(str, files))
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("compiled")
    try:
        HOOK.compile_modules(ROOT, out)
    except subprocess.CalledProcessError as exc:
        pytest.fail(f"mypyc could not compile:\n{(exc.stderr or exc.stdout or '')[-3000:]}")
    return out


def test_the_compiled_modules_are_the_ones_imported(compiled: Path, tmp_path: Path) -> None:
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    fast = _run(compiled, tmp_path, "-c", WHICH, *HOOK.COMPILED).split()
    assert [Path(f).name for f in fast] == [f"{m}{suffix}" for m in HOOK.COMPILED]
    pure = _run(ROOT, tmp_path, "-c", WHICH, *HOOK.COMPILED).split()
    assert [Path(f).name for f in pure] == [f"{m}.py" for m in HOOK.COMPILED]


def test_compiled_export_is_the_same(compiled: Path, tmp_path: Path) -> None:
    files = sorted((ROOT / "seeds").glob("*.txt")) + REAL_DUMPS
    fast = _export(compiled, files, tmp_path)
    pure = _export(ROOT, files, tmp_path)
    assert len(fast) >= len(files) // 2  # most pages hold an article
    assert [r["entities"] for r in fast] == [r["entities"] for r in pure]
    assert fast == pure
