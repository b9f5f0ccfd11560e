"""The validity gate end to end: a study whose stance measure disagrees with its coder states no stance finding
(but shows the figure and the reason); one whose measure agrees states it.  Small synthetic corpus, sheets coded
by the rule a reader would apply to its sentences (one outlet writes only praise of the mayor, the other only
blame)."""
import json

from pathlib import Path

import pandas as pd
import pytest

from analysis import open_study
from analysis.corpus.coding import heldout_articles
from analysis.reporting import findings
from analysis.reporting.intervals import number

BLAME = ["Critics in {p} said the mayor lied to voters and wrecked the {p} budget.",
         "In {p}, the mayor was accused of corruption and gross incompetence.",
         "Residents of {p} blamed the mayor for the disastrous failure of the {p} bridge.",
         "The mayor's reckless plan for {p} was condemned as a shameful waste."]
PRAISE = ["In {p}, the mayor was praised for a brilliant, successful rescue of the budget.",
          "Residents of {p} thanked the mayor for the wonderful new {p} park.",
          "The mayor won applause in {p} for an excellent plan that helped families.",
          "Supporters in {p} celebrated the mayor's great success with the {p} bridge."]
PLACES = ["Northfield", "Eastbrook", "Westmoor", "Southgate", "Riverton", "Hillcrest", "Lakeside", "Oakdale",
          "Pinecrest", "Maplewood", "Stonebridge", "Fairview", "Brookside", "Cedarhurst", "Elmwood", "Ashford"]
OUTLETS = {"Daily Gloom": (BLAME, "negative"), "Morning Cheer": (PRAISE, "positive")}


def make_study(root, stance_of, min_alpha=0.667):
    """A study of eight articles (four per outlet) with a stance sheet coding every mention of the mayor as
    ``stance_of(outlet)``."""
    (root / "articles").mkdir(parents=True)
    rows = []
    for o, (outlet, (pool, _)) in enumerate(OUTLETS.items()):
        for a in range(4):
            places = PLACES[(o * 4 + a) * 2:(o * 4 + a) * 2 + 2]
            text = "\n\n".join(" ".join(pool[j].format(p=places[(i + j) % 2]) for j in range(4)) for i in range(2))
            rows.append({"id": f"{o}-{a}", "title": f"Story {a} of {outlet}", "outlet": outlet, "text": text})
    (root / "articles" / "export.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (root / "frames.toml").write_text('lexicon = "civic"\n[frame.money]\nlabel = "Money"\ndefinition = "Budgets."\n'
                                      'terms = ["budget", "waste"]\n[frame.works]\nlabel = "Works"\n'
                                      'definition = "Building."\nterms = ["bridge", "park"]\n', encoding="utf-8")
    (root / "actors.toml").write_text('[actor.mayor]\nlabel = "The mayor"\naliases = ["the mayor", "mayor"]\n',
                                      encoding="utf-8")
    study_file = root / "study.toml"
    head = ('[study]\nname = "gate test"\ncorpus = "articles"\n'
            '[lexicons]\nframes = ["frames.toml"]\nactors = "actors.toml"\n')
    study_file.write_text(head, encoding="utf-8")
    study = open_study(study_file, cache_dir=root / "cache")
    # a split seed whose test articles include both outlets (with one outlet only, stance could not vary)
    outlet = study.counted.set_index("article_id")["outlet"]
    seed = next(k for k in range(100) if outlet[list(heldout_articles(outlet.index, 0.4, k))].nunique() == 2)
    # min_units: the test part holds a few dozen mentions by construction (the sample-size minimum has its own
    # tests in test_validity_sample.py)
    study_file.write_text(head + f"[validity]\nmin_alpha = {min_alpha}\nsplit_seed = {seed}\nmin_units = 10\n",
                          encoding="utf-8")
    # the coder reads each sentence (not the measure's output) and codes the mention of the mayor in it
    s = study.sentences.merge(study.counted[["article_id", "outlet"]], on="article_id")
    s = s[s["text"].str.contains("mayor")]
    start = s["text"].str.find("mayor")
    sheet = pd.DataFrame({"unit_id": s["article_id"] + ":" + s["sentence_id"].astype(str), "start": start,
                          "end": start + len("mayor"), "actor": "mayor", "text": s["text"],
                          "stance": s["outlet"].map(stance_of)})
    sheet.to_csv(root / "stance.csv", index=False)
    with open(study_file, "a", encoding="utf-8") as fh:
        fh.write('[coding]\nstance = ["stance.csv"]\n')
    return open_study(study_file, cache_dir=root / "cache")


def reader(outlet):
    return OUTLETS[outlet][1]


