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

* held-out: the dictionary and the bundled classifier on
  ``data/coding/blind/frames_written_coder17.csv`` (written and coded from
  the codebook alone by a coder who never saw the lexicon, the code or the
  training sheets; never used to build or choose anything), when the file
  exists (``frames_heldout_*`` keys; without it one key says it was not
  scored): per frame F1, precision, recall and alpha, macro-F1, the lowest
  frame's F1, the majority baseline (always "absent": F1 0) and n; the same
  on ``frames_written_coder4.csv`` (``frames_heldout_before_*``), held out
  the same way but scored three times before, with earlier models;
* cross-validated on the training data (``frames_cv_*``), one fold per
  source (each of the five articles' development part, each written
  sheet: ``training_sentences``): the dictionary and the bundled
  classifier's configuration; in-sample for the choice of method and
  settings, and for the dictionary on the sheets it was revised with;
* in-sample: the sentences of the blind coders coder2 and coder3
  (``data/coding/blind/frames_written_coder2.csv``, ``_coder3.csv``; held
  out until 2026-12-01, training data since; coder7's and coder10's sheets
  joined the training data on 2026-12-02 and are scored only inside the
  cross-validation); the test part of the five
  articles (the lexicon's first revision saw it);
* in-sample: ``tests/data/frames_iraq_heldout.csv`` (sentences written for a
  test; the lexicon's revision of 2026-11-30 was made with them in view, so
  they are no longer held out);
* the automatic pruning of misleading terms
  (:func:`analysis.compare.agreement.prune_terms`) fitted on the development
  part, scored on the test part;
* the bundled classifier on the test part (never trained on it; in-sample
  like the dictionary there, as the dictionary's matches are among its features);
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
BLIND_DIR = ROOT / "data" / "coding" / "blind"
# written and coded blind; held out until scored, training data since (a fresh blind sheet replaced them):
# coder2 and coder3 since 2026-12-01, coder7 (scored twice) and coder10 (scored once) since 2026-12-02
BLIND = [BLIND_DIR / "frames_written_coder2.csv", BLIND_DIR / "frames_written_coder3.csv",
         BLIND_DIR / "frames_written_coder7.csv", BLIND_DIR / "frames_written_coder10.csv"]
TRAIN_DIR = ROOT / "data" / "coding" / "train"
TRAIN_WRITTEN = [TRAIN_DIR / "frames_train_coder5.csv", TRAIN_DIR / "frames_train_coder8.csv",   # written to train on
                 TRAIN_DIR / "frames_train_coder12.csv", TRAIN_DIR / "frames_train_coder18.csv"]
# the fresh held-out blind sheet: never opened while building anything, scored here once it exists
HELDOUT = BLIND_DIR / "frames_written_coder17.csv"
# held-out too (never used to build or choose anything), but scored three times before, with earlier models
HELDOUT_BEFORE = BLIND_DIR / "frames_written_coder4.csv"
# every held-out sheet, with the prefix of its keys and how often it was scored before
HELDOUT_SHEETS = ((HELDOUT, "frames_heldout", "never used to build or choose anything, scored once"),
                  (HELDOUT_BEFORE, "frames_heldout_before",
                   "never used to build or choose anything; scored three times before, with earlier models"))
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
        d = written_sheet(path)
        d["frames"] = ["|".join(f for f in FRAMES if row[f] == 1) for _, row in d.iterrows()]
        parts.append(d[["text", "frames"]])
    return pd.concat(parts, ignore_index=True)


def written_sheet(path) -> pd.DataFrame:
    """A sheet of written sentences as ``text`` and one 0/1 column per frame, one row per sentence, in order.

    Two layouts: ``id,text,<one column per frame>[,notes]`` (the blind and training coders' sheets) or
    ``text,frames`` with the frames joined by ``|``.  A missing column, an empty text, an unknown frame, a code
    other than 0/1 or a repeated id stops with a message naming the file, and the row (as in a spreadsheet,
    the header is row 1) and column."""
    path = Path(path)
    d = pd.read_csv(path, dtype=str, keep_default_na=False)
    where = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    if "text" not in d.columns:
        sys.exit(f"error: {where}: no 'text' column (columns: {', '.join(d.columns)})")
    empty = d.index[d["text"].str.strip() == ""]
    if len(empty):
        sys.exit(f"error: {where}: row {empty[0] + 2} has an empty text")
    if "frames" in d.columns and not set(FRAMES) & set(d.columns):
        codes = [{x.strip() for x in v.split("|") if x.strip()} for v in d["frames"]]
        for i, c in enumerate(codes):
            if c - set(FRAMES):
                sys.exit(f"error: {where}: row {i + 2}, column 'frames': unknown frame(s) {sorted(c - set(FRAMES))}; "
                         f"the frames are {', '.join(FRAMES)}")
        out = pd.DataFrame({f: [int(f in c) for c in codes] for f in FRAMES})
        return pd.concat([d[["text"]].reset_index(drop=True), out], axis=1)
    missing = [f for f in FRAMES if f not in d.columns]
    if missing:
        sys.exit(f"error: {where}: no column for the frame(s) {', '.join(missing)} (a sheet needs id, text and one 0/1 "
                 f"column per frame: {', '.join(FRAMES)})")
    if "id" in d.columns and d["id"].duplicated().any():
        i = int(d.index[d["id"].duplicated()][0])
        sys.exit(f"error: {where}: row {i + 2}: id {d['id'].iloc[i]!r} is used twice")
    for f in FRAMES:
        bad = d.index[~d[f].str.strip().isin(["0", "1"])]
        if len(bad):
            sys.exit(f"error: {where}: row {bad[0] + 2}, column {f!r}: {d[f].iloc[bad[0]]!r} is not 0 or 1")
    out = d[["text"]].copy()
    for f in FRAMES:
        out[f] = d[f].str.strip().astype(int)
    return out.reset_index(drop=True)


def training_sentences(study=None) -> pd.DataFrame:
    """Every coded sentence the frame classifier may learn from, with its ``source`` (the group it is
    cross-validated by: one per article of the five articles' sheet, one per written sheet), ``text`` and one
    0/1 column per frame: the development part of ``frames_iraq_coder1.csv`` (never its test part), the sentences
    written for the test (``tests/data/frames_iraq_heldout.csv``), the blind coders' sheets coder2 and coder3
    (training data since 2026-12-01), coder7 and coder10 (since 2026-12-02) and the training sheets of coder5,
    coder8, coder12 and coder18
    (:data:`TRAIN_WRITTEN`).  Never the held-out sheet (:data:`HELDOUT`)."""
    coded = pd.read_csv(SHEET, dtype=str, keep_default_na=False)
    if study is not None:          # the study's own split, checked against the corpus
        from analysis.corpus.coding import read_sheet
        v = study.settings.validity
        checked = read_sheet(SHEET, FRAMES, study.sentences, test_share=v.test_share, split_seed=v.split_seed)
        coded = coded.assign(part=checked["part"].to_numpy())
    dev = coded[coded["part"] == "development"]
    parts = [pd.DataFrame({"source": "coder1:" + dev["article_id"], "text": dev["text"],
                           **{f: dev[f].astype(int) for f in FRAMES}})]
    for path in (WRITTEN, *BLIND, *TRAIN_WRITTEN):
        sheet = written_sheet(path)
        parts.append(sheet.assign(source=path.relative_to(ROOT).as_posix())[["source", "text", *FRAMES]])
    return pd.concat(parts, ignore_index=True)


def frame_scores(gold: pd.DataFrame, predicted: pd.DataFrame) -> pd.DataFrame:
    """Per frame: ``f1``, ``precision``, ``recall``, ``positives``, and :func:`binary_agreement`'s ``n``,
    ``alpha``, ``accuracy`` and ``baseline`` (accuracy of always answering the majority class)."""
    from analysis.compare.agreement import binary_agreement
    rows = []
    for f in FRAMES:
        t, p = gold[f].to_numpy().astype(int), predicted[f].to_numpy().astype(int)
        rows.append({"frame": f, **binary_agreement(t, p), "positives": int(t.sum()),
                     "f1": float(f1_score(t, p, zero_division=0)),
                     "precision": float(precision_score(t, p, zero_division=0)),
                     "recall": float(recall_score(t, p, zero_division=0))})
    return pd.DataFrame(rows)


def flat_scores(prefix: str, table: pd.DataFrame) -> dict:
    """Flat keys of a :func:`frame_scores` table: ``{prefix}_macro_f1``, ``_min_f1``, ``_alpha`` (mean),
    ``_accuracy`` (mean), and per frame ``{prefix}_f1_{frame}``, ``_precision_``, ``_recall_``, ``_alpha_``,
    ``_accuracy_``."""
    out = {f"{prefix}_macro_f1": round(float(table["f1"].mean()), 4),
           f"{prefix}_min_f1": round(float(table["f1"].min()), 4),
           f"{prefix}_alpha": round(float(table["alpha"].mean()), 4),
           f"{prefix}_accuracy": round(float(table["accuracy"].mean()), 4)}
    for r in table.itertuples():
        out |= {f"{prefix}_{k}_{r.frame}": round(float(getattr(r, k)), 4)
                for k in ("f1", "precision", "recall", "alpha", "accuracy")}
    return out


def dictionary_predictions(texts, lex=None) -> pd.DataFrame:
    """0/1 per text and frame: the story dictionary matched the frame."""
    from analysis.measures.frames import load_lexicon, match_text
    lex = lex or load_lexicon("iraq")
    hits = [{f for f, *_ in match_text(t, lex)} for t in texts]
    return pd.DataFrame({f: [int(f in h) for h in hits] for f in FRAMES})


TUNED = ", per-frame thresholds"


def cross_validated(data: pd.DataFrame, candidates: dict,
                    n_jobs: int | None = None) -> tuple[pd.DataFrame, dict, dict]:
    """Cross-validated per-frame scores of the dictionary and of each candidate classifier (name -> parameters
    of :class:`FrameClassifier`), one fold per ``source`` of ``data`` (:func:`training_sentences`), each candidate
    with the threshold 0.5 and (name + :data:`TUNED`) with per-frame thresholds chosen on the other sources'
    out-of-fold probabilities, never on the held-out source.  Returns a table with one row per method and frame
    (:func:`frame_scores` plus ``method``), the out-of-fold 0/1 predictions per method and the out-of-fold
    probabilities per candidate; ``n_jobs``: folds fitted in parallel."""
    import time
    from analysis.measures.frame_model import FrameClassifier, best_threshold, cross_validate
    gold = data[FRAMES].reset_index(drop=True)
    sources = data["source"].to_numpy()
    predictions = {"dictionary": dictionary_predictions(data["text"].tolist())}
    probabilities = {}
    for name, params in candidates.items():
        t = time.time()
        proba = cross_validate(FrameClassifier(**params), data["text"], gold, sources, method="predict_proba",
                               n_jobs=n_jobs)
        probabilities[name] = proba
        print(f"  cross-validated {name}: {time.time() - t:.0f} s", file=sys.stderr, flush=True)
        predictions[name] = (proba >= 0.5).astype(int)
        tuned = pd.DataFrame(0, index=gold.index, columns=FRAMES)
        for s in np.unique(sources):
            held, rest = sources == s, sources != s
            for f in FRAMES:
                cut = best_threshold(gold.loc[rest, f].to_numpy(), proba.loc[rest, f].to_numpy())
                tuned.loc[held, f] = (proba.loc[held, f] >= cut).astype(int)
        predictions[name + TUNED] = tuned
    table = pd.concat([frame_scores(gold, p).assign(method=m) for m, p in predictions.items()], ignore_index=True)
    return table, predictions, probabilities


def method_scores(table: pd.DataFrame) -> dict:
    """Per method of a :func:`cross_validated` table, in the method's alphabetical order: ``macro_f1`` and
    ``min_f1`` (the lowest frame's), 4 decimals, and each frame's F1, 3 decimals.  What
    ``train_frame_model.py`` stores as ``frame_model_cv`` (in its results and the model file) and
    :func:`training_cv` as ``frames_cv_methods``, so the two can be read side by side."""
    summary = table.groupby("method")["f1"].agg(["mean", "min"]).round(4)
    per_frame = table.pivot(index="method", columns="frame", values="f1").round(3)[FRAMES]
    return {m: {"macro_f1": float(r["mean"]), "min_f1": float(r["min"]),
                **{f: float(per_frame.loc[m, f]) for f in FRAMES}} for m, r in summary.iterrows()}


def training_cv(study=None) -> dict:
    """Cross-validated figures on the training data (folds by source): the dictionary and the bundled
    classifier's configuration, on every training sentence and on the written sheets alone (coder2, coder3,
    coder5, coder8, coder12: written like the held-out sheet), and ``frames_cv_methods`` (:func:`method_scores`: the
    dictionary and the configuration with and without per-frame thresholds).  The classifier's settings were chosen by this
    cross-validation, and the dictionary was revised with the five articles' development part and the sentences
    written for the test: neither figure is held out."""
    from analysis.measures.frame_model import PARAMS
    data = training_sentences(study).reset_index(drop=True)
    model = bundled_classifier()
    params = {k: v for k, v in model.get_params(deep=False).items() if k != "tune_thresholds"}    # with its space
    table, predictions, _ = cross_validated(data, {"classifier": params})
    methods = method_scores(table)
    chosen = "classifier" + (TUNED if model.tune_thresholds else "")
    predictions = {"dictionary": predictions["dictionary"], "classifier": predictions[chosen]}
    table = table[table["method"].isin(["dictionary", chosen])].replace({"method": {chosen: "classifier"}})
    written = data["source"].isin([p.relative_to(ROOT).as_posix() for p in (*BLIND, *TRAIN_WRITTEN)]).to_numpy()
    out = {"frames_cv_part": "cross-validated (in-sample: the method and its settings were chosen by this "
                             "cross-validation; the dictionary was revised with part of these sentences)",
           "frames_cv_n": int(len(data)), "frames_cv_written_n": int(written.sum()),
           "frames_cv_sources": sorted(data["source"].unique()),
           "frames_cv_folds": "one per source: each article of the five articles' development part, each written sheet",
           "frames_cv_classifier_params": {k: getattr(model, k) for k in PARAMS} | (
               {"space_weight": model.space_weight, "space": model.space.get_params()} if model.space is not None
               else {}),
           "frames_cv_methods": methods}
    for method, predicted in predictions.items():
        out |= flat_scores(f"frames_cv_{method}", table[table["method"] == method])
        out |= flat_scores(f"frames_cv_written_{method}",
                           frame_scores(data.loc[written, FRAMES].reset_index(drop=True),
                                        predicted.loc[written].reset_index(drop=True)))
    return out


def bundled_classifier():
    """The bundled frame classifier of the story lexicon (``analysis/models``)."""
    from analysis.measures.frame_model import BUNDLED_MODELS, FrameClassifier
    return FrameClassifier.load(BUNDLED_MODELS["iraq"], frames=FRAMES)


def heldout_blind(path: Path = HELDOUT, predictors: dict | None = None, prefix: str = "frames_heldout") -> dict:
    """Held-out figures on the fresh blind sheet (written and coded from the codebook by a coder who never saw
    the lexicon, the code or the training sheets; never used to build anything): per frame F1, precision,
    recall and alpha of each method, macro-F1, the lowest frame's F1, the majority baseline (always "absent":
    F1 0) and n.  ``predictors``: method name -> function of the texts returning 0/1 per frame (default: the
    dictionary and the bundled classifier).  ``prefix`` starts every key.  Without the sheet, one key saying so
    and nothing scored."""
    shown = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    if not path.exists():
        print(f"note: {shown} not found: the held-out blind sheet is not scored (the figures on it come once it "
              "is in place)", file=sys.stderr)
        return {f"{prefix}_status": f"not scored: {shown} is absent"}
    from analysis.compare.agreement import majority_baseline
    sheet = written_sheet(path)
    if predictors is None:
        model = bundled_classifier()
        predictors = {"dictionary": dictionary_predictions, "classifier": model.predict}
    out = {f"{prefix}_status": "scored", f"{prefix}_sheet": shown, f"{prefix}_part": "held-out",
           f"{prefix}_n": int(len(sheet)),
           **{f"{prefix}_positives_{f}": int(sheet[f].sum()) for f in FRAMES}}
    majority = {f: majority_baseline(sheet[f].to_numpy(dtype=float)) for f in FRAMES}
    out |= {f"{prefix}_baseline_{f}": round(float(majority[f][0]), 4) for f in FRAMES}
    out |= {f"{prefix}_baseline_class_{f}": {0: "absent", 1: "present"}[int(majority[f][1])] for f in FRAMES}
    out |= {f"{prefix}_baseline_accuracy": round(float(np.mean([majority[f][0] for f in FRAMES])), 4),
            f"{prefix}_baseline_macro_f1": round(float(np.mean(
                [f1_score(sheet[f], np.full(len(sheet), int(majority[f][1])), zero_division=0) for f in FRAMES])), 4)}
    for name, predict in predictors.items():
        predicted = pd.DataFrame(predict(sheet["text"].tolist())).reset_index(drop=True)
        out |= flat_scores(f"{prefix}_{name}", frame_scores(sheet, predicted))
    return out


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
    if BLIND:        # held out until 2026-12-01; training data of the classifier (and the method choice) since
        blind = pd.DataFrame([{"frame": f, **r} for f, r in written_agreement(lex, BLIND).items()])
        out |= _summary("story_dictionary_blind", blind) | {
            "story_blind_sentences": int(blind["n"].iloc[0]), "story_blind_part": "in-sample",
            "story_blind_note": "written and coded blind; training data since they were scored (coder2's and coder3's since "
                                "2026-12-01, coder7's and coder10's since 2026-12-02; the classifier learns from "
                                "them and the method was chosen with them; the dictionary was not revised with them)",
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

    # the bundled classifier (trained on the development part and the written sheets, never on the test part),
    # scored on the test part; its dictionary features make it in-sample wherever the lexicon is
    text = study.sentences[["article_id", "sentence_id", "text"]]
    t = test.merge(text, on=["article_id", "sentence_id"])
    predicted = bundled_classifier().predict(t["text"])
    c = frame_agreement(t, pd.concat([t[["unit_id"]], predicted.reset_index(drop=True)], axis=1), FRAMES,
                        method="classifier").rename(columns={"alpha_method": "alpha"})
    out |= _summary("story_classifier_test_part", c)
    out["story_classifier_test_part_part"] = out["story_dictionary_test_part_part"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gvfc", help="the gvfc/ folder with GVFC_extension_multimodal.csv")
    args = parser.parse_args()
    results = gvfc(require(args.gvfc, "gvfc"))
    results |= story_dictionary()
    results |= training_cv()
    for path, prefix, how in HELDOUT_SHEETS:
        results |= heldout_blind(path, prefix=prefix)
        if results.get(f"{prefix}_status") == "scored":
            results[f"{prefix}_note"] = how
    path = write_results("frames", results)
    for key, value in results.items():
        print(f"{key:48} {value}")
    print(f"\nwrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
