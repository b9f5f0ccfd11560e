"""Hostile settings, lexicon and sheet files: each refused with one message naming the file, never a hang,
a traceback or a machine's memory filled."""
import io
import os
import zipfile

import pandas as pd
import pytest

from analysis.corpus.coding import MAX_WORKBOOK_BYTES, read_sheet
from analysis.errors import CodingSheetError, LexiconError, SettingsError
from analysis.measures.frames import load_lexicon
from analysis.settings import load_settings


def test_a_study_file_that_is_a_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "study.toml"
    os.mkfifo(fifo)
    with pytest.raises(SettingsError, match="is not a regular file"):
        load_settings(fifo)


def _loaders():
    from analysis.corpus.clean import load_rules
    from analysis.corpus.metadata import load_sources
    from analysis.corpus.speech import load_speech
    from analysis.measures.actors import load_actors

    return {"frames": load_lexicon, "actors": load_actors, "rules": lambda p: load_rules([p]),
            "sources": load_sources, "speech": load_speech}


@pytest.mark.parametrize("kind", ["frames", "actors", "rules", "sources", "speech"])
def test_a_lexicon_that_is_a_fifo_is_refused_not_waited_on(tmp_path, kind):
    fifo = tmp_path / f"{kind}.toml"
    os.mkfifo(fifo)           # nobody writes to it: reading it would wait for ever
    with pytest.raises(LexiconError, match="is not a regular file") as err:
        _loaders()[kind](str(fifo))
    assert str(fifo) in str(err.value)


def test_a_lexicon_that_is_a_device_is_not_read_whole():
    with pytest.raises(LexiconError, match="/dev/zero: is not a regular file"):
        load_lexicon("/dev/zero")


def test_a_lexicon_larger_than_any_lexicon_is_refused(tmp_path, monkeypatch):
    from analysis import lexicons

    monkeypatch.setattr(lexicons, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.toml"
    big.write_text('lexicon = "big"\n' + "# padding\n" * 200)
    with pytest.raises(LexiconError, match="larger than"):
        lexicons.read(big, "frames")


@pytest.mark.parametrize("name", ["study.toml", "frames.toml"])
def test_toml_nested_too_deeply_is_an_error_not_a_crash(tmp_path, name):
    path = tmp_path / name
    path.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(SettingsError if name == "study.toml" else LexiconError, match="nested too deeply"):
        load_settings(path) if name == "study.toml" else load_lexicon(path)



@pytest.mark.parametrize("name, text", [
    ("study.toml", "a" + ".a" * 60_000 + " = 1\n"),                        # a dotted key: quadratic to parse
    ("frames.toml", 'lexicon = "x"\n[' + "frame." * 70 + "a]\nterms = []\n"),   # a table header
    ("study.toml", "[study]\nname = 'x'\nx = {" + "a." * 80 + "b = 1}\n"),        # inside an inline table
])
def test_a_key_of_thousands_of_dotted_parts_is_refused_before_parsing(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(SettingsError if name == "study.toml" else LexiconError,
                       match=f"{path.name}: line \\d+ has a key of more than 64 dotted parts"):
        load_settings(path) if name == "study.toml" else load_lexicon(path)


def test_dotted_keys_and_dotted_text_of_a_normal_length_still_read(tmp_path):
    from analysis import lexicons

    text = 'note = "' + "U.S. " * 200 + '"\n[a.b.c]\nd.e.f = 1\n'
    assert lexicons.parse_toml(text, "x.toml") == {"note": "U.S. " * 200, "a": {"b": {"c": {"d": {"e": {"f": 1}}}}}}

def _workbook_unpacking_to(path, n_bytes):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(n_bytes // len(chunk) + 1):
                part.write(chunk)
    path.write_bytes(buf.getvalue())


def test_a_workbook_that_unpacks_to_gigabytes_is_refused_before_it_is_parsed(tmp_path):
    bomb = tmp_path / "coder1.xlsx"
    _workbook_unpacking_to(bomb, MAX_WORKBOOK_BYTES + 1)
    assert bomb.stat().st_size < 2 * 1024 * 1024           # small on disk
    with pytest.raises(CodingSheetError, match="unpacks to .* MB, more than"):
        read_sheet(bomb, ["f"])


def test_a_file_named_xlsx_that_is_no_workbook_is_named(tmp_path):
    fake = tmp_path / "coder1.xlsx"
    pd.DataFrame({"unit_id": ["a:0"]}).to_csv(fake, index=False)
    with pytest.raises(CodingSheetError, match="not an Excel workbook"):
        read_sheet(fake, ["f"])


@pytest.mark.parametrize("pattern", [r"(\w+,\s*)+and", r"(?:\s*>\s*\w+)+$", r"\b(?:\w+\s+){0,3}said\b",
                                     r"\b(?:\w+\s+){0,10}said\b", r".{0,80}", r"(\w+) \1", "(ab|a)*c",
                                     r"(?:\s+(?:de|al-\w+|bin))*", r"(?:\s*(?:[|,]\s*)?(?:share|tweet))*$",
                                     r"\d+(?:[.,]\d+)*", r"(?:\d{1,3},)*\d{3}", r"(\w|\d)+$"])
def test_patterns_whose_rounds_are_pinned_are_accepted(tmp_path, pattern):
    frames = tmp_path / "frames.toml"
    frames.write_text(f'lexicon = "mine"\n[frame.cost]\nlabel = "Cost"\npatterns = [\'{pattern}\']\n')
    assert load_lexicon(frames).patterns


def test_an_empty_actor_alias_is_refused(tmp_path):
    from analysis.measures.actors import load_actors

    path = tmp_path / "actors.toml"
    path.write_text('[actor.pm]\nlabel = "Prime minister"\naliases = ["Sudani", " "]\n')
    with pytest.raises(LexiconError, match=r"aliases has an empty entry \(item 2\)") as err:
        load_actors(path)
    assert str(path) in str(err.value)


def test_two_lexicons_with_one_name_are_refused_naming_both_files(tmp_path):
    from analysis.measures.frames import FramesError, load_lexicons

    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text(f'lexicon = "mine"\n[frame.cost_{name[0]}]\nlabel = "Cost"\nterms = ["fare"]\n')
    with pytest.raises(FramesError, match="lexicon name 'mine' is already used by") as err:
        load_lexicons([str(tmp_path / "a.toml"), str(tmp_path / "b.toml")])
    assert "a.toml" in str(err.value) and "b.toml" in str(err.value)


@pytest.mark.parametrize("corpus", ["/etc", "/usr/share", "/"])
def test_a_study_whose_corpus_is_a_system_folder_is_refused_before_anything_is_read(tmp_path, corpus):
    from analysis.corpus.cache import load_or_build
    from analysis.errors import CorpusError

    study = tmp_path / "study.toml"
    study.write_text(f'[study]\ncorpus = "{corpus}"\n')
    with pytest.raises(CorpusError, match=f"corpus folder {corpus} is .*system folder"):
        load_or_build(load_settings(study), cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_ingest_of_a_system_folder_or_a_file_is_one_line_and_exit_2(tmp_path, capsys):
    from analysis.cli import main

    assert main(["ingest", "/etc", "--out", str(tmp_path / "out")]) == 2
    assert "is the system folder /etc" in capsys.readouterr().err
    (tmp_path / "a.txt").write_text("An article.")
    assert main(["ingest", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
