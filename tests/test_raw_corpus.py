"""The five starting articles in data/raw, read right end to end.

Each page is checked for what a careful reader sees on it: title (and
subtitle), dateline, outlet and relayed source (with the manifest, and
inferred from the text alone without it), every family of page furniture
gone, real sentences kept whole, and scraper debris moved to ``removed``.
"""
import csv
import hashlib
import shutil

import pytest

from analysis.corpus import build_corpus
from analysis.corpus.clean import clean_lines
from analysis.corpus.readers import MANIFEST
from analysis.paths import DATA_RAW

# From the corpus's SOURCE.md: the files must be the supplied bytes, unchanged.
SHA256 = {
    "000_ab876a9558ab2367.txt": "97556b3435fbdb1ef422f1be8a37ca8c8994c402cb74b789de35a28cafda0384",
    "001_ebee075f15b07dc1.txt": "6b5adad87eb59d4c28acb90448e69a53781932277ad691b58c9fb21724be89cd",
    "002_a718b3ed1b9fb8c8.txt": "085b6aaa81521ed415102d6b7d7140e883cc01f30fc37ac9f3714532229ee0c8",
    "003_83088ce9370631a9.txt": "d2f6a9b68c5ba045107a735274e6ad32369588403fe332b9a58fe638f69fa72e",
    "004_26411969a0d151c5.txt": "a1cae9bd28666052f0ba98d9c8e6a457be26ef59c8cf5ac27ab83b60c5451bf9",
}

