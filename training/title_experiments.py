"""Compare learners for the headline step under leave-site-out CV (not used at run time).

Usage: python training/train_cleaner.py --no-write --save-oof OOF.pickle
       python training/title_experiments.py OOF.pickle [--shared ../shared]

The headline is chosen among the lines around the body the line model found. To compare
title learners alone, each page's body comes from its out-of-fold line probabilities (saved by
the cross-validation), its candidates and features are those the cleaner computes, and the
title learners are fitted and scored over the same site folds. A page counts as right when the
chosen line (or, when none is chosen, the cleaner's stand-in) has token F1 >= 0.8 with the
gold title. Prints the share right per learner, and the ceiling: pages where some candidate
or the stand-in would be right.
"""

from __future__ import annotations

import argparse
import math
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_cleaner as tc

from tui_reader.cleaner_model import Model, load_model
from tui_reader.cleaning import (
    _headline_shaped,
    body_lines,
    first_sentence,
    headline_candidates,
    last_crumb,
)

Scorer = Callable[[list[list[float]]], list[float]]


@dataclass
class Case:
    """One page with a gold title: its candidates, their features and token F1s."""

    page: tc.Page
    rows: list[list[float]]
    f1s: list[float]
    fallback: float  # F1 of the title the cleaner gives when no candidate is chosen


def cases(pages: list[tc.Page], oof: dict[str, tuple[list[float], object]]) -> list[Case]:
    decode = load_model()  # the decoding settings are the same in every fold
    out = []
    for p in pages:
        if not p.title:
            continue
        probs = oof[p.pid][0]
        keep = body_lines(p.lines, probs, decode) if p.lines else []
        if not keep:
            out.append(Case(p, [], [], 0.0))
            continue
        cands, rows = headline_candidates(p.lines, keep, probs)
        first = p.lines[keep[0]]
        stand_in = first.text if _headline_shaped(first) and len(keep) > 1 else (
            first_sentence(first.text))
        out.append(Case(p, rows, [tc.title_f1(last_crumb(p.lines[i].text), p.title)
                                  for i in cands], tc.title_f1(stand_in, p.title)))
    return out


def _targets(case: Case) -> list[float]:
    top = max(case.f1s)
    return [float(f >= 0.8 or (f == top and f >= 0.5)) for f in case.f1s]


def conditional_logit(train: list[Case], c: float = tc.C_TITLE) -> Scorer:
    spec = tc._fit_choice([(k.rows, _targets(k)) for k in train if k.rows], c)
    return Model.linear(spec)


def lambdarank(train: list[Case], trees: int = 300, leaves: int = 7) -> Scorer:
    import lightgbm as lgb
    import numpy as np

    x = [r for k in train if k.rows for r in k.rows]
    y = [int(t) for k in train if k.rows for t in _targets(k)]
    ranker = lgb.LGBMRanker(n_estimators=trees, num_leaves=leaves, learning_rate=0.05,
                            subsample=0.8, subsample_freq=1, colsample_bytree=0.8,
                            random_state=tc.SEED, verbose=-1, n_jobs=1)
    ranker.fit(np.asarray(x), y, group=[len(k.rows) for k in train if k.rows])
    # A ranker has no "none of them" option: its best candidate is always taken.
    return lambda rows: [1.0 + 1 / (1 + math.exp(-v)) for v in ranker.predict(np.asarray(rows))]


def rerank(train: list[Case], top: int = 3, trees: int = 100, leaves: int = 15) -> Scorer:
    """The logit's best `top` candidates reordered by a ranker (bounded cost per article)."""
    first, second = conditional_logit(train), lambdarank(train, trees, leaves)

    def score(rows: list[list[float]]) -> list[float]:
        s = first(rows)
        best = sorted(range(len(rows)), key=lambda j: -s[j])[:top]
        out = [0.0] * len(rows)
        for j, v in zip(best, second([rows[j] for j in best]), strict=True):
            out[j] = v
        return out

    return score


def right(cases_: list[Case], fit: Callable[[list[Case]], Scorer], folds: int = 5) -> float:
    hits = 0
    for fold in tc._folds([k.page for k in cases_], folds):
        held = set(fold)
        scorer = fit([k for i, k in enumerate(cases_) if i not in held])
        for i in fold:
            k = cases_[i]
            if not k.rows:
                hits += k.fallback >= 0.8
                continue
            s = scorer(k.rows)
            best = max(range(len(s)), key=s.__getitem__)
            hits += (k.f1s[best] if s[best] >= 0.5 else k.fallback) >= 0.8
    return hits / len(cases_)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("oof", type=Path, help="train_cleaner.py --save-oof output")
    ap.add_argument("--shared", type=Path, default=tc.ROOT.parent / "shared")
    ap.add_argument("--cache", type=Path, default=tc.ROOT / "training" / ".cache")
    args = ap.parse_args()
    pages = tc.load_pages(args.shared)
    tc.label_pages(pages, args.cache)
    found = cases(pages, pickle.loads(args.oof.read_bytes()))
    ceiling = sum(max(k.f1s, default=0.0) >= 0.8 or k.fallback >= 0.8 for k in found)
    print(f"{len(found)} pages with a gold title; ceiling {ceiling / len(found):.3f}; "
          f"{sum(len(k.rows) for k in found) / len(found):.1f} candidates a page")
    learners: dict[str, Callable[[list[Case]], Scorer]] = {
        "conditional logit (shipped)": conditional_logit,
        "LightGBM lambdarank, 300 trees x 7 leaves, every candidate": lambdarank,
        "logit's top 3 reranked by LightGBM, 100 trees x 15 leaves": rerank,
    }
    for name, fit in learners.items():
        print(f"{name}: titles right {right(found, fit):.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
