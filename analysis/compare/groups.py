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
from ..settings import by_clash
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
        if clash := by_clash(col):
            raise SettingsError(f"cannot compare by '{col}': the articles' column '{col}' {clash}")
    return cols


def attach(table: pd.DataFrame, articles: pd.DataFrame, by, extra=()) -> pd.DataFrame:
    """``table`` (keyed by ``article_id``) joined to the grouping columns of the articles that count.

    Only articles present in ``articles`` are kept, so passing the counted
    articles (one per group of copies) filters the copies out.  A grouping
    column the table already has is the articles' in the result.

    Raises
    ------
    SettingsError
        A grouping column the articles lack or a measure table has of its own (:func:`check_by`), or one the
        table has with values that are not the articles' (beyond its name for a missing value).
    """
    cols = check_by(articles, by)
    extra = [c for c in extra if c not in table.columns and c not in cols]
    meta = articles[["article_id", *dict.fromkeys([*cols, *extra])]].copy()
    for col in cols:
        meta[col] = _filled(meta[col])
    out = table.merge(meta, on="article_id", how="inner", suffixes=("", _ARTICLES))
    for col in cols:                          # the articles' column wins; a table column of the same name must agree
        if col + _ARTICLES not in out:
            continue
        own, theirs = _filled(out[col]), out.pop(col + _ARTICLES)
        differs = (own != theirs) & (theirs != MISSING)      # a table may name a missing value its own way
        if differs.any():
            differ = sorted(set(own[differs]))[:3]
            raise SettingsError(f"cannot compare by '{col}': the table being compared has a column '{col}' of its "
                                f"own (values such as {', '.join(map(repr, differ))}) that is not the articles' "
                                f"'{col}'; rename the articles' column (for example to '{col}_group') and compare "
                                "by the new name")
        out[col] = theirs
    return out


_ARTICLES = "__articles"     # suffix of an article column while it is checked against a table column of its name


def _filled(values: pd.Series) -> pd.Series:
    """Group values as text, with missing and empty values the group :data:`MISSING`."""
    values = values.astype(object)
    return values.where(values.notna() & (values.astype(str) != ""), MISSING).astype(str)


def label(key) -> str:
    """A group key (a value or a tuple of values) as text."""
    return " · ".join(map(str, key)) if isinstance(key, tuple) else str(key)
