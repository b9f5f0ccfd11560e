"""Findings in prose, generated from the computed tables so they stay true when the numbers change.

Each function takes a result table (with ``mean``, ``ci_low``, ``ci_high``,
``n`` and ``flag`` columns and the grouping column(s)) and returns Markdown
built only from :mod:`analysis.reporting.safe` pieces.  A sentence claims a
difference ("further towards", "more negative") only when the two intervals
do not overlap *and* the measure clears its validity gate
(:class:`analysis.reporting.gate.Gate`: held-out agreement with human
coders at least the study's ``min_alpha`` and above the majority baseline);
otherwise it says that the data do not separate them, or that the measure is
exploratory, with its agreement figure.  The caveats of the numbers (their
``flag``) are said once under the list, each with the groups it applies to
(:mod:`analysis.reporting.caveats`).  The prose is cut for scanning: one bullet per group or pair, the
verdict and the validity note each a paragraph of their own.
"""
from __future__ import annotations

import re

import pandas as pd

from ..compare.facts import CONFIDENT_SUPPORT
from ..compare.frames import context_after
from ..compare.keyness import SCORER_DESCRIPTIONS
from ..compare.stats import MIN_N, has_interval, intervals_overlap
from . import caveats
from .crowd import Crowd, fold_notes, shown
from .gate import Gate, lead
from . import intervals
from .intervals import estimate, figure
from .safe import bullets, md


def _group(row, by) -> str:
    return " · ".join(str(row[c]) for c in by)


def _estimate(row, fmt: str = "{:.2f}", signed: bool = False) -> str:
    """A result row's ``mean`` with its interval (``ci_low``, ``ci_high``) in the house form, signed when the
    table it belongs to is (:func:`_signed`)."""
    return estimate(row["mean"], row["ci_low"], row["ci_high"], fmt, signed=signed)


def _signed(table: pd.DataFrame, fmt: str = "{:.2f}") -> bool:
    """Whether a result table's numbers are written signed (:func:`~analysis.reporting.intervals.signed`): decided
    on the whole table, as its table in the report is, so a sentence and the table beside it agree."""
    return intervals.signed(*(table[c] for c in ("mean", "ci_low", "ci_high") if c in table), fmt=fmt)


def mean_estimate(row, table: pd.DataFrame) -> str:
    """A ``row`` of a result ``table`` written as the report's table and :func:`ranking` write it: its ``mean``
    with its interval, signed when the table is (:func:`_signed`)."""
    return _estimate(row, signed=_signed(table))


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 article"``, ``"2 articles"``, ``"39,533 sentences"``: ``n`` (:func:`~analysis.reporting.intervals.figure`)
    with ``word`` (or ``many`` when given) in the right number."""
    return f"{figure(n)} {word if n == 1 else (many or word + 's')}"


def counted_phrase(articles: pd.DataFrame, counted: pd.DataFrame) -> str:
    """How the articles count, in the words of the corpus line: "7 counted once copies are grouped", or, when
    every copy counts (``compare.count_copies``, ``--count-copies``) although some are copies, "every copy
    counted (2 are copies)"."""
    copies = int((~articles["is_primary"]).sum())
    if copies and len(counted) == len(articles):
        return f"every copy counted ({copies} {'is a copy' if copies == 1 else 'are copies'})"
    return f"{len(counted)} counted once copies are grouped"


def coverage(articles: pd.DataFrame, counted: pd.DataFrame, by=("source_label",), group_label: str = "outlet") -> str:
    """Who covered the story: articles, groups, copies, and pages whose publisher is unknown."""
    by = list(by)
    n, groups = len(articles), counted[by].drop_duplicates().shape[0]
    copies = int((~articles["is_primary"]).sum())
    unknown = int((articles["outlet"] == "unknown").sum())
    text = f"{plural(n, 'article')} from {groups} {md(group_label)}{'s' if groups != 1 else ''}."
    if copies and len(counted) == n:
        text += (f" {copies} of them {'is a copy' if copies == 1 else 'are copies'} of another article "
                 f"(syndicated or republished); every copy is counted, as the study asks.")
    elif copies:
        text += (f" {copies} of them {'is a copy' if copies == 1 else 'are copies'} of another article "
                 f"(syndicated or republished) and count{'s' if copies == 1 else ''} once.")
    if unknown:
        text += (f" For {unknown}, the page names no publisher. Each of these is labelled by what it does say "
                 f"(the agency it relays, or its file), and none is pooled with another.")
    return text


