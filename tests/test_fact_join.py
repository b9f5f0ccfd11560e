"""Joining the clusters of a component's pieces (:func:`analysis.measures.facts._join_clusters`): the later passes
link only the windows and clusters that could join, and the clusters are exactly those of linking every window of
every pass (the method as it was first written, kept here as the reference)."""
import random

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from analysis.measures import facts as facts_module
from analysis.measures.facts import FactClusterer, _join_clusters, fact_clusters

from test_facts import _paraphrased_event


def _reference_average_join(sums, sizes, threshold):
    """Average linkage of every cluster of a window, the whole similarity matrix held."""
    k = len(sizes)
    sim = (sums @ sums.T).toarray()
    sim /= np.outer(sizes, sizes)
    np.fill_diagonal(sim, -np.inf)
    sizes = sizes.astype(float).copy()
    best = sim.argmax(axis=1)
    best_sim = sim[np.arange(k), best]
    group = np.arange(k)
    while True:
        i = int(best_sim.argmax())
        if best_sim[i] < threshold - 1e-9:
            break
        j = int(best[i])
        i, j = min(i, j), max(i, j)
        row = (sizes[i] * sim[i] + sizes[j] * sim[j]) / (sizes[i] + sizes[j])
        sizes[i] += sizes[j]
        sim[i], sim[:, i] = row, row
        sim[j], sim[:, j] = -np.inf, -np.inf
        sim[i, i] = -np.inf
        group[group == j] = i
        best_sim[j] = -np.inf
        stale = np.flatnonzero((best == i) | (best == j))
        stale = stale[best_sim[stale] > -np.inf]
        stale = np.union1d(stale, [i])
        best[stale] = sim[stale].argmax(axis=1)
        best_sim[stale] = sim[stale, best[stale]]
        closer = np.flatnonzero(row > best_sim)
        best[closer], best_sim[closer] = i, row[closer]
    return group


def _reference_join(x, clusters, threshold, limit):
    """Every window of every pass linked whole, its similarities computed again on every pass."""
    sizes = np.array([len(c) for c in clusters], dtype=float)
    owner = np.repeat(np.arange(len(clusters)), sizes.astype(int))
    sums = sparse.csr_matrix((np.ones(len(owner)), (owner, np.concatenate(clusters))),
                             shape=(len(clusters), x.shape[0])) @ x
    idle, shift = 0, 0
    while len(clusters) > 1 and idle < 2:
        whole = len(clusters) <= limit
        step = len(clusters) if whole else limit
        bounds = [0, *range(shift, len(clusters), step)] if shift and not whole else list(range(0, len(clusters), step))
        group = np.arange(len(clusters))
        for a, b in zip(bounds, [*bounds[1:], len(clusters)]):
            if b - a > 1:
                group[a:b] = a + _reference_average_join(sums[a:b], sizes[a:b], threshold)
        kept = np.flatnonzero(group == np.arange(len(clusters)))
        if len(kept) == len(clusters):
            if whole:
                break
            idle += 1
        else:
            idle = 0
            inverse = np.searchsorted(kept, group)
            merge = sparse.csr_matrix((np.ones(len(group)), (inverse, np.arange(len(group)))),
                                      shape=(len(kept), len(group)))
            joined = [[] for _ in kept]
            for i, g in enumerate(inverse):
                joined[g].append(clusters[i])
            clusters = [np.sort(np.concatenate(parts)) for parts in joined]
            sums, sizes = merge @ sums, merge @ sizes
        shift = 0 if shift or whole else limit // 2
    return clusters


def _same(got, want):
    assert len(got) == len(want)
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)


def _normalised(x):
    x = sparse.csr_matrix(x, dtype=float)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    return sparse.csr_matrix(sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ x)


@pytest.mark.parametrize("seed, limit", [(0, 40), (1, 60), (2, 25), (3, 200)])
def test_joining_a_generated_events_pieces_gives_the_clusters_of_linking_every_window(seed, limit, monkeypatch):
    """A chained event of paraphrased facts, its statements alone or in small groups in a shuffled order: many
    passes, the later ones joining a few clusters each (their close pairs found once, then kept up to date)."""
    texts, _ = _paraphrased_event(20, 30, seed)
    x, keep = FactClusterer().vectors(texts)
    assert keep.all()
    rng = random.Random(seed)
    rows = list(range(len(texts)))
    rng.shuffle(rows)
    clusters, at = [], 0
    while at < len(rows):
        n = rng.choice([1, 1, 1, 2, 3])
        clusters.append(np.sort(np.array(rows[at:at + n])))
        at += n
    found = []
    real = facts_module._close_pairs

    def spy(*args, **kwargs):
        found.append(len(args[2]))
        return real(*args, **kwargs)
    monkeypatch.setattr(facts_module, "_close_pairs", spy)
    want = _reference_join(x, clusters, 0.15, limit)
    got = _join_clusters(x, clusters, 0.15, limit)
    _same(got, want)
    assert 1 < len(want) < len(clusters)
    if limit < len(clusters) // 4:
        assert found                                    # the incremental path ran


