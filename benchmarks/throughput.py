"""Throughput of the whole pipeline on both engines, against NLTK VADER alone over the same sentences.

    python benchmarks/throughput.py --bbc ../shared/ext/bbc-news/bbc \
        --allsides ../shared/ext/allsides-neus/headline_11_2021-10-19_crawled_all.jsonl \
        [--sizes 1000 5000 20000] [--engines local dask] [--workers 2] [--dup-sizes 100000]

For each size a corpus is built from real sentences (BBC News articles and
AllSides leads, shuffled into articles of four to nine paragraphs under a
real headline, wrapped in page furniture, 20 outlets as CSV exports, about
10% syndicated copies, some with a paragraph added) in a temporary folder.
Each engine then runs in a fresh process (no cache, no warm lexicons; the bundled study's lexicons with the
default word stance model, ``STANCE_MODEL``):
``ingest`` (reading, cleaning, sentences, voices, duplicate grouping) and
every measure, each stage timed in wall-clock and CPU seconds (for the Dask
engine CPU counts the client and every worker; peak RSS is the client's
plus every worker's; its ``cluster_measures`` stage is every measure it
computes on the cluster: the per-article ones partition by partition, topics
and facts as one task each, at once; the corpus names no event, so its facts
are one task).  NLTK's VADER alone over the corpus's sentences is the
reference: ``ratio_cpu`` is the pipeline's CPU time over VADER's (and
``ratio_cpu_distinct`` over VADER's on each distinct sentence once: the
pool of real sentences is fixed, so large corpora repeat most of them).  The time
spent choosing the number of topics is measured inside the topics stage (by
the local engine only: on the Dask engine it runs on a worker).
Duplicate grouping alone is timed on ``--dup-sizes`` articles, by the
default method (every pair's shared 5-grams counted) and, up to 20,000
articles, by MinHash LSH (``engine.duplicates = "minhash"``), with the
copies each finds.

Writes benchmarks/results/throughput.json (``rows``: one per engine and size;
the summary keys the issue names, null where that size or engine was not
run) and rewrites README's "Large corpora" figures from it (``--readme``
does only that).  Progress goes to the terminal; a run of every size is
unattended (each engine and size in its own process, so a failure is a row
with its error and the rest go on).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import RESULTS, require, write_results
from scraped_corpus import SHORT_FURNITURE, sentence_article, with_paragraph_added, write_corpus

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START, END = "<!-- throughput:start -->", "<!-- throughput:end -->"
SUMMARY_SIZE, DUP_SIZE = 20_000, 100_000
STANCE_MODEL = "words"          # the package's default stance model (README "Stance read in context")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'])")


# -- the corpus ---------------------------------------------------------------------------------
def real_text(bbc: Path, allsides: Path) -> tuple[list[str], list[str]]:
    """``(sentences, headlines)`` of the BBC articles and the AllSides leads (sentences of 6 to 60 words)."""
    from roundups_to_jsonl import convert
    from topics import load_bbc

    texts, _ = load_bbc(bbc)
    heads, bodies = [], []
    for t in texts:
        first, _, rest = t.strip().partition("\n")
        heads.append(first.strip())
        bodies.append(rest)
    for row in convert(allsides):
        heads.append(row["title"])
        bodies.append(row["text"])
    sentences = [s.strip() for body in bodies for para in body.split("\n") for s in _SENTENCE_END.split(para)
                 if 6 <= len(s.split()) <= 60]
    return sentences, [h for h in heads if h]


def make_corpus(folder: Path, n: int, sentences: list[str], headlines: list[str], seed: int = 0) -> dict:
    """``n`` articles of real sentences as one CSV export per outlet in ``folder``; returns counts."""
    def page(rng, i, body):
        return "\n".join([rng.choice(SHORT_FURNITURE), rng.choice(headlines), body, rng.choice(SHORT_FURNITURE)])

    return write_corpus(folder, n, random.Random(seed), lambda rng, i: sentence_article(rng, sentences), page,
                        copy=lambda rng, body: with_paragraph_added(rng, body, sentences))


# -- one engine on one corpus (in its own process) ---------------------------------------------------
def _cpu_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _usage():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime, u.ru_maxrss / 1024


def _workers_usage(client) -> tuple[float, float, float]:
    """CPU seconds and peak RSS (MB) summed over the Dask workers, and the largest worker's peak RSS."""
    got = list(client.run(_usage).values())
    return sum(c for c, _ in got), sum(m for _, m in got), max((m for _, m in got), default=0.0)


