"""The cleaner's learned model: shipped, small, loaded lazily, in step with the code and the
training script that made it."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import pytest

from tui_reader import cleaner_model
from tui_reader.cleaner_features import FEATURE_NAMES, TITLE_NAMES
from tui_reader.cleaner_model import STAGE2_NAMES, Model

ROOT = Path(__file__).resolve().parent.parent
MODEL = resources.files("tui_reader.data").joinpath(cleaner_model.MODEL_FILE)


def spec() -> dict:
    return json.loads(MODEL.read_text(encoding="utf-8"))


def test_model_file_ships_in_the_package_and_is_small() -> None:
    size = len(MODEL.read_bytes())
    assert 0 < size <= 5 * 1024 * 1024


def test_model_matches_the_features_the_code_computes() -> None:
    data = spec()
    assert data["features"] == list(FEATURE_NAMES)
    assert data["stage2_features"] == list(STAGE2_NAMES)
    assert data["title_features"] == list(TITLE_NAMES)
    for stage in ("stage1", "stage2"):
        assert len(data[stage]["coef"]) == len(data[stage]["mean"]) == len(data[stage]["scale"])
    Model(data)  # raises when the names disagree


def test_model_was_trained_by_the_code_in_the_tree() -> None:
    """The file records the hashes of the sources it was trained with: retrain after a change.

    `python training/train_cleaner.py --no-cv --check` retrains and compares byte for byte.
    """
    recorded = spec()["trained_with"]
    for rel, digest in recorded.items():
        current = hashlib.sha256((ROOT / rel).read_bytes()).hexdigest()
        assert current == digest, f"{rel} changed since the model was trained"


def test_model_loads_lazily_and_fast() -> None:
    code = (
        "import time, tui_reader.cleaning as c, tui_reader.cleaner_model as m\n"
        "assert m._model is None, 'loaded on import'\n"
        "t = time.perf_counter(); m.load_model(); ms = (time.perf_counter() - t) * 1000\n"
        "assert m._model is not None and m.load_model() is m._model\n"
        "print(f'{ms:.1f}')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    print(f"model load: {out.stdout.strip()} ms")  # measured, not asserted (shared machines)


def test_scoring_needs_no_network_or_numpy() -> None:
    code = (
        "import sys, socket\n"
        "socket.socket = None\n"
        "import tui_reader.cleaning as c\n"
        "c.clean_page('Council expands bus network\\n\\n' + 'The council voted to expand the "
        "bus network into the northern suburbs on Tuesday evening. ' * 5)\n"
        "assert 'numpy' not in sys.modules and 'sklearn' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_probabilities_are_probabilities_and_deterministic() -> None:
    from tui_reader.cleaner_features import normalise, page_features

    text = (ROOT / "seeds").glob("000_*.txt").__next__().read_text(encoding="utf-8")
    lines = normalise(text)
    model = cleaner_model.load_model()
    began = time.perf_counter()
    first = model.probabilities(lines, page_features(lines))
    print(f"{len(lines)} lines scored in {(time.perf_counter() - began) * 1000:.1f} ms")
    assert len(first) == len(lines) and all(0.0 <= p <= 1.0 for p in first)
    assert model.probabilities(lines, page_features(lines)) == first


def test_training_is_deterministic_on_a_small_set() -> None:
    """Two fits on the same pages give the same model file (the script's fit: sklearn and
    lightgbm needed)."""
    pytest.importorskip("sklearn")
    pytest.importorskip("lightgbm")
    sys.path.insert(0, str(ROOT / "training"))
    import train_cleaner as tc

    from tests.test_cleaning import PROSE

    pages = []
    for k in range(8):
        body = [p.replace("bus", f"bus {k}") for p in PROSE]
        text = "\n\n".join(["Home", "News", "Sport", f"Council story {k} in the suburbs", *body,
                            "Related Articles", "Airport adds runway", "© 2025 Metro Herald"])
        page = tc.Page(f"p{k}", "train", "gold", f"site{k % 4}", text, gold="\n\n".join(body),
                       title=f"Council story {k} in the suburbs")
        pages.append(page)
    tc.label_lines(pages)
    one = json.dumps(tc.fit(pages, inner=2), sort_keys=True)
    two = json.dumps(tc.fit(pages, inner=2), sort_keys=True)
    assert one == two
    model = Model(json.loads(one))
    lines = pages[0].lines
    probs = model.probabilities(lines, pages[0].feats)
    assert probs[lines.index(next(ln for ln in lines if ln.text == "Home"))] < 0.5


def test_the_headline_trees_score_as_lightgbm_does() -> None:
    """The reranker's trees, exported by the training script and walked in pure Python, give
    LightGBM's own scores (lightgbm needed)."""
    pytest.importorskip("lightgbm")
    np = pytest.importorskip("numpy")
    sys.path.insert(0, str(ROOT / "training"))
    import train_cleaner as tc

    from tui_reader.cleaner_model import _Trees

    rng = np.random.default_rng(0)
    rows = rng.normal(size=(400, 6))
    groups = [(rows[k:k + 20].tolist(), [float(r[0] + r[1] > 1) for r in rows[k:k + 20]])
              for k in range(0, 400, 20)]
    ranker = tc._fit_ranker(groups)
    ours = _Trees(tc.export_trees(ranker))(rows.tolist())
    assert ours == pytest.approx(list(ranker.predict(rows)), abs=1e-6)
    assert len(set(ours)) > 10  # the trees split: the scores differ
