"""Twenty to forty outlets: every figure stays readable (labels whole and apart, each outlet once in a legend,
no two outlets drawn alike)."""
import io

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from analysis.reporting import plots  # noqa: E402

NAMES = [f"Outlet {chr(65 + i % 26)}{i // 26} {'Daily' if i % 3 else 'Evening Post'}" for i in range(40)]


def _boxes(fig, texts):
    fig.savefig(io.BytesIO(), format="png")                   # final layout, as a report saves it
    renderer = fig.canvas.get_renderer()
    from matplotlib.text import Text
    return [Text.get_window_extent(t, renderer) for t in texts if t.get_text()]


def _apart(fig, texts) -> bool:
    boxes = _boxes(fig, texts)
    return not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[:i])


def _shares(names, shift=0.0):
    return pd.DataFrame({"group": names, "mean": [0.02 + 0.002 * i + shift for i in range(len(names))],
                         "ci_low": [0.01 + 0.002 * i for i in range(len(names))],
                         "ci_high": [0.05 + 0.002 * i + shift for i in range(len(names))], "flag": [""] * len(names)})


@pytest.mark.parametrize("n", [20, 40])
def test_no_two_outlets_share_colour_and_marker(n):
    colors = plots.group_colors(NAMES[:n])
    styles = {(colors[g], plots.group_marker(g, colors)) for g in NAMES[:n]}
    assert len(styles) == n
    assert len(set(colors.values())) == min(n, len(plots.PALETTE))          # every colour used before one repeats


@pytest.mark.parametrize("n", [20, 40])
def test_the_frame_map_numbers_each_point_and_names_each_outlet_once_whole_in_its_key(n):
    names = NAMES[:n]
    colors = plots.group_colors(names)
    x, y = _shares(names), _shares(names, 0.01)
    crowd = names[:5]                                            # five outlets evoke neither frame: one point
    for t in (x, y):
        t.loc[t.group.isin(crowd), ["mean", "ci_low", "ci_high"]] = 0.0
    fig = plots.frame_map(x, y, colors, xlabel="x", ylabel="y", title="t")
    ax = fig.axes[0]
    assert ax.get_legend() is None                               # colours repeat: no legend relies on them
    numbers = [t for t in ax.texts if t.get_text().isdigit()]
    assert sorted(int(t.get_text()) for t in numbers) == list(range(1, n - 3))   # one number per point
    assert {t.xy for t in numbers} == {(round(a, 4), round(b, 4)) for a, b in zip(x["mean"], y["mean"])}
    assert _apart(fig, numbers)
    key = [t.get_text() for t in ax.texts if not t.get_text().isdigit() and "\n" in t.get_text()]
    assert len(key) == 1
    entries = key[0].replace("\n    ", " ").splitlines()
    assert len(entries) == n - 4
    listed = [name for entry in entries for name in entry.split("  ", 1)[1].split(", ")]
    assert sorted(listed) == sorted(names)                       # once each, not cut
    shared = next(e for e in entries if crowd[0] in e)
    assert all(name in shared for name in crowd)                 # the outlets at one point share its number
    assert _apart(fig, [*numbers, *(t for t in ax.texts if t.get_text() == key[0])])


@pytest.mark.parametrize("n", [20, 40])
def test_the_axis_plot_draws_each_outlet_apart(n):
    names = NAMES[:n]
    colors = plots.group_colors(names)
    table = _shares(names).assign(mean=lambda t: t["mean"] * 10 - 0.5, ci_low=lambda t: t["ci_low"] * 10 - 0.5,
                                  ci_high=lambda t: t["ci_high"] * 10 - 0.5)
    fig = plots.forest(table, colors, title="axis", xlabel="axis score")
    ax = fig.axes[0]
    points = [ln for ln in ax.lines if len(ln.get_xdata()) == 1]
    assert len({(ln.get_color(), ln.get_marker()) for ln in points}) == n
    assert _apart(fig, ax.get_yticklabels()) and {t.get_text() for t in ax.get_yticklabels()} == set(names)


