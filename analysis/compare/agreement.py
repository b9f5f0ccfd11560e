"""Agreement with human coders: Krippendorff's alpha, precision, recall and F1 with intervals, misleading terms.

* :func:`alpha` — Krippendorff's alpha (the ``krippendorff`` package) for
  units × coders data at the nominal level (binary codes are nominal).
* :func:`prf` — precision, recall and F1 of a method against a reference,
  with 95% bootstrap intervals: articles are resampled when there are at
  least five (sentences of one article are not independent), else
  sentences.
* :func:`frame_agreement` — per frame: alpha between coders, alpha between
  each coder and a method (the dictionary or the classifier), and the
  method's precision, recall and F1 against the coders (their majority when
  several).
* :func:`term_table` — per dictionary term: how often it fires on coded
  sentences and how often the coders did not code its frame there, so a
  researcher sees which terms mislead.
* :class:`Agreement` — one validity figure as every report shows it: the
  measure, the part of the coding it was measured on (``held-out``,
  ``in-sample``, ``external``), n, alpha, accuracy and the majority-class
  baseline beside it, the sheet or dataset; :meth:`Agreement.clears` is the
  gate a measure must pass before a difference it shows is stated.
* :func:`binary_alpha_interval` — a 95% bootstrap interval of a present/absent
  alpha (articles resampled), and :func:`shortfall`, which says when a figure
  rests on too few coded units, or too few coded present or absent, to count:
  four positive sentences agreeing give alpha 1.00 by luck as easily as by
  skill.
"""
from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from .stats import CONFIDENCE, MIN_CLUSTERS, N_RESAMPLES
from .sentiment import labelled


def alpha(data, level: str = "nominal") -> float:
    """Krippendorff's alpha of ``data`` (coders × units; NaN where a coder did not code a unit).

    NaN when alpha is undefined (fewer than two coded pairs, or no variation at all).
    """
    import krippendorff

    arr = np.asarray(data, dtype=float)
    if arr.ndim != 2 or arr.shape[0] < 2:
        return float("nan")
    values = arr[~np.isnan(arr)]
    if len(np.unique(values)) < 2 or (~np.isnan(arr)).sum(axis=0).max() < 2:
        return float("nan")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(krippendorff.alpha(reliability_data=arr, level_of_measurement=level))


PARTS = ("held-out", "in-sample", "external")
MIN_UNITS = 50        # coded units a figure must rest on to count for the gate ([validity] min_units)
MIN_POSITIVES = 10    # units coded present, and as many coded absent, a frame's figure needs ([validity] min_positives)


def shortfall(n: int, positives: int = -1, *, min_units: int = MIN_UNITS, min_positives: int = MIN_POSITIVES,
              unit: str = "units") -> str:
    """Why a figure on ``n`` coded units (``positives`` of them coded present; -1 when the figure is not a
    present/absent one) is too small to count for the gate, in words; "" when it is large enough."""
    if n < min_units:
        return f"only {n} coded {unit}, fewer than the {min_units} needed"
    if positives >= 0 and min(positives, n - positives) < min_positives:
        which = "present" if positives < n - positives else "absent"
        return (f"only {min(positives, n - positives)} coded {unit} {which}, fewer than the {min_positives} needed "
                "on each side")
    return ""


