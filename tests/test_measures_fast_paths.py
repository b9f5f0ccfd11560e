"""The faster paths of the measures (issue 21) give what the plain ways give: units joined without groupby,
the tokenizer's memo and unigram path, the title + name finder of quotes, and facts' reassignment."""
import re

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from analysis.corpus.tokens import DEFAULT_STOP_WORDS, Tokenizer
from analysis.corpus.voices import load_speech
from analysis.measures import facts, topics
from analysis.measures.quotes import _title_names, _title_patterns


def _groupby_units(sentences: pd.DataFrame, unit: str, window: int = 5) -> pd.DataFrame:
    """make_units as it was built with groupby (the reference)."""
    s = sentences[sentences["position"].isin(("lead", "body"))].sort_values(["article_id", "sentence_id"])
    if unit == "article":
        keys = s["article_id"]
    elif unit == "paragraph":
        keys = s["article_id"] + ":p" + s["paragraph_id"].astype(str)
    else:
        keys = s["article_id"] + ":w" + (s.groupby("article_id").cumcount() // window).astype(str)
    return (s.assign(unit_id=keys.to_numpy()).groupby("unit_id", sort=False)
            .agg(article_id=("article_id", "first"), text=("text", " ".join), n_sentences=("text", "size"))
            .reset_index())


@pytest.mark.parametrize("unit", ["paragraph", "article", "window"])
@pytest.mark.parametrize("dtype", [object, "str"])            # plain objects, and the string type Parquet gives
def test_units_are_those_groupby_gives(unit, dtype):
    rng = np.random.default_rng(3)
    n = 300
    s = pd.DataFrame({"article_id": rng.choice(["b", "a", "c", "d"], n), "sentence_id": rng.permutation(n),
                      "paragraph_id": rng.integers(0, 6, n),            # paragraphs interleaved, out of order
                      "position": rng.choice(["lead", "body", "headline"], n, p=[0.3, 0.6, 0.1]),
                      "text": [f"w{i} x{i % 7}" for i in range(n)]})
    s = s.astype({"article_id": dtype, "position": dtype, "text": dtype})
    got = topics.make_units(s, unit, window=3)
    pd.testing.assert_frame_equal(got, _groupby_units(s, unit, window=3), check_exact=True)
    assert topics.make_units(s.iloc[:0], unit).empty


SHOUTED = "US TROOPS SAY IS FIGHTERS FLED THE CITY OF MOSUL"
PLAIN = "US troops say IS fighters fled; the government's forces-led push - went on. (Later) 1,200 were 3 U.S.-led"


def test_one_tokenizer_reads_shouted_and_plain_text_as_fresh_ones_do():
    shared = Tokenizer(DEFAULT_STOP_WORDS, numbers="keep")
    for text in [SHOUTED, PLAIN, SHOUTED, PLAIN.upper(), PLAIN]:
        fresh = Tokenizer(DEFAULT_STOP_WORDS, numbers="keep")
        assert shared.tokens(text) == fresh.tokens(text)
        assert shared.segments(text) == fresh.segments(text)
    assert "US" in shared.tokens(PLAIN) and "us" not in shared.tokens(SHOUTED)      # shouting: lower case


@pytest.mark.parametrize("text", [SHOUTED, PLAIN, "", "a; b", "Iraq's PM - said: \"no\""])
def test_unigrams_are_the_surviving_tokens_of_the_segments(text):
    tok = Tokenizer()
    expected = [t for seg in tok.segments(text) for t in seg if t is not None]
    assert tok(text) == tok.tokens(text) == expected
    both = Tokenizer(ngram_range=(1, 2))(text)
    assert [t for t in both if " " not in t] == expected                # the n-gram path keeps the same unigrams


TITLE_TEXTS = [
    "Prime Minister Mohammed Shia al-Sudani said, and PRIME MINISTER Ali Hassan Rahim agreed.",
    "Gen. David Petraeus and Gen.Smith and General Lloyd Austin, and re-President Joe Biden met Sen Ted Cruz.",
    "Defence Minister, Ben Wallace spoke; the pentagon press secretary John Kirby declined.",
    "Mr Hassan, Mrs. May, Dr Who and Ms Jones; then-President Donald Trump; Sheikhs Ali Omar",
    "Ministers Tom Smith said. Foreign Minister Lavrov Sergei and Vice President Kamala Harris",
]


def test_title_names_are_the_patterns_matches():
    name, _, starts = _title_patterns(load_speech().title_words)
    for text in TITLE_TEXTS + [" ".join(TITLE_TEXTS), " ".join(TITLE_TEXTS).upper()]:
        expected = [(m.span(), m.groupdict()) for m in name.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in _title_names(name, starts, text)] == expected
    assert len(list(_title_names(name, starts, TITLE_TEXTS[0]))) == 2


@pytest.mark.parametrize("titles", [("Dr", "dr", "Admiral"), ("Chief", "Mr")])
def test_title_names_with_odd_titles_are_the_patterns_matches(titles):
    name, _, starts = _title_patterns(titles)
    for text in TITLE_TEXTS + ["'Chief Ali Omar and chief Tom Harris, DR Ann Lee and dr. Bo Ek"]:
        assert [m.span() for m in _title_names(name, starts, text)] == [m.span() for m in name.finditer(text)]


def _reassign_reference(x, clusters, threshold, rounds=facts.REASSIGN_ROUNDS):
    """facts._reassign as written before (a full matrix of the others' sizes per block)."""
    rows = np.concatenate(clusters)
    owner = np.repeat(np.arange(len(clusters)), [len(c) for c in clusters])
    part = x[rows]
    own = np.asarray(part.multiply(part).sum(axis=1)).ravel()
    for done in range(rounds):
        k = owner.max() + 1
        sums = sparse.csr_matrix((np.ones(len(owner)), (owner, np.arange(len(owner)))), shape=(k, len(owner))) @ part
        sizes = np.bincount(owner, minlength=k).astype(float)
        dots = (part @ sums.T).toarray()
        at = np.arange(len(owner))
        others = np.broadcast_to(sizes, dots.shape).copy()
        dots[at, owner] -= own
        others[at, owner] -= 1.0
        mean = np.where(others > 0, dots / np.maximum(others, 1.0), -np.inf)
        best = mean.argmax(axis=1)
        better = (mean[at, best] >= threshold - 1e-9) & (mean[at, best] > mean[at, owner])
        moved = owner.copy()
        moved[better] = best[better]
        if (moved == owner).all():
            if not done:
                return clusters
            break
        owner = np.unique(moved, return_inverse=True)[1]
    by_cluster = np.argsort(owner, kind="stable")
    return [np.sort(rows[m]) for m in np.split(by_cluster, np.flatnonzero(np.diff(owner[by_cluster])) + 1)]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_reassignment_moves_what_the_full_matrices_move(seed):
    rng = np.random.default_rng(seed)
    x = sparse.random(60, 15, density=0.3, random_state=seed, format="csr")
    x = sparse.diags(1.0 / np.maximum(np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel()), 1e-12)) @ x
    order = rng.permutation(60)
    clusters = [np.sort(order[a:b]) for a, b in [(0, 1), (1, 20), (20, 21), (21, 45), (45, 60)]]
    got = facts._reassign(x.tocsr(), clusters, 0.2, limit=100)
    expected = _reassign_reference(x.tocsr(), clusters, 0.2)
    assert [c.tolist() for c in got] == [c.tolist() for c in expected]
    assert got is not clusters                                   # the case moves something
