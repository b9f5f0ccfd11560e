"""Quotes, reported speech and the three voices, on sentences written for the tests (not from the corpus)."""
import pandas as pd
import pytest

from analysis.compare import voices
from analysis.compare.agreement import quote_agreement
from analysis.corpus.sentences import Block, sentence_rows
from analysis.corpus.voices import attributions, load_speech, sentence_voices
from analysis.measures.actors import load_actors
from analysis.measures.quotes import extract_quotes

ACTORS = load_actors("iraq")
SPEECH = load_speech()


def table(*paragraphs):
    return pd.DataFrame(sentence_rows("a", [Block("paragraph", p, i) for i, p in enumerate(paragraphs)]))


def quotes_of(*paragraphs):
    return extract_quotes(table(*paragraphs), ACTORS, SPEECH)


def speakers(text):
    return [(a.kind, text[a.speaker_start:a.speaker_end] if a.speaker_start >= 0 else "")
            for a in attributions(text, [(0, len(text))], SPEECH)]


def test_straight_and_curly_quotes_with_attribution():
    q = quotes_of('"We decide," a government spokesman said.', '“It is over,” said Jane Roe, an analyst.',
                  'The minister said: “We will talk.”')
    assert q[["speaker", "verb", "text", "direct"]].values.tolist() == [
        ["government spokesman", "say", "We decide,", True],
        ["Jane Roe", "say", "It is over,", True],
        ["minister", "say", "We will talk.", True]]


def test_quote_across_sentence_boundaries_is_one_quote():
    q = quotes_of('"We will not leave. The mission continues," the official said.')
    assert len(q) == 1 and q.text[0] == "We will not leave. The mission continues,"


def test_unbalanced_marks_do_not_crash():
    q = quotes_of('He said “this never closes', 'A stray " mark, and “another', '"')
    assert len(q) >= 2 and q.direct.sum() >= 2


def test_reported_speech_and_actor_resolution():
    q = quotes_of("The Pentagon said the strike was an act of self-defence.",
                  "A US defence official warned that attacks would be answered.",
                  "A drone struck near the airport, according to officials in the region.")
    assert q[["speaker", "actor", "verb", "direct"]].values.tolist() == [
        ["Pentagon", "us", "say", False], ["US defence official", "us", "warn", False],
        ["officials", None, "according to", False]]


@pytest.mark.parametrize("verb", ["asserted", "expressed", "conveyed", "condemned", "denounced", "criticized",
                                  "highlighted", "underscored", "indicated", "assured"])
def test_verbs_of_saying_beyond_said(verb):
    assert speakers(f"The harbour authority {verb} that the ferries would run again.") == [
        ("reported", "harbour authority")]


@pytest.mark.parametrize("text, speaker", [
    ("According to the fire brigade, the blaze started in a kitchen.", "fire brigade"),
    ("The blaze started in a kitchen, according to the fire brigade.", "fire brigade"),
    ("The blaze, according to the fire brigade, started in a kitchen.", "fire brigade"),
])
def test_according_to_in_any_position(text, speaker):
    found = [a for a in attributions(text, [(0, len(text))], SPEECH) if a.cue == "according to"]
    assert len(found) == 1 and found[0].speaker == speaker
    assert "kitchen" in text[found[0].start:found[0].end]


def test_far_attribution_measured_in_words_not_characters():
    text = ('The regional water board, which has managed the reservoirs of the northern provinces since 1998, said '
            'on Wednesday: "We have enough for the summer."')
    q = quotes_of(text)
    direct = q[q.direct]
    assert direct.speaker.tolist() == ["regional water board"] and direct.verb.tolist() == ["say"]


def test_mr_and_surname_merge_with_the_full_name():
    q = quotes_of("Transport Minister Lena Vogt said the line would reopen.",
                  "Mr. Vogt is wrong, critics argued.", "Ms. Vogt later denied that costs had doubled.",
                  "Vogt also stressed that the tender was fair.")
    assert q.speaker.tolist() == ["Lena Vogt", "critics", "Lena Vogt", "Lena Vogt"]


def test_title_alone_takes_the_name_met_earlier():
    q = quotes_of("Prime Minister Ana Ruiz visited the port.", "The prime minister said the strike must end.")
    assert q.speaker.tolist() == ["Ana Ruiz"]


@pytest.mark.parametrize("text", [
    "Prices rose and said nothing about wages.",
    "The vote was close, but said little about the mood.",
    "Officials met in the hall where said documents were kept.",
    "It was a year in which said reforms stalled.",
])
def test_conjunction_relative_or_preposition_is_never_a_speaker(text):
    for kind, sp in speakers(text):
        assert sp.lower() not in {"and", "but", "where", "which", "in", "it"}
    q = quotes_of(text)
    assert not q.speaker.str.lower().isin(["and", "but", "where", "which", "in", "it"]).any()


