"""Counts over the coded articles are labelled in-sample or held-out wherever a report shows them (issue 19:
report 05 said "5 of 5 articles" with no label although the five include the part the lexicon was revised with)."""
import json
from pathlib import Path

import pandas as pd

from analysis.compare.validity import parts_label
from analysis.reporting.findings import axis_sides

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_a_figure_over_both_parts_is_in_sample_and_over_an_unseen_test_part_held_out():
    assert parts_label(["development", "test"], test_part_seen=False) == "in-sample"
    assert parts_label(["test"], test_part_seen=False) == "held-out"
    assert parts_label(["test"], test_part_seen=True) == "in-sample"


def test_the_axis_sides_count_says_its_part():
    table = pd.DataFrame({"article_id": list("abcde"), "coders": [0.5, -0.2, 0.1, None, 0.3],
                          "dictionary": [0.4, -0.1, -0.3, 0.2, 0.1]})
    line = axis_sides(table, "in-sample")
    assert line.startswith("In-sample") and "4 of 5 articles" in line and "flatters" in line
    assert axis_sides(table, "held-out").startswith("Held-out: the dictionary puts 4 of 5 articles")


def source(name: str) -> str:
    nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"])


def test_report_05_labels_its_counts_over_the_coded_articles():
    text = source("05-frame-validation.ipynb")
    assert "findings.axis_sides(" in text and "study.coded_part()" in text
    assert "articles on the same side" not in text                # the count's words come from axis_sides only
    assert "**in-sample**" in text.split("## Which dictionary terms mislead", 1)[1].split("```", 1)[0][:300]
