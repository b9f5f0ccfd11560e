"""Study settings: the bundled study, validation with errors naming the key and file, overrides, provenance."""
import re

import pytest

from analysis.errors import SettingsError
from analysis.paths import DATA_RAW
from analysis.settings import DEFAULT_STUDY, Settings, load_settings


def write(tmp_path, text, name="study.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_study_is_the_default_and_names_the_real_corpus():
    s = load_settings()
    assert s.source == str(DEFAULT_STUDY)
    assert s.corpus == DATA_RAW
    assert s.lexicons.frames == ("iraq", "policy") and s.lexicons.actors == "iraq"
    assert (s.axis.positive, s.axis.negative) == ("sovereignty", "iranian_influence")
    assert s.compare.by == ("source_label",)


@pytest.mark.parametrize("body, message", [
    ("[lexicons]\nframe = ['iraq']\n", "unknown key 'frame' (did you mean 'frames'"),
    ("[topic]\nk = 3\n", "unknown key 'topic' (did you mean 'topics'"),
    ("[topics]\nk = 'three'\n", "topics.k is 'three'; it must be a whole number, 0 (choose) to 200 or \"auto\""),
    ("[compare]\ncount_copies = 'yes'\n", "compare.count_copies is 'yes'; it must be true or false"),
    ("[terms]\nmin_count = 2.5\n", "terms.min_count is 2.5; it must be a whole number, 1 to 1,000,000"),
    ("[ingest]\nmax_mb = 'big'\n", "ingest.max_mb is 'big'; it must be a number, more than 0 and at most 10,000"),
    ("[ingest]\nnear_duplicate_threshold = true\n", "near_duplicate_threshold is True; it must be a number"),
    ("[topics]\nmethod = 'lsa'\n", "topics.method is 'lsa'; valid: nmf, lda"),
    ("[ingest]\nnear_duplicate_threshold = 1.5\n", "ingest.near_duplicate_threshold is 1.5; it must be more than 0 and at most 1"),
    ("[lexicons]\nframes = ['no_such_lexicon']\n", "no bundled frames file named 'no_such_lexicon'"),
    ("[lexicons]\nactors = 'missing.toml'\n", "missing.toml: actors file not found"),
    ("[study\n", "not valid TOML"),
])
def test_mistakes_are_errors_naming_the_file_and_key(tmp_path, body, message):
    path = write(tmp_path, body)
    with pytest.raises(SettingsError, match=re.escape(message)) as err:
        load_settings(path)
    assert "study.toml" in str(err.value)


def test_relative_paths_resolve_against_the_study_file(tmp_path):
    (tmp_path / "lex").mkdir()
    (tmp_path / "lex" / "mine.toml").write_text('[frame.a]\nterms = ["x"]\n[frame.b]\nterms = ["y"]\n')
    s = load_settings(write(tmp_path, "[study]\ncorpus = 'articles'\n[lexicons]\nframes = ['lex/mine.toml']\n"))
    assert s.corpus == tmp_path / "articles"
    assert s.frame_resources()[0].path == tmp_path / "lex" / "mine.toml"


def test_overrides_by_shorthand_and_dotted_key():
    s = load_settings(None, {"by": "leaning", "axis.positive": "economy_energy", "count_copies": True, "k": 4})
    assert s.compare.by == ("leaning",) and s.axis.positive == "economy_energy"
    assert s.compare.count_copies is True and s.topics.k == 4
    assert load_settings(None, {"k": None}).topics.k == 0                  # None keeps the file's value
    with pytest.raises(SettingsError, match="unknown setting 'kk'"):
        load_settings(None, {"kk": 3})


def test_a_new_frame_lexicon_brings_its_own_axis():
    s = load_settings(None, {"frames": ["policy"]})
    assert (s.axis.positive, s.axis.negative) == ("", "")
    assert load_settings(None, {"frames": ["policy"], "axis_positive": "economic"}).axis.positive == "economic"


def test_digest_follows_content_of_the_files(tmp_path):
    lex = tmp_path / "f.toml"
    lex.write_text('[frame.a]\nterms = ["x"]\n[frame.b]\nterms = ["y"]\n')
    s = Settings().with_overrides({"frames": [str(lex)]})
    before = s.digest("lexicons")
    lex.write_text('[frame.a]\nterms = ["x", "z"]\n[frame.b]\nterms = ["y"]\n')
    assert s.digest("lexicons") != before
    prov = s.provenance()
    assert [r["sha256"] for r in prov["resources"] if r["kind"] == "frames"][0] == s.frame_resources()[0].sha256


@pytest.mark.parametrize("body, key", [
    ("[ingest]\nmax_mb = 1e308\n", "ingest.max_mb"),
    ("[ingest]\nmax_mb = nan\n", "ingest.max_mb"),
    ("[ingest]\nmax_mb = inf\n", "ingest.max_mb"),
    ("[ingest]\nmax_mb = -1\n", "ingest.max_mb"),
    ("[terms]\nz = nan\n", "terms.z"),
    ("[terms]\nngram_max = 0\n", "terms.ngram_max"),
    ("[terms]\nngram_max = 1000000\n", "terms.ngram_max"),
    ("[topics]\nrestarts = -1\n", "topics.restarts"),
    ("[topics]\nk = 1e300\n", "topics.k"),
    ("[topics]\nsample = 0\n", "topics.sample"),
    ("[validity]\nmin_alpha = 1.5\n", "validity.min_alpha"),
])
def test_every_number_is_range_checked_with_the_key_and_the_range(tmp_path, body, key):
    path = write(tmp_path, body)
    with pytest.raises(SettingsError) as err:
        load_settings(path)
    text = str(err.value)
    assert str(path) in text and key in text and "it must be" in text


def test_a_lexicon_listed_twice_is_refused(tmp_path):
    path = write(tmp_path, "[lexicons]\nframes = ['iraq', 'policy', 'iraq']\n")
    with pytest.raises(SettingsError, match=re.escape("lexicons.frames lists 'iraq' more than once")):
        load_settings(path)
