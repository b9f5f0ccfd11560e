"""Per-group prose that stays readable with many groups (30 to 40 outlets, most with one to three articles).

With more than :data:`MANY_GROUPS` groups, a list of findings names only the
groups with at least :data:`MIN_ARTICLES` counted articles; the others are
counted in one sentence, which points to a coarser grouping (``--by`` a
column of the articles with a few values, such as a leaning) when the corpus
has one.  Nothing else changes: the numbers, and which differences the
validity gate lets a report state, are those of the full tables (in reports
02 and 04), which keep every group.  Exploratory notes that differ only in the frame they name are
said once, naming the frames (:func:`fold_notes`).

>>> c = Crowd({f"Outlet {i}": 1 for i in range(13)} | {"Big": 6}, "outlet", ("leaning",))
>>> c.keep(["Big", "Outlet 0"])
[True, False]
>>> c.left_out().split(":")[0]
'13 of the 14 outlets have fewer than 5 articles each'
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from ..compare.groups import label
from ..schema import ARTICLE_COLUMNS
from .gate import Gate
from .safe import and_list, md

MANY_GROUPS = 12    # more groups than this, and a list of findings names only the groups with enough articles
MIN_ARTICLES = 5    # counted articles a group needs to be named among many (the "fewer than 5 articles" caveat)


@dataclass(frozen=True)
class Crowd:
    """The groups of a comparison: ``sizes`` (a group's name -> its counted articles), what a group is called
    (``group_label``) and the columns of the articles that would group them more coarsely (``coarser``)."""

    sizes: dict
    group_label: str = "outlet"
    coarser: tuple[str, ...] = ()

    @property
    def crowded(self) -> bool:
        """Whether there are too many groups to name each in prose."""
        return len(self.sizes) > MANY_GROUPS

    def keep(self, names) -> list[bool]:
        """For each group name, whether the prose names it: always, unless the groups are crowded and it has
        fewer than :data:`MIN_ARTICLES` articles."""
        return [not self.crowded or self.sizes.get(name, 0) >= MIN_ARTICLES for name in names]

    def left_out(self) -> str:
        """Markdown: one sentence counting the groups the prose does not name, with a coarser grouping to try
        ("" when every group is named)."""
        small = sum(not k for k in self.keep(self.sizes))
        if not small:
            return ""
        total, label = len(self.sizes), md(self.group_label)
        who = (f"None of the {total} {label}s has {MIN_ARTICLES} or more articles" if small == total else
               f"{small} of the {total} {label}s have fewer than {MIN_ARTICLES} articles each")
        text = (f"{who}: {'none is' if small == total else 'they are not'} named here, as so few articles say little "
                f"about the coverage of any one of them. The tables of reports 02 (sentiment) and 04 (framing) keep "
                f"every {label}.")
        if self.coarser:
            tries = " or ".join(f"`--by {md(c)}`" for c in self.coarser)
            text += f" Grouping them by a column of the articles pools their articles: try {tries}."
        return text


def crowd(counted: pd.DataFrame, by=("source_label",), group_label: str = "outlet") -> Crowd:
    """The :class:`Crowd` of ``counted`` (the articles that count) grouped by ``by``.  A column is suggested as a
    coarser grouping when the articles brought it (it is not one of the package's own columns), it is not
    already a grouping column, and it has from two values to fewer values than there are groups, each with
    :data:`MIN_ARTICLES` articles on average."""
    by = list(by)
    sizes = {label(k): int(n) for k, n in counted.groupby(by if len(by) > 1 else by[0]).size().items()}
    coarser = []
    for column in counted.columns:
        if column in ARTICLE_COLUMNS or column in by or counted[column].dtype.kind in "fc":
            continue
        values = counted[column].dropna().astype(str).nunique()
        if 2 <= values < len(sizes) and len(counted) / values >= MIN_ARTICLES:
            coarser.append(column)
    return Crowd(sizes, group_label, tuple(coarser))


def shown(table: pd.DataFrame, by, crowd: Crowd | None) -> pd.DataFrame:
    """The rows of ``table`` whose group the prose names (every row when ``crowd`` is None)."""
    if crowd is None or table.empty:
        return table
    names = table[list(by)].astype(str).agg(" · ".join, axis=1)
    return table[crowd.keep(names)]


def fold_notes(gates: dict, labels: dict) -> list[str]:
    """Markdown: the validity note of each frame of ``gates`` (frame id -> :class:`Gate`, or None when the frame
    has no figure), once for all the frames whose notes would differ only in the frame's name."""
    alike: dict = {}
    for frame, gate in gates.items():
        key = replace(gate, what="").note() if gate is not None else None      # the note, but for the name
        alike.setdefault(key, []).append(frame)
    notes = []
    for key, frames in alike.items():
        names = [f"“{labels.get(f, f)}”" for f in frames]
        listed = and_list(names)
        if key is None:
            notes.append(f"**Exploratory**: no validity figure for the frame{'s' if len(frames) > 1 else ''} "
                         f"{md(listed)}.")
            continue
        first = gates[frames[0]]
        one = f"the frame {names[0]}"
        what = first.what.replace(one, f"the frames {listed}") if len(frames) > 1 and one in first.what else None
        notes += [gates[f].note() for f in frames] if len(frames) > 1 and what is None else \
            [replace(first, what=what or first.what).note()]
    return notes
