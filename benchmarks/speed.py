"""Throughput of ingestion and of each measure on a generated corpus of N articles.

    python benchmarks/speed.py --articles 2000

The corpus is synthetic (sentences generated with a fixed seed from subjects,
verbs and claims about the story, wrapped in scraped-page boilerplate, 20
outlets, one CSV per outlet, about 10% syndicated copies), written to a
temporary folder.  Prints
seconds and articles per second per step; writes benchmarks/results/speed.json.
"""
from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

from common import write_results
from scraped_corpus import SHORT_FURNITURE, write_corpus
from analysis.corpus import build_corpus
from analysis.measures import MEASURES, load_measure


SUBJECTS = ["The government", "Iraqi officials", "The Pentagon", "Iran-backed militias", "Lawmakers in parliament",
            "Analysts", "A US defence official", "Tehran", "The prime minister's office", "Kataib Hezbollah",
            "Oil traders", "Washington", "Coalition commanders", "Protesters in Baghdad", "The foreign ministry"]
VERBS = ["warned", "said", "argued", "insisted", "denied", "announced", "suggested", "claimed", "confirmed", "stressed"]
CLAIMS = ["the mission had run its course", "attacks on bases would continue", "national sovereignty was at stake",
          "the economy depended on dollar transfers", "a security vacuum could let ISIS return",
          "talks on a timetable would begin", "the strike was an act of self-defence", "regional escalation was likely",
          "the partnership with Washington would endure", "parliament would vote on the withdrawal"]


def sentence(rng: random.Random) -> str:
    return (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} on day {rng.randint(1, 400)} that {rng.choice(CLAIMS)}, "
            f"citing {rng.randint(2, 900)} reports from {rng.choice(['Erbil', 'Basra', 'Mosul', 'Baghdad', 'Kirkuk'])}.")


def make_corpus(folder: Path, n: int, seed: int = 0) -> None:
    """``n`` pages of generated sentences as one CSV export per outlet in ``folder``."""
    def new_article(rng, i):
        return "\n".join(" ".join(sentence(rng) for _ in range(3)) for _ in range(rng.randint(4, 9)))

    def page(rng, i, body):
        return "\n".join([rng.choice(SHORT_FURNITURE), f"Headline number {i} about the coalition", body,
                          rng.choice(SHORT_FURNITURE)])

    write_corpus(folder, n, random.Random(seed), new_article, page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    results = {"articles": args.articles}
    with tempfile.TemporaryDirectory() as tmp:
        corpus_dir, out = Path(tmp) / "corpus", Path(tmp) / "out"
        corpus_dir.mkdir()
        make_corpus(corpus_dir, args.articles)
        t0 = time.perf_counter()
        corpus = build_corpus(corpus_dir)
        corpus.write(out)
        results["ingest_seconds"] = round(time.perf_counter() - t0, 2)
        results["sentences"] = len(corpus.sentences)
        results["duplicate_copies_found"] = int((~corpus.articles["is_primary"]).sum())
        for name in MEASURES:
            t0 = time.perf_counter()
            load_measure(corpus, name)
            results[f"{name.split('.')[0]}_seconds"] = round(time.perf_counter() - t0, 2)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results["ingest_articles_per_second"] = round(args.articles / results["ingest_seconds"], 1)
    path = write_results("speed", results)
    for key, value in results.items():
        print(f"{key:36} {value}")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
