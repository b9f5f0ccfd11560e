"""Paragraphs, sentences, positions and quotation status of a cleaned article.

Sentence splitting is offline: the Punkt model shipped inside the ``nupunkt``
package (no pickles, no downloads), inside the items of a list, followed by
repairs that Punkt cannot learn from frequencies alone:

* list items are sentences: numbered (``1.``, ``1)``, ``(1)``), lettered
  (``a.``, ``a)``, ``(a)``) and bulleted (``•``, and ``-`` or ``*`` used as
  bullets) items are cut apart, on one line or over lines;
* a title such as "Lt." or "Gen." never ends a sentence, nor does "Jan." or
  "No." before a number, nor "!" or "?" before a word in lower case ("Jeopardy!
  host") or ending a name that carries it ("Yahoo! News");
* a clock time ("3 p.m.", "6 P.M.") ends a sentence before a capitalised word,
  unless that word continues the time ("3 p.m. Friday", "9 a.m. Baghdad time")
  or the time only introduced the sentence ("At 5 a.m. Mr. Hassan left").

Every step looks at a bounded window around each boundary, so splitting stays
linear in the length of the text.
"""
from __future__ import annotations

import hashlib
import re
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .clean import HEADLINE_MAX_WORDS, is_headline_like, n_words
from .metadata import split_dateline
from .tokens import ALNUM_CHAR, CAPITALISED_WORD, LETTER_RUN, LOWER_WORD, PAST_TENSE_WORD

# Abbreviations after which a sentence never ends.
_TITLES = (
    "Mr Mrs Ms Mx Dr Prof Gen Lt Col Maj Capt Cpt Sgt Cpl Pvt Adm Cmdr Cdr Brig Rep Reps Sen Sens "
    "Gov Govs Pres Rev Fr Sr St Ste Hon Amb Atty Supt Insp Det Gens Lieut Messrs vs v cf approx incl"
).split()
_BEFORE_NUMBER = "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec No Nos N° Nº № Vol Art Sec Fig Pt Ch".split()
_WORD_START = r"(?<![^\s(\"“'‘])"          # at the start of the text or after a space, bracket or quote
_TITLE_END = re.compile(_WORD_START + r"(?:" + "|".join(_TITLES) + r")\.\s*$")
_NUMBER_END = re.compile(_WORD_START + r"(?:" + "|".join(_BEFORE_NUMBER) + r")\.\s*$")
# Names whose exclamation mark belongs to them: "Yahoo! News" is no sentence end.
_BANG_NAMES = "Yahoo Jeopardy".split()
_BANG_NAME_END = re.compile(r"\b(?:" + "|".join(_BANG_NAMES) + r")!\s*$")
# "!" or "?" (and closing quotes) before a word in lower case: "“Stop!” he said" is one sentence.
_BANG_END = re.compile(r"[!?][\"”'’)]*\s*$")
_NAME_CHARS = max(len(w) for w in _TITLES + _BEFORE_NUMBER + _BANG_NAMES)   # the longest word of the three lists
_REPAIR_ENDS = frozenset(".!?\"”'’)")       # the last characters of a sentence that a repair may continue
_CLOCK = r"\d(?::\d\d)?\s*[aApP]\.[mM]\."
_CLOCK_END = re.compile(_CLOCK + r"\s*$")
# "3 p.m. Officials left" ends a sentence; "3 p.m. Friday", "3 p.m. EST", "3 p.m. Baghdad time" do not.
# "you and I. Did" ends one too: "I." after a word in lower case is the pronoun, not an initial.
_BREAK = re.compile(r"(?:(?P<clock>" + _CLOCK + r")|\b" + LOWER_WORD + r"\s+I\.)\s+"
                    r"(?=[\"“‘']?(?P<word>" + CAPITALISED_WORD + r")\b(?!\s+time\b))")
