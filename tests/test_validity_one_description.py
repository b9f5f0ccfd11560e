"""One description of each measure's validity, read by reports 00, 04 and 05 (issue 19: one report named coder17's
sheet, another coder4's, and 05 described the study's classifier as one trained and cross-validated on the five
articles while the study uses the bundled model)."""
import json
from pathlib import Path

import pytest

from analysis import open_study
from analysis.compare.agreement import Agreement
from analysis.reporting.gate import describe, heldout_phrase

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def rec(frame, source, n, part="held-out", alpha=0.8, accuracy=0.9, baseline=0.85):
    return Agreement(measure=f"frames/x/{frame}", method="classifier", part=part, n=n, alpha=alpha,
                     accuracy=accuracy, baseline=baseline, baseline_class="absent", source=source, unit="sentences")


def test_describe_gives_one_line_per_sheet_with_its_part_size_figure_and_baseline():
    records = [rec("a", "s/in.csv (test part)", 61, part="in-sample"), rec("a", "s/big.csv", 240, alpha=0.9),
               rec("b", "s/big.csv", 240, alpha=0.7), rec("a", "s/small.csv", 200, accuracy=0.8),
               rec("b", "s/small.csv", 200)]
    lines = describe(records)
    assert len(lines) == 3
    assert lines[0].startswith("**Held-out**") and "big" in lines[0] and "240 sentences" in lines[0]
    assert "mean alpha 0.80 over 2 frames (lowest 0.70)" in lines[0] and "beats it for every frame" in lines[0]
    assert "small" in lines[1] and "beats it for 1 of 2 frames" in lines[1]
    assert lines[2].startswith("**In-sample** (never counts)") and "61 sentences" in lines[2]
    assert describe(records + records) == lines                       # a record met through two gates counts once
    phrase = heldout_phrase(records)
    assert phrase.startswith("mean alpha 0.80 on 240 held-out sentences of big\\.csv") and "small" in phrase
    assert "in\\.csv" not in phrase                                      # in-sample never in the verdict's line


@pytest.fixture(scope="module")
def bundled():
    return open_study()


def test_reports_00_04_and_05_show_the_same_figures_the_gate_decides_with(bundled):
    from analysis.reporting.notebook import frame_agreement_note, frame_method_note, frame_validity_items

    method = bundled.frames_method
    items = frame_validity_items(bundled, method)
    note = frame_method_note(bundled)                                  # reports 00 and 04
    details = frame_agreement_note(bundled, bundled.frame_validity(method), method)   # report 05
    assert items and all(line in note and line in details for line in items)
    counted = {r.source for g in bundled.frame_gates(method).values() for r in g.counted}
    headline = note.split("<details>", 1)[0]
    for source in counted:                                              # every sheet the gate counts, in both
        sheet = source.split(" (", 1)[0].rsplit("/", 1)[-1].replace("_", "\\_").replace(".", "\\.")
        assert sheet in headline and any(sheet in line for line in items)
    deciding = bundled.gate("axis").deciding
    assert deciding.source.split(" (", 1)[0].rsplit("/", 1)[-1].replace("_", "\\_").replace(".", "\\.") in note
    assert "Method**: the bundled frame classifier" in details          # 05 says which classifier it scores


def cells(name):
    nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"])


def test_the_three_reports_read_the_one_description():
    assert "frame_method_note(study)" in cells("00-summary.ipynb")
    assert "frame_method_note(study)" in cells("04-framing.ipynb")
    five = cells("05-frame-validation.ipynb")
    assert "frame_agreement_note(study, table, method)" in five
    assert "cross-validated by article" not in five                      # no typed description of the classifier