def contrary(outlet):          # a coder the measure disagrees with: every judgement reversed
    return {"negative": "positive", "positive": "negative"}[OUTLETS[outlet][1]]


@pytest.fixture(scope="module")
def agreeing(tmp_path_factory):
    return make_study(tmp_path_factory.mktemp("agree"), reader)


@pytest.fixture(scope="module")
def disagreeing(tmp_path_factory):
    return make_study(tmp_path_factory.mktemp("disagree"), contrary)


def test_the_test_part_is_held_out_and_holds_both_stances(agreeing):
    coded = agreeing.coded_stance()
    assert set(coded["part"]) == {"development", "test"}
    assert coded.groupby("article_id")["part"].nunique().max() == 1
    assert set(coded.loc[coded["part"] == "test", "stance"]) == {"negative", "positive"}


def test_stance_below_the_gate_states_no_difference_but_shows_figure_and_reason(disagreeing):
    gate = disagreeing.gate("stance")
    record = gate.records[0]
    assert record.part == "held-out" and record.n == len(disagreeing.coded_stance("test"))
    assert not gate.clears and record.alpha < 0.667
    text = findings.actor_cells(disagreeing.actor_sentiment(), disagreeing.actor_labels, disagreeing.by, gate=gate)
    assert "is negative" not in text and "is positive" not in text
    assert "**Exploratory**" in text and f"alpha {number(record.alpha)} on held-out text" in text
    assert "0.667 needed" in text and "differences are not stated" in text
    assert "**Daily Gloom** on *The mayor*" in text            # the figure is shown, for exploration


def test_stance_that_clears_the_gate_states_the_finding(agreeing):
    gate = agreeing.gate("stance")
    assert gate.clears and gate.records[0].alpha >= 0.667
    assert gate.records[0].accuracy > gate.records[0].baseline
    text = findings.actor_cells(agreeing.actor_sentiment(), agreeing.actor_labels, agreeing.by, gate=gate)
    assert "**Daily Gloom** on *The mayor* is negative" in text
    assert "**Morning Cheer** on *The mayor* is positive" in text
    assert "Exploratory" not in text and "*Validity*" in text


