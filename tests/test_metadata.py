import pytest

from analysis.corpus.metadata import (PageSource, Relay, find_citations, find_dateline, find_outlet, find_published,
                                      find_relayed_source, load_sources, no_relay_evidence, outlet_from_url, parse_date,
                                      read_dates, read_relay, registered_domain, split_dateline)
from analysis.errors import LexiconError

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


@pytest.mark.parametrize("line, agency, form", [
    ("The prime minister's remarks were reported by TASS on Saturday.", "TASS", "sourcing statement"),
    ("He said so in an exclusive interview with Reuters.", "Reuters", "exclusive interview"),
    ("BAGHDAD (AFP) - The government said ...", "AFP", "dateline"),
    ("BAGHDAD (AP) — The government said ...", "AP", "dateline"),
    ("(Reuters) - Iraq's prime minister said ...", "Reuters", "dateline"),
    ("AFP , Friday 5 Jan 2024", "AFP", "credit line"),
    ("By Jane Doe | AP", "AP", "byline"),
    ("By QASIM ABDUL-ZAHRA and ABBY SEWELL Associated Press", "AP", "byline"),
    ("By Reuters Staff", "Reuters", "byline"),
    ("— AP", "AP", "sign-off"),
    ("-- Reuters", "Reuters", "sign-off"),
    ("Source: AFP", "AFP", "source line"),
    ("(FRANCE 24 with AFP)", "AFP", "source line"),
    ("(with Reuters)", "Reuters", "source line"),
    ("Copyright 2024 The Associated Press. All rights reserved.", "AP", "copyright"),
    ("The Associated Press contributed to this report.", "AP", "contribution"),
])
def test_relayed_source(line, agency, form):
    relay = read_relay(["Some unrelated line.", line], SOURCES)
    assert (relay.source, relay.evidence, relay.form) == (agency, line, form)
    assert find_relayed_source(["Some unrelated line.", line], SOURCES) == (agency, line)


@pytest.mark.parametrize("line", [
    "Reuters is a news agency founded in London.",
    # a citation in passing: the page cites the agency, it does not carry its copy
    "Sudani told Reuters that the timetable was open.",
    "The minister said, according to the Associated Press.",
    "Xinhua reported that talks would begin.",
    "Iraq has asked the coalition to leave, Reuters reported on Friday.",
    "He said so in an interview with AFP last year.",
    # photo credits
    "Iraqi Prime Minister Mohammed Shia al-Sudani speaks in Baghdad. (AP Photo/Hadi Mizban)",
    "Photo: Reuters",
    "Photo by AHMAD AL-RUBAYE/AFP via Getty Images",
    "© AFP/Getty Images",
    "Protesters gather in the square. REUTERS/Thaier Al-Sudani",
    "Reuters , file photo 5 Jan 2024",
])
def test_no_relay_from_a_citation_or_a_photo_credit(line):
    assert find_relayed_source(["Some unrelated line.", line], SOURCES) == (None, None)


def test_photo_credits_never_count_whatever_their_shape():
    removed = [("AFP , Friday 5 Jan 2024", "photo_credit"), ("— AP", "photo_credit"), ("By Jane Doe | AP", "slideshow")]
    assert read_relay([], SOURCES, removed) == Relay()
    assert read_relay([], SOURCES, [("AFP , Friday 5 Jan 2024", "credit_line")]).source == "AFP"


def test_copy_forms_win_over_a_citation_and_a_statement():
    lines = ["Iraq has asked the coalition to leave, Reuters reported.",
             "The remarks were reported by TASS.",
             "BAGHDAD (AP) — Iraq's prime minister said ..."]
    assert read_relay(lines, SOURCES).source == "AP"
    assert read_relay(lines[:2], SOURCES).source == "TASS"


