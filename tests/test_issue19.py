"""Issue 19: errors a newcomer met (a grouping column clashing with a measure's own column, ...)."""
import pandas as pd
import pytest

from analysis.compare import attach, check_by
from analysis.compare.sentiment import group_actor_sentiment
from analysis.compare.agreement import Agreement
from analysis.errors import SettingsError
from analysis.reporting import findings
from analysis.reporting.gate import Gate
from analysis.schema import MEASURE_TABLES
from analysis import open_study
from analysis.reporting.notebook import axis_placeholder_note
from analysis.settings import Settings, check_names, load_settings


def _articles(**meta):
    return pd.DataFrame({"article_id": ["a1", "a2"], "source_label": ["A", "B"], "title": ["t1", "t2"], **meta})


def _mentions():
    return pd.DataFrame({"article_id": ["a1", "a1", "a2"], "sentence_id": [0, 1, 0], "actor": ["x", "x", "x"],
                         "mention": ["X", "X", "X"], "score": [-0.5, 0.5, 0.2],
                         "stance": ["negative", "positive", "neutral"]})


def _sentences():
    return pd.DataFrame({"article_id": ["a1", "a1", "a2"], "sentence_id": [0, 1, 0], "position": ["lead"] * 3,
                         "in_quote": [False] * 3, "text": ["s"] * 3, "own_share": [1.0] * 3,
                         "direct_share": [0.0] * 3, "reported_share": [0.0] * 3})


def test_grouping_by_a_column_a_measure_table_has_is_refused_naming_it():
    articles = _articles(stance=["left", "right"])
    with pytest.raises(SettingsError) as err:
        group_actor_sentiment(_mentions(), _sentences(), articles, by=["stance"])
    msg = str(err.value)
    assert "'stance'" in msg and "actor mentions" in msg and "rename" in msg


@pytest.mark.parametrize("column", ["score", "role", "actor", "voice", "frame", "speaker", "topic", "mean"])
def test_every_measure_column_is_refused_as_a_grouping_column(column):
    articles = _articles(**{column: ["p", "q"]})
    with pytest.raises(SettingsError, match=f"'{column}'"):
        check_by(articles, [column])
    s = Settings().with_overrides({"compare.by": [column]})
    with pytest.raises(SettingsError) as err:
        check_names(s, columns=articles.columns)
    assert "compare.by" in str(err.value) and "rename" in str(err.value)


def test_a_table_column_that_differs_from_the_articles_is_never_grouped_by_silently():
    table = pd.DataFrame({"article_id": ["a1", "a2"], "leaning": ["own1", "own2"]})
    with pytest.raises(SettingsError, match="'leaning'"):
        attach(table, _articles(leaning=["left", "right"]), ["leaning"])
    agreeing = pd.DataFrame({"article_id": ["a1", "a2"], "leaning": ["left", "right"], "v": [1, 2]})
    out = attach(agreeing, _articles(leaning=["left", "right"]), ["leaning"])
    assert list(out["leaning"]) == ["left", "right"] and "leaning__articles" not in out


def test_article_columns_stay_groupable():
    articles = _articles(leaning=["left", "right"])
    assert check_by(articles, ["leaning"]) == ["leaning"]
    assert all("source_label" not in cols for cols in MEASURE_TABLES.values())


FRAME = 'label = "{0}"\ndefinition = "d"\nterms = ["{0}"]\n'


def _lexicon(path, name, frames):
    path.write_text(f'lexicon = "{name}"\n' + "".join(f"[frame.{f}]\n" + FRAME.format(f) for f in frames),
                    encoding="utf-8")
    return str(path)


@pytest.fixture
def axis_study(tmp_path):
    _lexicon(tmp_path / "own.toml", "own", ["alpha", "beta", "gamma"])
    study = tmp_path / "study.toml"
    study.write_text('[study]\nname = "s"\ncorpus = "."\n[lexicons]\nframes = ["own.toml"]\n'
                     '[axis]\npositive = "gamma"\nnegative = "alpha"\n', encoding="utf-8")
    return study


