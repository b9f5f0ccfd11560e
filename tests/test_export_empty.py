"""`export` of a study that cannot have some tables (no coded sheet, no event column, no readable date): each is
written with its header (the columns the table has when it has rows), and the command says which are empty and why."""
import pandas as pd
import pytest

from analysis import cli
from analysis.reporting.study import open_study
from analysis.reporting.tables import EMPTY_BECAUSE

NO_SHEET = "the study names no coded frame sheet ([coding] frames)"
CODED = ["coded_counts", "frame_validity", "term_validity", "axis_coders_vs_dictionary", "salience_by_method"]


@pytest.fixture(scope="module")
def no_event(own_study):
    """The test study (no coded sheet, only its own lexicon) without its event column."""
    text = own_study.read_text(encoding="utf-8").replace('event = "event"\n', "")
    assert "event" not in text
    path = own_study.with_name("transit_no_event.toml")
    path.write_text(text, encoding="utf-8")
    return path


def test_export_writes_every_header_and_says_which_tables_are_empty_and_why(no_event, tmp_path, capsys):
    assert cli.main(["export", "--study", str(no_event), "--out", str(tmp_path / "t")]) == 0
    out = capsys.readouterr().out.splitlines()
    for path in (tmp_path / "t").glob("*.csv"):
        assert path.read_text(encoding="utf-8").splitlines()[0].strip(), f"{path.name} has no header"
    assert list(pd.read_csv(tmp_path / "t" / "coded_counts.csv").columns) == ["coder", "cost", "safety", "environment"]
    assert f"empty (header only): {', '.join(CODED)}: {NO_SHEET}" in out
    assert "empty (header only): salience_within_events: the study names no event column (compare.event)" in out
    assert ("empty (header only): salience_policy: the study's lexicons leave out the Policy Frames Codebook "
            "('policy')") in out
    assert not any(line.startswith("empty") and "frames_over_time" in line for line in out)    # it has dates
    none = [line for line in out if line.endswith(": none in this corpus")]      # empty for this corpus alone
    assert len(none) == 1 and "problems" in none[0].split(": ")[1].split(", ")


def _empty_and_full(empty_study, full_study, names):
    for name in names:
        empty, full = empty_study.table(name), full_study.table(name)
        assert empty.empty and empty.attrs.get(EMPTY_BECAUSE), name
        assert len(full) and list(empty.columns) == list(full.columns), name


def test_an_empty_tables_header_is_the_header_it_has_with_rows(own_study):
    """Events, dates and the policy lexicon: the test study with them, and without."""
    full = open_study(own_study, frames=[str(own_study.with_name("transit_frames.toml")), "policy"])
    bare = open_study(own_study, overrides={"compare.event": "", "compare.date": "event"})  # no date to read
    assert not bare.has_dates and not bare.has_events
    _empty_and_full(bare, full, ["salience_within_events", "frames_over_time", "salience_policy"])
    assert bare.table("frames_over_time").attrs[EMPTY_BECAUSE] == \
        "no article has a date that can be read (compare.date 'event')"


def test_the_coded_tables_header_is_the_header_they_have_with_a_sheet():
    """The bundled study with its coded sheet, and without it."""
    with_sheet, without = open_study(), open_study(overrides={"coding.frames": []})
    _empty_and_full(without, with_sheet, CODED)
    assert {without.table(name).attrs[EMPTY_BECAUSE] for name in CODED} == {NO_SHEET}


def test_a_table_that_cannot_be_made_is_said_with_its_cause_not_only_logged(own_study, tmp_path, capsys,
                                                                             monkeypatch):
    from analysis.errors import AnalysisError
    from analysis.reporting import tables

    def too_few(study):
        raise AnalysisError("too few paragraphs to model topics")

    assert "topics_terms" in tables.REPORT_TABLES
    monkeypatch.setitem(tables.REPORT_TABLES, "topics_terms", too_few)
    assert cli.main(["export", "--study", str(own_study), "--out", str(tmp_path / "t")]) == 0
    err = capsys.readouterr().err
    assert "warning: not exported: topics_terms: too few paragraphs to model topics" in err
    assert not (tmp_path / "t" / "topics_terms.csv").exists()
