"""Facts across outlets: sentences stating one fact grouped per event, each group's blind spots, and the prose."""
import json

import pandas as pd
import pytest

from analysis.compare.facts import blind_spots, fact_coverage, fact_matrix, fact_table
from analysis.corpus import build_corpus
from analysis.measures.facts import DISAGREE, Claims, FactClusterer, fact_clusters
from analysis.reporting import findings

# One story (a strike in Baghdad, a demand that the coalition leave) told by four outlets, and a second event
# told by two.  Every outlet names the prime minister and the coalition in most sentences, as real coverage does.
STRIKE = "strike"
ARTICLES = [
    ("Alpha News", STRIKE, "Drone strike in Baghdad kills militia commander Abu Taqwa", [
        "Iraqi Prime Minister Mohammed Shia al-Sudani demanded on Friday that the US-led coalition leave Iraq.",
        "Sudani said the reasons for the coalition's presence in Iraq had ended. "
        "The Pentagon said militias have attacked American troops 130 times since October.",
        "Sudani met Secretary of State Antony Blinken in Davos on Tuesday.",
        "Sudani called the strike a violation of Iraq's sovereignty.",
    ]),
    ("Beta Daily", STRIKE, "Iraq's leader wants foreign troops out", [
        "Prime Minister Mohammed Shia al-Sudani called on Friday for the US-led coalition to leave Iraq.",
        "According to the Pentagon, there have been more than 130 attacks on US forces since mid-October.",
        "Sudani said the coalition's mission in Iraq had ended because Islamic State was defeated.",
        "The coalition has about 2,500 American troops in Iraq.",
        "A US drone strike in Baghdad earlier this month killed Abu Taqwa, a commander of the Harakat "
        "al-Nujaba militia.",
    ]),
    ("Gamma Post", STRIKE, "Sudani sets out plan to end coalition mission", [
        "Iraq's prime minister Mohammed Shia al-Sudani wants the US-led coalition to leave the country.",
        "There are about 2,500 US troops in Iraq as part of the coalition.",
        "The US drone strike that killed the militia commander Abu Taqwa in Baghdad angered Iraqi officials.",
        "Sudani said Iraqi forces could secure the country on their own.",
    ]),
    ("Delta Wire", STRIKE, "Coalition told to go", [
        "Mohammed Shia al-Sudani, Iraq's prime minister, said on Friday that the US-led coalition must leave Iraq.",
        "Roughly 2,500 American troops are deployed in Iraq with the coalition.",
        "A drone strike in Baghdad killed militia commander Abu Taqwa, the Pentagon said.",
        "Sudani's government relies on the support of parties aligned with Iran.",
    ]),
    ("Alpha News", "bridge", "The North Bridge closes for repairs", [
        "The city council closed the North Bridge on Monday after inspectors found cracks in its deck.",
        "Repairs will take six months and cost 40 million dollars.",
    ]),
    ("Beta Daily", "bridge", "Cracks shut the North Bridge", [
        "Inspectors found cracks in the deck of the North Bridge, and the council shut it on Monday.",
        "Commuters face long detours.",
    ]),
]


def _write(folder, articles):
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "articles.jsonl", "w", encoding="utf-8") as fh:
        for i, (outlet, event, title, paragraphs) in enumerate(articles):
            fh.write(json.dumps({"id": f"a{i}", "outlet": outlet, "event": event, "title": title,
                                 "text": "\n\n".join(paragraphs)}) + "\n")
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build_corpus(_write(tmp_path_factory.mktemp("facts") / "articles", ARTICLES))


@pytest.fixture(scope="module")
def facts(corpus):
    return fact_clusters(corpus.sentences, corpus.counted(), "event")


def _fact_of(facts, corpus, outlet, words):
    s = facts.merge(corpus.sentences[["article_id", "sentence_id", "text"]], on=["article_id", "sentence_id"])
    s = s.merge(corpus.articles[["article_id", "outlet"]], on="article_id")
    hit = s[(s["outlet"] == outlet) & s["text"].str.contains(words, regex=False)]
    assert len(hit) == 1, (outlet, words, hit)
    return hit.iloc[0]


