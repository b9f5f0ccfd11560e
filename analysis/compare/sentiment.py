"""Sentiment compared between groups: sentence tone by group, voice and position, and tone towards actors.

Every function takes the ``sentiment`` or ``actor_mentions`` table, the
``sentences`` and the ``articles`` that count, and ``by`` (the grouping
column(s), ``source_label`` by default).  A negative quote from an official
is not the outlet's negativity, so ``by_voice`` separates the outlet's own
prose from direct quotation and reported speech.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..corpus.voices import voice_shares
from ..schema import PROSE, VOICES
from .groups import attach, group_columns
from .stats import group_ci

THRESHOLD = 0.05       # VADER's own cut-off between neutral and polar


def polarity_label(compound) -> np.ndarray:
    c = np.asarray(compound, dtype=float)
    return np.where(c <= -THRESHOLD, "negative", np.where(c >= THRESHOLD, "positive", "neutral"))


def main_voice(sentences: pd.DataFrame) -> pd.Series:
    """The voice holding most of each sentence's letters (own prose on ties)."""
    shares = voice_shares(sentences)
    return shares.idxmax(axis=1).str.removesuffix("_share").where(shares.max(axis=1) > 0, "own")


def with_context(scores: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, by="source_label") -> pd.DataFrame:
    """Sentence scores joined to their sentence (position, voice shares, text) and article (group columns)."""
    s = sentences.assign(voice=main_voice(sentences))
    s = pd.concat([s[["article_id", "sentence_id", "position", "in_quote", "voice", "text"]], voice_shares(s)], axis=1)
    merged = scores.merge(s, on=["article_id", "sentence_id"])
    return attach(merged, articles, by, extra=["title", "is_primary"])


def article_sentiment(scores: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame,
                      by="source_label") -> pd.DataFrame:
    """One row per article: ``mean_compound`` (lead and body), ``share_negative``, ``share_positive``,
    ``headline_compound``, ``lead_compound``, the mean of each voice (weighted by its share of each
    sentence: ``own_compound``, ``direct_compound``, ``reported_compound``) and ``n_sentences``."""
    ctx = with_context(scores, sentences, articles, by)
    body = ctx[ctx["position"].isin(PROSE)].assign(label=lambda d: polarity_label(d["compound"]))
    out = body.groupby("article_id").agg(
        mean_compound=("compound", "mean"),
        share_negative=("label", lambda s: (s == "negative").mean()),
        share_positive=("label", lambda s: (s == "positive").mean()),
        n_sentences=("compound", "size"),
    )
    for v in VOICES:
        w = body[f"{v}_share"]
        num = (body["compound"] * w).groupby(body["article_id"]).sum()
        den = w.groupby(body["article_id"]).sum()
        out[f"{v}_compound"] = (num / den.where(den > 0)).reindex(out.index)
    out["headline_compound"] = ctx[ctx["position"] == "headline"].groupby("article_id")["compound"].mean()
    out["lead_compound"] = ctx[ctx["position"] == "lead"].groupby("article_id")["compound"].mean()
    cols = ["article_id", *group_columns(by), "title"]
    return articles[[c for c in dict.fromkeys(cols) if c in articles]].merge(out.reset_index(), on="article_id",
                                                                            how="left")


def group_sentiment(scores: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, *, by="source_label",
                    positions=PROSE, by_voice: bool = False, by_position: bool = False, seed: int = 0,
                    value: str = "compound") -> pd.DataFrame:
    """Mean sentence compound per group (and voice / position) with 95% bootstrap intervals and flags.

    With ``by_voice`` each sentence counts towards each voice by its share of that voice's letters.
    """
    cols = group_columns(by)
    ctx = with_context(scores, sentences, articles, cols)
    ctx = ctx[ctx["position"].isin(positions)]
    keys = cols + (["position"] if by_position else [])
    if not by_voice:
        return group_ci(ctx, keys, value, seed=seed)
    parts = []
    for v in VOICES:
        part = ctx[ctx[f"{v}_share"] > 0].assign(voice=v, _w=lambda d, v=v: d[f"{v}_share"])
        if len(part):
            parts.append(group_ci(part, [*keys, "voice"], value, weight="_w", seed=seed))
    return pd.concat(parts, ignore_index=True) if parts else group_ci(ctx.iloc[:0].assign(voice=""), [*keys, "voice"], value)


def mentions_with_context(mentions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame,
                          labels: dict[str, str] | None = None, by="source_label") -> pd.DataFrame:
    """Actor mentions with their evidence sentence, voice, group columns and actor label."""
    s = sentences.assign(sentence_voice=main_voice(sentences))
    cols = ["article_id", "sentence_id", "position", "in_quote", "sentence_voice", "text"]
    ctx = mentions.merge(s[cols], on=["article_id", "sentence_id"])
    if "voice" not in ctx:
        ctx["voice"] = ctx["sentence_voice"]
    ctx["actor_label"] = labelled(ctx["actor"], labels)
    return attach(ctx, articles, by, extra=["title"])


def labelled(ids: pd.Series, labels: dict[str, str] | None) -> pd.Series:
    """Each id's label in ``labels``, the id itself where it has none (of the ids' dtype, also when empty: a
    ``map`` then ``fillna`` turns an empty or unlabelled column into floats that pandas refuses to fill with text)."""
    labels = labels or {}
    return ids.map(lambda i: labels.get(i, i))


def group_actor_sentiment(mentions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, *,
                          by="source_label", by_voice: bool = False, seed: int = 0,
                          value: str = "score") -> pd.DataFrame:
    """Mean actor-directed score per group and actor (and voice), with intervals and flags."""
    cols = group_columns(by)
    ctx = mentions_with_context(mentions, sentences, articles, by=cols)
    keys = [*cols, "actor"] + (["voice"] if by_voice else [])
    return group_ci(ctx, keys, value, seed=seed, unit="mentions")


def strongest_evidence(mentions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame,
                       where: dict, actor: str, labels: dict | None = None, n: int = 3,
                       by="source_label") -> pd.DataFrame:
    """The ``n`` mentions of ``actor`` in the group ``where`` whose scores pull hardest in the direction of their mean."""
    ctx = mentions_with_context(mentions, sentences, articles, labels, by=by)
    cell = ctx[ctx["actor"] == actor]
    for col, val in where.items():
        cell = cell[cell[col] == val]
    if cell.empty:
        return cell
    direction = np.sign(cell["score"].mean()) or 1.0
    cols = [*group_columns(by), "actor_label", "mention", "score", "voice", "text", "article_id", "sentence_id"]
    return cell.assign(_key=cell["score"] * direction).sort_values("_key", ascending=False).head(n)[cols]
