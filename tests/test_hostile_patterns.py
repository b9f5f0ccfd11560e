"""Patterns of a researcher's files that backtrack without end: stopped within a time limit per text, disabled with
a warning naming the file and key, the tables computed without them and the reports told; the bundled patterns,
which run unguarded, are shown not to run away on hostile texts.

Each hostile text below is one the standard ``re`` engine would not finish in any test's lifetime (exponential
or a high power of its length): the tests finish only because the guard stops the search.  The limit is set
small (:data:`SHORT`), so a disabled pattern costs a fraction of a second; nothing here measures speed.
"""
import logging
import re

import pandas as pd
import pytest

from analysis import lexicons
from analysis.corpus.tables import Corpus
from analysis.errors import LexiconError
from analysis.lexicons import patterns
from analysis.measures import registry
from analysis.measures.actors import find_mentions, load_actors
from analysis.measures.frames import load_lexicon, match_frames
from analysis.settings import Settings

SHORT = 0.2      # seconds per search where a pattern is meant to run away
LONG = 600.0     # where none is: searches of microseconds; only a hang would reach this

# family -> (a pattern, a text on which it runs away, a text on which it matches at once, what it matches there)
HOSTILE = {
    "nested repeats": (r"(?:(?:a|aa)+)+b", "a" * 40, "an aab here", "aab"),
    "overlapping alternation": (r"(?:a|aa)+$", "a" * 40 + "!", "just aaaa", "aaaa"),
    "huge counted repeats": (r"(?:a{1,9}a{1,9}){1,900}$", "a" * 90 + "!", "aa", "aa"),
    "backreference repeats": (r"(?:(a+)\1*)+$", "a" * 40 + "!", "ends aa", "aa"),
    "very deep nesting": ("(?:" * 9 + "a|aa" + ")+" * 9 + "$", "a" * 40 + "!", "last a", "a"),
}


@pytest.fixture(autouse=True)
def short_limit(monkeypatch):
    monkeypatch.setattr(patterns, "SECONDS", SHORT)
    monkeypatch.setattr(lexicons, "_MEMO", {})       # a lexicon parsed (and a pattern disabled) by another test


def _frames_file(tmp_path, hostile: str):
    path = tmp_path / "my_frames.toml"
    path.write_text("lexicon = \"mine\"\n"
                    "[frame.cost]\nlabel = \"Cost\"\nterms = [\"fare\"]\npatterns = ['budget\\w*']\n"
                    f"[frame.safety]\nlabel = \"Safety\"\npatterns = ['crash\\w*', '{hostile}']\n")
    return path


def _sentences(texts):
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "sentence_id": 0,
                         "position": "body", "text": texts})


def _corpus(texts) -> Corpus:
    sentences = _sentences(texts)
    return Corpus(articles=pd.DataFrame({"article_id": sentences["article_id"]}), sentences=sentences,
                  removed=pd.DataFrame(), report=pd.DataFrame())


@pytest.mark.parametrize("family", list(HOSTILE))
def test_a_runaway_frame_pattern_is_disabled_naming_file_and_key_and_the_rest_is_matched(
        tmp_path, caplog, family):
    hostile, runaway, quick, found = HOSTILE[family]
    path = _frames_file(tmp_path, hostile)
    settings = Settings().with_overrides({"frames": [str(path)]})
    # the hostile pattern matches in the first sentence, before it runs away on the second
    corpus = _corpus([quick, runaway, "The fare rose, the budgets shrank after the crash."])
    measure = registry.MEASURES["frame_matches"]
    with caplog.at_level(logging.WARNING):
        table = registry.compute_measure(measure, registry.Context(corpus, settings, get=None))["frame_matches"]
    note = f"{path}: frame 'safety', patterns item 2: pattern {hostile!r} disabled"
    assert any(note in r.getMessage() for r in caplog.records)
    assert table.attrs["disabled_patterns"] == [n for n in table.attrs["disabled_patterns"] if note in n]
    assert "one search took more than" in table.attrs["disabled_patterns"][0]
    # computed again without it: the match it gave before it was stopped is not in the table either
    assert found not in set(table["matched"])
    assert sorted(table["matched"]) == ["budgets", "crash", "fare"]


