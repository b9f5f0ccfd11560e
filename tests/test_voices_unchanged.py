"""The attributions of a fixed set of paragraphs, compared with those the rules gave when this test was written
(issue 22, long-line CPU): a change made for speed must not change one span, cue, speaker or share.  A change of
the rules themselves updates :data:`EXPECTED` in the same commit, saying why."""
import hashlib
from pathlib import Path

from analysis.corpus.sentences import split_sentences
from analysis.corpus.voices import attributions, load_speech, shares

ROOT = Path(__file__).resolve().parents[1]
# quote shapes the fast paths must keep: the long-line unit, quotations across sentences, unclosed and curly ones
CRAFTED = ['"Iraq" said. ' * 300,
           '“We will stay,” the minister said. He added: “The talks go on. They will take months.” Analysts '
           'disagreed, according to Reuters. "Unclosed quote runs on. And on',
           "The Pentagon’s spokesman, Pat Ryder, said that “no decision” had been made, asserting that talks "
           "continue. “Nothing,” said Jane Roe. ” A stray closing mark. \"\" Empty marks said nothing.",
           "It was reported by TASS that the base was hit. The claims are denied by officials. "
           "The administration's assertion that it acted lawfully was rejected, Ms. Smith told reporters."]
# (digest of every attribution and share, attributions).  Issue 19: speakers lose time expressions
# ("media reports from January 16" -> "media reports"; a place stays: "coalition in Iraq"), and an unattributed
# quotation of a few words inside a sentence is a term, not a statement (the long-line unit's 300 '"Iraq" said.'
# and '“Trump” Stocks' no longer count as direct quotations).
EXPECTED = ("ef587b60d22e9844fa208ab53dcc7190", 128)


def _paragraphs():
    texts = [p.strip() for path in sorted((ROOT / "data" / "raw").glob("*.txt")) + sorted(
        (ROOT / "data" / "demo").glob("*.txt")) for p in path.read_text(encoding="utf-8").split("\n\n")]
    return [t for t in texts if t] + CRAFTED


def test_the_attributions_of_fixed_paragraphs_are_those_the_rules_gave_before():
    speech = load_speech("default")
    digest, n = hashlib.md5(), 0
    for text in _paragraphs():
        spans = split_sentences(text)
        found = attributions(text, spans, speech)
        n += len(found)
        digest.update(repr([(f.kind, f.start, f.end, f.cue, f.speaker, f.speaker_start, f.speaker_end, f.sentence)
                            for f in found]).encode())
        digest.update(repr([tuple(round(x, 9) for x in row) for row in shares(text, spans, found)]).encode())
    assert (digest.hexdigest(), n) == EXPECTED


def test_a_repeated_paragraph_is_read_once_and_gives_the_rows_it_gives_alone():
    """read_voices reads a paragraph repeated with the same sentences (a syndicated copy) once: each article's
    shares and attributions are those it has when read alone."""
    import pandas as pd

    from analysis.corpus.voices import read_voices

    speech = load_speech("default")
    para = CRAFTED[1]
    other = "The minister said the talks would go on. Nobody else spoke."

    def table(article, texts):
        rows = [(article, p, text[a:b]) for p, text in enumerate(texts) for a, b in split_sentences(text)]
        return pd.DataFrame([{"article_id": a, "paragraph_id": p, "sentence_id": i, "text": t}
                             for i, (a, p, t) in enumerate(rows)])

    one, two = table("a", [para, other]), table("b", [other, para])
    both = pd.concat([one, two], ignore_index=True)
    shares_both, found_both = read_voices(both, speech)
    for alone, article in ((one, "a"), (two, "b")):
        shares_alone, found_alone = read_voices(alone, speech)
        mine = both["article_id"] == article
        assert shares_both[mine].to_numpy().tolist() == shares_alone.to_numpy().tolist()
        got = found_both[found_both["article_id"] == article].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, found_alone.reset_index(drop=True))
    assert len(found_both) > 0


