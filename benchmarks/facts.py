"""Facts across outlets: the clustering against hand groupings, the choice of its threshold, and its scale.

    python benchmarks/facts.py \
        --allsides ../shared/ext/allsides-neus/headline_11_2021-10-19_crawled_all.jsonl \
        [--bbc ../shared/ext/bbc-news/bbc]

Four parts, each written to benchmarks/results/facts.json:

* **Threshold** (``dev_*``, part = development): the package's clustering on
  ``data/coding/facts_roundups_dev.csv``, the sentences of AllSides
  roundups 9-20 of the file (in file order; never the first eight, which are
  the external test below) grouped into facts by the package's author.  The
  pairwise F1 at each threshold of a grid is recorded; the package's
  :data:`~analysis.measures.facts.THRESHOLD` was set from this curve, before
  either coder's sheet was opened.
* **The five articles** (``seed_*``, part = held-out): the ``facts`` measure
  of the bundled study against ``data/coding/facts_iraq_coder1.csv``, the
  sentences of the five articles grouped into facts by a coder blind to the
  package's output (rules in ``data/coding/README.md``).
* **AllSides** (``allsides_*``, part = external): the same against
  ``data/coding/facts_roundups_coder1.csv``, the first eight roundups of
  the file (left / centre / right) split into sentences and grouped by the
  coder.  The coder's sentences are matched to the package's by text.

The two AllSides sheets hold where each sentence is (roundup, side, title or
paragraph, offsets, and a hash of the text), not the text itself, which
belongs to the outlets: it is read from the file given with ``--allsides``.
* **Scale** (``scale_*``): CPU seconds to cluster a generated corpus of up
  to 3,000 articles as the number of events grows (75 articles per event):
  the work is per event, so time should grow linearly (seconds per event
  about constant).
* **One event** (``one_event_*``, with ``--bbc``): CPU seconds to cluster
  one event of 1,000, 5,000 and 20,000 articles built from real BBC News
  sentences (:func:`bbc_event`), as when a study names no event column: the
  similarity graph is blocked (pairs proposed by shared rare terms only), so
  the time per 1,000 articles should stay about constant.

Scores.  Only sentences the coder gave a fact (not ``none``) are scored.  A
*pair* is two such sentences of **different articles** (the question is
which facts articles share); the coder's same-fact pairs are the truth, the
package's same-cluster pairs the prediction: precision, recall and F1 of
pairs.  A sentence alone in its fact (a singleton, for the coder or the
package) forms no pair: it adds nothing to the truth, and costs precision
only when the package puts it with others.  A sentence the package leaves
out (a heading, fewer than three content terms) is a singleton of the
package.  The adjusted Rand index compares the two partitions of the scored
sentences, singletons included.  Beside them, the trivial baseline of one
fact per event (every pair predicted same).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from common import require, write_results

ROOT = Path(__file__).resolve().parents[1]
DEV = Path(__file__).resolve().parents[1] / "data" / "coding" / "facts_roundups_dev.csv"
SEED = ROOT / "data" / "coding" / "facts_iraq_coder1.csv"
ALLSIDES_CODED = Path(__file__).resolve().parents[1] / "data" / "coding" / "facts_roundups_coder1.csv"
GRID = [round(x, 2) for x in np.arange(0.05, 0.71, 0.05)]
NONE = "none"

sys.path.insert(0, str(ROOT))
from analysis.measures.facts import FACT_POSITIONS, THRESHOLD, FactClusterer, fact_clusters, study_topic  # noqa: E402


# -- scores --------------------------------------------------------------------------------
def pair_scores(units: pd.DataFrame) -> dict:
    """Pairwise precision / recall / F1 and ARI of ``units`` (``event``, ``article``, ``fact``, ``pred``).

    ``fact`` is the coder's (``"none"`` rows are dropped); ``pred`` the package's cluster (-1 or NaN: left out,
    a singleton).  Pairs are cross-article pairs within an event.
    """
    u = units[units["fact"].astype(str).str.strip().str.lower() != NONE].reset_index(drop=True)
    pred = u["pred"].astype(object).where(u["pred"].notna() & (u["pred"].astype(str) != "-1"))
    pred = [f"{e}|{p}" if p is not None and not (isinstance(p, float) and np.isnan(p)) else f"solo{i}"
            for i, (e, p) in enumerate(zip(u["event"], pred))]
    gold = [f"{e}|{f}" for e, f in zip(u["event"], u["fact"])]
    tp = fp = fn = every = 0
    for i, j in combinations(range(len(u)), 2):
        if u.at[i, "event"] != u.at[j, "event"] or u.at[i, "article"] == u.at[j, "article"]:
            continue
        g, p = gold[i] == gold[j], pred[i] == pred[j]
        tp += g and p
        fp += p and not g
        fn += g and not p
        every += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    base_p = (tp + fn) / every if every else 0.0        # one fact per event: every pair predicted same
    base_f1 = 2 * base_p / (base_p + 1) if base_p else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "pairs": int(tp + fn), "predicted_pairs": int(tp + fp), "cross_article_pairs": int(every),
            "ari": round(adjusted_rand_score(gold, pred), 4) if len(u) > 1 else float("nan"),
            "sentences": int(len(u)), "facts": int(len(set(gold))), "baseline_one_fact_f1": round(base_f1, 4)}


def cluster_units(units: pd.DataFrame, clusterer: FactClusterer) -> pd.Series:
    """The package's cluster of each unit (``event``, ``article``, ``position``, ``text``), clustered per event
    as the ``facts`` measure does (headings and short sentences left out: -1; the study's topic terms, those
    most other events use, no evidence of one fact)."""
    pred = pd.Series(-1, index=units.index)
    ok = units[units["position"].isin(FACT_POSITIONS)]
    topic = study_topic(clusterer.bags(ok["text"].tolist()), ok["event"])
    for event, part in ok.groupby("event"):
        pred.loc[part.index] = clusterer.fit_predict(part["text"].tolist(), part["position"].tolist(),
                                                     topic.get(event, frozenset()))
    return pred


# -- the sheets hold where each sentence is, not its text (the dataset is not ours to copy) ----------------
def with_text(sheet: pd.DataFrame, allsides_file: Path, key: str) -> pd.DataFrame:
    """``sheet`` with its ``text`` read from the AllSides file: each row names its roundup (``event_id``: the
    AllSides id when ``key`` is ``"id"``, the line number from 0 when ``"index"``), ``side``, ``field``
    (``title`` or ``bodyK``, the K-th paragraph) and ``start``/``end``; ``text_sha256`` (first 16 hex digits)
    checks that the file is the one the sheet was coded from."""
    with open(allsides_file, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    lookup = {str(r["id"]): r for r in records} if key == "id" else dict(enumerate(records))
    texts = []
    for _, row in sheet.iterrows():
        record = lookup.get(row["event_id"] if key == "id" else int(row["event_id"]))
        news = ((record or {}).get("news") or {}).get(row["side"]) or {}
        field = row["field"]
        whole = news.get("newsTitle") or "" if field == "title" else \
            ((news.get("newBody") or [])[int(field[4:]):] or [""])[0]
        text = whole[int(row["start"]):int(row["end"])]
        if hashlib.sha256(text.encode()).hexdigest()[:16] != row["text_sha256"]:
            sys.exit(f"error: {allsides_file} is not the file the sheet was coded from: roundup {row['event_id']}, "
                     f"{row['side']}, {field} does not hold the coded sentence")
        texts.append(text)
    return sheet.assign(text=texts)


# -- parts -------------------------------------------------------------------------------
def choose_threshold(allsides_file: Path, path: Path = DEV) -> dict:
    dev = with_text(pd.read_csv(path, dtype=str, keep_default_na=False), allsides_file, "index")
    dev = dev.assign(event=dev["event_id"].astype(str), article=dev["event_id"].astype(str) + "-" + dev["side"])
    curve = {}
    for t in GRID:
        s = pair_scores(dev.assign(pred=cluster_units(dev, FactClusterer(threshold=t))))
        curve[f"{t:.2f}"] = s["f1"]
    best = max(curve, key=lambda k: (curve[k], -abs(float(k) - THRESHOLD)))
    at = pair_scores(dev.assign(pred=cluster_units(dev, FactClusterer())))
    return {"dev_threshold_curve_f1": curve, "dev_best_threshold": float(best), "dev_fact_pair_f1": at["f1"],
            "dev_fact_pair_precision": at["precision"], "dev_fact_pair_recall": at["recall"],
            "dev_fact_pairs": at["pairs"], "dev_fact_ari": at["ari"], "dev_events": int(dev["event"].nunique()),
            "dev_sentences": at["sentences"], "dev_part": "development (threshold chosen here)",
            "dev_sheet": str(path.relative_to(ROOT)), "threshold": THRESHOLD}


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", str(text).lower().replace("’", "'")).strip()


def seed(path: Path = SEED) -> dict:
    from analysis import open_study
    coded = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"unit_id", "article_id", "sentence_id", "position", "text", "fact"} - set(coded.columns)
    if missing:
        sys.exit(f"error: {path} lacks the columns {', '.join(sorted(missing))}")
    study = open_study()
    facts = study.measure("facts")
    sentences = study.sentences.astype({"sentence_id": str})
    key = coded.merge(sentences[["article_id", "sentence_id", "text"]], on=["article_id", "sentence_id"],
                      how="left", suffixes=("", "_corpus"))
    bad = key[key["text_corpus"].isna() | (key["text"].map(_norm) != key["text_corpus"].fillna("").map(_norm))]
    if len(bad):
        rows = ", ".join(bad["unit_id"].head(5))
        sys.exit(f"error: {path}: {len(bad)} rows do not match a sentence of the corpus by id and text "
                 f"(first: {rows}); the corpus or the sheet changed")
    pred = facts.astype({"sentence_id": str}).set_index(["article_id", "sentence_id"])["fact_id"]
    units = coded.assign(event="all", article=coded["article_id"],
                         pred=[pred.get((a, s), -1) for a, s in zip(coded["article_id"], coded["sentence_id"])])
    s = pair_scores(units)
    copies = int((~study.articles["is_primary"]).sum())
    return {**{f"seed_fact_pair_{k}": v for k, v in s.items() if k in ("precision", "recall", "f1")},
            "seed_fact_pairs": s["pairs"], "seed_fact_predicted_pairs": s["predicted_pairs"],
            "seed_fact_ari": s["ari"], "seed_fact_sentences": s["sentences"], "seed_fact_facts": s["facts"],
            "seed_fact_baseline_one_fact_f1": s["baseline_one_fact_f1"], "seed_fact_part": "held-out",
            "seed_fact_copies_in_corpus": copies, "seed_fact_sheet": str(path.relative_to(ROOT))}


def _package_sentences(allsides: Path, limit: int) -> pd.DataFrame:
    """The package's sentences of the first ``limit`` roundups, through ingest and the facts measure."""
    from roundups_to_jsonl import convert, write_jsonl

    from analysis import open_study
    rows = convert(allsides, limit)
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_jsonl(rows, Path(tmp) / "corpus" / "allsides.jsonl").parent
        study = open_study(folder, event="event", by="leaning", cache_dir=Path(tmp) / "cache")
        s = study.sentences.merge(study.articles[["article_id", "event", "leaning", "outlet"]], on="article_id")
        f = study.measure("facts")
        s = s.merge(f[["article_id", "sentence_id", "fact_id"]], on=["article_id", "sentence_id"], how="left")
    return s


