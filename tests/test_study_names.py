"""The study object checks every frame, actor, lexicon and column name a caller gives, once, with the package's
errors and the close names (errors.with_choices): a typo is never an empty table or a bare KeyError.  So is
every other name a comparison chooses among (a measure, method, part of the sheets, period, group, article)."""
from pathlib import Path

import pytest

from analysis import open_study
from analysis.errors import SettingsError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "transit" / "study.toml"


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    return open_study(EXAMPLE, cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize("call, names", [
    (lambda s: s.evidence(frame="safty"), ["frame='safty'", "did you mean 'safety'?"]),
    (lambda s: s.evidence(frame="safety", where={"leanin": "left"}), ["'leanin'", "did you mean 'leaning'?"]),
    (lambda s: s.evidence(lexicon="polcy"), ["lexicon='polcy'", "did you mean 'policy'?"]),
    (lambda s: s.salience(lexicon="polcy"), ["lexicon='polcy'", "did you mean 'policy'?"]),
    (lambda s: s.gate("frame", "safty"), ["frame='safty'", "did you mean 'safety'?"]),
    (lambda s: s.actor_evidence({"source_label": "x"}, "counci"), ["actor='counci'", "did you mean 'council'?"]),
    (lambda s: s.actor_evidence({"leanin": "left"}, "council"), ["'leanin'", "did you mean 'leaning'?"]),
    (lambda s: s.within_event("salince"), ["measure='salince' is not a measure compared within events",
                                           "did you mean 'salience'?); valid: salience, sentiment"]),
    (lambda s: s.gate("stanse"), ["measure='stanse' is not a measure with a validity gate",
                                  "did you mean 'stance'?); valid: stance, frame, axis, sentiment"]),
    (lambda s: s.frame_matches("dictinary"), ["method='dictinary' is not a frames method",
                                              "valid: dictionary, classifier"]),
    (lambda s: s.frame_validity("classifier", part="tests"), ["part='tests' is not a part of the coded sheets",
                                                              "valid: development, test"]),
    (lambda s: s.coded_stance("dev"), ["part='dev' is not a part of the coded sheets", "valid: development, test"]),
    (lambda s: s.timeline("Q"), ["freq='Q' is not a period", "valid: D, W, M"]),
    (lambda s: s.sentiment(positions=("body", "lede")), ["positions='lede' is not a sentence position",
                                                         "valid: headline, subtitle, heading, lead, body"]),
    (lambda s: s.measure("sentimnt"), ["name='sentimnt' is not a measure table", "did you mean 'sentiment'?"]),
    (lambda s: s.evidence(article_id="nope"), ["article_id='nope' is not an article of the corpus"]),
    (lambda s: s.terms(against="Alpha Tims"), ["against='Alpha Tims' is not a group of these articles",
                                               "did you mean 'Alpha Times'?"]),
])
def test_a_misspelt_name_is_a_settings_error_with_the_close_name(study, call, names):
    with pytest.raises(SettingsError) as exc:
        call(study)
    for name in names:
        assert name in str(exc.value)
    assert "valid: " in str(exc.value)


def test_right_names_still_work(study):
    assert len(study.evidence(frame="safety")) > 0
    assert study.gate("frame", "safety")


def test_the_compare_functions_check_their_own_choices(study):
    import pandas as pd

    from analysis.compare import within_event
    from analysis.compare.validity import frame_validity
    values = pd.DataFrame({"article_id": study.counted["article_id"], "share": 0.5})
    with pytest.raises(SettingsError, match=r"value='shares' is not a column of the values \(did you mean 'share'\?\); valid: "):
        within_event(values, study.counted, value="shares", event="event")
    coded = pd.DataFrame({"part": ["test"], "unit_id": ["u"]})
    with pytest.raises(SettingsError, match="method='dict' is not a frames method.*; valid: dictionary, classifier"):
        frame_validity(coded, pd.DataFrame(), study.sentences, ["safety"], method="dict")
