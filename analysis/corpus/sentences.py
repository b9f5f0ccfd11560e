"""Paragraphs, sentences, positions and quotation status of a cleaned article.

Sentence splitting is offline: the Punkt model shipped inside the ``nupunkt``
package (no pickles, no downloads), followed by one repair that Punkt cannot
learn from frequencies alone: a title such as "Lt." or "Gen." never ends a
sentence, nor does "Jan." or "No." before a number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .clean import is_headline_like, n_words

# Abbreviations after which a sentence never ends.
_TITLES = (
    "Mr Mrs Ms Mx Dr Prof Gen Lt Col Maj Capt Cpt Sgt Cpl Pvt Adm Cmdr Cdr Brig Rep Reps Sen Sens "
    "Gov Govs Pres Rev Fr Sr St Ste Hon Amb Atty Supt Insp Det Gens Lieut Messrs"
).split()
_BEFORE_NUMBER = "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec No Nos Vol Art Sec Fig Pt Ch".split()
_TITLE_END = re.compile(r"(?:^|[\s(\"“])(?:" + "|".join(_TITLES) + r")\.\s*$")
_NUMBER_END = re.compile(r"(?:^|[\s(\"“])(?:" + "|".join(_BEFORE_NUMBER) + r")\.\s*$")
# "3 p.m. Officials left" ends a sentence; "3 p.m. Friday", "3 p.m. EST", "3 p.m. Baghdad time" do not.
_CLOCK_BREAK = re.compile(r"\b[ap]\.m\.\s+(?=([A-Z][a-z]*)\b(?!\s+time\b))")
_NOT_AFTER_CLOCK = set(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Wed Thu Fri Sat Sun "
    "January February March April May June July August September October November December "
    "ET EST EDT CT CST PT PST GMT UTC BST CET AST IST Eastern Central Pacific Mountain Greenwich Local".split()
)
_TERMINAL = (".", "!", "?", "…", '"', "”", "’", "'", ")", "。", "！", "？", "」")
_CJK_END = re.compile(r"[。！？](?:[」』”）])?")
MAX_SENTENCE_CHARS = 1500   # a longer "sentence" (text without punctuation) is cut at spaces into pieces this long
_OPENERS = "“"
_CLOSERS = "”"


@dataclass(frozen=True)
class Block:
    """A structural unit of the article: headline, subtitle, heading or paragraph."""

    kind: str          # "headline", "subtitle", "heading", "paragraph"
    text: str
    line_no: int       # first input line of the block


@lru_cache(maxsize=1)
def _segmenter():
    import nupunkt  # loads its bundled model once

    return nupunkt.sent_spans_with_text


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of one paragraph, stripped of white space."""
    if not text.strip():
        return []
    spans = [span for _, span in _segmenter()(text)]
    merged: list[list[int]] = []
    for start, end in spans:
        if merged:
            prev = text[merged[-1][0]:merged[-1][1]]
            nxt = text[start:end].lstrip()
            if _TITLE_END.search(prev) or (_NUMBER_END.search(prev) and nxt[:1].isdigit()):
                merged[-1][1] = end
                continue
        merged.append([start, end])
    out = []
    for start, end in _split_after_clock(text, merged):
        for a, b in _split_long(text, *_split_cjk(text, start, end)):
            chunk = text[a:b]
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            if b - trail > a + lead:
                out.append((a + lead, b - trail))
    return out


