"""Actor stance learnt from the study's own coded mentions, on top of the general model, used only where it wins.

The general stance of an actor mention (:mod:`analysis.measures.stance`'s
model trained on NewsMTSC, the role rules of :mod:`analysis.measures.roles`
and the neutral band) was built for news in general.  A study that has
coded mentions of its own actors in its own story (``[coding]
stance_train``: sheets in the format of :func:`analysis.corpus.coding.read_stance_sheet`)
can teach it how its coders read them.  :class:`StudyStance` is a
multinomial logistic regression over

* what the general pipeline says about the mention: the model's score
  before and after the role rules, its label, the role (speaker, target,
  aggressor, ousted, ...), negation over it and the voice it sits in;
* the mention's actor (coders of one story read some actors one way more
  often than another);
* binary word 1–2-grams of the mention's clause with the mention replaced
  by ``TARGET`` (:func:`analysis.measures.stance.masked_clause`), scaled by
  ``ngram_weight``;
* optionally (``context=True``) the mention's context features
  (:func:`analysis.measures.stance.context_features`: VADER on the
  sentence, the clause and windows around the mention, the mention's place
  in its clause), standardised.

The defaults (``C`` = 1, n-grams weighted 1, no context features, the
actor on) were chosen on 2026-12-02 by cross-validation **across sheets**
(each training sheet predicted by a classifier fitted on the others: another
coder's reading) on the sheets of coder6, coder9, coder11 and coder13, then
again with coder15's added, among ``C`` in {0.03, 0.1, 0.3, 1, 3, 10},
n-gram weights {0, 0.5, 1, 1.5, 2}, with and without context features and
balanced class weights (accuracy 0.69-0.70 for ``C`` 0.3-3 with n-grams
weighted 0.5-1, against 0.59 for the general pipeline and 0.51 for the
majority of the other sheets; context features and balanced weights lowered
it).  The settings before (``C`` = 0.1, weight 0.5) were chosen on coder6's
sheet alone.  So the cross-validated figures are slightly optimistic; the
held-out figure is that of ``benchmarks/sentiment.py`` on a sheet no choice
saw.

:func:`training_mentions` runs the general pipeline on each training
sheet's sentences (as one-sentence articles, as the blind benchmark does),
matches every coded row to the mention of the same actor the pipeline
found in that sentence (:func:`match_mentions`) and keeps the matched ones:
the classifier only ever relabels mentions the actor lexicon finds.
:func:`cross_validate` compares, on the same folds (``GroupKFold`` by
sentence, shuffled with a seed, so no sentence is in two folds), the
classifier's out-of-fold labels with the general pipeline's labels and with
the majority class of each fold's training part: accuracy, macro-F1 and
Krippendorff's alpha (nominal) of the pooled out-of-fold labels.

:func:`study_stance` makes the choice the ``actor_mentions`` measure
follows: the study classifier is used only when its cross-validated alpha
is higher than the general pipeline's and its accuracy is not lower;
otherwise the general pipeline labels every mention and the choice's
``note`` says why.  The classifier is **fitted at run time**, not stored: the
fit and its cross-validation take well under a minute on a few hundred coded
mentions (most of it running the general model on the training sentences
once; the logistic regressions take about a second each), and
a stored file could go stale against the sheets, the actor lexicon or the
general model, which the measure's cache key already tracks.  The choice is
made once per process for the same sheets, lexicons and model.

With two or more sheets, the figures also say how each sheet is predicted
by a classifier trained on the other sheets alone (``study_stance_cv_other_sheets_*``:
another coder's reading), a stricter check than folds by sentence; the
choice rests on the folds by sentence.  (On a sheet the role rules or the
actor lexicon were tuned on, as coder6's, every comparison flatters the
general pipeline.)

Every figure here is **cross-validated on the training sheets** (in-sample
for the study: it chose the classifier's settings); the held-out figures
are those of ``benchmarks/sentiment.py`` on sheets never trained on.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from ..corpus.tokens import SKLEARN_TOKEN_PATTERN
from .estimators import TextInputMixin, fit_on_one_thread

CLASSES = np.array([-1, 0, 1])
LABELS = {-1: "negative", 0: "neutral", 1: "positive"}
VALUES = {v: k for k, v in LABELS.items()}
ROLES = ("speaker", "target", "aggressor", "criticised", "event", "ousted", "kept", "described", "agent", "topic")
VOICES = ("own", "direct", "reported")
# what the estimator reads of each mention: the sentence and span, and the general pipeline's columns of the
# actor_mentions table (analysis.schema.MENTION_COLUMNS)
INPUT_COLUMNS = ["text", "start", "end", "actor", "score_model", "score", "stance", "role", "negated", "voice"]
GENERAL_NAMES = ["score_model", "score", *(f"stance={v}" for v in LABELS.values()), *(f"role={r}" for r in ROLES),
                 "negated", *(f"voice={v}" for v in VOICES)]
N_SPLITS = 5
STUDY = "study classifier"
GENERAL = "general model"


def _check_input(X) -> pd.DataFrame:
    if not isinstance(X, pd.DataFrame):
        raise TypeError("X must be a DataFrame of actor mentions with the columns " + ", ".join(INPUT_COLUMNS))
    missing = [c for c in INPUT_COLUMNS if c not in X.columns]
    if missing:
        raise ValueError(f"X has no column {', '.join(repr(c) for c in missing)}")
    return X.reset_index(drop=True)


def _labels(y) -> np.ndarray:
    """-1 / 0 / 1 from numbers or the words negative / neutral / positive."""
    y = pd.Series(np.asarray(y, dtype=object))
    out = y.map(lambda v: VALUES.get(str(v).strip().lower(), v))
    bad = out[~out.isin([-1, 0, 1])]
    if len(bad):
        raise ValueError(f"stance labels must be -1, 0, 1 or negative, neutral, positive; got {bad.iloc[0]!r} "
                         f"(row {bad.index[0]})")
    return out.astype(int).to_numpy()


_CLAUSE_NGRAMS = CountVectorizer(ngram_range=(1, 2), token_pattern=SKLEARN_TOKEN_PATTERN).build_analyzer()


@lru_cache(maxsize=1 << 16)
def _clause_terms(text: str, start: int, end: int) -> tuple[str, ...]:
    from .stance import masked_clause
    return tuple(_CLAUSE_NGRAMS(masked_clause(text, start, end)))


def clause_ngrams(target: tuple[str, int, int]) -> tuple[str, ...]:
    """The word 1–2-grams (lower-cased) of a mention's masked clause (:func:`analysis.measures.stance.masked_clause`)
    from ``(sentence, start, end)``, each mention's worked out once however many cross-validation folds fit and
    score it (the clause vectorizer's analyzer)."""
    return _clause_terms(*target)


class StudyStance(TextInputMixin, ClassifierMixin, BaseEstimator):
    """A study's own stance classifier for actor mentions, on top of the general pipeline (a scikit-learn estimator).

    ``X`` is a DataFrame of mentions with the columns :data:`INPUT_COLUMNS`:
    the sentence (``text``), the mention's ``start`` and ``end`` in it, its
    ``actor``, and the general pipeline's ``score_model``, ``score``,
    ``stance``, ``role``, ``negated`` and ``voice`` (the ``actor_mentions``
    table joined with the sentences' text); ``y`` holds -1 / 0 / 1 (or
    negative / neutral / positive).  An output asked for before :meth:`fit`
    raises :class:`~sklearn.exceptions.NotFittedError`.

    Parameters
    ----------
    C : float
        Inverse regularisation of the logistic regression.
    ngram_weight : float
        Scale of the masked clause's word n-grams (0: none).
    min_df : int
        Fewest training mentions a clause n-gram must occur in.
    context : bool
        Add the mention's standardised context features
        (:func:`analysis.measures.stance.context_features`).
    actor : bool
        Add the mention's actor (one column per actor seen in training).
    class_weight : "balanced", dict or None
        Passed to :class:`~sklearn.linear_model.LogisticRegression`.
    random_state : int
        Seed of the solver (the fit is deterministic).
    max_iter : int
        Iterations of the solver.

    Attributes
    ----------
    classes_ : ndarray of int
        ``[-1, 0, 1]``, the columns of :meth:`predict_proba`.
    actors_ : list of str
        The actors seen in training (their indicator columns, when ``actor``).
    mean_, scale_ : ndarray of float
        Mean and scale of the context features (empty without ``context``).
    vectorizer_ : CountVectorizer or None
        Vocabulary of the masked clause n-grams (None when ``ngram_weight`` is 0).
    coef_ : ndarray of shape (3, n_features)
    intercept_ : ndarray of shape (3,)
    n_features_in_ : int
        Number of columns of the design matrix.
    """

    def __init__(self, C: float = 1.0, ngram_weight: float = 1.0, min_df: int = 2, context: bool = False,
                 actor: bool = True, class_weight=None, random_state: int = 0, max_iter: int = 3000):
        self.C = C
        self.ngram_weight = ngram_weight
        self.min_df = min_df
        self.context = context
        self.actor = actor
        self.class_weight = class_weight
        self.random_state = random_state
        self.max_iter = max_iter

    @staticmethod
    def _general(X: pd.DataFrame) -> np.ndarray:
        stance = X["stance"].astype(str).to_numpy()
        role = X["role"].astype(str).to_numpy()
        voice = X["voice"].astype(str).to_numpy()
        cols = [X["score_model"].to_numpy(dtype=float), X["score"].to_numpy(dtype=float),
                *((stance == v).astype(float) for v in LABELS.values()), *((role == r).astype(float) for r in ROLES),
                X["negated"].astype(bool).to_numpy(dtype=float), *((voice == v).astype(float) for v in VOICES)]
        return np.column_stack(cols)

    @staticmethod
    def _context(X: pd.DataFrame) -> np.ndarray:
        from .stance import context_features
        return np.asarray([context_features(t, int(a), int(b)) for t, a, b in zip(X["text"], X["start"], X["end"])],
                          dtype=float).reshape(len(X), -1)

    @staticmethod
    def _targets(X: pd.DataFrame) -> list[tuple[str, int, int]]:
        return [(str(t), int(a), int(b)) for t, a, b in zip(X["text"], X["start"], X["end"])]

    def _design(self, X: pd.DataFrame) -> sparse.csr_matrix:
        parts = [sparse.csr_matrix(self._general(X))]
        if self.actor:
            actors = X["actor"].astype(str).to_numpy()
            parts.append(sparse.csr_matrix(np.column_stack([(actors == a).astype(float) for a in self.actors_])
                                           if self.actors_ else np.zeros((len(X), 0))))
        if self.context:
            parts.append(sparse.csr_matrix((self._context(X) - self.mean_) / self.scale_))
        if self.vectorizer_ is not None:
            parts.append(self.vectorizer_.transform(self._targets(X)) * float(self.ngram_weight))
        return sparse.hstack(parts).tocsr()

    def fit(self, X, y):
        """Fit on mentions ``X`` (a DataFrame with :data:`INPUT_COLUMNS`) and their coded stance ``y``; returns self."""
        X = _check_input(X)
        y = _labels(y)
        if len(X) != len(y):
            raise ValueError(f"{len(X)} mentions but {len(y)} labels")
        if len(np.unique(y)) < 2:
            raise ValueError("the coded mentions hold one stance only; a classifier needs at least two")
        self.actors_ = sorted(X["actor"].astype(str).unique()) if self.actor else []
        if self.context:
            dense = self._context(X)
            std = dense.std(axis=0)
            self.mean_, self.scale_ = dense.mean(axis=0), np.where(std > 1e-6, std, 1.0)
        else:
            self.mean_, self.scale_ = np.zeros(0), np.ones(0)
        self.vectorizer_ = None
        if self.ngram_weight > 0:
            vec = CountVectorizer(analyzer=clause_ngrams, binary=True, min_df=self.min_df)
            try:
                self.vectorizer_ = vec.fit(self._targets(X))
            except ValueError:          # no n-gram in min_df mentions: the other features alone
                self.vectorizer_ = None
        design = self._design(X)
        lr = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter,
                                random_state=self.random_state)
        fit_on_one_thread(lr, design, y)
        coef = np.zeros((3, design.shape[1]))
        intercept = np.full(3, -30.0)       # a stance no training mention has is never predicted
        for row, c in enumerate(lr.classes_):
            k = int(np.flatnonzero(CLASSES == c)[0])
            if len(lr.classes_) == 2:       # binary: scikit-learn keeps one row, for the second class
                coef[k] = lr.coef_[0] * (1 if row else -1) / 2
                intercept[k] = lr.intercept_[0] * (1 if row else -1) / 2
            else:
                coef[k], intercept[k] = lr.coef_[row], lr.intercept_[row]
        self.coef_, self.intercept_ = coef, intercept
        self.classes_ = CLASSES
        self.n_features_in_ = design.shape[1]
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities of negative, neutral, positive per mention (columns in :data:`CLASSES` order)."""
        check_is_fitted(self, "coef_")
        X = _check_input(X)
        if X.empty:
            return np.zeros((0, 3))
        z = np.asarray(self._design(X) @ self.coef_.T) + self.intercept_
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, X) -> np.ndarray:
        """-1 / 0 / 1 per mention: the most probable stance."""
        return CLASSES[self.predict_proba(X).argmax(axis=1)]

    def score_targets(self, X) -> np.ndarray:
        """P(positive) − P(negative) per mention, in [−1, 1] (the ``score`` column when the study uses it)."""
        p = self.predict_proba(X)
        return p[:, 2] - p[:, 0]

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        from .stance import DENSE_NAMES
        check_is_fitted(self, "coef_")
        names = [f"general__{n}" for n in GENERAL_NAMES] + [f"actor__{a}" for a in self.actors_]
        if self.context:
            names += [f"context__{n}" for n in DENSE_NAMES]
        if self.vectorizer_ is not None:
            names += [f"clause__{t}" for t in self.vectorizer_.get_feature_names_out()]
        return np.array(names, dtype=object)


# -- from the actor_mentions table and back ---------------------------------------------------------
def mention_inputs(mentions: pd.DataFrame, texts) -> pd.DataFrame:
    """The estimator's input: the ``actor_mentions`` rows with their sentence's ``text`` (one per row)."""
    return mentions.assign(text=list(texts))[INPUT_COLUMNS]


def apply_study_stance(mentions: pd.DataFrame, texts, model: StudyStance) -> pd.DataFrame:
    """The ``actor_mentions`` table with ``score`` and ``stance`` from the study's classifier (the general
    pipeline's kept as ``score_general`` and ``stance_general``) and ``stance_method`` = "study classifier"."""
    out = mentions.copy()
    out["score_general"], out["stance_general"] = out["score"], out["stance"]
    if len(out):
        proba = model.predict_proba(mention_inputs(mentions, texts))
        out["score"] = proba[:, 2] - proba[:, 0]
        out["stance"] = [LABELS[int(c)] for c in CLASSES[proba.argmax(axis=1)]]
    out["stance_method"] = STUDY
    return out


