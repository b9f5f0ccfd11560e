"""Settings mistakes: exit status 2 and one message naming the key, where it was set and the valid choices;
paths relative to where the command runs; no study of another corpus applied without being named."""
import logging
import shutil

import pytest

from analysis import cli, settings as settings_mod
from analysis.paths import DATA_DEMO, DATA_RAW
from analysis.settings import DEFAULT_STUDY, GENERIC_STUDY, load_settings, resolve_overrides


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A working folder away from the project, holding a small corpus (a copy of data/demo)."""
    shutil.copytree(DATA_DEMO, tmp_path / "demo")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *argv):
    rc = cli.main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


def error_lines(err):
    return [line for line in err.splitlines() if "%|" not in line]


def test_a_column_the_corpus_lacks_is_exit_2_naming_key_origin_and_choices(here, capsys):
    rc, _, err = run(capsys, "export", "--corpus", "demo", "--by", "leaning", "--out", "tables")
    assert rc == 2 and "Traceback" not in err
    line = [ln for ln in error_lines(err) if ln.startswith("error:")]
    assert len(line) == 1 and "compare.by" in line[0] and "'leaning'" in line[0] and "command line" in line[0]
    assert "valid: article_id" in line[0] and "source_label" in line[0]
    assert "did you mean" not in line[0]                    # 'encoding' is not close to 'leaning'
    assert not (here / "tables").exists()                   # nothing half written


def test_every_mistake_of_a_study_file_in_one_message(here, capsys):
    (here / "s.toml").write_text('[study]\ncorpus = "demo"\n[compare]\nby = ["source_lable"]\nevent = "evnt"\n'
                                 'date = "day"\n[axis]\npositive = "economc"\nnegative = "political"\n')
    rc, _, err = run(capsys, "export", "--study", "s.toml", "--out", "tables")
    assert rc == 2
    lines = [ln for ln in error_lines(err) if "s.toml" in ln]
    keys = {key for key in ("compare.by", "compare.event", "compare.date", "axis.positive")
            for ln in lines if f"s.toml: {key} " in ln}
    assert keys == {"compare.by", "compare.event", "compare.date", "axis.positive"}
    assert any("did you mean 'source_label'" in ln for ln in lines)
    assert any("did you mean 'economic'" in ln and "valid: economic, capacity_and_resources" in ln for ln in lines)
    assert not any("did you mean" in ln for ln in lines if "'evnt'" in ln)   # no event column to suggest


def test_a_missing_lexicon_file_is_exit_2_naming_it(here, capsys):
    (here / "s.toml").write_text('[study]\ncorpus = "demo"\n[lexicons]\nframes = ["mine.toml"]\n')
    rc, _, err = run(capsys, "run", "--study", "s.toml")
    assert rc == 2 and "mine.toml" in err and "not found" in err and "Traceback" not in err


def test_the_engine_option_and_section(here, capsys):
    """--engine and [engine] choose the engine; a bad value is one clear line naming the key (and the file)."""
    assert cli._settings(cli.build_parser().parse_args(["analyse", "--engine", "dask"])).engine.name == "dask"
    with pytest.raises(SystemExit) as exit_:
        cli.main(["run", "demo", "--engine", "spark"])
    assert exit_.value.code == 2 and "--engine" in capsys.readouterr().err
    for bad, words in [('name = "spark"', "engine.name is 'spark'; valid: local, dask"),
                       ("workers = -1", "engine.workers is -1; it must be 0 (one per core)"),
                       ("partition_size = 0", "engine.partition_size is 0; it must be 1 to"),
                       ('scheduler = "my laptop"', "engine.scheduler is 'my laptop'; it must be a scheduler address"),
                       ('memory_limit = "lots"', "engine.memory_limit is 'lots'; it must be 'auto' or a size"),
                       ('duplicates = "lsh"', "engine.duplicates is 'lsh'; valid: exact, minhash"),
                       ("workers = 1.5", "engine.workers"), ("cores = 2", "cores")]:
        (here / "s.toml").write_text(f'[study]\ncorpus = "demo"\n[engine]\n{bad}\n')
        rc, _, err = run(capsys, "ingest", "--study", "s.toml", "--out", "out")
        assert rc == 2 and words in err and "s.toml" in err and "Traceback" not in err, (bad, err)
        assert len(err.strip().splitlines()) == 1, err
    (here / "s.toml").write_text('[study]\ncorpus = "demo"\n[engine]\nname = "dask"\nscheduler = "tcp://10.0.0.5:8786"\n'
                                 'workers = 4\npartition_size = 200\nmemory_limit = "4GB"\n')
    s = load_settings(here / "s.toml")
    assert (s.engine.name, s.engine.scheduler, s.engine.workers, s.engine.partition_size) == \
        ("dask", "tcp://10.0.0.5:8786", 4, 200)
    assert load_settings(here / "s.toml", {"engine": "local"}).engine.name == "local"


def test_a_scheduler_the_local_engine_does_not_use_is_one_warning_naming_the_key(here, caplog):
    """engine.scheduler with engine.name "local" (a cluster study run with --engine local): the local engine runs,
    and one warning says the scheduler is not used, naming the key and where it was set, however often the
    engine is asked for."""
    from analysis.engine import LocalEngine, get_engine

    (here / "s.toml").write_text('[study]\ncorpus = "demo"\n[engine]\nname = "dask"\nscheduler = "tcp://10.0.0.9:8786"\n')
    settings = load_settings(here / "s.toml", {"engine": "local"})
    with caplog.at_level(logging.WARNING, logger="analysis.engine"):
        engines = [get_engine(settings) for _ in range(3)]
    assert all(isinstance(e, LocalEngine) for e in engines)
    warned = [r.getMessage() for r in caplog.records if "engine.scheduler" in r.getMessage()]
    assert len(warned) == 1, warned
    assert "s.toml" in warned[0] and "'tcp://10.0.0.9:8786'" in warned[0] and "not used" in warned[0]
    assert "--engine" in warned[0]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="analysis.engine"):
        get_engine(load_settings(here / "s.toml"))          # on the Dask engine the scheduler is used: no warning
        get_engine(load_settings(None, {"corpus": str(here / "demo")}))
    assert not [r for r in caplog.records if "engine.scheduler" in r.getMessage()]


def test_a_warning_repeated_by_the_library_is_shown_once(monkeypatch, capsys):
    def noisy(args):
        for _ in range(5):
            logging.getLogger("analysis.test").warning("the same cause")
        logging.getLogger("analysis.test").warning("another cause")
        return 0
    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    for action in parser._subparsers._group_actions[0].choices.values():
        action.set_defaults(func=noisy)
    handler = logging.StreamHandler()                 # what basicConfig installs when nothing else has
    monkeypatch.setattr(logging.getLogger(), "handlers", [handler])
    assert cli.main(["validity"]) == 0
    err = capsys.readouterr().err
    assert err.count("the same cause") == 1 and err.count("another cause") == 1


def test_coding_check_without_a_study_refuses_and_says_how_to_name_one(here, capsys):
    rc, _, err = run(capsys, "coding", "check", "c1.csv", "c2.csv")
    assert rc == 2 and "--study" in err and "iraq_coalition" in err


def test_another_corpus_without_a_study_gets_the_generic_study(here):
    generic = load_settings(None, {"corpus": "demo"})
    assert generic.source == str(GENERIC_STUDY) and generic.corpus == here / "demo"
    assert generic.lexicons.frames == ("policy",) and generic.lexicons.actors == ""
    assert generic.coding.frames == () and generic.coding.stance == ()
    assert load_settings(None, {"corpus": str(DATA_RAW)}).source == str(DEFAULT_STUDY)   # its own corpus
    assert load_settings(None).source == str(DEFAULT_STUDY)
    assert load_settings("demo").lexicons.frames == ("iraq", "policy")                  # a bundled study by name


def test_analyse_picks_the_study_from_where_the_tables_came_from(here, capsys):
    assert cli.main(["ingest", "demo", "--out", "tables"]) == 0
    args = cli.build_parser().parse_args(["analyse", "--data", "tables"])
    from analysis.corpus import Corpus
    folder = Corpus.load("tables").provenance["corpus_folder"]
    assert cli._settings(args, folder).source == str(GENERIC_STUDY)
    assert cli._settings(args, str(DATA_RAW)).source == str(DEFAULT_STUDY)


def test_paths_are_relative_to_the_working_folder(here, capsys):
    resolved = resolve_overrides({"corpus": "demo", "frames": ["mine.toml", "policy"], "rules": ["r/x.toml"]})
    assert resolved == {"corpus": str(here / "demo"), "frames": [str(here / "mine.toml"), "policy"],
                        "rules": [str(here / "r" / "x.toml")]}
    assert resolve_overrides({"corpus": "demo"}, base="/elsewhere")["corpus"] == "/elsewhere/demo"
    rc, out, err = run(capsys, "ingest", "demo", "--out", "tables")
    assert rc == 0 and (here / "tables" / "articles.parquet").exists(), err


@pytest.mark.parametrize("argv", [["export", "--out", "{file}"], ["coding", "sample", "--n", "3", "--out", "{file}/x.csv"],
                                  ["export", "--out", "/proc/no-such-folder"]])
def test_an_output_path_that_cannot_be_written_is_one_line_and_exit_2(tmp_path, capsys, argv):
    from analysis.cli import main

    existing = tmp_path / "a_file"
    existing.write_text("x")
    rc = main([a.replace("{file}", str(existing)) for a in argv])
    err = capsys.readouterr().err
    # (progress lines may come first while the corpus is built on a cold cache)
    assert rc == 2 and err.splitlines()[-1].startswith("error: cannot write ") and "Traceback" not in err


def test_coding_check_says_why_there_is_no_agreement_when_coders_share_no_sentence(tmp_path, capsys):
    import pandas as pd

    from analysis.paths import ROOT

    sheet = pd.read_csv(ROOT / "data" / "coding" / "frames_iraq_coder1.csv", dtype=str, keep_default_na=False)
    first, second = sheet.iloc[:20].assign(coder="coder1"), sheet.iloc[20:40].assign(coder="coder2")
    first.to_csv(tmp_path / "c1.csv", index=False)
    second.to_csv(tmp_path / "c2.csv", index=False)
    rc, out, _ = run(capsys, "coding", "check", "--study", "iraq_coalition", str(tmp_path / "c1.csv"),
                     str(tmp_path / "c2.csv"))
    assert rc == 0 and "coded no sentence in common, so their agreement cannot be measured" in out
    assert "nan" not in out
