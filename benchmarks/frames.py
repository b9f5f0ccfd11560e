"""Frame validity: the package's frame classifier on the Gun Violence Frame Corpus, and the story dictionary
against the hand coding of the five real articles.

    python benchmarks/frames.py --gvfc ../shared/ext/gvfc

GVFC (Liu et al. 2019): 1,300 news headlines coded into nine frames
(``Q3 Theme1``).  A stratified 80/20 split with a fixed seed; the
regularisation C is chosen by 5-fold cross-validation on the training part
only; the test part is scored once: macro-F1 and accuracy of
:class:`analysis.measures.frame_model.FrameClassifier` (word and character
TF-IDF, one logistic regression per frame; the predicted frame is the most
probable one, as each headline has one Theme1).  The published anchor is a
fine-tuned BERT (Liu et al. 2019).

The story dictionary (``frames_iraq.toml``) against the hand coding in
``data/coding/frames_iraq_coder1.csv`` (every sentence of the five starting
articles, coded from the codebook alone; rules in data/coding/README.md),
split by article into a development part and a frozen test part (the
sheet's ``part`` column, :func:`analysis.corpus.coding.heldout_articles`):

* held-out: on the test part of the five articles, and on the sentences
  in ``data/coding/blind/frames_written_*.csv`` (written and coded from the
  codebook alone by coders who never saw the dictionary, not in the corpus,
  with hard negatives from other stories, never used to revise it); per
  frame Krippendorff's alpha, F1, precision, recall, accuracy and the
  majority baseline (always "absent");
* in-sample: ``tests/data/frames_iraq_heldout.csv`` (sentences written for a
  test; the lexicon's revision of 2026-11-30 was made with them in view, so
  they are no longer held out);
* the automatic pruning of misleading terms
  (:func:`analysis.compare.agreement.prune_terms`) fitted on the development
  part, scored on the test part;
* the classifier trained on the development part, scored on the test part;
* in-sample (labelled so): the development part, and the lexicon before its
  first revision on every coded sentence.

Writes benchmarks/results/frames.json.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold, train_test_split

from common import require, write_results

ROOT = Path(__file__).resolve().parents[1]
FRAMES = ["sovereignty", "iranian_influence", "security_threat", "attacks_retaliation", "regional_escalation",
          "us_partnership", "economy_energy", "domestic_politics"]
SHEET = ROOT / "data" / "coding" / "frames_iraq_coder1.csv"
WRITTEN = ROOT / "tests" / "data" / "frames_iraq_heldout.csv"       # in-sample since the 2026-11-30 revision
BLIND = sorted((ROOT / "data" / "coding" / "blind").glob("frames_written_*.csv"))
GVFC_FRAMES = {1: "gun_rights", 2: "gun_control", 3: "politics", 4: "mental_health", 5: "public_safety",
               6: "race_ethnicity", 7: "public_opinion", 8: "society_culture", 9: "economic_consequences"}


def gvfc(folder: Path, seed: int = 0) -> dict:
    from analysis.measures.frame_model import FrameClassifier

    d = pd.read_csv(folder / "GVFC_extension_multimodal.csv")
    d = d[d["Q3 Theme1"].isin(GVFC_FRAMES)]
    texts, labels = d["headline"].astype(str).to_numpy(), d["Q3 Theme1"].map(GVFC_FRAMES).to_numpy()
    x_train, x_test, y_train, y_test = train_test_split(texts, labels, test_size=0.2, stratify=labels,
                                                        random_state=seed)
    names = list(GVFC_FRAMES.values())

    def onehot(y):
        return pd.DataFrame({f: (y == f).astype(int) for f in names})

    def fit_predict(C, xt, yt, xe):
        proba = FrameClassifier(C=C, random_state=seed).fit(xt, onehot(yt)).predict_proba(xe)
        return proba.idxmax(axis=1).to_numpy()

    grid = [1.0, 4.0, 16.0]
    cv = StratifiedKFold(5, shuffle=True, random_state=seed)
    cv_scores = {C: np.mean([f1_score(y_train[v], fit_predict(C, x_train[t], y_train[t], x_train[v]), average="macro")
                             for t, v in cv.split(x_train, y_train)]) for C in grid}
    best = max(cv_scores, key=cv_scores.get)
    predicted = fit_predict(best, x_train, y_train, x_test)
    return {"gvfc_test_macro_f1": round(float(f1_score(y_test, predicted, average="macro")), 4),
            "gvfc_test_accuracy": round(float(accuracy_score(y_test, predicted)), 4),
            "gvfc_test_majority_accuracy": round(float(pd.Series(y_test).value_counts(normalize=True).max()), 4),
            "gvfc_n_train": int(len(x_train)), "gvfc_n_test": int(len(x_test)), "gvfc_C": best,
            "gvfc_cv_macro_f1": {str(C): round(float(s), 4) for C, s in cv_scores.items()},
            "gvfc_setup": "headlines, Theme1 (9 frames), stratified 80/20 split seed 0, C by 5-fold CV on train"}


def written_agreement(lex, path: Path = WRITTEN) -> dict:
    """Per frame, the dictionary against the codes of sentences written for the test (not in the corpus, hard
    negatives from other stories): ``{frame: binary_agreement + f1}``."""
    from analysis.compare.agreement import binary_agreement
    from analysis.measures.frames import match_text

    held = written_sentences(path)
    gold = [set(x.split("|")) - {""} for x in held["frames"]]
    pred = [{f for f, *_ in match_text(t, lex)} for t in held["text"]]
    out = {}
    for f in FRAMES:
        t, p = [int(f in g) for g in gold], [int(f in q) for q in pred]
        out[f] = binary_agreement(t, p) | {"f1": float(f1_score(t, p, zero_division=0)),
                                           "precision": float(precision_score(t, p, zero_division=0)),
                                           "recall": float(recall_score(t, p, zero_division=0))}
    return out


def written_sentences(paths) -> pd.DataFrame:
    """``text`` and ``frames`` ("a|b") of one or more sheets of written sentences: either that long form or one
    0/1 column per frame (the blind coders' sheets)."""
    parts = []
    for path in ([paths] if isinstance(paths, (str, Path)) else paths):
        d = pd.read_csv(path, keep_default_na=False)
        if "frames" not in d.columns:
            d["frames"] = ["|".join(f for f in FRAMES if str(row[f]).strip() == "1") for _, row in d.iterrows()]
        parts.append(d[["text", "frames"]])
    return pd.concat(parts, ignore_index=True)


def _summary(prefix: str, table: pd.DataFrame) -> dict:
    """Macro-F1, mean alpha, mean accuracy and mean majority-baseline accuracy of a per-frame table, and n."""
    return {f"{prefix}_macro_f1": round(float(table["f1"].mean()), 4),
            f"{prefix}_alpha": round(float(table["alpha"].mean()), 4),
            f"{prefix}_accuracy": round(float(table["accuracy"].mean()), 4),
            f"{prefix}_baseline_accuracy": round(float(table["baseline"].mean()), 4),
            f"{prefix}_per_frame_f1": {r.frame: round(float(r.f1), 3) for r in table.itertuples()},
            f"{prefix}_per_frame_alpha": {r.frame: round(float(r.alpha), 3) for r in table.itertuples()}}


def story_dictionary() -> dict:
    """The story dictionary and classifier against the hand coding of the five articles, split by article into a
    development part (what the lexicon is revised and the classifier trained with) and a frozen test part."""
    import analysis
    from analysis.compare.agreement import frame_agreement, prune_terms, wide_predictions
    from analysis.corpus.coding import read_sheet
    from analysis.measures.frame_model import FrameClassifier
    from analysis.measures.frames import load_lexicon, match_frames

    study = analysis.open_study()
    v = study.settings.validity
    coded = read_sheet(SHEET, FRAMES, study.sentences, test_share=v.test_share, split_seed=v.split_seed)
    dev, test = coded[coded["part"] == "development"], coded[coded["part"] == "test"]
    out = {"story_articles": int(coded["article_id"].nunique()), "story_coded_sentences": int(len(coded)),
           "story_test_articles": sorted(test["article_id"].unique()), "story_test_sentences": int(len(test)),
           "story_dev_sentences": int(len(dev)),
           "story_split": f"by article: sha256(seed:article_id), test share {v.test_share}, seed {v.split_seed} "
                          "(analysis.corpus.coding.heldout_articles); the part column of the sheet"}

    def score(lex, part):
        t = frame_agreement(part, wide_predictions(match_frames(study.sentences, [lex]), part, FRAMES), FRAMES)
        return t.rename(columns={"alpha_method": "alpha"})

    lex = load_lexicon("iraq")
    out |= _summary("story_dictionary_test_part", score(lex, test))
    out["story_dictionary_test_part_part"] = "in-sample" if v.test_part_seen else "held-out"
    out["story_dictionary_test_part_note"] = ("frozen since the split; the lexicon's first revision (before it) saw "
                                              "every coded sentence, so these figures flatter that revision")
    out |= _summary("story_dictionary_dev_part_in_sample", score(lex, dev))
    written = pd.DataFrame([{"frame": f, **r} for f, r in written_agreement(lex).items()])
    out |= _summary("story_dictionary_written", written) | {"story_written_sentences": int(written["n"].iloc[0]),
                                                             "story_written_part": "in-sample"}
    if BLIND:
        blind = pd.DataFrame([{"frame": f, **r} for f, r in written_agreement(lex, BLIND).items()])
        out |= _summary("story_dictionary_blind", blind) | {
            "story_blind_sentences": int(blind["n"].iloc[0]), "story_blind_part": "held-out",
            "story_blind_sheets": [b.relative_to(ROOT).as_posix() for b in BLIND],
            "story_dictionary_blind_per_frame_precision": {r.frame: round(r.precision, 3) for r in blind.itertuples()},
            "story_dictionary_blind_per_frame_recall": {r.frame: round(r.recall, 3) for r in blind.itertuples()},
            "story_dictionary_blind_min_f1": round(float(blind["f1"].min()), 4)}

    before_text = subprocess.run(["git", "-C", str(ROOT), "show", "40f17d7:analysis/lexicons/frames_iraq.toml"],
                                 capture_output=True, text=True)
    if before_text.returncode == 0:           # the lexicon before its first revision, on every coded sentence
        before = ROOT / "benchmarks" / "results" / ".frames_iraq_before.toml"
        before.write_text(before_text.stdout, encoding="utf-8")
        b = score(load_lexicon(before), coded)
        before.unlink()
        out |= {"story_dictionary_before_macro_f1_in_sample": round(float(b["f1"].mean()), 4),
                "story_dictionary_before_alpha_in_sample": round(float(b["alpha"].mean()), 4)}

    # misleading terms pruned on the development part, scored on the test part
    matches = match_frames(study.sentences, [lex])
    dev_keys = set(zip(dev["article_id"], dev["sentence_id"]))
    on_dev = matches[[k in dev_keys for k in zip(matches["article_id"], matches["sentence_id"])]]
    keep = prune_terms(on_dev, dev, FRAMES)
    pruned = frame_agreement(test, wide_predictions(keep(matches), test, FRAMES), FRAMES)
    out |= {"story_dictionary_pruned_test_part_macro_f1": round(float(pruned["f1"].mean()), 4),
            "story_dictionary_pruned_terms": [f"{f}:{t}" for f, t in keep.dropped]}

    # the classifier trained on the development part, scored on the test part
    text = study.sentences[["article_id", "sentence_id", "text"]]
    d, t = dev.merge(text, on=["article_id", "sentence_id"]), test.merge(text, on=["article_id", "sentence_id"])
    predicted = FrameClassifier(random_state=0).fit(d["text"], d[FRAMES]).predict(t["text"])
    c = frame_agreement(t, pd.concat([t[["unit_id"]], predicted.reset_index(drop=True)], axis=1), FRAMES,
                        method="classifier").rename(columns={"alpha_method": "alpha"})
    out |= _summary("story_classifier_test_part", c)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gvfc", help="the gvfc/ folder with GVFC_extension_multimodal.csv")
    args = parser.parse_args()
    results = gvfc(require(args.gvfc, "gvfc"))
    results |= story_dictionary()
    path = write_results("frames", results)
    for key, value in results.items():
        print(f"{key:48} {value}")
    print(f"\nwrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
