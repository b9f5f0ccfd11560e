"""Coding sheets, agreement statistics and the frame classifier (on data that is not the corpus)."""
import json
import re

import numpy as np
import pandas as pd
import pytest

from analysis.compare.agreement import alpha, frame_agreement, prf, prune_terms, term_table
from analysis.corpus.coding import (coding_sample, content_keys, heldout_articles, read_long_sheet, read_sheet,
                                    read_sheets, write_sheet)
from analysis.errors import CodingSheetError, ModelError
from analysis.measures.frame_model import FrameClassifier, cross_validate, predictions_as_matches

FRAMES = ["war", "money"]


@pytest.fixture
def corpus():
    rows, arts = [], []
    texts = {"A": ["Rockets hit the base.", "The budget was cut.", "Talks went on."],
             "B": ["A drone struck a convoy.", "Oil revenue fell.", "The minister resigned.", "=HYPERLINK(\"x\")"]}
    for g, ts in texts.items():
        for a in range(2):
            aid = f"{g}{a}"
            arts.append({"article_id": aid, "source_label": g})
            rows += [{"article_id": aid, "sentence_id": i, "paragraph_id": i, "position": "body", "text": t}
                     for i, t in enumerate(ts)]
    return pd.DataFrame(rows), pd.DataFrame(arts)


def fill(path, codes):
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    for f in FRAMES:
        sheet[f] = [str(codes(t, f)) for t in sheet["text"]]
    sheet.to_csv(path, index=False)


def truth(text, frame):
    return int((frame == "war" and any(w in text for w in ("Rocket", "drone"))) or
               (frame == "money" and any(w in text for w in ("budget", "revenue"))))


def test_sample_is_stratified_seeded_and_round_trips(corpus, tmp_path):
    sentences, articles = corpus
    sample = coding_sample(sentences, articles, n=6, seed=3)
    assert len(sample) == 6 and set(sample.group) == {"A", "B"}
    assert sample.equals(coding_sample(sentences, articles, n=6, seed=3))           # the same sample again
    path = write_sheet(sample, FRAMES, tmp_path / "sheet.csv")
    fill(path, truth)
    coded = read_sheet(path, FRAMES, sentences)
    assert list(coded.columns) == ["unit_id", "article_id", "sentence_id", *FRAMES, "coder", "part"]
    assert coded[FRAMES].to_numpy().tolist() == [[truth(t, f) for f in FRAMES]
                                                  for t in sample.set_index("unit_id").loc[coded.unit_id, "text"]]


def test_formula_like_cells_are_neutralised(corpus, tmp_path):
    sentences, articles = corpus
    path = write_sheet(coding_sample(sentences, articles), FRAMES, tmp_path / "s.csv")
    assert "'=HYPERLINK" in path.read_text() and ',=HYPERLINK' not in path.read_text()
    xlsx = write_sheet(coding_sample(sentences, articles), FRAMES, tmp_path / "s.xlsx",
                       codebook=pd.DataFrame({"frame": FRAMES, "definition": ["=1+1", "money"]}))
    import openpyxl
    cells = [c.value for ws in openpyxl.load_workbook(xlsx).worksheets for row in ws.iter_rows() for c in row]
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)


