"""Partitions for an engine: equal sizes, as many as a multiple of the workers, every row once and in order."""
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import build_corpus
from analysis.engine import concat_parts, n_partitions, split_frame
from analysis.measures.partitioned import _group_slices, in_corpus_order, split_corpus
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
    largest_group = corpus.articles["dup_group"].value_counts().max()
    assert max(sizes) - min(sizes) <= largest_group and sum(sizes) == len(corpus.articles)
    for name in ("articles", "sentences", "removed"):
        whole = getattr(corpus, name)
        pd.testing.assert_frame_equal(in_corpus_order(concat_parts([getattr(s, name) for s in slices]), corpus.articles),
                                      whole.reset_index(drop=True), obj=name)
        for s in slices:                                          # each slice holds its own articles' rows only
            assert set(getattr(s, name)["article_id"]) <= set(s.articles["article_id"])
    assert all(s.location is None for s in slices)


def test_the_copies_of_one_story_stay_in_one_slice(tmp_path):
    """A measure scores each distinct sentence once per slice: copies split across slices were scored twice."""
    corpus = build_corpus(write_corpus(tmp_path / "corpus", 120))
    groups = corpus.articles.groupby("dup_group")["article_id"].agg(set)
    assert (groups.map(len) > 1).sum() >= 3                      # the corpus has copies, some far from their original
    for size, multiple in [(25, 2), (10, 1), (7, 4)]:
        slices = split_corpus(corpus, size, multiple)
        where = {a: i for i, s in enumerate(slices) for a in s.articles["article_id"]}
        assert all(len({where[a] for a in members}) == 1 for members in groups), (size, multiple)
        assert all(len(s.articles) for s in slices)


def test_a_group_larger_than_a_slice_leaves_no_slice_empty():
    articles = pd.DataFrame({"article_id": list("abcdef"), "dup_group": ["a", "a", "a", "a", "e", "f"]})
    assert _group_slices(articles, 3).tolist() == [0, 0, 0, 0, 1, 1]
    assert _group_slices(articles.assign(dup_group=list("abcdef")), 3).tolist() == [0, 0, 1, 1, 2, 2]


def test_results_of_slices_come_back_in_corpus_order():
    articles = pd.DataFrame({"article_id": ["x", "y", "z"]})
    parts = [pd.DataFrame({"article_id": ["x", "x", "z"], "n": [1, 2, 3]}), pd.DataFrame({"article_id": ["y"], "n": [4]})]
    got = in_corpus_order(concat_parts(parts), articles)
    assert got["n"].tolist() == [1, 2, 4, 3]


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

        def run(self, calls, here=0):
            self.sliced += [len(c[1].articles) for c in calls if c[0] is compute_partition]
            return super().run(calls, here)

    settings = load_settings(None, {"engine.partition_size": 1})
    corpus = build_corpus(ROOT / "data" / "raw", settings)
    corpus.write(tmp_path / "out")
    engine = TwoWorkers()
    precompute(corpus, settings, names=["sentiment"], engine=engine)
    assert engine.sliced == [3, 2]
    assert slice_size(20_000, 2) == 10_000 and slice_size(5, 8) == 1


def test_the_stance_fit_every_slice_reads_is_computed_in_this_process(tmp_path):
    """The study's stance classifier, which every slice of actor mentions waits for, is the one call precompute
    asks the engine to compute in this process (``here``), the cluster's workers starting on the others."""
    from analysis.engine import LocalEngine
    from analysis.measures.partitioned import precompute
    from analysis.measures.study_stance import study_stance
    from analysis.settings import load_settings

    class TwoWorkers(LocalEngine):
        n_workers = 2
        here: list = []

        def run(self, calls, here=0):
            self.here = [c[0] for c in calls[:here]]
            return super().run(calls, here)

    # no coded sheets: the call is made all the same (it gives None at once; the fit is not what is tested)
    settings = load_settings(None, {"engine.partition_size": 1, "coding.stance_train": [],
                                    "sentiment.stance_model": "words"})
    corpus = build_corpus(ROOT / "data" / "raw", settings)
    corpus.write(tmp_path / "out")
    engine = TwoWorkers()
    precompute(corpus, settings, names=["actor_mentions", "sentiment"], engine=engine)
    assert engine.here == [study_stance]


def test_tables_computed_in_slices_of_copies_keep_the_whole_corpus_order(tmp_path):
    """Slices of whole duplicate groups are not consecutive; the stored tables still come in the corpus's order."""
    from analysis.engine import LocalEngine
    from analysis.measures import load_measure
    from analysis.measures.partitioned import compute_partition, precompute
    from analysis.settings import load_settings

    class ThreeWorkers(LocalEngine):
        n_workers = 3

    settings = load_settings(None, {"corpus": str(write_corpus(tmp_path / "corpus", 120)), "frames": ["iraq"]})
    corpus = build_corpus(settings.corpus, settings)
    corpus.write(tmp_path / "out")
    slices = split_corpus(corpus, 40, 3)
    assert any(not s.articles["article_id"].isin(corpus.articles["article_id"].iloc[i * 40:(i + 1) * 40]).all()
               for i, s in enumerate(slices))                      # copies moved an article out of its run
    assert precompute(corpus, settings, names=["sentiment", "frame_matches"], engine=ThreeWorkers())
    whole = compute_partition(corpus, settings, ["sentiment", "frame_matches"])
    for name in ("sentiment", "frame_matches"):
        assert len(whole[name])
        pd.testing.assert_frame_equal(load_measure(corpus, name, settings), whole[name].reset_index(drop=True),
                                      obj=name)
