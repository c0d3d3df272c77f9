"""Install the package the way a user does, then use it from outside the repository.

The wheel of this checkout is built and installed, with its dependencies from the package
index, into a fresh `python -m venv` that keeps the pip bundled with the interpreter
(`ensurepip`'s, never upgraded): on Python 3.11 that is pip 23.2, which reads extras
without normalising their names. The installed `newsreader` then runs in an empty folder
outside the checkout, so only what the wheel and its declared dependencies provide is used.

Issue #11: with pip 23.2, jusText's `lxml[html_clean]` did not match lxml 6's
`html-clean` extra, `lxml_html_clean` was never installed, `import trafilatura` raised
and `newsreader export PAGE.html` printed nothing and exited 1.

The first run downloads about 30 packages; pip's cache makes later runs take seconds.
"""

from __future__ import annotations

import ensurepip
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

from tui_reader import __version__
from tui_reader.collection import Corpus

ROOT = Path(__file__).resolve().parent.parent
#: Building the wheel and making a venv are quick; the install may download ~30 packages.
BUILD_TIMEOUT = 300
INSTALL_TIMEOUT = 900
RUN_TIMEOUT = 180

#: An article page as a news site serves it: navigation, headline, byline, related
#: stories and footer around the paragraphs a reader wants.
HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Council expands bus network to northern suburbs | Metro Herald</title>
  <meta property="og:title" content="Council expands bus network to northern suburbs">
  <meta property="og:site_name" content="Metro Herald">
  <meta property="article:published_time" content="2025-08-20T10:15:00+00:00">
</head>
<body>
  <header><nav><ul>
    <li><a href="/">Home</a></li><li><a href="/news">News</a></li>
    <li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li>
  </ul></nav></header>
  <main><article>
    <h1>Council expands bus network to northern suburbs</h1>
    <p class="byline">By Kari Nordmann</p>
    <div class="content">
      <p>The Oslo city council voted on Tuesday to expand the bus network into the northern
      suburbs, ending a debate that had lasted for more than two years.</p>
      <p>Mayor Anne Lindboe said the new routes would cut commuting times for thousands of
      workers in Norway who now depend on cars, while critics warned about the cost to the
      municipal budget.</p>
      <p>The first buses are expected to run on the new lines early next spring, officials
      said, once drivers have been hired and trained for the longer routes.</p>
      <p>The council will review the first year of service next autumn and publish the
      figures on ridership, punctuality and cost per passenger for every new line.</p>
    </div>
    <section class="related"><h2>Related Articles</h2><ul>
      <li><a href="/a">Airport adds runway</a></li><li><a href="/b">Harbour delays</a></li>
    </ul></section>
  </article></main>
  <footer><p>&copy; 2025 Metro Herald. All rights reserved.</p>
    <a href="/contact">Contact us</a> <a href="/privacy">Privacy</a></footer>
</body>
</html>
"""
HTML_TITLE = "Council expands bus network to northern suburbs"
HTML_FIRST_WORDS = "The Oslo city council voted on Tuesday to expand the bus network"

#: The page dump copied out of the checkout's seeds, and the headline it yields.
SEED_DUMP = "000_65fb6abc90372d92.txt"
SEED_TITLE = "NATO defense chiefs hold a virtual meeting on security guarantees for Ukraine"

#: Starts the app on the bundled seeds in a headless terminal and prints its stylesheet.
APP_SMOKE = """
import asyncio
from tui_reader.ui.app import NewsReaderApp
from tui_reader.resources import seeds_dir

async def main() -> None:
    app = NewsReaderApp([str(seeds_dir())])
    async with app.run_test() as pilot:
        await pilot.pause()
    print(app.CSS_PATH)

