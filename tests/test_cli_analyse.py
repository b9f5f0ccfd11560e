"""`analyse` without --data analyses what `run` and `make report` produced (the study's corpus in the cache),
a --data folder that holds no tables says how to do that, and README's Measures table lists every table."""
import shutil

import pytest

from analysis import cli
from analysis.corpus import cache
from analysis.measures import registry
from analysis.paths import DATA_DEMO, ROOT


@pytest.fixture
def here(tmp_path, monkeypatch):
    shutil.copytree(DATA_DEMO, tmp_path / "demo")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cache, "CACHE", tmp_path / "cache")          # where `run` keeps a corpus's tables
    return tmp_path


def test_analyse_without_data_writes_beside_the_tables_run_keeps(here, monkeypatch, capsys):
    monkeypatch.setattr(cli, "_built", lambda study: {"sentiment": len(study.sentences)})   # the place, not the work
    assert cli.main(["analyse", "--corpus", "demo"]) == 0
    printed = capsys.readouterr().out.strip().splitlines()[-1]
    run_keeps = cache.load_or_build(cli._settings(cli.build_parser().parse_args(["run", "demo"]))).location
    assert run_keeps.parent == here / "cache" and run_keeps.name.startswith(cache.PREFIX)
    assert printed.startswith("sentiment: ") and printed.endswith(f"-> {run_keeps / 'sentiment.parquet'}")


def test_a_data_folder_without_tables_says_how_to_analyse_the_study_instead(here, capsys):
    (here / "empty").mkdir()
    assert cli.main(["analyse", "--data", "empty"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("error: empty is not an ingested corpus") and "leave out --data" in err
    assert "Traceback" not in err


def test_readme_lists_every_table_analyse_writes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    measures = readme.split("## Measures", 1)[1].split("<!-- validity:start -->", 1)[0].split("\n\n**", 1)[0]
    assert [t for t in registry.TABLES if f"`{t}.parquet`" not in measures] == []
