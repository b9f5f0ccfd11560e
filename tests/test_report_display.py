"""How a report shows a table and a figure to a reader: what is left out, what is said once, what is folded."""
import io
import re
from types import SimpleNamespace

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from analysis.compare.frames import THIN  # noqa: E402
from analysis.compare.stats import few_articles, too_few  # noqa: E402
from analysis.reporting import plots  # noqa: E402
from analysis.reporting.notebook import FOLD_ROWS, Page, table_html, tidy  # noqa: E402


def salience_like(n: int = 4) -> pd.DataFrame:
    return pd.DataFrame({"source_label": [f"S{i}" for i in range(n)], "group": [f"S{i}" for i in range(n)],
                         "mean": [0.1 * i for i in range(n)], "ci_low": [float("nan")] * n,
                         "n_articles": [1] * n, "thin": [i == 0 for i in range(n)],
                         "flag": [few_articles()] * n})


def test_a_caveat_on_every_row_is_said_once_and_empty_or_repeated_columns_are_left_out():
    shown, notes = tidy(salience_like())
    assert list(shown.columns) == ["source_label", "mean", "n_articles", "thin"]
    assert list(shown["thin"]) == ["yes", "no", "no", "no"]
    text = " ".join(notes)
    assert text.count("fewer than 5 articles") == 1 and "Caveat on every row: fewer than 5 articles: the 95% " \
        "interval only shows how the sentences" in text
    # a column repeating another is left out unsaid; an empty one is said in a sentence
    assert "repeats" not in text and "No row has a value for 95% interval, low, so that column is left out." in text
    assert list(shown["n_articles"]) == [1, 1, 1, 1]          # a constant number is data, never left out


def test_two_rows_are_too_few_to_call_a_column_constant():
    shown, notes = tidy(salience_like(2).assign(label=["x", "x"]))
    assert "label" in shown.columns and not any("The same in every row" in n for n in notes)


def test_each_caveat_is_a_letter_in_its_rows_and_is_explained_once_under_the_table():
    few, thin = few_articles(), THIN
    frame = pd.DataFrame({"source": list("ABCD"), "mean": [0.1, 0.2, 0.3, 0.4], "n": [40, 8, 12, 30],
                          "flag": [few, f"{too_few('pole sentences')}; {few}", f"{few}; {thin}", few]})
    shown, notes = tidy(frame)
    assert shown["flag"].tolist() == ["", "a", "b", ""]
    text = " ".join(notes)
    for caveat in (few, too_few("pole sentences"), thin):
        assert text.count(caveat) == 1, caveat                  # said once, not on each row
    assert "(a) fewer than 10 pole sentences (the sentences evoking either frame of the axis): too few for an " \
        "interval, so none is given" in text                  # jargon explained where it first appears
    html = table_html(frame, "axis")
    assert "<th>caveat (see below)</th>" in html
    assert html.index("<table>") < html.index("Caveats: (a)") and html.index("<table>") < html.index("Caveat on every")
    assert "fewer than 5 articles" not in html[:html.index("</table>")]


def test_a_caveat_column_with_every_caveat_said_in_a_note_is_not_shown():
    shown, _ = tidy(pd.DataFrame({"source": list("AB"), "mean": [0.1, 0.2], "flag": [few_articles()] * 2}))
    assert "flag" not in shown.columns
    shown, _ = tidy(pd.DataFrame({"source": list("AB"), "mean": [0.1, 0.2], "flag": ["", None]}))
    assert "flag" not in shown.columns


def test_an_estimate_with_low_and_high_columns_is_one_cell_headed_in_words_with_its_note():
    frame = pd.DataFrame({"label": ["A", "B"], "f1": [0.97, 0.5], "f1_low": [0.89, 0.2], "f1_high": [1.0, 0.8],
                          "precision": [1.0, 0.4], "precision_low": [1.0, 0.1], "precision_high": [1.0, 0.7]})
    shown, notes = tidy(frame)
    assert list(shown.columns) == ["label", "f1 (95% interval)", "precision (95% interval)"]
    assert shown["f1 (95% interval)"].tolist() == ["0.97 (0.89–1.00)", "0.50 (0.20–0.80)"]
    assert "<th>F1 (95% interval)</th>" in table_html(frame, "v") and any("F1 combines" in n for n in notes)


