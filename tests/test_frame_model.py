"""The frame classifier: shapes, determinism, not-fitted errors, its model file, the bundled model offline."""
from __future__ import annotations

import socket
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError

from analysis.errors import ModelError
from analysis.measures.frame_model import (BUNDLED_MODELS, FrameClassifier, best_threshold, bundled_model,
                                           cross_validate, predictions_as_matches)
from analysis.measures.frames import load_lexicon

TOY_LEXICON = '''lexicon = "toy"
[frame.war]
label = "War"
terms = ["rocket", "drone"]
[frame.money]
label = "Money"
terms = ["budget"]
'''

WAR = ["Rockets hit the base at dawn.", "A drone struck a convoy near the border.", "Shelling went on all night.",
       "Militants fired mortars at the airport.", "An explosion shook the garrison.", "Gunmen ambushed a patrol."]
MONEY = ["The budget was cut again.", "Oil revenue fell by a third.", "Parliament approved new spending.",
         "The currency slid against the dollar.", "Taxes on imports will rise.", "Salaries were paid late."]
NONE = ["The minister visited a school.", "Rain is expected tomorrow.", "A new museum opened in the city.",
        "The team won the final.", "Schools reopen next week.", "The festival drew large crowds."]


def toy():
    texts = WAR + MONEY + NONE
    Y = pd.DataFrame({"war": [1] * 6 + [0] * 12, "money": [0] * 6 + [1] * 6 + [0] * 6})
    groups = np.array(["a", "b", "c"] * 6)
    return texts, Y, groups


@pytest.fixture
def lexicon_file(tmp_path):
    path = tmp_path / "frames_toy.toml"
    path.write_text(TOY_LEXICON, encoding="utf-8")
    return path


def test_fit_predict_shapes_and_features(lexicon_file):
    texts, Y, groups = toy()
    model = FrameClassifier(lexicon=str(lexicon_file), dictionary_weight=0.5).fit(texts, Y)
    pred = model.predict(["Rockets hit the city.", "The budget grew.", "Nothing happened."])
    assert list(pred.columns) == ["war", "money"] and pred.shape == (3, 2)
    assert set(np.unique(pred.to_numpy())) <= {0, 1}
    proba = model.predict_proba(texts)
    assert proba.shape == (18, 2) and ((proba >= 0) & (proba <= 1)).all().all()
    names = model.get_feature_names_out()
    assert names[-2:].tolist() == ["dictionary__war", "dictionary__money"]
    assert model.coef_.shape == (2, len(names))
    # the dictionary's counts are features: a rocket and a drone count twice the weight, capped at two matches
    feats = model.dictionary_features(["rockets and drones and rockets", "a budget", "nothing"]).toarray()
    assert feats.tolist() == [[1.0, 0.0], [0.0, 0.5], [0.0, 0.0]]
    assert (model.predict(texts) == Y).to_numpy().mean() > 0.9


def test_deterministic_fit_and_file(tmp_path, lexicon_file):
    texts, Y, groups = toy()
    a = FrameClassifier(lexicon=str(lexicon_file), tune_thresholds=True).fit(texts, Y, groups=groups)
    b = FrameClassifier(lexicon=str(lexicon_file), tune_thresholds=True).fit(texts, Y, groups=groups)
    assert np.array_equal(a.predict_proba(texts).to_numpy(), b.predict_proba(texts).to_numpy())
    assert np.array_equal(a.thresholds_, b.thresholds_)
    assert a.save(tmp_path / "a.json.gz").read_bytes() == b.save(tmp_path / "b.json.gz").read_bytes()


def test_not_fitted_and_bad_labels_are_refused(tmp_path):
    with pytest.raises(NotFittedError):
        FrameClassifier().predict(["A drone struck."])
    with pytest.raises(NotFittedError):
        FrameClassifier().save(tmp_path / "m.json")
    texts, Y, groups = toy()
    with pytest.raises(ValueError, match="needs the groups"):
        FrameClassifier(tune_thresholds=True).fit(texts, Y)
    with pytest.raises(ValueError, match="'war' holds values other than 0 and 1"):
        FrameClassifier().fit(texts, Y.assign(war=Y["war"] * 2))
    with pytest.raises(ValueError, match="18 texts but 17 rows"):
        FrameClassifier().fit(texts, Y.iloc[:17])


