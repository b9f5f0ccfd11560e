"""The role an actor mention plays in its clause, negation over it, and the voice it sits in.

:func:`mention_roles` reads one sentence and a mention span and says

* ``role``:
  - ``speaker``: the mention is the speaker of a quotation or reported
    statement (from :func:`analysis.corpus.voices.attributions`);
  - ``target``: the mention is what an attack, strike or threat is aimed at
    ("attacks on US forces", "a strike targeting Iraqi bases", "a threat to
    US personnel", "militias attacked the base used by coalition troops"),
    or what a fight is against ("the war against Islamic State"), or it is
    described as harmed ("bloodied Afghans", "three US soldiers were
    killed", "the deaths of Palestinians": :func:`is_harmed`);
  - ``aggressor``: the mention carries out an attack or an assault ("the
    onslaught of Islamic State militants", "attacks by Iran-backed militias",
    "the militias shelled the base"), or is a speaker claiming or
    threatening one ("claimed responsibility for the bombing", "warned it
    would resume operations");
  - ``criticised``: the mention is what a criticism, condemnation or
    rejection is about ("a repudiation of the speaker's leadership",
    "criticism of Israel", "dissatisfaction with American policy",
    "condemned the US");
  - ``event``: the mention only names an event or a relation ("the
    Israel-Hamas conflict", "US-Iran talks", "tensions between Iraq and
    Iran"): a conflict named after its parties says nothing about them;
  - ``ousted``: a call, demand or decision that the actor leave ("calls for
    the departure of the coalition", "Iraq seeks coalition exit", "the
    coalition should depart", "called on the coalition to leave", "set a
    date for the departure of the coalition", "must be expelled", "the
    coalition's presence is no longer necessary"), negative towards it by
    the coding rules (data/coding/README.md), unless negated;
  - ``kept``: the sentence wants the actor to stay or warns against its
    leaving ("want the Americans to stay", "keep the advisers", "a
    premature coalition exit"), positive by the coding rules, unless negated;
  - ``described``: the object of a verb of seeing or calling followed by
    "as" or a quotation ("described the US as ...", "does not see the US as
    an enemy"): what the description says is about it;
  - ``agent``: the mention opens its clause, so it is the subject ("Iran
    launched ...", "The Iraqi government condemned ..."), or opens a reported
    clause ("the office said ISIS no longer poses a threat");
  - ``topic``: anything else (object, possessor, modifier);
* ``negated``: a negation ("not", "no", "never", "no longer", "n't") in the
  mention's own clause ("ISIS no longer poses a threat"; "the US is not
  considered an enemy");
* ``voice``: ``direct`` inside a quotation, ``reported`` inside what a
  reported statement attributes to someone, else ``own`` (the outlet's prose).

:func:`apply_roles` turns the classifier's probabilities into the mention's
stance with these documented rules:

1. **target**: being attacked says nothing about the victim (neither bad
   nor good: codebook rule 3), so the mention is neutral;
2. **speaker**: what a speaker condemns is not the speaker's stance, so the
   speaker is scored on the sentence without the words attributed to it
   (the caller passes those probabilities);
3. **negated agent**: when the mention is the subject of a negated
   predicate ("ISIS no longer poses a threat"), or what a negated
   description is about ("does not see the US as an enemy"), the positive and negative
   probabilities swap, scaled by VADER's negation factor (0.74), the rest
   going to neutral.  Other roles keep theirs (a negation elsewhere in the
   clause is not about them);
4. **aggressor** and **criticised**: carrying out an attack, or being what a
   criticism is about, is never credit, so the positive probability moves to
   negative (the neutral one stays: "US strikes on militia positions" may be
   a plain report);
5. **event**: the name of an event is not a judgement of its parties, so the
   negative and positive probabilities move to neutral;
6. **ousted**: a demand that the actor leave is negative towards it, so the
   neutral probability moves to negative (the positive one stays);
7. **kept**: wanting the actor to stay is positive towards it, so the
   neutral probability moves to positive (the negative one stays).

:func:`stance_labels` turns scores into negative / neutral / positive with a
neutral band: most mentions in news are neutral, so a mention is negative or
positive only when the score is clearly away from zero (the band is chosen
on hand-coded development data and stored with the model).

The cue words of the roles and :func:`clause_bounds` are those of
:mod:`analysis.measures.cues`, which the stance model's features read too.
"""
from __future__ import annotations

