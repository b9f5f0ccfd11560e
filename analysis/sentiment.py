"""Sentiment at sentence, article and outlet level, own voice vs quotes, and towards actors.

All functions are pure: DataFrames in, DataFrames out.

* :func:`score_sentences` — VADER per sentence (the ``sentiment`` table).
* :func:`score_mentions` — actor-directed score per actor mention (the
  ``actor_mentions`` table), from :mod:`analysis.target_sentiment`.
* :func:`article_sentiment` — per article: mean compound of lead and body
  sentences, shares of negative and positive sentences, headline and lead
  compound, and the same mean for own prose and for quoted text.
* :func:`outlet_sentiment` and :func:`outlet_actor_sentiment` — means with
  bootstrap intervals and flags (:mod:`analysis.stats`), split by voice on
  request.  A negative quote from an official is not the outlet's negativity,
  so ``voice`` separates ``own`` prose from ``quoted`` text.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from . import actors as actors_mod
from .corpus.duplicates import primary_only
from .stats import group_ci
from .vader import analyzer

SENTIMENT_COLUMNS = ["article_id", "sentence_id", "neg", "neu", "pos", "compound"]
MENTION_SCORE_COLUMNS = ["article_id", "sentence_id", "actor", "mention", "score", "start", "end"]
THRESHOLD = 0.05       # VADER's own cut-off between neutral and polar
BODY = ("lead", "body")


def score_sentences(sentences: pd.DataFrame, progress: bool = False) -> pd.DataFrame:
    """VADER's ``neg``, ``neu``, ``pos``, ``compound`` for every sentence."""
    score = analyzer().polarity_scores
    rows = [score(t) for t in tqdm(sentences["text"], desc="sentiment", unit="sentence", disable=not progress)]
    out = pd.DataFrame(rows, columns=["neg", "neu", "pos", "compound"], index=sentences.index)
    return pd.concat([sentences[["article_id", "sentence_id"]], out], axis=1).reset_index(drop=True)


def score_mentions(sentences: pd.DataFrame, actors_file=None, model=None) -> pd.DataFrame:
    """Actor mentions with their actor-directed score (P(positive) − P(negative) towards the mention)."""
    from .target_sentiment import default_model

    mentions = actors_mod.find_mentions(sentences, actors_file)
    if mentions.empty:
        return pd.DataFrame(columns=MENTION_SCORE_COLUMNS)
    texts = mentions.merge(sentences[["article_id", "sentence_id", "text"]], on=["article_id", "sentence_id"],
                           how="left")["text"]
    triples = list(zip(texts, mentions["start"], mentions["end"]))
    mentions["score"] = (model or default_model()).score_targets(triples)
    return mentions[MENTION_SCORE_COLUMNS]


def polarity_label(compound) -> np.ndarray:
    c = np.asarray(compound, dtype=float)
    return np.where(c <= -THRESHOLD, "negative", np.where(c >= THRESHOLD, "positive", "neutral"))


def with_context(scores: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Sentence scores joined to their sentence (position, voice, text) and article (outlet, is_primary)."""
    merged = scores.merge(sentences[["article_id", "sentence_id", "position", "in_quote", "text"]],
                          on=["article_id", "sentence_id"])
    merged["voice"] = np.where(merged["in_quote"], "quoted", "own")
    return merged.merge(articles[["article_id", "outlet", "is_primary"]], on="article_id")


def article_sentiment(scores: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article: ``mean_compound`` (lead and body), ``share_negative``, ``share_positive``,
    ``headline_compound``, ``lead_compound``, ``own_compound``, ``quoted_compound``, ``n_sentences``."""
    ctx = with_context(scores, sentences, articles)
    body = ctx[ctx["position"].isin(BODY)].assign(label=lambda d: polarity_label(d["compound"]))
    out = body.groupby("article_id").agg(
        mean_compound=("compound", "mean"),
        share_negative=("label", lambda s: (s == "negative").mean()),
        share_positive=("label", lambda s: (s == "positive").mean()),
        n_sentences=("compound", "size"),
    )
    out["own_compound"] = body[body["voice"] == "own"].groupby("article_id")["compound"].mean()
    out["quoted_compound"] = body[body["voice"] == "quoted"].groupby("article_id")["compound"].mean()
    out["headline_compound"] = ctx[ctx["position"] == "headline"].groupby("article_id")["compound"].mean()
    out["lead_compound"] = ctx[ctx["position"] == "lead"].groupby("article_id")["compound"].mean()
    out = articles[["article_id", "outlet", "title", "is_primary"]].merge(out.reset_index(), on="article_id", how="left")
    return out


def outlet_sentiment(scores: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, *,
                     positions=BODY, by_voice: bool = False, by_position: bool = False,
                     count_copies: bool = False, seed: int = 0) -> pd.DataFrame:
    """Mean sentence compound per outlet (and voice / position) with 95% bootstrap intervals and flags."""
    ctx = primary_only(with_context(scores, sentences, articles), articles, count_copies)
    ctx = ctx[ctx["position"].isin(positions)]
    by = ["outlet"] + (["voice"] if by_voice else []) + (["position"] if by_position else [])
    return group_ci(ctx, by, "compound", seed=seed)


def mentions_with_context(mentions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Actor mentions with their evidence sentence, voice, outlet and actor label."""
    ctx = mentions.merge(sentences[["article_id", "sentence_id", "position", "in_quote", "text"]],
                         on=["article_id", "sentence_id"])
    ctx["voice"] = np.where(ctx["in_quote"], "quoted", "own")
    ctx["actor_label"] = ctx["actor"].map(actors_mod.actor_labels())
    return ctx.merge(articles[["article_id", "outlet", "is_primary"]], on="article_id")


def outlet_actor_sentiment(mentions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, *,
                           by_voice: bool = False, count_copies: bool = False, seed: int = 0) -> pd.DataFrame:
    """Mean actor-directed score per outlet and actor (and voice), with intervals and flags."""
    ctx = primary_only(mentions_with_context(mentions, sentences, articles), articles, count_copies)
    by = ["outlet", "actor"] + (["voice"] if by_voice else [])
    return group_ci(ctx, by, "score", seed=seed, unit="mentions")


def strongest_evidence(mentions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame,
                       outlet: str, actor: str, n: int = 3) -> pd.DataFrame:
    """The ``n`` mentions of ``actor`` in ``outlet`` whose scores pull hardest in the direction of their mean."""
    ctx = mentions_with_context(mentions, sentences, articles)
    cell = ctx[(ctx["outlet"] == outlet) & (ctx["actor"] == actor)]
    if cell.empty:
        return cell
    direction = np.sign(cell["score"].mean()) or 1.0
    return (cell.assign(_key=cell["score"] * direction).sort_values("_key", ascending=False).head(n)
            [["outlet", "actor_label", "mention", "score", "voice", "text", "article_id", "sentence_id"]])