@pytest.mark.parametrize("family", ["nested repeats", "huge counted repeats"])
def test_a_runaway_actor_pattern_is_disabled_naming_file_and_key(tmp_path, caplog, family):
    hostile, runaway, quick, found = HOSTILE[family]
    path = tmp_path / "my_actors.toml"
    path.write_text('[actor.mayor]\nlabel = "Mayor"\naliases = ["Jane Smith"]\n'
                    f"[actor.odd]\nlabel = \"Odd\"\npatterns = ['Odd\\w*', '{hostile}']\n")
    actors = load_actors(path)
    sentences = _sentences([quick, runaway, "Jane Smith met Oddie."])
    measure = registry.Measure("mentions", lambda ctx: find_mentions(ctx.corpus.sentences, actors), "",
                               resources=("actors",))
    settings = Settings().with_overrides({"actors": str(path)})
    with caplog.at_level(logging.WARNING):
        table = registry.compute_measure(measure, registry.Context(_corpus(sentences["text"].tolist()), settings,
                                                                   get=None))["mentions"]
    note = f"{path}: actor 'odd', patterns item 2: pattern {hostile!r} disabled"
    assert any(note in r.getMessage() for r in caplog.records)
    assert note in table.attrs["disabled_patterns"][0]
    assert found not in set(table["mention"])
    assert sorted(table["mention"]) == ["Jane Smith", "Oddie"]


def test_a_pattern_nested_too_deeply_is_disabled_when_the_file_is_read(tmp_path, caplog):
    deep = "(?:" * 30 + "a+" + ")+" * 30 + "b"      # the regex engine's compilation alone would take hours
    path = _frames_file(tmp_path, deep)
    with caplog.at_level(logging.WARNING):
        lex = load_lexicon(path)
    assert lex.disabled() == [f"{path}: frame 'safety', patterns item 2: pattern {deep!r} disabled: its groups "
                              f"nest 30 deep, more than {patterns.MAX_DEPTH}: compiling and running it could take "
                              "hours"]
    assert any(str(path) in r.getMessage() for r in caplog.records)
    table = match_frames(_sentences(["aaab and a crash"]), [lex])
    assert table["matched"].tolist() == ["crash"]


@pytest.mark.parametrize("pattern, text, found", [
    (r"(a+)+b", "a" * 40 + " aab", ["aab"]),
    (r"^(\w+\s?)*$", "word " * 30 + "!", []),
    (r"(\w+\s?)*done", "word " * 30 + "done", ["word " * 30 + "done"]),
])
def test_nested_repeats_the_issue_names_finish_and_keep_their_matches(tmp_path, monkeypatch, pattern, text, found):
    """The regex engine cuts these short itself: they are not disabled, and match what ``re`` would."""
    monkeypatch.setattr(patterns, "SECONDS", LONG)
    lex = load_lexicon(_frames_file(tmp_path, pattern))
    table = match_frames(_sentences([text]), [lex])
    assert lex.disabled() == []
    assert table.loc[table["frame"] == "safety", "matched"].tolist() == found


def test_an_invalid_or_too_large_pattern_is_still_refused_naming_the_file(tmp_path):
    for bad, why in [("a{99999999999}", "too large"), ("(unclosed", "missing \\)")]:
        path = _frames_file(tmp_path, bad)
        with pytest.raises(LexiconError, match=why) as err:
            load_lexicon(path)
        assert str(path) in str(err.value) and "frame 'safety'" in str(err.value)


def test_a_runaway_rule_pattern_is_stopped_naming_the_file_and_rule(tmp_path, caplog):
    from analysis.corpus.clean import load_rules

    path = tmp_path / "rules.toml"
    path.write_text("[[rule]]\nid = \"mine\"\npattern = '(?:a|aa)+$'\n")
    rule = load_rules([str(path)])[-1]
    with caplog.at_level(logging.WARNING):
        assert not rule.matches("a" * 40 + "!")
    assert any(f"{path}: rule 'mine', pattern: pattern" in r.getMessage() for r in caplog.records)


def test_a_guarded_pattern_travels_to_a_worker_with_its_state(tmp_path):
    import pickle

    lex = load_lexicon(_frames_file(tmp_path, r"(?:a|aa)+$"))
    guarded = lex.patterns[-1][0]
    assert [m.group(0) for m in pickle.loads(pickle.dumps(guarded)).finditer("aa aaa")] == ["aaa"]
    list(guarded.finditer("a" * 40 + "!"))
    assert pickle.loads(pickle.dumps(guarded)).problem == guarded.problem != ""


