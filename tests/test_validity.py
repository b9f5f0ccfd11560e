"""README's Validity section is generated from benchmarks/results: it cannot drift from them."""
from analysis.reporting import validity


def test_readme_matches_results_files():
    text = validity.README.read_text(encoding="utf-8")
    assert validity.readme_section() in text, "run `python -m analysis validity --update-readme`"


def test_sentiment_note_uses_results():
    r = validity.results("sentiment")
    note = validity.sentiment_note()
    if r:
        assert f"{r['newsmtsc_rw_test_macro_f1_actor']:.2f}" in note


def test_every_figure_says_its_part_and_n_and_held_out_comes_first():
    rows = validity.figures()
    assert all(r["part"] in ("held-out", "external", "in-sample") and r["n"] for r in rows)
    parts = [r["part"] for r in rows]
    assert parts == sorted(parts, key=["held-out", "external", "in-sample"].index)
    section = validity.readme_section()
    if rows:
        assert section.index("**held-out**") < section.index("**in-sample**") if "**in-sample**" in section else True
        assert all(r["value"] in section for r in rows)
    g = validity.results("gate")
    if g:          # the stance figure the gate uses is the one listed, with its baseline
        assert f"alpha {g['stance_alpha']:.3f}" in validity.listing()
        assert f"accuracy {g['stance_baseline']:.3f}" in validity.listing()


def test_the_library_reads_the_shipped_figures_which_match_the_results_files():
    """Run time reads package data (an installed library has no benchmarks/ folder); the copy is the results."""
    import json
    on_disk = {p.stem: json.loads(p.read_text()) for p in sorted(validity.RESULTS.glob("*.json"))}
    assert on_disk and json.loads(validity.SHIPPED.read_text()) == on_disk, \
        "run a benchmark or `python -m analysis validity --update-readme` to ship benchmarks/results"
    assert validity.results("gate") == on_disk["gate"]


def test_reporting_never_reads_the_benchmarks_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(validity, "RESULTS", tmp_path / "no-such-folder")
    assert validity.results("sentiment") and "run `python benchmarks" not in validity.sentiment_note()


def test_the_generated_section_writes_every_interval_in_the_house_form():
    import re

    from analysis.reporting.intervals import estimate

    section = validity.readme_section()
    assert not re.search(r"95% interval [+\-−]?\d", section)           # not the old "95% interval a to b"
    s = validity.results("sentiment") or {}
    keys = [k[: -len("_low")] for k in s if k.endswith("_low") and k[: -len("_low")] in s]
    assert keys or not s
    for key in keys:
        fmt = "{:+.3f}" if key.endswith("minus_majority") else "{:.3f}"
        shown = estimate(s[key], s[key + "_low"], s[key + "_high"], fmt)
        low = shown.split("(", 1)[1].split("–")[0].split(" to ")[0]
        if f"({low}" in section:                              # the section gives this interval: in the house form
            assert shown in section, (key, shown)
