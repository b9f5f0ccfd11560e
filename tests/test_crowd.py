"""Report 00's per-group prose at 30 to 40 groups: only groups with enough articles are named, the others counted
in one sentence (with a coarser ``--by`` to try), repeated exploratory notes said once; numbers and gates unchanged."""
import pandas as pd
import pytest

from analysis.compare.agreement import Agreement
from analysis.reporting import findings
from analysis.reporting.crowd import MANY_GROUPS, MIN_ARTICLES, crowd, fold_notes
from analysis.reporting.gate import Gate

BIG = ["Big Daily", "Big Post", "Big Times"]
SMALL = [f"Small {i}" for i in range(27)]
UNMEASURED = "the study names no coded frame sheet"
PASS = Gate("the measure", (Agreement("m", "method", "held-out", 80, 0.8, 0.9, 0.6, "neutral", "sheet.csv", "units"),),
            0.667)


def counted(big=BIG, small=SMALL, leaning=True) -> pd.DataFrame:
    """Articles that count: ``MIN_ARTICLES`` or more for each big group, one or two for each small one."""
    rows = ([(g, i) for g in big for i in range(MIN_ARTICLES + 1)]
            + [(g, i) for g in small for i in range(1 + len(g) % 2)])
    out = pd.DataFrame(rows, columns=["source_label", "i"]).drop(columns="i")
    if leaning:
        out["leaning"] = [("left", "center", "right")[i % 3] for i in range(len(out))]
    out["event"] = [f"event {i}" for i in range(len(out))]            # one value per article: pools nothing
    return out


def scores(groups) -> pd.DataFrame:
    """A result table: the first group far above the others, intervals apart."""
    return pd.DataFrame([(g, 0.9 if i == 0 else 0.1 - 0.001 * i, 0.8 if i == 0 else 0.0, 1.0 if i == 0 else 0.2, "")
                         for i, g in enumerate(groups)], columns=["source_label", "mean", "ci_low", "ci_high", "flag"])


def top(groups) -> pd.DataFrame:
    frames = ["f", "g", "h"]
    return pd.DataFrame([{"source_label": grp, "frame": frames[i % 3], "mean": 0.4, "ci_low": 0.3, "ci_high": 0.5,
                          "n": 40, "evidence_sentences": 16, "runner_up": None, "clear_lead": True, "thin": False,
                          "flag": ""} for i, grp in enumerate(groups)])


def unmeasured(label):
    return Gate(f"the frame “{label}” (dictionary)", (), 0.667, missing=UNMEASURED)


LABELS = {"f": "Frame F", "g": "Frame G", "h": "Frame H"}
GATES = {f: unmeasured(label) for f, label in LABELS.items()}


def test_many_small_groups_are_counted_in_one_sentence_that_suggests_a_coarser_grouping():
    groups = crowd(counted())
    assert groups.crowded and groups.coarser == ("leaning",)          # "event" has a value per article
    text = findings.top_frames(top(BIG + SMALL), LABELS, gates=GATES, crowd=groups)
    assert [line.split("**")[1] for line in text.splitlines() if line.startswith("- **")] == BIG
    assert not any(s in text for s in SMALL)
    said = [line for line in text.splitlines() if "fewer than" in line]
    assert said == [line for line in said if line.startswith(f"{len(SMALL)} of the {len(BIG + SMALL)} outlets have "
                                                           f"fewer than {MIN_ARTICLES} articles")] and len(said) == 1
    assert "`--by leaning`" in said[0]


def test_without_a_metadata_column_no_grouping_is_suggested_and_all_small_is_said_so():
    groups = crowd(counted(big=[], leaning=False))
    text = findings.sentiment(scores(SMALL), gate=PASS, crowd=groups)
    assert f"None of the {len(SMALL)} outlets has {MIN_ARTICLES} or more articles" in text
    assert "--by" not in text and "more positive" not in text and "- **" not in text


def test_a_few_groups_are_all_named_as_before():
    few = BIG + SMALL[:MANY_GROUPS - len(BIG)]
    groups = crowd(counted(small=SMALL[:MANY_GROUPS - len(BIG)]))
    assert not groups.crowded
    assert findings.sentiment(scores(few), gate=PASS, crowd=groups) == findings.sentiment(scores(few), gate=PASS)


def test_the_numbers_and_the_gate_are_unchanged_for_the_groups_named():
    """The first small group would be "more positive" than every other group; it is not named, and the big groups'
    values and the pairs between them are those of the full ranking."""
    table = scores(SMALL[:1] + BIG + SMALL[1:])
    table.loc[table.source_label == "Big Daily", ["mean", "ci_low", "ci_high"]] = [0.6, 0.5, 0.7]
    full = findings.sentiment(table, gate=PASS)
    cut = findings.sentiment(table, gate=PASS, crowd=crowd(counted()))
    for name in BIG:
        line = next(line for line in full.splitlines() if line.startswith(f"- **{name}**"))
        assert line in cut.splitlines()
    pair = "**Big Daily** is more positive than **Big Post**"
    assert pair in cut and pair in full
    assert "**Small 0** is more positive" in full and "Small 0" not in cut
    below = findings.sentiment(table, gate=unmeasured("x"), crowd=crowd(counted()))
    assert "more positive than" not in below and "**Exploratory**" in below


def test_exploratory_notes_that_differ_only_in_the_frame_are_folded_into_one():
    text = findings.top_frames(top(BIG + SMALL), LABELS, gates=GATES, crowd=crowd(counted()))
    assert text.count("**Exploratory**") == 1 and text.count("<details>") == 1
    assert "the frames “Frame F”, “Frame G” and “Frame H” (dictionary)" in text.replace("\\", "")
    other = dict(GATES, h=Gate("the frame “Frame H” (dictionary)", (), 0.667, missing="its sheet has no test part"))
    notes = fold_notes(other, LABELS)
    assert len(notes) == 2 and "“Frame F” and “Frame G”" in notes[0]
    assert "its sheet has no test part" in notes[1]


@pytest.mark.parametrize("thin", [True, False])
def test_blind_spots_name_only_groups_with_enough_articles(thin):
    groups = BIG + SMALL
    coverage = pd.DataFrame({"source_label": groups, "group": groups, "thin": thin, "reason": "too few statements",
                             "shared_facts": 1, "shared_available": 2, "blind_spots": 0, "only_here": 0})
    text = findings.fact_blind_spots(coverage, pd.DataFrame(), crowd=crowd(counted()))
    assert [line.split("**")[1] for line in text.splitlines() if line.startswith("- **")] == BIG
    assert f"{len(SMALL)} of the {len(groups)} outlets have fewer than" in text
