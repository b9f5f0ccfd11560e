"""The study's own stance classifier (analysis.measures.study_stance): training mentions from a stance sheet,
cross-validation by sentence on the same folds as the general model, the choice and its fallback, the setting
that names the sheets, bad sheets, and the held-out scoring path of benchmarks/sentiment.py.

``tests/data/stance_train_small.csv`` is a sheet written for these tests: 24 sentences about a mayor and a
council, each mention coded by a coder who reads the mayor kindly and the council harshly whatever the words
(positive / negative), which the general model cannot know and an actor-aware classifier can learn."""
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.errors import CodingSheetError, SettingsError
from analysis.measures import study_stance as ss
from analysis.measures.actors import load_actors
from analysis.settings import load_settings

DATA = Path(__file__).resolve().parent / "data"
SHEET = DATA / "stance_train_small.csv"
ACTORS = ('[actor.mayor]\nlabel = "The mayor"\naliases = ["the mayor", "mayor"]\n'
          '[actor.council]\nlabel = "The council"\naliases = ["the council", "council"]\n')


@pytest.fixture(scope="module")
def actors(tmp_path_factory):
    path = tmp_path_factory.mktemp("actors") / "actors.toml"
    path.write_text(ACTORS)
    return load_actors(path)


@pytest.fixture(scope="module")
def data(actors):
    return ss.training_mentions([SHEET], actors)


def test_training_mentions_are_the_coded_rows_the_general_pipeline_finds(data):
    coded = pd.read_csv(SHEET)
    assert data.coded == len(coded) and len(data.y) == len(data.inputs) == len(data.groups) == len(data.sheet)
    assert 0 < len(data.y) <= len(coded)
    assert set(data.groups) <= {f"{SHEET.name}:{s}" for s in coded["sentence_id"]}
    # every matched mention keeps the coded stance of its actor (this coder: mayor positive, council negative)
    expected = np.where(data.inputs["actor"] == "mayor", 1, -1)
    np.testing.assert_array_equal(data.y, expected)
    assert list(data.inputs.columns) == ss.INPUT_COLUMNS


def test_folds_keep_every_sentence_in_one_test_fold_and_are_seeded(data):
    splits = ss.folds(data.groups, 5, random_state=0)
    assert len(splits) == 5
    seen = np.zeros(len(data.groups), dtype=int)
    for train, test in splits:
        assert not set(data.groups[train]) & set(data.groups[test])      # no sentence on both sides
        seen[test] += 1
    assert (seen == 1).all()                                            # each mention tested exactly once
    again = ss.folds(data.groups, 5, random_state=0)
    assert all((a[1] == b[1]).all() for a, b in zip(splits, again))
    other = ss.folds(data.groups, 5, random_state=1)
    assert any(set(a[1]) != set(b[1]) for a, b in zip(splits, other))


def test_cross_validation_compares_on_the_same_mentions_and_folds(data):
    from sklearn.metrics import accuracy_score

    cv = ss.cross_validate(ss.StudyStance(), data, n_splits=4)
    general = data.inputs["stance"].map(ss.VALUES).to_numpy()
    assert cv["n"] == len(data.y) and cv["n_splits"] == 4
    assert cv["general"]["accuracy"] == pytest.approx(accuracy_score(data.y, general))
    assert cv["study"]["accuracy"] == pytest.approx(accuracy_score(data.y, cv["predicted"]))
    # the majority of each fold's training part: this sheet's coder codes as many positive as negative mentions,
    # so it is right on at most about half of them
    assert cv["majority"]["accuracy"] <= 0.6
    # the actor carries this coder's stance: the study classifier learns it, the general model cannot
    assert cv["study"]["accuracy"] > cv["general"]["accuracy"]
    assert cv["study"]["alpha"] > cv["general"]["alpha"]


def test_choice_uses_the_study_classifier_where_it_wins_and_relabels_mentions(data, actors):
    from analysis.measures.sentiment import score_mentions

    choice = ss.choose(data, n_splits=4)
    assert choice.method == ss.STUDY and choice.model is not None
    assert "beats the general model" in choice.note and SHEET.name in choice.note
    assert choice.figures["study_stance_cv_part"].startswith("in-sample")
    for who in ("study", "general", "majority"):
        assert {f"study_stance_cv_{who}_{k}" for k in ("accuracy", "macro_f1", "alpha")} <= set(choice.figures)
        assert choice.figures[f"study_stance_cv_{who}_accuracy_of_coded"] == pytest.approx(
            choice.figures[f"study_stance_cv_{who}_accuracy"] * len(data.y) / data.coded, abs=1e-3)
    corpus = ss.one_sentence_corpus(["a", "b"], ["The council met the mayor at noon.", "The mayor opened a school."])
    general = score_mentions(corpus, actors)
    study = score_mentions(corpus, actors, study_model=choice.model)
    assert set(general["stance_method"]) == {ss.GENERAL} and set(study["stance_method"]) == {ss.STUDY}
    assert list(study["stance_general"]) == list(general["stance"])
    assert list(study["score_general"]) == pytest.approx(list(general["score"]))
    assert list(study["stance"]) == ["negative" if a == "council" else "positive" for a in study["actor"]]


