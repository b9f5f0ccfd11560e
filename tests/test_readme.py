"""README's commands and examples work: every command line it shows is accepted, its lexicon examples load."""
import re
import shlex

import pytest

from analysis.cli import build_parser
from analysis.measures.actors import load_actors
from analysis.measures.frames import load_lexicon, match_text
from analysis.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def commands() -> list[str]:
    lines = []
    for block in code_blocks("bash"):
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith("python -m analysis"):
                lines.append(line)
    return lines


@pytest.mark.parametrize("line", commands())
def test_every_cli_line_in_readme_is_accepted(line):
    # optional parts are shown in [brackets] and folders as DIR: try the command with all of them given
    args = [("x" if a == "DIR" else a) for a in shlex.split(line.replace("[", "").replace("]", ""))[3:]]
    try:
        build_parser().parse_args(args)
    except SystemExit as exc:
        pytest.fail(f"README shows a command the CLI rejects: {line} (exit {exc.code})")


def test_readme_lexicon_examples_load(tmp_path):
    frames, actors = [b for b in code_blocks("toml") if "[frame." in b], [b for b in code_blocks("toml") if "[actor." in b]
    (tmp_path / "frames.toml").write_text(frames[0], encoding="utf-8")
    (tmp_path / "actors.toml").write_text(actors[0], encoding="utf-8")
    lex = load_lexicon(tmp_path / "frames.toml")
    assert lex.name == "transit" and list(lex.frames) == ["cost", "safety"]
    assert [f for f, *_ in match_text("Fares rose after the crash; the price hike stung.", lex)] == ["cost", "safety", "cost"]
    assert match_text("The cost of living crisis deepened.", lex) == []          # the veto
    assert {a.id for a in load_actors(tmp_path / "actors.toml")} == {"mayor", "council"}


def test_readme_make_options_match_the_makefile():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for option in re.findall(r"\| `(\w+)=` \|", README):
        assert f"{option} " in makefile or f"{option}?" in makefile, option
