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


def test_letter_words_are_letters_with_one_apostrophe_part():
    from analysis.corpus.tokens import letter_words
    assert letter_words("Don’t fuel 3 F-16s; Iraq's ‘forces’") == ["don't", "fuel", "f", "s", "iraq's", "forces"]


# The corpus modules that moved their word patterns here; the others join the list as theirs move.
WORD_PATTERN_FREE = ["corpus/debris.py", "corpus/labels.py", "corpus/sentences.py", "measures/facts.py",
                     "measures/quotes.py", "measures/sentiment.py"]
WORD_SAMPLES = ("fueled", "Tensions", "don't", "Officials")


def regex_literals(path):
    """The string literals of a module that compile as regular expressions."""
    import ast
    import re
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                yield node.value, re.compile(node.value)
            except (re.error, OverflowError):        # not a pattern ("{0,99999999999}" is too large a count)
                continue


@pytest.mark.parametrize("module", WORD_PATTERN_FREE)
def test_no_word_pattern_outside_the_tokenizer_module(module):
    """A literal that matches a whole word ("fueled") is a word pattern: it belongs in corpus/tokens.py."""
    from pathlib import Path

    import analysis
    path = Path(analysis.__file__).parent / module
    found = [text for text, rx in regex_literals(path) if any(rx.fullmatch(w) for w in WORD_SAMPLES)]
    assert found == [], f"{module} defines word patterns {found}: use or add one in analysis/corpus/tokens.py"


def test_the_word_check_sees_a_word_pattern(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('import re\n_WORD = re.compile(r"[^\\W\\d_]+")\nSTEM = "fuel"\n', encoding="utf-8")
    assert [t for t, rx in regex_literals(module) if any(rx.fullmatch(w) for w in WORD_SAMPLES)] == [r"[^\W\d_]+"]
def test_word_characters_are_what_plain_words_matches():
    import numpy as np

    from analysis.corpus.tokens import _PLAIN_WORD, word_characters

    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    matched = np.zeros(0x110000, dtype=bool)
    matched[[ord(c) for run in _PLAIN_WORD.findall(text) for c in run]] = True
    assert (word_characters() == matched).all()
