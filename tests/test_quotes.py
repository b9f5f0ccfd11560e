import pandas as pd

from analysis.corpus.sentences import Block, sentence_rows
from analysis.compare import voices
from analysis.measures.actors import load_actors
from analysis.measures.quotes import extract_quotes

ACTORS = load_actors("iraq")


def quotes_of(*paragraphs):
    rows = sentence_rows("a", [Block("paragraph", p, i) for i, p in enumerate(paragraphs)])
    return extract_quotes(pd.DataFrame(rows), ACTORS)


def test_straight_and_curly_quotes_with_attribution():
    q = quotes_of('"We decide," a government spokesman said.', '“It is over,” said Jane Roe, an analyst.',
                  'The minister said: “We will talk.”')
    assert q[["speaker", "verb", "text", "direct"]].values.tolist() == [
        ["government spokesman", "said", "We decide,", True],
        ["Jane Roe", "said", "It is over,", True],
        ["minister", "said", "We will talk.", True]]


def test_quote_across_sentence_boundaries_is_one_quote():
    q = quotes_of('"We will not leave. The mission continues," the official said.')
    assert len(q) == 1 and q.text[0] == "We will not leave. The mission continues,"


def test_unbalanced_marks_do_not_crash():
    q = quotes_of('He said “this never closes', 'A stray " mark, and “another', '"')
    assert len(q) >= 2 and q.direct.all()


def test_reported_speech_and_actor_resolution():
    q = quotes_of("The Pentagon said the strike was an act of self-defence.",
                  "A US defence official warned that attacks would be answered.",
                  "A drone struck near the airport, according to officials in the region.")
    assert q[["speaker", "actor", "verb", "direct"]].values.tolist() == [
        ["Pentagon", "us", "said", False], ["US defence official", "us", "warned", False],
        ["officials in the region", None, "according to", False]]


def test_pronoun_takes_previous_named_speaker():
    q = quotes_of('"We stay," said Jane Roe.', '"And we fight," she said.')
    assert q.speaker.tolist() == ["Jane Roe", "Jane Roe"]


def test_voices_table():
    q = quotes_of("The Pentagon said it would respond.", '"No," said Jane Roe.')
    arts = pd.DataFrame({"article_id": ["a"], "source_label": ["X"], "is_primary": [True]})
    v = voices(q, arts, ACTORS.labels).set_index("voice")
    assert v.loc["United States & coalition", "quotes"] == 1 and v.loc["Jane Roe", "direct"] == 1
    assert v["share_of_group"].sum() == 1
