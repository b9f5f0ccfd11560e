"""Issue 19: one number form per report. A value with its interval reads the same in a table, in the prose
beside it and in its figure (signed or not decided for the whole set, analysis.reporting.intervals); the
numbers of one column share their precision; topic weights read as percentages in tables, as in the heatmap."""
import nbformat
import pandas as pd

from analysis.paths import ROOT
from analysis.reporting import findings, gate, intervals, plots, safe
from analysis.reporting.intervals import MINUS, figure
from analysis.reporting.notebook import table_html, with_intervals


def _scores():
    return pd.DataFrame({"source_label": ["A", "B", "C"], "mean": [0.03, 0.19, -0.35],
                         "ci_low": [-0.12, 0.06, -0.59], "ci_high": [0.16, 0.36, -0.09], "n": [40, 40, 40],
                         "ci_unit": ["articles"] * 3, "flag": [""] * 3})


def test_a_set_with_a_negative_number_is_signed_throughout():
    shown = with_intervals(_scores())["mean (95% interval)"].tolist()
    assert shown == [f"+0.03 ({MINUS}0.12 to +0.16)", "+0.19 (+0.06 to +0.36)",
                     f"{MINUS}0.35 ({MINUS}0.59 to {MINUS}0.09)"]


def test_a_set_without_a_negative_number_is_unsigned_with_en_dashes():
    positive = _scores().iloc[[1]].assign(ci_low=0.06)
    assert with_intervals(positive)["mean (95% interval)"].tolist() == ["0.19 (0.06–0.36)"]
    prose = findings.ranking(positive, what="x", more="more", gate=gate.Gate("x"))
    assert "0.19 (0.06–0.36)" in prose and "+0.19" not in prose


def test_prose_table_and_figure_write_each_value_alike():
    table = _scores()
    shown = set(with_intervals(table)["mean (95% interval)"])
    prose = findings.ranking(table, what="x", more="more", gate=gate.Gate("x"))
    for text in shown:
        assert text in prose, text
    fig = plots.heatmap(table.assign(frame="f"), row="frame", col="source_label", title="t")
    cells = {t.get_text().replace("\n", " ") for t in fig.axes[0].texts}
    assert shown <= cells, cells - shown
    actors = table.assign(actor="x")
    stance = findings.actor_cells(actors, {}, min_mentions=1, gate=gate.Gate("x"))
    assert f"{MINUS}0.35 ({MINUS}0.59 to {MINUS}0.09)" in stance


def test_a_near_zero_value_does_not_make_a_set_signed():
    assert not intervals.signed([0.2, -0.001], [0.1, -0.004])
    assert intervals.signed([0.2], [-0.01])


def test_whole_valued_floats_share_the_precision_of_their_column():
    html = safe.table(pd.DataFrame({"label": ["a", "b", "c"], "alpha": [1.0, 0.98, 0.0], "n": [9.0, 17.0, 3.0]}))
    assert '<td class="num">1.00</td>' in html and '<td class="num">0.00</td>' in html
    assert '<td class="num">1</td>' not in html and '<td class="num">9</td>' in html     # counts stay counts
    assert figure(7.0) == "7" and figure(1.0, fraction=True) == "1.00"


def test_topic_weights_read_as_percentages_in_report_03_tables():
    per_article = pd.DataFrame({"article_id": ["a1", "a2"], "topic 0": [0.10, 0.45], "topic 1": [0.90, 0.55]})
    html = table_html(per_article, "topics_articles",
                      shares=[c for c in per_article.columns if str(c).startswith("topic ")])
    assert ">10%<" in html and ">0.10<" not in html
    source = {c.source for c in nbformat.read(ROOT / "notebooks" / "03-topics.ipynb", 4).cells}
    articles = next(s for s in source if '"topics_articles"' in s)
    units = next(s for s in source if "top_units(" in s and "page.table" in s)
    assert "shares=" in articles and 'startswith("topic ")' in articles
    assert 'shares=["weight"]' in units


def test_report_02_writes_an_actor_score_as_its_table_does():
    actors = _scores().assign(actor="x")
    positive = actors.iloc[1]
    assert findings.mean_estimate(positive, actors) == "+0.19 (+0.06 to +0.36)"
    assert findings.mean_estimate(positive, actors.iloc[[1]]) == "0.19 (0.06–0.36)"
    source = "\n".join(c.source for c in nbformat.read(ROOT / "notebooks" / "02-sentiment.ipynb", 4).cells)
    assert "{:+.2f}" not in source and "findings.mean_estimate(row, actor_table)" in source
