"""Where the CPU goes: ingestion and each measure timed stage by stage, against NLTK VADER alone.

    python benchmarks/profile_stages.py --bbc ../shared/ext/bbc-news/bbc \
        --allsides ../shared/ext/allsides-neus/headline_11_2021-10-19_crawled_all.jsonl [--articles 2000]

The corpus is built from real sentences (:func:`make_corpus`): each article is
a BBC News article's paragraphs (its first line the headline), some with a
paragraph of an AllSides article's lead added, wrapped in page furniture
("Share this article", a breadcrumb, a newsletter line), spread over 20
outlets as one CSV per outlet, about 10% of them syndicated copies of an
earlier article.  It is written to a temporary folder (``--keep DIR`` keeps
it, e.g. to profile ``python -m analysis ingest DIR`` with pyinstrument).

Then, in one process, as ``python -m analysis ingest`` and ``analyse`` run
them with the bundled Iraq study's lexicons (so actors are looked for):
``build_corpus`` + writing the tables, with the time spent inside each
ingestion step (reading, boilerplate rules, sentence splitting, debris,
metadata, voices and attributions, duplicates, writing the tables; ``cpu_ingest_other_seconds`` is
the rest: reading records into a table, each article's own fields, its hashes); then each measure in the
order ``analyse`` computes them; then NLTK's VADER alone over the same
sentences (the reference: "how many times VADER alone does the whole cost").
Times are CPU seconds of this process (``time.process_time``; BLAS threads
included) and wall seconds.  Writes ``benchmarks/results/profile.json``
(``--name`` another name), a flat object: ``cpu_<stage>_seconds`` per stage,
``cpu_topics_choose_k_seconds`` (inside ``cpu_topics_seconds``),
``cpu_ingest_seconds``, ``cpu_analyse_seconds``, ``cpu_total_seconds``,
``vader_cpu_seconds``, ``ratio_cpu`` (total / VADER alone), ``wall_*``
likewise, ``peak_rss_mb``, the corpus size and the commit measured.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from common import require, write_results
from scraped_corpus import FURNITURE, write_corpus


def _bbc_articles(root: Path) -> list[tuple[str, list[str]]]:
    """``(headline, paragraphs)`` of every BBC article, in folder order."""
    from topics import load_bbc

    out = []
    for text in load_bbc(root)[0]:
        lines = [x.strip() for x in text.split("\n") if x.strip()]
        if len(lines) >= 2:
            out.append((lines[0], lines[1:]))
    return out


def _allsides_paragraphs(path: Path) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            for item in (json.loads(line).get("news") or {}).values():
                out.extend(p.strip() for p in item.get("newBody") or [] if p and len(p.strip()) > 40)
    return out


def make_corpus(folder: Path, n: int, bbc: Path, allsides: Path, seed: int = 0) -> None:
    """Write ``n`` scraped-looking articles built from real BBC and AllSides sentences into ``folder``."""
    rng = random.Random(seed)
    articles, extra = _bbc_articles(bbc), _allsides_paragraphs(allsides)
    order = list(range(len(articles)))
    rng.shuffle(order)

    def new_article(rng, i):
        title, paras = articles[order[i % len(order)]]
        paras = list(paras)
        if i >= len(order):                             # past one pass over BBC: another order of paragraphs
            rng.shuffle(paras)
        if rng.random() < 0.5:
            paras.insert(rng.randint(1, len(paras)), rng.choice(extra))
        return title, "\n\n".join(paras)

    def page(rng, i, article):
        title, body = article
        return "\n".join([rng.choice(FURNITURE), title, "", body, "", rng.choice(FURNITURE), rng.choice(FURNITURE)])

    write_corpus(folder, n, rng, new_article, page)


class Stages:
    """CPU and wall seconds accumulated per named stage, by wrapping module functions in place."""

    def __init__(self):
        self.cpu: dict[str, float] = {}
        self.wall: dict[str, float] = {}
        self._undo = []

    @contextmanager
    def time(self, name: str):
        c0, w0 = time.process_time(), time.perf_counter()
        try:
            yield
        finally:
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - c0
            self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - w0

    def wrap(self, module, attr: str, name: str) -> None:
        """Time every call of ``module.attr`` as stage ``name`` (skipped when the attribute does not exist)."""
        fn = getattr(module, attr, None)
        if fn is None:
            return
        stages = self

        def timed(*args, **kwargs):
            with stages.time(name):
                return fn(*args, **kwargs)

        setattr(module, attr, timed)
        self._undo.append((module, attr, fn))

    def restore(self) -> None:
        for module, attr, fn in reversed(self._undo):
            setattr(module, attr, fn)
        self._undo.clear()


def _ingest_steps(stages: Stages) -> None:
    """The ingestion steps timed inside ``build_corpus`` (each function as ``ingest.py`` calls it)."""
    from analysis.corpus import clean, ingest, metadata, readers, sentences, tables, voices

    stages.wrap(readers, "read_file", "ingest_read")
    stages.wrap(clean, "clean_lines", "ingest_boilerplate")
    stages.wrap(sentences, "structure", "ingest_structure")
    stages.wrap(sentences, "sentence_columns", "ingest_sentence_split")   # splitting and each sentence's columns
    stages.wrap(ingest, "find_debris", "ingest_debris")
    for name in ("find_outlet", "read_relay", "outlet_from_url", "find_published", "split_dateline",
                 "no_relay_evidence"):
        stages.wrap(metadata, name, "ingest_metadata")
    stages.wrap(voices, "sentence_voices", "ingest_voices")           # before the attributions table
    stages.wrap(voices, "read_voices", "ingest_voices")               # with it (attributions and voice shares)
    stages.wrap(ingest, "find_duplicates", "ingest_duplicates")
    stages.wrap(tables.Corpus, "write", "ingest_write")               # the tables written as Parquet


def _commit() -> str:
    try:
        root = Path(__file__).resolve().parents[1]
        rev = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "analysis"], capture_output=True,
                               text=True, check=True).stdout.strip()
        return rev + ("+changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def profile(corpus_dir: Path, out: Path, study: str = "iraq_coalition", skip=()) -> dict:
    """Ingest ``corpus_dir`` into ``out``, compute every measure but ``skip``, and time VADER alone: the flat
    results."""
    import analysis
    from analysis.corpus import Corpus, build_corpus
    from analysis.measures import run_measures
    from analysis.measures.registry import MEASURES, load_measure
    from analysis.measures.vader import fresh_analyzer
    from analysis.settings import load_settings

    settings = load_settings(study).with_overrides({"corpus": str(corpus_dir)})
    stages = Stages()
    _ingest_steps(stages)
    try:
        with stages.time("ingest"):
            corpus = build_corpus(corpus_dir, settings)
            corpus.write(out)
    finally:
        stages.restore()
    corpus = Corpus.load(out)              # as `analyse` does
    from analysis.measures import topics
    stages.wrap(topics, "choose_k", "topics_choose_k")
    names = [n for n in MEASURES if (n != "frame_predictions" or settings.compare.frames_method == "classifier")
             and n not in skip]
    try:
        with stages.time("analyse"):
            for name in names:
                with stages.time(name):
                    for table in MEASURES[name].outputs:
                        load_measure(corpus, table, settings)
    finally:
        stages.restore()
    assert run_measures(corpus, settings, names)           # everything is cached now: this only reads
    texts = corpus.sentences["text"].tolist()
    vader = fresh_analyzer()
    with stages.time("vader"):
        for t in texts:
            vader.polarity_scores(t)

    r = {"n_articles": len(corpus.articles), "n_sentences": len(texts),
         "n_duplicate_copies": int((~corpus.articles["is_primary"]).sum()), "study": study,
         "skipped": " ".join(skip), "package_version": analysis.__version__, "commit": _commit(), "python": sys.version.split()[0]}
    for kind, table in (("cpu", stages.cpu), ("wall", stages.wall)):
        for stage, seconds in table.items():
            if stage in ("ingest", "analyse", "vader"):
                continue
            r[f"{kind}_{stage}_seconds"] = round(seconds, 2)
        total = table["ingest"] + table["analyse"]
        r[f"{kind}_ingest_seconds"] = round(table["ingest"], 2)
        r[f"{kind}_analyse_seconds"] = round(table["analyse"], 2)
        r[f"{kind}_total_seconds"] = round(total, 2)
        r[f"vader_{kind}_seconds"] = round(table["vader"], 2)
        r[f"ratio_{kind}"] = round(total / table["vader"], 2)
    inside = sum(v for k, v in stages.cpu.items() if k.startswith("ingest_"))
    r["cpu_ingest_other_seconds"] = round(stages.cpu["ingest"] - inside, 2)
    r["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc", help="the bbc/ folder with one sub-folder per category")
    parser.add_argument("--allsides", help="headline_11_2021-10-19_crawled_all.jsonl (AllSides roundups)")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--study", default="iraq_coalition", help="bundled study name or study file")
    parser.add_argument("--keep", help="write the generated corpus here (and keep it) instead of a temporary folder")
    parser.add_argument("--skip", nargs="*", default=[],
                        help="measures left out (default: none; facts, once left out for the memory of one event's "
                             "similarity matrix, are now blocked and bounded)")
    parser.add_argument("--name", default="profile", help="results file name (benchmarks/results/NAME.json)")
    args = parser.parse_args()
    bbc, allsides = require(args.bbc, "bbc"), require(args.allsides, "allsides")
    with tempfile.TemporaryDirectory() as tmp:
        corpus_dir = Path(args.keep) if args.keep else Path(tmp) / "corpus"
        corpus_dir.mkdir(parents=True, exist_ok=True)
        make_corpus(corpus_dir, args.articles, bbc, allsides)
        results = profile(corpus_dir, Path(tmp) / "out", args.study, tuple(args.skip))
    path = write_results(args.name, results)
    width = max(map(len, results))
    for key, value in results.items():
        print(f"{key:{width}} {value}")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
