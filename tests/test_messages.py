"""Messages a newcomer reads: help texts, counts in words, unread dates, suggestions, paths."""
import json

import pandas as pd
import pytest

from analysis.cli import build_parser, main
from analysis.corpus.ingest import build_corpus
from analysis.errors import CorpusError, SettingsError
from analysis.settings import Settings, check_names, load_settings

TEXT = "Officials met on Tuesday to discuss the harbour plan.\n\nThey agreed to meet again next month."


def _help(*argv):
    parser = build_parser()
    with pytest.raises(SystemExit):
        parser.parse_args([*argv, "--help"])


@pytest.mark.parametrize("argv", [[], ["run"], ["ingest"], ["export"], ["lexicon", "suggest"], ["coding", "sample"]])
def test_help_has_no_literal_double_backticks(argv, capsys):
    _help(*argv)
    assert "``" not in capsys.readouterr().out


def test_sources_and_study_help_say_what_they_do(capsys):
    _help("run")
    out = " ".join(capsys.readouterr().out.split())
    assert "added to the bundled list" in out and "'replace = true' in it replaces the bundled list" in out
    assert "replacement for the known agencies" not in out
    assert "(demo, generic, iraq_coalition)" in out


def _folder(tmp_path, **fields):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.jsonl").write_text(json.dumps({"outlet": "Harbour Times", "title": "Harbour Plan Talks",
                                                  "text": TEXT, **fields}) + "\n", encoding="utf-8")
    return folder


def test_one_article_from_one_source_in_the_singular(tmp_path, capsys):
    folder = _folder(tmp_path)
    assert main(["ingest", str(folder), "--out", str(tmp_path / "t")]) == 0
    out = capsys.readouterr().out
    assert "1 article from 1 source (1 counted once copies are grouped); " in out
    assert "1 articles" not in out and "1 sources" not in out


def test_an_ambiguous_date_says_day_and_month_cannot_be_told_apart(tmp_path):
    corpus = build_corpus(_folder(tmp_path, published="05/08/2021"))
    warning = corpus.report.loc[corpus.report["status"] == "warning", "reason"].iloc[0]
    assert "'05/08/2021'" in warning and "5 August or 8 May 2021" in warning
    assert "day and month cannot be told apart" in warning
    art = corpus.articles.iloc[0]
    assert pd.isna(art["published"])
    assert "no date" not in art["published_evidence"]
    assert "'05/08/2021'" in art["published_evidence"] and "cannot be read" in art["published_evidence"]
    assert "published:unread" not in corpus.articles.columns and "published_unread" not in corpus.articles.columns


def test_a_date_that_is_no_date_keeps_the_general_message(tmp_path):
    corpus = build_corpus(_folder(tmp_path, published="soon"))
    assert "is not a date that can be read (2024-01-05" in corpus.report["reason"].str.cat()
    assert "'soon'" in corpus.articles.iloc[0]["published_evidence"]


def test_without_a_date_the_evidence_says_the_page_shows_none(tmp_path):
    corpus = build_corpus(_folder(tmp_path))
    assert corpus.articles.iloc[0]["published_evidence"] == "the page shows no date"


@pytest.mark.parametrize("value, hint", [("chaos", "did you mean 'chaos_failure'?"),
                                         ("failure", "did you mean 'chaos_failure'?"),
                                         ("orderr", "did you mean 'order'?"),
                                         ("zzz", None)])
def test_axis_suggestions_count_prefixes_and_words_as_close(value, hint):
    s = Settings().with_overrides({"axis.negative": value, "axis.positive": "order"})
    with pytest.raises(SettingsError) as err:
        check_names(s, columns=["source_label"], frames=["order", "chaos_failure", "calm"])
    msg = str(err.value)
    if hint:
        assert hint in msg
    else:
        assert "did you mean" not in msg


def test_paths_in_messages_are_normalised(tmp_path):
    (tmp_path / "study").mkdir()
    study = tmp_path / "study" / "s.toml"
    study.write_text('[study]\ncorpus = "../missing"\n', encoding="utf-8")
    s = load_settings(study)
    assert s.corpus == tmp_path / "missing" and "/../" not in str(s.corpus)
    with pytest.raises(CorpusError) as err:
        build_corpus(s.corpus, s)
    assert "/../" not in str(err.value) and str(tmp_path / "missing") in str(err.value)
    study.write_text('[study]\ncorpus = "."\n[lexicons]\nframes = ["../nowhere/frames.toml"]\n', encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        load_settings(study)
    assert "/../" not in str(err.value) and "nowhere/frames.toml" in str(err.value)
