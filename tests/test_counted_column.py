"""One count per thing (issue 19): the articles' and copies' tables say "counted" as the comparisons count."""
from analysis.reporting.study import open_study
from analysis.reporting.tables import REPORT_TABLES


def _tables(tmp_path, count_copies):
    study = open_study("demo", cache_dir=tmp_path / "cache", count_copies=count_copies)
    return {name: REPORT_TABLES[name](study) for name in ("articles_overview", "duplicate_groups")}, study


def test_counted_follows_the_studys_choice_on_copies(tmp_path):
    merged, study = _tables(tmp_path, False)
    copies, _ = _tables(tmp_path, True)
    assert len(merged["duplicate_groups"]), "the demo corpus has copies"
    for name, table in merged.items():
        assert "is_primary" not in table and "counted" in table
        assert set(table.loc[table["counted"], "article_id"]) <= set(study.counted["article_id"])
        assert not table["counted"].all(), name          # a copy does not count
    for name, table in copies.items():
        assert table["counted"].all(), name              # every copy counts, as the header says