import re

import numpy as np

from ..corpus.tokens import CAPITALISED_DOTTED_WORD, DOTTED_WORD, LOWER_WORD
from .cues import (AIMED, ASK_WORDS, ASSAULT_NOUNS, ASSAULT_VERBS, ATTACK_NOUNS, ATTACK_VERBS, CLAIM_VERBS, CRITICISM_NOUNS,
                   CRITICISM_VERBS, DECISION_WORDS, DEMAND_WORDS, DEPARTURE_NOUNS, DESCRIBE_VERBS, EVENT_NOUNS,
                   EXPEL_VERBS, FIGHT_NOUNS, FILLER, HARM_NOUNS, HARM_WORDS, HASTY, KEEP_VERBS, LEAVE_FORMS,
                   LEAVE_VERBS, NUMBER_WORDS, OF_ASSAULT, OUT_VERBS, PEOPLE_NOUNS, PRESENCE_ENDED, PRESENCE_NOUNS,
                   RELATION_NOUNS, SPEECH_VERBS, STAY_VERBS, THREAT_VERBS, clause_bounds, is_negated, words_of)

NEGATION_SCALAR = 0.74          # VADER's own scalar for a negated valence (Hutto & Gilbert 2014)


def is_target(text: str, start: int) -> bool:
    """Whether the phrase starting at ``start`` is what an attack or threat is aimed at."""
    before = [w for w in words_of(text[:start]) if w.isalnum() or "'" in w][-6:]
    # skip the phrase's own determiners and modifiers ("attacks on the US-led coalition")
    k = len(before)
    while k > 0 and (before[k - 1] in FILLER or (before[k - 1] in ("and", "or") and k > 1)):
        k -= 1                           # "attacks on American and coalition forces"
    if k == 0:
        return False
    if before[k - 1] in ATTACK_VERBS:
        return True
    if before[k - 1] in AIMED:
        window = before[max(0, k - 4):k - 1]
        return any(w in ATTACK_NOUNS or w in ATTACK_VERBS or (before[k - 1] == "against" and w in FIGHT_NOUNS)
                   for w in window)
    return False


def _before(text: str, start: int) -> list[str]:
    """Up to six words before ``start``, without the mention's own determiners and modifiers."""
    before = [w for w in words_of(text[:start]) if w.isalnum() or "'" in w][-6:]
    k = len(before)
    while k > 0 and before[k - 1] in FILLER:
        k -= 1
    return before[:k]


_BE = frozenset("was were been being is are had has have reportedly".split())
# after a harm word used as a reduced passive ("US troops killed in Jordan"), what may follow; anything else is
# the object of an active verb ("militias killed three soldiers")
_AFTER_PASSIVE = frozenset("in on at by during when while after near as and or since overnight".split())


def is_harmed(text: str, start: int, end: int) -> bool:
    """Whether the mention is described as harmed: a harm word before it ("bloodied Afghans", "two wounded
    American soldiers"), a harm noun before "of" or "among" ("the deaths of Palestinians", "casualties among US
    troops"), or a passive harm after it ("three US soldiers were killed", "Iranian pilgrims killed in the
    blast", "Palestinians died")."""
    before = [w for w in words_of(text[:start]) if w.isalnum() or "'" in w][-6:]
    k = len(before)
    while k > 0 and (before[k - 1] in FILLER or before[k - 1] in NUMBER_WORDS or before[k - 1].isdigit()):
        k -= 1
    if k and before[k - 1] in HARM_WORDS:
        return True
    if k >= 2 and before[k - 1] in ("of", "among") and before[k - 2] in HARM_NOUNS:
        return True
    after = [w for w in words_of(re.sub(r"^['’]s?", "", text[end:]))][:8]
    i = 0
    while i < len(after) and i < 2 and after[i] in PEOPLE_NOUNS:
        i += 1
    passive = False
    while i < len(after) and after[i] in _BE:
        passive = passive or after[i] != "reportedly"
        i += 1
    if i >= len(after):
        return False
    if after[i] == "died":
        return True
    if after[i] not in HARM_WORDS:
        return False
    nxt = after[i + 1] if i + 1 < len(after) else ""
    return passive or not nxt or not nxt.isalnum() or nxt in _AFTER_PASSIVE


