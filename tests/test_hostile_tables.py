"""Hostile tables and manifests: fields typed at the boundary, ids and headers that collide, names in NFD.

A refused value is a warning naming the file, the line and the field; the article is still ingested."""
import csv
import io
import json
import re
import unicodedata

import pytest

from analysis.corpus import build_corpus
from analysis.corpus.readers import read_csv_file, read_jsonl_file

BODY = "The minister said on Friday that the coalition would leave the country within a year, officials said."
BODIES = [BODY, "Talks on the budget broke down late on Tuesday after the finance committee walked out.",
          "Flood water reached the old market and hundreds of families left their homes overnight.",
          "The court ruled that the election result stands and ordered a recount in two districts.",
          "A new rail line to the airport opened on Sunday, two years later than the city had promised."]


def _warnings(problems):
    return {(p.path, p.reason) for p in problems if p.status == "warning"}


def _csv(rows, header="title,outlet,published,text"):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header.split(","), *rows])
    return out.getvalue()


def test_numbers_nan_and_json_in_a_csv_are_refused_field_by_field():
    text = _csv([["1e+308", "Outlet A", "2024-01-05", BODIES[0]],
                 ["Fine title", '["A", "B"]', "nan", BODIES[1]],
                 ["Other title", "Infinity", "1e+308", BODIES[2]],
                 ["Last title", "Outlet D", "not-a-date", BODIES[3]]])
    records, problems = read_csv_file("t.csv", text, "utf-8")
    assert [r.meta.get("title") for r in records] == [None, "Fine title", "Other title", "Last title"]
    assert [r.meta.get("outlet") for r in records] == ["Outlet A", None, None, "Outlet D"]
    assert [r.meta.get("published") for r in records] == ["2024-01-05", None, None, None]
    warnings = _warnings(problems)
    for where, field, what in [("t.csv:line 2", "title", "is a number, not text"),
                               ("t.csv:line 3", "outlet", "is a JSON list, not a name"),
                               ("t.csv:line 3", "published", "is not a number (NaN or infinity), not a date"),
                               ("t.csv:line 4", "outlet", "is not a number (NaN or infinity), not a name"),
                               ("t.csv:line 4", "published", "is a number, not a date"),
                               ("t.csv:line 5", "published", "is not a date that can be read")]:
        assert any(w == where and r.startswith(f"'{field}' value ") and what in r for w, r in warnings), (where, field)
    assert len(warnings) == 6


def test_json_types_are_checked_not_stringified():
    lines = [{"title": 12, "outlet": {"name": "A"}, "published": float("nan"), "text": BODIES[0]},
             {"title": ["a", "list"], "outlet": True, "published": 20240105, "url": 5, "text": BODIES[1]},
             {"title": "Good", "outlet": "Outlet C", "published": "5 January 2024", "id": 7, "text": BODIES[2]},
             {"id": float("inf"), "text": BODIES[3]}]
    text = "\n".join(json.dumps(line) for line in lines)            # json.dumps writes NaN and Infinity
    assert "NaN" in text and "Infinity" in text
    records, problems = read_jsonl_file("t.jsonl", text, "utf-8")
    assert len(records) == 4
    assert records[0].meta == {} and records[1].meta == {}
    assert records[2].meta == {"title": "Good", "outlet": "Outlet C", "published": "2024-01-05", "id": "7"}
    warnings = _warnings(problems)
    assert ("t.jsonl:line 1", "'published' value NaN is not a number (NaN or infinity), not text; left empty") in warnings
    assert ("t.jsonl:line 2", "'outlet' value true is true/false, not text; left empty") in warnings
    assert ("t.jsonl:line 4", "'id' value Infinity is not a number (NaN or infinity), not text; the row's position "
                              "is its id") in warnings
    assert sum(w.startswith("t.jsonl:line 1") for w, _ in warnings) == 3
    assert sum(w.startswith("t.jsonl:line 2") for w, _ in warnings) == 4


