"""A frames file that cannot be read is one error naming it, not first a warning that the axis is dropped."""
import logging

import pytest

from analysis.errors import AnalysisError
from analysis.settings import load_settings


def test_a_missing_frames_file_is_one_error_without_an_axis_warning(tmp_path, caplog):
    missing = tmp_path / "frame.toml"
    with caplog.at_level(logging.WARNING), pytest.raises(AnalysisError) as caught:
        settings = load_settings(None, {"frames": str(missing)})
        settings.resources()
    assert "frame.toml" in str(caught.value)
    assert not [r for r in caplog.records if "axis is dropped" in r.getMessage()]


def test_a_readable_lexicon_without_the_axis_frames_still_says_the_axis_is_dropped(tmp_path, caplog):
    other = tmp_path / "other.toml"
    other.write_text('[frame.cost]\nlabel = "Cost"\nterms = ["fare", "fares"]\n'
                     '[frame.safety]\nlabel = "Safety"\nterms = ["crash"]\n', encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        settings = load_settings(None, {"frames": str(other)})
    assert settings.axis_dropped
    assert [r for r in caplog.records if "axis is dropped" in r.getMessage()]
