"""The reports name the keyness scorer the study chose (``[terms] scorer``), never log-odds for chi2."""
from types import SimpleNamespace

import matplotlib
import nbformat
import pandas as pd
import pytest

matplotlib.use("Agg")

from analysis import paths  # noqa: E402
from analysis.reporting import findings, plots, safe  # noqa: E402


def test_the_method_sentence_names_the_scorer():
    chi2 = findings.terms_method("chi2")
    assert "*chi2*" in chi2 and "chi\\-square" in chi2 and "log" not in chi2.lower()
    log_odds = findings.terms_method("log_odds")
    assert "log\\-odds ratio" in log_odds and "Monroe" in log_odds


def _scores():
    return pd.DataFrame({"group": ["A", "A", "B"], "term": ["ferry", "fare", "bridge"], "count": [9, 2, 8],
                         "count_rest": [1, 5, 1], "z": [3.1, 0.2, 2.9]})


@pytest.mark.parametrize("scorer, words", [("chi2", "chi2"), ("log_odds", "log-odds")])
def test_the_terms_figure_names_the_scorer_on_its_axis(scorer, words):
    fig = plots.term_scatter(_scores(), z=1.96, min_count=2, title="t", scorer=scorer)
    assert words in fig.axes[0].get_ylabel()
    assert scorer == "log_odds" or "log" not in fig.axes[0].get_ylabel()


def _cell(notebook: str, marker: str) -> str:
    nb = nbformat.read(paths.ROOT / "notebooks" / notebook, as_version=4)
    return next(c.source for c in nb.cells if c.cell_type == "code" and marker in c.source)


class _Page:
    def __init__(self):
        self.said = []

    def markdown(self, text):
        self.said.append(text)

    def table(self, *a, **k):
        pass

    def figure(self, *a, **k):
        pass


def test_reports_00_and_04_say_chi2_when_the_study_chose_it():
    terms = pd.DataFrame({"group": ["A", "B"], "term": ["ferry", "bridge"], "z": [3.1, 2.9]})
    settings = SimpleNamespace(terms=SimpleNamespace(scorer="chi2", z=1.96, min_count=2))
    study = SimpleNamespace(settings=settings, table=lambda name: terms, terms=lambda top: terms,
                            term_scores=_scores, group_label="outlet")
    said = []
    for notebook, marker in (("00-summary.ipynb", '"summary_terms"'), ("04-framing.ipynb", "term_scatter")):
        page = _Page()
        exec(_cell(notebook, marker), {"study": study, "page": page, "findings": findings, "plots": plots})
        said += page.said
        prose = [c.source for c in nbformat.read(paths.ROOT / "notebooks" / notebook, as_version=4).cells
                 if c.cell_type == "markdown"]
        assert not any("log-odds" in text for text in prose), notebook      # the fixed prose names no scorer
    assert len(said) == 2 and all("*chi2*" in text and "log" not in text.lower() for text in said)
    assert "log-odds" not in safe.COLUMN_NOTES["z"]
