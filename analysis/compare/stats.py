"""Means with bootstrap confidence intervals, and flags for when they cannot be trusted.

Sentences of one article are not independent, so when a group holds enough
articles the interval comes from a *cluster* bootstrap: articles are
resampled and the statistic is the sentence-weighted mean (via
:func:`scipy.stats.bootstrap` on paired per-article sums and counts).  With
few articles, sentences are resampled instead and the flag says that the
interval reflects variation between sentences only.

The ``flag`` of a result names each caveat in a few words, joined by "; ",
with no count in it (the row's ``n`` and ``n_articles`` hold the counts), so
the same caveat reads the same on every row and a report can say it once:
:func:`too_few` ("fewer than 10 sentences": no interval is given),
:func:`few_articles` ("fewer than 5 articles": the interval is over
sentences) and :data:`NO_DATA`.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

from ..schema import CI_COLUMNS

MIN_N = 10           # fewer observations: no interval, flagged "fewer than 10 sentences"
MIN_CLUSTERS = 5     # fewer articles: resample sentences, and say so
N_RESAMPLES = 2000
CONFIDENCE = 0.95
NO_DATA = "no data"


def too_few(unit: str = "sentences", min_n: int = MIN_N) -> str:
    """The caveat of a result resting on fewer than ``min_n`` observations (it gets no interval)."""
    return f"fewer than {min_n} {unit}"


def few_articles(min_clusters: int = MIN_CLUSTERS) -> str:
    """The caveat of a result from fewer than ``min_clusters`` articles (its interval resamples sentences)."""
    return f"fewer than {min_clusters} articles"


def add_flag(flag: str, extra: str) -> str:
    """``flag`` with the caveat ``extra`` added (each caveat once)."""
    parts = [p for p in (flag or "").split("; ") if p]
    return "; ".join(parts + [extra] if extra and extra not in parts else parts)


def _ratio(sums, counts, axis=-1):
    return sums.sum(axis=axis) / counts.sum(axis=axis)


def _interval(result) -> tuple[float, float]:
    low, high = result.confidence_interval
    return float(low), float(high)


def mean_ci(values, clusters=None, *, weights=None, confidence: float = CONFIDENCE,
            n_resamples: int = N_RESAMPLES, seed: int = 0, min_n: int = MIN_N, min_clusters: int = MIN_CLUSTERS,
            unit: str = "sentences", signed: bool = False) -> dict:
    """(Weighted) mean of ``values`` with a bootstrap interval.

    The mean is sum(w·x) / sum(w) (``weights`` default to 1).  ``clusters``
    (same length, e.g. article ids) switches to the cluster bootstrap when
    there are at least ``min_clusters`` of them; otherwise observations are
    resampled.  With fewer than ``min_n`` observations no interval is given.
    When every observation is alike, shares (0/1; or ±1 scores when
    ``signed``) get a Wilson interval instead of a zero-width one.  Returns a
    dict with the keys of :data:`CI_COLUMNS`; ``flag`` is empty when the
    interval can be trusted.
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
    few_clusters = groups is not None and n_clusters < min_clusters
    cluster_flag = few_articles(min_clusters) if few_clusters else ""
    if n == 0:
        out["flag"] = NO_DATA
        return out
    if n < min_n:
        # too few observations for any interval to mean much: none is claimed
        out["flag"] = add_flag(too_few(unit, min_n), cluster_flag)
        out["ci_unit"] = "none"
        return out
    if np.ptp(x) == 0:
        # every observation alike: a bootstrap would give a zero-width interval; binary data get Wilson's
        out["ci_low"], out["ci_high"] = _constant_interval(x[0], n, confidence, signed)
        out["ci_unit"] = "wilson" if x[0] in ((-1.0, 1.0) if signed else (0.0, 1.0)) else "none"
        out["flag"] = cluster_flag
        return out
    clustered = groups is not None and n_clusters >= min_clusters
    if clustered:
        frame = pd.DataFrame({"g": groups, "wx": w * x, "w": w}).groupby("g")[["wx", "w"]].sum()
        data = (frame["wx"].to_numpy(), frame["w"].to_numpy())
    else:
        data = (w * x, w)
    out["ci_unit"] = "articles" if clustered else unit
    out["ci_low"], out["ci_high"] = _bootstrap(data, clustered, confidence, n_resamples, seed)
    out["flag"] = cluster_flag
    return out


