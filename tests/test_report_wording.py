"""Report wording a colleague can read: figures and headings name the study's groups, plurals agree, labels stay
inside their plots (on cases written for the tests)."""
import json
import re
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from analysis.reporting import plots, safe  # noqa: E402

ROOT = Path(__file__).parents[1]


def _code_cells():
    for path in sorted(ROOT.glob("notebooks/*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                yield path.name, "".join(cell["source"])


def test_no_figure_title_in_the_notebooks_hard_codes_the_groups():
    """A title names the groups by the study's grouping (``study.group_label``), never as "source" or "outlet"
    typed in: a study grouped by leaning would otherwise read "by source"."""
    titles = 0
    for name, source in _code_cells():
        for m in re.finditer(r"title=(f?)(\"[^\"]*\"|'[^']*')", source):
            titles += 1
            assert not re.search(r"\b(source|outlet)s?\b", m.group(2), re.I), f"{name}: {m.group(0)}"
    assert titles >= 10


def test_headings_that_name_the_groups_follow_the_grouping():
    leaning = safe.group_headings("leaning")
    assert set(leaning) == set(safe.GROUP_HEADINGS)
    assert leaning["share_of_group"] == "share of the leaning's quotes"
    assert leaning["n_groups"] == "leanings stating it"
    assert not any("source" in v or "outlet" in v for v in leaning.values())
    assert safe.heading("share_of_group") == "share of the outlet's quotes"      # shown without a study


def _table_headings(monkeypatch, table: pd.DataFrame, name: str, by: str, group_label: str) -> list[str]:
    """The column headings a report page gives ``table`` in a study grouped ``by`` a column."""
    from types import SimpleNamespace

    from analysis.reporting.notebook import Page

    shown = []
    page = Page.__new__(Page)
    page.study = SimpleNamespace(by=[by], group_label=group_label, frame_labels=lambda: {})
    page.tables_dir = None
    monkeypatch.setattr(Page, "html", lambda self, text: shown.append(text))
    page.table(table, name)
    return re.findall(r"<th>([^<]*)</th>", shown[0])


def test_a_grouped_studys_table_is_headed_by_its_grouping(monkeypatch):
    voices = pd.DataFrame({"leaning": ["left", "right"], "voice": ["Jane Roe", "Tom Poe"], "quotes": [2, 3],
                           "share_of_group": [1.0, 1.0], "n_groups": [1, 2]})
    heads = _table_headings(monkeypatch, voices, "voices", "leaning", "leaning")
    assert "share of the leaning&#x27;s quotes" in heads or "share of the leaning's quotes" in heads
    assert not any("source" in h for h in heads)


def test_no_report_text_writes_a_plural_in_brackets():
    """ "1 group(s)", "1 copies": counts in report text go through ``findings.plural``."""
    sources = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "analysis/reporting").glob("*.py"))]
    sources += list(_code_cells())
    for name, source in sources:
        for line in source.splitlines():
            if re.search(r"\bf[\"']", line):
                assert not re.search(r"\w\(s\)", line), f"{name}: {line.strip()}"


def test_plural_agrees_for_the_copies_line():
    from analysis.reporting.findings import plural
    assert plural(1, "group") == "1 group" and plural(1, "copy", "copies") == "1 copy"
    assert plural(2, "copy", "copies") == "2 copies"


def _frame_map(xs, ys, half):
    names = [f"Outlet {chr(65 + i)} with a name" for i in range(len(xs))]

    def side(values):
        v = np.array(values, dtype=float)
        return pd.DataFrame({"group": names, "mean": v, "ci_low": np.maximum(0, v - half), "ci_high": v + half,
                             "flag": ""})
    return plots.frame_map(side(xs), side(ys), {}, xlabel="x", ylabel="y", title="t")


