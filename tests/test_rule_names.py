"""Report 01 names the cleaning rules in words, from one [names] table beside the rules."""
import html

import nbformat
import pytest

from analysis import paths
from analysis.corpus.clean import RulesError, load_rules, rule_name, rule_names
from analysis.reporting import findings
from analysis.reporting.study import open_study

BODY = ("The harbour authority approved the new ferry timetable on Tuesday after months of talks.\n\n"
        "Ferry operators said the change would add two crossings a day and cut waiting times for commuters.\n\n"
        "Residents of the island welcomed the decision but asked for lower fares in the winter months.\n\n")


def test_every_bundled_rule_and_debris_rule_has_a_name_in_words():
    names = rule_names()
    ids = {r.id for r in load_rules()} | {"question_teaser", "repeated_fragment"}
    assert ids <= set(names)
    assert not any("_" in names[i] for i in ids)
    assert names["more_from"] == "'More from' block"


def test_a_rules_file_of_ones_own_adds_names_and_an_unnamed_id_reads_in_words(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text('[names]\nfare_box = "Fare box notice"\nbyline = "Who wrote it"\n\n'
                    '[[rule]]\nid = "fare_box"\npattern = "^fares from"\n\n[[rule]]\nid = "live_ticker"\n'
                    'pattern = "^live:"\n', encoding="utf-8")
    names = rule_names(("default", mine))
    assert names["fare_box"] == "Fare box notice" and names["byline"] == "Who wrote it"    # a later file wins
    assert names["teaser"] == "One-line teaser"                                             # bundled names kept
    assert rule_name("live_ticker", names) == "Live ticker"


def test_a_names_table_that_is_not_words_is_refused_naming_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[names]\nteaser = 3\n', encoding="utf-8")
    with pytest.raises(RulesError, match="bad.toml: \\[names\\] maps each rule id"):
        rule_names(("default", bad))


def test_report_01_shows_rule_names_beside_the_ids(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, outlet in (("a.txt", "Harbour Herald"), ("b.txt", "Island Post")):
        (folder / name).write_text(f"Ferry Timetable Approved After Talks\n\n{BODY}Share this article\n\n"
                                   "More from Harbour Herald\nFerry Fares Rise Again\nIsland Votes On Bridge\n",
                                   encoding="utf-8")
    (folder / "manifest.csv").write_text("file,outlet\na.txt,Harbour Herald\nb.txt,Island Post\n", encoding="utf-8")
    study = open_study(folder, cache_dir=tmp_path / "cache")
    table = study.table("removed_by_rule")
    assert list(table.columns[:2]) == ["rule_name", "rule"]
    named = dict(zip(table["rule"], table["rule_name"]))
    assert named["more_from"] == "'More from' block" and named["share_prompt"] == "Share or follow prompt"
    removed = study.table("removed")
    assert list(removed.columns[3:5]) == ["rule_name", "rule"] and removed["rule_name"].str.contains(" ").any()

    said = []
    page = type("P", (), {"markdown": staticmethod(said.append), "table": lambda *a, **k: None,
                          "figure": lambda *a, **k: None})()
    nb = nbformat.read(paths.ROOT / "notebooks" / "01-corpus.ipynb", as_version=4)
    cell = next(c.source for c in nb.cells if c.cell_type == "code" and '"removed_by_rule"' in c.source)
    from analysis.reporting import plots
    exec(cell, {"study": study, "page": page, "findings": findings, "plots": plots, "arts": study.articles})
    shown = html.unescape(said[0])
    assert "*'More from' block*" in shown and "more_from" not in shown and "more from" not in shown
