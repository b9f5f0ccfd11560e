import pandas as pd
import pytest

from analysis.corpus.duplicates import find_duplicates, primary_only

WIRE = ("Iraq will begin talks on ending the presence of the US-led military coalition, the prime minister's office "
        "said on Friday, as armed groups that have attacked US bases stepped up demands for American forces to leave. "
        "The move came a day after a US strike in Baghdad killed a commander of an armed faction. "
        "Those groups have claimed more than 100 attacks on US forces in Iraq and Syria since October.")
OTHER = ("Parliament factions demanded a clear timetable for the withdrawal of foreign forces on Tuesday, increasing "
         "political pressure on the prime minister ahead of talks. Some lawmakers called for a new vote, while others "
         "warned that an abrupt exit could damage relations and the economy.")


def frame(rows):
    df = pd.DataFrame(rows, columns=["article_id", "text", "outlet", "relayed_source", "published"])
    df["n_words"] = df["text"].str.split().str.len()
    return df


def test_exact_near_and_unrelated():
    arts = frame([
        ("a", WIRE, "Wire", "unknown", "2024-01-05"),
        ("b", WIRE.upper().replace(",", ""), "Copycat", "Wire", "2024-01-05"),         # same words
        ("c", "Read the full story below. " + WIRE + " Follow us for more.", "Aggregator", "unknown", "2024-01-06"),
        ("d", OTHER, "Herald", "unknown", "2024-01-06"),
    ])
    d = find_duplicates(arts).set_index("article_id")
    assert d.loc["a", "dup_group"] == d.loc["b", "dup_group"] == d.loc["c", "dup_group"] == "a"
    assert d.loc["d", "dup_group"] == "d"
    assert d["is_primary"].to_dict() == {"a": True, "b": False, "c": False, "d": True}
    assert d.loc["b", "dup_kind"] == "exact" and d.loc["c", "dup_kind"] == "near"
    assert d.loc["d", "dup_kind"] == "unique" and pd.isna(d.loc["d", "dup_similarity"])
    assert d.loc["c", "dup_similarity"] >= 0.8  # containment: all of the wire's phrases are in the copy


def test_original_named_by_a_copy_is_primary_even_if_shorter():
    arts = frame([
        ("z1", WIRE + " This article first appeared on the wire.", "Republisher", "Wire", None),
        ("z2", WIRE, "Wire", "unknown", None),
    ])
    d = find_duplicates(arts).set_index("article_id")
    assert d.loc["z2", "is_primary"] and not d.loc["z1", "is_primary"]


def test_without_relay_the_earliest_then_longest_copy_counts():
    arts = frame([
        ("x", WIRE, "A", "unknown", "2024-01-06"),
        ("y", WIRE + " One more sentence added later on.", "B", "unknown", "2024-01-05"),
        ("w", WIRE + " Another longer ending for this copy of the story.", "C", "unknown", None),
    ])
    d = find_duplicates(arts).set_index("article_id")
    assert d["is_primary"].to_dict() == {"x": False, "y": True, "w": False}


def test_threshold_separates_stories_sharing_a_paragraph():
    shared = WIRE.split(". ")[0] + ". "
    arts = frame([("p", shared + OTHER, "A", "unknown", None), ("q", shared + OTHER[::-1], "B", "unknown", None)])
    d = find_duplicates(arts)
    assert d["is_primary"].all()


def test_primary_only_and_count_copies():
    arts = frame([("a", WIRE, "Wire", "unknown", None), ("b", WIRE, "Copy", "Wire", None)])
    arts = arts.merge(find_duplicates(arts), on="article_id")
    sent = pd.DataFrame({"article_id": ["a", "a", "b"], "sentence_id": [0, 1, 0]})
    assert primary_only(sent, arts)["article_id"].tolist() == ["a", "a"]
    assert len(primary_only(sent, arts, count_copies=True)) == 3


def test_empty_input():
    assert find_duplicates(frame([])).empty