def test_evidence_when_the_page_only_cites_an_agency():
    lines = ["The prime minister spoke on Friday.", "The strike killed two men, according to AFP."]
    assert find_relayed_source(lines, SOURCES) == (None, None)
    assert find_citations(lines, SOURCES) == [("AFP", "The strike killed two men, according to AFP.")]
    note = no_relay_evidence(lines, SOURCES)
    assert "cites AFP in passing" in note and "according to AFP" in note
    assert no_relay_evidence(["Nothing here."], SOURCES) == "the text credits no agency or other outlet"


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
    ("2024-01-05", "2024-01-05"),
    ("25/01/2024", "2024-01-25"),
    ("01/25/2024", "2024-01-25"),
    ("5 Jan 2024", "2024-01-05"),
    ("Friday 5 Jan 2024", "2024-01-05"),
    ("AFP , Friday 5 Jan 2024", "2024-01-05"),
    ("Updated 19 January 2024", "2024-01-19"),
    ("Jan. 5, 2024 10:32 a.m. ET", "2024-01-05"),
    ("Fri 5 Jan 2024 10.32 GMT", "2024-01-05"),
    ("Updated 3:45 PM EST, Fri January 5, 2024", "2024-01-05"),
    ("the 5th of January, 2024", "2024-01-05"),
    ("Friday, 05 January 2024 6:49 AM", "2024-01-05"),
    ("January 5, 20247:53 PM GMT+1Updated 2 days ago", "2024-01-05"),   # scraped text runs the time into the year
    ("Last modified on Fri 5 Jan 2024 12.00 GMT", "2024-01-05"),
    ("01/05/24 10:32 AM ET", None),     # two-digit year
    ("Issued on: 05/01/2024 - 10:12", None),
    ("05-01-2024 15:23 IST", None),     # day and month ambiguous
    ("Published: 05/01/2024", None),    # day and month ambiguous
    ("10 months ago", None),
    ("2 hours ago", None),
    ("January 2024", None),             # no day: never filled in
    ("Jan 5", None),                    # no year
    ("February 30, 2024", None),        # no such day
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_ambiguous_and_relative_dates_say_why_they_are_not_read():
    (reading,) = read_dates("Published: 05/01/2024")
    assert reading.iso is None and reading.kind == "published"
    assert "5 January or 1 May 2024" in reading.problem and "not guessed" in reading.problem
    (reading,) = read_dates("2 hours ago")
    assert reading.iso is None and "relative" in reading.problem
    assert read_dates("The prime minister spoke.") == []


def test_publication_date_wins_over_an_update_date():
    assert find_published([(2, "Updated 19 January 2024"), (3, "January 5, 2024")]) == (
        "2024-01-05", "line 3: 'January 5, 2024'")
    date, evidence = find_published([(2, "Published 5 Jan 2024 | Updated 19 Jan 2024")])
    assert date == "2024-01-05" and "line 2" in evidence
    date, evidence = find_published([(4, "Updated 19 January 2024")])
    assert date == "2024-01-19" and "an update date" in evidence and "no publication date" in evidence
    date, evidence = find_published([(4, "Published: 05/01/2024")])
    assert date is None and "ambiguous" in evidence and "line 4: 'Published: 05/01/2024'" in evidence
    date, evidence = find_published([(4, "Published: 05/01/2024"), (5, "Updated 19 January 2024")])
    assert date == "2024-01-19" and "an update date" in evidence and "ambiguous" in evidence
    assert find_published([(1, "3 hours ago")])[0] is None
    assert find_published([]) == (None, None)
    # run together: the update label belongs to the second date
    assert find_published([(2, "Published Jan. 5, 2024Updated Jan. 6, 2024, 3:14 p.m. ET")])[0] == "2024-01-05"
    assert find_published([(2, "Jan. 6, 2024Updated Jan. 7, 2024")])[0] == "2024-01-06"
    assert "two-digit year" in find_published([(2, "01/05/24 10:32 AM ET")])[1]


def test_a_label_on_its_own_line_labels_the_date_below_it():
    assert find_published([(3, "Updated"), (4, "3:45 PM EST, Fri January 5, 2024"),
                           (5, "Published"), (6, "January 4, 2024")]) == (
        "2024-01-04", "lines 5-6: 'Published' 'January 4, 2024'")
    date, evidence = find_published([(3, "Updated"), (4, "3:45 PM EST, Fri January 5, 2024")])
    assert date == "2024-01-05" and evidence.startswith("lines 3-4: 'Updated'") and "an update date" in evidence
    # too far apart to belong together: the date is read as the page's date
    assert find_published([(3, "Updated"), (40, "January 6, 2024")]) == ("2024-01-06", "line 40: 'January 6, 2024'")


