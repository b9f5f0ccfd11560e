"""Every command README shows works as written, run from a folder that is not the project's.

The commands are read from README itself (fenced ``bash`` blocks and inline
code starting with ``make`` or ``python -m analysis``; the generated Validity
section is left out: its benchmarks need external data).  Every file an example
names is in the project (``data/``, ``examples/``: README's transit walk-through
is ``examples/transit/``, its blocks equal to the files), so each example runs
as written from the project's root.  Each runs here in a scratch folder holding
copies of ``data/raw``, ``data/demo`` and ``examples/``:

* concrete ``python -m analysis`` commands run through the CLI's entry point
  and must exit 0 and write what they say.  Notebooks are executed for real
  by one command only (``make report STUDY=demo``, run twice: the second run
  must render nothing and say so, and print no warning); for the other
  report commands the notebook is converted without being executed, so
  settings, ingestion, measures, checks, HTML and the output folder are
  exercised without re-running six kernels each time;
* synopsis lines (``[DIR]``, ``TOML``...) are parsed by the CLI's parser with
  their placeholders filled: an option README shows must exist; each is marked
  as a synopsis (under a "Synopsis" line or with a ``# synopsis`` comment);
* ``make`` targets: ``make -n`` succeeds for each; ``make lab`` adds
  ``--allow-root`` only for root; ``make test`` and ``make notebooks`` are not
  run here (they are the suite itself and rewrite the notebooks).
"""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis import cli, paths
from analysis.reporting import render

README = paths.ROOT / "README.md"
BIN = Path(sys.executable).parent
PLACEHOLDERS = {"DIR": "d", "TOML": "s.toml", "SHEET": "c.xlsx", "NAME": "01-corpus"}

def readme_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    text = text[:text.index("<!-- validity:start -->")] + text[text.index("<!-- validity:end -->"):]
    found = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        found += [re.split(r"\s+#\s", line)[0].strip() for line in block.splitlines()]
    found += [" ".join(c.split()) for c in
              re.findall(r"`((?:make|python -m analysis|\.venv/bin/python -m analysis)\b[^`]*)`", text)]
    commands = []
    for c in found:
        if not c or c.endswith("...") and "[" not in c or c in ("make", ".venv/bin/python -m analysis"):
            continue                                          # prose fragments, not commands
        commands.append(c.replace(".venv/bin/python", "python"))
    return list(dict.fromkeys(commands))


def readme_files() -> dict[str, str]:
    """The files README's study walk-through shows, by the path it gives them."""
    text = README.read_text(encoding="utf-8")
    return dict(re.findall(r"\(`(examples/transit/[\w./]+\.toml)`\)(?:(?!```).)*?```toml\n(.*?)```", text, re.S))


def bash_lines() -> list[tuple[str, str]]:
    """Each line of README's ``bash`` blocks with the text just before its block (where a "Synopsis" line goes)."""
    text = README.read_text(encoding="utf-8")
    return [(line, text[max(0, m.start() - 200):m.start()])
            for m in re.finditer(r"```bash\n(.*?)```", text, re.S) for line in m.group(1).splitlines()]


def is_synopsis(command: str) -> bool:
    return "[" in command or "--help" in command or bool(re.search(r"\b(DIR|TOML|SHEET|NAME|COMMAND)\b", command))


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """A folder elsewhere with small copies of the corpora and every file README's examples name."""
    root = tmp_path_factory.mktemp("elsewhere")
    shutil.copytree(paths.DATA_RAW, root / "data" / "raw")
    shutil.copytree(paths.DATA_DEMO, root / "data" / "demo")
    shutil.copytree(paths.ROOT / "examples", root / "examples")
    return root


