"""A study's measures against its own coded sheets: per-frame agreement, stance agreement, every figure in one
table, and how well the lexicons fit the corpus.

Each function takes tables (coded rows with their ``part``, a measure's rows,
the sentences) and returns tables or :class:`~analysis.compare.agreement.Agreement`
records; :class:`~analysis.reporting.study.Study` fills in the study's
sheets, lexicon and settings.  Which part a figure counts as follows one
rule (:func:`part_label`): the test part is held-out unless the method was
written with it in view (``[validity] test_part_seen``, dictionaries only);
a classifier never sees the part it is scored on.
"""
from __future__ import annotations

import pandas as pd

from ..errors import check_choice
from ..schema import PROSE
from ..settings import CHOICES
from .agreement import (MIN_POSITIVES, MIN_UNITS, Agreement, frame_agreement, shortfall, stance_agreement,
                        wide_predictions)

FIT_MIN_FRAME_SHARE = 0.02      # a frame evoked by fewer sentences than this barely fits the corpus
FIT_MAX_UNMATCHED = 0.7         # more sentences than this evoking no frame of the study's lexicon
FIT_MIN_ACTOR_SHARE = 0.10      # fewer sentences than this mentioning any actor
# frame_validity's table: frame_agreement's columns (its prf interval columns included) with label and part
FRAME_VALIDITY_COLUMNS = ["frame", "label", "method", "part", "coders", "units", "alpha_coders", "alpha_method",
                          "alpha_method_low", "alpha_method_high", "positives", "precision", "recall", "f1", "support",
                          "predicted", "n", "precision_low", "precision_high", "recall_low", "recall_high", "f1_low",
                          "f1_high", "ci_unit", "accuracy", "baseline", "baseline_class"]
VALIDITY_COLUMNS = ["measure", "method", "part", "n", "positives", "alpha", "alpha_low", "alpha_high", "accuracy",
                    "baseline", "baseline_class", "source", "unit", "note"]


CODED_PARTS = ("development", "test")      # the parts a coded sheet is split into (by article)


def part_label(part: str, test_part_seen: bool) -> str:
    """``"held-out"`` or ``"in-sample"`` for a figure measured on ``part`` (``"test"`` or ``"development"``).

    The classifier never sees the test part, but its features include the lexicon's matches: a lexicon written
    with the test part in view (``test_part_seen``) flatters both methods there, and the development part is
    what the lexicon is revised with (and the bundled model trained on)."""
    return "held-out" if part == "test" and not test_part_seen else "in-sample"


def parts_label(parts, test_part_seen: bool) -> str:
    """:func:`part_label` of a figure counted over several parts (the coded articles of both parts): held-out
    only when every one of them is."""
    labels = {part_label(p, test_part_seen) for p in parts}
    return "held-out" if labels == {"held-out"} else "in-sample"


def frame_validity(coded: pd.DataFrame, matches: pd.DataFrame, sentences: pd.DataFrame, frames: list[str], *,
                   method: str = "dictionary", part: str = "test", seed: int = 0, test_part_seen: bool = False,
                   labels: dict[str, str] | None = None, model=None, lexicon: str | None = None) -> pd.DataFrame:
    """Agreement of a frame method with coded sentences, per frame, on one ``part`` of the coding.

    ``coded``: every coder's rows (``unit_id``, ``article_id``, ``sentence_id``, ``part``, ``coder``, one 0/1
    column per frame); ``matches``: the dictionary's matches for the study's own lexicon.  The dictionary is
    scored on the coded sentences as they are; the classifier is ``model`` (a fitted
    :class:`~analysis.measures.frame_model.FrameClassifier`, the bundled model of a bundled lexicon, trained on
    development parts only) when given, else one trained on the development part (with ``lexicon``'s match
    counts among its features) and scored on the test part, or on the development part by cross-validation by
    article.  Returns :func:`~analysis.compare.agreement.frame_agreement`'s table with ``label`` and ``part``
    inserted; an empty table when the part holds no sentence.
    """
    from ..measures.frame_model import FrameClassifier, cross_validate

    check_choice("method", method, CHOICES["compare", "frames_method"], "a frames method")
    check_choice("part", part, CODED_PARTS, "a part of the coded sheets")
    scored = coded[coded["part"] == part]
    if scored.empty:
        return pd.DataFrame(columns=FRAME_VALIDITY_COLUMNS)
    if method == "dictionary":
        pred = wide_predictions(matches, scored, frames)
    else:
        wide = coded.groupby(["unit_id", "article_id", "sentence_id", "part"])[frames].mean().ge(0.5)
        table = wide.astype(int).reset_index().merge(sentences[["article_id", "sentence_id", "text"]],
                                                     on=["article_id", "sentence_id"])
        dev, test = table[table["part"] == "development"], table[table["part"] == part]
        fresh = FrameClassifier(lexicon=lexicon, random_state=seed)
        if model is not None:
            oof = model.predict(test["text"])
        elif part == "development":
            oof = cross_validate(fresh, dev["text"], dev[frames], dev["article_id"])
        else:
            oof = fresh.fit(dev["text"], dev[frames]).predict(test["text"])
        pred = pd.concat([test[["unit_id"]].reset_index(drop=True), oof.reset_index(drop=True)], axis=1)
    out = frame_agreement(scored, pred, frames, method=method, seed=seed)
    out.insert(1, "label", out["frame"].map(labels or {}).fillna(out["frame"]))
    out.insert(3, "part", part_label(part, test_part_seen))
    return out