@pytest.mark.parametrize("threshold", [0.5, 0.8, 1.0])
def test_the_prefix_filter_finds_exactly_the_pairs_a_brute_force_count_finds(threshold):
    """Sets drawn from a shared template (every set carries it) and from private 5-grams, with planted near
    copies: the candidates of the rarest-first prefix must miss no pair a count over all pairs finds."""
    import numpy as np

    from analysis.corpus.duplicates import MIN_SHINGLES, _exact_pairs

    rng = np.random.default_rng(7)
    template = np.arange(1, 16, dtype=np.uint64)
    sets = []
    for k in range(120):
        if k % 10 == 9:                                    # a near copy of the set before it
            base = sets[-1]
            drop = rng.choice(len(base), size=int(rng.integers(0, 6)), replace=False)
            sets.append(np.unique(np.concatenate([np.delete(base, drop), rng.integers(10**9, 10**10, 2, dtype=np.uint64)])))
        else:
            own = rng.integers(10**6, 10**6 + 400, size=int(rng.integers(3, 30)), dtype=np.uint64)
            sets.append(np.unique(np.concatenate([template[: int(rng.integers(0, 16))], own])))
    found = {(int(a), int(b)): s for a, b, s in zip(*_exact_pairs(sets, threshold))}
    brute = {}
    for a in range(len(sets)):
        for b in range(a + 1, len(sets)):
            small = min(len(sets[a]), len(sets[b]))
            shared = len(np.intersect1d(sets[a], sets[b]))
            if small >= MIN_SHINGLES and shared / small >= threshold:
                brute[(a, b)] = shared / small
    assert brute and set(found) == set(brute)
    assert all(abs(found[k] - brute[k]) < 1e-9 for k in brute)


def test_words_are_split_and_hashed_as_plain_words_splits_them():
    """The numpy split over code points gives plain_words' words; a word's hash does not depend on its text."""
    from analysis.corpus.duplicates import _word_hashes
    from analysis.corpus.tokens import plain_words

    texts = [WIRE, "Ünïcode café naïve—résumé_2024 x² ½ İstanbul ΣΊΣΥΦΟΣ", "", "   ...  ", "a", OTHER.upper(),
             "日本語のテキスト 漢字 and tabs\tand\nnewlines", "under_score a_b __", "ab ba aab aba baa"]
    hashes, counts = _word_hashes(texts)
    words = [plain_words(t) for t in texts]
    assert counts.tolist() == [len(w) for w in words]
    flat = [w for ws in words for w in ws]
    alone = {w: _word_hashes([w])[0][0] for w in set(flat)}           # each word as a text of its own
    assert hashes.tolist() == [alone[w] for w in flat]
    assert len(set(alone.values())) == len(alone)                     # "ab" and "ba" differ, and so on


@pytest.mark.parametrize("lookups", [1, 7, 10**6])
def test_shared_counts_do_not_depend_on_how_many_5grams_are_looked_up_at_a_time(lookups):
    """_shared counts each pair's common 5-grams from one sorted table, in blocks of ``lookups`` 5-grams (a block
    holds at least one pair): every block size gives the counts np.intersect1d gives."""
    import numpy as np

    from analysis.corpus.duplicates import _shared

    rng = np.random.default_rng(3)
    rows = [np.unique(rng.integers(0, 40, size=int(rng.integers(1, 25)))) for _ in range(30)]
    n_codes = 40
    indptr = np.concatenate([[0], np.cumsum([len(r) for r in rows])])
    table = np.concatenate([r + k * n_codes for k, r in enumerate(rows)])
    i, j = np.triu_indices(len(rows), k=1)
    got = _shared(table, indptr, n_codes, i, j, lookups=lookups)
    assert got.tolist() == [len(np.intersect1d(rows[a], rows[b])) for a, b in zip(i, j)]


def test_hashes_made_beforehand_in_any_order_give_the_same_groups():
    """Ingestion hashes each partition's articles where it makes them and hands the hashes in: in whatever order
    they come, the groups are those found from the texts."""
    from analysis.corpus.duplicates import article_shingles

    arts = frame([
        ("a", WIRE, "Wire", "unknown", "2024-01-05"),
        ("b", "Read the full story below. " + WIRE, "Aggregator", "unknown", "2024-01-06"),
        ("c", OTHER, "Herald", "unknown", "2024-01-06"),
        ("d", WIRE, "Copycat", "Wire", "2024-01-07"),
    ])
    hashed = article_shingles(arts[["article_id", "text"]]).iloc[::-1]
    expected = find_duplicates(arts)
    pd.testing.assert_frame_equal(find_duplicates(arts, hashed=hashed), expected)
    assert expected["dup_group"].tolist() == ["a", "a", "c", "a"]
