"""Every table a report shows names a frame or an actor in words (its label) beside its id: "frames over time",
"term validity", "salience by method", "evidence" and "quotes" showed the ids alone (issue 19)."""
import pytest

from analysis.reporting.study import open_study

from test_report_tables import _report_names

# the measures as stored (one row per match, mention or article): ids only, for reading back in
STORED = {"frame_matches", "actor_mentions", "frame_salience_articles", "sentiment_sentences", "sentences"}
# tables with rows for the bundled study (coded sheets, actors), and for the test study (dates, events)
CODED = ["term_validity", "salience_by_method", "quotes"]
DATED = ["frames_over_time", "evidence", "salience_within_events"]


@pytest.fixture(scope="module")
def own(own_study, tmp_path_factory):
    return open_study(own_study, cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def bundled():
    return open_study()


def _check(study, name):
    table = study.table(name)
    for ids, labels_column, labels in (("frame", "label", study.frame_labels()),
                                       ("actor", "actor_label", study.actor_labels)):
        if ids not in table.columns:
            continue
        assert labels_column in table.columns, f"{name}: {ids} ids without {labels_column}"
        known = table[table[ids].isin(labels)]
        assert list(known[labels_column]) == [labels[i] for i in known[ids]], name
    return table


@pytest.mark.parametrize("name", sorted(_report_names() - STORED))
def test_a_shown_table_with_frame_or_actor_ids_has_their_labels(own, name):
    table = _check(own, name)          # an empty table's header too: the columns it has when it has rows
    assert len(table) or name not in DATED, name


@pytest.mark.parametrize("name", CODED)
def test_the_validation_quotes_and_time_tables_label_every_row(bundled, name):
    table = _check(bundled, name)
    assert len(table), name
    ids = "actor" if name == "quotes" else "frame"
    assert table[ids].dropna().isin(bundled.actor_labels if name == "quotes" else bundled.frame_labels()).all()
