"""A supervised frame classifier: trained on coded sentences, cross-validated by source, saved without pickle.

:class:`FrameClassifier` follows scikit-learn's conventions (parameters in
``__init__``, fitted attributes ending in ``_``, ``clone`` works, a
:class:`~sklearn.exceptions.NotFittedError` before ``fit``).  Features:
TF-IDF of the package tokenizer's words and two-word phrases, of character
2–5-grams within word boundaries and, when ``lexicon`` names a frame
lexicon, that dictionary's match counts per frame (capped at two, scaled by
``dictionary_weight``): the classifier then learns from the coded sentences
when a dictionary match means the frame and which wordings without a match
do; and, when ``space`` is a fitted
:class:`~analysis.measures.word_space.WordSpace` (word vectors learnt from
unlabelled news text), the text's vector in it (scaled by ``space_weight``),
so a wording the coded sentences never used still counts where its words
keep the same company as theirs.  One logistic regression per frame (one-vs-rest, so a sentence can carry
several frames), class weights balanced; with ``svm_weight`` above 0, a
linear support vector machine fitted on the same features and labels adds
its margin (times ``svm_weight``) to the regression's logit: both are
linear, so the ensemble is one weight vector per frame, stored and applied
like the regression's alone (a second loss that leans on different
features, measured to generalise better to new sheets by cross-validation
by sheet).  The probability at which a frame is predicted is ``threshold``, or per frame the one with the best
out-of-fold F1 on the training data (``tune_thresholds``, folds by the
``groups`` given to ``fit``: articles or coded sheets).

:func:`cross_validate` gives out-of-fold predictions with folds by group (a
sentence is never predicted by a model that saw its article or sheet).
:meth:`FrameClassifier.predict` gives 0/1 per frame;
:func:`predictions_as_matches` turns them into rows shaped like
``frame_matches`` (with the dictionary's keyword-in-context evidence where
the dictionary matched) so every salience table and figure can use either
method.

:meth:`FrameClassifier.save` writes JSON (:mod:`analysis.persist`):
vocabularies, IDF weights, coefficients, thresholds, the parameters, the
word space's words, IDF weights and vectors (never the text it was fitted
on), the hash of the training data and of the lexicon's file; :meth:`FrameClassifier.load`
refuses a tampered file or one made for other frames or features.  The
bundled model for the story lexicon (:data:`BUNDLED_MODELS`) is trained by
``python benchmarks/train_frame_model.py``.
"""
from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from ..corpus.tokens import Tokenizer
from ..errors import ModelError
from ..persist import data_hash, load_model, save_model
from ..schema import MATCH_COLUMNS
from .estimators import TextInputMixin

KIND = "frame-classifier"
FORMAT = 2
MODELS = Path(__file__).resolve().parents[1] / "models"
BUNDLED_MODELS = {"iraq": MODELS / "frames_iraq.json.gz"}    # bundled lexicon name -> its trained classifier
THRESHOLD_GRID = tuple(float(t) for t in np.round(np.arange(0.15, 0.851, 0.05), 2))
DICTIONARY_CAP = 2          # a frame's match count counts up to this many matches
PARAMS = ("C", "min_df", "char", "threshold", "lexicon", "dictionary_weight", "tune_thresholds", "random_state")
ENSEMBLE_PARAMS = ("svm_weight", "svm_C")   # saved by every model; a file from before them is the regression alone
PREDICT_BATCH = 4096                  # texts whose features are built at once when predicting
SPACE_PARAMS = ("space_weight",)      # saved with the space's arrays (a model without a space has neither)


