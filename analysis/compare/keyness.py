"""Distinctive terms: a term-by-group count matrix built once, scored by a pluggable scorer, with a threshold.

The scorers (:data:`SCORERS`, chosen by name with the setting
``terms.scorer``) each take the counts of one group and of its comparison over
the vocabulary and give an effect (``delta``) and a signed score on the scale
of a standard normal (``z``), so one threshold (``terms.z``, 1.96) serves all:

* ``log_odds`` (default): log-odds ratios with an informative Dirichlet prior;
* ``chi2``: Pearson's chi-square of the 2 × 2 table (this term or another, this
  group or the comparison), as the signed square root (a chi-square of one
  degree of freedom is a squared z), with the log ratio of the two rates
  (0.5 added to each count) as ``delta``.

A new scorer is a function ``(counts_i, counts_j, prior) -> (delta, z)``
registered with :func:`scorer` (with a few words saying what it computes, for
report prose: :data:`SCORER_DESCRIPTIONS`); its name must also be added to the
choices of ``terms.scorer`` in :mod:`analysis.settings` (a test checks they
agree).

Log-odds: Monroe, Colaresi & Quinn (2008), "Fightin' Words", section 3.5: for term w,
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
none gets no rows and :func:`group_terms` says so in its ``note``.  No
outlet's name counts as a distinctive term: neither a group's own name and
aliases ("Fox News", "told Fox"; see :func:`self_name_terms`) nor those of
the other groups and their outlets ("CNN reported" in another outlet).
A word is one term whatever its case ("COVID-19", "covid-19"), shown as it is
most often written (:func:`fold_case`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from ..corpus.tokens import Tokenizer, term_words
from ..errors import SettingsError, check_choice, with_choices
from ..schema import KEYNESS_COLUMNS, PROSE
from .groups import attach, group_columns

GENERIC_NAME_WORDS = frozenset("news daily times post today herald journal tribune press online media network "
                               "world international national the of and unknown outlet relays file".split())


Scorer = Callable[[np.ndarray, np.ndarray, np.ndarray], "tuple[np.ndarray, np.ndarray]"]
SCORERS: dict[str, Scorer] = {}
SCORER_DESCRIPTIONS: dict[str, str] = {}


def scorer(name: str, description: str) -> Callable[[Scorer], Scorer]:
    """Register a scorer under ``name``: ``(counts_i, counts_j, prior) -> (delta, z)``, over one vocabulary
    (``prior``: the whole corpus's counts times ``prior_scale``; a scorer without a prior ignores it);
    ``description``: what it computes, in a few words for a report."""
    def register(fn: Scorer) -> Scorer:
        SCORERS[name] = fn
        SCORER_DESCRIPTIONS[name] = description
        return fn
    return register


def get_scorer(name: str) -> Scorer:
    """The scorer registered as ``name``; an unknown name is a :class:`SettingsError` naming the valid ones."""
    if name not in SCORERS:
        raise SettingsError(f"terms.scorer is {name!r}" + with_choices(name, SCORERS))
    return SCORERS[name]


@scorer("log_odds", "log-odds ratio with an informative Dirichlet prior")
def log_odds(counts_i: np.ndarray, counts_j: np.ndarray, prior: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """δ and z of group i against group j for count vectors over the same vocabulary."""
    yi, yj, a = (np.asarray(v, dtype=float) for v in (counts_i, counts_j, prior))
    ni, nj, a0 = yi.sum(), yj.sum(), a.sum()
    delta = np.log((yi + a) / (ni + a0 - yi - a)) - np.log((yj + a) / (nj + a0 - yj - a))
    z = delta / np.sqrt(1 / (yi + a) + 1 / (yj + a))
    return delta, z


@scorer("chi2", "signed square root of Pearson's chi-square")
def chi2(counts_i: np.ndarray, counts_j: np.ndarray, prior: np.ndarray | None = None
         ) -> tuple[np.ndarray, np.ndarray]:
    """The log ratio of the term's rates in i and j (0.5 added to each count) and the signed square root of
    Pearson's chi-square of the 2 × 2 table (the term or another, i or j); no prior."""
    a, c = (np.asarray(v, dtype=float) for v in (counts_i, counts_j))
    ni, nj = a.sum(), c.sum()
    b, d = ni - a, nj - c
    n = ni + nj
    expected = (a + b) * (c + d) * (a + c) * (b + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = np.where(expected > 0, n * (a * d - b * c) ** 2 / expected, 0.0)
    delta = np.log((a + 0.5) / (ni + 0.5)) - np.log((c + 0.5) / (nj + 0.5))
    return delta, np.sign(a * d - b * c) * np.sqrt(stat)


@dataclass(frozen=True)
class TermCounts:
    """How often each group used each term: ``counts`` (groups × terms), ``groups`` and ``vocab`` in order."""

    groups: list[str]
    vocab: np.ndarray
    counts: np.ndarray

    @property
    def empty(self) -> bool:
        return len(self.groups) < 2 or not len(self.vocab)


def count_terms(texts: pd.Series, groups: pd.Series, tokenizer: Tokenizer) -> TermCounts:
    """The term-by-group count matrix of ``texts`` (aligned with ``groups``), with the tokenizer's terms."""
    frame = pd.DataFrame({"text": texts.fillna("").astype(str).to_numpy(), "group": groups.astype(str).to_numpy()})
    names = sorted(frame["group"].unique())
    if len(names) < 2:
        return TermCounts(names, np.array([], dtype=object), np.zeros((len(names), 0)))
    vec = CountVectorizer(analyzer=tokenizer, lowercase=False)
    try:
        X = vec.fit_transform(frame["text"].to_numpy())
    except ValueError:                    # no term at all survives
        return TermCounts(names, np.array([], dtype=object), np.zeros((len(names), 0)))
    codes = pd.Categorical(frame["group"], categories=names).codes
    G = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(names), len(codes)))
    vocab, counts = fold_case(vec.get_feature_names_out(), np.asarray((G @ X).todense()))
    return TermCounts(names, vocab, counts)