def test_auxiliaries_and_adverbs_are_not_part_of_the_speaker():
    q = quotes_of("Union officials have also repeatedly argued that the deal is unfair.")
    assert q.speaker.tolist() == ["Union officials"]


def test_pronoun_takes_the_last_named_speaker_and_its_actor():
    q = quotes_of('"We stay," said Jane Roe.', '"And we fight," she said.',
                  "The Pentagon said the base was safe.", "No one was hurt.",
                  "They insisted that the strikes were lawful.")
    assert q.speaker.tolist()[:2] == ["Jane Roe", "Jane Roe"]
    assert q[["speaker", "actor"]].values.tolist()[-1] == ["Pentagon", "us"]


def test_events_and_names_with_verb_words_are_not_statements():
    for text in ["The Islamic State lost its last town in 2019.", "The United States sent two ships.",
                 "The withdrawal of the foreign forces signals a new era.", "Fighting resumed near the border."]:
        assert speakers(text) == [], text


def test_nouns_of_saying_with_their_owner():
    assert speakers("The council's announcement that fees would double drew criticism.") == [
        ("reported", "council's")]
    assert speakers("Her January 5 pledge to cut taxes was popular.") == [("reported", "Her")]


def test_three_voices_sum_to_one_and_separate_direct_from_reported():
    t = table('The mayor said the bridge was safe. "We checked it twice," she added. The bridge opened in 1990.')
    v = sentence_voices(t, SPEECH)
    assert (v.sum(axis=1).round(6) == 1).all()
    assert v.iloc[0]["reported_share"] > 0.5 and v.iloc[0]["direct_share"] == 0
    assert v.iloc[1]["direct_share"] > 0.5
    assert v.iloc[2]["own_share"] == 1


def test_attribution_words_stay_the_outlets_own():
    t = table("Government officials in the northern city of Tarsa said the curfew would end.")
    v = sentence_voices(t, SPEECH).iloc[0]
    said = sum(c.isalnum() for c in "the curfew would end")
    assert v["reported_share"] == pytest.approx(said / sum(c.isalnum() for c in t.text[0]), abs=0.01)


def test_quote_agreement_strict_and_lenient():
    coded = pd.DataFrame({"article_id": ["a", "a", "a"], "sentence_id": [0, 1, 2],
                          "kind": ["reported", "reported", "none"], "speaker": ["Jane Roe", "the mayor", ""],
                          "actor": ["", "", ""]})
    found = pd.DataFrame({"article_id": ["a", "a", "a"], "sentence_id": [0, 1, 2],
                          "speaker": ["Roe", "police", "council"], "actor": [None, None, None],
                          "direct": [False, False, False]})
    r = quote_agreement(coded, found)
    assert r["strict"]["recall"] == 0.5 and r["strict"]["precision"] == pytest.approx(1 / 3)
    assert r["lenient"]["recall"] == 1.0 and r["lenient"]["precision"] == pytest.approx(2 / 3)


def test_voices_table():
    q = quotes_of("The Pentagon said it would respond.", '"No," said Jane Roe.')
    arts = pd.DataFrame({"article_id": ["a"], "source_label": ["X"], "is_primary": [True]})
    v = voices(q, arts, ACTORS.labels).set_index("voice")
    assert v.loc["United States & coalition", "quotes"] == 1 and v.loc["Jane Roe", "direct"] == 1
    assert v["share_of_group"].sum() == 1


def test_press_coverage_cited_as_a_speaker_is_labelled_in_words():
    from analysis.compare.voices import PRESS_VOICE

    q = quotes_of("Media reports from January 16 described a strike near Erbil. "
                  "The reporting highlighted the tensions in the region.",
                  "The press secretary said the talks would go on.")
    arts = pd.DataFrame({"article_id": ["a"], "source_label": ["X"], "is_primary": [True]})
    v = voices(q, arts, ACTORS.labels).set_index("voice")
    assert v.loc[PRESS_VOICE, "quotes"] == 2               # "media reports" and "the reporting": one voice
    assert "reporting" not in v.index and v.loc["press secretary", "quotes"] == 1   # a person stays a person
    assert "reporting" in set(q["speaker"])                # the quotes table keeps the speaker as written


