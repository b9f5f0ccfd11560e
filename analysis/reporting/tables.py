"""The report tables, one list: each name is one table, whoever writes it.

>>> study.table("salience")                     # what report 04 shows and writes as tables/salience.csv  # doctest: +SKIP
>>> export_tables(study, "out")                 # every table of this list as out/NAME.csv               # doctest: +SKIP

:data:`REPORT_TABLES` maps a name to a function of the study returning the
table.  The notebooks show a listed table with ``study.table(name)``
(``page.table(study.table("voices"), "voices")``) and ``export`` writes the
same list, so ``voices.csv`` holds the same table wherever it was written
(a test reads the notebooks and checks every listed name comes from here).
Tables a report shows once per row of another (``evidence_<row>``,
``topic_<k>_units``, ``actor_evidence_<row>``, ``validity_<method>``) are exported as one long table
each (:data:`FAMILIES`); every other table a report shows has its name here,
so ``export`` writes every table the reports show.  To add a table: one line
here, then show it with ``study.table(name)``.
"""
from __future__ import annotations

from typing import Callable

import pandas as pd

from ..compare.sentiment import labelled
from ..errors import check_choice

EMPTY_BECAUSE = "empty_because"     # a table's attrs key: why a study cannot have its rows (see :func:`_none`)


def _none(columns, why: str) -> pd.DataFrame:
    """A table the study cannot have (no coded sheet, no event column): no rows, its header, and ``why`` in its
    ``attrs`` (:data:`EMPTY_BECAUSE`), so that ``export`` writes the header and says why the table is empty."""
    frame = pd.DataFrame(columns=list(columns))
    frame.attrs[EMPTY_BECAUSE] = why
    return frame


def _no_sheet(study, columns) -> pd.DataFrame:
    return _none(columns, "the study names no coded frame sheet ([coding] frames)")


def _quotes(study) -> pd.DataFrame:
    q = study.quotes()
    first = [*study.by, "article_id", "sentence_id", "speaker", "actor", "verb", "direct", "text"]
    q = q.merge(study.articles[["article_id", *study.by]], on="article_id")
    q.insert(int(q.columns.get_loc("actor")) + 1, "actor_label", labelled(q["actor"], study.actor_labels))
    first.insert(first.index("actor") + 1, "actor_label")
    return q[[*first, *(c for c in q.columns if c not in first)]]


