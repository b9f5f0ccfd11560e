"""Boilerplate rules on lines that are NOT in the bundled corpora: the patterns are general."""
import re
import textwrap

import pytest

from analysis.corpus.clean import RulesError, clean_lines, load_rules


def removed_by(lines):
    result = clean_lines(lines)
    return {text.strip(): rule for _, text, rule in result.removed}


def kept(lines):
    return [t for _, t in clean_lines(lines).kept if t.strip()]


ARTICLE = [
    "A headline long enough to be the title",
    "The minister said on Tuesday that the talks would continue next week, officials confirmed.",
]


@pytest.mark.parametrize("line, rule", [
    ("Home > News > Politics", "breadcrumb"),
    ("Startseite › Welt › Nahost", "breadcrumb"),
    ("Sport | Football | Premier League", "breadcrumb"),
    ("Read More: Ten things we learned from the budget", "teaser"),
    ("ALSO READ: Storm warning issued for the coast", "teaser"),
    ("Read next - Why the election matters", "teaser"),
    ("Related: Court rules on border wall funding", "teaser"),
    ("See also: Timeline of the crisis", "teaser"),
    ("Photo: Jane Roe/Example Agency", "photo_credit"),
    ("(Photo by John Doe/AFP via Getty Images)", "photo_credit"),
    ("Image credit: Wikimedia Commons", "photo_credit"),
    ("Protesters gather in the square. REUTERS/Jane Roe", "photo_credit"),
    ("Slide 7 of 12", "slideshow"),
    ("3 / 9", "slideshow"),
    ("Advertisement", "ad_notice"),
    ("Please disable your ad blocker to continue reading.", "ad_notice"),
    ("We noticed you are using an adblocker. Please whitelist our site.", "ad_notice"),
    ("As an Amazon Associate we earn from qualifying purchases.", "affiliate_notice"),
    ("This post contains affiliate links, which means we may receive a commission.", "affiliate_notice"),
    ("Back to top", "back_to_top"),
    ("Subscribe to our weekly newsletter for the latest updates", "newsletter_prompt"),
    ("Enter your email address", "newsletter_prompt"),
    ("Share on WhatsApp", "share_prompt"),
    ("Facebook Twitter Email", "share_prompt"),
    ("Follow us on Instagram", "share_prompt"),
    ("This website uses cookies to ensure you get the best experience.", "cookie_notice"),
    ("Accept all cookies", "cookie_notice"),
    ("This story was originally published by The Example Times and is reprinted with permission.", "republish_notice"),
    ("The opinions expressed here do not necessarily reflect those of this site.", "republish_notice"),
    ("Copyright 2023 Example Media Group", "copyright"),
    ("Published: 12 March 2023 14:05 GMT", "timestamp"),
    ("Updated 3 hours ago", "timestamp"),
    ("Tue, March 14, 2023", "timestamp"),
    ("2 days ago", "timestamp"),
    ("By Maria Lopez and Sam Park, Staff Writers", "byline"),
    ("Reporting by Jane Roe; Editing by John Doe", "credits"),
    ("Tags: Politics, Elections", "tags"),
    ("Leave a comment", "comments_prompt"),
    ("5 min read", "reading_widget"),
    ("No time to read?", "summary_widget"),
    ("Get the AI summary", "summary_widget"),
    ("Summarize this article", "summary_widget"),
    ("Credits: Wikimedia Commons", "photo_credit"),
    ("Picture credits: Jane Roe", "photo_credit"),
    ("Back to top button", "back_to_top"),
    ("Buy now on Amazon", "shop_notice"),
    ("Check price", "shop_notice"),
    ("Close", "ui_button"),
    ("Dismiss", "ui_button"),
    ("Listen to this article", "reading_widget"),
])
def test_rule_removes_general_boilerplate(line, rule):
    lines = [ARTICLE[0], ARTICLE[1], line, "More of the story follows here, as the minister explained at length."]
    assert removed_by(lines).get(line) == rule


@pytest.mark.parametrize("prose", [
    "Read more carefully, the statement suggests the talks have stalled, diplomats said.",
    "Related parties in the dispute met in Geneva on Monday to discuss the ceasefire.",
    "The photo shows soldiers at a checkpoint near the border, according to the ministry.",
    "Officials said the share of the budget spent on defence would rise to 3 percent.",
    "By the end of the year, the government hopes to have withdrawn most of its forces.",
    "More from the minister's speech suggested that negotiations would resume in the spring, after elections in several of the countries involved.",
    "Next week the parliament will vote on the proposal, which has divided the ruling coalition.",
    "He said the views expressed by the militias did not represent the government.",
])
def test_prose_that_starts_like_boilerplate_is_kept(prose):
    lines = [ARTICLE[0], prose, ARTICLE[1]]
    assert prose in kept(lines)


