"""The role an actor mention plays in its clause, negation over it, and the voice it sits in.

:func:`mention_roles` reads one sentence and a mention span and says

* ``role``:
  - ``speaker``: the mention is the speaker of a quotation or reported
    statement (from :func:`analysis.corpus.voices.attributions`);
  - ``target``: the mention is what an attack, strike or threat is aimed at
    ("attacks on US forces", "a strike targeting Iraqi bases", "a threat to
    US personnel", "militias attacked the base used by coalition troops");
  - ``agent``: the mention opens its clause, so it is the subject ("Iran
    launched ...", "The Iraqi government condemned ...");
  - ``topic``: anything else (object, possessor, modifier);
* ``negated``: a negation ("not", "no", "never", "no longer", "n't") in the
  mention's own clause ("ISIS no longer poses a threat"; "the US is not
  considered an enemy");
* ``voice``: ``direct`` inside a quotation, ``reported`` inside what a
  reported statement attributes to someone, else ``own`` (the outlet's prose).

:func:`apply_roles` turns the classifier's probabilities into the mention's
stance with three documented rules:

1. **target**: being attacked says nothing bad about the victim, so the
   negative probability moves to neutral;
2. **speaker**: what a speaker condemns is not the speaker's stance, so the
   speaker is scored on the sentence without the words attributed to it
   (the caller passes those probabilities);
3. **negated agent**: when the mention is the subject of a negated
   predicate ("ISIS no longer poses a threat"), the positive and negative
   probabilities swap, scaled by VADER's negation factor (0.74), the rest
   going to neutral.  Other roles keep theirs (a negation elsewhere in the
   clause is not about them).
"""
from __future__ import annotations

import re

import numpy as np

NEGATION_SCALAR = 0.74          # VADER's own scalar for a negated valence (Hutto & Gilbert 2014)
_TOKEN = re.compile(r"\w+(?:['’]\w+)?|[^\w\s]")
_CLAUSE_BREAK = re.compile(
    r"[;:()\"“”—–]|,\s|\b(?:but|while|although|though|whereas|however|because|after|before|who|which|when|despite|"
    r"as|since|if|whether|that)\b", re.I)
_NEGATIONS = frozenset("not no never n't nor neither cannot without none".split())
_ATTACK_NOUNS = frozenset("attack attacks strike strikes assault assaults raid raids threat threats aggression "
                          "violence rocket rockets drone drones missile missiles fire shelling bombing bombings "
                          "ambush retaliation airstrike airstrikes".split())
_AIMED = frozenset("on against targeting at to toward towards upon".split())
_ATTACK_VERBS = frozenset("attacked attacking attack attacks targeted targeting target targets struck strike strikes "
                          "hit hitting killed killing kill kills bombed bombing shelled shelling threatened "
                          "threatening threaten threatens ambushed assaulted raided wounded injured".split())
_FILLER = frozenset("the a an its their his her our these those this that some several two three other "
                    "american iraqi iranian foreign international western base bases personnel".split())


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Character bounds of the clause holding ``text[start:end]`` (cut at punctuation and conjunctions)."""
    breaks = [m for m in _CLAUSE_BREAK.finditer(text) if not start <= m.start() < end]
    lo = max([m.end() for m in breaks if m.end() <= start], default=0)
    hi = min([m.start() for m in breaks if m.start() >= end], default=len(text))
    return lo, hi


def _words(text: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]


def is_target(text: str, start: int) -> bool:
    """Whether the phrase starting at ``start`` is what an attack or threat is aimed at."""
    before = [w for w in _words(text[:start]) if w.isalnum() or "'" in w][-6:]
    # skip the phrase's own determiners and modifiers ("attacks on the US-led coalition")
    k = len(before)
    while k > 0 and (before[k - 1] in _FILLER or (before[k - 1] in ("and", "or") and k > 1)):
        k -= 1                           # "attacks on American and coalition forces"
    if k == 0:
        return False
    if before[k - 1] in _ATTACK_VERBS:
        return True
    if before[k - 1] in _AIMED:
        window = before[max(0, k - 4):k - 1]
        return any(w in _ATTACK_NOUNS or w in _ATTACK_VERBS for w in window)
    return False


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
    clause_words = _words(text[lo:start]) + _words(text[end:hi])
    negated = any(w in _NEGATIONS or w.endswith("n't") for w in clause_words) or " no longer " in \
        f" {text[lo:hi].lower()} "
    if role is None:
        if is_target(text, start):
            role = "target"
        elif all(w in _FILLER or not w.isalnum() for w in _words(text[lo:start])):
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
            p = np.array([0.0, p[1] + p[0], p[2]])
        if neg and role == "agent":
            swapped_neg, swapped_pos = p[2] * NEGATION_SCALAR, p[0] * NEGATION_SCALAR
            p = np.array([swapped_neg, 1.0 - swapped_neg - swapped_pos, swapped_pos])
        out[i] = p
    return out
