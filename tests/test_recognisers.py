"""The `entities` command and the optional spaCy backend."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui_reader.cli import entities, main
from tui_reader.recognisers import RecogniserError, SpacyRecogniser, recogniser_from_spec

spacy = pytest.importorskip("spacy")

TEXT = "LONDON — Donald Trump met the French president in Paris.\r\nTrump then flew to the Kremlin."


def run_entities(*args: str, stdin: str = "") -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-m", "tui_reader", "entities", *args],
        input=stdin, capture_output=True, text=True, timeout=120, check=True,
    )
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_entities_of_files_keep_offsets_into_the_text_as_given(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_bytes(TEXT.encode())
    (record,) = run_entities(str(doc))
    assert record["path"] == str(doc)
    spans = {(e["text"], e["label"]) for e in record["entities"]}
    assert {("LONDON", "PLACE"), ("Donald Trump", "PERSON"), ("Paris", "PLACE"),
            ("Kremlin", "ORG")} <= spans
    for entity in record["entities"]:
        assert TEXT[entity["start"]:entity["end"]] == entity["text"]  # \r\n kept as given


def test_entities_from_stdin_and_jsonl_form_one_corpus() -> None:
    named = "".join(json.dumps({"id": f"a{i}", "text": f"Volodymyr Zelenskyy spoke in {city}."})
                    + "\n" for i, city in enumerate(("Kyiv", "Lviv", "Odesa")))
    records = run_entities("--jsonl", stdin=(
        named + "not json\n"
        + json.dumps({"id": "b", "text": "President Zelensky thanked Britain."}) + "\n"
    ))
    assert [r["id"] for r in records] == ["a0", "a1", "a2", "b"]
    records = records[2:]  # named in full in three documents: a lone name may link to him
    zelensky = [e for e in records[1]["entities"] if e["label"] == "PERSON"]
    assert [e["canonical"] for e in zelensky] == ["Volodymyr Zelenskyy"]
    (stdin_record,) = run_entities(stdin="Emmanuel Macron visited Berlin.")
    assert stdin_record["path"] == "-"


def test_bad_jsonl_line_is_reported_with_its_number(capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    sys_stdin = sys.stdin
    sys.stdin = io.StringIO('{"id": 1, "text": "Paris"}\n{oops\n')
    try:
        assert entities(["--jsonl"], out) == 0
    finally:
        sys.stdin = sys_stdin
    assert "line 2" in capsys.readouterr().err
    assert len(out.getvalue().splitlines()) == 1


def blank_pipeline() -> SpacyRecogniser:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "PERSON", "pattern": "Keir Starmer"},
        {"label": "GPE", "pattern": "the United Kingdom"},
        {"label": "GPE", "pattern": "Kyiv"},
        {"label": "ORG", "pattern": "the Kremlin"},
        {"label": "NORP", "pattern": "French"},
        {"label": "DATE", "pattern": "Monday"},
        {"label": "PERSON", "pattern": [{"LOWER": "jordan"}]},
    ])
    return SpacyRecogniser(nlp)


def test_spacy_adapter_maps_labels_and_links_countries() -> None:
    text = "Keir Starmer's team left the United Kingdom for Kyiv on Monday; the Kremlin and " \
        "French officials watched. Jordan smiled."
    found = blank_pipeline()(text)
    got = [(e.text, e.label, e.country) for e in found.entities]
    assert got == [
        ("Keir Starmer", "PERSON", None),
        ("United Kingdom", "COUNTRY", "GB"),
        ("Kyiv", "PLACE", "UA"),
        ("Kremlin", "ORG", "RU"),
        ("Jordan", "PERSON", None),  # a person, whatever the gazetteer says of the word
    ]
    assert all(text[e.start:e.end] == e.text for e in found.entities)
    assert found.countries == {"GB", "UA", "RU", "FR"}  # FR through the demonym


def test_missing_spacy_model_is_a_clear_error_not_a_download() -> None:
    with pytest.raises(RecogniserError, match="not installed"):
        recogniser_from_spec("spacy:no_such_model_here")
    with pytest.raises(RecogniserError, match="unknown recogniser"):
        recogniser_from_spec("crf")
    assert main(["export", "--ner", "spacy:no_such_model_here"]) == 2


async def test_the_app_reads_with_the_chosen_recogniser(tmp_path: Path) -> None:
    from tui_reader.ui.app import NewsReaderApp

    page = tmp_path / "page.txt"
    sentence = "Keir Starmer flew to Kyiv on Monday for talks, aides said. "
    page.write_text("Talks in Kyiv\n\n" + sentence * 3)
    app = NewsReaderApp([str(page)], recogniser=blank_pipeline())
    async with app.run_test() as pilot:
        while not app.main_screen.loaded:
            await pilot.pause(0.05)
        (row,) = app.main_screen.articles
        article = app.main_screen.article(row.id)
        assert article is not None
        assert {(e.text, e.label) for e in article.entities} == {
            ("Keir Starmer", "PERSON"), ("Kyiv", "PLACE")}
        assert article.countries == ["UA"]
