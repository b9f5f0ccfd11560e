import numpy as np
import pandas as pd
import pytest

from analysis import compare
from analysis.measures import sentiment
from analysis.measures.actors import load_actors
from analysis.measures.stance import (DENSE_NAMES, TargetSentiment, clause_of, context_features, default_model,
                                      mask_target, masked_clause, target_window)
from analysis.schema import MENTION_COLUMNS
from analysis.schema import SENTIMENT_COLUMNS


@pytest.fixture
def small():
    sentences = pd.DataFrame({
        "article_id": ["a"] * 4 + ["b"] * 3,
        "sentence_id": [0, 1, 2, 3, 0, 1, 2],
        "position": ["headline", "lead", "body", "body", "headline", "lead", "body"],
        "in_quote": [False, False, True, False, False, False, False],
        "text": ["t"] * 7,
    })
    # a quoted sentence is all direct quotation; the others are the outlet's own prose
    sentences = sentences.assign(own_share=1.0 - sentences["in_quote"], direct_share=sentences["in_quote"] * 1.0,
                                 reported_share=0.0)
    scores = pd.DataFrame({"article_id": sentences.article_id, "sentence_id": sentences.sentence_id,
                           "neg": 0.0, "neu": 1.0, "pos": 0.0,
                           "compound": [0.5, -0.6, -0.9, 0.02, 0.0, 0.4, 0.3]})
    articles = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"], "source_label": ["X", "Y"],
                             "title": ["A", "B"], "is_primary": [True, True]})
    return scores, sentences, articles


def test_score_sentences_columns_and_signs():
    sents = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1],
                          "text": ["A wonderful, peaceful agreement.", "A horrible, deadly attack."]})
    out = sentiment.score_sentences(sents)
    assert list(out.columns) == SENTIMENT_COLUMNS
    assert out.compound[0] > 0.5 and out.compound[1] < -0.5
    assert np.allclose(out[["neg", "neu", "pos"]].sum(axis=1), 1, atol=0.01)


def test_article_sentiment_by_hand(small):
    out = compare.article_sentiment(*small).set_index("article_id")
    a = out.loc["a"]
    assert a.mean_compound == pytest.approx((-0.6 - 0.9 + 0.02) / 3)    # lead and body only
    assert a.share_negative == pytest.approx(2 / 3) and a.share_positive == 0
    assert a.headline_compound == 0.5 and a.lead_compound == -0.6
    assert a.own_compound == pytest.approx((-0.6 + 0.02) / 2) and a.direct_compound == -0.9
    assert out.loc["b", "share_positive"] == 1 and np.isnan(out.loc["b", "direct_compound"])


def test_group_sentiment_voice_split_and_counted_articles(small):
    scores, sents, arts = small
    by_voice = compare.group_sentiment(scores, sents, arts, by_voice=True)
    x = by_voice[by_voice.source_label == "X"].set_index("voice")
    assert x.loc["direct", "mean"] == -0.9 and x.loc["own", "n"] == 2
    # only the articles passed count (the study passes one per group of copies)
    assert set(compare.group_sentiment(scores, sents, arts[arts.article_id == "a"]).source_label) == {"X"}
    by_col = compare.group_sentiment(scores, sents, arts.assign(leaning=["l", "l"]), by="leaning")
    assert by_col.leaning.tolist() == ["l"] and by_col.n.item() == 5


def test_clause_and_mask():
    s = "The minister praised the deal, but the militias attacked the base."
    start = s.index("militias")
    assert clause_of(s, start, start + 8) == "but the militias attacked the base."
    assert mask_target(s, start, start + 8).count("TARGET") == 1
    assert masked_clause(s, start, start + 8) == "but the  TARGET  attacked the base."
    assert target_window(s, start, start + 8, k=3) == "deal but the TARGET attacked the base"
    assert len(context_features(s, start, start + 8)) == len(DENSE_NAMES)


@pytest.fixture(scope="module")
def toy_space():
    from analysis.measures.word_space import WordSpace
    words = "group delegation officials praised welcomed thanked supported attacked condemned killed threatened met"
    texts = [" ".join(np.random.default_rng(i).permutation(words.split())) for i in range(60)]
    return WordSpace(n_components=4, min_count=1, window=3, random_state=0).fit(texts)


