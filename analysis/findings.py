"""Findings in prose, generated from the computed tables so they stay true when the numbers change.

Each function takes a result table and returns Markdown with article text
and names HTML-escaped.  Sentences say "highest" or "most" only of what the
numbers show, and carry the evidence flag when there is one.
"""
from __future__ import annotations

import pandas as pd

from .notebook import escape


def _caveat(flag) -> str:
    """The evidence flag, to append inside an existing parenthesis."""
    return f"; {escape(flag)}" if isinstance(flag, str) and flag else ""


def coverage(articles: pd.DataFrame) -> str:
    n, outlets = len(articles), articles["outlet"].nunique()
    copies = int((~articles["is_primary"]).sum())
    unknown = int((articles["outlet"] == "unknown").sum())
    text = f"{n} articles from {outlets} outlets"
    if copies:
        text += (f"; {copies} of them {'is a copy' if copies == 1 else 'are copies'} of another article "
                 f"(syndicated or republished) and count{'s' if copies == 1 else ''} once")
    if unknown:
        text += f"; for {unknown} the text names no outlet (labelled \"unknown\")"
    return text + "."


def top_frames(top: pd.DataFrame, labels: dict) -> str:
    """One bullet per outlet naming its most salient frame(s), from :func:`analysis.frames.top_frames`."""
    lines = []
    for outlet, rows in top.groupby("outlet"):
        names = " and ".join(f"*{escape(labels.get(f, f))}*" for f in rows["frame"])
        row = rows.iloc[0]
        verb = "are its most salient frames, each" if len(rows) > 1 else "is its most salient frame,"
        caveat = f" ({escape(row['flag'])})" if row["flag"] else ""
        lines.append(f"- **{escape(outlet)}**: {names} {verb} evoked in {row['mean']:.0%} of its "
                     f"{int(row['n'])} lead and body sentences{caveat}.")
    return "\n".join(lines) if lines else "No frame of this lexicon is evoked."


def axis(table: pd.DataFrame, positive: str, negative: str) -> str:
    """Which outlets sit furthest towards each pole of a frame axis (:func:`analysis.frames.axis_scores`)."""
    scored = table.dropna(subset=["mean"])
    if scored.empty:
        return f"No outlet has sentences evoking *{escape(positive)}* or *{escape(negative)}*."
    hi, lo = scored.loc[scored["mean"].idxmax()], scored.loc[scored["mean"].idxmin()]
    text = (f"On the *{escape(positive)}* (+1) vs *{escape(negative)}* (−1) axis, **{escape(hi['outlet'])}** has the "
            f"highest score ({hi['mean']:+.2f}{_caveat(hi['flag'])})")
    if lo["outlet"] != hi["outlet"]:
        text += f" and **{escape(lo['outlet'])}** the lowest ({lo['mean']:+.2f}{_caveat(lo['flag'])})"
    overlap = pd.notna(hi["ci_low"]) and pd.notna(lo["ci_high"]) and hi["ci_low"] <= lo["ci_high"]
    if lo["outlet"] != hi["outlet"] and (overlap or pd.isna(hi["ci_low"]) or pd.isna(lo["ci_high"])):
        text += "; their intervals overlap or are missing, so the difference may be noise"
    return text + "."


def strongest_actor_cell(table: pd.DataFrame, labels: dict, min_mentions: int = 3) -> str:
    """The outlet–actor pair with the most negative and the most positive mean score (at least ``min_mentions``)."""
    cells = table[table["n"] >= min_mentions]
    if cells.empty:
        return f"No outlet mentions an actor {min_mentions} or more times."
    neg, pos = cells.loc[cells["mean"].idxmin()], cells.loc[cells["mean"].idxmax()]
    parts = []
    if neg["mean"] < 0:
        parts.append(f"the most negative treatment is **{escape(neg['outlet'])}** on *{escape(labels.get(neg['actor'], neg['actor']))}* "
                     f"({neg['mean']:+.2f} over {int(neg['n'])} mentions{_caveat(neg['flag'])})")
    if pos["mean"] > 0:
        parts.append(f"the most positive is **{escape(pos['outlet'])}** on *{escape(labels.get(pos['actor'], pos['actor']))}* "
                     f"({pos['mean']:+.2f} over {int(pos['n'])} mentions{_caveat(pos['flag'])})")
    if not parts:
        return "No outlet–actor pair leans clearly positive or negative."
    return "Among outlet–actor pairs with at least " + f"{min_mentions} mentions, " + "; ".join(parts) + "."
