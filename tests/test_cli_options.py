"""Every subcommand takes only the options that change what it does: an option it would ignore is refused
(exit status 2, naming the option and the command), never accepted silently."""
import pytest

from analysis import cli

IGNORED = [   # (command words, an option with its value): what the command would not use
    (["ingest", "c", "--out", "o"], ["--k", "4"]),
    (["ingest", "c", "--out", "o"], ["--by", "leaning"]),
    (["ingest", "c", "--out", "o"], ["--count-copies"]),
    (["ingest", "c", "--out", "o"], ["--no-news-register"]),
    (["ingest", "c", "--out", "o"], ["--frames", "f.toml"]),
    (["ingest", "c", "--out", "o"], ["--actors", "a.toml"]),
    (["analyse"], ["--by", "leaning"]),
    (["analyse"], ["--strict"]),
    (["report"], ["--strict"]),
    (["export"], ["--strict"]),
    (["coding", "sample", "--out", "s.csv"], ["--k", "4"]),
    (["coding", "sample", "--out", "s.csv"], ["--actors", "a.toml"]),
    (["coding", "sample", "--out", "s.csv"], ["--no-news-register"]),
    (["coding", "sample", "--out", "s.csv"], ["--strict"]),
    (["coding", "check", "sheet.csv"], ["--by", "leaning"]),
    (["coding", "check", "sheet.csv"], ["--count-copies"]),
    (["coding", "check", "sheet.csv"], ["--k", "4"]),
    (["coding", "check", "sheet.csv"], ["--actors", "a.toml"]),
    (["lexicon", "suggest"], ["--by", "leaning"]),
    (["lexicon", "suggest"], ["--k", "4"]),
    (["lexicon", "suggest"], ["--actors", "a.toml"]),
    (["lexicon", "suggest"], ["--no-news-register"]),
    (["lexicon", "suggest"], ["--strict"]),
]

USED = [      # what each command does use still parses
    ["ingest", "c", "--out", "o", "--strict", "--rules", "r.toml", "--max-mb", "5", "--sources", "s.toml",
     "--near-duplicate-threshold", "0.5", "--engine", "local"],
    ["analyse", "--k", "4", "--count-copies", "--no-news-register", "--frames", "f.toml", "--actors", "a.toml"],
    ["report", "--by", "leaning", "--k", "4", "--count-copies", "--rules", "r.toml"],
    ["run", "c", "--by", "leaning", "--k", "4", "--strict", "--no-news-register"],
    ["export", "--by", "leaning", "--k", "4", "--actors", "a.toml"],
    ["coding", "sample", "--out", "s.csv", "--by", "leaning", "--count-copies", "--frames", "f.toml"],
    ["coding", "check", "sheet.csv", "--frames", "f.toml", "--corpus", "c"],
    ["lexicon", "suggest", "--frames", "f.toml", "--rules", "r.toml"],
]


@pytest.mark.parametrize("words, option", IGNORED, ids=lambda x: " ".join(x))
def test_an_option_the_command_ignores_is_refused(capsys, words, option):
    with pytest.raises(SystemExit) as exit_:
        cli.build_parser().parse_args(words + option)
    err = capsys.readouterr().err
    assert exit_.value.code == cli.EXIT_USAGE
    command = " ".join(w for w in words if w in ("ingest", "analyse", "report", "export", "coding", "sample",
                                                  "check", "lexicon", "suggest"))
    assert option[0] in err and f"python -m analysis {command}" in err


@pytest.mark.parametrize("argv", USED, ids=lambda x: " ".join(x[:2]))
def test_the_options_a_command_uses_are_taken(argv):
    assert cli.build_parser().parse_args(argv).func


@pytest.mark.parametrize("option", [["--rules", "r.toml"], ["--sources", "s.toml"], ["--max-mb", "5"],
                                    ["--near-duplicate-threshold", "0.5"]])
def test_analyse_with_tables_refuses_the_options_of_ingestion(tmp_path, capsys, option):
    rc = cli.main(["analyse", "--data", str(tmp_path / "tables"), *option])
    err = capsys.readouterr().err
    assert rc == cli.EXIT_USAGE
    assert option[0] in err and "--data" in err and "analyse" in err
