"""What screenshots of the reports showed a colleague could not read (issue 19, point 5), checked on the builders:
columns headed in words, a terms figure that draws the groups with distinctive terms first and says how many, no
empty table of removed lines, no pandas warning from our code, a study without actors told how to add them, the
classifier's training sheets summarised, a frame map whose labels keep off the error bars, and a timeline of many
outlets that stays legible."""
import re
import warnings
from types import SimpleNamespace

import matplotlib
import matplotlib.collections
import matplotlib.text
import nbformat
import pandas as pd
import pytest

matplotlib.use("Agg")

from analysis.compare.sentiment import labelled, mentions_with_context  # noqa: E402
from analysis.paths import ROOT  # noqa: E402
from analysis.reporting import findings, plots  # noqa: E402
from analysis.reporting.notebook import Page, table_html  # noqa: E402


def headings(html: str) -> list[str]:
    return re.findall(r"<th>(.*?)</th>", html)


def test_a_thin_column_is_headed_in_words_a_colleague_understands():
    shown = headings(table_html(pd.DataFrame({"source_label": ["A", "B"], "thin": [True, False],
                                              "reason": ["too few statements", ""]}), "fact_coverage"))
    assert "too little evidence to judge" in shown and "thin" not in shown


def test_a_terms_table_is_headed_by_the_grouping_column_and_says_effect_size():
    study = SimpleNamespace(by=["leaning"], frame_labels=lambda: {})
    page, shown = Page(study), []
    page.html = shown.append
    terms = pd.DataFrame({"group": ["left", "right"], "term": ["fares", "taxes"], "count": [5, 4],
                          "count_rest": [1, 0], "delta": [1.2, 0.9], "z": [2.5, 2.1]})
    page.table(terms, "terms")
    names = headings(shown[0])
    assert names[:2] == ["leaning", "term"] and "effect size" in names
    assert "group" not in names and "delta" not in names


def scores(groups_with_terms, every):
    rows = []
    for g in every:
        rows += [{"group": g, "term": f"w{i}", "count": 4, "count_rest": 10, "z": 0.5} for i in range(5)]
        if g in groups_with_terms:
            rows.append({"group": g, "term": f"only {g}", "count": 6, "count_rest": 0, "z": 4.0})
    return pd.DataFrame(rows)


def test_the_terms_figure_draws_the_groups_with_distinctive_terms_first_and_says_how_many():
    every = [f"Outlet {c}" for c in "ABCDEFGHIJ"]
    fig = plots.term_scatter(scores(every[6:], every), z=1.96, min_count=3, title="Distinctive terms",
                             max_panels=6)
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    assert titles[:4] == every[6:]                                  # the four with terms, before the others
    assert "4 of 10 outlets have distinctive terms" in fig._suptitle.get_text()


