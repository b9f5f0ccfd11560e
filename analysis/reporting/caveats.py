"""Caveats said once: the ``flag`` of result rows as short markers, each caveat explained once in plain words.

A result's ``flag`` holds its caveats in a few words each, joined by "; "
(:mod:`analysis.compare.stats`: "fewer than 10 sentences; fewer than 5
articles").  A report does not repeat them on every row:

* :func:`mark` turns a table's flag column into letters ("a", "a, b") and
  gives one footnote per caveat; a caveat every row shares is said once
  for the whole table instead of marked;
* :func:`for_groups` says, under a list of findings, each caveat once with
  the groups it applies to;
* :func:`explain` is the plain-words sentence of one caveat, built from the
  thresholds in the caveat itself (nothing typed twice).

>>> explain("fewer than 5 articles")[:60]
'fewer than 5 articles: the 95% interval only shows how the s'
>>> mark(pd.Series(["fewer than 5 articles", "fewer than 10 sentences; fewer than 5 articles"]))[0].tolist()
['', 'a']
"""
from __future__ import annotations

import re
import string

import pandas as pd

from ..compare.frames import THIN
from ..compare.stats import NO_DATA
from .safe import md

PREFIX = "Caveat"           # every note made here starts so (a table puts them under itself, as footnotes)
# units whose name is jargon: said in words the first time a caveat names them
_UNIT_WORDS = {"pole sentences": "pole sentences (the sentences evoking either frame of the axis)",
               "units": "units (paragraphs or the study's other text units)"}
# what the few-articles caveat of a group × actor score counts: not the group's articles, those that mention the actor
MENTIONING = "articles that mention the actor"
_FEW_ARTICLES = re.compile(r"fewer than (\d+) articles")
_TOO_FEW = re.compile(r"fewer than (\d+) (.+)")


# what a table's "interval computed over" column shows for each unit (the CSV keeps the short names)
UNIT_SHOWN = {"pole sentences": "sentences evoking either frame", "none": "no interval (too few, or all alike)",
              "wilson": "formula (all values alike)"}


def parts(flag) -> list[str]:
    """The separate caveats of one ``flag`` cell, in order (none for "" or a missing value)."""
    if not isinstance(flag, str):
        return []
    return [p.strip() for p in flag.split(";") if p.strip()]


def counting(caveat: str, articles: str = "articles") -> str | None:
    """The few-articles caveat with what it counts named ("fewer than 5 articles that mention the actor"), or
    None for any other caveat."""
    m = _FEW_ARTICLES.fullmatch(caveat)
    return f"fewer than {m.group(1)} {articles}" if m else None


def explain(caveat: str, articles: str = "articles") -> str:
    """One caveat in plain words: what it means for the number it is attached to (plain text, unescaped).
    ``articles`` names what the few-articles caveat counts ("articles that mention the actor" for a score
    of the mentions of one actor: a group with many articles may have few that mention it)."""
    if caveat == THIN:
        return f"{caveat}: too few to call it the outlet's frame; read the number as a hint, not a finding"
    if caveat == NO_DATA:
        return "no data: nothing to measure, so no value"
    if few := counting(caveat, articles):
        return (f"{few}: the 95% interval only shows how the sentences (or mentions) of these articles vary, "
                "not how the outlet's coverage would vary over other articles")
    if m := _TOO_FEW.fullmatch(caveat):
        unit = _UNIT_WORDS.get(m.group(2), m.group(2))
        return f"fewer than {m.group(1)} {unit}: too few for an interval, so none is given"
    return caveat


