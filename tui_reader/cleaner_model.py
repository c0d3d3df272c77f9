"""The learned keep/drop model of the page cleaner: load it (lazily) and score a page's lines.

Two logistic regressions, stacked. The first scores each line from its own features
(`cleaner_features.page_features`: shape, cues, position, neighbours) and the weights of its
words in a learned lexicon (`lexical_features`: words of kept against dropped lines, in
every language of the training pages). The second rescores
it from the first one's probabilities around it (a window of neighbours, the best span of
likely lines) and a few of its own features, so that a line reads in its context: a short
item inside a list that the article runs through is kept, a paragraph-shaped teaser in a
sidebar is not. Weights and lexicon are plain numbers in `data/cleaner_model.json`, written by
`training/train_cleaner.py`; scoring is a few hundred multiplications per line in pure
Python, without numpy.

The headline is chosen among the lines around the body by a conditional logit (`title`),
whose three likeliest candidates are reordered by boosted trees (`title_trees`, 300 trees of
7 leaves from LightGBM, walked in pure Python: about 0.1 ms an article).
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Sequence
from importlib import resources
from itertools import accumulate, repeat
from operator import itemgetter, mul
from typing import Any

from tui_reader.cleaner_features import FEATURE_NAMES, TITLE_NAMES, Line

__all__ = ["LEXICAL_NAMES", "STAGE2_NAMES", "Model", "best_span", "lexical_features",
           "load_model", "stage2_features"]

MODEL_FILE = "cleaner_model.json"
_OFFSETS = (-3, -2, -1, 1, 2, 3)
_WINDOWS = (2, 5, 12)
STAGE2_NAMES: tuple[str, ...] = (
    "z1", *(f"p@{off:+d}" for off in _OFFSETS), *(f"mean±{w}" for w in _WINDOWS),
    "in_best", "before_best", "after_best", "kept_before", "kept_after", "logw", "ends",
    "para", "short", "listmark", "teaser", "furniture", "stop", "vocab", "after_final",
    "strong", "run_before", "run_after", "after_final*vocab", "after_final*run_after",
    "vocab*run_after",
)
#: Learned from the words of kept and dropped lines (`Model.lexicon`): the mean, lowest and
#: highest weight of a line's words ("einloggen", "kommentar", "relacionados" weigh low).
LEXICAL_NAMES: tuple[str, ...] = ("lex_mean", "lex_min", "lex_max")
_OWN_KEYS = ("logw", "ends", "para", "short", "listmark", "teaser", "furniture", "stop", "vocab",
             "after_final", "strong")
_VOCAB, _AFTER_FINAL = len(_OWN_KEYS) - 3, len(_OWN_KEYS) - 2
_OWN_INDEX = tuple(FEATURE_NAMES.index(k) for k in _OWN_KEYS)


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def best_span(lines: Sequence[Line], probs: Sequence[float], bias: float = 0.5,
              gap_weight: float = 1.0, max_gap: int = 1_000_000,
              gap_cost: float = 0.0, lone_weight: float = 1.0) -> tuple[int, int]:
    """The run of lines with the largest sum of (p - bias) * sqrt(words); (0, -1) if none.

    Lines below `bias` count `gap_weight` times: under 1, a box or a list of short lines
    inside the text costs less than the prose on either side of it brings; but a run never
    bridges more than `max_gap` such lines in a row, and each costs at least `gap_cost`.
    A likely line whose neighbours are both unlikely (a teaser between headlines and
    source lines) brings `lone_weight` times its gain.
    """
    best = (0, -1)
    best_sum = 0.0
    run = 0.0
    start = 0
    low = 0
    last = len(probs) - 1
    for i, (ln, p) in enumerate(zip(lines, probs, strict=True)):
        if run <= 0:
            run, start = 0.0, i
        gain = (p - bias) * (_SQRT[ln.words] if ln.words < 64 else math.sqrt(ln.words))
        if gain > 0:
            if (i == 0 or probs[i - 1] < bias) and (i == last or probs[i + 1] < bias):
                gain *= lone_weight
            run += gain
            low = 0
        else:
            run += gain * gap_weight - gap_cost
            low += 1
            if low > max_gap:
                run = 0.0
        if run > best_sum:
            best_sum, best = run, (start, i)
    return best


def _window_means(cum_w: list[float], cum_pw: list[float], reach: int) -> list[float]:
    """Each line's mean probability, weighted by `cum_w`'s weights, over the lines within
    `reach` of it."""
    n = len(cum_w) - 1
    out = []
    for i in range(n):
        a = i - reach if i > reach else 0
        b = i + reach + 1 if i + reach + 1 < n else n
        den = cum_w[b] - cum_w[a]
        out.append((cum_pw[b] - cum_pw[a]) / den if den else 0.0)
    return out


def stage2_features(lines: Sequence[Line], feats: Sequence[Sequence[float]],
                    probs: Sequence[float]) -> list[list[float]]:
    """The second stage's inputs, in `STAGE2_NAMES` order."""
    n = len(lines)
    weights = [_SQRT[ln.words] if ln.words < 64 else math.sqrt(ln.words) for ln in lines]
    cum_w = list(accumulate(weights, initial=0.0))
    cum_pw = list(accumulate(map(mul, weights, probs), initial=0.0))
    means = zip(*[_window_means(cum_w, cum_pw, w) for w in _WINDOWS], strict=True)
    first, last = best_span(lines, probs)
    reach = max(_OFFSETS)
    padded = [0.0] * reach + list(probs) + [0.0] * reach
    around = zip(*[padded[reach + off:reach + off + n] for off in _OFFSETS], strict=True)
    log1p = math.log1p
    ahead = [0] * (n + 1)  # lines from i on with p >= 0.5, in a row (up to 10)
    for i in range(n - 1, -1, -1):
        ahead[i] = (ahead[i + 1] + 1 if ahead[i + 1] < 10 else 10) if probs[i] >= 0.5 else 0
    kept = [ln.words if p >= 0.5 else 0 for ln, p in zip(lines, probs, strict=True)]
    total_kept = sum(kept) or 1
    own_features = itemgetter(*_OWN_INDEX)
    behind = 0
    seen = 0
    out: list[list[float]] = []
    for i, (p, f, near, mean) in enumerate(zip(probs, feats, around, means, strict=True)):
        seen_before = seen / total_kept
        seen += kept[i]
        own = own_features(f)
        run_after = ahead[i + 1] / 10
        vocab, after_final = own[_VOCAB], own[_AFTER_FINAL]
        out.append([
            _logit(p), *near, *mean,
            1.0 if first <= i <= last else 0.0,
            log1p(first - i) if i < first else 0.0,
            log1p(i - last) if i > last else 0.0,
            seen_before, (total_kept - seen) / total_kept,
            *own,
            behind / 10, run_after, after_final * vocab, after_final * run_after,
            vocab * run_after,
        ])
        behind = (behind + 1 if behind < 10 else 10) if p >= 0.5 else 0
    return out


