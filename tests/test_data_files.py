"""The curated tables in tui_reader/data: each names its source, and the loaders skip headers.

common_words.tsv is Debian's wamerican (SCOWL size 50) list filtered by
tools/make_common_words.py, with SCOWL's copyright notices in its header.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tui_reader.gazetteer import load, read_tsv
from tui_reader.language import FUNCTION_WORDS

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tui_reader" / "data"
TABLES = sorted(p.name for p in DATA.glob("*.tsv"))
SCRIPT = ROOT / "tools" / "make_common_words.py"


def make_common_words() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_common_words", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_data_folder_holds_only_tables_and_the_model() -> None:
    """A file of another kind would need its own check below (and a loader that skips its
    header)."""
    kinds = {p.suffix for p in DATA.iterdir() if p.is_file() and p.name != "__init__.py"}
    assert kinds <= {".tsv", ".json"}


@pytest.mark.parametrize("name", TABLES)
def test_every_table_names_its_source_under_its_column_names(name: str) -> None:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    assert lines[0] and not lines[0].startswith("#"), "the first line names the columns"
    assert lines[1].startswith("# Source: "), name


def test_the_model_names_the_script_that_trained_it() -> None:
    """JSON has no comments: the model file records the sources it was trained with."""
    spec = json.loads((DATA / "cleaner_model.json").read_text(encoding="utf-8"))
    assert "training/train_cleaner.py" in spec["trained_with"]


@pytest.mark.parametrize("name", [n for n in TABLES if n != "function_words.tsv"])
def test_the_loader_skips_the_header_and_its_comments(name: str) -> None:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    data = [line for line in lines[1:] if line.strip() and not line.startswith("#")]
    rows = read_tsv(name)
    assert rows and len(rows) == len(data)
    assert rows[0][:len(data[0].split("\t"))] == data[0].split("\t")
    assert not [row for row in rows if row[0].startswith("#")]


def test_the_language_guesser_skips_the_header_and_its_comments() -> None:
    assert FUNCTION_WORDS and not [code for code in FUNCTION_WORDS
                                   if code.startswith("#") or code == "lang"]


def test_common_words_are_the_lists_words_and_carry_scowls_notice() -> None:
    common = load().common_words
    assert len(common) == 63_967
    assert {"aardvark", "sale", "café", "études"} <= common
    assert not [w for w in common if not (w.isalpha() and w.islower())]
    text = (DATA / "common_words.tsv").read_text(encoding="utf-8")
    head = text[:text.index("\naardvark\n")]
    for notice in ("Copyright 2000-2018 by Kevin Atkinson",
                   "Permission to use, copy, modify, distribute and sell these word",
                   "Copyright 1993, Geoff Kuenning",
                   "Copyright (c) J Ross Beresford 1993-1999"):
        assert notice in head, notice


def test_the_script_regenerates_the_shipped_file_from_its_words(tmp_path: Path) -> None:
    """Given a list holding the shipped words and what it drops (proper names, abbreviations,
    possessives, single letters), the script writes the shipped file byte for byte."""
    script = make_common_words()
    shipped = [row[0] for row in read_tsv("common_words.tsv")]
    listing = tmp_path / "american-english"
    listing.write_text("\n".join(["A", "a", "Abby", "AC", "aardvark's", "x", *shipped]) + "\n",
                       encoding="utf-8")
    assert script.words(listing) == shipped
    assert script.render(script.words(listing)) == (DATA / "common_words.tsv").read_text(
        encoding="utf-8")


def test_the_script_says_so_when_the_list_is_missing(tmp_path: Path) -> None:
    missing = tmp_path / "american-english"
    result = subprocess.run([sys.executable, str(SCRIPT), "--dict", str(missing)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert str(missing) in result.stderr and "does not exist" in result.stderr
    assert "wamerican" in result.stderr and "Nothing was written" in result.stderr
