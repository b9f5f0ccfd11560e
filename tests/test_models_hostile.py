"""Hostile model files: a valid checksum over the wrong structure, a gzip bomb, a FIFO.

Every case is one ModelError naming the file (and the key), never a ValueError, KeyError, TypeError or
AttributeError from deep inside, and never gigabytes of memory."""
import gzip
import hashlib
import json
import os
import tracemalloc
import zlib

import pytest

from analysis import persist
from analysis.errors import ModelError
from analysis.persist import load_model, read_model_json, save_model


def _resign(path, doc):
    """Write ``doc`` with a checksum that matches it: the tampering is structural, not caught by the hash."""
    doc = {k: v for k, v in doc.items() if k != "checksum"}
    doc["checksum"] = hashlib.sha256(persist._canonical(doc)).hexdigest()
    data = json.dumps(doc).encode()
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)
    return path


@pytest.fixture
def toy(tmp_path):
    path = save_model(tmp_path / "toy.json.gz", "toy", 1, {"C": 1.0, "taus": [3]},
                      {"coef": [[1.0, 2.0], [3.0, 4.0]], "vocab": ["a", "b"]}, {"note": "fixture"})
    return path, read_model_json(path)


def test_the_fixture_loads(toy):
    path, _ = toy
    model = load_model(path, "toy", 1, shapes={"coef": (2, 2)})
    assert model["params"]["C"] == 1.0 and model["arrays"]["vocab"] == ["a", "b"]
    assert model["arrays"]["coef"].tolist() == [[1.0, 2.0], [3.0, 4.0]]


@pytest.mark.parametrize("change, words", [
    (lambda d: d["arrays"].update(coef=[[1.0, "x"], [3.0, 4.0]]), "array 'coef'"),       # a string in an array
    (lambda d: d["arrays"].update(coef=[[1.0, "2.0"], [3.0, 4.0]]), "array 'coef'"),     # one NumPy would convert
    (lambda d: d["arrays"].update(coef=[1.0, "x"]), "array 'coef' holds text, not numbers"),
    (lambda d: d["arrays"].update(vocab=["a", 2]), "array 'vocab' should be a list of text"),
    (lambda d: d["arrays"].update(coef=["1", "2"]), "array 'coef' holds text, not numbers"),   # a whole array
    (lambda d: d["arrays"].update(vocab=[1.0, 2.0]), "array 'vocab' should be a list of text"),
    (lambda d: d["arrays"].update(coef=[[1.0, True], [3.0, 4.0]]), "array 'coef'"),
    (lambda d: d["arrays"].update(coef=[[1.0], [3.0, 4.0]]), "array 'coef' is not a rectangular array"),
    (lambda d: d["arrays"].update(coef=[[1.0, {"a": 1}], [3.0, 4.0]]), "array 'coef'"),
    (lambda d: d.update(arrays=[[1.0, 2.0]]), "'arrays' is list, not an object"),          # arrays as a list
    (lambda d: d["arrays"].update(coef=5), "array 'coef' is int, not a list"),             # a number for an array
    (lambda d: d["arrays"].update(coef="1,2"), "array 'coef' is str, not a list"),
    (lambda d: d.update(params="C=1"), "'params' is str, not an object"),
    (lambda d: d.update(metadata=None), "'metadata' is NoneType, not an object"),
    (lambda d: d["params"].update(C=float("inf")), "parameter 'C' is NaN or infinite"),
])
def test_a_wrong_structure_under_a_valid_checksum_is_one_model_error(toy, change, words):
    path, doc = toy
    change(doc)
    _resign(path, doc)
    with pytest.raises(ModelError) as err:
        load_model(path, "toy", 1, text_arrays={"vocab"})
    assert str(path) in str(err.value) and words in str(err.value)


def test_without_a_schema_mixed_arrays_are_still_refused(toy):
    path, doc = toy
    doc["arrays"]["vocab"] = ["a", 2]
    _resign(path, doc)
    with pytest.raises(ModelError, match="array 'vocab' mixes text and numbers"):
        load_model(path, "toy", 1)


def test_a_missing_parameter_or_array_is_named_when_asked_for(toy):
    path, doc = toy
    del doc["params"]["C"]
    _resign(path, doc)
    model = load_model(path, "toy", 1)
    assert model["params"].get("C") is None                         # .get stays a dict's
    with pytest.raises(ModelError, match=r"toy\.json\.gz: the model has no parameter 'C'"):
        model["params"]["C"]
    with pytest.raises(ModelError, match="the model has no array 'intercept'"):
        model["arrays"]["intercept"]


