"""Train the page cleaner's keep/drop model and report leave-site-out cross-validation.

Usage: python training/train_cleaner.py [--shared ../shared] [--out tui_reader/data/...]
                                        [--folds 5] [--no-cv] [--compare] [--no-write]

Reads the pages from SHARED/pages-train (gold bodies, must / must-not snippets, titles) and
SHARED/pages-dev (gold bodies); never copies them. Needs the training extras
(`pip install -r training/requirements.txt`: scikit-learn, and lightgbm for the headline's
reranker);
the product itself only reads the JSON file this writes.

Labels, one per dump line:
  * gold pages: the dump's tokens are aligned to the gold body's (difflib, in order, runs of
    at least 3 tokens, or a whole short line); a line is "keep" when most of its tokens are
    aligned. In-order alignment matters: a print copy or a teaser repeating the lede is
    "drop" because the gold text was used up by the first, real, copy.
  * snippet pages: a line holding (part of) a must snippet is "keep", one holding a must-not
    snippet "drop" (weight 1). The other lines are labelled weakly (weight 0.3) by a teacher:
    trafilatura run on the page's HTML, aligned to the dump like a gold body. The teacher's
    labels are cached in training/.cache (they depend on trafilatura's version).

Cross-validation groups the pages by site (the address's host; near-duplicate pages share a
group): no site is in both the fitting and the scored folds. The figures printed are those
of the whole cleaner (`clean_with`), scored like bench/cleaning.py: bag-of-words F1 on the
gold pages, must / must-not on the snippet pages, titles by token F1 >= 0.8.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import hashlib
import json
import math
import random
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_reader.cleaner_features import (  # noqa: E402
    FEATURE_NAMES,
    TITLE_NAMES,
    Line,
    normalise,
    page_features,
    tokens,
)
from tui_reader.cleaner_model import (  # noqa: E402
    LEXICAL_NAMES,
    STAGE2_NAMES,
    Model,
    lexical_features,
    stage2_features,
)
from tui_reader.cleaning import body_lines, clean_with, headline_candidates  # noqa: E402

SEED = 12
# The sources a model file depends on; their hashes are recorded in it (tests compare them).
# The sources whose change changes the features (dates.py finds the byline / date lines,
# the function words give the page's language): retrain after any of them changes.
TRAINED_WITH = ("tui_reader/cleaner_features.py", "tui_reader/cleaner_model.py",
                "tui_reader/cleaning.py", "training/train_cleaner.py", "tui_reader/dates.py",
                "tui_reader/language.py", "tui_reader/data/function_words.tsv")
WEAK = 0.3  # weight of a teacher label
C1, C2 = 0.3, 1.0  # inverse regularisation of the two stages
C_TITLE = 1.0
# The headline's reranker: boosted trees over the candidate features, reordering the
# conditional logit's best TITLE_TOP candidates (training/title_experiments.py compared it).
TITLE_TOP = 3
RANKER = {"n_estimators": 300, "num_leaves": 7, "learning_rate": 0.05, "subsample": 0.8,
          "subsample_freq": 1, "colsample_bytree": 0.8}
DECODE: dict[str, Any] = {"threshold": 0.35, "span_bias": 0.5, "gap_weight": 0.1,
                          "hard_drop": True, "outside": 1.1, "gap_cost": 0.0,
                          "lone_weight": 0.25}
TITLE_THRESHOLD = 0.5  # the conditional logit's "none of them" option scores 0


# ---------------------------------------------------------------- pages and labels

@dataclass
class Page:
    pid: str
    corpus: str  # "train" or "dev"
    kind: str  # "gold" or "snippets"
    site: str
    text: str
    gold: str | None = None
    title: str | None = None
    must: list[str] = field(default_factory=list)
    must_not: list[str] = field(default_factory=list)
    html: Path | None = None
    lines: list[Line] = field(default_factory=list)
    feats: list[list[float]] = field(default_factory=list)
    labels: list[float] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)


def _site(url: str, fallback: str) -> str:
    host = urlsplit(url).hostname or ""
    host = host.removeprefix("www.")
    return host or fallback


def _snippets(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [s for s in (_norm(x) for x in path.read_text(encoding="utf-8").splitlines()) if s]


_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")


def _norm(text: str) -> str:
    text = _INVISIBLE.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def load_pages(shared: Path) -> list[Page]:
    pages: list[Page] = []
    train = shared / "pages-train"
    rows = [json.loads(x) for x in (train / "manifest.jsonl").read_text().splitlines() if x]
    group = {r["id"]: _site(r["url"], "id:" + r["id"]) for r in rows}
    for r in rows:  # keep near duplicates on one side
        for other in r.get("near_duplicates") or []:
            a, b = sorted((group[r["id"]], group.get(other, group[r["id"]])))
            for k, v in group.items():
                if v == b:
                    group[k] = a
    for r in rows:
        pid = r["id"]
        title_path = train / "title" / f"{pid}.txt"
        page = Page(pid, "train", r["labels"], group[pid],
                    (train / "dumps" / f"{pid}.txt").read_text(encoding="utf-8"),
                    title=title_path.read_text(encoding="utf-8").strip()
                    if title_path.exists() else None,
                    html=train / "html" / f"{pid}.html.gz")
        if page.kind == "gold":
            page.gold = (train / "gold" / f"{pid}.txt").read_text(encoding="utf-8")
        else:
            page.must = _snippets(train / "must" / f"{pid}.txt")
            page.must_not = _snippets(train / "must-not" / f"{pid}.txt")
        pages.append(page)
    dev = shared / "pages-dev"
    for x in (dev / "manifest.jsonl").read_text().splitlines():
        if not x:
            continue
        r = json.loads(x)
        pid = r["id"]
        pages.append(Page(pid, "dev", "gold", _site(r["url"], "id:" + pid),
                          (dev / "dumps" / f"{pid}.txt").read_text(encoding="utf-8"),
                          gold=(dev / "gold" / f"{pid}.txt").read_text(encoding="utf-8")))
    return pages


def align(lines: list[Line], reference: str) -> list[float]:
    """Share of each line's tokens aligned, in order, to the reference text's tokens."""
    ref = tokens(reference)
    seq: list[str] = []
    owner: list[int] = []
    for k, ln in enumerate(lines):
        seq.extend(ln.toks)
        owner.extend([k] * len(ln.toks))
    matched = [0] * len(lines)
    sm = difflib.SequenceMatcher(None, seq, ref, autojunk=False)
    for a, _, size in sm.get_matching_blocks():
        if size == 0:
            continue
        whole = size >= 3 or (owner[a] == owner[a + size - 1] and size == len(lines[owner[a]].toks)
                              and (a == 0 or owner[a - 1] != owner[a]))
        if whole:
            for j in range(a, a + size):
                matched[owner[j]] += 1
    return [m / len(ln.toks) if ln.toks else 0.0 for m, ln in zip(matched, lines, strict=True)]


def _teacher(pages: list[Page], cache: Path) -> dict[str, str]:
    """trafilatura's extraction of each snippet page's HTML (cached)."""
    import trafilatura

    path = cache / f"teacher-{trafilatura.__version__}.json"
    known: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    todo = [p for p in pages if p.kind == "snippets" and p.pid not in known]
    for k, page in enumerate(todo):
        assert page.html is not None
        raw = gzip.decompress(page.html.read_bytes())
        try:
            text = trafilatura.extract(raw, include_comments=False, include_tables=True) or ""
        except Exception:  # noqa: BLE001 - a teacher failure leaves the page's lines unlabelled
            text = ""
        known[page.pid] = text
        if k % 100 == 99:
            print(f"  teacher {k + 1}/{len(todo)}", file=sys.stderr)
    if todo:
        cache.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(known, sort_keys=True))
    return known


def _contains(line: str, snippet: str) -> bool:
    return snippet in line or (len(line) >= 25 and line in snippet)


def label_pages(pages: list[Page], cache: Path) -> None:
    label_lines(pages, _teacher(pages, cache))


def label_lines(pages: list[Page], teacher: dict[str, str] | None = None) -> None:
    """Lines, features, labels and weights of each page (see the module's docstring)."""
    teacher = teacher or {}
    for page in pages:
        page.lines = normalise(page.text)
        page.feats = page_features(page.lines)
        n = len(page.lines)
        if page.kind == "gold":
            assert page.gold is not None
            shares = align(page.lines, page.gold)
            page.labels = [float(s >= 0.5) for s in shares]
            page.weights = [1.0] * n
            continue
        shares = align(page.lines, teacher.get(page.pid, ""))
        labels = [float(s >= 0.5) for s in shares]
        weights = [WEAK if teacher.get(page.pid) else 0.0] * n
        # snippets may run over several lines: find them in the joined text
        joined, starts = "", []
        for ln in page.lines:
            starts.append(len(joined))
            joined += _norm(ln.text) + " "
        for snippets, value in ((page.must_not, 0.0), (page.must, 1.0)):
            for s in snippets:
                for m in re.finditer(re.escape(s), joined):
                    for k in range(n):
                        end = starts[k + 1] if k + 1 < n else len(joined)
                        if starts[k] < m.end() and m.start() < end - 1:
                            labels[k], weights[k] = value, 1.0
        page.labels, page.weights = labels, weights


# ---------------------------------------------------------------- fitting

def _fit_linear(rows: list[list[float]], y: list[float], w: list[float], c: float) -> dict:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(rows, dtype=float)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    clf = LogisticRegression(C=c, max_iter=3000, random_state=SEED)
    clf.fit((x - mean) / scale, np.asarray(y), sample_weight=np.asarray(w))
    return {"mean": [round(float(v), 8) for v in mean],
            "scale": [round(float(v), 8) for v in scale],
            "coef": [round(float(v), 8) for v in clf.coef_[0]],
            "intercept": round(float(clf.intercept_[0]), 8)}


def _fit_choice(groups: list[tuple[list[list[float]], list[float]]], c: float) -> dict:
    """A conditional logit: one softmax over each page's candidates and a "none of them"
    option scored 0, so a candidate is the title when its score is above 0 (probability
    above 0.5 in the shipped logistic form). Candidates are ranked against each other, not
    judged one by one as a pointwise regression would."""
    import numpy as np
    from scipy.optimize import minimize

    x = np.asarray([r for rows, _ in groups for r in rows], dtype=float)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    data = []
    for rows, y in groups:
        target = np.append(np.asarray(y, dtype=float), 0.0 if any(y) else 1.0)
        data.append(((np.asarray(rows, dtype=float) - mean) / scale, target / target.sum()))

    def loss(w: Any) -> tuple[float, Any]:
        coef, bias = w[:-1], w[-1]
        total = 0.5 * float(coef @ coef) / c
        grad = np.zeros_like(w)
        grad[:-1] = coef / c
        for xs, target in data:
            z = np.append(xs @ coef + bias, 0.0)
            top = z.max()
            e = np.exp(z - top)
            total -= float(target @ (z - top - np.log(e.sum())))
            d = (e / e.sum() - target)[:-1]
            grad[:-1] += xs.T @ d
            grad[-1] += d.sum()
        return total, grad

    w = minimize(loss, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B").x
    return {"mean": [round(float(v), 8) for v in mean],
            "scale": [round(float(v), 8) for v in scale],
            "coef": [round(float(v), 8) for v in w[:-1]],
            "intercept": round(float(w[-1]), 8)}


def _fit_ranker(groups: list[tuple[list[list[float]], list[float]]]) -> Any:
    """LightGBM's lambdarank over each page's candidates."""
    import lightgbm as lgb
    import numpy as np

    x = np.asarray([r for rows, _ in groups for r in rows], dtype=float)
    y = [int(v) for _, ys in groups for v in ys]
    ranker = lgb.LGBMRanker(**RANKER, random_state=SEED, n_jobs=1, verbose=-1)
    return ranker.fit(x, y, group=[len(rows) for rows, _ in groups])


def export_trees(ranker: Any) -> list[dict[str, list]]:
    """A fitted LightGBM model as plain trees (what `cleaner_model` walks): per tree the
    split features and thresholds, the child on each side (negative: ~leaf), the leaves."""
    trees = []
    for info in ranker.booster_.dump_model()["tree_info"]:
        tree: dict[str, list] = {"feature": [], "threshold": [], "left": [], "right": [],
                                 "leaf": []}

        def walk(node: dict[str, Any], tree: dict[str, list] = tree) -> int:
            if "leaf_value" in node:
                tree["leaf"].append(round(float(node["leaf_value"]), 8))
                return -len(tree["leaf"])
            if node["decision_type"] != "<=" or node.get("missing_type") not in (None, "None"):
                raise ValueError(f"unexpected split: {node['decision_type']}, "
                                 f"missing {node.get('missing_type')}")
            k = len(tree["feature"])
            tree["feature"].append(int(node["split_feature"]))
            tree["threshold"].append(float(node["threshold"]))
            tree["left"].append(0)
            tree["right"].append(0)
            tree["left"][k] = walk(node["left_child"])
            tree["right"][k] = walk(node["right_child"])
            return k

        walk(info["tree_structure"])
        trees.append(tree)
    return trees


LEX_SITES = 3  # a word weighs in the lexicon once this many sites use it
LEX_MIN = 0.1  # ... and when its weight is at least this far from 0
LEX_CLIP = 4.0


def lexicon(pages: list[Page]) -> dict[str, float]:
    """Each word's log-odds of sitting in a kept rather than a dropped line, relative to all
    words (lines weighted as labelled, a word counted once a line), for words that
    `LEX_SITES` sites or more use: a word of one site's menu says nothing of other sites."""
    keep: Counter[str] = Counter()
    drop: Counter[str] = Counter()
    sites: dict[str, set[str]] = {}
    for p in pages:
        for ln, lab, wt in zip(p.lines, p.labels, p.weights, strict=True):
            if wt <= 0:
                continue
            for t in set(ln.toks):
                keep[t] += wt * lab
                drop[t] += wt * (1 - lab)
                sites.setdefault(t, set()).add(p.site)
    base = math.log((sum(keep.values()) + 1) / (sum(drop.values()) + 1))
    out = {}
    for t in sorted(sites):
        if len(sites[t]) < LEX_SITES:
            continue
        v = math.log((keep[t] + 1) / (drop[t] + 1)) - base
        if abs(v) >= LEX_MIN:
            out[t] = round(max(-LEX_CLIP, min(LEX_CLIP, v)), 2)
    return out


def _stack(pages: list[Page], lex: dict[str, float] | None = None
           ) -> tuple[list[list[float]], list[float], list[float]]:
    """Stage-1 rows (the line features, and the lexical ones with `lex`), labels, weights."""
    rows: list[list[float]] = []
    y: list[float] = []
    w: list[float] = []
    for p in pages:
        extra = lexical_features(p.lines, lex) if lex is not None else [[]] * len(p.feats)
        for f, x, lab, wt in zip(p.feats, extra, p.labels, p.weights, strict=True):
            if wt > 0:
                rows.append(f + x)
                y.append(lab)
                w.append(wt)
    return rows, y, w


def _folds(pages: list[Page], k: int) -> list[list[int]]:
    """Page indices of k folds, whole sites per fold, sites dealt by a hash (deterministic)."""
    sites = sorted({p.site for p in pages},
                   key=lambda s: hashlib.sha1(f"{SEED}:{s}".encode()).hexdigest())
    size: Counter[int] = Counter()
    where: dict[str, int] = {}
    weight = Counter(p.site for p in pages)
    for s in sorted(sites, key=lambda s: -weight[s]):  # biggest sites first, to the lightest fold
        fold = min(range(k), key=lambda f: (size[f], f))
        where[s] = fold
        size[fold] += weight[s]
    return [[i for i, p in enumerate(pages) if where[p.site] == f] for f in range(k)]


# Headings of boxes set inside an article (related stories, most read, ads), in the languages of
# the pages; augment() puts such boxes into gold bodies.
BOX_HEADINGS = (
    "Most read", "Related stories", "Read more", "Recommended", "Watch", "Advertisement",
    "More on this story", "Trending", "Lesen Sie auch", "Meistgelesen", "Mehr zum Thema",
    "Lire aussi", "Les plus lus", "Más leídas", "Te puede interesar", "Leia também",
    "Leggi anche", "Zobacz także",
)


def augment(pages: list[Page]) -> list[Page]:
    """Copies of the gold pages: a box inside the body, teasers after it, a list, a short page.

    In the pages, prose after "Most read" and its headlines is nearly always teasers, so a
    model learns that the article ends there; on unseen sites the box often sits inside the
    text, which goes on after it. Each copy puts a box heading and 3-6 short lines from the
    furniture of another page between two body paragraphs (labels: box "drop", the rest as
    the original); a second puts the heading over headlines and paragraphs of other pages
    after the body ("drop"), as related-story lists are; a third sets a paragraph of the body
    as a list of its clauses, one a line ("keep": recipes, tour dates, standings, product
    lists are bodies of short lines); a fourth keeps only the headline and
    the first few paragraphs (short news pages exist). Copies keep their page's site, so they
    stay in its fold.
    """
    rng = random.Random(SEED)
    gold = [p for p in pages if p.kind == "gold"]
    pool = [ln.text for p in gold for ln, lab in zip(p.lines, p.labels, strict=True)
            if not lab and 4 <= ln.words <= 14 and not ln.ends]
    prose = [ln.text for p in gold for ln, lab in zip(p.lines, p.labels, strict=True)
             if lab and ln.strong]
    out = []
    for page in gold:
        body = [i for i, lab in enumerate(page.labels) if lab]
        inner = [i for a, i in pairwise(body) if i == a + 1][2:-2]
        if len(inner) < 2 or not pool:
            continue
        texts: list[Line | str] = list(page.lines)
        # a box inside the text, which goes on after it
        at = rng.choice(inner)
        box = [rng.choice(BOX_HEADINGS), *rng.sample(pool, rng.randint(3, 6))]
        out.append(_copy(page, "+box", [*texts[:at], *box, *texts[at:]],
                         [*page.labels[:at], *[0.0] * len(box), *page.labels[at:]], 1.0))
        # and the same heading over teasers (headline, blurb) after the end of the text
        at = body[-1] + 1
        teasers = [rng.choice(BOX_HEADINGS)]
        for _ in range(rng.randint(2, 4)):
            teasers += [rng.choice(pool), rng.choice(prose)]
        out.append(_copy(page, "+teasers", [*texts[:at], *teasers, *texts[at:]],
                         [*page.labels[:at], *[0.0] * len(teasers), *page.labels[at:]], 0.5))
        # a paragraph of the body set as a list: its clauses as short lines ("keep")
        long = [i for i in body[1:-1] if page.lines[i].punct >= 4 and page.lines[i].words >= 20]
        if long:
            at = rng.choice(long)
            items = [c.strip(" ,;.") for c in re.split(r"[,;]", page.lines[at].text)]
            items = [c for c in items if 1 <= len(c.split()) <= 10]
            if len(items) >= 3:
                out.append(_copy(page, "+list", [*texts[:at], *items, *texts[at + 1:]],
                                 [*page.labels[:at], *[1.0] * len(items),
                                  *page.labels[at + 1:]], 0.5))
        # and a short page: the headline and the first few paragraphs, with what sits around
        a = max(0, body[0] - rng.randint(1, 4))
        b = min(len(texts), body[min(len(body) - 1, rng.randint(2, 5))] + rng.randint(1, 3))
        out.append(_copy(page, "+short", texts[a:b], page.labels[a:b], 0.5))
    return [c for c in out if c is not None]


def _copy(page: Page, suffix: str, texts: list[Line | str], labels: list[float],
          weight: float) -> Page | None:
    """A page of `texts`: the page's own lines keep their blank lines, inserted ones get none."""
    parts = []
    for t in texts:
        if isinstance(t, str):
            parts.append("\n" + t)
        else:
            parts.append(("\n\n" if t.blank_before else "\n") + t.text)
    text = "".join(parts).lstrip("\n")
    copy = Page(page.pid + suffix, page.corpus, page.kind, page.site, text)
    copy.lines = normalise(text)
    if len(copy.lines) != len(labels):
        return None
    copy.feats = page_features(copy.lines)
    copy.labels, copy.weights = labels, [weight] * len(labels)
    return copy


def fit(pages: list[Page], inner: int = 3) -> dict[str, Any]:
    """Both stages on `pages` (and augmented copies); the second stage is fitted on
    out-of-fold first-stage probabilities."""
    pages = pages + augment(pages)
    lex = lexicon(pages)
    rows, y, w = _stack(pages, lex)
    stage1 = _fit_linear(rows, y, w, C1)
    s2_rows: list[list[float]] = []
    s2_y: list[float] = []
    s2_w: list[float] = []
    for fold in _folds(pages, inner):
        held = set(fold)
        part = [p for i, p in enumerate(pages) if i not in held]
        part_lex = lexicon(part)  # the held pages' words stay out of it, as in the outer CV
        spec = _fit_linear(*_stack(part, part_lex), C1)
        lin = Model.linear(spec)
        for i in fold:
            p = pages[i]
            p1 = lin([f + x for f, x in zip(p.feats, lexical_features(p.lines, part_lex),
                                            strict=True)])
            for r, lab, wt in zip(stage2_features(p.lines, p.feats, p1), p.labels, p.weights,
                                  strict=True):
                if wt > 0:
                    s2_rows.append(r)
                    s2_y.append(lab)
                    s2_w.append(wt)
    stage2 = _fit_linear(s2_rows, s2_y, s2_w, C2)
    spec: dict[str, Any] = {
        "version": 1, "features": list(FEATURE_NAMES), "stage2_features": list(STAGE2_NAMES),
        "lexical_features": list(LEXICAL_NAMES), "stage1": stage1, "stage2": stage2,
        **DECODE, "lexicon": lex}
    body_model = Model(spec)
    groups: list[tuple[list[list[float]], list[float]]] = []
    for p in pages:
        if not p.title:
            continue
        probs = body_model.probabilities(p.lines, p.feats)
        keep = body_lines(p.lines, probs, body_model)
        candidates, rows = headline_candidates(p.lines, keep, probs) if keep else ([], [])
        if not candidates:
            continue
        scores = [title_f1(p.lines[i].text, p.title) for i in candidates]
        top = max(scores)
        groups.append((rows, [float(f >= 0.8 or (f == top and f >= 0.5)) for f in scores]))
    spec["title"] = _fit_choice(groups, C_TITLE)
    spec["title_trees"] = export_trees(_fit_ranker(groups))
    spec["title_top"] = TITLE_TOP
    spec["title_features"] = list(TITLE_NAMES)
    spec["title_threshold"] = TITLE_THRESHOLD
    return spec


# ---------------------------------------------------------------- scoring

def _bow(text: str) -> Counter[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    words = ("".join(ch for ch in w if unicodedata.category(ch)[0] not in "PS")
             for w in text.split())
    return Counter(w for w in words if w)


def bow_f1(pred: str, gold: str) -> float:
    p, g = _bow(pred), _bow(gold)
    tp = sum((p & g).values())
    np_, ng = sum(p.values()), sum(g.values())
    if not np_ and not ng:
        return 1.0
    if not tp:
        return 0.0
    prec, rec = tp / np_, tp / ng
    return 2 * prec * rec / (prec + rec)


def title_f1(pred: str, gold: str) -> float:
    """Token F1 of two titles, invisible characters removed first (soft hyphens in a gold
    title, "Deutsch\u00adland", are none of its letters)."""
    p, g = Counter(tokens(_INVISIBLE.sub("", pred))), Counter(tokens(_INVISIBLE.sub("", gold)))
    tp = sum((p & g).values())
    if not tp:
        return 0.0
    prec, rec = tp / sum(p.values()), tp / sum(g.values())
    return 2 * prec * rec / (prec + rec)


def score(pages: list[Page], predictions: dict[str, tuple[str, str]]) -> dict[str, float]:
    """Figures over `pages` from {pid: (body, title)}."""
    gold_f1 = []
    dev_f1 = []
    must = found = must_not = kept = 0
    titles = []
    for p in pages:
        body, title = predictions[p.pid]
        if p.kind == "gold":
            assert p.gold is not None
            f = bow_f1(body, p.gold)
            gold_f1.append(f)
            if p.corpus == "dev":
                dev_f1.append(f)
        else:
            text = _norm(body)
            must += len(p.must)
            found += sum(s in text for s in p.must)
            must_not += len(p.must_not)
            kept += sum(s in text for s in p.must_not)
        if p.title:
            titles.append(title_f1(title, p.title) >= 0.8)
    out = {
        "gold_pages": len(gold_f1),
        "mean_f1": statistics.fmean(gold_f1) if gold_f1 else 0.0,
        "share_f1_0.9": statistics.fmean(f >= 0.9 for f in gold_f1) if gold_f1 else 0.0,
        "dev_mean_f1": statistics.fmean(dev_f1) if dev_f1 else 0.0,
        "must_found": found / must if must else 0.0,
        "must_not_kept": kept / must_not if must_not else 0.0,
        "titles_right": statistics.fmean(titles) if titles else 0.0,
        "title_pages": len(titles),
    }
    return out


def predict(pages: list[Page], model: Any) -> dict[str, tuple[str, str]]:
    out = {}
    for p in pages:
        articles = clean_with(p.text, model)
        out[p.pid] = ("\n\n".join(a.body for a in articles),
                      articles[0].title if articles else "")
    return out


def print_figures(label: str, fig: dict[str, float]) -> None:
    print(f"{label}: gold pages {fig['gold_pages']}: mean F1 {fig['mean_f1']:.3f}, "
          f"F1>=0.9 {fig['share_f1_0.9']:.3f} (pages-dev part {fig['dev_mean_f1']:.3f}); "
          f"snippets: must found {fig['must_found']:.3f}, must-not kept "
          f"{fig['must_not_kept']:.3f}; titles right {fig['titles_right']:.3f} "
          f"of {fig['title_pages']}")


class _Replay(Model):
    """A fold's model replaying its out-of-fold probabilities, to try decoding settings."""

    def __init__(self, model: Model, **decode: Any) -> None:
        self.__dict__.update(model.__dict__)
        self.__dict__.update(decode)
        self.current: list[float] = []

    def probabilities(self, lines: Any, feats: Any) -> list[float]:
        return self.current


def cross_validate(pages: list[Page], k: int
                   ) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[Model, list[float]]]]:
    """Out-of-fold predictions, and each page's fold model and out-of-fold probabilities."""
    predictions: dict[str, tuple[str, str]] = {}
    oof: dict[str, tuple[Model, list[float]]] = {}
    for n, fold in enumerate(_folds(pages, k)):
        held = set(fold)
        spec = fit([p for i, p in enumerate(pages) if i not in held])
        model = Model(spec)
        predictions.update(predict([pages[i] for i in fold], model))
        for i in fold:
            oof[pages[i].pid] = (model, model.probabilities(pages[i].lines, pages[i].feats))
        print(f"  fold {n + 1}/{k}: {len(fold)} pages scored", file=sys.stderr)
    return predictions, oof


def replay(pages: list[Page], oof: dict[str, tuple[Model, list[float]]],
           **decode: Any) -> dict[str, tuple[str, str]]:
    """The CV's predictions again with other decoding settings (no refitting)."""
    replays: dict[int, _Replay] = {}
    out = {}
    for p in pages:
        model, probs = oof[p.pid]
        r = replays.setdefault(id(model), _Replay(model, **decode))
        r.current = probs
        articles = clean_with(p.text, r)
        out[p.pid] = ("\n\n".join(a.body for a in articles), articles[0].title if articles else "")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "tui_reader" / "data" / "cleaner_model.json")
    ap.add_argument("--cache", type=Path, default=ROOT / "training" / ".cache")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    ap.add_argument("--no-write", action="store_true", help="do not write the model file")
    ap.add_argument("--tune", action="store_true", help="try decoding settings on the CV")
    ap.add_argument("--check", action="store_true",
                    help="retrain and compare with the model file instead of writing it")
    ap.add_argument("--save-oof", type=Path, help="pickle the CV's probabilities here")
    ap.add_argument("--per-page", type=Path, help="write the CV's per-page figures here (TSV)")
    args = ap.parse_args()
    began = time.perf_counter()
    pages = load_pages(args.shared)
    label_pages(pages, args.cache)
    print(f"{len(pages)} pages, {len({p.site for p in pages})} sites, "
          f"{sum(len(p.lines) for p in pages)} lines "
          f"({time.perf_counter() - began:.0f} s)", file=sys.stderr)
    if not args.no_cv:
        predictions, oof = cross_validate(pages, args.folds)
        if args.save_oof:
            import pickle

            args.save_oof.write_bytes(pickle.dumps(
                {pid: (probs, predictions[pid]) for pid, (_, probs) in oof.items()}))
        print_figures(f"leave-site-out CV ({args.folds} folds)", score(pages, predictions))
        if args.tune:
            for threshold in (0.35, 0.45):
                for lone in (0.25, 1.0):
                    decode = {**DECODE, "threshold": threshold, "lone_weight": lone}
                    print_figures(f"  {decode}", score(pages, replay(pages, oof, **decode)))
        if args.per_page:
            with args.per_page.open("w") as out:
                for p in pages:
                    body, title = predictions[p.pid]
                    f = bow_f1(body, p.gold) if p.gold else -1
                    out.write(f"{p.pid}\t{p.kind}\t{p.site}\t{f:.3f}\t{title}\t{p.title}\n")
    if not args.no_write or args.check:
        spec = fit(pages)
        spec["trained_with"] = {
            rel: hashlib.sha256((ROOT / rel).read_bytes()).hexdigest() for rel in TRAINED_WITH}
        text = json.dumps(spec, separators=(",", ":")) + "\n"
        if args.check:
            same = args.out.exists() and args.out.read_text() == text
            print(f"{args.out}: {'the same' if same else 'DIFFERENT'} as retrained")
            return 0 if same else 1
        args.out.write_text(text)
        print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
