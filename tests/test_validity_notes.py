"""The validity paragraphs of the reports: one short line a colleague needs (the figure, its baseline, what it
means), every other figure folded under it."""
import pytest

from analysis.reporting import validity

SENTIMENT = {"nyt_pearson_r": 0.496, "nyt_pearson_r_plain": 0.49, "nyt_n": 5190,
             "newsmtsc_rw_test_n_targets": 803, "newsmtsc_rw_test_macro_f1_actor": 0.68,
             "newsmtsc_rw_test_macro_f1_sentence": 0.52, "blind_stance_alpha": 0.33, "blind_stance_n": 360,
             "blind_stance_sentences": 200, "blind_stance_source": "sheet.csv", "blind_stance_accuracy": 0.55,
             "blind_stance_majority_accuracy": 0.51, "blind_stance_sentence_vader_accuracy": 0.43,
             "seed_quote_recall": 0.93, "seed_quote_precision": 0.94, "seed_quote_coded_statements": 70,
             "written_quotes_heldout_sentences": 20, "written_quotes_heldout_statements": 15,
             "written_quotes_heldout_recall": 0.6, "written_quotes_heldout_precision": 1.0}
FACTS = {"seed_fact_pair_f1": 0.18, "seed_fact_part": "held-out", "seed_fact_pairs": 65,
         "seed_fact_pair_precision": 0.16, "seed_fact_pair_recall": 0.2, "seed_fact_ari": 0.12,
         "seed_fact_baseline_one_fact_f1": 0.03, "threshold": 0.15}


@pytest.fixture
def figures(monkeypatch):
    monkeypatch.setattr(validity, "results", {"sentiment": SENTIMENT, "facts": FACTS}.get)


def _short(note: str) -> str:
    head, _, folded = note.partition("<details>")
    assert folded, "the detail is folded"
    return head.strip()


def test_the_sentiment_line_gives_figure_baseline_and_meaning(figures):
    short = _short(validity.sentiment_note())
    assert "r = 0.50 (0 is no relation, 1 perfect)" in short and "moderate match" in short
    assert "55% of held-out mentions (always answering the most common tone: 51%" in short
    assert "below the 0.667 usually required" in short and "exploratory" in short
    assert "NewsMTSC" not in short and "NYT" not in short and len(short) < 500        # the rest is folded


def test_the_quotes_line_says_what_a_low_recall_means(figures):
    short = _short(validity.voices_note())
    assert "finds 60% of the statements" in short and "read the counts as rough" in short
    assert "In-sample" not in short


def test_the_facts_line_names_its_baseline_and_meaning(figures):
    short = _short(validity.facts_note())
    assert "F1 0.18" in short and "one fact per story would score 0.03" in short
    assert "a lead to check" in short


STORY_WORDS = ("five starting", "five articles", "Gaza", "Iraq ties", "BAGHDAD", "Tehran")


def test_a_figure_measured_on_the_bundled_articles_says_so_in_words_any_study_can_place(monkeypatch):
    sentiment = {**SENTIMENT, "seed_actor_stance_alpha": 0.47, "seed_actor_stance_n": 227,
                 "seed_actor_stance_accuracy": 0.7, "seed_actor_stance_sentence_vader_alpha": 0.2}
    gate = {"stance_alpha": 0.46, "stance_n": 96, "stance_accuracy": 0.75, "stance_baseline": 0.65,
            "stance_part": "in-sample"}
    monkeypatch.setattr(validity, "results", {"sentiment": sentiment, "facts": FACTS, "gate": gate}.get)
    notes = {"stance": validity.sentiment_note(), "quotes": validity.voices_note(), "facts": validity.facts_note()}
    for name, note in notes.items():
        assert validity.BUNDLED_CORPUS in note, name
        assert not [w for w in STORY_WORDS if w in note.replace(validity.BUNDLED_CORPUS, "")], name
    assert "bundled with the package" in _short(notes["facts"])       # the short line says it too


def test_the_generic_explanations_of_stance_use_no_example_of_the_bundled_story():
    import json
    from pathlib import Path

    from analysis.reporting import safe

    cells = json.loads((Path(__file__).parents[1] / "notebooks" / "02-sentiment.ipynb").read_text(encoding="utf-8"))
    prose = " ".join("".join(c["source"]) for c in cells["cells"] if c["cell_type"] == "markdown")
    for text in (safe.COLUMN_NOTES["role"], prose):
        assert not [w for w in (*STORY_WORDS, "Baghdad", "Iraq") if w in text]
    assert "“the … war”" in safe.COLUMN_NOTES["role"] and '"CITY:"' in prose