def test_report_01_says_no_line_was_removed_instead_of_an_empty_table():
    nb = nbformat.read(ROOT / "notebooks" / "01-corpus.ipynb", as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code" and "removed" in c.source and "page." in c.source]
    none = pd.DataFrame(columns=["source_label", "article_id", "line_no", "rule_name", "rule", "text"])
    tables = {"removed": none, "removed_by_rule": pd.DataFrame(columns=["rule_name", "rule", "lines"])}
    said, shown = [], []
    page = SimpleNamespace(markdown=said.append, table=lambda frame, name, **kw: shown.append(name),
                           figure=lambda *a, **k: None)
    study = SimpleNamespace(table=tables.__getitem__, corpus=SimpleNamespace(removed=none))
    for source in cells:
        exec(source, {"study": study, "page": page, "arts": pd.DataFrame(), "findings": findings, "plots": plots})
    assert "removed" not in shown and "removed_by_rule" not in shown
    assert any("No line was removed" in s for s in said)


def test_actor_labels_raise_no_pandas_warning_with_or_without_labels():
    mentions = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "actor": ["us"], "score": [0.1]})
    sentences = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "position": ["body"], "in_quote": [False],
                              "text": ["The US said so."], "own_share": [1.0], "direct_share": [0.0],
                              "reported_share": [0.0]})
    articles = pd.DataFrame({"article_id": ["a"], "source_label": ["S"], "title": ["t"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert list(mentions_with_context(mentions, sentences, articles)["actor_label"]) == ["us"]
        assert list(mentions_with_context(mentions, sentences, articles, {"us": "The US"})["actor_label"]) == ["The US"]
        assert labelled(pd.Series([], dtype=str), None).empty


def test_a_study_without_actors_is_told_so_and_how_to_add_them():
    empty = pd.DataFrame(columns=["source_label", "actor", "mean", "ci_low", "ci_high", "n", "flag"])
    gate = SimpleNamespace(clears=False, note=lambda: "GATE", line=lambda: "GATE")
    for text in (findings.actor_cells(empty, {}, gate=gate, has_actors=False),
                 findings.stance_line(empty, gate=gate, has_actors=False)):
        assert "names no actors" in text and "actors = " in text and "or more times" not in text
    assert "or more times" in findings.actor_cells(empty, {}, gate=gate)      # with actors, as before
    for name in ("00-summary", "02-sentiment"):
        nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        calls = [c.source for c in nb.cells if "findings.actor_cells(" in c.source]
        assert calls and all("has_actors=" in c for c in calls), name


TRAINED = ("2636 coded sentences: coder1:15ecb8d0e7ad (16), coder1:551534ba6b37 (21), coder1:d69a0e7d5845 (53), "
           "data/coding/blind/frames_written_coder10.csv (240), data/coding/blind/frames_written_coder2.csv (100), "
           "data/coding/train/frames_train_coder12.csv (500), data/coding/train/frames_train_coder18.csv (400), "
           "tests/data/frames_iraq_heldout.csv (46)")


def test_the_classifiers_training_sheets_are_summarised_and_listed_apart():
    summary, parts = findings.training_parts(TRAINED)
    assert summary.startswith("2636 coded sentences from 8 sources: 90 from 3 articles of coder1's coded sheet "
                              "(its development part), 340 from 2 sheets in data/coding/blind")
    assert "46 from 1 sheet in tests/data" in summary and ".csv" not in summary
    assert parts[0] == "coder1:15ecb8d0e7ad (16)" and len(parts) == 8
    note = findings.method_note("classifier", "frames.toml", trained_on=TRAINED)
    assert "frames_train_coder12" not in note and "2636 coded sentences from 8 sources" in note
    assert findings.training_parts("a few sentences") == ("a few sentences", [])


def boxes_overlap(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def salience_rows(points):
    return pd.DataFrame([{"group": g, "mean": m, "ci_low": lo, "ci_high": hi, "flag": ""}
                         for g, m, lo, hi in points])


def test_frame_map_labels_sit_off_the_error_bars_and_off_each_other():
    # report 04's bundled map: a long horizontal bar runs just under two labels' usual spot (up and right)
    x = salience_rows([("unknown outlet, file 002", 0.07, 0.0, 0.3), ("Conservative News Daily", 0.21, 0.08, 0.37),
                       ("The Stock Dork", 0.03, 0.0, 0.14), ("unknown outlet, relays TASS", 0.30, 0.15, 0.55),
                       ("unknown outlet, relays Reuters", 0.13, 0.0, 0.40)])
    y = salience_rows([("unknown outlet, file 002", 0.267, 0.07, 0.53), ("Conservative News Daily", 0.263, 0.13, 0.42),
                       ("The Stock Dork", 0.17, 0.09, 0.31), ("unknown outlet, relays TASS", 0.10, 0.0, 0.30),
                       ("unknown outlet, relays Reuters", 0.07, 0.0, 0.32)])
    fig = plots.frame_map(x, y, plots.group_colors(x["group"]), xlabel="x", ylabel="y", title="map")
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if isinstance(t, matplotlib.text.Annotation) and t.get_text() in set(x["group"])]
    assert len(labels) == 5
    boxes = [tuple(matplotlib.text.Text.get_window_extent(t, renderer).extents) for t in labels]
    bars = [(min(a[0], b[0]) - 1, min(a[1], b[1]) - 1, max(a[0], b[0]) + 1, max(a[1], b[1]) + 1)   # error bars
            for c in ax.collections if isinstance(c, matplotlib.collections.LineCollection)
            for a, b in (ax.transData.transform(seg) for seg in c.get_segments())]
    assert len(bars) == 10
    markers = [(a - 4, b - 4, a + 4, b + 4) for a, b in ax.transData.transform(
        x.merge(y, on="group")[["mean_x", "mean_y"]].to_numpy())]
    crossing = {}
    for i, (label, box) in enumerate(zip(labels, boxes)):
        assert not any(boxes_overlap(box, other) for other in boxes[:i] + markers), label.get_text()
        crossing[label.get_text()] = any(boxes_overlap(box, bar) for bar in bars)
        if crossing[label.get_text()]:                  # no spot clears every bar: the label is drawn over it
            assert label.get_bbox_patch() is not None and label.get_zorder() > 2, label.get_text()
        own = x.merge(y, on="group").set_index("group").loc[label.get_text()]
        to = ax.transData.transform
        (a, b), (c, d) = to((own.ci_low_x, own.mean_y)), to((own.ci_high_x, own.mean_y))
        (e, f), (g, h) = to((own.mean_x, own.ci_low_y)), to((own.mean_x, own.ci_high_y))
        assert not boxes_overlap(box, (a, b - 1, c, d + 1)) and not boxes_overlap(box, (e - 1, f, g + 1, h)), \
            label.get_text()                              # never on its own outlet's bars


def test_a_timeline_of_ten_outlets_draws_the_largest_and_pools_the_others():
    every = [f"Outlet {c}" for c in "ABCDEFGHIJ"]
    rows = [{"period": p, "group": g, "frame": f, "share": 0.2 + 0.01 * i, "ci_low": 0.1, "ci_high": 0.3,
             "sentences": 100 + 10 * i, "flag": ""}
            for i, g in enumerate(every) for p in ("2024-01-01", "2024-02-01", "2024-03-01") for f in ("a", "b")]
    table = pd.DataFrame(rows)
    fig = plots.frame_timeline(table, {"a": "A", "b": "B"}, plots.group_colors(every), title="over time")
    names = [t.get_text() for t in fig.legends[0].get_texts()]
    assert names == sorted(every[-6:]) + ["other outlets (4)"]        # the six with the most sentences, then the rest
    pooled, name = plots.pool_others(table, 6)
    other = pooled[(pooled["group"] == name) & (pooled["frame"] == "a")]
    expected = sum((0.2 + 0.01 * i) * (100 + 10 * i) for i in range(4)) / sum(100 + 10 * i for i in range(4))
    assert other["share"].tolist() == pytest.approx([expected] * 3) and other["ci_low"].isna().all()
    few = plots.frame_timeline(table[table["group"].isin(every[:3])], {"a": "A", "b": "B"}, plots.group_colors(every),
                               title="over time")
    assert [t.get_text() for t in few.legends[0].get_texts()] == every[:3]     # a few outlets: one line each


def test_term_labels_at_nearby_points_do_not_print_over_each_other():
    rows = [{"group": "A", "term": f"w{i}", "count": 4, "count_rest": 10, "z": 0.5} for i in range(5)]
    rows += [{"group": "A", "term": "drone strikes", "count": 6, "count_rest": 0, "z": 4.0},
             {"group": "A", "term": "strikes", "count": 7, "count_rest": 0, "z": 3.95},
             {"group": "A", "term": "drone", "count": 6, "count_rest": 1, "z": 3.9}]
    fig = plots.term_scatter(pd.DataFrame(rows), z=1.96, min_count=3, title="terms")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [matplotlib.text.Text.get_window_extent(t, renderer) for t in fig.axes[0].texts
             if isinstance(t, matplotlib.text.Annotation)]
    assert len(boxes) == 3
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[:i])


def test_report_02_shows_no_empty_actor_tables_for_a_study_without_actors():
    nb = nbformat.read(ROOT / "notebooks" / "02-sentiment.ipynb", as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code" and ("actor_cells(" in c.source
                                                                     or "strong = " in c.source)]
    empty = pd.DataFrame(columns=["source_label", "actor", "actor_label", "mean", "ci_low", "ci_high", "n", "flag"])
    gate = SimpleNamespace(clears=False, note=lambda: "GATE", line=lambda: "GATE")
    said, shown = [], []
    page = SimpleNamespace(markdown=said.append, table=lambda frame, name, **kw: shown.append(name),
                           figure=lambda *a, **k: None)
    study = SimpleNamespace(table={"actor_sentiment": empty}.__getitem__, actor_labels={}, by=["source_label"],
                            gate=lambda name: gate, group_label="outlet")
    names = {"study": study, "page": page, "findings": findings, "plots": plots}
    for source in cells:
        exec(source, names)
    assert shown == [] and said[0] == findings.NO_ACTORS
    assert not any("three or more times" in s for s in said)


def test_a_frame_map_of_a_cluster_far_from_zero_is_zoomed_on_it_with_the_same_range_on_both_axes():
    groups = [f"Outlet {c}" for c in "ABCDEFGHIJ"]
    x = salience_rows([(g, 0.10 + 0.005 * i, 0.08 + 0.005 * i, 0.14 + 0.005 * i) for i, g in enumerate(groups)])
    y = salience_rows([(g, 0.16 - 0.004 * i, 0.13 - 0.004 * i, 0.2 - 0.004 * i) for i, g in enumerate(groups)])
    ax = plots.frame_map(x, y, plots.group_colors(groups), xlabel="x", ylabel="y", title="map").axes[0]
    assert ax.get_xlim() == ax.get_ylim() and 0.05 < ax.get_xlim()[0] < 0.09
    near = salience_rows([(g, 0.02, 0.0, 0.05) for g in groups[:2]])
    ax = plots.frame_map(near, near, plots.group_colors(groups), xlabel="x", ylabel="y", title="map").axes[0]
    assert ax.get_xlim()[0] < 0 < ax.get_xlim()[1]                       # near 0: drawn from 0