@dataclass(frozen=True)
class Agreement:
    """One agreement figure of a measure with human coding.

    ``part``: ``held-out`` (coded text the measure was not written, revised
    or trained on: a sheet's test part, sentences written for a test),
    ``in-sample`` (text it was built with in view: flattering) or
    ``external`` (another corpus coded by others).  ``alpha``:
    Krippendorff's alpha (nominal) between the coder(s) and the measure;
    ``accuracy``: the share of units on which they agree; ``baseline``: the
    accuracy of always answering the coders' most frequent class
    (``baseline_class``).  ``source``: the sheet or dataset; ``note``: a
    caveat in words.
    """

    measure: str
    method: str
    part: str
    n: int
    alpha: float
    accuracy: float
    baseline: float
    baseline_class: str
    source: str
    unit: str = "units"
    note: str = ""
    alpha_low: float = float("nan")
    alpha_high: float = float("nan")
    positives: int = -1
    shortfall: str = ""

    def __post_init__(self):
        if self.part not in PARTS:
            raise ValueError(f"part must be one of {', '.join(PARTS)}, not {self.part!r}")

    def clears(self, min_alpha: float) -> bool:
        """Whether differences this measure shows may be stated: not an in-sample figure, resting on enough
        coded units (no :func:`shortfall`), alpha at least ``min_alpha``, and more accurate than always
        answering the majority class.  ``alpha_low`` and ``alpha_high`` (the 95% bootstrap interval) are shown
        beside alpha; ``positives`` is the number of units the coders coded present (-1: not a present/absent
        figure)."""
        return (self.part != "in-sample" and not self.shortfall and bool(np.isfinite(self.alpha))
                and self.alpha >= min_alpha and bool(np.isfinite(self.accuracy)) and self.accuracy > self.baseline)

    def as_dict(self) -> dict:
        return asdict(self)


def majority_baseline(truth) -> tuple[float, object]:
    """``(accuracy, class)`` of always answering the most frequent value of ``truth`` (ties: the smallest)."""
    values = pd.Series(np.asarray(truth)).dropna()
    if values.empty:
        return float("nan"), None
    counts = values.value_counts()
    top = sorted(counts[counts == counts.max()].index)[0]
    return float(counts.max() / len(values)), top


def binary_agreement(truth, predicted) -> dict:
    """``n``, ``alpha`` (nominal), ``accuracy``, ``baseline`` and ``baseline_class`` (``absent``/``present``) of
    0/1 codes of a method against 0/1 codes of a coder, unit by unit."""
    t = np.asarray(truth, dtype=float)
    p = np.asarray(predicted, dtype=float)
    base, majority = majority_baseline(t)
    return {"n": int(len(t)), "alpha": alpha(np.vstack([t, p])) if len(t) else float("nan"),
            "accuracy": float((t == p).mean()) if len(t) else float("nan"), "baseline": base,
            "baseline_class": {0: "absent", 1: "present"}.get(majority, "")}


def _scores(t: np.ndarray, p: np.ndarray) -> tuple[float, float, float]:
    tp = float((t & p).sum())
    fp = float((~t & p).sum())
    fn = float((t & ~p).sum())
    precision = tp / (tp + fp) if tp + fp else np.nan
    recall = tp / (tp + fn) if tp + fn else np.nan
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else np.nan
    return precision, recall, f1


def prf(y_true, y_pred, clusters=None, *, n_resamples: int = N_RESAMPLES, confidence: float = CONFIDENCE,
        seed: int = 0) -> dict:
    """Precision, recall and F1 of 0/1 predictions, each with a percentile bootstrap interval."""
    t = np.asarray(y_true).astype(bool)
    p = np.asarray(y_pred).astype(bool)
    precision, recall, f1 = _scores(t, p)
    out = {"precision": precision, "recall": recall, "f1": f1, "support": int(t.sum()), "predicted": int(p.sum()),
           "n": len(t)}
    rng = np.random.default_rng(seed)
    groups = np.asarray(clusters) if clusters is not None else None
    # a canonical order (pairs by value, articles by their counts): the scores depend on neither order nor ids,
    # so neither do the intervals, whatever the corpus format or file order
    order = np.lexsort((p, t))
    t, p = t[order], p[order]
    groups = groups[order] if groups is not None else None
    use_clusters = groups is not None and len(pd.unique(groups)) >= MIN_CLUSTERS
    if use_clusters:
        uniq, inverse = np.unique(groups, return_inverse=True)
        members = sorted((np.flatnonzero(inverse == k) for k in range(len(uniq))),
                         key=lambda m: (int((t[m] & p[m]).sum()), int((t[m] & ~p[m]).sum()),
                                        int((~t[m] & p[m]).sum()), len(m)))
    draws = []
    for _ in range(n_resamples):
        if use_clusters:
            idx = np.concatenate([members[k] for k in rng.integers(0, len(members), len(members))])
        else:
            idx = rng.integers(0, len(t), len(t))
        draws.append(_scores(t[idx], p[idx]))
    draws = np.array(draws, dtype=float)
    lo, hi = (1 - confidence) / 2 * 100, (1 + confidence) / 2 * 100
    for k, name in enumerate(("precision", "recall", "f1")):
        col = draws[:, k][~np.isnan(draws[:, k])]
        out[f"{name}_low"], out[f"{name}_high"] = (np.percentile(col, [lo, hi]) if len(col) else (np.nan, np.nan))
    out["ci_unit"] = "articles" if use_clusters else "sentences"
    return out


