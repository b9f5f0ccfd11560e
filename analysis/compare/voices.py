"""Who is given voice, per group: quotes and reported statements by speaker, with the verbs used."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .groups import attach, group_columns


def voices(quotes: pd.DataFrame, articles: pd.DataFrame, labels: dict[str, str] | None = None,
           by="source_label") -> pd.DataFrame:
    """Quotes (direct and reported) per group and speaker, with the verbs used.

    The speaker group (``voice``) is the actor's label when the speaker
    resolves to an actor, else the speaker as written.
    """
    cols = group_columns(by)
    q = attach(quotes, articles, cols)
    q = q.assign(voice=np.where(q["actor"].notna(), q["actor"].map(labels or {}).fillna(q["actor"]), q["speaker"]))
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