def _bundled_patterns():
    """``(file, pattern, flags)`` of every pattern, veto and rule of the bundled files."""
    import tomllib

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("patterns", "veto", "pattern", "block_pattern"):
                    yield from ([value] if isinstance(value, str) else value)
                else:
                    yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    out = []
    for path in sorted(lexicons.BUNDLED.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        flags = re.IGNORECASE if "[frame." in text else 0
        out += [(path.name, p.replace("{story}", "(?:iraq|baghdad)"), flags) for p in walk(tomllib.loads(text))]
    return out


# texts on which a pattern that backtracks would: long runs of one letter, of words and spaces, of a word and
# separators, of punctuation, a repeated name; none ends in a way most patterns accept
HOSTILE_TEXTS = ["a" * 3000 + "!", ("word " * 600) + "!", "share " * 500 + "|", ("share, | tweet " * 200),
                 "," * 3000, "Al-" * 1000, ("Mr " * 500) + "said", "\u2014" * 2000 + "x", ". " * 1500,
                 "aa " * 1000 + "-", ("U.S. " * 600), "(" * 2000]


def test_every_bundled_pattern_finishes_on_hostile_texts(monkeypatch):
    """The bundled patterns run on ``re`` without a time limit (as fast as they always have), so they are held
    to more than a user's: each, run guarded, is never disabled on texts built to make a pattern backtrack
    (the share-buttons rule once read ``\\s*[|,]?\\s*`` between words: a line of 'share' and spaces took
    minutes)."""
    monkeypatch.setattr(patterns, "SECONDS", LONG)
    found = _bundled_patterns()
    assert len(found) > 100
    disabled = []
    for name, p, flags in found:
        guarded = lexicons.compile_pattern(p, flags, f"{name}: {p}")
        for text in HOSTILE_TEXTS:
            list(guarded.finditer(text))
        disabled += [guarded.note] if guarded.problem else []
    assert disabled == []


def test_the_reports_and_the_command_line_name_a_disabled_pattern(tmp_path, capsys):
    from analysis.cli import _built
    from analysis.reporting.notebook import disabled_warning
    from analysis.reporting.study import Study

    hostile, runaway, quick, _ = HOSTILE["overlapping alternation"]
    path = _frames_file(tmp_path, hostile)
    study = Study(Settings().with_overrides({"frames": [str(path)], "actors": ""}))
    study.corpus = _corpus([quick, runaway, "The fare rose."])
    study.skipped = {}                   # as a build leaves it; the measures are computed when read
    notes = study.disabled_patterns()
    assert len(notes) == 1 and notes[0].startswith(f"{path}: frame 'safety', patterns item 2: pattern")
    shown = disabled_warning(notes)
    from analysis.reporting.safe import md
    assert shown == ("**Patterns disabled in this run.** Each ran away on some text (or could not be run) and was "
                     "left out: the tables below are computed without it.\n\n- " + md(notes[0]))
    study.build = lambda: {}             # built above: the command line says what it found
    _built(study)
    assert f"warning: {path}: frame 'safety', patterns item 2" in capsys.readouterr().err


def test_a_long_text_gives_a_search_more_time_but_never_without_bound():
    """A line of a megabyte scanned once by a harmless pattern may take longer than a sentence on a busy machine:
    the limit grows with the text (a second per CHARS_PER_SECOND characters), up to MAX_SECONDS."""
    short, long_, huge = (patterns.limit("x" * n) for n in (100, 1_000_000, 10**9))
    assert short == pytest.approx(patterns.SECONDS, abs=0.01)
    assert long_ == pytest.approx(patterns.SECONDS + 1_000_000 / patterns.CHARS_PER_SECOND)
    assert huge == patterns.MAX_SECONDS


def test_a_table_computed_without_a_disabled_pattern_is_not_cached(tmp_path, caplog):
    """A pattern stopped on one run (perhaps only because the machine was busy) is tried again on the next: the
    table computed without it is not stored, so the next run computes it afresh."""
    hostile, runaway, quick, _ = HOSTILE["nested repeats"]
    path = _frames_file(tmp_path, hostile)
    settings = Settings().with_overrides({"frames": [str(path)]})
    corpus = _corpus([quick, runaway, "The fare rose after the crash."])
    corpus.write(tmp_path / "tables")
    corpus = Corpus.load(tmp_path / "tables")
    with caplog.at_level(logging.WARNING):
        table = registry.load_measure(corpus, "frame_matches", settings)
    assert table.attrs["disabled_patterns"] and "not cached" in caplog.text
    assert "frame_matches.parquet" not in registry.Store(corpus.location).files()


def test_a_rules_pattern_that_runs_away_at_ingestion_is_applied_to_no_article_and_recorded(tmp_path, caplog):
    """Stopped on the second article, the rule is not left applied to the first: every article is cleaned again
    without it, and the corpus's provenance (which the reports read) names it."""
    from analysis.corpus.ingest import build_corpus

    rules = tmp_path / "rules.toml"
    rules.write_text("[[rule]]\nid = \"mine\"\npattern = '^(?:a|aa)+$'\n")
    folder = tmp_path / "corpus"
    folder.mkdir()
    prose = "The council met on Monday to discuss the budget for the new bridge across the river.\n\n"
    (folder / "01.txt").write_text("Council meets\n\n" + prose + "aaaa\n\n" + prose, encoding="utf-8")
    (folder / "02.txt").write_text("Council votes\n\n" + prose + "a" * 40 + "!\n\n" + prose, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        corpus = build_corpus(folder, rules=["default", str(rules)])
    assert "mine" not in set(corpus.removed["rule"])                  # "aaaa" in the first article is kept
    assert "aaaa" in " ".join(corpus.sentences["text"])
    notes = corpus.provenance["disabled_patterns"]
    assert len(notes) == 1 and f"{rules}: rule 'mine', pattern" in notes[0] and "cleaned again" in caplog.text