def _binary_alpha(n1: np.ndarray, d: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Krippendorff's nominal alpha of two rows of 0/1 codes from their counts: ``pairs`` units coded by both,
    ``d`` of them coded differently, ``n1`` ones among the 2 × ``pairs`` values (NaN without variation)."""
    total = 2.0 * pairs
    n0 = total - n1
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 1.0 - (total - 1.0) * d / (n0 * n1)
    return np.where((n0 > 0) & (n1 > 0), out, np.nan)


def binary_alpha_interval(coders: np.ndarray, method_codes: np.ndarray, clusters, *, seed: int = 0,
                          n_resamples: int = N_RESAMPLES, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """95% bootstrap interval of the mean over coders of alpha(coder, method) for 0/1 codes.

    ``coders``: coders × units (NaN where a coder did not code a unit); ``method_codes``: one 0/1 code per
    unit; ``clusters``: each unit's article.  Articles are resampled when there are at least ``MIN_CLUSTERS``,
    else units; articles are taken in a canonical order (by their counts), so the interval does not depend on
    their ids or order.  (NaN, NaN) when no resample gives a defined alpha.
    """
    coders = np.atleast_2d(np.asarray(coders, dtype=float))
    m = np.asarray(method_codes, dtype=float)
    groups = np.asarray(clusters)
    if len(pd.unique(groups)) < MIN_CLUSTERS:
        groups = np.arange(len(m))
    uniq, inverse = np.unique(groups, return_inverse=True)
    stats_ = []                                     # per coder: pairs, disagreements and ones per cluster
    for row in coders:
        ok = ~np.isnan(row)
        pairs = np.bincount(inverse[ok], minlength=len(uniq)).astype(float)
        d = np.bincount(inverse[ok], weights=(row[ok] != m[ok]).astype(float), minlength=len(uniq))
        n1 = np.bincount(inverse[ok], weights=row[ok] + m[ok], minlength=len(uniq))
        stats_.append(np.vstack([pairs, d, n1]))
    per_cluster = np.vstack(stats_)                 # (3 × coders) × clusters
    per_cluster = per_cluster[:, np.lexsort(per_cluster[::-1])]
    rng = np.random.default_rng(seed)
    k = per_cluster.shape[1]
    weights = np.stack([np.bincount(rng.integers(0, k, k), minlength=k) for _ in range(n_resamples)]).astype(float)
    sums = weights @ per_cluster.T                  # resamples × (3 × coders)
    alphas = np.stack([_binary_alpha(sums[:, 3 * i + 2], sums[:, 3 * i + 1], sums[:, 3 * i])
                       for i in range(len(coders))], axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        draws = np.nanmean(alphas, axis=1)
    draws = draws[~np.isnan(draws)]
    if not len(draws):
        return float("nan"), float("nan")
    lo, hi = np.percentile(draws, [(1 - confidence) / 2 * 100, (1 + confidence) / 2 * 100])
    return float(lo), float(hi)


def frame_agreement(coded: pd.DataFrame, predicted: pd.DataFrame, frames: list[str], *, method: str = "dictionary",
                    seed: int = 0) -> pd.DataFrame:
    """Per frame: agreement between coders and between the coders and a method.

    ``coded``: long table of coders' sheets (``unit_id``, ``article_id``,
    ``coder`` and one 0/1 column per frame).  ``predicted``: one row per
    coded unit (``unit_id`` and one 0/1 column per frame) from the method.
    The reference for precision, recall and F1 is the coder's code, or with
    several coders their majority (ties count as 1).  ``alpha_method_low`` and ``alpha_method_high`` are the
    95% bootstrap interval of ``alpha_method`` (:func:`binary_alpha_interval`); ``positives`` counts the
    units whose reference is 1 (coded present).
    """
    coders = sorted(coded["coder"].unique())
    units = sorted(coded["unit_id"].unique())
    pred = predicted.set_index("unit_id").reindex(units)
    article = coded.drop_duplicates("unit_id").set_index("unit_id")["article_id"].reindex(units)
    rows = []
    for f in frames:
        wide = coded.pivot_table(index="unit_id", columns="coder", values=f, aggfunc="first").reindex(units)
        matrix = wide[coders].T.to_numpy(dtype=float)
        reference = (np.nanmean(matrix, axis=0) >= 0.5).astype(int)
        method_codes = pred[f].fillna(0).astype(int).to_numpy()
        row = {"frame": f, "method": method, "coders": len(coders), "units": len(units),
               "alpha_coders": alpha(matrix) if len(coders) > 1 else np.nan}
        per_coder = [alpha(np.vstack([matrix[i], method_codes])) for i in range(len(coders))]
        row["alpha_method"] = float(np.nanmean(per_coder)) if per_coder and not np.all(np.isnan(per_coder)) else np.nan
        row["alpha_method_low"], row["alpha_method_high"] = (
            binary_alpha_interval(matrix, method_codes, article.to_numpy(), seed=seed) if len(units)
            else (np.nan, np.nan))
        row["positives"] = int(reference.sum())
        row.update(prf(reference, method_codes, article.to_numpy(), seed=seed))
        row["accuracy"] = float((reference == method_codes).mean()) if len(units) else np.nan
        row["baseline"], majority = majority_baseline(reference)
        row["baseline_class"] = {0: "absent", 1: "present"}.get(majority, "")
        rows.append(row)
    return pd.DataFrame(rows)


TERM_COLUMNS = ["frame", "label", "term", "fires", "false_alarms", "precision", "example"]   # term_table's


def term_table(matches: pd.DataFrame, coded: pd.DataFrame, frames: list[str],
               labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Per dictionary term, on the coded sentences: ``fires`` (sentences it matches), ``false_alarms`` (of those,
    sentences the coders did not code for its frame), ``precision``; worst first.  ``label``: the frame's label in
    ``labels`` (its id without one)."""
    ref = coded.groupby(["article_id", "sentence_id"])[frames].mean().ge(0.5).astype(int).reset_index()
    m = matches[matches["frame"].isin(frames)].drop_duplicates(["article_id", "sentence_id", "frame", "term"])
    m = m.merge(ref, on=["article_id", "sentence_id"], how="inner")
    if m.empty:
        return pd.DataFrame(columns=TERM_COLUMNS)
    m["coded"] = [row[f] for row, f in zip(m[frames].to_dict("records"), m["frame"])]
    table = m.groupby(["frame", "term"]).agg(fires=("coded", "size"), true=("coded", "sum"),
                                             example=("matched", "first")).reset_index()
    table["false_alarms"] = table["fires"] - table["true"]
    table["precision"] = table["true"] / table["fires"]
    table["label"] = labelled(table["frame"], labels)
    return (table.sort_values(["false_alarms", "precision"], ascending=[False, True])
            [TERM_COLUMNS].reset_index(drop=True))