# What every match of _BREAK holds (a clock's "p.m.", a space before "I."): where none is, _BREAK is not tried.
_BREAK_HINT = re.compile(r"[aApP]\.[mM]\.|\sI\.")
_NOT_AFTER_CLOCK = set(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Wed Thu Fri Sat Sun "
    "January February March April May June July August September October November December "
    "ET EST EDT CT CST PT PST GMT UTC BST CET AST IST Eastern Central Pacific Mountain Greenwich Local".split()
)
# Words that may come before a time that only introduces its sentence ("Shortly after 6 a.m. Iraqi police ...").
_TIME_LEAD = set(
    "at by around about before after until till from since shortly just on early late approximately roughly some "
    "to between and or past nearly almost sometime soon in the morning afternoon evening night of".split()
) | {w.lower() for w in _NOT_AFTER_CLOCK}
_CLOCK_OR_NUMBER = re.compile(_CLOCK + r"|\d[\d:.,]*")
_WINDOW = 80    # characters looked at around a boundary
_TERMINAL = (".", "!", "?", "…", '"', "”", "’", "'", ")", "。", "！", "？", "」")
_CJK_END = re.compile(r"[。！？](?:[」』”）])?")
MAX_SENTENCE_CHARS = 1500   # a longer "sentence" (text without punctuation) is cut at spaces into pieces this long
_OPENERS = "“"
_CLOSERS = "”"

# List items.  A marker: "1." "1)" "1.)" "(1)" or the same with a letter, followed by a space.
_MARKER = re.compile(r"(?<!\S)(\()?(\d{1,2}|[A-Za-z])((?(1)\)|(?:\.\)|[.)])))(?=\s)")
_BULLETS = "•▪◦●‣■►"
_BULLET = re.compile(r"(?<!\S)[" + _BULLETS + r"](?=\s)")
_STAR = re.compile(r"(?<!\S)\*(?=\s)")
# A piece of text that is only a bullet or marker ("1.", "• 9."): the item goes on after it.
_MARKER_ONLY = re.compile(r"\s*(?=\S)(?:[" + _BULLETS + r"*-]\s*)?(?:\(?(?:\d{1,2}|[A-Za-z])(?:\)|\.\)|\.))?\s*$")
# A line opening with a list marker; "A. " is left out, it opens bylines ("J. Smith") as often as lists.
_LIST_LINE = re.compile(r"\s*(?:[" + _BULLETS + r"*-]|\(?\d{1,2}(?:\)|\.\)|\.)|\(?[a-z](?:\)|\.\)|\.)|\(?[A-Z]\))\s")


@dataclass(frozen=True)
class Block:
    """A structural unit of the article: headline, subtitle, heading or paragraph."""

    kind: str          # "headline", "subtitle", "heading", "paragraph"
    text: str
    line_no: int       # first input line of the block


@lru_cache(maxsize=1)
def _segmenter():
    import nupunkt  # loads its bundled model once

    return nupunkt.load("default").span_tokenize