def match_mentions(coded: pd.DataFrame, mentions: pd.DataFrame) -> list:
    """For each coded row (``sentence_id``, ``actor``, ``start``, ``end``), the position in ``mentions`` of the
    package's mention of the same actor in the same sentence (``article_id`` = the coded ``sentence_id``): the one
    overlapping the coder's words, else the nearest; each mention used once; None when there is none."""
    pool: dict = {}
    for i, key in enumerate(zip(mentions["article_id"], mentions["actor"])):
        pool.setdefault(key, []).append(i)
    starts, ends = mentions["start"].to_numpy(), mentions["end"].to_numpy()
    out = []
    for sid, actor, a, b in zip(coded["sentence_id"], coded["actor"], coded["start"], coded["end"]):
        free = pool.get((sid, actor), [])
        if not free:
            out.append(None)
            continue
        overlap = [i for i in free if starts[i] < b and a < ends[i]]
        best = overlap[0] if overlap else min(free, key=lambda i: abs(int(starts[i]) - a))
        free.remove(best)
        out.append(best)
    return out


def one_sentence_corpus(sentence_ids, texts) -> pd.DataFrame:
    """Sentences as one-sentence articles (``article_id`` = the sentence's id), as the stance sheets are scored."""
    return pd.DataFrame({"article_id": list(sentence_ids), "paragraph_id": 0, "sentence_id": 0, "text": list(texts)})