def wide_predictions(matches: pd.DataFrame, units: pd.DataFrame, frames: list[str]) -> pd.DataFrame:
    """0/1 per frame for each unit (``units``: ``unit_id``, ``article_id``, ``sentence_id``) from a matches table."""
    hit = matches[matches["frame"].isin(frames)][["article_id", "sentence_id", "frame"]].drop_duplicates()
    hit = hit.assign(v=1).pivot_table(index=["article_id", "sentence_id"], columns="frame", values="v", fill_value=0)
    out = units[["unit_id", "article_id", "sentence_id"]].drop_duplicates("unit_id").merge(
        hit.reset_index(), on=["article_id", "sentence_id"], how="left")
    for f in frames:
        out[f] = out[f].fillna(0).astype(int) if f in out else 0
    return out[["unit_id", *frames]]


def prune_terms(matches: pd.DataFrame, coded: pd.DataFrame, frames: list[str], min_precision: float = 0.5,
                min_fires: int = 2):
    """A filter for ``frame_matches`` that drops the terms that mislead on the coded sentences given.

    A term is dropped when it fires on at least ``min_fires`` coded sentences
    and fewer than ``min_precision`` of them were coded for its frame.
    Fitted on some articles and applied to others, it can be
    cross-validated by article.
    """
    table = term_table(matches, coded, frames)
    bad = table[(table["fires"] >= min_fires) & (table["precision"] < min_precision)]
    dropped = set(zip(bad["frame"], bad["term"]))

    def keep(m: pd.DataFrame) -> pd.DataFrame:
        if not dropped:
            return m
        mask = [(f, t) not in dropped for f, t in zip(m["frame"], m["term"])]
        return m[mask]

    keep.dropped = sorted(dropped)
    return keep


