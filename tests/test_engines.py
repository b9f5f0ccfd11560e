"""Both engines give the same tables: the five real articles and a generated corpus of 300, every output compared.

The Dask engine runs here on a LocalCluster of two worker processes (the
engine's default kind: every function, table and lexicon crosses a process
boundary as it would on a cluster), with partitions small enough that each
corpus is cut into several.  Ids, counts and text must be equal; scores equal
within float tolerance.  Row order of a measure table may differ (partitions
are concatenated in order; a table sorted over the whole corpus is sorted per
partition), so measure tables are compared row set to row set.
"""
import threading

import numpy as np
import pandas as pd
import pytest

distributed = pytest.importorskip("distributed")

from analysis.corpus import build_corpus                        # noqa: E402
from analysis.measures import TABLES, read_provenance, run_measures, load_measure   # noqa: E402
from analysis.measures.registry import MEASURES                 # noqa: E402
from analysis.settings import load_settings                     # noqa: E402
from generated_corpus import write_corpus                       # noqa: E402

CORPUS_TABLES = ("articles", "sentences", "removed", "report")


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    floats = [c for c in frame.columns if frame[c].dtype.kind == "f"]
    keys = [c for c in frame.columns if c not in floats] + floats
    order = frame.astype(str).sort_values(keys, kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def assert_same(local: pd.DataFrame, dask: pd.DataFrame, name: str, ordered: bool) -> None:
    assert list(local.columns) == list(dask.columns), name
    if not ordered:
        local, dask = _sorted(local), _sorted(dask)
    # scores to one part in a million: each process (the local one, every worker) fits the study's stance
    # classifier itself, and the solver's sums need not run in the same order everywhere; ids, counts and labels
    # are exact
    pd.testing.assert_frame_equal(local.reset_index(drop=True), dask.reset_index(drop=True), check_exact=False,
                                  rtol=1e-6, atol=1e-9, obj=name)


def run_engine(tmp_path, engine, overrides, partition_size):
    settings = load_settings(None, {**overrides, "engine": engine, "engine.workers": 2,
                                    "engine.partition_size": partition_size})
    corpus = build_corpus(settings.corpus, settings)
    corpus.write(tmp_path / engine)
    run_measures(corpus, settings)
    tables = {t: load_measure(corpus, t, settings) for t in TABLES}
    return corpus, tables, settings


@pytest.mark.parametrize("which", ["real", "generated"])
def test_both_engines_give_the_same_tables(tmp_path, which):
    if which == "real":
        overrides, size, n_articles = {}, 2, 5                      # the bundled study on data/raw
    else:
        folder = write_corpus(tmp_path / "corpus", 300)
        # each outlet an event: the facts are clustered per event, with the study's topic read across all of them
        overrides, size, n_articles = {"corpus": str(folder), "k": 4, "actors": "iraq", "frames": ["iraq", "policy"],
                                       "compare.event": "outlet"}, 60, 300
    local, local_tables, _ = run_engine(tmp_path, "local", overrides, size)
    dask, dask_tables, settings = run_engine(tmp_path, "dask", overrides, size)
    assert len(local.articles) == n_articles
    for name in CORPUS_TABLES:
        assert_same(getattr(local, name), getattr(dask, name), name, ordered=True)
    for name in TABLES:
        assert_same(local_tables[name], dask_tables[name], name, ordered=False)
    # the per-article measures were computed by the Dask engine, in several partitions, and so were the
    # whole-corpus ones that read no other measure (topics, facts), not by the local path
    on_cluster = [name for name, measure in MEASURES.items() if measure.per_article or not measure.needs]
    assert {"topics", "facts", "sentiment"} <= set(on_cluster)
    for name in on_cluster:
        made = read_provenance(tmp_path / "dask" / f"{MEASURES[name].outputs[0]}.parquet")
        assert made["engine"]["engine"] == "dask" and made["engine"]["workers"] == 2, name
    assert len(local.articles) > settings.engine.partition_size
    assert sum(len(local_tables[t]) for t in ("sentiment", "frame_matches", "actor_mentions", "quotes")) > 0


def test_a_whole_corpus_measure_that_fails_is_left_to_the_local_path(tmp_path):
    """Topics on one short article cannot be fitted: precompute stores the rest, and loading topics raises the
    error where the command runs (as the local engine would), not inside a worker."""
    from analysis.engine import LocalEngine
    from analysis.measures.partitioned import precompute

    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "a.txt").write_text("Officials met in Baghdad on Monday to discuss the coalition.\n", encoding="utf-8")
    settings = load_settings(None, {"corpus": str(folder)})
    corpus = build_corpus(folder, settings)
    corpus.write(tmp_path / "out")
    done = precompute(corpus, settings, engine=LocalEngine())
    assert {"sentiment", "facts"} <= set(done) and "topics" not in done
    with pytest.raises(ValueError):
        load_measure(corpus, "topics_terms", settings)


