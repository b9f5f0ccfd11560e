"""Whose words a sentence carries: the outlet's own prose, direct quotation, reported speech.

:func:`voice_shares` gives, per sentence, the share of its letters in each
voice (``own_share``, ``direct_share``, ``reported_share``, summing to 1),
from the columns of the ``sentences`` table.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import VOICE_SHARES


def voice_shares(sentences: pd.DataFrame) -> pd.DataFrame:
    """``own_share``, ``direct_share``, ``reported_share`` per sentence, aligned with ``sentences``."""
    if set(VOICE_SHARES) <= set(sentences.columns):
        return sentences[VOICE_SHARES].astype(float)
    direct = sentences["quote_share"].astype(float) if "quote_share" in sentences else \
        sentences["in_quote"].astype(float)
    return pd.DataFrame({"own_share": 1.0 - direct, "direct_share": direct,
                         "reported_share": np.zeros(len(sentences))}, index=sentences.index)
