"""Grouping: any column of ``articles`` (or several) can be what comparisons compare.

``by`` is a column name or a list of them: ``source_label`` (the outlet where
it is known; ``"outlet"`` is read as ``source_label`` so unknown publishers
are never pooled), or any metadata column the input supplied (``leaning``,
``country``, ``event``).  Rows of ``articles`` with no value in a grouping
column form the group ``(none)`` rather than vanishing.
"""
from __future__ import annotations


import pandas as pd

from ..errors import SettingsError, with_choices
from ..schema import DEFAULT_GROUP

MISSING = "(none)"


def group_columns(by) -> list[str]:
    cols = [by] if isinstance(by, str) else list(by or [DEFAULT_GROUP])
    return [DEFAULT_GROUP if c == "outlet" else c for c in cols]


def called(by) -> str:
    """What the groups of ``by`` (a column name or a list of them) are called in prose: "outlet" for source
    labels, else the column names joined ("leaning", "country × leaning")."""
    cols = group_columns(by)
    return "outlet" if cols == [DEFAULT_GROUP] else " × ".join(cols)


def check_by(articles: pd.DataFrame, by) -> list[str]:
    """The grouping columns, or a :class:`SettingsError` naming an unknown one and the columns there are."""
    cols = group_columns(by)
    for col in cols:
        if col not in articles.columns:
            raise SettingsError(f"cannot compare by '{col}': the articles have no such column"
                                + with_choices(col, articles.columns))
    return cols


def attach(table: pd.DataFrame, articles: pd.DataFrame, by, extra=()) -> pd.DataFrame:
    """``table`` (keyed by ``article_id``) joined to the grouping columns of the articles that count.

    Only articles present in ``articles`` are kept, so passing the counted
    articles (one per group of copies) filters the copies out.
    """
    cols = check_by(articles, by)
    wanted = ["article_id", *dict.fromkeys([*cols, *extra])]
    wanted = [c for c in wanted if c not in table.columns or c == "article_id"]
    meta = articles[wanted].copy()
    for col in cols:
        if col in meta:
            meta[col] = meta[col].astype(object).where(meta[col].notna() & (meta[col].astype(str) != ""), MISSING)
            meta[col] = meta[col].astype(str)
    return table.merge(meta, on="article_id", how="inner")


def label(key) -> str:
    """A group key (a value or a tuple of values) as text."""
    return " · ".join(map(str, key)) if isinstance(key, tuple) else str(key)