def is_aggressor(text: str, start: int, end: int) -> bool:
    """Whether the mention ``text[start:end]`` carries out an attack ("attacks by X", "the onslaught of X",
    "X shelled ...")."""
    before = _before(text, start)
    if len(before) >= 2 and ((before[-1] == "by" and before[-2] in ASSAULT_NOUNS)
                             or (before[-1] == "of" and before[-2] in OF_ASSAULT)):
        return True
    after = [w for w in words_of(text[end:]) if w.isalnum()][:3]
    after = [w for w in after if w not in ("reportedly", "allegedly", "then", "also", "have", "has", "had")]
    return bool(after) and after[0] in ASSAULT_VERBS and not text[end:end + 2] in ("'s", "’s")


def is_criticised(text: str, start: int) -> bool:
    """Whether the mention is what a criticism, condemnation or rejection is about ("criticism of X",
    "a repudiation of X's leadership", "dissatisfaction with X", "condemned X")."""
    before = _before(text, start)
    if not before:
        return False
    if before[-1] in CRITICISM_VERBS:
        return True
    return len(before) >= 2 and before[-1] in ("of", "with", "against", "toward", "towards") \
        and before[-2] in CRITICISM_NOUNS


def is_event_name(text: str, start: int, end: int) -> bool:
    """Whether the mention only names an event ("the Israel-Hamas conflict", "US-Iran talks", "the Iran war")."""
    rest = text[end:]
    m = re.match(rf"(?:[-‑–]{DOTTED_WORD}(?:\s+{CAPITALISED_DOTTED_WORD})*)?\s+({LOWER_WORD})", rest)
    joined = re.match(r"[-‑–]", rest) is not None or re.search(r"[-‑–]$", text[:start]) is not None
    if m is None or m.group(1) not in EVENT_NOUNS:
        return False
    return joined or m.group(1) in ("conflict", "war", "talks", "negotiations", "ceasefire", "truce", "crisis")


def is_relation_party(text: str, start: int) -> bool:
    """Whether the mention is one party of a relation or conflict ("tensions between Iraq and Iran",
    "talks between Tehran and Washington")."""
    before = [w for w in words_of(text[:start]) if w.isalnum() or "'" in w][-10:]
    if "between" not in before:
        return False
    k = len(before) - 1 - before[::-1].index("between")
    return k > 0 and before[k - 1] in RELATION_NOUNS and "and" in before[k:] + ["and"] and \
        len(before) - k <= 6


