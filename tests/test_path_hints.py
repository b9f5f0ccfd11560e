"""A wrong file or folder name in a study, on the command line or in a settings key is answered with the close
names beside it (errors.with_choices), and the message names the key or option that gave it and the file."""
import shutil
from pathlib import Path

import pytest

from analysis.cli import EXIT_USAGE, main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "transit"


@pytest.fixture
def study(tmp_path):
    folder = tmp_path / "transit"
    shutil.copytree(EXAMPLE, folder)
    return folder


def _error(capsys, *argv) -> str:
    assert main(list(argv)) == EXIT_USAGE
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


def test_a_misspelt_actors_file_in_the_study_suggests_the_file_beside_it(study, capsys):
    toml = study / "study.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('actors = "actors.toml"', 'actors = "actor.toml"'),
                    encoding="utf-8")
    err = _error(capsys, "ingest", "--study", str(toml), "--out", str(study / "out"))
    assert "study.toml: lexicons.actors:" in err and "actor.toml: actors file not found" in err
    assert "did you mean 'actors.toml'?" in err


@pytest.mark.parametrize("flag, wrong, right", [("--actors", "actor.toml", "actors.toml"),
                                                ("--frames", "frame.toml", "frames.toml")])
def test_a_misspelt_file_on_the_command_line_names_the_option(study, capsys, flag, wrong, right):
    err = _error(capsys, "export", "--study", str(study / "study.toml"), flag, str(study / wrong),
                 "--out", str(study / "out"))
    assert flag in err and "command line" in err and wrong in err and f"did you mean '{right}'?" in err


def test_a_misspelt_corpus_folder_suggests_the_folder_beside_it(study, capsys):
    err = _error(capsys, "ingest", str(study / "article"), "--study", str(study / "study.toml"),
                 "--out", str(study / "out"))
    assert "article does not exist" in err and "did you mean 'articles'?" in err


@pytest.mark.parametrize("words, named", [
    (["ingest", "{}/dmeo", "--out", "{}/out"], "the CORPUS argument: "),
    (["run", "{}/dmeo", "--reports", "{}/r"], "the CORPUS argument: "),
    (["report", "--corpus", "{}/dmeo", "--out", "{}/r"], "--corpus: "),
    (["export", "--corpus", "{}/dmeo", "--out", "{}/e"], "--corpus: "),
])
def test_a_missing_corpus_folder_names_the_argument_that_gave_it_and_a_swap_is_close(study, capsys, words, named):
    (study / "demo").mkdir()
    err = _error(capsys, *[w.format(study) for w in words], "--study", str(study / "study.toml"))
    assert err.startswith(f"error: {named}corpus folder ") and "dmeo does not exist (did you mean 'demo'?)" in err


def test_a_missing_corpus_folder_of_the_study_file_names_the_file_and_key(study, capsys):
    (study / "demo").mkdir()
    (study / "s.toml").write_text('[study]\ncorpus = "dmeo"\n', encoding="utf-8")
    err = _error(capsys, "ingest", "--study", str(study / "s.toml"), "--out", str(study / "out"))
    assert f"{study / 's.toml'}: study.corpus: corpus folder" in err and "did you mean 'demo'?" in err


def test_an_unknown_settings_key_lists_the_keys_of_its_section(study, capsys):
    toml = study / "study.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('event = "event"', 'evnt = "event"'), encoding="utf-8")
    err = _error(capsys, "ingest", "--study", str(toml), "--out", str(study / "out"))
    assert "[compare]: unknown key 'evnt'" in err and "did you mean 'event'?" in err
    assert "valid: by, event, date, count_copies" in err
