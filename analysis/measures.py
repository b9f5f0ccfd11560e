"""Run the measures over an ingested corpus and write them beside its tables.

Each measure is a function ``(corpus, count_copies) -> DataFrame`` registered
in :data:`MEASURES` under the file name it writes.  The sentiment, framing and
topic layers register theirs here.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

import pandas as pd
from tqdm.auto import tqdm

from .corpus import Corpus
from .io import atomic_outputs

log = logging.getLogger(__name__)

MEASURES: dict[str, Callable[[Corpus, bool], pd.DataFrame]] = {}


def measure(filename: str):
    """Register a measure writing ``filename`` (a decorator)."""
    def register(fn):
        MEASURES[filename] = fn
        return fn
    return register


def run_measures(data: str | Path, count_copies: bool = False, progress: bool = False) -> dict[str, int]:
    """Compute every registered measure for the corpus in ``data``; returns rows written per file."""
    corpus = Corpus.load(data)
    written = {}
    with atomic_outputs(data) as tmp:
        for name, fn in tqdm(MEASURES.items(), desc="measures", disable=not progress):
            table = fn(corpus, count_copies)
            table.to_parquet(tmp / name, index=False)
            written[name] = len(table)
    return written
