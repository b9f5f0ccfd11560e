"""The report set as a whole: unchanged reports are not rendered again, a failed notebook gets a short page,
a run where nothing rendered leaves the previous set, and the CLI counts what it wrote.

Notebook execution is replaced here by a stand-in (converting the notebook unexecuted, or raising as a cell
would): what is tested is the bookkeeping around it.  Real execution is tested by tests/test_report.py and
by README's ``make report`` in tests/test_readme_commands.py.
"""
import json

import nbformat
import pytest

from analysis import cli
from analysis.errors import ReportError
from analysis.reporting import render


class CellError(Exception):
    """What papermill raises: the error of the cell, with a long traceback in its text."""

    def __init__(self, ename, evalue):
        self.ename, self.evalue = ename, evalue
        super().__init__("Traceback (most recent call last):\n  File ...\n" + f"{ename}: {evalue}")


@pytest.fixture
def runs(monkeypatch):
    """Notebooks converted without being executed; ``runs.failing`` names notebooks that raise."""
    class Runs(list):
        failing = set()

    runs = Runs()

    def fake_execute(nb_path, parameters, out_path):
        runs.append(nb_path.stem)
        if nb_path.stem in runs.failing or "*" in runs.failing:
            raise CellError("CorpusError", "corpus folder /x/notebooks/data/demo does not exist")
        nb = nbformat.read(nb_path, as_version=4)
        nbformat.write(nb, out_path)
        return nb
    monkeypatch.setattr(render, "execute", fake_execute)
    return runs


def test_a_second_render_with_nothing_changed_renders_nothing(own_study, tmp_path, runs):
    out = tmp_path / "reports"
    first = render.render(own_study, out, figures_dir=out / "figures")
    assert sorted(first.rendered) == sorted(p.stem for p in render.notebooks()) and not first.unchanged
    record = json.loads((out / "_set.json").read_text())
    assert set(record["reports"]) == set(first.rendered)
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.html")}
    runs.clear()
    second = render.render(own_study, out, figures_dir=out / "figures")
    assert runs == [] and second.rendered == [] and "nothing changed" in second.summary()
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.html")} == before
    third = render.render(own_study, out, figures_dir=out / "figures", force=True)
    assert sorted(runs) == sorted(third.rendered) == sorted(first.rendered)


def test_a_changed_setting_renders_again(own_study, tmp_path, runs):
    out = tmp_path / "reports"
    render.render(own_study, out, figures_dir=out / "figures")
    runs.clear()
    again = render.render(own_study, out, figures_dir=out / "figures", overrides={"count_copies": True})
    assert sorted(again.rendered) == sorted(p.stem for p in render.notebooks())


def test_only_the_changed_notebook_renders_and_the_others_are_kept_whole(own_study, tmp_path, runs, monkeypatch):
    out = tmp_path / "reports"
    render.render(own_study, out, figures_dir=out / "figures")
    kept = (out / "01-corpus.html").read_text()
    real_hash = render.notebook_source_hash
    monkeypatch.setattr(render, "notebook_source_hash",
                        lambda p: real_hash(p) + ("-edited" if p.stem == "03-topics" else ""))
    runs.clear()
    result = render.render(own_study, out, figures_dir=out / "figures")
    assert runs == ["03-topics"] and result.rendered == ["03-topics"] and len(result.unchanged) == 5
    assert (out / "01-corpus.html").read_text() == kept
    assert {p.stem for p in out.glob("[0-9][0-9]-*.html")} == {p.stem for p in render.notebooks()}


def test_a_failed_notebook_shows_a_short_error_and_the_rest_are_written(own_study, tmp_path, runs):
    out = tmp_path / "reports"
    runs.failing = {"02-sentiment"}
    with pytest.raises(ReportError) as err:
        render.render(own_study, out, figures_dir=out / "figures")
    assert list(err.value.failures) == ["02-sentiment"]
    assert err.value.failures["02-sentiment"] == "CorpusError: corpus folder /x/notebooks/data/demo does not exist"
    assert len(err.value.written) == 5
    page = (out / "02-sentiment.html").read_text()
    assert "could not be produced" in page and "CorpusError" in page and "Traceback" not in page
    assert "FAILED" in (out / "index.html").read_text()
    runs.clear()
    runs.failing = set()
    render.render(own_study, out, figures_dir=out / "figures")
    assert runs == ["02-sentiment"]                               # a failed report is never taken as up to date


