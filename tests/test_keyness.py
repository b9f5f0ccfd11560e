import math

import pandas as pd
import pytest

from analysis.compare.keyness import distinctive_terms, group_terms, log_odds


def test_worked_example_by_hand():
    # Outlet A says "war" 3 times and "peace" once; the rest say "war" once and "peace" 3 times.
    # Prior: alpha = corpus counts = (war 4, peace 4), alpha0 = 8; n_A = n_rest = 4.
    # delta_war = log((3+4)/(4+8-3-4)) - log((1+4)/(4+8-1-4)) = log(7/5) - log(5/7)
    # var = 1/(3+4) + 1/(1+4)
    delta_war = math.log(7 / 5) - math.log(5 / 7)
    z_war = delta_war / math.sqrt(1 / 7 + 1 / 5)
    out = distinctive_terms(pd.Series(["war war war peace", "war peace peace peace"]), pd.Series(["A", "B"]),
                            ngram_range=(1, 1), min_count=1, top=None, z=None)
    a = out[out.group == "A"].set_index("term")
    assert a.loc["war", "delta"] == pytest.approx(delta_war)
    assert a.loc["war", "z"] == pytest.approx(z_war)
    assert a.loc["peace", "z"] == pytest.approx(-z_war)
    assert out[out.group == "B"].set_index("term").loc["peace", "z"] == pytest.approx(z_war)


def test_log_odds_symmetric_and_zero_for_equal_rates():
    d, z = log_odds([5, 5], [5, 5], [10, 10])
    assert d.tolist() == [0.0, 0.0]


def test_bigrams_stop_words_and_min_count():
    texts = pd.Series(["national sovereignty national sovereignty the the", "oil revenue oil revenue"])
    out = distinctive_terms(texts, pd.Series(["A", "B"]), min_count=2, top=None, z=None)
    assert "national sovereignty" in set(out[out.group == "A"].term)
    assert "the" not in set(out.term)


def test_single_group_gives_empty_table():
    assert distinctive_terms(pd.Series(["a b c"]), pd.Series(["A"])).empty


def test_group_terms_uses_lead_and_body_of_the_articles_passed():
    arts = pd.DataFrame({"article_id": ["a", "b", "c"], "source_label": ["A", "B", "B"], "is_primary": [True, True, False]})
    sents = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "sentence_id": [0, 1, 0, 0],
                          "position": ["headline", "body", "lead", "lead"],
                          "text": ["headline headline", "war war", "peace peace", "copy copy"]})
    counted = arts[arts.is_primary]
    terms = group_terms(sents, counted, min_count=1, top=None, ngram_range=(1, 1), z=None)
    assert set(terms.term) == {"war", "peace"}                 # no headline, no copy
    assert "copy" in set(group_terms(sents, arts, min_count=1, top=None, z=None).term)


def corpus_of(groups):
    rows, arts = [], []
    for g, texts in groups.items():
        for i, t in enumerate(texts):
            aid = f"{g}{i}"
            arts.append({"article_id": aid, "source_label": g})
            rows.append({"article_id": aid, "sentence_id": 0, "position": "body", "text": t})
    return pd.DataFrame(rows), pd.DataFrame(arts)


def test_only_terms_clearing_the_threshold_are_listed_and_empty_groups_are_said():
    a = ["The militias attacked the base again." for _ in range(12)]
    b = ["The parliament debated the budget again." for _ in range(12)]
    c = ["Officials met again." for _ in range(3)]
    sents, arts = corpus_of({"A": a, "B": b, "C": c})
    out = group_terms(sents, arts, min_count=3, z=1.96, top=None)
    listed = out.dropna(subset=["term"])
    assert (listed.z >= 1.96).all() and (listed["count"] >= 3).all()
    assert {"militias", "attacked"} <= set(listed[listed.group == "A"].term)
    assert out[out.group == "C"].note.item() == "no term clears the threshold"


def test_a_groups_own_name_is_never_its_distinctive_term():
    fox = ["Fox News reported the strike, a source told Fox." for _ in range(10)] + \
          ["The strike hit the depot, officials in Washington told Fox News." for _ in range(5)]
    other = ["The Examiner said Washington approved the strike." for _ in range(10)] + \
            ["Officials in Washington defended the strike." for _ in range(5)]
    sents, arts = corpus_of({"Fox News": fox, "Washington Examiner": other})
    out = group_terms(sents, arts, min_count=2, z=None, top=None, names={"Fox News": ["Fox News", "Fox"]})
    fox_terms = set(out[out.group == "Fox News"].term)
    assert not any("fox" in t.lower() for t in fox_terms)
    examiner_terms = set(out[out.group == "Washington Examiner"].term)
    assert "washington" in examiner_terms                   # a word used apart from the name stays
    assert not any("examiner" in t for t in examiner_terms)


