"""Rendering reports: every notebook on another corpus, escaping, standalone HTML, deterministic figures."""
import csv
import random
import re

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from analysis import plots  # noqa: E402
from analysis.report import notebooks, render_reports  # noqa: E402

EVIL_TITLE = "<img src=x onerror=alert(1)>"
EVIL_OUTLET = "<b>Bold</b> News"
EVIL_SENTENCE = 'Officials wrote <script>alert("x")</script> in a statement on the coalition.'

SENTENCES = [
    "The government said the coalition's mission in Iraq had ended and that foreign troops should leave.",
    "Iraqi officials described the demand as a matter of national sovereignty.",
    "Iran-backed militias have attacked US bases with drones and rockets since October.",
    "The Pentagon said its strike was an act of self-defence after the attacks.",
    "Analysts warned that a hasty withdrawal could leave a security vacuum for ISIS.",
    "Oil revenue and dollar transfers tie Iraq's economy to the United States.",
    "Lawmakers in parliament demanded a timetable for the withdrawal of foreign forces.",
    "The war in Gaza has raised fears of a wider regional escalation.",
    "Washington and Baghdad said they would discuss a new bilateral security partnership.",
    "\"We will not be a battlefield for others,\" a government adviser said.",
]


@pytest.fixture(scope="module")
def other_corpus(tmp_path_factory):
    """Three outlets with four articles each, in two formats, with script-bearing title, outlet and text."""
    root = tmp_path_factory.mktemp("corpus")
    rng = random.Random(4)
    rows = []
    for o, outlet in enumerate(["Alpha Times", "Beta Post", EVIL_OUTLET]):
        for a in range(4):
            paras = [" ".join(rng.sample(SENTENCES, 3)) for _ in range(4)]
            if o == 2 and a == 0:
                paras.append(EVIL_SENTENCE)
            title = EVIL_TITLE if (o, a) == (0, 0) else f"{outlet} report {a} on the coalition"
            rows.append({"id": f"{o}-{a}", "title": title, "outlet": outlet, "published": f"2024-01-{a + 5:02d}",
                         "text": "\n\n".join(paras)})
    with open(root / "export.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows[:8])
    for r in rows[8:]:
        (root / f"{r['id']}.txt").write_text(f"{r['title']}\n{r['text']}\n", encoding="utf-8")
    (root / "manifest.csv").write_text("file,outlet,relayed_source,url,published,outlet_evidence\n" + "".join(
        f"{r['id']}.txt,\"{r['outlet']}\",unknown,,{r['published']},test fixture\n" for r in rows[8:]), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def rendered(other_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    index = render_reports(other_corpus, out, figures_dir=out / "figures")
    return out, index


def test_every_notebook_rendered_with_index(rendered):
    out, index = rendered
    assert index == out / "index.html"
    names = {p.stem for p in notebooks()}
    assert {p.stem for p in out.glob("[0-9][0-9]-*.html")} == names
    text = index.read_text()
    assert "12 articles from 3 outlets" in text
    for name in names:
        assert f'href="{name}.html"' in text
    assert re.search(r"Data hash</dt><dd><code>[0-9a-f]{16}</code>", text)


def test_script_bearing_text_is_escaped_everywhere(rendered):
    out, _ = rendered
    pages = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.html")}
    for name, html in pages.items():
        assert "<img src=x onerror" not in html, name
        assert '<script>alert("x")' not in html, name
        assert "<b>Bold</b> News" not in html, name
    corpus_page = pages["01-corpus.html"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in corpus_page
    assert "&lt;b&gt;Bold&lt;/b&gt; News" in corpus_page


def test_reports_stand_alone(rendered):
    out, _ = rendered
    for page in out.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<(?:script|link|img)\b[^>]*(?:src|href)=[\"']https?://", html), page.name
        if page.name != "index.html":
            assert "data:image/png;base64," in html, page.name         # figures embedded
            assert "No description has been provided" not in html, page.name   # every figure described


def test_code_hidden_by_default(rendered):
    out, _ = rendered
    assert "session = setup(" not in (out / "01-corpus.html").read_text(encoding="utf-8")


def test_figures_are_deterministic(tmp_path):
    values = pd.Series({"B": 3.0, "A": 5.0})
    colors = plots.outlet_colors(["B", "A", "unknown"])
    assert colors == plots.outlet_colors(["A", "unknown", "B"]) and colors["unknown"] == plots.UNKNOWN_COLOR
    for run in ("one", "two"):
        fig = plots.bar_by_outlet(values, colors, title="t", xlabel="x")
        plots.save(fig, run, tmp_path)
    assert (tmp_path / "one.png").read_bytes() == (tmp_path / "two.png").read_bytes()
    assert (tmp_path / "one.svg").read_bytes() == (tmp_path / "two.svg").read_bytes()
