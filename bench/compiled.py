"""Run a benchmark on the sources, then on the modules compiled as a wheel carries them.

Usage: python bench/compiled.py BENCH_SCRIPT [ARGS ...]
  e.g. python bench/compiled.py bench/cleaning.py ../shared/pages-train --kinds dumps

The modules of hatch_build.py's COMPILED are compiled with mypyc into a temporary copy of
the package, which the benchmark then imports (NEWSREADER_BENCH_PACKAGE). Both outputs are
printed, then each rate the two print in the same place ("... pages/s", "tokens/s",
"articles/s") side by side with its ratio: a speed-up measured in one run, on the same
machine load.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_RATE = re.compile(r"([\d,]+(?:\.\d+)?)\s*([a-z]+/s)\b")


def _rates(output: str) -> list[tuple[float, str]]:
    return [(float(m[1].replace(",", "")), m[2]) for m in _RATE.finditer(output)]


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    command = [sys.executable, *sys.argv[1:]]
    with tempfile.TemporaryDirectory(prefix="newsreader-compiled-") as tmp:
        hook.compile_modules(ROOT, Path(tmp))
        outputs = []
        for label, package in (("sources", str(ROOT)), ("compiled by mypyc", tmp)):
            env = {**os.environ, "NEWSREADER_BENCH_PACKAGE": package}
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
            print(f"#### {label}\n{done.stdout}")
            outputs.append(done.stdout)
    pairs = list(zip(_rates(outputs[0]), _rates(outputs[1]), strict=False))
    print("#### speed-up, compiled over sources, in this run")
    for (before, unit), (after, _) in pairs:
        print(f"{after / before:5.2f}x  {before:,.1f} -> {after:,.1f} {unit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
