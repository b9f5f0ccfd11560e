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