def run_one(engine: str, corpus_dir: Path, out: Path, workers: int, partition_size: int) -> dict:
    """Ingest and every measure on one engine; the row of the results (seconds per stage)."""
    import analysis.measures.topics as topics_module
    from analysis.corpus import build_corpus
    from analysis.corpus.duplicates import find_duplicates
    from analysis.engine import get_engine
    from analysis.measures import MEASURES, TABLES, load_measure
    from analysis.measures.partitioned import precompute
    from analysis.settings import load_settings

    # the bundled study's lexicons with the default (word) stance model: the context model (the bundled study's
    # choice for its five articles) reads ~15 mentions a second and is not meant for a year of coverage
    settings = load_settings("iraq_coalition", {"corpus": str(corpus_dir), "engine": engine, "engine.workers": workers,
                                                "engine.partition_size": partition_size,
                                                "sentiment.stance_model": STANCE_MODEL})
    eng = get_engine(settings)
    row = {"engine": engine, "workers": workers if engine == "dask" else 1, "partition_size": partition_size,
           "stance_model": settings.sentiment.stance_model}
    t0 = time.perf_counter()
    client = eng.client if engine == "dask" else None           # started before the clock: a cluster is reused
    row["startup_seconds"] = round(time.perf_counter() - t0, 2)
    worker_cpu0 = _workers_usage(client)[0] if client else 0.0
    cpu0, wall0 = _cpu_self(), time.perf_counter()

    def stage(name, work):
        c, w = _cpu_self(), time.perf_counter()
        wc = _workers_usage(client)[0] if client else 0.0
        result = work()
        row[f"{name}_seconds"] = round(time.perf_counter() - w, 2)
        row[f"{name}_cpu"] = round(_cpu_self() - c + ((_workers_usage(client)[0] - wc) if client else 0.0), 2)
        print(f"    {engine:5} {name:22} {row[f'{name}_seconds']:8.1f} s wall {row[f'{name}_cpu']:8.1f} s cpu",
              flush=True)
        return result

    corpus = stage("ingest", lambda: build_corpus(corpus_dir, settings))
    corpus.write(out)
    row["n_sentences"] = len(corpus.sentences)
    row["n_copies_found"] = int((~corpus.articles["is_primary"]).sum())
    dups = time.perf_counter()
    find_duplicates(corpus.articles, settings.ingest.near_duplicate_threshold)   # again, alone: its share of ingest
    row["duplicates_seconds"] = round(time.perf_counter() - dups, 2)

    chosen = {"seconds": 0.0}
    real_choose = topics_module.choose_k

    def timed_choose(*args, **kwargs):
        start = time.perf_counter()
        try:
            return real_choose(*args, **kwargs)
        finally:
            chosen["seconds"] += time.perf_counter() - start
    topics_module.choose_k = timed_choose
    if engine == "dask":
        stage("cluster_measures", lambda: precompute(corpus, settings, engine=eng))
    for name, measure in MEASURES.items():
        if name == "frame_predictions":
            continue                    # the classifier runs only when a study asks for it
        try:
            stage(name, lambda: [load_measure(corpus, t, settings) for t in measure.outputs])
        except ValueError as exc:       # topics on too few units
            row[f"{name}_error"] = str(exc)
    row["choose_k_seconds"] = round(chosen["seconds"], 2) if engine == "local" else None   # dask: on a worker
    row["seconds_wall"] = round(time.perf_counter() - wall0, 2)
    worker_cpu, worker_rss, worker_max = _workers_usage(client) if client else (0.0, 0.0, 0.0)
    row["seconds_cpu"] = round(_cpu_self() - cpu0 + worker_cpu - worker_cpu0, 2)
    row["client_peak_rss_mb"] = round(_usage()[1], 1)
    row["peak_rss_mb"] = round(row["client_peak_rss_mb"] + worker_rss, 1)
    row["worker_peak_rss_mb"] = round(worker_max, 1) if client else None
    row["n_tables"] = len(TABLES)
    return row


