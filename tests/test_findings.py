"""Generated prose follows the numbers, names a difference only where intervals separate, and escapes names."""
import numpy as np
import pandas as pd

from analysis.compare.agreement import Agreement
from analysis.reporting import findings
from analysis.reporting.gate import Gate


def gate(alpha, accuracy=0.9, baseline=0.6, part="held-out"):
    return Gate("the measure", (Agreement("m", "method", part, 80, alpha, accuracy, baseline, "neutral",
                                          "sheet.csv (test part)", "mentions"),), 0.667)


PASS = gate(0.8)


def table(rows):
    return pd.DataFrame(rows, columns=["source_label", "mean", "ci_low", "ci_high", "flag"])


def test_axis_names_only_differences_the_intervals_support():
    t = table([("A", 0.5, 0.3, 0.7, ""), ("B", -0.4, -0.6, -0.2, ""), ("C", 0.1, -0.1, 0.35, "")])
    text = findings.axis(t, "sovereignty", "influence", gate=PASS)
    assert "**A** is further towards *sovereignty* than **B**" in text
    assert "**C** is further towards *sovereignty* than **B**" in text
    assert "**A** is further towards *sovereignty* than **C**" not in text      # 0.3 < 0.35: overlap


def test_overlapping_intervals_claim_no_difference():
    t = table([("A", 0.2, -0.1, 0.5, "too few"), ("B", 0.1, -0.2, 0.4, "")])
    text = findings.axis(t, "s", "i", gate=PASS)
    assert "do not show that any outlet differs" in text and "too few" in text
    assert "further towards" not in text


def test_missing_interval_is_never_a_difference():
    t = table([("A", 1.0, np.nan, np.nan, "too few pole sentences"), ("B", -1.0, -1.0, -0.6, "")])
    assert "further towards" not in findings.axis(t, "s", "i", gate=PASS)


def test_axis_without_scores():
    assert "No outlet" in findings.axis(table([("A", np.nan, np.nan, np.nan, "no data")]), "s", "i", gate=PASS)


def test_names_are_neutralised_for_markdown_and_html():
    t = table([("<img src=x onerror=alert(1)>", 0.5, 0.3, 0.7, ""), ("[x](javascript:alert(1))", 0.1, 0, 0.2, "")])
    text = findings.axis(t, "s", "i", gate=PASS)
    assert "<img" not in text and "&lt;img" in text
    assert "](javascript" not in text and "\\[x\\]\\(javascript\\:alert\\(1\\)\\)" in text


def test_coverage_counts_and_unknown_publishers():
    arts = pd.DataFrame({"outlet": ["A", "A", "unknown"], "is_primary": [True, False, True],
                         "source_label": ["A", "A", "unknown outlet, file 3"]})
    text = findings.coverage(arts, arts[arts.is_primary])
    assert text.startswith("3 articles from 2 outlets. 1 of them is a copy of another article")
    assert "none is pooled" in text


def test_single_article_caveat():
    counted = pd.DataFrame({"source_label": ["A", "B", "C"]})
    assert "differences between 3 single articles" in findings.single_articles(counted)
    assert findings.single_articles(pd.DataFrame({"source_label": ["A"] * 6 + ["B"] * 5})) == ""


def test_top_frame_resting_on_few_sentences_is_marked():
    top = pd.DataFrame([{"source_label": "A", "frame": "f", "mean": 0.1, "ci_low": 0.02, "ci_high": 0.3, "n": 20,
                         "evidence_sentences": 2, "runner_up": "g", "clear_lead": False, "thin": True, "flag": ""}])
    text = findings.top_frames(top, {"f": "Frame F", "g": "Frame G"}, gates={"f": PASS})
    assert "fewer than three" in text and "not clearly ahead of *Frame G*" in text
    assert "evoked in 10% (2–30%) of its 20 lead and body sentences" in text     # the house form of an interval


def test_actor_cells_need_an_interval_excluding_zero():
    t = pd.DataFrame({"source_label": ["A", "B"], "actor": ["us", "iran"], "mean": [-0.9, 0.4], "n": [5, 5],
                      "ci_low": [-1.0, -0.1], "ci_high": [-0.5, 0.8], "flag": ["", ""]})
    text = findings.actor_cells(t, {"us": "US", "iran": "Iran"}, gate=PASS)
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