def _match(coded: pd.DataFrame, package: pd.DataFrame) -> pd.Series:
    """For each coder sentence, the index of the package sentence with the same text (same side), else the one
    sharing most of its words (at least half); -1 when none does."""
    words = {i: set(_norm(t).split()) for i, t in package["text"].items()}
    norm = package["text"].map(_norm)
    out = []
    for _, r in coded.iterrows():
        side = package[package["leaning"].str.lower() == str(r["side"]).lower()]
        exact = side.index[norm[side.index] == _norm(r["text"])]
        if len(exact):
            out.append(exact[0])
            continue
        mine = set(_norm(r["text"]).split())
        best, score = -1, 0.5
        for i in side.index:
            overlap = len(mine & words[i]) / max(len(mine), 1)
            if overlap > score:
                best, score = i, overlap
        out.append(best)
    return pd.Series(out, index=coded.index)


def allsides(path: Path, allsides_file: Path, limit: int = 8) -> dict:
    coded = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"event_id", "side", "field", "start", "end", "text_sha256", "fact"} - set(coded.columns)
    if missing:
        sys.exit(f"error: {path} lacks the columns {', '.join(sorted(missing))}")
    coded = with_text(coded, allsides_file, "id")
    package = _package_sentences(allsides_file, limit)
    idx = _match(coded, package)
    unmatched = int((idx < 0).sum())
    pred = [package.at[i, "fact_id"] if i >= 0 and isinstance(package.at[i, "fact_id"], str) else -1 for i in idx]
    units = coded.assign(event=coded["event_id"], article=coded["event_id"] + "-" + coded["side"], pred=pred)
    s = pair_scores(units)
    return {**{f"allsides_fact_pair_{k}": v for k, v in s.items() if k in ("precision", "recall", "f1")},
            "allsides_fact_pairs": s["pairs"], "allsides_fact_predicted_pairs": s["predicted_pairs"],
            "allsides_fact_ari": s["ari"], "allsides_fact_sentences": s["sentences"],
            "allsides_fact_events": int(coded["event_id"].nunique()),
            "allsides_fact_baseline_one_fact_f1": s["baseline_one_fact_f1"], "allsides_fact_part": "external",
            "allsides_fact_unmatched_sentences": unmatched, "allsides_fact_sheet": str(path.relative_to(ROOT))}