class FrameClassifier(TextInputMixin, ClassifierMixin, BaseEstimator):
    """Multi-label frame classifier over sentences.

    Parameters
    ----------
    C : float
        Inverse regularisation of each frame's logistic regression.
    min_df : int
        Words and phrases seen in fewer training texts are dropped.
    char : bool
        Add character 2–5-grams (within word boundaries).
    threshold : float
        Probability at or above which a frame is predicted (every frame, unless ``tune_thresholds``).
    lexicon : str or None
        A frame lexicon (bundled name such as ``"iraq"``, or a path) whose per-frame match counts are features;
        None for words and characters only.
    dictionary_weight : float
        Scale of the dictionary features (a match counts this much, two or more twice this much).
    tune_thresholds : bool
        Choose each frame's threshold from :data:`THRESHOLD_GRID` by out-of-fold F1 on the training data, folds
        by the ``groups`` passed to :meth:`fit` (they are then required).
    random_state : int
        Seed of the solvers (the fit is deterministic).
    space : WordSpace or None
        A fitted :class:`~analysis.measures.word_space.WordSpace` (word vectors learnt from unlabelled news
        text): each text's vector in it, scaled by ``space_weight``, is a feature, so wordings the coded sentences
        never used still land near those they did.  Not refitted by ``fit`` (nor by cross-validation); stored in
        the model file.
    space_weight : float
        Scale of the word-space features (the vector has unit length).
    svm_weight : float
        0 for the logistic regression alone; above 0, each frame's logit is the regression's plus ``svm_weight``
        times the decision value of a linear SVM (squared hinge loss, class weights balanced) fitted on the same
        features: its margin (±1) moves the logit by ±``svm_weight``.
    svm_C : float
        Inverse regularisation of each frame's SVM (used when ``svm_weight`` is above 0).

    Attributes
    ----------
    frames_ : list of str
        The frames (columns of ``Y``), in order.
    word_, char_ : TfidfVectorizer
        The fitted vectorizers (``char_`` is None without character n-grams).
    lexicon_frames_ : list of str
        The lexicon's frames whose match counts are features (empty without a lexicon).
    lexicon_sha256_ : str
        sha256 of the lexicon file the model was trained with ("" without one).
    coef_ : ndarray of shape (n_frames, n_features)
        Each frame's weights (the regression's plus ``svm_weight`` times the SVM's).
    intercept_ : ndarray of shape (n_frames,)
    thresholds_ : ndarray of shape (n_frames,)
        The probability at or above which each frame is predicted.
    data_hash_ : str
        Hash of the training texts and labels.
    """

    def __init__(self, C: float = 4.0, min_df: int = 1, char: bool = True, threshold: float = 0.5,
                 lexicon: str | None = None, dictionary_weight: float = 0.25, tune_thresholds: bool = False,
                 random_state: int = 0, space=None, space_weight: float = 0.5, svm_weight: float = 0.0,
                 svm_C: float = 0.5):
        self.C = C
        self.min_df = min_df
        self.char = char
        self.threshold = threshold
        self.lexicon = lexicon
        self.dictionary_weight = dictionary_weight
        self.tune_thresholds = tune_thresholds
        self.random_state = random_state
        self.space = space
        self.space_weight = space_weight
        self.svm_weight = svm_weight
        self.svm_C = svm_C

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()             # texts in (TextInputMixin)
        tags.target_tags.multi_output = True         # Y: one 0/1 column per frame
        tags.classifier_tags.multi_label = True
        return tags

    def _vectorizers(self, word_vocab=None, char_vocab=None):
        word = TfidfVectorizer(analyzer=Tokenizer(ngram_range=(1, 2)), lowercase=False, sublinear_tf=True,
                               **({"vocabulary": word_vocab} if word_vocab is not None else {"min_df": self.min_df}))
        char = None
        if self.char:
            char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                   **({"vocabulary": char_vocab} if char_vocab is not None else
                                      {"min_df": max(2, self.min_df), "max_features": 50000}))
        return word, char

    def _load_lexicon(self):
        from .frames import load_lexicon
        return load_lexicon(self.lexicon) if self.lexicon else None

    def dictionary_features(self, texts, found=None) -> sparse.csr_matrix:
        """The lexicon's match counts per frame of ``lexicon_frames_`` (capped, scaled): shape (n_texts, n_frames).

        ``found``: the frame of every match of the lexicon in each text (one list per text), when the matches
        were already computed (the ``frame_matches`` measure); else the texts are matched here."""
        from .frames import match_text
        check_is_fitted(self, "lexicon_frames_")
        out = np.zeros((len(texts), len(self.lexicon_frames_)))
        if self.lexicon_frames_:
            column = {f: j for j, f in enumerate(self.lexicon_frames_)}
            if found is None:
                found = [[fid for fid, *_ in match_text(text, self._lexicon_)] for text in texts]
            for i, frames in enumerate(found):
                for fid in frames:
                    if fid in column:
                        out[i, column[fid]] += 1
        return sparse.csr_matrix(np.minimum(out, DICTIONARY_CAP) * self.dictionary_weight)

    def _design(self, texts, found=None) -> sparse.csr_matrix:
        texts = [str(t) for t in texts]
        parts = [self.word_.transform(texts)]
        if self.char_ is not None:
            parts.append(self.char_.transform(texts))
        if self.lexicon_frames_:
            parts.append(self.dictionary_features(texts, found))
        if self.space is not None:
            parts.append(sparse.csr_matrix(self.space.transform(texts) * self.space_weight))
        return sparse.hstack(parts).tocsr()

    def fit(self, texts, Y: pd.DataFrame, groups=None):
        """Fit on ``texts`` (strings) and ``Y`` (a DataFrame of 0/1 columns, one per frame, one row per text);
        ``groups`` (article or sheet per text) are needed when ``tune_thresholds`` is on.  Returns self."""
        texts = [str(t) for t in texts]
        Y = pd.DataFrame(Y).reset_index(drop=True)
        if len(texts) != len(Y):
            raise ValueError(f"{len(texts)} texts but {len(Y)} rows of labels")
        for f in Y.columns:
            bad = ~Y[f].isin([0, 1])
            if bad.any():
                raise ValueError(f"frame column {f!r} holds values other than 0 and 1 (row {int(np.flatnonzero(bad)[0])})")
        if not (self.svm_weight >= 0 and self.svm_C > 0):
            raise ValueError(f"svm_weight must be 0 or more and svm_C above 0 (got {self.svm_weight}, {self.svm_C})")
        self.frames_ = [str(c) for c in Y.columns]
        self._lexicon_ = self._load_lexicon()
        self.lexicon_frames_ = list(self._lexicon_.frames) if self._lexicon_ else []
        self.lexicon_sha256_ = self._lexicon_.resource.sha256 if self._lexicon_ and self._lexicon_.resource else ""
        self.word_, self.char_ = self._vectorizers()
        self.word_.fit(texts)
        if self.char_ is not None:
            self.char_.fit(texts)
        X = self._design(texts)
        coefs, intercepts = [], []
        for f in self.frames_:
            y = Y[f].to_numpy().astype(int)
            if y.min() == y.max():          # a frame no training sentence has (or every one has): a constant
                coefs.append(np.zeros(X.shape[1]))
                intercepts.append(10.0 if y.max() else -10.0)
                continue
            lr = LogisticRegression(C=self.C, class_weight="balanced", max_iter=3000, random_state=self.random_state)
            lr.fit(X, y)
            coef, intercept = lr.coef_[0], float(lr.intercept_[0])
            if self.svm_weight:
                svm = LinearSVC(C=self.svm_C, class_weight="balanced", max_iter=20000,
                                random_state=self.random_state).fit(X, y)
                coef, intercept = coef + self.svm_weight * svm.coef_[0], intercept + self.svm_weight * svm.intercept_[0]
            coefs.append(coef)
            intercepts.append(float(intercept))
        self.coef_ = np.vstack(coefs)
        self.intercept_ = np.array(intercepts)
        self.thresholds_ = np.full(len(self.frames_), float(self.threshold))
        if self.tune_thresholds:
            if groups is None:
                raise ValueError("tune_thresholds needs the groups (article or sheet of each text) passed to fit")
            inner = clone(self).set_params(tune_thresholds=False)
            proba = cross_validate(inner, texts, Y, groups, method="predict_proba")
            self.thresholds_ = np.array([best_threshold(Y[f].to_numpy(), proba[f].to_numpy(), self.threshold)
                                         for f in self.frames_])
        self.data_hash_ = data_hash("\n".join(texts), Y.to_numpy())
        return self

    def decision_function(self, texts, found=None) -> np.ndarray:
        """Each frame's logit per text: shape (n_texts, n_frames); ``found`` as in :meth:`dictionary_features`.

        Each distinct text (with its matches) is scored once; the features are built :data:`PREDICT_BATCH` texts at a time (each text's row depends on it alone, so the
        logits are the same as in one go): the character n-grams of a whole corpus at once would hold about a
        gigabyte at 5,000 articles."""
        check_is_fitted(self, "coef_")
        from .estimators import distinct

        texts = [str(t) for t in texts]
        found = None if found is None else list(found)
        keys = texts if found is None else [(t, tuple(f)) for t, f in zip(texts, found)]
        unique, codes = distinct(keys)                                   # a repeated sentence is scored once
        texts = [k if found is None else k[0] for k in unique]
        found = None if found is None else [list(k[1]) for k in unique]
        out = np.empty((len(texts), len(self.frames_)))
        for start in range(0, len(texts), PREDICT_BATCH):
            part = slice(start, start + PREDICT_BATCH)
            out[part] = np.asarray(self._design(texts[part], None if found is None else found[part]) @ self.coef_.T)
        return out[codes] + self.intercept_

    def predict_proba(self, texts, found=None) -> pd.DataFrame:
        """Probability of each frame per text (a DataFrame, one column per frame)."""
        z = self.decision_function(texts, found)
        return pd.DataFrame(1 / (1 + np.exp(-z)), columns=self.frames_)

    def predict(self, texts, found=None) -> pd.DataFrame:
        """0/1 per text and frame (a DataFrame, one column per frame): probability at or above its threshold."""
        return (self.predict_proba(texts, found) >= self.thresholds_).astype(int)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "coef_")
        names = [f"word__{t}" for t in self.word_.get_feature_names_out()]
        if self.char_ is not None:
            names += [f"char__{t}" for t in self.char_.get_feature_names_out()]
        names += [f"dictionary__{f}" for f in self.lexicon_frames_]
        if self.space is not None:
            names += [f"space__{j}" for j in range(self.space.vectors_.shape[1])]
        return np.array(names, dtype=object)

    # -- persistence without pickle ---------------------------------------------------
    def save(self, path: str | Path, **metadata) -> Path:
        """Write the fitted model as JSON (gzip-compressed when ``path`` ends in ``.gz``); ``metadata`` is stored
        with it (what it was trained on, its cross-validated scores)."""
        check_is_fitted(self, "coef_")
        arrays = {"frames": self.frames_, "word_vocab": list(self.word_.get_feature_names_out()),
                  "word_idf": self.word_.idf_, "coef": self.coef_, "intercept": self.intercept_,
                  "thresholds": self.thresholds_, "lexicon_frames": self.lexicon_frames_}
        if self.char_ is not None:
            arrays |= {"char_vocab": list(self.char_.get_feature_names_out()), "char_idf": self.char_.idf_}
        params = {k: getattr(self, k) for k in PARAMS + ENSEMBLE_PARAMS} | {"lexicon": self.lexicon or ""}
        if self.space is not None:
            check_is_fitted(self.space, "vectors_")
            arrays |= {"space_words": self.space.words_, "space_idf": self.space.idf_,
                       "space_vectors": self.space.vectors_}
            params |= {k: getattr(self, k) for k in SPACE_PARAMS} | {"space": self.space.get_params()}
        return save_model(path, KIND, FORMAT, params, arrays, {"data_hash": self.data_hash_,
                                                               "lexicon_sha256": self.lexicon_sha256_, **metadata},
                          digits=6)

    @classmethod
    def load(cls, path: str | Path, frames: list[str] | None = None) -> "FrameClassifier":
        """A model saved by :meth:`save`; ``frames``, when given, must be the frames it was trained for.  A model
        whose lexicon file has changed since it was trained still loads, with a warning saying to retrain it."""
        doc = load_model(path, KIND, FORMAT, text_arrays={"frames", "word_vocab", "char_vocab", "lexicon_frames",
                                                          "space_words"})
        a, p = doc["arrays"], doc["params"]
        self = cls(**{k: p[k] for k in PARAMS})
        for k in ENSEMBLE_PARAMS:          # applied through coef_; kept so get_params and refitting are true
            if k in p:
                v = p[k]
                if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0 or (k == "svm_C" and v <= 0):
                    raise ModelError(f"{path}: parameter {k!r} is {v!r}, not a number in range; refusing the model")
                setattr(self, k, float(v))
        if "space" in p:
            self.set_params(space=_stored_space(path, p["space"], a), **{k: p[k] for k in SPACE_PARAMS})
        self.lexicon = self.lexicon or None
        self.frames_ = list(a["frames"])
        if frames is not None and list(frames) != self.frames_:
            raise ModelError(f"{path}: the model was trained for frames {self.frames_}, not {list(frames)}")
        self.word_, self.char_ = self._vectorizers(list(a["word_vocab"]), list(a["char_vocab"]) if p["char"] else None)
        self.word_.idf_ = a["word_idf"]
        n = len(a["word_vocab"])
        if self.char_ is not None:
            self.char_.idf_ = a["char_idf"]
            n += len(a["char_vocab"])
        self.lexicon_frames_ = list(a["lexicon_frames"])
        n += len(self.lexicon_frames_)
        if self.space is not None:
            n += self.space.vectors_.shape[1]
        k = len(self.frames_)
        if np.shape(a["coef"]) != (k, n) or np.shape(a["intercept"]) != (k,) or np.shape(a["thresholds"]) != (k,) \
                or len(a["word_idf"]) != len(a["word_vocab"]):
            raise ModelError(f"{path}: the model's arrays do not fit its vocabularies and frames; refusing it")
        self._lexicon_ = self._load_lexicon()
        self.lexicon_sha256_ = doc["metadata"].get("lexicon_sha256", "")
        if self._lexicon_ is not None:
            missing = [f for f in self.lexicon_frames_ if f not in self._lexicon_.frames]
            if missing:
                raise ModelError(f"{path}: trained with the frames {missing} of the lexicon {self.lexicon!r}, which "
                                 "it no longer has; retrain the model")
            if self._lexicon_.resource and self._lexicon_.resource.sha256 != self.lexicon_sha256_:
                warnings.warn(f"{path}: the lexicon {self._lexicon_.source} has changed since the model was trained "
                              "(its dictionary features may mean something else now); retrain it (python "
                              "benchmarks/train_frame_model.py for the bundled model)", stacklevel=2)
        self.coef_, self.intercept_, self.thresholds_ = a["coef"], a["intercept"], a["thresholds"]
        self.data_hash_ = doc["metadata"].get("data_hash")
        self.metadata_ = dict(doc["metadata"])
        return self