ACTORS = pd.DataFrame({"source_label": ["Conservative News Daily", "B"], "actor": ["militias", "us"],
                       "mean": [-0.35, 0.1], "n": [11, 6], "ci_low": [-0.59, -0.2], "ci_high": [-0.09, 0.4],
                       "flag": ["", ""]})


def test_stance_below_the_gate_states_no_finding_but_shows_figure_and_reason():
    text = findings.actor_cells(ACTORS, {"militias": "Iran-aligned armed groups"}, gate=gate(0.24))
    assert "is negative" not in text and "is positive" not in text
    assert "**Exploratory**" in text and "only at alpha 0.24 on held-out text" in text
    assert "0.667 needed" in text and "differences are not stated" in text
    assert "−0.35 (−0.59 to −0.09)" in text                                   # the figure is still shown


def test_gate_needs_more_than_the_majority_baseline_and_a_held_out_part():
    assert not gate(0.7, accuracy=0.5, baseline=0.65).clears
    assert "no better than always answering" in gate(0.7, 0.5, 0.65).note()
    assert not gate(0.95, part="in-sample").clears               # in-sample figures never open the gate
    assert gate(0.7).clears and gate(0.667).clears and not gate(0.66).clears
    assert "has not been measured" in Gate("the measure", (), 0.667, missing="no sheet").note()


def test_ranking_below_the_gate_names_no_pair():
    t = table([("A", 0.5, 0.3, 0.7, ""), ("B", -0.4, -0.6, -0.2, "")])
    assert "further towards" in findings.axis(t, "s", "i", gate=PASS)
    text = findings.axis(t, "s", "i", gate=gate(0.3))
    assert "further towards" not in text and "**Exploratory**" in text and "+0.50" in text
    unmeasured = findings.sentiment(t, gate=Gate("sentence sentiment", (), 0.667, missing="no coded sentence"))
    assert "more positive" not in unmeasured and "no coded sentence" in unmeasured


def test_top_frame_below_the_gate_is_exploratory():
    top = pd.DataFrame([{"source_label": "A", "frame": "f", "mean": 0.4, "ci_low": 0.3, "ci_high": 0.5, "n": 40,
                         "evidence_sentences": 16, "runner_up": "g", "clear_lead": True, "thin": False, "flag": ""}])
    text = findings.top_frames(top, {"f": "Frame F"}, gates={"f": gate(0.4)})
    assert "most salient" not in text and "matches most often (exploratory)" in text and "alpha 0.40" in text
    assert "is its most salient frame" in findings.top_frames(top, {"f": "Frame F"}, gates={"f": PASS})
    quiet = findings.top_frames(top, {"f": "Frame F"}, gates={"f": gate(0.4)}, gate_notes=False)
    assert "(exploratory)" in quiet and "alpha 0.40" not in quiet     # the method note below says why, once


def test_tables_read_as_a_reader_reads_them():
    from analysis.reporting import safe

    frame = pd.DataFrame({"source_label": ["A"], "ci_low": [6.9e-18], "ci_high": [0.25], "terms": [["x", "<y>"]],
                          "n_articles": [3], "odd_name": [float("nan")]})
    html = safe.table(frame)
    assert "<th>outlet</th>" in html and "<th>95% interval, low</th>" in html and "<th>odd name</th>" in html
    # a rounding error is not a number to read: zero, at the precision of its column of fractions
    assert "<td class=\"num\">0.00</td>" in html and "e-18" not in html
    assert "x; &lt;y&gt;" in html and "[" not in html                 # no Python list repr, still escaped
    assert safe.table(frame.iloc[0:0]) == "<p><em>No rows.</em></p>"   # no empty grid


