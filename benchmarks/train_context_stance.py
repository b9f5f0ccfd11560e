"""Train the context stance model's head on NewsMTSC and store it in the package (needs the [context] extra).

    python benchmarks/train_context_stance.py --newsmtsc ../shared/ext/newsmtsc

The design (:mod:`analysis.measures.context_stance`: the three texts per
target, the frozen all-MiniLM-L6-v2 encoder, the head's ``C`` and class
weights, its weight 0.3 in the average with the shipped word model) was
fixed by cross-validation over the same training targets before this script
existed; here the head is fitted once on NewsMTSC's train.jsonl,
devtest_mt.jsonl and the rw dev split (the targets the word model was
trained on; the rw test split, which ``benchmarks/sentiment.py`` reports,
is never read).  ``--cv`` also prints the head's 5-fold out-of-fold
macro-F1 on those targets (folds stratified by label and file,
``random_state=0``), a check that the head learns, not a choice.

The neutral band of the actor-mentions measure is then chosen as the word
model's is (``train_actor_sentiment.choose_band``: the development articles
of the study's coded mentions, highest Krippendorff's alpha; the held-out
articles are not read).  ``--embeddings FILE.npz`` keeps the encoded
targets so a second run does not encode again (~10 minutes on 2 cores).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from common import load_newsmtsc, require
from analysis.measures.context_stance import CONTEXT_MODEL, ENCODER_NAME, ContextStance, SentenceEncoder, \
    encode_targets
from train_actor_sentiment import CODED, ROOT, choose_band

FILES = ("train.jsonl", "devtest_mt.jsonl", "splits_30dev_70test/rw/dev.jsonl")


def training_targets(root: Path) -> tuple[list, np.ndarray, np.ndarray]:
    """Targets, labels and the file each came from (0, 1, 2 in :data:`FILES` order)."""
    X, y, source = [], [], []
    for i, name in enumerate(FILES):
        rows = load_newsmtsc(root / name)
        X += [r[:3] for r in rows]
        y += [r[3] for r in rows]
        source += [i] * len(rows)
    return X, np.array(y), np.array(source)


def embeddings_for(X, cache: Path | None) -> np.ndarray:
    if cache is not None and cache.exists():
        E = np.load(cache)["E"]
        if len(E) == len(X):
            return E
    t0 = time.process_time()
    E = encode_targets(X, SentenceEncoder(progress=0))
    print(f"encoded {len(X):,} targets in {time.process_time() - t0:.0f} CPU s", flush=True)
    if cache is not None:
        np.savez_compressed(cache, E=E)
    return E


def head_cv(E: np.ndarray, y: np.ndarray, source: np.ndarray, C: float) -> float:
    """The head's out-of-fold macro-F1 (5 folds stratified by label and file)."""
    strata = y * 10 + source
    pred = np.zeros_like(y)
    for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(E, strata):
        head = ContextStance(C=C).fit([None] * len(train), y[train], embeddings=E[train])
        pred[test] = head.classes_[head.head_proba([None] * len(test), embeddings=E[test]).argmax(axis=1)]
    return float(f1_score(y, pred, average="macro"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--newsmtsc", default=None, help="folder with train.jsonl, devtest_mt.jsonl and splits_30dev_70test/")
    parser.add_argument("--out", default=str(CONTEXT_MODEL))
    parser.add_argument("--embeddings", default=None, help="an .npz to keep (or reuse) the encoded training targets")
    parser.add_argument("--cv", action="store_true", help="also print the head's 5-fold out-of-fold macro-F1")
    args = parser.parse_args()
    root = require(args.newsmtsc, "newsmtsc")
    X, y, source = training_targets(root)
    E = embeddings_for(X, Path(args.embeddings) if args.embeddings else None)
    model = ContextStance()
    metadata = dict(trained_on=" + ".join(f"NewsMTSC {f}" for f in FILES), n_train=len(X), encoder=ENCODER_NAME,
                    design_chosen_on="5-fold cross-validation over the same targets (issue 18; rw test not read)")
    if args.cv:
        metadata["head_cv_macro_f1"] = round(head_cv(E, y, source, model.C), 4)
        print(f"head alone, 5-fold out-of-fold macro-F1: {metadata['head_cv_macro_f1']:.4f}", flush=True)
    model.fit(X, y, embeddings=E)
    model.neutral_band = 0.0
    model.to_json(args.out, **metadata)          # saved before the band is chosen, so a fitted head is never lost
    band, chosen = choose_band(model)
    model.neutral_band = band
    metadata.update(neutral_band_chosen_on=f"{CODED.relative_to(ROOT)}, development articles only "
                                           f"({', '.join(chosen['dev_articles'])}; {chosen['n_dev_mentions']} "
                                           "mentions), highest Krippendorff's alpha (in-sample there)",
                    neutral_band_dev_scores={f"{b:.2f}": list(v) for b, v in chosen["scores"].items()})
    model.to_json(args.out, **metadata)
    print(f"neutral band {band}; wrote {args.out}")


if __name__ == "__main__":
    main()
