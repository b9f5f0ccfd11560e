"""Sentiment towards one target in a sentence (actor-directed sentiment).

Whole-sentence VADER says how a sentence feels, not how it treats each actor
in it ("Iran-backed militias attacked US forces" is negative about the
militias' conduct, not about the US).  :class:`TargetSentiment` scores a
target span with a multinomial logistic regression over

* VADER context features: the whole sentence, the clause holding the target
  (cut at punctuation and at conjunctions such as "but", "while", "who"),
  ±3/6/12-token windows on each side, a distance-weighted sum of VADER
  lexicon valences with negation flipped within three tokens, and the
  target's position and whether it sits inside a quotation;
* binary word 1–2-grams of the sentence with the target replaced by
  ``TARGET`` and of the target's clause.

It is trained on NewsMTSC (Hamborg & Donnay 2021) by
``benchmarks/train_actor_sentiment.py``; the fitted model is stored as JSON
(``analysis/models/actor_sentiment.json``: vocabularies, scaling,
coefficients) and loads without pickle.  ``score`` = P(positive) −
P(negative), in [−1, 1].
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from ..errors import ModelError
from ..paths import PACKAGE_DIR
from ..persist import load_model, save_model
from .vader import analyzer

DEFAULT_MODEL = PACKAGE_DIR / "models" / "actor_sentiment.json"
CLASSES = np.array([-1, 0, 1])
FEATURE_VERSION = 1

_TOKEN = re.compile(r"\w+(?:[’']\w+)?|[^\w\s]")
_CLAUSE_BREAK = re.compile(
    r"[,;:()\"“”—–]|\b(?:but|while|although|though|whereas|however|because|after|before|who|which|when)\b", re.I)
_NEGATIONS = {"not", "no", "never", "n't", "without", "nor", "neither", "cannot"}
_QUOTES = ('"', "“")
TOKEN_PATTERN = r"(?u)\b\w+\b"
DENSE_NAMES = [
    "sent_neg", "sent_neu", "sent_pos", "sent_compound", "clause_neg", "clause_pos", "clause_compound",
    "w3_left", "w3_right", "w3_both", "w6_left", "w6_right", "w6_both", "w12_left", "w12_right", "w12_both",
    "distance_valence", "relative_position", "at_start", "after_open_quote", "length",
]


def clause_of(sentence: str, start: int, end: int) -> str:
    """The clause holding ``sentence[start:end]``: cut at punctuation and subordinating/contrasting conjunctions."""
    cuts = [0, *(m.start() for m in _CLAUSE_BREAK.finditer(sentence)), len(sentence)]
    lo = max(c for c in cuts if c <= start)
    hi = min(c for c in cuts if c >= end)
    return sentence[lo:hi]


def mask_target(sentence: str, start: int, end: int) -> str:
    return f"{sentence[:start]} TARGET {sentence[end:]}"


def _window(sentence: str, start: int, end: int, k: int) -> tuple[str, str]:
    left = _TOKEN.findall(sentence[:start])[-k:]
    right = _TOKEN.findall(sentence[end:])[:k]
    return " ".join(left), " ".join(right)


def _distance_valence(sentence: str, start: int, end: int) -> float:
    lexicon = analyzer().lexicon
    tokens = [(m.group(0).lower(), m.start()) for m in _TOKEN.finditer(sentence)]
    total = 0.0
    for i, (word, at) in enumerate(tokens):
        value = lexicon.get(word)
        if not value or start <= at < end:
            continue
        if any(t in _NEGATIONS for t, _ in tokens[max(0, i - 3):i]):
            value = -value * 0.74   # VADER's own negation scalar
        distance = (start - at) / 10 if at < start else (at - end) / 10
        total += value / (1 + distance)
    return total


def context_features(sentence: str, start: int, end: int) -> list[float]:
    """The dense features of one target (names in :data:`DENSE_NAMES`)."""
    vader = analyzer().polarity_scores
    whole = vader(sentence)
    clause = vader(clause_of(sentence, start, end))
    feats = [whole["neg"], whole["neu"], whole["pos"], whole["compound"],
             clause["neg"], clause["pos"], clause["compound"]]
    for k in (3, 6, 12):
        left, right = _window(sentence, start, end, k)
        feats += [vader(left)["compound"], vader(right)["compound"], vader(f"{left} {right}")["compound"]]
    feats += [
        _distance_valence(sentence, start, end),
        start / max(len(sentence), 1),
        float(start < 3),
        float(sentence[:start].count('"') % 2 == 1 or sentence[:start].count("“") > sentence[:start].count("”")),
        len(sentence) / 200,
    ]
    return feats


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class TargetSentiment:
    """Target-dependent sentiment classifier (scikit-learn style).

    Parameters are stored as given; fitted attributes end in ``_``.
    ``X`` everywhere is a sequence of ``(sentence, start, end)`` triples.
    """

    def __init__(self, C: float = 0.3, min_df: int = 3, ngram_range=(1, 2), class_weight="balanced",
                 random_state: int = 0, max_iter: int = 3000):
        self.C = C
        self.min_df = min_df
        self.ngram_range = ngram_range
        self.class_weight = class_weight
        self.random_state = random_state
        self.max_iter = max_iter

    def _vectorizers(self, vocab_sentence=None, vocab_clause=None):
        kw = dict(ngram_range=tuple(self.ngram_range), binary=True, token_pattern=TOKEN_PATTERN)
        if vocab_sentence is None:
            return CountVectorizer(min_df=self.min_df, **kw), CountVectorizer(min_df=self.min_df, **kw)
        return CountVectorizer(vocabulary=vocab_sentence, **kw), CountVectorizer(vocabulary=vocab_clause, **kw)

    @staticmethod
    def _texts(X):
        return [mask_target(s, a, b) for s, a, b in X], [clause_of(s, a, b) for s, a, b in X]

    def _design(self, X, dense=None):
        masked, clauses = self._texts(X)
        dense = np.asarray([context_features(s, a, b) for s, a, b in X] if dense is None else dense, dtype=float)
        scaled = (dense - self.mean_) / self.scale_
        # the two bags of n-grams share one weight so neither dominates by size
        return sparse.hstack([self.sentence_vec_.transform(masked) * 0.5, self.clause_vec_.transform(clauses) * 0.5,
                              sparse.csr_matrix(scaled)]).tocsr()

    def fit(self, X, y, dense=None):
        from sklearn.linear_model import LogisticRegression

        X = list(X)
        masked, clauses = self._texts(X)
        self.sentence_vec_, self.clause_vec_ = self._vectorizers()
        self.sentence_vec_.fit(masked)
        self.clause_vec_.fit(clauses)
        dense = np.asarray([context_features(s, a, b) for s, a, b in X] if dense is None else dense, dtype=float)
        std = dense.std(axis=0)
        self.mean_, self.scale_ = dense.mean(axis=0), np.where(std > 1e-6, std, 1.0)  # constant features stay as they are
        model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter,
                                   random_state=self.random_state)
        model.fit(self._design(X, dense), np.asarray(y))
        if list(model.classes_) != list(CLASSES):
            raise ValueError(f"labels must be -1, 0 and 1; got {list(model.classes_)}")
        self.coef_, self.intercept_ = model.coef_, model.intercept_
        return self

    def predict_proba(self, X, dense=None) -> np.ndarray:
        """Probabilities of negative, neutral, positive (columns in :data:`CLASSES` order)."""
        X = list(X)
        if not X:
            return np.zeros((0, 3))
        return _softmax(self._design(X, dense) @ self.coef_.T + self.intercept_)

    def predict(self, X, dense=None) -> np.ndarray:
        return CLASSES[self.predict_proba(X, dense).argmax(axis=1)]

    def score_targets(self, X, dense=None) -> np.ndarray:
        """P(positive) − P(negative) per target, in [−1, 1]."""
        p = self.predict_proba(X, dense)
        return p[:, 2] - p[:, 0]

    def get_feature_names_out(self) -> np.ndarray:
        return np.array([*(f"sentence__{t}" for t in self.sentence_vec_.get_feature_names_out()),
                         *(f"clause__{t}" for t in self.clause_vec_.get_feature_names_out()),
                         *(f"context__{n}" for n in DENSE_NAMES)])

    def to_json(self, path: str | Path, **metadata) -> None:
        """Save without pickle (:mod:`analysis.persist`: JSON with a checksum)."""
        def vocab(vec):
            return [t for t, _ in sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])]
        params = {"C": self.C, "min_df": self.min_df, "ngram_range": list(self.ngram_range),
                  "class_weight": self.class_weight, "random_state": self.random_state}
        save_model(path, "actor-stance", FEATURE_VERSION, params,
                   {"vocab_sentence": vocab(self.sentence_vec_), "vocab_clause": vocab(self.clause_vec_),
                    "dense_names": DENSE_NAMES, "mean": self.mean_, "scale": self.scale_,
                    "coef": self.coef_, "intercept": self.intercept_}, metadata)

    @classmethod
    def from_json(cls, path: str | Path) -> "TargetSentiment":
        """Load a saved model, refusing a tampered, non-finite or mismatched file (:class:`ModelError`)."""
        doc = load_model(path, "actor-stance", FEATURE_VERSION)
        a, p = doc["arrays"], doc["params"]
        n_features = len(a["vocab_sentence"]) + len(a["vocab_clause"]) + len(DENSE_NAMES)
        if list(a.get("dense_names", [])) != DENSE_NAMES or np.shape(a["coef"]) != (3, n_features) \
                or np.shape(a["intercept"]) != (3,) or np.shape(a["mean"]) != (len(DENSE_NAMES),):
            raise ModelError(f"{path}: the model's arrays do not fit its vocabularies and features; refusing it")
        self = cls(C=p["C"], min_df=p["min_df"], ngram_range=tuple(p["ngram_range"]),
                   class_weight=p["class_weight"], random_state=p["random_state"])
        self.sentence_vec_, self.clause_vec_ = self._vectorizers(a["vocab_sentence"], a["vocab_clause"])
        self.mean_, self.scale_ = a["mean"], a["scale"]
        self.coef_, self.intercept_ = a["coef"], a["intercept"]
        self.metadata_ = doc["metadata"]
        return self


@lru_cache(maxsize=1)
def default_model() -> TargetSentiment:
    if not DEFAULT_MODEL.exists():
        raise ModelError(f"{DEFAULT_MODEL} is missing; train it with "
                         "`python benchmarks/train_actor_sentiment.py --newsmtsc PATH`")
    return TargetSentiment.from_json(DEFAULT_MODEL)
