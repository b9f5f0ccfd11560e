"""The study object checks every frame, actor, lexicon and column name a caller gives, once, with the package's
errors and the close names (errors.with_choices): a typo is never an empty table or a bare KeyError."""
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
