"""Comparisons within events, and over time.

The strongest media-bias designs compare outlets covering the *same* event
(AllSides roundups, NewsWCL50): an outlet that covers violent events more
often looks more negative for that reason alone.  :func:`within_event`
removes the event: for each event covered by at least two groups, each
group's mean is taken relative to the event's mean (the mean over the groups
covering it, each counting once); a group's score is the mean of its
deviations over the events it covered, with a bootstrap interval over
events.

:func:`timeline` counts articles per period and group; :func:`frame_timeline`
gives the share of sentences evoking each frame per period and group, with a
Wilson interval over sentences (none, and flagged, below ``MIN_N``
sentences); :func:`period_for` picks weeks or months for the span of the dates.
"""
from __future__ import annotations

import pandas as pd

from ..errors import SettingsError, check_choice
from .groups import attach, group_columns
from .stats import MIN_N, group_ci, too_few, wilson

MAX_WEEKS = 8     # dates spanning more weeks than this are shown by month: a week then holds too few sentences
PERIOD_WORDS = {"W": "week", "M": "month"}
PERIODS = ("D", "W", "M")     # the periods a timeline counts by: days, weeks, months


def within_event(values: pd.DataFrame, articles: pd.DataFrame, *, value: str, event: str, by="source_label",
                 keys=(), seed: int = 0) -> pd.DataFrame:
    """Each group's mean ``value`` relative to the other groups covering the same events.

    ``values`` holds one row per article (``article_id``, ``value``, and any
    ``keys`` such as ``frame``).  Returns per group (and key): ``mean`` (the
    mean deviation from the event mean), its interval over events, ``n``
    (events) and ``flag``.
    """
    cols = group_columns(by)
    if not event or event not in articles.columns:
        raise SettingsError(f"no event column '{event}' in the articles; name the column that says which event each "
                            "article covers in the study's compare.event")
    check_choice("value", value, values.columns, "a column of the values")
    keys = list(keys)
    frame = attach(values, articles, cols, extra=[event])
    cell = frame.groupby([event, *keys, *cols], dropna=False)[value].mean().rename("cell").reset_index()
    n_groups = cell.groupby([event, *keys])["cell"].transform("size")
    cell = cell[n_groups >= 2].copy()
    cell["deviation"] = cell["cell"] - cell.groupby([event, *keys])["cell"].transform("mean")
    out = group_ci(cell, [*keys, *cols], "deviation", cluster=None, seed=seed, unit="events")
    return out


def _periods(articles: pd.DataFrame, date: str, freq: str) -> pd.Series:
    if date not in articles.columns:
        raise SettingsError(f"no date column '{date}' in the articles (compare.date)")
    check_choice("freq", freq, PERIODS, "a period (days, weeks, months)")
    stamps = pd.to_datetime(articles[date], errors="coerce", utc=True, format="mixed")
    return stamps.dt.tz_convert(None).dt.to_period(freq).dt.start_time


def period_for(articles: pd.DataFrame, date: str = "published") -> str:
    """``"W"`` (weeks) when the readable dates of ``articles`` span at most :data:`MAX_WEEKS` weeks, else ``"M"``
    (months): a dozen weekly points of a few sentences each draw noise as a trend."""
    stamps = _periods(articles, date, "D").dropna()
    if stamps.empty:
        return "W"
    return "W" if (stamps.max() - stamps.min()) <= pd.Timedelta(weeks=MAX_WEEKS) else "M"


def timeline(articles: pd.DataFrame, *, by="source_label", date: str = "published", freq: str = "W") -> pd.DataFrame:
    """Articles per period (``freq``: ``"D"`` days, ``"W"`` weeks, ``"M"`` months) and group.

    Articles without a readable date are counted in a row whose ``period`` is missing.
    """
    cols = group_columns(by)
    frame = articles.assign(period=_periods(articles, date, freq))
    return (frame.groupby(["period", *cols], dropna=False).size().rename("articles").reset_index()
            .sort_values(["period", *cols]).reset_index(drop=True))


def frame_timeline(salience: pd.DataFrame, articles: pd.DataFrame, *, by="source_label", date: str = "published",
                   freq: str = "W", lexicon: str | None = None) -> pd.DataFrame:
    """Share of lead and body sentences evoking each frame, per period and group, from ``frame_salience``.

    Returns ``period`` (the period's first day; missing for articles without a readable date), the group
    columns, ``frame``, ``share``, its 95% Wilson interval over sentences (``ci_low``, ``ci_high``: sentences of
    one article are not independent, so the interval is if anything too narrow; none below ``MIN_N``
    sentences), ``sentences`` and ``flag`` (:func:`~analysis.compare.stats.too_few` below ``MIN_N``)."""
    cols = group_columns(by)
    s = salience if lexicon is None else salience[salience["lexicon"] == lexicon]
    n_prose = articles.set_index("article_id")["n_sentences"]
    frame = attach(s, articles, cols, extra=[date])
    frame["period"] = _periods(frame, date, freq)
    frame["n"] = frame["article_id"].map(n_prose).fillna(0)
    frame["evoking"] = frame["sentence_share"].fillna(0) * frame["n"]
    out = frame.groupby(["period", *cols, "frame"], dropna=False)[["evoking", "n"]].sum().reset_index()
    out["share"] = out["evoking"] / out["n"].where(out["n"] > 0)
    bounds = [wilson(round(e), int(n)) if n >= MIN_N else (float("nan"), float("nan"))
              for e, n in zip(out["evoking"], out["n"])]
    out["ci_low"], out["ci_high"] = [b[0] for b in bounds], [b[1] for b in bounds]
    out["flag"] = [too_few("sentences") if 0 < n < MIN_N else "" for n in out["n"]]
    return out.rename(columns={"n": "sentences"})[["period", *cols, "frame", "share", "ci_low", "ci_high",
                                                    "sentences", "flag"]]