asyncio.run(main())
"""


@dataclass(frozen=True)
class Installed:
    """A fresh venv holding the built wheel, and an empty folder outside the checkout."""

    wheel: Path
    venv: Path
    workdir: Path
    env: dict[str, str]

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def newsreader(self) -> Path:
        return self.venv / "bin" / "newsreader"

    def run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        """Run a command in the empty folder, with the venv first on PATH."""
        return subprocess.run([str(a) for a in args], cwd=self.workdir, env=self.env,
                              capture_output=True, text=True, timeout=RUN_TIMEOUT,
                              check=False)


def _base_python() -> str:
    """The interpreter the dev venv was made from: its venvs get the bundled pip."""
    return getattr(sys, "_base_executable", None) or sys.executable


def _clean_env(venv: Path, home: Path) -> dict[str, str]:
    """A user's shell with the new venv activated: no dev paths, no settings, a new cache."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
           and not k.startswith("NEWSREADER_")}
    env["NEWSREADER_CACHE"] = str(home / "cache.sqlite3")
    env["NEWSREADER_CONFIG"] = str(home / "config.toml")  # absent: the defaults
    env["PATH"] = os.pathsep.join([str(venv / "bin"), env.get("PATH", "")])
    env["VIRTUAL_ENV"] = str(venv)
    env["PYTHONNOUSERSITE"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _checked(result: subprocess.CompletedProcess[str], what: str) -> str:
    assert result.returncode == 0, (
        f"{what} exited {result.returncode}\n--- stdout\n{result.stdout[-4000:]}"
        f"\n--- stderr\n{result.stderr[-4000:]}")
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the wheel, make a venv with the bundled pip and `pip install` the wheel into it."""
    base = tmp_path_factory.mktemp("install")
    dist = base / "dist"
    # `pip wheel .`, as a user builds it: in pip's isolated build environment, where the
    # build hook once failed to compile (pip's sitecustomize broke mypyc's process).
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
         "-w", str(dist), str(ROOT)],
        cwd=base, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False)
    _checked(build, "building the wheel")
    (wheel,) = dist.glob("newsreader-*.whl")

    venv = base / "venv"
    _checked(subprocess.run([_base_python(), "-m", "venv", str(venv)], capture_output=True,
                            text=True, timeout=BUILD_TIMEOUT, check=False),
             "python -m venv")
    workdir = base / "elsewhere"
    workdir.mkdir()
    assert ROOT not in workdir.resolve().parents, "the temporary folder is inside the checkout"
    env = _clean_env(venv, base)
    python = venv / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", str(wheel)], cwd=workdir,
                             env=env, capture_output=True, text=True,
                             timeout=INSTALL_TIMEOUT, check=False)
    _checked(install, f"pip install {wheel.name}")
    return Installed(wheel, venv, workdir, env)


def _jsonl(text: str) -> list[dict[str, Any]]:
    """Parse JSON Lines, failing on any line that is not one JSON object."""
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        record = json.loads(line)
        assert isinstance(record, dict), f"line {number} is not a JSON object: {line[:80]}"
        records.append(record)
    return records


def _entity_texts(record: dict[str, Any]) -> set[str]:
    return {entity["text"] for entity in record["entities"]}


def test_the_venv_keeps_the_pip_bundled_with_python(installed: Installed) -> None:
    """The install ran with `ensurepip`'s pip (23.2 on Python 3.11), as a user's would."""
    version = _checked(installed.run(installed.python, "-m", "pip", "--version"),
                       "pip --version")
    assert version.startswith(f"pip {ensurepip.version()} "), version


def test_wheel_carries_the_seeds_styles_and_data(installed: Installed) -> None:
    """Every module and data file of the package, the seeds and the stylesheet are inside."""
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
    expected = {f"tui_reader/seeds/{p.name}" for p in (ROOT / "seeds").iterdir() if p.is_file()}
    expected |= {f"tui_reader/styles/{p.name}" for p in (ROOT / "styles").iterdir()
                 if p.is_file()}
    expected |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "tui_reader").rglob("*")
                 if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert any(name.startswith("tui_reader/data/") and name.endswith(".tsv") for name in names)
    assert "tui_reader/styles/app.tcss" in names
    assert sorted(expected - names) == []
    assert not [name for name in names if name.startswith("tests/") or "__pycache__" in name]


def test_installed_cleaner_and_recogniser_are_compiled(installed: Installed) -> None:
    """The wheel carries the cleaner and the recogniser compiled by mypyc (hatch_build.py),
    and an installed newsreader imports them rather than the sources beside them."""
    modules = ("cleaning", "cleaner_features", "entities", "entity_rules")
    code = ("import importlib, sys; print('\\n'.join(importlib.import_module("
            "'tui_reader.' + m).__file__ for m in sys.argv[1:]))")
    files = _checked(installed.run(installed.python, "-c", code, *modules), "import them")
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    assert [Path(f).name for f in files.split()] == [f"{m}{suffix}" for m in modules]
    assert installed.wheel.name.endswith(f"-{sysconfig.get_platform().replace('-', '_')}.whl")


def test_every_dependency_has_lower_and_upper_bounds(installed: Installed) -> None:
    """The wheel declares lxml and lxml_html_clean itself and bounds every run-time need."""
    with zipfile.ZipFile(installed.wheel) as wheel:
        metadata_name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = wheel.read(metadata_name).decode()
    requirements = [Requirement(line.split(":", 1)[1].strip())
                    for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    runtime = {r.name.lower().replace("_", "-"): r for r in requirements if r.marker is None}
    assert {"lxml", "lxml-html-clean", "trafilatura", "textual"} <= runtime.keys()
    for requirement in runtime.values():
        operators = {spec.operator for spec in requirement.specifier}
        assert operators & {">=", ">", "~=", "=="}, f"{requirement} has no lower bound"
        assert operators & {"<", "<=", "~=", "=="}, f"{requirement} has no upper bound"


def test_help_and_version(installed: Installed) -> None:
    """The console script starts and describes itself."""
    usage = _checked(installed.run(installed.newsreader, "--help"), "newsreader --help")
    assert usage.startswith("usage: newsreader")
    assert "export" in usage
    version = _checked(installed.run(installed.newsreader, "--version"), "newsreader --version")
    assert version.strip() == f"newsreader {__version__}"


def test_export_html_page(installed: Installed) -> None:
    """`newsreader export PAGE.html` prints the article, its metadata and its entities."""
    (installed.workdir / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    result = installed.run(installed.newsreader, "export", "page.html")
    records = _jsonl(_checked(result, "newsreader export page.html"))
    assert len(records) == 1, records
    article = records[0]
    assert article["title"] == HTML_TITLE
    assert article["source"] == "Metro Herald"
    assert article["published"] == "2025-08-20"
    assert article["text"].startswith(HTML_FIRST_WORDS)
    assert "ridership, punctuality" in article["text"]
    for junk in ("Weather", "Related Articles", "All rights reserved", "Contact us"):
        assert junk not in article["text"]
    assert {"Oslo", "Norway"} <= _entity_texts(article)
    assert "NO" in article["countries"]
    assert result.stderr == ""


def test_export_page_dump(installed: Installed) -> None:
    """`newsreader export DUMP.txt` on a page dump copied out of the repository."""
    shutil.copy(ROOT / "seeds" / SEED_DUMP, installed.workdir / SEED_DUMP)
    result = installed.run(installed.newsreader, "export", SEED_DUMP)
    records = _jsonl(_checked(result, f"newsreader export {SEED_DUMP}"))
    assert records, "no article in the page dump"
    article = records[0]
    assert article["title"] == SEED_TITLE
    assert article["source"] == "Indian Express"
    assert article["text"].startswith("NATO defense chiefs were due to hold a virtual meeting")
    assert {"NATO", "Ukraine"} <= _entity_texts(article)
    assert "UA" in article["countries"]
    assert all(record["path"] == SEED_DUMP for record in records)


def test_export_without_paths_reads_the_bundled_seeds(installed: Installed,
                                                      seeds_corpus: Corpus) -> None:
    """With no path, the installed package finds the seeds inside itself."""
    records = _jsonl(_checked(installed.run(installed.newsreader, "export"), "newsreader export"))
    assert len(records) == len(seeds_corpus.articles)
    assert [r["title"] for r in records] == [a.title for a in seeds_corpus.articles]
    site_seeds = (installed.venv / "lib").glob("python3*/site-packages/tui_reader/seeds")
    seeds = next(site_seeds).resolve()
    for record in records:
        assert Path(record["path"]).resolve().parent == seeds
        assert record["text"] and record["entities"]


def test_app_starts_with_its_installed_stylesheet(installed: Installed) -> None:
    """The Textual app mounts on the bundled seeds, styled by the stylesheet in the wheel."""
    css = Path(_checked(installed.run(installed.python, "-c", APP_SMOKE), "the app").strip())
    assert css.name == "app.tcss"
    assert installed.venv.resolve() in css.resolve().parents
