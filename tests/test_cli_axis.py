"""The frame axis from the command line: ``--axis-positive`` and ``--axis-negative`` set the study's
``axis.positive`` and ``axis.negative`` as ``--frames`` sets ``lexicons.frames``, checked against the frames of the
study's own lexicon (exit status 2, naming the option and the valid frames)."""
import logging

import pytest

from analysis import cli
from analysis.reporting.study import Study


def run(capsys, *argv):
    rc = cli.main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


def settings_of(*argv):
    return cli._settings(cli.build_parser().parse_args(list(argv)))


@pytest.mark.parametrize("command", ["report", "run", "export"])
def test_the_commands_that_show_the_axis_take_both_poles(command):
    args = cli.build_parser().parse_args([command, "--axis-positive", "cost", "--axis-negative", "safety"])
    assert (args.axis_positive, args.axis_negative) == ("cost", "safety")
    assert "--axis-positive" in cli.build_parser()._subparsers._group_actions[0].choices[command].format_help()


@pytest.mark.parametrize("command", [["analyse"], ["ingest", "--out", "x"], ["coding", "sample", "--out", "x.csv"]])
def test_a_command_the_axis_changes_nothing_for_refuses_it(command, capsys):
    with pytest.raises(SystemExit) as done:
        cli.build_parser().parse_args([*command, "--axis-positive", "cost"])
    assert done.value.code == 2 and "--axis-positive" in capsys.readouterr().err


def test_the_poles_given_replace_the_studys_and_are_used(own_study):
    s = settings_of("report", "--study", str(own_study), "--axis-positive", "cost", "--axis-negative", "safety")
    assert (s.axis.positive, s.axis.negative) == ("cost", "safety")
    assert {"axis.positive", "axis.negative"} <= set(s.overridden) and not s.axis_dropped
    study = Study(s, progress=False)
    study.check()
    assert study.axis_poles == ("cost", "safety")


def test_one_pole_given_keeps_the_studys_other(own_study):
    s = settings_of("report", "--study", str(own_study), "--axis-positive", "environment")
    assert (s.axis.positive, s.axis.negative) == ("environment", "cost")


def test_new_frames_with_the_poles_given_keep_those_poles_and_drop_nothing(own_study, tmp_path, caplog):
    other = tmp_path / "other.toml"
    other.write_text('lexicon = "other"\n[frame.fares]\nterms = ["fare"]\n[frame.repairs]\nterms = ["repairs"]\n',
                     encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        s = settings_of("report", "--study", str(own_study), "--frames", str(other),
                        "--axis-positive", "repairs", "--axis-negative", "fares")
    assert (s.axis.positive, s.axis.negative) == ("repairs", "fares") and not s.axis_dropped
    assert "dropped" not in caplog.text


def test_a_frame_the_lexicon_lacks_is_exit_2_naming_the_option_and_the_frames(own_study, tmp_path, capsys):
    rc, _, err = run(capsys, "export", "--study", str(own_study), "--axis-positive", "costs",
                     "--axis-negative", "safety", "--out", str(tmp_path / "tables"))
    lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert rc == 2 and "Traceback" not in err and len(lines) == 1, err
    assert "--axis-positive" in lines[0] and "'costs'" in lines[0]
    assert "did you mean 'cost'?" in lines[0] and "valid: cost, safety, environment" in lines[0]
    assert not (tmp_path / "tables").exists()


def test_both_poles_the_same_frame_is_exit_2(own_study, tmp_path, capsys):
    rc, _, err = run(capsys, "export", "--study", str(own_study), "--axis-positive", "cost",
                     "--axis-negative", "cost", "--out", str(tmp_path / "tables"))
    assert rc == 2 and "--axis-negative" in err and "same frame" in err