EXPECTED = {
    "000_ab876a9558ab2367.txt": dict(
        title="Iraq Seeks Coalition Exit to Preserve Stability and Sovereignty", subtitle=None, dateline=None,
        outlet="unknown", relayed="TASS", label="unknown outlet, relays TASS",
        gone=["No time to read?", "Get a summary", "Previous Article", "Next Article",
              "Alicante Budget Debates, Reproductive Rights, and Public Health",
              "Rita Ora Steals the Spotlight"],
        kept=["The remarks were reported by TASS.",
              "Al-Sudani argued for an immediate initiation of steps to wind down and eventually liquidate "
              "coalition deployments in Iraq.",
              "Yet, he contended that ISIS no longer poses the same level of threat to Iraq, arguing that the "
              "presence of foreign troops is no longer necessary to counter the group’s activities.",
              "Political analysts have weighed the implications of these developments for U.S.-Iraq relations "
              "and for the broader regional security architecture."],
        lead="The Iraqi leadership is signaling a clear stance on the presence of international coalition "
             "forces within its borders."),
    "001_ebee075f15b07dc1.txt": dict(
        title="Iraq’s Prime Minister Calls for Departure of U.S.-Led Military Coalition", subtitle=None,
        dateline=None, outlet="The Stock Dork", relayed="unknown", label="The Stock Dork",
        gone=["1. Home", "2. /", "5. Slideshow", "7. Iraq’s Prime Minister Calls...", "Credit: DepositPhotos",
              "Credits: DepositPhotos", "Photo Credit: DepositPhotos", "Read More:", "Also Read:", "Read Next:",
              "More from The Stock Dork", "Trump Unveils Bold Policy Goals for Potential Second Term",
              "Biden stares blankly at press"],
        kept=["Al-Sudani condemned attacks by Iranian-backed militias on U.S. forces in Iraq while also denouncing "
              "a recent U.S. drone strike in Baghdad as a violation of Iraq’s sovereignty.",
              "This change reflects the growing pressure on al-Sudani from hardliners in Iraq, some supported by "
              "Iran, who demand the withdrawal of U.S. troops.",
              "The U.S. declared an end to its combat mission in 2021 but continued to support Iraqi forces."],
        lead="Iraq’s Prime Minister, Mohammed al-Sudani, has asserted that the U.S.-led military coalition, which "
             "has been assisting Iraq in countering Islamic State militants, is no longer required.",
        headings=["End of Justifications for the Coalition", "Historical Context", "Continued U.S. Support Role"]),
    "002_a718b3ed1b9fb8c8.txt": dict(
        title=None, subtitle=None, dateline=None, outlet="unknown", relayed="unknown",
        label="unknown outlet, file 002",
        gone=[],
        kept=["According to the Pentagon, there have been at least 130 attacks, including 53 in Iraq and 77 in "
              "Syria, against foreign troops from October 17 to January 11.",
              "The Hashed is an Iraqi state-integrated group comprising mainly pro-Iranian former paramilitary units.",
              "However, Sudani believes that the coalition’s presence is no longer necessary, stating that ISIS no "
              "longer poses a threat to the Iraqi state."],
        lead="Iraqi Prime Minister Mohamed Shia al-Sudani reiterated his stance on Thursday for the withdrawal of "
             "the U.S.-led international anti-jihadist coalition from Iraq."),
    "003_83088ce9370631a9.txt": dict(
        title=None, subtitle=None, dateline="BAGHDAD", outlet="unknown", relayed="Reuters",
        label="unknown outlet, relays Reuters",
        gone=["BAGHDAD:"],
        kept=["He stressed the importance of a negotiated exit under a “process of understanding and dialogue” to "
              "establish a quick timeframe and prevent prolonged military presence.",
              "While Sudani reiterated that the US is not considered an enemy, he warned that ongoing tensions "
              "could impact the relationship and create a gap between Iraq and the coalition nations."],
        lead="Iraqi Prime Minister Mohammed Shia al-Sudani has expressed the country’s desire for an immediate and "
             "orderly negotiated exit of US-led military forces from its soil, citing their presence as "
             "destabilizing amidst growing regional tensions stemming from the Gaza war.",
        headings=["US Strikes on Resistance Groups in Iraq"]),
    "004_26411969a0d151c5.txt": dict(
        title="Iraq’s PM balances anti-US sentiment with Iran’s financial interests",
        subtitle="Iraq’s Prime Minister Signals Withdrawal of US-led Coalition Forces", dateline=None,
        outlet="Conservative News Daily", relayed="Washington Examiner", label="Conservative News Daily",
        gone=["Conservative News Daily does not always share", "As an Amazon Associate", "Back to top button",
              "Available for Amazon Prime", "Adblock Detected", "disabling your ad blocker", "\nClose",
              "How has the presence of foreign military forces in Iraq fueled tensions",
              "Necessary actions to protect its forces. However"],
        kept=["According to Air Force Maj. Gen. Pat Ryder, the Pentagon press secretary, the US has conducted "
              "strikes in Iraq and Syria against Iranian-sponsored groups, including HAN and Kataib Hezbollah.",
              "However, al-Sudani and other Iraqi officials argue that the presence of foreign military forces is "
              "fueling tensions and allowing militias to operate with impunity.",
              "The absence of international coalition forces could create a power vacuum, further exacerbating "
              "the security situation in Iraq and potentially allowing extremist groups to regain strength."],
        lead="Iraq’s government is taking steps to require the withdrawal of the United States-led military "
             "coalition responsible for combating the Islamic State, according to Prime Minister Mohammed Shia’ "
             "al-Sudani.",
        headings=["Militia Attacks and Political Pressure", "Conclusion"],
        debris={"question_teaser": "How has the presence of foreign military forces in Iraq fueled tensions and "
                                   "allowed militias to operate with impunity?",
                "repeated_fragment": "Necessary actions to protect its forces."}),
}


@pytest.fixture(scope="module")
def corpus():
    return build_corpus(DATA_RAW)


@pytest.fixture(scope="module")
def corpus_without_manifest(tmp_path_factory):
    folder = tmp_path_factory.mktemp("raw-no-manifest")
    for name in SHA256:
        shutil.copy(DATA_RAW / name, folder / name)
    return build_corpus(folder)


def _article(corpus, name):
    rows = corpus.articles[corpus.articles.source_path == name]
    assert len(rows) == 1, name
    return rows.iloc[0]


def _sentences(corpus, name):
    art = _article(corpus, name)
    return corpus.sentences[corpus.sentences.article_id == art.article_id]