def single_articles(counted: pd.DataFrame, by=("source_label",), group_label: str = "outlet") -> str:
    """A plain caveat when every group rests on one article (or a count of those that do)."""
    sizes = counted.groupby(list(by)).size()
    if sizes.empty:
        return ""
    if (sizes == 1).all():
        return (f"Every {md(group_label)} is represented by a single article, so the differences below are "
                f"differences between {len(sizes)} single articles, not between outlets' coverage; intervals are "
                "over the sentences of each article.")
    few = int((sizes < 5).sum())
    if few:
        return (f"{few} of {len(sizes)} {md(group_label)}s rest on fewer than five articles; their intervals are "
                "over sentences, not articles, and are marked.")
    return ""


def date_span(articles: pd.DataFrame, column: str = "published") -> str:
    """Markdown: over which dates the ``articles`` were published ("Published from 3 January 2024 to 9 January
    2024 (5 of 7 articles dated)."), or that none carries a date."""
    dates = pd.to_datetime(articles[column], errors="coerce", format="mixed", utc=True) if column in articles \
        else pd.Series(dtype="datetime64[ns, UTC]")
    dated = dates.dropna()
    if dated.empty:
        return "No article carries a publication date."
    day = lambda d: f"{d.day} {d:%B %Y}"
    span = (f"on {day(dated.min())}" if dated.min().date() == dated.max().date() else
            f"from {day(dated.min())} to {day(dated.max())}")
    undated = f" ({len(dated)} of {len(articles)} articles dated)" if len(dated) < len(articles) else ""
    return f"Published {span}{undated}."


def largest_topics(weights: pd.DataFrame, labels: dict, n: int = 3) -> str:
    """Markdown: the ``n`` topics with the largest mean weight over the units (``weights``: ``unit_id``, ``topic``,
    ``weight``, as :class:`~analysis.reporting.study.Topics` holds them), each with its label and share of the
    total weight."""
    if weights.empty:
        return "No unit loads on any topic."
    share = weights.groupby("topic")["weight"].sum()
    share = (share / share.sum()).sort_values(ascending=False, kind="stable").head(n)
    named = [f"*{md(labels.get(t, str(t)))}* ({v:.0%})" for t, v in share.items()]
    return (f"The largest {'topic is' if len(named) == 1 else f'{len(named)} topics are'} " + ", ".join(named)
            + ", in shares of the units' total topic weight.")


def topic_choice(choice: pd.DataFrame) -> str:
    """How the number of topics was chosen, saying when the choice is close or at the edge of the range tried.

    ``choice`` is :func:`analysis.measures.topics.choose_k`'s table (empty
    when the study set k)."""
    if choice is None or not len(choice) or not choice["recommended"].any():
        return "The number of topics was set by the study, not chosen from the data."
    pick = choice[choice["recommended"]].iloc[0]
    k = int(pick["k"])
    best = choice.loc[choice["score"].idxmax()]
    tried = f"k = {int(choice['k'].min())} to {int(choice['k'].max())}"
    text = f"Of {tried}, k = {k} was chosen"
    if int(best["k"]) != k:
        text += (f": the best score was at k = {int(best['k'])} ({best['score']:.3f}), but k = {k} "
                 f"({pick['score']:.3f}) is within one standard error of it, and the simpler model is preferred")
    close = sorted(int(x) for x in choice.loc[choice["near_best"] & ~choice["recommended"], "k"])
    if close and int(best["k"]) == k:
        text += f"; k = {', '.join(map(str, close))} {'scores' if len(close) == 1 else 'score'} within one standard error"
    text += "."
    if close or int(best["k"]) != k:
        text += " The data do not single out one number of topics: read the topics as one reasonable cut, not the only one."
    if bool(pick.get("at_edge", False)):
        text += (f" k = {k} is the largest number tried (at most one topic per five units): the corpus may hold more "
                 "themes than it has units to separate.")
    if pd.isna(pick.get("stability")):        # no restarts
        text += " Stability was not measured (no restarts), so the choice rests on coherence alone."
    return text


def top_frames(top: pd.DataFrame, labels: dict, by=("source_label",), *, gates: dict[str, Gate],
               crowd: Crowd | None = None, gate_notes: bool = True) -> str:
    """One bullet per group naming its most salient frame(s), saying when the lead is not clear; a frame whose
    measure is below its validity gate (``gates``: frame id -> :class:`Gate`) is said to be the most frequent
    *match*, marked exploratory, with the reason given once below the bullets (once for all the frames it
    applies to), unless ``gate_notes`` is False (the page says it next, for every frame, in
    :func:`analysis.reporting.notebook.frame_method_note`).  With a ``crowd``
    (:func:`analysis.reporting.crowd.crowd`) of many groups, only those with enough articles get a bullet; one
    sentence counts the others."""
    by = list(by)
    if top.empty:
        return "No frame of this lexicon is evoked."
    lines, below = [], {}
    for _, rows in shown(top, by, crowd).groupby(by, sort=True):
        row = rows.iloc[0]
        names = " and ".join(f"*{md(labels.get(f, f))}*" for f in rows["frame"])
        failing = [f for f in rows["frame"] if f not in gates or not gates[f].clears]
        below.update({f: gates.get(f) for f in failing})
        if failing:
            verb = ("match most often (exploratory), each" if len(rows) > 1 else
                    "matches most often (exploratory),")
        else:
            verb = "tie as its most salient frames, each" if len(rows) > 1 else "is its most salient frame,"
        text = (f"- **{md(_group(row, by))}**: {names} {verb} evoked in "
                f"{estimate(row['mean'], row['ci_low'], row['ci_high'], percent=True)} of its {int(row['n'])} lead "
                "and body sentences")
        notes = []
        if row.get("thin"):
            notes.append(f"it rests on {int(row['evidence_sentences'])} sentence"
                         f"{'s' if row['evidence_sentences'] != 1 else ''}, fewer than three: too little to call")
        runner = row.get("runner_up")
        if len(rows) == 1 and isinstance(runner, str) and not row.get("clear_lead"):
            notes.append(f"too few sentences to compare it with *{md(labels.get(runner, runner))}* (fewer than "
                         f"{MIN_N})" if not has_interval(row) else
                         f"not clearly ahead of *{md(labels.get(runner, runner))}* (their intervals overlap)")
        if notes:
            joined = "; ".join(notes)
            text += ". " + joined[0].upper() + joined[1:]
        lines.append(text + ".")
    if crowd is not None and (said := crowd.left_out()):
        lines.append(("\n" if lines else "") + said)
    notes = fold_notes(below, labels) if gate_notes else []
    return "\n".join(lines) + ("\n\n" + "\n\n".join(dict.fromkeys(notes)) if notes else "")


def ranking(table: pd.DataFrame, by=("source_label",), *, what: str, more: str, gate: Gate, fmt: str = "{:.2f}",
            group_label: str = "outlet", crowd: Crowd | None = None) -> str:
    """Which groups differ on one measure: only pairs whose intervals do not overlap are named, and only when
    the measure clears its validity ``gate``; otherwise the values are listed with the gate's reason.  With a
    ``crowd`` of many groups, only those with enough articles are listed and compared; one sentence counts the
    others.

    ``what`` names the measure and ``more`` completes "X is ___ than Y"
    ("further towards sovereignty", "more negative"); both are Markdown the
    caller has made safe.
    """
    by = list(by)
    scored = table.dropna(subset=["mean"]).sort_values("mean", ascending=False)
    if scored.empty:
        return f"No {md(group_label)} has data for {what}."
    scored, left_out = shown(scored, by, crowd), crowd.left_out() if crowd is not None else ""
    sign = _signed(table, fmt)
    values = f"On {what}:\n\n" + bullets(f"**{md(_group(r, by))}**: {_estimate(r, fmt, sign)}"
                                            for _, r in scored.iterrows())
    values = values.rstrip() + (f"\n\n{left_out}" if left_out else "")
    if said := caveats.for_groups(scored, by, group_label):
        values += "\n\n" + said
    if not gate.clears or len(scored) <= 1:
        return f"{values}\n\n{gate.note()}"
    pairs = _separated(scored, by, more)
    if not pairs and scored.apply(has_interval, axis=1).sum() < 2:
        verdict = (f"Too few {md(group_label)}s rest on enough observations (at least {MIN_N}) to be compared on "
                   "this measure.")
    elif not pairs:
        verdict = (f"These numbers do not show that any {md(group_label)} differs from another on this measure. "
                   f"The intervals overlap, or rest on fewer than {MIN_N} observations and are not computed.")
    else:
        verdict = "Where intervals do not overlap:\n\n" + bullets(pairs) + "\n\nNo other difference is clear."
    return f"{values}\n\n{verdict}\n\n{gate.note()}"


def _separated(scored: pd.DataFrame, by: list, more: str) -> list[str]:
    """Markdown: "**A** is ``more`` than **B**" for each pair of ``scored`` (sorted by ``mean``, highest first)
    whose intervals do not overlap."""
    rows = [r for _, r in scored.iterrows()]
    return [f"**{md(_group(a, by))}** is {more} than **{md(_group(b, by))}**"
            for i, a in enumerate(rows) for b in rows[i + 1:] if not intervals_overlap(a, b)]


OPENING_PAIRS = 3    # differences named in a report's opening; the list below it names them all


