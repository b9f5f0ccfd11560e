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
                            ngram_range=(1, 1), min_count=1, top=None)
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
    out = distinctive_terms(texts, pd.Series(["A", "B"]), min_count=2, top=None)
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
    terms = group_terms(sents, counted, min_count=1, top=None, ngram_range=(1, 1))
    assert set(terms.term) == {"war", "peace"}                 # no headline, no copy
    assert "copy" in set(group_terms(sents, arts, min_count=1, top=None).term)