def test_refused_values_reach_the_report_and_the_article_keeps_its_text(tmp_path):
    (tmp_path / "export.csv").write_text(_csv([["A title", "Outlet A", "not-a-date", BODIES[0]],
                                               ["B title", '{"x": 1}', "2024-02-30", BODIES[1]]]))
    corpus = build_corpus(tmp_path)
    arts = corpus.articles.set_index("locator")
    assert arts.loc["row 1", "published"] is None and arts.loc["row 1", "outlet"] == "Outlet A"
    assert arts.loc["row 2", "outlet"] == "unknown"
    rows = corpus.report[corpus.report.status == "warning"]
    assert set(rows.path) == {"export.csv:line 2", "export.csv:line 3"}
    assert rows.reason.str.contains("'published' value 'not-a-date'").any()
    assert rows.reason.str.contains("'published' value '2024-02-30'").any()      # a day that does not exist
    assert len(corpus.problems()) == 3


def test_manifest_values_are_typed_too(tmp_path):
    (tmp_path / "a.txt").write_text("A headline\n" + BODIES[0] + "\n")
    (tmp_path / "manifest.csv").write_text('file,outlet,published\na.txt,"[""A"", ""B""]",nan\n')
    corpus = build_corpus(tmp_path)
    art = corpus.articles.iloc[0]
    assert art.outlet == "unknown" and art.published is None
    reasons = corpus.report.loc[corpus.report.path == "manifest.csv:line 2", "reason"].tolist()
    assert len(reasons) == 2 and all("not used" in r for r in reasons)


def test_an_id_that_reads_like_a_row_locator_is_not_a_repeat(tmp_path):
    (tmp_path / "export.csv").write_text(_csv([["", BODIES[0]], ["row 1", BODIES[1]], ["line 3", BODIES[2]],
                                               ["x", BODIES[3]], ["x", BODIES[4]]], header="id,text"))
    corpus = build_corpus(tmp_path)
    assert sorted(corpus.articles.locator) == ["row 1", "row 2", "row 3", "row 4"]
    assert corpus.articles.article_id.is_unique
    [repeat] = corpus.problems().itertuples()
    assert repeat.path == "export.csv:row 5" and "its id 'x' repeats the id of export.csv:row 4" in repeat.reason


def test_ids_without_a_collision_are_what_they_were():
    from analysis.corpus.ingest import make_article_id, record_key
    assert record_key("a-17", "row 3") == "a-17" and record_key(None, "row 3") == "row 3"
    assert record_key("row 1", "row 3") != record_key(None, "row 1")
    assert record_key("id row 1", "row 3") != record_key("row 1", "row 4")
    assert make_article_id("f.csv", record_key("a-17", "row 3")) == make_article_id("f.csv", "a-17")


def test_a_duplicated_text_header_is_reported_and_the_filled_column_read():
    text = "id,text,title,text\n1,,First,\"" + BODIES[0] + "\"\n2,\"" + BODIES[1] + "\",Second,\n"
    records, problems = read_csv_file("dup.csv", text, "utf-8")
    assert [r.text for r in records] == [BODIES[0], BODIES[1]]
    assert [(p.path, p.status, p.reason) for p in problems] == [
        ("dup.csv:line 1", "warning", "the header names 'text' 2 times (columns 2 and 4); each row's first "
                                      "non-empty one is read")]


@pytest.mark.parametrize("on_disk, in_manifest", [("NFD", "NFC"), ("NFC", "NFD")])
def test_a_file_name_in_another_normal_form_matches_its_manifest_row(tmp_path, on_disk, in_manifest):
    name = "Zürich-café.txt"
    (tmp_path / unicodedata.normalize(on_disk, name)).write_text("A headline\n" + BODIES[0] + "\n")
    (tmp_path / "manifest.csv").write_text(f"file,outlet\n{unicodedata.normalize(in_manifest, name)},Outlet Z\n",
                                           encoding="utf-8")
    corpus = build_corpus(tmp_path)
    art = corpus.articles.iloc[0]
    assert art.outlet == "Outlet Z" and art.outlet_source == "manifest"
    assert art.source_path == unicodedata.normalize("NFC", name)
    assert len(corpus.problems()) == 0


def test_stored_dates_are_iso_dates():
    lines = [json.dumps({"published": p, "text": BODY}) for p in
             ["2024-01-05T10:00:00Z", "5 January 2024", "Jan 5, 2024", "05/01/2024", "99999-01-01", "1e5"]]
    records, _ = read_jsonl_file("d.jsonl", "\n".join(lines), "utf-8")
    dates = [r.meta.get("published") for r in records]
    assert dates[:3] == ["2024-01-05"] * 3
    assert all(d is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)
    assert dates[3:] == [None, None, None]        # day and month ambiguous; out of range; a number
