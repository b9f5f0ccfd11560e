"""The pattern screen before frame matching: it never hides a match the patterns and vetoes find one by one."""
import random
import re

from analysis.measures.frames import load_lexicon, match_frames, match_text, stems
from analysis.measures.screen import PatternScreen, fold, needed_literals

IRAQ = load_lexicon("iraq")

SENTENCES = [
    "He called the US drone strike in Baghdad a violation of Iraq's sovereignty.",
    "Sudani insisted that Iraq should exert full sovereignty over its territory.",
    "The sovereign wealth fund bought bonds; Kurdish autonomy was not discussed.",
    "Norway's sovereign wealth fund and Ukraine's sovereignty were on the agenda in Davos.",
    "Iraq will make its own decisions without foreign interference, the prime minister said.",
    "Forces operating without the Iraqi government's consent must leave, al-Sudani said.",
    "US troops came under attack from Iran-backed militias near Erbil on Sunday.",
    "The striker scored twice before half-time as the attack looked sharp.",
    "He died of a heart attack in 2019.",
    "IS attacks killed dozens of people in the province.",
    "US warplanes struck Kataib Hezbollah positions in retaliation for the drone attack on Tower 22.",
    "The coalition partners met in Brussels; the anti-ISIS coalition will wind down.",
    "The Pentagon said there were no plans to withdraw the 2,500 troops.",
    "Oil revenue held up and electricity imports from Iran continued, paid in dollars.",
    "Parliament voted to expel foreign troops after the strike at Baghdad airport.",
    "Shares in London closed higher on Friday.",
    "A verbal attack on the minister's record drew a sharp reply.",
    "IRAQ DEMANDS THE EXIT OF FOREIGN FORCES",                 # a shouted headline
    "Iraq Demands Exit Of US-Led Coalition In Sovereignty Row",  # title case
    "The ſovereignty of İraq was at stake, said Baghdad.",    # letters the regex engine folds to ASCII
    "Iraq’s sovereignty, its own path and its own future: the government’s line.",
    "",
    "They traded fire across the border and the Islamic State claimed the attack.",
    "Washington and Baghdad agreed to a timetable for the end of the mission.",
]


def test_the_screened_path_finds_what_every_pattern_finds():
    screened_out = 0
    for text in SENTENCES:
        plain = match_text(text, IRAQ, screen=False)
        assert match_text(text, IRAQ) == plain, text
        assert match_text(text, IRAQ, stems(text)) == plain
        screened_out += len(IRAQ.patterns) - len(IRAQ.pattern_screen.candidates(text))
    assert screened_out > 0                          # the screen does leave patterns out
    kinds = {k for text in SENTENCES for _, _, k, _, _ in match_text(text, IRAQ)}
    assert {"pattern", "term", "phrase"} <= kinds     # the sentences reach patterns, not only stems


def test_vetoes_still_apply_through_the_screen():
    found = [f for f, *_ in match_text("Norway's sovereign wealth fund grew.", IRAQ)]
    assert "sovereignty" not in found
    assert "attacks_retaliation" not in [f for f, *_ in match_text("He died of a heart attack.", IRAQ)]


def test_match_frames_stems_each_sentence_once_for_every_lexicon():
    import pandas as pd

    policy = load_lexicon("policy")
    s = pd.DataFrame({"article_id": "a", "sentence_id": range(len(SENTENCES)), "text": SENTENCES})
    table = match_frames(s, [IRAQ, policy])
    expected = [(i, lex.name, f, start) for lex in (IRAQ, policy) for i, text in enumerate(SENTENCES)
                for f, _, _, start, _ in match_text(text, lex, screen=False)]
    assert list(zip(table["sentence_id"], table["lexicon"], table["frame"], table["start"])) == expected


def test_needed_literals():
    def need(p, flags=re.I):
        n = needed_literals(re.compile(p, flags))
        return sorted(n) if n is not None else None

    assert need(r"\bviolat\w*\s+(?:of\s+)?sovereign\w*") == ["sovereign"]       # the longest needed run
    assert need(r"\b(?:troops|forces)\s+(?:left|out)\b") == ["forces", "troops"]
    assert need(r"\b(?:troops|\w+s)\b") is None                   # one alternative needs nothing
    assert need(r"(?:abc)?xyz\d") == ["xyz"]                      # an optional group needs nothing
    assert need(r"(?:abcd){2,3}") == ["abcd"]
    assert need(r"^(?!.*\bIraq\b).*") is None                     # a negative lookahead says nothing
    assert need(r"^(?=.*\bBaghdad\b)") == ["baghdad"]             # a positive one does
    assert need(r"(?-i:\bIS\b)\s+attack") == ["attack"]
    assert need(r"\w+") is None and need(r"of") is None            # too short to screen
    assert need(r"Iraq’s\s+own") == ["iraq"]                       # the curly apostrophe ends a run


def test_fold_is_how_the_regex_engine_folds_ascii_letters():
    for ch in ("ſ", "ı", "İ", "K", "Ä", "ß", "ﬅ"):
        for letter in "abcdefghijklmnopqrstuvwxyz":
            if re.fullmatch(letter, ch, re.I):
                assert letter in fold(ch), (ch, letter)


def test_no_pattern_that_matches_is_screened_out():
    patterns = [re.compile(p, re.I) for p in (
        r"\bsovereign\w*", r"\b(?:its|their)\s+own\s+(?:path|course)\b", r"\bwithout\s+(?:\w+\s+){0,2}consent\b",
        r"(?<=\bthe\s)coalition", r"\bstrik(?:e|es|ing)\b(?=[^.]*\bbase\b)", r"(?-i:\bIS\b)[^.]{0,20}attacks?",
        r"\battacks?\b(?![^.]*\bheart\b)", r"\b(?:Iraq|Baghdad)(?:[’']s)?\s+(?:government|parliament)",
        r"\$\s?\d", r"(?:ab|cd)+ef", r"x{2,}yz")]
    words = ["the", "sovereign", "Sovereignty", "ſovereign", "its", "their", "own", "path", "course", "without",
             "US", "consent", "coalition", "strike", "base", "IS", "is", "attack", "heart", "Iraq's", "Iraq’s",
             "Baghdad", "government", "parliament", "$", "5", "abcdef", "cdabef", "xxxyz", "XXYZ", ".", "İraq"]
    screen = PatternScreen(patterns)
    rng = random.Random(0)
    hits = 0
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        must = {i for i, p in enumerate(patterns) if p.search(text)}
        hits += len(must)
        assert must <= set(screen.candidates(text)), text
    assert hits > 1000