def _letters(k: int) -> str:
    letters = string.ascii_lowercase
    return letters[k] if k < len(letters) else letters[k // len(letters) - 1] + letters[k % len(letters)]


def mark(flags: pd.Series, articles: str = "articles") -> tuple[pd.Series, list[str]]:
    """``flags`` as markers, and the notes that explain them (plain text, escape before showing).

    A caveat on every row (of two or more) gets no marker: one note says it
    applies to every row.  Every other caveat gets a letter, in order of
    first appearance; a cell shows its letters ("a, b"), and one note lists
    each letter with :func:`explain` (``articles``: what the few-articles caveat counts).
    """
    rows = [parts(f) for f in flags]
    seen = list(dict.fromkeys(p for r in rows for p in r))
    everywhere = [p for p in seen if len(rows) >= 2 and all(p in r for r in rows)]
    marked = [p for p in seen if p not in everywhere]
    letter = {p: _letters(i) for i, p in enumerate(marked)}
    cells = pd.Series([", ".join(letter[p] for p in r if p in letter) for r in rows], index=flags.index,
                      dtype=object)
    notes = []
    if everywhere:
        notes.append(f"{PREFIX} on every row: " + "; ".join(explain(p, articles) for p in everywhere) + ".")
    if marked:
        notes.append(f"{PREFIX}s: " + "; ".join(f"({letter[p]}) {explain(p, articles)}" for p in marked) + ".")
    return cells, notes


def _articles(n) -> str:
    return f"{int(n)} article{'s' if int(n) != 1 else ''}"


def for_groups(rows: pd.DataFrame, by, group_label: str = "outlet", everyone: str | None = None, *,
               about: str | None = None, labels: dict | None = None, articles: str = "articles") -> str:
    """Markdown: each caveat of ``rows`` (a ``flag`` column) once, with the groups it applies to, as bullets
    ("" when no row has one).  ``by`` names the grouping column(s); a caveat of every row (of two or more)
    is said "for every <group_label>", or for ``everyone`` (Markdown) when given.

    ``about`` names a column that says what each row is about (``"actor"``; shown by its ``labels``):
    "**right** on *Riders*".  The few-articles caveat gives each row's count (its ``n_articles``) and
    names what is counted with ``articles`` ("articles that mention the actor"), so that it is not read as
    the group's whole coverage."""
    by = [by] if isinstance(by, str) else list(by)
    if "flag" not in rows or rows.empty:
        return ""
    names = [f"**{md(' · '.join(map(str, r[by])))}**"
             + (f" on *{md((labels or {}).get(r[about], r[about]))}*" if about else "") for _, r in rows.iterrows()]
    counts = rows["n_articles"].tolist() if "n_articles" in rows else [None] * len(rows)
    applies: dict[str, list[tuple[str, object]]] = {}
    for name, n, flag in zip(names, counts, rows["flag"]):
        for p in parts(flag):
            applies.setdefault(p, []).append((name, n))
    if not applies:
        return ""
    lines = []
    for caveat, who in applies.items():
        counted = counting(caveat) is not None and all(pd.notna(n) for _, n in who)
        if len(rows) >= 2 and len(who) == len(rows):
            whom = everyone or f"every {md(group_label)}"
            if counted:
                low, high = min(n for _, n in who), max(n for _, n in who)
                whom += f" ({_articles(low)} each)" if low == high else f" ({int(low)} to {_articles(high)})"
        else:
            whom = ", ".join(dict.fromkeys(f"{w} ({_articles(n)})" if counted else w for w, n in who))
        lines.append(f"- For {whom}: {md(explain(caveat, articles))}.")
    return f"{PREFIX}s:\n\n" + "\n".join(lines)


def by_cause(why: dict[str, str]) -> dict[str, list[str]]:
    """``why`` (a name -> why it is left out or empty) as each cause once with its names, in order: what a command
    says, one line per cause ("frame_matches, frame_salience not computed: ...").

    >>> by_cause({"a": "no sheet", "b": "no event", "c": "no sheet"})
    {'no sheet': ['a', 'c'], 'no event': ['b']}
    """
    causes: dict[str, list[str]] = {}
    for name, cause in why.items():
        causes.setdefault(cause, []).append(name)
    return causes
