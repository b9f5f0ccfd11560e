"""The generic lexicon (frames_policy.toml) does not code words through stems they share with unrelated words.

Terms match on Snowball stems, so a term whose stem is also the stem of a common unrelated word codes that
word too ("housing" -> "hous" -> the White House).  Such terms are in the frames' ``exact`` lists.
"""
import pytest

from analysis.corpus.tokens import stem
from analysis.measures.frames import load_lexicon, match_text

POLICY = load_lexicon("policy")

# common words sharing a stem with a policy term (or a word of a phrase) but not its sense
UNRELATED = ["house", "houses", "House", "nation", "nations", "national", "nationals", "internal", "internment",
             "related", "relatively", "relatives", "relate", "tied", "tie", "publication", "publicity",
             "hospitality", "capable", "opposite", "lively", "lives", "live", "morale", "fairly", "equally",
             "constitute", "constitutes", "resolute", "securities", "secured", "secure", "demonstrated",
             "demonstrate", "account", "accounts", "accounting", "measured", "measuring"]


def frames_in(text):
    return {f for f, *_ in match_text(text, POLICY)}


@pytest.mark.parametrize("word", UNRELATED)
def test_unrelated_words_sharing_a_stem_evoke_no_frame(word):
    assert frames_in(f"It was {word}.") == set(), word


def test_no_stemmed_term_has_the_stem_of_an_unrelated_word():
    # the lexicon's stemmed entries, checked directly: a new term with such a stem fails here
    stemmed = {seq: term for entries in POLICY.entries.values() for seq, _, term, _ in entries}
    clashes = {w: stemmed[(stem(w.lower()),)] for w in UNRELATED if (stem(w.lower()),) in stemmed}
    assert clashes == {}


@pytest.mark.parametrize("text, frame", [
    ("Biden spoke at the White House on Monday.", None),
    ("The president addressed the nation on Monday.", None),
    ("Housing costs rose again.", "quality_of_life"),
    ("Living conditions in the camps are grim.", "quality_of_life"),
    ("Rising nationalism worries the region.", "cultural_identity"),
    ("Nationalist parties gained seats.", "cultural_identity"),
    ("The international community condemned it.", "external_regulation_and_reputation"),
    ("Relations between the two capitals cooled.", "external_regulation_and_reputation"),
    ("Security was tightened at the airport.", "security_and_defense"),
    ("Public opinion turned against the war.", "public_opinion"),
    ("Demonstrators gathered outside.", "public_opinion"),
    ("The court ruled the law unconstitutional under the constitution.",
     "legality_constitutionality_and_jurisprudence"),
    ("Officials must be held accountable.", "crime_and_punishment"),
    ("The hospital treated the wounded.", "health_and_safety"),
])
def test_exact_words_keep_their_own_sense(text, frame):
    found = frames_in(text)
    if frame is None:
        assert found == set()
    else:
        assert frame in found


def test_a_measured_tone_is_not_a_policy_measure():
    assert "policy_prescription_and_evaluation" not in frames_in("He spoke in a measured tone.")
    assert "policy_prescription_and_evaluation" in frames_in("New measures were announced.")