def _split_cjk(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans cut after Chinese and Japanese full stops, which Punkt does not know."""
    cuts = [m.end() for m in _CJK_END.finditer(text, start, end) if m.end() < end]
    bounds = [start, *cuts, end]
    return list(zip(bounds[:-1], bounds[1:]))


def _split_long(text: str, *spans: tuple[int, int]) -> list[tuple[int, int]]:
    """Spans of at most :data:`MAX_SENTENCE_CHARS`, cut at the last space before the limit.

    Every later step is linear in the number of sentences only if no sentence
    is unbounded: a page without sentence punctuation would otherwise be one
    sentence of a megabyte.
    """
    out = []
    for start, end in spans:
        while end - start > MAX_SENTENCE_CHARS:
            cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
            cut = cut if cut > start else start + MAX_SENTENCE_CHARS
            out.append((start, cut))
            start = cut
        out.append((start, end))
    return out


def _split_after_clock(text: str, spans: list[list[int]]) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        cut = start
        for m in _CLOCK_BREAK.finditer(text, start, end):
            if m.group(1) not in _NOT_AFTER_CLOCK:
                out.append((cut, m.end()))
                cut = m.end()
        out.append((cut, end))
    return out


def quote_mask(text: str) -> list[bool]:
    """For each character, whether it lies inside a double quotation.

    Curly marks open and close explicitly; straight double quotes toggle.  An
    unbalanced mark leaves the rest of the paragraph quoted, as in news style
    where a quote running on to the next paragraph is not closed.
    """
    mask, inside = [], False
    for ch in text:
        if ch in _OPENERS:
            inside = True
            mask.append(True)
        elif ch in _CLOSERS:
            mask.append(True)
            inside = False
        elif ch == '"':
            mask.append(True)
            inside = not inside
        else:
            mask.append(inside)
    return mask


def _first_letter(text: str, start: int, end: int) -> int:
    return next((i for i in range(start, end) if text[i].isalnum()), start)


def quote_share(mask: list[bool], text: str, start: int, end: int) -> float:
    letters = [mask[i] for i in range(start, end) if text[i].isalnum()]
    return sum(letters) / len(letters) if letters else 0.0


def join_wrapped(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Join hard-wrapped lines of one paragraph: a line that does not end a sentence, directly followed
    (no blank line between) by one starting in lower case."""
    out: list[tuple[int, str]] = []
    last_line = -2
    for line_no, text in lines:
        text = text.strip()
        if out and line_no == last_line + 1 and not out[-1][1].endswith(_TERMINAL) and text[:1].islower():
            out[-1] = (out[-1][0], f"{out[-1][1]} {text}")
        else:
            out.append((line_no, text))
        last_line = line_no
    return out


def structure(kept: list[tuple[int, str]], known_title: str | None = None) -> list[Block]:
    """Classify kept lines into headline, subtitle, headings and paragraphs.

    The headline is the first headline-like line of three or more words that
    comes before any prose (or the line equal to ``known_title`` from the
    input's metadata); a second headline-like line right after it is the
    subtitle.  Later headline-like lines are section headings.
    """
    lines = join_wrapped([(n, t) for n, t in kept if t.strip()])
    blocks: list[Block] = []
    title_done = False
    norm_title = " ".join(known_title.split()).lower() if known_title else None
    for idx, (line_no, text) in enumerate(lines):
        headline_like = is_headline_like(text)
        if not title_done:
            if norm_title and " ".join(text.split()).lower() == norm_title:
                blocks.append(Block("headline", text, line_no))
                title_done = True
                continue
            if not norm_title and headline_like and n_words(text) >= 3:
                blocks.append(Block("headline", text, line_no))
                title_done = True
                continue
            title_done = True  # prose first: the title is not in the text
        if (headline_like and blocks and blocks[-1].kind == "headline" and len(blocks) == 1
                and idx + 1 < len(lines)):
            blocks.append(Block("subtitle", text, line_no))
        elif headline_like and n_words(text) <= 15 and idx + 1 < len(lines):
            blocks.append(Block("heading", text, line_no))
        else:
            blocks.append(Block("paragraph", text, line_no))
    return blocks


def sentence_rows(article_id: str, blocks: list[Block]) -> list[dict]:
    """One row per sentence, with the columns of the ``sentences`` table (plus ``quote_share`` and ``line_no``).

    ``in_quote`` is true for a sentence that opens inside a quotation ("“We
    stay,” he said.") or is mostly quoted; ``quote_share`` is the share of its
    letters inside quotation marks, for finer splits.
    """
    rows: list[dict] = []
    lead_seen = False
    for paragraph_id, block in enumerate(blocks):
        if block.kind == "paragraph":
            position = "body" if lead_seen else "lead"
            lead_seen = True
            spans = split_sentences(block.text)
        else:
            position = block.kind
            spans = [(0, len(block.text))]
        mask = quote_mask(block.text)
        for start, end in spans:
            share = quote_share(mask, block.text, start, end)
            rows.append({
                "article_id": article_id,
                "sentence_id": len(rows),
                "paragraph_id": paragraph_id,
                "position": position,
                "text": block.text[start:end],
                "in_quote": share >= 0.5 or mask[_first_letter(block.text, start, end)],
                "quote_share": round(share, 4),
                "line_no": block.line_no,
            })
    return rows