def difference_line(table: pd.DataFrame, by=("source_label",), *, what: str, more: str, gate: Gate,
                    group_label: str = "outlet") -> str:
    """Markdown, one line for a report's opening: the differences :func:`ranking` states for one measure (at
    most :data:`OPENING_PAIRS` named, the rest counted), that none is clear, or, when the measure is below its
    validity ``gate``, that none is stated; then the gate's own line (:meth:`Gate.line`) saying why."""
    by = list(by)
    scored = table.dropna(subset=["mean"]).sort_values("mean", ascending=False)
    if scored.empty:
        return f"No {md(group_label)} has data for {what}."
    if not gate.clears:
        said = f"On {what}, no difference between {md(group_label)}s is stated."
    elif len(scored) <= 1:
        said = f"On {what}, there is one {md(group_label)}, so nothing to compare."
    elif pairs := _separated(scored, by, more):
        rest = len(pairs) - OPENING_PAIRS
        said = (f"On {what}, " + "; ".join(pairs[:OPENING_PAIRS])
                + (f"; and {plural(rest, 'more difference')} listed below." if rest > 0 else
                   "; no other difference is clear."))
    elif scored.apply(has_interval, axis=1).sum() < 2:
        said = (f"On {what}, too few {md(group_label)}s rest on enough observations (at least {MIN_N}) to be "
                "compared.")
    else:
        said = f"On {what}, the intervals do not show that any {md(group_label)} differs from another."
    return f"{said} {gate.line()}"


def axis(table: pd.DataFrame, positive: str, negative: str, by=("source_label",), group_label: str = "outlet", *,
         gate: Gate, crowd: Crowd | None = None) -> str:
    """Where groups sit on a two-frame axis, naming differences only where intervals separate them and the
    ``gate`` (of both pole frames) is cleared."""
    if table.dropna(subset=["mean"]).empty:
        return f"No {md(group_label)} has sentences evoking *{md(positive)}* or *{md(negative)}*."
    explained = (f"The axis counts only the sentences evoking *{md(positive)}* or *{md(negative)}* (the *pole "
                 f"sentences*): +1 when all of them evoke *{md(positive)}*, −1 when all evoke *{md(negative)}*, 0 "
                 "when they balance.\n\n")
    return explained + ranking(table, by, what=f"the *{md(positive)}* (+1) vs *{md(negative)}* (−1) axis",
                               more=f"further towards *{md(positive)}*", gate=gate, group_label=group_label,
                               crowd=crowd)


def sentiment(table: pd.DataFrame, by=("source_label",), group_label: str = "outlet", *, gate: Gate,
              crowd: Crowd | None = None) -> str:
    """Mean sentence sentiment per group, naming differences only where intervals separate them and the
    ``gate`` is cleared (see :func:`ranking` for ``crowd``)."""
    return ranking(table, by, what="mean sentence sentiment (VADER compound, lead and body)",
                   more="more positive", gate=gate, group_label=group_label, crowd=crowd)


NO_ACTORS = ("The study names no actors, so there is no tone towards actors to report. To add them, write an "
             "actor lexicon and name it in the study file (`[lexicons]` `actors = \"actors.toml\"`; README, "
             "\"Your own study\").")


def actor_cells(table: pd.DataFrame, labels: dict, by=("source_label",), min_mentions: int = 3, *,
                gate: Gate, has_actors: bool = True, group_label: str = "outlet") -> str:
    """Group–actor pairs whose mean score is clearly below or above zero (interval excludes 0), stated only when
    the stance measure clears its validity ``gate``; otherwise the pairs are listed as exploratory scores with
    the gate's reason, and none is called negative or positive.  The groups are called ``group_label`` (the
    study's word for them, :attr:`~analysis.reporting.study.Study.group_label`).  A study that names no actors
    (``has_actors`` False) gets :data:`NO_ACTORS`: what is missing and how to add it."""
    if not has_actors:
        return NO_ACTORS
    by = list(by)
    cells = table[table["n"] >= min_mentions]
    if cells.empty:
        return f"No {md(group_label)} mentions an actor {min_mentions} or more times.\n\n{gate.note()}"
    sign = _signed(table)
    clear_neg = cells[cells["ci_high"] < 0].sort_values("mean")
    clear_pos = cells[cells["ci_low"] > 0].sort_values("mean", ascending=False)
    if not gate.clears:
        shown = pd.concat([clear_neg.head(3), clear_pos.head(3)])
        scores = [f"**{md(_group(r, by))}** on *{md(labels.get(r['actor'], r['actor']))}*: "
                  f"{_estimate(r, signed=sign)}, {int(r['n'])} mentions"
                  for _, r in shown.iterrows()]
        said = caveats.for_groups(shown, by, everyone="each of them", about="actor", labels=labels,
                                 articles=caveats.MENTIONING)
        return gate.note() + ("\n\nThe scores whose intervals exclude zero, for exploration only:\n\n"
                              + bullets(scores) + (f"\n\n{said}" if said else "") if scores else
                              f"\n\nNo {md(group_label)}–actor score has an interval that excludes zero.")
    parts, rows = [], []
    for name, part in (("negative", clear_neg), ("positive", clear_pos)):
        for _, r in part.head(3).iterrows():
            parts.append(f"**{md(_group(r, by))}** on *{md(labels.get(r['actor'], r['actor']))}* is {name}: "
                         f"{_estimate(r, signed=sign)}, {int(r['n'])} mentions")
            rows.append(r)
    if not parts:
        return (f"No {md(group_label)}–actor pair with at least {min_mentions} mentions leans clearly positive or negative. "
                f"Every interval includes zero.\n\n{gate.note()}")
    said = caveats.for_groups(pd.DataFrame(rows), by, everyone="each of them", about="actor", labels=labels,
                             articles=caveats.MENTIONING)
    return (f"Among {md(group_label)}–actor pairs with at least {min_mentions} mentions, only these have intervals that exclude "
            "zero:\n\n" + bullets(parts) + (f"\n\n{said}" if said else "") + "\n\n" + gate.note())


