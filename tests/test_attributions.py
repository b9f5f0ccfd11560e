"""The attributions table: speech attributions found once at ingestion, stored with the corpus, read by the measures."""
import pandas as pd
import pytest

from analysis.corpus import Corpus, build_corpus, voices
from analysis.measures.actors import load_actors
from analysis.measures.quotes import extract_quotes
from analysis.measures.registry import load_measure
from analysis.measures.sentiment import score_mentions
from analysis.schema import ATTRIBUTION_COLUMNS
from analysis.settings import load_settings

PAGE = """Share this article
Minister rejects the plan

BAGHDAD - Iraq's foreign minister said on Monday that the coalition must leave. "We will decide our future," he told reporters.

The Pentagon, according to a spokesman, has no plans to withdraw. Analysts argued that talks would take months.
"""


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "a.txt").write_text(PAGE, encoding="utf-8")
    (folder / "b.txt").write_text(PAGE.replace("Monday", "Tuesday").replace("months", "weeks"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def settings(corpus_dir):
    return load_settings("iraq_coalition", {"corpus": str(corpus_dir)})


def test_ingestion_stores_the_attributions_with_provenance(corpus_dir, settings, tmp_path):
    corpus = build_corpus(corpus_dir, settings)
    table = corpus.attributions
    assert list(table.columns) == ATTRIBUTION_COLUMNS
    assert set(table["kind"]) == {"direct", "reported"}
    assert set(table["cue"]) >= {"according to", "argue", "tell"}
    # every row names a sentence of its paragraph, and the speaker span reads the speaker it records
    keys = corpus.sentences.set_index(["article_id", "sentence_id"])["paragraph_id"]
    assert all(keys[(a, s)] == p for a, s, p in zip(table["article_id"], table["sentence_id"], table["paragraph_id"]))
    texts = {(a, p): t for a, p, t, _ in voices.paragraphs(corpus.sentences)}
    for row in table.itertuples():
        if row.speaker_start >= 0:
            assert texts[(row.article_id, row.paragraph_id)][row.speaker_start:row.speaker_end] == row.speaker
    assert corpus.provenance["attributions_speech"] == voices.load_speech().resource.sha256

    corpus.write(tmp_path / "store")
    loaded = Corpus.load(tmp_path / "store")
    pd.testing.assert_frame_equal(loaded.attributions, table)
    assert loaded.attributions_for(voices.load_speech()) is not None


def test_stored_attributions_only_serve_the_speech_lexicon_they_were_found_with(corpus_dir, settings, tmp_path):
    corpus = build_corpus(corpus_dir, settings)
    mine = tmp_path / "speech.toml"
    mine.write_text('verbs = ["say", "argue"]\n', encoding="utf-8")
    assert corpus.attributions_for(voices.load_speech(mine)) is None
    corpus.attributions = None                       # a store written before the table existed
    assert corpus.attributions_for(voices.load_speech()) is None


def test_quotes_and_mentions_read_the_table_and_give_what_the_rules_give(corpus_dir, settings):
    corpus = build_corpus(corpus_dir, settings)
    actors, speech = load_actors("iraq"), voices.load_speech()
    from_table = extract_quotes(corpus.sentences, actors, speech, corpus.attributions)
    assert len(from_table) >= 6
    pd.testing.assert_frame_equal(from_table, extract_quotes(corpus.sentences, actors, speech))
    pd.testing.assert_frame_equal(score_mentions(corpus.sentences, actors, speech=speech,
                                                 attributions=corpus.attributions),
                                  score_mentions(corpus.sentences, actors, speech=speech))


def test_quotes_follow_the_table_not_the_rules(corpus_dir, settings):
    corpus = build_corpus(corpus_dir, settings)
    speech = voices.load_speech()
    kept = corpus.attributions[corpus.attributions["kind"] == "direct"]
    q = extract_quotes(corpus.sentences, load_actors("iraq"), speech, kept)
    assert len(q) == len(kept) and q["direct"].all()


def test_attribution_rules_run_once_per_sentence_over_ingest_and_analyse(corpus_dir, settings, tmp_path,
                                                                           reported_calls):
    calls = reported_calls
    corpus = build_corpus(corpus_dir, settings)
    corpus.write(tmp_path / "store")
    corpus = Corpus.load(tmp_path / "store")
    after_ingest = len(calls)
    # every sentence read, at most once: a paragraph repeated with the same sentences (a copy) is read once
    assert after_ingest <= len(corpus.sentences)
    assert set(calls) == set(corpus.sentences["text"])
    assert len(calls) == len(set(calls)) or corpus.sentences["text"].duplicated().any()
    # without stance training sheets, whose own sentences the rules read once to train the study's classifier
    settings = settings.with_overrides({"coding.stance_train": []})
    for name in ("quotes", "actor_mentions", "sentiment", "frame_matches"):
        assert len(load_measure(corpus, name, settings))
    assert len(calls) == after_ingest
