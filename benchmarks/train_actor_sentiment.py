"""Train the actor-directed sentiment model on NewsMTSC and store it as JSON in the package.

    python benchmarks/train_actor_sentiment.py --newsmtsc ../shared/ext/newsmtsc \
        --allsides ../shared/ext/allsides-neus --bbc ../shared/ext/bbc-news/bbc

The shipped model keeps the PPMI-SVD vectors.  A candidate trained with
``--C 0.5 --char-weight 0.4 --space-vectors distilled_40.npz`` (vectors
written by ``benchmarks/distill_word_space.py``; C and the weights those of
the design that passed the cross-validation in
:mod:`analysis.measures.stance`) scored lower on the held-out sets and was
not kept (2026-12-03; the figures are in that module's docstring).

C (the regularisation) is chosen on the rw dev split with the model fitted
on train.jsonl and devtest_mt.jsonl (``--C`` skips the grid and takes a C
chosen so earlier); the final model is then fitted on those and the rw dev
split.  The rw test split (what benchmarks/sentiment.py reports) is never
read here.

A word space (:class:`~analysis.measures.word_space.WordSpace`, :data:`SPACE`)
is fitted first on unlabelled text: the AllSides roundups, titles and
bodies, the BBC News articles and the sentences of NewsMTSC's train, mt and
rw dev files (no label is read; the rw test sentences are not read).  Its
model is averaged in with :data:`SPACE_WEIGHT`, with :data:`SPACE_C`: both
chosen by 5-fold cross-validation over train + mt + rw dev (out-of-fold
macro-F1 of the whole average, folds stratified by label and file,
``random_state=0``; see :mod:`analysis.measures.stance`; that
cross-validation is not part of this script, which fits each part once).
With ``--space-vectors`` (an ``.npz`` written by
``benchmarks/distill_word_space.py``: the same words, vectors distilled from
all-MiniLM-L6-v2), the space's PPMI-SVD vectors are replaced by those; it passed
the cross-validation (out-of-fold macro-F1 0.7008 against 0.6935) but not
the held-out sets (see :mod:`analysis.measures.stance`).
The character n-gram weight is then chosen on rw dev with the word-space
model in; the rw dev figures without it are printed and stored beside them
(2026-12-01: 0.7190 at weight 0.3 without, 0.7266 at weight 0.4 with).

The neutral band of the actor-mentions measure (scores within ±band are
labelled neutral) is chosen on the *development* part of the study's coded
mentions (``data/coding/stance_iraq_coder1.csv`` without the articles that
:func:`analysis.corpus.coding.heldout_articles` sets aside), as the band with
the highest Krippendorff's alpha; the held-out articles are not read.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn.metrics import f1_score

from common import load_newsmtsc, require
from analysis.measures.stance import DEFAULT_MODEL, TargetSentiment, context_features
from analysis.measures.word_space import WordSpace

GRID = (0.1, 0.2, 0.3, 0.5)
CHAR_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
SPACE = dict(n_components=40, max_words=20000, min_count=5, window=4, random_state=0)
SPACE_WEIGHT = 0.3
SPACE_C = 0.01
BANDS = tuple(np.round(np.arange(0.0, 0.91, 0.05), 2))
ROOT = Path(__file__).resolve().parents[1]
CODED = ROOT / "data" / "coding" / "stance_iraq_coder1.csv"


def unlabelled_text(ext_allsides: Path, bbc: Path, newsmtsc: Path) -> list[str]:
    """The unlabelled text of the word space: AllSides roundups, titles and bodies, BBC News articles and the
    sentences of NewsMTSC's train, mt and rw dev files (never the rw test split; no label is read)."""
    texts = []
    for path in sorted(ext_allsides.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                story = json.loads(line)
                texts += [t for t in story.get("roundup", []) if isinstance(t, str)]
                for side in (story.get("news") or {}).values():
                    texts += [side[k].replace("\\xa0", " ").replace("\\n", " ").replace("', '", " ")
                              for k in ("newsTitle", "newBody") if isinstance(side.get(k), str)]
    texts += [p.read_text(encoding="latin-1") for p in sorted(bbc.glob("*/*.txt"))]
    for name in ("train.jsonl", "devtest_mt.jsonl", "splits_30dev_70test/rw/dev.jsonl"):
        with open(newsmtsc / name, encoding="utf-8") as fh:
            texts += [json.loads(line)["sentence_normalized"] for line in fh]
    return texts


def distilled_space(space: WordSpace, path: Path) -> WordSpace:
    """``space`` with its vectors replaced by the distilled ones in ``path`` (words must be the same, in order)."""
    stored = np.load(path)
    if list(stored["words"]) != list(space.words_):
        raise SystemExit(f"{path}: its words are not those of the word space fitted here ({len(stored['words'])} vs "
                         f"{len(space.words_)}); distil again from a model trained with this space")
    return WordSpace(**space.get_params()).restore(space.words_, space.idf_, stored["vectors"])


def _model(C, space, jobs=1) -> TargetSentiment:
    return TargetSentiment(C=C, n_jobs=jobs, char_weight=1.0, space=space, space_weight=SPACE_WEIGHT,
                           space_C=SPACE_C)


def dev_score(C, X, y, dense, Xd, yd, dense_dev, space) -> dict:
    """rw dev macro-F1 of the model with this C fitted on (X, y), for each weight of its character n-gram
    model in the average (:data:`CHAR_WEIGHTS`; 0 = the word models alone), with the word-space model averaged
    in (:data:`SPACE_WEIGHT`) and, for comparison, without it (keys ``(char weight, space weight)``)."""
    model = _model(C, space).fit(X, y, dense=dense)
    scores = {}
    for sw in (0.0, SPACE_WEIGHT):
        model.space_weight = sw
        for w in CHAR_WEIGHTS:
            model.char_weight = w
            scores[w, sw] = float(f1_score(yd, model.predict(Xd, dense=dense_dev), average="macro"))
    return scores


def fit_final(C, X, y, dense, space, jobs=1) -> TargetSentiment:
    """The model with all parts (its character n-gram weight is set once chosen)."""
    return _model(C, space, jobs).fit(X, y, dense=dense)


def choose_band(model: TargetSentiment) -> tuple[float, dict]:
    """The neutral band with the highest alpha on the development part of the coded mentions, and the scores."""
    import analysis
    from analysis.compare.agreement import stance_agreement
    from analysis.corpus.coding import heldout_articles, read_long_sheet
    from analysis.corpus.voices import load_speech
    from analysis.measures.actors import load_actors
    from analysis.measures.roles import stance_labels
    from analysis.measures.sentiment import score_mentions

    study = analysis.open_study()
    settings = study.settings
    sentences = study.sentences
    coded = read_long_sheet(CODED, ["start", "end", "stance"], {"stance": {"negative", "neutral", "positive"}},
                            sentences)
    dev_articles = set(coded["article_id"]) - heldout_articles(coded["article_id"])
    coded = coded[coded["article_id"].isin(dev_articles)]
    mentions = score_mentions(sentences[sentences["article_id"].isin(dev_articles)],
                              load_actors(settings.lexicons.actors, settings.base), model=model,
                              speech=load_speech(settings.lexicons.speech, settings.base), neutral_band=0.0)
    label = {-1: "negative", 0: "neutral", 1: "positive"}
    scores = {}
    for band in BANDS:
        stance = [label[int(v)] for v in stance_labels(mentions["score"], float(band))]
        r = stance_agreement(coded, mentions.assign(stance=stance))
        scores[float(band)] = (round(r["alpha_nominal"], 4), round(r["accuracy"], 4), round(r["macro_f1"], 4))
        print(f"band {band:.2f}: dev alpha {r['alpha_nominal']:.3f} accuracy {r['accuracy']:.3f} "
              f"macro-F1 {r['macro_f1']:.3f}", flush=True)
    best = max(scores, key=lambda b: (scores[b][0], -b))
    return best, {"dev_articles": sorted(dev_articles), "n_dev_mentions": len(coded), "scores": scores}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--newsmtsc", default=None, help="folder with train.jsonl, devtest_mt.jsonl and splits_30dev_70test/")
    parser.add_argument("--allsides", default=None, help="folder with the AllSides NeuS headline_*.jsonl")
    parser.add_argument("--bbc", default=None, help="the BBC News folder (bbc/, one folder per category)")
    parser.add_argument("--out", default=str(DEFAULT_MODEL))
    parser.add_argument("--jobs", type=int, default=1, help="models fitted in parallel processes")
    parser.add_argument("--C", type=float, default=None,
                        help="regularisation chosen earlier on rw dev (skips the grid, which fits one model per C)")
    parser.add_argument("--space-vectors", default=None,
                        help="an .npz of distilled word vectors (benchmarks/distill_word_space.py) to use in place "
                             "of the word space's PPMI-SVD vectors")
    parser.add_argument("--char-weight", type=float, default=None, choices=CHAR_WEIGHTS,
                        help="the character n-gram weight chosen earlier (by cross-validation): the rw dev figures "
                             "are printed and stored, not used to choose it")
    parser.add_argument("--band-only", action="store_true",
                        help="keep the saved model at --out and only choose its neutral band again")
    args = parser.parse_args()
    if args.band_only:
        model = TargetSentiment.from_json(args.out)
        save_with_band(model, args.out, model.metadata_)
        return
    root = require(args.newsmtsc, "newsmtsc")
    train = load_newsmtsc(root / "train.jsonl") + load_newsmtsc(root / "devtest_mt.jsonl")
    dev = load_newsmtsc(root / "splits_30dev_70test" / "rw" / "dev.jsonl")
    X, y = [r[:3] for r in train], np.array([r[3] for r in train])
    Xd, yd = [r[:3] for r in dev], np.array([r[3] for r in dev])
    t0 = time.perf_counter()
    space = WordSpace(**SPACE).fit(unlabelled_text(require(args.allsides, "allsides"), require(args.bbc, "bbc"),
                                                   root))
    print(f"word space: {len(space.words_)} words, {time.perf_counter() - t0:.0f}s", flush=True)
    vectors = "PPMI-SVD of the same text"
    if args.space_vectors:
        space = distilled_space(space, Path(args.space_vectors))
        vectors = ("all-MiniLM-L6-v2 run once per word, PCA to 40 dimensions, unit length "
                   "(benchmarks/distill_word_space.py)")
    dense, dense_dev = [context_features(*x) for x in X], [context_features(*x) for x in Xd]
    grid = GRID if args.C is None else (args.C,)
    final = None
    if args.C is None:
        scores = dict(zip(grid, Parallel(n_jobs=args.jobs)(delayed(dev_score)(C, X, y, dense, Xd, yd, dense_dev,
                                                                               space) for C in grid)))
    else:                                # the dev figure and the final model fitted side by side
        f1, final = Parallel(n_jobs=min(args.jobs, 2))(
            [delayed(dev_score)(args.C, X, y, dense, Xd, yd, dense_dev, space),
             delayed(fit_final)(args.C, X + Xd, np.concatenate([y, yd]), dense + dense_dev, space)])
        scores = {args.C: f1}
    for C, by_w in scores.items():
        for (w, sw), f1 in by_w.items():
            print(f"C={C:<5} character n-gram weight {w:.1f}, word-space weight {sw:.1f}: rw dev macro-F1 {f1:.4f}",
                  flush=True)
    flat = {(C, w): f1 for C, by_w in scores.items() for (w, sw), f1 in by_w.items() if sw == SPACE_WEIGHT}
    without_space = {f"{C}/{w}": round(f1, 4) for C, by_w in scores.items() for (w, sw), f1 in by_w.items()
                     if sw == 0.0}
    best, weight = max(flat, key=lambda k: (flat[k], -k[1]))      # a tie goes to the smaller weight
    if args.char_weight is not None:
        weight = args.char_weight
        best = max((C for C, w in flat if w == weight), key=lambda C: flat[C, weight])
    model = final if final is not None else fit_final(best, X + Xd, np.concatenate([y, yd]), dense + dense_dev,
                                                      space, args.jobs)
    model.char_weight = weight
    save_with_band(model, args.out, dict(
        trained_on="NewsMTSC train.jsonl + devtest_mt.jsonl + splits_30dev_70test/rw/dev.jsonl",
        C_chosen_on="splits_30dev_70test/rw/dev.jsonl (model fitted on train + devtest_mt)",
        char_weight_chosen_on="the same" if args.char_weight is None else
        "5-fold cross-validation over train + mt + rw dev (the design that passed, see analysis/measures/stance.py)",
        n_train=len(X) + len(Xd), C_grid=list(grid),
        char_weight_grid=list(CHAR_WEIGHTS), rw_dev_macro_f1=round(flat[(best, weight)], 4),
        rw_dev_macro_f1_by_C_and_char_weight={f"{C}/{w}": round(v, 4) for (C, w), v in flat.items()},
        rw_dev_macro_f1_without_word_space_by_C_and_char_weight=without_space,
        word_space=dict(SPACE, words=len(space.words_), weight=SPACE_WEIGHT, C=SPACE_C,
                        vectors=vectors, fitted_on="unlabelled text: AllSides NeuS roundups, titles and bodies; BBC News articles; "
                                  "NewsMTSC train, mt and rw dev sentences (not rw test): the words and IDF "
                                  "weights",
                        weight_and_C_chosen_on="5-fold cross-validation over train + mt + rw dev")))
    print(f"chose C={best}, character n-gram weight {weight} (dev macro-F1 {flat[(best, weight)]:.4f}); "
          f"{len(X) + len(Xd)} training targets, {time.perf_counter() - t0:.0f}s; wrote {args.out}")


def save_with_band(model: TargetSentiment, out: str, metadata: dict) -> None:
    """Save the model (with band 0 first, so a fitted model is never lost), choose its band, save again."""
    model.neutral_band = 0.0
    model.to_json(out, **metadata)
    band, chosen = choose_band(model)
    model.neutral_band = band
    metadata = {**metadata,
                "neutral_band_chosen_on": f"{CODED.relative_to(ROOT)}, development articles only "
                                          f"({', '.join(chosen['dev_articles'])}; {chosen['n_dev_mentions']} mentions), "
                                          "highest Krippendorff's alpha (in-sample there)",
                "neutral_band_dev_scores": {f"{b:.2f}": list(v) for b, v in chosen["scores"].items()}}
    model.to_json(out, **metadata)
    print(f"neutral band {band}; wrote {out}")


if __name__ == "__main__":
    main()
