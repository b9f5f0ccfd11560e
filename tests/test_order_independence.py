"""The same articles give the same topics and intervals whatever the corpus format or file order.

Article ids are made from file paths and rows, so a JSON Lines file and a CSV file of the same articles have
other ids and, sorted by id, another order; every random step (subsamples for choosing k, bootstrap
resamples) must not depend on it.
"""
import csv
import json
import random

import numpy as np
import pandas as pd
import pytest

from analysis.compare.stats import mean_ci
from analysis.compare.topics import group_prevalence
from analysis.corpus.ingest import build_corpus
from analysis.measures.topics import fit_topics, unit_topics

THEMES = {
    "flood": ["river", "flood", "levee", "rain", "water", "evacuated", "sandbags", "bank", "overflowed", "storm"],
    "budget": ["budget", "tax", "deficit", "spending", "council", "vote", "revenue", "cuts", "bonds", "treasurer"],
    "match": ["striker", "goal", "league", "coach", "season", "penalty", "keeper", "stadium", "fans", "referee"],
}
OUTLETS = ["Daily Alpha", "Beta Times", "Gamma Post"]


def _articles():
    rng = random.Random(3)
    rows = []
    for t, (theme, words) in enumerate(THEMES.items()):
        for a in range(8):
            paragraphs = []
            for p in range(3):
                # most words from the article's theme, a few from another: topics are there but not trivial
                other = list(THEMES.values())[(t + p) % 3]
                picked = rng.sample(words, 6) + rng.sample(other, 2)
                paragraphs.append(f"The {picked[0]} and the {picked[1]} came first. " + " ".join(
                    f"Officials spoke of the {w} again." for w in picked[2:]))
            rows.append({"id": f"{theme}-{a}", "title": f"{theme.title()} report number {a}",
                         "outlet": OUTLETS[a % 3], "published": f"2024-03-{a + 1:02d}",
                         "text": "\n\n".join(paragraphs)})
    return rows


def _write_jsonl(folder, rows):
    folder.mkdir()
    with open(folder / "all.jsonl", "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")


def _write_csv(folder, rows):
    folder.mkdir()
    with open(folder / "export.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def _topics(corpus):
    model, units, choice = fit_topics(corpus.sentences, unit="paragraph", k=0, ks=range(2, 7), seeds=(0, 1, 2))
    weights = unit_topics(model, units)
    prevalence = group_prevalence(weights, corpus.articles, by="source_label")
    return model.top_terms(10), choice, prevalence


@pytest.fixture(scope="module")
def two_forms(tmp_path_factory):
    root = tmp_path_factory.mktemp("forms")
    rows = _articles()
    _write_jsonl(root / "jsonl", rows)
    shuffled = rows[:]
    random.Random(11).shuffle(shuffled)
    _write_csv(root / "csv", shuffled)
    return build_corpus(root / "jsonl"), build_corpus(root / "csv")


def test_two_forms_have_other_ids_and_order(two_forms):
    a, b = two_forms
    assert len(a.articles) == len(b.articles) == 24
    assert set(a.articles["article_id"]).isdisjoint(b.articles["article_id"])     # the premise of the test
    order = lambda c: list(c.articles.sort_values("article_id")["title"])         # noqa: E731
    assert order(a) != order(b)


def test_same_articles_in_two_forms_give_identical_topics_and_intervals(two_forms):
    (terms_a, choice_a, prev_a), (terms_b, choice_b, prev_b) = (_topics(c) for c in two_forms)
    assert len(choice_a) > 1                      # k was chosen (subsamples ran), not given
    pd.testing.assert_frame_equal(choice_a, choice_b)
    pd.testing.assert_frame_equal(terms_a, terms_b)
    assert prev_a["ci_unit"].eq("articles").all() and prev_a["ci_low"].notna().all()
    pd.testing.assert_frame_equal(prev_a.reset_index(drop=True), prev_b.reset_index(drop=True))


def test_bootstrap_interval_does_not_depend_on_order_or_cluster_names():
    rng = np.random.default_rng(0)
    values = rng.normal(size=60)
    clusters = np.repeat([f"a{i}" for i in range(12)], 5)
    first = mean_ci(values, clusters)
    perm = rng.permutation(60)
    renamed = np.array([f"z{11 - int(c[1:])}" for c in clusters])       # other ids, sorting the other way
    second = mean_ci(values[perm], renamed[perm])
    assert first["ci_unit"] == "articles"
    # equal up to the last bits of the per-article sums, which are added in another order
    assert second == _close(first)
    assert mean_ci(values[perm]) == _close(mean_ci(values))          # unclustered (BCa) too


def _close(result: dict) -> dict:
    return {k: pytest.approx(v, rel=1e-12, nan_ok=True) if isinstance(v, float) else v for k, v in result.items()}


def test_precision_recall_intervals_do_not_depend_on_order_or_article_names():
    from analysis.compare.agreement import prf
    rng = np.random.default_rng(1)
    t = rng.integers(0, 2, 80)
    p = np.where(rng.random(80) < 0.8, t, 1 - t)
    arts = np.repeat([f"a{i:02d}" for i in range(16)], 5)
    first = prf(t, p, arts)
    perm = rng.permutation(80)
    renamed = np.array([f"z{99 - int(a[1:])}" for a in arts])
    assert first["ci_unit"] == "articles" and prf(t[perm], p[perm], renamed[perm]) == first
    assert prf(t[perm], p[perm]) == prf(t, p)
