"""One list of report tables: a CSV of a given name holds the same table whether a report or `export` wrote it."""
import ast
import html
import re

import nbformat
import pandas as pd
import pytest

from analysis.reporting.export import export_tables
from analysis.reporting.notebook import Page
from analysis.reporting.render import notebooks
from analysis.reporting.study import open_study
from analysis.reporting.tables import FAMILIES, REPORT_TABLES


def _is_table_call(node, name: str) -> bool:
    """``study.table("name")``"""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "table"
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "study"
            and len(node.args) == 1 and isinstance(node.args[0], ast.Constant) and node.args[0].value == name)


def _shown_tables(path):
    """(name, expression, assignments of every variable) for each ``page.table(expr, "name")`` of a notebook."""
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code" and not c.source.lstrip().startswith(("%", "!")))
    tree = ast.parse(code)
    assigned: dict[str, list] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                for t in ast.walk(target):
                    if isinstance(t, ast.Name):
                        assigned.setdefault(t.id, []).append(node.value if isinstance(target, ast.Name) else None)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "table"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "page"
                and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)):
            yield node.args[1].value, node.args[0], assigned


def _family(expr) -> str | None:
    """The long table of a ``page.table(..., f"evidence_{row.name}")`` name (:data:`FAMILIES`), else None."""
    if isinstance(expr, ast.JoinedStr) and expr.values and isinstance(expr.values[0], ast.Constant):
        head = expr.values[0].value
        return next((table for prefix, table in FAMILIES.items() if head == prefix), None)
    return None


def _report_names():
    """Every table name the reports show: fixed names, and the long table of each per-row family."""
    names = set()
    for path in notebooks():
        nb = nbformat.read(path, as_version=4)
        code = "\n".join(c.source for c in nb.cells
                         if c.cell_type == "code" and not c.source.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(code)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "table"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "page" and len(node.args) >= 2):
                arg = node.args[1]
                name = arg.value if isinstance(arg, ast.Constant) else _family(arg)
                assert name, f"{path.name}: page.table(..., {ast.unparse(arg)}) names no listed table or family"
                names.add(name)
    return names


def test_export_writes_every_table_the_reports_show():
    shown = _report_names()
    assert {"evidence", "topic_units", "actor_evidence", "salience_within_events", "frames_over_time",
            "source_labels", "positions", "voice_mix", "articles_overview"} <= shown
    assert shown - set(REPORT_TABLES) == set()


def test_every_listed_table_a_report_shows_comes_from_the_list():
    shown = []
    for path in notebooks():
        for name, expr, assigned in _shown_tables(path):
            if name not in REPORT_TABLES:
                continue
            shown.append(name)
            if isinstance(expr, ast.Name):      # a variable: every assignment to it is that same table
                values = assigned.get(expr.id, [])
                ok = bool(values) and all(v is not None and _is_table_call(v, name) for v in values)
            else:
                ok = _is_table_call(expr, name)
            assert ok, f"{path.name}: page.table(..., {name!r}) must show study.table({name!r})"
    # the reports show most of the list; a name used by no report and not a stored table would be dead
    assert {"salience", "voices", "quotes", "terms", "sentiment", "topic_prevalence", "sources"} <= set(shown)


@pytest.fixture(scope="module")
def study(own_study, tmp_path_factory):
    return open_study(own_study, cache_dir=tmp_path_factory.mktemp("cache"))


def test_export_and_a_report_write_the_same_csv_for_a_name(study, tmp_path):
    written = {p.stem: p for p in export_tables(study, tmp_path / "export") if p.suffix == ".csv"}
    assert set(written) == set(REPORT_TABLES)          # this corpus has enough text for every table
    page = Page(study, figures_dir=tmp_path / "figures", tables_dir=tmp_path / "report")
    for name in ("quotes", "terms", "frames_codebook", "salience", "voices", "topic_prevalence", "voice_mix",
                 "summary_terms", "positions", "removed_by_rule", "articles_overview", "topics_articles"):
        page.html = lambda text: None                   # no notebook display here
        page.table(study.table(name), name)
        assert (tmp_path / "report" / f"{name}.csv").read_bytes() == written[name].read_bytes(), name
    quotes = pd.read_csv(written["quotes"])
    assert list(quotes.columns[:3]) == [*study.by, "article_id", "sentence_id"][:3] and len(quotes)
    assert set(pd.read_csv(written["frames_codebook"])["frame"]) == set(study.frame_labels())
    # the tables export used to miss hold rows on this corpus (it has events, dates and frame matches)
    for name in ("evidence", "topic_units", "salience_within_events", "source_labels", "positions", "voice_mix",
                 "articles_overview"):
        assert len(pd.read_csv(written[name])), name
    assert set(pd.read_csv(written["topic_units"])["topic"]) == set(range(study.topics().k))


def test_an_unknown_table_name_lists_the_names(study):
    from analysis.errors import SettingsError
    with pytest.raises(SettingsError, match=r"name='salinece' is not a report table \(did you mean 'salience'\?\); "
                                            "valid: articles, "):
        study.table("salinece")


def test_a_column_named_by_a_frame_is_headed_by_its_label_and_a_heading_keeps_its_interval(study, tmp_path):
    page = Page(study, figures_dir=tmp_path / "figures", tables_dir=tmp_path / "report")
    shown = []
    page.html = shown.append
    page.table(study.table("axis"), "axis", headings={"mean": "axis score"})
    headings = re.findall(r"<th>(.*?)</th>", shown[0])
    positive, negative = study.axis_poles
    labels = study.frame_labels()
    assert html.escape(labels[positive]) in headings and html.escape(labels[negative]) in headings
    assert positive not in headings and negative not in headings
    assert "axis score (95% interval)" in headings
    assert not [h for h in headings if "_" in h]                   # no column name shown as it is stored
