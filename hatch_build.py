"""Build hook: the wheel carries the cleaner and the recogniser compiled by mypyc, next to
their sources.

Cleaning and entity recognition are the hot loops of opening a folder (every line of every
page, every word of every article goes through them); mypyc makes them about 1.2x and 1.7x
faster, with the same output. Python imports a compiled module before the `.py` file beside
it, so an installed wheel uses the compiled modules and an editable install (`make run`,
`make test`) the sources. When mypyc or a C compiler is missing, the wheel is built pure
Python, with a warning: slower, never broken.

`compile_modules` is also used by `bench/compiled.py` and `tests/test_compiled.py`.
Set NEWSREADER_PURE=1 to build a pure-Python wheel on purpose.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: The modules compiled: what opening a folder runs for every line and every article, the
#: cleaner and the entity recogniser.
COMPILED = (
    "cleaner_features", "cleaner_model", "cleaning", "dates", "language",
    "entity_words", "entity_text", "entity_cues", "entity_runs", "entity_spans", "entity_rules",
    "entity_document", "recognisers", "entities", "aliases",
)
PACKAGE = "tui_reader"


def compile_modules(root: Path, out: Path) -> list[Path]:
    """Compile `COMPILED` of the package under `root` into `out`, which receives a copy of
    the package's sources and the extension modules; returns the extension modules' paths
    (relative to `out`). Raises CalledProcessError with mypyc's output when it fails."""
    shutil.copytree(root / PACKAGE, out / PACKAGE,
                    ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))
    # A build environment holds mypy, not the package's dependencies: their imports are Any.
    (out / "mypy.ini").write_text("[mypy]\nignore_missing_imports = True\n", encoding="utf-8")
    # In a folder of its own, away from pyproject.toml: mypyc's setup script runs
    # setuptools, which would read (and validate) the project's metadata.
    files = [f"{PACKAGE}/{name}.py" for name in COMPILED]
    subprocess.run([sys.executable, "-m", "mypyc", *files], cwd=out, check=True,
                   capture_output=True, text=True, env=_mypyc_env())
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    built = sorted(p.relative_to(out) for p in out.rglob(f"*{suffix}")
                   if "build" not in p.relative_to(out).parts)
    if len(built) < len(COMPILED):
        raise subprocess.CalledProcessError(1, "mypyc", output="", stderr=(
            f"mypyc built {len(built)} extension modules, {len(COMPILED)} expected"))
    return built


def _mypyc_env() -> dict[str, str]:
    """The environment for mypyc's process: the folders this build imports mypy and
    setuptools from, instead of PYTHONPATH. pip's isolated build puts a sitecustomize
    module there that fails in a child process ("Error in sitecustomize: AssertionError")."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    folders = []
    for name in ("mypy", "mypyc", "mypy_extensions", "typing_extensions", "setuptools"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            origin = Path(spec.origin)
            folders.append(str(origin.parent.parent if spec.submodule_search_locations
                               else origin.parent))
    if folders:
        env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(folders))
    return env


class CompiledCleanerHook(BuildHookInterface):
    """Adds the mypyc-compiled modules to wheels (not to editable installs)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable" or os.environ.get(
                "NEWSREADER_PURE"):
            return
        out = Path(tempfile.mkdtemp(prefix="newsreader-mypyc-"))
        self._tmp = out
        try:
            built = compile_modules(Path(self.root), out)
        except (OSError, subprocess.CalledProcessError) as exc:
            detail = "\n".join(filter(None, (str(exc), getattr(exc, "stdout", None),
                                              getattr(exc, "stderr", None))))
            self.app.display_warning(
                "newsreader: the cleaner and the recogniser could not be compiled with mypyc; "
                f"building a pure-Python wheel (slower, same results).\n{detail[-2000:]}")
            return
        for path in built:
            build_data["force_include"][str(out / path)] = path.as_posix()
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        tmp = getattr(self, "_tmp", None)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
