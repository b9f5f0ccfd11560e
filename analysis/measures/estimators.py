"""What the package's estimators share beyond scikit-learn's base classes."""
from __future__ import annotations

import numpy as np


def distinct(keys) -> tuple[list, np.ndarray]:
    """The distinct ``keys`` (hashable, in order of first appearance) and, for each key, the position of its
    value among them: ``[distinct[i] for i in codes] == list(keys)``.  An estimator whose output for one input
    depends on that input alone scores each distinct input once (a sentence repeated in many articles) and
    spreads the rows back with ``out[codes]``."""
    index: dict = {}
    codes = np.fromiter((index.setdefault(k, len(index)) for k in keys), dtype=np.int64)
    return list(index), codes


class TextInputMixin:
    """Declares texts (or text spans), not a numeric matrix, as the estimator's input: scikit-learn's
    ``check_estimator`` then skips its numeric-input checks, as it does for its own text vectorizers.
    Put it before scikit-learn's mixins and ``BaseEstimator`` in the bases."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags
