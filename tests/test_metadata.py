import pytest

from analysis.corpus.metadata import (PageSource, find_dateline, find_outlet, find_relayed_source, load_sources,
                                      parse_date, split_dateline)

SOURCES = load_sources()


@pytest.mark.parametrize("paragraph, place, agency", [
    ("BAGHDAD: Iraq said on Friday ...", "BAGHDAD", None),
    ("BAGHDAD (Reuters) - Iraq said ...", "BAGHDAD", "Reuters"),
    ("WASHINGTON — The Pentagon said ...", "WASHINGTON", None),
    ("ERBIL, Iraq (AP) — A drone ...", "ERBIL, Iraq", "AP"),
    ("BEIRUT, Jan 5 (Reuters) - The group said ...", "BEIRUT", "Reuters"),
    ("Baghdad (IraqiNews.com) – The prime minister ...", "Baghdad", "IraqiNews.com"),
    ("The prime minister said on Friday ...", None, None),
    ("US presence: a short history", None, None),
])
def test_dateline(paragraph, place, agency):
    assert find_dateline(paragraph) == (place, agency)


@pytest.mark.parametrize("line, agency", [
    ("The prime minister's remarks were reported by TASS on Saturday.", "TASS"),
    ("He said so in an exclusive interview with Reuters.", "Reuters"),
    ("Sudani told Reuters that the timetable was open.", "Reuters"),
    ("BAGHDAD (AFP) - The government said ...", "AFP"),
    ("The minister said, according to the Associated Press.", "AP"),
    ("Xinhua reported that talks would begin.", "Xinhua"),
])
def test_relayed_source(line, agency):
    found, evidence = find_relayed_source(["Some unrelated line.", line], SOURCES)
    assert found == agency
    assert evidence == line


def test_no_relay_when_agency_only_mentioned_in_passing():
    assert find_relayed_source(["Reuters is a news agency founded in London."], SOURCES) == (None, None)


def test_outlet_from_masthead_more_from_and_disclaimer():
    assert find_outlet(["Washington Examiner", "Headline"], [], SOURCES) == PageSource("Washington Examiner", "Washington Examiner")
    assert find_outlet([], ["More from The Example Dork – Ten stocks"], SOURCES).outlet == "The Example Dork"
    assert find_outlet([], ["Example News Daily does not endorse the opinions of its contributors."], SOURCES).outlet == "Example News Daily"
    assert find_outlet(["Nothing here"], ["Back to top"], SOURCES) == PageSource()


def test_republished_piece_has_the_republisher_as_outlet_and_the_masthead_as_original():
    page = find_outlet(["The Hill", "Some headline about the budget"],
                       ['"Example Patriot Wire does not necessarily share the views expressed by its authors."'], SOURCES)
    assert (page.outlet, page.original) == ("Example Patriot Wire", "The Hill")
    page = find_outlet([], ["This article originally appeared in The Example Times and is republished with permission.",
                            "Copyright 2024 Example Local News"], SOURCES)
    assert (page.outlet, page.original) == ("Example Local News", "The Example Times")


def test_relay_evidence_is_the_sentence_that_credits_the_agency():
    line = "The minister spoke in Davos on Friday. His remarks were carried by state media and reported by TASS. More later."
    assert find_relayed_source([line], SOURCES) == ("TASS", "His remarks were carried by state media and reported by TASS.")


def test_dateline_is_split_from_the_prose():
    place, agency, end = split_dateline("MOSUL, Iraq (AP) — Officials said on Monday ...")
    assert (place, agency) == ("MOSUL, Iraq", "AP")
    assert "MOSUL, Iraq (AP) — Officials said on Monday ..."[end:] == "Officials said on Monday ..."


@pytest.mark.parametrize("text, iso", [
    ("January 5, 2024", "2024-01-05"),
    ("Published: 12 March 2023 14:05 GMT", "2023-03-12"),
    ("2024-01-05T10:00:00Z", "2024-01-05"),
    ("25/01/2024", "2024-01-25"),
    ("05-01-2024 15:23 IST", None),     # day and month ambiguous
    ("10 months ago", None),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso
