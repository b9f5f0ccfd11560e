"""A supervised frame classifier: trained on a coded sheet, cross-validated, saved without pickle.

:class:`FrameClassifier` follows scikit-learn's conventions (parameters in
``__init__``, fitted attributes ending in ``_``, ``clone`` works).  Features:
TF-IDF of the package tokenizer's words and two-word phrases, and of
character 2–5-grams within word boundaries; one logistic regression per
frame (one-vs-rest, so a sentence can carry several frames), class weights
balanced.  :meth:`FrameClassifier.predict` gives 0/1 per frame;
:func:`predictions_as_matches` turns them into rows shaped like
``frame_matches`` so every salience table and figure can use either method.

:func:`cross_validate` gives out-of-fold predictions with folds by article
(a sentence is never predicted by a model that saw its article).

:meth:`FrameClassifier.save` writes JSON (:mod:`analysis.persist`):
vocabularies, IDF weights, coefficients, the parameters and the hash of the
training data; :meth:`FrameClassifier.load` refuses a tampered file or one
made for other frames or features.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from ..corpus.tokens import Tokenizer
from ..errors import ModelError
from ..persist import data_hash, load_model, save_model
from ..schema import MATCH_COLUMNS

KIND = "frame-classifier"
FORMAT = 1


class FrameClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label frame classifier over sentences.

    Parameters: ``C`` (inverse regularisation of each logistic regression),
    ``min_df`` (terms seen in fewer texts are dropped), ``char`` (add
    character n-grams), ``threshold`` (probability at or above which a frame
    is predicted), ``random_state``.  ``fit(texts, Y)`` takes ``Y`` as a
    DataFrame of 0/1 columns, one per frame.  Fitted: ``frames_``,
    ``word_``, ``char_`` (vectorizers), ``coef_``, ``intercept_``.
    """

    def __init__(self, C: float = 4.0, min_df: int = 1, char: bool = True, threshold: float = 0.5,
                 random_state: int = 0):
        self.C = C
        self.min_df = min_df
        self.char = char
        self.threshold = threshold
        self.random_state = random_state

    def _vectorizers(self):
        word = TfidfVectorizer(analyzer=Tokenizer(ngram_range=(1, 2)), lowercase=False, min_df=self.min_df,
                               sublinear_tf=True)
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=max(2, self.min_df), sublinear_tf=True,
                               max_features=50000) if self.char else None
        return word, char

    def _design(self, texts) -> sparse.csr_matrix:
        texts = [str(t) for t in texts]
        parts = [self.word_.transform(texts)]
        if self.char_ is not None:
            parts.append(self.char_.transform(texts))
        return sparse.hstack(parts).tocsr()

    def fit(self, texts, Y: pd.DataFrame):
        texts = [str(t) for t in texts]
        Y = pd.DataFrame(Y)
        self.frames_ = [str(c) for c in Y.columns]
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
            lr = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000, random_state=self.random_state)
            lr.fit(X, y)
            coefs.append(lr.coef_[0])
            intercepts.append(float(lr.intercept_[0]))
        self.coef_ = np.vstack(coefs)
        self.intercept_ = np.array(intercepts)
        self.data_hash_ = data_hash("\n".join(texts), Y.to_numpy())
        return self

    def decision_function(self, texts) -> np.ndarray:
        return np.asarray(self._design(texts) @ self.coef_.T) + self.intercept_

    def predict_proba(self, texts) -> pd.DataFrame:
        """Probability of each frame per text (a DataFrame, one column per frame)."""
        z = self.decision_function(texts)
        return pd.DataFrame(1 / (1 + np.exp(-z)), columns=self.frames_)

    def predict(self, texts) -> pd.DataFrame:
        return (self.predict_proba(texts) >= self.threshold).astype(int)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        names = [f"word__{t}" for t in self.word_.get_feature_names_out()]
        if self.char_ is not None:
            names += [f"char__{t}" for t in self.char_.get_feature_names_out()]
        return np.array(names, dtype=object)

    # -- persistence without pickle ---------------------------------------------------
    def save(self, path: str | Path, **metadata) -> Path:
        arrays = {"frames": self.frames_, "word_vocab": list(self.word_.get_feature_names_out()),
                  "word_idf": self.word_.idf_, "coef": self.coef_, "intercept": self.intercept_}
        if self.char_ is not None:
            arrays |= {"char_vocab": list(self.char_.get_feature_names_out()), "char_idf": self.char_.idf_}
        params = {k: getattr(self, k) for k in ("C", "min_df", "char", "threshold", "random_state")}
        return save_model(path, KIND, FORMAT, params, arrays, {"data_hash": self.data_hash_, **metadata}, digits=8)

    @classmethod
    def load(cls, path: str | Path, frames: list[str] | None = None) -> "FrameClassifier":
        doc = load_model(path, KIND, FORMAT, text_arrays={"frames", "word_vocab", "char_vocab"})
        a, p = doc["arrays"], doc["params"]
        self = cls(**p)
        self.frames_ = list(a["frames"])
        if frames is not None and list(frames) != self.frames_:
            raise ModelError(f"{path}: the model was trained for frames {self.frames_}, not {list(frames)}")
        self.word_ = TfidfVectorizer(analyzer=Tokenizer(ngram_range=(1, 2)), lowercase=False,
                                     vocabulary=a["word_vocab"], sublinear_tf=True)
        self.word_.idf_ = a["word_idf"]
        n = len(a["word_vocab"])
        self.char_ = None
        if p["char"]:
            self.char_ = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), vocabulary=a["char_vocab"],
                                         sublinear_tf=True)
            self.char_.idf_ = a["char_idf"]
            n += len(a["char_vocab"])
        if np.shape(a["coef"]) != (len(self.frames_), n) or np.shape(a["intercept"]) != (len(self.frames_),) \
                or len(a["word_idf"]) != len(a["word_vocab"]):
            raise ModelError(f"{path}: the model's arrays do not fit its vocabularies and frames; refusing it")
        self.coef_, self.intercept_ = a["coef"], a["intercept"]
        self.data_hash_ = doc["metadata"].get("data_hash")
        self.metadata_ = doc["metadata"]
        return self


