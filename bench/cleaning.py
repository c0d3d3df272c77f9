"""Benchmark the cleaner on a folder of page dumps with gold bodies.

Usage: python bench/cleaning.py PAGES_DIR [--worst N] [--keep DIR]

PAGES_DIR holds dumps/<id>.txt, gold/<id>.txt and score_cleaning.py (the scorer is imported
from there, not copied). Prints micro P/R/F1, mean F1, share of pages with F1 >= 0.9 and pages
per second; --worst N lists the N lowest-scoring pages.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui_reader.cleaning import clean_page


def load_scorer(pages_dir: Path) -> ModuleType:
    """Import PAGES_DIR/score_cleaning.py as a module."""
    spec = importlib.util.spec_from_file_location("score_cleaning", pages_dir / "score_cleaning.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no scorer in {pages_dir}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(dumps: list[Path], out_dir: Path) -> float:
    """Write every page's predicted body (all its articles joined) to out_dir; return seconds."""
    began = time.perf_counter()
    for path in dumps:
        articles = clean_page(path.read_text(encoding="utf-8", errors="replace"))
        (out_dir / path.name).write_text("\n\n".join(a.body for a in articles), encoding="utf-8")
    return time.perf_counter() - began


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages_dir", type=Path)
    ap.add_argument("--worst", type=int, default=0, help="list the N worst pages")
    ap.add_argument("--keep", type=Path, help="write predictions here instead of a temp dir")
    args = ap.parse_args()
    scorer = load_scorer(args.pages_dir)
    dumps = sorted((args.pages_dir / "dumps").glob("*.txt"))
    gold_dir = args.pages_dir / "gold"
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        seconds = predict(dumps, out_dir)
        pages = []
        for gold in sorted(gold_dir.glob("*.txt")):
            pred = out_dir / gold.name
            pred_text = pred.read_text(encoding="utf-8") if pred.exists() else ""
            page = scorer.bow_page(pred_text, scorer.read_text(gold))
            pages.append((gold.stem, page))
    summary = scorer.bow_summary([p for _, p in pages])
    print(f"pages: {len(pages)}")
    print(f"micro  P {summary['micro_p']:.3f}  R {summary['micro_r']:.3f}"
          f"  F1 {summary['micro_f1']:.3f}")
    print(f"mean   F1 {summary['mean_f1']:.3f}  (P {summary['mean_p']:.3f}"
          f"  R {summary['mean_r']:.3f})")
    share = summary["share_f1_ge_0.9"]
    print(f"pages with F1 >= 0.9: {share:.3f} ({round(share * len(pages))}/{len(pages)})")
    print(f"speed  {len(dumps) / seconds if seconds else float('inf'):.1f} pages/s")
    for pid, page in sorted(pages, key=lambda x: x[1]["f1"])[:args.worst]:
        print(f"  {page['f1']:.3f}  P {page['p']:.3f}  R {page['r']:.3f}  {pid}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
