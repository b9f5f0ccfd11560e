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
    ("don`t stop the forces` bases", ["stop", "forces", "bases"]),     # a backtick in ASCII text is an apostrophe
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


def test_segments_keep_every_kind_of_token_and_break_in_place():
    """Abbreviations, numbers, words and breaks, removed words as None, a shouted line in lower case: as read
    match by match before the tokenizer read the pattern's groups with ``findall`` (issue 21)."""
    tok = Tokenizer(stop_words(), numbers="keep")
    assert tok.segments("U.S. troops (2,500 of them) left; IS said it — THE END") == [
        ["US", "troops"], ["2500", None, None], ["left"], ["IS", None, None], ["THE", "END"]]
    assert tok.segments("WE ARE LEAVING IRAQ NOW, SAYS U.S.-LED NATO") == [
        [None, None, "leaving", "iraq", None, None, "US-led", "nato"]]
    assert tok.segments("") == [] and tok.segments(" ; . ") == []


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


WORD_SAMPLES = ("fueled", "Tensions", "don't", "Officials")
# Literals that match a sample word but are not word patterns; each says what it is instead.
NOT_WORD_PATTERNS = {
    ("measures/frames.py", r"[a-z][a-z0-9_]*"): "the syntax of a frame id in a lexicon file",
    ("corpus/metadata.py", r"(?P<rest>\S.*)$"): "the rest of a credit line, whatever it holds",
    ("reporting/validity.py", r".*?"): "any text between two markers of README",
}


def _package_modules():
    from pathlib import Path

    import analysis
    root = Path(analysis.__file__).parent
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.py") if p.name != "tokens.py")


