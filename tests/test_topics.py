import math

import numpy as np
import pandas as pd
import pytest

from analysis.measures import topics
from analysis.measures.topics import TopicModel, match_topics, npmi_coherence

SPORT = ["football match goal striker league season", "tennis match player serve set tournament",
         "league season football club coach striker", "player tournament tennis final champion serve"]
MONEY = ["bank interest rate inflation market shares", "market shares investors bank profit earnings",
         "inflation interest rate central bank economy", "earnings profit investors market economy shares"]
TEXTS = (SPORT + MONEY) * 3


def test_fit_transform_shapes_and_pandas_output():
    model = TopicModel(2).fit(TEXTS)
    W = model.transform(TEXTS)
    assert isinstance(W, pd.DataFrame) and W.shape == (len(TEXTS), 2)
    assert list(W.columns) == list(model.get_feature_names_out()) == ["topic_0", "topic_1"]
    assert np.allclose(W.sum(axis=1), 1)
    assert model.components_.shape[0] == 2
    # the two themes land in different topics
    assert (W.iloc[:4].idxmax(axis=1).nunique(), W.iloc[4:8].idxmax(axis=1).nunique()) == (1, 1)
    assert W.iloc[0].idxmax() != W.iloc[4].idxmax()


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_deterministic_under_fixed_seed(method):
    a = TopicModel(2, method=method, random_state=7).fit(TEXTS)
    b = TopicModel(2, method=method, random_state=7).fit(TEXTS)
    assert np.allclose(a.components_, b.components_)


def test_top_terms_and_labels():
    model = TopicModel(2).fit(TEXTS)
    terms = model.top_terms(5)
    assert list(terms.columns) == ["topic", "term", "weight"] and len(terms) == 10
    assert set(model.labels_) == {0, 1}
    model.set_labels({0: "mine"})
    assert model.labels_[0] == "mine"
    with pytest.raises(KeyError):
        model.set_labels({5: "x"})


def test_npmi_by_hand():
    units = ["a b", "a c", "b c", "a b"]
    # P(a) = P(b) = 3/4, P(a, b) = 2/4: NPMI = log((2/4) / (3/4 * 3/4)) / -log(2/4)
    expected = math.log((2 / 4) / (9 / 16)) / -math.log(2 / 4)
    assert npmi_coherence([["a", "b"]], units, window=None)[0] == pytest.approx(expected, abs=1e-9)
    assert npmi_coherence([["a", "b"]], ["a a", "b b"], window=None)[0] == -1.0   # never together


def test_npmi_window_cuts_units_into_segments():
    # "a b c d" in segments of 2: [a b] [c d]; a and d never share a segment
    assert npmi_coherence([["a", "d"]], ["a b c d"], window=2)[0] == -1.0
    # whole units: P(a) = P(d) = P(a, d) = 1/2, so NPMI = log(0.5 / 0.25) / -log(0.5) = 1
    assert npmi_coherence([["a", "d"]], ["a b c d", "x y"], window=None)[0] == pytest.approx(1.0)


def test_match_topics_finds_the_permutation():
    a = [["x", "y", "z"], ["p", "q", "r"], ["m", "n", "o"]]
    b = [a[2], a[0], ["p", "q", "s"]]
    cols, overlap = match_topics(a, b)
    assert cols.tolist() == [1, 2, 0]
    assert overlap.tolist() == [1.0, 0.5, 1.0]


def test_choose_k_recommends_one():
    table = topics.choose_k(TEXTS, ks=[2, 3], seeds=(0, 1))
    assert list(table.k) == [2, 3] and table.recommended.sum() == 1
    assert table.stability.between(0, 1).all() and table.coherence.between(-1, 1).all()


def test_choose_k_finds_the_number_of_themes():
    # four clearly separate themes, each in 12 units: k = 4 is both coherent and stable
    rng = np.random.default_rng(1)
    themes = [["drone", "strike", "base", "rocket", "militia", "attack"],
              ["oil", "revenue", "budget", "dollar", "market", "export"],
              ["parliament", "vote", "bloc", "election", "party", "coalition"],
              ["football", "league", "goal", "match", "season", "striker"]]
    texts = [" ".join(rng.choice(t, 12)) for t in themes for _ in range(12)]
    table = topics.choose_k(texts, ks=range(2, 8), seeds=(0, 1, 2))
    assert table.loc[table.recommended, "k"].item() == 4


def test_choose_k_samples_large_corpora_with_a_seed():
    texts = TEXTS * 10
    a = topics.choose_k(texts, ks=[2], seeds=(0,), sample=20, random_state=3)
    b = topics.choose_k(texts, ks=[2], seeds=(0,), sample=20, random_state=3)
    assert a.equals(b)