_SQRT = [math.sqrt(k) for k in range(64)]


def lexical_features(lines: Sequence[Line], lexicon: dict[str, float]) -> list[list[float]]:
    """Each line's `LEXICAL_NAMES`: the mean, lowest and highest lexicon weight of its words
    (words the lexicon does not hold weigh 0)."""
    get = lexicon.get
    out = []
    for ln in lines:
        toks = ln.toks
        if toks:
            weights = list(map(get, toks, repeat(0.0, len(toks))))
            out.append([sum(weights) / len(weights), min(weights), max(weights)])
        else:
            out.append([0.0, 0.0, 0.0])
    return out


class _Linear:
    """A logistic regression with its scaling folded into the weights."""

    def __init__(self, spec: dict[str, Any]) -> None:
        mean, scale, coef = spec["mean"], spec["scale"], spec["coef"]
        self.weights = [c / s for c, s in zip(coef, scale, strict=True)]
        self.bias = spec["intercept"] - sum(
            c * m / s for c, m, s in zip(coef, mean, scale, strict=True))

    def __call__(self, rows: Sequence[Sequence[float]]) -> list[float]:
        w, b = self.weights, self.bias
        out = []
        for row in rows:
            z = b + sum(map(mul, w, row))
            out.append(1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0)
        return out