@pytest.mark.parametrize("char_weight, space_weight", [(0.0, 0.0), (0.3, 0.0), (0.3, 0.3)])
def test_model_json_roundtrip_matches_fitted(tmp_path, char_weight, space_weight, toy_space):
    rng = np.random.default_rng(0)
    good = ["praised", "welcomed", "thanked", "supported"]
    bad = ["attacked", "condemned", "killed", "threatened"]
    X, y = [], []
    for i in range(120):
        label = [-1, 0, 1][i % 3]
        verb = {1: good, -1: bad, 0: ["met", "visited", "called", "saw"]}[label][rng.integers(4)]
        s = f"Officials said the group {verb} the delegation on day {i}."
        X.append((s, s.index("group"), s.index("group") + 5)); y.append(label)
    model = TargetSentiment(C=1.0, min_df=1, min_df_weighted=1, char_weight=char_weight, char_min_df=1,
                            space=toy_space if space_weight else None, space_weight=space_weight).fit(X, y)
    model.to_json(tmp_path / "m.json", note="test")
    loaded = TargetSentiment.from_json(tmp_path / "m.json")
    assert loaded.char_weight == char_weight and hasattr(loaded, "char_coef_") == (char_weight > 0)
    assert loaded.space_weight == space_weight and hasattr(loaded, "space_coef_") == (space_weight > 0)
    if space_weight:
        assert loaded.space.words_ == toy_space.words_ and np.allclose(loaded.space.vectors_, toy_space.vectors_)
    # the file keeps three decimals of each number: probabilities agree to about that
    assert np.allclose(model.predict_proba(X), loaded.predict_proba(X), atol=3e-3)
    assert (model.predict(X) == loaded.predict(X)).all()
    assert (loaded.predict(X) == np.array(y)).mean() > 0.9
    assert loaded.metadata_ == {"note": "test"}
    assert len(loaded.get_feature_names_out()) == loaded.coef_[0].shape[1]


def test_space_features_blocks_by_hand(toy_space):
    from analysis.measures.stance import SPACE_BLOCKS, space_features
    s = "Officials praised the group, but the delegation attacked."
    a = s.index("group")
    f = space_features([(s, a, a + 5)], toy_space, tau=2.0).reshape(len(SPACE_BLOCKS), -1)
    vec = dict(zip(toy_space.words_, toy_space.vectors_))
    idf = dict(zip(toy_space.words_, toy_space.idf_))

    def mean(words, weights):
        w = np.array([idf[x] * k for x, k in zip(words, weights)])
        return w @ np.array([vec[x] for x in words]) / w.sum()
    # "the", "but" are not in the space; distances count every word
    expected = {"left": mean(["praised", "officials"], [np.exp(-1 / 2), np.exp(-2 / 2)]),
                "right": mean(["delegation", "attacked"], [np.exp(-3 / 2), np.exp(-4 / 2)]),
                "clause": mean(["praised", "officials"], [1, 1]),       # the clause ends at the comma
                "sentence": mean(["officials", "praised", "delegation", "attacked"], [1, 1, 1, 1]),
                "target": vec["group"]}
    for name, row in zip(SPACE_BLOCKS, f):
        assert np.allclose(row, expected[name]), name
    assert not space_features([("No known word.", 0, 2)], toy_space).any()


def test_shipped_model_scores_in_range_and_separates_clear_cases():
    model = default_model()
    cases = [("The United States praised Iraq's government for its courage and wisdom.", "Iraq's government"),
             ("The militias murdered innocent civilians in a brutal, cowardly attack.", "militias")]
    X = [(s, s.index(t), s.index(t) + len(t)) for s, t in cases]
    scores = model.score_targets(X)
    assert np.all(np.abs(scores) <= 1)
    assert scores[0] > 0 > scores[1]


def test_score_mentions_table():
    sents = pd.DataFrame({"article_id": ["a"], "sentence_id": [0],
                          "text": ["Iranian-backed militias attacked US forces, the Pentagon said."]})
    out = sentiment.score_mentions(sents, load_actors("iraq"))
    assert list(out.columns) == MENTION_COLUMNS
    assert out.actor.tolist() == ["militias", "us", "us"]
    assert out.role.tolist() == ["aggressor", "target", "speaker"]
    assert out.score.between(-1, 1).all() and set(out.stance) <= {"negative", "neutral", "positive"}


