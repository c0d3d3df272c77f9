"""The recogniser's cue words come from `data/entity_cues.tsv`: every list there is read."""

from __future__ import annotations

from tui_reader import entity_words
from tui_reader.gazetteer import read_tsv


def test_every_list_of_the_cue_file_is_used() -> None:
    named = {name for name, _ in read_tsv("entity_cues.tsv")}
    loaded = {name for name, words in entity_words._LISTS.items() if words}
    assert named == loaded
    used = {value for value in vars(entity_words).values()
            if isinstance(value, frozenset | tuple) and value}
    for name in named:
        words = entity_words._LISTS[name]
        assert frozenset(words) in used or tuple(words) in used, name


def test_the_cue_file_names_its_source() -> None:
    from pathlib import Path

    path = Path(entity_words.__file__).parent / "data" / "entity_cues.tsv"
    assert path.read_text(encoding="utf-8").splitlines()[1].startswith("# Source:")


def test_company_forms_are_one_list() -> None:
    from tui_reader import aliases

    assert entity_words.COMPANY_FORMS - {"Bros"} == aliases.SHORT_NAME_FORMS
