"""MinHash LSH duplicate grouping gives the groups of containment counted pair by pair, on the test corpora."""
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import build_corpus
from analysis.corpus.duplicates import find_duplicates, signatures, shingle_sets
from generated_corpus import make_articles

ROOT = Path(__file__).resolve().parents[1]


def brute_force_groups(texts: list[str], threshold: float) -> set[frozenset[int]]:
    """Groups of at least two articles: components of "shares >= threshold of the shorter one's word 5-grams
    (at least 10 of them), or the same words", with 5-grams as plain Python sets of strings, every pair tried."""
    words = [re.findall(r"\w+", t.lower()) for t in texts]
    grams = [{" ".join(w[i:i + 5]) for i in range(len(w) - 4)} for w in words]
    parent = list(range(len(texts)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            small = min(len(grams[i]), len(grams[j]))
            near = small >= 10 and len(grams[i] & grams[j]) / small >= threshold
            if near or (words[i] and words[i] == words[j]):
                parent[root(i)] = root(j)
    groups = {}
    for i in range(len(texts)):
        groups.setdefault(root(i), set()).add(i)
    return {frozenset(g) for g in groups.values() if len(g) > 1}


def groups_of(found: pd.DataFrame) -> set[frozenset[int]]:
    position = {a: i for i, a in enumerate(found["article_id"])}
    members = found.groupby("dup_group")["article_id"].apply(lambda ids: frozenset(position[a] for a in ids))
    return {g for g in members if len(g) > 1}


def generated(n=300, seed=0) -> pd.DataFrame:
    rows = make_articles(n, seed)
    return pd.DataFrame({"article_id": [r["id"] for r in rows], "text": [r["text"] for r in rows],
                         "n_words": [len(r["text"].split()) for r in rows], "outlet": [r["outlet"] for r in rows],
                         "relayed_source": "unknown", "published": [r["published"] for r in rows]})


def corpora():
    yield "data/raw", build_corpus(ROOT / "data" / "raw").articles
    yield "data/demo", build_corpus(ROOT / "data" / "demo").articles
    yield "generated", generated()


@pytest.mark.parametrize("threshold", [0.8, 0.6])
def test_minhash_groups_are_the_containment_groups(threshold):
    seen_copies = 0
    for name, articles in corpora():
        truth = brute_force_groups(articles["text"].fillna("").tolist(), threshold)
        exact = find_duplicates(articles, threshold, method="exact")
        minhash = find_duplicates(articles, threshold, method="minhash")
        assert groups_of(exact) == truth, name
        assert groups_of(minhash) == truth, name
        pd.testing.assert_frame_equal(minhash, exact, obj=name)     # same primaries, kinds and similarities
        seen_copies += sum(len(g) - 1 for g in truth)
    assert seen_copies >= 20          # the generated corpus has copies to find (exact, extended and cut ones)


def test_the_study_chooses_the_method(monkeypatch):
    """engine.duplicates = "minhash" makes ingestion group copies by MinHash LSH (same groups)."""
    import analysis.corpus.duplicates as dup
    from analysis.settings import load_settings

    used = []
    real = dup._minhash_pairs
    monkeypatch.setattr(dup, "_minhash_pairs", lambda *a: used.append(1) or real(*a))
    demo = ROOT / "data" / "demo"
    exact = build_corpus(demo, load_settings(None, {"corpus": str(demo)})).articles
    assert not used
    minhash = build_corpus(demo, load_settings(None, {"corpus": str(demo), "engine.duplicates": "minhash"})).articles
    assert used
    pd.testing.assert_frame_equal(exact, minhash)
    assert (~exact["is_primary"]).sum() >= 1


def test_signatures_estimate_resemblance_and_are_stable():
    a, b, c = shingle_sets(["one two three four five six seven eight nine ten eleven twelve " * 3,
                            "one two three four five six seven eight nine ten eleven twelve " * 3,
                            "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi"])
    sig = signatures([a, b, c])
    assert (sig[0] == sig[1]).all() and (sig[0] == sig[2]).mean() < 0.1
    assert (signatures([a]) == sig[:1]).all()           # the same set gives the same signature in any batch


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError, match="method is 'lsh'"):
        find_duplicates(generated(5), method="lsh")
