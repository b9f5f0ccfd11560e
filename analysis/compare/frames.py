"""Frames compared between groups: salience with intervals, a two-pole axis, top frames, evidence.

Every function takes the tables (``frame_matches``, ``sentences``, the
``articles`` that count) and ``by``, the grouping column(s): the outlet's
``source_label`` by default, or any metadata column (``leaning``, ``event``).
Intervals are 95% bootstrap intervals (:mod:`analysis.compare.stats`): over
articles when a group has at least five, else over sentences, and the
``flag`` column says so.  A share resting on fewer than three evidence
sentences is flagged too.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..corpus.voices import voice_shares
from ..measures.frames import POSITION_WEIGHTS
from ..schema import CI_COLUMNS, PROSE, VOICES
from .groups import attach, check_by, group_columns
from .stats import MIN_CLUSTERS, add_flag, cluster_ci, group_ci, intervals_overlap, mean_ci

MIN_EVIDENCE = 3
THIN = f"fewer than {MIN_EVIDENCE} evidence sentences"    # the caveat of a share resting on so few


def _sentence_base(sentences: pd.DataFrame, articles: pd.DataFrame, by, weighted: bool) -> pd.DataFrame:
    positions = tuple(POSITION_WEIGHTS) if weighted else PROSE
    s = sentences[sentences["position"].isin(positions)]
    base = pd.concat([s[["article_id", "sentence_id", "position"]], voice_shares(s)], axis=1)
    base["weight"] = base["position"].map(POSITION_WEIGHTS).fillna(1.0) if weighted else 1.0
    return attach(base, articles, by)


def group_salience(matches: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, *,
                   by="source_label", lexicon: str | None = None, frames: list[str] | None = None,
                   weighted: bool = False, by_voice: bool = False, seed: int = 0) -> pd.DataFrame:
    """Share of sentences evoking each frame, per group (and voice), with 95% intervals and flags.

    ``weighted=True`` counts headline and lead sentences more
    (:data:`~analysis.measures.frames.POSITION_WEIGHTS`) and includes headlines.
    ``by_voice=True`` splits each group's text into the outlet's own prose,
    direct quotation and reported speech (each sentence weighted by its share
    of each voice).  Columns: the ``by`` columns, ``voice`` (when split),
    ``frame``, ``mean``, ``ci_low``, ``ci_high``, ``n``, ``n_articles``,
    ``ci_unit``, ``flag``, ``evidence_sentences``.
    """
    cols = group_columns(by)
    base = _sentence_base(sentences, articles, cols, weighted)
    m = matches if lexicon is None else matches[matches["lexicon"] == lexicon]
    if frames is None:
        frames = sorted(m["frame"].unique())
    evokes = m[m["frame"].isin(frames)][["article_id", "sentence_id", "frame"]].drop_duplicates()
    evokes = evokes.merge(base[["article_id", "sentence_id"]], on=["article_id", "sentence_id"])
    voices = VOICES if by_voice else (None,)
    rows = []
    for voice in voices:
        share = base[f"{voice}_share"] if voice else 1.0
        b = base.assign(w=base["weight"] * share)
        b = b[b["w"] > 0]
        per_article = b.groupby("article_id")["w"].sum()
        ev = evokes.merge(b[["article_id", "sentence_id", "w"]], on=["article_id", "sentence_id"])
        ev_sums = ev.groupby(["article_id", "frame"])["w"].sum()
        ev_counts = ev.groupby(["article_id", "frame"]).size()
        for key, part in b.groupby(cols, sort=True):
            key = key if isinstance(key, tuple) else (key,)
            arts = part["article_id"].unique()
            for frame in frames:
                if len(arts) >= MIN_CLUSTERS:
                    sums = ev_sums.reindex(pd.MultiIndex.from_product([arts, [frame]]), fill_value=0.0).to_numpy()
                    res = cluster_ci(sums, per_article.reindex(arts).to_numpy(), len(part), seed=seed)
                else:
                    hit = part.merge(ev[ev["frame"] == frame][["article_id", "sentence_id"]].assign(x=1.0),
                                     on=["article_id", "sentence_id"], how="left")["x"].fillna(0.0)
                    res = mean_ci(hit.to_numpy(), part["article_id"].to_numpy(), weights=part["w"].to_numpy(),
                                  seed=seed)
                n_ev = int(ev_counts.reindex(pd.MultiIndex.from_product([arts, [frame]]), fill_value=0).sum())
                if n_ev < MIN_EVIDENCE:
                    res["flag"] = add_flag(res["flag"], THIN)
                rows.append({**dict(zip(cols, key)), **({"voice": voice} if voice else {}), "frame": frame,
                             **res, "evidence_sentences": n_ev})
    out_cols = [*cols, *(["voice"] if by_voice else []), "frame", *CI_COLUMNS, "evidence_sentences"]
    return pd.DataFrame(rows, columns=out_cols)


def axis_scores(matches: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, *,
                positive: str, negative: str, lexicon: str | None = None, by="source_label",
                per_article: bool = False, seed: int = 0) -> pd.DataFrame:
    """Where each group (or each article) sits between two frames, in [−1, 1].

    Score = (P − N) / (P + N) over the lead and body sentences evoking either
    pole, P and N counting the sentences evoking ``positive`` and ``negative``:
    +1 is all ``positive``, −1 all ``negative``.  Groups with no sentence
    evoking either pole get no score (``flag`` "no data").  With
    ``per_article=True`` every article gets a row (titled or not), with its
    group column(s).
    """
    cols = group_columns(by)
    m = matches if lexicon is None else matches[matches["lexicon"] == lexicon]
    m = m[m["frame"].isin([positive, negative])]
    poles = (m.groupby(["article_id", "sentence_id", "frame"]).size().unstack(fill_value=0)
             .reindex(columns=[positive, negative], fill_value=0).gt(0).astype(float).reset_index())
    base = sentences[sentences["position"].isin(PROSE)][["article_id", "sentence_id"]]
    base = base.merge(poles, on=["article_id", "sentence_id"], how="left").fillna({positive: 0.0, negative: 0.0})
    keys = ["article_id", *cols, "title"] if per_article else cols
    base = attach(base, articles, cols, extra=["title"] if per_article else ())
    base["weight"] = base[positive] + base[negative]
    base["score"] = np.where(base["weight"] > 0,
                             (base[positive] - base[negative]) / base["weight"].where(base["weight"] > 0, 1), np.nan)
    if per_article:
        base["title"] = base["title"].astype(object).where(base["title"].notna(), "(no title)")
    out = group_ci(base, keys, "score", weight="weight", seed=seed, unit="pole sentences", signed=True)
    out = out.rename(columns={"n": "pole_sentences"})
    counts = base.groupby(keys, dropna=False)[[positive, negative]].sum().astype(int).reset_index()
    return counts.merge(out, on=keys, how="left")


def top_frames(salience: pd.DataFrame, by="source_label") -> pd.DataFrame:
    """Per group, the frame(s) with the highest share (ties kept together), from :func:`group_salience`.

    Adds ``runner_up`` (the next frame), ``clear_lead`` (whether the top
    frame's interval clears the runner-up's) and ``thin`` (the share rests
    on fewer than three evidence sentences).
    """
    cols = group_columns(by)
    rows = []
    for key, part in salience[salience["mean"] > 0].groupby(cols, sort=True):
        part = part.sort_values(["mean", "frame"], ascending=[False, True])
        best = part[part["mean"] == part["mean"].iloc[0]]
        rest = part[part["mean"] < part["mean"].iloc[0]]
        runner = rest.iloc[0] if len(rest) else None
        for _, row in best.iterrows():
            rows.append({**row.to_dict(),
                         "runner_up": runner["frame"] if runner is not None else None,
                         "clear_lead": runner is not None and not intervals_overlap(row, runner) and len(best) == 1,
                         "thin": row["evidence_sentences"] < MIN_EVIDENCE})
    out = pd.DataFrame(rows, columns=[*salience.columns, "runner_up", "clear_lead", "thin"])
    return out.sort_values([*cols, "frame"]).reset_index(drop=True)


def context_before(text: str, start: int, width: int) -> str:
    """Up to ``width`` characters of ``text`` before ``start``, in whole words ("…" where words were left out)."""
    left = text[max(0, start - width):start]
    if start > width and not text[start - width - 1].isspace() and not left[:1].isspace():
        cut = left.find(" ")                       # the window starts inside a word: drop that piece
        left = left[cut + 1:] if cut != -1 else ""
    return ("…" + left.lstrip()) if start > width else left


def context_after(text: str, end: int, width: int) -> str:
    """Up to ``width`` characters of ``text`` after ``end``, in whole words ("…" where words were left out)."""
    right = text[end:end + width]
    if end + width < len(text) and not text[end + width].isspace() and not right[-1:].isspace():
        cut = right.rfind(" ")                     # the window ends inside a word: drop that piece
        right = right[:cut] if cut != -1 else ""
    return (right.rstrip() + "…") if end + width < len(text) else right


def evidence(matches: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, *,
             frame: str | None = None, lexicon: str | None = None, article_id: str | None = None,
             where: dict | None = None, by="source_label", width: int = 60) -> pd.DataFrame:
    """Keyword-in-context rows behind a number: group, article, sentence, frame, term, left | match | right.

    ``where`` filters on article columns (``{"source_label": "The Stock Dork"}``).
    """
    cols = check_by(articles, by)
    m = matches
    if lexicon:
        m = m[m["lexicon"] == lexicon]
    if frame:
        m = m[m["frame"] == frame]
    if article_id:
        m = m[m["article_id"] == article_id]
    ctx = m.merge(sentences[["article_id", "sentence_id", "position", "in_quote", "text"]],
                  on=["article_id", "sentence_id"])
    ctx = attach(ctx, articles, cols, extra=[*(where or {}), "title"])
    for col, value in (where or {}).items():
        ctx = ctx[ctx[col] == value]
    ctx["left"] = [context_before(t, s, width) for t, s in zip(ctx["text"], ctx["start"])]
    ctx["right"] = [context_after(t, e, width) for t, e in zip(ctx["text"], ctx["end"])]
    out_cols = [*cols, "article_id", "sentence_id", "position", "in_quote", "frame", "term", "left", "matched",
                "right", "text"]
    return ctx.sort_values([*cols, "article_id", "sentence_id", "start"])[out_cols].reset_index(drop=True)
