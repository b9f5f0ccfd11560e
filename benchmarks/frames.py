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
articles, coded from the codebook alone; rules in data/coding/README.md):

* before and after the revision of the lexicon, on all coded sentences
  (the revision was made with these sentences in view, so "after" flatters
  itself);
* the automatic pruning of misleading terms (:func:`analysis.compare.agreement.prune_terms`)
  cross-validated by article: pruned on four articles, scored on the fifth;
* on ``tests/data/frames_iraq_heldout.csv``: sentences written for this test,
  not in the corpus, with hard negatives from other stories;
* the classifier trained on the coded sentences, cross-validated by article.

Writes benchmarks/results/frames.json.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, train_test_split

from common import require, write_results

ROOT = Path(__file__).resolve().parents[1]
FRAMES = ["sovereignty", "iranian_influence", "security_threat", "attacks_retaliation", "regional_escalation",
          "us_partnership", "economy_energy", "domestic_politics"]
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
            "gvfc_n_train": int(len(x_train)), "gvfc_n_test": int(len(x_test)), "gvfc_C": best,
            "gvfc_cv_macro_f1": {str(C): round(float(s), 4) for C, s in cv_scores.items()},
            "gvfc_setup": "headlines, Theme1 (9 frames), stratified 80/20 split seed 0, C by 5-fold CV on train"}


def story_dictionary() -> dict:
    import analysis
    from analysis.compare.agreement import frame_agreement, prune_terms, wide_predictions
    from analysis.corpus.coding import read_sheet
    from analysis.measures.frame_model import FrameClassifier, cross_validate
    from analysis.measures.frames import load_lexicon, match_frames, match_text

    study = analysis.open_study()
    coded = read_sheet(ROOT / "data" / "coding" / "frames_iraq_coder1.csv", FRAMES, study.sentences)
    out = {"story_coded_sentences": int(len(coded)), "story_articles": int(coded["article_id"].nunique())}

    def score(lex, sentences=study.sentences):
        pred = wide_predictions(match_frames(sentences, [lex]), coded, FRAMES)
        return frame_agreement(coded, pred, FRAMES)

    before_text = subprocess.run(["git", "-C", str(ROOT), "show", "40f17d7:analysis/lexicons/frames_iraq.toml"],
                                 capture_output=True, text=True)
    if before_text.returncode == 0:
        before = ROOT / "benchmarks" / "results" / ".frames_iraq_before.toml"
        before.write_text(before_text.stdout, encoding="utf-8")
        b = score(load_lexicon(before))
        before.unlink()
        out |= {"story_dictionary_before_macro_f1": round(float(b["f1"].mean()), 4),
                "story_dictionary_before_alpha": round(float(b["alpha_method"].mean()), 4)}
    lex = load_lexicon("iraq")
    a = score(lex)
    out |= {"story_dictionary_after_macro_f1_in_sample": round(float(a["f1"].mean()), 4),
            "story_dictionary_after_alpha_in_sample": round(float(a["alpha_method"].mean()), 4),
            "story_dictionary_after_per_frame_f1": {r.frame: round(float(r.f1), 3) for r in a.itertuples()}}

    # automatic pruning of misleading terms, cross-validated by article
    matches = match_frames(study.sentences, [lex])
    folds = []
    for held in sorted(coded["article_id"].unique()):
        train = coded[coded["article_id"] != held]
        keep = prune_terms(matches[matches["article_id"] != held], train, FRAMES)
        test_matches = keep(matches[matches["article_id"] == held])
        folds.append((coded[coded["article_id"] == held], test_matches))
    test_coded = pd.concat([c for c, _ in folds])
    test_pred = wide_predictions(pd.concat([m for _, m in folds]), test_coded, FRAMES)
    cv = frame_agreement(test_coded, test_pred, FRAMES)
    out["story_dictionary_pruned_macro_f1_loao"] = round(float(cv["f1"].mean()), 4)

    # sentences written for the test, not in the corpus
    held = pd.read_csv(ROOT / "tests" / "data" / "frames_iraq_heldout.csv", keep_default_na=False)
    gold = [set(x.split("|")) - {""} for x in held["frames"]]
    pred = [{f for f, *_ in match_text(t, lex)} for t in held["text"]]
    f1s = [f1_score([f in g for g in gold], [f in p for p in pred], zero_division=0) for f in FRAMES]
    out |= {"story_dictionary_heldout_macro_f1": round(float(np.mean(f1s)), 4),
            "story_heldout_sentences": int(len(held))}

    # the classifier on the coded sentences, cross-validated by article
    s = coded.merge(study.sentences[["article_id", "sentence_id", "text"]], on=["article_id", "sentence_id"])
    oof = cross_validate(FrameClassifier(), s["text"], s[FRAMES], s["article_id"])
    c = frame_agreement(coded, pd.concat([s[["unit_id"]], oof], axis=1), FRAMES, method="classifier")
    out["story_classifier_macro_f1_loao"] = round(float(c["f1"].mean()), 4)
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
