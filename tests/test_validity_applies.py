"""``study.validity()`` lists every agreement figure that applies to the study: its own coded sheets' and, where
it has none for a measure, the package's figures its validity gates use; with none, no rows and why."""
from __future__ import annotations

from analysis.reporting.study import open_study
from analysis.reporting.tables import EMPTY_BECAUSE
from analysis.settings import STUDIES


def test_a_study_without_sheets_lists_the_figures_its_gates_use():
    """The bundled demo study codes nothing, but its frames are the bundled Iraq lexicon's, whose held-out
    figures its gates use: they are its validity figures, marked as measured on another corpus."""
    study = open_study(str(STUDIES / "demo.toml"))
    gates = study.frame_gates("dictionary")
    used = {r.measure for g in gates.values() for r in g.records}
    assert used, "the bundled lexicon ships held-out figures"
    table = study.validity()
    assert used <= set(table["measure"])
    assert table["note"].str.contains("another corpus").all()
    assert table["clears"].dtype == bool
    for frame, gate in gates.items():
        rows = table[(table["measure"] == f"frames/iraq/{frame}") & (table["part"] != "in-sample")]
        assert len(rows) == len(gate.counted) and rows["clears"].all() == gate.clears, frame

def test_a_study_no_figure_applies_to_says_why(own_study):
    """The transit test study has no coded sheet, its own frame lexicon and the words stance model (the package's
    stance figures are of another model): no row, and the table says why, naming the settings to fill."""
    table = open_study(str(own_study)).validity()
    assert table.empty
    why = table.attrs[EMPTY_BECAUSE]
    assert why.startswith("no validity figure applies to this study")
    assert "[coding] frames" in why and "stance" in why and str(own_study) in why
