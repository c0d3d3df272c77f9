"""Shared fixtures: the bundled seeds, loaded once per session."""

from __future__ import annotations

import pytest

from tui_reader.corpus import Corpus, load_corpus
from tui_reader.resources import seeds_dir


@pytest.fixture(scope="session")
def seeds_corpus() -> Corpus:
    """The five bundled page dumps, cleaned and recognised."""
    return load_corpus([str(seeds_dir())])