@pytest.mark.parametrize("text, speaker", [
    ("Councillor Ana Prado on Tuesday argued that the depot should close.", "Councillor Ana Prado"),
    ("The harbour master on Friday night warned that the pier was unsafe.", "harbour master"),
    ("The finance minister last month insisted that taxes would not rise.", "finance minister"),
    ("Officials in Rotterdam said the locks would reopen.", "Officials in Rotterdam"),
    ("The regulator in Vilnius signalled that fines were coming.", "regulator in Vilnius"),
    ("Growers since March 3 have complained that prices had fallen.", "Growers"),
    ("The trade envoy in Oslo on Wednesday said talks were stalled.", "trade envoy in Oslo"),
])
def test_speakers_are_cut_free_of_time_but_keep_their_place(text, speaker):
    assert speakers(text) == [("reported", speaker)]


def test_a_name_that_holds_a_month_or_in_stays_whole():
    assert speakers("Theresa May said the vote would go ahead.") == [("reported", "Theresa May")]
    assert speakers("The Popular Front in Cordova claimed that the vote was rigged.") == [
        ("reported", "Popular Front in Cordova")]


@pytest.mark.parametrize("text", [
    "The lighthouse keeper issued a note on Sunday that said the lamp had failed.",
    "A notice released on Monday morning warned that the bridge would shut.",
    "The clinic said Thursday that it would stay open.",
])
def test_days_and_dates_are_never_speakers(text):
    q = quotes_of(text)
    assert not q.speaker.str.lower().str.contains(r"sunday|monday|morning|thursday").any(), q.speaker.tolist()


def test_a_document_speaks_for_the_author_the_sentence_names_else_for_itself():
    q = quotes_of("Governor Ilse Brandt issued a memo on Saturday that said schools would reopen.")
    assert q.speaker.tolist() == ["Ilse Brandt"]
    q = quotes_of("The harbour board sent a letter that warned of silting.")
    assert q.speaker.tolist() == ["harbour board"]
    assert speakers("The audit report warned that the pension fund was short.") == [
        ("reported", "audit report")]


@pytest.mark.parametrize("text", [
    'Drivers staged what they called a "go-slow" on the ring road.',
    'The scheme, branded "Green Miles for Everyone," began in April.',
    'The order takes effect "at once."',
    '"Go-slows" have spread to three depots.',
])
def test_scare_quotes_are_not_direct_statements(text):
    q = quotes_of(text)
    assert not q.direct.any(), q.text.tolist()
    assert sentence_voices(table(text), SPEECH)["direct_share"].sum() == 0


def test_quotes_with_a_verb_of_saying_or_standing_as_a_sentence_stay_direct():
    q = quotes_of('The ferry captain described the crossing as "rough but safe."', '"We are ready."',
                  '"Nobody told us anything. We waited for hours and then the lights went out," one passenger '
                  'recalled later that night.')
    assert q.direct.sum() == 3


def test_voices_say_documents_and_unnamed_speakers_in_words_and_give_each_voice_its_kind():
    from analysis.compare.voices import DOCUMENT_VOICE, SPEAKER_KINDS, UNNAMED_VOICE, speaker_kind

    q = quotes_of('"We will not back down," he said. The new guidance said that fares rise. The memo said the depot '
                  'closes.', 'Jane Roe said the plan works. Officials said the line reopens. The Pentagon said it '
                  'would respond.', '"It is done," Roe said.')
    arts = pd.DataFrame({"article_id": ["a"], "source_label": ["X"], "is_primary": [True]})
    v = voices(q, arts, ACTORS.labels)
    assert list(v.columns) == ["source_label", "voice", "speaker_kind", "quotes", "direct", "verbs", "share_of_group"]
    kinds = dict(zip(v["voice"], v["speaker_kind"]))
    assert kinds[DOCUMENT_VOICE] == "document" and v.set_index("voice").loc[DOCUMENT_VOICE, "quotes"] == 2
    assert kinds[UNNAMED_VOICE] == "unnamed" and "he" not in kinds
    assert kinds["Jane Roe"] == "person" and kinds["Officials"] == "unnamed"
    assert kinds["United States & coalition"] == "organisation" and set(kinds.values()) <= set(SPEAKER_KINDS)
    assert voices(q.iloc[:0], arts, ACTORS.labels).columns.tolist() == v.columns.tolist()
    assert speaker_kind("Roe", None, frozenset({"roe"})) == "person" and speaker_kind("Roe") == "organisation"
    assert speaker_kind("Jane Roe", "us") == "organisation"          # an actor's voice, whoever spoke for it


def test_the_voices_tables_kind_of_speaker_is_headed_in_words_with_a_note():
    from analysis.reporting.safe import column_notes, heading
    assert heading("speaker_kind") == "kind of speaker"
    assert any(n.startswith("Kind of speaker: person") for n in column_notes(["voice", "speaker_kind"]))