def test_more_from_block_drops_its_teaser_headlines_and_stops_at_prose():
    lines = [
        ARTICLE[0], ARTICLE[1],
        "More from Example Finance",
        "Five dividend stocks for a rainy day",
        "Is your pension safe?",
        "The talks are expected to resume next month, both sides said in a joint statement.",
    ]
    gone = removed_by(lines)
    assert gone == {"More from Example Finance": "more_from",
                    "Five dividend stocks for a rainy day": "more_from",
                    "Is your pension safe?": "more_from"}
    assert lines[-1] in kept(lines)


def test_more_from_with_headline_on_the_same_line():
    line = "More from Example Finance – Five dividend stocks for a rainy day"
    assert removed_by([ARTICLE[0], ARTICLE[1], line]) == {line: "more_from"}


def test_previous_next_labels_take_their_teaser_headline():
    lines = [ARTICLE[0], ARTICLE[1], "Previous Article", "Storm closes schools across the region",
             "Next Post", "Markets rise after rate decision"]
    assert set(removed_by(lines)) == set(lines[2:])
    assert removed_by(["Next Article: Markets rise after rate decision"]) == {
        "Next Article: Markets rise after rate decision": "prev_next"}


def test_summary_widget_bullets_go_with_the_widget():
    lines = ["A headline long enough to be the title", "Summary",
             "- Government announces review of troop presence",
             "- Talks to start next month",
             "The government announced a review of the foreign troop presence on Friday, officials said."]
    assert set(removed_by(lines)) == {"Summary", "- Government announces review of troop presence",
                                      "- Talks to start next month"}


def test_section_labels_only_above_the_title():
    lines = ["WORLD", "Left Menu", "Government moves to end the foreign troop mission",
             "The prime minister said on Friday that the mission had run its course.",
             "US presence", "The United States has troops in the country, officials said."]
    gone = removed_by(lines)
    assert gone == {"WORLD": "section_label", "Left Menu": "section_label"}
    assert "US presence" in kept(lines)


def test_kept_lines_keep_their_numbers_and_text():
    lines = ["Home > World", "A headline long enough to be the title", "", "  Body text, indented, stays as it was.  "]
    result = clean_lines(lines)
    assert result.kept == [(2, lines[1]), (3, ""), (4, lines[3])]
    assert result.removed == [(1, "Home > World", "breadcrumb")]


def test_user_rules_extend_and_replace(tmp_path):
    extra = tmp_path / "mine.toml"
    extra.write_text(textwrap.dedent('''
        [[rule]]
        id = "station_promo"
        pattern = '^listen live on .* fm$'
    '''))
    rules = load_rules(["default", extra])
    line = "Listen live on Example 101.5 FM"
    assert {t: r for _, t, r in clean_lines([ARTICLE[0], line], rules).removed} == {line: "station_promo"}
    assert any(r.id == "breadcrumb" for r in rules)

    only = tmp_path / "only.toml"
    only.write_text('replace = true\n[[rule]]\nid = "x"\npattern = "^xyz$"\n')
    assert [r.id for r in load_rules(["default", only])] == ["x"]


@pytest.mark.parametrize("body, message", [
    ('[[rule]]\nid = "a"\n', "has no pattern"),
    ('[[rule]]\nid = "a"\npattern = "("\n', "invalid pattern"),
    ('[[rule]]\nid = "a"\npattern = "x"\nscope = "page"\n', "scope 'page'"),
    ('[[rule]\n', "not valid TOML"),
])
def test_malformed_rules_file_names_file_and_rule(tmp_path, body, message):
    bad = tmp_path / "bad.toml"
    bad.write_text(body)
    with pytest.raises(RulesError, match=message) as info:
        load_rules([bad])
    assert "bad.toml" in str(info.value)


def test_numbered_list_breadcrumb_goes_as_a_block():
    lines = ["1. Startseite", "  2. »", "  3. Welt", "  4. »", "  5. The minister's visit to...", "",
             "The minister's visit to Berlin ends without a deal",
             "The minister left Berlin on Friday without the deal both sides had promised, officials said."]
    gone = removed_by(lines)
    assert set(gone) == {"1. Startseite", "2. »", "3. Welt", "4. »", "5. The minister's visit to..."}
    assert set(gone.values()) == {"breadcrumb"}