def test_a_second_run_on_the_dask_engine_reuses_every_table(tmp_path, monkeypatch):
    """The corpus and every measure the Dask engine stored are read back on a second run of the same inputs:
    nothing is ingested, no cluster is asked for anything, no measure is computed and no file is rewritten."""
    from analysis.corpus import cache, ingest
    from analysis.engine.dask import DaskEngine
    from analysis.measures import registry

    settings = load_settings(None, {"engine": "dask", "engine.workers": 2, "engine.partition_size": 2})
    corpus = cache.load_or_build(settings, cache_dir=tmp_path)
    first = run_measures(corpus, settings)
    stored = {p.name: p.stat().st_mtime_ns for p in corpus.location.iterdir()}
    assert {f"{t}.parquet" for t in first} <= set(stored)

    def refuse(what):
        def refused(*args, **kwargs):
            raise AssertionError(f"{what} on a second run of unchanged inputs")
        return refused
    monkeypatch.setattr(ingest, "build_corpus", refuse("ingest"))
    monkeypatch.setattr(cache, "build_corpus", refuse("ingest"))
    monkeypatch.setattr(DaskEngine, "client", property(refuse("the cluster used")))
    for name, m in registry.MEASURES.items():
        monkeypatch.setitem(registry.MEASURES, name, registry.Measure(**{**m.__dict__, "compute": refuse(name)}))
    monkeypatch.setattr(registry, "TABLES", {t: registry.MEASURES[m.name] for t, m in registry.TABLES.items()})
    again = cache.load_or_build(settings, cache_dir=tmp_path)
    assert again.location == corpus.location
    assert run_measures(again, settings) == first
    assert {p.name: p.stat().st_mtime_ns for p in again.location.iterdir()} == stored


class _Sent:
    status = "finished"

    def __init__(self, value):
        self.value = value
        self.key = id(self)

    def done(self):
        return True

    def release(self):
        pass


class _RecordingClient:
    """Computes at once and records how each argument was sent (what scatter's ``broadcast`` was)."""

    def __init__(self):
        self.broadcast = {}

    def nthreads(self):
        return {"tcp://worker-a": 1, "tcp://worker-b": 1}

    def scatter(self, values, hash=True, broadcast=False, workers=None):
        self.broadcast[id(values[0])] = broadcast
        return [_Sent(v) for v in values]

    def submit(self, func, *args, pure=True, workers=None, allow_other_workers=False):
        return _Sent(func(*[a.value if isinstance(a, _Sent) else a for a in args]))

    def gather(self, futures):
        return [f.value for f in futures]


class _AsCompleted:
    """``distributed.as_completed`` for futures that are done when made: yields them in the order added, also
    those added while it is iterated."""

    def __init__(self):
        self.added = []

    def add(self, future):
        self.added.append(future)

    def __iter__(self):
        while self.added:
            yield self.added.pop(0)


def test_what_several_calls_share_is_sent_to_every_worker_and_the_rest_to_one(monkeypatch):
    """The whole corpus, shared by the topics and facts tasks, on every worker: on one only, both tasks queued
    there while the other worker had the partitions."""
    import distributed

    from analysis.engine.dask import DaskEngine

    client = _RecordingClient()
    monkeypatch.setattr(DaskEngine, "client", property(lambda self: client))
    monkeypatch.setattr(distributed, "as_completed", _AsCompleted)
    shared, own_a, own_b = pd.DataFrame({"x": [1]}), pd.DataFrame({"x": [2]}), pd.DataFrame({"x": [3]})
    total = lambda *frames: sum(int(f["x"].sum()) for f in frames)      # noqa: E731
    assert DaskEngine().run([(total, shared), (total, shared, own_a), (total, own_b)]) == [1, 3, 3]
    assert client.broadcast == {id(shared): True, id(own_a): False, id(own_b): False}


_RELEASED = threading.Event()


def _hold(frame):
    """The long call: waits until the last short call has run (a minute at most, so a failing test ends)."""
    return ("released" if _RELEASED.wait(60) else "never released"), distributed.get_worker().address


def _short(frame, last):
    if last:
        _RELEASED.set()
    return int(frame["x"].sum()), distributed.get_worker().address


