"""A hostile corpus: one case of each family of bad input.  Every path is accounted for, nothing crashes,
nothing is lost that can be read, and no output can act in a spreadsheet or a browser."""
import csv
import json
import os
import time

import pandas as pd
import pytest

from analysis.cli import main
from analysis.corpus import build_corpus
from analysis.io import Store

GOOD = "A headline for the good article\nThe prime minister said on Friday that the coalition would leave, officials said.\n"


@pytest.fixture
def hostile(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text(GOOD)
    (root / "good.txt").write_text(GOOD)
    os.symlink(outside, root / "link-out.txt")                      # a link out of the corpus folder
    os.symlink("/proc/self/status", root / "proc.txt")              # a file whose size reads 0
    os.symlink(root / "nowhere.txt", root / "dangling.txt")         # a broken link
    (root / "sub").mkdir()
    (root / "sub" / "inside.txt").write_text(GOOD.replace("good", "nested"))
    os.symlink(root / "sub", root / "sub-link")                     # a linked folder (would read sub twice)
    os.symlink(root, root / "sub" / "loop")                         # a loop
    os.mkfifo(root / "pipe.txt")                                    # a FIFO: reading it would block forever
    os.symlink(root / "good.txt", root / "link-in.txt")             # a link inside: read
    bad_name = os.fsencode(root) + b"/bad-\xff-name.txt"            # a file name that is not UTF-8
    with open(bad_name, "wb") as fh:
        fh.write(GOOD.replace("good", "oddly named").encode())
    (root / "=cmd|calc.txt").write_text(GOOD.replace("good", "formula"))   # a name a spreadsheet would run
    long_text = ("The council met again and said the bridge would stay closed for repairs. " * 2500).strip()
    with open(root / "export.csv", "w", newline="", encoding="utf-8") as fh:   # a field over 128 KB
        w = csv.writer(fh)
        w.writerow(["id", "title", "outlet", "text"])
        w.writerow(["1", "Long one", "Outlet L", long_text])
        w.writerow(["2", "Short one", "Outlet L", "A second article said the vote was close, officials said."])
    lines = [json.dumps({"id": "a", "text": "A fine JSON article said the talks went on, officials said."}),
             '{"id": "huge", "n": ' + "9" * 5000 + ', "text": "x"}',
             '{"id": "deep", "x": ' + "[" * 100000 + "]" * 100000 + ', "text": "y"}',
             json.dumps({"id": "b", "text": "Another fine article said the talks would resume, officials said."})]
    (root / "export.jsonl").write_text("\n".join(lines) + "\n")
    (root / "accents.txt").write_bytes("Un titre en français pour l'article\nLe ministre a déclaré que "
                                       "la coalition quitterait le pays, a précisé l'élu naïf.\n".encode("cp1252"))
    (root / "utf16.txt").write_bytes("Second headline, other story\nThe defence minister warned on Monday that "
                                     "attacks on bases would be answered.\n".encode("utf-16-le"))
    (root / "zh.txt").write_text("伊拉克总理要求联军撤离\n\n伊拉克总理苏达尼周四表示，以美国为首的国际联军应该离开伊拉克。"
                                 "他说，伊拉克安全部队有能力维护国家安全。\n", encoding="utf-8")
    reports = root / "reports"                                       # reports written inside the corpus folder
    with Store(reports).writing() as gen:
        (gen / "index.html").write_text("<html>old report</html>")
    (root / "manifest.csv").write_text(
        "file,outlet,relayed_source,url,published,outlet_evidence\n"
        "good.txt,Outlet G,unknown,,2024-01-05,test fixture\n"
        f"accents.txt,{'x' * 200_000},,,,\n")
    return root


def test_every_path_is_accounted_for_and_the_rest_ingested(hostile):
    corpus = build_corpus(hostile)
    report = dict(zip(corpus.report.path, corpus.report.status))
    reason = dict(zip(corpus.report.path, corpus.report.reason))
    for path, status, words in [
        ("link-out.txt", "skipped", "outside the corpus folder"),
        ("proc.txt", "skipped", "outside the corpus folder"),
        ("dangling.txt", "skipped", "broken symbolic link"),
        ("sub-link", "skipped", "symbolic link to a folder"),
        ("sub/loop", "skipped", "symbolic link to a folder"),
        ("pipe.txt", "skipped", "FIFO"),
        ("reports/", "info", "written by this package"),
        ("manifest.csv:line 3", "error", "over 10,000 characters"),
        ("export.jsonl:line 2", "error", "cannot be read"),
        ("export.jsonl:line 3", "error", "nested too deeply"),
    ]:
        assert report.get(path) == status, (path, report.get(path))
        assert words in reason[path], (path, reason[path])
    for path in ["good.txt", "link-in.txt", "sub/inside.txt", "bad-\ufffd-name.txt", "=cmd|calc.txt",
                 "export.csv:row 1", "export.csv:row 2", "export.jsonl:line 1", "export.jsonl:line 4",
                 "accents.txt", "utf16.txt", "zh.txt"]:
        assert report.get(path) in ("ok", "duplicate"), (path, report.get(path), reason.get(path))
    arts = corpus.articles.set_index("source_path")
    assert arts.loc["accents.txt", "encoding"] == "cp1252" and "naïf" in arts.loc["accents.txt", "text"]
    assert arts.loc["utf16.txt", "encoding"].startswith("utf-16")
    assert "苏达尼" in arts.loc["zh.txt", "text"]
    long = corpus.articles[corpus.articles.title == "Long one"]
    assert len(long) == 1 and long.n_words.item() > 20000                     # the long CSV field is one article
    assert corpus.articles.loc[corpus.articles.source_path == "good.txt", "outlet"].item() == "Outlet G"


def test_cli_names_every_problem_and_csv_cells_cannot_run(hostile, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["ingest", str(hostile), "--out", str(out), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "pipe.txt" in err and "link-out.txt" in err
    with open(out / "ingest_report.csv", newline="", encoding="utf-8") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert "'=cmd|calc.txt" in cells and not any(c.startswith(("=", "+", "@")) for c in cells)


def test_manifest_with_an_unterminated_quote_is_refused_whole(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_text(GOOD.replace("good", "other"))
    (tmp_path / "manifest.csv").write_text('file,outlet\na.txt,"Outlet A\nb.txt,Outlet B\n')
    corpus = build_corpus(tmp_path)
    rows = corpus.report[corpus.report.path.str.startswith("manifest.csv")]
    assert rows.status.tolist() == ["error"] and "unterminated quote" in rows.reason.item()
    assert set(corpus.articles.outlet) == {"unknown"}                      # no value of it was used


def test_a_second_writer_is_refused_and_a_failed_write_keeps_the_old_set(tmp_path):
    from analysis.errors import StoreError
    store = Store(tmp_path / "out")
    with store.writing() as gen:
        (gen / "articles.parquet").write_text("first")
    with store.lock():
        with pytest.raises(StoreError, match="being written by another run"):
            with store.writing():
                pass
    with pytest.raises(RuntimeError):
        with store.writing() as gen:
            (gen / "articles.parquet").write_text("half")
            raise RuntimeError("killed")
    assert (tmp_path / "out" / "articles.parquet").read_text() == "first"


def test_read_only_output_folder_is_a_message(tmp_path, capsys):
    if os.geteuid() == 0:
        pytest.skip("root writes to read-only folders, so the case cannot be made here")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text(GOOD)
    out = tmp_path / "ro"
    out.mkdir()
    os.chmod(out, 0o500)
    assert main(["ingest", str(tmp_path / "c"), "--out", str(out)]) == 2
    assert "permission denied" in capsys.readouterr().err


def test_truncated_parquet_is_a_message_not_a_traceback(tmp_path, capsys):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text(GOOD)
    out = tmp_path / "out"
    assert main(["ingest", str(tmp_path / "c"), "--out", str(out)]) == 0
    target = (out / "sentences.parquet").resolve()
    target.write_bytes(target.read_bytes()[:40])
    assert main(["analyse", "--data", str(out)]) == 2
    err = capsys.readouterr().err
    assert "sentences.parquet is truncated or not a Parquet file" in err and "Traceback" not in err


def test_a_megabyte_without_sentence_punctuation_is_analysed_whole(tmp_path):
    # Every measure runs on a page with no sentence punctuation, cut into capped sentences; how the time grows with
    # the length of a line is measured by benchmarks/robustness.py, not asserted here (a shared CI machine is no clock).
    from analysis import open_study
    from analysis.measures import run_measures
    words = ("the council said repairs to the old bridge would take a year and cost more than planned while "
             "commuters waited for buses and officials in Baghdad met the US envoy").split()
    text = " ".join(words[i % len(words)] for i in range(180_000))
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "page.txt").write_text("A page with no full stops at all\n\n" + text)
    study = open_study(tmp_path / "c", cache_dir=tmp_path / "cache")
    failures = []
    run_measures(study.corpus, study.settings, on_error=lambda *a: failures.append(a))
    assert {name for name, _ in failures} <= {"topics"}    # one paragraph: too few for topics
    assert study.sentences.text.str.len().max() <= 1500
    assert len(study.measure("sentiment")) == len(study.sentences)
    assert isinstance(study.measure("quotes"), pd.DataFrame)
