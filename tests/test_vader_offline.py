"""VADER works with no network: the lexicon comes from the vaderSentiment package."""
import os
import stat
import subprocess
import sys
import textwrap

import pytest


def test_lexicon_placed_privately(tmp_path):
    from analysis.measures.vader import ensure_lexicon

    zipped = ensure_lexicon(tmp_path / "nltk_data")
    assert zipped == tmp_path / "nltk_data" / "sentiment" / "vader_lexicon.zip"
    mode = stat.S_IMODE(os.stat(zipped).st_mode)
    assert not mode & (stat.S_IWGRP | stat.S_IWOTH)   # NLTK 3.10 refuses writable resources
    before = zipped.stat().st_mtime_ns
    ensure_lexicon(tmp_path / "nltk_data")
    assert zipped.stat().st_mtime_ns == before          # built once


def test_no_network_at_import_or_scoring(tmp_path):
    # A fresh interpreter whose sockets refuse to connect, with an empty cache folder.
    code = textwrap.dedent("""
        import socket
        def refuse(*a, **k):
            raise AssertionError("network connection attempted")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        import analysis.measures.sentiment as s
        import pandas as pd
        out = s.score_sentences(pd.DataFrame({"article_id": ["a"], "sentence_id": [0],
                                              "text": ["The attack was a horrible, cowardly act."]}))
        assert out.compound.item() < -0.5, out
        print("ok")
    """)
    env = {**os.environ, "NEWSFRAMES_CACHE": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
    assert (tmp_path / "cache" / "nltk_data" / "sentiment" / "vader_lexicon.zip").exists()


def test_missing_package_is_a_clear_error(monkeypatch):
    from analysis.measures import vader

    def gone(_):
        raise ModuleNotFoundError("vaderSentiment")
    monkeypatch.setattr(vader.resources, "files", gone)
    with pytest.raises(vader.LexiconMissing, match="pip install vaderSentiment"):
        vader._lexicon_bytes()


def test_tampered_cached_lexicon_is_replaced(tmp_path):
    import zipfile

    from analysis.measures.vader import ensure_lexicon

    zipped = ensure_lexicon(tmp_path / "nltk_data")
    os.chmod(zipped, 0o644)
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("vader_lexicon/vader_lexicon.txt", "good\t-4.0\t0.5\t[-4]\n")   # "good" made very negative
    ensure_lexicon(tmp_path / "nltk_data")
    with zipfile.ZipFile(zipped) as zf:
        assert b"good\t-4.0" not in zf.read("vader_lexicon/vader_lexicon.txt")
