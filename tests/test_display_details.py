"""Details a newcomer trips on: a timeline of few sentences a week, dates in tables, heatmap annotations and the
counts the actor-tone caveats name (a story of a few outlets over two or three months)."""
import json

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")

from analysis import compare  # noqa: E402
from analysis.corpus import build_corpus  # noqa: E402
from analysis.corpus.summary import source_summary  # noqa: E402
from analysis.reporting import caveats, plots  # noqa: E402
from analysis.reporting.notebook import table_html, tidy  # noqa: E402
from analysis.reporting.safe import cell_text  # noqa: E402

MENTION = "fewer than 5 articles"


def _story(days: list[str], sentences: list[int], share: float = 0.5):
    """Salience rows and articles: one article a day from one outlet, ``sentences`` prose sentences each."""
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(days))], "source_label": "Alpha Times",
                             "published": days, "n_sentences": sentences})
    salience = pd.DataFrame({"article_id": articles["article_id"], "frame": "cost", "lexicon": "transit",
                             "sentence_share": share})
    return salience, articles


def test_weeks_for_a_short_span_and_months_for_a_long_one():
    _, short = _story(["2021-07-26", "2021-08-03", "2021-08-16"], [4, 4, 4])
    _, long = _story(["2021-07-26", "2021-08-16", "2021-09-20", "2021-10-12"], [4, 4, 4, 4])
    assert compare.period_for(short) == "W" and compare.period_for(long) == "M"


def test_a_period_of_few_sentences_has_no_interval_and_a_flag_and_one_of_many_has_wilson_s():
    salience, articles = _story(["2021-07-26", "2021-08-03"], [4, 40])
    out = compare.frame_timeline(salience, articles, freq="W").set_index("sentences")
    assert out.loc[4, "flag"] == "fewer than 10 sentences" and np.isnan(out.loc[4, "ci_low"])
    assert out.loc[40, "flag"] == "" and out.loc[40, "ci_low"] < 0.5 < out.loc[40, "ci_high"]
    assert str(out.loc[40, "period"].date()) == "2021-08-02"              # a week is dated by its Monday


def _weekly():
    weeks = pd.to_datetime(["2021-07-26", "2021-08-02", "2021-08-16", "2021-08-23"])   # no sentence the week of 9 Aug
    rows = [{"period": w, "group": g, "frame": f, "share": 0.2 + 0.1 * i, "sentences": n,
             "ci_low": np.nan if n < 10 else 0.1, "ci_high": np.nan if n < 10 else 0.5,
             "flag": "fewer than 10 sentences" if n < 10 else ""}
            for i, (w, n) in enumerate(zip(weeks, (4, 12, 6, 20))) for g in ("left", "right") for f in ("a", "b")]
    return pd.DataFrame(rows)


def test_a_timeline_breaks_at_an_empty_week_bands_its_intervals_and_draws_thin_points_hollow():
    fig = plots.frame_timeline(_weekly(), {}, plots.group_colors(["left", "right"]), title="t")
    fig.canvas.draw()
    ax = next(a for a in fig.axes if a.lines)
    line = ax.lines[0]
    assert len(line.get_xdata()) == 5 and np.isnan(np.asarray(line.get_ydata(), dtype=float)[2])   # a gap, not a join
    hollow = [c for c in ax.collections if c.get_gid() == "few"]
    assert hollow and all(len(c.get_offsets()) == 2 for c in hollow)          # the two weeks of fewer than 10
    assert (hollow[0].get_facecolors()[:, :3] == 1).all()                     # white inside
    assert any(type(c).__name__ in ("PolyCollection", "FillBetweenPolyCollection") for c in ax.collections)
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels and all("2021" in t for t in labels) and ax.xaxis.get_offset_text().get_text() == ""
    key = fig.legends[0].get_title().get_text().replace("\n", " ")   # the key wraps to the figure's width
    assert "hollow: too few sentences" in key and "band and bar: 95% interval" in key and "no sentence that week" in key
    assert [len(c.get_segments()) for c in ax.collections if c.get_gid() == "interval"] == [2, 2]


def test_monthly_periods_are_ticked_by_month():
    months = pd.to_datetime(["2021-07-01", "2021-08-01", "2021-09-01"])
    rows = [{"period": m, "group": "left", "frame": "a", "share": 0.3, "sentences": 12, "ci_low": 0.1,
             "ci_high": 0.6, "flag": ""} for m in months]
    fig = plots.frame_timeline(pd.DataFrame(rows), {}, {"left": "#000"}, title="t")
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert labels == ["Jul\n2021", "Aug\n2021", "Sep\n2021"]
    assert "one month" in fig.legends[0].get_title().get_text()


def test_dates_in_report_tables_read_as_the_csv_writes_them():
    assert cell_text(pd.Timestamp("2021-07-26")) == "2021-07-26"
    assert cell_text(pd.Timestamp("2021-07-26 14:05")) == "2021-07-26 14:05"
    assert cell_text(pd.NaT) == ""
    frame = pd.DataFrame({"period": pd.to_datetime(["2021-07-26", "2021-08-02", None]), "share": [0.1, 0.2, 0.3]})
    html = table_html(frame, "frames_over_time")
    assert "2021-07-26" in html and "00:00:00" not in html and "NaT" not in html
    same = pd.DataFrame({"period": pd.to_datetime(["2021-07-26"] * 3), "share": [0.1, 0.2, 0.3]})
    assert "“2021-07-26”" in " ".join(tidy(same)[1])                         # "In every row: period ..."


