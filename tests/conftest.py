"""Shared fixtures: the bundled seeds, loaded once per session."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui_reader.collection import Corpus, load_corpus
from tui_reader.resources import seeds_dir


@pytest.fixture(scope="session", autouse=True)
def private_session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Session and module fixtures (which run before `private_cache`) never touch the
    user's real cache or settings either."""
    folder = tmp_path_factory.mktemp("session-cache")
    names = ("NEWSREADER_CACHE", "NEWSREADER_CONFIG", "NEWSREADER_EXPORT_DIR")
    saved = {name: os.environ.get(name) for name in names}
    os.environ["NEWSREADER_CACHE"] = str(folder / "cache.sqlite3")
    os.environ["NEWSREADER_CONFIG"] = str(folder / "config.toml")
    os.environ["NEWSREADER_EXPORT_DIR"] = str(folder / "exports")
    yield folder
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def seeds_corpus() -> Corpus:
    """The five bundled page dumps, cleaned and recognised."""
    return load_corpus([str(seeds_dir())])


@pytest.fixture(autouse=True)
def recorded_notices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every notice an app posts is kept, in order, in its `posted_notices` (read with
    `apphelp.notices`): the public `notify` is wrapped. Textual's own list of them is private
    (`App._notifications`) and holds only those still on show."""
    app_module = sys.modules.get("tui_reader.ui.app")
    if app_module is None:  # no app in this test's module
        return
    app_class = app_module.NewsReaderApp
    notify = app_class.notify

    def recording(self: object, message: str, **kwargs: object) -> None:
        self.__dict__.setdefault("posted_notices", []).append(str(message))
        notify(self, message, **kwargs)

    monkeypatch.setattr(app_class, "notify", recording)


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own cache file: tests never touch the user's real cache."""
    path = tmp_path_factory.mktemp("cache") / "cache.sqlite3"
    monkeypatch.setenv("NEWSREADER_CACHE", str(path))
    # Nor the user's settings: a config path that does not exist means the defaults.
    monkeypatch.setenv("NEWSREADER_CONFIG", str(path.parent / "config.toml"))
    # Nor their downloads folder: exports go to a folder of the test's own.
    monkeypatch.setenv("NEWSREADER_EXPORT_DIR", str(path.parent / "exports"))
    yield path