def test_a_sentence_no_quotation_touches_is_read_once_with_the_rows_of_its_paragraphs(reported_calls):
    """A sentence recurring in different paragraphs, outside any quotation, is read by the rules once, and
    every paragraph gets the attributions and shares that reading it whole gives; inside a quotation that runs
    over sentences it is read where it stands."""
    import pandas as pd

    from analysis.corpus import voices

    speech = load_speech("default")
    said = "The minister said the talks would go on, according to Reuters."
    paras = [f"{said} Nobody else spoke.", f"Officials disagreed, stating that it was late. {said}",
             f"{said} {said}", '"Quoted," she said. ' + said, f'“We go on. {said} Nobody else,” she said.']
    rows = [(p, text[a:b]) for p, text in enumerate(paras) for a, b in split_sentences(text)]
    table = pd.DataFrame([{"article_id": "a", "paragraph_id": p, "sentence_id": i, "text": t}
                          for i, (p, t) in enumerate(rows)])
    calls = reported_calls
    got_shares, got = voices.read_voices(table, speech)
    assert calls.count(said) == 2            # once alone, once inside the last paragraph's quotation
    for p, text in enumerate(paras):
        spans = split_sentences(text)
        found = attributions(text, spans, speech)
        mine = got[got["paragraph_id"] == p]
        assert [(f.kind, f.start, f.end, f.cue, f.speaker, f.speaker_start, f.speaker_end) for f in found] == \
            list(mine[["kind", "start", "end", "cue", "speaker", "speaker_start", "speaker_end"]]
                 .itertuples(index=False, name=None))
        assert got_shares[table["paragraph_id"] == p].to_numpy().tolist() == \
            [list(row) for row in shares(text, spans, found)]


def test_the_cue_screen_finds_every_sentence_with_a_cue_word():
    """Speech.may_cue, which spares the rules the sentences without a cue word, misses none that has one as a
    token, however it is cased or what stands beside it, also for a cue word that is not all letters."""
    import dataclasses

    from analysis.corpus.tokens import SPEECH_TOKEN

    default = load_speech("default")
    hyphen = dataclasses.replace(default, nouns=default.nouns | {"e-mail", "o'brien"})
    odd = ["3said it", "_said", "SAID.", "U.S.-led forces said’", "“Said” was all", "-according to", "He’s said",
           "saidx", "xsaid", "Kelvin \u212aaid", "İsaid", "calls, per se", "viewpoint", "her E-mail that",
           "O’Brien’s e-mails"]
    for speech in (default, hyphen):
        for text in [t for p in _paragraphs() for t in [p] + [p[a:b] for a, b in split_sentences(p)]] + odd:
            curly = "’" in text
            words = {(w.lower().replace("’", "'") if curly else w.lower()) for w in SPEECH_TOKEN.findall(text)}
            if not speech.cue_words.isdisjoint(words):
                assert speech.may_cue(text), text
        assert not speech.may_cue("saidx viewpoint xsaid e-mails")
    assert hyphen.may_cue("her E-mail that") and not default.may_cue("her E-mail that")


def test_a_sentence_without_a_cue_word_is_not_read_by_the_rules(reported_calls):
    """read_voices does not run the attribution rules on a sentence outside quotations with no cue word in it
    (they would find nothing there); its shares stay the outlet's own."""
    import pandas as pd

    from analysis.corpus.voices import read_voices

    texts = ["The talks went on until late.", "The minister said the talks would go on."]
    table = pd.DataFrame({"article_id": "a", "paragraph_id": [0, 0], "sentence_id": [0, 1], "text": texts})
    got_shares, found = read_voices(table, load_speech("default"))
    assert reported_calls == [texts[1]]
    assert got_shares.iloc[0].tolist() == [1.0, 0.0, 0.0] and len(found) == 1