@pytest.fixture
def elsewhere(sandbox, monkeypatch):
    """Run in the sandbox; the default output folders are the sandbox's, not the project's."""
    monkeypatch.chdir(sandbox)
    monkeypatch.setattr(paths, "REPORTS", sandbox / "reports")
    monkeypatch.setattr(paths, "FIGURES", sandbox / "figures")
    monkeypatch.setattr(paths, "DATA_PROCESSED", sandbox / "data" / "processed")

    def convert_only(nb_path, parameters, out_path):      # see the module docstring
        nb = nbformat.read(nb_path, as_version=4)
        nbformat.write(nb, out_path)
        return nb
    monkeypatch.setattr(render, "execute", convert_only)
    return sandbox


def argv(command: str) -> list[str]:
    words = shlex.split(command)
    assert words[:3] == ["python", "-m", "analysis"], command
    return words[3:]


def test_the_walk_through_files_are_the_examples_folder():
    """README prints the transit study's files in full; the files in ``examples/transit/`` are those."""
    files = readme_files()
    assert set(files) == {"examples/transit/frames.toml", "examples/transit/actors.toml", "examples/transit/study.toml"}
    for name, body in files.items():
        assert (paths.ROOT / name).read_text(encoding="utf-8") == body, name


def named_files(command: str) -> list[str]:
    """The input files and folders a command names (what follows ``--out``, ``--reports`` or ``OUT=`` is written,
    not read)."""
    words, read = shlex.split(command), []
    for i, word in enumerate(words):
        key, value = word.split("=", 1) if re.match(r"[A-Z]+=", word) else ("", word)
        if key == "OUT" or i and words[i - 1] in ("--out", "--reports"):
            continue
        if "/" in value or re.search(r"\.(toml|csv|xlsx|jsonl)$", value):
            read.append(value)
    return read


@pytest.mark.parametrize("command", [c for c in readme_commands() if c.startswith(("python", "make"))
                                     and not is_synopsis(c)])
def test_every_example_names_files_the_project_has(command):
    """Run as written from the project's root, every file an example reads is there."""
    for name in named_files(command):
        assert (paths.ROOT / name).exists(), (command, name)


def test_every_synopsis_is_marked_as_one():
    lines = [(line, before) for line, before in bash_lines()
             if line.startswith("python") and is_synopsis(line) and "--help" not in line]
    assert lines
    for line, before in lines:
        assert "# synopsis" in line or "Synopsis" in before, line


def test_readme_shows_the_commands_this_test_knows():
    commands = readme_commands()
    assert "make report" in commands and "make lab" in commands and "make test" in commands
    assert sum(c.startswith("python -m analysis") and not is_synopsis(c) for c in commands) >= 8


@pytest.mark.parametrize("command", [c for c in readme_commands() if c.startswith("python") and is_synopsis(c)])
def test_every_synopsis_line_parses(command):
    words = argv(command.replace("[", " ").replace("]", " ").replace("...", " "))
    words = [PLACEHOLDERS.get(w, w) for w in words]
    if "COMMAND" in words:
        choices = cli.build_parser()._subparsers._group_actions[0].choices
        for name in choices:
            with pytest.raises(SystemExit) as done:
                cli.build_parser().parse_args([name, "--help"])
            assert done.value.code == 0
        return
    if words == ["--help"]:
        with pytest.raises(SystemExit) as done:
            cli.build_parser().parse_args(words)
        assert done.value.code == 0
        return
    cli.build_parser().parse_args(words)                  # an unknown option exits with status 2


def outputs(command: str, root: Path) -> list[Path]:
    """What a command says it writes, relative to where it runs."""
    words = argv(command)
    found = []
    for flag in ("--out", "--reports"):
        if flag in words:
            found.append(root / words[words.index(flag) + 1])
    if words[0] in ("report", "run") and not found:
        # README: the reports of a corpus folder named without its study go to reports/NAME/, the study's to reports/
        corpus = words[1] if words[0] == "run" and len(words) > 1 and not words[1].startswith("-") else None
        found.append(root / "reports" / Path(corpus).name if corpus and "--study" not in words else root / "reports")
    return [p / "index.html" if words[0] in ("report", "run") else p for p in found]


