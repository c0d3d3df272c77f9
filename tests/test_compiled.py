"""The mypyc-compiled cleaner that wheels carry (hatch_build.py) cleans every page exactly as
the sources do.

The cleaner is compiled into a temporary copy of the package, as a wheel build does; a
fresh interpreter then cleans the seeds and real page dumps with it, and another with the
sources, and the articles must be the same, field by field.
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

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
#: Real dumps of many sites and languages when ../shared is there (some 500 pages).
REAL_DUMPS = [*sorted((SHARED / "pages-dev").glob("*.txt")),
              *sorted((SHARED / "pages-train" / "dumps").glob("*.txt"))[::2]]

CLEAN_ALL = """
import json, sys
from pathlib import Path
import tui_reader.cleaning as cleaning
from tui_reader import cleaner_features, cleaner_model, dates
modules = {m.__name__: m.__file__ for m in (cleaning, cleaner_features, cleaner_model, dates)}
out = []
for name in sys.argv[1:]:
    text = Path(name).read_text(encoding="utf-8", errors="replace")
    out.append([[a.title, a.source, a.published, a.body] for a in cleaning.clean_page(text)])
print(json.dumps({"modules": modules, "articles": out}))
"""


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _clean(pythonpath: Path, files: list[Path], tmp: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    done = subprocess.run([sys.executable, "-c", CLEAN_ALL, *map(str, files)], cwd=tmp,
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("compiled")
    try:
        built = _hook().compile_modules(ROOT, out)
    except subprocess.CalledProcessError as exc:
        pytest.fail(f"mypyc could not compile the cleaner:\n{(exc.stderr or '')[-3000:]}")
    assert {p.name.split(".")[0] for p in built} >= set(_hook().COMPILED)
    return out


def test_compiled_cleaner_gives_the_same_articles(compiled: Path, tmp_path: Path) -> None:
    files = sorted((ROOT / "seeds").glob("*.txt")) + REAL_DUMPS
    fast = _clean(compiled, files, tmp_path)
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    modules = fast["modules"]
    assert isinstance(modules, dict)
    assert all(path.endswith(suffix) for path in modules.values()), modules
    pure = _clean(ROOT, files, tmp_path)
    assert all(path.endswith(".py") for path in pure["modules"].values())  # type: ignore[union-attr]
    assert fast["articles"] == pure["articles"]