@pytest.mark.parametrize("edit, message", [
    (lambda s: s.rename(columns={"war": "wars"}), "unknown frame column(s) 'wars' (did you mean 'war'?)"),
    (lambda s: pd.concat([s, s.iloc[[0]]]), "unit_id repeated in rows"),
    (lambda s: s.assign(war=["2"] + ["0"] * (len(s) - 1)), "values other than 0 and 1 in row 2 (war = '2')"),
    (lambda s: s.assign(unit_id=["zz:1"] + list(s.unit_id[1:])), "rows 2 name sentences that are not in the sample"),
    (lambda s: s.assign(text=["Changed."] + list(s.text[1:])), "the text of rows 2 differs from the corpus"),
    (lambda s: s.assign(unit_id=["nocolon"] + list(s.unit_id[1:])), "not article_id:sentence_id"),
    (lambda s: s.assign(war="", money=""), "no frame cell is filled in"),
    (lambda s: s.iloc[1:], "1 of the 14 sentences the sheet was written with are missing (rows deleted)"),
    (lambda s: s.iloc[[0, 2]], "12 of the 14 sentences the sheet was written with are missing"),
    (lambda s: s.assign(sample=["3 sentences · 0"] + list(s["sample"][1:])), "the 'sample' column differs"),
    (lambda s: s.assign(sample="many"), "do not edit that column"),
])
def test_sheet_errors_name_the_rows(corpus, tmp_path, edit, message):
    sentences, articles = corpus
    path = write_sheet(coding_sample(sentences, articles), FRAMES, tmp_path / "sheet.csv")
    fill(path, truth)
    edit(pd.read_csv(path, dtype=str, keep_default_na=False)).to_csv(path, index=False)
    with pytest.raises(CodingSheetError, match=re.escape(message)):
        read_sheet(path, FRAMES, sentences)


def test_alpha_textbook_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 coders, 12 units, nominal: 0.743
    data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, np.nan, np.nan, np.nan],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, np.nan, 3],
            [np.nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, np.nan],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, np.nan]]
    assert alpha(data) == pytest.approx(0.743, abs=0.001)
    assert alpha([[1, 0, 1, 0], [1, 0, 1, 0]]) == 1.0
    assert np.isnan(alpha([[1, 1, 1], [1, 1, 1]]))              # no variation: undefined


def test_two_coders_agreement_and_method_scores(corpus, tmp_path):
    sentences, articles = corpus
    sample = coding_sample(sentences, articles)
    a = write_sheet(sample, FRAMES, tmp_path / "a.csv", coder="ann")
    b = write_sheet(sample, FRAMES, tmp_path / "b.csv", coder="bob")
    fill(a, truth)
    fill(b, lambda t, f: 1 - truth(t, f) if ("Oil" in t and f == "money") else truth(t, f))   # bob disagrees once
    coded = read_sheets([a, b], FRAMES, sentences)
    assert set(coded.coder) == {"ann", "bob"}
    perfect = coded[coded.coder == "ann"][["unit_id", *FRAMES]]
    table = frame_agreement(coded, perfect, FRAMES).set_index("frame")
    assert table.loc["war", "alpha_coders"] == 1.0 and table.loc["money", "alpha_coders"] < 1.0
    assert table.loc["war", "f1"] == 1.0 and table.loc["war", "support"] == 4


def test_prf_by_hand_and_interval():
    r = prf([1, 1, 0, 0, 1, 0], [1, 0, 1, 0, 1, 0], seed=1)
    assert (r["precision"], r["recall"]) == (2 / 3, 2 / 3) and r["f1"] == pytest.approx(2 / 3)
    assert r["f1_low"] <= r["f1"] <= r["f1_high"]


def test_term_table_and_pruning_name_misleading_terms():
    coded = pd.DataFrame({"article_id": ["a", "a", "a"], "sentence_id": [0, 1, 2], "war": [1, 0, 0], "money": [0, 0, 0]})
    matches = pd.DataFrame({"article_id": ["a", "a", "a"], "sentence_id": [0, 1, 2], "frame": "war",
                            "term": ["strike", "strike", "strike"], "matched": ["strike", "strike", "Strike"]})
    matches.loc[1:, "term"] = "forum"
    table = term_table(matches, coded, FRAMES).set_index("term")
    assert table.loc["forum", "false_alarms"] == 2 and table.loc["strike", "precision"] == 1.0
    keep = prune_terms(matches, coded, FRAMES)
    assert keep.dropped == [("war", "forum")] and set(keep(matches).term) == {"strike"}


