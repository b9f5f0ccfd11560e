"""A newcomer's settings and manifest mistakes (issue 19): one message naming the file, the key and the choices,
exit status 2; a file without a manifest row labelled unambiguously, with one warning naming it."""
import pandas as pd
import pytest

from analysis import cli
from analysis.corpus import ingest
from analysis.corpus.labels import source_labels
from analysis.errors import close_names, with_choices

STORY = ("Mandate ruling\n\nThe court said on Monday that the vaccine mandate for hospital workers would stand. "
         "Officials said the rule protects patients.\n\nCritics said the mandate hurt the liberty of workers.\n")


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """Three pages of one story from three sides, written for this test, in a working folder of their own."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for side in ("left", "center", "right"):
        (folder / f"5624_{side}.txt").write_text(STORY.replace("Monday", f"Monday ({side})"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def run(capsys, *argv):
    rc = cli.main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, [ln for ln in out.err.splitlines() if ln.startswith("error:")]


@pytest.mark.parametrize("typo, meant", [("publshed", "published"), ("outlt", "outlet"), ("relayed_sourse", "relayed_source"),
                                          ("titel", "title")])
def test_a_manifest_column_spelt_nearly_as_one_read_is_exit_2(corpus, capsys, typo, meant):
    (corpus / "manifest.csv").write_text(f"file,{typo},leaning\n5624_left.txt,x,left\n", encoding="utf-8")
    rc, _, err = run(capsys, "ingest", "pages", "--out", "out", "--strict")
    assert rc == 2 and len(err) == 1
    assert str(corpus / "manifest.csv") in err[0] and f"'{typo.lower()}'" in err[0]
    assert f"did you mean '{meant}'?" in err[0] and "leaning" not in err[0]     # a column of one's own passes


def test_a_new_column_beside_the_one_read_is_the_users_own(corpus):
    (corpus / "manifest.csv").write_text("file,published,publisher,leaning\n5624_left.txt,2021-11-05,X,left\n",
                                         encoding="utf-8")
    records, problems = ingest.read_records(corpus, 10**6)
    row = records.set_index("source_path").loc["5624_left.txt", "manifest"]
    assert row == {"published": "2021-11-05", "publisher": "X", "leaning": "left"}


def test_files_without_a_manifest_row_are_named_once(corpus):
    (corpus / "manifest.csv").write_text("file,outlet\n5624_center.txt,Center News\n", encoding="utf-8")
    _, problems = ingest.read_records(corpus, 10**6)
    warned = [p for p in problems if "no row" in p.reason]
    assert len(warned) == 1 and warned[0].status == "warning" and warned[0].path == "manifest.csv"
    assert "2 file(s): 5624_left.txt, 5624_right.txt" in warned[0].reason


def test_unknown_outlets_are_labelled_by_a_name_that_tells_the_file_apart():
    articles = pd.DataFrame({
        "source_path": ["5624_left.txt", "5624_center.txt", "5624_right.txt", "0077_story.txt"],
        "outlet": ["unknown", "Center News", "unknown", "unknown"],
        "relayed_source": ["unknown"] * 4, "article_id": ["a", "b", "c", "d"], "dup_group": ["a", "b", "c", "d"]})
    assert list(source_labels(articles)) == ["unknown outlet, file 5624_left", "Center News",
                                             "unknown outlet, file 5624_right", "unknown outlet, file 0077"]


def test_a_corpus_folder_from_a_study_names_the_study_and_key(corpus, capsys):
    (corpus.parent / "s.toml").write_text('[study]\ncorpus = "page"\n', encoding="utf-8")
    rc, _, err = run(capsys, "ingest", "--study", "s.toml", "--out", "out")
    assert rc == 2 and len(err) == 1
    assert "s.toml: study.corpus: corpus folder" in err[0] and "page does not exist" in err[0]


def test_a_missing_actors_file_names_the_key(corpus, capsys):
    (corpus.parent / "s.toml").write_text('[study]\ncorpus = "pages"\n[lexicons]\nactors = "actrs.toml"\n',
                                          encoding="utf-8")
    rc, _, err = run(capsys, "ingest", "--study", "s.toml", "--out", "out")
    assert rc == 2 and len(err) == 1
    assert "s.toml: lexicons.actors:" in err[0] and "actrs.toml" in err[0] and "not found" in err[0]


def test_an_unknown_study_lists_the_bundled_ones(corpus, capsys):
    rc, _, err = run(capsys, "ingest", "pages", "--study", "mandate", "--out", "out")
    assert rc == 2 and len(err) == 1
    assert "--study mandate" in err[0] and "bundled: demo, generic, iraq_coalition" in err[0]
    rc, _, err = run(capsys, "ingest", "pages", "--study", "demoo", "--out", "out")
    assert "did you mean 'demo'?" in err[0]


def test_an_axis_frame_with_a_suffix_suggests_the_frame(corpus, capsys):
    (corpus.parent / "f.toml").write_text('lexicon = "mandates"\n[frame.health]\nterms = ["patients"]\n'
                                          '[frame.liberty]\nterms = ["liberty"]\n', encoding="utf-8")
    (corpus.parent / "s.toml").write_text('[study]\ncorpus = "pages"\n[lexicons]\nframes = ["f.toml"]\n'
                                          '[axis]\npositive = "health"\nnegative = "liberty_frame"\n',
                                          encoding="utf-8")
    rc, _, err = run(capsys, "ingest", "--study", "s.toml", "--out", "out")
    assert rc == 2 and len(err) == 1
    assert "s.toml: axis.negative is 'liberty_frame'" in err[0]
    assert "(did you mean 'liberty'?); valid: health, liberty" in err[0]


def test_one_helper_suggests_only_what_is_close():
    assert close_names("publshed", ["published", "url"]) == ["published"]
    assert close_names("liberty_frame", ["health", "liberty"]) == ["liberty"]
    assert close_names("leaning", ["encoding", "source_label"]) == []
    assert close_names("dmeo", ["demo", "iraq"]) == ["demo"]                  # two letters swapped
    assert close_names("corpsu", ["corpus", "lexicons"]) == ["corpus"]
    assert close_names("iraq", ["demo", "raw"]) == [] and close_names("id", ["ip"]) == []
    assert close_names("lsa", ["nmf", "lda"]) == [] and close_names("lad", ["nmf", "lda"]) == ["lda"]
    assert close_names("date", ["dateline", "published"]) == []              # the place line holds no date
    assert close_names("source", ["relayed_source"], spelling_only=True) == []
    assert with_choices("x", ["a", "b"]) == "; valid: a, b"


def test_k_0_is_documented_as_choosing_k():
    from analysis.cli import build_parser
    sub = next(a for a in build_parser()._actions if a.dest == "command").choices["run"]
    k = next(a for a in sub._actions if a.dest == "k")
    assert "0" in k.help and "chooses k" in k.help