def frame_records(table: pd.DataFrame | None, lexicon: str, method: str, sheets: str, *, min_units: int = MIN_UNITS,
                  min_positives: int = MIN_POSITIVES) -> dict[str, list[Agreement]]:
    """The rows of :func:`frame_validity` on the test part as agreement records, by frame, with their alpha
    interval and, when the part holds fewer than ``min_units`` coded sentences or fewer than ``min_positives``
    coded present (or absent), the :func:`~analysis.compare.agreement.shortfall` that keeps them from counting."""
    if table is None or table.empty:
        return {}
    return {r.frame: [Agreement(measure=f"frames/{lexicon}/{r.frame}", method=method, part=r.part,
                                n=int(r.units), alpha=float(r.alpha_method), accuracy=float(r.accuracy),
                                baseline=float(r.baseline), baseline_class=r.baseline_class,
                                source=f"{sheets} (test part)", unit="sentences",
                                alpha_low=float(r.alpha_method_low), alpha_high=float(r.alpha_method_high),
                                positives=int(r.positives),
                                shortfall=shortfall(int(r.units), int(r.positives), min_units=min_units,
                                                    min_positives=min_positives, unit="sentences"))]
            for r in table.itertuples()}


def coded_matches(coded: pd.DataFrame, frames: list[str], lexicon: str) -> pd.DataFrame:
    """The coders' frames (their majority per sentence) as rows shaped like ``frame_matches``, so any frame
    table can be computed from the hand coding itself."""
    majority = coded.groupby(["article_id", "sentence_id"])[frames].mean().ge(0.5).reset_index()
    long = majority.melt(id_vars=["article_id", "sentence_id"], var_name="frame", value_name="on")
    long = long[long["on"]]
    return pd.DataFrame({"article_id": long["article_id"], "sentence_id": long["sentence_id"],
                         "frame": long["frame"], "term": "(coder)", "lexicon": lexicon, "matched": "",
                         "start": 0, "end": 0, "kind": "coder"}).reset_index(drop=True)


def stance_validity(coded: pd.DataFrame | None, mentions: pd.DataFrame, *, part: str = "test",
                    test_part_seen: bool = False, min_units: int = MIN_UNITS) -> Agreement | None:
    """Agreement of the actor mentions' stance (three classes) with the coded mentions of one part (rows with
    ``sheet``), matched by sentence and span; None when nothing is coded in that part.  A measure that gives
    only a score is read by its sign (within ±0.05: neutral).  Fewer than ``min_units`` coded mentions: the
    figure is shown but does not count (its ``shortfall`` says why)."""
    if coded is None or coded.empty:
        return None
    column = "stance" if "stance" in mentions else None
    if column is None:
        mentions = mentions.assign(_stance=pd.cut(mentions["score"], [-2, -0.05, 0.05, 2],
                                                  labels=["negative", "neutral", "positive"]).astype(str))
        column = "_stance"
    r = stance_agreement(coded, mentions, column=column)
    return Agreement(measure="stance", method="actor_mentions", part=part_label(part, test_part_seen),
                     n=r["n"], alpha=r["alpha_nominal"], accuracy=r["accuracy"], baseline=r["baseline"],
                     baseline_class=r["baseline_class"], source=", ".join(sorted(set(coded["sheet"]))) +
                     f" ({part} part)", unit="mentions",
                     shortfall=shortfall(r["n"], min_units=min_units, unit="mentions"))