def test_each_call_goes_to_the_first_worker_free_not_where_its_data_were_sent():
    """With one call holding a worker, the other calls run on the other worker, one after another: none waits
    behind the long one.  Their data are large enough (50 MB each) that, sent to the workers ahead of time, each
    call ran where its data were: some queued behind the long call on its worker while the other stood idle."""
    from analysis.engine.dask import DaskEngine, close_all

    _RELEASED.clear()
    frames = [pd.DataFrame({"x": np.zeros(6_250_000, dtype=np.int64)}) for _ in range(4)]
    calls = [(_hold, frames[0])] + [(_short, frames[i], i == 3) for i in range(1, 4)]
    try:
        results = DaskEngine(workers=2, processes=False).run(calls)
    finally:
        close_all()
    assert results[0][0] == "released"
    assert [r[0] for r in results[1:]] == [0, 0, 0]
    assert {r[1] for r in results[1:]} == {r[1] for r in results} - {results[0][1]}


def test_a_call_that_reads_an_earlier_result_starts_once_it_is_made():
    from analysis.engine.dask import DaskEngine, close_all
    from analysis.engine.local import Result

    def add(a, b):
        return a + b
    try:
        got = DaskEngine(workers=2, processes=False).run([(add, 1, 2), (add, Result(0), 10), (add, Result(1), 100)])
    finally:
        close_all()
    assert got == [3, 13, 113]


_STARTED = threading.Event()


def _where() -> str:
    try:
        return distributed.get_worker().address
    except ValueError:
        return "this process"


def _after_a_worker_started():
    """A call of this process: waits until a worker has started its call (a minute at most, so a failing test
    ends)."""
    return ("after" if _STARTED.wait(60) else "before a worker started"), _where()


def _start():
    _STARTED.set()
    return "started", _where()


def _reads(earlier):
    return earlier[0], _where()


def test_the_calls_of_this_process_run_while_the_workers_compute_and_their_results_reach_the_workers():
    """``run(calls, here=1)``: the first call is computed in this process once the workers have theirs (it
    waits for a worker's call to start), and a call reading its result gets it on a worker."""
    from analysis.engine.dask import DaskEngine, close_all
    from analysis.engine.local import Result

    _STARTED.clear()
    try:
        engine = DaskEngine(workers=2, processes=False)
        got = engine.run([(_after_a_worker_started,), (_start,), (_reads, Result(0))], here=1)
        with pytest.raises(ValueError, match="cannot read"):
            engine.run([(_start,), (_reads, Result(0))], here=2)
    finally:
        close_all()
    assert got[0] == ("after", "this process")
    assert got[1][0] == "started" and got[1][1] != "this process"
    assert got[2][0] == "after" and got[2][1] != "this process"


def test_a_local_cluster_leaves_the_dashboard_port_to_others():
    """The scheduler's HTTP server (health and metrics routes, served even with the dashboard off) binds a port
    the system gives, not Dask's dashboard port 8787: with 8787 taken (another cluster of this process or of
    another user of the machine) it warned "Port 8787 is already in use"."""
    import socket
    import warnings

    from analysis.engine.dask import DaskEngine, close_all

    taken = socket.socket()
    try:
        taken.bind(("", 8787))
        taken.listen()
    except OSError:
        pass                                # already taken by someone else: the same case
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            engine = DaskEngine(workers=1, processes=False)
            port = engine.client.cluster.scheduler.http_server.port
    finally:
        close_all()
        taken.close()
    assert not [w for w in caught if "already in use" in str(w.message)]
    assert port != 8787


def test_the_workers_of_a_local_cluster_allocate_memory_as_this_process_does(monkeypatch):
    """Dask's default MALLOC_TRIM_THRESHOLD_ for its workers is not set: it turns off glibc's moving mmap threshold,
    and the whole-corpus tasks then spent a fifth of their CPU in page faults; BLAS keeps one thread per worker."""
    import os

    from analysis.engine.dask import DaskEngine, close_all

    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    engine = DaskEngine(workers=1)
    try:
        env = list(engine.client.run(lambda: {k: os.environ.get(k) for k in ("MALLOC_TRIM_THRESHOLD_",
                                                                               "OPENBLAS_NUM_THREADS")}).values())
    finally:
        close_all()
    assert env == [{"MALLOC_TRIM_THRESHOLD_": None, "OPENBLAS_NUM_THREADS": "1"}]
    assert "MALLOC_TRIM_THRESHOLD_" not in os.environ          # nor set in this process by the nanny


def test_workers_preload_imports_and_leaves_a_broken_module_to_its_task(monkeypatch):
    """What each worker imports when the cluster is up: a module that fails to import raises nothing there (the
    first task that needs it reports the error where it is seen), and the others are imported."""
    import sys

    from analysis.engine.dask import PRELOAD, _preload

    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    _preload(["analysis.no_such_module", "colorsys"])
    assert "colorsys" in sys.modules and "analysis.no_such_module" not in sys.modules
    assert all(name.startswith("analysis.") for name in PRELOAD)
