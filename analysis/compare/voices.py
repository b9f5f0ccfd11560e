"""Who is given voice, per group: quotes and reported statements by speaker, with the verbs used."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .groups import attach, group_columns

# a speaker that is coverage itself ("The reporting highlighted ...", "media reports from January 16 described"):
# other outlets' reports the article cites, neither a person or institution nor the article's own words
_PRESS = re.compile(r"^(?:the\s+)?(?:(?:media|press|news)\s+)?(?:reporting|reports|media|press)"
                    r"(?:$|\s+(?:from|of|on|in)\b)", re.I)
PRESS_VOICE = "media reports the article cites"


def voice_label(speaker: str) -> str:
    """The speaker as a reader should see it in the voices table: press coverage the article cites, whatever
    its wording, as :data:`PRESS_VOICE`; any other speaker as written."""
    return PRESS_VOICE if _PRESS.match(str(speaker).strip()) else speaker


def voices(quotes: pd.DataFrame, articles: pd.DataFrame, labels: dict[str, str] | None = None,
           by="source_label") -> pd.DataFrame:
    """Quotes (direct and reported) per group and speaker, with the verbs used.

    The speaker group (``voice``) is the actor's label when the speaker
    resolves to an actor, else the speaker as written, except that press
    coverage cited as a speaker ("the reporting", "media reports") is
    :data:`PRESS_VOICE` (:func:`voice_label`).
    """
    cols = group_columns(by)
    q = attach(quotes, articles, cols)
    q = q.assign(voice=np.where(q["actor"].notna(), q["actor"].map(labels or {}).fillna(q["actor"]),
                                q["speaker"].map(voice_label)))
    out_cols = [*cols, "voice", "quotes", "direct", "verbs", "share_of_group"]
    if q.empty:
        return pd.DataFrame(columns=out_cols)
    table = q.groupby([*cols, "voice"]).agg(
        quotes=("text", "size"), direct=("direct", "sum"),
        verbs=("verb", lambda v: ", ".join(f"{k} ({n})" for k, n in v.value_counts().items())),
    ).reset_index()
    table["direct"] = table["direct"].astype(int)
    table["share_of_group"] = table["quotes"] / table.groupby(cols)["quotes"].transform("sum")
    return table.sort_values([*cols, "quotes"], ascending=[True] * len(cols) + [False]).reset_index(drop=True)[out_cols]
