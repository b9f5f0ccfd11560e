"""Source labels: what comparisons group by, never pooling unrelated articles.

``outlet`` says "unknown" where the page does not name its publisher, and
several such pages are not one outlet.  ``source_label`` is the outlet where
it is known; otherwise it says what is known, so that a reader sees why the
article stands alone:

* ``unknown outlet, relays TASS`` when the page credits an agency or original
  publisher;
* ``unknown outlet, file 002`` when it credits nothing (the file's shortest
  name that tells it apart: its name's leading token, or its whole name
  without the extension when another file's name begins with that token
  (``5624_left`` beside ``5624_center.txt``); an export's rows add the row).

Two unknown-outlet articles share a label only when they are copies of one
story (the same ``dup_group``); otherwise each label is made unique by adding
the file.  Every measure, figure and finding inherits the label from the
``articles`` table.
"""
from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath

import pandas as pd

from .tokens import ALNUM_RUN

UNKNOWN = "unknown"


def _file_names(source_paths) -> dict[str, str]:
    """Each file's shortest name that tells it apart from the corpus's other files: the leading token of its
    name ("002" for ``002_a718.txt``) when no other file's name begins with that token, else its name without
    the extension (``5624_left`` beside ``5624_center.txt``).  One rule for every file."""
    stems = {p: PurePosixPath(str(p)).stem for p in dict.fromkeys(map(str, source_paths))}
    tokens = {p: (m.group(0) if (m := ALNUM_RUN.match(s)) and len(m.group(0)) < len(s) else s)
              for p, s in stems.items()}
    counts = Counter(tokens.values())
    return {p: tokens[p] if counts[tokens[p]] == 1 else stems[p] for p in stems}


def _path_label(source_path: str, locator: str) -> str:
    return f"{source_path} {locator}".strip() if locator else str(source_path)


def source_labels(articles: pd.DataFrame) -> pd.Series:
    """One label per article (needs ``outlet``, ``relayed_source``, ``source_path``; ``locator`` and
    ``dup_group`` when present), aligned with ``articles``."""
    if articles.empty:
        return pd.Series([], index=articles.index, dtype="str")
    locator = articles["locator"].fillna("") if "locator" in articles else pd.Series("", index=articles.index)
    group = articles["dup_group"] if "dup_group" in articles else articles.get("article_id", articles.index.to_series())
    known = articles["outlet"].fillna(UNKNOWN).ne(UNKNOWN) & articles["outlet"].astype(str).str.strip().ne("")
    relayed = articles["relayed_source"].fillna(UNKNOWN)
    names = _file_names(articles["source_path"])
    files = [f"{names[str(p)]} {loc}".strip() for p, loc in zip(articles["source_path"], locator)]
    labels = pd.Series(
        [o if k else (f"unknown outlet, relays {r}" if r != UNKNOWN else f"unknown outlet, file {f}")
         for o, k, r, f in zip(articles["outlet"], known, relayed, files)],
        index=articles.index)
    # an unknown-outlet label held by articles of different stories names each one's file in full
    unknown = ~known
    spread = pd.DataFrame({"label": labels, "group": group})[unknown].groupby("label")["group"].nunique()
    clash = unknown & labels.isin(spread[spread > 1].index)
    if clash.any():
        labels[clash] = [f"{lab} ({_path_label(p, loc)})" if "relays" in lab else
                         f"unknown outlet, file {_path_label(p, loc)}"
                         for lab, p, loc in zip(labels[clash], articles["source_path"][clash], locator[clash])]
    return labels


def group_names(articles: pd.DataFrame, sources, by=("source_label",)) -> dict[str, list[str]]:
    """Each group's own names: the known outlets among its ``articles`` and their aliases in ``sources`` (a
    :class:`~analysis.corpus.metadata.Sources`), so that no outlet's name is reported as a term distinctive of
    a group.  ``by``: the columns the groups are made of (a group of several is named by its values joined
    with " · ", as the comparisons name it)."""
    aliases: dict[str, set[str]] = {}
    for table in (sources.outlets, sources.agencies):
        for alias, name in table.items():
            aliases.setdefault(name, {name}).add(alias)
    cols = [by] if isinstance(by, str) else list(by)
    keys = articles[cols].astype(str).agg(" · ".join, axis=1) if len(cols) > 1 else articles[cols[0]].astype(str)
    out = {}
    for label, part in articles.groupby(keys):
        names = {o for o in part["outlet"] if o and o != UNKNOWN}
        out[label] = sorted(set().union(*(aliases.get(n, {n}) for n in names))) if names else []
    return out
