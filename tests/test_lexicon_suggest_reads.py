"""Issue 19: `lexicon suggest` as README calls it prints scores with no negative zero ("-0.000") and example lines
cut at word boundaries, white space tidied, the keyword in brackets."""
import re

import pandas as pd

from analysis.cli import main
from analysis.measures.lexicon_assistant import kwic
from analysis.paths import ROOT

STUDY = ROOT / "examples" / "transit" / "study.toml"


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w’'-]+", text))


def test_suggest_prints_no_negative_zero_and_whole_words(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "suggestions.csv"
    # many candidates, so that the scores reach zero (with 20 the transit study's lowest is well above it)
    assert main(["lexicon", "suggest", "--study", str(STUDY), "--n", "200", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    scores = re.findall(r"^  \S+\s+(\S+)\s+\d+ / \d+", printed, re.M)
    assert len(scores) > 20 and any(s == "0.000" for s in scores)
    assert not [s for s in scores if re.fullmatch(r"[-\u2212]0\.000", s)]
    table = pd.read_csv(out)
    assert not (table["score"].astype(str) == "-0.0").any()
    corpus = " ".join(pd.read_json(ROOT / "examples" / "transit" / "articles" / "export.jsonl", lines=True)
                      .astype(str).stack())
    words = _words(corpus)
    examples = [line.strip() for line in printed.splitlines() if line.startswith("      ")]
    assert examples
    for line in examples:
        assert "  " not in line and "\n" not in line
        shown = line.replace("[", "").replace("]", "").replace("…", " ")
        assert _words(shown) <= words, (line, _words(shown) - words)     # no word cut in two


def test_kwic_cuts_at_word_boundaries_and_tidies_white_space():
    text = "The city\ncouncil   warned that the budget deficit would grow unless bus fares were raised this year."
    line = kwic(text, "deficit", width=20)
    assert line == "… that the budget [deficit] would grow unless …"
    assert kwic("Subsidies and the subsidy.", "subsidy", width=5) == "… the [subsidy]."
    assert kwic("x" * 40 + " word " + "y" * 40, "word", width=10) == "… [word] …"