def classifier_data():
    rng = np.random.default_rng(0)
    war = ["rockets", "drone", "strike", "attack", "militia"]
    money = ["budget", "revenue", "oil", "dollar", "tax"]
    texts, y = [], []
    for i in range(60):
        w, m = i % 3 == 0, i % 2 == 0
        words = list(rng.choice(["the", "minister", "said", "today", "city"], 4))
        words += list(rng.choice(war, 2)) if w else []
        words += list(rng.choice(money, 2)) if m else []
        texts.append(" ".join(rng.permutation(words)) + ".")
        y.append({"war": int(w), "money": int(m)})
    return texts, pd.DataFrame(y), [f"art{i % 6}" for i in range(60)]


def test_classifier_is_deterministic_and_cross_validates_by_article():
    texts, Y, groups = classifier_data()
    a = FrameClassifier(random_state=0).fit(texts, Y).predict_proba(texts)
    b = FrameClassifier(random_state=0).fit(texts, Y).predict_proba(texts)
    assert np.array_equal(a.to_numpy(), b.to_numpy())
    oof = cross_validate(FrameClassifier(), texts, Y, groups)
    assert (oof == Y).to_numpy().mean() > 0.9
    from sklearn.base import clone
    assert clone(FrameClassifier(C=2.0)).C == 2.0


def test_classifier_saved_without_pickle_and_tampering_refused(tmp_path):
    texts, Y, _ = classifier_data()
    model = FrameClassifier().fit(texts, Y)
    path = model.save(tmp_path / "m.json", trained_on="toy")
    loaded = FrameClassifier.load(path, frames=["war", "money"])
    assert np.allclose(loaded.predict_proba(texts).to_numpy(), model.predict_proba(texts).to_numpy(), atol=1e-6)
    assert loaded.metadata_["trained_on"] == "toy" and loaded.data_hash_ == model.data_hash_
    with pytest.raises(ModelError, match="trained for frames"):
        FrameClassifier.load(path, frames=["money", "war"])
    doc = json.loads(path.read_text())
    doc["arrays"]["intercept"][0] += 5
    path.write_text(json.dumps(doc))
    with pytest.raises(ModelError, match="checksum does not match"):
        FrameClassifier.load(path)


def test_predictions_become_matches_for_every_salience_table():
    sentences = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "text": ["x", "y"]})
    m = predictions_as_matches(sentences, pd.DataFrame({"war": [1, 0], "money": [1, 1]}), "toy")
    assert m[["sentence_id", "frame", "kind"]].values.tolist() == [[0, "money", "classifier"], [0, "war", "classifier"],
                                                                   [1, "money", "classifier"]]


def test_sample_is_split_by_article_into_development_and_test(corpus, tmp_path):
    sentences, articles = corpus
    sample = coding_sample(sentences, articles, n=8, seed=3, test_share=0.5, split_seed=2)
    test = heldout_articles(articles["article_id"], 0.5, 2, keys=content_keys(sentences))
    assert len(test) == 2 and set(sample["part"]) <= {"development", "test"}
    assert (sample["part"] == "test").tolist() == sample["article_id"].isin(test).tolist()
    assert sample.groupby("article_id")["part"].nunique().max() == 1
    path = write_sheet(sample, FRAMES, tmp_path / "sheet.csv")
    fill(path, truth)
    coded = read_sheet(path, FRAMES, sentences, test_share=0.9, split_seed=99)   # the sheet's part wins
    assert coded.set_index("unit_id")["part"].equals(sample.set_index("unit_id")["part"])
    # a larger sample of the same corpus keeps every article in its part
    bigger = coding_sample(sentences, articles, seed=4, test_share=0.5, split_seed=2)
    small, big = (x.groupby("article_id")["part"].first() for x in (sample, bigger))
    assert all(big[a] == p for a, p in small.items())


def test_sheet_without_part_is_split_with_the_given_seed(corpus, tmp_path):
    sentences, articles = corpus
    path = write_sheet(coding_sample(sentences, articles), FRAMES, tmp_path / "s.csv")
    fill(path, truth)
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns="part")
    sheet.to_csv(path, index=False)
    coded = read_sheet(path, FRAMES, sentences, test_share=0.4, split_seed=5)
    assert set(coded.loc[coded["part"] == "test", "article_id"]) == heldout_articles(coded["article_id"], 0.4, 5,
                                                                                     keys=content_keys(sentences))


