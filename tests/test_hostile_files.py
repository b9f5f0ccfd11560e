"""Hostile files, round two: bytes inside a file, links and names around it, our own output next to it.

Each case: the file is reported by name with what was done, the rest of the corpus is ingested."""
import csv
import os
import re
import unicodedata

import nbformat
import pytest

from analysis.cli import main
from analysis.corpus import build_corpus

GOOD = "A headline for the good article\nThe prime minister said on Friday that the coalition would leave, officials said.\n"
LONG = ("The council met on Tuesday and said the bridge over the river would stay closed for repairs until spring. "
        * 90)                                                   # about 9.5 KB: past the 8 KB binary sniff
CONTROLS = [chr(c) for c in range(32) if chr(c) not in "\t\n"] + ["\x7f"]


def _rows(corpus):
    return list(corpus.report.itertuples(index=False))


def _report(corpus, path):
    return [(r.status, r.reason) for r in _rows(corpus) if r.path == path]


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "good.txt").write_text(GOOD)
    return root


def test_a_nul_byte_past_the_first_8_kb_is_removed_and_reported(folder):
    (folder / "late-nul.txt").write_bytes(("Late NUL story\n" + LONG + "The mayor\x00 said so.\n").encode())
    corpus = build_corpus(folder)
    art = corpus.articles.set_index("source_path").loc["late-nul.txt"]
    assert "\x00" not in art.text and "The mayor said so." in art.text
    assert ("warning", "1 NUL byte removed from the text") in _report(corpus, "late-nul.txt")
    assert corpus.articles.text.map(lambda t: not any(c in t for c in CONTROLS)).all()


def test_a_file_mostly_of_nul_bytes_past_8_kb_is_binary(folder):
    (folder / "tail.txt").write_bytes(LONG.encode() + b"\x00\x01\x02" * 2000)
    corpus = build_corpus(folder)
    [(status, reason)] = _report(corpus, "tail.txt")
    assert status == "error" and "binary content" in reason
    assert "good.txt" in set(corpus.articles.source_path)


def test_one_invalid_byte_in_a_utf8_file_is_replaced_not_fatal(folder):
    text = "Iraq’s “sovereignty” café\nThe minister’s statement — issued on Friday — said the coalition’s mission ended.\n"
    data = text.encode("utf-8")
    cut = data.index(b"issued")
    (folder / "one-bad-byte.txt").write_bytes(data[:cut] + b"\x81" + data[cut:])
    corpus = build_corpus(folder)
    art = corpus.articles.set_index("source_path").loc["one-bad-byte.txt"]
    assert art.encoding == "utf-8"
    assert "\ufffdissued on Friday" in art.text and "coalition’s mission" in art.text   # no cp1252 mojibake
    assert ("warning", "1 invalid UTF-8 byte replaced with U+FFFD (the rest of the file is valid UTF-8)") \
        in _report(corpus, "one-bad-byte.txt")


def test_one_byte_no_code_page_reads_in_ascii_text_is_replaced_not_guessed(folder):
    data = LONG.encode()
    (folder / "ascii-bad.txt").write_bytes(b"A plain headline\n" + data[:300] + b"\x81" + data[300:])
    corpus = build_corpus(folder)
    art = corpus.articles.set_index("source_path").loc["ascii-bad.txt"]
    assert art.encoding == "utf-8" and art.text.count("\ufffd") == 1        # not cp932 or another guess
    assert ("warning", "1 invalid UTF-8 byte replaced with U+FFFD (the rest of the file is valid UTF-8)") \
        in _report(corpus, "ascii-bad.txt")


def test_legacy_text_is_still_read_as_cp1252_not_as_broken_utf8(folder):
    (folder / "legacy.txt").write_bytes("Un titre\nLe président a déclaré que l'élu naïf était là.\n".encode("cp1252"))
    corpus = build_corpus(folder)
    art = corpus.articles.set_index("source_path").loc["legacy.txt"]
    assert art.encoding == "cp1252" and "naïf" in art.text and "\ufffd" not in art.text


def test_looping_symbolic_links_are_one_row_each_and_the_rest_is_ingested(folder):
    os.symlink("self.txt", folder / "self.txt")                       # a link to itself
    (folder / "sub").mkdir()
    os.symlink("b.txt", folder / "sub" / "a.txt")                     # a two-link cycle
    os.symlink("a.txt", folder / "sub" / "b.txt")
    (folder / "sub" / "inside.txt").write_text(GOOD.replace("good", "nested"))
    (folder / "manifest.csv").write_text("file,outlet\nself.txt,Outlet S\ngood.txt,Outlet G\n")
    corpus = build_corpus(folder)
    for path in ("self.txt", "sub/a.txt", "sub/b.txt"):
        [(status, reason)] = _report(corpus, path)
        assert status == "skipped" and "symbolic link loop" in reason, path
    [(status, reason)] = _report(corpus, "manifest.csv:line 2")
    assert status == "error" and "loop" in reason
    arts = corpus.articles.set_index("source_path")
    assert set(arts.index) == {"good.txt", "sub/inside.txt"} and arts.loc["good.txt", "outlet"] == "Outlet G"


ANSI = "\x1b[31mred\x1b]0;pwned\x07"