class _Trees:
    """Boosted regression trees (the headline's reranker), scored by walking each tree."""

    def __init__(self, trees: list[dict[str, list[Any]]]) -> None:
        self.trees = [(t["feature"], t["threshold"], t["left"], t["right"], t["leaf"])
                      for t in trees]

    def __call__(self, rows: Sequence[Sequence[float]]) -> list[float]:
        out = []
        for row in rows:
            total = 0.0
            for feature, threshold, left, right, leaf in self.trees:
                k = 0 if feature else -1
                while k >= 0:  # an inner node; a leaf is ~index
                    k = left[k] if row[feature[k]] <= threshold[k] else right[k]
                total += leaf[~k]
            out.append(total)
        return out


class Model:
    """The two stages and the decision threshold."""

    def __init__(self, spec: dict[str, Any]) -> None:
        if tuple(spec["features"]) != FEATURE_NAMES or tuple(spec["stage2_features"]) != (
                STAGE2_NAMES):
            raise ValueError("the model was trained on other features: retrain it")
        if tuple(spec.get("lexical_features", ())) != LEXICAL_NAMES:
            raise ValueError("the model was trained on other lexical features: retrain it")
        if spec.get("title") and tuple(spec["title_features"]) != TITLE_NAMES:
            raise ValueError("the title model was trained on other features: retrain it")
        self.spec = spec
        self.lexicon: dict[str, float] = spec["lexicon"]
        self.stage1 = _Linear(spec["stage1"])
        self.stage2 = _Linear(spec["stage2"])
        self.threshold: float = spec["threshold"]
        self.span_bias: float = spec.get("span_bias", 0.5)
        self.gap_weight: float = spec.get("gap_weight", 1.0)
        self.hard_drop: bool = spec.get("hard_drop", False)
        self.outside: float = spec.get("outside", 1.1)  # likelier lines kept outside the span
        self.max_gap: int = spec.get("max_gap", 1_000_000)
        self.gap_cost: float = spec.get("gap_cost", 0.0)
        self.lone_weight: float = spec.get("lone_weight", 1.0)
        self.short_threshold: float = spec.get("short_threshold", self.threshold)  # <= 6 words
        self.title = _Linear(spec["title"]) if spec.get("title") else None
        self.title_threshold: float = spec.get("title_threshold", 0.5)
        self.title_trees = _Trees(spec["title_trees"]) if spec.get("title_trees") else None
        self.title_top: int = spec.get("title_top", 1)

    @staticmethod
    def linear(spec: dict[str, Any]) -> _Linear:
        """One stage on its own (the training script stacks them)."""
        return _Linear(spec)

    def probabilities(self, lines: Sequence[Line],
                      feats: Sequence[Sequence[float]]) -> list[float]:
        """Each line's probability of belonging to the article body."""
        if not lines:
            return []
        rows = [[*f, *lex] for f, lex in zip(feats, lexical_features(lines, self.lexicon),
                                             strict=True)]
        p1 = self.stage1(rows)
        return self.stage2(stage2_features(lines, feats, p1))


_lock = threading.Lock()
_model: Model | None = None


def load_model() -> Model:
    """The shipped model, read from the package data on first use."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                text = resources.files("tui_reader.data").joinpath(MODEL_FILE).read_text(
                    encoding="utf-8")
                _model = Model(json.loads(text))
    return _model