_SPEAKER_STOP = frozenset("the a an of and other many some his her their its s mr ms mrs dr prime minister "
                          "president".split())


def _speaker_words(name: str) -> set[str]:
    words = str(name).lower().replace("’", "'").replace("u.s.", "us").replace("'s", "")
    words = [w.removeprefix("al-").strip(".,'") for w in words.replace("-", " - ").split()]
    return {w for w in words if w and w not in _SPEAKER_STOP and w != "-"}


def _same_speaker(coded: tuple, predicted: tuple) -> bool:
    """Same speaker: a shared content word of the names, or the same (known) actor."""
    (c_name, c_actor), (p_name, p_actor) = coded, predicted
    if c_actor and p_actor and c_actor == p_actor:
        return True
    return bool(_speaker_words(c_name) & _speaker_words(p_name))


def quote_agreement(coded: pd.DataFrame, quotes: pd.DataFrame, *, seed: int = 0) -> dict:
    """Recall and precision of the quotes table against a hand-coded sheet, strict and lenient.

    ``coded``: ``article_id``, ``sentence_id``, ``kind`` (``direct``,
    ``reported`` or ``none``), ``speaker``, ``actor`` (one row per coded
    statement; ``none`` rows list the sentences read and found to hold no
    statement).  ``quotes``: the quotes table.  Units are (sentence, kind,
    speaker): the extractor's rows are de-duplicated on them.  *Strict*
    counts a unit found when the sentence, the kind and the speaker agree
    (a shared name word, or the same actor); *lenient* only sentence and
    kind.  Only sentences of the coded articles count.  Intervals resample
    articles (see :func:`prf`).
    """
    units = coded[coded["kind"] != "none"]
    arts = set(coded["article_id"])
    pred = quotes[quotes["article_id"].isin(arts)].assign(kind=lambda d: np.where(d["direct"], "direct", "reported"))
    pred = pred.drop_duplicates(["article_id", "sentence_id", "kind", "speaker"])
    out = {}
    for mode in ("strict", "lenient"):
        t, p, cl = [], [], []
        used = set()
        for key, part in units.groupby(["article_id", "sentence_id", "kind"]):
            cands = pred[(pred["article_id"] == key[0]) & (pred["sentence_id"] == key[1]) & (pred["kind"] == key[2])]
            for c_name, c_actor in zip(part["speaker"], part["actor"]):
                hit = next((i for i, n, a in zip(cands.index, cands["speaker"], cands["actor"]) if i not in used
                            and (mode == "lenient" or _same_speaker((c_name, c_actor), (n, a or "")))), None)
                t.append(1)
                p.append(int(hit is not None))
                cl.append(key[0])
                if hit is not None:
                    used.add(hit)
        for i, art in zip(pred.index, pred["article_id"]):
            if i not in used:
                if mode == "lenient" and ((units["article_id"] == art) & (units["sentence_id"] == pred.at[i, "sentence_id"])
                                          & (units["kind"] == pred.at[i, "kind"])).any():
                    continue          # a second speaker found in a sentence already credited
                t.append(0)
                p.append(1)
                cl.append(art)
        out[mode] = prf(t, p, cl, seed=seed)
    out["coded"] = int(len(units))
    out["found"] = int(len(pred))
    return out