@pytest.mark.parametrize("edit, message", [
    (lambda s: s.assign(part=["test"] + ["development"] * (len(s) - 1)), "rows in both parts"),
    (lambda s: s.assign(part=["dev"] * len(s)), "use 'development' or 'test'"),
])
def test_bad_parts_are_named(corpus, tmp_path, edit, message):
    sentences, articles = corpus
    path = write_sheet(coding_sample(sentences, articles), FRAMES, tmp_path / "s.csv")
    fill(path, truth)
    edit(pd.read_csv(path, dtype=str, keep_default_na=False)).to_csv(path, index=False)
    with pytest.raises(CodingSheetError, match=message):
        read_sheet(path, FRAMES, sentences)


def test_bundled_sheets_are_split_with_the_study_seed():
    from analysis.paths import ROOT
    from analysis.settings import load_settings

    v = load_settings().validity
    for name in ("frames", "stance", "quotes"):
        path = ROOT / "data" / "coding" / f"{name}_iraq_coder1.csv"
        sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
        arts = sheet["unit_id"].str.rsplit(":", n=1).str[0]
        test = set(arts[sheet["part"] == "test"])
        assert test == heldout_articles(arts, v.test_share, v.split_seed) == {"5e4a96411d65", "22eeca6f50a0"}
        read_long_sheet(path, ["part"], {"part": {"development", "test"}})


def test_a_control_character_in_an_article_does_not_stop_the_excel_sheet(tmp_path):
    import openpyxl

    from analysis.corpus.coding import write_sheet

    sample = pd.DataFrame({"unit_id": ["a:0", "a:1"], "article_id": ["a", "a"], "sentence_id": [0, 1],
                           "group": ["X", "X"], "position": ["lead", "body"], "part": ["development"] * 2,
                           "context": ["", "before\x01"],
                           "text": ["Officials said\x01 the talks\x0b resumed.", "=SUM(A1) " + "x" * 40_000]})
    write_sheet(sample, ["f"], tmp_path / "sheet.xlsx")
    rows = list(openpyxl.load_workbook(tmp_path / "sheet.xlsx").worksheets[0].values)
    header, first, second = rows[0], rows[1], rows[2]
    text = header.index("text")
    assert first[text] == "Officials said\ufffd the talks\ufffd resumed."
    assert second[text].startswith("'=SUM(A1)") and len(second[text]) == 32_767 and second[text].endswith("…")



@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\x1f"])
def test_characters_that_are_no_xml_do_not_stop_the_excel_export(tmp_path, char):
    """U+FFFE and U+FFFF reach the text from a page (they are valid in Python strings and in Parquet) but
    not an .xlsx: each is shown as U+FFFD and the rest of the workbook is written."""
    import openpyxl

    from analysis.io import excel_safe

    frame = pd.DataFrame({"text": [f"The minister said{char} no.", "Talks resumed."], "n": [1, 2]})
    with pd.ExcelWriter(tmp_path / "t.xlsx", engine="openpyxl") as xl:
        excel_safe(frame).to_excel(xl, sheet_name="t", index=False)
    rows = list(openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[0].values)
    assert rows[1] == ("The minister said\ufffd no.", 1) and rows[2] == ("Talks resumed.", 2)

