"""One coding sample: report 05's sheet and `coding sample` with the same n and seed draw the same sentences,
stratified by the study's groups; asking for more sentences than the corpus has is said."""
import pandas as pd
import pytest

from analysis import cli
from analysis.reporting.render import render
from analysis.reporting.study import open_study
from analysis.schema import SAMPLE_SEED, SAMPLE_SIZE


@pytest.fixture(scope="module")
def by_leaning(own_study):
    """The test study compared by leaning, not by outlet: a stratification other than the default."""
    text = own_study.read_text(encoding="utf-8").replace('by = ["source_label"]', 'by = ["leaning"]')
    assert 'by = ["leaning"]' in text
    path = own_study.with_name("transit_by_leaning.toml")
    path.write_text(text, encoding="utf-8")
    return path


def test_report_05_writes_the_sheet_coding_sample_writes(by_leaning, tmp_path, capsys):
    render(str(by_leaning), tmp_path / "reports", only=["05-frame-validation"])
    report = pd.read_csv(tmp_path / "reports" / "tables" / "coding_sheet.csv")
    assert cli.main(["coding", "sample", "--study", str(by_leaning), "--out", str(tmp_path / "sheet.csv")]) == 0
    sheet = pd.read_csv(tmp_path / "sheet.csv")
    assert report["unit_id"].tolist() == sheet["unit_id"].tolist()
    assert report["sample"].tolist() == sheet["sample"].tolist()
    assert set(sheet["group"]) == {"left", "center", "right"}         # drawn within each leaning
    page = (tmp_path / "reports" / "05-frame-validation.html").read_text(encoding="utf-8")
    assert f"drawn within each leaning, seed {SAMPLE_SEED}" in page


def test_the_sample_is_stratified_by_the_studys_groups(by_leaning):
    study = open_study(by_leaning)
    sample = study.coding_sample(n=12, seed=3)
    sizes = study.sentences.merge(study.counted[["article_id", "leaning"]]).groupby("leaning").size()
    drawn = sample.groupby("group").size()
    assert len(sample) == 12 and set(drawn.index) == set(sizes.index) == {"left", "center", "right"}
    assert ((drawn - sizes / sizes.sum() * 12).abs() < 1).all()       # each leaning in proportion to its size
    assert sample["unit_id"].tolist() == study.coding_sample(n=12, seed=3)["unit_id"].tolist()
    assert sample["unit_id"].tolist() != study.coding_sample(n=12, seed=4)["unit_id"].tolist()


def test_asking_for_more_sentences_than_there_are_says_both_numbers(by_leaning, tmp_path, capsys):
    assert cli.main(["coding", "sample", "--study", str(by_leaning), "--n", "5000", "--out",
                     str(tmp_path / "all.csv")]) == 0
    out = capsys.readouterr().out
    n = len(pd.read_csv(tmp_path / "all.csv"))
    assert n < 5000 and f"{n} sentences to code" in out
    assert f"5,000 sentences were asked for (--n) and the corpus has {n} sentences to code" in out
    assert cli.main(["coding", "sample", "--study", str(by_leaning), "--n", str(n), "--out",
                     str(tmp_path / "exact.csv")]) == 0
    assert "were asked for" not in capsys.readouterr().out        # nothing to say when there are enough
    assert SAMPLE_SIZE == 200