def test_a_fact_told_in_other_words_by_two_outlets_is_one_cluster(facts, corpus):
    a = _fact_of(facts, corpus, "Alpha News", "130 times")
    b = _fact_of(facts, corpus, "Beta Daily", "more than 130 attacks")
    assert a["fact_id"] == b["fact_id"]
    troops = {_fact_of(facts, corpus, o, w)["fact_id"] for o, w in [
        ("Beta Daily", "about 2,500 American"), ("Gamma Post", "about 2,500 US"), ("Delta Wire", "Roughly 2,500")]}
    assert len(troops) == 1


def test_two_different_facts_that_share_names_are_not_one(facts, corpus):
    met = _fact_of(facts, corpus, "Alpha News", "met Secretary of State")
    leave = _fact_of(facts, corpus, "Beta Daily", "called on Friday")
    ended = _fact_of(facts, corpus, "Beta Daily", "mission in Iraq had ended")
    own = _fact_of(facts, corpus, "Gamma Post", "secure the country")
    assert len({met["fact_id"], leave["fact_id"], ended["fact_id"], own["fact_id"]}) == 4
    # and facts of different events never share a cluster, however alike their words
    assert facts.groupby("fact_id")["event"].nunique().max() == 1


def test_each_cluster_is_labelled_by_one_of_its_sentences(facts, corpus):
    text = facts.merge(corpus.sentences[["article_id", "sentence_id", "text"]], on=["article_id", "sentence_id"])
    assert (text.groupby("fact_id")["central"].sum() == 1).all()
    central = text[text["central"]]
    assert (central["label"] == central["text"]).all()
    assert list(facts.columns[:5]) == ["fact_id", "event", "article_id", "sentence_id", "position"]


def test_headline_in_one_outlet_and_last_paragraph_in_another_keeps_both_positions(facts, corpus):
    table = fact_table(facts, corpus.sentences, corpus.counted(), by="source_label")
    strike = _fact_of(facts, corpus, "Alpha News", "kills militia commander")["fact_id"]
    rows = table[table["fact_id"] == strike].set_index("source_label")
    assert rows.loc["Alpha News", "position"] == "headline"
    assert rows.loc["Beta Daily", "position"] == "body"
    assert "Abu Taqwa" in rows.loc["Beta Daily", "evidence"]
    matrix = fact_matrix(table)
    cells = matrix.xs(strike, level="fact_id").iloc[0]
    assert cells["Alpha News"] == "headline" and cells["Beta Daily"] == "body"


def test_thresholds_move_the_clusters(corpus):
    texts = ["The Pentagon counted 130 attacks on US troops since October.",
             "Militias attacked American forces 130 times since October, the Pentagon said."]
    assert len(set(FactClusterer(threshold=0.2).fit_predict(texts))) == 1
    assert len(set(FactClusterer(threshold=0.95).fit_predict(texts))) == 2
    assert FactClusterer().fit_predict(["He said so.", texts[0]])[0] == -1      # no checkable statement


@pytest.fixture(scope="module")
def spots(facts, corpus):
    table = fact_table(facts, corpus.sentences, corpus.counted(), by="source_label")
    spots = blind_spots(table, facts, corpus.counted(), by="source_label")
    return table, spots, fact_coverage(table, spots, facts, corpus.counted(), by="source_label")