@pytest.mark.parametrize("xs, ys, half", [
    ([1.0, 0.02, 0.5, 0.5, 0.9, 0.5, 0.0, 1.0], [0.04, 0.73, 0.61, 0.03, 0.72, 0.02, 0.76, 0.51], 0.372),
    ([1.0, 0.9, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0], [0.96, 0.15, 0.97, 0.89, 0.82, 0.48, 0.23, 0.8], 0.37),
    ([0.0] * 8, [0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07], 0.02),
])
def test_frame_map_labels_stay_inside_the_plot_and_off_its_axis_lines(xs, ys, half):
    """Points crowded on an edge, with wide intervals: where no spot is free, a label still never sits on an
    axis line or outside the plot, and no two labels overlap."""
    from matplotlib.text import Text

    fig = _frame_map(xs, ys, half)
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    pad = plots.LABEL_MARGIN * fig.dpi / 72 - 0.5
    boxes = [Text.get_window_extent(t, renderer) for t in ax.texts if t.get_text().startswith("Outlet")]
    assert len(boxes) == len(xs)
    for b in boxes:
        assert b.x0 >= frame.x0 + pad and b.y0 >= frame.y0 + pad, (b, frame)
        assert b.x1 <= frame.x1 - pad and b.y1 <= frame.y1 - pad, (b, frame)
    assert not any(boxes[i].overlaps(boxes[j]) for i in range(len(boxes)) for j in range(i))
    matplotlib.pyplot.close(fig)


def test_the_generic_frames_are_shown_once_when_they_are_the_studys_own():
    """Report 04 shows the Policy Frames Codebook a second time only when the study's own frames are another
    lexicon (the generic study's own frames are the codebook: its salience figure is already above)."""
    source = next(s for name, s in _code_cells() if name.startswith("04") and "salience_policy" in s)
    assert re.search(r'study\.lexicon == "policy"', source)
    first = source.index('study.lexicon == "policy"')
    assert first < source.index("plots.heatmap")


def test_no_test_leaves_figures_open_for_the_next():
    """The suite's fixture (conftest) closes what the test before drew: a test starts with no figure open."""
    import matplotlib.pyplot as plt
    assert plt.get_fignums() == []
    plots.heatmap(pd.DataFrame({"actor": ["a"], "group": ["g"], "mean": [0.1], "ci_low": [0.0], "ci_high": [0.2],
                                "n": [3], "flag": [""]}), row="actor", col="group", title="t")
    assert len(plt.get_fignums()) == 1


def test_and_the_figure_of_the_test_before_was_closed():
    import matplotlib.pyplot as plt
    assert plt.get_fignums() == []


def test_the_groups_are_outlets_in_headings_and_method_prose_not_sources():
    """The grouping column is the outlet (issue 19): a notebook heading, the facts method and the caveats say
    "outlet"; "relayed source", "source label" and agency sources keep their own meaning."""
    from analysis.compare.frames import THIN
    from analysis.reporting import caveats, findings

    for path in sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("#"):
                    assert not re.search(r"\bsources?\b(?! label)", line, re.I), f"{path.name}: {line}"
    text = findings.facts_method(0.2) + caveats.explain(THIN) + caveats.explain("fewer than 5 articles")
    assert "outlet" in text and not re.search(r"\bsources?\b", text)
    assert "leaning" in findings.facts_method(0.2, group="leaning")
    for column in ("delta", "z"):                    # the distinctive terms' notes: groups, not sources
        assert not re.search(r"\bsources?\b", safe.COLUMN_NOTES[column]), safe.COLUMN_NOTES[column]


def test_a_table_with_the_publisher_and_the_compared_label_heads_them_apart(monkeypatch):
    labels = pd.DataFrame({"source_path": ["a.txt", "b.txt"], "outlet": ["unknown", "Alpha"],
                           "source_label": ["unknown outlet, relays TASS", "Alpha"]})
    heads = _table_headings(monkeypatch, labels, "source_labels", "source_label", "outlet")
    assert heads.count("outlet") == 1 and safe.COMPARED_AS in heads


def test_notebooks_name_the_groups_of_the_facts_method_by_the_grouping():
    """A study grouped by leaning reads "leaning" in the facts method, not "outlet"."""
    calls = [line for _, source in _code_cells() for line in source.splitlines() if "facts_method(" in line]
    assert calls and all("group=study.group_label" in line for line in calls), calls
