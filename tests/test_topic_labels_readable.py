"""Topic labels a reader can read (issue 19: "control / mentioned / efforts", "mohammed / prime / economic"): content
words first, a word that stands in a phrase shown as the phrase, a name only when it dominates its topic."""
import numpy as np

from analysis.measures.topics import TopicModel, WordUse, word_use


def test_word_use_finds_names_and_phrases_from_how_words_are_written():
    texts = ["The Prime Minister met Hassan. Later the prime minister spoke with Hassan about oil.",
             "Officials said Hassan and the prime minister agreed. Oil prices rose as Hassan watched."]
    use = word_use(texts, ["prime", "minister", "hassan", "oil", "prices"])
    assert "hassan" in use.names and "oil" not in use.names and "prime" not in use.names
    assert use.phrases["prime"] == "prime minister"
    assert "oil" not in use.phrases                                     # beside "prices" once of three uses


def oil_and_war(seed=0):
    rng = np.random.default_rng(seed)
    shared = ["exports", "revenue", "talks", "region", "officials"]
    texts = []
    for i in range(24):
        name = " Karimi praised the prime minister." if i % 3 else " The prime minister spoke."
        texts.append(f"Oil output rose, oil {' '.join(rng.choice(shared, 3))}." + name)
    for _ in range(24):
        texts.append("Militia " + " ".join(rng.choice(["drone", "rocket", "base", "convoy"] + shared, 6)) + " attacked.")
    return texts


def test_a_label_shows_the_phrase_a_word_stands_in_and_never_repeats_a_word():
    model = TopicModel(2, max_df=1.0).fit(oil_and_war())
    labels = [label.split(" / ") for label in model.labels_.values()]
    assert any("prime minister" in parts for parts in labels), model.labels_      # was "minister" alone
    for parts in labels:
        words = [w for p in parts for w in p.split()]
        assert len(words) == len(set(words)) and "prime" not in parts and "minister" not in parts


def crafted(weights: dict, names=(), phrases=None, forms=None):
    """A fitted model whose first topic has exactly ``weights`` (the second the reverse)."""
    model = TopicModel(2, max_df=1.0, stop_words=[]).fit([" ".join(weights)] * 3 + ["filler words here"] * 3)
    vocab = list(model.vectorizer_.get_feature_names_out())
    H = np.full((2, len(vocab)), 0.01)
    for term, w in weights.items():
        H[0, vocab.index(term)] = w
    model.components_ = H
    model.word_use_ = WordUse(frozenset(names), phrases or {}, forms or {})
    return model.auto_labels()[0].split(" / ")


def test_a_name_is_in_the_label_only_when_it_dominates_its_topic():
    weights = {"oil": 1.0, "karimi": 0.6, "exports": 0.5, "pipeline": 0.4, "refinery": 0.3}
    assert "karimi" in crafted(weights)                                # without the rule FREX picks it
    assert "karimi" not in crafted(weights, names={"karimi"})          # a name weaker than "oil": left out
    weights["karimi"] = 1.2                                           # the topic is about him
    assert crafted(weights, names={"karimi"})[0] == "karimi"


def test_bbc_style_names_and_fragments_on_real_looking_text():
    texts = [f"Kenteris missed the test in Athens. Kenteris and Thanou face a hearing, {w} said the panel."
             for w in ("officials", "lawyers", "doctors", "coaches")] * 4 + \
            [f"Markets rose as {w} growth lifted shares and profits." for w in ("export", "retail", "bank", "tech")] * 4
    model = TopicModel(2, max_df=1.0).fit(texts)
    assert any(label.split(" / ")[0] == "kenteris" for label in model.labels_.values()), model.labels_


def test_labels_read_a_bounded_seeded_sample(monkeypatch):
    """How words are written is read from at most WORD_USE_SAMPLE texts, the same ones for the same seed."""
    from analysis.measures import topics

    seen = []
    real = topics.word_use
    monkeypatch.setattr(topics, "WORD_USE_SAMPLE", 30)
    monkeypatch.setattr(topics, "word_use", lambda texts, vocab: seen.append(list(texts)) or real(texts, vocab))
    texts = [f"Oil prices rose in week {i} as the prime minister spoke of budgets and trade and oil" for i in range(80)]
    texts += [f"The football club won match {i} and the coach praised the players and the fans" for i in range(80)]
    for _ in range(2):
        topics.TopicModel(2, random_state=3).fit(texts)
    assert len(seen[0]) == 30 and seen[0] == seen[1]
    assert set(seen[0]) <= set(texts)


def test_a_label_shows_its_words_as_they_are_most_often_written():
    """"iranian-backed" was shown in lower case: a label showed the tokenizer's lower-cased token; it shows each
    word, or the phrase it stands in, as written most often inside a sentence (a sentence's first word, capitalised
    for its place, says nothing)."""
    texts = ["Drones hit the base. Officials blamed Iranian-backed militias for the drone strike on the base.",
             "Iranian-backed groups fired rockets. The Iranian-backed militia said the drone strike was revenge.",
             "Leaders met at the World Economic Forum. Sudani spoke at the World Economic Forum on Thursday.",
             "Drones and rockets hit the base again, and iranian-backed fighters claimed the drone strike."] * 2
    use = word_use(texts, ["iranian-backed", "economic", "world", "drone", "base", "US-led"])
    assert use.forms["iranian-backed"] == "Iranian-backed"             # 4 of 5 uses inside a sentence; 2 open one
    assert use.forms["world economic"] == "World Economic" and use.phrases["economic"] == "world economic"
    assert "drone" not in use.forms and "base" not in use.forms      # written as the token is
    weights = {"iranian-backed": 1.0, "economic": 0.8, "drone": 0.6, "US": 0.5}
    label = crafted(weights, phrases={"economic": "world economic"},
                    forms={"iranian-backed": "Iranian-backed", "world economic": "World Economic", "us": "us"})
    assert set(label) >= {"Iranian-backed", "World Economic"}
    assert "NATO" in crafted({"NATO": 1.0, "oil": 0.5, "drone": 0.4}, forms={"nato": "Nato"})   # an acronym stays one


def test_an_acronym_is_not_read_as_the_stop_word_it_spells():
    """"US" was never in a label: the label stop list (lower case) was matched against the lower-cased term, so the
    acronym read as the pronoun "us"; an acronym the tokenizer keeps in capitals is checked as written."""
    assert "US" in crafted({"US": 1.0, "oil": 0.5, "drone": 0.4})
    assert "us" not in crafted({"us": 1.0, "oil": 0.5, "drone": 0.4})       # the pronoun stays out
