"""The word space: deterministic, unit-length text vectors, shared contexts make near words; stored in the frame
classifier's model file and checked when loaded."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from analysis.errors import ModelError
from analysis.measures.frame_model import FrameClassifier
from analysis.measures.word_space import WordSpace
from analysis.persist import read_model_json

from test_models_hostile import _resign

WEAPONS = ["rocket", "missile", "drone", "mortar"]
MONEY = ["budget", "salary", "revenue", "tax"]


def unlabelled():
    """Toy news text: weapons share one set of contexts, money words another (with every word of both sets)."""
    texts = []
    for i in range(12):
        for w in WEAPONS:
            texts.append(f"Militants fired a {w} at the base overnight, wounding soldiers near the border post {i}.")
        for w in MONEY:
            texts.append(f"The ministry said the {w} was cut by parliament in the annual spending plan {i}.")
    return texts


@pytest.fixture(scope="module")
def space():
    return WordSpace(n_components=4, min_count=3).fit(unlabelled())


def test_fit_is_deterministic_and_text_vectors_are_unit_length(space):
    again = WordSpace(n_components=4, min_count=3).fit(unlabelled())
    assert space.words_ == again.words_ and np.array_equal(space.vectors_, again.vectors_)
    assert space.vectors_.shape == (len(space.words_), 4) and space.idf_.shape == (len(space.words_),)
    X = space.transform(["A drone hit the base.", "Nothing known here at all.", ""])
    assert X.shape == (3, 4)
    assert np.isclose(np.linalg.norm(X[0]), 1, atol=1e-2) and not X[1:].any()      # no word of the space: zeros


def test_words_with_the_same_company_are_near(space):
    v = dict(zip(space.words_, space.vectors_))
    assert v["rocket"] @ v["missile"] > v["rocket"] @ v["budget"]
    a, b, c = space.transform(["A rocket landed.", "A missile landed.", "The budget landed."])
    assert a @ b > a @ c


def test_too_little_text_is_refused():
    with pytest.raises(ValueError, match="needs more text"):
        WordSpace(n_components=50, min_count=1).fit(["a short text about rockets"])


def test_a_fitted_space_is_not_refitted_by_clone(space):
    assert clone(space) is space
    assert not hasattr(clone(WordSpace()), "vectors_")
    model = FrameClassifier(space=space)
    assert clone(model).space is space


def test_the_classifier_stores_its_space_and_refuses_a_broken_one(space, tmp_path):
    texts = [f"Militants fired a {w} at the base." for w in WEAPONS] + \
            [f"Parliament cut the {w} again." for w in MONEY]
    Y = pd.DataFrame({"war": [1] * 4 + [0] * 4})
    model = FrameClassifier(char=False, space=space, space_weight=1.0).fit(texts, Y)
    assert model.get_feature_names_out()[-4:].tolist() == [f"space__{j}" for j in range(4)]
    path = model.save(tmp_path / "m.json.gz")
    loaded = FrameClassifier.load(path, frames=["war"])
    assert loaded.space.words_ == space.words_ and np.array_equal(loaded.space.vectors_, space.vectors_)
    assert loaded.space.get_params() == space.get_params() and loaded.space_weight == 1.0
    assert np.allclose(loaded.predict_proba(texts), model.predict_proba(texts), atol=1e-5)
    # a word the coded sentences never used, near the ones they did: its space vector is a feature
    assert loaded.predict_proba(["Militants fired a missile."])["war"].item() == pytest.approx(
        model.predict_proba(["Militants fired a missile."])["war"].item(), abs=1e-5)

    bad = tmp_path / "bad.json.gz"
    doc = read_model_json(path)
    doc["arrays"]["space_vectors"] = doc["arrays"]["space_vectors"][:-1]
    with pytest.raises(ModelError, match="needs .* vectors"):
        FrameClassifier.load(_resign(bad, doc))
    doc = read_model_json(path)
    doc["arrays"]["space_words"][1] = doc["arrays"]["space_words"][0]
    with pytest.raises(ModelError, match="lists a word twice"):
        FrameClassifier.load(_resign(bad, doc))
    doc = read_model_json(path)
    doc["params"]["space"] = {"n_components": 4}
    with pytest.raises(ModelError, match="not those of a WordSpace"):
        FrameClassifier.load(_resign(bad, doc))
    doc = read_model_json(path)
    doc["arrays"]["space_words"][0] = 7
    with pytest.raises(ModelError, match="space_words"):
        FrameClassifier.load(_resign(bad, doc))