def test_the_threshold_is_a_study_setting(agreeing, tmp_path):
    from analysis.errors import SettingsError
    from analysis.settings import load_settings

    assert agreeing.gate("stance").min_alpha == agreeing.min_alpha == 0.667
    bad = tmp_path / "bad.toml"
    bad.write_text("[validity]\nmin_alpha = 1.5\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="validity.min_alpha"):
        load_settings(bad)
    bad.write_text("[validity]\nmin_alfa = 0.8\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="min_alpha"):
        load_settings(bad)


def test_validity_lists_every_figure_with_its_part(agreeing):
    table = agreeing.validity()
    assert set(table["part"]) == {"held-out", "in-sample"}
    assert (table.loc[table["part"] == "in-sample", "clears"] == False).all()    # noqa: E712
    assert {"n", "alpha", "baseline", "source"} <= set(table.columns)


def test_frames_without_a_coded_sheet_are_exploratory(agreeing):
    gate = agreeing.gate("axis")
    assert not gate.clears and "has not been measured" in gate.note()


def test_the_frame_method_note_leads_with_one_line_like_every_validity_note(agreeing):
    from analysis.reporting.notebook import frame_method_note

    short, _, folded = frame_method_note(agreeing).partition("<details>")
    short = short.strip()
    assert "\n" not in short and short.startswith("**Exploratory**: dictionary matching has not been compared")
    assert "no frame clears its validity gate" in short and short.endswith(".") and len(short) < 420
    assert "**Method**" in folded and "The validity gate of a frame: alpha at least 0.667" in folded


def test_a_study_without_sheets_uses_the_shipped_held_out_figures_and_says_so(own_study, tmp_path_factory):
    from analysis.reporting.gate import default_records

    from analysis.reporting.gate import _defaults
    measured_with = _defaults().get("stance_model", "words")      # the shipped figures decide only for that model
    study = open_study(own_study, cache_dir=tmp_path_factory.mktemp("own"), stance_model=measured_with)
    gate = study.gate("stance")
    assert list(gate.records) == default_records("stance") and gate.records
    # the bundled study's test part was in view when its role rules were written: shown, labelled, never counted;
    # the blind-coded sentences are held-out and decide
    seen = [r for r in gate.records if r.part == "in-sample"]
    assert seen and all("test part" in r.source for r in seen) and not set(gate.counted) & set(seen)
    assert gate.counted and all(r.part == "held-out" and "blind" in r.source for r in gate.counted)
    assert gate.clears == all(r.clears(gate.min_alpha) for r in gate.counted)
    assert "measured on another corpus" in gate.note() and "held-out text" in gate.note()
    other = {"words": "context", "context": "words"}[measured_with]
    other_gate = open_study(own_study, cache_dir=tmp_path_factory.mktemp("own2"), stance_model=other).gate("stance")
    assert not other_gate.records and not other_gate.clears
    assert f"measured with the {measured_with} model" in other_gate.note() and "has not been measured" in other_gate.note()
    own_frames = study.gate("frame", "safety")              # the study's own lexicon: nobody coded it
    assert not own_frames.records and not own_frames.clears and "has not been measured" in own_frames.note()


def test_shipped_figures_are_those_of_the_current_measures():
    """``analysis/reporting/validity_defaults.json`` must be rewritten (python benchmarks/gate.py) whenever the
    stance model, the role rules or the story lexicon change."""
    from analysis.reporting.gate import default_records

    study = open_study()
    live = study.stance_validity("test")
    shipped = default_records("stance")[0]
    assert (shipped.n, round(shipped.alpha, 6), round(shipped.accuracy, 6)) == \
        (live.n, round(live.alpha, 6), round(live.accuracy, 6)), "run python benchmarks/gate.py"
    for method in ("dictionary", "classifier"):
        for frame, records in study._frame_records(method).items():
            shipped = [r for r in default_records(f"frames/iraq/{frame}") if "test part" in r.source
                       and r.method == method]
            assert len(shipped) == 1 and round(shipped[0].alpha, 6) == round(records[0].alpha, 6), \
                "run python benchmarks/gate.py"


def test_shipped_written_sentence_figures_are_those_of_the_current_lexicon():
    from analysis.compare.agreement import binary_agreement
    from analysis.measures.frames import load_lexicon, match_text
    from analysis.reporting.gate import default_records

    folder = Path(__file__).resolve().parents[1] / "data" / "coding" / "blind"
    blind = [folder / f"frames_written_coder{c}.csv" for c in (2, 3, 7, 10)]     # training data since they were scored
    held = pd.concat([pd.read_csv(b, keep_default_na=False) for b in blind], ignore_index=True)
    lex = load_lexicon("iraq")
    found = [{f for f, *_ in match_text(t, lex)} for t in held["text"]]
    for frame in lex.frames:
        gold = [int(str(x).strip() == "1") for x in held[frame]]
        live = binary_agreement(gold, [int(frame in f) for f in found])
        shipped = [r for r in default_records(f"frames/iraq/{frame}") if "coder2" in r.source]
        assert len(shipped) == 1 and shipped[0].n == live["n"], "run python benchmarks/gate.py"
        assert shipped[0].part == "in-sample"            # they train the classifier and chose the method
        assert round(shipped[0].accuracy, 6) == round(live["accuracy"], 6), "run python benchmarks/gate.py"


def test_a_test_part_seen_before_the_split_counts_as_in_sample():
    """The bundled study's lexicon and first role rules were written with all five articles in view, so its
    test-part figures are labelled in-sample and never decide a gate; so are the classifier's, whose features
    include the lexicon's matches.  The frame gate of the bundled lexicon rests on the held-out blind sheets
    (coder17's, and coder4's scored before) alone, for either method; before they are scored the frames are
    exploratory."""
    from analysis.reporting.gate import default_records

    study = open_study()
    assert study.settings.validity.test_part_seen
    assert study.stance_validity().part == "in-sample"
    assert set(study.frame_validity("dictionary")["part"]) == {"in-sample"}
    assert set(study.frame_validity("classifier")["part"]) == {"in-sample"}
    heldout = [r for r in default_records("frames/iraq/sovereignty") if r.part == "held-out"]
    assert all(any(f"frames_written_coder{c}.csv" in r.source for c in (17, 4)) for r in heldout)
    for method in ("dictionary", "classifier"):
        gate = study.gate("frame", "sovereignty", method)
        assert {r.source for r in gate.counted} == {r.source for r in heldout if r.method == method}
        if not heldout:
            assert not gate.clears and "Exploratory" in gate.note()


def test_the_bundled_study_whose_own_stance_figures_are_in_sample_is_gated_by_the_blind_sheet():
    gate = open_study().gate("stance")
    parts = {r.part for r in gate.records}
    assert parts == {"in-sample", "held-out"}
    # every blind-coded stance sheet counts (the fresh one and the one scored before), nothing in-sample
    assert len(gate.counted) >= 2 and all("data/coding/blind/stance_written_coder" in r.source for r in gate.counted)
    assert "blind-coded stance sentences" in gate.elsewhere and "measured on another corpus" in gate.note()
    first_line = gate.note().splitlines()[0]            # the line a reader sees before unfolding the details
    assert "of another corpus" in first_line
