"""`lexicon suggest` says when the corpus is too small for reliable suggestions, and marks a candidate that is
already another frame's term."""
import pytest

from analysis.cli import main
from analysis.measures.lexicon_assistant import MIN_SENTENCES, size_caveat, suggest_terms

COST = ["The council raised the bus fare to close the budget gap.",
        "Riders said the new fare was unfair while the subsidy shrank.",
        "The budget deficit forced the council to cut the subsidy.",
        "A lower fare would need a larger subsidy from the state.",
        "Officials blamed the deficit on the fare freeze and a smaller subsidy.",
        "Fare rises and subsidy cuts dominated the budget debate."]
OTHER = ["Rain and wind made the morning commute slow.", "Forecasters expect more rain and wind this weekend.",
         "The crash was blamed on worn brakes and poor maintenance.", "Inspectors found the brakes dangerous."]

# "subsidy" is already a term of another frame: offered for "cost", it must say so
LEXICON = """lexicon = "transit"
[frame.cost]
label = "Cost to riders"
terms = ["fare", "budget"]
[frame.aid]
label = "State aid"
terms = ["subsidy", "grant"]
"""


@pytest.fixture
def lexicon_file(tmp_path):
    path = tmp_path / "transit.toml"
    path.write_text(LEXICON, encoding="utf-8")
    return path


def test_a_term_of_another_frame_is_marked(lexicon_file):
    out = suggest_terms(COST + OTHER, lexicon_file, "cost", n=6, n_components=4).set_index("term")
    assert "subsidy" in out.index and out.loc["subsidy", "other_frames"] == "aid"
    assert (out.drop(index="subsidy")["other_frames"] == "").all()


def test_a_small_corpus_says_its_suggestions_are_not_reliable(lexicon_file):
    out = suggest_terms(COST + OTHER, lexicon_file, "cost", n=3, n_components=4)
    assert len(out) and out["caveat"].str.startswith("small corpus: 10 sentences, fewer than the 1,000").all()


def test_a_large_corpus_has_no_size_caveat(lexicon_file):
    # many distinct sentences (numbered), the cost frame evoked in hundreds of them
    texts = [f"{s} Report {i} of the series." for i in range(MIN_SENTENCES // len(COST + OTHER) + 1)
             for s in COST + OTHER]
    assert len(texts) >= MIN_SENTENCES
    out = suggest_terms(texts, lexicon_file, "cost", n=3, n_components=4)
    assert len(out) and (out["caveat"] == "").all()


def test_size_caveat_in_words():
    assert size_caveat(5000, 40) == ""
    assert size_caveat(5000, 3) == "the frame is evoked by only 3 sentences (fewer than 10)"
    assert size_caveat(200).startswith("small corpus: 200 sentences")


def test_the_command_warns_on_a_small_corpus(own_study, capsys):
    assert main(["lexicon", "suggest", "--study", str(own_study), "--n", "2"]) == 0
    err = capsys.readouterr().err
    assert "caution: small corpus:" in err and "not as findings" in err