STANCE_VALUES = {"negative": -1, "neutral": 0, "positive": 1}


def stance_agreement(coded: pd.DataFrame, mentions: pd.DataFrame, *, column: str = "stance", seed: int = 0) -> dict:
    """Agreement of the actor-mentions table's stance with a hand-coded sheet.

    ``coded``: ``article_id``, ``sentence_id``, ``start``, ``end``,
    ``stance`` (negative / neutral / positive), one row per coded mention.
    ``mentions``: the ``actor_mentions`` table; ``column`` names its stance
    column (``stance`` after the role rules; pass a column of labels made
    from ``score_model`` to measure the classifier alone).  Mentions are
    matched by sentence and overlapping span; coded mentions the measure did
    not find count as disagreements (coded against "missing").  Returns
    Krippendorff's alpha (nominal and ordinal), accuracy with a 95%
    bootstrap interval over articles, macro-F1, the accuracy of always
    answering the coder's most frequent stance (``baseline``,
    ``baseline_class``), and the counts.
    """
    from sklearn.metrics import f1_score

    found = {}
    for art, sid, a, b, v in zip(mentions["article_id"], mentions["sentence_id"], mentions["start"],
                                 mentions["end"], mentions[column]):
        found.setdefault((art, int(sid)), []).append((int(a), int(b), v))
    truth, pred, arts = [], [], []
    for art, sid, a, b, v in zip(coded["article_id"], coded["sentence_id"], coded["start"].astype(int),
                                 coded["end"].astype(int), coded["stance"]):
        hit = next((p for s, e, p in found.get((art, int(sid)), []) if s < b and a < e), None)
        truth.append(STANCE_VALUES[v])
        pred.append(STANCE_VALUES.get(hit, np.nan) if hit is not None else np.nan)
        arts.append(art)
    t, p = np.array(truth, dtype=float), np.array(pred, dtype=float)
    correct = (t == p).astype(float)
    out = {"n": len(t), "matched": int((~np.isnan(p)).sum()),
           "alpha_nominal": alpha(np.vstack([t, p]), "nominal"), "alpha_ordinal": alpha(np.vstack([t, p]), "ordinal"),
           "accuracy": float(correct.mean()) if len(t) else np.nan,
           # a stance no one coded or found scores 0: sklearn's default, said so that it does not warn
           "macro_f1": float(f1_score(t, np.nan_to_num(p, nan=9), labels=[-1, 0, 1], average="macro",
                                      zero_division=0)) if len(t) else np.nan,
           "baseline": majority_baseline(t)[0],
           "baseline_class": {v: k for k, v in STANCE_VALUES.items()}.get(majority_baseline(t)[1], ""),
           "coded_counts": {k: int((t == v).sum()) for k, v in STANCE_VALUES.items()},
           "predicted_counts": {k: int((p == v).sum()) for k, v in STANCE_VALUES.items()}}
    rng = np.random.default_rng(seed)
    groups = np.array(arts)
    uniq = np.unique(groups)
    if len(uniq) >= MIN_CLUSTERS:
        # articles in a canonical order (by their counts), not by id: the interval does not depend on the ids
        members = sorted((np.flatnonzero(groups == g) for g in uniq), key=lambda m: (correct[m].sum(), len(m)))
        draws = [correct[np.concatenate([members[k] for k in rng.integers(0, len(members), len(members))])].mean()
                 for _ in range(N_RESAMPLES)]
        out["accuracy_low"], out["accuracy_high"] = (float(x) for x in np.percentile(
            draws, [(1 - CONFIDENCE) / 2 * 100, (1 + CONFIDENCE) / 2 * 100]))
        out["ci_unit"] = "articles"
    return out