def test_escape_sequences_and_carriage_returns_in_names_reach_no_terminal_or_table(folder, tmp_path, capsys):
    (folder / f"{ANSI}.txt").write_text(GOOD.replace("good", "coloured"))
    (folder / "split\rrow.txt").write_text(GOOD.replace("good", "returned"))
    (folder / "empty\x1b[2J.txt").write_text("")                        # a problem: its name is printed
    out = tmp_path / "out"
    assert main(["ingest", str(folder), "--out", str(out)]) == 0
    printed = capsys.readouterr()
    # the progress bar draws with carriage returns of its own; every other line must be plain
    lines = [seg for line in (printed.out + printed.err).split("\n") for seg in line.split("\r")
             if not seg.lstrip().startswith("reading:")]
    assert "  skipped  empty\\x1b[2J.txt: file is empty or whitespace only" in lines
    assert not any(c in line for line in lines for c in CONTROLS)
    corpus = build_corpus(folder)
    names = set(corpus.report.path) | set(corpus.articles.source_path)
    assert "\\x1b[31mred\\x1b]0;pwned\\x07.txt" in names and "split\\x0drow.txt" in names
    assert not any(c in name for name in names for c in CONTROLS)      # neutral before any writer sees them
    with open(out / "ingest_report.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == len(corpus.report) + 1 and all(len(r) == 4 for r in rows)
    assert sorted(r[0] for r in rows[1:]) == sorted(corpus.report.path)


def test_names_that_differ_only_in_normalisation_are_not_silently_merged(folder):
    (folder / unicodedata.normalize("NFC", "café.txt")).write_text("Café owners protest\nOwners of cafés in the "
                                                                    "old town said the new rent rules would close them.\n")
    (folder / unicodedata.normalize("NFD", "café.txt")).write_text("A second café story\nThe ministry answered on "
                                                                    "Monday that the rules would be reviewed in May.\n")
    corpus = build_corpus(folder)
    rows = _report(corpus, "café.txt")
    assert sorted(s for s, _ in rows) == ["error", "ok"]
    assert any("once the names are normalised" in r for _, r in rows)


def _rendered_notebook_page() -> str:
    from analysis.reporting.render import to_html
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Framing of the withdrawal story\n\n" + GOOD * 3),
                nbformat.v4.new_code_cell("print(1)", outputs=[nbformat.v4.new_output("stream", text=GOOD * 4)])]
    return to_html(nb)


def _index_page(demo_corpus, cache) -> str:
    from analysis import open_study
    from analysis.reporting.render import _index
    return _index([("01-corpus.html", "Corpus", "", [])], open_study(demo_corpus, cache_dir=cache))


def test_rendered_report_pages_copied_into_the_corpus_are_not_articles(folder, demo_corpus, tmp_path):
    # pages rendered before reports carried a generator tag are recognised by their structure
    untagged = re.compile(r'<meta name="generator"[^>]*>')
    (folder / "04-framing.html").write_text(untagged.sub("", _rendered_notebook_page()))
    (folder / "index.html").write_text(untagged.sub("", _index_page(demo_corpus, tmp_path / "cache")))
    (folder / "05-frame-validation.html").write_text(_rendered_notebook_page())
    (folder / "marked.html").write_text('<html><head><meta name="generator" content="analysis 0.9">'
                                        f"<title>Report</title></head><body><article><p>{GOOD * 5}</p></article>"
                                        "</body></html>")
    (folder / "news.html").write_text("<html><head><title>Troops to leave</title></head><body><article>"
                                      + "".join(f"<p>{GOOD.splitlines()[1]} Paragraph {i}.</p>" for i in range(6))
                                      + "</article></body></html>")
    corpus = build_corpus(folder)
    [(status, reason)] = _report(corpus, "04-framing.html")
    assert status == "skipped" and "Jupyter notebook rendered to HTML" in reason
    [(status, reason)] = _report(corpus, "index.html")
    assert status == "skipped" and "index page of this package's reports" in reason
    [(status, reason)] = _report(corpus, "05-frame-validation.html")
    assert status == "skipped" and "report page written by this package" in reason
    [(status, reason)] = _report(corpus, "marked.html")
    assert status == "skipped" and "report page written by this package" in reason
    assert set(corpus.articles.source_path) == {"good.txt", "news.html"}


def test_output_inside_the_corpus_does_not_make_the_next_strict_run_fail(folder, capsys):
    out = folder / "out"
    assert main(["ingest", str(folder), "--out", str(out), "--strict"]) == 0
    assert main(["ingest", str(folder), "--out", str(out), "--strict"]) == 0
    assert "--strict" not in capsys.readouterr().err
    corpus = build_corpus(folder)
    assert _report(corpus, "out/") == [("info", "a folder of reports or tables written by this package, not input: "
                                                "not read")]
    assert len(corpus.problems()) == 0 and set(corpus.articles.source_path) == {"good.txt"}


def test_strict_still_fails_on_a_repaired_file(folder, tmp_path, capsys):
    (folder / "late-nul.txt").write_bytes(("Late NUL story\n" + LONG + "The mayor\x00 said so.\n").encode())
    assert main(["ingest", str(folder), "--out", str(tmp_path / "out"), "--strict"]) == 1
    assert "late-nul.txt: 1 NUL byte removed" in capsys.readouterr().err


def test_output_written_into_the_corpus_folder_itself_is_not_read_back(folder, capsys):
    assert main(["ingest", str(folder), "--out", str(folder), "--strict"]) == 0
    assert main(["ingest", str(folder), "--out", str(folder), "--strict"]) == 0
    corpus = build_corpus(folder)
    assert set(corpus.report.status) == {"ok", "info"} and set(corpus.articles.source_path) == {"good.txt"}
    info = set(corpus.report.loc[corpus.report.status == "info", "path"])
    assert {"CURRENT", ".generations/", "articles.parquet", "ingest_report.csv"} <= info
