"""The lexicon assistant: candidates from the company a frame's terms keep in a corpus written for this test."""
import pandas as pd
import pytest
from sklearn.base import clone

from analysis.cli import build_parser
from analysis.errors import LexiconError
from analysis.measures.frames import load_lexicon
from analysis.measures.lexicon_assistant import SUGGESTION_COLUMNS, WordSpace, kwic, suggest_terms

# A small transit story: the cost frame's own terms ("fare", "budget") keep company with "subsidy" and
# "deficit", which the lexicon lacks; the safety frame's ("crash", "danger") with "brakes"; weather talk with neither.
CORPUS = [
    "The council raised the bus fare to close the budget gap.",
    "Riders said the new fare was unfair while the subsidy shrank.",
    "The budget deficit forced the council to cut the subsidy.",
    "A lower fare would need a larger subsidy from the state.",
    "Officials blamed the deficit on the fare freeze and a smaller subsidy.",
    "The mayor promised the subsidy would return next year.",
    "Fare rises and subsidy cuts dominated the budget debate.",
    "The deficit grew after the subsidy was halved in the budget.",
    "Union leaders said the budget deficit was used to justify the fare rise.",
    "Without the subsidy, the fare would double, the council warned.",
    "The crash was blamed on worn brakes and poor maintenance.",
    "Inspectors found the brakes of three buses dangerous after the crash.",
    "Drivers had warned of the danger posed by faulty brakes for months.",
    "A second crash raised questions about brakes and maintenance checks.",
    "The danger of a crash grows when maintenance is skipped, engineers said.",
    "Passengers described the crash and the smell of burning brakes.",
    "Rain and wind made the morning commute slow.",
    "Forecasters expect more rain and wind this weekend.",
    "Commuters carried umbrellas through the rain.",
    "The wind knocked over a bus shelter near the station, but nobody was hurt; the rain kept falling.",
]

LEXICON = """lexicon = "transit"
[frame.cost]
label = "Cost to riders"
terms = ["fare", "budget"]
[frame.safety]
label = "Safety"
terms = ["crash", "danger"]
"""


@pytest.fixture
def lexicon_file(tmp_path):
    path = tmp_path / "transit.toml"
    path.write_text(LEXICON, encoding="utf-8")
    return path


def test_suggests_the_words_that_keep_company_with_the_frame(lexicon_file):
    out = suggest_terms(CORPUS, lexicon_file, "cost", n=5, n_components=5)
    assert list(out.columns) == SUGGESTION_COLUMNS
    assert set(out["frame"]) == {"cost"} and len(out) == 5
    top = list(out["term"][:3])
    assert "subsidy" in top and "deficit" in top
    assert not {"rain", "wind", "brakes", "umbrellas"} & set(top)
    assert out["score"].is_monotonic_decreasing


def test_terms_already_in_the_frame_are_not_offered(lexicon_file):
    out = suggest_terms(CORPUS, lexicon_file, n=50, n_components=5)
    cost = set(out.loc[out["frame"] == "cost", "term"])
    assert not {"fare", "fares", "budget"} & cost
    safety = out[out["frame"] == "safety"]
    assert not {"crash", "danger", "dangerous"} & set(safety["term"])   # "dangerous" shares the stem of "danger"
    assert safety.iloc[0]["term"] in {"brakes", "maintenance"}


def test_counts_and_context_lines_say_where_a_candidate_comes_from(lexicon_file):
    out = suggest_terms(pd.DataFrame({"text": CORPUS}), lexicon_file, "cost", n=10, n_components=5, examples=2)
    row = out.set_index("term").loc["subsidy"]
    assert row["n_sentences"] == sum("subsid" in s.lower() for s in CORPUS) == 8
    assert row["n_with_frame"] == 7                       # one subsidy sentence names neither fare nor budget
    assert len(row["examples"]) == 2 and all("[subsidy]" in line for line in row["examples"])


def test_nothing_is_added_to_the_lexicon(lexicon_file):
    before = lexicon_file.read_bytes()
    suggest_terms(CORPUS, lexicon_file, n=5, n_components=5)
    assert lexicon_file.read_bytes() == before
    assert [t for t, in load_lexicon(lexicon_file).term_table()[["term"]].itertuples(index=False)] == [
        "budget", "fare", "crash", "danger"]


