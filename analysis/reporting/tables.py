"""The report tables, one list: each name is one table, whoever writes it.

>>> study.table("salience")                     # what report 04 shows and writes as tables/salience.csv  # doctest: +SKIP
>>> export_tables(study, "out")                 # every table of this list as out/NAME.csv               # doctest: +SKIP

:data:`REPORT_TABLES` maps a name to a function of the study returning the
table.  The notebooks show a listed table with ``study.table(name)``
(``page.table(study.table("voices"), "voices")``) and ``export`` writes the
same list, so ``voices.csv`` holds the same table wherever it was written
(a test reads the notebooks and checks every listed name comes from here).
Tables a report builds for one row of another (``evidence_<frame>``) are the
notebook's own.  To add a table: one line here, then show it with
``study.table(name)``.
"""
from __future__ import annotations

from typing import Callable

import pandas as pd



def _quotes(study) -> pd.DataFrame:
    q = study.quotes()
    first = [*study.by, "article_id", "sentence_id", "speaker", "actor", "verb", "direct", "text"]
    q = q.merge(study.articles[["article_id", *study.by]], on="article_id")
    return q[[*first, *(c for c in q.columns if c not in first)]]


def _removed(study) -> pd.DataFrame:
    r = study.corpus.removed.merge(study.articles[["article_id", "source_label"]], on="article_id")
    first = ["source_label", "article_id", "line_no", "rule", "text"]
    return r[[*first, *(c for c in r.columns if c not in first)]]


def _codebook(study) -> pd.DataFrame:
    return study.frames[study.frames["lexicon"] == study.lexicon].drop(columns="lexicon").reset_index(drop=True)


def _policy(study) -> pd.DataFrame:
    return study.salience(lexicon="policy") if "policy" in set(study.frames["lexicon"]) else pd.DataFrame()


def _sources(study) -> pd.DataFrame:
    from ..corpus import summary
    return summary.source_summary(study.corpus, study.by[0], study.settings.compare.count_copies).reset_index()


REPORT_TABLES: dict[str, Callable[..., pd.DataFrame]] = {
    # the corpus
    "articles": lambda s: s.articles.drop(columns=["text"]),
    "ingest_report": lambda s: s.corpus.report,
    "removed": _removed,
    "sentences": lambda s: s.sentences,
    "sources": _sources,
    # measures as stored (one row per sentence, mention, match or article)
    "sentiment_sentences": lambda s: s.measure("sentiment"),
    "actor_mentions": lambda s: s.measure("actor_mentions"),
    "frame_matches": lambda s: s.measure("frame_matches"),
    "frame_salience_articles": lambda s: s.measure("frame_salience"),
    # comparisons the reports show
    "frames_codebook": _codebook,
    "salience": lambda s: s.salience(),
    "salience_weighted": lambda s: s.salience(weighted=True),
    "salience_by_voice": lambda s: s.salience(by_voice=True),
    "salience_policy": _policy,
    "axis": lambda s: s.axis(),
    "axis_articles": lambda s: s.axis(per_article=True),
    "sentiment": lambda s: s.sentiment(),
    "sentiment_by_voice": lambda s: s.sentiment(by_voice=True),
    "sentiment_by_position": lambda s: s.sentiment(by_position=True, positions=("headline", "lead", "body")),
    "sentiment_articles": lambda s: s.article_sentiment(),
    "actor_sentiment": lambda s: s.actor_sentiment(),
    "terms": lambda s: s.terms(top=10),
    "terms_all": lambda s: s.terms(top=None),
    "voices": lambda s: s.voices(),
    "quotes": _quotes,
    "topics": lambda s: s.topics().terms.groupby(["topic", "label"])["term"].agg(", ".join).rename("top terms")
    .reset_index(),
    "topics_terms": lambda s: s.topics().terms,
    "topics_choice": lambda s: s.topics().choice,
    "topic_prevalence": lambda s: s.prevalence(),
    "facts": lambda s: s.facts(),
    "fact_blind_spots": lambda s: s.blind_spots(),
    "fact_coverage": lambda s: s.fact_coverage(),
}


def report_table(study, name: str) -> pd.DataFrame:
    """The report table ``name`` of ``study`` (a ``KeyError`` listing the names when it is not one)."""
    try:
        make = REPORT_TABLES[name]
    except KeyError:
        raise KeyError(f"no report table {name!r}; tables: {', '.join(REPORT_TABLES)}") from None
    return make(study)
