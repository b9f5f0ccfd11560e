"""The measures computed on the study's engine: per-article ones partition by partition, whole-corpus ones beside them.

A measure marked ``per_article`` in :data:`~analysis.measures.registry.MEASURES`
is a pure function of each article's rows: computed on a slice of the corpus
(some articles with all their sentences and other rows) it gives exactly that
slice's rows of the whole table.  :func:`compute_partition` runs the
registry's own compute functions on one slice; there is one slice per worker,
of equal size (:func:`slice_size`: each slice scores its repeated sentences
once, so fewer slices cost less CPU).  A measure over the whole corpus
that reads no other measure (topics, facts) is one task,
:func:`compute_whole`, on the whole corpus (the facts too, although they are
clustered within each event: which words are the study's topic, and so no
evidence of a fact, is read across all its events).
:func:`precompute` hands all of them at once to an engine (a Dask
cluster), the whole-corpus tasks first so the partitions fill the other
workers meanwhile (the study's stance classifier, which every partition
reads, is fitted in this process while the workers compute), and stores the tables in the corpus's cache under the same
keys as the local engine, so both engines share one cache and a second run
computes nothing.  A measure that reads another whole-corpus measure (the
frame classifier) runs where the corpus is, as before.
"""
from __future__ import annotations

import logging
from dataclasses import fields, replace

import numpy as np
import pandas as pd

from ..corpus.tables import Corpus
from ..engine import Result, concat_parts, get_engine, n_partitions
from ..errors import AnalysisError, StoreError
from ..io import Store
from ..settings import Settings
from .registry import MEASURES, TABLES, Context, MeasureKeys, _stored_key, _write_table, compute_measure
from .study_stance import remember, study_stance

log = logging.getLogger(__name__)


def _table_fields(corpus: Corpus) -> list[str]:
    """The corpus tables keyed by ``article_id`` (articles, sentences, removed and any other)."""
    return [f.name for f in fields(corpus)
            if isinstance(getattr(corpus, f.name), pd.DataFrame) and "article_id" in getattr(corpus, f.name)]


def split_corpus(corpus: Corpus, size: int, multiple: int = 1) -> list[Corpus]:
    """The corpus as slices of about equal size, at most about ``size`` articles each (more only where a duplicate
    group is larger), each with every row of its articles; as many slices as a multiple of ``multiple`` (the
    workers: see :func:`~analysis.engine.n_partitions`), fewer when a group fills more than one.

    The copies of one story (a ``dup_group``) stay in one slice, so that
    their shared sentences are scored once (a measure scores each distinct
    sentence once per call); groups are cut in the order of their first
    article.  Rows keep their order within a slice; :func:`in_corpus_order`
    puts concatenated per-slice results back in the whole corpus's order.
    """
    ids = corpus.articles["article_id"]
    n_parts = n_partitions(len(ids), size, multiple)
    if n_parts == 1:
        return [corpus]
    part_of = _group_slices(corpus.articles, n_parts)
    return _slices(corpus, part_of, int(part_of.max()) + 1)


def _group_slices(articles: pd.DataFrame, n_parts: int) -> pd.Series:
    """The slice of each article (indexed by ``article_id``): whole duplicate groups in the order of their first
    article, a group in slice ``p`` when the articles of the groups before it fill ``p`` shares of ``1 / n_parts``;
    slices numbered from 0 without gaps."""
    ids = articles["article_id"]
    group = articles["dup_group"].fillna(ids) if "dup_group" in articles else ids
    codes, _ = pd.factorize(group)
    sizes = np.bincount(codes)
    before = np.cumsum(sizes) - sizes                   # the articles of the groups that come first
    part = before * n_parts // len(ids)
    part = np.unique(part, return_inverse=True)[1]      # a group larger than a slice leaves no empty slice
    return pd.Series(part[codes], index=ids.to_numpy())


