"""Rendering reports for another study: every notebook, its lexicons, escaping, nothing that runs or loads."""
import html
import re
import shutil
import socket
import subprocess
import threading

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from analysis.reporting import plots  # noqa: E402
from analysis.reporting.render import notebooks, render_reports, scan  # noqa: E402

from conftest import EVIL_OUTLET, EVIL_TITLE, MATHS_OUTLET  # noqa: E402


@pytest.fixture(scope="module")
def rendered(own_study, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    index = render_reports(own_study, out, figures_dir=out / "figures")
    return out, index


def pages(out):
    return {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.html")}


def test_every_notebook_rendered_with_index(rendered):
    out, index = rendered
    assert index == out / "index.html"
    names = {p.stem for p in notebooks()}
    assert {p.stem for p in out.glob("[0-9][0-9]-*.html")} == names
    text = index.read_text()
    assert "Corpus folder <code>articles</code>: 12 articles, 12 counted" in text and "3 outlets:" in text
    assert text.index("What was compared") < text.index("12 articles from 3 outlets")   # 01's found line, below
    assert text.index('href="00-summary.html"') < text.index("sha256")     # the reports first, provenance after
    for name in names:
        assert f'href="{name}.html"' in text
    assert re.search(r"Data hash</dt><dd><code>[0-9a-f]{16}</code>", text)
    assert "transit_frames.toml" in text and re.search(r"sha256 [0-9a-f]{64}", text)   # lexicons and their hashes


def test_reports_use_the_studys_lexicons_and_nothing_of_iraq(rendered):
    out, _ = rendered
    for name, html in pages(out).items():
        for word in ("Sovereignty", "Iranian influence", "frames_iraq", "actors_iraq", "Islamic State"):
            assert word not in html, (name, word)
    framing = pages(out)["04-framing.html"]
    assert "Cost to riders" in framing and "Safety" in framing
    assert "Frame share relative to the same events" in framing          # the study names an event column


def test_script_bearing_text_is_escaped_everywhere(rendered):
    out, _ = rendered
    for name, html in pages(out).items():
        assert "<img src=x onerror" not in html, name
        assert '<script>alert("x")' not in html, name
        assert "<b>Bold</b> News" not in html, name
        assert 'href="javascript' not in html.lower(), name
        assert not re.search(r"<img[^>]+src=[\"']?(?:https?:)?//", html), name        # no remote image
    corpus_page = pages(out)["01-corpus.html"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in corpus_page
    assert "&lt;b&gt;Bold&lt;/b&gt; News" in corpus_page


def test_reports_stand_alone_and_run_nothing(rendered):
    out, _ = rendered
    for name, html in pages(out).items():
        assert scan(html) == [], name
        if name != "index.html":
            assert "data:image/png;base64," in html, name         # figures embedded
            assert "No description has been provided" not in html, name   # every figure described
            assert "widget-state" not in html and "jupyter-widgets" not in html, name


def test_every_report_explains_its_intervals_once_and_writes_them_in_the_house_form(rendered):
    from analysis.reporting.intervals import EXPLAINED
    out, _ = rendered
    for name, page in pages(out).items():
        if name != "index.html":
            assert page.count(html.escape(EXPLAINED, quote=False)[:40]) == 1, name
            assert not re.search(r"95% interval [−+-]?\d", page), name        # "0.71 (0.60–0.80)", not per line
            assert not re.search(r"[ (]-0\.00\b", page), name


def test_code_hidden_by_default(rendered):
    out, _ = rendered
    assert "study, page = start(" not in pages(out)["01-corpus.html"]


def test_every_page_names_its_generator_so_a_copy_is_never_read_as_an_article(rendered):
    from analysis.corpus.readers import own_report

    out, _ = rendered
    for name, text in pages(out).items():
        assert '<meta name="generator" content="analysis ' in text, name
        assert own_report(text) == "a report page written by this package", name


def test_every_shown_table_is_written_in_full(rendered):
    out, _ = rendered
    tables = {p.name for p in (out / "tables").iterdir()}
    assert {"articles.csv", "salience.csv", "axis.csv", "sentiment.csv", "voices.csv"} <= tables
    assert 'href="tables/salience.csv"' in pages(out)["04-framing.html"]
    salience = pd.read_csv(out / "tables" / "salience.csv")
    assert set(salience.frame) == {"cost", "safety", "environment"}


def test_figures_are_deterministic(tmp_path):
    values = pd.Series({"B": 3.0, "A": 5.0, MATHS_OUTLET: 1.0})
    colors = plots.group_colors(["B", "A", MATHS_OUTLET])
    assert colors == plots.group_colors([MATHS_OUTLET, "A", "B"])
    plots.use_style()
    for run in ("one", "two"):
        fig = plots.bar_by_group(values, colors, title="t", xlabel="x")
        plots.save(fig, run, tmp_path)
    assert (tmp_path / "one.png").read_bytes() == (tmp_path / "two.png").read_bytes()
    assert (tmp_path / "one.svg").read_bytes() == (tmp_path / "two.svg").read_bytes()
    assert "$5 Daily" in (tmp_path / "one.svg").read_text()     # drawn as typed, not as maths


def test_outlet_names_never_become_markdown(rendered):
    out, _ = rendered
    summary = pages(out)["00-summary.html"]
    assert EVIL_TITLE not in summary and EVIL_OUTLET not in summary


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed here; test_reports_stand_alone_and_run_nothing "
                                             "scans the same pages without a browser")
def test_pages_fetch_nothing_in_a_real_browser(rendered, tmp_path):
    # Every request the browser makes goes to a listener that records its host.  The browser's own
    # background calls are learnt from a blank page first; a report page must add no host to them.
    seen: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    stop = threading.Event()

    def listen():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            line = conn.recv(300).split(b"\r\n", 1)[0].split(b" ")
            # a connection that sends no request line (a browser's speculative preconnect) names no host
            seen.append(re.sub(rb"^(?:https?://)?([^/:]+).*$", rb"\1", line[1]) if len(line) > 1 else b"")
            conn.close()

    def load(url):
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run",
                        f"--user-data-dir={tmp_path / 'profile'}", f"--proxy-server=http://127.0.0.1:{server.getsockname()[1]}",
                        "--proxy-bypass-list=<-loopback>", "--virtual-time-budget=3000", "--dump-dom", url],
                       capture_output=True, timeout=120)

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    out, _ = rendered
    try:
        load("about:blank")
        baseline = set(seen)
        page_hosts = {}
        for page in sorted(out.glob("*.html")):
            before = len(seen)
            load(page.resolve().as_uri())
            # the browser's own background calls come and go between loads; a host the page asked for is
            # named in the page (no script runs: test_reports_stand_alone_and_run_nothing)
            text = page.read_text(encoding="utf-8", errors="replace")
            page_hosts[page.name] = {h for h in set(seen[before:]) - baseline
                                     if h and h.decode(errors="replace") in text}
    finally:
        stop.set()
        thread.join()
        server.close()
    assert all(not hosts for hosts in page_hosts.values()), page_hosts