def test_edge_cases_join_as_linking_every_window():
    """One cluster, two, all in one window, windows of two, nothing joining, and clusters tied (identical
    vectors: the same mean similarity to a third, so the linkage's order decides)."""
    rng = np.random.default_rng(0)
    dense = rng.random((60, 12)) * (rng.random((60, 12)) < 0.3)
    dense[dense.sum(axis=1) == 0, 0] = 1.0
    x = _normalised(dense)
    singles = [np.array([i]) for i in range(60)]
    for clusters, limit in [(singles[:1], 5), (singles[:2], 2), (singles[:2], 5), (singles, 100), (singles, 2),
                            (singles, 3), (singles, 7), ([np.arange(30), np.arange(30, 60)], 1)]:
        _same(_join_clusters(x, clusters, 0.15, limit), _reference_join(x, clusters, 0.15, limit))
    apart = _normalised(sparse.identity(30))                 # no two share a term: nothing joins
    _same(_join_clusters(apart, singles[:30], 0.15, 4), singles[:30])
    tied = _normalised(np.repeat(dense[:10], 4, axis=0))     # each vector four times
    for limit in (3, 5, 8, 40):
        _same(_join_clusters(tied, singles[:40], 0.15, limit), _reference_join(tied, singles[:40], 0.15, limit))
    for threshold in (0.05, 0.3, 0.6):
        _same(_join_clusters(x, singles, threshold, 9), _reference_join(x, singles, threshold, 9))


def test_a_generated_corpus_too_large_for_one_linkage_gives_the_same_facts_table(monkeypatch):
    """The whole facts table (clusters, labels, centralities, support) of an event cut in pieces is the one the
    reference join gives."""
    texts, _ = _paraphrased_event(15, 40, 4)
    rng = random.Random(4)
    rows = []
    for k, text in enumerate(texts):
        article = f"a{rng.randrange(120)}"
        rows.append({"article_id": article, "sentence_id": k, "text": text,
                     "position": rng.choice(["headline", "lead", "body", "body"])})
    sentences = pd.DataFrame(rows)
    articles = pd.DataFrame({"article_id": sorted(set(sentences["article_id"]))})
    got = fact_clusters(sentences, articles, None, FactClusterer(max_linkage=40))
    monkeypatch.setattr(facts_module, "_join_clusters", _reference_join)
    want = fact_clusters(sentences, articles, None, FactClusterer(max_linkage=40))
    pd.testing.assert_frame_equal(got, want)
    assert 1 < want["fact_id"].nunique() < len(texts)


def test_random_small_problems_join_as_linking_every_window():
    """Random vectors in a random order, windows of two to eight clusters, three thresholds: a pair too far
    apart to be looked at comes within one window once the clusters between them join away (seeds 2 and 25
    among these, when what is known is not shrunk by them)."""
    for seed in range(80):
        rng = np.random.default_rng(seed)
        n, d = int(rng.integers(20, 80)), int(rng.integers(6, 30))
        dense = rng.random((n, d)) * (rng.random((n, d)) < rng.uniform(0.1, 0.4))
        dense[dense.sum(axis=1) == 0, 0] = 1.0
        x = _normalised(dense)
        clusters = [np.array([i]) for i in rng.permutation(n)]
        limit, threshold = int(rng.integers(2, 9)), float(rng.choice([0.15, 0.3, 0.5]))
        _same(_join_clusters(x, clusters, threshold, limit), _reference_join(x, clusters, threshold, limit))


def test_a_repeated_sentence_is_weighted_once_and_counts_as_often_as_it_occurs():
    """:meth:`FactClusterer.vectors` builds a repeated sentence's row once (one bag, :meth:`FactClusterer.bags`):
    the vectors are those of every row built on its own (each bag a copy), to the last bit, the document
    frequencies counting every copy."""
    rng = random.Random(5)
    pool, _ = _paraphrased_event(6, 5, 5)
    texts = [rng.choice(pool) for _ in range(120)] + ["He said so.", "Yes."]
    clusterer = FactClusterer()
    shared = clusterer.bags(texts)
    assert len({id(b) for b in shared}) < len(texts)
    for topic in (frozenset(), {next(iter(shared[0]))}):
        once, keep_once = clusterer.vectors(texts, shared, topic)
        each, keep_each = clusterer.vectors(texts, [dict(b) for b in shared], topic)
        assert (keep_once == keep_each).all() and not keep_once[-2:].any()
        assert once.shape == each.shape and (once != each).nnz == 0
        np.testing.assert_array_equal(once.toarray(), each.toarray())
        alone = clusterer.vectors(pool, None, topic)[0][[pool.index(t) for t in texts[:-2]]]
        assert not np.allclose(once[:-2].toarray(), alone.toarray())     # each copy counts in the frequencies
