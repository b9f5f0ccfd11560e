"""Where `run` and `report` write, and what they refuse to replace: reports of another corpus go to a folder named
for it (``reports/NAME/``) unless a folder is given, and a folder holding the reports of another corpus or study is
replaced only with ``--force`` (exit status 2 otherwise, naming what it holds); the command says what it wrote."""
import json
import shutil

import nbformat
import pytest

from analysis import cli, paths
from analysis.paths import DATA_DEMO
from analysis.reporting import render


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A working folder holding a copy of data/demo; reports/ is its own; notebooks converted, not executed."""
    shutil.copytree(DATA_DEMO, tmp_path / "demo")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(paths, "REPORTS", tmp_path / "reports")

    def convert_only(nb_path, parameters, out_path):
        nb = nbformat.read(nb_path, as_version=4)
        nbformat.write(nb, out_path)
        return nb
    monkeypatch.setattr(render, "execute", convert_only)
    return tmp_path


def run(capsys, *argv):
    rc = cli.main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


def settings_of(*argv):
    args = cli.build_parser().parse_args(list(argv))
    return args, cli._settings(args)


def test_the_studys_own_corpus_reports_to_reports(here):
    args, s = settings_of("run", "--study", "demo")
    assert cli._reports_folder(args, s) == here / "reports"
    args, s = settings_of("report")
    assert cli._reports_folder(args, s) == here / "reports"


def test_another_corpus_reports_to_a_folder_named_for_it(here):
    args, s = settings_of("run", "demo")                     # the generic study, on a folder of one's own
    assert cli._reports_folder(args, s) == here / "reports" / "demo"
    args, s = settings_of("report", "--corpus", "demo", "--study", "iraq_coalition")
    assert cli._reports_folder(args, s) == here / "reports" / "demo"
    args, s = settings_of("run", "demo", "--reports", "mine")
    assert cli._reports_folder(args, s) == here / "mine"     # a folder given is the folder used


def test_a_corpus_folder_named_as_a_folder_of_the_reports_gets_another_name(here):
    shutil.copytree(here / "demo", here / "tables")
    args, s = settings_of("run", "tables")
    assert cli._reports_folder(args, s) == here / "reports" / "tables-reports"


def test_reports_of_another_study_are_replaced_only_with_force(here, capsys):
    rc, out, err = run(capsys, "run", "demo")
    assert rc == 0, err
    written = here / "reports" / "demo"
    assert (written / "index.html").is_file() and not (here / "reports" / "index.html").exists()
    assert f"reports written to {written}" in out
    before = (written / "index.html").read_bytes()

    rc, out, err = run(capsys, "run", "demo", "--study", "demo", "--reports", str(written))
    lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert rc == 2 and len(lines) == 1 and "Traceback" not in err, err
    assert str(written) in lines[0] and "Generic study" in lines[0] and "Synthetic demo" in lines[0]
    assert "--force" in lines[0] and "--reports" in lines[0] and "FORCE=1" in lines[0]
    assert (written / "index.html").read_bytes() == before          # nothing replaced
    assert "reading" not in err                                      # refused before the corpus is read

    rc, out, err = run(capsys, "run", "demo", "--study", "demo", "--reports", str(written), "--force")
    assert rc == 0, err
    assert "replacing the reports of 'Generic study" in out
    assert json.loads((written / "provenance.json").read_text())["study"].startswith("Synthetic demo")


def test_the_same_study_and_corpus_replace_their_own_reports_without_force(here, capsys):
    assert run(capsys, "run", "demo", "--reports", "r")[0] == 0
    rc, out, err = run(capsys, "run", "demo", "--reports", "r", "--k", "3")
    assert rc == 0, err
    assert "replacing" not in out


def test_a_run_that_renders_nothing_does_not_say_it_wrote_the_reports(here, capsys):
    rc, out, err = run(capsys, "run", "demo")
    assert rc == 0 and "reports written to" in out, err
    rc, out, err = run(capsys, "run", "demo")
    assert rc == 0, err
    assert "reports written to" not in out and f"reports in {here / 'reports' / 'demo'}" in out
    assert "reports up to date" in out