def test_coherence_counts_cooccurrence_within_units():
    from scipy import sparse
    # units: {a b}, {a c}, {b c}, {a b}: P(a) = P(b) = 3/4, P(a, b) = 2/4
    B = sparse.csr_matrix(np.array([[1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 0]]))
    expected = math.log((2 / 4) / (9 / 16)) / -math.log(2 / 4)
    assert topics._npmi_from_binary(B, [np.array([0, 1])])[0] == pytest.approx(expected, abs=1e-9)


def test_streaming_gives_comparable_topics():
    batch_model = TopicModel(2).fit(TEXTS)
    stream = TopicModel(2).fit_stream(lambda: (TEXTS[i:i + 4] for i in range(0, len(TEXTS), 4)), sample_size=6)
    _, overlap = match_topics(batch_model.top_term_lists(5), stream.top_term_lists(5))
    assert overlap.mean() >= 0.6
    W = stream.transform(TEXTS)
    assert W.iloc[0].idxmax() != W.iloc[4].idxmax()


def test_units():
    s = pd.DataFrame({"article_id": ["a"] * 4 + ["b"] * 2, "sentence_id": [0, 1, 2, 3, 0, 1],
                      "paragraph_id": [0, 1, 1, 2, 0, 1], "position": ["headline", "lead", "lead", "body", "lead", "body"],
                      "text": ["H", "s1", "s2", "s3", "t1", "t2"]})
    assert len(topics.make_units(s, "article")) == 2
    para = topics.make_units(s, "paragraph")
    assert para.text.tolist() == ["s1 s2", "s3", "t1", "t2"]
    assert len(topics.make_units(s, "window", window=2)) == 3
    with pytest.raises(ValueError):
        topics.make_units(s, "page")


def test_too_small_vocabulary_is_a_clear_error():
    with pytest.raises(ValueError, match="terms survive"):
        TopicModel(5).fit(["one two", "three four"])


def test_choose_k_without_restarts_measures_no_stability():
    # no subsample: stability is unknown (NaN), never a perfect 1.0 that would drive the choice
    table = topics.choose_k(TEXTS, ks=[2, 3], seeds=())
    assert table["stability"].isna().all()
    assert table.recommended.sum() == 1
    best = table.loc[table["coherence"].idxmax(), "k"]
    assert table.loc[table.recommended, "k"].item() == best


def test_recommend_takes_the_smallest_k_within_one_standard_error():
    table = pd.DataFrame({"k": [2, 3, 4, 5], "coherence": [0.2, 0.2, 0.2, 0.2],
                          "stability": [0.50, 0.70, 0.72, 0.60], "stability_se": [0.02, 0.02, 0.05, 0.02]})
    out = topics._recommend(table.copy())
    # 4 is best (0.72) but 3 (0.70) is within its standard error (0.05): the simpler model wins
    assert out.loc[out.recommended, "k"].item() == 3
    assert out.loc[out.near_best, "k"].tolist() == [3, 4]
    assert out["at_edge"].tolist() == [False, False, False, True]       # the row of the largest k tried
    assert not out.loc[out.recommended, "at_edge"].item()
    tight = table.assign(stability_se=0.0)
    out = topics._recommend(tight)
    assert out.loc[out.recommended, "k"].item() == 4


def test_recommend_flags_a_choice_at_the_edge_of_the_range():
    table = pd.DataFrame({"k": [2, 3, 4], "coherence": [0.1, 0.1, 0.1], "stability": [0.3, 0.5, 0.9],
                          "stability_se": [0.0, 0.0, 0.0]})
    out = topics._recommend(table)
    assert out.loc[out.recommended, "k"].item() == 4 and out.loc[out.recommended, "at_edge"].item()


def test_labels_prefer_terms_that_tell_topics_apart():
    # "baghdad" is the heaviest term of both topics; a label should name what makes each topic its own
    rng = np.random.default_rng(0)
    a = ["oil", "export", "barrel", "revenue"]
    b = ["militia", "drone", "rocket", "base"]
    texts = [" ".join(["baghdad"] * 10 + list(rng.choice(t, 5))) for t in (a, b) for _ in range(15)]
    model = TopicModel(2, stop_words=[], max_df=1.0).fit(texts)
    assert all("baghdad" not in label for label in model.labels_.values())
    heavy = model.top_terms(1)
    assert set(heavy["term"]) == {"baghdad"}          # the weights themselves are unchanged


