"""End to end on the synthetic demo corpus: what each file yields, outputs, atomicity, cache."""
import shutil

import pandas as pd
import pytest

from analysis.corpus import Corpus, build_corpus, load_or_build
from analysis.corpus.ingest import ARTICLE_COLUMNS, REMOVED_COLUMNS, REPORT_COLUMNS, SENTENCE_COLUMNS


@pytest.fixture(scope="module")
def corpus():
    from analysis.paths import DATA_DEMO
    return build_corpus(DATA_DEMO)


def article(corpus, source_path):
    rows = corpus.articles[corpus.articles.source_path == source_path]
    assert len(rows) == 1, source_path
    return rows.iloc[0]


def test_contract_columns(corpus):
    assert list(corpus.articles.columns[:15]) == ARTICLE_COLUMNS[:15]
    assert list(corpus.sentences.columns) == SENTENCE_COLUMNS
    assert list(corpus.removed.columns) == REMOVED_COLUMNS
    assert list(corpus.report.columns) == REPORT_COLUMNS
    assert corpus.articles["article_id"].is_unique
    assert set(corpus.sentences["position"]) <= {"headline", "subtitle", "heading", "lead", "body"}


def test_plain_text_article(corpus):
    a = article(corpus, "harbour-courier-coalition.txt")
    assert a.title == "Iraq moves to end US-led coalition mission after Baghdad strike"
    assert a.subtitle == "Government says the foreign military presence no longer serves Iraq's security"
    assert a.dateline == "BAGHDAD"
    assert a.outlet == "Harbour Courier" and a.outlet_source == "manifest"
    for gone in ["Home » World » Middle East", "Share this article", "Back to top", "By Dana Whitlow",
                 "Read More: Five things to know about the coalition in Iraq", "Photo: Harbour Courier/Staff"]:
        assert gone not in a.text
    sents = corpus.sentences[corpus.sentences.article_id == a.article_id]
    texts = set(sents.text)
    for real in ["Officials described the decision as a matter of national sovereignty.",
                 "He warned that a hasty exit could leave a security vacuum."]:
        assert real in texts
    heading = sents[sents.text == "A question of sovereignty"]
    assert heading.position.item() == "heading"
    quoted = sents[sents.text.str.startswith('"Iraq decides')]
    assert quoted.in_quote.item()
    assert a.n_sentences == int(sents.position.isin(["lead", "body"]).sum())


def test_html_article_uses_page_metadata(corpus):
    a = article(corpus, "civic-ledger-analysis.html")
    assert a.outlet == "Civic Ledger" and a.outlet_source == "input"
    assert a.title == "Sovereignty, not sides: Baghdad's balancing act"
    assert a.published == "2024-01-08"
    assert "cookies" not in a.text.lower()


def test_csv_rows_are_articles(corpus):
    rows = corpus.articles[corpus.articles.source_path == "lakeside-herald-export.csv"]
    assert sorted(rows.title) == ["Militia attacks test Iraq's security forces", "Parliament factions demand withdrawal timetable"]
    assert set(rows.url) == {"https://example.org/lakeside/101", "https://example.org/lakeside/102"}
    assert "Read More" not in " ".join(rows.text)


def test_syndicated_copy_grouped_with_wire_original(corpus):
    wire = article(corpus, "meridian-wire-strike.txt")
    copy = article(corpus, "northgate-post-syndicated.txt")
    assert copy.dup_group == wire.article_id and wire.is_primary and not copy.is_primary
    assert copy.relayed_source == "Meridian Wire"
    status = dict(zip(corpus.report.path, corpus.report.status))
    assert status["northgate-post-syndicated.txt"] == "duplicate"
    assert len(corpus.counted()) == len(corpus.articles) - 1
    assert len(corpus.counted(count_copies=True)) == len(corpus.articles)


def test_outlet_inferred_from_text_without_manifest(tmp_path):
    from analysis.paths import DATA_DEMO
    folder = tmp_path / "c"
    shutil.copytree(DATA_DEMO, folder)
    (folder / "manifest.csv").unlink()
    c = build_corpus(folder)
    by_file = c.articles.set_index("source_path")
    assert by_file.loc["eastbridge-daily-slideshow.txt", "outlet"] == "Eastbridge Daily"
    assert by_file.loc["eastbridge-daily-slideshow.txt", "outlet_evidence"] == "More from Eastbridge Daily"
    assert by_file.loc["harbour-courier-coalition.txt", "outlet"] == "Harbour Courier"
    assert by_file.loc["northgate-post-syndicated.txt", "outlet"] == "Northgate Post"
    # the wire's own page names itself only in a masthead we do not know: honest "unknown"
    assert by_file.loc["meridian-wire-strike.txt", "outlet"] == "unknown"


def test_article_ids_are_stable_across_runs_and_folders(corpus, tmp_path):
    from analysis.paths import DATA_DEMO
    shutil.copytree(DATA_DEMO, tmp_path / "copy")
    again = build_corpus(tmp_path / "copy")
    assert sorted(again.articles.article_id) == sorted(corpus.articles.article_id)


def test_every_removed_line_is_audited(corpus):
    removed = corpus.removed
    assert removed["rule"].notna().all()
    slideshow = removed[removed.text.str.startswith("Slide ")]
    assert len(slideshow) == 4


def test_write_load_roundtrip_and_atomicity(corpus, tmp_path, monkeypatch):
    from analysis.errors import StoreError
    from analysis.io import Store
    out = tmp_path / "out"
    corpus.write(out)
    loaded = Corpus.load(out)
    pd.testing.assert_frame_equal(loaded.articles, corpus.articles)
    pd.testing.assert_frame_equal(loaded.report, corpus.report)
    current = Store(out).current()
    before = {p.name: p.read_bytes() for p in current.iterdir()}

    def broken(self, *a, **k):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(pd.DataFrame, "to_csv", broken)
    with pytest.raises(StoreError, match="no space left"):
        corpus.write(out)
    assert Store(out).current() == current                                    # the pointer did not move
    assert {p.name: p.read_bytes() for p in current.iterdir()} == before       # previous set intact
    assert len(list((out / ".generations").iterdir())) == 1                   # the failed set is gone


def test_load_names_missing_tables(tmp_path):
    from analysis.errors import CorpusError
    with pytest.raises(CorpusError, match="articles.parquet"):
        Corpus.load(tmp_path)


def test_cache_reuses_and_invalidates(tmp_path):
    from analysis.paths import DATA_DEMO
    folder = tmp_path / "c"
    shutil.copytree(DATA_DEMO, folder)
    cache = tmp_path / "cache"
    first = load_or_build(folder, cache_dir=cache)
    assert len(list(cache.iterdir())) == 1
    load_or_build(folder, cache_dir=cache)
    assert len(list(cache.iterdir())) == 1           # same inputs: reused
    (folder / "extra.txt").write_text("A brand new headline here\nThe minister said more, officials said.\n")
    second = load_or_build(folder, cache_dir=cache)
    assert len(list(cache.iterdir())) == 2
    assert len(second.articles) == len(first.articles) + 1
