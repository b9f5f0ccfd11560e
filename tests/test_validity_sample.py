"""The validity gate is honest about sample size: a perfect alpha on a handful of coded sentences does not clear
it; a good alpha on a large coded sample does.  Alpha's bootstrap interval (articles resampled) is shown."""
import numpy as np
import pandas as pd
import pytest

from analysis.compare.agreement import _binary_alpha, alpha, binary_alpha_interval, frame_agreement, shortfall
from analysis.compare.validity import frame_records, validity_table
from analysis.errors import SettingsError
from analysis.reporting.gate import Gate
from analysis.reporting.intervals import estimate
from analysis.settings import load_settings


def coded_sample(n_articles, per_article, share_present, method_error, seed=0):
    """One coder's sheet and a method's codes: ``share_present`` of the sentences coded present, the method
    wrong on ``method_error`` of them."""
    rng = np.random.default_rng(seed)
    rows = []
    for a in range(n_articles):
        for s in range(per_article):
            rows.append({"unit_id": f"art{a}:{s}", "article_id": f"art{a}", "sentence_id": s, "part": "test",
                         "coder": "c1", "money": int(rng.random() < share_present)})
    coded = pd.DataFrame(rows)
    wrong = rng.random(len(coded)) < method_error
    predicted = pd.DataFrame({"unit_id": coded["unit_id"], "money": np.where(wrong, 1 - coded["money"],
                                                                             coded["money"])})
    return coded, predicted


def records(coded, predicted, **limits):
    table = frame_agreement(coded, predicted, ["money"]).assign(label="Money", part="held-out")
    return table, frame_records(table, "civic", "dictionary", "sheet.csv", **limits)["money"][0]


def test_binary_alpha_from_counts_is_krippendorffs():
    rng = np.random.default_rng(3)
    for _ in range(20):
        a = rng.integers(0, 2, 30).astype(float)
        b = np.where(rng.random(30) < 0.8, a, 1 - a)
        got = _binary_alpha(np.array([a.sum() + b.sum()]), np.array([(a != b).sum()]), np.array([30.0]))[0]
        assert got == pytest.approx(alpha(np.vstack([a, b])), abs=1e-12)


def test_shortfall_in_words():
    assert shortfall(17, 4) == "only 17 coded units, fewer than the 50 needed"
    assert shortfall(200, 4, unit="sentences") == ("only 4 coded sentences present, fewer than the 10 needed "
                                                   "on each side")
    assert shortfall(200, 195) .startswith("only 5 coded units absent")
    assert shortfall(200, 40) == "" and shortfall(200) == ""            # -1: not a present/absent figure
    assert shortfall(17, 4, min_units=10, min_positives=3) == ""


def test_a_tiny_perfect_sample_does_not_clear():
    # 17 sentences of 4 articles, 4 coded present, the method right on every one: alpha 1.00
    coded, predicted = coded_sample(4, 5, 0.25, 0.0, seed=1)
    coded = coded.iloc[:17]
    predicted = predicted.iloc[:17]
    table, r = records(coded, predicted)
    assert r.alpha == pytest.approx(1.0) and r.accuracy > r.baseline and 0 < r.positives < 10
    assert r.shortfall and not r.clears(0.667)
    gate = Gate("the frame “Money”", (r,), 0.667)
    assert not gate.clears
    note = gate.note()
    assert "**Exploratory**" in note and "too few to tell agreement from luck" in note and "alpha 1.00" in note
    out = validity_table({}, {"test": table}, lexicon="civic", sheets="sheet.csv", min_alpha=0.667)
    assert not out["clears"].any() and out["note"].iloc[0] == r.shortfall


def test_a_large_good_sample_clears_with_its_interval():
    coded, predicted = coded_sample(40, 8, 0.3, 0.03, seed=2)        # 320 sentences, ~96 present, 3% wrong
    table, r = records(coded, predicted)
    assert r.n == 320 and r.positives >= 10 and not r.shortfall
    assert r.alpha >= 0.667 and r.alpha_low < r.alpha < r.alpha_high <= 1
    assert r.alpha_high - r.alpha_low < 0.2
    gate = Gate("the frame “Money”", (r,), 0.667)
    assert gate.clears and "*Validity*" in gate.note() and f"alpha {estimate(r.alpha, r.alpha_low, r.alpha_high)} on held-out text" in gate.note()
    out = validity_table({}, {"test": table}, lexicon="civic", sheets="sheet.csv", min_alpha=0.667)
    assert out["clears"].all() and out["note"].iloc[0] == ""
    assert {"alpha_low", "alpha_high", "positives"} <= set(out.columns)


def test_the_interval_is_wider_on_fewer_articles():
    small = records(*coded_sample(6, 8, 0.3, 0.1, seed=4))[1]
    large = records(*coded_sample(60, 8, 0.3, 0.1, seed=4))[1]
    assert (small.alpha_high - small.alpha_low) > (large.alpha_high - large.alpha_low)


def test_interval_does_not_depend_on_article_names_or_order():
    coded, predicted = coded_sample(12, 6, 0.3, 0.1, seed=5)
    m = coded.pivot_table(index="unit_id", columns="coder", values="money").T.to_numpy(dtype=float)
    codes = predicted.set_index("unit_id").loc[sorted(coded["unit_id"]), "money"].to_numpy()
    arts = coded.set_index("unit_id").loc[sorted(coded["unit_id"]), "article_id"].to_numpy()
    first = binary_alpha_interval(m, codes, arts)
    perm = np.random.default_rng(0).permutation(len(codes))
    renamed = np.array([f"z{99 - int(a[3:])}" for a in arts])
    assert binary_alpha_interval(m[:, perm], codes[perm], renamed[perm]) == pytest.approx(first)


def test_the_minimums_are_study_settings(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("[validity]\nmin_units = 20\nmin_positives = 3\n", encoding="utf-8")
    s = load_settings(path)
    assert (s.validity.min_units, s.validity.min_positives) == (20, 3)
    assert (load_settings(None).validity.min_units, load_settings(None).validity.min_positives) == (50, 10)
    path.write_text("[validity]\nmin_units = 0\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="validity.min_units"):
        load_settings(path)
    coded, predicted = coded_sample(4, 5, 0.25, 0.0, seed=1)
    assert not records(coded.iloc[:17], predicted.iloc[:17], min_units=10, min_positives=3)[1].shortfall
