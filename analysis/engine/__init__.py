"""Where the per-article work runs: in this process (``local``) or on a Dask cluster (``dask``).

An engine maps a pure function over the partitions of a DataFrame and gives
the results back in partition order; the caller concatenates them.  Both
engines run the same functions (``analysis.corpus.ingest.process_partition``,
the per-article measures of ``analysis.measures.registry``), so they give the
same tables; only where and how many at a time differs.  The study's
``[engine]`` section (or ``--engine``) chooses one:

>>> engine = get_engine(load_settings())            # doctest: +SKIP
>>> parts = engine.split(records)                   # doctest: +SKIP
>>> results = engine.map(process_partition, parts, rules, sources, speech)   # doctest: +SKIP

This layer sits between the base modules (settings) and ``corpus``: it knows
nothing of what it runs.
"""
from __future__ import annotations

import logging

from ..settings import Settings
from .local import LocalEngine, Result, concat_parts, n_partitions, split_frame


def get_engine(settings: Settings | None = None):
    """The engine the settings name (the local engine by default).

    The Dask engine is imported only when asked for, so the local engine
    needs nothing beyond the core dependencies.
    """
    settings = settings or Settings()
    engine = settings.engine
    if engine.name == "local":
        if engine.scheduler:
            _unused_scheduler(settings)
        return LocalEngine()
    from .dask import DaskEngine
    return DaskEngine(scheduler=engine.scheduler, workers=engine.workers, partition_size=engine.partition_size,
                      memory_limit=engine.memory_limit)


_WARNED: set[tuple] = set()          # the unused schedulers already warned about, once per process


def _unused_scheduler(settings: Settings) -> None:
    """Warn once that ``engine.scheduler`` is set while the local engine runs: not an error, since a study written
    for a cluster is also run with ``--engine local``, but the researcher should know no cluster is used."""
    key = (settings.origin("engine.scheduler"), settings.engine.scheduler)
    if key in _WARNED:
        return
    _WARNED.add(key)
    logging.getLogger(__name__).warning(
        "%s: engine.scheduler is %r but engine.name is 'local' (%s), so the scheduler is not used; set engine.name "
        "= \"dask\" (or --engine dask) to run on it, or remove engine.scheduler", key[0], key[1],
        settings.origin("engine.name"))


def shutdown() -> None:
    """Stop the Dask clusters this process started (also done at exit); nothing when none was started."""
    import sys

    module = sys.modules.get(f"{__name__}.dask")
    if module is not None:
        module.close_all()


__all__ = ["get_engine", "shutdown", "LocalEngine", "Result", "n_partitions", "split_frame", "concat_parts"]