def test_choosing_k_shows_progress_only_when_asked(capsys):
    topics.choose_k(TEXTS, ks=[2, 3], seeds=(0,), progress=True)
    assert "choosing k" in capsys.readouterr().err
    topics.choose_k(TEXTS, ks=[2, 3], seeds=(0,))
    assert "choosing k" not in capsys.readouterr().err


def test_labels_leave_out_reporting_verbs_but_the_model_keeps_them():
    # "mentioned" and "stated" are the heaviest and most exclusive terms of the oil topic: a FREX label alone
    # would use them; they say how the story is told, not what it is about
    rng = np.random.default_rng(0)
    oil = ["oil", "export", "barrel", "revenue"]
    war = ["militia", "drone", "rocket", "base"]
    texts = ([" ".join(["mentioned"] * 6 + ["stated"] * 4 + list(rng.choice(oil, 4))) for _ in range(15)]
             + [" ".join(list(rng.choice(war, 6))) for _ in range(15)])
    model = TopicModel(2, max_df=1.0).fit(texts)
    oil_topic = int(model.transform(texts[:1]).iloc[0].argmax())
    assert {"mentioned", "stated"} <= set(model.top_terms(2).query("topic == @oil_topic")["term"])
    words = {w for label in model.labels_.values() for w in label.split(" / ")}
    assert not words & {"mentioned", "stated"}, model.labels_
    assert set(model.labels_[oil_topic].split(" / ")) <= set(oil)


@pytest.mark.parametrize("unit", ["article", "paragraph", "window"])
def test_units_made_once_for_every_article_model_the_counted_ones_as_before(unit):
    """The topics measure makes every article's units once and models those of the articles that count: the same
    units and the same model as making them from the counted articles' sentences."""
    rng = np.random.default_rng(3)
    rows = []
    for a in rng.permutation(12):                       # articles in no particular order, paragraphs of 1-3 sentences
        sid = 0
        for p in range(int(rng.integers(2, 5))):
            for _ in range(int(rng.integers(1, 4))):
                rows.append({"article_id": f"a{a:02d}", "sentence_id": sid, "paragraph_id": p,
                             "position": "headline" if sid == 0 else str(rng.choice(["lead", "body", "heading"])),
                             "text": TEXTS[int(rng.integers(len(TEXTS)))]})
                sid += 1
    s = pd.DataFrame(rows).sample(frac=1.0, random_state=1).reset_index(drop=True)
    counted = [f"a{i:02d}" for i in range(12) if i % 4]
    every = topics.make_units(s, unit)
    before = topics.make_units(s[s["article_id"].isin(counted)], unit)
    after = every[every["article_id"].isin(counted)]
    pd.testing.assert_frame_equal(before, after.reset_index(drop=True))
    m1, u1, _ = topics.fit_topics(s[s["article_id"].isin(counted)], unit=unit, k=2)
    m2, u2, _ = topics.fit_topics(None, units=after, unit=unit, k=2)
    pd.testing.assert_frame_equal(u1, u2)
    pd.testing.assert_frame_equal(topics.unit_topics(m1, every), topics.unit_topics(m2, every))


def test_report_03_says_how_labels_are_made_as_the_code_makes_them():
    import json
    from pathlib import Path

    cells = json.loads((Path(__file__).parents[1] / "notebooks" / "03-topics.ipynb").read_text(encoding="utf-8"))
    prose = " ".join("".join(c["source"]) for c in cells["cells"] if c["cell_type"] == "markdown")
    assert "first three terms" not in prose and "not simply the first terms" in prose
    assert "exclusivity" in prose and "never used in a label" in prose
    # what the sentence says: a heavy term every topic shares is skipped, a reporting verb never used
    rng = np.random.default_rng(1)
    a, b = ["oil", "export", "barrel", "revenue"], ["militia", "drone", "rocket", "base"]
    texts = [" ".join(["capital"] * 10 + ["mentioned"] * 3 + list(rng.choice(t, 5))) for t in (a, b) for _ in range(15)]
    model = TopicModel(2, max_df=1.0).fit(texts)
    for k, first in enumerate(model.top_term_lists(3)):
        assert "capital" in first and model.labels_[k].split(" / ") != first
        assert not {"capital", "mentioned"} & set(model.labels_[k].split(" / "))


