"""The per-article measures computed partition by partition on the study's engine.

A measure marked ``per_article`` in :data:`~analysis.measures.registry.MEASURES`
is a pure function of each article's rows: computed on a slice of the corpus
(some articles with all their sentences and other rows) it gives exactly that
slice's rows of the whole table.  :func:`compute_partition` runs the
registry's own compute functions on one slice; :func:`precompute` maps it
over the partitions of a corpus on an engine (a Dask cluster) and stores the
concatenated tables in the corpus's cache under the same keys as the local
engine, so both engines share one cache and a second run computes nothing.
Measures over the whole corpus (topics, facts, the frame classifier) are not
partitioned: they run where the corpus is, as before.
"""
from __future__ import annotations

import logging
from dataclasses import fields, replace

import pandas as pd

from ..corpus.tables import Corpus
from ..engine import concat_parts, get_engine
from ..errors import StoreError
from ..io import Store
from ..settings import Settings
from .registry import MEASURES, TABLES, Context, MeasureKeys, _stored_key, _write_table

log = logging.getLogger(__name__)


def _table_fields(corpus: Corpus) -> list[str]:
    """The corpus tables keyed by ``article_id`` (articles, sentences, removed and any other)."""
    return [f.name for f in fields(corpus)
            if isinstance(getattr(corpus, f.name), pd.DataFrame) and "article_id" in getattr(corpus, f.name)]


def split_corpus(corpus: Corpus, size: int) -> list[Corpus]:
    """The corpus as consecutive slices of ``size`` articles, each with every row of its articles.

    Rows keep their order, so concatenating per-slice results in slice order
    gives the rows in the order the whole corpus would.
    """
    ids = corpus.articles["article_id"]
    if len(ids) <= size:
        return [corpus]
    part_of = pd.Series(range(len(ids)), index=ids.to_numpy()) // size
    n_parts = int(part_of.max()) + 1
    sliced = {}
    for name in _table_fields(corpus):
        table = getattr(corpus, name)
        where = table["article_id"].map(part_of)
        groups = dict(list(table.groupby(where, sort=True)))
        sliced[name] = [groups.get(p, table.iloc[:0]) for p in range(n_parts)]
    return [replace(corpus, location=None, **{name: parts[p] for name, parts in sliced.items()})
            for p in range(n_parts)]


def compute_partition(part: Corpus, settings: Settings, names: list[str]) -> dict[str, pd.DataFrame]:
    """Every table of the per-article measures ``names`` for one slice of the corpus (with what they need)."""
    tables: dict[str, pd.DataFrame] = {}

    def get(name: str) -> pd.DataFrame:
        if name not in tables:
            measure = TABLES[name]
            result = measure.compute(Context(corpus=part, settings=settings, get=get))
            tables.update(result if isinstance(result, dict) else {measure.name: result})
        return tables[name]

    for name in names:
        get(name)
    return tables


def _stale(corpus: Corpus, keys: MeasureKeys, names) -> list[str]:
    """The per-article measures among ``names`` whose stored tables are missing or were made for other inputs."""
    files = Store(corpus.location).files()
    out = []
    for name in names:
        measure = MEASURES[name]
        key = keys.key(name)
        if not all(_stored_key(files[f"{t}.parquet"]) == key if f"{t}.parquet" in files else False
                   for t in measure.outputs):
            out.append(name)
    return out


def precompute(corpus: Corpus, settings: Settings, names=None, engine=None, keys: MeasureKeys | None = None) -> list[str]:
    """Compute the stale per-article measures among ``names`` (default all) partition by partition on the
    study's engine and store them beside the corpus; returns the measures computed.

    A corpus without a store (built in memory) is left to the local path.
    """
    if corpus.location is None:
        return []
    names = [n for n in (names or MEASURES) if MEASURES[n].per_article]
    keys = keys if keys is not None else MeasureKeys(corpus, settings)
    todo = _stale(corpus, keys, names)
    if not todo:
        return []
    engine = engine or get_engine(settings)
    parts = split_corpus(corpus, settings.engine.partition_size)
    log.info("computing %s in %d partitions on the %s engine", ", ".join(todo), len(parts), engine.name)
    results = engine.map(compute_partition, parts, settings, todo)
    store = Store(corpus.location)
    try:
        with store.writing(wait=600) as gen:
            for name in todo:
                measure = MEASURES[name]
                key, record = keys.get(name)
                record = {**record, "key": key}
                record["engine"] = engine.describe()
                for table in measure.outputs:
                    _write_table(concat_parts([r[table] for r in results]), gen / f"{table}.parquet", record)
    except StoreError as exc:
        log.warning("%s; %s computed but not cached", exc, ", ".join(todo))
        return []
    return todo