def test_the_stance_model_refuses_a_missing_parameter_and_a_number_for_an_array(tmp_path):
    from analysis.measures.stance import DEFAULT_MODEL, TargetSentiment
    doc = read_model_json(DEFAULT_MODEL)
    missing = json.loads(json.dumps(doc))
    del missing["params"]["C"]
    with pytest.raises(ModelError, match="no parameter 'C'"):
        TargetSentiment.from_json(_resign(tmp_path / "no-c.json.gz", missing))
    number = json.loads(json.dumps(doc))
    number["arrays"]["mean"] = 0.5
    with pytest.raises(ModelError, match="array 'mean' is float, not a list"):
        TargetSentiment.from_json(_resign(tmp_path / "number.json.gz", number))
    no_coef = json.loads(json.dumps(doc))
    tau = no_coef["params"]["taus"][-1]
    del no_coef["arrays"][f"coef_{tau}"]
    with pytest.raises(ModelError, match=f"no array 'coef_{tau}'"):
        TargetSentiment.from_json(_resign(tmp_path / "no-coef.json.gz", no_coef))


def test_a_gzip_bomb_is_refused_without_unpacking_it(tmp_path):
    path = tmp_path / "bomb.json.gz"
    pack = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    with open(path, "wb") as fh:                       # 2 x the limit of spaces: about 200 KB on disk
        for _ in range(2 * persist.MAX_MODEL_BYTES // 2**20):
            fh.write(pack.compress(b" " * 2**20))
        fh.write(pack.flush())
    assert path.stat().st_size < persist.MAX_MODEL_BYTES / 50
    tracemalloc.start()
    try:
        with pytest.raises(ModelError, match="decompresses to over"):
            load_model(path, "toy", 1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1.5 * persist.MAX_MODEL_BYTES                      # the limit, never the whole bomb


def test_a_small_limit_and_a_plain_file_over_it(toy, tmp_path):
    path, doc = toy
    with pytest.raises(ModelError, match=f"decompresses to over {path.stat().st_size + 1:,} bytes"):
        read_model_json(path, max_bytes=path.stat().st_size + 1)
    plain = _resign(tmp_path / "plain.json", doc)
    with pytest.raises(ModelError, match="plain.json: over 20 bytes"):
        read_model_json(plain, max_bytes=20)
    assert read_model_json(plain)["kind"] == "toy"


def test_a_truncated_or_concatenated_gzip(toy, tmp_path):
    path, doc = toy
    data = path.read_bytes()
    cut = tmp_path / "cut.json.gz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match="not a readable model file"):
        load_model(cut, "toy", 1)
    raw = gzip.decompress(data)
    two = tmp_path / "two.json.gz"                     # two gzip members are one stream (as gzip reads them)
    two.write_bytes(gzip.compress(raw[:10]) + gzip.compress(raw[10:]))
    assert load_model(two, "toy", 1)["params"]["C"] == 1.0


def test_a_fifo_is_not_read(tmp_path):
    fifo = tmp_path / "model.json.gz"
    os.mkfifo(fifo)
    with pytest.raises(ModelError, match="not a regular file"):
        load_model(fifo, "toy", 1)


def test_the_save_format_is_unchanged(toy):
    path, _ = toy
    raw = json.loads(gzip.decompress(path.read_bytes()))
    assert set(raw) == {"kind", "format", "params", "arrays", "metadata", "checksum"}
    assert raw["arrays"]["coef"] == [[1.0, 2.0], [3.0, 4.0]] and raw["arrays"]["vocab"] == ["a", "b"]


def test_the_frame_classifier_round_trips_and_refuses_text_for_its_weights(tmp_path):
    import pandas as pd
    from analysis.measures.frame_model import FrameClassifier
    texts = [f"the minister said {w} today." for w in ["rockets", "budget", "drone", "tax"] * 5]
    Y = pd.DataFrame({"war": [int(t.split()[3] in ("rockets", "drone")) for t in texts]})
    path = FrameClassifier(char=False).fit(texts, Y).save(tmp_path / "frames.json.gz")
    loaded = FrameClassifier.load(path, frames=["war"])
    assert loaded.predict(["the minister said drone today."])["war"].item() == 1
    doc = read_model_json(path)
    doc["arrays"]["word_idf"] = [str(v) for v in doc["arrays"]["word_idf"]]
    with pytest.raises(ModelError, match="array 'word_idf' holds text, not numbers"):
        FrameClassifier.load(_resign(tmp_path / "idf.json.gz", doc))     # beside it: the next case reads the original
    doc = read_model_json(path)
    del doc["params"]["char"]
    doc["arrays"]["word_vocab"] = 3
    with pytest.raises(ModelError, match="array 'word_vocab' is int, not a list"):
        FrameClassifier.load(_resign(path, doc))


@pytest.mark.parametrize("key, value", [("svm_weight", -1.0), ("svm_weight", "2"), ("svm_C", 0.0), ("svm_C", True)])
def test_the_frame_classifier_refuses_an_svm_parameter_out_of_range(tmp_path, key, value):
    import pandas as pd
    from analysis.measures.frame_model import FrameClassifier
    texts = [f"the minister said {w} today." for w in ["rockets", "budget", "drone", "tax"] * 5]
    Y = pd.DataFrame({"war": [int(t.split()[3] in ("rockets", "drone")) for t in texts]})
    path = FrameClassifier(char=False, svm_weight=2.0).fit(texts, Y).save(tmp_path / "frames.json.gz")
    doc = read_model_json(path)
    doc["params"][key] = value
    with pytest.raises(ModelError, match=f"parameter '{key}' is .*not a number in range"):
        FrameClassifier.load(_resign(path, doc))


def test_the_stance_model_refuses_word_space_arrays_that_do_not_fit(tmp_path):
    import numpy as np

    from analysis.measures.stance import TargetSentiment
    from analysis.measures.word_space import WordSpace
    words = "group officials praised welcomed attacked condemned killed met visited saw"
    space = WordSpace(n_components=3, min_count=1, random_state=0).fit(
        [" ".join(np.random.default_rng(i).permutation(words.split())) for i in range(40)])
    X, y = [], []
    for i, verb in enumerate(["praised", "attacked", "met"] * 10):
        s = f"Officials said the group {verb} them on day {i}."
        X.append((s, s.index("group"), s.index("group") + 5))
        y.append({"praised": 1, "attacked": -1, "met": 0}[verb])
    TargetSentiment(min_df=1, min_df_weighted=1, taus=(3,), space=space, space_weight=0.3).fit(X, y).to_json(
        tmp_path / "m.json.gz")
    doc = read_model_json(tmp_path / "m.json.gz")
    short = json.loads(json.dumps(doc))
    short["arrays"]["coef_space"] = [row[:-1] for row in short["arrays"]["coef_space"]]
    with pytest.raises(ModelError, match="do not fit"):
        TargetSentiment.from_json(_resign(tmp_path / "short.json.gz", short))
    vectors = json.loads(json.dumps(doc))
    vectors["arrays"]["space_vectors"] = vectors["arrays"]["space_vectors"][:-1]
    with pytest.raises(ModelError, match="word space of .* words needs"):
        TargetSentiment.from_json(_resign(tmp_path / "vectors.json.gz", vectors))
    no_words = json.loads(json.dumps(doc))
    del no_words["arrays"]["space_words"]
    with pytest.raises(ModelError, match="no array 'space_words'"):
        TargetSentiment.from_json(_resign(tmp_path / "no-words.json.gz", no_words))
    no_weight = json.loads(json.dumps(doc))
    del no_weight["params"]["space_weight"]
    with pytest.raises(ModelError, match="no parameter 'space_weight'"):
        TargetSentiment.from_json(_resign(tmp_path / "no-weight.json.gz", no_weight))


def test_a_saved_file_is_checked_by_its_bytes_and_a_changed_byte_is_refused(toy, tmp_path, monkeypatch):
    """save_model writes canonical JSON with the checksum last, so load_model hashes the bytes it read (no second
    serialisation); a coefficient changed in place, the layout kept, still fails the check."""
    path, doc = toy
    raw = gzip.decompress(path.read_bytes())
    checksum = doc["checksum"]
    assert raw == persist._canonical({k: v for k, v in doc.items() if k != "checksum"})[:-1] + \
        b',"checksum":"' + checksum.encode() + b'"}'
    calls = []
    canonical = persist._canonical
    monkeypatch.setattr(persist, "_canonical", lambda d: calls.append(1) or canonical(d))
    load_model(path, "toy", 1)
    assert not calls                                     # read as written: the bytes are hashed, nothing re-dumped
    bad = tmp_path / "flipped.json.gz"
    bad.write_bytes(gzip.compress(raw.replace(b"[3.0,4.0]", b"[3.0,5.0]")))
    with pytest.raises(ModelError, match="flipped.json.gz.*checksum does not match"):
        load_model(bad, "toy", 1)


def test_a_file_laid_out_otherwise_is_checked_by_its_content(toy, tmp_path):
    """A model file written by older code (keys in another order, spaces): its checksum is of the canonical content,
    checked by serialising it again; it loads, and a changed value in it is refused."""
    _, doc = toy
    old = tmp_path / "old.json"
    old.write_text(json.dumps(doc))                        # the checksum where it was, default separators
    assert load_model(old, "toy", 1)["arrays"]["coef"].tolist() == [[1.0, 2.0], [3.0, 4.0]]
    doc["arrays"]["coef"][1][1] = 5.0
    old.write_text(json.dumps(doc))
    with pytest.raises(ModelError, match="old.json.*checksum does not match"):
        load_model(old, "toy", 1)
