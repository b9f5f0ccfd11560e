"""The package's estimators follow scikit-learn's conventions, checked with scikit-learn's own checks.

``check_estimator`` cannot run its full suite on them: every check that fits
feeds a numeric matrix (floats, NaN, sparse, complex, one feature...), and
these estimators take texts (TargetSentiment: ``(sentence, start, end)``
triples; StudyStance: a DataFrame of actor mentions with their sentences).  They say so in their tags (``input_tags.string``,
not ``two_d_array``), which is how scikit-learn's own text vectorizers opt out,
and ``check_estimator`` then skips them all with a warning (tested below).  So
the checks that need no data run as they are (:data:`API_CHECKS`: parameters
set in ``__init__`` only, ``get_params``/``set_params``, ``clone``, ``repr``,
tags, mixin order), and the checks that fit run here on texts: fit returns the
estimator and leaves its parameters as given (``check_dont_overwrite_parameters``,
``check_estimators_fit_returns_self``), an output asked for before ``fit`` is a
``NotFittedError`` (``check_estimators_unfitted``, ``check_fit_check_is_fitted``),
a clone of a fitted estimator is unfitted with the same parameters, and fitting
it again gives the same output (``check_fit_idempotent``).  FactClusterer is a
clusterer with no ``predict`` (as scikit-learn's agglomerative clustering): its
output is ``labels_``.
"""
import warnings

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils import get_tags
from sklearn.utils.estimator_checks import (
    check_do_not_raise_errors_in_init_or_set_params, check_estimator, check_estimator_cloneable,
    check_estimator_repr, check_estimator_tags_renamed, check_get_params_invariance, check_mixin_order,
    check_no_attributes_set_in_init, check_parameters_default_constructible, check_set_params, check_valid_tag_types)

from analysis.measures.facts import FactClusterer
from analysis.measures.frame_model import FrameClassifier
from analysis.measures.lexicon_assistant import WordSpace
from analysis.measures.stance import TargetSentiment
from analysis.measures.study_stance import StudyStance
from analysis.measures.topics import TopicModel

API_CHECKS = [check_estimator_cloneable, check_estimator_tags_renamed, check_valid_tag_types, check_estimator_repr,
              check_no_attributes_set_in_init, check_do_not_raise_errors_in_init_or_set_params, check_mixin_order,
              check_parameters_default_constructible, check_get_params_invariance, check_set_params]

THEMES = {"war": "militias attacked the base with drones and rockets near the border",
          "oil": "parliament debated the oil budget and export revenue in the capital",
          "vote": "voters queued at polling stations as the election count began"}
TEXTS = [f"{THEMES[t]} on day {i % 7}" for i in range(20) for t in THEMES]
LABELS = pd.DataFrame({"war": [int(t.startswith("militias")) for t in TEXTS],
                       "oil": [int(t.startswith("parliament")) for t in TEXTS]})


def _topics():
    return TopicModel(n_topics=2, min_df=1, max_df=1.0)


def _frames():
    return FrameClassifier(char=False)


def _space():
    return WordSpace(n_components=2, min_df=1)


STANCES = {1: "{} praised the deal and welcomed the talks", -1: "{} attacked the base and killed two guards",
           0: "{} met the envoy on Monday in the capital"}
ACTORS = ["The militia", "Parliament", "The minister", "Iraq", "The coalition"]
TARGETS = [(STANCES[y].format(a), 0, len(a)) for a in ACTORS for y in STANCES]
TARGET_LABELS = [y for _ in ACTORS for y in STANCES]


def _stance():
    return TargetSentiment(min_df=1, min_df_weighted=1, taus=(2, 8))


# the actor_mentions rows StudyStance reads: the mentions above with a general pipeline's columns
MENTIONS = pd.DataFrame({"text": [t for t, _, _ in TARGETS], "start": 0, "end": [b for _, _, b in TARGETS],
                         "actor": [a for a in ACTORS for _ in STANCES], "score_model": 0.1, "score": 0.1,
                         "stance": "neutral", "role": "agent", "negated": False, "voice": "own"})


def _study_stance():
    return StudyStance(min_df=1, context=True)


# estimator -> (a new one, fit it, an output of the fitted estimator)
TEXT_ESTIMATORS = {
    "TopicModel": (_topics, lambda e: e.fit(TEXTS), lambda e: e.transform(TEXTS).to_numpy()),
    "FrameClassifier": (_frames, lambda e: e.fit(TEXTS, LABELS), lambda e: e.predict_proba(TEXTS).to_numpy()),
    "WordSpace": (_space, lambda e: e.fit(TEXTS), lambda e: e.similar(["drones"]).to_numpy()),
    "TargetSentiment": (_stance, lambda e: e.fit(TARGETS, TARGET_LABELS), lambda e: e.predict_proba(TARGETS)),
    "StudyStance": (_study_stance, lambda e: e.fit(MENTIONS, TARGET_LABELS), lambda e: e.predict_proba(MENTIONS)),
}
CLUSTERERS = {   # no output but labels_, which fit sets
    "FactClusterer": (FactClusterer, lambda e: e.fit(TEXTS), lambda e: e.labels_),
}
ESTIMATORS = {**TEXT_ESTIMATORS, **CLUSTERERS}


def run_api_checks(estimator) -> dict[str, str]:
    failures = {}
    for check in API_CHECKS:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                check(type(estimator).__name__, estimator)
        except Exception as exc:  # noqa: BLE001  every failing check is listed, with why
            failures[check.__name__] = f"{type(exc).__name__}: {exc}"
    return failures


@pytest.mark.parametrize("name", list(ESTIMATORS))
def test_scikit_learn_api_checks_pass(name):
    assert run_api_checks(ESTIMATORS[name][0]()) == {}


@pytest.mark.parametrize("name", list(ESTIMATORS))
def test_text_input_is_declared_so_check_estimator_skips_its_numeric_checks(name):
    estimator = ESTIMATORS[name][0]()
    tags = get_tags(estimator).input_tags
    assert tags.string and not tags.two_d_array
    with pytest.warns(Warning, match="requires input"):
        check_estimator(estimator)


@pytest.mark.parametrize("name", list(TEXT_ESTIMATORS))
def test_an_output_before_fit_is_a_not_fitted_error(name):
    make, _, output = TEXT_ESTIMATORS[name]
    with pytest.raises(NotFittedError, match=name):
        output(make())


@pytest.mark.parametrize("name", list(ESTIMATORS))
def test_fit_returns_the_estimator_leaves_its_parameters_and_a_clone_refits_the_same(name):
    make, fit, output = ESTIMATORS[name]
    estimator = make()
    before = joblib.hash(estimator.get_params())
    assert fit(estimator) is estimator
    assert joblib.hash(estimator.get_params()) == before
    fitted = [k for k in vars(estimator) if k.endswith("_") and not k.startswith("_")]
    assert fitted
    copy = clone(estimator)
    assert joblib.hash(copy.get_params()) == before and not any(hasattr(copy, k) for k in fitted)
    with pytest.raises(NotFittedError if name in TEXT_ESTIMATORS else AttributeError):
        output(copy)
    np.testing.assert_allclose(output(fit(copy)), output(estimator))
