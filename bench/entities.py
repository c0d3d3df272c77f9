"""Benchmark the entity recogniser: tokens/s, gazetteer load time, and P/R/F1 when gold exists.

Run: `python bench/entities.py` from the repo root. Gold, if present, is
tests/data/entities_gold.jsonl: one object a line with "text" and "entities", each entity
{"start", "end", "label"}; a prediction counts when its span and label both match.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_reader.article import LABELS  # noqa: E402
from tui_reader.entities import recognise  # noqa: E402
from tui_reader.gazetteer import TOKEN_RE  # noqa: E402

MIN_TOKENS = 200_000
GOLD = ROOT / "tests" / "data" / "entities_gold.jsonl"


def load_time() -> float:
    """Seconds to import and build the gazetteer in a fresh process."""
    code = ("import time; t = time.perf_counter(); from tui_reader.gazetteer import load; "
            "load(); print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return float(out.stdout.strip())


def throughput() -> tuple[int, float]:
    """(tokens, seconds) for recognising the seed texts repeated to >= MIN_TOKENS tokens."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    per_round = sum(len(TOKEN_RE.findall(t)) for t in texts)
    rounds = -(-MIN_TOKENS // per_round)
    recognise("warm up")
    t = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            recognise(text)
    return per_round * rounds, time.perf_counter() - t


def score(path: Path) -> None:
    """Print per-label precision, recall and F1 against the gold file."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        gold = {(e["start"], e["end"], e["label"]) for e in doc["entities"]}
        pred = {(e.start, e.end, e.label) for e in recognise(doc["text"]).entities}
        for _, _, label in pred & gold:
            tp[label] += 1
        for _, _, label in pred - gold:
            fp[label] += 1
        for _, _, label in gold - pred:
            fn[label] += 1
    print(f"{'label':8} {'P':>6} {'R':>6} {'F1':>6}")
    for label in LABELS:
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        r = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{label:8} {p:6.3f} {r:6.3f} {f:6.3f}")


def main() -> None:
    print(f"gazetteer load (fresh process): {load_time():.3f} s")
    tokens, seconds = throughput()
    print(f"recognise: {tokens} tokens in {seconds:.2f} s = {tokens / seconds:,.0f} tokens/s")
    if GOLD.exists():
        score(GOLD)
    else:
        print(f"no gold file at {GOLD.relative_to(ROOT)}: skipping P/R/F1")


if __name__ == "__main__":
    main()