@pytest.mark.parametrize("tamper, message", [
    (lambda d: d["arrays"]["coef_3"][0].__setitem__(0, -d["arrays"]["coef_3"][0][0] - 1), "checksum does not match"),
    (lambda d: d.__setitem__("format", 0), "format"),
    (lambda d: d.__setitem__("kind", "something-else"), "not a actor-stance model"),
])
def test_tampered_model_file_is_refused(tmp_path, tamper, message):
    import json

    from analysis.errors import ModelError
    from analysis.measures.stance import DEFAULT_MODEL
    from analysis.persist import read_model_json

    doc = read_model_json(DEFAULT_MODEL)
    tamper(doc)
    bad = tmp_path / "model.json"
    bad.write_text(json.dumps(doc))
    with pytest.raises(ModelError, match=message):
        TargetSentiment.from_json(bad)


def test_non_finite_model_is_refused_even_with_a_matching_checksum(tmp_path):
    from analysis.errors import ModelError
    from analysis.persist import load_model, save_model

    save_model(tmp_path / "m.json", "toy", 1, {}, {"coef": [[1.0, float("nan")]]})
    with pytest.raises(ModelError, match="NaN or infinite"):
        load_model(tmp_path / "m.json", "toy", 1)


def test_repeated_sentences_are_scored_once_and_give_the_same_mentions(monkeypatch):
    """A sentence repeated in many articles is searched for actors once and each distinct mention scored once:
    the table is the same as scoring every mention of every sentence (speakers, varied actors, repeats)."""
    from analysis.measures import actors as actors_module

    rng = np.random.default_rng(7)
    pool = ["Iraqi Prime Minister Mohammed Shia al-Sudani said the US-led coalition must leave Iraq.",
            "The Pentagon said militias attacked American troops 130 times, and Iran denied any role.",
            "Tehran condemned the strike, the foreign ministry said, while Washington defended it.",
            "Kataib Hezbollah announced it would suspend attacks on US forces.",
            "Blinken met Sudani in Davos.", "The weather in Baghdad was mild."]
    texts = [pool[i] for i in rng.integers(len(pool), size=40)]
    sents = pd.DataFrame({"article_id": [f"a{i // 4}" for i in range(40)], "sentence_id": [i % 4 for i in range(40)],
                          "paragraph_id": [i % 4 for i in range(40)], "position": "body", "text": texts})
    actors = load_actors("iraq")
    fast = sentiment.score_mentions(sents, actors)
    assert len(fast) > len(set(texts))                            # repeats were there to be scored once
    monkeypatch.setattr(sentiment, "_predict_once", lambda model, targets: model.predict_proba(targets))
    real = actors_module.mentions_in_text
    calls = []
    monkeypatch.setattr(actors_module, "mentions_in_text", lambda *a: calls.append(a[0]) or real(*a))
    slow = sentiment.score_mentions(sents, actors)
    pd.testing.assert_frame_equal(fast, slow)
    assert len(calls) == len(set(texts))                          # each distinct sentence searched once


def test_repeated_sentences_get_the_scores_each_would_get_alone():
    """Each distinct sentence is scored once (in the news register where it touches one): a repeat gets the same
    row as the sentence scored on its own."""
    from analysis.measures.register import load_register

    register = load_register()
    pool = ["Iran-backed militias attacked US forces near Baghdad, officials said.", "Talks went well.",
            "The Pentagon warned of a harsh response.", "Sudani praised the agreement.", ""]
    texts = [pool[i] for i in np.random.default_rng(2).integers(len(pool), size=25)]
    sents = pd.DataFrame({"article_id": [f"a{i}" for i in range(25)], "sentence_id": 0, "text": texts})
    together = sentiment.score_sentences(sents, register)
    alone = pd.concat([sentiment.score_sentences(sents.iloc[[i]], register) for i in range(25)], ignore_index=True)
    pd.testing.assert_frame_equal(together, alone)
    assert together["compound"].nunique() > 1