def _punkt_bounds(text: str) -> list[int]:
    """Where Punkt's sentences start, then ``len(text)``: each sentence runs to the next one's start, as
    ``nupunkt.sent_spans`` gives them (without a copy of each sentence's text)."""
    bounds = [start for start, _ in _segmenter()(text)] or [0]
    bounds.append(len(text))
    return bounds


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of one paragraph, stripped of white space."""
    if not text.strip():
        return []
    out = []
    cjk = _hints(_CJK_END, text)
    for start, end in _split_more(text, _punkt_spans(text, list_cuts(text))):
        spans = _split_cjk(text, start, end) if _any_in(cjk, start, end) else ((start, end),)
        for a, b in _split_long(text, *spans) if end - start > MAX_SENTENCE_CHARS else spans:
            chunk = text[a:b]
            kept = chunk.strip()
            if kept:
                a += len(chunk) - len(chunk.lstrip())
                out.append((a, a + len(kept)))
    return out


def _hints(pattern: re.Pattern, text: str) -> list[int]:
    """Where ``pattern`` matches in ``text`` (starts, ascending): a repair whose pattern must hold one of these
    matches is tried only on the sentences that hold one, so a page of plain sentences skips it."""
    return [m.start() for m in pattern.finditer(text)]


def _any_in(hints: list[int], start: int, end: int) -> bool:
    """Whether a hint (see :func:`_hints`) starts in ``[start, end)``."""
    i = bisect_left(hints, start)
    return i < len(hints) and hints[i] < end


def list_cuts(text: str) -> list[int]:
    """Offsets where an item of a list written on one line begins (ascending, 0 excluded).

    An enumeration is a run of markers of one style counting up from 1, "a" or
    "A" ("1. ... 2. ...", "(a) ... (b) ...", "A) ... B) ..."), each item holding
    some text, whose first marker opens the text or follows a colon or a
    sentence end; an enumeration inside a sentence ("asked (a) whether ... and
    (b) who") stays in it.  Bullets: "•" (and similar signs) always; "*"
    between spaces when it opens the text or comes twice.  A "-" inside a line
    is read as a dash, never as a bullet: news text uses " - " for both, and
    as a dash far more often ("- Extending conciliation - more hearings"); a
    line that opens with "- " is a list item of its own (see :func:`is_list_item`).
    """
    cuts: set[int] = set()
    chains: dict[tuple, list[int]] = {}        # style -> starts of the markers of the open enumeration
    expected: dict[tuple, str] = {}            # style -> the value its next marker must have
    last_end = 0                               # end of the previous marker: an item must hold text
    for m in _MARKER.finditer(text):
        paren, value, close = m.groups()
        kind = "number" if value.isdigit() else "lower" if value.islower() else "upper"
        style = (bool(paren), kind, close)
        after_text = ALNUM_CHAR.search(text, last_end, m.start()) is not None
        last_end = m.end()
        if style in chains and expected[style] == value and after_text:
            chains[style].append(m.start())
        elif value in ("1", "a", "A") and _list_opens(text, m.start()):
            chains[style] = [m.start()]
        else:
            continue
        expected[style] = str(int(value) + 1) if value.isdigit() else chr(ord(value) + 1)
        if len(chains[style]) >= 2:
            cuts.update(chains[style])
    cuts.update(m.start() for m in _BULLET.finditer(text))
    stars = [m.start() for m in _STAR.finditer(text)]
    if len(stars) >= 2 or text.lstrip().startswith("* "):
        cuts.update(stars)
    cuts.discard(0)
    return sorted(cuts)


def _list_opens(text: str, pos: int) -> bool:
    """Whether a list may open at ``pos``: at the start of the text, after a colon or after a sentence end."""
    before = text[max(0, pos - _WINDOW):pos].rstrip().rstrip("\"”'’)")
    return pos <= _WINDOW and not before or before.endswith((":", ".", "!", "?"))


def _punkt_spans(text: str, cuts: list[int]) -> list[list[int]]:
    """Punkt's sentence spans, also cut where list items begin, and joined again where a repair says a
    sentence goes on (never across the start of a list item)."""
    pieces: list[tuple[int, int]] = []
    i = 0
    bounds = _punkt_bounds(text)
    for start, end in zip(bounds[:-1], bounds[1:]):
        while i < len(cuts) and cuts[i] <= start:
            i += 1
        while i < len(cuts) and cuts[i] < end:
            pieces.append((start, cuts[i]))
            start = cuts[i]
            i += 1
        pieces.append((start, end))
    item_starts = set(cuts)
    merged: list[list[int]] = []
    for start, end in pieces:
        if merged and start not in item_starts and _goes_on(text, merged[-1][0], merged[-1][1], start, end):
            merged[-1][1] = end
            continue
        merged.append([start, end])
    return merged


def _goes_on(text: str, prev_start: int, prev_end: int, start: int, end: int) -> bool:
    """Whether the sentence ``text[prev_start:prev_end]`` continues into ``text[start:end]``."""
    if prev_end - prev_start <= _WINDOW and _MARKER_ONLY.match(text, prev_start, prev_end):
        return True
    window = max(prev_start, prev_end - _WINDOW)
    # every other repair ends in the sentence's last visible character: read it before trying any pattern
    last = window + len(text[window:prev_end].rstrip()) - 1
    if last < window or text[last] not in _REPAIR_ENDS:
        return False
    nxt = text[start:min(end, start + _WINDOW)].lstrip()
    if text[last] == "!" and _BANG_NAME_END.search(text, max(window, last - _NAME_CHARS), prev_end):
        return True
    if text[last] in "!?\"”'’)":
        return bool(nxt[:1].islower() and _BANG_END.search(text, window, prev_end))
    # a "." (a title, a word before a number, a clock time): a title or word matches in the last few characters
    near = max(window, last - _NAME_CHARS)
    if _TITLE_END.search(text, near, prev_end) or (nxt[:1].isdigit() and _NUMBER_END.search(text, near, prev_end)):
        return True
    clock = text[last - 1:last] in ("m", "M") and _CLOCK_END.search(text, window, prev_end)
    if clock:
        word = m.group() if (m := LETTER_RUN.match(nxt)) else ""
        return (word[:1].islower() or word in _NOT_AFTER_CLOCK or re.match(r"\s*time\b", nxt[len(word):])
                or _introduces(text, prev_start, clock.start()))
    return False


def _introduces(text: str, start: int, clock_start: int) -> bool:
    """Whether the words from the sentence start to a clock time only introduce it ("At", "Shortly after",
    "Between 8 a.m. and"): then the time does not end the sentence."""
    if clock_start - start > _WINDOW:
        return False
    words = LETTER_RUN.findall(_CLOCK_OR_NUMBER.sub(" ", text[start:clock_start]))
    return all(w.lower() in _TIME_LEAD for w in words)


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


def _split_more(text: str, spans: list[list[int]]) -> list[tuple[int, int]]:
    """Spans also cut where Punkt missed an end: after a clock time followed by a capitalised word that starts a
    new sentence, and after the pronoun "I." followed by one."""
    out = []
    hints = _hints(_BREAK_HINT, text)
    for start, end in spans:
        if not _any_in(hints, start, end):
            out.append((start, end))
            continue
        cut = start
        for m in _BREAK.finditer(text, start, end):
            if not m.group("clock") or (m.group("word") not in _NOT_AFTER_CLOCK
                                        and not _introduces(text, cut, m.start("clock"))):
                out.append((cut, m.end()))
                cut = m.end()
        out.append((cut, end))
    return out


_MARKS = re.compile(f'[{_OPENERS}{_CLOSERS}"]')
_ASCII_ALNUM = np.array([chr(i).isalnum() for i in range(128)])


@lru_cache(maxsize=1)
def _bmp_alnum() -> np.ndarray:
    """``str.isalnum()`` of every character of the Basic Multilingual Plane (U+0000 to U+FFFF), by code."""
    return np.array([chr(i).isalnum() for i in range(0x10000)])


def alnum_mask(text: str) -> np.ndarray:
    """For each character, ``str.isalnum()``, as a boolean array (by table; beyond U+FFFF one by one)."""
    if text.isascii():
        return _ASCII_ALNUM[np.frombuffer(text.encode("ascii"), dtype=np.uint8)]
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    out = _bmp_alnum()[np.minimum(codes, 0xFFFF)]
    for i in np.flatnonzero(codes > 0xFFFF).tolist():
        out[i] = text[i].isalnum()
    return out


def quote_mask(text: str) -> np.ndarray:
    """For each character, whether it lies inside a double quotation (a boolean array).

    Curly marks open and close explicitly; straight double quotes toggle.  An
    unbalanced mark leaves the rest of the paragraph quoted, as in news style
    where a quote running on to the next paragraph is not closed.
    """
    mask, inside, pos = np.zeros(len(text), dtype=bool), False, 0
    for m in _MARKS.finditer(text):
        i = m.start()
        mask[pos:i] = inside                 # the characters since the last mark
        mask[i] = True                       # a mark is part of its quotation
        ch = m.group(0)
        inside = True if ch in _OPENERS else False if ch in _CLOSERS else not inside
        pos = i + 1
    mask[pos:] = inside
    return mask


def span_sums(values: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """``values[start:end].sum()`` for each span (``starts``, ``ends``: integer arrays of offsets into a boolean
    ``values``; an empty span sums to 0); a long text is summed in one pass, without a cumulative sum eight
    times its size."""
    if not len(starts):
        return np.zeros(0, dtype=np.int64)
    starts, ends = np.minimum(starts, len(values)), np.minimum(ends, len(values))
    if len(values) < _SHORT:
        cum = np.zeros(len(values) + 1, dtype=np.int64)
        np.cumsum(values, out=cum[1:])
        return np.maximum(cum[ends] - cum[starts], 0)
    bounds = np.empty(2 * len(starts), dtype=np.int64)
    bounds[0::2] = starts
    bounds[1::2] = ends
    sums = np.add.reduceat(np.append(values, False), bounds, dtype=np.int64)[0::2]
    sums[ends <= starts] = 0                   # reduceat gives values[start] for an empty span
    return sums


_SHORT = 100_000     # characters: below, a cumulative sum is cheaper than reduceat's bookkeeping


def _round4(values: np.ndarray) -> np.ndarray:
    """``round(value, 4)`` of each value as Python rounds a float (numpy's rounding differs near a tie)."""
    out = np.round(values, 4)
    scaled = values * 1e4
    for i in np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6).tolist():
        out[i] = round(float(values[i]), 4)
    return out


def quote_shares(mask: np.ndarray, letters: np.ndarray, starts: np.ndarray, ends: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """For each span, the share of its letters inside quotation marks, and whether its first letter is quoted.

    ``mask``: :func:`quote_mask`; ``letters``: :func:`alnum_mask`; a span
    without letters has a share of 0 and is judged by its first character.
    """
    n = span_sums(letters, starts, ends)
    share = np.zeros(len(starts))
    some = n > 0
    share[some] = span_sums(mask & letters, starts, ends)[some] / n[some]
    positions = np.flatnonzero(letters)
    first = starts.copy()
    if len(positions):
        nxt = positions[np.minimum(np.searchsorted(positions, starts), len(positions) - 1)]
        found = (nxt >= starts) & (nxt < ends)
        first[found] = nxt[found]
    return share, mask[first]


def is_list_item(line: str) -> bool:
    """Whether a line is, or holds, items of a list: it opens with a bullet or a marker ("1.", "a)", "(b)", "•"),
    or holds an enumeration or bullets on the line (see :func:`list_cuts`)."""
    return bool(_LIST_LINE.match(line)) or bool(list_cuts(line))


def join_wrapped(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Join hard-wrapped lines of one paragraph: a line that does not end a sentence, directly followed
    (no blank line between) by one starting in lower case that is no list item ("a) the first")."""
    out: list[tuple[int, str]] = []
    last_line = -2
    for line_no, text in lines:
        text = text.strip()
        if (out and line_no == last_line + 1 and not out[-1][1].endswith(_TERMINAL) and text[:1].islower()
                and not is_list_item(text)):
            out[-1] = (out[-1][0], f"{out[-1][1]} {text}")
        else:
            out.append((line_no, text))
        last_line = line_no
    return out


# A sentence-case first line ending in "." is a headline only when it is short and written in headline register:
# leads carry articles, past auxiliaries, past-tense attribution and the day; headlines drop them.
SENTENCE_CASE_TITLE_MAX_WORDS = 12
_LEAD_REGISTER = re.compile(
    r"\b(?:a|an|the|was|were|had|been|said|told|yesterday|today|tonight|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\b", re.IGNORECASE)


def is_standalone_title(line: str) -> bool:
    """Whether a first line set apart by a blank line reads as a headline although it ends in ".", "?" or "!".

    The rule (for text without a title in its metadata): 3 to ``HEADLINE_MAX_WORDS`` words, not a list item,
    and one of

    * written in title case (at least three quarters of its words of four or more letters capitalised:
      "Could the Taliban Take Over Afghanistan? Here's What We Know.", "Biden Wanted to Leave Afghanistan.
      He Knew the Risks.");
    * ending in "?" or "!" with no sentence of it but the last ending in ".";
    * in sentence case ending in ".", when it reads as a headline, not a one-sentence lead: one sentence only,
      at most ``SENTENCE_CASE_TITLE_MAX_WORDS`` words, no dateline ("BAGHDAD (Reuters) -"), and none of the
      words a lead carries and headline register drops (an article "a", "an", "the"; "was", "were", "had",
      "been"; "said", "told"; a weekday, "yesterday", "today"; a verb in the past tense ending in "-ed", as
      headlines tell past events in the present): "Iraq asks coalition to leave." is a headline, "Rebels seized
      the third city in a week." and "Protesters marched through Baghdad demanding troops leave." stay leads.
    """
    text = line.strip().rstrip("\"'”’)")
    if not 3 <= n_words(text) <= HEADLINE_MAX_WORDS or is_list_item(text) or not text.endswith((".", "?", "!")):
        return False
    words = [w for w in LETTER_RUN.findall(text) if len(w) >= 4]
    if words and sum(w[0].isupper() for w in words) >= 0.75 * len(words):
        return True
    spans = split_sentences(text)
    if text.endswith(("?", "!")):
        return not any(text[a:b].rstrip("\"'”’)").endswith(".") for a, b in spans[:-1])
    return (len(spans) == 1 and n_words(text) <= SENTENCE_CASE_TITLE_MAX_WORDS and not _LEAD_REGISTER.search(text)
            and not PAST_TENSE_WORD.search(text) and not split_dateline(text)[2])


def _first_line_stands_alone(kept: list[tuple[int, str]]) -> bool:
    """Whether the first non-blank kept line is followed by a blank line and then more text."""
    rest = [t for _, t in kept]
    while rest and not rest[0].strip():
        rest.pop(0)
    return len(rest) > 2 and not rest[1].strip() and any(t.strip() for t in rest[2:])


def structure(kept: list[tuple[int, str]], known_title: str | None = None) -> list[Block]:
    """Classify kept lines into headline, subtitle, headings and paragraphs.

    The headline is the first headline-like line of three or more words that
    comes before any prose (or the line equal to ``known_title`` from the
    input's metadata).  Without ``known_title``, a first line set apart by a
    blank line that ends in ".", "?" or "!" is the headline too when
    :func:`is_standalone_title` says so.  A second headline-like line right
    after the headline is the subtitle.  Later headline-like lines are
    section headings.  A list item ("1) Advisers stay", "• Talks continue")
    is a paragraph, however short.
    """
    lines = join_wrapped([(n, t) for n, t in kept if t.strip()])
    blocks: list[Block] = []
    title_done = False
    norm_title = " ".join(known_title.split()).lower() if known_title else None
    for idx, (line_no, text) in enumerate(lines):
        headline_like = is_headline_like(text) and not is_list_item(text)
        if not title_done:
            if norm_title and " ".join(text.split()).lower() == norm_title:
                blocks.append(Block("headline", text, line_no))
                title_done = True
                continue
            standalone = idx == 0 and _first_line_stands_alone(kept) and is_standalone_title(text)
            if not norm_title and ((headline_like and n_words(text) >= 3) or standalone):
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


SENTENCE_FIELDS = ("article_id", "sentence_id", "paragraph_id", "position", "text", "in_quote", "quote_share",
                   "line_no")


def _split_once(text: str, memo: dict | None) -> list[tuple[int, int]]:
    """:func:`split_sentences` of ``text``, through ``memo`` (a digest of the text -> its spans, flat) when given:
    a paragraph that recurs in a batch of pages (a syndicated copy) is split once, and the memo keeps no text."""
    if memo is None:
        return split_sentences(text)
    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    flat = memo.get(key)
    if flat is None:
        spans = split_sentences(text)
        memo[key] = array("q", [x for span in spans for x in span])
        return spans
    return list(zip(flat[0::2], flat[1::2]))


def sentence_columns(article_id: str, blocks: list[Block], split_memo: dict | None = None) -> dict:
    """The sentences of an article as columns (see :func:`sentence_rows`): lists for the text columns, arrays for
    the rest, so that a page of a million sentences holds no object per sentence but its text.  ``split_memo``:
    the paragraphs' splits shared by the articles of one batch (:func:`_split_once`)."""
    cols: dict = {name: [] for name in SENTENCE_FIELDS}
    starts, ends, masks, texts = [], [], [], []
    offset, lead_seen = 0, False
    for paragraph_id, block in enumerate(blocks):
        if block.kind == "paragraph":
            position = "body" if lead_seen else "lead"
            lead_seen = True
            spans = _split_once(block.text, split_memo)
        else:
            position = block.kind
            spans = [(0, len(block.text))]
        if not spans:
            continue
        # the blocks' letters and quotation marks side by side, so that one pass gives every sentence's share
        starts.append(np.fromiter((a for a, _ in spans), dtype=np.int64, count=len(spans)) + offset)
        ends.append(np.fromiter((b for _, b in spans), dtype=np.int64, count=len(spans)) + offset)
        masks.append(quote_mask(block.text))
        texts.append(block.text)
        offset += len(block.text)
        cols["text"].extend([block.text[a:b] for a, b in spans])
        cols["position"].extend([position] * len(spans))
        cols["paragraph_id"].append(np.full(len(spans), paragraph_id, dtype=np.int64))
        cols["line_no"].append(np.full(len(spans), block.line_no, dtype=np.int64))
        del spans
    n = len(cols["text"])
    cols["article_id"] = [article_id] * n
    cols["sentence_id"] = np.arange(n, dtype=np.int64)
    if n:
        share, first_quoted = quote_shares(np.concatenate(masks), alnum_mask("".join(texts)), np.concatenate(starts),
                                           np.concatenate(ends))
        del masks, texts
        cols["in_quote"] = (share >= 0.5) | first_quoted
        cols["quote_share"] = _round4(share)
        cols["paragraph_id"] = np.concatenate(cols["paragraph_id"])
        cols["line_no"] = np.concatenate(cols["line_no"])
    else:
        cols.update(in_quote=np.zeros(0, dtype=bool), quote_share=np.zeros(0), paragraph_id=np.zeros(0, np.int64),
                    line_no=np.zeros(0, np.int64))
    return {name: cols[name] for name in SENTENCE_FIELDS}


def sentence_rows(article_id: str, blocks: list[Block]) -> list[dict]:
    """One row per sentence, with the columns of the ``sentences`` table (plus ``quote_share`` and ``line_no``).

    ``in_quote`` is true for a sentence that opens inside a quotation ("“We
    stay,” he said.") or is mostly quoted; ``quote_share`` is the share of its
    letters inside quotation marks, for finer splits.
    """
    cols = sentence_columns(article_id, blocks)
    values = [c.tolist() if isinstance(c, np.ndarray) else c for c in cols.values()]
    return [dict(zip(cols, row)) for row in zip(*values)]