# -- scale ---------------------------------------------------------------------------------
_VOCAB = [f"w{i}" for i in range(3000)]


def generated_corpus(n_events: int, articles_per_event: int = 75, facts_per_event: int = 25,
                     sentences_per_article: int = 8, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A synthetic corpus: each event has its facts (a name, a number and eight words each); each article
    states some of them, each sentence a fact's words with some dropped and others added."""
    rng = np.random.default_rng(seed)
    arts, sents = [], []
    for e in range(n_events):
        facts = [(f"Name{e}x{k}", str(rng.integers(10, 10_000)), list(rng.choice(_VOCAB, 8, replace=False)))
                 for k in range(facts_per_event)]
        for a in range(articles_per_event):
            aid = f"e{e}a{a}"
            arts.append({"article_id": aid, "event": f"event {e}"})
            for s, k in enumerate(rng.choice(facts_per_event, sentences_per_article, replace=False)):
                name, number, words = facts[k]
                kept = [w for w in words if rng.random() > 0.3] + list(rng.choice(_VOCAB, 3))
                rng.shuffle(kept)
                sents.append({"article_id": aid, "sentence_id": s, "position": "headline" if s == 0 else "body",
                              "text": f"The {name} said {number} " + " ".join(kept) + "."})
    return pd.DataFrame(arts), pd.DataFrame(sents)


def scale(events=(5, 10, 20, 40), articles_per_event: int = 75) -> dict:
    seconds = {}
    for n in events:
        articles, sentences = generated_corpus(n, articles_per_event)
        best = float("inf")
        for _ in range(2):       # CPU seconds, best of two: the machines are shared, wall time is noisy
            start = time.process_time()
            fact_clusters(sentences, articles, "event")
            best = min(best, time.process_time() - start)
        seconds[str(n)] = round(best, 2)
    per_event = [seconds[str(n)] / n for n in events]
    return {"scale_cpu_seconds_by_events": seconds, "scale_articles_per_event": articles_per_event,
            "scale_sentences_per_article": 8,
            "scale_max_articles": int(max(events) * articles_per_event),
            "scale_seconds_per_event_min": round(min(per_event), 3),
            "scale_seconds_per_event_max": round(max(per_event), 3)}


def bbc_event(n_articles: int, bbc: Path, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n_articles`` articles of one event built from real BBC News sentences: each a BBC article (its first
    line the headline, its first paragraph the lead), cycled past one pass over the folder with its paragraphs
    in another order (as ``profile_stages.py`` builds its corpus), so wording repeats the way agency copy does."""
    import random

    from topics import load_bbc

    from analysis.corpus.sentences import split_sentences

    rng = random.Random(seed)
    pool = []
    for text in load_bbc(bbc)[0]:
        lines = [x.strip() for x in text.split("\n") if x.strip()]
        if len(lines) >= 2:
            pool.append((lines[0], [[p[a:b] for a, b in split_sentences(p)] for p in lines[1:]]))
    order = list(range(len(pool)))
    rng.shuffle(order)
    arts, sents = [], []
    for i in range(n_articles):
        title, paras = pool[order[i % len(order)]]
        paras = list(paras)
        if i >= len(order):
            rng.shuffle(paras)
        aid = f"a{i}"
        arts.append({"article_id": aid})
        rows = [(title, "headline")] + [(s, "lead" if k == 0 else "body") for k, p in enumerate(paras) for s in p]
        sents += [{"article_id": aid, "sentence_id": j, "position": pos, "text": t} for j, (t, pos) in enumerate(rows)]
    return pd.DataFrame(arts), pd.DataFrame(sents)


def one_event(bbc: Path, sizes=(1000, 5000, 20000)) -> dict:
    """CPU seconds to cluster one event of ``sizes`` articles (no event column: the whole corpus is one event,
    as when a study names none): the blocking of the similarity graph should keep this about linear."""
    seconds, statements = {}, {}
    for n in sizes:
        articles, sentences = bbc_event(n, bbc)
        start = time.process_time()
        facts = fact_clusters(sentences, articles, None)
        seconds[str(n)] = round(time.process_time() - start, 2)
        statements[str(n)] = int(len(facts))
        print(f"one event of {n} articles: {seconds[str(n)]} CPU s, {len(facts)} statements", flush=True)
    per = [seconds[str(n)] / n * 1000 for n in sizes]
    return {"one_event_cpu_seconds_by_articles": seconds, "one_event_statements_by_articles": statements,
            "one_event_cpu_seconds_per_1000_articles_min": round(min(per), 2),
            "one_event_cpu_seconds_per_1000_articles_max": round(max(per), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--allsides", help="headline_11_2021-10-19_crawled_all.jsonl (for the external part)")
    parser.add_argument("--seed-sheet", default=str(SEED), help="the coder's grouping of the five articles")
    parser.add_argument("--allsides-sheet", default=str(ALLSIDES_CODED), help="the coder's grouping of AllSides")
    parser.add_argument("--bbc", help="the BBC News folder (for the one-event scale part)")
    parser.add_argument("--one-event-sizes", type=int, nargs="+", default=[1000, 5000, 20000],
                        help="articles in the one event of the one-event part")
    parser.add_argument("--only", choices=["threshold", "seed", "allsides", "scale", "one_event"], action="append",
                        help="run only these parts (default: all whose data are present)")
    args = parser.parse_args()
    parts = args.only or ["threshold", "seed", "allsides", "scale"] + (["one_event"] if args.bbc else [])
    path = Path(__file__).parent / "results" / "facts.json"
    results = json.loads(path.read_text()) if path.exists() else {}

    def replace(prefixes: tuple[str, ...], new: dict) -> None:      # a part's old keys go, so none is stale
        for key in [k for k in results if k.startswith(prefixes)]:
            del results[key]
        results.update(new)

    if "threshold" in parts:
        replace(("dev_", "threshold"), choose_threshold(require(args.allsides, "allsides")))
    if "seed" in parts:
        if Path(args.seed_sheet).exists():
            replace(("seed_",), seed(Path(args.seed_sheet)))
        else:
            print(f"no coder sheet at {args.seed_sheet}: the five-article figures are not computed")
    if "allsides" in parts:
        if Path(args.allsides_sheet).exists():
            replace(("allsides_",), allsides(Path(args.allsides_sheet), require(args.allsides, "allsides")))
        else:
            print(f"no coder sheet at {args.allsides_sheet}: the AllSides figures are not computed")
    if "scale" in parts:
        replace(("scale_",), scale())
    if "one_event" in parts:
        replace(("one_event_",), one_event(require(args.bbc, "bbc"), tuple(args.one_event_sizes)))
    print(json.dumps(results, indent=1))
    write_results("facts", results)


if __name__ == "__main__":
    main()
