"""Generated prose follows the numbers, names a difference only where intervals separate, and escapes names."""
import numpy as np
import pandas as pd

from analysis.reporting import findings


def table(rows):
    return pd.DataFrame(rows, columns=["source_label", "mean", "ci_low", "ci_high", "flag"])


def test_axis_names_only_differences_the_intervals_support():
    t = table([("A", 0.5, 0.3, 0.7, ""), ("B", -0.4, -0.6, -0.2, ""), ("C", 0.1, -0.1, 0.35, "")])
    text = findings.axis(t, "sovereignty", "influence")
    assert "**A** is further towards *sovereignty* than **B**" in text
    assert "**C** is further towards *sovereignty* than **B**" in text
    assert "**A** is further towards *sovereignty* than **C**" not in text      # 0.3 < 0.35: overlap


def test_overlapping_intervals_claim_no_difference():
    t = table([("A", 0.2, -0.1, 0.5, "too few"), ("B", 0.1, -0.2, 0.4, "")])
    text = findings.axis(t, "s", "i")
    assert "do not show that any outlet differs" in text and "too few" in text
    assert "further towards" not in text


def test_missing_interval_is_never_a_difference():
    t = table([("A", 1.0, np.nan, np.nan, "too few pole sentences"), ("B", -1.0, -1.0, -0.6, "")])
    assert "further towards" not in findings.axis(t, "s", "i")


def test_axis_without_scores():
    assert "No outlet" in findings.axis(table([("A", np.nan, np.nan, np.nan, "no data")]), "s", "i")


def test_names_are_neutralised_for_markdown_and_html():
    t = table([("<img src=x onerror=alert(1)>", 0.5, 0.3, 0.7, ""), ("[x](javascript:alert(1))", 0.1, 0, 0.2, "")])
    text = findings.axis(t, "s", "i")
    assert "<img" not in text and "&lt;img" in text
    assert "](javascript" not in text and "\\[x\\]\\(javascript\\:alert\\(1\\)\\)" in text


def test_coverage_counts_and_unknown_publishers():
    arts = pd.DataFrame({"outlet": ["A", "A", "unknown"], "is_primary": [True, False, True],
                         "source_label": ["A", "A", "unknown outlet, file 3"]})
    text = findings.coverage(arts, arts[arts.is_primary])
    assert text.startswith("3 articles from 2 outlets; 1 of them is a copy of another article")
    assert "none is pooled" in text


def test_single_article_caveat():
    counted = pd.DataFrame({"source_label": ["A", "B", "C"]})
    assert "differences between 3 single articles" in findings.single_articles(counted)
    assert findings.single_articles(pd.DataFrame({"source_label": ["A"] * 6 + ["B"] * 5})) == ""


def test_top_frame_resting_on_few_sentences_is_marked():
    top = pd.DataFrame([{"source_label": "A", "frame": "f", "mean": 0.1, "ci_low": 0.02, "ci_high": 0.3, "n": 20,
                         "evidence_sentences": 2, "runner_up": "g", "clear_lead": False, "thin": True, "flag": ""}])
    text = findings.top_frames(top, {"f": "Frame F", "g": "Frame G"})
    assert "fewer than three" in text and "not clearly ahead of *Frame G*" in text


def test_actor_cells_need_an_interval_excluding_zero():
    t = pd.DataFrame({"source_label": ["A", "B"], "actor": ["us", "iran"], "mean": [-0.9, 0.4], "n": [5, 5],
                      "ci_low": [-1.0, -0.1], "ci_high": [-0.5, 0.8], "flag": ["", ""]})
    text = findings.actor_cells(t, {"us": "US", "iran": "Iran"})
    assert "**A** on *US* is negative" in text and "Iran" not in text


def test_topic_choice_says_when_the_choice_is_close_or_at_the_edge():
    from analysis.measures.topics import _recommend

    table = _recommend(pd.DataFrame({"k": [2, 3, 4, 5], "coherence": [0.2] * 4, "stability": [0.5, 0.7, 0.72, 0.6],
                                     "stability_se": [0.02, 0.02, 0.05, 0.02]}))
    text = findings.topic_choice(table)
    assert "k = 3 was chosen" in text and "best score was at k = 4" in text and "do not single out" in text
    clear = _recommend(pd.DataFrame({"k": [2, 3, 4], "coherence": [0.2] * 3, "stability": [0.3, 0.9, 0.4],
                                     "stability_se": [0.0] * 3}))
    text = findings.topic_choice(clear)
    assert "k = 3 was chosen." in text and "single out" not in text and "largest" not in text
    edge = _recommend(pd.DataFrame({"k": [2, 3], "coherence": [0.2] * 2, "stability": [0.3, 0.9],
                                    "stability_se": [0.0] * 2}))
    assert "largest number tried" in findings.topic_choice(edge)
    assert "set by the study" in findings.topic_choice(pd.DataFrame())
