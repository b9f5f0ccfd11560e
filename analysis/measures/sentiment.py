"""Sentence sentiment (VADER) and actor-directed scores: the ``sentiment`` and ``actor_mentions`` tables.

Pure functions, DataFrames in and out:

* :func:`score_sentences` — VADER per sentence (``neg``, ``neu``, ``pos``, ``compound``).
* :func:`score_mentions` — one row per actor mention with its actor-directed
  score, from :mod:`analysis.measures.stance`.

Comparisons between groups are in :mod:`analysis.compare.sentiment`.
"""
from __future__ import annotations

import pandas as pd
from tqdm.auto import tqdm

from ..schema import SENTIMENT_COLUMNS
from .actors import ActorLexicon, find_mentions
from .vader import analyzer

MENTION_SCORE_COLUMNS = ["article_id", "sentence_id", "actor", "mention", "score", "start", "end"]


def score_sentences(sentences: pd.DataFrame, progress: bool = False) -> pd.DataFrame:
    """VADER's ``neg``, ``neu``, ``pos``, ``compound`` for every sentence."""
    score = analyzer().polarity_scores
    rows = [score(t) for t in tqdm(sentences["text"], desc="sentiment", unit="sentence", disable=not progress)]
    out = pd.DataFrame(rows, columns=["neg", "neu", "pos", "compound"], index=sentences.index)
    out["compound_plain"] = out["compound"]
    table = pd.concat([sentences[["article_id", "sentence_id"]], out], axis=1).reset_index(drop=True)
    return table[SENTIMENT_COLUMNS]


def score_mentions(sentences: pd.DataFrame, actors: ActorLexicon, model=None) -> pd.DataFrame:
    """Actor mentions with their actor-directed score (P(positive) − P(negative) towards the mention)."""
    from .stance import default_model

    mentions = find_mentions(sentences, actors)
    if mentions.empty:
        return pd.DataFrame(columns=MENTION_SCORE_COLUMNS)
    texts = mentions.merge(sentences[["article_id", "sentence_id", "text"]], on=["article_id", "sentence_id"],
                           how="left")["text"]
    triples = list(zip(texts, mentions["start"], mentions["end"]))
    mentions["score"] = (model or default_model()).score_targets(triples)
    return mentions[MENTION_SCORE_COLUMNS]
