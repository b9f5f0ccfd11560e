"""Distinctive terms: one term per word whatever its case (shown as it is most often written), and no outlet's
name (its own or another's, nor a grouping value's) counted as a group's distinctive term (issue 19)."""
import pandas as pd

from analysis.compare.keyness import count_terms, group_terms
from analysis.corpus.tokens import Tokenizer


def corpus_of(groups, outlets=None):
    rows, arts = [], []
    for g, texts in groups.items():
        for i, t in enumerate(texts):
            aid = f"{g}{i}"
            arts.append({"article_id": aid, "source_label": g, "outlet": (outlets or {}).get(g, g)})
            rows.append({"article_id": aid, "sentence_id": 0, "position": "body", "text": t})
    return pd.DataFrame(rows), pd.DataFrame(arts)


def test_a_word_in_two_cases_is_one_term_shown_as_most_often_written():
    texts = pd.Series(["COVID-19 cases rose.", "covid-19 deaths fell. COVID-19 again.", "Markets rose."])
    tc = count_terms(texts, pd.Series(["A", "A", "B"]), Tokenizer())
    folded = [t for t in tc.vocab if t.lower() == "covid-19"]
    assert folded == ["COVID-19"]                                      # two uses of COVID-19, one of covid-19
    assert tc.counts[tc.groups.index("A"), list(tc.vocab).index("COVID-19")] == 3


def test_case_folding_keeps_every_count_and_merges_bigrams_too():
    texts = pd.Series(["Covid-19 vaccine works.", "COVID-19 vaccine works.", "covid-19 vaccine works."])
    tc = count_terms(texts, pd.Series(["A", "B", "B"]), Tokenizer(ngram_range=(1, 2)))
    lower = [t.lower() for t in tc.vocab]
    assert len(lower) == len(set(lower)) and "covid-19 vaccine" in lower
    assert tc.counts.sum() == 3 * 5                                     # 3 words and 2 bigrams per text, none lost


def test_another_outlets_name_is_no_groups_distinctive_term():
    # the left outlets keep citing CNN; CNN is an outlet of the corpus, so its name is no word of theirs
    left = ["CNN reported the strike on the depot." for _ in range(10)]
    right = ["Officials defended the strike on the port." for _ in range(10)]
    cnn = ["The strike hit the base." for _ in range(10)]
    sents, arts = corpus_of({"Daily Beast": left, "Breitbart": right, "CNN": cnn})
    out = group_terms(sents, arts, min_count=2, z=None, top=None,
                      names={"Daily Beast": ["Daily Beast"], "Breitbart": ["Breitbart"], "CNN": ["CNN"]})
    assert not any("cnn" in str(t).lower() for t in out[out.group == "Daily Beast"].term)
    assert "depot" in set(out[out.group == "Daily Beast"].term)        # its own words stay


def test_the_grouping_values_and_their_outlets_are_no_terms_of_a_leaning():
    left = ["CNN said Democrats pressed the bill." for _ in range(10)]
    right = ["Breitbart said Republicans blocked the bill." for _ in range(10)]
    sents, arts = corpus_of({"left": left, "right": right})
    arts["leaning"] = arts["source_label"]
    arts["outlet"] = arts["leaning"].map({"left": "CNN", "right": "Breitbart"})
    out = group_terms(sents, arts, by="leaning", min_count=2, z=None, top=None,
                      names={"left": ["CNN"], "right": ["Breitbart"]})
    terms = {g: set(out[out.group == g].term.dropna().str.lower()) for g in ("left", "right")}
    assert not any("cnn" in t or "breitbart" in t for ts in terms.values() for t in ts)
    assert "democrats" in terms["left"] and "republicans" in terms["right"]


def test_a_study_names_the_outlets_of_each_group_whatever_it_groups_by():
    from analysis.corpus.labels import group_names
    from analysis.corpus.metadata import Sources
    arts = pd.DataFrame({"article_id": ["a", "b"], "source_label": ["CNN", "Fox News"],
                         "outlet": ["CNN", "Fox News"], "leaning": ["left", "right"]})
    sources = Sources(outlets={"fox": "Fox News"}, agencies={}, domains={})
    assert group_names(arts, sources, by=["leaning"]) == {"left": ["CNN"], "right": ["Fox News", "fox"]}
