"""What each report found, said first: the lines of the "What this report found" block that opens reports
00–05 (:meth:`analysis.reporting.notebook.Page.found`), which the index repeats under each report.

Each function takes the :class:`~analysis.reporting.study.Study` and returns 2–4 Markdown lines, written by the
functions of :mod:`analysis.reporting.findings` and :mod:`analysis.reporting.gate` that write the same findings
further down the report, so a line claims a difference only where the report does: through the measure's
validity gate.
"""
from __future__ import annotations

from ..errors import AnalysisError
from . import findings, gate
from .study import Study


def summary(study: Study) -> list[str]:
    """Report 00: who covered the story, the leading frame of each group and the axis (as report 04 says them), and
    the differences in sentence sentiment (as report 02 says them)."""
    return [corpus(study)[0], *framing(study)[1:], sentiment(study)[0]]


def corpus(study: Study) -> list[str]:
    """Report 01: how many articles from how many groups, copies, and over which dates."""
    return [findings.coverage(study.articles, study.counted, study.by, study.group_label),
            findings.date_span(study.counted, study.settings.compare.date)]


def sentiment(study: Study) -> list[str]:
    """Report 02: the differences in sentence sentiment it states, and the actor stances it calls."""
    return [findings.difference_line(study.table("sentiment"), study.by, group_label=study.group_label,
                                     what="mean sentence sentiment", more="more positive",
                                     gate=study.gate("sentiment")),
            findings.stance_line(study.table("actor_sentiment"), gate=study.gate("stance"),
                                 has_actors=bool(study.actor_labels), group_label=study.group_label)]


def topics(study: Study) -> list[str]:
    """Report 03: how many topics, how the number was chosen, and the largest topics."""
    try:
        fitted = study.topics()
    except (AnalysisError, ValueError) as exc:
        return [f"Topics could not be computed for this corpus: {findings.md(str(exc))}"]
    return [f"{fitted.k} topics over {len(fitted.texts)} {findings.md(study.settings.topics.unit)} units. "
            + findings.topic_choice(fitted.choice),
            findings.largest_topics(fitted.weights, fitted.labels)]


def framing(study: Study) -> list[str]:
    """Report 04: what the frames' validity lets it claim, the leading frame of each group, and the axis."""
    labels, gates = study.frame_labels(), study.frame_gates()
    clears, claim = findings.frames_claim(gates, labels)
    lines = [gate.lead(clears, f"frames found by {findings.md(study.frames_method)}", claim),
             findings.leading_frames(study.top_frames(), labels, study.by, gates=gates,
                                     group_label=study.group_label)]
    if study.axis_placeholder:
        lines.append("No story axis: the frames given (--frames / frames=) do not hold the study's axis frames "
                     "(axis.positive, axis.negative; see the axis section)." if study.settings.axis_dropped else
                     "No story axis: the study does not name the two frames of one (see the axis section).")
    else:
        positive, negative = (labels[p] for p in study.axis_poles)
        lines.append(findings.difference_line(
            study.table("axis"), study.by, group_label=study.group_label, gate=study.gate("axis"),
            what=f"the *{findings.md(positive)}* (+1) vs *{findings.md(negative)}* (−1) axis",
            more=f"further towards *{findings.md(positive)}*"))
    return lines


def frame_validation(study: Study) -> list[str]:
    """Report 05: each frame method's agreement with the coders on held-out text."""
    lines = []
    for method in ("dictionary", "classifier"):
        table = study.frame_validity(method)
        if table is None:
            return ["The study names no coded sheet: agreement with the coders cannot be measured."]
        lines.append(findings.frame_agreement(table, method, study.frame_gates(method)))
    return lines