def test_an_article_without_a_statement_is_not_read_for_speakers(monkeypatch):
    from analysis.measures import quotes

    read = []
    resolver = quotes._Resolver
    monkeypatch.setattr(quotes, "_Resolver", lambda body, *a: read.append(body) or resolver(body, *a))
    blocks = [Block("paragraph", "Prime Minister Ana Ruiz visited the port.", 0)]
    sents = pd.concat([pd.DataFrame(sentence_rows("quiet", blocks)), table("Ruiz said the strike must end.")],
                      ignore_index=True)
    q = extract_quotes(sents, ACTORS, SPEECH)
    assert q.article_id.tolist() == ["a"] and q.speaker.tolist() == ["Ruiz"]
    assert read == ["Ruiz said the strike must end."]


def test_voices_of_actors_with_no_label_need_no_fill_that_pandas_deprecates():
    import warnings

    arts = pd.DataFrame({"article_id": ["a", "b"], "source_label": ["X", "Y"]})
    q = pd.DataFrame({"article_id": ["a", "b"], "speaker": ["Jane Roe", "officials"], "actor": ["us", None],
                      "text": ["t1", "t2"], "direct": [True, False], "verb": ["said", "said"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        v = voices(q, arts, {})
    assert v["voice"].tolist() == ["us", "officials"]       # an actor with no label is shown by its id


def test_a_surname_before_the_full_name_is_the_same_speaker():
    q = quotes_of("Vogt said the line would reopen.", "Lena Vogt, the transport minister, said costs had not doubled.",
                  '"It is fair," Vogt said.')
    assert q.speaker.tolist() == ["Lena Vogt", "Lena Vogt", "Lena Vogt"]


def test_a_surname_two_people_of_the_article_share_is_not_merged():
    q = quotes_of("Lena Vogt said the line would reopen.", "Tomas Vogt, her brother, argued that it would not.",
                  "Vogt also stressed that the tender was fair.")
    assert q.speaker.tolist() == ["Lena Vogt", "Tomas Vogt", "Vogt"]
    later = quotes_of("Vogt said the line would reopen.", "Lena Vogt argued that it would.",
                      "Tomas Vogt argued that it would not.")
    assert later.speaker.tolist() == ["Vogt", "Lena Vogt", "Tomas Vogt"]     # which Vogt came first is unknown


def test_a_name_written_more_fully_is_still_one_person():
    from analysis.measures.quotes import surname_owner
    assert surname_owner("Sudani", ["Mohammed al-Sudani", "Mohammed Shia al-Sudani"]) == "Mohammed Shia al-Sudani"
    assert surname_owner("Biden", ["Joe Biden", "Hunter Biden"]) is None
    assert surname_owner("Biden", ["Jane Roe"]) is None and surname_owner("Joe Biden", ["Joe Biden"]) is None
    assert surname_owner("biden", ["Joe Biden"]) is None             # a lower-case word is no surname
    assert surname_owner("FBI", ["Director Wray FBI"]) is None        # an acronym is no surname
    assert surname_owner("Police", ["Essex Police"], frozenset({"police"})) is None     # a speaker noun neither
    assert surname_owner("Council", ["Jane Council"]) is None         # nor a word of an institution's name


def _voices_of(articles: dict, by_outlet: dict):
    frames = []
    for art, paragraphs in articles.items():
        t = table(*paragraphs).assign(article_id=art)
        frames.append(extract_quotes(t, ACTORS, SPEECH))
    arts = pd.DataFrame({"article_id": list(articles), "source_label": [by_outlet[a] for a in articles],
                         "is_primary": True})
    return voices(pd.concat(frames, ignore_index=True), arts, ACTORS.labels)


def test_voices_count_a_surname_and_the_full_name_as_one_speaker_across_articles():
    v = _voices_of({"a": ["Lena Vogt said the line would reopen."],
                    "b": ["Vogt argued that costs had doubled.", '"It is fair," Vogt said.']},
                   {"a": "X", "b": "X"})
    assert v["voice"].tolist() == ["Lena Vogt"] and v["quotes"].tolist() == [3]
    assert v["speaker_kind"].tolist() == ["person"]


def test_voices_keep_a_surname_two_people_of_the_corpus_share_apart():
    v = _voices_of({"a": ["Lena Vogt said the line would reopen."], "b": ["Tomas Vogt said it would not."],
                    "c": ["Vogt argued that costs had doubled."]}, {"a": "X", "b": "Y", "c": "Y"})
    assert sorted(v["voice"]) == ["Lena Vogt", "Tomas Vogt", "Vogt"]
