"""With copies counted (``--count-copies``), the corpus line, the sources table, the summary and the CLI say so."""
import pandas as pd
import pytest

from analysis.cli import main
from analysis.reporting import findings, tables
from analysis.reporting.notebook import corpus_note
from analysis.reporting.study import open_study

WIRE = ("The harbour authority approved the new ferry timetable on Tuesday after months of talks.\n\n"
        "Ferry operators said the change would add two crossings a day and cut waiting times for commuters.\n\n"
        "Residents of the island welcomed the decision but asked for lower fares in the winter months.\n")
OWN = ("A local ferry captain says the new timetable will stretch crews already working long shifts.\n\n"
       "The union wants more staff before the extra crossings start in the spring, its secretary said.\n")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("copies") / "articles"
    root.mkdir()
    rows = [("a.txt", "Harbour Herald", WIRE), ("b.txt", "Island Post", WIRE), ("c.txt", "Harbour Herald", OWN)]
    for name, _, text in rows:
        (root / name).write_text("Ferry Timetable Approved After Talks\n\n" + text, encoding="utf-8")
    (root / "manifest.csv").write_text("file,outlet\n" + "".join(f"{n},{o}\n" for n, o, _ in rows), encoding="utf-8")
    return root


@pytest.fixture(scope="module", params=[False, True], ids=["grouped", "counted"])
def study(request, folder, tmp_path_factory):
    return open_study(folder, count_copies=request.param, cache_dir=tmp_path_factory.mktemp("cache"))


def test_the_corpus_has_one_copy(study):
    assert len(study.articles) == 3 and int((~study.articles["is_primary"]).sum()) == 1


def test_counts_and_words_follow_the_setting(study):
    counting = study.settings.compare.count_copies
    assert len(study.counted) == (3 if counting else 2)
    sources = tables.REPORT_TABLES["sources"](study).set_index("source_label")
    assert sources["counted"].sum() == len(study.counted)
    assert (sources["counted"] > 0).all() if counting else (sources["counted"] == 0).any()
    note = corpus_note(study)
    cover = findings.coverage(study.articles, study.counted, study.by, study.group_label)
    if counting:
        assert "every copy counted (1 is a copy)" in note and "counted once copies are grouped" not in note
        assert "every copy is counted" in cover and "counts once" not in cover
    else:
        assert "3 articles (2 counted once copies are grouped)" in note
        assert "counts once" in cover


def test_cli_line_agrees_and_plurals(folder, tmp_path, capsys):
    assert main(["ingest", str(folder), "--out", str(tmp_path / "t")]) == 0
    out = capsys.readouterr().out
    assert "3 articles from 2 sources (2 counted once copies are grouped)" in out


def test_plural():
    assert [findings.plural(n, "article") for n in (0, 1, 2)] == ["0 articles", "1 article", "2 articles"]
    assert findings.plural(1, "source") == "1 source"
    assert findings.plural(3, "boilerplate line") == "3 boilerplate lines"


def test_notebook_01_says_how_articles_count(study, capsys):
    """Report 01's "What came in" cell, run on this corpus: its words follow the setting, as the header's do."""
    import nbformat

    from analysis import paths
    from analysis.corpus import summary

    nb = nbformat.read(paths.ROOT / "notebooks" / "01-corpus.ipynb", as_version=4)
    cell = next(c.source for c in nb.cells if c.cell_type == "code" and "status_counts" in c.source)
    exec(cell, {"study": study, "arts": study.articles, "summary": summary, "findings": findings})
    first = capsys.readouterr().out.splitlines()[0]
    if study.settings.compare.count_copies:
        assert first == "articles: 3 (every copy counted (1 is a copy))"
    else:
        assert first == "articles: 3 (2 counted once copies are grouped)"
