"""Which facts each group carries, where, and what it leaves out (selection and omission).

What goes in: the ``facts`` measure (sentences clustered into facts per
event, :mod:`analysis.measures.facts`), the sentences, and the articles that
count (one per group of copies unless the study counts copies), grouped by
any column(s).  What comes out:

* :func:`fact_table`: one row per fact and group that carries it: in how many
  of the group's articles of that event, its most prominent position
  (headline, subtitle, lead, body: a fact in the headline is not a fact
  buried in paragraph 12), every position, and the evidence sentence.
* :func:`fact_matrix`: the same as facts × groups, each cell the most
  prominent position ("" where the group does not carry the fact).
* :func:`blind_spots`: per group, the facts most other groups covering the
  event carry but it does not (``kind = "blind spot"``), and the facts only
  it carries (``kind = "only here"``), each with the evidence sentences.
* :func:`fact_coverage`: per group, the counts, and whether its coverage is
  too thin to say anything (with the reason).

"Most other groups" means more than half of the other groups covering the
same event and at least :data:`MIN_OTHERS` of them; a group covering only
events that fewer than ``MIN_OTHERS + 1`` groups cover has no blind spots
to speak of, and is marked thin rather than declared complete.

A blind spot is only as good as the grouping that says the others state one
fact.  Each group carrying a fact has a ``support``: the best, over its
sentences of the fact, of the sentence's mean similarity to the fact's
sentences in other articles (the ``support`` of the ``facts`` measure).  A
blind spot is **confident** when every carrying group's support reaches
:data:`CONFIDENT_SUPPORT`; the others are kept in the table, marked, and
counted apart (``unsure_blind_spots``), never stated as blind spots.  The
level: on the development sentences of the ``facts`` measure, pairs of
sentences of different articles with a similarity between its threshold
(0.15) and 0.25 were the same fact for the coder 36 to 44 % of the time,
pairs at 0.25 or more 55 % and above (83 % from 0.4).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..measures.facts import POSITION_RANK
from .groups import attach, called, check_by

MIN_OTHERS = 2          # "most other groups" needs at least this many others carrying the fact
MIN_STATEMENTS = 3      # a group with fewer statements in an event is too thin to have blind spots there
CONFIDENT_SUPPORT = 0.25   # a blind spot is stated only when every group carrying the fact has this much support
GROUP = "group"


def _group_label(frame: pd.DataFrame, cols: list[str]) -> pd.Series:
    return frame[cols].astype(str).agg(" · ".join, axis=1) if len(cols) > 1 else frame[cols[0]].astype(str)


def _with_groups(facts: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, by) -> pd.DataFrame:
    cols = check_by(articles, by)
    f = attach(facts, articles, cols)
    f = f.merge(sentences[["article_id", "sentence_id", "text"]], on=["article_id", "sentence_id"], how="left")
    f[GROUP] = _group_label(f, cols)
    f["rank"] = f["position"].map(POSITION_RANK).fillna(len(POSITION_RANK))
    return f


def _event_groups(facts: pd.DataFrame, articles: pd.DataFrame, by) -> pd.DataFrame:
    """Articles that count per event and group: ``event``, ``group``, the grouping columns, ``group_articles``."""
    cols = check_by(articles, by)
    ev = facts[["article_id", "event"]].drop_duplicates()
    a = attach(ev, articles, cols)
    a[GROUP] = _group_label(a, cols)
    return a.groupby(["event", GROUP, *cols]).size().rename("group_articles").reset_index()


def _positions(ranks: pd.Series) -> str:
    names = {v: k for k, v in POSITION_RANK.items()}
    return ", ".join(names[r] for r in sorted(set(ranks)) if r in names)


def fact_table(facts: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, by=("source_label",)) -> pd.DataFrame:
    """One row per fact and group carrying it (see the module docstring).

    Columns: ``event``, ``fact_id``, ``label``, the grouping columns,
    ``group``, ``articles`` (the group's articles stating the fact),
    ``group_articles`` (its articles in the event), ``n_groups`` (groups
    carrying the fact), ``position`` (most prominent), ``positions`` (all),
    ``sentences``, ``evidence`` (the sentence in the most prominent
    position), ``evidence_id`` (``article_id:sentence_id`` of it), ``support`` (the best support of the group's
    sentences of the fact: mean similarity to the fact's sentences in other articles; NaN when no other
    article states it).
    """
    cols = check_by(articles, by)
    f = _with_groups(facts, sentences, articles, cols)
    columns = ["event", "fact_id", "label", *cols, GROUP, "articles", "group_articles", "n_groups", "position",
               "positions", "sentences", "evidence", "evidence_id", "support"]
    if f.empty:
        return pd.DataFrame(columns=columns)
    f = f.sort_values(["event", "fact_id", GROUP, "rank", "article_id", "sentence_id"])
    keys = ["event", "fact_id", "label", *cols, GROUP]
    g = f.groupby(keys, sort=False)
    out = g.agg(articles=("article_id", "nunique"), sentences=("sentence_id", "size"),
                rank=("rank", "min"), evidence=("text", "first"), article_id=("article_id", "first"),
                sentence_id=("sentence_id", "first"), support=("support", "max")).reset_index()
    out["positions"] = g["rank"].agg(_positions).to_numpy()
    out["position"] = out["positions"].str.split(", ").str[0]
    out["evidence_id"] = out["article_id"].astype(str) + ":" + out["sentence_id"].astype(str)
    out["n_groups"] = out.groupby(["event", "fact_id"])[GROUP].transform("nunique")
    out = out.merge(_event_groups(facts, articles, cols)[["event", GROUP, "group_articles"]], on=["event", GROUP])
    order = facts.drop_duplicates("fact_id").reset_index(drop=True)
    out["_order"] = out["fact_id"].map({fid: i for i, fid in enumerate(order["fact_id"])})
    return out.sort_values(["_order", "rank", GROUP])[columns].reset_index(drop=True)


def fact_matrix(table: pd.DataFrame, min_groups: int = 1) -> pd.DataFrame:
    """Facts × groups from :func:`fact_table`: each cell the most prominent position ("" = not carried).

    Rows are facts carried by at least ``min_groups`` groups, the most widely
    carried first; the index is ``(event, fact_id, label)``.
    """
    if table.empty:
        return pd.DataFrame()
    t = table[table["n_groups"] >= min_groups]
    wide = t.pivot_table(index=["event", "fact_id", "label"], columns=GROUP, values="position",
                         aggfunc="first", fill_value="", sort=False)
    wide.columns.name = None
    n = t.drop_duplicates("fact_id").set_index("fact_id")["n_groups"]
    order = sorted(wide.index, key=lambda k: (-n[k[1]], int(str(k[1]).lstrip("F") or 0)))
    return wide.loc[order]


def blind_spots(table: pd.DataFrame, facts: pd.DataFrame, articles: pd.DataFrame, by=("source_label",),
                min_others: int = MIN_OTHERS, min_statements: int = MIN_STATEMENTS,
                min_support: float = CONFIDENT_SUPPORT) -> pd.DataFrame:
    """Per group: facts most others carry but it does not, and facts only it carries, with evidence.

    A **blind spot** of group G in an event: a fact G does not state,
    carried by more than half of the other groups covering the event and by
    at least ``min_others`` of them, in an event where G has at least
    ``min_statements`` statements.  An **only here** fact: stated by G and by
    no other group, in an event at least two groups cover.  ``where`` names
    each group stating the fact and its positions; ``evidence`` adds its sentence;
    ``evidence_ids`` the ``article_id:sentence_id`` of each.  ``support`` is the
    lowest support of the groups carrying the fact (:func:`fact_table`), and
    ``confident`` whether it reaches ``min_support`` (an "only here" fact, which
    no other article states, is confident).
    """
    cols = check_by(articles, by)
    columns = ["event", *cols, GROUP, "kind", "fact_id", "label", "carried_by", "others", "where", "evidence",
               "evidence_ids", "support", "confident"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    cover = _event_groups(facts, articles, cols)
    statements = facts.merge(attach(facts[["article_id"]].drop_duplicates(), articles, cols), on="article_id")
    statements[GROUP] = _group_label(statements, cols)
    n_statements = statements.groupby(["event", GROUP]).size()
    out: dict[str, list] = {c: [] for c in columns}
    for event, part in table.groupby("event", sort=False):
        groups = cover[cover["event"] == event]
        if len(groups) < 2:
            continue
        carriers = part.groupby("fact_id")[GROUP].agg(set)
        labels = part.drop_duplicates("fact_id").set_index("fact_id")["label"]
        support = part.groupby("fact_id")["support"].min()
        # each fact's groups, positions and evidence, joined once (an "only here" fact's rows are all its group's)
        said = part[GROUP].astype(str) + " (" + part["positions"].astype(str) + ")"
        joined = (pd.DataFrame({"fact_id": part["fact_id"], "where": said,
                                "evidence": said + ": " + part["evidence"].astype(str),
                                "ids": part["evidence_id"].astype(str)})
                  .groupby("fact_id", sort=False).agg({"where": "; ".join, "evidence": " | ".join, "ids": ", ".join}))
        # groups x facts at once: which group carries which fact, and how many other groups carry it
        names = pd.Index(groups[GROUP])
        pairs = part[["fact_id", GROUP]].drop_duplicates()
        g, f = names.get_indexer(pairs[GROUP]), carriers.index.get_indexer(pairs["fact_id"])
        carried = np.zeros((len(names), len(carriers)), dtype=bool)
        carried[g[g >= 0], f[g >= 0]] = True
        n_carriers = carriers.map(len).to_numpy()
        carried_by = n_carriers[None, :] - carried
        others = len(groups) - 1
        enough = np.array([n_statements.get((event, name), 0) >= min_statements for name in names])
        only = carried & (n_carriers == 1)[None, :]
        blind = ~carried & (carried_by >= min_others) & (carried_by > others / 2) & enough[:, None]
        g, f = np.nonzero(only | blind)                     # by group, then by fact: the order of the table
        fids = carriers.index[f]
        kind = np.where(only[g, f], "only here", "blind spot")
        low = support.reindex(fids).to_numpy()
        out["event"] += [event] * len(g)
        for c in cols:
            out[c] += groups[c].to_numpy()[g].tolist()
        out[GROUP] += names[g].tolist()
        out["kind"] += kind.tolist()
        out["fact_id"] += fids.tolist()
        out["label"] += labels.reindex(fids).tolist()
        out["carried_by"] += carried_by[g, f].tolist()
        out["others"] += [others] * len(g)
        for c, name in (("where", "where"), ("evidence", "evidence"), ("evidence_ids", "ids")):
            out[c] += joined[name].reindex(fids).tolist()
        out["support"] += low.tolist()
        out["confident"] += ((kind == "only here") | (low >= min_support)).tolist()
    if not out["event"]:
        return pd.DataFrame([], columns=columns)
    return pd.DataFrame(out, columns=columns)


def fact_coverage(table: pd.DataFrame, spots: pd.DataFrame, facts: pd.DataFrame, articles: pd.DataFrame,
                  by=("source_label",), min_others: int = MIN_OTHERS,
                  min_statements: int = MIN_STATEMENTS) -> pd.DataFrame:
    """Per group: events covered, facts stated, shared facts stated (of those two or more groups state),
    blind spots (confident ones, :func:`blind_spots`; ``unsure_blind_spots`` the others), facts only it states,
    and ``thin`` with its ``reason`` when nothing can be claimed.

    Thin: the group covers no event that ``min_others`` other groups also
    cover (so "most others" cannot be judged), or it has fewer than
    ``min_statements`` statements in every such event.
    """
    cols = check_by(articles, by)
    columns = [*cols, GROUP, "events", "articles", "facts", "shared_facts", "shared_available", "blind_spots",
               "unsure_blind_spots", "only_here", "thin", "reason"]
    cover = _event_groups(facts, articles, cols)
    if cover.empty:
        return pd.DataFrame(columns=columns)
    n_groups = cover.groupby("event")[GROUP].nunique()
    statements = facts.merge(attach(facts[["article_id"]].drop_duplicates(), articles, cols), on="article_id")
    statements[GROUP] = _group_label(statements, cols)
    n_statements = statements.groupby(["event", GROUP]).size()
    shared = table[table["n_groups"] >= 2]
    rows = []
    for name, g in cover.groupby(GROUP, sort=True):
        events = list(g["event"])
        judgeable = [e for e in events if n_groups[e] >= min_others + 1]
        enough = [e for e in judgeable if n_statements.get((e, name), 0) >= min_statements]
        reason = ""
        if not judgeable:
            reason = (f"no event it covers is covered by {min_others} other {called(cols)}s or more, so what most "
                      "others carry cannot be judged")
        elif not enough:
            reason = (f"it has fewer than {min_statements} statements of fact in each event that others also cover")
        mine = table[table[GROUP] == name]
        s = spots[spots[GROUP] == name] if len(spots) else spots
        blind = s[s["kind"] == "blind spot"] if len(s) else s
        rows.append({**{c: g.iloc[0][c] for c in cols}, GROUP: name, "events": len(events),
                     "articles": int(g["group_articles"].sum()), "facts": mine["fact_id"].nunique(),
                     "shared_facts": int((mine["n_groups"] >= 2).sum()),
                     "shared_available": shared[shared["event"].isin(events)]["fact_id"].nunique(),
                     "blind_spots": int(blind["confident"].sum()) if len(blind) else 0,
                     "unsure_blind_spots": int((~blind["confident"].astype(bool)).sum()) if len(blind) else 0,
                     "only_here": int((s["kind"] == "only here").sum()) if len(s) else 0,
                     "thin": bool(reason), "reason": reason})
    return pd.DataFrame(rows, columns=columns)
