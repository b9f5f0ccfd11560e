"""The measures' VADER splits words without NLTK's per-text table: the same words and scores as NLTK's own."""
import random

import pytest

from analysis.measures import vader

TEXTS = [
    "", " ", "a", "!!!", "...", "The strike killed three soldiers.", "Talks went well, officials said.",
    "(Iraq) said: 'no'!!", '"Great"...', "wow!?!? ok??? it's !!good", "-led a,b 'x' ''", ":) :D <3 ... :-(",
    "It was kind of good, but the end was HORRIBLE!!", "U.S.-led forces; \"bad\" ,,bad bad.. good!?!? 'good'",
    "co-operate\tand\nwin — good… “great” ‘fine’", "not bad at all?!?!", "The least good idea, at least.",
    "GOOD good Good gOOD!", "'tis ''love'' (love) [hate] {war} <peace>", "no!!!love ?!?hate ,war,",
]
WORDS = ["good", "bad", "love", "hate", "war", "peace", "not", "but", "very", "kind", "of", "least", "US", "Iraq",
         "GREAT", "it's", "no", "a", "I", ":)", ":(", "<3"]
PUNCT = ["", "", "", ".", "!", "?", ",", ";", ":", "-", "'", '"', "!!", "!!!", "??", "?!?", "!?!?", "...", "(", ")",
         "'\"", ".,", "#", "—", "“", "”"]


def _fuzz(n: int = 600, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(PUNCT) + rng.choice(WORDS) + rng.choice(PUNCT) for _ in range(rng.randint(1, 12)))
            for _ in range(n)]


@pytest.mark.parametrize("texts", [TEXTS, _fuzz()], ids=["cases", "fuzz"])
def test_the_fast_analyzer_scores_as_nltk_does(texts):
    from nltk.sentiment.vader import SentiText

    plain, fast = vader.fresh_analyzer(), vader.fresh_analyzer(fast=True)
    assert type(plain).__module__.startswith("nltk")
    c = plain.constants
    for text in texts:
        words = fast.sentitext_class(text, c.PUNC_LIST, c.REGEX_REMOVE_PUNCTUATION).words_and_emoticons
        assert words == SentiText(text, c.PUNC_LIST, c.REGEX_REMOVE_PUNCTUATION).words_and_emoticons, text
        assert fast.polarity_scores(text) == plain.polarity_scores(text), text


def test_the_measures_and_the_news_register_use_the_fast_analyzer():
    from analysis.measures.register import load_register

    assert isinstance(vader.analyzer(), vader._fast_class())
    register = load_register()
    assert isinstance(register.analyzer, vader._fast_class())
    plain = vader.fresh_analyzer()
    plain.lexicon = {w: v for w, v in plain.lexicon.items() if w not in register.words}
    for text in TEXTS:
        assert register.polarity_scores(text) == plain.polarity_scores(register.neutralise(text))