def vader_alone(sentences_file: Path) -> dict:
    """NLTK's VADER (plain ``polarity_scores``) over the corpus's sentences: CPU seconds over every sentence
    (``vader_cpu``, the reference of ``ratio_cpu``) and over each distinct sentence once (``vader_cpu_distinct``),
    with ``n_distinct_sentences``.  The corpora draw their sentences from a fixed pool of real ones, so at 20,000
    articles most sentences repeat, far more than in real coverage; the pipeline scores each distinct sentence
    once, so ``ratio_cpu`` flatters it and ``ratio_cpu_distinct`` (the pipeline over VADER on the distinct
    sentences) is the harsher figure."""
    import pyarrow.parquet as pq

    from analysis.measures.vader import fresh_analyzer

    texts = pq.read_table(sentences_file, columns=["text"]).column("text").to_pylist()
    out = {"n_distinct_sentences": len(set(texts))}
    for key, batch in (("vader_cpu", texts), ("vader_cpu_distinct", list(dict.fromkeys(texts)))):
        sia = fresh_analyzer()
        start = _cpu_self()
        for t in batch:
            sia.polarity_scores(t)
        out[key] = round(_cpu_self() - start, 2)
    return out


def time_duplicates(n: int, sentences: list[str]) -> dict:
    """Seconds of duplicate grouping alone on ``n`` generated article texts (~10% copies)."""
    import pandas as pd

    from analysis.corpus.duplicates import find_duplicates
    from analysis.settings import EngineSettings

    rng = random.Random(1)
    texts = []
    for _ in range(n):
        if texts and rng.random() < 0.1:
            texts.append(with_paragraph_added(rng, rng.choice(texts), sentences))
        else:
            texts.append(sentence_article(rng, sentences))
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(n)], "text": texts,
                             "n_words": [len(t.split()) for t in texts]})
    default = EngineSettings().duplicates
    out = {"n_articles": n, "method": default}
    for method in ("exact", "minhash") if n <= SUMMARY_SIZE else (default,):   # datasketch's index is slow
        start = time.perf_counter()
        found = find_duplicates(articles, method=method)
        out[f"{method}_seconds"] = round(time.perf_counter() - start, 2)
        out[f"{method}_copies"] = int((~found["is_primary"]).sum())
        print(f"  duplicates {n:>7,} articles, {method:7}: {out[f'{method}_seconds']:.1f} s, "
              f"{out[f'{method}_copies']:,} copies", flush=True)
    out["default_seconds"], out["default_copies"] = out[f"{default}_seconds"], out[f"{default}_copies"]
    return out


# -- the summary and README ---------------------------------------------------------------------------
def _row(rows, engine, n, workers=None):
    for r in rows:
        if r.get("engine") == engine and r.get("n_articles") == n and "error" not in r \
                and (workers is None or r.get("workers") == workers):
            return r
    return None


def summary(rows: list[dict], dups: list[dict]) -> dict:
    local = _row(rows, "local", SUMMARY_SIZE)
    dask2 = _row(rows, "dask", SUMMARY_SIZE, workers=2)
    dup = next((d for d in dups if d["n_articles"] == DUP_SIZE), None)
    return {
        "ratio_cpu_20k_local": local and local["ratio_cpu"],
        "ratio_cpu_distinct_20k_local": local and local.get("ratio_cpu_distinct"),
        "distinct_sentence_share_20k": local and local.get("n_distinct_sentences")
        and round(local["n_distinct_sentences"] / local["n_sentences"], 3),
        "peak_rss_mb_20k_local": local and local["peak_rss_mb"],
        "choose_k_seconds_20k": local and local["choose_k_seconds"],
        "dup_seconds_100k": dup and dup["default_seconds"],
        "dask_speedup_20k_2workers": (round(local["seconds_wall"] / dask2["seconds_wall"], 2)
                                      if local and dask2 else None),
        "dask_speedup_5k_2workers": _speedup(rows, 5000),
    }


def _speedup(rows: list[dict], n: int) -> float | None:
    """Local wall time over the Dask engine's (2 workers) at ``n`` articles; None unless both ran."""
    local, dask2 = _row(rows, "local", n), _row(rows, "dask", n, workers=2)
    return round(local["seconds_wall"] / dask2["seconds_wall"], 2) if local and dask2 else None


def _whole(value) -> str:
    return "-" if value is None else f"{value:.0f}"


def _one(value) -> str:
    return "-" if value is None else f"{value:.1f}"


def _share(row: dict) -> str:
    n = row.get("n_distinct_sentences")
    return "-" if not n or not row.get("n_sentences") else f"{100 * n / row['n_sentences']:.0f}%"