def test_frame_map_draws_intervals_that_miss_their_estimate():
    """A group whose interval lies (slightly) above its mean, as a share of 0 once got, is still drawn."""
    import matplotlib

    matplotlib.use("Agg")
    from analysis.reporting import plots

    x = pd.DataFrame({"group": ["A", "B"], "mean": [0.0, 0.4], "ci_low": [6.9e-18, 0.2], "ci_high": [0.3, 0.6],
                      "flag": ["", ""]})
    y = pd.DataFrame({"group": ["A", "B"], "mean": [0.2, 0.5], "ci_low": [0.25, float("nan")],
                      "ci_high": [0.4, float("nan")], "flag": ["", ""]})
    fig = plots.frame_map(x, y, {"A": "#000", "B": "#111"}, xlabel="x", ylabel="y", title="t")
    assert fig is not None
    assert plots._bar(0.0, 6.9e-18, 0.3) == [[0.0], [0.3]]
    assert plots._bar(0.5, float("nan"), float("nan")) is None


def test_frames_over_time_are_drawn_per_frame_and_say_when_there_is_one_period():
    from analysis.reporting import plots

    rows = [{"period": p, "group": g, "frame": f, "share": s, "sentences": 10}
            for p, s in ((pd.Timestamp("2024-01-01"), 0.2), (pd.Timestamp("2024-01-08"), 0.4), (pd.NaT, 0.1))
            for g in ("A", "B") for f in ("x", "y", "z")]
    fig = plots.frame_timeline(pd.DataFrame(rows), {"x": "Frame X"}, {"A": "#000"}, title="t")
    drawn = [ax for ax in fig.axes if ax.get_visible() and ax.lines]
    titles = [ax.get_title(loc="left") or ax.get_title() for ax in drawn]
    assert len(drawn) == 3 and "Frame X" in titles and all(len(ax.lines) == 2 for ax in drawn)
    one = pd.DataFrame([r for r in rows if r["period"] == pd.Timestamp("2024-01-01")])
    text = " ".join(t.get_text() for ax in plots.frame_timeline(one, {}, {}, title="t").axes for t in ax.texts)
    assert "fewer than two dated periods" in text