def stance_line(table: pd.DataFrame, min_mentions: int = 3, *, gate: Gate, has_actors: bool = True,
                group_label: str = "outlet") -> str:
    """Markdown, one line for a report's opening: how many group–actor pairs (at least ``min_mentions``
    mentions) :func:`actor_cells` calls negative or positive, or, below the stance ``gate``, that none is; then
    the gate's line.  The groups are called ``group_label``.  A study that names no actors (``has_actors``
    False) gets :data:`NO_ACTORS`."""
    if not has_actors:
        return NO_ACTORS
    cells = table[table["n"] >= min_mentions]
    if cells.empty or not gate.clears:
        said = (f"No {md(group_label)} mentions an actor {min_mentions} or more times." if cells.empty else
                f"Tone towards actors: no {md(group_label)}–actor score is called negative or positive.")
        return f"{said} {gate.line()}"
    neg, pos = int((cells["ci_high"] < 0).sum()), int((cells["ci_low"] > 0).sum())
    said = (f"Tone towards actors: of {plural(len(cells), f'{md(group_label)}–actor pair')} with at least {min_mentions} "
            f"mentions, {neg} {'is' if neg == 1 else 'are'} clearly negative and {pos} clearly positive (listed "
            "below).")
    return f"{said} {gate.line()}"


def leading_frames(top: pd.DataFrame, labels: dict, by=("source_label",), *, gates: dict[str, Gate],
                   group_label: str = "outlet") -> str:
    """Markdown, one line for a report's opening: in how many groups each frame leads (``top``:
    :meth:`~analysis.reporting.study.Study.top_frames`, ties each counted), in the words of :func:`top_frames`:
    a frame below its validity gate (``gates``) "matches most often" and is marked exploratory."""
    by = list(by)
    if top.empty:
        return "No frame of this lexicon is evoked."
    groups = top[by].drop_duplicates().shape[0]
    leads = top.groupby("frame").apply(lambda r: r[by].drop_duplicates().shape[0], include_groups=False)
    parts = []
    for frame, n in leads.sort_values(ascending=False, kind="stable").items():
        clears = frame in gates and gates[frame].clears
        parts.append(f"*{md(labels.get(frame, frame))}*{'' if clears else ' (exploratory)'} in {n} of {groups}")
    cleared = all(f in gates and gates[f].clears for f in leads.index)
    what = "The most salient frame" if cleared else "The frame matched most often"
    text = f"{what} in each {md(group_label)}: " + "; ".join(parts) + "."
    tied = top.groupby(by)["frame"].transform("size") > 1
    unclear = top[tied | ~top.get("clear_lead", pd.Series(True, index=top.index)).fillna(False).astype(bool)]
    if n := unclear[by].drop_duplicates().shape[0]:
        tie, small = tied.loc[unclear.index], ~unclear.apply(has_interval, axis=1)
        why = {"a tie": tie.any(), "an interval that overlaps the next frame's": (~tie & ~small).any(),
               f"fewer than {MIN_N} sentences, too few to compare": (~tie & small).any()}
        text += f" In {n} of {groups} the lead is not clear: {', or '.join(w for w, y in why.items() if y)} (below)."
    return text


_INNER_QUOTES = str.maketrans({"“": "‘", "”": "’", '"': "'"})


def _quoted(text, width: int = 160) -> str:
    """``text`` in quotation marks, cut at a word boundary with "…" when longer than ``width`` characters; its own
    double quotation marks become single ones, as nested quotations are written (never ``““``)."""
    text = " ".join(str(text).split()).translate(_INNER_QUOTES)
    return "“" + md(text if len(text) <= width else context_after(text, 0, width - 1)) + "”"