def readme_block(results: dict) -> str:
    """README's measured figures, from the results (every number here comes from throughput.json)."""
    lines = [START, "",
             f"Measured by `benchmarks/throughput.py` ({results.get('machine', 'machine not recorded')}); "
             "corpora of real BBC and AllSides sentences with page furniture and ~10% copies. "
             "CPU time counts every worker; `x VADER` is the pipeline's CPU time over NLTK VADER alone on the same "
             "sentences. Actor stance by the "
             f"{next((r['stance_model'] for r in results.get('rows', []) if r.get('stance_model')), 'words')} "
             "model (the default; the context model reads about as many mentions a second as README's Validity "
             "section says, far fewer).", "",
             "`distinct` is the share of the corpus's sentences that are distinct: the corpora draw from "
             f"{results.get('pool_sentences', 'a fixed pool of')} real sentences, so large ones repeat most "
             "sentences, far more than real coverage does; the pipeline scores each distinct sentence once "
             "while VADER alone scores every one, so `x VADER` flatters it. `x VADER distinct` divides by VADER "
             "over the distinct sentences only; on coverage whose sentences seldom repeat the pipeline's ratio "
             "is likely to lie between the two (its per-sentence stages grow with the distinct sentences, "
             "reading and splitting with all of them).", "",
             "| engine | articles | wall s | CPU s | x VADER | distinct | x VADER distinct | peak RSS MB | ingest s "
             "| choosing k s |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in sorted(results.get("rows", []), key=lambda r: (r.get("n_articles", 0), r.get("engine", ""))):
        if "error" in r:
            lines.append(f"| {r['engine']} | {r['n_articles']:,} | failed: {r['error'][:60]} | | | | | | | |")
            continue
        who = r["engine"] + (f" ({r['workers']} workers)" if r["engine"] == "dask" else "")
        lines.append(f"| {who} | {r['n_articles']:,} | {r['seconds_wall']:.0f} | {r['seconds_cpu']:.0f} | "
                     f"{r['ratio_cpu']:.1f} | {_share(r)} | {_one(r.get('ratio_cpu_distinct'))} | "
                     f"{r['peak_rss_mb']:.0f} | {r['ingest_seconds']:.0f} | "
                     f"{_whole(r['choose_k_seconds'])} |")
    for r in results.get("rows", []):
        if r.get("worker_peak_rss_mb"):
            lines.append("")
            lines.append(f"Dask, {r['n_articles']:,} articles in partitions of {r['partition_size']:,}: the largest "
                         f"worker peaked at {r['worker_peak_rss_mb']:.0f} MB, the process running the command at "
                         f"{r['client_peak_rss_mb']:.0f} MB.")
    for d in results.get("duplicates", []):
        lines.append("")
        other = (f"; MinHash LSH {d['minhash_seconds']:.1f} s, {d['minhash_copies']:,} copies"
                 if "minhash_seconds" in d and d["method"] != "minhash" else "")
        lines.append(f"Duplicate grouping alone, {d['n_articles']:,} articles: {d['default_seconds']:.1f} s "
                     f"({d['method']}, {d['default_copies']:,} copies found{other}).")
    for n in sorted({r["n_articles"] for r in results.get("rows", [])}):
        speedup = _speedup(results["rows"], n)
        if speedup:
            lines.append("")
            lines.append(f"At {n:,} articles the Dask engine with 2 workers is {speedup:.2f}x as fast as the local "
                         "engine (wall time).")
    lines += ["", END]
    return "\n".join(lines)


def update_readme(results: dict, path: Path = README) -> bool:
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"warning: {path} has no {START} ... {END} block; README not updated", file=sys.stderr)
        return False
    new = text[:text.index(START)] + readme_block(results) + text[text.index(END) + len(END):]
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


# -- the run ----------------------------------------------------------------------------------------
def _run_child(cmd: list[str]) -> tuple[list[str], list[str]]:
    """Run one engine's process, showing its progress as it comes; its result rows and its last error lines."""
    with tempfile.TemporaryFile(mode="w+") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True, cwd=Path(__file__).parent)
        found = []
        for line in proc.stdout:
            if line.startswith("ROW "):
                found.append(line[4:])
            else:
                print(line, end="", flush=True)
        proc.wait()
        err.seek(0)
        errors = [line.strip() for line in err.read().splitlines() if line.strip()]
    return (found if proc.returncode == 0 else []), errors[-5:]


