"""The Dask engine: the same per-article functions, partition by partition, on a ``dask.distributed`` cluster.

A :class:`DaskEngine` connects to a running scheduler (``engine.scheduler``,
e.g. one started by ``dask-jobqueue`` on a university cluster) or starts a
``LocalCluster`` of worker processes (one per core unless
``engine.workers`` says otherwise, one thread each: the work is pure Python,
so threads would wait on each other) with Dask's own monitoring turned down
(:data:`QUIET`; a cluster started elsewhere keeps its own configuration).  The cluster is started once per
process and reused by every later call; workers import the package once, as soon as they are up
(:data:`PRELOAD`, while the client reads the corpus).

Needs the optional extra: ``pip install -e '.[dask]'``.
"""
from __future__ import annotations

import atexit
import logging
import os
import threading
from typing import Callable, Sequence

import pandas as pd

from ..errors import SettingsError
from .local import Result, split_frame, with_results

log = logging.getLogger(__name__)

# what a LocalCluster's processes do besides the work, every few milliseconds, turned down: the statistical
# profiler walking the task's stack every 10 ms, the system monitor reading /proc every 0.5 s, the memory
# monitor every 0.1 s, the event-loop health tick every 20 ms.  Profiled on 2 busy cores at 5,000 articles, they
# kept each worker's event loop busy for a sixth of the wall time; the memory limit is still enforced.
# Also left as in this process: glibc's malloc.  Dask sets MALLOC_TRIM_THRESHOLD_ for the workers it starts, and
# setting it turns off glibc's moving mmap threshold, so every array over 128 KiB is a fresh mmap, zeroed page by
# page and unmapped when freed: topics and facts at 2,000 articles made 1.9 million page faults each on a worker,
# a fifth of their CPU spent in the kernel.
QUIET = {"distributed.worker.profile.enabled": False, "distributed.admin.system-monitor.interval": "5s",
         "distributed.admin.system-monitor.disk": False, "distributed.worker.memory.monitor-interval": "1s",
         "distributed.admin.tick.interval": "500ms",
         "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}

# the LocalCluster's scheduler serves its HTTP routes (health, metrics) with the dashboard off too, on the
# dashboard's port 8787 unless told otherwise: a port the system gives (on this machine only, as before), so that
# a second cluster (of this process, or of another user of the machine) does not find 8787 taken and warn that it is
SCHEDULER = {"dashboard_address": "127.0.0.1:0"}

# what every worker imports as soon as the cluster is up, while this process reads the corpus (otherwise each
# worker's first partition waits on it: ~1.4 s of CPU); the measures' modules are left to the first measure task,
# so that ingesting alone imports nothing it does not use
PRELOAD = ("analysis.corpus.ingest",)

_CLIENTS: dict[tuple, object] = {}          # one client (and LocalCluster) per configuration, per process
_LOCK = threading.Lock()


def _import_distributed():
    try:
        import distributed
    except ImportError:
        raise SettingsError("engine.name is 'dask' but Dask is not installed; install the extra with "
                            "`pip install -e '.[dask]'` (or use --engine local)") from None
    return distributed


def close_all() -> None:
    """Close every client and LocalCluster this process started."""
    for client in list(_CLIENTS.values()):
        try:
            cluster = client.cluster
            client.close()
            if cluster is not None:
                cluster.close()
        except Exception:                     # the interpreter is exiting: nothing more to do
            pass
    _CLIENTS.clear()


atexit.register(close_all)


class DaskEngine:
    """Partitions of ``partition_size`` articles, mapped over a ``dask.distributed`` cluster.

    Parameters
    ----------
    scheduler : str
        Address of a running scheduler; ``""`` starts a LocalCluster.
    workers : int
        LocalCluster worker processes; 0 means one per core.
    partition_size : int
        Articles per partition.
    memory_limit : str
        Memory per LocalCluster worker (``"auto"``: the machine's memory shared by the workers).
    processes : bool
        LocalCluster workers as processes (the default) or as threads of this process (for tests only: pure
        Python work does not run faster in threads).
    """

    name = "dask"

    def __init__(self, scheduler: str = "", workers: int = 0, partition_size: int = 1000,
                 memory_limit: str = "auto", processes: bool = True):
        self.scheduler = scheduler
        self.workers = workers
        self.partition_size = partition_size
        self.memory_limit = memory_limit
        self.processes = processes

    @property
    def client(self):
        """The ``distributed.Client`` of this configuration (started on first use)."""
        distributed = _import_distributed()
        config = (self.scheduler, self.workers, self.memory_limit, self.processes)
        with _LOCK:
            client = _CLIENTS.get(config)
            if client is not None and client.status == "running":
                return client
            if self.scheduler:
                try:
                    client = distributed.Client(self.scheduler, timeout="30s")
                except (OSError, TimeoutError) as exc:
                    raise SettingsError(f"engine.scheduler {self.scheduler!r}: cannot connect ({exc})") from None
            else:
                import dask

                n = self.workers or os.cpu_count() or 1
                with dask.config.set(QUIET):      # the nannies hand the config to the worker processes they start
                    cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=self.processes,
                                                       memory_limit=self.memory_limit, dashboard_address=None,
                                                       scheduler_kwargs=SCHEDULER)
                    client = distributed.Client(cluster)
            log.info("dask engine: %s", client)
            distributed.fire_and_forget([client.submit(_preload, PRELOAD, workers=[w], allow_other_workers=False,
                                                       pure=False) for w in client.nthreads()])
            _CLIENTS[config] = client
            return client

    @property
    def n_workers(self) -> int:
        """The workers the scheduler has now (asked, not the client's cached view of it, which lags behind)."""
        return len(self.client.nthreads()) or 1

    def split(self, frame: pd.DataFrame, key: str | None = None) -> list[pd.DataFrame]:
        """Consecutive partitions of equal size, at most about ``partition_size`` rows (or articles, with ``key``)
        each, as many as a multiple of the workers."""
        return split_frame(frame, self.partition_size, key, self.n_workers)

    def map(self, func: Callable, parts: Sequence, *args) -> list:
        """``[func(part, *args) for part in parts]``, computed on the cluster; results in partition order.

        The shared arguments (rules, lexicons, settings) are sent to every
        worker once, not once per partition.
        """
        if not parts:
            return []
        client = self.client
        shared = [client.scatter([a], broadcast=True)[0] if _worth_scattering(a) else a for a in args]
        futures = client.map(func, list(parts), *[[a] * len(parts) for a in shared], pure=False)
        try:
            return client.gather(futures)
        finally:
            for f in futures:
                f.release()

    def run(self, calls: Sequence[tuple], here: int = 0) -> list:
        """``[func(*args) for func, *args in calls]``, computed on the cluster (the first ``here`` calls in this
        process); results in call order.

        Each worker computes one call at a time, the first call in the list
        that can start (put the longest first, so the short ones fill the
        other workers meanwhile): a call is handed to a worker only when that
        worker is free, not queued on one ahead of time.  Left to the
        scheduler, the calls went where their data were sent before any ran,
        so both partitions of the per-article measures could queue behind
        topics on one worker while the other finished the facts and stood
        idle.  An argument that several calls share (the same object) is sent
        to every worker once; an argument of one call goes to the worker
        that computes it.  A :class:`~analysis.engine.local.Result` argument
        (an earlier call's result) goes from worker to worker, and its call
        is handed out once that result is made.

        The first ``here`` calls (none may read a ``Result``) are computed in
        this process once the workers have their first calls, and their
        results sent to every worker: a call that every other call waits for
        (the study's stance fit) held one worker while the other computed
        alone, at 5,000 articles 5 of 61 s of task CPU on the critical path.
        This process otherwise only waits while the workers compute.
        """
        if not calls:
            return []
        if any(isinstance(a, Result) for _, *args in calls[:here] for a in args):
            raise ValueError("a call computed in this process cannot read another call's result")
        distributed = _import_distributed()
        client = self.client
        uses: dict[int, int] = {}
        for _, *args in calls:
            for a in args:
                uses[id(a)] = uses.get(id(a), 0) + 1
        shared = {id(a): client.scatter([a], hash=False, broadcast=True)[0]
                  for _, *args in calls for a in args
                  if _worth_scattering(a) and not isinstance(a, Result) and uses[id(a)] > 1}
        free = [w for w, n in client.nthreads().items() for _ in range(n)] or [None]
        futures: list = [None] * len(calls)
        own: list = []
        waiting = list(range(here, len(calls)))
        done = distributed.as_completed()
        on: dict = {}                                   # future key -> the worker slot it holds

        def can_start(k: int) -> bool:
            return all(futures[a.index] is not None and futures[a.index].done()
                       for a in calls[k][1:] if isinstance(a, Result))

        def hand_out() -> None:
            while free and (ready := next((k for k in waiting if can_start(k)), None)) is not None:
                waiting.remove(ready)
                worker = free.pop(0)
                where = {"workers": [worker], "allow_other_workers": True} if worker else {}
                func, *args = calls[ready]
                sent = []
                for a in args:
                    if isinstance(a, Result) or not _worth_scattering(a):
                        sent.append(a)
                    elif id(a) in shared:
                        sent.append(shared[id(a)])
                    else:
                        own.append(client.scatter([a], hash=False, **({"workers": [worker]} if worker else {}))[0])
                        sent.append(own[-1])
                future = client.submit(func, *with_results(sent, futures), pure=False, **where)
                futures[ready] = future
                on[future.key] = worker
                done.add(future)

        try:
            hand_out()
            for k in range(here):                       # while the workers compute what does not wait for it
                func, *args = calls[k]
                futures[k] = client.scatter([func(*args)], hash=False, broadcast=True)[0]
            hand_out()
            for future in done:
                if future.status == "error":
                    future.result()                     # raises the call's error here
                free.append(on.pop(future.key))
                hand_out()
            if waiting:                                 # cannot happen: a Result names an earlier call
                raise RuntimeError(f"calls {waiting} never became ready")
            return client.gather(futures)
        finally:
            for f in [f for f in futures if f is not None] + own + list(shared.values()):
                f.release()

    def describe(self) -> dict:
        return {"engine": self.name, "workers": self.n_workers, "partition_size": self.partition_size,
                "scheduler": self.scheduler or "LocalCluster"}


def _preload(modules: Sequence[str]) -> None:
    """Import ``modules`` (a task on each worker, submitted when the cluster is up and not waited for); one that
    fails to import is left for the first task that needs it to report."""
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:                     # the task that needs it raises the error where it is seen
            pass


def _worth_scattering(value) -> bool:
    return not isinstance(value, (str, int, float, bool, type(None)))