def _tiny_sample():
    return pd.DataFrame({"unit_id": ["a:0", "a:1", "a:2"], "article_id": ["a"] * 3, "sentence_id": [0, 1, 2],
                         "group": ["X"] * 3, "part": ["development"] * 3, "position": ["lead", "body", "body"],
                         "context": ["", "", ""],
                         "text": ["'Twas the night before the vote, officials said.", "-5% was the fall in oil exports.",
                                  "=The minister said nothing."]})


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_sentences_starting_with_an_apostrophe_or_a_formula_sign_survive_the_round_trip(tmp_path, suffix):
    from analysis.corpus.coding import write_sheet

    sample = _tiny_sample()
    path = tmp_path / f"sheet{suffix}"
    write_sheet(sample, ["f"], path)
    if suffix == ".csv":                                   # the coder fills the frame column, nothing else
        sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
        sheet["f"] = ["1", "0", "0"]
        sheet.to_csv(path, index=False)
    else:
        import openpyxl

        book = openpyxl.load_workbook(path)
        ws = book.worksheets[0]
        col = [c.value for c in ws[1]].index("f") + 1
        for row, value in ((2, 1), (3, 0), (4, 0)):
            ws.cell(row=row, column=col, value=value)
        book.save(path)
    coded = read_sheet(path, ["f"], sample)
    assert list(coded["unit_id"]) == ["a:0", "a:1", "a:2"]


def test_formula_cells_in_a_coded_workbook_are_refused_naming_the_rows(tmp_path):
    import openpyxl

    from analysis.corpus.coding import write_sheet

    sample = _tiny_sample()
    path = tmp_path / "coded.xlsx"
    write_sheet(sample, ["f"], path)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    col = [c.value for c in sheet[1]].index("f") + 1
    sheet.cell(row=2, column=col, value=1)
    sheet.cell(row=3, column=col, value="=1-0")             # saved without a computed value
    book.save(path)
    with pytest.raises(CodingSheetError, match=r"rows 3 hold formulas"):
        read_sheet(path, ["f"], sample)


def test_the_split_follows_the_texts_not_where_the_files_lie(tmp_path):
    """A corpus copied to another folder, its files renamed and moved into a subfolder, keeps its split: the same
    texts are held out (the article ids, made from the paths, all change)."""
    from analysis.corpus.ingest import build_corpus

    topics = ["ferry fares", "bridge repairs", "bus lanes", "school meals", "park lights", "port dredging",
              "tram tracks", "river flood walls"]
    first = tmp_path / "first"
    first.mkdir()
    for i, topic in enumerate(topics):
        (first / f"{i}.txt").write_text(f"Council Debates {topic.title()}\n\nThe council debated {topic} for "
                                        f"{i + 2} hours on Monday night.\n\nResidents said {topic} had waited "
                                        "long enough for a decision.\n", encoding="utf-8")
    second = tmp_path / "elsewhere" / "copy"
    (second / "2024" / "january").mkdir(parents=True)
    for path in first.iterdir():
        (second / "2024" / "january" / f"article-{path.stem}-renamed.txt").write_bytes(path.read_bytes())

    def held_out_texts(folder):
        corpus = build_corpus(folder)
        sample = coding_sample(corpus.sentences, corpus.articles, test_share=0.4, split_seed=3)
        titles = corpus.articles.set_index("article_id")["title"]
        return set(titles[sample.loc[sample["part"] == "test", "article_id"].unique()]), set(titles.index)

    (test_a, ids_a), (test_b, ids_b) = held_out_texts(first), held_out_texts(second)
    assert not ids_a & ids_b                                   # every id changed with the path
    assert len(test_a) == 4 and test_a == test_b


def test_the_bundled_study_keeps_the_split_its_frozen_sheets_were_drawn_with():
    """Its sheets were split by article id before splits were drawn from the texts: a fresh sample of data/raw,
    with the study's settings (split_by = "id"), holds out the articles the frozen frames sheet holds out."""
    from analysis.reporting.study import open_study

    study = open_study(None)
    v = study.settings.validity
    assert v.split_by == "id"
    sample = coding_sample(study.sentences, study.counted, test_share=v.test_share, split_seed=v.split_seed,
                           split_by=v.split_by)
    from analysis.paths import ROOT

    frozen = pd.read_csv(ROOT / "data" / "coding" / "frames_iraq_coder1.csv", dtype=str)
    assert (set(sample.loc[sample["part"] == "test", "article_id"])
            == set(frozen.loc[frozen["part"] == "test", "article_id"]))
