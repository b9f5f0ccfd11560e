import pytest

from analysis.corpus.sentences import Block, quote_mask, sentence_rows, split_sentences, structure


def sentences(text):
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize("text, expected", [
    ("The U.S. military said it would respond. Officials agreed.",
     ["The U.S. military said it would respond.", "Officials agreed."]),
    ("Pentagon press secretary Maj. Gen. Pat Ryder said the strike was necessary. He declined to say more.",
     ["Pentagon press secretary Maj. Gen. Pat Ryder said the strike was necessary.", "He declined to say more."]),
    ("The attack happened on Jan. 5 near the airport. Nobody was hurt.",
     ["The attack happened on Jan. 5 near the airport.", "Nobody was hurt."]),
    ("The meeting ended at 3 p.m. Officials then left the building.",
     ["The meeting ended at 3 p.m.", "Officials then left the building."]),
    ("Lt. Col. Dana Smith of the U.S. Army spoke at 2 p.m. on Friday. Sen. Jones disagreed.",
     ["Lt. Col. Dana Smith of the U.S. Army spoke at 2 p.m. on Friday.", "Sen. Jones disagreed."]),
    ("The No. 2 official resigned. Dr. Lee took over.", ["The No. 2 official resigned.", "Dr. Lee took over."]),
    ("About 2,500 U.S. troops remain in Iraq. The U.N. mission ends in 2025.",
     ["About 2,500 U.S. troops remain in Iraq.", "The U.N. mission ends in 2025."]),
])
def test_news_abbreviations(text, expected):
    assert sentences(text) == expected


def test_quote_mask_straight_curly_and_unbalanced():
    text = 'He said “we stay” and "they go" then “open'
    mask = quote_mask(text)
    inside = "".join(c for c, m in zip(text, mask) if m)
    assert inside == '“we stay”"they go"“open'


def test_multi_sentence_quote_marks_every_sentence():
    blocks = [Block("paragraph", '“We will not leave. The mission goes on,” the official said. Others disagreed.', 1)]
    rows = sentence_rows("a", blocks)
    assert [r["in_quote"] for r in rows] == [True, True, False]


def test_structure_headline_subtitle_heading_lead_body():
    kept = [(1, "Big headline about the talks"), (2, "A second line that works as a subtitle"),
            (3, "BAGHDAD: The first paragraph is the lead. It has two sentences."),
            (4, "A section heading"), (5, "Body text follows the heading, as it should."),
            (6, "Last paragraph.")]
    rows = sentence_rows("a", structure(kept))
    assert [(r["position"], r["paragraph_id"]) for r in rows] == [
        ("headline", 0), ("subtitle", 1), ("lead", 2), ("lead", 2), ("heading", 3), ("body", 4), ("body", 5)]
    assert [r["sentence_id"] for r in rows] == list(range(7))


def test_structure_without_title_in_text_and_hard_wrapped_lines():
    kept = [(1, "The minister said on Friday that the talks,"), (2, "which began in May, would end soon."),
            (3, "A second paragraph.")]
    blocks = structure(kept, known_title="Given title")
    assert [b.kind for b in blocks] == ["paragraph", "paragraph"]
    assert blocks[0].text == "The minister said on Friday that the talks, which began in May, would end soon."