def test_numbered_list_in_prose_is_kept():
    lines = ARTICLE + ["The plan has three steps:", "1. Talks with the coalition members.",
                       "2. A timetable for the withdrawal.", "3. A vote in parliament."]
    assert kept(lines) == lines


def test_a_line_seen_before_in_a_batch_is_matched_once_and_removed_alike(monkeypatch):
    """With a memo shared by the pages of a batch, a line (a share prompt, a syndicated paragraph) is matched
    against the rules once; every page gets what cleaning it alone gives."""
    from analysis.corpus.clean import Rule

    calls = []
    matches = Rule.matches

    def counted(self, line, *args):
        calls.append(line)
        return matches(self, line, *args)

    pages = [ARTICLE + ["Share this article"], ["Share this article"] + ARTICLE]
    alone = [clean_lines(page) for page in pages]
    monkeypatch.setattr(Rule, "matches", counted)
    memo = {}
    first = clean_lines(pages[0], None, memo)
    seen = list(calls)
    assert "Share this article" in seen and ARTICLE[1] in seen
    assert [first, clean_lines(pages[1], None, memo)] == alone
    assert calls[len(seen):] == []       # every line of the second page was a line of the first


def test_the_text_a_pattern_needs_is_read_from_it_or_left_unknown():
    """required_text gives pieces of text one of which every match holds (lower case), and None when a branch
    or the whole pattern needs none, or the pattern is not a standard one."""
    import re

    from analysis.lexicons.patterns import compile_user, required_text

    assert required_text(re.compile(r"^(?:Share|tweet) this\b", re.I)) == ("share", "tweet")
    assert required_text(re.compile(r"\bsign up\b.{0,60}\bnewsletter")) == ("newsletter",)
    assert required_text(re.compile(r"(?:ab|cd)+x?")) == ("ab", "cd")
    assert required_text(re.compile(r"(?:ab|\d+)")) is None
    assert required_text(re.compile(r"[a-z]+\s*:")) == (":",)
    assert required_text(re.compile(r"x*")) is None
    assert required_text(re.compile("ſhare", re.I)) is None        # matches "share" too: no ASCII piece to look for
    assert required_text(compile_user("share", re.I, "mine.toml")) is None


def test_a_rule_matches_only_lines_holding_the_text_it_needs():
    """Every bundled rule matches a line only if the line holds one of the pieces it needs (so skipping the
    search of a line without them changes nothing), on each rule's own examples and on the raw corpus."""
    from analysis.corpus.clean import load_rules

    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    lines = {line.strip() for folder in ("raw", "demo") for path in sorted((root / "data" / folder).glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    lines |= set(ARTICLE)
    for test in (test_rule_removes_general_boilerplate, test_prose_that_starts_like_boilerplate_is_kept):
        for case in test.pytestmark[0].args[1]:
            lines |= {x for x in (case if isinstance(case, tuple) else (case,)) if isinstance(x, str)}
    rules = [r for r in load_rules() if r.needles is not None]
    assert len(rules) > 20
    found = 0
    for rule in rules:
        for line in lines:
            if line.isascii() and rule.pattern.search(line):
                found += 1
                assert any(n in line.lower() for n in rule.needles), (rule.id, line)
    assert found > 20


def test_rules_tried_by_a_lines_words_keep_their_order_and_limits():
    """A line is tried only against the rules whose max_words it is within, in the rules' order: the same
    removals as every rule tried in turn, whether the rules come as a tuple (planned once) or a list."""
    from analysis.corpus.clean import Rule, _plan

    rules = (Rule("short", re.compile("news"), max_words=3), Rule("any", re.compile("news")),
             Rule("mid", re.compile("news"), max_words=6))
    by_words, head = _plan(rules)
    assert [r.id for r in by_words[2]] == ["short", "any", "mid"]
    assert [r.id for r in by_words[5]] == ["any", "mid"]
    assert [r.id for r in by_words[-1]] == ["any"] and head == []
    lines = ["Top news", "The news of the day is here", "Some news", "Nothing to see"]
    for given in (rules, list(rules)):
        got = clean_lines(lines, given)
        assert [r for _, _, r in got.removed] == ["short", "any", "short"]
        expected = [next((r.id for r in rules if r.matches(t)), None) for t in lines]
        assert [r for _, _, r in got.removed] == [e for e in expected if e]
