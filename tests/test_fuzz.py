"""Fuzzing the readers and the report's safe-text path with hypothesis."""
import csv
import io
import os
import re
import unicodedata

import mistune
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.corpus.clean import clean_lines
from analysis.corpus.encoding import DecodeError, decode
from analysis.corpus.readers import (Problem, Record, display_name, read_csv_file, read_jsonl_file,
                                     read_text_file, typed_meta)
from analysis.reporting import safe
from analysis.reporting.render import scan

HOSTILE = st.sampled_from(["<script>alert(1)</script>", "[x](javascript:alert(1))", "![](https://evil.example/a.png)",
                           "&#106;avascript:alert(1)", "`code`", "$x^2$", "<img src=x onerror=alert(1)>",
                           "<https://evil.example>", "**bold**", "\\", "|a|b|", "# heading", "\u202etxt.exe",
                           "www.evil.example", "javascript:alert(1)", "<a href='//evil.example'>x</a>"])
TEXT = st.one_of(st.text(max_size=200), HOSTILE, st.lists(st.one_of(HOSTILE, st.text(max_size=20)), max_size=5).map("".join))
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_markdown = mistune.create_markdown(escape=False, plugins=["strikethrough", "table", "url"])


@FUZZ
@given(st.binary(max_size=2000))
def test_decode_returns_text_or_says_why(data):
    try:
        out = decode(data)
    except DecodeError as exc:
        assert str(exc)
    else:
        assert isinstance(out.text, str) and "\r" not in out.text


@FUZZ
@given(st.text(max_size=3000), st.sampled_from([read_text_file, read_csv_file, read_jsonl_file]))
def test_readers_never_raise(text, reader):
    records, problems = reader("f", text, "utf-8")
    assert all(isinstance(r, Record) for r in records) and all(isinstance(p, Problem) for p in problems)
    assert all(p.reason for p in problems)


@FUZZ
@given(st.lists(TEXT, max_size=30))
def test_cleaning_never_raises_and_keeps_input_lines(lines):
    result = clean_lines(lines)
    assert [t for _, t in result.kept] == [lines[n - 1] for n, _ in result.kept]


@FUZZ
@given(TEXT)
def test_markdown_text_never_becomes_markup(value):
    html = _markdown(f"Outlet **{safe.md(value)}** said so.")
    assert scan(html) == []
    assert not re.search(r"<(?!/?(?:p|strong|em)\b)[a-z]", html), html       # no element but the ones we wrote


@FUZZ
@given(TEXT)
def test_links_are_only_http_or_relative(url):
    out = safe.link("label", url)
    if "<a " in out:
        href = re.search(r'href="([^"]*)"', out).group(1)
        assert href.startswith(("http://", "https://")) or not re.match(r"[a-zA-Z][\w+.-]*:|//", href)


@FUZZ
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=4))
def test_tables_escape_every_cell(rows):
    html = safe.table(pd.DataFrame(rows, columns=["a", "<b>"]))
    assert scan(html) == []
    assert set(re.findall(r"<(/?\w+)", html)) <= {"table", "/table", "thead", "/thead", "tbody", "/tbody",
                                                  "tr", "/tr", "th", "/th", "td", "/td"}


# -- the readers' boundary: names, decoded text, typed fields --------------------------------------------------
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
              st.text(max_size=40), st.sampled_from(["1e+308", "nan", "-Infinity", '["A", "B"]', '{"a": 1}',
                                                     "not-a-date", "2024-01-05", "5 January 2024", "", "  "])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=8)


@FUZZ
@given(st.one_of(st.text(max_size=60), st.binary(max_size=60).map(os.fsdecode)))
def test_a_displayed_name_has_nothing_a_terminal_or_table_acts_on(name):
    shown = display_name(name)
    assert not UNPRINTABLE.search(shown) and shown == unicodedata.normalize("NFC", shown)
    shown.encode("utf-8")                                  # no lone surrogates left from undecodable bytes


@FUZZ
@given(st.binary(max_size=3000), st.binary(max_size=300))
def test_decoded_text_has_no_control_characters(head, tail):
    try:
        out = decode(head + b"x" * 8192 + tail)            # the tail lies past the binary sniff
    except DecodeError as exc:
        assert str(exc)
    else:
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out.text)


@FUZZ
@given(st.dictionaries(st.sampled_from(["title", "outlet", "published", "id", "url", "relayed_source", "event"]),
                       JSON_VALUE, max_size=7))
