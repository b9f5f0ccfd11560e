"""Tables that describe an ingested corpus: per source, per removal rule, duplicates, problems."""
from __future__ import annotations

import pandas as pd

from ..schema import DEFAULT_GROUP, POSITIONS, PROSE, REPORT_STATUSES
from .labels import UNKNOWN
from .tables import Corpus
from .voices import voice_shares


def source_summary(corpus: Corpus, by: str = DEFAULT_GROUP, count_copies: bool = False) -> pd.DataFrame:
    """One row per source (or other grouping column): articles (all copies), counted (once copies are grouped;
    every article when ``count_copies``, as in the comparisons), words, sentences, the share of prose in each
    voice, relayed sources."""
    arts = corpus.articles
    sents = corpus.sentences[corpus.sentences["position"].isin(PROSE)]
    shares = pd.concat([sents[["article_id"]], voice_shares(sents)], axis=1).groupby("article_id").mean()
    frame = arts.merge(shares, left_on="article_id", right_index=True, how="left")
    frame["counts"] = True if count_copies else frame["is_primary"]
    table = frame.groupby(by).agg(
        articles=("article_id", "size"),
        counted=("counts", "sum"),
        words=("n_words", "sum"),
        sentences=("n_sentences", "sum"),
        own_share=("own_share", "mean"),
        direct_share=("direct_share", "mean"),
        reported_share=("reported_share", "mean"),
        relayed_sources=("relayed_source", lambda s: ", ".join(sorted(set(s) - {UNKNOWN})) or UNKNOWN),
    )
    table["counted"] = table["counted"].astype(int)
    return table.sort_values(["articles", "words"], ascending=False)


def removal_summary(corpus: Corpus) -> pd.DataFrame:
    """Lines removed per cleaning rule, with how many articles each rule touched and an example line."""
    removed = corpus.removed
    if removed.empty:
        return pd.DataFrame(columns=["lines", "articles", "example"])
    return (removed.groupby("rule")
            .agg(lines=("text", "size"), articles=("article_id", "nunique"), example=("text", "first"))
            .sort_values("lines", ascending=False))


def duplicate_groups(corpus: Corpus) -> pd.DataFrame:
    """Every article that belongs to a group of copies, grouped, primary first."""
    arts = corpus.articles
    multi = arts[arts.groupby("dup_group")["article_id"].transform("size") > 1]
    cols = ["dup_group", "article_id", "source_label", "title", "is_primary", "dup_kind", "dup_similarity", "source_path"]
    return multi.sort_values(["dup_group", "is_primary"], ascending=[True, False])[cols].reset_index(drop=True)


def position_counts(corpus: Corpus, by: str = DEFAULT_GROUP) -> pd.DataFrame:
    """Sentences per source (or other grouping column) and position (headline, subtitle, heading, lead, body)."""
    merged = corpus.sentences.merge(corpus.articles[["article_id", by]], on="article_id")
    table = pd.crosstab(merged[by], merged["position"])
    return table.reindex(columns=[c for c in POSITIONS if c in table.columns], fill_value=0)


def status_counts(corpus: Corpus) -> dict[str, int]:
    """Rows of the ingest report per status; ``warning`` and ``info`` only when there are some."""
    counts = corpus.report["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in REPORT_STATUSES if s in REPORT_STATUSES[:4] or counts.get(s, 0)}
