"""A corpus of bad files: every file is accounted for, the rest is ingested, --strict fails."""
import codecs
import json
import subprocess
import sys

import pandas as pd
import pytest

from analysis.cli import main
from analysis.corpus import build_corpus

GOOD = "A headline for the good article\nBAGHDAD: The prime minister said on Friday that the coalition would leave, officials said.\n"


@pytest.fixture
def bad_corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text(GOOD)
    (root / "sub" / "good-utf16.txt").write_bytes(
        "Second headline, other story\nThe defence minister warned on Monday that attacks on bases would be answered.\n".encode("utf-16"))
    (root / "empty.txt").write_text("")
    (root / "blank.txt").write_text("   \n\t\n")
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (root / "lying-bom.txt").write_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfa not utf-8")
    (root / "huge.txt").write_text("word " * 300_000)          # 1.5 MB, over the 1 MB limit below
    (root / "slides.pptx").write_bytes(b"PK\x03\x04")
    (root / "export.csv").write_text(
        'id,title,outlet,text\n'
        '1,First,Outlet A,"The minister said the talks would go on, officials confirmed on Friday."\n'
        '2,Broken row,Outlet A\n'
        '3,Empty,Outlet A,""\n'
        '4,Fourth,Outlet B,"Another article with enough words to count as text, said officials."\n'
    )
    (root / "export.jsonl").write_text(
        json.dumps({"id": "a", "text": "A JSON line article said the government would act, officials said.", "outlet": "Outlet C"}) + "\n"
        + '{"id": "b", "text": "unterminated\n'
        + json.dumps(["not", "an", "object"]) + "\n"
        + json.dumps({"id": "d", "title": "no text"}) + "\n"
    )
    (root / "nothing-left.txt").write_text("Home > World\nAdvertisement\nBack to top\n")
    (root / "manifest.csv").write_text(
        "file,outlet,relayed_source,url,published,outlet_evidence\n"
        "good.txt,Outlet G,unknown,,2024-01-05,test fixture\n"
        "missing.txt,Outlet M,,,,\n"
        "../outside.txt,Outlet O,,,,\n"
    )
    (tmp_path / "outside.txt").write_text(GOOD)
    return root


EXPECTED = {
    "good.txt": "ok",
    "sub/good-utf16.txt": "ok",
    "empty.txt": "skipped",
    "blank.txt": "skipped",
    "image.txt": "error",
    "lying-bom.txt": "error",
    "huge.txt": "skipped",
    "slides.pptx": "skipped",
    "export.csv:row 1": "ok",
    "export.csv:line 3": "error",
    "export.csv:line 4": "skipped",
    "export.csv:row 4": "ok",
    "export.jsonl:line 1": "ok",
    "export.jsonl:line 2": "error",
    "export.jsonl:line 3": "error",
    "export.jsonl:line 4": "error",
    "nothing-left.txt": "skipped",
    "manifest.csv:line 3": "error",
    "manifest.csv:line 4": "error",
    "manifest.csv": "warning",              # no row for the files read beside good.txt: named once
}


def test_every_bad_file_is_reported_and_the_rest_ingested(bad_corpus):
    corpus = build_corpus(bad_corpus, max_mb=0.95)
    report = dict(zip(corpus.report["path"], corpus.report["status"]))
    assert report == EXPECTED
    # every file in the folder appears in the report (nothing silently dropped)
    files = {p.relative_to(bad_corpus).as_posix() for p in bad_corpus.rglob("*") if p.is_file()} - {"manifest.csv"}
    reported_files = {path.split(":")[0] for path in report}
    assert files <= reported_files
    assert all(corpus.report.loc[corpus.report.status != "ok", "reason"].str.len() > 10)
    assert set(corpus.articles["outlet"]) == {"Outlet G", "unknown", "Outlet A", "Outlet B", "Outlet C"}
    assert corpus.articles.loc[corpus.articles.source_path == "good.txt", "published"].item() == "2024-01-05"


def test_reasons_name_the_problem(bad_corpus):
    corpus = build_corpus(bad_corpus, max_mb=0.95)
    reason = dict(zip(corpus.report["path"], corpus.report["reason"]))
    assert "empty" in reason["empty.txt"]
    assert "binary" in reason["image.txt"]
    assert "limit" in reason["huge.txt"]
    assert "unsupported file type '.pptx'" in reason["slides.pptx"]
    assert "3 fields, the header has 4" in reason["export.csv:line 3"]
    assert "malformed JSON" in reason["export.jsonl:line 2"]
    assert "does not exist" in reason["manifest.csv:line 3"]
    assert "outside the corpus folder" in reason["manifest.csv:line 4"]
    assert "boilerplate" in reason["nothing-left.txt"]


def test_strict_exits_non_zero_and_lists_every_problem(bad_corpus, tmp_path, capsys):
    out = tmp_path / "out"
    rc = main(["ingest", str(bad_corpus), "--out", str(out), "--strict", "--max-mb", "1"])
    err = capsys.readouterr().err
    assert rc == 1
    problems = [p for p, s in EXPECTED.items() if s in ("skipped", "error")]
    for path in problems:
        assert path in err
    assert "Traceback" not in err
    report = pd.read_csv(out / "ingest_report.csv")
    assert len(report) == len(EXPECTED)


def test_without_strict_exit_zero(bad_corpus, tmp_path):
    assert main(["ingest", str(bad_corpus), "--out", str(tmp_path / "o"), "--max-mb", "1"]) == 0


def test_missing_folder_is_a_clear_error_not_a_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "analysis", "ingest", str(tmp_path / "nope"), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr and "Traceback" not in proc.stderr


def test_json_file_gets_a_hint_not_a_bare_unsupported(tmp_path):
    (tmp_path / "articles.json").write_text('[{"text": "An article."}]')
    (tmp_path / "good.txt").write_text(GOOD)
    corpus = build_corpus(tmp_path)
    reason = dict(zip(corpus.report.path, corpus.report.reason))["articles.json"]
    assert "use JSON Lines" in reason and ".jsonl" in reason
