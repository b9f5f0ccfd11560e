"""Choose and train the story lexicon's frame classifier, and store it as JSON in the package.

    python benchmarks/train_frame_model.py

Training data (:func:`frames.training_sentences`): the development part of
the five articles' coded sheet (never its test part), the sentences written
for the test, the two blind coders' sheets (training data since 2026-12-01)
and coder5's training sheet; never the held-out blind sheet
``data/coding/blind/frames_written_coder4.csv``.

Compared by cross-validation with one fold per source (each article of the
five, each written sheet: a sentence is never predicted by a model that saw
its sheet): the dictionary alone, and the classifier on words and
characters, alone or with the dictionary's match counts as features (the
combination), each with the threshold 0.5 or with per-frame thresholds
chosen on the other sources' out-of-fold probabilities (never on the
held-out source).  The method with the highest macro-F1 over the pooled
out-of-fold predictions (ties: the higher lowest frame) is fitted on
everything and written to ``analysis/models/frames_iraq.json.gz`` with the
comparison in its metadata; if the dictionary wins, no model is written.
The dictionary's figures include sheets it was revised with (the
development part, the sentences written for the test): in-sample there.
Writes the comparison to ``benchmarks/results/frame_model.json``.
"""
from __future__ import annotations

import sys

import pandas as pd

from common import write_results
from frames import FRAMES, TUNED, cross_validated, training_sentences

CANDIDATES = {
    "classifier, words and characters": dict(C=4.0, char=True),
    "classifier, words, characters and dictionary counts": dict(C=4.0, char=True, lexicon="iraq",
                                                                dictionary_weight=0.25),
    "classifier, words, characters and dictionary counts x2": dict(C=4.0, char=True, lexicon="iraq",
                                                                   dictionary_weight=0.5),
}


def choose(table: pd.DataFrame) -> str:
    """The method with the highest macro-F1 (ties: the higher lowest frame F1)."""
    summary = table.groupby("method")["f1"].agg(["mean", "min"])
    return max(summary.index, key=lambda m: (round(summary.loc[m, "mean"], 4), summary.loc[m, "min"]))


def main() -> None:
    from analysis.measures.frame_model import BUNDLED_MODELS, FrameClassifier

    data = training_sentences()
    sources = data["source"].value_counts().sort_index()
    print(f"{len(data)} sentences from {len(sources)} sources:\n{sources.to_string()}", file=sys.stderr)
    table, _ = cross_validated(data, {n: {"random_state": 0, **p} for n, p in CANDIDATES.items()})
    best = choose(table)
    summary = table.groupby("method")["f1"].agg(["mean", "min"]).round(4)
    per_frame = table.pivot(index="method", columns="frame", values="f1").round(3)[FRAMES]
    print(pd.concat([summary, per_frame], axis=1).to_string(), file=sys.stderr)
    results = {"frame_model_cv_n": int(len(data)), "frame_model_cv_sources": list(sources.index),
               "frame_model_cv_folds": "one per source (article of the five, written sheet)",
               "frame_model_chosen": best,
               "frame_model_cv": {m: {"macro_f1": float(r["mean"]), "min_f1": float(r["min"]),
                                      **{f: float(per_frame.loc[m, f]) for f in FRAMES}}
                                  for m, r in summary.iterrows()}}
    if best == "dictionary":
        print("the dictionary wins: no model written", file=sys.stderr)
    else:
        tuned = best.endswith(TUNED)
        params = CANDIDATES[best.removesuffix(TUNED)] | {"tune_thresholds": tuned}
        model = FrameClassifier(random_state=0, **params).fit(data["text"], data[FRAMES].reset_index(drop=True),
                                                               groups=data["source"].to_numpy())
        trained = f"{len(data)} coded sentences: " + ", ".join(f"{s} ({n})" for s, n in sources.items())
        path = model.save(BUNDLED_MODELS["iraq"], trained_on=trained, chosen=best,
                          produced_by="python benchmarks/train_frame_model.py", cv=results["frame_model_cv"])
        results |= {"frame_model_path": "analysis/models/" + path.name, "frame_model_bytes": path.stat().st_size,
                    "frame_model_thresholds": dict(zip(FRAMES, map(float, model.thresholds_)))}
        print(f"wrote {path} ({path.stat().st_size:,} bytes)", file=sys.stderr)
    write_results("frame_model", results)


if __name__ == "__main__":
    main()