def test_a_timeline_of_thirty_outlets_draws_the_largest_and_pools_the_rest_in_one_legend_entry_each():
    names = NAMES[:30]
    colors = plots.group_colors(names)
    rows = [{"period": p, "group": g, "frame": f, "share": 0.1 + 0.01 * i, "sentences": 10 + i}
            for p in ("2024-01-01", "2024-01-08") for i, g in enumerate(names) for f in ("a", "b")
            if not (f == "a" and i % 2)]                           # half the outlets never evoke frame a
    fig = plots.frame_timeline(pd.DataFrame(rows), {"a": "Frame A", "b": "Frame B"}, colors, title="t")
    legend = fig.legends[0]
    shown = [t.get_text() for t in legend.get_texts()]
    assert shown == sorted(names[-6:]) + ["other outlets (24)"]      # thirty lines could not be told apart
    assert len({(h.get_color(), h.get_marker()) for h in legend.legend_handles}) == 7
    assert _apart(fig, legend.get_texts())


def test_a_heatmap_of_forty_outlets_runs_them_down_the_page():
    cells = pd.DataFrame([{"frame": f"frame {r}", "group": g, "mean": 0.05 * r, "ci_low": 0.0, "ci_high": 0.2,
                           "n": 30, "flag": ""} for r in range(5) for g in NAMES])
    fig = plots.heatmap(cells, row="frame", col="group", title="t", diverging=False, vlim=0.5,
                        col_labels=None, row_labels={f"frame {r}": f"Frame {r}" for r in range(5)})
    ax = fig.axes[0]
    assert fig.get_figwidth() <= plots.PAGE_WIDTH
    assert {t.get_text().replace("\n", " ") for t in ax.get_yticklabels()} == set(NAMES)
    assert [t.get_text() for t in ax.get_xticklabels()] == [f"Frame {r}" for r in range(5)]
    assert _apart(fig, ax.texts) and _apart(fig, ax.get_yticklabels()) and _apart(fig, ax.get_xticklabels())


LONG = "The Baghdad Post of the Middle East and Gulf"      # 44 characters: a real outlet's name, shown whole


def _fact_matrix(n_outlets: int, n_facts: int) -> pd.DataFrame:
    index = pd.MultiIndex.from_tuples([("(all)", f"F{i + 1}", f"A fact stated by many outlets about the airport, {i}")
                                       for i in range(n_facts)], names=["event", "fact_id", "label"])
    return pd.DataFrame([["lead" if (i + j) % 3 else "" for j in range(n_outlets)] for i in range(n_facts)],
                        index=index, columns=NAMES[:n_outlets])


def _saved_width(fig) -> float:
    """Inches the saved PNG takes, as a report shows it."""
    from PIL import Image
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return Image.open(buffer).size[0] / matplotlib.rcParams["savefig.dpi"]


@pytest.mark.parametrize("n_facts", [20, 40])
def test_the_fact_matrix_of_forty_outlets_fits_the_page_with_every_name_whole_and_apart(n_facts):
    matrix = _fact_matrix(40, n_facts).rename(columns={NAMES[7]: LONG})
    fig = plots.fact_matrix(matrix, plots.group_colors(NAMES), title="Facts stated by two or more sources: where "
                            "each source states them", max_rows=n_facts)
    ax = fig.axes[0]
    assert _saved_width(fig) <= plots.PAGE_WIDTH
    names, ids = ax.get_yticklabels(), ax.get_xticklabels()     # turned: outlets are rows, facts are columns
    shown = [t.get_text().replace("\n", " ") for t in names]                # a long name wraps, whole
    assert shown == [LONG if n == NAMES[7] else n for n in NAMES] and _apart(fig, names)
    assert [t.get_text() for t in ids] == [f"F{i + 1}" for i in range(n_facts)] and _apart(fig, ids)
    assert min(t.get_fontsize() for t in [*names, *ids]) >= 8
    key = [t.get_text() for a in fig.axes[1:] for t in a.texts]
    assert key[0].splitlines() == [f"{fid}: {label}" for (_, fid, label) in matrix.index]    # each fact, whole