def test_raw_files_are_the_supplied_bytes():
    present = sorted(p.name for p in DATA_RAW.iterdir() if p.name != MANIFEST)
    assert present == sorted(SHA256)
    for name, digest in SHA256.items():
        assert hashlib.sha256((DATA_RAW / name).read_bytes()).hexdigest() == digest, name


def test_every_file_ingested_and_nothing_else_reported(corpus):
    assert sorted(corpus.report.path) == sorted(SHA256)
    assert set(corpus.report.status) == {"ok"}


def test_manifest_labels_every_file_with_evidence_from_its_text():
    with open(DATA_RAW / MANIFEST, newline="", encoding="utf-8") as fh:
        rows = {r["file"]: r for r in csv.DictReader(fh)}
    assert sorted(rows) == sorted(SHA256)
    for name, row in rows.items():
        text = " ".join((DATA_RAW / name).read_text(encoding="utf-8").split())
        for value, evidence in ((row["outlet"], row["outlet_evidence"]),
                                (row["relayed_source"], row["relayed_source_evidence"])):
            assert value and evidence, name
            if value != "unknown":
                assert " ".join(evidence.strip('" ').split()) in text, (name, evidence)   # quoted from the page
                assert value in text, (name, value)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_article_metadata(corpus, corpus_without_manifest, name):
    want = EXPECTED[name]
    for c in (corpus, corpus_without_manifest):
        a = _article(c, name)
        assert (a.title if isinstance(a.title, str) else None) == want["title"]
        assert (a.subtitle if isinstance(a.subtitle, str) else None) == want["subtitle"]
        assert (a.dateline if isinstance(a.dateline, str) else None) == want["dateline"]
        assert a.outlet == want["outlet"]
        assert a.relayed_source == want["relayed"]
        assert a.source_label == want["label"]
    inferred = _article(corpus_without_manifest, name)
    assert inferred.outlet_source == ("text" if want["outlet"] != "unknown" else "unknown")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_boilerplate_gone_and_sentences_kept(corpus, name):
    want = EXPECTED[name]
    a = _article(corpus, name)
    sents = _sentences(corpus, name)
    body = "\n".join(sents.text)
    texts = list(sents.text)
    for gone in want["gone"]:
        if gone.startswith("\n"):       # a lone word: no sentence may be just that
            assert gone.strip() not in texts, (name, gone)
        else:
            assert gone not in a.text and gone not in body, (name, gone)
    for sentence in want["kept"]:
        assert sentence in texts, (name, sentence)
    lead = sents[sents.position == "lead"].text.tolist()
    assert lead and lead[0] == want["lead"], (name, lead[:1])
    for heading in want.get("headings", []):
        assert sents[sents.text == heading].position.tolist() == ["heading"], (name, heading)
    if want["title"]:
        assert sents[sents.position == "headline"].text.tolist() == [want["title"]]


def test_no_boilerplate_left_by_the_rules(corpus):
    for text in corpus.articles["text"]:
        assert clean_lines(text.split("\n")).removed == []


def test_scraper_debris_moved_to_removed(corpus):
    for name, want in EXPECTED.items():
        a = _article(corpus, name)
        removed = corpus.removed[corpus.removed.article_id == a.article_id]
        debris = removed[removed.rule.isin(["question_teaser", "repeated_fragment"])]
        assert dict(zip(debris.rule, debris.text)) == want.get("debris", {}), name
        for text in want.get("debris", {}).values():
            assert text not in set(_sentences(corpus, name).text)


def test_abbreviations_stay_inside_one_sentence(corpus):
    texts = list(corpus.sentences.text)
    assert any("Maj. Gen. Pat Ryder, the Pentagon press secretary" in t for t in texts)
    assert sum("U.S.-led" in t for t in texts) >= 4
    for t in texts:
        assert not t.endswith(("Maj.", "Gen.", "U.S.", "Mr.")), t


def test_unknown_publishers_are_not_pooled(corpus):
    labels = corpus.articles.groupby("source_label")["dup_group"].nunique()
    assert (labels == 1).all(), labels
    assert "unknown" not in set(corpus.articles.source_label)
