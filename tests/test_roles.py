"""Roles, negation and voice of actor mentions, and the stance rules, on sentences written for the tests."""
import numpy as np
import pandas as pd
import pytest

from analysis.measures import sentiment
from analysis.measures.actors import load_actors
from analysis.measures.roles import apply_roles, clause_bounds, mention_roles

ACTORS = load_actors("iraq")


def role_of(text, name, attributions=()):
    start = text.index(name)
    return mention_roles(text, start, start + len(name), attributions)


@pytest.mark.parametrize("text, name, role", [
    ("Rockets struck a base used by US forces near the airport.", "US forces", "topic"),
    ("Militants launched attacks on US forces overnight.", "US forces", "target"),
    ("A drone strike targeting Iranian advisers killed four.", "Iranian advisers", "target"),
    ("The gunmen attacked the Israeli embassy.", "Israeli", "target"),
    ("These groups pose a threat to US personnel.", "US personnel", "target"),
    ("Attacks on American and coalition forces continued.", "coalition forces", "target"),
    ("US forces attacked militia positions overnight.", "US forces", "agent"),
    ("While the talks stalled, Iran sent envoys.", "Iran", "agent"),
    ("Analysts doubt the influence of Iran in the region.", "Iran", "topic"),
])
def test_victim_agent_and_topic(text, name, role):
    assert role_of(text, name)[0] == role


def test_negation_scope_is_the_mentions_clause():
    assert role_of("ISIS no longer poses a serious threat to the region.", "ISIS")[1] is True
    assert role_of("He said that the US is not considered an enemy.", "US")[1] is True
    # the negation belongs to another clause
    assert role_of("Talks did not resume, but Iran sent envoys.", "Iran")[1] is False
    text = "Talks did not resume, but Iran sent envoys."
    lo, hi = clause_bounds(text, text.index("Iran"), text.index("Iran") + 4)
    assert text[lo:hi].strip() == "Iran sent envoys."


def test_speaker_role_and_voice_from_attributions():
    text = "The Pentagon condemned attacks by Iran-backed militias."
    # (kind, content_start, content_end, speaker_start, speaker_end)
    atts = [("reported", text.index("attacks"), len(text), 4, 12)]
    assert role_of(text, "Pentagon", atts) == ("speaker", False, "own")
    assert role_of(text, "Iran-backed militias", atts) == ("topic", False, "reported")
    quoted = 'He said: "Iran must leave."'
    assert role_of(quoted, "Iran", [("direct", 9, len(quoted), -1, -1)])[2] == "direct"


def test_addressee_inside_the_speaker_phrase_is_not_the_speaker():
    text = "The minister's address to the militias acknowledged their anger."
    s0, s1 = text.index("minister"), text.index(" acknowledged")
    assert role_of(text, "militias", [("reported", s1 + 14, len(text), s0, s1)])[0] == "topic"


def test_rules_victim_loses_negativity_negated_agent_flips_speaker_takes_its_own_score():
    p = np.array([[0.7, 0.2, 0.1], [0.7, 0.2, 0.1], [0.7, 0.2, 0.1], [0.7, 0.2, 0.1]])
    speaker = np.array([[0.1, 0.8, 0.1]] * 4)
    out = apply_roles(p, ["target", "agent", "speaker", "topic"], [False, True, False, True], speaker)
    assert out[0].tolist() == pytest.approx([0.0, 0.9, 0.1])                  # victim: negative -> neutral
    assert out[1][2] > out[1][0] and out[1].sum() == pytest.approx(1)        # negated subject: flipped
    assert out[2].tolist() == pytest.approx([0.1, 0.8, 0.1])                 # speaker: scored without its words
    assert out[3].tolist() == pytest.approx([0.7, 0.2, 0.1])                 # a negation elsewhere: unchanged


def mention_table(*texts):
    sents = pd.DataFrame({"article_id": "a", "paragraph_id": range(len(texts)), "sentence_id": range(len(texts)),
                          "text": list(texts)})
    return sentiment.score_mentions(sents, ACTORS)


def test_victim_of_an_attack_is_not_scored_negative():
    out = mention_table("Militants launched deadly attacks on US forces near the border.")
    victim = out[out.mention == "US forces"].iloc[0]
    assert victim.role == "target" and victim.score >= 0 and victim.stance != "negative"


def test_a_government_that_condemns_is_not_negative():
    out = mention_table("The Iraqi government condemned the brutal attacks by Iran-backed militias.")
    gov = out[out.actor == "iraq_gov"].iloc[0]
    assert gov.role == "speaker" and gov.stance != "negative"
    assert gov.score > gov.score_model or gov.score_model >= 0


def test_title_and_name_are_scored_once():
    out = mention_table("Prime Minister Mohammed al-Sudani welcomed the agreement.")
    assert len(out) == 1 and out.mention.item() == "Prime Minister Mohammed al-Sudani"
