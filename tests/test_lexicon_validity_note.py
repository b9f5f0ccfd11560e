"""The generic Policy Frames Codebook lexicon is said to be exploratory on a corpus until a validity record of it
beats its trivial baseline (issue 19); the note is generated from the records, never typed."""
import json
from pathlib import Path

from analysis import open_study
from analysis.compare.agreement import Agreement
from analysis.reporting import gate
from analysis.reporting.gate import unvalidated_note

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def record(part="held-out", accuracy=0.9, baseline=0.8):
    return Agreement(measure="frames/policy/economic", method="dictionary", part=part, n=200, alpha=0.7,
                     accuracy=accuracy, baseline=baseline, baseline_class="absent", source="a sheet",
                     unit="sentences")


def test_a_lexicon_without_a_figure_is_exploratory():
    note = unvalidated_note("the “policy” frame lexicon", [])
    assert note.startswith("**Exploratory**") and "not validated on this corpus" in note


def test_only_a_counted_figure_that_beats_its_baseline_takes_the_note_away():
    assert unvalidated_note("x", [record()]) == ""
    assert "no better than always answering" in unvalidated_note("x", [record(accuracy=0.8, baseline=0.8)])
    assert "not validated" in unvalidated_note("x", [record(part="in-sample")])      # in-sample never counts


def test_the_study_says_it_for_the_policy_lexicon_until_a_record_exists(own_study, tmp_path, monkeypatch):
    text = own_study.read_text(encoding="utf-8").replace('frames = ["transit_frames.toml"]',
                                                         'frames = ["transit_frames.toml", "policy"]')
    both = own_study.with_name("transit_policy.toml")
    both.write_text(text, encoding="utf-8")
    study = open_study(both, cache_dir=tmp_path)
    assert "policy" in [x.name for x in study.frame_lexicons]
    note = study.lexicon_note("policy")
    assert "**Exploratory**" in note and "policy" in note
    shipped = {"records": [record().as_dict()]}
    monkeypatch.setattr(gate, "_defaults", lambda: shipped)
    assert study.lexicon_note("policy") == ""


def test_report_04_shows_the_note_in_its_policy_section():
    nb = json.loads((NOTEBOOKS / "04-framing.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"]]
    at = next(i for i, c in enumerate(cells) if c.startswith("## Generic frames"))
    assert 'study.lexicon_note("policy")' in cells[at + 1]
