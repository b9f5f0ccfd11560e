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


LABELS = ("*Validity*: ", "**Exploratory**: ")


def _one_line(short: str) -> str:
    """The lead every validity note opens with: one paragraph, a verdict label, a figure (or that there is none), a
    claim (``so ...``)."""
    assert "\n" not in short and short.startswith(LABELS) and ", so " in short and short.endswith(".")
    assert (any(ch.isdigit() for ch in short) or "has not been measured" in short) and len(short) < 420, short
    return short


def test_the_sentiment_line_gives_figure_baseline_and_meaning(figures):
    short = _one_line(_short(validity.sentiment_note()))
    assert "r = 0.50 (0 is no relation, 1 perfect)" in short and "moderate match" in short
    assert short.startswith("**Exploratory**")                 # 0.50 is no close match
    assert "NewsMTSC" not in short and "NYT" not in short and "mentions" not in short     # the rest is folded
    folded = validity.sentiment_note().partition("<details>")[2]
    assert "55% of held-out mentions (always answering the most common tone: 51%" in folded
    assert "below the 0.667 usually required" in folded


def test_the_quotes_line_says_what_a_low_recall_means(figures):
    short = _one_line(_short(validity.voices_note()))
    assert "for 60% of the statements (finding none would score 0%)" in short
    assert "read the counts below as rough" in short
    assert "In-sample" not in short


def test_the_facts_line_names_its_baseline_and_meaning(figures):
    short = _one_line(_short(validity.facts_note()))
    assert "F1 0.18" in short and "one fact per story would score 0.03" in short
    assert "a lead to check" in short


def _record(**change):
    from analysis.compare.agreement import Agreement
    base = dict(measure="stance", method="model", part="held-out", n=120, alpha=0.8, accuracy=0.8, baseline=0.5,
                baseline_class="neutral", source="sheet.csv", unit="mentions")
    return Agreement(**{**base, **change})


@pytest.mark.parametrize("records, missing, label, words", [
    ((_record(),), "", "*Validity*",
     "alpha 0.80 on held-out text (agreement beyond chance, 1 is perfect; 0.667 needed)"),
    ((_record(alpha=0.4),), "", "**Exploratory**", "only at alpha 0.40 on held-out text"),
    ((_record(accuracy=0.5, baseline=0.6),), "", "**Exploratory**",
     "no better than always answering “neutral” (60%)"),
    ((_record(shortfall="12 coded units"),), "", "**Exploratory**", "too few to tell agreement from luck"),
    ((), "no sheet is coded", "**Exploratory**", "has not been measured on held-out text"),
    ((_record(part="in-sample"),), "", "**Exploratory**", "has not been measured on held-out text"),
])
def test_every_gate_note_leads_with_one_line_of_the_same_form(records, missing, label, words):
    from analysis.reporting.gate import Gate
    short = _one_line(_short(Gate("the stance of actor mentions", records, missing=missing).note()))
    assert short.startswith(label) and words in short and "sheet.csv" not in short     # the source is folded


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