def test_bad_requests_are_named(lexicon_file):
    with pytest.raises(LexiconError, match=r"transit.toml: no frame 'costs' in this lexicon \(did you mean 'cost'\?\); "
                                           r"valid: cost, safety"):
        suggest_terms(CORPUS, lexicon_file, "costs")
    with pytest.raises(ValueError, match="need a 'text' column"):
        suggest_terms(pd.DataFrame({"body": CORPUS}), lexicon_file)
    with pytest.raises(ValueError, match="no term occurs in 5 or more of the 2 sentences"):
        suggest_terms(CORPUS[:2], lexicon_file, min_df=5)


def test_a_frame_without_seeds_in_the_corpus_gets_no_rows(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text('[frame.cost]\nterms = ["fare"]\n[frame.ferries]\nterms = ["ferry"]\n', encoding="utf-8")
    out = suggest_terms(CORPUS, path, n=3, n_components=5)
    assert set(out["frame"]) == {"cost"}
    assert "match no sentence" in out.attrs["no_candidates"]["ferries"]     # said, not silently left out


def test_a_frame_with_too_few_matches_says_how_many_and_what_helps(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text('[frame.cost]\nterms = ["fare"]\n[frame.weather]\nterms = ["umbrellas"]\n', encoding="utf-8")
    out = suggest_terms(CORPUS, path, n=3, n_components=5)
    why = out.attrs["no_candidates"]["weather"]
    assert "match 1 sentence," in why and "2 or more sentences" in why and "larger corpus" in why


def test_words_of_the_frames_phrases_and_reporting_words_are_not_offered(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text('[frame.cost]\nterms = ["fare"]\nphrases = ["deficit spending"]\n', encoding="utf-8")
    corpus = CORPUS + ["The council announced the fare rise.", "The fare rise was announced by the council."]
    out = suggest_terms(corpus, path, n=40, n_components=5)
    assert "subsidy" in set(out["term"])
    assert not {"deficit", "spending", "announced"} & set(out["term"])  # "deficit" only in the phrase


def test_the_command_says_why_a_frame_has_no_candidates(tmp_path, capsys, monkeypatch):
    from analysis import cli
    (tmp_path / "corpus").mkdir()
    for i, text in enumerate(CORPUS):
        (tmp_path / "corpus" / f"a{i}.txt").write_text(f"Story {i}\n\n{text}\n", encoding="utf-8")
    (tmp_path / "x.toml").write_text('lexicon = "x"\n[frame.cost]\nterms = ["fare"]\n[frame.weather]\n'
                                     'terms = ["umbrellas"]\n', encoding="utf-8")
    (tmp_path / "s.toml").write_text('[study]\ncorpus = "corpus"\n[lexicons]\nframes = ["x.toml"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    rc = cli.main(["lexicon", "suggest", "--study", "s.toml", "--n", "3", "--out", "s.csv"])
    out = capsys.readouterr().out
    assert rc == 0 and "weather: no candidates: its terms match 1 sentence" in out
    rows = pd.read_csv(tmp_path / "s.csv", keep_default_na=False)
    assert set(rows["frame"]) == {"cost", "weather"}
    assert rows.loc[rows["frame"] == "weather", "caveat"].str.startswith("no candidates: its terms match").all()
    rc = cli.main(["lexicon", "suggest", "--study", "s.toml", "--frame", "wether"])
    err = capsys.readouterr().err
    assert rc == 2 and "--frame='wether' is not a frame of " in err and "x.toml (did you mean 'weather'" in err
    assert "valid: cost, weather" in err


def test_word_space_is_a_scikit_learn_estimator():
    space = WordSpace(n_components=4, min_df=2)
    assert clone(space).get_params() == space.get_params()
    space.fit(CORPUS)
    assert space.vectors_.shape == (len(space.terms_), 4)
    sims = space.similar(["brakes"])
    assert sims.index[0] == "brakes" and sims.iloc[0] == pytest.approx(1.0)
    assert space.similar(["nowhere"]).empty


def test_kwic_marks_the_whole_word():
    assert kwic("Subsidies and the subsidy.", "subsidy", width=5) == "… the [subsidy]."
    assert kwic("The subsidyless plan.", "subsidy") is None


def test_cli_offers_the_command():
    args = build_parser().parse_args(["lexicon", "suggest", "--frame", "sovereignty", "--n", "5", "--out", "s.csv"])
    assert args.frame == ["sovereignty"] and args.n == 5 and args.func.__name__ == "cmd_lexicon_suggest"