def _bootstrap(data: tuple[np.ndarray, np.ndarray], clustered: bool, confidence: float, n_resamples: int,
               seed: int) -> tuple[float, float]:
    """The bootstrap interval of sum(wx) / sum(w) over paired ``(wx, w)``: percentile when the pairs are
    clusters (per-article sums), BCa otherwise, falling back to percentile when BCa is undefined.

    The pairs are put in a canonical order (by value) first: the statistic does not depend on their order, so
    neither does the interval, and the same articles read from another format or file order (other ids, other
    row order) get the same interval."""
    order = np.lexsort((data[1], data[0]))
    data = (np.asarray(data[0])[order], np.asarray(data[1])[order])
    rng = np.random.default_rng(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # degenerate resamples show as NaN bounds, handled below
        res = stats.bootstrap(data, _ratio, paired=True, vectorized=True, confidence_level=confidence,
                              n_resamples=n_resamples, method="percentile" if clustered else "BCa", rng=rng)
        if np.isnan(res.confidence_interval.low):
            res = stats.bootstrap(data, _ratio, paired=True, vectorized=True, confidence_level=confidence,
                                  n_resamples=n_resamples, method="percentile", rng=rng)
    return _interval(res)


def wilson(successes: float, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Wilson score interval for a proportion."""
    if n <= 0:
        return np.nan, np.nan
    z = stats.norm.ppf(0.5 + confidence / 2)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low = 0.0 if successes <= 0 else max(0.0, centre - half)      # exact at the ends: no 1e-18 above a share of 0
    high = 1.0 if successes >= n else min(1.0, centre + half)
    return float(low), float(high)


def _constant_interval(value: float, n: int, confidence: float, signed: bool) -> tuple[float, float]:
    """The interval for ``n`` identical observations: Wilson's for shares (0/1) and, when ``signed``, for
    ±1 scores (the share of +1 mapped to [−1, 1]); else a point."""
    if signed and value in (-1.0, 1.0):
        lo, hi = wilson(n if value > 0 else 0, n, confidence)
        return 2 * lo - 1, 2 * hi - 1
    if not signed and value in (0.0, 1.0):
        return wilson(value * n, n, confidence)
    return float(value), float(value)


def cluster_ci(sums, weights, n_obs: int, *, confidence: float = CONFIDENCE, n_resamples: int = N_RESAMPLES,
               seed: int = 0, min_n: int = MIN_N, unit: str = "sentences") -> dict:
    """The clustered interval of :func:`mean_ci` from per-cluster sums (``sums`` = Σ w·x and ``weights`` = Σ w
    per article), for groups with at least ``MIN_CLUSTERS`` clusters; ``n_obs`` is the number of observations.
    As in :func:`mean_ci`, fewer than ``min_n`` observations get no interval."""
    wx, w = np.asarray(sums, dtype=float), np.asarray(weights, dtype=float)
    keep = w > 0
    wx, w = wx[keep], w[keep]
    mean = float(wx.sum() / w.sum()) if w.sum() > 0 else np.nan
    out = {"mean": mean, "ci_low": np.nan, "ci_high": np.nan, "n": int(n_obs), "n_articles": int(len(w)),
           "ci_unit": "articles", "flag": ""}
    if len(w) == 0:
        out.update(flag=NO_DATA, ci_unit="")
        return out
    if n_obs < min_n:
        out.update(flag=too_few(unit, min_n), ci_unit="none")
        return out
    ratios = wx / w
    if np.ptp(ratios) == 0:
        out["ci_low"] = out["ci_high"] = mean
        out["ci_unit"] = "none"
        return out
    out["ci_low"], out["ci_high"] = _bootstrap((wx, w), True, confidence, n_resamples, seed)
    return out


def has_interval(result: dict | pd.Series) -> bool:
    """Whether a result row (``ci_low``, ``ci_high``) has an interval: not one resting on fewer than
    :data:`MIN_N` observations (or none), which :func:`mean_ci` leaves without."""
    return not (pd.isna(result.get("ci_low")) or pd.isna(result.get("ci_high")))


def intervals_overlap(a: dict | pd.Series, b: dict | pd.Series) -> bool:
    """Whether two results' intervals overlap (or either has none): a difference not to be claimed."""
    lows = (a["ci_low"], b["ci_low"])
    if any(pd.isna(v) for v in (*lows, a["ci_high"], b["ci_high"])):
        return True
    return a["ci_low"] <= b["ci_high"] and b["ci_low"] <= a["ci_high"]


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