def test_falls_back_when_the_study_classifier_does_not_beat_the_general_model(data):
    # a coder who codes exactly what the general pipeline says: nothing can beat it, so it is kept
    agreeing = ss.TrainingMentions(data.inputs, data.inputs["stance"].map(ss.VALUES).to_numpy(), data.groups,
                                   data.coded, data.sheets, data.sheet)
    if len(np.unique(agreeing.y)) < 2:
        pytest.skip("the general pipeline gives one stance only on this sheet")
    choice = ss.choose(agreeing, n_splits=4)
    assert choice.method == ss.GENERAL and choice.model is None
    assert choice.note.startswith("stance by the general model: the study's classifier did not beat it")
    assert choice.figures["study_stance_cv_general_accuracy"] == 1.0
    assert choice.figures["study_stance_method"] == ss.GENERAL


def test_falls_back_when_the_sheet_cannot_train_a_classifier(data):
    one = ss.TrainingMentions(data.inputs, np.zeros(len(data.y), dtype=int), data.groups, data.coded, data.sheets,
                              data.sheet)
    choice = ss.choose(one, n_splits=4)
    assert choice.method == ss.GENERAL and choice.model is None and "cannot train a classifier" in choice.note


def test_beats_needs_higher_alpha_and_no_lower_accuracy():
    assert ss.beats({"alpha": 0.5, "accuracy": 0.7}, {"alpha": 0.4, "accuracy": 0.7})
    assert not ss.beats({"alpha": 0.5, "accuracy": 0.69}, {"alpha": 0.4, "accuracy": 0.7})
    assert not ss.beats({"alpha": 0.4, "accuracy": 0.8}, {"alpha": 0.4, "accuracy": 0.7})
    assert not ss.beats({"alpha": float("nan"), "accuracy": 0.8}, {"alpha": 0.4, "accuracy": 0.7})


def test_estimator_refuses_wrong_input():
    X = pd.DataFrame({"text": ["The mayor spoke."], "start": [0], "end": [9]})
    with pytest.raises(ValueError, match="no column 'actor'"):
        ss.StudyStance().fit(X, [1])
    with pytest.raises(TypeError, match="DataFrame of actor mentions"):
        ss.StudyStance().fit([("The mayor spoke.", 0, 9)], [1])


# -- the study setting --------------------------------------------------------------------------------
def _study(tmp_path: Path, sheets: list[str]) -> Path:
    (tmp_path / "actors.toml").write_text(ACTORS)
    (tmp_path / "corpus").mkdir(exist_ok=True)
    (tmp_path / "corpus" / "a.txt").write_text("The Mayor Opens A School\n\nThe mayor opened a school on Monday.\n")
    study = tmp_path / "study.toml"
    study.write_text('[study]\nname = "town"\ncorpus = "corpus"\n[lexicons]\nactors = "actors.toml"\n'
                     f"[coding]\nstance_train = {sheets!r}\n".replace("'", '"'))
    return study


def test_the_study_names_its_training_sheets_and_the_choice_follows_them(tmp_path):
    shutil.copy(SHEET, tmp_path / "train.csv")
    settings = load_settings(_study(tmp_path, ["train.csv"]))
    assert settings.coding.stance_train == ("train.csv",)
    assert [r.path.name for r in settings.resources()["coding_stance_train"]] == ["train.csv"]
    choice = ss.study_stance(settings)
    assert choice.method == ss.STUDY and choice.figures["study_stance_cv_sheets"] == ["train.csv"]
    assert ss.study_stance(settings) is choice                        # made once for the same sheets and lexicons
    # another actor lexicon: the sheets were coded for the old one's actors
    assert load_settings(_study(tmp_path, ["train.csv"]), {"actors": str(tmp_path / "actors.toml")}
                         ).coding.stance_train == ()
    assert ss.study_stance(load_settings(_study(tmp_path, []))) is None


def test_the_actor_mentions_measure_uses_the_study_classifier_when_chosen(tmp_path):
    import analysis

    shutil.copy(SHEET, tmp_path / "train.csv")
    study = analysis.open_study(_study(tmp_path, ["train.csv"]))
    mentions = study.measure("actor_mentions")
    assert len(mentions) and set(mentions["stance_method"]) == {ss.STUDY}
    assert mentions.attrs["stance_choice"].startswith("stance by the study's classifier")
    again = analysis.open_study(tmp_path / "study.toml").measure("actor_mentions")     # read back from the store
    assert again.attrs["stance_choice"] == mentions.attrs["stance_choice"]
    assert set(mentions.loc[mentions["actor"] == "mayor", "stance"]) == {"positive"}