def fact_blind_spots(coverage: pd.DataFrame, spots: pd.DataFrame, by=("source_label",), group_label: str = "outlet",
                     n: int = 3, crowd: Crowd | None = None) -> str:
    """One bullet per group: how many of the shared facts it states; under it, one bullet for the facts most other
    groups state and it leaves out (confident blind spots, each quoted on its own line with who states them and
    where), one counting the blind spots too loosely grouped to state, and one for the facts only it states.

    ``coverage`` and ``spots`` come from :func:`analysis.compare.facts.fact_coverage` and
    :func:`~analysis.compare.facts.blind_spots`.  A group whose coverage is too thin to judge gets no claim, only
    the reason.  At most ``n`` facts are quoted per list; the rest are counted (the full list is the table).  With
    a ``crowd`` of many groups, only those with enough articles get a bullet; one sentence counts the others.
    """
    by = list(by)
    if coverage.empty:
        return f"No {md(group_label)} has a statement of fact to compare."
    plural = f"{md(group_label)}s"
    lines = []
    for _, c in shown(coverage, by, crowd).sort_values("group").iterrows():
        name = f"**{md(_group(c, by))}**"
        if c["thin"]:
            lines.append(f"- {name}: nothing is claimed about what it leaves out: {md(c['reason'])}.")
            continue
        mine = spots[spots["group"] == c["group"]] if len(spots) else spots
        blind = mine[(mine["kind"] == "blind spot") & mine["confident"].astype(bool)] if len(mine) else mine
        only = mine[mine["kind"] == "only here"] if len(mine) else mine
        lines.append(f"- {name} states {int(c['shared_facts'])} of the {int(c['shared_available'])} facts that "
                     f"two or more {plural} state about the stories it covers.")
        k = int(c["blind_spots"])
        if k == 0:
            lines.append(f"    - It leaves out no fact that most other {plural} covering the same story state.")
        else:
            more = f" ({n} shown, {k - n} more in the full table)" if k > n else ""
            lines.append(f"    - It leaves out {k} fact{'s' if k != 1 else ''} that most other {plural} covering the "
                         f"same story state{more}:")
            lines += [f"        - {_quoted(r['label'])} (stated by {int(r['carried_by'])} of the {int(r['others'])} "
                      f"other {plural}: {md(_first(r['where']))})" for _, r in blind.head(n).iterrows()]
        unsure = int(c.get("unsure_blind_spots", 0))
        if unsure:
            lines.append(f"    - {unsure} more fact{'s' if unsure != 1 else ''} that most other {plural} seem to state "
                         f"{'are' if unsure != 1 else 'is'} not called a blind spot: the {plural} stating "
                         f"{'them' if unsure != 1 else 'it'} are too loosely grouped (the full table lists "
                         f"{'them' if unsure != 1 else 'it'}).")
        u = int(c["only_here"])
        if u:
            quoted = "; ".join(f"{_quoted(r['label'])} ({md(r['where'])})" for _, r in only.head(min(n, 2)).iterrows())
            lines.append(f"    - {u} fact{'s are' if u != 1 else ' is'} stated by it alone, e.g. {quoted}.")
    if crowd is not None and (said := crowd.left_out()):
        lines.append(("\n" if lines else "") + said)
    return "\n".join(lines)


WHERE_SHOWN = 5      # groups named where a blind spot is stated; the full table names them all


def _first(where: str, shown: int = WHERE_SHOWN) -> str:
    """Plain text: the first ``shown`` of the "; "-separated places a fact is stated ("Outlet A (lead); Outlet B
    (body)"), then how many more the full table names."""
    parts = where.split("; ")
    return where if len(parts) <= shown + 1 else "; ".join(parts[:shown]) + f"; {len(parts) - shown} more"


# where each keyness scorer comes from (analysis.compare.keyness.SCORERS), for a reader who wants the method
SCORER_REFERENCES = {"log_odds": "Monroe, Colaresi & Quinn 2008"}


def terms_method(scorer: str, group_label: str = "outlet") -> str:
    """Markdown: how the distinctive terms were scored, naming the study's ``terms.scorer`` (a name of
    :data:`analysis.compare.keyness.SCORERS`) in words, with its reference where it has one; the groups are
    called ``group_label``."""
    what = SCORER_DESCRIPTIONS.get(scorer, scorer)
    ref = f" ({SCORER_REFERENCES[scorer]})" if scorer in SCORER_REFERENCES else ""
    g = md(group_label)
    return (f"Terms are scored by the study's scorer, *{md(scorer)}*: the {md(what)}{ref} of each term in one "
            f"{g} against the other {g}s, as a z-score.")


