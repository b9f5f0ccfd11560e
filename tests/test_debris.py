"""Scraper debris found against the rest of the article (lines not from the bundled corpora)."""
from analysis.corpus.debris import find_debris


def rows(paragraphs):
    out = []
    for pid, sentences in enumerate(paragraphs):
        for text in sentences:
            out.append({"paragraph_id": pid, "position": "body" if out else "lead", "text": text, "quote_share": 0.0})
    return out


def test_question_repeating_the_next_paragraph_is_a_teaser():
    r = rows([["The council voted on Tuesday to close the northern bridge for repairs."],
              ["Why did the council vote to close the northern bridge for repairs this winter?"],
              ["The council voted to close the northern bridge because its repairs cannot wait for the winter."]])
    assert find_debris(r) == {1: "question_teaser"}


def test_rhetorical_question_in_prose_is_kept():
    r = rows([["The council voted on Tuesday to close the northern bridge for repairs."],
              ["Who will pay for the ferry that replaces it during the long months ahead?"],
              ["Shopkeepers on the island say trade has already fallen by a third since the vote."]])
    assert find_debris(r) == {}


def test_fragment_repeating_an_earlier_sentence_end_is_debris():
    r = rows([["The army said it would take every step needed to protect the border towns."],
              ["Every step needed to protect the border towns.", "Residents, however, remain sceptical."]])
    assert find_debris(r) == {1: "repeated_fragment"}


def test_sentence_sharing_only_a_short_ending_is_kept():
    r = rows([["The army said it would protect the towns."], ["Protect the towns.", "Residents left anyway."]])
    assert find_debris(r) == {1: "repeated_fragment"}
    r = rows([["The army said it would protect the towns."], ["The towns.", "Residents left anyway."]])
    assert find_debris(r) == {}