@dataclass
class TrainingMentions:
    """The coded mentions of the training sheets the general pipeline found (:func:`training_mentions`)."""

    inputs: pd.DataFrame          # INPUT_COLUMNS, one row per matched coded mention
    y: np.ndarray                 # the coded stance, -1 / 0 / 1
    groups: np.ndarray            # the sentence of each (sheet and sentence id): the unit of the folds
    coded: int                    # coded rows in the sheets
    sheets: list[str] = field(default_factory=list)
    sheet: np.ndarray = field(default_factory=lambda: np.zeros(0, object))    # the sheet of each mention (file name)


def training_mentions(paths, actors, speech=None, model=None) -> TrainingMentions:
    """Every coded row of the stance sheets at ``paths`` that the general pipeline (``model``: the general stance
    model, bundled when None; the role rules; ``speech``) finds as a mention of the same actor in the same sentence,
    with the pipeline's columns, the coded stance and the sentence as its group."""
    from ..corpus.coding import read_stance_sheet
    from .sentiment import score_mentions

    frames, labels, groups, names, coded_rows = [], [], [], [], 0
    for path in paths:
        coded = read_stance_sheet(path, set(actors.labels))
        coded_rows += len(coded)
        coded = coded.assign(sentence_id=f"{Path(path).name}:" + coded["sentence_id"])
        firsts = coded.drop_duplicates("sentence_id")
        corpus = one_sentence_corpus(firsts["sentence_id"], firsts["text"])
        found = score_mentions(corpus, actors, model=model, speech=speech)
        hits = match_mentions(coded, found)
        keep = [i for i, h in enumerate(hits) if h is not None]
        rows = found.iloc[[hits[i] for i in keep]].reset_index(drop=True)
        text = dict(zip(corpus["article_id"], corpus["text"]))
        frames.append(mention_inputs(rows, [text[a] for a in rows["article_id"]]))
        labels.append(coded["stance"].iloc[keep].map(VALUES).to_numpy(dtype=int))
        groups.append(coded["sentence_id"].iloc[keep].to_numpy())
        names.append(np.full(len(keep), Path(path).name, dtype=object))
    if not frames:
        return TrainingMentions(pd.DataFrame(columns=INPUT_COLUMNS), np.zeros(0, int), np.zeros(0, object), 0)
    return TrainingMentions(pd.concat(frames, ignore_index=True), np.concatenate(labels), np.concatenate(groups),
                            coded_rows, [str(p) for p in paths], np.concatenate(names))


# -- cross-validation and the choice -----------------------------------------------------------------
def agreement(truth, predicted) -> dict:
    """Accuracy, macro-F1 (the three stances; a stance neither coded nor predicted scores 0) and Krippendorff's
    alpha (nominal, coder and method as two coders) of ``predicted`` against ``truth`` (-1 / 0 / 1)."""
    import krippendorff       # analysis.compare.agreement.alpha is a layer above the measures
    from sklearn.metrics import f1_score

    t, p = np.asarray(truth, dtype=float), np.asarray(predicted, dtype=float)
    both = np.vstack([t, p])
    a = float("nan")
    if len(t) and len(np.unique(both)) > 1:
        a = float(krippendorff.alpha(reliability_data=both, level_of_measurement="nominal"))
    return {"accuracy": float(np.mean(t == p)) if len(t) else float("nan"),
            "macro_f1": float(f1_score(t, p, labels=[-1, 0, 1], average="macro", zero_division=0)) if len(t)
            else float("nan"),
            "alpha": a}


def folds(groups, n_splits: int = N_SPLITS, random_state: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """``(train, test)`` positions of ``GroupKFold`` by ``groups``, shuffled with ``random_state``: every mention
    of a group (a sentence) is in the test part of exactly one fold."""
    from sklearn.model_selection import GroupKFold

    groups = np.asarray(groups)
    n = min(n_splits, len(np.unique(groups)))
    if n < 2:
        raise ValueError("cross-validation by sentence needs coded mentions in at least two sentences")
    splitter = GroupKFold(n_splits=n, shuffle=True, random_state=random_state)
    return list(splitter.split(np.zeros(len(groups)), groups=groups))


def cross_validate(estimator: StudyStance, data: TrainingMentions, n_splits: int = N_SPLITS,
                   random_state: int = 0, splits=None) -> dict:
    """Out-of-fold figures of ``estimator`` beside the general pipeline and the majority class, on the same folds.

    Returns ``{"study": {...}, "general": {...}, "majority": {...}}`` (each :func:`agreement` of the pooled
    out-of-fold labels), ``"predicted"`` (the out-of-fold labels), ``"fold"`` (each mention's test fold),
    ``"n"``, ``"sentences"`` and ``"n_splits"``.  The majority answers, in each fold, the most frequent stance of
    that fold's training part.  ``splits``: other ``(train, test)`` positions (default :func:`folds` by
    sentence)."""
    y = np.asarray(data.y)
    general = data.inputs["stance"].map(VALUES).to_numpy(dtype=int)
    predicted = np.zeros(len(y), dtype=int)
    majority = np.zeros(len(y), dtype=int)
    fold_of = np.zeros(len(y), dtype=int)
    splits = folds(data.groups, n_splits, random_state) if splits is None else list(splits)
    for k, (train, test) in enumerate(splits):
        fitted = clone(estimator).fit(data.inputs.iloc[train], y[train])
        predicted[test] = fitted.predict(data.inputs.iloc[test])
        values, counts = np.unique(y[train], return_counts=True)
        majority[test] = values[counts.argmax()]
        fold_of[test] = k
    return {"study": agreement(y, predicted), "general": agreement(y, general), "majority": agreement(y, majority),
            "predicted": predicted, "fold": fold_of, "n": int(len(y)),
            "sentences": int(len(np.unique(data.groups))), "n_splits": len(splits)}


def beats(study: dict, general: dict) -> bool:
    """The study classifier is used when its cross-validated alpha is higher than the general pipeline's and its
    accuracy is not lower (alpha is the figure the validity gate reads)."""
    sa, ga = study["alpha"], general["alpha"]
    higher = np.isfinite(sa) and (not np.isfinite(ga) or sa > ga)
    return bool(higher and study["accuracy"] >= general["accuracy"])


@dataclass
class StanceChoice:
    """Which stance the ``actor_mentions`` measure uses, and the figures that decided it."""

    method: str                          # STUDY or GENERAL
    model: StudyStance | None            # the fitted study classifier when method is STUDY
    figures: dict                        # flat: study_stance_cv_* keys (see :meth:`flat`)
    note: str                            # one sentence for a report or a table's provenance

    def flat(self) -> dict:
        return dict(self.figures)


def _figures(cv: dict, data: TrainingMentions, estimator: StudyStance, random_state: int) -> dict:
    out = {"study_stance_cv_part": "in-sample (cross-validated on training sheets)",
           "study_stance_cv_scope": ("coded mentions of the training sheets the actor lexicon finds (coverage); "
                                     "*_accuracy_of_coded counts the others as errors, as the blind benchmark does"),
           "study_stance_cv_sheets": [Path(p).name for p in data.sheets],
           "study_stance_cv_coded": data.coded, "study_stance_cv_n": cv["n"],
           "study_stance_cv_coverage": round(cv["n"] / data.coded, 4) if data.coded else float("nan"),
           "study_stance_cv_sentences": cv["sentences"], "study_stance_cv_folds": cv["n_splits"],
           "study_stance_cv_seed": random_state,
           **{f"study_stance_cv_param_{k}": v for k, v in estimator.get_params().items()}}
    for who in ("study", "general", "majority"):
        for k, v in cv[who].items():
            out[f"study_stance_cv_{who}_{k}"] = round(v, 4) if np.isfinite(v) else float("nan")
        if data.coded:    # as the blind benchmark counts: a coded mention the lexicon does not find is an error
            out[f"study_stance_cv_{who}_accuracy_of_coded"] = round(cv[who]["accuracy"] * cv["n"] / data.coded, 4)
    if len(data.sheets) > 1:          # the same out-of-fold labels, sheet by sheet
        y, general = np.asarray(data.y), data.inputs["stance"].map(VALUES).to_numpy(dtype=int)
        by_sheet = {}
        for name in dict.fromkeys(data.sheet):
            on = data.sheet == name
            by_sheet[name] = {"n": int(on.sum()), **{f"{who}_{k}": round(v, 4) for who, pred in
                                                     (("study", cv["predicted"]), ("general", general))
                                                     for k, v in agreement(y[on], pred[on]).items()}}
        # a stricter check: each sheet predicted by a classifier trained on the other sheets (another coder)
        sheets = np.asarray(data.sheet)
        across = cross_validate(estimator, data, splits=[(np.flatnonzero(sheets != name), np.flatnonzero(sheets == name))
                                                         for name in dict.fromkeys(sheets)])
        for who in ("study", "general", "majority"):
            for k, v in across[who].items():
                out[f"study_stance_cv_other_sheets_{who}_{k}"] = round(v, 4) if np.isfinite(v) else float("nan")
        for name in by_sheet:
            on = sheets == name
            by_sheet[name].update({f"study_from_other_sheets_{k}": round(v, 4)
                                   for k, v in agreement(y[on], across["predicted"][on]).items()})
        for name, figures in by_sheet.items():       # flat keys: study_stance_cv_sheet_<file stem>_<figure>
            out.update({f"study_stance_cv_sheet_{Path(name).stem}_{k}": v for k, v in figures.items()})
    return out


def choose(data: TrainingMentions, estimator: StudyStance | None = None, n_splits: int = N_SPLITS,
           random_state: int = 0) -> StanceChoice:
    """Cross-validate ``estimator`` (default :class:`StudyStance`) on ``data`` and fit it on all of it when it
    :func:`beats` the general pipeline; else the general pipeline, with the reason in the note."""
    estimator = estimator if estimator is not None else StudyStance(random_state=random_state)
    sheets = ", ".join(Path(p).name for p in data.sheets)
    try:
        cv = cross_validate(estimator, data, n_splits, random_state)
    except ValueError as exc:       # too few sentences, one stance only
        return StanceChoice(GENERAL, None, {"study_stance_cv_coded": data.coded, "study_stance_cv_n": len(data.y)},
                            f"stance by the general model: the study's {len(data.y)} coded mentions ({sheets}) "
                            f"cannot train a classifier ({exc})")
    figures = _figures(cv, data, estimator, random_state)
    s, g, m = cv["study"], cv["general"], cv["majority"]
    said = (f"cross-validated by sentence on {cv['n']} coded mentions of {cv['sentences']} sentences ({sheets}; "
            f"{cv['n_splits']} folds): study classifier alpha {s['alpha']:.2f}, accuracy {s['accuracy']:.2f}; "
            f"general model alpha {g['alpha']:.2f}, accuracy {g['accuracy']:.2f}; always the most frequent stance "
            f"accuracy {m['accuracy']:.2f}")
    if beats(s, g):
        model = clone(estimator).fit(data.inputs, data.y)
        figures["study_stance_method"] = STUDY
        return StanceChoice(STUDY, model, figures, f"stance by the study's classifier, trained on its coded "
                                                   f"mentions: it beats the general model ({said})")
    figures["study_stance_method"] = GENERAL
    return StanceChoice(GENERAL, None, figures, f"stance by the general model: the study's classifier did not beat "
                                                f"it ({said})")


_CHOICES: dict[tuple, StanceChoice] = {}
_LOCK = threading.Lock()


def _choice_key(resources: dict, settings) -> tuple:
    """What a stance choice is made from (``resources``: the study's): the sheets, the actor and speech lexicons
    and the general model (``settings``' ``sentiment.stance_model``)."""
    from .context_stance import stance_model_files

    sheets = resources["coding_stance_train"]
    model_id = tuple(hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else ""
                     for p in stance_model_files(settings))
    return (tuple((str(r.path), r.sha256) for r in sheets), tuple(r.sha256 for r in resources["actors"]),
            tuple(r.sha256 for r in resources["speech"]), model_id)


def study_stance(settings, actors=None, speech=None) -> StanceChoice | None:
    """The stance choice of a study (None when it names no ``[coding] stance_train`` sheet or no actors): the
    training mentions of its sheets under its actor and speech lexicons, cross-validated and chosen by
    :func:`choose`; made once per process for the same sheets, lexicons and general model (or handed in by
    :func:`remember`)."""
    from ..corpus.voices import load_speech
    from .registry import study_actors

    resources = settings.resources()
    sheets = resources["coding_stance_train"]
    actors = actors if actors is not None else study_actors(settings)
    if not sheets or actors is None:
        return None
    speech = speech or load_speech(settings.lexicons.speech, settings.base)
    key = _choice_key(resources, settings)
    with _LOCK:
        if key not in _CHOICES:
            from .context_stance import stance_model
            data = training_mentions([r.path for r in sheets], actors, speech, model=stance_model(settings))
            _CHOICES[key] = choose(data)
        return _CHOICES[key]


def remember(settings, choice: StanceChoice | None) -> None:
    """Keep ``choice`` (what :func:`study_stance` gave for ``settings`` in another process) as this process's
    choice for the same inputs, so that an engine's workers use the one classifier fitted once instead of each
    fitting its own; nothing for None."""
    resources = settings.resources()
    if choice is None or not resources["coding_stance_train"]:
        return
    key = _choice_key(resources, settings)
    with _LOCK:
        _CHOICES.setdefault(key, choice)