def terms_rule(min_count: int, z: float, any_term: bool, group_label: str = "outlet") -> str:
    """Markdown: when a term is listed (used at least ``min_count`` times by its group, z-score above ``z``),
    and, when no term clears that (``any_term`` False), that no group's vocabulary stands out; the groups are
    called ``group_label``."""
    g = md(group_label)
    text = f"A term is listed when its {g} used it at least {min_count} times and its z-score clears {z:.2f}; " \
           f"the name of the {g} itself never counts."
    if not any_term:
        text += (f" No {g} has a term that clears the threshold: with this much text, no {g}'s vocabulary differs "
                 "clearly from the rest.")
    return text


def facts_method(threshold: float, validity: str = "", group: str = "outlet") -> str:
    """What a fact is here, and why a listed blind spot must be checked against the text before it is cited (a
    list), then ``validity`` (Markdown: how well the facts agree with hand coding) as a paragraph of its own;
    ``group`` is what the groups compared are called (:func:`analysis.compare.groups.called`)."""
    items = [f"A *fact* is a group of sentences, from different articles about the same story, that share enough "
             f"content words (numbers and names weigh more; similarity at least {threshold:.2f}). Words that most "
             "stories of the study share (its topic) do not count, and two sentences are never one fact when one is "
             "negated and the other not, or when they give different numbers of the same thing. Each fact is named "
             "by its most central sentence that reads whole.",
             "A fact told in entirely different words can be missed, so a blind spot may be a paraphrase the method "
             "did not match. Read the evidence before citing it.",
             f"A fact counts as a blind spot of one {group} only when more than half of the other {group}s covering "
             f"the story, and at least two, state it, each in a sentence whose mean similarity to the other {group}s' "
             f"sentences of the fact is at least {CONFIDENT_SUPPORT:.2f}; more loosely grouped ones are only "
             "counted."]
    return bullets(items) + (f"\n\n{validity}" if validity else "")


_TRAINED = re.compile(r"^(\d+) coded sentences: (.+)$")
_TRAINED_PART = re.compile(r"(.+?) \((\d+)\)(?:, |$)")


def training_parts(trained_on: str) -> tuple[str, list[str]]:
    """The bundled classifier's training data (its ``trained_on``: "2636 coded sentences: coder1:15ecb8d0e7ad
    (16), data/coding/train/frames_train_coder5.csv (400), ...") in a few words, and its parts one by one.

    The summary counts the sentences and sources and groups them: the articles of a study's coded sheet
    (``coder:article``, its development part: the test part is never trained on) and the sheets of each
    folder ("1800 from 4 sheets in data/coding/train").  A text of another form is returned as it is, with no
    parts."""
    whole = _TRAINED.match(trained_on.strip())
    parts = [(m.group(1), int(m.group(2))) for m in _TRAINED_PART.finditer(whole.group(2))] if whole else []
    if not parts:
        return trained_on, []
    groups: dict[tuple[str, str], list[int]] = {}    # (what, where) -> sentences of each
    for name, n in parts:
        if ":" in name and "/" not in name:               # coder:article, an article of a study's coded sheet
            key = ("article", f"of {name.split(':', 1)[0]}'s coded sheet (its development part)")
        else:
            key = ("sheet", f"in {name.rsplit('/', 1)[0]}" if "/" in name else "")
        groups.setdefault(key, []).append(n)
    said = ", ".join(f"{sum(ns)} from {plural(len(ns), what)} {where}".rstrip() for (what, where), ns in groups.items())
    summary = f"{whole.group(1)} coded sentences from {plural(len(parts), 'source')}: {said}"
    return summary, [f"{name} ({n})" for name, n in parts]


def method_note(method: str, lexicon_source: str, sheets: str = "", trained_on: str | None = None) -> str:
    """Plain text (escape before showing): which method produced the study's frame figures, from which files;
    ``trained_on`` describes the bundled classifier's training data when that model is the one used (summarised
    by :func:`training_parts`: the list of its sheets is for the folded details)."""
    if method == "dictionary":
        return f"dictionary matching with {lexicon_source}"
    if trained_on is not None:
        return (f"the bundled frame classifier (words, character n-grams and the match counts of {lexicon_source}; "
                f"trained on {training_parts(trained_on)[0]})")
    return (f"a classifier (words, character n-grams and the match counts of {lexicon_source}) trained on the "
            f"development part of the coded sheets ({sheets})" if sheets else
            f"a classifier trained on the matches of {lexicon_source} (no coded sheet: it learns the dictionary)")


