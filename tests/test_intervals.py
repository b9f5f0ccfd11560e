"""The one house form of an estimate with its 95% interval (analysis.reporting.intervals), and its users."""
import numpy as np
import pandas as pd

from analysis.reporting import findings, gate, intervals
from analysis.reporting.intervals import ALL_ALIKE, MINUS, estimate, number
from analysis.reporting.notebook import with_intervals


def test_the_house_form_of_a_score_and_a_share():
    assert estimate(0.714, 0.6, 0.803) == "0.71 (0.60–0.80)"
    assert estimate(0.29, 0.16, 0.45, percent=True) == "29% (16–45%)"


def test_a_negative_bound_takes_a_real_minus_and_to():
    assert estimate(-0.35, -0.59, -0.09) == f"{MINUS}0.35 ({MINUS}0.59 to {MINUS}0.09)"
    assert estimate(0.1, -0.2, 0.4) == f"0.10 ({MINUS}0.20 to 0.40)"
    assert estimate(-0.05, -0.09, -0.01, percent=True) == f"{MINUS}5% ({MINUS}9 to {MINUS}1%)"
    assert "-" not in estimate(-0.35, -0.59, -0.09)


def test_a_signed_format_uses_to_between_signed_bounds():
    assert estimate(0.5, 0.3, 0.7, "{:+.2f}") == "+0.50 (+0.30 to +0.70)"


def test_zero_is_never_signed():
    assert number(-0.001) == "0.00" and number(-0.0) == "0.00" and number(0.0001, "{:+.2f}") == "0.00"
    assert estimate(-0.001, -0.2, 0.004) == f"0.00 ({MINUS}0.20 to 0.00)"
    assert estimate(-0.001, -0.004, 0.2, percent=True) == "0% (0–20%)"
    assert estimate(0.5, 6.94e-18, 0.9) == "0.50 (0.00–0.90)"


def test_a_zero_width_interval_is_said_in_words():
    assert estimate(1.0, 1.0, 1.0) == f"1.00 ({ALL_ALIKE})"
    assert estimate(0.25, 0.25, 0.25, percent=True) == f"25% ({ALL_ALIKE})"


def test_a_missing_interval_shows_the_estimate_alone():
    assert estimate(0.71, np.nan, np.nan) == "0.71"
    assert estimate(0.71, None, 0.8) == "0.71"
    assert estimate(0.71, float("-inf"), float("inf")) == "0.71"
    assert estimate(np.nan) == "undefined"


def test_prose_tables_and_gates_write_the_same_form():
    row = pd.DataFrame({"source_label": ["A"], "mean": [-0.35], "ci_low": [-0.59], "ci_high": [-0.09], "n": [40],
                        "ci_unit": ["articles"]})
    text = f"{MINUS}0.35 ({MINUS}0.59 to {MINUS}0.09)"
    assert text in findings.ranking(row.assign(flag=""), what="x", more="more", gate=gate.Gate("x"))
    assert with_intervals(row)["mean (95% interval)"].iloc[0] == text
    alike = pd.DataFrame({"mean": [1.0], "ci_low": [1.0], "ci_high": [1.0], "ci_unit": ["none"]})
    assert with_intervals(alike)["mean (95% interval)"].iloc[0] == f"1.00 ({ALL_ALIKE})"
    assert "95% interval" not in findings.ranking(row.assign(flag=""), what="x", more="more", gate=gate.Gate("x"))


def test_the_words_95_percent_interval_are_explained_once():
    assert "95% interval" in intervals.EXPLAINED and ALL_ALIKE in intervals.EXPLAINED


def test_frame_salience_shares_show_as_percentages_in_tables_figures_and_report_04():
    import re

    import nbformat

    from analysis.paths import ROOT
    from analysis.reporting import plots
    from analysis.reporting.notebook import table_html

    salience = pd.DataFrame({"source_label": ["A", "B"], "frame": ["f", "f"], "mean": [0.29, 0.004],
                             "ci_low": [0.16, 0.0], "ci_high": [0.45, 0.02], "n": [38, 40]})
    html = table_html(salience, "salience", percent=True, headings={"mean": "share of sentences"})
    assert "29% (16–45%)" in html and "0% (0–2%)" in html and "share of sentences (95% interval)" in html
    fig = plots.heatmap(salience, row="frame", col="source_label", title="t", diverging=False, vlim=0.5, percent=True)
    cells = [t.get_text() for t in fig.axes[0].texts]
    assert any("29%" in c for c in cells) and not any("0.29" in c or "0.00" in c for c in cells)
    bar = fig.axes[1]
    fig.canvas.draw()
    assert all(t.get_text().endswith("%") for t in bar.get_yticklabels() if t.get_text())
    # report 04 shows every table and figure of frame shares so
    source = "\n".join(c.source for c in nbformat.read(ROOT / "notebooks" / "04-framing.ipynb", 4).cells)
    calls = re.findall(r"page\.table\((?:policy|salience|study\.table\(\"salience\w*\"\)),[^\n]*", source)
    assert calls and all("percent=True" in c for c in calls), calls
    heatmaps = re.findall(r"plots\.heatmap\([\s\S]*?page\.figure", source)
    assert heatmaps and all("percent=True" in h for h in heatmaps if "share of sentences" in h)
    assert "estimate(v, percent=True)" in source                 # the leading frames' printout too
