"""Numbers and table notes as a researcher writes them (issue 19): a real minus sign, thousands separators, a
precision that fits the value, shares as percentages, and notes on left-out columns in sentences."""
import numpy as np
import pandas as pd

from analysis.reporting import safe
from analysis.reporting.intervals import MINUS, figure
from analysis.reporting.notebook import table_html, tidy


def test_figure_writes_a_real_minus_and_thousands_separators():
    assert figure(39533) == "39,533" and figure(np.int64(-39533)) == f"{MINUS}39,533"
    assert figure(-0.66) == f"{MINUS}0.66" and "-" not in figure(-1234.5)
    assert figure(-1234.5) == f"{MINUS}1,234"


def test_figure_gives_a_precision_that_fits_the_value_and_never_scientific_notation():
    assert figure(0.0157) == "0.02" and figure(0.0032) == "0.0032" and figure(1.5e-5) == "0.000015"
    assert figure(12.345) == "12.3" and figure(7.0) == "7" and figure(6.94e-18) == "0"
    assert figure(float("nan")) == "" and figure(None) == ""
    assert "e" not in figure(1.5e-5) and figure(-0.001) != f"{MINUS}0"


def test_table_cells_use_the_house_number_form_but_ids_keep_their_digits():
    html = safe.table(pd.DataFrame({"sentence_id": [12345], "n_words": [39533], "mean": [-0.0157]}))
    assert ">12345<" in html and ">39,533<" in html and f">{MINUS}0.02<" in html and ">-0" not in html


def test_a_column_named_a_share_reads_as_a_percentage():
    shown, _ = tidy(pd.DataFrame({"source_label": ["A", "B"], "direct_share": [0.0157, 0.5]}))
    assert list(shown["direct_share"]) == ["2%", "50%"]


def test_left_out_columns_are_said_in_sentences_and_a_repeated_column_is_not_said():
    frame = pd.DataFrame({"source_label": ["A"] * 3, "group": ["A"] * 3, "actor_label": ["Iran"] * 3,
                          "n": [1, 2, 3], "published": [None] * 3, "why": [None] * 3, "thin": [False] * 3,
                          "converged": [True] * 3})
    notes = tidy(frame)[1]
    text = " ".join(notes)
    assert "The same in every row, so not shown as a column: outlet “A”; actor, in words “Iran”." in notes
    assert "Every row is marked “converged”." in notes and "No row is marked “too little evidence to judge”." in notes
    assert "No row has a value for published, so that column is left out." in notes
    assert "repeats" not in text and "why" not in text          # an empty "why" and a twin column say nothing
    assert "No value in any row" not in text and "In every row:" not in text


def test_two_yes_no_columns_alike_by_chance_both_stay():
    frame = pd.DataFrame({"k": [2, 3, 4], "recommended": [False, True, False], "near_best": [False, True, False]})
    shown, notes = tidy(frame)
    assert {"recommended", "near_best"} <= set(shown.columns) and not any("repeats" in n for n in notes)


def test_a_table_with_a_large_count_shows_it_grouped():
    html = table_html(pd.DataFrame({"source_label": ["A", "B"], "n_words": [39533, 1200]}), "t")
    assert "39,533" in html and "39533" not in html
