"""Every marking of a figure is keyed on the figure by the code that draws it, and only when drawn (issue 19):
hatched and blank heatmap cells, hollow points of a forest plot, a frame map and the monthly timeline."""
import matplotlib

matplotlib.use("Agg")
import pandas as pd  # noqa: E402

from analysis.reporting import plots  # noqa: E402


def _cells(flags, actors=("mayor", "riders", "council"), groups=("right",)):
    rows = [{"actor": a, "group": g, "mean": -0.2, "ci_low": -0.4, "ci_high": 0.0, "n": 12, "n_articles": 6,
             "ci_unit": "articles", "flag": f} for g in groups for a, f in zip(actors, flags)]
    return pd.DataFrame(rows)


def test_a_heatmap_names_its_hatching_only_when_a_cell_is_hatched():
    plain = plots.heatmap(_cells(["", "", ""]), row="actor", col="group", title="t", unit="mention")
    assert "atched" not in plain.axes[0].get_xlabel() and "lank" not in plain.axes[0].get_xlabel()
    hatched = plots.heatmap(_cells(["", "fewer than 10 mentions", ""]), row="actor", col="group", title="t",
                            unit="mention")
    assert hatched.axes[0].get_xlabel().startswith("Hatched and pale: fewer than 10 mentions.")


def test_a_heatmap_says_what_a_blank_cell_means_only_when_one_is_blank():
    cells = pd.concat([_cells(["", "", ""]), _cells(["", ""], actors=("mayor", "riders"), groups=("left",))])
    label = plots.heatmap(cells, row="actor", col="group", title="t", unit="mention").axes[0].get_xlabel()
    assert "Blank: no mention." in label and "atched" not in label
    said = plots.heatmap(cells, row="actor", col="group", title="t", unit="sentence",
                         blank="no sentence evokes the frame").axes[0].get_xlabel()
    assert "Blank: no sentence evokes the frame." in said


def test_hollow_points_of_a_forest_name_their_caveat():
    rows = pd.DataFrame({"group": ["A", "B"], "mean": [0.1, 0.2], "ci_low": [0.0, 0.1], "ci_high": [0.2, 0.3],
                         "flag": ["", "fewer than 5 articles"]})
    assert plots.forest(rows, title="t", xlabel="score").axes[0].get_xlabel() == \
        "score  (hollow: fewer than 5 articles)"
    assert plots.forest(rows.assign(flag=""), title="t", xlabel="score").axes[0].get_xlabel() == "score"


def test_hollow_points_of_a_frame_map_are_keyed():
    x = pd.DataFrame({"group": ["A", "B"], "mean": [0.1, 0.2], "ci_low": [0.0, 0.1], "ci_high": [0.2, 0.3],
                      "flag": ["", "fewer than 5 articles"]})
    fig = plots.frame_map(x, x.assign(flag=""), {"A": "#000", "B": "#111"}, xlabel="x", ylabel="y", title="t")
    assert "hollow: fewer than 5 articles" in fig.axes[0].get_xlabel()
    fig = plots.frame_map(x.assign(flag=""), x.assign(flag=""), {"A": "#000", "B": "#111"}, xlabel="x", ylabel="y",
                          title="t")
    assert fig.axes[0].get_xlabel() == "x"


def test_a_forest_of_share_differences_reads_in_percent():
    rows = pd.DataFrame({"group": ["A", "B"], "mean": [-0.1, 0.2], "ci_low": [-0.2, 0.1], "ci_high": [0.0, 0.3],
                         "flag": ["", ""]})
    fig = plots.forest(rows, title="t", xlabel="difference", percent=True)
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert ticks and all(t.endswith("%") for t in ticks) and "\u221210%" in ticks and not any("." in t for t in ticks)


def _timeline(days):
    periods = pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"])
    return pd.DataFrame({"period": periods, "group": "A", "frame": "f", "share": [0.2, 0.3, 0.1],
                         "ci_low": [0.1, 0.2, 0.0], "ci_high": [0.3, 0.4, 0.2], "sentences": [40, 50, 30],
                         "flag": ""})


def test_a_first_or_last_month_the_corpus_covers_in_part_is_shaded_and_keyed():
    assert plots.partial_periods(pd.to_datetime(["2024-01-01", "2024-03-01"]), "M",
                                 (pd.Timestamp("2024-01-05"), pd.Timestamp("2024-03-31"))) == [pd.Timestamp("2024-01-01")]
    assert plots.partial_periods(pd.to_datetime(["2024-01-01", "2024-03-01"]), "M",
                                 (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-03-20"))) == [pd.Timestamp("2024-03-01")]
    fig = plots.frame_timeline(_timeline(None), {"f": "F"}, {"A": "#000"}, title="t", freq="M",
                               span=(pd.Timestamp("2024-01-05"), pd.Timestamp("2024-03-20")))
    shaded = [p for p in fig.axes[0].patches if p.get_gid() == "partial"]
    assert len(shaded) == 2
    key = fig.legends[0].get_title().get_text().replace("\n", " ")
    assert "shaded: a month the corpus covers only in part" in key and "5 Jan 2024 to 20 Mar 2024" in key


def test_whole_months_are_not_shaded_nor_keyed():
    fig = plots.frame_timeline(_timeline(None), {"f": "F"}, {"A": "#000"}, title="t", freq="M",
                               span=(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-03-31")))
    assert not [p for p in fig.axes[0].patches if p.get_gid() == "partial"]
    assert "shaded" not in fig.legends[0].get_title().get_text()
    fig = plots.frame_timeline(_timeline(None), {"f": "F"}, {"A": "#000"}, title="t", freq="M")
    assert "shaded" not in fig.legends[0].get_title().get_text()


def test_the_timeline_reads_its_shares_in_percent():
    fig = plots.frame_timeline(_timeline(None), {"f": "F"}, {"A": "#000"}, title="t", freq="M")
    ax = fig.axes[0]
    fig.canvas.draw()
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert ticks and all(t.endswith("%") for t in ticks), ticks


def test_a_frame_map_reads_its_shares_in_percent():
    x = pd.DataFrame({"group": ["A", "B"], "mean": [0.1, 0.2], "ci_low": [0.0, 0.1], "ci_high": [0.2, 0.3],
                      "flag": ""})
    ax = plots.frame_map(x, x, {"A": "#000", "B": "#111"}, xlabel="x", ylabel="y", title="t").axes[0]
    for labels in (ax.get_xticklabels(), ax.get_yticklabels()):
        shown = [t.get_text() for t in labels if t.get_text()]
        assert shown and all(t.endswith("%") for t in shown), shown
