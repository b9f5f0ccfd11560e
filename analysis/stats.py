"""Means with bootstrap confidence intervals, and flags for when they cannot be trusted.

Sentences of one article are not independent, so when a group holds enough
articles the interval comes from a *cluster* bootstrap: articles are
resampled and the statistic is the sentence-weighted mean (via
:func:`scipy.stats.bootstrap` on paired per-article sums and counts).  With
few articles, sentences are resampled instead and the flag says that the
interval reflects variation between sentences only.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

MIN_N = 10           # fewer observations: "too few sentences"
MIN_CLUSTERS = 5     # fewer articles: resample sentences, and say so
N_RESAMPLES = 2000
CONFIDENCE = 0.95
CI_COLUMNS = ["mean", "ci_low", "ci_high", "n", "n_articles", "ci_unit", "flag"]


def _ratio(sums, counts, axis=-1):
    return sums.sum(axis=axis) / counts.sum(axis=axis)


def _interval(result) -> tuple[float, float]:
    low, high = result.confidence_interval
    return float(low), float(high)


def mean_ci(values, clusters=None, *, weights=None, confidence: float = CONFIDENCE,
            n_resamples: int = N_RESAMPLES, seed: int = 0, min_n: int = MIN_N, min_clusters: int = MIN_CLUSTERS,
            unit: str = "sentences") -> dict:
    """(Weighted) mean of ``values`` with a bootstrap interval.

    The mean is sum(w·x) / sum(w) (``weights`` default to 1).  ``clusters``
    (same length, e.g. article ids) switches to the cluster bootstrap when
    there are at least ``min_clusters`` of them; otherwise observations are
    resampled.  Returns a dict with the keys of :data:`CI_COLUMNS`; ``flag``
    is empty when the interval can be trusted.
    """
    x = np.asarray(values, dtype=float)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    keep = ~np.isnan(x) & (w > 0)
    x, w = x[keep], w[keep]
    n = len(x)
    groups = None if clusters is None else np.asarray(clusters)[keep]
    n_clusters = len(pd.unique(groups)) if groups is not None else np.nan
    mean = float((w * x).sum() / w.sum()) if n else np.nan
    out = {"mean": mean, "ci_low": np.nan, "ci_high": np.nan, "n": n, "n_articles": n_clusters,
           "ci_unit": "", "flag": ""}
    if n == 0:
        out["flag"] = "no data"
        return out
    if n < 2 or np.ptp(x) == 0:
        out["ci_low"] = out["ci_high"] = mean if n >= 2 else np.nan
        out["flag"] = f"too few {unit}" if n < min_n else ""
        out["ci_unit"] = "none"
        return out
    rng = np.random.default_rng(seed)
    clustered = groups is not None and n_clusters >= min_clusters
    if clustered:
        frame = pd.DataFrame({"g": groups, "wx": w * x, "w": w}).groupby("g")[["wx", "w"]].sum()
        data = (frame["wx"].to_numpy(), frame["w"].to_numpy())
    else:
        data = (w * x, w)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # degenerate resamples show as NaN bounds, handled below
        res = stats.bootstrap(data, _ratio, paired=True, vectorized=True, confidence_level=confidence,
                              n_resamples=n_resamples, method="percentile" if clustered else "BCa", rng=rng)
        if np.isnan(res.confidence_interval.low):
            res = stats.bootstrap(data, _ratio, paired=True, vectorized=True, confidence_level=confidence,
                                  n_resamples=n_resamples, method="percentile", rng=rng)
    out["ci_unit"] = "articles" if clustered else unit
    out["ci_low"], out["ci_high"] = _interval(res)
    flags = []
    if n < min_n:
        flags.append(f"too few {unit}")
    if groups is not None and not clustered:
        flags.append(f"{n_clusters} article{'s' if n_clusters != 1 else ''}: interval over {unit}")
    out["flag"] = "; ".join(flags)
    return out


def group_ci(frame: pd.DataFrame, by, value: str, cluster: str | None = "article_id", weight: str | None = None,
             **kwargs) -> pd.DataFrame:
    """:func:`mean_ci` of ``value`` (weighted by column ``weight``) for each group of ``frame``, one row per group."""
    by = [by] if isinstance(by, str) else list(by)
    rows = []
    for key, part in frame.groupby(by, sort=True, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        res = mean_ci(part[value], part[cluster] if cluster else None,
                      weights=part[weight] if weight else None, **kwargs)
        rows.append({**dict(zip(by, key)), **res})
    return pd.DataFrame(rows, columns=[*by, *CI_COLUMNS])