def lexicon_fit_warnings(fit: dict, lexicon: str, actor_source: str = "") -> list[str]:
    """Plain text (escape before showing): a warning per way the lexicons barely fit the corpus, from
    :func:`analysis.compare.validity.lexicon_fit`."""
    from ..compare.validity import FIT_MIN_FRAME_SHARE
    warnings = []
    low, shares = fit["low_frames"], fit["frame_shares"]
    if len(low) > len(shares) / 2:
        warnings.append(f"{len(low)} of the {len(shares)} frames of the lexicon '{lexicon}' are evoked "
                        f"by fewer than {FIT_MIN_FRAME_SHARE:.0%} of the sentences")
    if fit["many_unmatched"]:
        warnings.append(f"{fit['unmatched_share']:.0%} of the sentences evoke no frame of the lexicon '{lexicon}'")
    if fit["few_actors"]:
        warnings.append(f"only {fit['actor_share']:.0%} of the sentences mention any actor of the actor lexicon "
                        f"({actor_source})")
    return warnings


def frames_claim(gates: dict[str, Gate], labels: dict) -> tuple[bool, str]:
    """Whether every frame clears its validity gate (``gates``: frame id -> :class:`Gate`), and what a report may
    claim from the frames' differences in words (Markdown), naming the frames below their gate."""
    below = [md(labels.get(f, f)) for f, g in gates.items() if not g.clears]
    if not gates:
        return False, "the lexicon names no frame whose differences could be stated"
    if not below:
        return True, "every frame clears its validity gate: differences whose intervals separate are stated"
    if len(below) == len(gates):
        return False, "no frame clears its validity gate: every frame is exploratory, no difference in frames is stated"
    return False, (f"{len(below)} of {len(gates)} frames are below their validity gate and exploratory "
                   f"({', '.join(below)}): no difference in them is stated")


def frame_agreement(table: pd.DataFrame, method: str, gates: dict[str, Gate]) -> str:
    """Markdown: how a frame method agrees with the coders, in the one line every validity note opens with
    (:func:`~analysis.reporting.gate.lead`), written from :func:`analysis.compare.validity.frame_validity`'s
    ``table`` (one row per frame: ``label``, ``part``, ``units``, ``f1`` with ``f1_low`` and ``f1_high``,
    ``alpha_method``, ``accuracy``, ``baseline``, ``baseline_class``): macro-F1 (the mean of the frames' F1),
    the weakest and the strongest frame's F1 with its 95% interval, the mean alpha, the mean accuracy against
    always answering the most common code, and what ``gates`` (frame id -> :class:`Gate` of this method) let
    the report claim.  An empty table (no test part) says so."""
    if table.empty:
        return (f"**{md(method)}**: the coded sheet has no test part (one article), so agreement cannot be "
                "measured on held-out text.")
    part = str(table["part"].iloc[0])
    scored = table.dropna(subset=["f1"]).sort_values("f1", kind="stable")
    if scored.empty:
        f1 = "F1 undefined for every frame (no frame coded or found)"
    else:
        each = lambda r: f"F1 {estimate(r['f1'], r['f1_low'], r['f1_high'])} for *{md(r['label'])}*"
        f1 = f"macro-F1 {scored['f1'].mean():.2f}"
        if len(scored) > 1:
            f1 += f" (lowest {each(scored.iloc[0])}, highest {each(scored.iloc[-1])})"
        else:
            f1 += f" ({each(scored.iloc[0])})"
    classes = table["baseline_class"].dropna().unique()
    always = f"“{md(classes[0])}”" if len(classes) == 1 else "the more common code of each frame"
    flatters = " (the lexicon was written with them in view, which flatters it)" if part == "in-sample" else ""
    figure = (f"the **{md(method)}** on {int(table['units'].iloc[0])} coded sentences, {md(part)}{flatters}: {f1}; "
              f"mean alpha with the coders {estimate(table['alpha_method'].mean())}; accuracy "
              f"{table['accuracy'].mean():.0%} against {table['baseline'].mean():.0%} for always answering {always}")
    if part != "held-out":            # the verdict below is the gates', which count held-out figures only
        figure += "; an in-sample figure never counts, the verdict rests on the frames' held-out figures"
    labels = dict(zip(table["frame"], table["label"]))
    clears, claim = frames_claim(gates, labels)
    return lead(clears, figure, claim)


def axis_sides(table: pd.DataFrame, part: str) -> str:
    """Markdown: on how many of the coded articles the dictionary's axis score has the coders' sign (``table``:
    one row per article, ``coders`` and ``dictionary``; an article either leaves undefined counts as agreeing),
    labelled with ``part`` (``"in-sample"`` when the articles include the part the lexicon is revised with:
    see :func:`analysis.compare.validity.parts_label`)."""
    same = (((table["coders"] > 0) == (table["dictionary"] > 0)) | table["coders"].isna()
            | table["dictionary"].isna())
    flatters = (" (these articles include the development part the lexicon is revised with, so this flatters it)"
                if part == "in-sample" else "")
    return (f"{part.capitalize()}{flatters}: the dictionary puts {int(same.sum())} of "
            f"{plural(len(table), 'article')} on the same side of the axis as the coders.")