def test_model_file_round_trip_with_thresholds_and_lexicon(tmp_path, lexicon_file):
    texts, Y, groups = toy()
    model = FrameClassifier(lexicon=str(lexicon_file), tune_thresholds=True, C=2.0).fit(texts, Y, groups=groups)
    path = model.save(tmp_path / "m.json.gz", trained_on="toy")
    loaded = FrameClassifier.load(path, frames=["war", "money"])
    assert loaded.get_params() == model.get_params()
    assert np.array_equal(loaded.thresholds_, model.thresholds_)
    assert np.allclose(loaded.predict_proba(texts).to_numpy(), model.predict_proba(texts).to_numpy(), atol=1e-5)
    assert loaded.predict(texts).equals(model.predict(texts))
    assert loaded.metadata_["trained_on"] == "toy"
    with pytest.raises(ModelError, match="trained for frames"):
        FrameClassifier.load(path, frames=["war"])
    # the lexicon changes after training: still loads, with a warning saying to retrain
    lexicon_file.write_text(TOY_LEXICON.replace('"budget"', '"budget", "tax"'), encoding="utf-8")
    with pytest.warns(UserWarning, match="has changed since the model was trained"):
        FrameClassifier.load(path)
    lexicon_file.write_text(TOY_LEXICON.split("[frame.money]")[0], encoding="utf-8")
    with pytest.raises(ModelError, match="no longer has"):
        FrameClassifier.load(path)


def test_the_svm_ensemble_is_one_weight_vector_per_frame_and_round_trips(tmp_path, lexicon_file):
    from sklearn.svm import LinearSVC
    texts, Y, groups = toy()
    alone = FrameClassifier(lexicon=str(lexicon_file)).fit(texts, Y)
    both = FrameClassifier(lexicon=str(lexicon_file), svm_weight=2.0, svm_C=0.5).fit(texts, Y)
    X = alone._design(texts)
    for j, f in enumerate(alone.frames_):      # the logit is the regression's plus twice the SVM's margin
        svm = LinearSVC(C=0.5, class_weight="balanced", max_iter=20000, random_state=0).fit(X, Y[f])
        assert np.allclose(both.coef_[j], alone.coef_[j] + 2.0 * svm.coef_[0])
        assert np.isclose(both.intercept_[j], alone.intercept_[j] + 2.0 * svm.intercept_[0])
    path = both.save(tmp_path / "m.json.gz")
    loaded = FrameClassifier.load(path)
    assert loaded.get_params() == both.get_params()
    assert np.allclose(loaded.decision_function(texts), both.decision_function(texts), atol=1e-4)
    with pytest.raises(ValueError, match="svm_weight must be 0 or more"):
        FrameClassifier(svm_weight=-1.0).fit(texts, Y)


def test_thresholds_are_chosen_out_of_fold():
    y = np.array([1, 1, 1, 0, 0, 0, 0, 0])
    proba = np.array([0.9, 0.4, 0.35, 0.3, 0.2, 0.1, 0.1, 0.05])
    assert best_threshold(y, proba) == 0.35          # every positive, no negative: the highest such threshold
    assert best_threshold(np.zeros(8), proba, 0.5) == 0.5
    texts, Y, groups = toy()
    oof = cross_validate(FrameClassifier(char=False), texts, Y, groups, method="predict_proba")
    assert oof.shape == (18, 2) and oof.to_numpy().dtype == float


