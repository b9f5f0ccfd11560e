"""VADER once per distinct text: sentence scores are reused by the actor mentions' context features."""
import pandas as pd

from analysis.corpus.sentences import Block, sentence_rows
from analysis.measures import sentiment, vader
from analysis.measures.actors import load_actors


def test_cached_scores_are_plain_vaders():
    for text in ("The strike killed three soldiers.", "Talks went well, officials said.", ""):
        assert vader.cached_polarity(text) == vader.analyzer().polarity_scores(text)


def test_a_sentence_scored_for_sentiment_is_not_scored_again_for_its_mentions(monkeypatch):
    scored = []
    plain = vader.analyzer()

    class Counting:
        def polarity_scores(self, text):
            scored.append(text)
            return plain.polarity_scores(text)

    monkeypatch.setattr(vader, "analyzer", lambda: Counting())
    vader._scores.cache_clear()
    text = "Iran-backed militias attacked US forces near Baghdad on Sunday, officials said."
    sents = pd.DataFrame(sentence_rows("a", [Block("paragraph", text, 0)]))
    sentiment.score_sentences(sents)
    assert scored == [text]
    mentions = sentiment.score_mentions(sents, load_actors("iraq"))
    assert len(mentions) >= 2
    assert scored.count(text) == 1                      # the context features found the sentence's scores
    assert len(scored) == len(set(scored))              # and no other text was scored twice
    vader._scores.cache_clear()
