import numpy as np
import pytest
import pandas as pd

from analysis.compare.stats import cluster_ci, few_articles, group_ci, mean_ci, too_few, wilson


def test_interval_contains_mean_and_is_deterministic():
    rng = np.random.default_rng(3)
    x = rng.normal(0.3, 1.0, 400)
    a, b = mean_ci(x, seed=1), mean_ci(x, seed=1)
    assert a == b
    assert a["ci_low"] < x.mean() < a["ci_high"]
    assert a["flag"] == "" and a["ci_unit"] == "sentences"
    # a 95% interval of a mean of 400 draws with sd 1 is about ±0.1 wide
    assert 0.15 < a["ci_high"] - a["ci_low"] < 0.25


def test_cluster_bootstrap_is_wider_for_clustered_data():
    rng = np.random.default_rng(0)
    article_effect = np.repeat(rng.normal(0, 1, 20), 20)     # 20 articles, 20 sentences each
    x = article_effect + rng.normal(0, 0.2, 400)
    clusters = np.repeat(np.arange(20), 20)
    naive = mean_ci(x)
    clustered = mean_ci(x, clusters)
    assert clustered["ci_unit"] == "articles" and clustered["n_articles"] == 20
    assert (clustered["ci_high"] - clustered["ci_low"]) > 2 * (naive["ci_high"] - naive["ci_low"])


def test_flags():
    assert mean_ci([])["flag"] == "no data"
    one = mean_ci([0.5])
    assert one["mean"] == 0.5 and np.isnan(one["ci_low"]) and one["flag"] == "fewer than 10 sentences"
    few = mean_ci([0.1, 0.2, 0.4], clusters=["a", "a", "b"], unit="mentions")
    assert few["flag"] == "fewer than 10 mentions; fewer than 5 articles" == f"{too_few('mentions')}; {few_articles()}"
    assert np.isnan(few["ci_low"])                      # fewer than ten observations: no interval claimed
    const = mean_ci([0.3] * 20)
    assert const["ci_low"] == const["ci_high"] == 0.3 and const["flag"] == ""


def test_constant_shares_get_a_wilson_interval_not_a_point():
    none = mean_ci([0.0] * 20)
    assert none["ci_low"] == 0.0 and none["ci_high"] == pytest.approx(0.161, abs=1e-3)   # Wilson, 0 of 20
    assert wilson(0, 20) == (none["ci_low"], none["ci_high"])
    signed = mean_ci([-1.0] * 12, signed=True)
    assert signed["ci_low"] == -1.0 and -1.0 < signed["ci_high"] < -0.4


def test_group_ci_one_row_per_group():
    df = pd.DataFrame({"outlet": ["A"] * 12 + ["B"] * 3, "article_id": list("aaaabbbbcccc") + list("ddd"),
                       "v": np.r_[np.linspace(-1, 1, 12), [0.2, 0.3, 0.4]]})
    out = group_ci(df, "outlet", "v").set_index("outlet")
    assert list(out.index) == ["A", "B"]
    assert out.loc["A", "mean"] == df[df.outlet == "A"].v.mean()
    assert out.loc["B", "n"] == 3 and too_few() in out.loc["B", "flag"]


def test_wilson_bounds_are_exact_at_zero_and_all():
    # a share of 0 must not get a lower bound a rounding error above 0 (it made error bars negative)
    for n in (1, 3, 7, 19, 250, 10_001):
        assert wilson(0, n)[0] == 0.0
        assert wilson(n, n)[1] == 1.0
        lo, hi = wilson(1, n)
        assert 0.0 <= lo <= 1 / n <= hi <= 1.0


def test_cluster_ci_is_mean_ci_from_per_article_sums():
    """One bootstrap: the interval from per-article sums is the clustered interval of the sentences."""
    import numpy as np
    import pandas as pd
    from analysis.compare.stats import cluster_ci, mean_ci
    rng = np.random.default_rng(3)
    articles = np.repeat(np.arange(8), rng.integers(3, 9, 8))
    values = rng.normal(size=len(articles)) + articles * 0.1
    full = mean_ci(values, articles, seed=4)
    sums = pd.DataFrame({"a": articles, "x": values}).groupby("a")["x"].agg(["sum", "size"])
    part = cluster_ci(sums["sum"], sums["size"], len(values), seed=4)
    assert full["ci_unit"] == part["ci_unit"] == "articles"
    assert (full["mean"], full["ci_low"], full["ci_high"]) == pytest.approx((part["mean"], part["ci_low"], part["ci_high"]))


def test_a_caveat_reads_the_same_whatever_the_counts():
    """Flags carry no count (the row's n and n_articles do), so one caveat is one text a report can say once."""
    rng = np.random.default_rng(1)
    one = mean_ci(rng.normal(size=30), clusters=["a"] * 30)
    three = mean_ci(rng.normal(size=30), clusters=list("abc") * 10)
    assert one["flag"] == three["flag"] == few_articles() and one["n_articles"] == 1 and three["n_articles"] == 3


def test_cluster_ci_gives_no_interval_below_the_minimum_count_like_mean_ci():
    out = cluster_ci([1.0, 0.0, 1.0, 0.0, 1.0], [1, 2, 1, 2, 2], n_obs=8)
    assert out["flag"] == too_few() and out["ci_unit"] == "none" and np.isnan(out["ci_low"])
    assert out["mean"] == pytest.approx(3 / 8)