def test_frames_that_hold_the_axis_frames_keep_the_studys_axis_in_its_order(axis_study, tmp_path):
    other = _lexicon(tmp_path / "other.toml", "other", ["alpha", "beta", "gamma", "delta"])
    s = load_settings(axis_study, {"frames": [other, "policy"]})
    assert (s.axis.positive, s.axis.negative) == ("gamma", "alpha") and not s.axis_dropped


def test_frames_without_the_axis_frames_say_the_axis_was_dropped_naming_the_keys(axis_study, tmp_path, caplog):
    other = _lexicon(tmp_path / "other.toml", "other", ["alpha", "delta"])
    with caplog.at_level("WARNING"):
        s = load_settings(axis_study, {"frames": [other]})
    assert s.axis_dropped and not s.axis.positive and not s.axis.negative
    assert "'gamma'" in caplog.text and "axis.positive" in caplog.text
    note = axis_placeholder_note(open_study(s))
    assert "--frames" in note and "axis.positive" in note and "dropped" in note
    assert not load_settings(axis_study).axis_dropped


PASSING = Gate("the measure", (Agreement("m", "method", "held-out", 80, 0.9, 0.9, 0.6, "neutral", "s.csv", "units"),))


def _top(ci_low, ci_high, n):
    return pd.DataFrame([{"source_label": "A", "frame": "f", "mean": 0.5, "ci_low": ci_low, "ci_high": ci_high,
                          "n": n, "evidence_sentences": 4, "runner_up": "g", "clear_lead": False, "thin": False,
                          "flag": "fewer than 10 sentences" if n < 10 else ""}])


def test_a_group_without_an_interval_is_too_small_to_compare_not_overlapping():
    gates = {"f": PASSING}
    small = findings.top_frames(_top(float("nan"), float("nan"), 8), {"f": "F", "g": "G"}, gates=gates)
    assert "interval" not in small and "too few sentences to compare it with *g*" in small.lower()
    large = findings.top_frames(_top(0.3, 0.7, 40), {"f": "F", "g": "G"}, gates=gates)
    assert "ot clearly ahead of *G* (their intervals overlap)" in large
    opening = findings.leading_frames(_top(float("nan"), float("nan"), 8), {}, gates=gates)
    assert "interval" not in opening and "too few to compare" in opening


def test_rankings_without_intervals_do_not_speak_of_them():
    table = pd.DataFrame({"source_label": ["A", "B"], "mean": [0.4, 0.1], "ci_low": [float("nan")] * 2,
                          "ci_high": [float("nan")] * 2, "n": [6, 7], "n_articles": [2, 2], "flag": ["few"] * 2})
    gate = PASSING
    line = findings.difference_line(table, what="m", more="higher", gate=gate)
    assert "intervals" not in line.split(gate.line())[0] and "too few" in line


def test_no_dated_article_is_said_as_such_not_as_a_single_period(tmp_path):
    from analysis.reporting.notebook import no_time_view
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(2):
        (corpus / f"a{i}.txt").write_text(f"Title {i}\n\nThe council met on the harbour plan {i}.\n", encoding="utf-8")
    study = open_study(corpus, cache_dir=tmp_path / "cache")
    assert not study.has_dates
    said = no_time_view(study)
    assert "no time view" in said and "single week" not in said and "date" in said
    assert study.table("frames_over_time").attrs["empty_because"] == study.undated


@pytest.mark.parametrize("stability, chosen", [([0.9, 0.5, 0.3], 2), ([0.3, 0.5, 0.9], 4)])
def test_the_largest_k_tried_column_is_true_per_row(stability, chosen):
    from analysis.measures.topics import _recommend
    out = _recommend(pd.DataFrame({"k": [2, 3, 4], "coherence": [0.1] * 3, "stability": stability,
                                   "stability_se": [0.0] * 3}))
    pick = out[out.recommended].iloc[0]
    assert pick["k"] == chosen
    assert out["at_edge"].tolist() == (out["k"] == out["k"].max()).tolist()     # what "largest k tried" says
    assert ("is the largest number tried" in findings.topic_choice(out)) is (chosen == 4)