def test_a_bad_training_sheet_is_named_with_its_row(tmp_path):
    rows = pd.read_csv(SHEET, dtype=str, keep_default_na=False)
    rows.loc[2, "stance"] = "hostile"                 # spreadsheet row 4
    rows.to_csv(tmp_path / "bad.csv", index=False)
    settings = load_settings(_study(tmp_path, ["bad.csv"]))
    with pytest.raises(CodingSheetError, match=r"bad\.csv: row 4: stance 'hostile' is not negative, neutral or "
                                               r"positive"):
        ss.study_stance(settings)
    rows = pd.read_csv(SHEET, dtype=str, keep_default_na=False)
    rows.loc[0, "actor"] = "sheriff"
    rows.loc[5, "mention"] = "the governor"
    rows.to_csv(tmp_path / "bad2.csv", index=False)
    with pytest.raises(CodingSheetError, match=r"bad2\.csv: row 7: mention 'the governor' is not in its text; "
                                               r"row 2: actor 'sheriff'|bad2\.csv: row 2: actor 'sheriff' is not in "
                                               r"the actor lexicon; row 7: mention 'the governor'"):
        ss.study_stance(load_settings(_study(tmp_path, ["bad2.csv"])))
    with pytest.raises(SettingsError, match="missing.csv"):
        load_settings(_study(tmp_path, ["missing.csv"]))
    study = _study(tmp_path, ["bad.csv", "bad.csv"])
    with pytest.raises(SettingsError, match="coding.stance_train lists 'bad.csv' more than once"):
        load_settings(study)


# -- the held-out scoring path of benchmarks/sentiment.py --------------------------------------------
def test_the_benchmark_scores_a_sheet_with_the_study_classifier_and_the_general_model_beside_it(data, actors):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from sentiment import blind_stance

    model = ss.choose(data, n_splits=4).model
    with_study = blind_stance(SHEET, actors=actors, study_model=model, prefix="s")
    general = blind_stance(SHEET, actors=actors, prefix="g")
    assert with_study["s_method"] == ss.STUDY and general["g_method"] == ss.GENERAL
    # the general pipeline's figures on the same mentions are the general run's own
    for k in ("accuracy", "macro_f1", "alpha"):
        assert with_study[f"s_general_{k}"] == pytest.approx(general[f"g_{k}"], nan_ok=True)
    assert "g_general_accuracy" not in general
    # trained on this sheet, the study classifier labels it as its coder did (an in-sample check of the path)
    assert with_study["s_accuracy"] == pytest.approx(with_study["s_coverage"])


def test_with_two_sheets_each_is_also_predicted_from_the_other_alone(tmp_path, actors):
    rows = pd.read_csv(SHEET, dtype=str, keep_default_na=False)
    first = rows["sentence_id"].isin(sorted(set(rows["sentence_id"]))[:12])
    rows[first].to_csv(tmp_path / "one.csv", index=False)
    rows[~first].to_csv(tmp_path / "two.csv", index=False)
    data = ss.training_mentions([tmp_path / "one.csv", tmp_path / "two.csv"], actors)
    figures = ss.choose(data, n_splits=4).figures
    assert {"study_stance_cv_sheet_one_n", "study_stance_cv_sheet_two_n"} <= set(figures)
    on = data.sheet == "two.csv"
    alone = ss.StudyStance().fit(data.inputs[~on], data.y[~on])        # trained on sheet one only
    expected = ss.agreement(data.y[on], alone.predict(data.inputs[on]))
    assert figures["study_stance_cv_sheet_two_n"] == int(on.sum())
    assert figures["study_stance_cv_sheet_two_study_from_other_sheets_accuracy"] == pytest.approx(
        expected["accuracy"], abs=1e-4)
    assert {f"study_stance_cv_other_sheets_{w}_alpha" for w in ("study", "general", "majority")} <= set(figures)


def test_cross_validation_works_out_each_mention_clause_once_with_the_same_ngrams(data, monkeypatch):
    """The clause n-grams of a mention are worked out once however many folds fit and score it, and are those a
    CountVectorizer of word 1-2-grams counts in its masked clause."""
    import pickle
    from collections import Counter

    from sklearn.feature_extraction.text import CountVectorizer

    from analysis.corpus.tokens import SKLEARN_TOKEN_PATTERN
    from analysis.measures import stance

    masked = stance.masked_clause
    calls = Counter()

    def counted(text, start, end):
        calls[(text, start, end)] += 1
        return masked(text, start, end)

    monkeypatch.setattr(stance, "masked_clause", counted)
    ss._clause_terms.cache_clear()
    ss.cross_validate(ss.StudyStance(), data)
    assert calls and max(calls.values()) == 1

    model = ss.StudyStance().fit(data.inputs, data.y)
    clauses = [masked(t, int(a), int(b)) for t, a, b in zip(data.inputs["text"], data.inputs["start"],
                                                            data.inputs["end"])]
    ref = CountVectorizer(ngram_range=(1, 2), binary=True, token_pattern=SKLEARN_TOKEN_PATTERN, min_df=2).fit(clauses)
    assert list(model.vectorizer_.get_feature_names_out()) == list(ref.get_feature_names_out())
    assert (model.vectorizer_.transform(model._targets(data.inputs)) != ref.transform(clauses)).nnz == 0
    again = pickle.loads(pickle.dumps(model))       # an engine's workers are sent the fitted classifier
    np.testing.assert_array_equal(again.predict_proba(data.inputs), model.predict_proba(data.inputs))