def test_findings_are_cut_for_scanning_one_bullet_per_group_and_pair():
    t = table([("A", 0.5, 0.3, 0.7, ""), ("B", -0.4, -0.6, -0.2, ""), ("C", 0.1, -0.1, 0.35, "")])
    lines = findings.axis(t, "s", "i", gate=PASS).splitlines()
    groups = [line for line in lines if line.startswith("- **") and "further" not in line]
    assert [line.split("**")[1] for line in groups] == ["A", "C", "B"]          # one bullet per group, by value
    assert "- **A**: +0.50 (+0.30 to +0.70)" in lines
    pairs = [line for line in lines if line.startswith("- ") and "further towards" in line]
    assert len(pairs) == 2                                                     # one bullet per separated pair
    note = next(i for i, line in enumerate(lines) if line.startswith("*Validity*"))   # the gate's note, on its own
    assert lines[note - 1] == "" and note > lines.index(pairs[-1]) and lines[-1] == "</details>"
    assert lines[0].startswith("The axis counts only the sentences evoking *s* or *i* (the *pole sentences*)")
    below = findings.axis(t, "s", "i", gate=gate(0.3)).splitlines()
    assert sum(line.startswith("- **") for line in below) == 3 and any(x.startswith("**Exploratory**") for x in below)


def test_a_validity_note_is_one_sentence_with_its_figures_folded_under_it():
    note = gate(0.3).note()
    short, details = note.split("<details>")
    assert short.count(". ") == 0 and "alpha 0.30" in short and "0.667" in short       # one sentence: the verdict
    assert "<summary>How this was measured</summary>" in details and "Krippendorff's alpha is agreement" in details


def test_actor_findings_list_one_pair_a_line():
    t = pd.DataFrame({"source_label": ["A", "B"], "actor": ["us", "iran"], "mean": [-0.9, 0.6], "n": [5, 7],
                      "ci_low": [-1.0, 0.2], "ci_high": [-0.5, 0.8], "flag": ["", ""]})
    lines = findings.actor_cells(t, {"us": "US", "iran": "Iran"}, gate=PASS).splitlines()
    assert [line for line in lines if line.startswith("- **")] == [
        "- **A** on *US* is negative: −0.90 (−1.00 to −0.50), 5 mentions",
        "- **B** on *Iran* is positive: +0.60 (+0.20 to +0.80), 7 mentions"]
    explored = findings.actor_cells(t, {"us": "US", "iran": "Iran"}, gate=gate(0.3)).splitlines()
    assert explored[0].startswith("**Exploratory**")
    assert "- **A** on *US*: −0.90 (−1.00 to −0.50), 5 mentions" in explored


def test_coverage_is_short_sentences():
    arts = pd.DataFrame({"outlet": ["A", "A", "unknown"], "is_primary": [True, False, True],
                         "source_label": ["A", "A", "unknown outlet, file 3"]})
    text = findings.coverage(arts, arts[arts.is_primary])
    assert ";" not in text and text.count(". ") >= 3


def test_facts_method_is_a_list():
    text = findings.facts_method(0.42, "Measured elsewhere.")
    assert text.count("\n- ") == 2 and text.startswith("- A *fact*") and "0.42" in text
    assert text.endswith("only counted.\n\nMeasured elsewhere.")     # the validity note: a paragraph of its own


def test_a_caveat_on_every_group_is_said_once_after_the_list():
    from analysis.compare.stats import few_articles, too_few

    few = few_articles()
    t = table([("A", 0.5, 0.3, 0.7, few), ("B", -0.4, -0.6, -0.2, few), ("C", 0.1, 0.0, 0.2, few)])
    text = findings.sentiment(t, gate=gate(0.3))
    md = findings.md                                                      # shown escaped for Markdown
    assert text.count(few) == 1 and f"- For every outlet: {md('fewer than 5 articles: the 95% interval only')}" in text
    assert text.index("- **C**") < text.index("Caveats:")                 # under the list, not on each bullet
    mixed = findings.sentiment(table([("A", 0.5, np.nan, np.nan, f"{too_few()}; {few}"),
                                      ("B", -0.4, -0.6, -0.2, few), ("C", 0.1, 0.0, 0.2, "")]), gate=gate(0.3))
    assert "- **A**: +0.50\n" in mixed
    assert f"- For **A**: {md('fewer than 10 sentences: too few for an interval, so none is given')}." in mixed
    assert f"- For **A**, **B**: {md('fewer than 5 articles')}" in mixed and "every outlet" not in mixed


