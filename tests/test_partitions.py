"""Partitions for an engine: equal sizes, as many as a multiple of the workers, every row once and in order."""
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import build_corpus
from analysis.engine import concat_parts, n_partitions, split_frame
from analysis.measures.partitioned import split_corpus
from generated_corpus import write_corpus

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("n_items, size, multiple, expected", [
    (5000, 1000, 1, 5), (5000, 1000, 2, 6), (20000, 1000, 2, 20), (20000, 1000, 3, 21), (10, 1000, 2, 2),
    (1, 1000, 4, 1), (0, 1000, 2, 1), (7, 1, 4, 7), (5, 2, 2, 4)])
def test_the_number_of_partitions_is_a_multiple_of_the_workers_when_there_are_enough_items(n_items, size, multiple,
                                                                                            expected):
    assert n_partitions(n_items, size, multiple) == expected


@pytest.mark.parametrize("n, size, multiple", [(5000, 1000, 2), (1001, 1000, 2), (37, 5, 3), (3, 10, 2)])
def test_rows_are_split_evenly_and_come_back_in_order(n, size, multiple):
    frame = pd.DataFrame({"article_id": [f"a{i}" for i in range(n)], "x": range(n)})
    parts = split_frame(frame, size, multiple=multiple)
    assert len(parts) == n_partitions(n, size, multiple)
    lengths = [len(p) for p in parts]
    assert max(lengths) - min(lengths) <= 1 and max(lengths) <= size
    pd.testing.assert_frame_equal(concat_parts(parts), frame)


def test_rows_of_one_article_stay_together_and_articles_are_split_evenly():
    # 50 articles of 1 to 7 rows each
    ids = [f"a{i}" for i in range(50) for _ in range(1 + i % 7)]
    frame = pd.DataFrame({"article_id": ids, "row": range(len(ids))})
    parts = split_frame(frame, 12, key="article_id", multiple=2)
    assert len(parts) == 6
    per_part = [p["article_id"].nunique() for p in parts]
    assert max(per_part) - min(per_part) <= 1
    assert sum(per_part) == 50                                   # no article in two partitions
    pd.testing.assert_frame_equal(concat_parts(parts), frame)


def test_a_corpus_splits_into_slices_of_whole_articles(tmp_path):
    corpus = build_corpus(write_corpus(tmp_path / "corpus", 120))
    slices = split_corpus(corpus, 25, multiple=2)
    assert len(slices) == 6
    sizes = [len(s.articles) for s in slices]
    assert max(sizes) - min(sizes) <= 1 and sum(sizes) == len(corpus.articles)
    for name in ("articles", "sentences", "removed"):
        whole = getattr(corpus, name)
        pd.testing.assert_frame_equal(concat_parts([getattr(s, name) for s in slices]), whole.reset_index(drop=True),
                                      obj=name)
        for s in slices:                                          # each slice holds its own articles' rows only
            assert set(getattr(s, name)["article_id"]) <= set(s.articles["article_id"])
    assert all(s.location is None for s in slices)


def test_a_corpus_smaller_than_a_partition_is_one_slice_per_worker():
    corpus = build_corpus(ROOT / "data" / "raw")
    one = split_corpus(corpus, 1000)
    assert len(one) == 1 and one[0] is corpus
    assert [len(s.articles) for s in split_corpus(corpus, 1000, multiple=2)] == [3, 2]   # both workers get work


def test_the_per_article_measures_take_one_slice_per_worker_whatever_the_partition_size(tmp_path):
    """Each slice scores its repeated sentences again, so precompute cuts the corpus into one slice per worker,
    not into slices of ``engine.partition_size`` (which cuts ingestion)."""
    from analysis.engine import LocalEngine
    from analysis.measures.partitioned import compute_partition, precompute, slice_size
    from analysis.settings import load_settings

    class TwoWorkers(LocalEngine):
        n_workers = 2
        sliced: list = []

        def run(self, calls):
            self.sliced += [len(c[1].articles) for c in calls if c[0] is compute_partition]
            return super().run(calls)

    settings = load_settings(None, {"engine.partition_size": 1})
    corpus = build_corpus(ROOT / "data" / "raw", settings)
    corpus.write(tmp_path / "out")
    engine = TwoWorkers()
    precompute(corpus, settings, names=["sentiment"], engine=engine)
    assert engine.sliced == [3, 2]
    assert slice_size(20_000, 2) == 10_000 and slice_size(5, 8) == 1
