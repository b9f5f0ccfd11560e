"""Distinctive terms: log-odds ratios with an informative Dirichlet prior, with a significance threshold.

Monroe, Colaresi & Quinn (2008), "Fightin' Words", section 3.5: for term w,
group i and the comparison j (the rest of the corpus, or one other group),
with counts y and totals n,

    δ_w = log[(y_wi + α_w) / (n_i + α_0 − y_wi − α_w)] − log[(y_wj + α_w) / (n_j + α_0 − y_wj − α_w)]
    σ²_w ≈ 1 / (y_wi + α_w) + 1 / (y_wj + α_w)
    z_w = δ_w / σ_w

The prior is informative: α_w = ``prior_scale`` × (count of w in the whole
corpus), so α_0 = ``prior_scale`` × N; rare words are shrunk towards the
corpus rate and common words are not over-rewarded.

Terms are words and n-grams of the package tokenizer
(:mod:`analysis.corpus.tokens`: "U.S." is one token, n-grams never cross a
sentence or a removed word).  A term is listed only when it clears
``z`` (default 1.96) and ``min_count`` (its uses by the group); a group with
none gets no rows and :func:`group_terms` says so in its ``note``.  A group's
own name and aliases never count as its distinctive terms ("Fox News",
"told Fox"): see :func:`self_name_terms`.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from ..corpus.tokens import Tokenizer, term_words
from ..schema import KEYNESS_COLUMNS, PROSE
from .groups import attach, group_columns

GENERIC_NAME_WORDS = frozenset("news daily times post today herald journal tribune press online media network "
                               "world international national the of and unknown outlet relays file".split())


def log_odds(counts_i: np.ndarray, counts_j: np.ndarray, prior: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """δ and z of group i against group j for count vectors over the same vocabulary."""
    yi, yj, a = (np.asarray(v, dtype=float) for v in (counts_i, counts_j, prior))
    ni, nj, a0 = yi.sum(), yj.sum(), a.sum()
    delta = np.log((yi + a) / (ni + a0 - yi - a)) - np.log((yj + a) / (nj + a0 - yj - a))
    z = delta / np.sqrt(1 / (yi + a) + 1 / (yj + a))
    return delta, z


def self_name_terms(names: list[str], texts: list[str], tokenizer: Tokenizer, share: float = 0.5,
                    other_texts: list[str] = (), elsewhere: float = 0.25) -> set[str]:
    """The tokens that stand for a group's own name in its texts.

    A token of one of ``names`` counts when at least ``share`` of its uses in
    ``texts`` are inside the name itself ("fox" in "Fox News"), or when the
    other groups (``other_texts``) use it rarely (less than ``elsewhere`` of
    all its uses: "Examiner" on its own, "told Fox").  A common word that is
    part of a name ("Washington" in "Washington Examiner") is kept because
    everyone writes it.  Generic media words ("news", "daily") never count.
    """
    plain = Tokenizer(stop_words=(), numbers="drop")
    name_seqs = [s for s in (plain.tokens(n) for n in names if n) if s]
    candidates = {t for seq in name_seqs for t in seq if t.lower() not in GENERIC_NAME_WORDS}
    if not candidates:
        return set()
    total, inside = Counter(), Counter()
    for text in texts:
        for seg in plain.segments(text):
            toks = [t for t in seg if t is not None]
            covered = [False] * len(toks)
            for seq in name_seqs:
                n = len(seq)
                for i in range(len(toks) - n + 1):
                    if [t.lower() for t in toks[i:i + n]] == [s.lower() for s in seq]:
                        covered[i:i + n] = [True] * n
            for t, c in zip(toks, covered):
                if t in candidates:
                    total[t] += 1
                    inside[t] += c
    outside = Counter(t for text in other_texts for t in plain.tokens(text) if t in candidates)
    return {t.lower() for t in candidates
            if total[t] == 0 or inside[t] / total[t] >= share or outside[t] < elsewhere * (total[t] + outside[t])}


def distinctive_terms(texts: pd.Series, groups: pd.Series, *, tokenizer: Tokenizer | None = None,
                      ngram_range=(1, 2), min_count: int = 3, z: float | None = 1.96, prior_scale: float = 1.0,
                      top: int | None = 15, against: str | None = None,
                      exclude: dict[str, set[str]] | None = None) -> pd.DataFrame:
    """For each group against the others (or against the group ``against``): the terms with the highest z.

    ``texts`` and ``groups`` are aligned (one row per sentence or document).
    A term is listed when the group used it at least ``min_count`` times and
    its z clears ``z`` (None: no threshold).  ``exclude`` maps a group to
    tokens that may not appear in its terms (its own name).
    """
    tokenizer = tokenizer or Tokenizer(ngram_range=ngram_range)
    if tuple(tokenizer.ngram_range) != tuple(ngram_range):
        tokenizer = Tokenizer(tokenizer.stop_words, tokenizer.numbers, ngram_range, tokenizer.min_length)
    frame = pd.DataFrame({"text": texts.fillna("").astype(str).to_numpy(), "group": groups.astype(str).to_numpy()})
    names = sorted(frame["group"].unique())
    if len(names) < 2 or (against is not None and against not in names):
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    vec = CountVectorizer(analyzer=tokenizer, lowercase=False)
    try:
        X = vec.fit_transform(frame["text"].to_numpy())
    except ValueError:                    # no term at all survives
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    codes = pd.Categorical(frame["group"], categories=names).codes
    G = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(names), len(codes)))
    counts = np.asarray((G @ X).todense())
    vocab = vec.get_feature_names_out()
    total = counts.sum(axis=0)
    prior = prior_scale * total
    rows = []
    for k, group in enumerate(names):
        if against is not None and group == against:
            continue
        rest = counts[names.index(against)] if against is not None else total - counts[k]
        delta, zs = log_odds(counts[k], rest, prior)
        keep = counts[k] >= min_count
        if z is not None:
            keep &= zs >= z
        blocked = {t.lower() for t in (exclude or {}).get(group, set())}
        if blocked:
            keep &= np.array([not (term_words(term) & blocked) for term in vocab])
        part = pd.DataFrame({"group": group, "term": vocab[keep], "count": counts[k][keep], "count_rest": rest[keep],
                             "delta": delta[keep], "z": zs[keep]}).sort_values(["z", "term"], ascending=[False, True])
        rows.append(part.head(top) if top else part)
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=KEYNESS_COLUMNS)
    return out[KEYNESS_COLUMNS]


def group_terms(sentences: pd.DataFrame, articles: pd.DataFrame, by="source_label", top: int | None = 15, *,
                tokenizer: Tokenizer | None = None, against: str | None = None, names: dict[str, list[str]] | None = None,
                **kwargs) -> pd.DataFrame:
    """:func:`distinctive_terms` of each group's lead and body sentences (the articles passed count).

    ``names`` maps a group to its own names and aliases (the group label is
    always one); their self-name tokens are excluded.  Adds a ``note`` column
    per group saying when no term clears the threshold.
    """
    cols = group_columns(by)
    body = attach(sentences[sentences["position"].isin(PROSE)], articles, cols)
    groups = body[cols].astype(str).agg(" · ".join, axis=1) if len(cols) > 1 else body[cols[0]].astype(str)
    tok = tokenizer or Tokenizer()
    exclude = {}
    for g in groups.unique():
        own = [g, *((names or {}).get(g, []))]
        mine = groups == g
        exclude[g] = self_name_terms(own, body.loc[mine, "text"].tolist(), tok,
                                     other_texts=body.loc[~mine, "text"].tolist())
    out = distinctive_terms(body["text"], groups, tokenizer=tok, top=top, against=against, exclude=exclude, **kwargs)
    listed = set(out["group"])
    notes = {g: ("" if g in listed else "no term clears the threshold") for g in sorted(groups.unique())
             if g != against}
    empty = [{"group": g, "note": n} for g, n in notes.items() if n]
    out = out.assign(note="")
    if empty:
        out = pd.concat([out, pd.DataFrame(empty)], ignore_index=True)
    return out


__all__ = ["log_odds", "distinctive_terms", "group_terms", "self_name_terms"]
