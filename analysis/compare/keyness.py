"""Distinctive terms per outlet: log-odds ratios with an informative Dirichlet prior.

Monroe, Colaresi & Quinn (2008), "Fightin' Words", section 3.5: for word w,
outlet i and the rest of the corpus j, with counts y and totals n,

    δ_w = log[(y_wi + α_w) / (n_i + α_0 − y_wi − α_w)] − log[(y_wj + α_w) / (n_j + α_0 − y_wj − α_w)]
    σ²_w ≈ 1 / (y_wi + α_w) + 1 / (y_wj + α_w)
    z_w = δ_w / σ_w

The prior is informative: α_w = ``prior_scale`` × (count of w in the whole
corpus), so α_0 = ``prior_scale`` × N; rare words are shrunk towards the
corpus rate and common words are not over-rewarded.  Words and two-word
phrases, English stop words (scikit-learn's list) removed.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from ..schema import KEYNESS_COLUMNS, PROSE
from .groups import attach, group_columns


def log_odds(counts_i: np.ndarray, counts_j: np.ndarray, prior: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """δ and z of group i against group j for count vectors over the same vocabulary."""
    yi, yj, a = (np.asarray(v, dtype=float) for v in (counts_i, counts_j, prior))
    ni, nj, a0 = yi.sum(), yj.sum(), a.sum()
    delta = np.log((yi + a) / (ni + a0 - yi - a)) - np.log((yj + a) / (nj + a0 - yj - a))
    z = delta / np.sqrt(1 / (yi + a) + 1 / (yj + a))
    return delta, z


def group_terms(sentences: pd.DataFrame, articles: pd.DataFrame, by="source_label", top: int | None = 15,
                **kwargs) -> pd.DataFrame:
    """:func:`distinctive_terms` of each group's lead and body sentences (the articles passed count)."""
    cols = group_columns(by)
    body = attach(sentences[sentences["position"].isin(PROSE)], articles, cols)
    groups = body[cols].astype(str).agg(" · ".join, axis=1) if len(cols) > 1 else body[cols[0]]
    return distinctive_terms(body["text"], groups, top=top, **kwargs)


def distinctive_terms(texts: pd.Series, groups: pd.Series, *, ngram_range=(1, 2), min_count: int = 2,
                      prior_scale: float = 1.0, top: int | None = 15) -> pd.DataFrame:
    """For each group (e.g. outlet) against all other groups: the terms with the highest z.

    ``texts`` and ``groups`` are aligned (one row per document or sentence).
    Terms used fewer than ``min_count`` times by the group are left out.
    """
    frame = pd.DataFrame({"text": texts.fillna("").to_numpy(), "group": groups.to_numpy()})
    joined = frame.groupby("group")["text"].agg(" \n ".join)
    if len(joined) < 2:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    vec = CountVectorizer(ngram_range=ngram_range, stop_words="english", token_pattern=r"(?u)\b[^\W\d_][\w'’-]*\b")
    X = vec.fit_transform(joined.to_numpy()).toarray()
    vocab = vec.get_feature_names_out()
    total = X.sum(axis=0)
    prior = prior_scale * total
    rows = []
    for k, group in enumerate(joined.index):
        rest = total - X[k]
        delta, z = log_odds(X[k], rest, prior)
        keep = X[k] >= min_count
        part = pd.DataFrame({"group": group, "term": vocab[keep], "count": X[k][keep], "count_rest": rest[keep],
                             "delta": delta[keep], "z": z[keep]}).sort_values("z", ascending=False)
        rows.append(part.head(top) if top else part)
    return pd.concat(rows, ignore_index=True)[KEYNESS_COLUMNS]
