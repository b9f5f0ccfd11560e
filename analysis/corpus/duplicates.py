"""Group exact and near-duplicate articles (syndicated wire copy, republished pages).

Two articles are near-duplicates when most of the word 5-grams of the shorter
one occur in the longer one (containment >= ``threshold``), which is how a
wire story looks when it is republished with other boilerplate, an extra
paragraph or a new headline.  Groups are the connected components of that
relation.  In each group the *primary* copy (the one that counts by default)
is the original where the others name it (a copy whose outlet another member
gives as its ``relayed_source``), then the earliest published, then the
longest, ties broken by ``article_id`` so the choice is stable.
"""
from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
from scipy.sparse.csgraph import connected_components
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

_WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE = 5
MIN_SHINGLES = 10      # shorter texts are matched only exactly
CHUNK = 2000           # rows per block of the sparse self-product


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _shingles(text: str) -> list[str]:
    words = _words(text)
    return [" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]


def text_fingerprint(text: str) -> str:
    """SHA-256 of the lower-cased word sequence: equal for copies differing only in case, spacing and punctuation."""
    return hashlib.sha256(" ".join(_words(text)).encode()).hexdigest()


def _near_pairs(texts: list[str], threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    vec = HashingVectorizer(analyzer=_shingles, n_features=2**22, binary=True, norm=None, alternate_sign=False)
    X = vec.transform(texts).tocsr().astype(np.float32)
    sizes = np.asarray(X.sum(axis=1)).ravel()
    rows, cols, sims = [], [], []
    for start in range(0, X.shape[0], CHUNK):
        inter = (X[start:start + CHUNK] @ X.T).tocoo()
        i = inter.row + start
        j = inter.col
        keep = i < j
        i, j, shared = i[keep], j[keep], inter.data[keep]
        smaller = np.minimum(sizes[i], sizes[j])
        ok = (smaller >= MIN_SHINGLES) & (shared / np.maximum(smaller, 1) >= threshold)
        rows.append(i[ok]); cols.append(j[ok]); sims.append((shared / np.maximum(smaller, 1))[ok])
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(sims)


def find_duplicates(articles: pd.DataFrame, threshold: float = 0.8) -> pd.DataFrame:
    """Duplicate groups for ``articles`` (needs ``article_id``, ``text``, ``n_words``).

    Returns one row per article: ``article_id``, ``dup_group`` (the
    ``article_id`` of the group's primary copy), ``is_primary``,
    ``dup_similarity`` (best containment with another member, 1.0 for exact
    copies, NaN for articles without copies) and ``dup_kind``
    (``unique``, ``exact`` or ``near``).
    """
    n = len(articles)
    if n == 0:
        return pd.DataFrame(columns=["article_id", "dup_group", "is_primary", "dup_similarity", "dup_kind"])
    texts = articles["text"].fillna("").tolist()
    ids = articles["article_id"].to_numpy()
    fingerprints = [text_fingerprint(t) for t in texts]

    # exact copies: same fingerprint (and non-empty)
    first_of: dict[str, int] = {}
    ei, ej = [], []
    for k, fp in enumerate(fingerprints):
        if not texts[k].strip():
            continue
        if fp in first_of:
            ei.append(first_of[fp]); ej.append(k)
        else:
            first_of[fp] = k
    ni, nj, ns = _near_pairs(texts, threshold) if n > 1 else (np.array([], int),) * 2 + (np.array([]),)

    i = np.concatenate([np.asarray(ei, dtype=int), ni.astype(int)])
    j = np.concatenate([np.asarray(ej, dtype=int), nj.astype(int)])
    sim = np.concatenate([np.ones(len(ei)), ns.astype(float)])
    graph = sparse.coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)

    best = np.full(n, np.nan)
    for a, b, s in zip(i, j, sim):
        best[a] = np.nanmax([best[a], s]); best[b] = np.nanmax([best[b], s])

    frame = pd.DataFrame({
        "article_id": ids,
        "component": labels,
        "n_words": articles["n_words"].to_numpy(),
        "dup_similarity": best,
    })
    frame["is_source"] = False
    if {"outlet", "relayed_source"} <= set(articles.columns):
        relayed = pd.DataFrame({"component": labels, "relayed": articles["relayed_source"].to_numpy()})
        named = {(c, r) for c, r in zip(relayed["component"], relayed["relayed"]) if r and r != "unknown"}
        frame["is_source"] = [(c, o) in named for c, o in zip(labels, articles["outlet"].to_numpy())]
    published = articles["published"] if "published" in articles.columns else pd.Series(pd.NA, index=articles.index)
    frame["published"] = pd.to_datetime(published.to_numpy(), errors="coerce", format="mixed")
    order = frame.sort_values(["component", "is_source", "published", "n_words", "article_id"],
                              ascending=[True, False, True, False, True], na_position="last")
    primary = order.groupby("component")["article_id"].first()
    frame["dup_group"] = frame["component"].map(primary)
    frame["is_primary"] = frame["article_id"] == frame["dup_group"]
    shared_fp = pd.Series(fingerprints).duplicated(keep=False).to_numpy()
    frame["dup_kind"] = np.where(np.isnan(best), "unique", np.where(shared_fp, "exact", "near"))
    return frame[["article_id", "dup_group", "is_primary", "dup_similarity", "dup_kind"]]


def primary_only(frame: pd.DataFrame, articles: pd.DataFrame, count_copies: bool = False) -> pd.DataFrame:
    """Rows of ``frame`` (any table keyed by ``article_id``) for the articles that count.

    By default each duplicate group counts once (its primary copy); with
    ``count_copies=True`` every copy counts.
    """
    if count_copies:
        return frame
    keep = articles.loc[articles["is_primary"], "article_id"]
    return frame[frame["article_id"].isin(keep)]