def _stored_space(path, params, arrays):
    """The word space stored in a model file (its parameters and arrays), or a :class:`ModelError` naming the file."""
    from .word_space import WordSpace
    if not isinstance(params, dict) or set(params) != set(WordSpace().get_params()):
        raise ModelError(f"{path}: the parameters of its word space are not those of a WordSpace; refusing the model")
    try:
        return WordSpace(**params).restore(arrays["space_words"], arrays["space_idf"], arrays["space_vectors"])
    except ValueError as exc:
        raise ModelError(f"{path}: {exc}; refusing the model") from None


def best_threshold(y: np.ndarray, proba: np.ndarray, default: float = 0.5) -> float:
    """The threshold of :data:`THRESHOLD_GRID` with the highest F1 of ``proba >= t`` against ``y`` (ties: the one
    nearest ``default``); ``default`` when ``y`` has no positive."""
    from sklearn.metrics import f1_score
    if not np.any(y):
        return float(default)
    scores = [(f1_score(y, (proba >= t).astype(int), zero_division=0), -abs(t - default), t) for t in THRESHOLD_GRID]
    return float(max(scores)[2])


def cross_validate(model: FrameClassifier, texts, Y: pd.DataFrame, groups, n_splits: int | None = None,
                   method: str = "predict", n_jobs: int | None = None) -> pd.DataFrame:
    """Out-of-fold predictions (``method``: ``"predict"``, 0/1, or ``"predict_proba"``), folds by ``groups``
    (articles or coded sheets): leave one group out when there are at most ten groups, else ``n_splits``
    (default 5) group folds.  Each fold's model gets its training groups (for ``tune_thresholds``).  ``n_jobs``:
    folds fitted in parallel (joblib; the result does not depend on it)."""
    from joblib import Parallel, delayed
    from sklearn.model_selection import GroupKFold, LeaveOneGroupOut

    texts = np.asarray([str(t) for t in texts], dtype=object)
    Y = pd.DataFrame(Y).reset_index(drop=True)
    groups = np.asarray(groups)
    n_groups = len(np.unique(groups))
    if n_groups < 2:
        raise ValueError("cross-validation by group needs texts from at least two groups (articles or sheets)")
    splitter = LeaveOneGroupOut() if n_groups <= 10 and not n_splits else GroupKFold(n_splits or 5)
    out = pd.DataFrame(0.0 if method == "predict_proba" else 0, index=Y.index, columns=Y.columns)

    def fold(train, test):
        fitted = clone(model).fit(texts[train], Y.iloc[train], groups=groups[train])
        return test, getattr(fitted, method)(texts[test]).to_numpy()

    for test, values in Parallel(n_jobs=n_jobs)(delayed(fold)(train, test)
                                                for train, test in splitter.split(texts, groups=groups)):
        out.iloc[test] = values
    return out