def test_when_nothing_renders_the_previous_set_stays_and_the_cli_says_so(own_study, tmp_path, runs, capsys):
    out = tmp_path / "reports"
    render.render(own_study, out, figures_dir=out / "figures")
    index = (out / "index.html").read_text()
    runs.failing = {"*"}
    rc = cli.main(["report", "--study", str(own_study), "--out", str(out), "--force"])
    err = capsys.readouterr().err
    assert rc == 1 and "no report was written" in err and "were written" not in err
    assert (out / "index.html").read_text() == index and "could not be produced" not in (out / "01-corpus.html").read_text()
    runs.failing = {"04-framing"}
    rc = cli.main(["report", "--study", str(own_study), "--out", str(out), "--force"])
    err = capsys.readouterr().err
    assert rc == 1 and "5 of 6 reports written" in err and "report 04-framing failed: CorpusError" in err


def test_notebook_kernels_open_the_study_as_the_run_resolved_it(own_study, tmp_path, runs, monkeypatch):
    """Kernels get the record of the built study (settings resolved once, with absolute paths; the corpus where
    the run stored it), not the study file and overrides to resolve again from the notebooks' folder."""
    from analysis.reporting.study import open_study
    opened = {}
    real = render.execute

    def record(nb_path, parameters, out_path):
        monkeypatch.chdir(render.paths.NOTEBOOKS)        # where papermill runs a kernel
        study = open_study(parameters["study_file"], **parameters["overrides"])
        opened.update(settings=study.settings, corpus=study.corpus, data=study.data)
        return real(nb_path, parameters, out_path)
    monkeypatch.setattr(render, "execute", record)
    monkeypatch.chdir(own_study.parent)
    render.render(own_study.name, tmp_path / "r", figures_dir=tmp_path / "r" / "figures",
                  overrides={"corpus": "articles", "frames": ["transit_frames.toml"]}, only=["01-corpus"])
    s = opened["settings"]
    assert s.source == str(own_study) and s.corpus == own_study.parent / "articles"
    assert [r.path for r in s.frame_resources()] == [own_study.parent / "transit_frames.toml"]
    assert opened["data"] == opened["corpus"].location and opened["corpus"].key   # the run's stored corpus
    assert len(opened["corpus"].articles) == 12



def _with_found(nb, lines):
    """``nb`` with the output Page.found shows: the heading, the lines as bullets, then the interval note."""
    from analysis.reporting.intervals import EXPLAINED
    from analysis.reporting.notebook import FOUND_HEADING
    text = FOUND_HEADING + "\n\n" + "\n".join(f"- {line}" for line in lines) + "\n\n" + EXPLAINED
    for cell in nb.cells:             # the outputs stored with the notebook are not this run's
        if cell.cell_type == "code":
            cell.outputs = []
    nb.cells.append(nbformat.v4.new_code_cell("page.found(...)", outputs=[
        nbformat.v4.new_output("display_data", data={"text/markdown": text})]))
    return nb


def test_the_index_opens_with_what_was_compared_and_each_reports_found_lines(own_study, tmp_path, monkeypatch):
    def fake_execute(nb_path, parameters, out_path):
        nb = _with_found(nbformat.read(nb_path, as_version=4), [f"**{nb_path.stem}** found this", "second line"])
        nbformat.write(nb, out_path)
        return nb
    monkeypatch.setattr(render, "execute", fake_execute)
    out = tmp_path / "reports"
    render.render(own_study, out, figures_dir=out / "figures")
    page = (out / "index.html").read_text()
    assert page.index("What was compared") < page.index("01-corpus.html") < page.index("How they were made")
    assert "Corpus folder <code>articles</code>: 12 articles" in page and "Published from 10 January 2024" in page
    assert "<strong>01-corpus</strong> found this" in page and "second line" in page
    assert "95% intervals" not in page                      # the note after the list is the report's, not a line
    record = json.loads((out / "_set.json").read_text())
    assert record["reports"]["01-corpus"]["found"] == ["**01-corpus** found this", "second line"]
    # only 03-topics renders again: the index still shows the lines of the reports kept as they were
    real_hash = render.notebook_source_hash
    monkeypatch.setattr(render, "notebook_source_hash",
                        lambda p: real_hash(p) + ("-edited" if p.stem == "03-topics" else ""))
    again = render.render(own_study, out, figures_dir=out / "figures")
    assert again.rendered == ["03-topics"]
    page = (out / "index.html").read_text()
    assert "<strong>01-corpus</strong> found this" in page and "<strong>03-topics</strong> found this" in page


def test_what_was_compared_names_the_first_groups_counts_the_rest_and_escapes_them(own_study, monkeypatch):
    from analysis.reporting.study import open_study
    study = open_study(own_study)
    monkeypatch.setattr(render, "FIRST_GROUPS", 2)
    text = render.compared(study)
    assert "Grouped by outlet (<code>source_label</code>), 3 outlets:" in text and "and 1 more" in text
    study.counted = study.counted.assign(source_label="<script>alert(1)</script>")
    text = render.compared(study)
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "1 outlet:" in text
