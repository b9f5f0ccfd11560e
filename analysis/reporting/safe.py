"""One safe-text path for everything user-derived that reaches a report.

Titles, outlet names, speakers, terms, folder names and evidence sentences
come from scraped pages and user files.  In a report they must show as text
and never act: no HTML element, no Markdown link or image (a remote image
would be fetched when the report opens), no entity that decodes to
``javascript:``, no code span broken out of, no maths.

* :func:`md` makes a value safe inside Markdown: HTML-escaped (``&``
  included, so ``&#106;avascript:`` shows as typed) and every Markdown
  punctuation character backslash-escaped.
* :func:`code` shows a value as code without backtick spans (``<code>`` with
  HTML escaping), so a backtick in a folder name cannot end the span.
* :func:`link` allows only http(s) and relative links; anything else is text.
* :func:`table` renders a DataFrame as an escaped HTML table.
"""
from __future__ import annotations

import html
import numbers
import re
from urllib.parse import urlsplit

import pandas as pd
from numpy import bool_ as np_bool

# Markdown's punctuation (CommonMark's escapable ASCII), plus $ for maths renderers.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def plain(value) -> str:
    """Text without control characters or bidi overrides, newlines folded to spaces."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    return " ".join(_CONTROL.sub("", text).split())


def md(value) -> str:
    """``value`` as inert Markdown text (HTML-escaped, Markdown punctuation escaped)."""
    escaped = html.escape(plain(value), quote=True)
    # html.escape produced entities (&amp; &lt; ...): escape the punctuation outside them only
    parts = re.split(r"(&(?:amp|lt|gt|quot|#x27);)", escaped)
    return "".join(p if p.startswith("&") and p.endswith(";") else _MD_SPECIAL.sub(r"\\\1", p) for p in parts)


def html_text(value) -> str:
    """``value`` as inert HTML text."""
    return html.escape(plain(value), quote=True)


def code(value) -> str:
    """``value`` shown as code, safely (an HTML ``<code>`` element, not a backtick span)."""
    return f"<code>{html.escape(plain(value), quote=True)}</code>"


def safe_url(url) -> str | None:
    """The URL when it is http(s) or relative (no scheme, no ``//host``), else None."""
    text = plain(url)
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return text
    first_segment = text.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if not parts.scheme and not parts.netloc and not text.startswith(("//", "\\")) and ":" not in first_segment:
        return text          # relative: no scheme of any spelling, no host
    return None


def bullets(items) -> str:
    """A Markdown list, one item a line (empty items left out)."""
    return "\n".join(f"- {item}" for item in items if item)


def and_list(items, last: str = "and") -> str:
    """``items`` (strings) in a sentence: "a", "a and b", "a, b and c" (``last`` "or": "a, b or c")."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def folded(text: str, details: str, summary: str = "How this was measured") -> str:
    """Markdown: ``text`` (a sentence or two), then ``details`` folded under a one-line ``summary`` (an HTML
    ``<details>`` block the reader opens with a click).  ``text`` and ``details`` are Markdown the caller has
    made safe; ``summary`` is plain text.  Without ``details``, just ``text``."""
    if not details:
        return text
    return f"{text}\n\n<details><summary>{html_text(summary)}</summary>\n\n{details}\n\n</details>\n"


def link(label, url) -> str:
    """An HTML link when ``url`` is safe, else the label as text."""
    target = safe_url(url)
    if target is None:
        return html_text(label)
    return f'<a href="{html.escape(target, quote=True)}" rel="noopener noreferrer">{html_text(label)}</a>'


# column names of the tables (kept in the CSV files) and the headings a reader sees: each says in words what the
# column holds; a heading that needs more than a few words has a note under the table (COLUMN_NOTES)
HEADINGS = {
    "ci_low": "95% interval, low", "ci_high": "95% interval, high", "ci_unit": "interval computed over",
    "n": "count (n)", "n_articles": "articles", "n_sentences": "sentences (lead and body)", "n_words": "words",
    "n_units": "coded units",
    "per_1k_words": "per 1,000 words", "sentence_share": "share of sentences", "source_label": "outlet",
    "article_id": "article", "sentence_id": "sentence", "paragraph_id": "paragraph", "unit_id": "unit",
    "alpha_method": "agreement, coders vs method (alpha)", "alpha_coders": "agreement between coders (alpha)",
    "f1": "F1", "f1_low": "F1, 95% low", "f1_high": "F1, 95% high", "kwic": "in context",
    "dup_group": "copy of", "is_primary": "counted", "flag": "caveat (see below)",
    "own_share": "outlet's own words (share)", "direct_share": "direct quotes (share)",
    "reported_share": "reported speech (share)",
    "mean_compound": "mean sentiment", "headline_compound": "headline sentiment", "lead_compound": "lead sentiment",
    "own_compound": "sentiment of own words", "direct_compound": "sentiment of direct quotes",
    "reported_compound": "sentiment of reported speech", "compound": "sentiment",
    "share_negative": "share of negative sentences", "share_positive": "share of positive sentences",
    "actor_label": "actor, in words",
    "speaker_kind": "kind of speaker",
    "evidence_sentences": "sentences evoking it", "pole_sentences": "sentences evoking either frame of the axis",
    "z": "distinctiveness (z)",
    "dup_kind": "kind of copy", "dup_similarity": "similarity to the counted copy", "line_no": "line",
    "stability_se": "stability, standard error", "score_se": "score, standard error",
    "near_best": "within one standard error of the best", "at_edge": "largest k tried",
    "blind_spots": "blind spots", "only_here": "facts only it states",
    "unsure_blind_spots": "blind spots too loosely grouped to state",
    "support": "similarity to other articles' sentences of the fact", "confident": "grouped with confidence",
    "rule_name": "cleaning rule", "rule": "rule id",
    "thin": "too little evidence to judge", "reason": "why", "runner_up": "runner-up frame",
    "clear_lead": "clearly ahead of the runner-up", "delta": "effect size", "note": "note",
    # the corpus: where each value came from, and the stored measures' other columns
    "source_path": "file", "n_removed": "lines removed", "outlet_source": "outlet taken from",
    "outlet_evidence": "outlet, evidence", "relayed_source": "relays copy of",
    "relayed_source_evidence": "relays copy of, evidence", "published_evidence": "publication date, evidence",
    "in_quote": "mostly quoted", "quote_share": "quoted (share of letters)",
    "speaker_raw": "speaker as written", "speaker_start": "speaker starts at (character)",
    "speaker_end": "speaker ends at (character)",
    "compound_plain": "sentiment, plain VADER (−1 to +1)", "weighted_share": "share of sentences, weighted by position",
    "score_model": "stance score, classifier alone (−1 to +1)",
    "score_general": "stance score, general pipeline (−1 to +1)", "stance_general": "stance, general pipeline",
    "stance_method": "stance from", "topic_label": "topic",
    # facts
    "fact_id": "fact", "group_articles": "articles in the event", "evidence_id": "evidence (article:sentence)",
    "evidence_ids": "evidence (article:sentence)",
    # validation against hand coding
    "fires": "sentences it matches", "false_alarms": "matches the coders did not code",
    "baseline_class": "coders' most frequent code",
}

# headings that name the groups compared: "{group}" is what the study's grouping calls one
# (:func:`analysis.compare.groups.called`: "outlet", "leaning"), "{groups}" more than one (:func:`group_headings`)
GROUP_HEADINGS = {
    "share_of_group": "share of the {group}'s quotes", "count": "uses by this {group}",
    "count_rest": "uses by the other {groups}", "shared_facts": "facts shared with other {groups}",
    "shared_available": "facts two or more {groups} state", "n_groups": "{groups} stating it",
    "carried_by": "other {groups} stating it",
}


def group_headings(group: str) -> dict[str, str]:
    """The headings of :data:`GROUP_HEADINGS` for groups called ``group`` ("outlet", "leaning", "country ×
    leaning"): ``{"share_of_group": "share of the leaning's quotes", "n_groups": "leanings stating it", ...}``."""
    return {k: v.format(group=group, groups=f"{group}s") for k, v in GROUP_HEADINGS.items()}


HEADINGS.update(group_headings("outlet"))    # a table shown without its study (tests, the CSV's readers)
COMPARED_AS = "compared as"     # the heading of ``source_label`` in a table that also shows the publisher (``outlet``)

# what a heading cannot say in a few words, said once under the table that shows the column
COLUMN_NOTES = {
    "speaker_kind": ("Kind of speaker: person, a full name; organisation, any other name or an actor of the study; "
                     "document, a document, rule or other coverage with no author named; unnamed, a pronoun the "
                     "article never names or a description with no name (“officials”)."),
    "ci_unit": ("Interval computed over: the 95% interval comes from resampling these units (articles, or "
                "sentences when an outlet has too few articles); “formula” means every value was alike, so Wilson's "
                "formula for a proportion gives the range; “no interval” means too few values for one."),
    "n": "Count (n): how many sentences, mentions or units the row's figures rest on.",
    "own_share": ("Own words, direct quotes, reported speech: how much of each sentence's text is the outlet's own "
                  "prose, words inside quotation marks, or a paraphrase attributed to someone (“the minister said "
                  "that …”), averaged over the lead and body sentences; the three add up to 100%."),
    "mean_compound": ("Sentiment is VADER's compound score of a sentence, from −1 (most negative) to +1 (most "
                      "positive); about 0 is neutral."),
    "alpha_method": ("Alpha is Krippendorff's alpha: agreement beyond what chance would give, 1 for perfect "
                     "agreement, 0 for none beyond chance."),
    "f1": "F1 combines precision (how many of the method's hits are right) and recall (how many true cases it finds).",
    "weighted_share": ("Share of sentences, weighted by position: a headline counts three times, a subtitle or lead "
                       "twice, a body sentence or heading once."),
    "delta": ("Effect size: how much more often the row's group (its outlet, leaning...) uses the term than the "
              "other groups do, as a log ratio (of odds for log-odds, of rates for chi-square): 0 is no difference, "
              "0.69 twice as often."),
    "z": ("Distinctiveness (z): how much more the row's group (its outlet, leaning...) uses the term than the "
          "other groups do, in standard errors (by the study's scorer, named above the table); a term is listed "
          "only above the study's threshold."),
    "role": ("Role of the actor in its clause: agent, the subject doing something; speaker, the one making a "
             "statement (scored without the words it is reported to say); target, the one attacked, threatened or "
             "pressured (scored neutral: being attacked says nothing bad about it); aggressor, the one attacking or "
             "threatening; criticised, the one blamed, condemned or accused; ousted, the one told to leave or "
             "removed; kept, the one wanted to stay; described, the one a description is about (“sees the US as "
             "a partner”); event, part of the name of an event or a relation (a country or place in “the … war” or "
             "“… ties”); "
             "topic, mentioned in any other way."),
}
# columns that share a note: the note is given once when any of them is shown
_NOTE_OF = {"direct_share": "own_share", "reported_share": "own_share", "compound": "mean_compound",
            "headline_compound": "mean_compound", "lead_compound": "mean_compound", "own_compound": "mean_compound",
            "direct_compound": "mean_compound", "reported_compound": "mean_compound", "alpha_coders": "alpha_method"}


INTERVAL_SUFFIX = " (95% interval)"     # a column showing an estimate with its interval: "f1 (95% interval)"


def _base(name) -> str:
    text = str(name)
    return text[: -len(INTERVAL_SUFFIX)] if text.endswith(INTERVAL_SUFFIX) else text


def column_notes(columns) -> list[str]:
    """The notes (:data:`COLUMN_NOTES`) explaining the headings of ``columns``, each once, in column order."""
    keys = [_NOTE_OF.get(_base(c), _base(c)) for c in columns]
    return [COLUMN_NOTES[k] for k in dict.fromkeys(keys) if k in COLUMN_NOTES]


def heading(name) -> str:
    """The heading shown for a column: a known name's words, else the name with underscores as spaces (a
    column with its interval, ``X (95% interval)``, is headed by ``X``'s words)."""
    text = str(name)
    if text.endswith(INTERVAL_SUFFIX) and text != INTERVAL_SUFFIX:
        return heading(_base(text)) + INTERVAL_SUFFIX
    return HEADINGS.get(text, text.replace("_", " "))


def cell_text(v, float_format: str | None = None, grouped: bool = True, fraction: bool = False) -> str:
    """A cell as a reader should see it: a number in the house form of
    :func:`analysis.reporting.intervals.figure` ("39,533", "−0.66", "0.0032"; a rounding error such as 1e-18 as
    "0"; ``float_format`` instead for a fraction when given; ``grouped=False`` writes an integer without thousands
    separators, for an id or a year; ``fraction``: the cell's column holds fractions, so a whole-valued float
    takes their precision, "1.00" beside "0.98"), no NaN, lists joined by '; ', a date at midnight as the date
    alone ("2021-07-26")."""
    from .intervals import figure, number

    if isinstance(v, (bool, np_bool)):
        return plain(v)
    if isinstance(v, numbers.Integral):
        return figure(v) if grouped else number(int(v), "{:d}")
    if isinstance(v, float):
        if pd.isna(v):
            return ""
        return number(v, float_format) if float_format and abs(v) >= 1e-9 else figure(v, fraction)
    if isinstance(v, (list, tuple, set)) or type(v).__name__ == "ndarray":
        return "; ".join(plain(x) for x in v)
    if v is pd.NaT:
        return ""
    if isinstance(v, pd.Timestamp):        # a period's first day is a date, as in the CSV: no "00:00:00"
        return v.strftime("%Y-%m-%d" if v == v.normalize() else "%Y-%m-%d %H:%M")
    return plain(v)


def is_identifier(column) -> bool:
    """A column of numbers that name something (``sentence_id``, ``year``): written without thousands separators."""
    name = str(column).lower()
    return name == "id" or name.endswith("_id") or name in ("year", "line_no")


def table(frame: pd.DataFrame, max_rows: int | None = None, float_format: str | None = None) -> str:
    """An HTML table with every cell and header escaped, headings in words (:func:`heading`), cells as a reader
    reads them (:func:`cell_text`; an id column, :func:`is_identifier`, without thousands separators; a column
    holding a fraction writes its whole-valued floats as fractions too, "1.00" beside "0.98"); an empty table says
    so instead of drawing an empty grid."""
    from .intervals import fractions

    shown = frame if max_rows is None else frame.head(max_rows)
    if shown.empty:
        return "<p><em>No rows.</em></p>"

    def cell(v, grouped: bool, fraction: bool) -> str:
        text = html.escape(cell_text(v, float_format, grouped, fraction), quote=True)
        number = isinstance(v, numbers.Real) and not isinstance(v, (bool, np_bool))
        return f'<td class="num">{text}</td>' if number else f"<td>{text}</td>"

    grouped = [not is_identifier(c) for c in shown.columns]
    fraction = [fractions(shown.iloc[:, i]) for i in range(shown.shape[1])]    # one precision down a column
    head = "".join(f"<th>{html_text(heading(c))}</th>" for c in shown.columns)
    body = "".join("<tr>" + "".join(cell(v, g, f) for v, g, f in zip(row, grouped, fraction)) + "</tr>"
                   for row in shown.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
