"""Validate the sentiment layer against human judgement.

    python benchmarks/sentiment.py --nyt ../shared/ext/vader-groundtruth/nytEditorialSnippets_GroundTruth.txt \
                                   --newsmtsc ../shared/ext/newsmtsc

* VADER (NLTK, offline lexicon) on the NYT editorial snippets of Hutto &
  Gilbert (2014): Pearson r between the compound score and the mean human
  rating, and 3-class F1 with the paper's rule (human mean / 4 and compound
  each cut at ±0.05 into negative / neutral / positive; F1 macro-averaged
  over the three classes, with micro and weighted F1 reported beside it).
* NewsMTSC rw test split (70%): macro-F1 of whole-sentence VADER (thresholds
  tuned on train.jsonl) and of the actor-directed model (tuned on train and
  the rw dev split by train_actor_sentiment.py).

Writes benchmarks/results/sentiment.json.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.stats import pearsonr
from sklearn.metrics import f1_score

from common import load_newsmtsc, require, write_results
from analysis.measures.stance import default_model
from analysis.measures.vader import polarity


def three_class(values, threshold=0.05, low=None, high=None):
    values = np.asarray(values)
    low = -threshold if low is None else low
    high = threshold if high is None else high
    return np.where(values <= low, -1, np.where(values >= high, 1, 0))


def nyt(path):
    ratings, texts = [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\r\n").split("\t")
            if len(parts) >= 3:
                ratings.append(float(parts[1])); texts.append(parts[2])
    human = np.array(ratings) / 4
    compound = np.array([polarity(t)["compound"] for t in texts])
    h, v = three_class(human), three_class(compound)
    return {
        "nyt_n": len(texts),
        "nyt_pearson_r": round(float(pearsonr(compound, human).statistic), 4),
        "nyt_f1": round(float(f1_score(h, v, average="macro")), 4),
        "nyt_f1_micro": round(float(f1_score(h, v, average="micro")), 4),
        "nyt_f1_weighted": round(float(f1_score(h, v, average="weighted")), 4),
        "nyt_f1_method": "3 classes at ±0.05 on human mean/4 and on VADER compound; macro-F1",
    }


def tune_thresholds(compound, y):
    grid = np.round(np.arange(-0.8, 0.81, 0.05), 2)
    best = max(((f1_score(y, three_class(compound, low=lo, high=hi), average="macro"), lo, hi)
                for lo in grid[grid <= 0] for hi in grid[grid >= 0]))
    return best[1], best[2]


def newsmtsc(root):
    train = load_newsmtsc(root / "train.jsonl")
    test = load_newsmtsc(root / "splits_30dev_70test" / "rw" / "test.jsonl")
    c_train = np.array([polarity(s)["compound"] for s, *_ in train])
    low, high = tune_thresholds(c_train, np.array([r[3] for r in train]))
    y = np.array([r[3] for r in test])
    c_test = np.array([polarity(s)["compound"] for s, *_ in test])
    t0 = time.perf_counter()
    pred = default_model().predict([r[:3] for r in test])
    seconds = time.perf_counter() - t0
    return {
        "newsmtsc_rw_test_n_targets": len(test),
        "newsmtsc_rw_test_macro_f1_sentence": round(float(f1_score(y, three_class(c_test, low=low, high=high), average="macro")), 4),
        "newsmtsc_rw_test_macro_f1_sentence_pm005": round(float(f1_score(y, three_class(c_test), average="macro")), 4),
        "newsmtsc_sentence_thresholds_from_train": [float(low), float(high)],
        "newsmtsc_rw_test_macro_f1_actor": round(float(f1_score(y, pred, average="macro")), 4),
        "newsmtsc_actor_targets_per_second": round(len(test) / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nyt", help="nytEditorialSnippets_GroundTruth.txt")
    parser.add_argument("--newsmtsc", help="NewsMTSC dataset folder")
    args = parser.parse_args()
    results = {**nyt(require(args.nyt, "nyt")), **newsmtsc(require(args.newsmtsc, "newsmtsc"))}
    path = write_results("sentiment", results)
    print(f"{'measure':48} value\n{'-' * 60}")
    for key, value in results.items():
        print(f"{key:48} {value}")
    print(f"\nPublished: VADER on NYT r = 0.492, F1 = 0.55 (Hutto & Gilbert 2014); NewsMTSC rw best neural "
          f"F1m = 0.831 (Hamborg & Donnay 2021).\nwrote {path}")


if __name__ == "__main__":
    main()