def test_blind_spots_are_facts_most_others_carry(spots, facts, corpus):
    table, spots, coverage = spots
    troops = _fact_of(facts, corpus, "Beta Daily", "about 2,500 American")["fact_id"]
    alpha = spots[(spots["source_label"] == "Alpha News") & (spots["kind"] == "blind spot")]
    assert troops in set(alpha["fact_id"])
    row = alpha.set_index("fact_id").loc[troops]
    assert (row["carried_by"], row["others"]) == (3, 3)
    assert "Gamma Post (body)" in row["evidence"] and "2,500" in row["evidence"]
    # the strike is carried by all four: nobody's blind spot; Davos is Alpha's alone
    strike = _fact_of(facts, corpus, "Alpha News", "kills militia commander")["fact_id"]
    assert strike not in set(spots["fact_id"])
    davos = _fact_of(facts, corpus, "Alpha News", "Davos")["fact_id"]
    only = spots[(spots["fact_id"] == davos)]
    assert list(only["kind"]) == ["only here"] and list(only["source_label"]) == ["Alpha News"]
    # Beta and Gamma both carry the troops figure, so for neither is it a blind spot
    assert not ((spots["fact_id"] == troops) & spots["source_label"].isin(["Beta Daily", "Gamma Post"])).any()


def test_coverage_too_thin_is_said_not_judged(tmp_path):
    two = [a for a in ARTICLES if a[1] == "bridge"]
    c = build_corpus(_write(tmp_path / "two", two))
    f = fact_clusters(c.sentences, c.counted(), "event")
    table = fact_table(f, c.sentences, c.counted(), by="source_label")
    s = blind_spots(table, f, c.counted(), by="source_label")
    cov = fact_coverage(table, s, f, c.counted(), by="source_label")
    assert cov["thin"].all() and (s["kind"] != "blind spot").all()
    text = findings.fact_blind_spots(cov, s, by=["source_label"])
    assert "Alpha News" in text and "nothing is claimed" in text and "2 other" in text
    assert "2 other outlets or more" in cov["reason"].iloc[0]           # the groups by the study's word for them


