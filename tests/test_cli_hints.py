"""A flag of another subcommand (``run --out``, ``report --reports``, ``report CORPUS``) is refused in one line
that names the flag this subcommand takes for it, exit status 2."""
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
    (["run", "corpus_folder", "--out", "reports/x"], "did you mean --reports (in `run`, --reports is the folder for "
                                                     "the HTML reports)?"),
    (["report", "--reports", "reports/x"], "did you mean --out (in `report`, --out is the folder for the HTML "
                                           "reports)?"),
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
    err = refused(capsys, "report", "--reports", "reports/x", "--studdy=s.toml")
    assert "unrecognized arguments: --reports reports/x --studdy=s.toml; did you mean --out (" in err
    assert "and --study?" in err and "--corpus" not in err                # reports/x is --reports's value


def test_a_flag_like_no_other_gets_no_guess(capsys):
    err = refused(capsys, "run", "corpus_folder", "--bogus")
    assert "unrecognized arguments: --bogus (see --help)" in err and "did you mean" not in err


def test_the_value_of_an_unknown_flag_is_not_taken_for_a_corpus_folder(capsys):
    err = refused(capsys, "coding", "sample", "--out", "s.csv", "--reprts", "x")
    assert "unrecognized arguments: --reprts x" in err and "--corpus" not in err
