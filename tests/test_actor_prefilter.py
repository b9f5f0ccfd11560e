"""The one-search test before the actor patterns: it never hides a mention the patterns find."""
import pandas as pd

from analysis.corpus.sentences import Block, sentence_rows
from analysis.measures.actors import find_in_text, find_mentions, load_actors

SENTENCES = [
    "Iraq's prime minister said the US-led coalition must leave.",
    "Tehran denied any role, while the Pentagon said talks would go on.",
    "Shares in London closed higher on Friday.",
    "the us-led coalition, said an american official",          # case as the patterns decide
    "Kataib Hezbollah claimed the attack near Erbil.",
]


def test_the_joined_pattern_finds_what_the_patterns_find():
    actors = load_actors("iraq")
    assert actors.any_pattern is not None
    for text in SENTENCES:
        one_by_one = find_in_text(text, tuple(actors))            # a plain tuple has no joined pattern
        assert find_in_text(text, actors) == one_by_one
        assert (actors.any_pattern.search(text) is None) == (not one_by_one)


def test_patterns_that_cannot_be_joined_are_matched_one_by_one(tmp_path):
    path = tmp_path / "actors.toml"
    path.write_text('[actor.echo]\nlabel = "Echo"\npatterns = [\'\\b(\\w+) \\1\\b\']\n'
                    '[actor.x]\nlabel = "X"\naliases = ["Xland"]\n', encoding="utf-8")
    actors = load_actors(path)
    # a user's pattern is searched on its own, with its time limit (a back-reference could not be joined anyway)
    assert [p.pattern for p in actors.guarded] == [r"\b(\w+) \1\b"]
    assert actors.any_pattern.search("they said said") is None
    assert find_in_text("they said said Xland", actors) == [("echo", 5, 14), ("x", 15, 20)]
    sents = pd.DataFrame(sentence_rows("a", [Block("paragraph", "Nothing here. Xland agreed.", 0)]))
    assert find_mentions(sents, actors)["actor"].tolist() == ["x"]


def test_which_patterns_start_a_word():
    import re

    from analysis.measures.actors import starts_a_word
    assert all(starts_a_word(p) for actor in load_actors("iraq") for p in actor.patterns)
    assert starts_a_word(re.compile(r"(?<!Kurdish )\b(?:(?:the|pro-Iran)\s+){0,2}[Ff]actions\b"))
    assert starts_a_word(re.compile(r"^Iraq"))
    assert starts_a_word(re.compile(r"\bé"))
    for pattern in (r"-led\b", r"(?:the\s+)?\bUS", r"(?<![^\w])x", r"\b(?:\s)?x", r"\bx|y", r"(?i:\bé)", r"\b\W"):
        assert not starts_a_word(re.compile(pattern)), pattern
    assert not starts_a_word(re.compile(r"\bx", re.ASCII))


def test_the_word_start_test_is_left_out_when_a_pattern_starts_inside_a_word():
    import re

    from analysis.measures.actors import Actor, ActorLexicon
    actors = ActorLexicon((Actor("coalition", "Coalition", (re.compile("-led coalition"),), frozenset()),
                           Actor("x", "X", (re.compile(r"\bXland\b"),), frozenset())))
    assert not actors.any_pattern.pattern.startswith(r"(?<!\w)")
    assert find_in_text("the US-led coalition and Xland", actors) == [("coalition", 6, 20), ("x", 25, 30)]
    assert load_actors("iraq").any_pattern.pattern.startswith(r"(?<!\w)")


def test_the_literal_screen_says_no_actor_only_where_the_joined_pattern_finds_none():
    """Issue 21: a screen of literals answers first; where it lets no screened pattern through, only the patterns
    it cannot screen ("US", "IS": too short) are searched, and the answer is the joined pattern's."""
    actors = load_actors("iraq")
    texts = SENTENCES + ["The US said so.", "IS claimed it.", "Shares fell in us markets.", "USA Today reported.",
                         "the PMF and the PMU", "no actor at all here", "", "Washingtonian food", "pro-Iran factions"]
    for text in texts:
        assert actors.names_none(text) == (actors.any_pattern.search(text) is None), text
    screen, n_rest, rest = actors._screen
    assert n_rest >= 1 and rest is not None
    assert len(screen.candidates("no actor at all here")) == n_rest       # the screen does rule sentences out
