"""A flag of another subcommand (``report CORPUS``, ``run --corpus``) or one spelt nearly alike is refused in one
line that names the flag this subcommand takes for it, exit status 2; the reports folder has both spellings
(``--out``, ``--reports``) in ``run`` and ``report``."""
import pytest

from analysis import cli


def refused(capsys, *argv) -> str:
    with pytest.raises(SystemExit) as exit_:
        cli.main(list(argv))
    assert exit_.value.code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


@pytest.mark.parametrize("argv, hint", [
    (["report", "articles"], "did you mean --corpus articles (`report` takes the corpus folder as --corpus)?"),
    (["export", "articles"], "did you mean --corpus articles"),
    (["run", "corpus_folder", "--corpus", "other"], "did you mean the corpus folder as first argument, without "
                                                    "--corpus (`python -m analysis run CORPUS`)?"),
    (["coding", "sample", "--out", "s.csv", "--studdy", "s.toml"], "unrecognized arguments: --studdy s.toml; "
                                                                    "did you mean --study?"),
])
def test_a_flag_of_another_subcommand_gets_the_right_one(capsys, argv, hint):
    assert hint in refused(capsys, *argv)


def test_the_value_of_a_misplaced_flag_is_not_hinted_again(capsys):
    err = refused(capsys, "report", "--reprts", "reports/x", "--studdy=s.toml")
    assert "unrecognized arguments: --reprts reports/x --studdy=s.toml; did you mean --reports and --study?" in err
    assert "--corpus" not in err                                        # reports/x is --reprts's value


@pytest.mark.parametrize("command", [["run", "corpus_folder"], ["report"]])
def test_the_reports_folder_is_out_or_reports_in_run_and_report(command):
    parser = cli.build_parser()
    dest = "reports" if command[0] == "run" else "out"
    for flag in ("--out", "--reports"):
        assert getattr(parser.parse_args([*command, flag, "somewhere"]), dest).name == "somewhere"


def test_a_flag_like_no_other_gets_no_guess(capsys):
    err = refused(capsys, "run", "corpus_folder", "--bogus")
    assert "unrecognized arguments: --bogus (see --help)" in err and "did you mean" not in err


def test_the_value_of_an_unknown_flag_is_not_taken_for_a_corpus_folder(capsys):
    err = refused(capsys, "coding", "sample", "--out", "s.csv", "--reprts", "x")
    assert "unrecognized arguments: --reprts x" in err and "--corpus" not in err
