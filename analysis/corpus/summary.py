"""Tables that describe an ingested corpus: per outlet, per removal rule, duplicates, problems."""
from __future__ import annotations

import pandas as pd

from .ingest import Corpus


def outlet_summary(corpus: Corpus) -> pd.DataFrame:
    """One row per outlet: articles (all copies and counted once), words, sentences, quoted share, relayed sources."""
    arts = corpus.articles
    sents = corpus.sentences[corpus.sentences["position"].isin(["lead", "body"])]
    quoted = sents.groupby("article_id")["in_quote"].mean().rename("quoted")
    frame = arts.merge(quoted, left_on="article_id", right_index=True, how="left")
    table = frame.groupby("outlet").agg(
        articles=("article_id", "size"),
        counted=("is_primary", "sum"),
        words=("n_words", "sum"),
        sentences=("n_sentences", "sum"),
        quoted_share=("quoted", "mean"),
        relayed_sources=("relayed_source", lambda s: ", ".join(sorted(set(s) - {"unknown"})) or "none named"),
    )
    table["counted"] = table["counted"].astype(int)
    table["quoted_share"] = table["quoted_share"].round(2)
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
    cols = ["dup_group", "article_id", "outlet", "title", "is_primary", "dup_kind", "dup_similarity", "source_path"]
    return multi.sort_values(["dup_group", "is_primary"], ascending=[True, False])[cols].reset_index(drop=True)


def position_counts(corpus: Corpus) -> pd.DataFrame:
    """Sentences per outlet and position (headline, subtitle, heading, lead, body)."""
    merged = corpus.sentences.merge(corpus.articles[["article_id", "outlet"]], on="article_id")
    order = ["headline", "subtitle", "heading", "lead", "body"]
    table = pd.crosstab(merged["outlet"], merged["position"])
    return table.reindex(columns=[c for c in order if c in table.columns], fill_value=0)


def status_counts(corpus: Corpus) -> dict[str, int]:
    counts = corpus.report["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in ("ok", "duplicate", "skipped", "error")}