def fold_case(vocab: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One term per word whatever its case: the columns of ``counts`` (groups × ``vocab``) whose terms are alike
    in lower case ("COVID-19", "covid-19") summed into one, shown in its most frequent written form (the first
    in sorted order on a tie).  The tokenizer keeps an acronym's capitals so that "US" survives where "us" is a
    stop word; for counting a word, its case is no difference.  Returns the vocabulary (sorted) and counts."""
    keys = pd.Series(vocab).str.lower()
    if not keys.duplicated().any():
        return vocab, counts
    uses = counts.sum(axis=0)
    order = sorted(range(len(vocab)), key=lambda i: (keys[i], -uses[i], vocab[i]))
    shown = {}
    for i in order:
        shown.setdefault(keys[i], vocab[i])
    codes, uniques = pd.factorize(keys.map(shown))
    merge = sparse.csr_matrix((np.ones(len(codes)), (np.arange(len(codes)), codes)), shape=(len(codes), len(uniques)))
    merged = (sparse.csr_matrix(counts) @ merge).toarray()
    rank = np.argsort(np.asarray(uniques, dtype=object).astype(str), kind="stable")
    return np.asarray(uniques, dtype=object)[rank], merged[:, rank]


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
                      exclude: dict[str, set[str]] | None = None, scorer: str = "log_odds") -> pd.DataFrame:
    """For each group against the others (or against the group ``against``): the terms with the highest z.

    ``texts`` and ``groups`` are aligned (one row per sentence or document).
    A term is listed when the group used it at least ``min_count`` times and
    its z clears ``z`` (None: no threshold).  ``exclude`` maps a group to
    tokens that may not appear in its terms (its own name).  ``scorer``: a
    name in :data:`SCORERS`.
    """
    tokenizer = tokenizer or Tokenizer(ngram_range=ngram_range)
    if tuple(tokenizer.ngram_range) != tuple(ngram_range):
        tokenizer = Tokenizer(tokenizer.stop_words, tokenizer.numbers, ngram_range, tokenizer.min_length)
    return score_terms(count_terms(texts, groups, tokenizer), min_count=min_count, z=z, prior_scale=prior_scale,
                       top=top, against=against, exclude=exclude, scorer=scorer)


def score_terms(tc: TermCounts, *, min_count: int = 3, z: float | None = 1.96, prior_scale: float = 1.0,
                top: int | None = 15, against: str | None = None, exclude: dict[str, set[str]] | None = None,
                scorer: str = "log_odds") -> pd.DataFrame:
    """:func:`distinctive_terms` on counts already made (:func:`count_terms`): each group's terms scored by
    ``scorer`` against the rest (or against the group ``against``)."""
    score = get_scorer(scorer)
    names, vocab, counts = tc.groups, tc.vocab, tc.counts
    if against is not None:
        check_choice("against", against, names, "a group of these articles", list_all=False)
    if tc.empty:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    total = counts.sum(axis=0)
    prior = prior_scale * total
    rows = []
    for k, group in enumerate(names):
        if against is not None and group == against:
            continue
        rest = counts[names.index(against)] if against is not None else total - counts[k]
        delta, zs = score(counts[k], rest, prior)
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


@dataclass(frozen=True)
class GroupTerms:
    """What :func:`group_terms` scores, counted once: the term counts of each group's lead and body sentences and
    each group's own-name tokens (never its distinctive terms)."""

    counts: TermCounts
    exclude: dict[str, set[str]]


def count_group_terms(sentences: pd.DataFrame, articles: pd.DataFrame, by="source_label", *,
                      tokenizer: Tokenizer | None = None, names: dict[str, list[str]] | None = None,
                      ngram_range=(1, 2)) -> GroupTerms:
    """The term counts of each group's lead and body sentences (the articles passed count), with the tokens no
    group's terms may hold: every group's self-name tokens (``names`` maps a group to its own names and aliases,
    the outlets in it; the group label is always one), so that neither a group's own name nor another outlet's
    or group's counts as its distinctive term."""
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
    # another outlet's name ("CNN reported") or another group's label is no word of a group either
    every_name = set().union(*exclude.values())
    exclude = {g: every_name for g in exclude}
    if tuple(tok.ngram_range) != tuple(ngram_range):
        tok = Tokenizer(tok.stop_words, tok.numbers, ngram_range, tok.min_length)
    return GroupTerms(count_terms(body["text"], groups, tok), exclude)


def group_terms(sentences: pd.DataFrame, articles: pd.DataFrame, by="source_label", top: int | None = 15, *,
                tokenizer: Tokenizer | None = None, against: str | None = None, names: dict[str, list[str]] | None = None,
                ngram_range=(1, 2), counted: GroupTerms | None = None, **kwargs) -> pd.DataFrame:
    """:func:`distinctive_terms` of each group's lead and body sentences (the articles passed count).

    ``names`` maps a group to its own names and aliases (the group label is
    always one); their self-name tokens are excluded.  ``counted``: the
    counts :func:`count_group_terms` made for these arguments, to score them
    again without counting (``tokenizer``, ``names`` and ``ngram_range`` are
    then not used).  ``kwargs`` go to :func:`score_terms` (``min_count``,
    ``z``, ``scorer``...).  Adds a ``note`` column per group saying when no
    term clears the threshold.
    """
    counted = counted or count_group_terms(sentences, articles, by, tokenizer=tokenizer, names=names,
                                           ngram_range=ngram_range)
    out = score_terms(counted.counts, top=top, against=against, exclude=counted.exclude, **kwargs)
    listed = set(out["group"])
    notes = {g: ("" if g in listed else "no term clears the threshold") for g in counted.counts.groups
             if g != against}
    empty = [{"group": g, "note": n} for g, n in notes.items() if n]
    out = out.assign(note="")
    if empty:
        out = pd.concat([out, pd.DataFrame(empty)], ignore_index=True)
    return out


__all__ = ["SCORERS", "SCORER_DESCRIPTIONS", "GroupTerms", "TermCounts", "chi2", "count_group_terms", "count_terms", "distinctive_terms",
           "get_scorer", "group_terms", "log_odds", "score_terms", "scorer", "self_name_terms"]
