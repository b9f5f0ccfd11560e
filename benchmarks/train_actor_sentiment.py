"""Train the actor-directed sentiment model on NewsMTSC and store it as JSON in the package.

    python benchmarks/train_actor_sentiment.py --newsmtsc ../shared/ext/newsmtsc

C (the regularisation) is chosen on the rw dev split with the model fitted
on train.jsonl and devtest_mt.jsonl; the final model is then fitted on those
and the rw dev split.  The rw test split (what benchmarks/sentiment.py
reports) is never read here.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
from sklearn.metrics import f1_score

from common import load_newsmtsc, require
from analysis.measures.stance import DEFAULT_MODEL, TargetSentiment, context_features

GRID = (0.3, 0.5, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--newsmtsc", default=None, help="folder with train.jsonl, devtest_mt.jsonl and splits_30dev_70test/")
    parser.add_argument("--out", default=str(DEFAULT_MODEL))
    args = parser.parse_args()
    root = require(args.newsmtsc, "newsmtsc")
    train = load_newsmtsc(root / "train.jsonl") + load_newsmtsc(root / "devtest_mt.jsonl")
    dev = load_newsmtsc(root / "splits_30dev_70test" / "rw" / "dev.jsonl")
    X, y = [r[:3] for r in train], np.array([r[3] for r in train])
    Xd, yd = [r[:3] for r in dev], np.array([r[3] for r in dev])
    t0 = time.perf_counter()
    dense, dense_dev = [context_features(*x) for x in X], [context_features(*x) for x in Xd]
    scores = {}
    for C in GRID:
        model = TargetSentiment(C=C).fit(X, y, dense=dense)
        scores[C] = f1_score(yd, model.predict(Xd, dense=dense_dev), average="macro")
        print(f"C={C:<5} rw dev macro-F1 {scores[C]:.3f}", flush=True)
    best = max(scores, key=scores.get)
    model = TargetSentiment(C=best).fit(X + Xd, np.concatenate([y, yd]), dense=dense + dense_dev)
    model.to_json(args.out, trained_on="NewsMTSC train.jsonl + devtest_mt.jsonl + splits_30dev_70test/rw/dev.jsonl",
                  C_chosen_on="splits_30dev_70test/rw/dev.jsonl (model fitted on train + devtest_mt)",
                  n_train=len(X) + len(Xd), C_grid=list(GRID), rw_dev_macro_f1=round(scores[best], 4))
    print(f"chose C={best} (dev macro-F1 {scores[best]:.3f}); {len(X) + len(Xd)} training targets, "
          f"{time.perf_counter() - t0:.0f}s; wrote {args.out}")


if __name__ == "__main__":
    main()
