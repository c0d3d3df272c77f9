"""Benchmark the cleaners on folders of pages with gold bodies, snippets or titles.

Usage: python bench/cleaning.py PAGES_DIR [PAGES_DIR ...] [--worst N] [--keep DIR] [--cv]

Each PAGES_DIR holds inputs, dumps/<id>.txt (plain text, cut by clean_page) and/or
html/<id>.html (cut by clean_html), and labels: gold/<id>.txt (bag-of-words P/R/F1 with
score_cleaning.py, imported from PAGES_DIR or from a sibling pages-dev, not copied),
must/ and must-not/ (snippets found / kept, with PAGES_DIR/check_snippets.py) and title/
(share of pages whose first article's title has token F1 >= 0.8 with the gold title).
For each input kind it prints those figures and pages per second on one core; --worst N
lists the N lowest-scoring gold pages.

It times the sources (an editable install); `python bench/compiled.py bench/cleaning.py ...`
times them and then the modules compiled as a wheel carries them, in one run.

Pages the shipped model was trained on score in-sample here. --cv prints the figure that
predicts unseen sites instead: leave-site-out cross-validation of the training script
(training/train_cleaner.py, needs scikit-learn) on ../shared/pages-train and pages-dev.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
# The package is imported from the checkout, or from a compiled copy (bench/compiled.py).
PACKAGE = Path(os.environ.get("NEWSREADER_BENCH_PACKAGE") or ROOT)
sys.path.insert(0, str(PACKAGE))

from tui_reader import cleaner_features  # noqa: E402
from tui_reader.cleaning import CleanedArticle, clean_page  # noqa: E402
from tui_reader.html_page import clean_html  # noqa: E402

Cleaner = Callable[[str], list[CleanedArticle]]
KINDS: list[tuple[str, str, Cleaner]] = [
    ("dumps", "*.txt", clean_page),
    ("html", "*.html", clean_html),
    ("html", "*.html.gz", clean_html),
]
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W_]+")


def load_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def find_scorer(pages_dir: Path) -> ModuleType:
    for candidate in (pages_dir / "score_cleaning.py",
                      pages_dir.parent / "pages-dev" / "score_cleaning.py"):
        if candidate.exists():
            return load_module(candidate, "score_cleaning")
    raise SystemExit(f"no score_cleaning.py in {pages_dir} or beside it")


def read_input(path: Path) -> str:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return data.decode("utf-8", errors="replace")


def predict(inputs: list[Path], out_dir: Path, clean: Cleaner) -> tuple[float, dict[str, str]]:
    """Write every page's predicted body (all its articles joined) to out_dir.

    Returns the seconds spent cleaning (reading and writing files excluded) and the titles.
    """
    spent = 0.0
    titles = {}
    for path in inputs:
        text = read_input(path)
        began = time.perf_counter()
        articles = clean(text)
        spent += time.perf_counter() - began
        stem = path.name.split(".")[0]
        titles[stem] = articles[0].title if articles else ""
        body = "\n\n".join(a.body for a in articles)
        (out_dir / f"{stem}.txt").write_text(body, encoding="utf-8")
    return spent, titles


def report_gold(scorer: ModuleType, gold_dir: Path, out_dir: Path, worst: int) -> None:
    pages = []
    for gold in sorted(gold_dir.glob("*.txt")):
        pred = out_dir / gold.name
        pred_text = pred.read_text(encoding="utf-8") if pred.exists() else ""
        pages.append((gold.stem, scorer.bow_page(pred_text, scorer.read_text(gold))))
    summary = scorer.bow_summary([p for _, p in pages])
    print(f"gold pages: {len(pages)}")
    print(f"micro  P {summary['micro_p']:.3f}  R {summary['micro_r']:.3f}"
          f"  F1 {summary['micro_f1']:.3f}")
    print(f"mean   F1 {summary['mean_f1']:.3f}  (P {summary['mean_p']:.3f}"
          f"  R {summary['mean_r']:.3f})")
    share = summary["share_f1_ge_0.9"]
    print(f"pages with F1 >= 0.9: {share:.3f} ({round(share * len(pages))}/{len(pages)})")
    for pid, page in sorted(pages, key=lambda x: x[1]["f1"])[:worst]:
        print(f"  {page['f1']:.3f}  P {page['p']:.3f}  R {page['r']:.3f}  {pid}")


def report_snippets(pages_dir: Path, out_dir: Path) -> None:
    check = load_module(pages_dir / "check_snippets.py", "check_snippets")
    pages = []
    for must in sorted((pages_dir / "must").glob("*.txt")):
        pred = out_dir / must.name
        text = pred.read_text(encoding="utf-8") if pred.exists() else ""
        pages.append(check.score_page(text, check.read_lines(must),
                                      check.read_lines(pages_dir / "must-not" / must.name)))
    s = check.summary(pages)
    print(f"snippet pages: {s['pages']}: must found {s['must_found_micro']:.3f}, must-not kept "
          f"{s['must_not_kept_micro']:.3f}, snippet F1 {s['f1']:.3f}")


_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")


def token_f1(pred: str, gold: str) -> float:
    """Token F1 of two titles, invisible characters (soft hyphens: "Deutsch\u00adland")
    removed first, as check_snippets.py does."""
    pred, gold = _INVISIBLE.sub("", pred), _INVISIBLE.sub("", gold)
    p, g = Counter(_TOKEN.findall(pred.lower())), Counter(_TOKEN.findall(gold.lower()))
    tp = sum((p & g).values())
    if not tp:
        return 0.0
    prec, rec = tp / sum(p.values()), tp / sum(g.values())
    return 2 * prec * rec / (prec + rec)


def report_titles(title_dir: Path, titles: dict[str, str]) -> None:
    right = [token_f1(titles.get(t.stem, ""), t.read_text(encoding="utf-8").strip()) >= 0.8
             for t in sorted(title_dir.glob("*.txt"))]
    if right:
        print(f"titles right (token F1 >= 0.8): {statistics.fmean(right):.3f} "
              f"({sum(right)}/{len(right)})")


def report_model() -> None:
    from importlib import resources

    from tui_reader import cleaner_model

    data = resources.files("tui_reader.data").joinpath(cleaner_model.MODEL_FILE).read_bytes()
    cleaner_model._model = None
    began = time.perf_counter()
    cleaner_model.load_model()
    ms = (time.perf_counter() - began) * 1000
    print(f"model: {len(data) / 1024:.1f} KiB, loaded in {ms:.1f} ms")


def cross_validation(shared: Path) -> None:
    sys.path.insert(0, str(ROOT / "training"))
    import train_cleaner as tc

    pages = tc.load_pages(shared)
    tc.label_pages(pages, ROOT / "training" / ".cache")
    predictions, _ = tc.cross_validate(pages, 5)
    tc.print_figures("leave-site-out CV (5 folds, pages-train + pages-dev)",
                     tc.score(pages, predictions))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages_dirs", type=Path, nargs="*")
    ap.add_argument("--worst", type=int, default=0, help="list the N worst gold pages")
    ap.add_argument("--kinds", nargs="+", default=["dumps", "html"], choices=["dumps", "html"],
                    help="input kinds to clean (default both)")
    ap.add_argument("--keep", type=Path,
                    help="write predictions to DIR/<folder>/<kind> instead of a temp dir")
    ap.add_argument("--cv", type=Path, nargs="?", const=ROOT.parent / "shared",
                    help="run the leave-site-out cross-validation on SHARED (../shared)")
    args = ap.parse_args()
    report_model()
    compiled = not cleaner_features.__file__ or not cleaner_features.__file__.endswith(".py")
    print(f"cleaner: {'compiled by mypyc' if compiled else 'sources (pure Python)'}")
    for pages_dir in args.pages_dirs:
        for kind, pattern, clean in KINDS:
            if kind not in args.kinds:
                continue
            inputs = sorted((pages_dir / kind).glob(pattern))
            if not inputs:
                continue
            print(f"\n== {pages_dir.name} {kind} ({clean.__name__})")
            with tempfile.TemporaryDirectory() as tmp:
                out_dir = args.keep / pages_dir.name / kind if args.keep else Path(tmp)
                out_dir.mkdir(parents=True, exist_ok=True)
                seconds, titles = predict(inputs, out_dir, clean)
                print(f"speed  {len(inputs) / seconds if seconds else float('inf'):.1f} pages/s "
                      f"({len(inputs)} pages, one core)")
                if (pages_dir / "gold").is_dir():
                    report_gold(find_scorer(pages_dir), pages_dir / "gold", out_dir, args.worst)
                if (pages_dir / "must").is_dir():
                    report_snippets(pages_dir, out_dir)
                if (pages_dir / "title").is_dir():
                    report_titles(pages_dir / "title", titles)
    if args.cv:
        print()
        cross_validation(args.cv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
