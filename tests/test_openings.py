"""Reports 01–05 open with what they found: a "What this report found" block right under the header, each line
written from the report's own numbers and through the validity gate the report applies further down."""
import json
import re

import pandas as pd
import pytest

from analysis.compare.agreement import Agreement
from analysis.paths import ROOT
from analysis.reporting import findings, opening
from analysis.reporting.gate import Gate


def gate(alpha, part="held-out"):
    return Gate("the measure", (Agreement("m", "method", part, 80, alpha, 0.9, 0.6, "neutral",
                                          "sheet.csv (test part)", "mentions"),), 0.667)


PASS, FAIL = gate(0.8), gate(0.4)


def table(rows):
    return pd.DataFrame(rows, columns=["source_label", "mean", "ci_low", "ci_high", "flag"])


SEPARATED = table([("A", 0.5, 0.3, 0.7, ""), ("B", -0.4, -0.6, -0.2, ""), ("C", 0.1, -0.1, 0.35, "")])


@pytest.mark.parametrize("notebook, lines", [("00-summary", "summary"), ("01-corpus", "corpus"),
                                             ("02-sentiment", "sentiment"), ("03-topics", "topics"),
                                             ("04-framing", "framing"), ("05-frame-validation", "frame_validation")])
def test_each_report_opens_with_its_findings_right_after_the_header(notebook, lines):
    cells = json.loads((ROOT / "notebooks" / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
    assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# ")   # title kept
    code = [l.strip() for c in cells if c["cell_type"] == "code" for l in "".join(c["source"]).splitlines()
            if l.strip() and not l.strip().startswith("#")]
    after = code[code.index("page.header()") + 1]
    assert re.match(rf"page\.found\(opening\.{lines}\)", after), after
    assert callable(getattr(opening, lines))


def test_a_difference_is_named_in_the_opening_only_through_the_gate():
    text = findings.difference_line(SEPARATED, what="the score", more="higher", gate=PASS)
    assert "**A** is higher than **B**" in text and "**C** is higher than **B**" in text
    assert "**A** is higher than **C**" not in text                           # their intervals overlap
    assert text.endswith(PASS.line())
    below = findings.difference_line(SEPARATED, what="the score", more="higher", gate=FAIL)
    assert "higher than" not in below and "no difference between outlets is stated" in below
    assert "**Exploratory**" in below and "<details>" not in below           # the gate's line, not its fold


def test_the_opening_names_a_few_differences_and_counts_the_rest():
    many = table([(f"G{i}", float(i), i - 0.1, i + 0.1, "") for i in range(5)])
    text = findings.difference_line(many, what="the score", more="higher", gate=PASS)
    assert text.count(" is higher than ") == findings.OPENING_PAIRS and "7 more differences" in text
    overlap = table([("A", 0.2, -0.1, 0.5, ""), ("B", 0.1, -0.2, 0.4, "")])
    assert "do not show that any outlet differs" in findings.difference_line(overlap, what="x", more="m", gate=PASS)


def test_gate_line_is_the_first_line_of_its_note():
    for g in (PASS, FAIL, gate(0.9, part="in-sample"), Gate("the measure", missing="no sheet")):
        assert g.note().startswith(g.line()) or g.line() in g.note()
        assert "<details>" not in g.line()


def test_stance_line_calls_no_actor_score_below_the_gate():
    cells = pd.DataFrame({"n": [5, 5, 2], "mean": [-0.5, 0.4, -0.9], "ci_low": [-0.7, 0.1, -1], "ci_high": [-0.2, 0.6, -0.8]})
    assert "1 is clearly negative and 1 clearly positive" in findings.stance_line(cells, gate=PASS)
    below = findings.stance_line(cells, gate=FAIL)
    assert "no outlet–actor score is called negative or positive" in below and "**Exploratory**" in below


def test_date_span_says_the_dates_or_that_there_are_none():
    arts = pd.DataFrame({"published": ["2024-01-07", None, "2024-01-03T10:00:00Z"]})
    assert findings.date_span(arts) == "Published from 3 January 2024 to 7 January 2024 (2 of 3 articles dated)."
    assert findings.date_span(arts.iloc[:1]) == "Published on 7 January 2024."
    assert findings.date_span(pd.DataFrame({"published": [None]})) == "No article carries a publication date."


def test_largest_topics_by_share_of_weight_with_labels_escaped():
    weights = pd.DataFrame({"unit_id": [1, 1, 2, 2], "topic": [0, 1, 0, 1], "weight": [0.1, 0.5, 0.1, 0.3]})
    text = findings.largest_topics(weights, {0: "oil", 1: "troops <b>"}, n=2)
    assert text.startswith("The largest 2 topics are *troops &lt;b&gt;* (80%), *oil* (20%)")


def test_leading_frames_count_groups_and_mark_frames_below_their_gate():
    top = pd.DataFrame({"source_label": ["A", "B", "C", "C"], "frame": ["s", "s", "t", "s"]})
    text = findings.leading_frames(top, {"s": "Sovereignty", "t": "Threat"}, gates={"s": PASS, "t": FAIL})
    assert text.startswith("The frame matched most often in each outlet: *Sovereignty* in 3 of 3; "
                           "*Threat* (exploratory) in 1 of 3.")
    assert findings.leading_frames(top, {}, gates={"s": PASS, "t": PASS}).startswith("The most salient frame")


def test_leading_frames_say_when_a_lead_is_not_clear():
    top = pd.DataFrame({"source_label": ["A", "B", "C", "C"], "frame": ["s", "s", "t", "s"],
                        "clear_lead": [True, False, True, True], "ci_low": 0.1, "ci_high": 0.3})
    text = findings.leading_frames(top, {}, gates={"s": PASS, "t": PASS})
    assert text.endswith("In 2 of 3 the lead is not clear: a tie, or an interval that overlaps the next frame's "
                         "(below).")                                   # B overlaps, C ties
    assert "not clear" not in findings.leading_frames(top.iloc[:1], {}, gates={"s": PASS})


def test_the_summary_opens_with_coverage_frames_axis_and_sentiment_as_the_detailed_reports_say_them(own_study):
    from analysis.reporting.study import open_study

    study = open_study(own_study)
    lines = opening.summary(study)
    assert lines[0] == opening.corpus(study)[0] and lines[1:3] == opening.framing(study)[1:]
    assert lines[-1] == opening.sentiment(study)[0] and len(lines) == 4
