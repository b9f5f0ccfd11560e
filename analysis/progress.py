"""Progress bars a researcher reads at a glance: "1,700 articles/s", "12 s per notebook", counts with separators.

>>> for path in tqdm(files, desc="reading", unit="file"):     # doctest: +SKIP
...     ...
reading:  40% |████      | 2,000/5,000 [00:01 so far, 00:02 left, 1,700 files/s]

:class:`tqdm` is :class:`tqdm.auto.tqdm` (a text bar in a terminal, a widget
in a notebook) with that one format: tqdm's own rate reads "1.70k/s" or
"1700.25file/s", and a slow step "0.08it/s".  Use it as tqdm is used.
"""
from __future__ import annotations

from tqdm.auto import tqdm as _tqdm

BAR_FORMAT = ("{desc}: {percentage:3.0f}% |{bar}| {plain_n}/{plain_total} "
              "[{elapsed} so far, {remaining} left, {plain_rate}]")
PLAIN_FORMAT = "{desc}: {plain_n} [{elapsed} so far, {plain_rate}]"      # no total known


def singular(unit: str) -> str:
    """tqdm's unit in words: ``"it"`` (tqdm's default) or nothing -> ``"item"``."""
    return "item" if unit in ("it", "") else unit


def plural(unit: str) -> str:
    """``"article"`` -> ``"articles"``; ``"it"`` (tqdm's default) -> ``"items"``."""
    unit = singular(unit)
    return unit if unit.endswith("s") else unit + "s"


def plain_rate(rate: float | None, unit: str) -> str:
    """A rate in words a reader reads: ``"1,700 articles/s"``, ``"2.5 notebooks/s"``, ``"12 s per notebook"``
    below one a second, ``"…"`` before there is one."""
    if not rate:
        return "…"
    if rate < 1:
        return f"{1 / rate:,.0f} s per {singular(unit)}"
    return f"{rate:,.1f} {plural(unit)}/s" if rate < 10 else f"{rate:,.0f} {plural(unit)}/s"


class tqdm(_tqdm):  # noqa: N801 -- used as tqdm is
    """:class:`tqdm.auto.tqdm` with counts and rates in plain words (:data:`BAR_FORMAT`)."""

    def __init__(self, iterable=None, *args, **kwargs):
        total = kwargs.get("total")
        if total is None and hasattr(iterable, "__len__"):
            total = len(iterable)
        kwargs.setdefault("bar_format", BAR_FORMAT if total else PLAIN_FORMAT)
        super().__init__(iterable, *args, **kwargs)

    @property
    def format_dict(self):
        d = super().format_dict
        n, total, elapsed = d["n"], d["total"], d["elapsed"]
        rate = d["rate"] if d["rate"] else (n / elapsed if elapsed and n else None)
        d.update(plain_n=f"{n:,.0f}", plain_total=f"{total:,.0f}" if total else "?",
                 plain_rate=plain_rate(rate, d["unit"]))
        return d
