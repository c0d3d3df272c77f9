"""The app on a real folder of hundreds of files, on a cold cache, in a fresh interpreter.

Indexing more than one batch of files starts worker processes. Inside the running app,
`sys.stderr` is Textual's capture object, whose `fileno()` is -1; multiprocessing passed
that on and the first ingest crashed with "bad value(s) in fds_to_keep". The app must run
in its own interpreter here: a resource tracker started earlier by another test in the
same process would hide the bug.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from tui_reader import ingest
from tui_reader.resources import seeds_dir
from tui_reader.storage import Cache

#: Real page dumps beside the repository (present on developers' machines and in CI).
SHARED = Path(__file__).resolve().parents[2] / "shared"
#: Files in the folder: several ingest batches.
FILES = 200

APP_SCRIPT = textwrap.dedent("""
    import asyncio, json, sys, time
    from tui_reader.ui.app import NewsReaderApp

    async def main() -> None:
        app = NewsReaderApp([sys.argv[1]], cache_path=sys.argv[2])
        async with app.run_test(size=(100, 30)) as pilot:
            deadline = time.monotonic() + 240
            while not app.main_screen.loaded and app.is_running and time.monotonic() < deadline:
                await pilot.pause(0.2)
            await pilot.pause(0.5)
            await app.workers.wait_for_complete()
            screen = app.main_screen
            print(json.dumps({"loaded": screen.loaded, "ids": sorted(r.id for r in app.rows),
                              "matching": screen.matching_count}))

    asyncio.run(main())
""")


def _folder(target: Path) -> Path:
    """FILES page dumps: real ones from ../shared when present, else made from the seeds."""
    target.mkdir()
    real = sorted((SHARED / "pages-train" / "dumps").glob("*.txt"))
    if len(real) >= FILES:
        for path in real[:FILES]:
            shutil.copy(path, target / path.name)
        return target
    seeds = sorted(seeds_dir().glob("*.txt"))  # pragma: no cover - without ../shared
    for n in range(FILES):  # pragma: no cover
        text = seeds[n % len(seeds)].read_text(encoding="utf-8")
        (target / f"page-{n:03}.txt").write_text(f"Edition {n}\n\n{text}\nFile {n}.\n",
                                                 encoding="utf-8")
    return target


def test_a_folder_of_200_files_opens_in_the_app_on_a_cold_cache(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "pages")
    cache = tmp_path / "app.sqlite3"
    run = subprocess.run([sys.executable, "-c", APP_SCRIPT, str(folder), str(cache)],
                         capture_output=True, text=True, timeout=600, check=False)
    assert "Traceback" not in run.stderr + run.stdout, run.stderr[-3000:]
    assert run.returncode == 0, run.stderr[-3000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["loaded"], "the app never finished indexing"
    # Every article the indexer finds (inline, in this process) is listed by the app.
    with Cache.open(str(tmp_path / "expected.sqlite3")) as expected:
        ingest.sync(expected, [str(folder)], workers=0)
        wanted = sorted(row.id for row in expected.rows())
    assert len(wanted) >= FILES // 2
    assert seen["ids"] == wanted
    assert seen["matching"] == len(wanted)