def test_one_group_against_another():
    sents, arts = corpus_of({"A": ["Drones struck the base."] * 8, "B": ["Drones struck the port."] * 8,
                             "C": ["Voters went to the polls."] * 8})
    out = group_terms(sents, arts, against="B", min_count=3, z=None, top=None)
    assert set(out.dropna(subset=["term"]).group) == {"A", "C"}
    a = out[out.group == "A"].set_index("term")
    assert a.loc["base", "z"] > 0 and a.loc["base", "count_rest"] == 0       # the rest is B alone: no "base" there
    assert a.loc["drones", "z"] == pytest.approx(0, abs=1e-9)              # A and B use it alike


def test_chi2_scorer_is_pearsons_chi_square_signed():
    # A: war 3, peace 1; B: war 1, peace 3.  The 2 x 2 table of "war" is [[3, 1], [1, 3]]: N (ad - bc)^2 /
    # (row and column sums) = 8 * 64 / 256 = 2, so z = sqrt(2); delta = log(3.5 / 4.5) - log(1.5 / 4.5).
    from scipy.stats import chi2_contingency
    out = distinctive_terms(pd.Series(["war war war peace", "war peace peace peace"]), pd.Series(["A", "B"]),
                            ngram_range=(1, 1), min_count=1, top=None, z=None, scorer="chi2")
    a = out[out.group == "A"].set_index("term")
    assert a.loc["war", "z"] == pytest.approx(math.sqrt(2))
    assert a.loc["war", "z"] ** 2 == pytest.approx(chi2_contingency([[3, 1], [1, 3]], correction=False)[0])
    assert a.loc["peace", "z"] == pytest.approx(-math.sqrt(2))
    assert a.loc["war", "delta"] == pytest.approx(math.log(3.5 / 1.5))


def test_scorers_plug_in_by_name_and_the_setting_lists_them(monkeypatch):
    from analysis.compare import keyness
    from analysis.settings import CHOICES
    assert set(CHOICES[("terms", "scorer")]) == set(keyness.SCORERS)      # every scorer can be chosen, none else
    assert set(keyness.SCORER_DESCRIPTIONS) == set(keyness.SCORERS)      # each says what it computes
    texts, groups = pd.Series(["war war war peace", "war peace peace peace"]), pd.Series(["A", "B"])

    def raw_difference(ci, cj, prior):
        return ci - cj, ci - cj
    monkeypatch.setitem(keyness.SCORERS, "difference", raw_difference)
    out = distinctive_terms(texts, groups, ngram_range=(1, 1), min_count=1, top=None, z=None, scorer="difference")
    assert out[out.group == "A"].set_index("term")["z"].to_dict() == {"war": 2, "peace": -2}


def test_an_unknown_scorer_is_a_settings_error_naming_the_choices(tmp_path):
    from analysis.errors import SettingsError
    from analysis.settings import load_settings
    with pytest.raises(SettingsError, match="terms.scorer is 'pmi'; valid: log_odds, chi2"):
        distinctive_terms(pd.Series(["a b", "c d"]), pd.Series(["A", "B"]), scorer="pmi")
    study = tmp_path / "study.toml"
    study.write_text('[terms]\nscorer = "pmi"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"^.*study\.toml: terms\.scorer is 'pmi'; valid: log_odds, chi2$"):
        load_settings(study)


def test_a_study_counts_its_terms_once_and_scores_them_with_its_scorer(own_study, monkeypatch):
    from analysis import open_study
    from analysis.compare import keyness
    calls = []
    real = keyness.count_terms
    monkeypatch.setattr(keyness, "count_terms", lambda *a, **k: calls.append(1) or real(*a, **k))
    study = open_study(own_study)
    listed, scores = study.terms(top=None), study.term_scores()
    assert len(calls) == 1                                    # one count matrix for the table and the figure
    chi = open_study(own_study, overrides={"terms.scorer": "chi2"}).term_scores()
    assert len(calls) == 2
    both = scores.merge(chi, on=["group", "term"], suffixes=("", "_chi2"))
    assert len(both) == len(scores) and not (both["z"] == both["z_chi2"]).all()
    assert (both["count"] == both["count_chi2"]).all()
    assert set(listed.dropna(subset=["term"]).term) <= set(scores.term)


def test_a_group_against_that_is_not_one_is_an_error_not_an_empty_table():
    from analysis.errors import SettingsError
    sents, arts = corpus_of({"A": ["Drones struck the base."] * 8, "B": ["Drones struck the port."] * 8})
    with pytest.raises(SettingsError, match=r"against='b' is not a group .*; valid: A, B$"):
        group_terms(sents, arts, against="b", min_count=3, z=None, top=None)