@pytest.mark.parametrize("max_iter", [3, 400])
def test_nmf_is_fitted_once_and_gives_what_the_fit_and_its_retry_gave(max_iter):
    """fit_model fits an NMF once (four times ``max_iter``), with the W, H, convergence and ``max_iter`` of
    fitting ``max_iter`` iterations and, when that did not converge, four times as many from the start."""
    import warnings

    from scipy import sparse
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning

    X = sparse.random(60, 40, density=0.2, random_state=1, format="csr")
    made = []

    def make(m):
        made.append(m)
        return NMF(4, init="nndsvd", random_state=0, max_iter=m)

    model, W, converged = topics.fit_model(make, X, max_iter)
    for iterations in (max_iter, 4 * max_iter):           # the two fits as they were made before
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            ref = NMF(4, init="nndsvd", random_state=0, max_iter=iterations)
            ref_W = ref.fit_transform(X)
        ref_converged = not caught
        if ref_converged:
            break
    assert made == [4 * max_iter]
    assert converged == ref_converged and model.max_iter == ref.max_iter and model.n_iter_ == ref.n_iter_
    np.testing.assert_array_equal(W, ref_W)
    np.testing.assert_array_equal(model.components_, ref.components_)
    np.testing.assert_array_equal(model.transform(X), ref.transform(X))


def test_the_streams_starting_model_raises_no_convergence_warning():
    """The stream starts from an NMF of a sample, fitted as the batch model is (:func:`fit_model`): a sample the
    solver needs more iterations for is refitted, and what remains is recorded, never a ConvergenceWarning."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    from analysis.measures.topics import TopicModel

    words = ["fare", "bridge", "budget", "council", "crash", "repair", "tax", "rider", "bus", "train", "delay", "cost"]
    rng = np.random.default_rng(3)
    texts = [" ".join(rng.choice(words, 30)) for _ in range(300)]
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        model = TopicModel(n_topics=5, max_iter=5, min_df=1, max_df=1.0)
        model.fit_stream(lambda: iter([texts[:150], texts[150:]]), n_passes=1, sample_size=300)
    assert model.components_.shape[0] == 5


def _units(texts):
    return pd.DataFrame({"unit_id": [f"u{i}" for i in range(len(texts))],
                         "article_id": [f"a{i // 2}" for i in range(len(texts))], "text": texts})


def test_final_model_starts_from_the_sample_fit_of_the_chosen_k():
    """When k is chosen, the model of every unit starts from choose_k's fit of the sample for that k (no second
    NNDSVD over every unit) and reaches the topics NNDSVD reaches; a k given starts from NNDSVD (issue 21)."""
    texts = [t + " " + t for t in TEXTS] * 3
    model, units, choice = topics.fit_topics(None, units=_units(texts), k=0, ks=range(2, 4), seeds=(0, 1))
    assert model.model_.get_params()["init"] == "custom" and model.converged_
    plain = TopicModel(model.n_topics).fit(units["text"])
    assert plain.model_.get_params()["init"] == "nndsvd"
    assert model.model_.reconstruction_err_ == pytest.approx(plain.model_.reconstruction_err_, rel=1e-3)
    same = pd.crosstab(model.transform(units["text"]).idxmax(axis=1), plain.transform(units["text"]).idxmax(axis=1))
    assert ((same > 0).sum(axis=1) == 1).all() and len(same) == model.n_topics   # the same units in each topic
    given, _, _ = topics.fit_topics(None, units=_units(texts), k=2)
    assert given.model_.get_params()["init"] == "nndsvd"


def test_carried_start_matches_topics_by_term_not_by_column():
    """A start's topics are carried over by term: another vocabulary's order, terms it lacks (0) and terms the
    model does not keep (dropped) change nothing; with no term in common there is no start."""
    model = TopicModel(2).fit(TEXTS)
    terms = model.vectorizer_.get_feature_names_out()
    X = model.vectorizer_.transform(TEXTS)
    order = np.arange(len(terms))[::-1][1:]                              # reversed, the last term missing
    other = np.append(terms[order], "zebra")
    comps = np.hstack([model.components_[:, order], np.ones((2, 1))])
    W, H = topics.carried_start(X, terms, other, comps)
    expected = model.components_.copy()
    expected[:, -1] = 0
    assert np.allclose(H, expected) and W.shape == (len(TEXTS), 2) and (W >= 0).all()
    assert topics.carried_start(X, terms, np.array(["zebra"]), np.ones((2, 1))) is None
    started = TopicModel(2).fit(TEXTS, start=(other, comps))
    assert started.model_.get_params()["init"] == "custom"
    assert started.model_.reconstruction_err_ == pytest.approx(model.model_.reconstruction_err_, rel=1e-3)
    assert TopicModel(2, method="lda").fit(TEXTS, start=(other, comps)).converged_ in (True, False)
