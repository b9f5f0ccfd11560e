"""Fuzzing the readers and the report's safe-text path with hypothesis."""
import re

import mistune
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.corpus.clean import clean_lines
from analysis.corpus.encoding import DecodeError, decode
from analysis.corpus.readers import Problem, Record, read_csv_file, read_jsonl_file, read_text_file
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
