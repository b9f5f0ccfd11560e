"""Every command README shows works as written, run from a folder that is not the project's.

The commands are read from README itself (fenced ``bash`` blocks and inline
code starting with ``make`` or ``python -m analysis``; the generated Validity
section is left out: its benchmarks need external data).  Each runs in a
scratch folder holding small copies of the corpora and the files README's
examples name (the transit study is built from README's own blocks):

* concrete ``python -m analysis`` commands run through the CLI's entry point
  and must exit 0 and write what they say.  Notebooks are executed for real
  by one command only (``make report STUDY=demo``, run twice: the second run
  must render nothing and say so, and print no warning); for the other
  report commands the notebook is converted without being executed, so
  settings, ingestion, measures, checks, HTML and the output folder are
  exercised without re-running six kernels each time;
* synopsis lines (``[DIR]``, ``TOML``...) are parsed by the CLI's parser with
  their placeholders filled: an option README shows must exist;
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

ARTICLES = [
    ("Alpha Times", "left", "bridge", "2024-01-10", "Mayor Jane Smith said the bridge repairs would raise fares. "
     "The city council warned the budget deficit would grow. Riders asked who pays for the repairs."),
    ("Alpha Times", "left", "fares", "2024-01-17", "The council voted to raise bus fares to close a budget deficit. "
     "The mayor said the price rise was fair. Councillors said taxes would not rise."),
    ("Alpha Times", "left", "bridge", "2024-01-24", "Engineers said the bridge was unsafe after a crash. "
     "The mayor promised safety repairs. The city council approved the cost."),
    ("Beta Post", "right", "bridge", "2024-01-11", "A crash on the bridge injured two people, officials said. "
     "Safety experts warned of danger. The mayor said repairs would start soon."),
    ("Beta Post", "right", "fares", "2024-01-18", "Fares will rise again, the council said. The deficit is large. "
     "Jane Smith said the budget needed the money."),
    ("Beta Post", "right", "bridge", "2024-01-25", "The bridge closed for repairs after an accident. "
     "Councillors said safety came first. The mayor agreed on Tuesday."),
]


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
    return dict(re.findall(r"\(`(transit/[\w./]+\.toml)`\)(?:(?!```).)*?```toml\n(.*?)```", text, re.S))


def is_synopsis(command: str) -> bool:
    return "[" in command or "--help" in command or bool(re.search(r"\b(DIR|TOML|SHEET|NAME|COMMAND)\b", command))


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """A folder elsewhere with small copies of the corpora and every file README's examples name."""
    root = tmp_path_factory.mktemp("elsewhere")
    shutil.copytree(paths.DATA_RAW, root / "data" / "raw")
    shutil.copytree(paths.DATA_DEMO, root / "data" / "demo")
    shutil.copytree(paths.DATA_DEMO, root / "my_corpus")
    files = readme_files()
    assert set(files) == {"transit/frames.toml", "transit/actors.toml", "transit/study.toml"}
    for name, body in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(body, encoding="utf-8")
    (root / "transit" / "articles").mkdir()
    with open(root / "transit" / "articles" / "export.jsonl", "w", encoding="utf-8") as fh:
        for i, (outlet, leaning, event, published, text) in enumerate(ARTICLES):
            fh.write(json.dumps({"id": f"b-{i}", "outlet": outlet, "leaning": leaning, "event": event,
                                 "published": published, "title": f"Transit story {i}", "text": text}) + "\n")
    shutil.copy(root / "transit" / "study.toml", root / "my_study.toml")
    study = (root / "my_study.toml").read_text().replace('corpus = "articles"', 'corpus = "transit/articles"')
    (root / "my_study.toml").write_text(study.replace('"frames.toml"', '"transit/frames.toml"')
                                        .replace('"actors.toml"', '"transit/actors.toml"'))
    shutil.copy(root / "transit" / "frames.toml", root / "my_frames.toml")
    shutil.copy(root / "transit" / "actors.toml", root / "my_actors.toml")
    (root / "my_rules.toml").write_text('[[rule]]\nid = "advert"\npattern = "^advertisement$"\n')
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
        found.append(root / "reports")
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
            frames = [c for c in sheet.columns if c not in
                      ("unit_id", "article_id", "sentence_id", "group", "position", "context", "text", "coder", "notes", "part", "sample")]
            assert frames and len(sheet) > 0
            for coder, flip in (("coder1", 0), ("coder2", 1)):
                coded = sheet.copy()
                coded[frames] = [[(i + j + flip) % 2 for j in range(len(frames))] for i in range(len(coded))]
                coded["coder"] = coder
                coded.to_excel(elsewhere / f"{coder}.xlsx", index=False)
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
