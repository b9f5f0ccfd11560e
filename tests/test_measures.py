"""The measure registry: contract tables beside the corpus, one cache keyed by content and settings."""
import pandas as pd
import pytest

from analysis.corpus import Corpus, build_corpus
from analysis.measures import MEASURES, load_measure, read_provenance, registry, run_measures
from analysis.settings import load_settings


@pytest.fixture
def stored(demo_corpus, tmp_path):
    build_corpus(demo_corpus).write(tmp_path / "data")
    return Corpus.load(tmp_path / "data")


def test_analyse_writes_contract_tables_beside_the_corpus(stored):
    written = run_measures(stored, load_settings())
    folder = stored.location
    s = pd.read_parquet(folder / "sentiment.parquet")
    m = pd.read_parquet(folder / "actor_mentions.parquet")
    assert list(s.columns[:6]) == ["article_id", "sentence_id", "neg", "neu", "pos", "compound"]
    assert list(m.columns[:5]) == ["article_id", "sentence_id", "actor", "mention", "score"]
    assert list(pd.read_parquet(folder / "frame_salience.parquet").columns[:6]) == [
        "article_id", "frame", "lexicon", "matches", "per_1k_words", "sentence_share"]
    assert list(pd.read_parquet(folder / "topics_units.parquet").columns) == ["unit_id", "article_id", "topic", "weight"]
    assert written["sentiment"] == len(s) > 0
    prov = read_provenance(folder / "frame_matches.parquet")
    assert prov["measure"] == "frame_matches" and {r["ref"] for r in prov["resources"]} == {"iraq", "policy"}
    assert all(len(r["sha256"]) == 64 for r in prov["resources"])


def test_measures_are_read_back_not_recomputed(stored, monkeypatch):
    settings = load_settings()
    first = load_measure(stored, "sentiment", settings)
    calls = []
    original = MEASURES["sentiment"]
    monkeypatch.setitem(registry.TABLES, "sentiment",
                        original.__class__(**{**original.__dict__, "compute": lambda c: calls.append(1) or original.compute(c)}))
    again = load_measure(Corpus.load(stored.location), "sentiment", settings)
    assert calls == [] and first.equals(again)


def test_changing_one_lexicon_term_recomputes_the_affected_measures(stored, tmp_path):
    from analysis.lexicons import BUNDLED
    mine = tmp_path / "mine.toml"
    mine.write_text((BUNDLED / "frames_iraq.toml").read_text(encoding="utf-8"), encoding="utf-8")
    settings = load_settings(None, {"frames": [str(mine)]})
    before = load_measure(stored, "frame_matches", settings)
    sentiment_key = registry.measure_key(MEASURES["sentiment"], stored, settings)[0]
    assert "sovereignty" in set(before.frame)
    text = mine.read_text(encoding="utf-8").replace('terms = ["sovereignty", ', 'terms = ["zzzunused", ', 1)
    mine.write_text(text, encoding="utf-8")
    after = load_measure(stored, "frame_matches", settings)     # same settings object, edited file
    assert len(after[after.frame == "sovereignty"]) < len(before[before.frame == "sovereignty"])
    assert registry.measure_key(MEASURES["sentiment"], stored, settings)[0] == sentiment_key   # unaffected


def test_settings_a_measure_depends_on_are_in_its_key(stored):
    base = load_settings()
    k = registry.measure_key(MEASURES["topics"], stored, base)[0]
    assert registry.measure_key(MEASURES["topics"], stored, base.with_overrides({"k": 3}))[0] != k
    assert registry.measure_key(MEASURES["topics"], stored, base.with_overrides({"by": ["outlet"]}))[0] == k