def test_the_fact_matrix_of_a_few_outlets_has_facts_as_rows_within_the_page():
    matrix = _fact_matrix(6, 12)
    fig = plots.fact_matrix(matrix, plots.group_colors(NAMES[:6]), title="Facts stated by two or more sources: "
                            "where each source states them")
    ax = fig.axes[0]
    assert _saved_width(fig) <= plots.PAGE_WIDTH
    assert [t.get_text() for t in ax.get_xticklabels()] == NAMES[:6] and _apart(fig, ax.get_xticklabels())
    assert [t.get_text().split(":")[0] for t in ax.get_yticklabels()] == [f"F{i + 1}" for i in range(12)]


SENTENCE = ("However, Sudani believes that the coalition's presence is no longer needed, as the Iraqi forces are "
            "now able to secure the country on their own, he told reporters in Davos on Thursday, {}")


def _long_facts(n_outlets: int, n_facts: int) -> pd.DataFrame:
    matrix = _fact_matrix(n_outlets, n_facts)
    matrix.index = pd.MultiIndex.from_tuples([(e, f, SENTENCE.format(i) if i % 2 else f"Short fact {i}")
                                              for i, (e, f, _) in enumerate(matrix.index)], names=matrix.index.names)
    return matrix


def test_the_fact_matrix_shows_each_sentence_whole_on_lines_that_fit_the_page():
    """The fact sentences were cut to 70 characters with "…" (20 of them in report 00): they wrap onto lines,
    the rows grow to hold them, and none runs into the next or off the page."""
    matrix = _long_facts(5, 12)
    fig = plots.fact_matrix(matrix, plots.group_colors(NAMES[:5]), title="Facts stated by two or more sources")
    ax = fig.axes[0]
    labels = ax.get_yticklabels()
    assert [" ".join(t.get_text().split()) for t in labels] == [f"{fid}: {lab}" for (_, fid, lab) in matrix.index]
    assert all(len(line) <= 70 for t in labels for line in t.get_text().splitlines())
    assert max(len(t.get_text().splitlines()) for t in labels) > 1 and _apart(fig, labels)
    assert min(t.get_fontsize() for t in labels) >= 8 and _saved_width(fig) <= plots.PAGE_WIDTH
    one_line = plots.fact_matrix(_fact_matrix(5, 12), plots.group_colors(NAMES[:5]), title="Facts")
    assert fig.get_figheight() > one_line.get_figheight()          # grown to hold the lines, not squeezed
    # each fact's marks stay on its row: the middle of its label
    renderer = fig.canvas.get_renderer()
    middles = [(b.y0 + b.y1) / 2 for b in (t.get_window_extent(renderer) for t in labels)]
    marks = sorted({round(float(ax.transData.transform((x, y))[1])) for line in ax.get_lines()
                    for x, y in zip(line.get_xdata(), line.get_ydata()) if line.get_marker() in ("s", "D", "^", "o")},
                   reverse=True)
    assert all(min(abs(m - c) for c in middles) <= 0.25 * plots.KEY_8PT * fig.dpi for m in marks)   # a quarter line


def test_the_turned_fact_matrix_keys_each_sentence_whole():
    matrix = _long_facts(30, 6)
    fig = plots.fact_matrix(matrix, plots.group_colors(NAMES), title="Facts")
    key = fig.axes[1].texts[0]
    assert " ".join(key.get_text().split()) == " ".join(f"{fid}: {lab}" for (_, fid, lab) in matrix.index)
    assert "…" not in key.get_text()
    fig.savefig(io.BytesIO(), format="png")
    renderer = fig.canvas.get_renderer()
    assert key.get_window_extent(renderer).y0 >= 0 and _saved_width(fig) <= plots.PAGE_WIDTH


def test_sentence_dots_of_forty_outlets_have_their_names_apart():
    frame = pd.DataFrame({"group": [g for g in NAMES for _ in range(3)], "compound": [0.1, -0.2, 0.3] * 40})
    fig = plots.distribution_by_group(frame, "compound", plots.group_colors(NAMES), title="t", xlabel="x")
    assert _apart(fig, fig.axes[0].get_yticklabels())


