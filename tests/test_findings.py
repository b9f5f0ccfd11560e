"""Generated prose follows the numbers (and escapes names)."""
import numpy as np
import pandas as pd

from analysis import findings


def axis_table(rows):
    return pd.DataFrame(rows, columns=["outlet", "mean", "ci_low", "ci_high", "flag"])


def test_axis_names_highest_and_lowest_and_warns_on_overlap():
    t = axis_table([("A", 0.5, 0.3, 0.7, ""), ("B", -0.4, -0.6, -0.2, ""), ("C", 0.1, -0.1, 0.3, "")])
    text = findings.axis(t, "sovereignty", "influence")
    assert "**A** has the highest score (+0.50)" in text and "**B** the lowest (-0.40)" in text
    assert "noise" not in text
    t2 = axis_table([("A", 0.2, -0.1, 0.5, "too few"), ("B", 0.1, -0.2, 0.4, "")])
    assert "may be noise" in findings.axis(t2, "s", "i") and "too few" in findings.axis(t2, "s", "i")


def test_axis_without_scores():
    assert "No outlet" in findings.axis(axis_table([("A", np.nan, np.nan, np.nan, "no data")]), "s", "i")


def test_names_are_escaped():
    t = axis_table([("<img src=x onerror=alert(1)>", 0.5, 0.3, 0.7, "")])
    text = findings.axis(t, "s", "i")
    assert "<img" not in text and "&lt;img" in text


def test_coverage_counts():
    arts = pd.DataFrame({"outlet": ["A", "A", "unknown"], "is_primary": [True, False, True]})
    assert findings.coverage(arts) == ('3 articles from 2 outlets; 1 of them is a copy of another article '
                                       '(syndicated or republished) and counts once; for 1 the text names no outlet '
                                       '(labelled "unknown").')


def test_strongest_actor_cell_needs_enough_mentions():
    t = pd.DataFrame({"outlet": ["A", "B"], "actor": ["us", "iran"], "mean": [-0.9, 0.4], "n": [2, 5], "flag": ["", ""]})
    text = findings.strongest_actor_cell(t, {"iran": "Iran"})
    assert "most positive is **B** on *Iran*" in text and "**A**" not in text