def _entry(text: str, group: str) -> str:
    """A group's bullet with the bullets nested under it."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"- **{group}**"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("- ")), len(lines))
    return "\n".join(lines[start:end])


def test_prose_names_blind_spots_with_evidence_and_follows_the_numbers(spots):
    table, s, cov = spots
    text = findings.fact_blind_spots(cov, s, by=["source_label"])
    alpha = _entry(text, "Alpha News")
    assert "2,500" in alpha and "leaves out" in alpha and "3 of the 3 other" in alpha
    n_alpha = int(cov.set_index("source_label").loc["Alpha News", "blind_spots"])
    assert f"leaves out {n_alpha} fact" in alpha
    fewer = s[~((s["source_label"] == "Alpha News") & s["label"].str.contains("2,500"))]
    cov2 = cov.copy()
    cov2.loc[cov2["source_label"] == "Alpha News", "blind_spots"] = n_alpha - 1
    changed = findings.fact_blind_spots(cov2, fewer, by=["source_label"])
    assert changed != text and "2,500" not in _entry(changed, "Alpha News")


def test_copies_of_one_story_count_once(tmp_path):
    wire = ("Reuters", STRIKE, "Coalition told to go", ARTICLES[3][3])
    copy = ("Epsilon Mirror", STRIKE, "Coalition told to go", ARTICLES[3][3])
    c = build_corpus(_write(tmp_path / "copies", [ARTICLES[0], wire, copy]))
    once = fact_clusters(c.sentences, c.counted(False), "event")
    every = fact_clusters(c.sentences, c.counted(True), "event")
    assert once["article_id"].nunique() == 2 and every["article_id"].nunique() == 3


def test_the_study_hands_off_to_the_table(tmp_path):
    from analysis import open_study
    folder = _write(tmp_path / "study", ARTICLES)
    study = open_study(folder, event="event", cache_dir=tmp_path / "cache")
    table = study.facts()
    assert {"fact_id", "source_label", "position", "evidence"} <= set(table.columns)
    assert set(study.measure("facts")["event"]) == {"strike", "bridge"}
    assert set(study.fact_coverage()["source_label"]) == {"Alpha News", "Beta Daily", "Gamma Post", "Delta Wire"}
    whole = open_study(folder, cache_dir=tmp_path / "cache2").measure("facts")
    assert set(whole["event"]) == {"(all)"}


def test_the_matrix_figure_marks_each_position(facts, corpus):
    from analysis.reporting import plots
    table = fact_table(facts, corpus.sentences, corpus.counted(), by="source_label")
    matrix = fact_matrix(table, min_groups=2)
    fig = plots.fact_matrix(matrix, title="facts")
    ax = fig.axes[0]
    drawn = [line for line in ax.get_lines() if line.get_marker() in ("s", "D", "^", "o") and len(line.get_xdata())]
    cells = int((matrix != "").to_numpy().sum())
    assert len(drawn) == cells > 0            # one mark per stated cell (the legend draws its own)
    assert sum(line.get_marker() == "s" for line in drawn) == int((matrix == "headline").to_numpy().sum())
    assert len(ax.get_yticklabels()) == len(matrix)


def test_pair_scores_count_cross_article_pairs_only():
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from facts import pair_scores

    sheet = pd.DataFrame({
        "event": ["e"] * 6,
        "article": ["a", "a", "b", "b", "c", "c"],
        "fact": ["x", "x", "x", "y", "y", "none"],
        "pred": [1, 1, 1, 2, 1, 1],
    })
    s = pair_scores(sheet)
    # coder's cross-article same-fact pairs: a0-b2, a1-b2 (x), b3-c4 (y) = 3; package's: a0-b2, a1-b2, a0-c4,
    # a1-c4, b2-c4 (cluster 1) = 5, of which 2 are right; the "none" sentence is not scored
    assert (s["pairs"], s["predicted_pairs"]) == (3, 5)
    assert s["precision"] == 0.4 and s["recall"] == round(2 / 3, 4)
    assert s["sentences"] == 5


def _paraphrased_event(n_facts: int, per_fact: int, seed: int = 0):
    """An event of ``n_facts`` facts each told in ``per_fact`` distinct sentences: five of the fact's twelve
    words and two of thirty words every fact uses (they chain the facts into one connected group)."""
    import random
    import string

    import numpy as np

    rng = random.Random(seed)
    word = lambda: "".join(rng.choice(string.ascii_lowercase) for _ in range(8))      # noqa: E731
    facts, shared = [[word() for _ in range(12)] for _ in range(n_facts)], [word() for _ in range(30)]
    texts, truth = [], []
    while len(texts) < n_facts * per_fact:
        k = len(texts) % n_facts
        text = " ".join(rng.sample(facts[k], 5) + rng.sample(shared, 2)).capitalize() + "."
        if text not in texts:
            texts.append(text)
            truth.append(k)
    return texts, np.array(truth)


def test_a_component_too_large_for_one_linkage_is_cut_in_graph_order_and_joined_again(monkeypatch):
    """Thousands of articles with no event column chain into one component; its average linkage would hold
    n^2 / 2 distances. Above max_linkage statements it is cut in pieces in graph order, each piece linked, and the
    pieces' clusters joined again: each fact of an event many times larger than max_linkage, each fact itself
    larger, is one cluster (raising the threshold instead shattered such an event into 1,847 facts)."""
    import numpy as np
    from scipy.sparse.csgraph import connected_components

    from analysis.measures import facts as facts_module

    texts, truth = _paraphrased_event(25, 120)
    clusterer = FactClusterer(max_linkage=50)
    x, _ = clusterer.vectors(texts)
    assert connected_components(clusterer.graph(x), directed=False)[0] == 1        # one chained component
    linked = []
    real = FactClusterer._link

    def spy(self, sub, members, *args, **kwargs):
        linked.append(len(members))
        return real(self, sub, members, *args, **kwargs)
    monkeypatch.setattr(FactClusterer, "_link", spy)
    labels = clusterer.fit_predict(texts)
    assert linked and max(linked) <= 50                    # no linkage (nor block) over more than 50 statements
    assert len(set(labels)) == 25
    assert all(len(set(labels[truth == k])) == 1 for k in range(25))              # each fact one cluster
    cent = clusterer.centrality_
    sim = (x @ x.T).toarray()
    for k in (0, 7):                                       # centrality: mean similarity to the rest of the fact
        m = truth == k
        assert np.allclose(cent[m], (sim[np.ix_(m, m)].sum(axis=1) - np.diag(sim)[m]) / (m.sum() - 1))
    assert clusterer.central_.sum() == 25


def test_small_components_are_untouched_by_the_limit():
    """Under max_linkage (every event of the study corpora) a component is one average linkage, as before."""
    texts = [f"The militia fired {n} rockets at the base near Erbil on Tuesday, officials said." for n in range(12)]
    texts += [f"Oil exports from Basra rose to {n} million barrels in January, the ministry said." for n in range(12)]
    whole = FactClusterer().fit_predict(texts)
    assert (FactClusterer(max_linkage=24).fit_predict(texts) == whole).all()
    assert not (FactClusterer(max_linkage=5).fit_predict(texts) == whole).all()    # cut: another method


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_repeated_sentences_and_fast_paths_cluster_as_one_average_linkage_of_every_statement(seed):
    """The graph is built over distinct sentences (a repeated one counted as often as it occurs) and a component
    whose pairs all reach the threshold skips the linkage: the clusters are still those of one average linkage of
    every statement cut at the threshold (what the method means when an event is smaller than MAX_LINKAGE)."""
    import random

    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage

    rng = random.Random(seed)
    names = ["Sudani", "Blinken", "Pentagon", "Nujaba", "Erbil", "Basra", "Davos", "Tehran"]
    words = ["troops", "strike", "coalition", "oil", "exports", "drone", "base", "rockets", "talks", "leave",
             "ministry", "militia", "attack", "bridge", "council", "repairs"]
    pool = [f"The {rng.choice(words)} near {rng.choice(names)} hit {rng.randint(1, 400)} "
            f"{' '.join(rng.sample(words, rng.randint(1, 5)))} said {rng.choice(names)}." for _ in range(40)]
    texts = [rng.choice(pool) for _ in range(160)] + ["He said so.", "Yes."]      # repeats; two left out
    positions = [rng.choice(["headline", "lead", "body"]) for _ in texts]
    got = FactClusterer().fit(texts, positions)

    x, keep = FactClusterer().vectors(texts)
    sim = (x[keep] @ x[keep].T).toarray()
    np.fill_diagonal(sim, 1.0)
    kept = np.array(texts, dtype=object)[keep]
    differ = Claims.of(kept, [FactClusterer().quantities(t) for t in kept]).block()     # "hit 12" vs "hit 300"
    sim[differ & (kept[:, None] != kept[None, :])] = DISAGREE
    assert differ.any()
    dist = np.clip(1.0 - sim, 0.0, None)
    want = fcluster(linkage(dist[np.triu_indices(len(dist), k=1)], method="average"),
                    t=1.0 - FactClusterer().threshold + 1e-9, criterion="distance")
    assert (got.labels_[~keep] == -1).all()
    same_got = got.labels_[keep][:, None] == got.labels_[keep][None, :]
    assert (same_got == (want[:, None] == want[None, :])).all()
    assert len(set(want)) > 1 and same_got.sum() > keep.sum()               # neither one cluster nor all alone
    for k in set(want):
        m = want == k
        expect = (sim[np.ix_(m, m)].sum(axis=1) - 1.0) / max(m.sum() - 1, 1) if m.sum() > 1 else np.ones(1)
        assert np.allclose(got.centrality_[keep][m], expect)
        assert got.central_[keep][m].sum() == 1


def test_claims_are_read_once_per_distinct_sentence_and_each_distinct_pair_checked_once(monkeypatch):
    """Syndicated copies repeat sentences word for word: their quantities are read once per distinct sentence,
    and the linkage checks each pair of distinct sentences' claims once, however many copies each has."""
    texts = ["Militias attacked troops near Erbil 130 times, the Pentagon said.",
             "Militias attacked troops near Erbil 150 times, the Pentagon said.",
             "Militias attacked troops near Erbil 130 times since October, the Pentagon said."] * 4
    read, checked = [], []
    quantities, differ = FactClusterer.quantities, Claims._numbers_differ
    monkeypatch.setattr(FactClusterer, "quantities", lambda self, t: read.append(t) or quantities(self, t))
    monkeypatch.setattr(Claims, "_numbers_differ", lambda self, a, b: checked.append((a, b)) or differ(self, a, b))
    labels = FactClusterer().fit_predict(texts)
    assert sorted(read) == sorted(set(texts))
    assert len(checked) <= 2 * 3            # 3 distinct pairs, by the graph and by the linkage (not 66 copies' pairs)
    assert labels[0] == labels[2] != labels[1] and (labels[:3] == labels[3:6]).all()


