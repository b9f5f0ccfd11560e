"""A study that names no axis (the generic study) shows no axis as a finding: reports 00 and 04 say plainly that
its axis is a placeholder and how to name one in the study file's [axis] section."""
import html
import json
import re

import pytest

from analysis import open_study
from analysis.paths import DATA_DEMO, ROOT
from analysis.reporting.notebook import axis_placeholder_note
from analysis.settings import load_settings


def _plain(markdown: str) -> str:
    return html.unescape(markdown.replace("\\", ""))                   # Markdown and HTML escapes off


def test_the_generic_study_says_its_axis_is_a_placeholder_and_how_to_set_one():
    generic = open_study(DATA_DEMO)                                   # a corpus named without a study file
    assert generic.axis_placeholder
    pos, neg = generic.axis_poles
    labels = generic.frame_labels()
    note = _plain(axis_placeholder_note(generic))
    assert note.startswith("**No story axis.**") and "placeholder" in note and "not shown" in note
    assert f"*{labels[pos]}* vs *{labels[neg]}*" in note
    assert f'[axis] section of your study file: positive = "{pos}"' in note and f'negative = "{neg}"' in note
    assert all(frame in note for frame in labels)                     # every frame it could name


@pytest.mark.parametrize("overrides, placeholder", [
    ({}, False),                                                      # the demo study names both poles
    ({"axis.negative": ""}, True),                                    # one pole left to the lexicon's order
])
def test_only_an_axis_the_study_did_not_choose_is_a_placeholder(overrides, placeholder):
    study = open_study(load_settings("demo"), overrides=overrides)
    assert study.axis_placeholder is placeholder
    assert bool(axis_placeholder_note(study)) is placeholder


@pytest.mark.parametrize("notebook", ["00-summary", "04-framing"])
def test_the_reports_show_the_axis_only_for_a_study_that_named_it(notebook):
    cells = json.loads((ROOT / "notebooks" / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    shown = [c for c in code if re.search(r"findings\.axis\(|frame_map\(|\baxis\[|axis_articles|\"axis\"\)", c)]
    assert shown and all(c.startswith("if axis_shown:") or "\nif axis_shown:\n" in c for c in shown)
    assert any("axis_shown = not study.axis_placeholder" in c and "else:\n    page.markdown(axis_placeholder_note"
               in c for c in code)
    markdown = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert "Per article" not in markdown                              # no heading left over an empty section