def test_a_table_of_nothing_but_left_out_columns_is_shown_as_it_is():
    frame = pd.DataFrame({"a": ["", ""], "b": [None, None]})
    assert tidy(frame)[0] is frame


def test_the_csv_keeps_every_column_the_page_leaves_out(tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(Page, "html", staticmethod(shown.append))
    page = Page.__new__(Page)
    page.tables_dir, page.tables_href = tmp_path, "tables"
    page.study = SimpleNamespace(frame_labels=dict, by=["source_label"])          # a study whose lexicon names none of these columns
    page.table(salience_like(), "salience")
    written = pd.read_csv(tmp_path / "salience.csv")
    assert {"group", "flag", "ci_low"} <= set(written.columns)
    assert "<th>caveat</th>" not in shown[0] and 'href="tables/salience.csv"' in shown[0]


def test_long_tables_fold_and_a_short_one_folds_when_asked():
    long = salience_like(FOLD_ROWS + 1)
    assert table_html(long, "x").count("<details>") == 1
    assert "<details>" not in table_html(salience_like(3), "x")
    assert table_html(salience_like(3), "codebook", caption="The codebook", fold=True).count(
        "<summary>The codebook: 3 rows (click to show)</summary>") == 1


def _frame_map(n: int):
    rows = pd.DataFrame({"group": [f"Outlet {i}" for i in range(n)], "mean": [0.1 + 0.05 * i for i in range(n)],
                         "ci_low": [0.05] * n, "ci_high": [0.6] * n, "flag": [""] * n})
    return plots.frame_map(rows, rows.assign(mean=rows["mean"][::-1].to_numpy()), plots.group_colors(rows.group),
                           xlabel="x", ylabel="y", title="t")


def test_the_frame_map_names_each_point_once():
    labelled = _frame_map(3)
    ax = labelled.axes[0]
    names = [t.get_text() for t in ax.texts]
    assert ax.get_legend() is None and {"Outlet 0", "Outlet 1", "Outlet 2"} <= set(names)
    crowded = _frame_map(plots.MAX_LABELLED + 1).axes[0]                    # numbered, named once in a key
    assert crowded.get_legend() is None
    assert sorted(t.get_text() for t in crowded.texts if t.get_text().isdigit()) == sorted(
        str(i) for i in range(1, plots.MAX_LABELLED + 2))
    assert sum(t.get_text().count("Outlet") for t in crowded.texts) == plots.MAX_LABELLED + 1


def test_a_group_at_zero_is_drawn_whole_on_the_frame_map():
    rows = pd.DataFrame({"group": ["A", "B"], "mean": [0.0, 0.3], "ci_low": [0.0, 0.2], "ci_high": [0.0, 0.4],
                         "flag": ["", ""]})
    fig = plots.frame_map(rows, rows, plots.group_colors(rows.group), xlabel="x", ylabel="y", title="t")
    fig.savefig(io.BytesIO(), format="png")
    ax = fig.axes[0]
    marker = ax.lines[0]                                   # A's point, at (0, 0)
    box = marker.get_window_extent(fig.canvas.get_renderer())
    frame = ax.get_window_extent(fig.canvas.get_renderer())
    assert box.x0 >= frame.x0 and box.y0 >= frame.y0      # the whole marker lies inside the axes


def test_stacked_bars_keep_their_totals_when_parts_are_cut_to_the_largest():
    table = pd.DataFrame({f"speaker {i}": [i, 1] for i in range(12)}, index=["left", "right"])
    fig = plots.stacked_by_group(table, title="t", xlabel="quotes", max_parts=8, rest="other speakers")
    ax = fig.axes[0]
    handles, names = ax.get_legend_handles_labels()
    assert len(names) == 9 and names[-1] == "other speakers" and "speaker 11" in names and "speaker 0" not in names
    ends = {}
    for container in ax.containers:                        # each bar's right end: the row's total
        for bar, label in zip(container, [t.get_text() for t in ax.get_yticklabels()]):
            ends[label] = max(ends.get(label, 0), bar.get_x() + bar.get_width())
    assert ends == {"right": 12, "left": sum(range(12))}


def test_heatmap_row_labels_wrap_instead_of_being_cut():
    table = pd.DataFrame({"frame": ["legality_constitutionality_and_jurisprudence"], "group": ["A"], "mean": [0.2],
                          "ci_low": [0.1], "ci_high": [0.3], "n": [10], "flag": [""]})
    fig = plots.heatmap(table, row="frame", col="group", title="t", diverging=False, vlim=0.5,
                        row_labels={"legality_constitutionality_and_jurisprudence": "Legality, constitutionality and jurisprudence"})
    label = fig.axes[0].get_yticklabels()[0].get_text()
    assert label.replace("\n", " ") == "Legality, constitutionality and jurisprudence" and "\n" in label


def test_a_yes_no_column_the_same_in_every_row_is_said_in_words():
    notes = tidy(pd.DataFrame({"article_id": ["a", "b", "c"], "is_primary": [True] * 3}))[1]
    assert notes == ["Every row is marked \u201ccounted\u201d."]


def test_a_folded_table_names_itself_once():
    html = table_html(salience_like(3), "codebook", caption="The codebook", fold=True)
    assert html.count("The codebook") == 1


def test_one_panel_per_frame_instead_of_forty_cut_labels():
    rows = [{"group": g, "frame": f, "method": m, "mean": 0.2, "ci_low": 0.1, "ci_high": 0.3, "flag": ""}
            for g in ("Conservative News Daily", "unknown outlet, relays Reuters") for f in ("sovereignty", "economy_energy", "x")
            for m in ("dictionary", "classifier")]
    fig = plots.forest_panels(pd.DataFrame(rows), "frame", panel_labels={"sovereignty": "Sovereignty & independence"},
                              label="group", group="method", title="t", xlabel="share")
    drawn = [ax for ax in fig.axes if ax.axison]
    assert sorted(ax.get_title(loc="center") or ax.get_title(loc="left") for ax in drawn) == [
        "Sovereignty & independence", "economy_energy", "x"]
    ticks = {t.get_text() for ax in drawn for t in ax.get_yticklabels()}
    assert ticks == {"Conservative News Daily", "unknown outlet, relays Reuters"}      # whole names, no "·"
    assert len(fig.legends) == 1 and all(ax.get_legend() is None for ax in drawn)


def test_dates_over_time_never_overlap_and_every_column_shows_them():
    days = pd.to_datetime(["2021-04-26", "2021-05-03", "2021-05-24", "2021-07-05", "2021-08-09", "2021-08-16",
                           "2021-09-06", "2021-09-27", "2021-10-18"])      # unevenly spaced weeks, as in real news
    rows = [{"period": d, "group": g, "frame": f, "share": 0.1 * i, "sentences": 5}
            for i, d in enumerate(days) for g in ("left", "right") for f in ("a", "b", "c")]
    fig = plots.frame_timeline(pd.DataFrame(rows), {}, plots.group_colors(["left", "right"]), title="t")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    bottoms = {}
    for ax in (a for a in fig.axes if a.axison):
        shown = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        boxes = sorted((t.get_window_extent(renderer) for t in shown), key=lambda b: b.x0)
        assert all(a.x1 <= b.x0 for a, b in zip(boxes, boxes[1:])), [t.get_text() for t in shown]
        column = round(ax.get_position().x0, 2)
        if shown:
            bottoms[column] = True
    assert len(bottoms) == 2                                         # both columns of panels carry their dates


def test_jargon_headings_say_in_words_what_the_column_is_with_a_note_once():
    from analysis.reporting import safe
    from analysis.schema import VOICE_SHARES

    for jargon in ["ci_unit", "n", *VOICE_SHARES]:
        shown = safe.heading(jargon)
        assert shown != jargon.replace("_", " ") and "resamples" not in shown
    frame = pd.DataFrame({"source": ["A", "B"], "mean": [0.1, 0.2], "n": [10, 12], "ci_unit": ["sentences", "wilson"],
                          "own_share": [0.8, 0.7], "direct_share": [0.1, 0.2], "reported_share": [0.1, 0.1]})
    notes = " ".join(tidy(frame)[1])
    assert "Wilson's formula" in notes and "Count (n)" in notes
    assert tidy(frame)[0]["ci_unit"].tolist() == ["sentences",
                                                                                          "formula (all values alike)"]
    assert notes.count("add up to 1") == 1                  # one note for the three voice columns
    html = table_html(frame, "voices")
    assert "<th>direct quotes (share)</th>" in html and "add up to 1" in html
    assert "add up to 1" not in " ".join(tidy(frame[["source", "mean"]])[1])   # no note for a column not shown


def test_a_note_explains_a_column_said_once_as_constant():
    frame = pd.DataFrame({"source": ["A", "B", "C"], "mean": [0.1, 0.2, 0.3], "ci_unit": ["wilson"] * 3})
    shown, notes = tidy(frame)
    assert "ci_unit" not in shown.columns and "formula (all values alike)" in notes[0]
    assert any("Wilson's" in n for n in notes)


def _scores(z_values):
    return pd.DataFrame({"group": ["A", "A", "B"], "term": ["x", "y", "z"], "count": [5, 4, 6],
                         "count_rest": [3, 2, 1], "z": z_values})


def test_term_scatter_draws_nothing_when_no_term_clears_the_threshold():
    assert plots.term_scatter(_scores([0.5, 1.0, 1.9]), z=1.96, min_count=3, title="t") is None
    assert plots.term_scatter(_scores([0.5, 3.0, 2.5]), z=1.96, min_count=10, title="t") is None   # too rare
    fig = plots.term_scatter(_scores([0.5, 3.0, 1.0]), z=1.96, min_count=3, title="t")
    assert fig is not None and sum(ax.axison for ax in fig.axes) == 2


def test_heading_notes_come_under_the_table_and_left_out_columns_above():
    frame = pd.DataFrame({"source": ["A", "B", "C"], "n": [1, 2, 3], "label": ["x"] * 3, "flag": ["y"] * 3})
    html = table_html(frame, "t")
    assert html.index("The same in every row") < html.index("<table>") < html.index("Count (n)")
    assert html.index("<table>") < html.index("Caveat on every row: y")


def test_heading_notes_fold_with_their_table_in_one_paragraph_and_an_empty_table_has_none():
    frame = pd.DataFrame({"source": [f"S{i}" for i in range(FOLD_ROWS + 1)], "n": range(FOLD_ROWS + 1),
                          "ci_unit": ["wilson", "sentences"] * (FOLD_ROWS // 2) + ["none"] * (FOLD_ROWS % 2 + 1)})
    html = table_html(frame, "t")
    inside = html[html.index("<details>"):html.index("</details>")]
    assert "Count (n)" in inside and "Wilson&#x27;s" in inside and inside.count("<small>") == 1
    assert "Count (n)" not in table_html(frame.iloc[0:0], "t")


def test_an_estimate_and_its_interval_are_shown_in_one_cell_and_the_csv_keeps_them():
    from analysis.reporting.notebook import with_intervals

    frame = pd.DataFrame({"group": ["A", "B", "C"], "share": [0.123, 0.5, float("nan")],
                          "ci_low": [0.07, float("nan"), float("nan")], "ci_high": [0.2, float("nan"), float("nan")]})
    shown = with_intervals(frame)
    assert list(shown.columns) == ["group", "share (95% interval)"]
    assert shown["share (95% interval)"].tolist() == ["12% (7–20%)", "50%", ""]
    scores = with_intervals(pd.DataFrame({"mean": [-0.314], "ci_low": [-0.5], "ci_high": [-0.1]}))
    assert scores.iloc[0, 0] == "−0.31 (−0.50 to −0.10)"
    untouched = pd.DataFrame({"mean": [0.1], "ci_low": ["n/a"], "ci_high": [0.2]})
    assert with_intervals(untouched).equals(untouched)
    assert list(frame.columns) == ["group", "share", "ci_low", "ci_high"]      # the table itself is not changed


def test_every_role_a_mention_can_have_is_explained_under_a_table_of_roles():
    import inspect

    from analysis.measures import roles
    from analysis.reporting import safe

    given = set(re.findall(r'role = "(\w+)"', inspect.getsource(roles.mention_roles)))
    assert {"agent", "topic", "speaker", "target"} <= given
    note = " ".join(safe.column_notes(["role", "negative"]))
    assert all(f"{r}," in note or f"{r} " in note for r in given)


def test_labels_of_nearby_points_on_the_frame_map_do_not_overlap():
    """The shares of a generated corpus (Epsilon Daily and Beta Post a hair apart) printed two names over each
    other; the labels are moved apart once the axes have their final scale."""
    names = ["Alpha Times", "Beta Post", "Delta News", "Epsilon Daily", "Gamma Wire", "Zeta Herald"]
    rows = pd.DataFrame({"group": names, "mean": [0.0424, 0.0283, 0.0366, 0.0093, 0.027, 0.026],
                         "ci_low": [0.0102, 0.0, 0.01, 0.0, 0.0, 0.0],
                         "ci_high": [0.0762, 0.0531, 0.0725, 0.0294, 0.0702, 0.075], "flag": [""] * 6})
    other = pd.DataFrame({"group": names, "mean": [0.0678, 0.0566, 0.0976, 0.0556, 0.0721, 0.1039],
                          "ci_low": [0.036, 0.0083, 0.0543, 0.0092, 0.0165, 0.0454],
                          "ci_high": [0.1047, 0.1188, 0.155, 0.1193, 0.1308, 0.1639], "flag": [""] * 6})
    fig = plots.frame_map(rows, other, plots.group_colors(rows.group), xlabel="x", ylabel="y", title="t")
    fig.savefig(io.BytesIO(), format="png")                  # as a report saves it (its own dpi, tight box)
    renderer = fig.canvas.get_renderer()
    from matplotlib.text import Text

    boxes = [Text.get_window_extent(t, renderer) for t in fig.axes[0].texts if t.get_text() in set(rows.group)]
    assert len(boxes) == 6
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[:i])


def _cells(groups: int, flag: str = "") -> pd.DataFrame:
    return pd.DataFrame([{"frame": f"frame {r}", "group": f"unknown outlet, relays Agency {g}", "mean": 0.1 * r,
                          "ci_low": 0.05, "ci_high": 0.3, "n": 20, "flag": flag if (r + g) % 2 else ""}
                         for r in range(4) for g in range(groups)])


def test_a_heatmap_is_never_wider_than_a_page_so_its_numbers_keep_their_size():
    fig = plots.heatmap(_cells(5), row="frame", col="group", title="t", diverging=False, vlim=0.5)
    assert fig.get_figwidth() <= plots.PAGE_WIDTH
    numbers = [t for t in fig.axes[0].texts if t.get_text()[:1].isdigit()]
    assert numbers and all(t.get_fontsize() >= 9 for t in numbers)
    assert all("(0.05–0.30)" in t.get_text() for t in numbers)                 # five sources: room for the interval
    assert not any("[" in t.get_text() for t in numbers)                       # in the house form, not a list's
    # a set with a number below zero is signed, its bounds joined by "to" (a dash could read as a minus)
    scores = plots.heatmap(_cells(5).assign(ci_low=-0.05), row="frame", col="group", title="t", diverging=True, vlim=1)
    assert any("(\u22120.05 to +0.30)" in t.get_text() for t in scores.axes[0].texts)
    crowded = plots.heatmap(_cells(12), row="frame", col="group", title="t", diverging=False, vlim=0.5)
    assert crowded.get_figwidth() <= plots.PAGE_WIDTH
    assert not any("(" in t.get_text() for t in crowded.axes[0].texts)         # no room for "(low–high)": a line


@pytest.mark.parametrize("groups", [6, 12, 20])
def test_a_heatmap_of_many_sources_keeps_each_interval_as_a_line_and_its_labels_apart(groups):
    table = _cells(groups).assign(ci_low=lambda t: t["mean"] - 0.05, ci_high=lambda t: t["mean"] + 0.1)
    fig = plots.heatmap(table, row="frame", col="group", title="t", diverging=False, vlim=0.5)
    assert fig.get_figwidth() <= plots.PAGE_WIDTH
    ax = fig.axes[0]
    lines = [ln for ln in ax.lines if ln.get_gid() == "interval"]
    assert len(lines) == len(table)                                            # every cell keeps its interval
    # a line spans its interval on the colour scale: 0 at the cell's left edge (x - 0.42), 0.5 at its right
    for ln in lines:
        (x0, x1), (y, _) = ln.get_xdata(), ln.get_ydata()
        col, r = round((x0 + x1) / 2), int(y)
        cell = table.iloc[r * groups + sorted(range(groups), key=lambda g: f"unknown outlet, relays Agency {g}")[col]]
        left = col - 0.42 + 0.84 * max(0.0, cell["ci_low"]) / 0.5
        assert x0 == pytest.approx(left) and x1 - x0 == pytest.approx(0.84 * (min(0.5, cell["ci_high"]) -
                                                                              max(0.0, cell["ci_low"])) / 0.5)
    assert "95% interval" in ax.get_xlabel()
    fig.savefig(io.BytesIO(), format="png")
    renderer = fig.canvas.get_renderer()
    numbers = [t.get_window_extent(renderer) for t in ax.texts]
    assert not any(a.overlaps(b) for i, a in enumerate(numbers) for b in numbers[:i])
    ticks = [t.get_window_extent(renderer) for t in ax.get_xticklabels()]
    assert not any(a.overlaps(b) for i, a in enumerate(ticks) for b in ticks[:i])
    assert not any("…" in t.get_text() for t in ax.get_xticklabels())       # names whole, not cut


def test_a_hatched_cell_shows_its_number_on_a_pale_box_and_a_shared_caveat_is_named_in_the_title():
    fig = plots.heatmap(_cells(3, flag="fewer than 10 sentences"), row="frame", col="group", title="t",
                        diverging=False, vlim=0.5)
    boxed = [t for t in fig.axes[0].texts if t.get_bbox_patch() is not None]
    assert boxed and all(t.get_color() == "#222" for t in boxed)
    every = _cells(3).assign(flag="fewer than 5 articles")
    title = plots.heatmap(every, row="frame", col="group", title="t", diverging=False, vlim=0.5).axes[0].get_title("left")
    assert title.endswith("(every cell: fewer than 5 articles)")


def test_stacked_bars_read_top_down_in_the_order_of_their_table():
    table = pd.DataFrame({"lead": [1, 2, 3], "body": [5, 6, 7]}, index=["First", "Second", "Third"])
    ax = plots.stacked_by_group(table, title="t", xlabel="x").axes[0]
    ticks = sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])
    assert [t.get_text() for t in ticks] == ["First", "Second", "Third"]


def test_a_folded_note_keeps_its_details_inside_the_fold_once_rendered_as_a_report_renders_it():
    """nbconvert re-parses each raw-HTML block of a Markdown output alone and closed <details> at once: the
    details of every validity note showed under an empty fold."""
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    from analysis.reporting import safe
    from analysis.reporting.notebook import markdown_html

    note = safe.folded("*Validity*: short.", safe.bullets(["first figure", "second figure"]))
    page = markdown_html(note)
    inside = page[page.index("<details>"):page.index("</details>")]
    assert "first figure" in inside and "second figure" in inside and page.index("short.") < page.index("<details>")
    # what nbconvert does with the same text as a Markdown output (embed_images=True, as render.py sets it)
    as_markdown = MarkdownWithMath(renderer=IPythonRenderer(escape=False, embed_images=True)).render(note)
    assert "first figure" not in as_markdown[as_markdown.index("<details>"):as_markdown.index("</details>")]


def test_a_folded_table_keeps_its_notes_inside_the_fold():
    """A note above the summary line ("In every row: article …") read as if it belonged to the text before."""
    html = table_html(salience_like(FOLD_ROWS + 1).assign(label="x"), "x")
    assert html.index("<summary>") < html.index("The same in every row") < html.index("</details>")
    assert html.index("<summary>") < html.index("Caveat on every row") < html.index("</details>")


def test_a_short_flag_in_the_table_and_its_explanation_once_under_it():
    """Table cells carry a letter; under the table, each caveat and each jargon heading is explained once, the
    caveats first; the interval's unit reads in words ("sentences evoking either frame", "no interval")."""
    frame = pd.DataFrame({"source": ["A", "B", "C"], "mean": [0.1, 0.5, -0.2], "ci_low": [0.0, None, None],
                          "ci_high": [0.3, None, None], "n": [30, 6, 4],
                          "ci_unit": ["pole sentences", "none", "none"],
                          "flag": ["", "fewer than 10 pole sentences", "fewer than 10 pole sentences"]})
    shown, _ = tidy(frame)
    assert shown["flag"].tolist() == ["", "a", "a"]
    assert shown["ci_unit"].tolist() == ["sentences evoking either frame", "no interval (too few, or all alike)",
                                         "no interval (too few, or all alike)"]
    html = table_html(frame, "axis")
    under = html[html.index("</table>"):]
    explained = re.findall(r"<p><small>(.*?)</small></p>", under)[0]
    assert explained.startswith("Caveats: (a) fewer than 10 pole sentences (the sentences evoking either frame")
    assert explained.index("Caveats") < explained.index("Interval computed over")
    assert html.count("fewer than 10 pole sentences") == 1


def test_a_legend_is_titled_in_words_never_by_a_stored_column_name():
    rows = pd.DataFrame({"group": ["A", "A", "B", "B"], "label": ["Cost", "Safety", "Cost", "Safety"],
                         "source_label": ["A", "A", "B", "B"], "mean": [0.1, 0.2, 0.3, 0.4],
                         "ci_low": [0.0, 0.1, 0.2, 0.3], "ci_high": [0.2, 0.3, 0.4, 0.5]})
    titled = plots.forest(rows, group="label", group_title="frame", title="t", xlabel="x")
    assert titled.axes[0].get_legend().get_title().get_text() == "frame"
    named = plots.forest(rows.rename(columns={"group": "g"}), label="g", group="source_label", title="t", xlabel="x")
    assert named.axes[0].get_legend().get_title().get_text() == "outlet"


def test_panels_share_one_x_label_in_percent():
    """Two bottom panels each labelled "share of sentences (hollow: ...)" ran into each other (report 05)."""
    rows = [{"group": g, "frame": f, "method": m, "mean": 0.2, "ci_low": 0.1, "ci_high": 0.3,
             "flag": "fewer than 5 articles"}
            for g in ("A", "B") for f in ("f1", "f2", "f3", "f4") for m in ("dictionary", "classifier")]
    fig = plots.forest_panels(pd.DataFrame(rows), "frame", label="group", group="method", title="t",
                              xlabel="share of sentences", percent=True)
    assert all(ax.get_xlabel() == "" for ax in fig.axes)
    assert fig.get_supxlabel().startswith("share of sentences") and "hollow" in fig.get_supxlabel()
    fig.canvas.draw()
    shown = [t.get_text() for ax in fig.axes if ax.axison for t in ax.get_xticklabels() if t.get_text()]
    assert shown and all(t.endswith("%") for t in shown), shown