def regex_literals(path):
    """The string literals of a module that compile as regular expressions."""
    import ast
    import re
    import warnings
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", FutureWarning)     # prose read as a pattern ("[[...")
                    yield node.value, re.compile(node.value)
            except (re.error, OverflowError):        # not a pattern ("{0,99999999999}" is too large a count)
                continue


@pytest.mark.parametrize("module", _package_modules())
def test_no_word_pattern_outside_the_tokenizer_module(module):
    """A literal that matches a whole word ("fueled") is a word pattern: it belongs in corpus/tokens.py."""
    from pathlib import Path

    import analysis
    path = Path(analysis.__file__).parent / module
    found = [text for text, rx in regex_literals(path) if any(rx.fullmatch(w) for w in WORD_SAMPLES)
             and (module, text) not in NOT_WORD_PATTERNS]
    assert found == [], f"{module} defines word patterns {found}: use or add one in analysis/corpus/tokens.py"


def test_the_exceptions_to_the_word_check_still_stand():
    """Each literal let through is still in its module (else the exception is stale and hides nothing)."""
    from pathlib import Path

    import analysis
    root = Path(analysis.__file__).parent
    for module, text in NOT_WORD_PATTERNS:
        assert text in [t for t, _ in regex_literals(root / module)], (module, text)


# Text to read the moved patterns on: apostrophes straight and curly, hyphens, initials, digits, other scripts,
# possessives, datelines, outlet names, web suffixes and punctuation of every kind.
VARIED = [
    "Iraq’s Prime Minister Mohammed Shia al-Sudani said on Monday (Jan. 8) that the U.S.-led coalition's "
    "mission \"had ended\"; don't expect F-16s, 2,500 troops or 3.5% more.",
    "BAGHDAD, Iraq (Reuters) — The sovereignty of Iraq's judiciary and Ukraine's territorial integrity; "
    "the forces’ bases, Kataib Hezbollah’s drones: Tehran said, Washington's bombs.",
    "Amman, Jordan (AP) - Copyright 2024 IraqiNews.com; © AT&T Courier. More from The Baghdad Post.",
    "Müller’s Straße, São Paulo, Москва's ‘officials’ — 東京 and J. R. R. Tolkien; O'Neill-Smith's co-op_2.",
    "  ,  the  ...a visit to Tehran, in Baghdad; Pat Ryder, the Pentagon press secretary (NSC) -- ok?!",
    "",
]


def _same_matches(before: str, after, flags: int = 0) -> None:
    import re
    after = after if isinstance(after, re.Pattern) else re.compile(after, flags)
    before = re.compile(before, flags)
    for text in VARIED:
        for start in range(0, len(text) + 1, 7):          # also from inside the text, as the rules read it
            assert ([(m.span(), m.groups()) for m in before.finditer(text, start)]
                    == [(m.span(), m.groups()) for m in after.finditer(text, start)]), (before.pattern, text[start:])


@pytest.mark.parametrize("before, name", [
    (r"\w+(?:['’]\w+)?|[^\w\s]", "WORD_OR_MARK"),         # measures/cues.py TOKEN, read by stance and roles
    (r"\w+(?:[’']\w+)?", "CLITIC_WORD"),                  # measures/stance.py _WORD
    (r"(?u)\b\w+\b", "SKLEARN_TOKEN_PATTERN"),            # measures/stance.py TOKEN_PATTERN
    (r"\w+", "WORD_CHARS"),                               # measures/actors.py, the words around a mention
    (r"[\w'’]+", "APOSTROPHE_WORD"),
    (r"[\w-]+", "HYPHENATED_WORD"),                       # measures/frames.py, possessives and owners
    (r"[a-z][\w-]*", "LOWER_HYPHENATED_WORD"),
    (r"[A-Z][\w-]+", "CAPITALISED_HYPHENATED_WORD"),
    (r"[\w’'-]+", "APOSTROPHE_HYPHENATED_WORD"),
    (r"[A-Z][\w'’.-]*", "INITIALLED_WORD"),                # measures/actors.py _GAP
    (r"[\w.’']+", "DOTTED_WORD"),                         # measures/roles.py, an event's compound
    (r"[A-Z][\w.’']*", "CAPITALISED_DOTTED_WORD"),
    (r"[a-z]+", "LOWER_WORD"),
    (r"[A-Z][\w&'’\-]*(?:\.[a-z]{2,})?", "OUTLET_NAME_WORD"),  # corpus/metadata.py _WORD
    (r"[A-Z][a-z'’\-]+", "TITLE_CASE_WORD"),               # corpus/metadata.py datelines
    (r"[A-Z][A-Z'’.\-]+", "CAPITALS_WORD"),
    (r"[A-Z][A-Za-z.]+", "ABBREVIATED_WORD"),
])
def test_moved_word_patterns_read_as_before(before, name):
    """The word patterns moved into corpus/tokens.py find the same words, at the same places, as the patterns
    their modules wrote before."""
    from analysis.corpus import tokens
    _same_matches(before, getattr(tokens, name))


@pytest.mark.parametrize("module, name, before, flags", [
    ("analysis.measures.frames", "_POSSESSOR", r"([\w-]+)(?:[’']s|s[’'])\s+(?:([a-z][\w-]*)\s+)?$", 0),
    ("analysis.measures.frames", "_OF_OWNER", r"\s+of\s+(?:(?:the|a|an)\s+)?([\w’'-]+)(?:\s+([\w’'-]+))?", 0),
    ("analysis.measures.actors", "_GAP", r"^(?:[\s,]*(?:the\s+)?|\s+(?:[A-Z][\w'’.-]*\s+){1,3}|\s*\()$", 0),
    ("analysis.corpus.metadata", "_NAME",
     r"(?P<outlet>[A-Z][\w&'’\-]*(?:\.[a-z]{2,})?(?:\s+(?:[A-Z][\w&'’\-]*(?:\.[a-z]{2,})?|of|the|and|&)){0,5})", 0),
    ("analysis.corpus.metadata", "_PLACE",
     r"[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){0,3}(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?", 0),
    ("analysis.corpus.metadata", "_TITLE_PLACE", r"[A-Z][a-z'’\-]+(?:\s+[A-Z][a-z'’\-]+){0,2}", 0),
    ("analysis.corpus.tokens", "CAPITALISED_NAME", r"(?<![\w’'])[A-Z][\w-]+", 0),
    ("analysis.corpus.tokens", "WORD_BEFORE", r"([\w’'-]+)\W*$", 0),
])
def test_rules_built_from_word_pieces_read_as_before(module, name, before, flags):
    """The rules now built from corpus/tokens.py's word pieces match as the patterns written out before."""
    import importlib
    _same_matches(before, getattr(importlib.import_module(module), name), flags)


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


def test_letter_words_of_ascii_text_are_those_read_word_by_word():
    """letter_words lower-cases an ASCII text before reading its words (one call): the words are those read
    first and lower-cased one by one, as any other text's are."""
    from analysis.corpus.tokens import LETTER_WORD, letter_words

    for text in ["Don't FUEL 3 F-16s; Iraq's 'forces' O'Neill's x'y'z", "", "ALL_CAPS_and_under_scores 42abc"]:
        assert letter_words(text) == [w.lower() for w in LETTER_WORD.findall(text)]
    assert letter_words("İstanbul’s Don’t") == ["i̇stanbul's", "don't"]


@pytest.mark.parametrize("text", [
    "IRAQ ASKS THE COALITION TO LEAVE", "Iraq asks the coalition to leave", "ÉTAT D’URGENCE À PARIS CE SOIR",
    "“BREAKING” — ΑΘΗΝΑ ΣΗΜΕΡΑ", "État d’urgence à Paris ce soir", "ŞİMDİ İSTANBUL’DA SEÇİM VAR",
    "ⅧⅧⅧⅧⅧⅧⅧⅧⅧⅧⅧⅧⅧ abc", "abcdefghijkⅧ", "ABCDEFGHIJK", "ABCDEFGHIJKL", "ABCDEFGHIJKLMNop", "", "123 !!"])
def test_shouting_counts_letters_as_str_methods_do(text):
    """A shouted text is one whose letters (``str.isalpha``) are mostly capitals (``str.isupper``), whatever
    the script: the fast count (ASCII in C) gives what counting every character gives (issue 21)."""
    from analysis.corpus.tokens import SHOUTING, _shouting

    letters = "".join(filter(str.isalpha, text))
    assert _shouting(text) == (len(letters) >= 12 and sum(map(str.isupper, letters)) / len(letters) > SHOUTING)