def validity_table(stance: dict[str, Agreement | None], frames: dict[str, pd.DataFrame | None], *, lexicon: str,
                   sheets: str, min_alpha: float, min_units: int = MIN_UNITS,
                   min_positives: int = MIN_POSITIVES, elsewhere: tuple[Agreement, ...] = ()) -> pd.DataFrame:
    """Every agreement figure in one table (columns :data:`VALIDITY_COLUMNS` and ``clears``), from the stance
    records and the dictionary's :func:`frame_validity` tables by part (``"test"``, ``"development"``), then the
    ``elsewhere`` records (figures measured on another corpus that a study without its own sheet relies on;
    their ``note`` says so).  A figure clears the gate when it is not in-sample, rests on enough coded units
    (``min_units``; a frame's also on ``min_positives`` coded present and as many absent: ``note`` says when
    not), reaches ``min_alpha`` and beats the majority baseline.  ``alpha_low`` and ``alpha_high``: alpha's 95%
    bootstrap interval (articles resampled; frames only); ``positives``: sentences coded present (-1 for
    stance)."""
    rows, short = [], []
    for part in ("test", "development"):
        if stance.get(part) is not None:
            r = stance[part]
            rows.append({k: v for k, v in r.as_dict().items() if k in VALIDITY_COLUMNS}
                        | {"note": r.shortfall or r.note})
            short.append(bool(r.shortfall))
        table = frames.get(part)
        if table is not None:
            for x in table.itertuples():
                why = shortfall(int(x.units), int(x.positives), min_units=min_units, min_positives=min_positives,
                                unit="sentences")
                rows.append({"measure": f"frames/{lexicon}/{x.frame}", "method": "dictionary", "part": x.part,
                             "n": int(x.units), "positives": int(x.positives), "alpha": x.alpha_method,
                             "alpha_low": x.alpha_method_low, "alpha_high": x.alpha_method_high,
                             "accuracy": x.accuracy, "baseline": x.baseline, "baseline_class": x.baseline_class,
                             "source": f"{sheets} ({part} part)", "unit": "sentences", "note": why})
                short.append(bool(why))
    for r in elsewhere:
        rows.append({k: v for k, v in r.as_dict().items() if k in VALIDITY_COLUMNS}
                    | {"note": "; ".join(x for x in (r.shortfall, r.note) if x)})
        short.append(bool(r.shortfall))
    out = pd.DataFrame(rows, columns=VALIDITY_COLUMNS)
    out["clears"] = ((out["part"] != "in-sample") & ~pd.Series(short, index=out.index, dtype=bool)
                     & (out["alpha"] >= min_alpha) & (out["accuracy"] > out["baseline"]))
    return out


def lexicon_fit(matches: pd.DataFrame, mentions: pd.DataFrame | None, sentences: pd.DataFrame,
                counted: pd.DataFrame, frames: list[str], lexicon: str) -> dict:
    """How well a frame lexicon (and an actor lexicon, when ``mentions`` are given) fit a corpus: the share of
    the counted articles' lead and body sentences evoking each frame, evoking none, and mentioning any actor;
    ``low_frames``, ``many_unmatched`` and ``few_actors`` say which thresholds they miss."""
    s = sentences[sentences["article_id"].isin(counted["article_id"]) & sentences["position"].isin(PROSE)]
    n = max(len(s), 1)
    keys = ["article_id", "sentence_id"]
    m = matches[(matches["lexicon"] == lexicon) & matches["article_id"].isin(counted["article_id"])]
    m = m.merge(s[keys], on=keys)
    per_frame = {f: m[m["frame"] == f][keys].drop_duplicates().shape[0] / n for f in frames}
    unmatched = 1 - m[keys].drop_duplicates().shape[0] / n
    actor_share = None
    if mentions is not None:
        actor_share = mentions.merge(s[keys], on=keys)[keys].drop_duplicates().shape[0] / n
    return {"frame_shares": per_frame, "unmatched_share": unmatched, "actor_share": actor_share,
            "low_frames": [f for f, share in per_frame.items() if share < FIT_MIN_FRAME_SHARE],
            "many_unmatched": unmatched > FIT_MAX_UNMATCHED,
            "few_actors": actor_share is not None and actor_share < FIT_MIN_ACTOR_SHARE}