def is_ousted(text: str, start: int, end: int) -> bool:
    """Whether the sentence demands or decides that the mention leave: a demand or decision word before
    "departure / withdrawal / exit of X" or "X's departure" or "X exit"; "X should / must leave", "X to leave",
    "the last X leaves"; "expel X", "X must be expelled", "pushing X out"; "X's presence had ended / is no
    longer necessary"."""
    before = _before(text, start)
    rest = re.sub(r"^['’]s?", "", text[end:])
    after = [w for w in words_of(rest) if w.isalnum()][:4]   # "X's departure"
    if before and before[-1] == "of" and len(before) >= 2 and before[-2] in DEPARTURE_NOUNS:
        demand = before[:-2][-4:]
    elif after and after[0] in DEPARTURE_NOUNS:
        demand = before[-4:]
    else:
        body = [w for w in after if w not in ("soldier", "soldiers", "troops", "forces", "personnel")]
        if len(body) >= 2 and body[0] in ("should", "must") and body[1] in LEAVE_VERBS:
            return True
        if len(body) >= 2 and body[0] == "to" and body[1] in LEAVE_VERBS and any(    # "called on X to leave"
                w in DEMAND_WORDS or w in ASK_WORDS for w in before[-4:]):
            return True
        if body and body[0] in LEAVE_FORMS and before and before[-1] == "last":       # "until the last X leaves"
            return True
        if (before and before[-1] in EXPEL_VERBS) or any(w in EXPEL_VERBS for w in after[:3]) or (
                before and before[-1] in OUT_VERBS and after and after[0] == "out"):
            return True
        return presence_over(text, start, end)
    return any(w in DEMAND_WORDS or w in DECISION_WORDS for w in demand)


def presence_over(text: str, start: int, end: int) -> bool:
    """Whether the sentence declares the mention's presence over: "X's presence / mission had ended", "X's
    presence is no longer necessary" (a negation that is itself the demand)."""
    after = [w for w in words_of(re.sub(r"^['’]s?", "", text[end:])) if w.isalnum()][:1]
    if not after or after[0] not in PRESENCE_NOUNS:
        return False
    hi = clause_bounds(text, start, end)[1]
    return any(w in PRESENCE_ENDED for w in words_of(text[end:hi])) or re.search(
        r"\bno longer (?:necessary|needed|required|justified)", text[end:], re.I) is not None


def is_kept(text: str, start: int, end: int) -> bool:
    """Whether the sentence wants the mention to stay ("want the Americans to stay", "keep the advisers") or
    warns against its leaving ("a premature coalition exit")."""
    before = _before(text, start)
    after = [w for w in words_of(re.sub(r"^['’]s?", "", text[end:])) if w.isalnum()][:3]
    if len(after) >= 2 and after[0] == "to" and after[1] in STAY_VERBS:
        return True
    if before and before[-1] in KEEP_VERBS:
        return True
    return bool(after) and after[0] in DEPARTURE_NOUNS and bool(before) and before[-1] in HASTY


def claims_attack(text: str, end: int) -> bool:
    """Whether a speaker ending at ``end`` claims an attack or threatens one ("claimed responsibility for",
    "has claimed more than 130 attacks", "vow more attacks", "said on Telegram it had launched drones",
    "warned it would resume operations")."""
    after = [w for w in words_of(text[end:]) if w.isalnum() or "'" in w][:12]
    while after and after[0] in _AUXILIARIES:
        after.pop(0)
    if after and (after[0] in CLAIM_VERBS or after[0] in THREAT_VERBS):
        if any(w in ATTACK_NOUNS or w in ASSAULT_NOUNS or (w == "responsibility" and after[0] in CLAIM_VERBS)
               for w in after[1:6]):
            return True
    if after and after[0] in SPEECH_VERBS:
        rest = [w for w in after[1:] if w not in _AUXILIARIES and w != "that"]
        for i, w in enumerate(rest[:4]):
            if w in ("it", "they", "we"):
                return i + 1 < len(rest) and (rest[i + 1] in ASSAULT_VERBS
                                              or rest[i + 1] in ("resume", "continue", "escalate"))
    return False


def is_described(text: str, start: int, end: int) -> bool:
    """Whether the mention is what a description is about: the object of a verb of seeing or calling followed
    by "as" or a quotation ("described the US as ...", "does not see the US as an enemy", "calling Washington
    a \"reliable protector\"")."""
    before = _before(text, start)
    if not before or before[-1] not in DESCRIBE_VERBS:
        return False
    return re.match(r"['’]?s?\s+(?:as\b|a\s+[\"“]|an?\s+\w+\s+[\"“]|[\"“])", text[end:]) is not None


_AUXILIARIES = frozenset("had has have would will was were is are also again reportedly".split())


