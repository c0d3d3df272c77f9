"""Compare learners for the cleaner's line model under leave-site-out CV (not used at run time).

Usage: python training/experiments.py [--shared ../shared] [--learner lr|lgbm ...]

Prints, per learner, the same figures as train_cleaner.py's cross-validation and the time
the first stage takes to score the lines of the 1127 pages in pure Python or in the library.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_cleaner as tc

from tui_reader.cleaner_model import stage2_features


class _Lgbm:
    """Two LightGBM stages behind the Model interface (for comparison only)."""

    def __init__(self, pages: list[tc.Page], trees: int, leaves: int) -> None:
        import lightgbm as lgb
        import numpy as np

        params = {"n_estimators": trees, "num_leaves": leaves, "learning_rate": 0.1,
                  "min_child_samples": 20, "subsample": 0.8, "subsample_freq": 1,
                  "colsample_bytree": 0.8, "random_state": tc.SEED, "verbose": -1,
                  "n_jobs": 1}
        self.np = np
        rows, y, w = tc._stack(pages)
        self.s1 = lgb.LGBMClassifier(**params).fit(np.asarray(rows), y, sample_weight=w)
        s2_rows, s2_y, s2_w = [], [], []
        for fold in tc._folds(pages, 3):
            held = set(fold)
            part = [p for i, p in enumerate(pages) if i not in held]
            r, yy, ww = tc._stack(part)
            m = lgb.LGBMClassifier(**params).fit(np.asarray(r), yy, sample_weight=ww)
            for i in fold:
                p = pages[i]
                p1 = list(m.predict_proba(np.asarray(p.feats))[:, 1])
                for r2, lab, wt in zip(stage2_features(p.lines, p.feats, p1), p.labels,
                                       p.weights, strict=True):
                    if wt > 0:
                        s2_rows.append(r2)
                        s2_y.append(lab)
                        s2_w.append(wt)
        self.s2 = lgb.LGBMClassifier(**params).fit(np.asarray(s2_rows), s2_y, sample_weight=s2_w)
        self.threshold = tc.THRESHOLD

    def probabilities(self, lines, feats):
        if not lines:
            return []
        p1 = list(self.s1.predict_proba(self.np.asarray(feats))[:, 1])
        x2 = self.np.asarray(stage2_features(lines, feats, p1))
        return list(self.s2.predict_proba(x2)[:, 1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=tc.ROOT.parent / "shared")
    ap.add_argument("--cache", type=Path, default=tc.ROOT / "training" / ".cache")
    ap.add_argument("--learner", nargs="+", default=["lr", "lgbm"])
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    pickled = args.cache / "pages.pickle"
    if pickled.exists() and pickled.stat().st_mtime > Path(tc.__file__).stat().st_mtime:
        pages = pickle.loads(pickled.read_bytes())
    else:
        pages = tc.load_pages(args.shared)
        tc.label_pages(pages, args.cache)
        pickled.write_bytes(pickle.dumps(pages))
    for learner in args.learner:
        began = time.perf_counter()
        predictions = {}
        for fold in tc._folds(pages, args.folds):
            held = set(fold)
            part = [p for i, p in enumerate(pages) if i not in held]
            if learner == "lr":
                model = tc.Model(tc.fit(part))
            else:
                trees, leaves = (200, 31) if learner == "lgbm" else map(int, learner[5:].split("x"))
                model = _Lgbm(part, trees, leaves)
            predictions.update(tc.predict([pages[i] for i in fold], model))
        tc.print_figures(f"{learner} ({time.perf_counter() - began:.0f} s)",
                         tc.score(pages, predictions))
    return 0


if __name__ == "__main__":
    sys.exit(main())