def test_every_concrete_command_works_from_another_folder(elsewhere, capsys):
    commands = [c for c in readme_commands() if c.startswith("python") and not is_synopsis(c)]
    coding_check = [c for c in commands if " coding check " in c]
    for command in [c for c in commands if c not in coding_check]:
        rc = cli.main(argv(command))
        out = capsys.readouterr()
        assert rc == 0, (command, out.err[-2000:])
        assert "Traceback" not in out.err, command
        for path in outputs(command, elsewhere):
            assert path.exists(), (command, path)
            if path.name == "index.html":
                assert not [p for p in path.parent.rglob("*") if p.is_symlink()], command     # real files only
        if " coding sample " in command:
            sheet = pd.read_excel(elsewhere / "sheet.xlsx", sheet_name=0)
            assert {"cost", "safety"} <= set(sheet.columns) and len(sheet) > 0
    assert coding_check, "README shows how to check coded sheets"
    for command in coding_check:
        rc = cli.main(argv(command))
        out = capsys.readouterr()
        assert rc == 0 and "every row valid" in out.out and "alpha between coders" in out.out, (command, out.err)
    ingested = elsewhere / "data" / "processed" / "raw"
    assert (ingested / "articles.parquet").exists()                   # the sandbox's, not the project's
    demo = json.loads((elsewhere / "reports" / "demo" / "_set.json").read_text())
    assert set(demo["reports"]) == {p.stem for p in render.notebooks()}


def make(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``make`` with the project's Makefile from another folder, with this interpreter's environment."""
    return subprocess.run(["make", "--no-print-directory", "-f", str(paths.ROOT / "Makefile"),
                           "-o", ".venv/.installed", f"BIN={BIN}", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=1800)


def make_args(command: str) -> list[str]:
    return shlex.split(command)[1:]


@pytest.mark.parametrize("command", [c for c in readme_commands() if c.startswith("make")])
def test_every_make_command_is_a_target_whose_command_parses(command, sandbox):
    words = make_args(command) or ["report"]
    dry = make("-n", *words, cwd=sandbox)
    assert dry.returncode == 0, dry.stderr
    target = words[0]
    if target == "report":
        line = [ln for ln in dry.stdout.splitlines() if "-m analysis" in ln][-1]
        cli.build_parser().parse_args(shlex.split(line.split("-m analysis", 1)[1]))
    if target == "lab":
        assert ("--allow-root" in dry.stdout) == (os.geteuid() == 0)
    if target in ("test", "notebooks"):
        pytest.skip(f"make {target} is not run here: it is the test suite itself / rewrites the notebooks")


def test_make_report_renders_once_then_nothing_and_prints_no_warning(sandbox):
    """README's demo command through make, from another folder (OUT made absolute so nothing is written in the
    project); the second run finds nothing changed."""
    assert "make report STUDY=demo OUT=reports/demo" in readme_commands()
    out = sandbox / "make-reports" / "demo"
    first = make("report", "STUDY=demo", f"OUT={out}", cwd=sandbox)
    assert first.returncode == 0, first.stderr[-3000:]
    assert {p.stem for p in out.glob("[0-9][0-9]-*.html")} == {p.stem for p in render.notebooks()}
    assert not [p for p in out.rglob("*") if p.is_symlink()]
    for page in out.glob("[0-9][0-9]-*.html"):
        assert "could not be produced" not in page.read_text(encoding="utf-8"), page.name
    noise = [ln for ln in first.stderr.replace("\r", "\n").splitlines()
             if re.search(r"warn|IPKernelApp|error", ln, re.I) and "%|" not in ln]
    assert noise == [], noise
    second = make("report", "STUDY=demo", f"OUT={out}", cwd=sandbox)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "nothing changed" in second.stdout and "rendered" not in second.stdout.split("nothing changed")[0]
    assert "reports:" not in second.stderr                               # no notebook was started