def test_a_term_in_more_sentences_than_the_cap_proposes_no_pairs_but_still_counts():
    """The similarity graph is blocked: only a term at most MAX_TERM_ROWS distinct sentences carry proposes a pair
    to compare. Under the cap the graph is the exhaustive product's; over it, pairs sharing only the common term
    are gone, and the pairs compared keep their whole similarity (common terms included)."""
    import numpy as np

    texts = [f"Officials in Basra said {n} tankers left the harbour {w}." for n, w in
             [(130, "quickly"), (130, "slowly"), (7, "today"), (9, "tonight"), (11, "again")]]
    clusterer = FactClusterer(threshold=0.01)
    x, keep = clusterer.vectors(texts)
    full = (x @ x.T).toarray()
    assert np.allclose(np.triu(full), clusterer.graph(x).toarray())                 # 5 rows: under the cap

    clusterer.set_params(max_term_rows=2,        # "Basra", "tankers", ... are in all five
                         bucket_window=1)        # and their MinHash buckets propose nothing
    blocked = clusterer.graph(x).toarray()
    assert blocked[0, 1] == pytest.approx(full[0, 1])            # "130" (two rows) proposes the pair, all terms count
    assert full[0, 1] > full[2, 3] > 0.01                        # 2 and 3 share only common terms ...
    assert blocked[2, 3] == 0 and blocked[0, 2] == 0             # ... so they are never compared
    assert np.allclose(np.diag(blocked), 1.0)
    clusterer.set_params(bucket_window=5)        # buckets of common terms: some pairs come back
    bucketed = clusterer.graph(x).toarray()
    assert (bucketed[np.triu_indices(5, 1)] > 0).sum() > (blocked[np.triu_indices(5, 1)] > 0).sum()
    assert np.allclose(bucketed[bucketed > 0], np.triu(full)[bucketed > 0])