def child(args) -> None:
    row = run_one(args.one, Path(args.corpus), Path(args.out), args.workers, args.partition_size)
    print("ROW " + json.dumps(row), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc", help="the bbc/ folder with one sub-folder per category")
    parser.add_argument("--allsides", help="headline_11_2021-10-19_crawled_all.jsonl (AllSides roundups)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--engines", nargs="+", choices=["local", "dask"], default=["local", "dask"])
    parser.add_argument("--workers", type=int, default=2, help="Dask LocalCluster workers (default 2)")
    parser.add_argument("--partition-size", type=int, default=1000, help="articles per Dask partition")
    parser.add_argument("--dup-sizes", type=int, nargs="*", default=[DUP_SIZE],
                        help="articles for timing duplicate grouping alone (default 100000; none to skip)")
    parser.add_argument("--readme", action="store_true", help="only rewrite README's figures from throughput.json")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return child(args)
    if args.readme:
        results = json.loads((RESULTS / "throughput.json").read_text())
        print("README.md Large corpora figures " + ("updated" if update_readme(results) else "already up to date"))
        return
    load_at_start = os.getloadavg()[0]
    sentences, headlines = real_text(require(args.bbc, "bbc"), require(args.allsides, "allsides"))
    print(f"{len(sentences):,} real sentences, {len(headlines):,} headlines", flush=True)
    rows = []
    for n in sorted(args.sizes):
        with tempfile.TemporaryDirectory() as tmp:
            corpus_dir = Path(tmp) / "corpus"
            made = make_corpus(corpus_dir, n, sentences, headlines)
            print(f"{n:,} articles ({made['n_copies_made']} copies) in {corpus_dir}", flush=True)
            vader = None
            for engine in args.engines:
                out = Path(tmp) / f"out-{engine}"
                cmd = [sys.executable, __file__, "--one", engine, "--corpus", str(corpus_dir), "--out", str(out),
                       "--workers", str(args.workers), "--partition-size", str(args.partition_size)]
                start = time.perf_counter()
                found, errors = _run_child(cmd)
                if not found:
                    error = (errors or ["no output"])[-1]
                    print(f"  {engine} at {n:,} failed: {error}", flush=True)
                    rows.append({"engine": engine, "n_articles": n, "error": error})
                    continue
                row = {**json.loads(found[0]), "n_articles": n, "n_copies_made": made["n_copies_made"]}
                if vader is None:
                    vader = vader_alone(out / "sentences.parquet")
                    print(f"    VADER alone over {row['n_sentences']:,} sentences: {vader['vader_cpu']:.1f} s cpu; "
                          f"over the {vader['n_distinct_sentences']:,} distinct ones: "
                          f"{vader['vader_cpu_distinct']:.1f} s cpu", flush=True)
                row.update(vader)
                row["ratio_cpu"] = round(row["seconds_cpu"] / vader["vader_cpu"], 2) if vader["vader_cpu"] else None
                row["ratio_cpu_distinct"] = (round(row["seconds_cpu"] / vader["vader_cpu_distinct"], 2)
                                             if vader["vader_cpu_distinct"] else None)
                print(f"  {engine} at {n:,}: {row['seconds_wall']:.0f} s wall, {row['seconds_cpu']:.0f} s cpu "
                      f"({row['ratio_cpu']}x VADER), peak {row['peak_rss_mb']:.0f} MB "
                      f"[{time.perf_counter() - start:.0f} s with startup]", flush=True)
                rows.append(row)
    dups = [time_duplicates(n, sentences) for n in args.dup_sizes]
    results = {"rows": rows, "duplicates": dups, "pool_sentences": f"{len(sentences):,}", "sizes": sorted(args.sizes), "engines": args.engines,
               "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
                          f"load average {load_at_start:.1f} at the start",
               "command": " ".join(["python benchmarks/throughput.py", "--sizes", *map(str, sorted(args.sizes)),
                                    "--engines", *args.engines, "--workers", str(args.workers)])}
    flat = summary(rows, dups)
    results.update(flat)
    path = write_results("throughput", results)
    print(f"wrote {path}")
    for key, value in flat.items():
        print(f"{key:30} {value}")
    if update_readme(results):
        print("README.md Large corpora figures updated")


if __name__ == "__main__":
    main()
