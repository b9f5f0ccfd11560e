import re

import pandas as pd
import pytest

from analysis import compare
from analysis.errors import LexiconError
from analysis.measures import frames
from analysis.measures.frames import load_lexicon, match_text

IRAQ = load_lexicon("iraq")
POLICY = load_lexicon("policy")


def found(text, lex=IRAQ):
    return [(f, text[s:e]) for f, _, _, s, e in match_text(text, lex)]


def test_inflected_forms_match_through_stems():
    assert found("The militias attacked; attacks continue; attacking again.") == [
        ("attacks_retaliation", "attacked"), ("attacks_retaliation", "attacks"), ("attacks_retaliation", "attacking")]
    assert ("us_partnership", "partnerships") in found("Strategic partnerships matter.")


def test_phrases_and_patterns():
    assert found("It is a violation of national sovereignty.") == [("sovereignty", "violation of national sovereignty")]
    assert found("Iran-backed militias and pro-Iranian parties") == [
        ("iranian_influence", "Iran-backed"), ("iranian_influence", "pro-Iranian"), ("domestic_politics", "parties")]


def test_overlapping_terms_of_one_frame_count_once():
    # "national sovereignty" (phrase) contains "sovereignty" (term): one match, the longest
    out = match_text("They defended national sovereignty.", IRAQ)
    assert [(f, t) for f, t, *_ in out] == [("sovereignty", "national sovereignty")]


def test_one_word_can_evoke_two_frames():
    policy = POLICY
    assert found("Rocket attacks hit the base.", IRAQ) == [("attacks_retaliation", "Rocket"), ("attacks_retaliation", "attacks")]
    assert ("security_and_defense", "attacks") in found("Rocket attacks hit the base.", policy)


def test_policy_lexicon_has_the_fifteen_dimensions():
    policy = POLICY
    assert len(policy.frames) == 15 and "other" in policy.frames and policy.name == "policy"
    assert set(IRAQ.frames) == {"sovereignty", "iranian_influence", "security_threat", "attacks_retaliation",
                                "regional_escalation", "us_partnership", "economy_energy", "domestic_politics"}


def test_bad_lexicon_names_file_and_frame(tmp_path):
    bad = tmp_path / "f.toml"
    bad.write_text('lexicon = "x"\n[frame.a]\npatterns = ["("]\n')
    with pytest.raises(LexiconError, match=r"f.toml: frame 'a' has an invalid pattern"):
        load_lexicon(bad)


@pytest.mark.parametrize("body, message", [
    ('[frame.a]\nterm = ["x"]\n', "unknown key 'term' (did you mean 'terms'"),
    ('[frame.a]\nterms = "x"\n', "'terms' must be list"),
    ('[frame.A]\nterms = ["x"]\n', "frame ids are lower case"),
    ('lexicon = "x"\n', "no [frame.ID] tables"),
])
def test_lexicon_mistakes_are_errors_not_ignored(tmp_path, body, message):
    bad = tmp_path / "f.toml"
    bad.write_text(body)
    with pytest.raises(LexiconError, match=re.escape(message)):
        load_lexicon(bad)


@pytest.fixture
def tiny():
    sentences = pd.DataFrame({
        "article_id": ["a", "a", "a", "b", "b"],
        "sentence_id": [0, 1, 2, 0, 1],
        "position": ["headline", "lead", "body", "lead", "body"],
        "in_quote": [False, False, True, False, False],
        "text": ["Sovereignty first", "Iraq defends its sovereignty.", "\"Iran-backed groups attacked,\" he said.",
                 "Iranian influence grows.", "Nothing relevant here."],
    })
    # a quoted sentence is all direct quotation; the others are the outlet's own prose
    sentences = sentences.assign(own_share=1.0 - sentences["in_quote"], direct_share=sentences["in_quote"] * 1.0,
                                 reported_share=0.0)
    articles = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"], "source_label": ["X", "Y"],
                             "is_primary": [True, True], "n_words": [10, 5], "title": ["A", None]})
    matches = frames.match_frames(sentences, [IRAQ])
    return matches, sentences, articles


