"""Topics compared between groups: prevalence with intervals, and the units behind each topic."""
from __future__ import annotations

import pandas as pd

from .groups import attach, group_columns
from .stats import group_ci


def group_prevalence(unit_weights: pd.DataFrame, articles: pd.DataFrame, by="source_label",
                     seed: int = 0) -> pd.DataFrame:
    """Mean topic weight of each group's units with 95% bootstrap intervals (articles resampled when enough)."""
    cols = group_columns(by)
    w = attach(unit_weights, articles, cols)
    return group_ci(w, [*cols, "topic"], "weight", seed=seed, unit="units")


def top_units(unit_weights: pd.DataFrame, units: pd.DataFrame, topic: int, n: int = 3) -> pd.DataFrame:
    """The ``n`` units that load most on ``topic``, with their text."""
    part = unit_weights[unit_weights["topic"] == topic].nlargest(n, "weight")
    return part.merge(units[["unit_id", "text"]], on="unit_id")
