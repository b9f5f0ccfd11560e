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


def link(label, url) -> str:
    """An HTML link when ``url`` is safe, else the label as text."""
    target = safe_url(url)
    if target is None:
        return html_text(label)
    return f'<a href="{html.escape(target, quote=True)}" rel="noopener noreferrer">{html_text(label)}</a>'


# column names of the tables (kept in the CSV files) and the headings a reader sees
HEADINGS = {
    "ci_low": "95% interval, low", "ci_high": "95% interval, high", "ci_unit": "interval resamples",
    "n": "n", "n_articles": "articles", "n_sentences": "sentences (lead and body)", "n_words": "words", "n_units": "units",
    "per_1k_words": "per 1,000 words", "sentence_share": "share of sentences", "source_label": "source",
    "article_id": "article", "sentence_id": "sentence", "paragraph_id": "paragraph", "unit_id": "unit",
    "alpha_method": "alpha (coders vs method)", "alpha_coders": "alpha (between coders)", "f1": "F1",
    "f1_low": "F1, 95% low", "f1_high": "F1, 95% high", "kwic": "in context", "dup_group": "copy of",
    "is_primary": "counted", "flag": "caveat",
}


def heading(name) -> str:
    """The heading shown for a column: a known name's words, else the name with underscores as spaces."""
    text = str(name)
    return HEADINGS.get(text, text.replace("_", " "))


def cell_text(v, float_format: str = "{:.3g}") -> str:
    """A cell as a reader should see it: no NaN, no 1e-18 (a rounding error shown as 0), lists joined by '; '."""
    if isinstance(v, float):
        if pd.isna(v):
            return ""
        return "0" if abs(v) < 1e-9 else float_format.format(v)
    if isinstance(v, (list, tuple, set)) or type(v).__name__ == "ndarray":
        return "; ".join(plain(x) for x in v)
    return plain(v)


def table(frame: pd.DataFrame, max_rows: int | None = None, float_format: str = "{:.3g}") -> str:
    """An HTML table with every cell and header escaped, headings in words (:func:`heading`), cells as a reader
    reads them (:func:`cell_text`); an empty table says so instead of drawing an empty grid."""
    shown = frame if max_rows is None else frame.head(max_rows)
    if shown.empty:
        return "<p><em>No rows.</em></p>"

    def cell(v) -> str:
        text = html.escape(cell_text(v, float_format), quote=True)
        number = isinstance(v, numbers.Real) and not isinstance(v, (bool, np_bool))
        return f'<td class="num">{text}</td>' if number else f"<td>{text}</td>"

    head = "".join(f"<th>{html_text(heading(c))}</th>" for c in shown.columns)
    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>"
                   for row in shown.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
