"""The reports' one script (sortable, filterable tables): present once, allowed by hash, and nothing else runs."""
import base64
import hashlib
import re
import shutil
import subprocess

import nbformat
import pandas as pd
import pytest

from analysis.reporting import interactive, safe
from analysis.reporting.render import scan, to_html

from conftest import EVIL_OUTLET, EVIL_SENTENCE, EVIL_TITLE, MATHS_OUTLET

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
browser = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed here")


def notebook(*html_outputs: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A report")]
    for text in html_outputs:
        cell = nbformat.v4.new_code_cell("page.table(...)")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": text})]
        nb.cells.append(cell)
    return nb


def hostile_table(rows: int = 20) -> str:
    names = [EVIL_TITLE, EVIL_OUTLET, MATHS_OUTLET, EVIL_SENTENCE]
    frame = pd.DataFrame({"source_label": [names[i % 4] for i in range(rows)], "n_sentences": range(rows)})
    return safe.table(frame)


def scripts(page: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S | re.I)


def test_a_report_carries_our_script_once_and_a_policy_allowing_only_it():
    page = to_html(notebook(hostile_table()))
    assert scripts(page) == [interactive.SCRIPT]
    digest = base64.b64encode(hashlib.sha256(scripts(page)[0].encode()).digest()).decode()
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert f"script-src 'sha256-{digest}';" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert page.index("Content-Security-Policy") < page.index("<style")          # before anything it governs
    assert scan(page) == []
    assert to_html(notebook(hostile_table())).count("<script>") == 1


def test_user_payloads_in_tables_stay_text_beside_the_script():
    page = to_html(notebook(hostile_table()))
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;script&gt;alert" in page
    assert "<img src=x" not in page and '<script>alert("x")' not in page and "<b>Bold</b>" not in page


def test_any_other_script_is_removed_from_a_report_and_refused_by_scan():
    leaked = '<p>note</p><script>document.title = "pwned"</script>'
    page = to_html(notebook(hostile_table(), leaked))
    assert scripts(page) == [interactive.SCRIPT] and "pwned" not in page and scan(page) == []
    # a page where one got in anyway (not through to_html) is refused, and so is our script altered by one character
    assert scan(page.replace("</body>", '<script>alert(1)</script></body>'))
    assert scan(page.replace(interactive.SCRIPT, interactive.SCRIPT.replace("FILTER_FROM = 8", "FILTER_FROM = 9")))
    assert scan(page.replace("</body>", "<script>alert(1)</body>"))                   # unclosed
    assert scan(page.replace("</body>", '<script src="tables.js"></script></body>'))


def test_the_script_is_the_vetted_file_and_reaches_for_nothing():
    text = interactive.SCRIPT
    for word in ("fetch", "XMLHttpRequest", "eval", "Function(", "import", "innerHTML", "outerHTML", "location",
                 "cookie", "Storage", "src", "href", "http", "window.open", "document.write", "WebSocket"):
        assert word not in text, word
    assert "<" not in text                                  # cannot end its element or look like markup to scan


def test_a_page_without_head_or_body_gets_no_script_and_no_policy():
    assert interactive.add("<table></table>") == "<table></table>"


def _dom(tmp_path, page: str) -> str:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
                           "--virtual-time-budget=2000", "--dump-dom", path.as_uri()],
                          capture_output=True, text=True, timeout=120)
    return done.stdout


@browser
def test_in_a_browser_our_script_runs_and_an_injected_one_does_not(tmp_path):
    page = to_html(notebook(hostile_table()))
    page = page.replace("</body>", '<script>document.body.setAttribute("data-pwned", "yes")</script>'
                                   '<img src="x" onerror="document.body.setAttribute(\'data-handler\', \'yes\')"></body>')
    dom = _dom(tmp_path, page)
    assert 'class="nf-filterbar"' in dom and 'class="nf-sortable"' in dom        # ours ran under the policy
    body = re.search(r"<body[^>]*>", dom).group(0)
    assert "data-pwned" not in body and "data-handler" not in body               # the others were refused


@browser
def test_in_a_browser_headings_sort_and_the_box_filters(tmp_path):
    frame = pd.DataFrame({"source_label": ["B", "a", "C", "d", "E", "f", "G", "h", "i"],
                          "n": [10, 9, 100, 2.5, 0, float("nan"), -1, 1e3, 7]})
    # no policy in this test page: a second script clicks and types as a reader would, then records the result
    driver = """
    var th = document.querySelectorAll("th");
    var col = function (i) { return Array.prototype.map.call(document.querySelectorAll("tbody tr"),
        function (r) { return r.cells[i].textContent; }).join(","); };
    th[1].click(); var up = col(1); th[1].click(); var down = col(1); th[0].click(); var names = col(0);
    var box = document.querySelector("input.nf-filter"); box.value = "G"; box.dispatchEvent(new Event("input"));
    var shown = Array.prototype.filter.call(document.querySelectorAll("tbody tr"), function (r) { return !r.hidden; });
    document.body.setAttribute("data-result", [up, down, names, shown.length, th[0].getAttribute("aria-sort"), th[1].getAttribute("aria-sort")].join("|"));
    """
    page = (f"<html><head></head><body>{safe.table(frame)}<script>{interactive.SCRIPT}</script>"
            f"<script>{driver}</script></body></html>")
    result = re.search(r'data-result="([^"]*)"', _dom(tmp_path, page)).group(1).split("|")
    # numbers as numbers (a real minus, thousands separators: intervals.figure; whole values among fractions
    # written as fractions), the empty cell last
    assert result[0] == "\u22121.00,0.00,2.50,7.00,9.00,10.0,100,1,000,"
    assert result[1] == "1,000,100,10.0,9.00,7.00,2.50,0.00,\u22121.00,"
    assert result[2] == "a,B,C,d,E,f,G,h,i"                      # text ignoring case
    assert result[3] == "1"                                      # "G" matches one row ("g" would too)
    assert result[4:] == ["ascending", ""]                       # only the last sorted column says so
