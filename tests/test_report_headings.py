"""Every table a report shows is headed in words: no heading holds "_", and no column whose name has one is shown
under that name with spaces for underscores ("speaker raw", "n groups") instead of words of its own."""
import re

import pytest

from analysis.reporting import safe
from analysis.reporting.notebook import table_html, tidy
from analysis.reporting.tables import REPORT_TABLES


@pytest.fixture(scope="module")
def study(own_study):
    from analysis.reporting.study import open_study
    return open_study(own_study)


def _raw_headings(study, name):
    frame = study.table(name)
    labels = study.frame_labels()
    if frame.empty:         # a table this study cannot fill (no coded sheet): its columns, as a study with one shows
        bounds = {f"{c}_{end}" for c in frame.columns for end in ("low", "high")}      # shown in their estimate's cell
        return [c for c in frame.columns if "_" in str(c) and c not in labels and c not in safe.HEADINGS
                and c not in bounds]
    shown, _ = tidy(frame)
    raw = [c for c in shown.columns if "_" in str(c) and c not in labels and safe._base(c) not in safe.HEADINGS]
    html = table_html(frame, name, headings=labels)
    raw += [h for h in re.findall(r"<th>(.*?)</th>", html) if "_" in h]
    return raw


@pytest.mark.parametrize("name", sorted(REPORT_TABLES))
def test_every_report_tables_headings_are_words(study, name):
    raw = _raw_headings(study, name)
    assert raw == [], raw
