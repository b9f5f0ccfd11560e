"""A study of another story: its own lexicons, axis and grouping reach every table; nothing of the Iraq lexicons."""
import pytest

from analysis import open_study
from analysis.errors import SettingsError
from analysis.reporting.export import export_tables


@pytest.fixture(scope="module")
def study(own_study, tmp_path_factory):
    return open_study(own_study, cache_dir=tmp_path_factory.mktemp("cache"))


def test_own_lexicons_and_axis_are_used(study):
    assert study.lexicon == "transit" and list(study.frame_labels()) == ["cost", "safety", "environment"]
    assert study.axis_poles == ("safety", "cost")
    matches = study.measure("frame_matches")
    assert set(matches.lexicon) == {"transit"}
    assert set(study.measure("actor_mentions").actor) <= {"mayor", "council", "riders"}
    assert set(study.salience().frame) == {"cost", "safety", "environment"}


def test_user_metadata_survives_ingestion(study):
    arts = study.articles
    assert {"id", "leaning", "event"} <= set(arts.columns)
    assert set(arts.leaning) == {"left", "center", "right"}


def test_comparisons_by_leaning_and_within_events(study):
    by_leaning = study.salience(by="leaning")
    assert set(by_leaning.leaning) == {"left", "center", "right"}
    assert set(study.sentiment(by=["leaning"]).leaning) == {"left", "center", "right"}
    assert set(study.axis(by="leaning").leaning) == {"left", "center", "right"}
    within = study.within_event("salience")
    assert set(within.frame) == {"cost", "safety", "environment"} and (within.n == 2).all()   # two events each
    left_safety = within[(within.frame == "safety") & (within.source_label == "Alpha Times")]["mean"].item()
    assert left_safety > 0          # the safety-leaning outlet is above the others on safety, event by event
    assert len(study.within_event("sentiment")) == 3
    weeks = study.timeline("M")
    assert weeks.articles.sum() == len(study.counted) and weeks.period.nunique() == 2


def test_nothing_of_the_iraq_lexicons_appears(study, tmp_path):
    written = export_tables(study, tmp_path / "tables")
    text = "\n".join(p.read_text(encoding="utf-8") for p in written if p.suffix == ".csv")
    for word in ("iraq", "sovereignty", "iranian_influence", "Islamic State", "frames_iraq", "actors_iraq"):
        assert word not in text, word
    prov = study.provenance()
    assert {r["ref"].rsplit("/", 1)[-1] for r in prov["resources"] if r["kind"] in ("frames", "actors")} == {
        "transit_frames.toml", "transit_actors.toml"}


def test_an_axis_pole_that_is_no_frame_names_the_valid_ones(own_study):
    bad = open_study(own_study, overrides={"axis.positive": "sovereignty"})
    with pytest.raises(SettingsError, match="'sovereignty', which is not a frame .* cost, safety, environment"):
        bad.axis_poles


def test_lexicon_that_does_not_fit_is_flagged(own_study, tmp_path):
    iraq_on_transit = open_study(own_study, frames=["iraq"], actors="iraq", cache_dir=tmp_path)
    warnings = iraq_on_transit.lexicon_fit()["warnings"]
    assert any("frames of the lexicon 'iraq'" in w for w in warnings)
    assert any("mention any actor" in w for w in warnings)


def test_excel_export_is_spreadsheet_safe(study, tmp_path):
    openpyxl = pytest.importorskip("openpyxl", reason="Excel export needs openpyxl")
    path = [p for p in export_tables(study, tmp_path, formats=["xlsx"]) if p.suffix == ".xlsx"][0]
    book = openpyxl.load_workbook(path)
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(v.startswith(("=", "+", "-", "@")) for v in values)
