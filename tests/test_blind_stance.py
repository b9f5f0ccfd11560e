"""The scoring of a blind-coded stance sheet (benchmarks/sentiment.py --blind-stance), on a synthetic sheet written
here: matching by sentence and actor, coverage, the majority baseline, intervals, and the sheet's checks."""
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.errors import CodingSheetError
from analysis.measures.actors import load_actors

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from sentiment import (BLIND_COLUMNS, blind_stance, confusion_by_sentence, match_blind,  # noqa: E402
                       read_blind_stance, stance_scores)

ROWS = [  # id, sentence_id, text, actor, mention, stance
    ("1", "s1", "Residents thanked the mayor for the wonderful new park.", "mayor", "the mayor", "positive"),
    ("2", "s2", "The council met on Tuesday to discuss the budget.", "council", "The council", "neutral"),
    ("3", "s3", "Critics said the mayor lied to voters and wrecked the budget.", "mayor", "the mayor", "negative"),
    ("4", "s3", "Critics said the mayor lied to voters and wrecked the budget.", "council", "Critics", "neutral"),
    ("5", "s4", "The mayor and the council will meet again in May.", "mayor", "The mayor", "neutral"),
    ("6", "s4", "The mayor and the council will meet again in May.", "council", "the council", "neutral"),
    ("7", "s5", "The town's leader opened the fair.", "mayor", "The town's leader", "neutral"),
]


@pytest.fixture
def actors(tmp_path):
    path = tmp_path / "actors.toml"
    path.write_text('[actor.mayor]\nlabel = "The mayor"\naliases = ["the mayor", "mayor"]\n'
                    '[actor.council]\nlabel = "The council"\naliases = ["the council", "council"]\n')
    return load_actors(path)


def write_sheet(path, rows):
    pd.DataFrame([(*r, "") for r in rows], columns=BLIND_COLUMNS).to_csv(path, index=False)
    return path


def test_match_prefers_the_overlapping_mention_and_uses_each_once():
    coded = pd.DataFrame({"sentence_id": ["a", "a", "a", "b"], "actor": ["x", "x", "x", "y"],
                          "start": [20, 0, 40, 0], "end": [25, 5, 45, 3]})
    mentions = pd.DataFrame({"article_id": ["a", "a", "b"], "actor": ["x", "x", "x"],
                             "start": [1, 21, 0], "end": [6, 26, 3], "stance": ["neutral", "negative", "positive"]})
    # row 0 overlaps the second mention; row 1 takes the first; row 2 finds none left; row 3's actor differs
    assert match_blind(coded, mentions) == ["negative", "neutral", None, None]


def test_scores_from_confusion_match_sklearn_and_krippendorff():
    from sklearn.metrics import f1_score

    from analysis.compare.agreement import alpha

    rng = np.random.default_rng(1)
    truth = rng.integers(-1, 2, 60).astype(float)
    pred = np.where(rng.random(60) < 0.6, truth, rng.integers(-1, 2, 60)).astype(float)
    pred[[3, 17, 40]] = np.nan                          # three coded rows not found
    got = stance_scores(confusion_by_sentence(truth, pred, rng.integers(0, 20, 60)).sum(axis=0))
    assert got["accuracy"] == pytest.approx(np.mean(truth == pred))
    assert got["macro_f1"] == pytest.approx(f1_score(truth, np.nan_to_num(pred, nan=9), labels=[-1, 0, 1],
                                                     average="macro", zero_division=0))
    assert got["alpha"] == pytest.approx(alpha(np.vstack([truth, pred]), "nominal"))


def test_blind_stance_coverage_baseline_and_intervals(tmp_path, actors):
    out = blind_stance(write_sheet(tmp_path / "sheet.csv", ROWS), actors=actors)
    assert out["blind_stance_part"] == "held-out"
    assert out["blind_stance_n"] == 7 and out["blind_stance_sentences"] == 5
    # "Critics" and "The town's leader" name no alias: 5 of 7 coded rows are found
    assert out["blind_stance_matched"] == 5 and out["blind_stance_coverage"] == pytest.approx(5 / 7, abs=1e-4)
    assert out["blind_stance_majority_class"] == "neutral"
    assert out["blind_stance_majority_accuracy"] == pytest.approx(5 / 7, abs=1e-4)
    # always neutral: F1 of neutral 2·(5/7)/(1 + 5/7) = 10/12, zero for the other two classes
    assert out["blind_stance_majority_macro_f1"] == pytest.approx(10 / 12 / 3, abs=1e-4)
    assert out["blind_stance_accuracy"] <= out["blind_stance_coverage"]
    for name in ("accuracy", "macro_f1", "majority_accuracy", "accuracy_minus_majority"):
        assert out[f"blind_stance_{name}_low"] <= out[f"blind_stance_{name}"] <= out[f"blind_stance_{name}_high"]
    assert out["blind_stance_coded_counts"] == {"negative": 1, "neutral": 5, "positive": 1}
    assert sum(out["blind_stance_predicted_counts"].values()) == 5
    assert out["blind_stance_accuracy_minus_majority"] == pytest.approx(
        out["blind_stance_accuracy"] - out["blind_stance_majority_accuracy"], abs=1e-3)


