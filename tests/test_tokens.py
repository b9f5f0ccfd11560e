"""The package tokenizer, on text that is not from the corpus."""
import pytest

from analysis.corpus.tokens import Tokenizer, stop_words

TOK = Tokenizer(stop_words(), ngram_range=(1, 2))


def unigrams(text, **kw):
    return Tokenizer(stop_words(), **kw).tokens(text)


@pytest.mark.parametrize("text, expected", [
    ("U.S.-led forces", ["US-led", "forces"]),
    ("the U.S. and the u.s. and the US", ["US", "US", "US"]),
    ("F.B.I. agents", ["FBI", "agents"]),
    ("IS fighters", ["IS", "fighters"]),                          # the Islamic State, not the verb
    ("It is what it is and we told us", []),                       # the verb and the pronoun are stop words
    ("Iraq’s government", ["iraq", "government"]),
    ("Iraq's government", ["iraq", "government"]),
    ("the forces’ bases", ["forces", "bases"]),
    ("don’t stop, don't stop", ["stop", "stop"]),
    ("Iran-backed militias", ["iran-backed", "militias"]),
    ("al-Sudani met NATO", ["al-sudani", "met", "NATO"]),
    ("IRAQ ASKS THE COALITION TO LEAVE", ["iraq", "asks", "coalition", "leave"]),   # a shouted headline
    ("2,500 troops in 2023", ["troops"]),
    ("A b c", []),                                                 # single letters
])
def test_tokens(text, expected):
    assert unigrams(text) == expected


def test_numbers_option():
    assert unigrams("2,500 troops", numbers="keep") == ["2500", "troops"]
    assert unigrams("2,500 troops", numbers="mask") == ["NUM", "troops"]
    with pytest.raises(ValueError):
        Tokenizer(numbers="round")


def test_bigrams_stay_within_sentences_and_adjacent_words():
    assert "iraq sovereignty" not in TOK("Troops left Iraq. Sovereignty matters.")
    assert "withdrawal forces" not in TOK("the withdrawal of forces")
    assert "US-led forces" in TOK("U.S.-led forces")
    assert "u s" not in TOK("U.S. officials said") and "u" not in TOK("U.S. officials said")
    for sep in ["; ", ": ", " - ", "\n", "? "]:
        assert "left iraq" not in TOK(f"Troops left{sep}Iraq is calm")


def test_is_a_scikit_learn_analyzer():
    from sklearn.feature_extraction.text import CountVectorizer
    vec = CountVectorizer(analyzer=TOK).fit(["U.S. troops left Iraq.", "IS fighters attacked U.S. troops."])
    assert {"US", "IS", "US troops", "IS fighters"} <= set(vec.get_feature_names_out())


def test_term_words_split_ngrams_and_compounds():
    from analysis.corpus.tokens import term_words
    assert term_words("Iran-backed militias") == {"iran", "backed", "militias"}
    assert term_words("US") == {"us"}


def test_word_characters_are_what_plain_words_matches():
    import numpy as np

    from analysis.corpus.tokens import _PLAIN_WORD, word_characters

    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    matched = np.zeros(0x110000, dtype=bool)
    matched[[ord(c) for run in _PLAIN_WORD.findall(text) for c in run]] = True
    assert (word_characters() == matched).all()