def test_a_common_terms_minhash_buckets_pair_each_sentence_with_a_bounded_number_of_others():
    """A term in more sentences than MAX_TERM_ROWS proposes only pairs within its MinHash buckets, each sentence
    paired with at most BUCKET_WINDOW - 1 others per bucket: the pairs grow linearly with the sentences, and
    sentences with the same terms (one bucket whatever the permutation) are still paired."""
    import numpy as np

    clusterer = FactClusterer(max_term_rows=10, bucket_window=3)   # each sentence with the next two of its bucket
    texts = [f"Officials said {n} tankers left Basra harbour carrying crude number {n}." for n in range(300)]
    texts += ["Officials said the Pentagon confirmed the Basra harbour strike."] * 2       # same terms twice
    x, _ = clusterer.vectors(texts)
    df = np.bincount(x.indices, minlength=x.shape[1])
    common = df[x.indices] > 10
    pairs = [(i, j) for a, b in clusterer._bucket_pairs(x, common) for i, j in zip(a, b)]
    assert all(i < j for i, j in pairs)
    assert 0 < len(pairs) <= common.sum() * clusterer.minhashes * 2 < len(texts) * (len(texts) - 1) / 2
    assert (300, 301) in pairs


def test_each_sentence_keeps_its_most_similar_pairs_and_a_fact_stays_connected():
    """A fact stated in thousands of paraphrases would store the square of its size in pairs: each sentence keeps
    its MAX_NEIGHBOURS most similar later sentences (and itself), and a group of mutual paraphrases stays one
    connected group, clustered as before."""
    import numpy as np


    texts = [f"The militia fired {n} rockets at the Erbil base on Tuesday, officials said." for n in range(30)]
    texts += [f"Oil exports from Basra rose to {n} million barrels in January, the ministry said." for n in range(30)]
    whole = FactClusterer().fit_predict(texts)
    full = FactClusterer().graph(FactClusterer().vectors(texts)[0])
    kept = FactClusterer(max_neighbours=3).graph(FactClusterer().vectors(texts)[0])
    assert np.bincount(full.nonzero()[0]).max() > 4 and np.bincount(kept.nonzero()[0]).max() <= 4
    assert np.allclose(kept.diagonal(), full.diagonal())
    strongest = full.toarray()[0, 1:]
    assert set(kept[0].nonzero()[1]) - {0} == set(np.argsort(-strongest, kind="stable")[:3] + 1)
    assert (FactClusterer(max_neighbours=3).fit_predict(texts) == whole).all()