def matched_frames(sentences: pd.DataFrame, matches: pd.DataFrame, lexicon: str) -> list[list[str]]:
    """The frame of every match of ``lexicon`` in each sentence (one list per row of ``sentences``), read from the
    ``frame_matches`` table so the classifier does not match the sentences again."""
    own = matches[matches["lexicon"] == lexicon]
    by_sentence = own.groupby(["article_id", "sentence_id"])["frame"].agg(list).to_dict()
    return [by_sentence.get(k, []) for k in zip(sentences["article_id"], sentences["sentence_id"])]


def bundled_model(lex) -> FrameClassifier | None:
    """The trained classifier shipped for a bundled frame lexicon (:data:`BUNDLED_MODELS`), or None for a
    researcher's own lexicon or a bundled one without a model."""
    resource = getattr(lex, "resource", None)
    path = BUNDLED_MODELS.get(lex.name)
    if resource is None or not resource.bundled or path is None or not path.exists():
        return None
    stat = path.stat()
    return _load_once(str(path), stat.st_mtime_ns, stat.st_size, tuple(lex.frames), resource.sha256)


@lru_cache(maxsize=4)
def _load_once(path: str, mtime_ns: int, size: int, frames: tuple, lexicon_sha256: str) -> FrameClassifier:
    """A bundled model read once per file version and lexicon (predicting does not change it)."""
    return FrameClassifier.load(path, frames=list(frames))