def test_typed_fields_are_their_type_or_a_warning(values):
    meta, problems = typed_meta(values, "f.jsonl:line 1")
    assert all(isinstance(v, str) and v == v.strip() and v for v in meta.values())
    assert "published" not in meta or re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["published"])
    for name in ("outlet", "relayed_source"):
        assert name not in meta or (any(c.isalpha() for c in meta[name]) and "\n" not in meta[name])
    for field in ("title", "outlet", "published", "relayed_source"):
        value = meta.get(field, "")
        assert not re.fullmatch(r"\s*[-+]?(?:nan|inf(?:inity)?|[\d.]+(?:e[-+]?\d+)?)\s*", value, re.I), value
    refused = {k for k, v in values.items() if v is not None and k not in meta and (not isinstance(v, str) or v.strip())}
    named = {m.group(1) or m.group(2) for p in problems
             for m in [re.search(r"^'(\w+)' value |control characters? removed from '(\w+)'", p.reason)] if m}
    assert refused <= named and all(p.path == "f.jsonl:line 1" and p.status == "warning" for p in problems)


@FUZZ
@given(st.lists(st.sampled_from(["text", "title", "outlet", "published", "id", "x", ""]), min_size=1, max_size=6),
       st.lists(st.lists(st.one_of(st.text(max_size=30), st.sampled_from(["nan", "1e+308", "row 1", "Body text."])),
                         min_size=1, max_size=6), max_size=5))
def test_csv_with_any_header_and_cells_never_raises(header, rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    records, problems = read_csv_file("f.csv", buffer.getvalue(), "utf-8")
    assert all(r.text.strip() for r in records) and all(p.reason for p in problems)
    assert all("published" not in r.meta or re.fullmatch(r"\d{4}-\d{2}-\d{2}", r.meta["published"]) for r in records)


# -- the settings loader and the coding-sheet reader ---------------------------------------------------------------
def _toml_value(v) -> str:
    import json as _json
    import math as _math
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "nan" if _math.isnan(v) else ("inf" if v == _math.inf else "-inf" if v == -_math.inf else repr(v))
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return _json.dumps(v)          # a TOML basic string is a JSON string


SETTING_KEYS = {"study": ["name", "corpus", "synthetic"], "lexicons": ["frames", "actors", "rules", "stopwords"],
                "axis": ["positive", "negative"], "compare": ["by", "event", "count_copies", "frames_method"],
                "terms": ["min_count", "z", "ngram_max", "numbers"], "topics": ["k", "k_min", "k_max", "restarts", "sample"],
                "ingest": ["max_mb", "near_duplicate_threshold"], "validity": ["min_alpha", "test_share"],
                "coding": ["frames"], "bogus": ["x"]}
SETTING_VALUE = st.one_of(st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
                          st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
                          st.sampled_from(["iraq", "policy", "", "/dev/zero", "auto", "nmf", "source_label"]),
                          st.lists(st.sampled_from(["iraq", "policy", "", "x.toml", "source_label"]), max_size=3))


@FUZZ
@given(st.dictionaries(st.sampled_from(sorted(SETTING_KEYS)),
                       st.dictionaries(st.sampled_from(sorted({k for ks in SETTING_KEYS.values() for k in ks})),
                                       SETTING_VALUE, max_size=3), max_size=4))
def test_the_settings_loader_loads_or_names_the_problem(tmp_path_factory, tables):
    from analysis.errors import AnalysisError
    from analysis.settings import load_settings

    text = "\n".join(f"[{section}]\n" + "\n".join(f"{k} = {_toml_value(v)}" for k, v in keys.items())
                     for section, keys in tables.items())
    path = tmp_path_factory.mktemp("fuzz") / "study.toml"
    path.write_text(text + "\n", encoding="utf-8")
    try:
        load_settings(path)
    except AnalysisError as exc:                       # one message naming the file; never another exception
        assert str(path) in str(exc) or "study" in str(exc).lower() or ".toml" in str(exc)


SHEET_CELL = st.one_of(st.sampled_from(["0", "1", "", "2", "'1", "=1+0", "yes", "development", "test", "x:1",
                                        "a:0", "nan"]), st.text(max_size=15))


@FUZZ
@given(st.lists(st.sampled_from(["unit_id", "article_id", "sentence_id", "text", "part", "coder", "f", "g", "F",
                                 "notes", ""]), min_size=1, max_size=6),
       st.lists(st.lists(SHEET_CELL, min_size=6, max_size=6), max_size=6))
def test_the_coding_sheet_reader_reads_or_names_the_problem(tmp_path_factory, header, rows):
    from analysis.corpus.coding import read_sheet
    from analysis.errors import CodingSheetError

    path = tmp_path_factory.mktemp("sheet") / "coded.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for row in rows:
            w.writerow(row[:len(header)])
    sample = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "text": ["One.", "Two."]})
    try:
        out = read_sheet(path, ["f", "g"], sample)
    except CodingSheetError as exc:
        assert str(path) in str(exc)
    else:
        assert set(out["f"].unique()) <= {0, 1} and set(out["g"].unique()) <= {0, 1}
