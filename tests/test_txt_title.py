"""The title of a .txt article: a first line set apart by a blank line may end in ".", "?" or "!"."""
import pytest

from analysis.corpus.ingest import build_corpus
from analysis.corpus.sentences import is_standalone_title, structure

BODY = ("Since the spring, the insurgents have taken one provincial capital after another, officials said.\n\n"
        "The government says its forces will hold the cities, though few analysts believe it.\n")


@pytest.mark.parametrize("line, title", [
    ("Could the Rebels Take the Capital? Here's What We Know.", True),   # "?" inside, "." at the end
    ("Will the Ceasefire Hold?", True),
    ("will the ceasefire hold this time?", True),                          # a question needs no title case
    ("Rebels Reach the Capital!", True),
    ("Rebels Seize Third City in a Week.", True),                          # title case with a final period
    ("U.S. Envoy Leaves the Capital.", True),                              # an abbreviation is no sentence end
    ("Rebels seized the third city in a week.", False),                    # sentence case with a period: a lead
    ("Iraq asks coalition to leave.", True),                               # sentence case, headline register
    ("Militias attack US base in eastern Syria.", True),
    ("U.S. envoy leaves Baghdad after talks.", True),                      # an abbreviation is no second sentence
    ("Iraq asks coalition to leave. Talks begin soon.", False),            # a second sentence: prose
    ("Protesters marched through Baghdad on Friday.", False),              # the day of a lead
    ("The prime minister wants the coalition out.", False),                # articles: a lead's register
    ("Officials said talks would resume next month.", False),              # a lead's attribution
    ("Gunmen seized two aid workers near Mosul.", False),                  # past tense: headlines use the present
    ("Iran-backed militias attack US-led coalition base.", True),          # "-backed", "-led": no past tense
    ("BAGHDAD (Reuters) - Iraq asks coalition to leave.", False),          # a dateline opens a lead
    ("Iraq asks coalition to leave as attacks on bases keep rising across the country.", False),   # too long
    ("The Rebels Took the City. Then Came the Airlift.", True),            # title case: periods inside too
    ("The rebels took the city. Will the airlift go on?", False),          # sentence case, a period inside
    ("Rebels Advance", False),                                             # no final mark: the older rule's case
    ("1) Rebels Reach the Capital.", False),                               # a list item
    ("Too short?", False),
    (" ".join(["Word"] * 30) + "?", False),                                # too long
])
def test_the_standalone_title_rule(line, title):
    assert is_standalone_title(line) is title


def _kept(text):
    return [(i + 1, line) for i, line in enumerate(text.split("\n"))]


def test_a_question_headline_set_apart_is_the_headline_not_the_lead():
    blocks = structure(_kept("Could the Rebels Take the Capital? Here's What We Know.\n\n" + BODY))
    assert [b.kind for b in blocks] == ["headline", "paragraph", "paragraph"]
    assert blocks[0].text.startswith("Could the Rebels")


def test_without_a_blank_line_after_it_the_first_line_is_not_taken_as_title():
    blocks = structure(_kept("Rebels Seize Third City in a Week.\n" + BODY))
    assert blocks[0].kind == "paragraph"


def test_a_sentence_case_first_paragraph_stays_the_lead():
    blocks = structure(_kept("Rebels seized the third city in a week.\n\n" + BODY))
    assert [b.kind for b in blocks] == ["paragraph", "paragraph", "paragraph"]


def test_a_txt_file_keeps_its_question_title(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text("Could the Rebels Take the Capital? Here's What We Know.\n\n" + BODY,
                                    encoding="utf-8")
    corpus = build_corpus(folder)
    assert corpus.articles.loc[0, "title"] == "Could the Rebels Take the Capital? Here's What We Know."
    s = corpus.sentences
    assert s.loc[s["position"] == "headline", "text"].tolist() == [
        "Could the Rebels Take the Capital? Here's What We Know."]
    assert s.loc[s["position"] == "lead", "text"].iloc[0].startswith("Since the spring")


PAGE_BODY = ("Prime Minister Mohammed Shia al-Sudani told visiting envoys that the coalition's mission had ended, "
             "his office said on Friday.\n\n"
             "The coalition was formed in 2014 to fight the Islamic State group, which no longer holds territory.\n")


def test_a_sentence_case_headline_ending_in_a_period_is_the_title(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text("Iraq asks coalition to leave.\n\n" + PAGE_BODY, encoding="utf-8")
    corpus = build_corpus(folder)
    assert corpus.articles.loc[0, "title"] == "Iraq asks coalition to leave."
    lead = corpus.sentences.loc[corpus.sentences["position"] == "lead", "text"]
    assert lead.iloc[0].startswith("Prime Minister Mohammed Shia al-Sudani")


@pytest.mark.parametrize("first", [
    "Iraq's prime minister told the US-led coalition on Friday that its mission was over.",
    "BAGHDAD (Reuters) - Iraq asks the coalition to leave.",
    "Protesters marched through Baghdad demanding that foreign troops leave.",     # short, no article: past tense
])
def test_a_one_line_lead_paragraph_stays_the_lead(tmp_path, first):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text(first + "\n\n" + PAGE_BODY, encoding="utf-8")
    corpus = build_corpus(folder)
    s = corpus.sentences
    assert (s["position"] == "headline").sum() == 0
    assert s.loc[s["position"] == "lead", "text"].iloc[0].startswith(first.split(" - ")[-1][:20])