def predictions_as_matches(sentences: pd.DataFrame, predicted: pd.DataFrame, lexicon: str,
                           evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows shaped like ``frame_matches`` for each sentence and predicted frame.

    ``evidence``: the dictionary's ``frame_matches`` of the same lexicon; a predicted frame the dictionary also
    matched in that sentence keeps the dictionary's rows (its terms and keyword-in-context spans), any other
    predicted frame gets one row with ``term`` "(classifier)" and ``kind`` ``classifier``.  The dictionary's
    matches of frames the classifier does not predict are dropped."""
    frames = np.array(list(predicted.columns), dtype=object)
    # the (frame, sentence) cells predicted on, frame by frame, without a long table of every cell (at 20k articles
    # that held ~500 MB for the ~2% of cells that are on)
    frame_of, row = np.nonzero(predicted.to_numpy().T == 1)
    on = sentences[["article_id", "sentence_id", "text"]].iloc[row]
    out = pd.DataFrame({"article_id": on["article_id"].to_numpy(), "sentence_id": on["sentence_id"].to_numpy(),
                        "frame": frames[frame_of], "term": "(classifier)", "lexicon": lexicon,
                        "matched": on["text"].str.slice(0, 0).to_numpy(), "start": 0, "end": 0, "kind": "classifier"})
    if evidence is not None and len(evidence):
        keys = ["article_id", "sentence_id", "frame"]
        ev = evidence[evidence["lexicon"] == lexicon]
        kept = ev.merge(out[keys].drop_duplicates(), on=keys, how="inner")
        backed = out[keys].merge(kept[keys].drop_duplicates(), on=keys, how="left", indicator=True)["_merge"]
        out = pd.concat([kept[MATCH_COLUMNS], out[(backed == "left_only").to_numpy()]], ignore_index=True)
    return out[MATCH_COLUMNS].sort_values(["article_id", "sentence_id", "frame", "start"]).reset_index(drop=True)


def training_data(sentences: pd.DataFrame, frames: list[str], settings, dictionary_matches, lexicon: str):
    """``(texts, labels, groups, source)`` to train the classifier on: the development part of the study's coded
    sheets (majority of coders; the test part is never trained on) when it names any, else the dictionary's
    matches on every sentence (``source`` says which); ``groups`` are the articles."""
    from ..corpus.coding import read_sheets

    if settings.coding.frames:
        paths = [r.path for r in settings.resources()["coding_frames"]]
        coded = read_sheets(paths, frames, sentences, test_share=settings.validity.test_share,
                            split_seed=settings.validity.split_seed)
        coded = coded[coded["part"] == "development"]
        labels = coded.groupby(["article_id", "sentence_id"])[frames].mean().ge(0.5).astype(int).reset_index()
        table = labels.merge(sentences[["article_id", "sentence_id", "text"]], on=["article_id", "sentence_id"])
        return (table["text"].tolist(), table[frames], table["article_id"].to_numpy(),
                "coded sheets (development part)")
    m = dictionary_matches()
    m = m[m["lexicon"] == lexicon]
    hit = m[["article_id", "sentence_id", "frame"]].drop_duplicates().assign(v=1).pivot_table(
        index=["article_id", "sentence_id"], columns="frame", values="v", fill_value=0)
    table = sentences[["article_id", "sentence_id", "text"]].merge(hit.reset_index(), on=["article_id", "sentence_id"],
                                                                  how="left")
    for f in frames:
        table[f] = table[f].fillna(0).astype(int) if f in table else 0
    return (table["text"].tolist(), table[frames], table["article_id"].to_numpy(),
            "dictionary matches (no coded sheet: the classifier learns the dictionary)")
