"""Numbers on the command line: a value out of range, not finite or not a number is refused before anything is
read, in one line naming the flag (not a study file), exit status 2."""
import pytest

from analysis import cli

# every numeric flag, with a command that takes it
FLAGS = [
    (["ingest", "corpus", "--out", "out"], "--max-mb"),
    (["ingest", "corpus", "--out", "out"], "--near-duplicate-threshold"),
    (["analyse"], "--k"),
    (["coding", "sample", "--out", "sheet.csv"], "--n"),
    (["coding", "sample", "--out", "sheet.csv"], "--seed"),
    (["lexicon", "suggest"], "--n"),
]
BAD = ["1e308", "1e999", "nan", "inf", "-inf", "-1", "abc", ""]


def refused(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    err = capsys.readouterr().err
    return exc.value.code, err


@pytest.mark.parametrize("command,flag", FLAGS, ids=[" ".join(c[:2]) + " " + f for c, f in FLAGS])
@pytest.mark.parametrize("value", BAD)
def test_a_bad_number_names_the_flag_in_one_line_and_exits_2(tmp_path, monkeypatch, capsys, command, flag, value):
    monkeypatch.chdir(tmp_path)
    code, err = refused(capsys, [*command, f"{flag}={value}"])
    assert code == cli.EXIT_USAGE
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert f"argument {flag}" in lines[0] and "toml" not in lines[0].lower()
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists() and not (tmp_path / "sheet.csv").exists()


@pytest.mark.parametrize("flag,value,words", [
    ("--max-mb", "0", "more than 0 and at most 10,000 (MB)"),
    ("--max-mb", "10001", "more than 0 and at most 10,000 (MB)"),
    ("--near-duplicate-threshold", "1.5", "more than 0 and at most 1"),
    ("--k", "201", "0 (choose) to 200"),
])
def test_the_message_gives_the_range_of_the_setting(tmp_path, monkeypatch, capsys, flag, value, words):
    monkeypatch.chdir(tmp_path)
    code, err = refused(capsys, ["run", "corpus", "--reports", "out", flag, value])
    assert code == cli.EXIT_USAGE and f"{value} is out of range; it must be {words}" in err


def test_a_whole_number_flag_refuses_a_fraction(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, err = refused(capsys, ["coding", "sample", "--out", "sheet.csv", "--n", "2.5"])
    assert code == cli.EXIT_USAGE and "'2.5' is not a whole number" in err


def test_numbers_in_range_are_read_as_numbers():
    args = cli.build_parser().parse_args(["run", "c", "--max-mb", "1e3", "--k", "0",
                                          "--near-duplicate-threshold", "0.5"])
    assert (args.max_mb, args.k, args.near_duplicate_threshold) == (1000.0, 0, 0.5)
    args = cli.build_parser().parse_args(["coding", "sample", "--out", "s.csv", "--n", "1", "--seed", "4294967295"])
    assert (args.n, args.seed) == (1, 2**32 - 1)