def test_a_blind_spot_stated_by_many_names_the_first_few_and_counts_the_rest(spots):
    table, s, cov = spots
    many = s.copy()
    where = "; ".join(f"Outlet {i} (body)" for i in range(30))
    many.loc[many["kind"] == "blind spot", "where"] = where
    text = findings.fact_blind_spots(cov, many, by=["source_label"]).replace("\\", "")     # Markdown escapes
    assert "Outlet 4 (body); 25 more)" in text and "Outlet 5 (body)" not in text
    six = "; ".join(f"Outlet {i} (body)" for i in range(6))      # one more than shown: named, not counted
    many.loc[many["kind"] == "blind spot", "where"] = six
    assert "Outlet 5 (body))" in findings.fact_blind_spots(cov, many, by=["source_label"]).replace("\\", "")


def test_terms_read_each_token_once_and_again_after_new_stop_words():
    """Issue 21: a token's parts are remembered per clusterer; new stop words start the memory afresh."""
    from analysis.measures.facts import FactClusterer

    c = FactClusterer()
    text = "Iran-backed militias and the US fired 130 rockets, militias said"
    first = c.terms(text)
    assert first == c.terms(text)
    assert first["US"] == "name" and first["130"] == "number" and first["iran"] == "word" and "militia" in first
    c.set_params(stop_words=frozenset({"militias"}))
    assert "militia" not in c.terms(text) and c.terms(text)["US"] == "name"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_support_is_each_rows_mean_similarity_to_its_clusters_rows_of_other_articles(seed):
    """:func:`_support` from sums of vectors (entry by entry) equals the mean of the cosines, pair by pair."""
    import numpy as np
    from scipy import sparse

    from analysis.measures.facts import _support

    rng = np.random.default_rng(seed)
    n = 40
    x = sparse.random(n, 25, density=0.2, random_state=seed, format="csr")
    x = sparse.diags(1.0 / np.maximum(np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel()), 1e-12)) @ x
    labels, articles = rng.integers(0, 5, n), rng.integers(0, 8, n)
    dense = x.toarray()
    want = np.full(n, np.nan)
    for r in range(n):
        others = [k for k in range(n) if labels[k] == labels[r] and articles[k] != articles[r]]
        if others:
            want[r] = np.mean([dense[r] @ dense[k] for k in others])
    got = _support(sparse.csr_matrix(x), labels, articles)
    assert not np.isnan(want).all()
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