def _after_speech(text: str, lo: int, start: int) -> bool:
    """Whether the mention opens a reported clause ("the office said ISIS no longer poses a threat")."""
    words = [w for w in words_of(text[lo:start]) if w.isalnum()]
    while words and words[-1] in FILLER:
        words.pop()
    return bool(words) and (words[-1] in SPEECH_VERBS or words[-1] == "that") and "said" != text[start:start + 4]


def mention_roles(text: str, start: int, end: int, attributions=()) -> tuple[str, bool, str]:
    """``(role, negated, voice)`` of the mention ``text[start:end]``.

    ``attributions``: the sentence's statements as ``(kind, content_start,
    content_end, speaker_start, speaker_end)`` in sentence offsets (speaker -1
    when unknown).
    """
    voice = "own"
    role = None
    for kind, c0, c1, s0, s1 in attributions:
        if s0 >= 0 and s0 < end and start < s1:
            # "the prime minister's address to the militias": the militias are addressed, not speaking
            if not re.search(r"\b(?:to|of|in|from|at|for|with)\b", text[s0:start]):
                role = "speaker"
        elif c0 <= start < c1:
            voice = "direct" if kind == "direct" else ("reported" if voice == "own" else voice)
    lo, hi = clause_bounds(text, start, end)
    clause_words = words_of(text[lo:start]) + words_of(text[end:hi])
    negated = is_negated(clause_words)
    if role == "speaker" and claims_attack(text, end):
        role = "aggressor"
    if role is None:
        if is_target(text, start) or is_harmed(text, start, end):
            role = "target"
        elif is_aggressor(text, start, end):
            role = "aggressor"
        elif is_criticised(text, start):
            role = "criticised"
        elif is_event_name(text, start, end) or is_relation_party(text, start):
            role = "event"
        elif is_ousted(text, start, end) and (not negated or presence_over(text, start, end)):
            role = "ousted"
        elif is_kept(text, start, end) and not negated:
            role = "kept"
        elif is_described(text, start, end):
            role = "described"
        elif all(w in FILLER or not w.isalnum() for w in words_of(text[lo:start])) or _after_speech(text, lo, start):
            role = "agent"
        else:
            role = "topic"
    return role, bool(negated), voice


def apply_roles(proba: np.ndarray, roles: list[str], negated: list[bool], speaker_proba: np.ndarray | None = None
                ) -> np.ndarray:
    """Probabilities (negative, neutral, positive) after the role rules of this module's docstring.

    ``speaker_proba``: the classifier's probabilities for each mention scored
    without the words attributed to it (used where the role is ``speaker``).
    """
    out = np.array(proba, dtype=float, copy=True)
    for i, (role, neg) in enumerate(zip(roles, negated)):
        p = out[i]
        if role == "speaker" and speaker_proba is not None:
            p = np.array(speaker_proba[i], dtype=float)
        elif role == "target":
            p = np.array([0.0, 1.0, 0.0])
        elif role in ("aggressor", "criticised"):
            p = np.array([p[0] + p[2], p[1], 0.0])
        elif role == "event":
            p = np.array([0.0, 1.0, 0.0])
        elif role == "ousted":
            p = np.array([p[0] + p[1], 0.0, p[2]])
        elif role == "kept":
            p = np.array([p[0], 0.0, p[2] + p[1]])
        if neg and role in ("agent", "described"):
            swapped_neg, swapped_pos = p[2] * NEGATION_SCALAR, p[0] * NEGATION_SCALAR
            p = np.array([swapped_neg, 1.0 - swapped_neg - swapped_pos, swapped_pos])
        out[i] = p
    return out


def stance_labels(scores, band: float) -> np.ndarray:
    """-1 / 0 / 1 per score: negative at or below ``-band``, positive at or above ``band``, else neutral
    (``band`` 0: the sign of the score, with exactly 0 neutral)."""
    scores = np.asarray(scores, dtype=float)
    if band == 0:
        return np.sign(scores).astype(int)
    return np.where(scores <= -band, -1, np.where(scores >= band, 1, 0))