def cross_validate(model: FrameClassifier, texts, Y: pd.DataFrame, groups, n_splits: int | None = None) -> pd.DataFrame:
    """Out-of-fold 0/1 predictions, folds by ``groups`` (articles): leave one group out when there are at most
    ten groups, else ``n_splits`` (default 5) group folds."""
    from sklearn.base import clone
    from sklearn.model_selection import GroupKFold, LeaveOneGroupOut

    texts = np.asarray([str(t) for t in texts], dtype=object)
    Y = pd.DataFrame(Y).reset_index(drop=True)
    groups = np.asarray(groups)
    n_groups = len(np.unique(groups))
    if n_groups < 2:
        raise ValueError("cross-validation by article needs sentences from at least two articles")
    splitter = LeaveOneGroupOut() if n_groups <= 10 and not n_splits else GroupKFold(n_splits or 5)
    out = pd.DataFrame(0, index=Y.index, columns=Y.columns)
    for train, test in splitter.split(texts, groups=groups):
        fitted = clone(model).fit(texts[train], Y.iloc[train])
        out.iloc[test] = fitted.predict(texts[test]).to_numpy()
    return out


def predictions_as_matches(sentences: pd.DataFrame, predicted: pd.DataFrame, lexicon: str) -> pd.DataFrame:
    """Rows shaped like ``frame_matches`` (one per sentence and predicted frame, ``kind`` = ``classifier``)."""
    frames = list(predicted.columns)
    s = sentences[["article_id", "sentence_id", "text"]].reset_index(drop=True)
    long = pd.concat([s, predicted.reset_index(drop=True)], axis=1).melt(
        id_vars=["article_id", "sentence_id", "text"], value_vars=frames, var_name="frame", value_name="on")
    long = long[long["on"] == 1]
    out = pd.DataFrame({"article_id": long["article_id"], "sentence_id": long["sentence_id"], "frame": long["frame"],
                        "term": "(classifier)", "lexicon": lexicon, "matched": long["text"].str.slice(0, 0),
                        "start": 0, "end": 0, "kind": "classifier"})
    return out[MATCH_COLUMNS].sort_values(["article_id", "sentence_id", "frame"]).reset_index(drop=True)


def training_data(sentences: pd.DataFrame, frames: list[str], settings, dictionary_matches, lexicon: str):
    """``(texts, labels, source)`` to train the classifier on: the development part of the study's coded sheets
    (majority of coders; the test part is never trained on) when it names any, else the dictionary's matches on
    every sentence (``source`` says which)."""
    from ..corpus.coding import read_sheets

    if settings.coding.frames:
        paths = [r.path for r in settings.resources()["coding_frames"]]
        coded = read_sheets(paths, frames, sentences, test_share=settings.validity.test_share,
                            split_seed=settings.validity.split_seed)
        coded = coded[coded["part"] == "development"]
        labels = coded.groupby(["article_id", "sentence_id"])[frames].mean().ge(0.5).astype(int).reset_index()
        table = labels.merge(sentences[["article_id", "sentence_id", "text"]], on=["article_id", "sentence_id"])
        return table["text"].tolist(), table[frames], "coded sheets (development part)"
    m = dictionary_matches()
    m = m[m["lexicon"] == lexicon]
    hit = m[["article_id", "sentence_id", "frame"]].drop_duplicates().assign(v=1).pivot_table(
        index=["article_id", "sentence_id"], columns="frame", values="v", fill_value=0)
    table = sentences[["article_id", "sentence_id", "text"]].merge(hit.reset_index(), on=["article_id", "sentence_id"],
                                                                  how="left")
    for f in frames:
        table[f] = table[f].fillna(0).astype(int) if f in table else 0
    return table["text"].tolist(), table[frames], "dictionary matches (no coded sheet: the classifier learns the dictionary)"