def test_bundled_model_loads_offline_and_is_small(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the frame classifier tried to open a network connection")
    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    lex = load_lexicon("iraq")
    path = BUNDLED_MODELS["iraq"]
    assert path.stat().st_size < 5 * 2**20
    with warnings.catch_warnings():
        warnings.simplefilter("error")           # trained with the bundled lexicon as it is now
        model = FrameClassifier.load(path, frames=list(lex.frames))
    assert model.frames_ == list(lex.frames) and model.lexicon == "iraq"
    bundled = bundled_model(lex)
    assert {k: v for k, v in bundled.get_params(deep=True).items() if k != "space"} == \
        {k: v for k, v in model.get_params(deep=True).items() if k != "space"}
    if model.space is not None:          # the word space: its parameters above, its words and vectors here
        assert bundled.space.words_ == model.space.words_
        assert np.array_equal(bundled.space.vectors_, model.space.vectors_)
    pred = model.predict(["Iranian-backed militias fired rockets at US troops in western Iraq.",
                          "The football team won its opening match."])
    assert pred.shape == (2, 8)
    assert pred.iloc[0]["attacks_retaliation"] == 1 and pred.iloc[1].sum() == 0
    assert bundled_model(load_lexicon("policy")) is None


def test_predictions_keep_the_dictionary_evidence():
    sentences = pd.DataFrame({"article_id": ["a", "a", "a"], "sentence_id": [0, 1, 2],
                              "text": ["Rockets hit.", "The budget and a drone.", "Quiet."]})
    predicted = pd.DataFrame({"war": [1, 0, 1], "money": [0, 1, 0]})
    evidence = pd.DataFrame({"article_id": ["a", "a", "a"], "sentence_id": [0, 1, 1], "frame": ["war", "money", "war"],
                             "term": ["rocket", "budget", "drone"], "lexicon": "toy",
                             "matched": ["Rockets", "budget", "drone"], "start": [0, 4, 17], "end": [7, 10, 22],
                             "kind": "term"})
    m = predictions_as_matches(sentences, predicted, "toy", evidence=evidence)
    rows = m[["sentence_id", "frame", "term", "kind"]].values.tolist()
    # the dictionary's drone in sentence 1 is dropped (the classifier says no war there); sentence 2 has no match
    assert rows == [[0, "war", "rocket", "term"], [1, "money", "budget", "term"], [2, "war", "(classifier)", "classifier"]]


def test_the_classifier_method_of_a_study_keeps_the_dictionarys_evidence(own_study, tmp_path):
    """A researcher's own lexicon without a coded sheet: the classifier learns the dictionary's matches (its
    counts are features), and its matches carry the dictionary's terms and spans where the dictionary matched."""
    from analysis import open_study
    study = open_study(own_study, cache_dir=tmp_path)
    dictionary = study.frame_matches("dictionary")
    classifier = study.frame_matches("classifier")
    own = classifier[classifier["lexicon"] == study.lexicon]
    assert len(own) and set(own["kind"]) - {"classifier"}           # dictionary evidence kept
    backed = own[own["kind"] != "classifier"]
    keys = ["article_id", "sentence_id", "frame", "term", "start", "end"]
    assert len(backed.merge(dictionary[keys], on=keys)) == len(backed)
    assert (own.loc[own["kind"] != "classifier", "matched"] != "").all()
    assert "learns the dictionary" in study.method_note("classifier")
    salience = study.salience(method="classifier")
    assert set(salience["frame"]) == set(study.frame_labels())


def test_the_bundled_study_uses_the_bundled_model(tmp_path):
    from analysis import open_study
    study = open_study()
    assert "bundled frame classifier" in study.method_note("classifier")
    own = study.frame_matches("classifier")
    own = own[own["lexicon"] == study.lexicon]
    model = bundled_model(study.frame_lexicons[0])
    predicted = model.predict(study.sentences["text"])
    assert len(own[["article_id", "sentence_id", "frame"]].drop_duplicates()) == int(predicted.to_numpy().sum())


def test_the_frame_matches_measure_gives_the_same_predictions_without_matching_again(monkeypatch):
    from analysis.measures import frames as frames_module
    from analysis.measures.frame_model import matched_frames
    from analysis.measures.frames import match_frames

    model = bundled_model(load_lexicon("iraq"))
    sentences = pd.DataFrame({"article_id": ["a", "a", "b"], "sentence_id": [0, 1, 0], "text": [
        "Sudani said the presence of foreign troops violates Iraq's sovereignty.",
        "Kataib Hezbollah, backed by Iran, claimed the drone attack on the base.",
        "The football team trained in Basra on Monday."]})
    matches = match_frames(sentences, [load_lexicon("iraq"), load_lexicon("policy")])
    direct = model.predict(sentences["text"])
    calls = []
    monkeypatch.setattr(frames_module, "match_text", lambda *a: calls.append(a) or [])
    reused = model.predict(sentences["text"], matched_frames(sentences, matches, "iraq"))
    assert not calls and reused.equals(direct) and direct.to_numpy().any()


def test_predictions_in_batches_are_those_of_one_batch(monkeypatch, lexicon_file):
    """The features are built a batch of distinct texts at a time (memory; a repeated sentence once): every logit
    is the same as in one go, the dictionary matches handed in included."""
    from analysis.measures import frame_model

    texts, Y, _ = toy()
    model = FrameClassifier(lexicon=str(lexicon_file), dictionary_weight=0.5).fit(texts, Y)
    found = [["war"] if i % 3 == 0 else [] for i in range(len(texts))]
    whole = model.decision_function(texts, found)
    monkeypatch.setattr(frame_model, "PREDICT_BATCH", 4)
    built = []
    real = FrameClassifier._design
    monkeypatch.setattr(FrameClassifier, "_design", lambda self, t, f=None: built.append(len(t)) or real(self, t, f))
    assert np.array_equal(model.decision_function(texts, found), whole)
    assert built == [4, 4, 4, 4, 2]
    built.clear()                                                              # a repeated text is scored once
    assert np.array_equal(model.decision_function(texts * 2, found * 2), np.vstack([whole, whole]))
    assert built == [4, 4, 4, 4, 2]
    assert not np.array_equal(model.decision_function(texts), whole)          # the matches handed in do count
