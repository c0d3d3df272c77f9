"""Benchmark the cleaners on a folder of pages with gold bodies.

Usage: python bench/cleaning.py PAGES_DIR [--worst N] [--keep DIR]

PAGES_DIR holds gold/<id>.txt, score_cleaning.py (the scorer is imported from there, not
copied) and the inputs: dumps/<id>.txt (plain text, cut by clean_page) and/or html/<id>.html
(cut by clean_html). For each input kind present it prints micro P/R/F1, mean F1, the share of
pages with F1 >= 0.9 and pages per second; --worst N lists the N lowest-scoring pages.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui_reader.cleaning import CleanedArticle, clean_page
from tui_reader.html_page import clean_html

Cleaner = Callable[[str], list[CleanedArticle]]
KINDS: list[tuple[str, str, Cleaner]] = [
    ("dumps", "*.txt", clean_page),
    ("html", "*.html", clean_html),
]


def load_scorer(pages_dir: Path) -> ModuleType:
    """Import PAGES_DIR/score_cleaning.py as a module."""
    spec = importlib.util.spec_from_file_location("score_cleaning", pages_dir / "score_cleaning.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no scorer in {pages_dir}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(inputs: list[Path], out_dir: Path, clean: Cleaner) -> float:
    """Write every page's predicted body (all its articles joined) to out_dir; return seconds."""
    began = time.perf_counter()
    for path in inputs:
        articles = clean(path.read_text(encoding="utf-8", errors="replace"))
        text = "\n\n".join(a.body for a in articles)
        (out_dir / f"{path.stem}.txt").write_text(text, encoding="utf-8")
    return time.perf_counter() - began


def report(scorer: ModuleType, gold_dir: Path, out_dir: Path, seconds: float, n_inputs: int,
           worst: int) -> None:
    """Score out_dir against gold_dir and print the summary."""
    pages = []
    for gold in sorted(gold_dir.glob("*.txt")):
        pred = out_dir / gold.name
        pred_text = pred.read_text(encoding="utf-8") if pred.exists() else ""
        pages.append((gold.stem, scorer.bow_page(pred_text, scorer.read_text(gold))))
    summary = scorer.bow_summary([p for _, p in pages])
    print(f"pages: {len(pages)}")
    print(f"micro  P {summary['micro_p']:.3f}  R {summary['micro_r']:.3f}"
          f"  F1 {summary['micro_f1']:.3f}")
    print(f"mean   F1 {summary['mean_f1']:.3f}  (P {summary['mean_p']:.3f}"
          f"  R {summary['mean_r']:.3f})")
    share = summary["share_f1_ge_0.9"]
    print(f"pages with F1 >= 0.9: {share:.3f} ({round(share * len(pages))}/{len(pages)})")
    print(f"speed  {n_inputs / seconds if seconds else float('inf'):.1f} pages/s")
    for pid, page in sorted(pages, key=lambda x: x[1]["f1"])[:worst]:
        print(f"  {page['f1']:.3f}  P {page['p']:.3f}  R {page['r']:.3f}  {pid}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages_dir", type=Path)
    ap.add_argument("--worst", type=int, default=0, help="list the N worst pages")
    ap.add_argument("--keep", type=Path,
                    help="write predictions to DIR/dumps and DIR/html instead of a temp dir")
    args = ap.parse_args()
    scorer = load_scorer(args.pages_dir)
    gold_dir = args.pages_dir / "gold"
    found = False
    for kind, pattern, clean in KINDS:
        inputs = sorted((args.pages_dir / kind).glob(pattern))
        if not inputs:
            continue
        if found:
            print()
        found = True
        print(f"== {kind} ({clean.__name__})")
        with tempfile.TemporaryDirectory() as tmp:
            out_dir = args.keep / kind if args.keep else Path(tmp)
            out_dir.mkdir(parents=True, exist_ok=True)
            seconds = predict(inputs, out_dir, clean)
            report(scorer, gold_dir, out_dir, seconds, len(inputs), args.worst)
    if not found:
        raise SystemExit(f"no dumps/*.txt or html/*.html in {args.pages_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
