"""benchmarks/frames.py's held-out scoring, on a synthetic blind sheet written here (never the real one)."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import frames as bench  # noqa: E402

FRAMES = bench.FRAMES


def write_sheet(path: Path, rows: list[tuple[str, set]]) -> Path:
    """A sheet shaped like the blind coders' (id, text, one 0/1 column per frame, notes)."""
    table = pd.DataFrame([{"id": f"x{i:03d}", "text": text, **{f: int(f in codes) for f in FRAMES}, "notes": ""}
                          for i, (text, codes) in enumerate(rows)])
    table.to_csv(path, index=False)
    return path


ROWS = [("s1", {"sovereignty"}), ("s2", {"sovereignty", "economy_energy"}), ("s3", set()),
        ("s4", {"iranian_influence", "attacks_retaliation"}), ("s5", {"security_threat", "regional_escalation"}),
        ("s6", {"us_partnership"}), ("s7", {"sovereignty", "domestic_politics"}), ("s8", set())]


def test_heldout_sheet_is_scored_per_frame_with_baseline(tmp_path):
    path = write_sheet(tmp_path / "frames_written_coder4.csv", ROWS)
    # "perfect" predicts every code; "sovereign" predicts sovereignty for s1, s2 and s3 only, nothing else
    codes = dict(ROWS)

    def perfect(texts):
        return pd.DataFrame([{f: int(f in codes[t]) for f in FRAMES} for t in texts])

    def sovereign(texts):
        return pd.DataFrame([{f: int(f == "sovereignty" and t in ("s1", "s2", "s3")) for f in FRAMES} for t in texts])

    out = bench.heldout_blind(path, predictors={"perfect": perfect, "sovereign": sovereign})
    assert out["frames_heldout_status"] == "scored" and out["frames_heldout_part"] == "held-out"
    assert out["frames_heldout_n"] == 8 and out["frames_heldout_positives_sovereignty"] == 3
    assert out["frames_heldout_perfect_macro_f1"] == 1.0 and out["frames_heldout_perfect_min_f1"] == 1.0
    # sovereignty: 2 of 3 positives found, one false alarm -> precision 2/3, recall 2/3, F1 2/3
    assert out["frames_heldout_sovereign_f1_sovereignty"] == pytest.approx(0.6667, abs=1e-4)
    assert out["frames_heldout_sovereign_precision_sovereignty"] == pytest.approx(0.6667, abs=1e-4)
    assert out["frames_heldout_sovereign_f1_iranian_influence"] == 0.0
    assert out["frames_heldout_sovereign_accuracy_sovereignty"] == 0.75
    # every frame is coded somewhere: the other seven, never predicted, have F1 0
    assert out["frames_heldout_sovereign_macro_f1"] == pytest.approx(round(2 / 3 / 8, 4), abs=1e-4)
    assert out["frames_heldout_sovereign_min_f1"] == 0.0
    # the majority baseline: always "absent"; sovereignty is absent in 5 of 8 sentences
    assert out["frames_heldout_baseline_sovereignty"] == 0.625
    assert out["frames_heldout_baseline_class_sovereignty"] == "absent"
    assert out["frames_heldout_baseline_macro_f1"] == 0.0
    assert all(isinstance(v, (str, int, float)) for v in out.values())       # flat keys


def test_default_predictors_score_the_dictionary_and_the_bundled_classifier(tmp_path):
    path = write_sheet(tmp_path / "sheet.csv", [
        ("Iraq's prime minister said foreign troops on its soil violate the country's sovereignty.", {"sovereignty"}),
        ("Iran-backed militias fired rockets at a base hosting US troops.", {"iranian_influence", "attacks_retaliation"}),
        ("The football team lost its opening match in Doha.", set())])
    out = bench.heldout_blind(path)
    for method in ("dictionary", "classifier"):
        assert 0 <= out[f"frames_heldout_{method}_macro_f1"] <= 1
        assert {f"frames_heldout_{method}_f1_{f}" for f in FRAMES} <= set(out)


def test_absent_sheet_is_skipped_with_a_message(tmp_path, capsys):
    out = bench.heldout_blind(tmp_path / "frames_written_coder4.csv")
    assert out == {"frames_heldout_status": f"not scored: {tmp_path / 'frames_written_coder4.csv'} is absent"}
    assert "not found" in capsys.readouterr().err