def test_each_blind_stance_sheet_gives_its_own_gate_record(tmp_path, actors):
    import gate
    path = write_sheet(tmp_path / "sheet.csv", ROWS)
    fresh = blind_stance(path, actors=actors)
    before = blind_stance(path, actors=actors, prefix="blind_stance_before")
    assert before == {k.replace("blind_stance", "blind_stance_before", 1): v for k, v in fresh.items()}
    assert [r.n for r in gate.blind_stance_records(fresh)] == [7]
    both = gate.blind_stance_records(fresh | before)
    assert len(both) == 2 and {r.part for r in both} == {"held-out"} and both[0].as_dict() == both[1].as_dict()
    dev = gate.blind_stance_records(fresh | before | {"blind_stance_before_part": "development"})
    assert [r.part for r in dev] == ["held-out"]          # a development sheet never counts


def test_a_development_sheet_is_labelled_so_and_not_counted_in_the_gate(tmp_path, actors):
    import gate
    path = write_sheet(tmp_path / "sheet.csv", ROWS)
    fresh = blind_stance(path, actors=actors)
    dev = blind_stance(path, actors=actors, prefix="blind_stance_before", part="development")
    assert dev["blind_stance_before_part"] == "development" and "in-sample" in dev["blind_stance_before_scope"]
    assert dev["blind_stance_before_accuracy"] == fresh["blind_stance_accuracy"]
    assert [r.part for r in gate.blind_stance_records(fresh | dev)] == ["held-out"]


def test_blind_stance_agrees_fully_with_a_coder_who_codes_what_the_package_says(tmp_path, actors):
    from analysis.measures.sentiment import score_mentions

    write_sheet(tmp_path / "a.csv", ROWS)
    sheet = read_blind_stance(tmp_path / "a.csv", {"mayor", "council"})
    firsts = sheet.drop_duplicates("sentence_id")
    corpus = pd.DataFrame({"article_id": firsts["sentence_id"].to_numpy(), "paragraph_id": 0, "sentence_id": 0,
                           "text": firsts["text"].to_numpy()})
    said = match_blind(sheet, score_mentions(corpus, actors))
    found = [r[:5] + (s,) for r, s in zip(ROWS, said) if s is not None]
    out = blind_stance(write_sheet(tmp_path / "b.csv", found), actors=actors)
    assert len(found) == 5
    assert out["blind_stance_coverage"] == 1 and out["blind_stance_accuracy"] == 1


@pytest.mark.parametrize("row, message", [
    (("9", "s9", "The mayor spoke.", "mayor", "the governor", "neutral"), "row 2: mention 'the governor'"),
    (("9", "s9", "The mayor spoke.", "mayor", "The mayor", "hostile"), "row 2: stance 'hostile'"),
    (("9", "s9", "The mayor spoke.", "sheriff", "The mayor", "neutral"), "row 2: actor 'sheriff'"),
])
def test_bad_rows_are_named(tmp_path, actors, row, message):
    with pytest.raises(CodingSheetError, match=message):
        blind_stance(write_sheet(tmp_path / "bad.csv", [row]), actors=actors)


def test_missing_column_and_two_texts_for_one_sentence(tmp_path, actors):
    path = tmp_path / "cols.csv"
    pd.DataFrame({"id": ["1"], "text": ["x"]}).to_csv(path, index=False)
    with pytest.raises(CodingSheetError, match="cols.csv: no column 'sentence_id'"):
        blind_stance(path, actors=actors)
    with pytest.raises(CodingSheetError, match="empty.csv: no coded rows"):
        blind_stance(write_sheet(tmp_path / "empty.csv", []), actors=actors)
    rows = [ROWS[0], ("2", "s1", "Another text.", "mayor", "Another", "neutral")]
    with pytest.raises(CodingSheetError, match="sentence_id 's1' has 2 different texts"):
        blind_stance(write_sheet(tmp_path / "two.csv", rows), actors=actors)


def test_repeated_words_are_successive_occurrences(tmp_path):
    text = "The mayor met the mayor of the next town."
    rows = [("1", "s", text, "mayor", "mayor", "neutral"), ("2", "s", text, "mayor", "mayor", "positive")]
    sheet = read_blind_stance(write_sheet(tmp_path / "r.csv", rows), {"mayor"})
    assert list(sheet["start"]) == [4, 18] and np.all(sheet["end"] - sheet["start"] == 5)


def test_stance_agreement_with_a_stance_no_one_coded_or_found_scores_it_zero_without_a_warning():
    import warnings

    from analysis.compare.agreement import stance_agreement

    coded = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "start": [0, 0], "end": [5, 5],
                          "stance": ["neutral", "negative"]})
    found = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "start": [0, 0], "end": [5, 5],
                          "stance": ["neutral", "negative"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = stance_agreement(coded, found)
    assert r["macro_f1"] == 2 / 3          # positive: neither coded nor found, scored 0