def in_corpus_order(frame: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``frame``'s rows (keyed by ``article_id``) in the order of their articles in ``articles``, each article's
    rows in their own order, with a fresh index: per-slice results concatenated as if computed at once."""
    if "article_id" not in frame or len(frame) < 2:
        return frame.reset_index(drop=True)
    position = pd.Series(np.arange(len(articles)), index=articles["article_id"].to_numpy())
    order = np.argsort(frame["article_id"].map(position).to_numpy(dtype=float), kind="stable")
    return frame.iloc[order].reset_index(drop=True)


def slice_size(n_articles: int, n_workers: int) -> int:
    """Articles per slice of the per-article measures: one slice per worker (at least one article).

    The measures score each distinct sentence once per call (a sentence that
    copies, syndication and boilerplate repeat across articles is matched
    once), so every further slice scores the repeats again: 5,000 articles in
    ten slices took 44% more CPU than in one (``engine.partition_size`` still
    cuts ingestion).  A worker's slice holds a ``1 / n_workers`` share of what
    the local engine holds at once.
    """
    return max(1, -(-n_articles // max(n_workers, 1)))


def _slices(corpus: Corpus, part_of: pd.Series, n_parts: int) -> list[Corpus]:
    """``corpus`` cut by article: slice ``p`` holds the rows of every table whose article ``part_of`` (indexed by
    article id) maps to ``p``, in their order; no store."""
    sliced = {}
    for name in _table_fields(corpus):
        table = getattr(corpus, name)
        where = table["article_id"].map(part_of)
        groups = dict(list(table.groupby(where, sort=True)))
        sliced[name] = [groups.get(p, table.iloc[:0]) for p in range(n_parts)]
    return [replace(corpus, location=None, **{name: parts[p] for name, parts in sliced.items()})
            for p in range(n_parts)]


def compute_partition(part: Corpus, settings: Settings, names: list[str], stance=None) -> dict[str, pd.DataFrame]:
    """Every table of the per-article measures ``names`` for one slice of the corpus (with what they need);
    ``stance``: the study's stance choice (:func:`~analysis.measures.study_stance.study_stance`) made once
    elsewhere, so that this process does not fit the classifier again."""
    remember(settings, stance)
    tables: dict[str, pd.DataFrame] = {}

    def get(name: str) -> pd.DataFrame:
        if name not in tables:
            measure = TABLES[name]
            tables.update(compute_measure(measure, Context(corpus=part, settings=settings, get=get)))
        return tables[name]

    for name in names:
        get(name)
    return tables


def _stale(corpus: Corpus, keys: MeasureKeys, names) -> list[str]:
    """The measures among ``names`` whose stored tables are missing or were made for other inputs."""
    files = Store(corpus.location).files()
    out = []
    for name in names:
        measure = MEASURES[name]
        key = keys.key(name)
        if not all(_stored_key(files[f"{t}.parquet"]) == key if f"{t}.parquet" in files else False
                   for t in measure.outputs):
            out.append(name)
    return out


def compute_whole(corpus: Corpus, settings: Settings, name: str) -> dict[str, pd.DataFrame] | None:
    """The tables of the whole-corpus measure ``name`` (one that reads no other measure) for ``corpus``; None when
    the measure cannot be computed on it (too few units for topics), so the local path raises the error."""
    measure = MEASURES[name]

    def no_other(other: str) -> pd.DataFrame:
        raise RuntimeError(f"{name} reads {other}; only measures that read no other are computed whole here")

    try:
        return compute_measure(measure, Context(corpus=corpus, settings=settings, get=no_other))
    except (ValueError, AnalysisError):
        return None


def precompute(corpus: Corpus, settings: Settings, names=None, engine=None,
               keys: MeasureKeys | None = None) -> list[str]:
    """Compute the stale measures among ``names`` (default all) on the study's engine and store them beside the
    corpus: the per-article ones partition by partition, each whole-corpus one that reads no other measure as one
    task; returns the measures computed.

    A corpus without a store (built in memory) is left to the local path.
    """
    if corpus.location is None:
        return []
    names = list(names or MEASURES)
    keys = keys if keys is not None else MeasureKeys(corpus, settings)
    per_article = _stale(corpus, keys, [n for n in names if MEASURES[n].per_article])
    whole = _stale(corpus, keys, [n for n in names if not MEASURES[n].per_article and not MEASURES[n].needs])
    if not per_article and not whole:
        return []
    engine = engine or get_engine(settings)
    size = slice_size(len(corpus.articles), engine.n_workers)
    parts = split_corpus(corpus, size, engine.n_workers) if per_article else []
    unstored = replace(corpus, location=None)               # the workers read no store
    log.info("computing %s in %d partitions and %s (one task each) on the %s engine",
             ", ".join(per_article) or "nothing", len(parts), ", ".join(whole) or "nothing", engine.name)
    # the study's stance classifier is fitted once, in this process while the workers start on topics and facts,
    # and handed to every partition (each worker fitting its own cost as much CPU as the partitions' actor
    # mentions; fitted on a worker, every partition waited for it there while the other worker computed alone)
    stance = [(study_stance, settings)] if "actor_mentions" in per_article and parts else []
    calls = (stance + [(compute_whole, unstored, settings, name) for name in whole]
             + [(compute_partition, part, settings, per_article, *[Result(0)] * len(stance)) for part in parts])
    results = iter(engine.run(calls, here=len(stance)))
    if stance:
        remember(settings, next(results))
    tables = {}
    for name in whole:
        made = next(results)
        if made is not None:                # None: left to the local path, which raises the error where it runs
            tables[name] = {t: frame.reset_index(drop=True) for t, frame in made.items()}
    results = list(results)
    for name in per_article:
        if any(r[t].attrs.get("disabled_patterns") for r in results for t in MEASURES[name].outputs):
            continue            # a pattern disabled on some workers and not others: left to the local path
        for table in MEASURES[name].outputs:
            joined = concat_parts([r[table] for r in results])
            tables.setdefault(name, {})[table] = in_corpus_order(joined, corpus.articles) if len(parts) > 1 else joined
    made_by = engine.describe()
    store = Store(corpus.location)
    try:
        with store.writing(wait=600) as gen:
            for name, made in tables.items():
                key, record = keys.get(name)
                record = {**record, "key": key}
                record["engine"] = made_by
                for table, frame in made.items():
                    _write_table(frame, gen / f"{table}.parquet", record)
    except StoreError as exc:
        log.warning("%s; %s computed but not cached", exc, ", ".join(tables))
        return []
    return list(tables)