def test_article_salience_by_hand(tiny):
    sal = frames.article_salience(*tiny, frames.frame_table([IRAQ])).set_index(["article_id", "frame"])
    a = sal.loc[("a", "sovereignty")]
    assert a.matches == 1                      # the headline is not body text
    assert a.per_1k_words == pytest.approx(1 / 10 * 1000)
    assert a.sentence_share == 0.5            # lead yes, body no
    assert a.weighted_share == pytest.approx((3 + 2) / (3 + 2 + 1))
    assert a.own_share == 1.0 and a.direct_share == 0.0
    assert sal.loc[("a", "iranian_influence")].direct_share == 1.0
    assert sal.loc[("b", "iranian_influence")].sentence_share == 0.5
    assert len(sal) == 2 * 8                   # every article × frame, zeros included


def test_axis_scores_by_hand(tiny):
    poles = dict(positive="sovereignty", negative="iranian_influence")
    art = compare.axis_scores(*tiny, per_article=True, **poles).set_index("article_id")
    assert art.loc["a", "mean"] == pytest.approx(0.0)      # one sovereignty sentence, one Iranian-influence sentence
    assert art.loc["b", "mean"] == -1.0
    assert art.loc["b", "title"] == "(no title)"            # untitled articles keep their row
    outlet = compare.axis_scores(*tiny, **poles).set_index("source_label")
    assert outlet.loc["X", "sovereignty"] == 1 and outlet.loc["X", "iranian_influence"] == 1


def test_evidence_rows_point_at_sentences(tiny):
    ev = compare.evidence(*tiny, frame="sovereignty")
    assert ev[["article_id", "sentence_id", "matched"]].values.tolist() == [["a", 0, "Sovereignty"], ["a", 1, "sovereignty"]]
    assert ev.loc[1, "left"].endswith("defends its ") and ev.loc[1, "right"] == "."


def test_outlet_salience_flags_thin_evidence(tiny):
    out = compare.group_salience(*tiny, lexicon="iraq", frames=list(IRAQ.frames))
    row = out[(out.source_label == "X") & (out.frame == "sovereignty")].iloc[0]
    assert row["mean"] == 0.5 and row["evidence_sentences"] == 1
    assert "fewer than 3 evidence sentences" in row["flag"]


def test_salience_by_any_column(tiny):
    matches, sentences, articles = tiny
    articles = articles.assign(leaning=["left", "left"])
    out = compare.group_salience(matches, sentences, articles, by="leaning", lexicon="iraq", frames=["sovereignty"])
    assert out[["leaning", "frame", "n"]].values.tolist() == [["left", "sovereignty", 4]]
    with pytest.raises(Exception, match="no such column"):
        compare.group_salience(matches, sentences, articles, by="leanin", lexicon="iraq")


def test_veto_patterns_keep_a_frame_out_of_other_contexts(tmp_path):
    own = tmp_path / "mine.toml"
    own.write_text('[frame.sovereignty]\nterms = ["sovereign", "sovereignty"]\n'
                   'veto = ["sovereign wealth fund", "(?:Syria|Ukraine)(?:n|\'s)? sovereignty"]\n')
    lex = load_lexicon(own)
    assert found("Iraq is a sovereign state.", lex) == [("sovereignty", "sovereign")]
    assert found("The sovereign wealth fund bought bonds.", lex) == []
    assert found("They respect Syria's sovereignty.", lex) == []


def test_keyword_context_keeps_whole_words():
    from analysis.compare.frames import context_after, context_before

    text = "Sudani underscored Iraq's hope that the exit would advance regional stability in the region"
    start = text.index("exit")
    end = start + len("exit")
    assert context_before(text, start, 20) == "…hope that the "          # not "…'s hope that the " nor "nderscored"
    assert context_after(text, end, 20) == " would advance…"
    assert context_before(text, start, 500) == text[:start]             # nothing left out: no ellipsis
    assert context_after(text, end, 500) == text[end:]
    for width in range(1, 40):                                         # every cut falls between words
        left, right = context_before(text, start, width).lstrip("…"), context_after(text, end, width).rstrip("…")
        assert text[:start].endswith(left) and text[end:].startswith(right)
        assert start - len(left) == 0 or text[start - len(left) - 1] == " " or left == ""
        assert end + len(right) == len(text) or text[end + len(right)] == " " or right == ""
