"""Every command checks the study against its corpus and lexicons as `run` does: a lexicon that does not read, or a
setting naming a column or frame the corpus lacks, is one message naming the file and the problem, exit status 2,
never a warning with measures silently left out; a warning that remains is said once per cause."""
import os
import re
import shutil
import subprocess
import sys

import pytest

from analysis import cli
from analysis.paths import DATA_DEMO, ROOT
from analysis.reporting.caveats import by_cause
from analysis.reporting.study import Study
from analysis.settings import load_settings

from conftest import OWN_ACTORS, OWN_FRAMES

TERM_TYPO = OWN_FRAMES.replace('terms = ["safety"', 'term = ["safety"')
ALIAS_TYPO = OWN_ACTORS.replace('aliases = ["city council"', 'alias = ["city council"')


@pytest.fixture(scope="module")
def here(tmp_path_factory):
    """A working folder holding a copy of data/demo, its tables (ingested once) and lexicons with a typo each."""
    root = tmp_path_factory.mktemp("checks")
    shutil.copytree(DATA_DEMO, root / "demo")
    (root / "frames_ok.toml").write_text(OWN_FRAMES, encoding="utf-8")
    (root / "actors_ok.toml").write_text(OWN_ACTORS, encoding="utf-8")
    (root / "frames_term.toml").write_text(TERM_TYPO, encoding="utf-8")
    (root / "actors_alias.toml").write_text(ALIAS_TYPO, encoding="utf-8")
    for name, frames, actors in [("term", "frames_term.toml", "actors_ok.toml"),
                                 ("alias", "frames_ok.toml", "actors_alias.toml")]:
        (root / f"{name}.toml").write_text(f'[study]\ncorpus = "demo"\n[lexicons]\nframes = ["{frames}"]\n'
                                           f'actors = "{actors}"\n', encoding="utf-8")
    (root / "columns.toml").write_text('[study]\ncorpus = "demo"\n[lexicons]\nframes = ["frames_ok.toml"]\n'
                                       '[compare]\nby = ["leanings"]\nevent = "evnt"\n[axis]\npositive = "safty"\n'
                                       'negative = "cost"\n', encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        assert cli.main(["ingest", "demo", "--out", "tables"]) == 0
    return root


@pytest.fixture
def at(here, monkeypatch):
    monkeypatch.chdir(here)
    return here


def run(capsys, *argv):
    rc = cli.main(list(argv))
    err = capsys.readouterr().err
    progress = r"\d% ?\||^[\w ]+: (?:started \(|[\d,]+/[\d,]+ .* done \[)"      # bars, or a log's start/end lines
    return rc, [line for line in err.splitlines() if not re.search(progress, line) and line.strip()]


TYPOS = [("term.toml", "frames_term.toml: frame 'safety': unknown key 'term' (did you mean 'terms'?"),
         ("alias.toml", "actors_alias.toml: actor 'council': unknown key 'alias' (did you mean 'aliases'?")]


@pytest.mark.parametrize("study, problem", TYPOS)
def test_analyse_with_a_lexicon_error_is_one_line_naming_the_file_and_exit_2(at, capsys, study, problem):
    rc, lines = run(capsys, "analyse", "--data", "tables", "--study", study)
    assert rc == 2
    # no "warning: ... not computed", said once; the key that named the file first
    assert len(lines) == 1 and lines[0].startswith(f"error: {study}: lexicons.") and str(at / problem) in lines[0]


@pytest.mark.parametrize("study, problem", TYPOS)
@pytest.mark.parametrize("command", [["export", "--out", "exported"], ["ingest", "demo", "--out", "ingested"],
                                     ["coding", "sample", "--out", "sheet.csv"]])
def test_every_command_refuses_a_lexicon_error_as_run_does(at, capsys, study, problem, command):
    rc, lines = run(capsys, *command, "--study", study)
    assert rc == 2 and len(lines) == 1 and lines[0].startswith(f"error: {study}: lexicons.")
    assert str(at / problem) in lines[0]
    assert not any((at / out).exists() for out in ("exported", "ingested", "sheet.csv"))


@pytest.mark.parametrize("command", [["ingest", "demo", "--out", "ingested"], ["analyse", "--data", "tables"],
                                     ["export", "--out", "exported"], ["lexicon", "suggest"]])
def test_a_setting_wrong_for_the_corpus_is_refused_by_every_command(at, capsys, command):
    rc, lines = run(capsys, *command, "--study", "columns.toml")
    assert rc == 2 and not (at / "ingested").exists() and not (at / "exported").exists()
    assert lines[0].startswith("error: ") and not any(line.startswith("warning") for line in lines)
    said = {key for key in ("compare.by", "compare.event", "axis.positive") for line in lines
            if f"columns.toml: {key} " in line}
    assert said == {"compare.by", "compare.event", "axis.positive"}
    assert any("'safty'" in line and "did you mean 'safety'" in line for line in lines)


@pytest.mark.parametrize("command, option, meant", [
    (["report", "--out", "reports"], ["--only", "01-corpsu"], "valid: 00-summary, 01-corpus"),
    (["run", "demo", "--reports", "reports"], ["--only", "01-corpsu"], "valid: 00-summary, 01-corpus"),
    (["lexicon", "suggest", "--study", "good.toml"], ["--frame", "safty"], "valid: cost, safety, environment"),
])
def test_an_option_naming_a_report_or_frame_is_checked_before_anything_is_computed(at, capsys, monkeypatch,
                                                                                   command, option, meant):
    (at / "good.toml").write_text('[study]\ncorpus = "demo"\n[lexicons]\nframes = ["frames_ok.toml"]\n'
                                  'actors = "actors_ok.toml"\n', encoding="utf-8")
    monkeypatch.setattr(Study, "build", lambda self: pytest.fail("measures computed before the check"))
    rc, lines = run(capsys, *command, *option)
    assert rc == 2 and len(lines) == 1 and not (at / "reports").exists()
    assert lines[0].startswith(f"error: {option[0]}='{option[1]}' is not a ") and meant in lines[0]
    assert "did you mean" in lines[0]


def test_the_same_study_passes_the_check_with_its_lexicons_mended(at, capsys):
    """The check refuses the typo, not the study: with both lexicons right, analyse measures and exits 0."""
    (at / "good.toml").write_text('[study]\ncorpus = "demo"\n[lexicons]\nframes = ["frames_ok.toml"]\n'
                                  'actors = "actors_ok.toml"\n', encoding="utf-8")
    rc, lines = run(capsys, "analyse", "--data", "tables", "--study", "good.toml")
    assert rc == 0 and not any(line.startswith(("error", "warning: frame", "warning: actor")) for line in lines)


def test_a_measure_left_out_is_said_once_per_cause(capsys):
    study = Study(load_settings("demo"))
    study.skipped = {"frame_matches": "frames.toml: broken", "frame_salience": "frames.toml: broken",
                     "topics": "too few paragraphs"}
    assert by_cause(study.skipped) == {"frames.toml: broken": ["frame_matches", "frame_salience"],
                                       "too few paragraphs": ["topics"]}
    cli._built(study)
    assert capsys.readouterr().err.splitlines() == [
        "warning: frame_matches, frame_salience not computed: frames.toml: broken",
        "warning: topics not computed: too few paragraphs"]


def _without(module: str, argv: list[str], cwd) -> "subprocess.CompletedProcess":
    """The command run in a fresh Python where ``module`` cannot be imported (as in a Python without the venv)."""
    code = (f"import sys; sys.modules[{module!r}] = None\n"
            f"from analysis.cli import main\nsys.exit(main({argv!r}))")
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_a_missing_package_is_one_line_saying_which_and_how_to_set_up(tmp_path):
    done = _without("pandas", ["ingest", "corpus dir", "--out", "tables"], tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the Python module 'pandas' is ")
    assert f"{ROOT / '.venv' / 'bin' / 'python'} -m analysis ingest 'corpus dir' --out tables`" in lines[0]


def test_outside_the_venv_the_message_says_make_venv(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "prefix", "/usr")
    monkeypatch.setattr(sys, "executable", "/usr/bin/python3")
    monkeypatch.chdir(ROOT)
    said = cli._missing_package("pandas", ["ingest", "--out", "t"])
    assert said == ("the Python module 'pandas' is not installed for this Python (/usr/bin/python3): set up the "
                    "project's environment with `make venv`, then run `.venv/bin/python -m analysis ingest --out t`")
    monkeypatch.chdir(tmp_path)
    assert f"`make venv` in {ROOT}, then run `{ROOT}/.venv/bin/python -m" in cli._missing_package("pandas", ["run"])