def frame_table(part="held-out", classes=("absent", "absent", "absent")):
    return pd.DataFrame({"frame": ["cost", "safety", "jobs"], "label": ["Cost", "Safety", "Jobs"],
                         "method": "dictionary", "part": part, "units": 120,
                         "f1": [0.6, 0.9, np.nan], "f1_low": [0.45, 0.8, np.nan], "f1_high": [0.74, 0.97, np.nan],
                         "alpha_method": [0.5, 0.8, 0.0], "accuracy": [0.85, 0.95, 0.99],
                         "baseline": [0.8, 0.7, 0.99], "baseline_class": list(classes)})


def test_the_agreement_line_of_a_frame_method_is_written_from_its_table_with_intervals_and_part():
    text = findings.frame_agreement(frame_table(), "dictionary", {"cost": gate(0.5), "safety": PASS})
    text = text.replace("\\", "")          # Markdown escapes, as a reader does not see them
    assert text.startswith("**Exploratory**: the **dictionary** on 120 coded sentences, held-out: macro-F1 0.75")
    assert "lowest F1 0.60 (0.45–0.74) for *Cost*, highest F1 0.90 (0.80–0.97) for *Safety*" in text
    assert "Jobs" not in text.split(", so ")[0]              # a frame with no F1 is not the lowest
    assert "accuracy 93% against 83% for always answering “absent”" in text
    assert "1 of 2 frames are below their validity gate and exploratory (Cost)" in text
    assert "nan" not in text and text.count("\n") == 0


def test_the_agreement_line_says_when_it_is_in_sample_and_which_code_the_baseline_answers():
    text = findings.frame_agreement(frame_table("in-sample", ("absent", "present", "absent")), "classifier",
                                    {"cost": PASS, "safety": PASS}).replace("\\", "")
    assert text.startswith("*Validity*: the **classifier** on 120 coded sentences, in-sample (the lexicon was "
                           "written with them in view, which flatters it)")
    assert "always answering the more common code of each frame" in text and "“absent”" not in text
    assert "in-sample figure never counts, the verdict rests on the frames' held-out figures" in text


def test_the_agreement_line_of_a_sheet_without_a_test_part_says_so():
    empty = frame_table().iloc[0:0]
    assert "no test part" in findings.frame_agreement(empty, "dictionary", {})


def test_an_estimate_reads_in_the_house_form():
    assert findings.estimate(0.714, 0.6, 0.803) == "0.71 (0.60–0.80)"
    assert findings.estimate(0.71, np.nan, np.nan) == "0.71"
    assert findings.estimate(np.nan) == "undefined"


def test_prose_about_groups_calls_them_by_the_studys_grouping_column_never_group():
    import re

    by = ["leaning"]
    t = pd.DataFrame({"leaning": ["left", "right"], "actor": ["us", "iran"], "mean": [-0.9, 0.4], "n": [5, 5],
                      "ci_low": [-1.0, -0.1], "ci_high": [-0.5, 0.8], "flag": ["", ""]})
    few = t.assign(n=1)
    wide = t.assign(ci_low=-1.0, ci_high=1.0)
    texts = [findings.actor_cells(x, {"us": "US"}, by, gate=g, group_label="leaning")
             for x in (t, few, wide) for g in (PASS, gate(0.2))]
    texts += [findings.stance_line(x, gate=g, group_label="leaning") for x in (t, few) for g in (PASS, gate(0.2))]
    texts += [findings.terms_method("log_odds", "leaning"),
              findings.terms_rule(3, 1.96, False, "leaning"), findings.terms_rule(3, 1.96, True, "leaning")]
    for text in texts:
        assert not re.search(r"\bgroups?\b", text), text
    assert "leaning–actor" in texts[-5] or any("leaning–actor" in x for x in texts)
    assert "No leaning has a term" in texts[-2] and "in one leaning against the other leanings" in texts[-3]
