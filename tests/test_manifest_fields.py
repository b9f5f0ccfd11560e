"""manifest.csv: every field README lists survives into the articles table, and its values win over what is
inferred from the text or given by the input (README: "its values win over anything inferred")."""
import csv
import json

import pandas as pd
import pytest

from analysis.corpus.ingest import build_corpus

# a first line that is the headline but reads as a lead (sentence case, a past tense, over 25 words)
LONG_HEADLINE = ("Blast at a market in the capital 'killed at least 12 and wounded more than 40': witnesses described "
                 "panic as stalls burned and crowds fled towards the river on a busy Friday morning")
BODY = ("BAGHDAD (Reuters) - A blast tore through a crowded market on Friday, officials said.\n\n"
        "January 5, 2024\n\n"
        "Rescue teams worked through the night, and the ministry promised an inquiry into the attack.\n")


def _manifest(folder, rows):
    with open(folder / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "long.txt").write_text(LONG_HEADLINE + "\n\n" + BODY, encoding="utf-8")
    (folder / "untitled.txt").write_text(BODY, encoding="utf-8")
    return folder


def _by_file(corpus):
    return corpus.articles.set_index("source_path")


def test_without_a_manifest_the_long_headline_is_read_as_the_lead(folder):
    """What the manifest's title has to mend: the headline is taken for the lead, and there is no title."""
    a = _by_file(build_corpus(folder)).loc["long.txt"]
    assert pd.isna(a["title"])


def test_a_manifest_title_is_the_title_and_its_line_the_headline_not_the_lead(folder):
    _manifest(folder, [{"file": "long.txt", "title": LONG_HEADLINE},
                       {"file": "untitled.txt", "title": "Market blast kills twelve"}])
    corpus = build_corpus(folder)
    arts = _by_file(corpus)
    assert arts.loc["long.txt", "title"] == LONG_HEADLINE
    assert arts.loc["untitled.txt", "title"] == "Market blast kills twelve"
    s = corpus.sentences.merge(corpus.articles[["article_id", "source_path"]], on="article_id")
    for path, title in (("long.txt", LONG_HEADLINE), ("untitled.txt", "Market blast kills twelve")):
        mine = s[s["source_path"] == path]
        assert mine.loc[mine["position"] == "headline", "text"].tolist() == [title], path
        lead = mine.loc[mine["position"] == "lead", "text"]
        assert lead.iloc[0].startswith("A blast tore through") and not lead.str.contains("Blast at a market").any()


def test_every_manifest_field_survives_and_wins_over_what_is_inferred(folder):
    """Each value differs from what the text says (a Reuters dateline, a January date line, no outlet, no title)."""
    (folder / "export.jsonl").write_text(json.dumps({"id": "x1", "title": "The export's own title", "outlet": "Export Daily",
                                                     "published": "2024-03-01", "text": BODY}) + "\n", encoding="utf-8")
    row = {"file": "untitled.txt", "title": "Market blast kills twelve", "outlet": "Harbour Courier",
           "relayed_source": "AFP", "url": "https://harbour-courier.example/blast", "published": "2024-02-03",
           "outlet_evidence": "masthead of the printed page", "relayed_source_evidence": "AFP credit line in print",
           "id": "hc-17", "event": "market blast", "leaning": "center"}
    other = {**dict.fromkeys(row, ""), "file": "export.jsonl", "title": "The manifest's title",
             "outlet": "Manifest Outlet", "published": "2024-04-02", "event": "market blast"}
    _manifest(folder, [row, other])
    arts = _by_file(build_corpus(folder))
    a = arts.loc["untitled.txt"]
    for field in ("title", "outlet", "relayed_source", "url", "published", "outlet_evidence",
                  "relayed_source_evidence", "id", "event", "leaning"):
        assert str(a[field]) == row[field], field
    assert a["outlet_source"] == "manifest" and a["source_label"] == "Harbour Courier"
    # an export's own fields give way to the manifest's too; what the manifest leaves empty the export keeps
    e = arts.loc["export.jsonl"]
    assert (e["title"], e["outlet"], e["published"], e["id"]) == ("The manifest's title", "Manifest Outlet",
                                                                  "2024-04-02", "x1")


def test_a_manifest_title_that_is_no_text_is_refused_with_a_warning(folder):
    _manifest(folder, [{"file": "long.txt", "title": "12345"}])
    corpus = build_corpus(folder)
    assert pd.isna(_by_file(corpus).loc["long.txt", "title"])
    warned = corpus.report[corpus.report["status"] == "warning"]["reason"]
    assert warned.str.contains("manifest 'title' value '12345' is a number, not text").any()
