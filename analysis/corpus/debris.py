"""Scraper debris inside the article body: text that is on the page but is not the outlet's prose.

Line rules (:mod:`analysis.corpus.clean`) cannot see these, because they look
like prose one line at a time; they show only against the rest of the article:

* ``question_teaser``: a paragraph that is one question, not quoted, whose
  content words mostly reappear in the next paragraph ("How has the presence
  of foreign forces fueled tensions?" above "... the presence of foreign
  forces is fueling tensions ..."): a generated FAQ or teaser line.
* ``repeated_fragment``: a sentence opening a paragraph that repeats the end
  of an earlier sentence word for word ("Necessary actions to protect its
  forces." after "... will take necessary actions to protect its forces."):
  a cut-off fragment left where a scraper joined two page regions.

:func:`find_debris` takes the sentence rows of one article and returns the
rows to drop with the rule that drops them; the caller moves them to the
``removed`` table, so nothing disappears without a trace.
"""
from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .tokens import letter_words as _words

MIN_TEASER_WORDS = 8
TEASER_OVERLAP = 0.6
MIN_FRAGMENT_WORDS = 3


def _content(words: list[str]) -> set[str]:
    # crude stems: "fueled"/"fueling" share "fuel", enough to see a repeated question
    return {w[:5] for w in words if len(w) > 3 and w not in ENGLISH_STOP_WORDS}


def _is_question_teaser(row: dict, next_paragraph: str) -> bool:
    text = row["text"].strip()
    if not text.endswith("?") or row.get("quote_share", 0) > 0 or not next_paragraph:
        return False
    words = _words(text)
    if len(words) < MIN_TEASER_WORDS:
        return False
    mine = _content(words)
    return bool(mine) and len(mine & _content(_words(next_paragraph))) / len(mine) >= TEASER_OVERLAP


def _is_repeated_fragment(row: dict, words: list[str], endings: dict[tuple[str, ...], list[list[str]]]) -> bool:
    """Whether the sentence (its ``words``) repeats the end of an earlier, longer one (``endings``: earlier
    sentences by their last :data:`MIN_FRAGMENT_WORDS` words, so the check is a lookup, not a scan)."""
    n = len(words)
    if n < MIN_FRAGMENT_WORDS or not row["text"][:1].isupper():
        return False
    return any(len(prev) > n and prev[-n:] == words for prev in endings.get(tuple(words[-MIN_FRAGMENT_WORDS:]), ()))


def find_debris(rows: list[dict]) -> dict[int, str]:
    """``{index in rows: rule}`` for the debris among one article's sentence rows.

    ``rows`` need ``paragraph_id``, ``position`` and ``text`` (and
    ``quote_share``); only lead and body sentences are examined.
    """
    prose = [i for i, r in enumerate(rows) if r["position"] in ("lead", "body")]
    paragraphs: dict[int, list[int]] = {}
    for i in prose:
        paragraphs.setdefault(rows[i]["paragraph_id"], []).append(i)
    order = sorted(paragraphs)
    found: dict[int, str] = {}
    endings: dict[tuple[str, ...], list[list[str]]] = {}
    for k, pid in enumerate(order):
        members = paragraphs[pid]
        words_of = [_words(rows[i]["text"]) for i in members]      # each sentence's words read once
        # the next paragraph is read only for a paragraph of one question (a teaser needs both)
        if len(members) == 1 and k + 1 < len(order) and rows[members[0]]["text"].rstrip().endswith("?") \
                and _is_question_teaser(rows[members[0]], " ".join(rows[i]["text"] for i in paragraphs[order[k + 1]])):
            found[members[0]] = "question_teaser"
        elif _is_repeated_fragment(rows[members[0]], words_of[0], endings):
            found[members[0]] = "repeated_fragment"
        for words in words_of:
            if len(words) > MIN_FRAGMENT_WORDS:
                endings.setdefault(tuple(words[-MIN_FRAGMENT_WORDS:]), []).append(words)
    return found
