"""What the package's estimators share beyond scikit-learn's base classes."""
from __future__ import annotations

from contextlib import contextmanager

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


@contextmanager
def one_blas_thread():
    """BLAS on one thread inside the ``with`` block.

    On two cores OpenBLAS's second thread, on the package's small products
    (a logistic regression's coefficient vectors; NMF's ``k x k`` Gram
    matrices and ``k``-column products), spends more CPU starting and waiting
    than it saves.  The floats may differ in the last bits from a fit on two
    threads: used where the output is a choice or a stored estimator's own
    (the choice of k keeps the same table on the benchmark corpora), and for
    the final topic model and its unit weights (k-column products too: about
    1 s CPU less at 20k articles; the weights then no longer depend on how many
    threads the machine's BLAS has).
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1, user_api="blas"):
        yield


def fit_on_one_thread(model, X, y, **fit_params):
    """``model.fit(X, y, **fit_params)`` with BLAS on one thread; returns the fitted ``model``.

    For the package's logistic regressions (a few thousand rows): scipy's
    L-BFGS-B calls BLAS on vectors as long as the coefficients at every
    iteration, and OpenBLAS's threads on such short vectors spend far more
    CPU starting and waiting than computing.  The study stance choice's twelve
    fits (2,600 mentions, 5,600 columns) took 1.6 s CPU each on two threads,
    0.07 s on one.  The coefficients are the same up to the order of the sums
    (about 1e-10), and no longer depend on the machine's number of cores.
    """
    with one_blas_thread():
        return model.fit(X, y, **fit_params)