def _with_rule_names(study, table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with a ``rule_name`` column (the rule in words, from the rules files' ``[names]``) before ``rule``."""
    from ..corpus.clean import rule_name
    if "rule" not in table.columns:
        return table
    table = table.copy()
    names = [rule_name(r, study.rule_names) for r in table["rule"]]
    table.insert(int(table.columns.get_loc("rule")), "rule_name", names)
    return table


def _removed(study) -> pd.DataFrame:
    r = _with_rule_names(study, study.corpus.removed.merge(study.articles[["article_id", "source_label"]],
                                                           on="article_id"))
    first = ["source_label", "article_id", "line_no", "rule_name", "rule", "text"]
    return r[[*first, *(c for c in r.columns if c not in first)]]


def _codebook(study) -> pd.DataFrame:
    return study.frames[study.frames["lexicon"] == study.lexicon].drop(columns="lexicon").reset_index(drop=True)


def _policy(study) -> pd.DataFrame:
    if "policy" in set(study.frames["lexicon"]):
        return study.salience(lexicon="policy")
    from ..schema import CI_COLUMNS
    return _none([*study.by, "frame", "label", *CI_COLUMNS, "evidence_sentences"],
                 "the study's lexicons leave out the Policy Frames Codebook ('policy')")


def _sources(study) -> pd.DataFrame:
    from ..corpus import summary
    return summary.source_summary(study.corpus, study.by[0], study.settings.compare.count_copies).reset_index()


def _voice_mix(study) -> pd.DataFrame:
    from ..corpus import summary
    shares = summary.source_summary(study.corpus, study.by[0])[["own_share", "direct_share", "reported_share"]]
    return shares.round(2).reset_index()


def _positions(study) -> pd.DataFrame:
    from ..corpus import summary
    return summary.position_counts(study.corpus, study.by[0]).reset_index()


def _removed_by_rule(study) -> pd.DataFrame:
    from ..corpus import summary
    return _with_rule_names(study, summary.removal_summary(study.corpus).reset_index())


def _with_counted(study, table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (articles) with ``is_primary`` replaced, in its place, by ``counted``: whether the article counts
    in the comparisons, as :attr:`~analysis.reporting.study.Study.counted` says (every copy when the study counts
    copies; the first of each group of copies when it does not)."""
    at = table.columns.get_loc("is_primary")
    counted = table["article_id"].isin(study.counted["article_id"])
    return table.drop(columns="is_primary").assign(counted=counted)[
        [*table.columns[:at], "counted", *table.columns[at + 1:]]]


def _duplicate_groups(study) -> pd.DataFrame:
    from ..corpus import summary
    return _with_counted(study, summary.duplicate_groups(study.corpus))


def _summary_terms(study) -> pd.DataFrame:
    terms = study.terms(top=5)
    listed = terms.dropna(subset=["term"]).groupby("group")["term"].agg(", ".join)
    return (terms[["group"]].drop_duplicates().set_index("group")
            .join(listed.rename("distinctive terms")).fillna("(no term clears the threshold)").reset_index())


def _mentions_by_role(study) -> pd.DataFrame:
    mentions = study.measure("actor_mentions")
    if mentions.empty:
        return pd.DataFrame(columns=["role"])
    return mentions.pivot_table(index="role", columns="stance", values="score", aggfunc="size",
                                fill_value=0).reset_index()


def _actor_evidence(study) -> pd.DataFrame:
    """The strongest mentions behind each group × actor figure (report 02 shows those of its largest means)."""
    table = study.actor_sentiment()
    parts = [study.actor_evidence({c: row[c] for c in study.by}, row["actor"]).assign(
        **{c: row[c] for c in study.by}, actor=row["actor"]) for _, row in table[table["n"] >= 3].iterrows()]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*study.by, "actor"])


def _topic_units(study) -> pd.DataFrame:
    """The three units that load most on each topic (report 03 shows one table per topic)."""
    t = study.topics()
    return pd.concat([t.top_units(k, n=3)[["article_id", "unit_id", "weight", "text"]].assign(topic=k)
                      for k in range(t.k)], ignore_index=True)[["topic", "article_id", "unit_id", "weight", "text"]]


def _topics_articles(study) -> pd.DataFrame:
    per_article = (study.topics().article_topics().pivot(index="article_id", columns="topic", values="weight")
                   .round(2).rename(columns=lambda k: f"topic {k}").reset_index())
    return study.articles[["article_id", *study.by]].merge(per_article, on="article_id")


def _within_events(study) -> pd.DataFrame:
    if study.has_events:
        return study.within_event("salience")
    from ..schema import CI_COLUMNS
    event = study.settings.compare.event
    why = (f"the articles cover a single event (compare.event '{event}')" if event else
           "the study names no event column (compare.event)")
    return _none(["frame", "label", *study.by, *CI_COLUMNS], why)


def _frames_over_time(study) -> pd.DataFrame:
    if study.has_dates:
        return study.frame_timeline()
    return _none(["period", *study.by, "frame", "label", "share", "ci_low", "ci_high", "sentences", "flag"],
                 study.undated)


def _coded_counts(study) -> pd.DataFrame:
    coded = study.coded_frames()
    if coded is None:
        return _no_sheet(study, ["coder", *study.frame_labels()])
    return coded.groupby("coder")[list(study.frame_labels())].sum().reset_index()


def _frame_validity(study) -> pd.DataFrame:
    """Agreement of both frame methods with the coded test part, per frame (report 05 shows one table per method)."""
    from ..compare.validity import FRAME_VALIDITY_COLUMNS
    if study.coded_frames() is None:
        return _no_sheet(study, FRAME_VALIDITY_COLUMNS)
    tables = [t for t in (study.frame_validity(m) for m in ("dictionary", "classifier")) if len(t)]
    return pd.concat(tables, ignore_index=True) if tables else _none(
        FRAME_VALIDITY_COLUMNS, "the coded sheets have no test part (their sentences come from a single article)")


def _term_validity(study) -> pd.DataFrame:
    from ..compare.agreement import TERM_COLUMNS
    terms = study.misleading_terms()
    return _no_sheet(study, TERM_COLUMNS) if terms is None else terms


def _salience_by_method(study) -> pd.DataFrame:
    if study.coded_frames() is None:
        return _no_sheet(study, [*study.by, "frame", "label", "classifier", "dictionary"])
    side = pd.concat([study.salience(method=m).assign(method=m) for m in ("dictionary", "classifier")])
    return side.pivot_table(index=[*study.by, "frame", "label"], columns="method", values="mean").round(3).reset_index()


def _axis_coders_vs_dictionary(study) -> pd.DataFrame:
    from .. import compare
    coded = study.coded_matches()
    if coded is None:
        return _no_sheet(study, ["article_id", "title", "coders", "dictionary"])
    positive, negative = study.axis_poles
    kw = dict(positive=positive, negative=negative, lexicon=study.lexicon, per_article=True)
    by_coder = compare.axis_scores(coded, study.sentences, study.counted, **kw)
    by_dictionary = compare.axis_scores(study.measure("frame_matches"), study.sentences, study.counted, **kw)
    return by_coder[["article_id", "title", "mean"]].rename(columns={"mean": "coders"}).merge(
        by_dictionary[["article_id", "mean"]].rename(columns={"mean": "dictionary"}), on="article_id").round(2)


REPORT_TABLES: dict[str, Callable[..., pd.DataFrame]] = {
    # the corpus
    "articles": lambda s: s.articles.drop(columns=["text"]),
    "ingest_report": lambda s: s.corpus.report,
    "removed": _removed,
    "sentences": lambda s: s.sentences,
    "sources": _sources,
    "source_labels": lambda s: s.articles[["source_path", "outlet", "outlet_source", "outlet_evidence",
                                           "relayed_source", "relayed_source_evidence", "source_label"]],
    "articles_overview": lambda s: _with_counted(s, s.articles[["article_id", "source_label", "title", "subtitle",
                                                                "dateline", "published", "n_words", "n_sentences",
                                                                "is_primary", "source_path"]]),
    "problems": lambda s: s.corpus.problems()[["path", "status", "reason"]],
    "removed_by_rule": _removed_by_rule,
    "duplicate_groups": _duplicate_groups,
    "positions": _positions,
    "voice_mix": _voice_mix,
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
    "salience_within_events": _within_events,
    "frames_over_time": _frames_over_time,
    "evidence": lambda s: s.evidence(),
    "axis": lambda s: s.axis(),
    "axis_articles": lambda s: s.axis(per_article=True),
    "sentiment": lambda s: s.sentiment(),
    "sentiment_by_voice": lambda s: s.sentiment(by_voice=True),
    "sentiment_by_position": lambda s: s.sentiment(by_position=True, positions=("headline", "lead", "body")),
    "sentiment_articles": lambda s: s.article_sentiment(),
    "actor_sentiment": lambda s: s.actor_sentiment(),
    "actor_evidence": _actor_evidence,
    "mentions_by_role": _mentions_by_role,
    "terms": lambda s: s.terms(top=10),
    "summary_terms": _summary_terms,
    "terms_all": lambda s: s.terms(top=None),
    "voices": lambda s: s.voices(),
    "quotes": _quotes,
    "topics": lambda s: s.topics().terms.groupby(["topic", "label"])["term"].agg(", ".join).rename("top terms")
    .reset_index(),
    "topics_terms": lambda s: s.topics().terms,
    "topics_choice": lambda s: s.topics().choice,
    "topic_prevalence": lambda s: s.prevalence(),
    "topic_units": _topic_units,
    "topics_articles": _topics_articles,
    "facts": lambda s: s.facts(),
    "fact_blind_spots": lambda s: s.blind_spots(),
    "fact_coverage": lambda s: s.fact_coverage(),
    # validation against the study's coded sheets (empty without one)
    "coded_counts": _coded_counts,
    "frame_validity": _frame_validity,
    "term_validity": _term_validity,
    "axis_coders_vs_dictionary": _axis_coders_vs_dictionary,
    "salience_by_method": _salience_by_method,
}

# the tables a report shows once per row of another, each exported as one long table of that name
FAMILIES = {"evidence_": "evidence", "actor_evidence_": "actor_evidence", "topic_": "topic_units",
            "validity_": "frame_validity"}


def report_table(study, name: str) -> pd.DataFrame:
    """The report table ``name`` of ``study`` (a :class:`~analysis.errors.SettingsError` listing the names when
    it is not one)."""
    return REPORT_TABLES[check_choice("name", name, REPORT_TABLES, "a report table")](study)
