"""Whose words a sentence carries: the outlet's own prose, direct quotation, reported speech.

For each paragraph, :func:`attributions` finds

* **direct quotations**: spans inside double quotation marks (straight or
  curly; an opening mark never closed runs to the end of the paragraph, as in
  news style for a quote that continues), with the attribution before or
  after them within :data:`WINDOW_BEFORE` / :data:`WINDOW_AFTER` words of the
  same sentence ('"...," the official said', 'Jane Roe said: "..."', 'He
  stressed the need for a "process of dialogue"'); a quotation of a few words
  with no attribution, inside the outlet's sentence, is a term held at a
  distance (a scare quote, a title, a slogan), not a statement;
* **reported speech**: a speaker and a verb of saying or stance from the
  speech lexicon (``lexicons/speech_default.toml``: "asserted", "expressed",
  "condemned", "called for" ...) with what follows it, "according to X" in any
  position, participles that continue the same speaker ("..., stating that"),
  inverted attributions ("..., the Pentagon said."), passives with an agent
  ("are claimed by X") and nouns of saying with a that-clause ("the
  administration's assertion that ...").

The speaker is the noun phrase the grammar gives the verb, never a
conjunction, relative pronoun or preposition; auxiliaries and adverbs
between them ("have", "also") are skipped, and so is the time that follows
a speaker ("Biden on Thursday", "the minister last week"; a place stays:
"officials in Ankara" is who spoke); a day or a date is never a speaker.  A document as the subject ("a statement on
Saturday that said") speaks for the subject of the verb that issued it when
the sentence names one ("Hochul issued ...").  :func:`voice_shares` turns the
spans into the ``own_share``, ``direct_share`` and ``reported_share`` of each
sentence's letters (summing to 1); the attribution words themselves are the
outlet's own.  Speakers are resolved to names and actors by the quotes
measure (:mod:`analysis.measures.quotes`).

Everything is linear in the length of a paragraph: quote marks by one regex
and prefix sums, words by one tokenisation, lexicon look-ups in sets.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from array import array
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import CorpusError
from ..schema import ATTRIBUTION_COLUMNS, VOICE_SHARES
from .sentences import alnum_mask, span_sums
from .speech import Speech, load_speech  # noqa: F401  (load_speech: where callers have always found it)
from .tokens import SPEECH_TOKEN

WINDOW_BEFORE = 14      # words between an attribution verb and the quote after it
WINDOW_AFTER = 10       # words between a quote and the attribution after it
MAX_SPEAKER_WORDS = 10
_QUOTE_MARK = re.compile(r"[\"“”]")
_AUX = frozenset("has have had was were is are be been being also further then repeatedly reportedly again publicly often "
                 "firmly specifically consistently recently previously later earlier once already still strongly "
                 "sharply openly privately formally quickly swiftly immediately separately personally itself "
                 "himself herself themselves".split())
_PASSIVE = frozenset("was were is are been be being".split())
# time expressions after a speaker ("Biden on Thursday said", "the minister last week warned"): never part of it
_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday yesterday today tonight".split())
_MONTHS = frozenset("january february march april may june july august september october november december".split())
_TIME_NOUNS = frozenset("morning afternoon evening night week weekend month year day days weeks months years hour "
                        "hours decade".split())
_TIME_LEADS = frozenset("on at during last this next late early earlier later in from since".split())
_TIMES = _DAYS | _MONTHS | _TIME_NOUNS
# documents: as the subject of a verb of saying, their author when the sentence names one
DOCUMENTS = frozenset("memo memorandum letter report rule rules order guidance statement release filing ruling "
                      "policy bill law study survey document notice plan mandate regulation directive lawsuit "
                      "petition editorial post tweet email note paper brief decree resolution proclamation "
                      "guidelines communique".split())
SCARE_QUOTE_WORDS = 6   # an unattributed quotation of at most this many words, inside a sentence, is a term
_RELAY = frozenset("report quote cite".split())       # "reported by TASS" names a relay, not a speaker


@dataclass(slots=True)
class Attribution:
    """Words attributed to a speaker: ``kind`` (direct or reported), the content and speaker spans (character
    offsets in the paragraph), the cue (a verb's lemma, "according to", a noun) and the speaker as written."""

    kind: str
    start: int
    end: int
    cue: str
    speaker: str = ""
    speaker_start: int = -1
    speaker_end: int = -1
    sentence: int = 0


@dataclass(slots=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int


def _tokens(text: str, start: int = 0, end: int | None = None) -> list[_Tok]:
    """The tokens of ``text[start:end]``, with offsets into ``text``."""
    end = len(text) if end is None else end
    curly = "’" in text[start:end]
    out = []
    for m in SPEECH_TOKEN.finditer(text, start, end):
        w = m.group()
        out.append(_Tok(w, w.lower().replace("’", "'") if curly else w.lower(), m.start(), m.end()))
    return out


def quote_spans(text: str, letters: np.ndarray | None = None) -> list[tuple[int, int]]:
    """Maximal runs inside double quotation marks (marks included) that hold a letter or digit; an unclosed run
    ends with the text (``letters``: the text's :func:`~analysis.corpus.sentences.alnum_mask`, made here when
    not given)."""
    spans, start = [], None
    for m in _QUOTE_MARK.finditer(text):
        mark = m.group(0)
        if start is None and mark != "”":
            start = m.start()
        elif start is not None and mark != "“":
            spans.append((start, m.end()))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    if not spans:
        return spans
    if letters is None:
        letters = alnum_mask(text)
    bounds = np.array(spans, dtype=np.int64)
    held = span_sums(letters, bounds[:, 0], bounds[:, 1]) > 0
    return [span for span, ok in zip(spans, held.tolist()) if ok]


def _is_word(tok: _Tok) -> bool:
    return tok.text[0].isalpha()


def _named(tok: _Tok) -> bool:
    return any(c.isupper() for c in tok.text)


def _np_word(tok: _Tok, speech: Speech) -> bool:
    """A word that can head or name a speaker: a name, a speaker noun, a pronoun, a possessive of one."""
    low = tok.low.removesuffix("'s").removesuffix("s'")
    if tok.low in _DETERMINERS or tok.low in speech.not_speakers:
        return False
    return _is_word(tok) and (_named(tok) or low in speech.speaker_words or tok.low in speech.pronouns)


_DETERMINERS = frozenset("the a an".split())
_POSSESSIVES = frozenset("his her their its our my your".split())
_PP = frozenset("of in from at with for on to".split())      # prepositions that can follow a subject's head
_CLAUSE_OPEN = frozenset("while although though whereas however yet but and when as since because if".split())
_RELATIVE = frozenset(("who", "which", "that"))
_NOUN_BEFORE = _DETERMINERS | _POSSESSIVES | frozenset("this these those media news such".split())


def _phrase_left(toks: list[_Tok], end: int, speech: Speech) -> int | None:
    """Start of the noun phrase of names, speaker nouns and pronouns ending at token ``end`` (None if none).

    A lower-case modifier is taken only right before them ("other Iraqi
    officials"), and "and" only between two of them ("al-Sudani and other
    officials"); anything else ends the phrase, so a conjunction, relative
    pronoun or preposition is never a speaker.
    """
    if end > 0 and toks[end].text[0].isdigit() and _named(toks[end - 1]):
        end -= 1                         # "January 16"
    if end < 0:
        return None
    if not _np_word(toks[end], speech):
        return _common_noun_phrase(toks, end, speech)
    j = end - 1
    since_head = 0
    while j >= 0:
        t = toks[j]
        if _np_word(t, speech) and t.low not in speech.not_speakers:
            since_head = 0
        elif t.low == "and" and j > 0 and _np_word(toks[j - 1], speech):
            since_head = 0
        elif _is_word(t) and t.low not in speech.not_speakers and t.low not in _DETERMINERS \
                and since_head < 2 and t.low not in speech.forms and t.text[0].islower():
            since_head += 1              # "senior", "other", "political": modifiers right before a name or noun
        else:
            break
        j -= 1
    start = j + 1
    if start > 0 and (toks[start - 1].low in _DETERMINERS or toks[start - 1].low in _POSSESSIVES):
        return start                     # "the statistics office": the determiner holds the modifiers in
    while start < end and toks[start].text[0].islower() and not _np_word(toks[start], speech):
        start += 1                       # a modifier left dangling at the front is not part of the phrase
    return start


def _common_noun_phrase(toks: list[_Tok], end: int, speech: Speech) -> int | None:
    """Start of "the/a (modifier) noun" ending at ``end`` ("the mayor", "a central bank"), or None.

    Any common noun can head a speaker when a determiner opens its phrase;
    without one only the speaker nouns of the lexicon can.
    """
    t = toks[end]
    if not _is_word(t) or t.low in speech.not_speakers or t.low in _AUX or t.low in speech.forms:
        return None
    j = end - 1
    while j >= 0 and end - j <= 2 and _is_word(toks[j]) and toks[j].low not in _DETERMINERS \
            and toks[j].low not in speech.not_speakers and toks[j].low not in speech.forms:
        j -= 1
    if j < 0 or toks[j].low not in _DETERMINERS | _POSSESSIVES:
        return None
    k = end + 1
    while k < len(toks) and k - end < 12 and toks[k].low not in speech.forms and toks[k].low not in _AUX:
        k += 1                           # the verb, after any prepositional phrase ("The withdrawal of ... signals")
    governed = j > 0 and toks[j - 1].low in _PP             # "Doctors at the clinic say": _with_pp decides
    if not governed and k < len(toks) and toks[k].low not in _AUX and toks[k - 1].low not in _AUX and (
            toks[k].low.endswith("s") or toks[k].low == speech.forms.get(toks[k].low)):
        return None                      # "the evolving dynamic suggests", "a proxy state": no past tense, no auxiliary
    return j + 1


def _time_start(toks: list[_Tok], j: int, lo: int) -> int:
    """Index of the first token of a time expression ending at token ``j`` (no earlier than ``lo``), or ``j + 1``.

    "on Thursday", "on Monday night", "last week", "Thursday", "March 3"; a
    month alone after a name is a name ("Theresa May").
    """
    t = toks[j]
    if not (t.low in _TIMES or t.text[0].isdigit()):
        return j + 1
    p = j
    while p > lo and (toks[p - 1].low in _TIMES or toks[p - 1].low in _TIME_LEADS or toks[p - 1].text[0].isdigit()):
        p -= 1
    first = toks[p].low
    if first in _TIME_LEADS or first in _DAYS or (first in _MONTHS and p < j and toks[p + 1].text[0].isdigit()):
        return p
    return j + 1


def _without_time(toks: list[_Tok], j: int, lo: int = 0) -> int:
    """The last token of a speaker phrase ending at token ``j`` once time expressions are cut off ("President
    Joe Biden on Thursday", "the minister last week"), or -1 when nothing else is left (a day or a date is never
    a speaker).  A place stays: "officials in Baghdad" and "officials in Washington" are different voices, and
    the place is often what ties them to an actor."""
    for _ in range(3):
        p = _time_start(toks, j, lo)
        if p <= j:
            j = p - 1
            continue
        break
    if j < lo or not _is_word(toks[j]) or toks[j].low in _DAYS or toks[j].low in _TIME_NOUNS:
        return -1
    if toks[j].low in _MONTHS and not (j > lo and _named(toks[j - 1])):
        return -1                        # "March" said nothing; "Theresa May" did
    return j


def _author(toks: list[_Tok], sp: tuple[int, int], speech: Speech) -> tuple[int, int]:
    """The speaker range ``sp``, or the subject of the verb whose object it is when ``sp`` is a document
    ("Governor Alvarez issued a statement that said": Alvarez; "The memo says": the memo)."""
    if toks[sp[1]].low not in DOCUMENTS:
        return sp
    j = sp[0] - 1
    while j >= 0 and toks[j].low in _DETERMINERS:
        j -= 1
    if j <= 0 or not _is_word(toks[j]) or _named(toks[j]) or toks[j].low in speech.not_speakers:
        return sp
    author = _speaker_left(toks, j, speech)
    if author is None or toks[author[1]].low in DOCUMENTS:
        return sp
    return author


def _skip_back(toks: list[_Tok], j: int, opener: str, closer: str) -> int:
    """From a closing token at ``j``, the index before its opener within the sentence (or -1)."""
    k = j - 1
    while k >= 0 and toks[k].text != opener:
        if toks[k].text in (".", "!", "?") or (closer == ")" and toks[k].text == ")"):
            return -1
        k -= 1
    return k - 1 if k >= 0 else -1


def _clause_start(toks: list[_Tok], j: int) -> bool:
    """Whether a subject may begin after token ``j`` (sentence start, a comma, an opening conjunction).

    Up to two modifiers and a determiner may stand before the head ("the prime minister's").
    """
    k = 0
    while j >= 0 and k < 2 and _is_word(toks[j]) and toks[j].text[0].islower() and toks[j].low not in _CLAUSE_OPEN \
            and toks[j].low not in _DETERMINERS and toks[j].low not in _PP:
        j -= 1
        k += 1
    while j >= 0 and toks[j].low in _DETERMINERS:
        j -= 1
    return j < 0 or toks[j].text in (",", ";", ":", "(") or toks[j].low in _CLAUSE_OPEN


def _speaker_left(toks: list[_Tok], i: int, speech: Speech, depth: int = 0) -> tuple[int, int] | None:
    """Token range of the subject noun phrase before token ``i`` (a verb or a noun of saying), or None.

    Skipped between subject and verb: auxiliaries and adverbs ("have also
    said"), a parenthesis ("the National Security Council (NSC) indicated"),
    an apposition or relative clause between commas ("The government, which
    is backed by ..., has expressed"; "Iraq's Prime Minister, Mohammed
    al-Sudani, has asserted" keeps the name with its title).  A relative
    pronoun takes its antecedent ("hardliners ..., who demand").  A subject
    whose head is followed by a prepositional phrase is taken whole when it
    opens the clause ("The prime minister's address to the militias
    acknowledged"; "the coalition in Iraq has stated").
    """
    j = i - 1
    while j >= 0 and toks[j].low in _AUX:
        j -= 1
    if j < 0 or depth > 2:
        return None
    if toks[j].low in _TIMES or toks[j].text[0].isdigit() or toks[j].text[0].isupper():
        j = _without_time(toks, j)
        if j < 0:
            return None
    if toks[j].text == ")":
        return _speaker_left(toks, _skip_back(toks, j, "(", ")") + 1, speech, depth + 1)
    if toks[j].low in _RELATIVE and j > 0:
        k = j - 1
        if toks[k].text == ",":
            # "hardliners in Iraq, some supported by Iran, who demand": the antecedent precedes the aside
            back = _skip_back(toks, k, ",", ",")
            k = back if back >= 0 and _np_word(toks[back], speech) else k - 1
        k = _without_time(toks, k) if k >= 0 else k     # "a statement on Saturday that said"
        if k < 0:
            return None
        start = _phrase_left(toks, k, speech)
        if start is None:
            return None
        return _with_pp(toks, start, k, speech, governed_ok=True)
    if toks[j].text == ",":
        back = _skip_back(toks, j, ",", ",")
        if back < 0:
            return None
        inner_start = _phrase_left(toks, j - 1, speech)
        outer = _speaker_left(toks, back + 1, speech, depth + 1)
        if outer is None:
            return None
        if inner_start == back + 2 and all(_np_word(t, speech) or not _is_word(t) for t in toks[back + 2:j]):
            return outer[0], j - 1       # an apposition of names: "Iraq's Prime Minister, Mohammed al-Sudani,"
        return outer
    start = _phrase_left(toks, j, speech)
    if start is None:
        return None
    return _with_pp(toks, start, j, speech)


def _with_pp(toks: list[_Tok], start: int, end: int, speech: Speech, governed_ok: bool = False, depth: int = 0
             ) -> tuple[int, int] | None:
    """Extend a phrase leftwards over one prepositional phrase to the head it modifies, when that head opens a clause.

    A phrase governed by a preposition whose head does not open the clause is
    not a subject ("the withdrawal of the US-led forces signals": None),
    unless ``governed_ok`` (a relative pronoun's antecedent).
    """
    k = start - 1
    while k >= 0 and toks[k].low in _DETERMINERS or (k >= 0 and start - k <= 3 and _is_word(toks[k])
                                                     and toks[k].text[0].islower() and toks[k].low not in _PP
                                                     and toks[k].low not in speech.not_speakers):
        k -= 1                           # determiners and modifiers: "in the northern city"
    if k > 0 and toks[k].low in _PP:
        head_start = _phrase_left(toks, k - 1, speech)
        if head_start is not None and _clause_start(toks, head_start - 1):
            return head_start, end
        if head_start is not None and depth < 2:
            outer = _with_pp(toks, head_start, end, speech, governed_ok, depth + 1)
            if outer is not None and outer[0] < head_start:
                return outer             # "officials in the northern city of Tarsa said"
        # a possessive subject before the preposition: "the prime minister's address to the militias"
        m = k - 1
        if m >= 0 and toks[m].low in speech.nouns | speech.speaker_words:
            q = m - 1
            if q >= 0 and (toks[q].low.endswith("'s") or toks[q].low.endswith("s'") or toks[q].low in _POSSESSIVES):
                qs = q if toks[q].low in _POSSESSIVES else (_phrase_left(toks, q, speech) or q)
                if _clause_start(toks, qs - 1):
                    return qs, end
        if not governed_ok:
            return None
    return start, end


def _speaker_right(toks: list[_Tok], i: int, speech: Speech) -> tuple[int, int] | None:
    """Token range of the noun phrase after token ``i`` (an inverted "said the official")."""
    j = i + 1
    while j < len(toks) and toks[j].low in ("the", "a", "an"):
        j += 1
    start = j
    while j < len(toks) and _is_word(toks[j]) and j - start < MAX_SPEAKER_WORDS and (
            toks[j].low not in speech.not_speakers
            or (toks[j].low in ("of", "in") and j + 1 < len(toks) and _named(toks[j + 1]) and j > start)
            or (toks[j].low in ("from", "by") and j > start and toks[j - 1].low in speech.nouns)):
        j += 1
    if j == start:
        return None
    end = _without_time(toks, j - 1, start)
    return None if end < 0 else (start, end)


def _verb_at(toks: list[_Tok], i: int, speech: Speech, title_case: bool = False) -> str | None:
    """The lemma of a verb (or phrasal verb) of saying at token ``i``, or None.

    In running text a capitalised word is a name ("Islamic State"); in a
    title-case headline ("Prime Minister Signals Withdrawal") it may be the verb.
    """
    low = toks[i].low
    if not title_case and i > 0 and toks[i].text[0].isupper() and toks[i - 1].text not in (".", "!", "?", '"', "“", ":"):
        return None                      # "Islamic State", "United States": a name, not a verb
    prev = toks[i - 1].low if i > 0 else ""
    if prev in _NOUN_BEFORE or prev.endswith("'s") or prev.endswith("s'"):
        return None                      # "the signal", "his comments", "media reports": a noun, not a verb
    if low in speech.forms:
        return speech.forms[low]
    if low in speech.phrasal and i + 1 < len(toks) and toks[i + 1].low in speech.phrasal[low]:
        return f"{low} {toks[i + 1].low}"
    return None


def _sentence_end(toks: list[_Tok], i: int) -> int:
    j = i
    while j < len(toks) and toks[j].text not in (".", "!", "?"):
        j += 1
    return j


def _subject(toks: list[_Tok], speech: Speech) -> tuple[int, int] | None:
    """The sentence's opening noun phrase when it names someone ("Sudani linked ...", "Iraq, the producer, ...")."""
    j = 0
    while j < len(toks) and toks[j].low in ("the", "a", "an"):
        j += 1
    start = j
    while j < len(toks) and _is_word(toks[j]) and (toks[j].text[0].isupper() or toks[j].low in ("of", "al", "bin")):
        j += 1
    if j == start or toks[j - 1].low in speech.not_speakers:
        return None
    return start, j - 1


def _owner(toks: list[_Tok], q: int, speech: Speech) -> tuple[int, int] | None:
    """The owner phrase of a possessive at token ``q`` ("his", "al-Sudani's", "Iraq's prime minister's")."""
    if toks[q].low in _POSSESSIVES:
        return q, q
    if toks[q].low.endswith("'s") or toks[q].low.endswith("s'"):
        start = _phrase_left(toks, q, speech)
        return (start if start is not None else q), q
    return None


def _noun_of_saying(toks: list[_Tok], i: int, speech: Speech) -> tuple[int, tuple[int, int] | None] | None:
    """``(index of the token before the content, speaker range)`` when the noun at ``i`` reports someone's words.

    Forms: a possessive within three words before and "that"/"to" after ("his
    January 5 announcement that", "al-Sudani's proposal to"); "from"/"by" a
    speaker and then "that" ("the signal from Iraq's prime minister that").
    """
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if nxt in ("that", "to"):
        for q in range(i - 1, max(-1, i - 4), -1):
            owner = _owner(toks, q, speech)
            if owner is not None:
                return i + 1, owner
            if not _is_word(toks[q]) and not toks[q].text[0].isdigit():
                break
        return None
    if nxt in ("from", "by"):
        sp = _speaker_right(toks, i + 1, speech)
        if sp is None:
            return None
        k = sp[0]
        while k < len(toks) and toks[k].low != "that" and k <= sp[1] + 1:
            k += 1
        if k < len(toks) and toks[k].low == "that":
            return k, (sp[0], min(sp[1], k - 1))
    return None


def _reported(text: str, s0: int, s1: int, k: int, in_quote: np.ndarray, speech: Speech,
              toks: list[_Tok] | None = None, letters: np.ndarray | None = None) -> list[Attribution]:
    """The reported statements of one sentence (``text[s0:s1]``).

    ``toks`` are the sentence's tokens and ``letters`` the paragraph's
    :func:`~analysis.corpus.sentences.alnum_mask` (made here when not given).
    """
    if toks is None:
        toks = _tokens(text, s0, s1)
    cues = speech.cue_words
    if cues.isdisjoint([t.low for t in toks]):
        return []                        # no verb, noun of saying or "according": nothing to attribute
    if letters is None:
        letters = alnum_mask(text)
    found: list[Attribution] = []
    title_case = None                    # read only when a capitalised word may be the verb

    def in_title_case() -> bool:
        words = [t for t in toks if t.text[0].isalpha() and len(t.text) > 3]
        return len(words) >= 2 and sum(t.text[0].isupper() for t in words) / len(words) > 0.7

    def add(content: tuple[int, int], cue: str, sp: tuple[int, int] | None):
        inside = letters[content[0]:content[1]]
        if np.count_nonzero(inside) < 2 or in_quote[content[0]:content[1]][inside].all():
            return                       # nothing reported, or only what a direct quotation already holds
        if sp is None:
            found.append(Attribution("reported", *content, cue, "", -1, -1, k))
            return
        a, b = _author(toks, sp, speech)
        found.append(Attribution("reported", *content, cue, text[toks[a].start:toks[b].end], toks[a].start,
                                 toks[b].end, k))

    for i, tok in enumerate(toks):
        if tok.low not in cues or in_quote[tok.start]:
            continue
        if tok.low == "according" and i + 1 < len(toks) and toks[i + 1].low == "to":
            sp = _speaker_right(toks, i + 1, speech)
            if sp is None:
                continue
            phrase_end = toks[sp[1]].end
            comma = next((x for x in toks[sp[1] + 1:] if x.text == ","), None)
            if comma is not None and comma.start - phrase_end < 80:
                phrase_end = comma.end
            if tok.start - s0 > 10 and i > 0 and toks[i - 1].text == "," and comma is not None and s1 - comma.end > 10:
                add((s0, s1), "according to", sp)        # "The blaze, according to X, started ...": all of it
            else:
                add((s0, tok.start) if tok.start - s0 > 10 else (phrase_end, s1), "according to", sp)
            continue
        if tok.low in speech.nouns and i > 0:
            noun = _noun_of_saying(toks, i, speech)
            if noun is not None:
                add((toks[noun[0]].end, s1), tok.low, noun[1])
                continue
        if title_case is None and tok.text[0].isupper():
            title_case = in_title_case()
        lemma = _verb_at(toks, i, speech, bool(title_case))
        if lemma is None:
            continue
        back = i - 1
        while back >= 0 and toks[back].low in _AUX and toks[back].low not in _PASSIVE:
            back -= 1
        if back >= 0 and toks[back].low in _PASSIVE and tok.low.endswith("ed"):
            # "are claimed by X": X said it; "were reported by TASS" names a relay, not a speaker
            if lemma not in _RELAY and i + 1 < len(toks) and toks[i + 1].low == "by":
                add((s0, toks[back].start), lemma, _speaker_right(toks, i + 1, speech))
            continue
        continuing = tok.low.endswith("ing") and i > 0 and toks[i - 1].text == ","
        sp = None if continuing else _speaker_left(toks, i, speech)
        after = tok.end
        if i + 1 < len(toks) and (toks[i + 1].low in ("that", ":") or " " in lemma):
            after = toks[i + 1].end
        if sp is None:
            if tok.low.endswith("ing") and i > 0 and toks[i - 1].text == ",":
                # "..., asserting that": the same speaker goes on (the last one found, or the sentence's subject)
                if found and found[-1].speaker:
                    last = found[-1]
                    found.append(Attribution("reported", after, s1, lemma, last.speaker, last.speaker_start,
                                             last.speaker_end, k))
                else:
                    add((after, s1), lemma, _subject(toks, speech))
            continue
        if s1 - after < 3 or all(not _is_word(t) for t in toks[i + 1:]):
            # "..., the Pentagon said.": what was said is the sentence before the attribution
            comma = sp[0] - 1
            while comma >= 0 and toks[comma].low in _DETERMINERS:
                comma -= 1
            if comma >= 0 and toks[comma].text == ",":
                add((s0, toks[comma].start), lemma, sp)
            continue
        add((after, s1), lemma, sp)
    return found


def attributions(text: str, sentence_spans, speech: Speech) -> list[Attribution]:
    """Every direct quotation and reported statement of one paragraph (offsets into ``text``).

    ``sentence_spans`` are the paragraph's sentences (``(start, end)``); each
    attribution records the index of the sentence it belongs to.
    """
    starts, ends = array("q"), array("q")
    for a, b in sentence_spans:
        starts.append(a)
        ends.append(b)
    return _find(text, starts, ends, speech)


def _find(text: str, starts, ends, speech: Speech, letters: np.ndarray | None = None,
          memo: dict | None = None) -> list[Attribution]:
    """:func:`attributions` for sentences given as sequences of ``starts`` and ``ends`` (``letters``: the
    text's :func:`~analysis.corpus.sentences.alnum_mask`, made here when not given).

    Each sentence is tokenised once: its tokens serve its reported statements
    and the quotations that open or close in it (a quotation mark is a token
    of its own, so the tokens before or after one are the sentence's).  A
    sentence that no quotation touches is read alone, through ``memo`` when
    given (:func:`_read_alone`).
    """
    if letters is None:
        letters = alnum_mask(text)
    quotes = quote_spans(text, letters)
    in_quote = np.zeros(len(text) + 1, dtype=bool)
    for a, b in quotes:
        in_quote[a:b] = True
    n = len(starts)

    def sentence_of(pos: int) -> int:
        # spans are in order and do not overlap: the last one starting at or before pos (binary search keeps a
        # paragraph with thousands of quotes linear, not quadratic)
        k = bisect.bisect_right(starts, pos) - 1
        if k >= 0 and pos < ends[k] + 1:
            return k
        return max(0, n - 1)

    # each quotation is read when the sentence it closes in is reached; the tokens of the sentence it opens in
    # are kept until then
    first = [sentence_of(a) for a, _ in quotes]
    last = [sentence_of(max(a, b - 1)) for a, b in quotes]
    closing: dict[int, list[int]] = {}
    for q, kb in enumerate(last):
        closing.setdefault(kb, []).append(q)
    keep: dict[int, int] = {}
    for q, k in enumerate(first):
        if k < last[q]:
            keep[k] = keep.get(k, 0) + 1
    kept: dict[int, list[_Tok]] = {}
    reported: list[Attribution] = []
    direct: list[Attribution | None] = [None] * len(quotes)
    for k in range(n):
        s0, s1 = starts[k], ends[k]
        if memo is not None and k not in keep and k not in closing and not in_quote[s0:s1].any() \
                and _QUOTE_MARK.search(text, s0, s1) is None:
            reported.extend(_moved(_read_alone(text[s0:s1], speech, memo)[0], s0, k))
            continue
        toks = _tokens(text, s0, s1)
        reported.extend(_reported(text, s0, s1, k, in_quote, speech, toks, letters))
        if k in keep:
            kept[k] = toks
        for q in closing.get(k, ()):
            a, b = quotes[q]
            k0 = first[q]
            own = toks if k0 == k else kept.get(k0)
            if own is not None and starts[k0] <= a < ends[k0]:
                before = own[:bisect.bisect_right([t.end for t in own], a)] if own else []
            else:
                before = _tokens(text, starts[k0], a)
            if starts[k] <= b - 1 < ends[k]:
                after = toks[bisect.bisect_left([t.start for t in toks], b):]
            else:
                after = _tokens(text, b, s1)
            direct[q] = _direct(text, a, b, k0, before, after, speech)
            if k0 < k:
                keep[k0] -= 1
                if not keep[k0]:
                    del keep[k0], kept[k0]
    if not n:                            # no sentences: each quotation is read in the whole text
        direct = [_direct(text, a, b, 0, _tokens(text, 0, a), _tokens(text, b), speech) for a, b in quotes]
    direct = [x for x in direct if x is not None]
    quoted_by = {(x.speaker_start, x.cue) for x in direct
                 if x.speaker_start >= 0 and x.end <= x.speaker_start}
    # '"...," the union leader told reporters': the verb attributes the quote; what follows it is not a statement
    if quoted_by:
        reported = [x for x in reported if (x.speaker_start, x.cue) not in quoted_by]
    return reported + direct


def _direct(text: str, a: int, b: int, k: int, before: list[_Tok], after: list[_Tok], speech: Speech
            ) -> Attribution | None:
    """The direct quotation ``text[a:b]`` of sentence ``k``, with the attribution within a window before or after
    it in its sentence (``before``: the tokens from the sentence's start to the quotation; ``after``: from its
    end to the end of the sentence it closes in); None for an unattributed scare quote (:func:`_scare_quote`)."""
    verbs = speech.verb_words
    # after: '", the official said' or '", said Jane Roe'
    words_seen = 0
    for idx, t in enumerate(after[:WINDOW_AFTER + 4]):
        word = t.text[0].isalpha()
        in_window = word and words_seen < WINDOW_AFTER       # among the first words after the quotation
        words_seen += word
        if t.low not in verbs:
            continue
        lemma = _verb_at(after, idx, speech)
        if lemma is None:
            continue
        sp = _speaker_left(after, idx, speech)
        if sp is None:
            sp = _speaker_right(after, idx, speech)
        if sp is not None and in_window:
            return Attribution("direct", a, b, lemma, text[after[sp[0]].start:after[sp[1]].end],
                               after[sp[0]].start, after[sp[1]].end, sentence=k)
    window = [i for i, t in enumerate(before) if t.text[0].isalpha()][-WINDOW_BEFORE:] \
        if not verbs.isdisjoint([t.low for t in before]) else []
    for idx in reversed(window):
        if before[idx].low not in verbs:
            continue
        lemma = _verb_at(before, idx, speech)
        if lemma is None:
            continue
        sp = _speaker_left(before, idx, speech)
        if sp is not None:
            sp = _author(before, sp, speech)
            return Attribution("direct", a, b, lemma, text[before[sp[0]].start:before[sp[1]].end],
                               before[sp[0]].start, before[sp[1]].end, sentence=k)
    if b - a < 12 * SCARE_QUOTE_WORDS and text[b - 1] in "\"”" and _scare_quote(text, a, b, before):
        return None
    return Attribution("direct", a, b, "", "", -1, -1, sentence=k)


def _scare_quote(text: str, a: int, b: int, before: list[_Tok]) -> bool:
    """Whether the unattributed quotation ``text[a:b]`` is a term, title or slogan held at a distance ("a
    "sick out"", "take effect "immediately."", "the "Path out of the Pandemic" plan") rather than a statement:
    a few words, inside the outlet's sentence, or opening it without the punctuation that closes a sentence or a
    quoted clause."""
    if sum(1 for _ in SPEECH_TOKEN.finditer(text, a, b) if _.group()[0].isalnum()) > SCARE_QUOTE_WORDS:
        return False
    opens = not any(_is_word(t) for t in before)
    return not opens or text[a:b].rstrip("\"“” ")[-1:] not in (".", "!", "?", ",")


def shares(text: str, spans: list[tuple[int, int]], found: list[Attribution]) -> list[tuple[float, float, float]]:
    """``(own, direct, reported)`` shares of the letters of each sentence span of ``text``."""
    starts = np.array([a for a, _ in spans], dtype=np.int64)
    ends = np.array([b for _, b in spans], dtype=np.int64)
    return [tuple(row) for row in _shares(text, starts, ends, found).tolist()]


def _shares(text: str, starts: np.ndarray, ends: np.ndarray, found: list[Attribution],
            letters: np.ndarray | None = None) -> np.ndarray:
    """:func:`shares` as an array of one row per sentence (``starts``, ``ends``: integer arrays)."""
    if letters is None:
        letters = alnum_mask(text)
    direct = np.zeros(len(text), dtype=bool)
    reported = np.zeros(len(text), dtype=bool)
    for att in found:
        (direct if att.kind == "direct" else reported)[att.start:att.end] = True
        if att.speaker_start >= 0:            # the attribution itself is the outlet's words
            reported[att.speaker_start:att.speaker_end] = False
    reported &= ~direct
    n = span_sums(letters, starts, ends)
    d = span_sums(letters & direct, starts, ends)
    r = span_sums(letters & reported, starts, ends)
    out = np.tile(np.array([1.0, 0.0, 0.0]), (len(starts), 1))
    some = n > 0
    d = d[some] / n[some]
    r = r[some] / n[some]
    out[some] = np.round(np.column_stack([1 - d - r, d, r]), 4)
    return out


def _paragraph_rows(sentences: pd.DataFrame):
    """``(article_id, paragraph_id, positions)`` for each paragraph: the positions of its sentences in the table.

    Paragraphs come in the order they first appear, their sentences in table
    order; rows without an article or paragraph are left out.
    """
    arts, art_values = pd.factorize(sentences["article_id"], use_na_sentinel=True)
    pars, par_values = pd.factorize(sentences["paragraph_id"], use_na_sentinel=True)
    art_values, par_values = art_values.to_numpy(), par_values.to_numpy()    # an Index reads one item slowly
    if not len(arts):
        return
    change = np.flatnonzero((arts[1:] != arts[:-1]) | (pars[1:] != pars[:-1])) + 1
    bounds = np.concatenate([[0], change, [len(arts)]])
    firsts = bounds[:-1]
    keys = list(zip(arts[firsts].tolist(), pars[firsts].tolist()))
    if len(set(keys)) == len(keys):      # each paragraph's sentences are together, as ingestion writes them
        for (a, p), lo, hi in zip(keys, firsts.tolist(), bounds[1:].tolist()):
            if a >= 0 and p >= 0:
                yield art_values[a], par_values[p], np.arange(lo, hi)
        return
    groups: dict = {}
    for row, key in enumerate(zip(arts.tolist(), pars.tolist())):
        if key[0] >= 0 and key[1] >= 0:
            groups.setdefault(key, []).append(row)
    for (a, p), rows in groups.items():
        yield art_values[a], par_values[p], np.array(rows, dtype=np.int64)


def _paragraph_texts(sentences: pd.DataFrame):
    """``(article_id, paragraph_id, positions, text, starts, ends)`` for each paragraph: its sentences joined by
    one space, and each sentence's offsets in that text (integer arrays)."""
    if "paragraph_id" not in sentences:          # a hand-built table: each sentence is its own paragraph
        sentences = sentences.assign(paragraph_id=range(len(sentences)))
    texts = sentences["text"].tolist()
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    for art, par, rows in _paragraph_rows(sentences):
        lens = lengths[rows]
        starts = np.concatenate([[0], np.cumsum(lens[:-1] + 1)]) if len(lens) else lens
        yield art, par, rows, " ".join([texts[r] for r in rows.tolist()]), starts, starts + lens


def paragraphs(sentences: pd.DataFrame):
    """``(article_id, paragraph_id, text, [(sentence index label, start, end)])`` for each paragraph.

    The paragraph's text is its sentences joined by one space, so offsets are
    exact for that text (the quotes measure and :func:`sentence_voices` read
    the same reconstruction).
    """
    labels = sentences.index.tolist()
    for art, par, rows, text, starts, ends in _paragraph_texts(sentences):
        yield art, par, text, [(labels[r], a, b) for r, a, b in zip(rows.tolist(), starts.tolist(), ends.tolist())]


def read_voices(sentences: pd.DataFrame, speech: Speech) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The voices of every sentence and the ``attributions`` table, from one pass of the rules.

    Needs ``article_id``, ``paragraph_id``, ``sentence_id`` and ``text``;
    paragraphs are read whole so that a quotation or attribution spanning
    sentences is seen.  Returns ``(shares, attributions)``: ``own_share``,
    ``direct_share``, ``reported_share`` of each sentence (index aligned with
    ``sentences``), and one row per attribution
    (:data:`analysis.schema.ATTRIBUTION_COLUMNS`, in the order the rules found
    them, offsets into the paragraph's text as :func:`paragraphs` builds it).
    """
    out = np.tile(np.array([1.0, 0.0, 0.0]), (len(sentences), 1))
    sids = (sentences["sentence_id"].to_numpy(dtype=np.int64) if "sentence_id" in sentences
            else np.arange(len(sentences), dtype=np.int64))
    # the table is built column by column (a row object per attribution would cost ~10x the memory)
    cols: dict[str, list] = {c: [] for c in ("article_id", "paragraph_id", "kind", "cue", "speaker")}
    nums = {c: array("q") for c in ("sentence_id", "speaker_start", "speaker_end", "start", "end")}
    # a paragraph repeated with the same sentences (a syndicated copy) is read once: its attributions and
    # shares depend on its text and sentence offsets alone; keyed by a digest so the texts are not kept
    seen: dict[bytes, tuple[list[Attribution], np.ndarray | None]] = {}
    # a sentence no quotation touches is read alone (:func:`_read_alone`), so one that recurs in other
    # paragraphs is read once
    by_sentence: dict[str, tuple[list[Attribution], np.ndarray | None]] = {}
    for art, par, rows, text, starts, ends in _paragraph_texts(sentences):
        if _QUOTE_MARK.search(text) is None:
            found, shares = _sentence_voices(text, starts, ends, speech, by_sentence)
        else:
            key = hashlib.blake2b(text.encode("utf-8", "surrogatepass") + starts.tobytes() + ends.tobytes(),
                                  digest_size=16).digest()
            found, shares = seen.get(key, (None, None))
        if found is None:
            letters = alnum_mask(text)
            found = _find(text, array("q", starts.tobytes()), array("q", ends.tobytes()), speech, letters,
                          by_sentence)
            shares = _shares(text, starts, ends, found, letters) if found else None
            seen[key] = found, shares
            del letters
        if not found:
            continue
        out[rows] = shares
        cols["article_id"].extend([art] * len(found))
        cols["paragraph_id"].extend([par] * len(found))
        for f in found:
            cols["kind"].append(f.kind)
            cols["cue"].append(f.cue)
            cols["speaker"].append(f.speaker)
        nums["sentence_id"].extend(sids[rows[[f.sentence for f in found]]].tolist())
        for c in ("speaker_start", "speaker_end", "start", "end"):
            nums[c].extend([getattr(f, c) for f in found])
        del found
    table = pd.DataFrame({**cols, **{c: np.frombuffer(v, dtype=np.int64) if len(v) else np.zeros(0, np.int64)
                                     for c, v in nums.items()}})
    if not len(table):
        table = pd.DataFrame([], columns=ATTRIBUTION_COLUMNS).astype(
            {"sentence_id": int, "speaker_start": int, "speaker_end": int, "start": int, "end": int})
    return pd.DataFrame(out, columns=VOICE_SHARES, index=sentences.index), table[ATTRIBUTION_COLUMNS]


def _read_alone(sentence: str, speech: Speech, memo: dict) -> tuple[list[Attribution], np.ndarray | None]:
    """The attributions of a ``sentence`` that holds no quotation mark, read alone (offsets from its start), and
    its shares row (None when it has no attribution), from ``memo`` (sentence text -> both) when read before.

    With no quotation in or around it, a sentence's reported statements come
    from its own tokens and letters alone, and its shares from those
    statements, so both are the same wherever the sentence stands.
    """
    entry = memo.get(sentence)
    if entry is None:
        if not speech.may_cue(sentence):
            return [], None              # no cue word: the rules would find nothing (most sentences)
        letters = alnum_mask(sentence)
        found = _find(sentence, array("q", [0]), array("q", [len(sentence)]), speech, letters)
        row = _shares(sentence, np.zeros(1, np.int64), np.array([len(sentence)]), found, letters)[0] if found else None
        entry = memo[sentence] = found, row
    return entry


def _moved(found: list[Attribution], offset: int, k: int) -> list[Attribution]:
    """Attributions read in a sentence alone, placed as sentence ``k`` of a paragraph, starting at ``offset``."""
    return [Attribution(f.kind, f.start + offset, f.end + offset, f.cue, f.speaker,
                        f.speaker_start + offset if f.speaker_start >= 0 else -1,
                        f.speaker_end + offset if f.speaker_start >= 0 else -1, sentence=k) for f in found]


def _sentence_voices(text: str, starts: np.ndarray, ends: np.ndarray, speech: Speech, memo: dict
                     ) -> tuple[list[Attribution], np.ndarray | None]:
    """:func:`_find` and :func:`_shares` of a paragraph ``text`` that holds no quotation mark, each sentence read
    alone (:func:`_read_alone`)."""
    found: list[Attribution] = []
    rows = []
    for k, (a, b) in enumerate(zip(starts.tolist(), ends.tolist())):
        mine, row = _read_alone(text[a:b], speech, memo)
        rows.append(row)
        found.extend(_moved(mine, a, k))
    if not found:
        return found, None
    return found, np.array([(1.0, 0.0, 0.0) if row is None else row for row in rows])


def sentence_voices(sentences: pd.DataFrame, speech: Speech) -> pd.DataFrame:
    """``own_share``, ``direct_share``, ``reported_share`` of every sentence (index aligned with ``sentences``);
    see :func:`read_voices`."""
    return read_voices(sentences.assign(sentence_id=range(len(sentences))) if "sentence_id" not in sentences
                       else sentences, speech)[0]


def paragraph_attributions(sentences: pd.DataFrame, speech: Speech, table: pd.DataFrame | None = None):
    """``(article_id, paragraph_id, text, spans, [Attribution])`` for each paragraph of ``sentences`` that has
    one or more attributions (the others say nothing to attribute).

    The attributions come from ``table`` (the corpus's ``attributions``,
    found at ingestion) when given, else the rules run now (a hand-built
    sentences table).  ``spans`` are as :func:`paragraphs` gives them; each
    attribution's ``sentence`` is its sentence's index in the paragraph.
    """
    if table is None:
        for art, par, text, spans in paragraphs(sentences):
            found = attributions(text, [(a, b) for _, a, b in spans], speech)
            if found:
                yield art, par, text, spans, found
        return
    by_paragraph: dict = {}
    for row in table[ATTRIBUTION_COLUMNS].itertuples(index=False):
        by_paragraph.setdefault((row.article_id, row.paragraph_id), []).append(row)
    # only the paragraphs with an attribution are joined into text (about half of a news corpus's have none)
    keys = pd.MultiIndex.from_frame(sentences[["article_id", "paragraph_id"]])
    sentences = sentences[keys.isin(list(by_paragraph))]
    sids = dict(zip(sentences.index.tolist(), sentences["sentence_id"].tolist()))
    for art, par, text, spans in paragraphs(sentences):
        rows = by_paragraph[(art, par)]
        index = {int(sids[label]): k for k, (label, _, _) in enumerate(spans)}
        yield art, par, text, spans, [
            Attribution(r.kind, int(r.start), int(r.end), r.cue, r.speaker, int(r.speaker_start),
                        int(r.speaker_end), sentence=index[int(r.sentence_id)]) for r in rows]


def voice_shares(sentences: pd.DataFrame) -> pd.DataFrame:
    """The ``own_share``, ``direct_share``, ``reported_share`` columns of a sentences table."""
    missing = [c for c in VOICE_SHARES if c not in sentences.columns]
    if missing:
        raise CorpusError(f"the sentences table has no {', '.join(missing)}: build it with the current ingest "
                       "(analysis.corpus.build_corpus), which splits each sentence into voices")
    return sentences[VOICE_SHARES].astype(float)