@pytest.mark.parametrize("change, message", [
    (lambda d: d.drop(columns=["economy_energy"]), "no column for the frame.*economy_energy"),
    (lambda d: d.assign(sovereignty=["1", "2"] + ["0"] * 6), r"row 3, column 'sovereignty': '2' is not 0 or 1"),
    (lambda d: d.assign(id=["x000"] * 8), "row 3: id 'x000' is used twice"),
    (lambda d: d.assign(text=["s1", " "] + [f"t{i}" for i in range(6)]), "row 3 has an empty text"),
])
def test_bad_sheet_is_refused_naming_file_and_row(tmp_path, change, message):
    path = write_sheet(tmp_path / "frames_written_coder4.csv", ROWS)
    d = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(d).to_csv(path, index=False)
    with pytest.raises(SystemExit, match=message) as err:
        bench.heldout_blind(path, predictors={})
    assert "frames_written_coder4.csv" in str(err.value)


def test_training_data_never_holds_the_heldout_sheet():
    data = bench.training_sentences()
    assert not any("coder4" in s for s in data["source"].unique())
    assert {"data/coding/blind/frames_written_coder2.csv", "data/coding/train/frames_train_coder5.csv"} <= set(data["source"])
    assert data["source"].str.startswith("coder1:").any()
    assert set(data[FRAMES].stack().unique()) <= {0, 1}


def test_heldout_figures_reach_the_gate_and_the_listing(tmp_path, monkeypatch):
    """Once coder4's sheet is scored, its figures are the frame gate's held-out records (one per method and frame)
    and the first frame rows of README's listing."""
    import gate
    from analysis.reporting import validity

    path = write_sheet(tmp_path / "frames_written_testsheet.csv", ROWS)
    codes = dict(ROWS)

    def perfect(texts):
        return pd.DataFrame([{f: int(f in codes[t]) for f in FRAMES} for t in texts])

    def nothing(texts):
        return pd.DataFrame(0, index=range(len(texts)), columns=FRAMES)

    held = bench.heldout_blind(path, predictors={"dictionary": nothing, "classifier": perfect})
    records = gate.heldout_records(held)
    assert len(records) == 2 * len(FRAMES) and {r.part for r in records} == {"held-out"}
    sov = {r.method: r for r in records if r.measure == "frames/iraq/sovereignty"}
    assert sov["classifier"].alpha == 1.0 and sov["classifier"].n == 8 and sov["dictionary"].accuracy == 0.625
    assert sov["classifier"].clears(0.667) and not sov["dictionary"].clears(0.667)
    assert gate.heldout_records({"frames_heldout_status": "not scored"}) == []
    before = bench.heldout_blind(path, predictors={"dictionary": nothing, "classifier": perfect},
                                 prefix="frames_heldout_before")
    assert set(before) == {k.replace("frames_heldout", "frames_heldout_before", 1) for k in held}
    assert [r.as_dict() for r in gate.heldout_records(before, "frames_heldout_before")] == [r.as_dict() for r in records]

    real = validity.results
    monkeypatch.setattr(validity, "results", lambda name: (real(name) or {}) | held if name == "frames" else real(name))
    rows = [r for r in validity.figures() if "frames_written_testsheet.csv" in r["data"]]
    assert [r["part"] for r in rows] == ["held-out", "held-out"] and rows[0]["n"] == "8 sentences"
    assert "macro-F1 1.000 (lowest frame 1.000)" in rows[0]["value"] and "classifier" in rows[0]["measure"]


def test_every_heldout_sheet_is_listed_by_the_validity_section():
    """README's validity section lists the figures of every held-out blind sheet the benchmark scores, in the
    benchmark's order (freshest first)."""
    from analysis.reporting import validity
    assert tuple(prefix for _, prefix, _ in bench.HELDOUT_SHEETS) == validity.HELDOUT_FRAME_PREFIXES
    assert len({path for path, _, _ in bench.HELDOUT_SHEETS}) == len(bench.HELDOUT_SHEETS)


def test_method_scores_summarise_each_method_of_a_cross_validation():
    """The per-method figures train_frame_model.py stores and frames.py reports: mean and lowest F1 over the
    frames, and each frame's F1, for every method of a cross-validation table."""
    f1 = {"dictionary": [0.5] * len(FRAMES), "classifier": [0.2 + 0.1 * i for i in range(len(FRAMES))]}
    table = pd.DataFrame([{"method": m, "frame": f, "f1": v} for m, vs in f1.items() for f, v in zip(FRAMES, vs)])
    out = bench.method_scores(table)
    assert list(out) == ["classifier", "dictionary"]
    assert out["dictionary"] == {"macro_f1": 0.5, "min_f1": 0.5, **{f: 0.5 for f in FRAMES}}
    c = out["classifier"]
    assert c["min_f1"] == 0.2 and c[FRAMES[-1]] == round(0.2 + 0.1 * (len(FRAMES) - 1), 3)
    assert c["macro_f1"] == round(sum(f1["classifier"]) / len(FRAMES), 4)