def _forest_table(n_labels, groups):
    rows = [{"group": NAMES[i], "series": g, "mean": 0.01 * i + 0.02 * j, "ci_low": 0.01 * i - 0.05 + 0.02 * j,
             "ci_high": 0.01 * i + 0.05 + 0.02 * j, "flag": ""}
            for i in range(n_labels) for j, g in enumerate(groups)]
    return pd.DataFrame(rows)


def _marks(fig):
    """Each series' marks (one-point lines), as display (x, y), keyed by colour and marker."""
    ax = fig.axes[0]
    out = {}
    for line in ax.get_lines():
        xs, ys = line.get_xdata(), line.get_ydata()
        if len(xs) == 1 and line.get_marker() not in (None, "None", ""):
            key = (line.get_color(), line.get_marker())
            out.setdefault(key, []).append(ax.transData.transform((xs[0], ys[0])))
    return out


@pytest.mark.parametrize("n_groups", [3, 8])
def test_a_forest_of_sixteen_outlets_draws_every_series_in_legend_order_without_a_page_per_row(n_groups):
    groups = ["body", "headline", "lead", "subtitle", "quote", "reported", "own", "caption"][:n_groups]
    fig = plots.forest(_forest_table(16, groups), group="series", title="t", xlabel="x")
    fig.savefig(io.BytesIO(), format="png")
    legend = fig.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == sorted(groups)   # none dropped, in their order
    marks = _marks(fig)
    handles = [(h.get_color(), h.get_marker()) for h in legend.legend_handles]
    assert len(set(handles)) == n_groups and all(len(marks[h]) == 16 for h in handles)
    # within each outlet's row the series run from the top down in the legend's order, apart
    point = fig.dpi / 72
    for row in range(16):
        ys = [marks[h][row][1] for h in handles]
        assert all(a - b >= 6 * point for a, b in zip(ys, ys[1:]))
    assert fig.get_figheight() <= 0.25 * 16 * n_groups + 1.5            # not the 18 inches a row of 3 took


def test_a_forest_of_five_outlets_and_three_series_fits_one_screen():
    fig = plots.forest(_forest_table(5, ["body", "headline", "lead"]), group="series", title="t", xlabel="x")
    assert fig.get_figheight() <= 5.0


@pytest.mark.parametrize("n_groups,n_facts", [(16, 40), (40, 20)])
def test_the_turned_fact_matrix_ends_with_its_key_and_says_which_facts_it_shows(n_groups, n_facts):
    matrix = _fact_matrix(n_groups, n_facts + 10)
    fig = plots.fact_matrix(matrix, plots.group_colors(NAMES), title="Facts", max_rows=n_facts)
    fig.savefig(io.BytesIO(), format="png")
    renderer = fig.canvas.get_renderer()
    key = fig.axes[1].texts[0].get_window_extent(renderer)
    assert key.y0 <= 0.4 * fig.dpi                                    # no blank band under the key
    assert key.y1 < fig.axes[0].get_tightbbox(renderer).y0            # nor the key over the matrix
    assert f"the {n_facts} of {n_facts + 10} stated by the most sources" in fig.axes[0].get_title("left").replace("\n", " ")


def test_a_timeline_with_every_kind_of_point_keeps_its_key_within_the_page():
    names = NAMES[:10]
    rows = [{"period": p, "group": g, "frame": f, "share": 0.1 + 0.01 * i, "sentences": 10 + i,
             "ci_low": 0.05, "ci_high": 0.3, "flag": "fewer than 10 sentences" if i == 9 else ""}
            for p in ("2024-01-01", "2024-01-08", "2024-01-15") for i, g in enumerate(names) for f in ("a", "b")]
    fig = plots.frame_timeline(pd.DataFrame(rows), {"a": "Frame A", "b": "Frame B"}, plots.group_colors(names),
                               title="Share of sentences evoking each frame, by week")
    key = fig.legends[0].get_title().get_text().replace("\n", " ")
    assert "band and bar" in key and "hollow" in key and "grey" in key          # every kind of point explained
    assert _saved_width(fig) <= plots.PAGE_WIDTH                               # so it is shown at 100%, not shrunk