@pytest.mark.parametrize("url, outlet, evidence", [
    ("https://www.foxnews.com/world/iraq-coalition", "Fox News", "url domain foxnews.com (domains table: Fox News)"),
    ("https://english.ahram.org.eg/NewsContent/2/8/1/World/x.aspx", "Ahram Online",
     "url domain english.ahram.org.eg (domains table: Ahram Online)"),
    ("http://news.bbc.co.uk/2/hi/middle_east/1.stm", "BBC News", "url domain bbc.co.uk (domains table: BBC News)"),
    ("https://WWW.Example-News.com/2024/01/05/story", "example-news.com",
     "url domain example-news.com (not in the domains table: the domain is the name)"),
    ("example-daily.co.uk/world/story", "example-daily.co.uk",
     "url domain example-daily.co.uk (not in the domains table: the domain is the name)"),
    ("https://web.archive.org/web/20240105103200/https://www.foxnews.com/world/iraq", "Fox News",
     "url domain foxnews.com of the page archived at web.archive.org (domains table: Fox News)"),
    ("http://web.archive.org/web/2024id_/example-news.com/story", "example-news.com",
     "url domain example-news.com of the page archived at web.archive.org (not in the domains table: the domain is the name)"),
    ("https://web.archive.org/", "archive.org", "url domain archive.org (not in the domains table: the domain is the name)"),
    ("https://localhost:8000/story", None, None),
    ("https://192.168.1.10/story", None, None),
    ("not a url", None, None),
    ("", None, None),
    (None, None, None),
])
def test_outlet_from_url(url, outlet, evidence):
    assert outlet_from_url(url, SOURCES) == (outlet, evidence)


def test_registered_domain_uses_the_public_suffix_list():
    assert registered_domain("https://a.b.example.com.au/x") == "example.com.au"
    assert registered_domain("https://someone.github.io/post") == "someone.github.io"   # a private suffix


def test_a_sources_file_of_ones_own_adds_domains_to_the_bundled_table(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text('[domains]\n"example-news.com" = "Example News"\n"foxnews.com" = "FOX"\n')
    sources = load_sources(mine)
    assert outlet_from_url("https://www.example-news.com/a", sources)[0] == "Example News"
    assert outlet_from_url("https://www.foxnews.com/a", sources)[0] == "FOX"               # yours win
    assert outlet_from_url("https://www.bbc.co.uk/a", sources)[0] == "BBC News"            # the bundled ones stay
    assert sources.agencies["AFP"] == "AFP"
    mine.write_text('replace = true\n[domains]\n"example-news.com" = "Example News"\n')
    sources = load_sources(mine)
    assert outlet_from_url("https://www.bbc.co.uk/a", sources)[0] == "bbc.co.uk"
    assert sources.agencies == {}


@pytest.mark.parametrize("body, message", [
    ('[domains]\n"https://example.com/" = "Example"\n', "is not a web domain"),
    ('[domains]\n"example.com" = ["Example"]\n', "must be str"),
    ('[domain]\n"example.com" = "Example"\n', "did you mean 'domains'"),
])
def test_a_bad_domains_table_names_the_file_and_the_entry(tmp_path, body, message):
    mine = tmp_path / "mine.toml"
    mine.write_text(body)
    with pytest.raises(LexiconError, match=message) as err:
        load_sources(mine)
    assert str(mine) in str(err.value)


def test_the_agency_patterns_are_tried_only_on_lines_that_name_an_agency(monkeypatch):
    """A line without any agency alias is not searched by the relay and citation patterns (none of which can
    match it); a line with one is, and gives what it gave before."""
    import analysis.corpus.metadata as metadata

    tried = []

    class Counted:
        def __init__(self, pattern):
            self.pattern = pattern

        def finditer(self, line):
            tried.append(line)
            return self.pattern.finditer(line)

    sources = load_sources()
    monkeypatch.setattr(sources, "relay_patterns", [Counted(p) for p in sources.relay_patterns])
    plain, cited = "The talks went on until late in the evening.", "Iraq asked the coalition to leave, Reuters reported."
    assert find_citations([plain, cited], sources) == [("Reuters", cited)]
    assert plain not in tried and cited in tried
    assert metadata.read_relay([plain, "BAGHDAD (Reuters) - The talks went on."], sources).form == "dateline"
