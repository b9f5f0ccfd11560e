from analysis.corpus import build_corpus
from analysis.measures import load_measure, run_measures


def test_analyse_writes_contract_tables(demo_corpus, tmp_path):
    build_corpus(demo_corpus).write(tmp_path)
    written = run_measures(tmp_path)
    import pandas as pd
    s = pd.read_parquet(tmp_path / "sentiment.parquet")
    m = pd.read_parquet(tmp_path / "actor_mentions.parquet")
    assert list(s.columns) == ["article_id", "sentence_id", "neg", "neu", "pos", "compound"]
    assert list(m.columns[:5]) == ["article_id", "sentence_id", "actor", "mention", "score"]
    assert written["sentiment.parquet"] == len(s) > 0


def test_load_measure_caches_beside_corpus(demo_corpus, tmp_path):
    corpus = build_corpus(demo_corpus)
    corpus.write(tmp_path)
    first = load_measure(corpus, "sentiment.parquet")
    assert (tmp_path / "sentiment.parquet").exists()
    again = load_measure(corpus, "sentiment.parquet")
    assert first.equals(again)


def test_stale_measure_is_recomputed(demo_corpus, tmp_path, monkeypatch):
    import analysis.measures as m
    corpus = build_corpus(demo_corpus)
    corpus.write(tmp_path)
    load_measure(corpus, "actor_mentions.parquet")
    calls = []
    original = m.MEASURES["actor_mentions.parquet"]
    monkeypatch.setitem(m.MEASURES, "actor_mentions.parquet", lambda c: calls.append(1) or original(c))
    load_measure(corpus, "actor_mentions.parquet")
    assert calls == []                                   # fresh: read from disk
    monkeypatch.setattr(m, "resource_key", lambda f, c=None: "changed-model")
    load_measure(corpus, "actor_mentions.parquet")
    assert calls == [1]                                  # model or lexicon changed: recomputed
