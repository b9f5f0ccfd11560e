"""Could a data-driven neutral word list lift VADER on the NYT editorial snippets?  Cross-validated check.

    python benchmarks/register_search.py --vader-truth ../shared/ext/vader-groundtruth

The news register (``lexicons/register_default.toml``) was written from news
style, not fitted.  This script asks whether *fitting* a list would do better
without overfitting: in 5 folds of the NYT snippets, every VADER lexicon
word seen at least 8 times in the training folds is taken out of the lexicon
in turn; the words whose removal raises Pearson r on the training folds by
more than 0.0015 are neutralised on the held-out fold.  The result (r on
each held-out fold, with the register alone and with the fitted words added)
is written to benchmarks/results/register_search.json.
"""
from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.stats import pearsonr

from common import require, write_results
from sentiment import read_truth
from analysis.measures.register import load_register

MIN_COUNT = 8
MIN_GAIN = 0.0015


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vader-truth", help="folder with nytEditorialSnippets_GroundTruth.txt")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    folder = require(args.vader_truth, "nyt")
    ratings, texts = read_truth(Path(folder) / "nytEditorialSnippets_GroundTruth.txt")
    register = load_register()
    sia = register.analyzer
    lexicon = sia.lexicon

    def score(text: str, drop=()) -> float:
        saved = {w: lexicon.pop(w) for w in drop if w in lexicon}
        try:
            return sia.polarity_scores(register.neutralise(text))["compound"]
        finally:
            lexicon.update(saved)

    base = np.array([score(t) for t in texts])
    words = [{w.strip(".,;:!?\"'()").lower() for w in t.split()} & set(lexicon) for t in texts]
    where = defaultdict(list)
    for i, ws in enumerate(words):
        for w in ws:
            where[w].append(i)
    folds = np.random.default_rng(0).integers(0, args.folds, len(texts))
    held_base, held_fitted, sizes, chosen = [], [], [], defaultdict(int)
    for f in range(args.folds):
        train = np.flatnonzero(folds != f)
        test = np.flatnonzero(folds == f)
        in_train = set(train.tolist())
        r0 = pearsonr(base[train], ratings[train]).statistic
        drop = set()
        for w, idx in where.items():
            idx = [i for i in idx if i in in_train]
            if len(idx) < MIN_COUNT:
                continue
            s = base.copy()
            for i in idx:
                s[i] = score(texts[i], (w,))
            if pearsonr(s[train], ratings[train]).statistic - r0 > MIN_GAIN:
                drop.add(w)
        s = base.copy()
        for i in test:
            if words[i] & drop:
                s[i] = score(texts[i], drop)
        held_base.append(float(pearsonr(base[test], ratings[test]).statistic))
        held_fitted.append(float(pearsonr(s[test], ratings[test]).statistic))
        sizes.append(len(drop))
        for w in drop:
            chosen[w] += 1
    results = {
        "nyt_n": len(texts), "folds": args.folds,
        "heldout_r_register": [round(x, 4) for x in held_base],
        "heldout_r_register_plus_fitted_words": [round(x, 4) for x in held_fitted],
        "mean_heldout_r_register": round(float(np.mean(held_base)), 4),
        "mean_heldout_r_register_plus_fitted_words": round(float(np.mean(held_fitted)), 4),
        "fitted_words_per_fold": sizes,
        "words_chosen_in_most_folds": sorted(chosen, key=lambda w: (-chosen[w], w))[:15],
    }
    path = write_results("register_search", results)
    for k, v in results.items():
        print(f"{k:45} {v}")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
