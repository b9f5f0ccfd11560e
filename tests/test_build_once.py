"""Build once, pass down: one `python -m analysis run` resolves the settings once, walks the corpus folder and
computes the corpus key once, reads each lexicon file once, builds each measure's cache key once and computes
every measure once, then hands that study to the reports; each notebook kernel opens the built corpus and
measures from where the run stored them, with the keys the run built.

Counted, not timed: the functions that do each piece of work are wrapped with counters for one in-process
``run`` on a small corpus with a cold cache.  Notebook execution is replaced by the kernel's start-up run in
process (what ``start`` opens with the parameters the run passes), counted separately.
"""
import sys
from collections import Counter

import pytest

from analysis import cli, lexicons, settings as settings_module
from analysis.corpus import cache, readers
from analysis.measures import registry
from analysis.reporting import render


class Counts:
    def __init__(self):
        self.phase = "run"
        self.seen = {"run": Counter(), "kernels": Counter()}

    def __getitem__(self, what):
        return self.seen[self.phase][what]

    def wrap(self, monkeypatch, module, name, what=None):
        """Count every call of ``module.name`` (and of the same function wherever it was imported by name)."""
        real = getattr(module, name)

        def counted(*args, **kwargs):
            self.seen[self.phase][what(*args) if what else name] += 1
            return real(*args, **kwargs)
        for mod in list(sys.modules.values()):
            if getattr(mod, "__name__", "").startswith("analysis") and getattr(mod, name, None) is real:
                monkeypatch.setattr(mod, name, counted)


@pytest.fixture
def counts(monkeypatch, tmp_path):
    import analysis.reporting.study  # noqa: F401  (imported before wrapping: it imports load_settings by name)
    c = Counts()
    c.wrap(monkeypatch, cache, "corpus_key")
    c.wrap(monkeypatch, readers, "discover")
    c.wrap(monkeypatch, settings_module, "load_settings")
    c.wrap(monkeypatch, registry, "measure_key", what=lambda measure, *a: f"key {measure.name}")
    c.wrap(monkeypatch, lexicons, "read_limited", what=lambda path, *a: f"file {path.resolve()}")
    real_compute = {name: m.compute for name, m in registry.MEASURES.items()}
    for name, m in registry.MEASURES.items():   # Measure is frozen: count through a wrapped copy
        def compute(ctx, _name=name):
            c.seen[c.phase][f"compute {_name}"] += 1
            return real_compute[_name](ctx)
        monkeypatch.setitem(registry.MEASURES, name, registry.Measure(**{**m.__dict__, "compute": compute}))
    monkeypatch.setattr(registry, "TABLES", {t: registry.MEASURES[m.name] for t, m in registry.TABLES.items()})
    monkeypatch.setattr(cache, "CACHE", tmp_path / "cache")          # a cold cache: the corpus is built here

    def kernel(nb_path, parameters, out_path):
        """What a report kernel does first: open the study with the parameters it was given, read its tables."""
        import nbformat
        from analysis.reporting.notebook import start
        c.phase = "kernels"
        try:
            study, _ = start(parameters["study_file"], figures_dir=parameters["figures_dir"],
                             tables_dir=parameters["tables_dir"], overrides=parameters["overrides"])
            study.articles, study.measure("sentiment"), study.measure("frame_matches")
        finally:
            c.phase = "run"
        nb = nbformat.read(nb_path, as_version=4)
        nbformat.write(nb, out_path)
        return nb
    monkeypatch.setattr(render, "execute", kernel)
    return c


def test_one_run_builds_the_study_once_and_hands_it_on(own_study, tmp_path, counts, capsys):
    rc = cli.main(["run", str(own_study.parent / "articles"), "--study", str(own_study),
                   "--reports", str(tmp_path / "reports")])
    assert rc == 0, capsys.readouterr().err
    run, kernels = counts.seen["run"], counts.seen["kernels"]
    with capsys.disabled():
        print("\nrun:", dict(sorted(run.items())), "\nkernels:", dict(sorted(kernels.items())))
    assert run["corpus_key"] == 1
    assert run["discover"] == 1                                          # keyed and ingested from one walk
    assert run["load_settings"] == 1
    keyed = {k: n for k, n in run.items() if k.startswith("key ")}
    assert set(keyed) == {f"key {m}" for m in registry.MEASURES} and set(keyed.values()) == {1}, keyed
    files = {k: n for k, n in run.items() if k.startswith("file ")}
    assert files and all(n == 1 for n in files.values()), files          # every lexicon, rules, study file: once
    computed = {k: n for k, n in run.items() if k.startswith("compute ")}
    assert computed and all(n == 1 for n in computed.values()), computed  # every measure computed once
    n_reports = len(render.notebooks())
    # the kernels open what the run built: no study file read, no corpus key, no folder walked, nothing computed
    assert kernels["corpus_key"] == kernels["discover"] == kernels["load_settings"] == 0
    assert not [k for k in kernels if k.startswith("key ")]           # the run's keys are handed over
    assert not [k for k in kernels if k.startswith("compute ")]
    assert n_reports == 6
    # a second run on the same inputs: the corpus key once, the folder walked once, nothing computed or rendered
    counts.seen = {"run": Counter(), "kernels": Counter()}
    assert cli.main(["run", str(own_study.parent / "articles"), "--study", str(own_study),
                     "--reports", str(tmp_path / "reports")]) == 0
    again = counts.seen["run"]
    with capsys.disabled():
        print("\nsecond run:", dict(sorted(again.items())))
    assert again["corpus_key"] == again["discover"] == again["load_settings"] == 1
    assert set(n for k, n in again.items() if k.startswith("key ")) == {1}
    assert not [k for k in again if k.startswith("compute ")] and not counts.seen["kernels"]
    assert "reports up to date" in capsys.readouterr().out


def test_a_study_record_is_refused_when_it_is_not_one_or_comes_with_overrides(tmp_path):
    import json

    from analysis.errors import SettingsError
    from analysis.reporting.study import open_study
    other = tmp_path / "results.json"
    other.write_text(json.dumps({"accuracy": 0.9}))
    with pytest.raises(SettingsError, match=r"results\.json: not a study record written by a run"):
        open_study(other)
    broken = tmp_path / "study.json"
    broken.write_text("{")
    with pytest.raises(SettingsError, match=r"study\.json: cannot read the study record"):
        open_study(broken)
    with pytest.raises(SettingsError, match="opened as the run built it"):
        open_study(broken, by="leaning")
