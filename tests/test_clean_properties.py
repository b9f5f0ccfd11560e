"""Cleaning never invents or reorders text, and cleaning twice removes nothing more."""
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.corpus.clean import clean_lines

# Lines drawn from boilerplate shapes, prose and arbitrary text, so rules fire often.
SHAPES = [
    "More from Example Site", "Previous Article", "Next Article", "Summary", "Related stories",
    "Read More: A teaser headline", "Home > World > Europe", "Advertisement", "Back to top",
    "Photo: Someone/Agency", "By Jane Doe", "January 5, 2024", "WORLD", "Share", "",
    "The minister said the talks would continue next week, officials confirmed.",
    "A short heading", "Another headline with several words in it",
    "This article was originally published by Example Wire.",
]
line = st.one_of(st.sampled_from(SHAPES), st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\n\r"), max_size=80))


def is_subsequence(small, big):
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


@settings(max_examples=300, deadline=None)
@given(st.lists(line, max_size=40))
def test_kept_lines_are_input_lines_in_order(lines):
    result = clean_lines(lines)
    kept_text = [t for _, t in result.kept]
    assert is_subsequence(kept_text, lines)
    assert all(lines[n - 1] == t for n, t in result.kept)
    numbers = [n for n, _ in result.kept] + [n for n, _, _ in result.removed]
    assert sorted(numbers) == list(range(1, len(lines) + 1))  # every line is kept or removed, once


@settings(max_examples=300, deadline=None)
@given(st.lists(line, max_size=40))
def test_cleaning_is_idempotent(lines):
    once = [t for _, t in clean_lines(lines).kept]
    twice = clean_lines(once)
    assert twice.removed == []
    assert [t for _, t in twice.kept] == once