def _cells(n, flags, low=-0.5, high=0.5, unit="articles"):
    return pd.DataFrame({"actor": ["mayor", "riders", "council"], "group": ["right"] * 3,
                         "mean": [0.0, -0.78, 0.2], "ci_low": low, "ci_high": high, "n": n,
                         "n_articles": [3, 1, 2], "ci_unit": unit, "flag": flags})


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_a_zero_width_interval_is_not_written_as_one():
    cells = _cells([12, 12, 12], ["", "", ""], low=0.0, high=0.0, unit="none")
    texts = _texts(plots.heatmap(cells, row="actor", col="group", title="t"))
    assert texts and not any("[" in t for t in texts)
    shown, notes = tidy(cells.drop(columns="group"))
    assert shown["mean (95% interval)"].iloc[0] == "0.00 (all alike, no interval)" and "“no interval (too few, or all alike)”" in notes[0]


def test_a_cell_below_the_minimum_is_hatched_even_when_every_cell_shares_a_caveat():
    few = "fewer than 10 sentences"
    cells = _cells([12, 1, 11], [MENTION, f"{few}; {MENTION}", MENTION])
    fig = plots.heatmap(cells, row="actor", col="group", title="Tone", articles=caveats.MENTIONING)
    ax = fig.axes[0]
    hatched = [p for p in ax.patches if p.get_gid() == "hatch"]
    assert len(hatched) == 1 and hatched[0].get_y() == 2 - 0.5               # riders: the third row (sorted by name)
    assert any(p.get_gid() == "pale" for p in ax.patches)
    assert "every cell: fewer than 5 articles that mention the actor (1 to 3 in each)" in ax.get_title(loc="left")
    assert ax.get_xlabel().startswith("Hatched and pale: fewer than 10 sentences.")     # the hatch named


def test_the_actor_caveat_names_the_pairs_and_counts_the_articles_that_mention_the_actor():
    rows = pd.DataFrame({"leaning": ["right", "left"], "actor": ["mayor", "riders"], "n_articles": [3, 7],
                         "flag": [MENTION, ""]})
    said = caveats.for_groups(rows, ["leaning"], about="actor", labels={"mayor": "The mayor"},
                              articles=caveats.MENTIONING)
    assert "For **right** on *The mayor* (3 articles): fewer than 5 articles that mention the actor\\: " in said
    assert "left" not in said
    _, notes = tidy(rows.assign(mean=[0.1, 0.2]))
    assert "fewer than 5 articles that mention the actor" in " ".join(notes)


def test_a_source_naming_no_relayed_source_says_unknown_as_the_articles_table_does(tmp_path):
    rows = [{"id": f"r{i}", "title": f"Story {i}", "outlet": "Alpha Times", "published": "2021-08-0{}".format(i + 1),
             "text": f"The council met on day {i} to talk about bus fares and the budget for next year."}
            for i in range(2)]
    (tmp_path / "export.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    corpus = build_corpus(tmp_path)
    assert set(corpus.articles["relayed_source"]) == {"unknown"}
    assert source_summary(corpus)["relayed_sources"].tolist() == ["unknown"]


def test_a_heatmap_states_n_once_under_it_and_keeps_its_cells_to_the_value():
    for groups, n in ((1, [12, 1, 11]), (1, [7, 7, 7]), (14, None)):
        cells = pd.concat([_cells(n or [3, 4, 5], ["", "", ""]).assign(group=f"outlet {g}") for g in range(groups)])
        ax = plots.heatmap(cells, row="actor", col="group", title="t").axes[0]
        assert ax.texts and not any("n=" in t.get_text() or "n =" in t.get_text() for t in ax.texts)
        assert ax.get_xlabel().count("n = ") == 1
    assert plots.counts_said(pd.Series([12, 1, 11])) == "n = 1 to 12 observations per cell"
    assert plots.counts_said(pd.Series([7, 7])) == "n = 7 observations in every cell"
    assert plots.counts_said(pd.Series([1, 1]), "mention") == "n = 1 mention in every cell"
    assert plots.counts_said(pd.Series([2, 9]), "sentence") == "n = 2 to 9 sentences per cell"
    cells = _cells([3, 4, 5], ["", "", ""]).assign(group="outlet")
    assert plots.heatmap(cells, row="actor", col="group", title="t", unit="mention").axes[0].get_xlabel().endswith(
        "n = 3 to 5 mentions per cell")


def test_every_heatmap_of_the_reports_says_what_its_n_counts():
    """A heatmap in a notebook names the unit its ``n`` counts (``unit=``), never the default "observations"."""
    import json
    import re
    from pathlib import Path

    calls = 0
    for path in sorted(Path(__file__).parents[1].glob("notebooks/*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            source = "".join(cell["source"])
            for m in re.finditer(r"plots\.heatmap\(", source):
                call = source[m.end():source.find("page.figure", m.end())]
                calls += 1
                assert re.search(r"\bunit=", call), f"{path.name}: a heatmap with no unit: {call[:80]}"
    assert calls >= 4
