"""The local engine (one process, the whole corpus as one partition) and the partition helpers both engines use."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import pandas as pd


def n_partitions(n_items: int, size: int, multiple: int = 1) -> int:
    """How many partitions ``n_items`` make at about ``size`` each: ``ceil(n_items / size)`` rounded up to a
    multiple of ``multiple`` (the workers, so that none waits while another computes a last partition), never more
    than ``n_items`` and at least one."""
    n = max(1, -(-n_items // max(size, 1)))
    multiple = max(multiple, 1)
    return max(1, min(n_items, -(-n // multiple) * multiple))


def split_frame(frame: pd.DataFrame, size: int, key: str | None = None, multiple: int = 1) -> list[pd.DataFrame]:
    """``frame`` cut into consecutive partitions of equal size, at most about ``size`` rows each (at least one
    partition); their number is a multiple of ``multiple`` (see :func:`n_partitions`).

    With ``key``, partitions hold about as many distinct values of that
    column (articles, for a table of sentences) and every row of one value
    stays in one partition; rows keep their order within and across
    partitions.
    """
    if key is None:
        n = n_partitions(len(frame), size, multiple)
        bounds = np.linspace(0, len(frame), n + 1).round().astype(int) if n > 1 else np.array([0, len(frame)])
        return [frame.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
    codes, uniques = pd.factorize(frame[key])
    n = n_partitions(len(uniques), size, multiple)
    if n == 1:
        return [frame]
    part = codes * n // len(uniques)
    return [group for _, group in frame.groupby(part, sort=True)]


def concat_parts(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Partitions back into one table with a fresh index, as if computed at once.

    Empty partitions are left out (their columns may have a looser dtype than
    the others'), unless every partition is empty.
    """
    filled = [p for p in parts if len(p)]
    if not filled:
        return parts[0].reset_index(drop=True) if parts else pd.DataFrame()
    if len(filled) == 1:
        return filled[0].reset_index(drop=True)
    out = pd.concat(filled, ignore_index=True)
    for col in out.columns:
        # a partition whose values of a column are all missing holds it as object: the whole table would not
        if out[col].dtype == object and len({str(p[col].dtype) for p in filled if col in p}) > 1:
            out[col] = out[col].infer_objects()
    return out


@dataclass(frozen=True)
class Result:
    """An argument of :meth:`run`'s calls that stands for the result of an earlier call (``index`` in the list),
    so that work done once (a classifier fitted on the study's sheets) is handed to every call that needs it."""

    index: int


def with_results(args: Sequence, results: Sequence) -> list:
    """``args`` with each :class:`Result` replaced by the result (from ``results``) it stands for."""
    return [results[a.index] if isinstance(a, Result) else a for a in args]


class LocalEngine:
    """Runs everything in this process: the corpus is one partition, as it always was."""

    name = "local"
    n_workers = 1

    def split(self, frame: pd.DataFrame, key: str | None = None) -> list[pd.DataFrame]:
        """The whole table as one partition."""
        return [frame]

    def map(self, func: Callable, parts: Sequence, *args) -> list:
        """``[func(part, *args) for part in parts]``."""
        return [func(part, *args) for part in parts]

    def run(self, calls: Sequence[tuple], here: int = 0) -> list:
        """``[func(*args) for func, *args in calls]``, one after the other; a :class:`Result` argument is the result
        of that earlier call (``here``, the calls a cluster engine computes in this process: all of them here)."""
        results: list = []
        for func, *args in calls:
            results.append(func(*with_results(args, results)))
        return results

    def describe(self) -> dict:
        return {"engine": self.name, "workers": 1}
