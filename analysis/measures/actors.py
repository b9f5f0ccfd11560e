"""Find the actors of a story in sentences (lexicon: ``lexicons/actors_iraq.toml`` or the study's own).

Output is tidy: one row per mention, keyed by ``article_id`` and
``sentence_id``, with the matched text and its character span, so a mention
can be traced to its sentence and scored in context.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from .. import lexicons
from ..corpus.tokens import APOSTROPHE_WORD, ASCII_WORD, INITIALLED_WORD, WORD_CHARS
from ..errors import LexiconError
from ..lexicons.patterns import starts_a_word

MENTION_COLUMNS = ["article_id", "sentence_id", "actor", "mention", "start", "end"]
ACTOR_KEYS = ("label", "aliases", "patterns", "not_after", "places", "capitals")
# after a place alias, the words that make it stand for its government or people ("Tehran said", "Baghdad's
# request"); anything else ("the Gaza war", "in Gaza", a "BAGHDAD:" dateline) keeps it a place
_METONYMY_NOUNS = frozenset("government leaders leadership officials authorities position response decision stance "
                            "demand demands request call calls policy statement announcement refusal".split())
_METONYMY_VERBS = frozenset("has have had will would is was wants sought seeks launched sent rejected accepted "
                            "agreed refused decided responded demanded asked insists insisted".split())
# before a capital, the words that keep it a place ("in Baghdad", "the streets of Tehran"); "to" and "from" only
# after a word of travel ("a visit to Tehran", "returned from Washington"; "a gift to Tehran" is the government)
_LOCATIVE = frozenset("in near at into inside outside around across over through throughout via of within "
                      "toward towards".split())
_TRAVEL = frozenset("visit visits visited visiting trip trips travel travelled traveled travelling traveling flew "
                    "fly flight flights arrived arrive arriving returned return returning came come went go going "
                    "back journey moved route road way".split())
# after a capital, nouns that make it a modifier of a place or an event ("Baghdad airport", "the Tehran metro")
_PLACE_NOUNS = frozenset("airport embassy embassies streets street residents resident province provinces city "
                         "centre center suburb suburbs suburban district districts neighbourhood neighborhood "
                         "skyline hospital hospitals university bureau correspondent correspondents office "
                         "offices war conflict metro stock exchange area region summit talks conference museum "
                         "marathon club zone green protesters protests rally rallies crowds".split())
# capitalised words that make a capital part of another name ("the Washington Post", "the Tehran Times")
_PLACE_NAMES = frozenset("Post Institute Times Consensus International University Declaration Agreement Summit "
                         "Conference Metro Airport Province Governorate Stock".split())
_BEFORE = r"(?<![\w\-‑])"
_AFTER = r"(?:['’]s?)?(?!\w|[-‑](?-i:[a-z]))"


ActorsError = LexiconError   # the actors file is malformed; the message names the file and actor


@dataclass(frozen=True, eq=False)
class Actor:
    id: str
    label: str
    patterns: tuple[re.Pattern, ...]
    not_after: frozenset[str]
    places: frozenset[str] = frozenset()
    capitals: frozenset[str] = frozenset()


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _alias_pattern(aliases: list[str], flags: int) -> re.Pattern | None:
    if not aliases:
        return None
    alternation = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    return re.compile(f"{_BEFORE}(?:{alternation}){_AFTER}", flags)


@dataclass(eq=False)
class ActorLexicon:
    """The actors of a study, in file order, and the file they came from."""

    actors: tuple[Actor, ...]
    resource: lexicons.Resource | None = None

    @property
    def labels(self) -> dict[str, str]:
        return {a.id: a.label for a in self.actors}

    def __iter__(self):
        return iter(self.actors)

    def disabled(self) -> list[str]:
        """The notes of the actors' patterns disabled so far (:mod:`analysis.lexicons.patterns`)."""
        from ..lexicons.patterns import disabled_notes
        return disabled_notes(p for actor in self.actors for p in actor.patterns)

    @cached_property
    def guarded(self) -> tuple:
        """The patterns of a user's file that run with a time limit (:mod:`analysis.lexicons.patterns`)."""
        return tuple(p for actor in self.actors for p in actor.patterns if not isinstance(p, re.Pattern))

    @cached_property
    def any_pattern(self) -> re.Pattern | None:
        """One pattern matching wherever any actor's compiled ``re`` pattern does (a quick test before the patterns
        one by one, with the :attr:`guarded` ones), or None when they cannot be joined (a back-reference, a global
        flag inside a pattern)."""
        return _joined([p for actor in self.actors for p in actor.patterns if isinstance(p, re.Pattern)])

    @cached_property
    def _screen(self) -> tuple | None:
        """``(screen, n_rest, rest)``: a :class:`~analysis.measures.screen.PatternScreen` of the patterns
        :attr:`any_pattern` joins, how many it cannot screen (no literal every match needs: "US", "IS"; always its
        candidates) and their join (None when there are none), so that a text holding none of the screened patterns' literals is tested against those alone
        (:meth:`names_none`); None when :attr:`any_pattern` is None."""
        from .screen import PatternScreen

        if self.any_pattern is None:
            return None
        screen = PatternScreen([p for actor in self.actors for p in actor.patterns if isinstance(p, re.Pattern)])
        rest = [p for p, need in zip(screen.patterns, screen.needs_) if need is None]
        return screen, len(rest), (_joined(rest) if rest else None)

    def names_none(self, text: str) -> bool:
        """Whether no compiled ``re`` pattern of the actors matches ``text`` (:attr:`any_pattern` finds nothing),
        found by a screen of literals first (most sentences name no actor; the joined pattern of every actor costs
        several times as much as the screen); False when the patterns cannot be joined (test them one by one)."""
        screened = self._screen
        if screened is None:
            return False
        screen, n_rest, rest = screened
        if len(screen.candidates(text)) > n_rest:      # a screened pattern may match: the joined pattern decides
            return self.any_pattern.search(text) is None
        return rest is None or rest.search(text) is None


def _joined(patterns: list[re.Pattern]) -> re.Pattern | None:
    """One pattern matching wherever one of ``patterns`` does, or None when they cannot be joined (a
    back-reference, a global flag inside a pattern) or there are none."""
    parts = []
    for p in patterns:
        if re.search(r"\\\d|\(\?P=|\(\?[aiLmsux]+\)", p.pattern) or p.flags & (re.X | re.S | re.M):
            return None
        parts.append(f"(?{'i' if p.flags & re.IGNORECASE else '-i'}:{p.pattern})")
    if not parts:
        return None
    # when every pattern starts a match at the start of a word, say so first: one test of the previous
    # character then rules out most positions before the alternatives are tried one by one (half the time)
    starts = all(starts_a_word(p) for p in patterns)
    try:
        return re.compile(("(?<!\\w)" if starts else "") + "(?:" + "|".join(f"(?:{x})" for x in parts) + ")")
    except (re.error, OverflowError, RecursionError):
        return None


def _parse_actors(resource: lexicons.Resource) -> ActorLexicon:
    path = resource.path
    data = lexicons.toml(resource)
    lexicons.check_keys(data, ["actor"], str(path))
    actors = []
    for aid, spec in data.get("actor", {}).items():
        where = f"{path}: actor '{aid}'"
        if not isinstance(spec, dict):
            raise ActorsError(f"{where} must be a table ([actor.{aid}])")
        lexicons.check_keys(spec, ACTOR_KEYS, where)
        aliases = lexicons.string_list(spec.get("aliases", []), where, "aliases")
        pats = [
            _alias_pattern([a for a in aliases if _is_acronym(a)], 0),
            _alias_pattern([a for a in aliases if not _is_acronym(a)], re.IGNORECASE),
        ]
        for k, p in enumerate(lexicons.string_list(spec.get("patterns", []), where, "patterns"), start=1):
            try:
                pats.append(lexicons.compile_pattern(p, 0, f"{where}, patterns item {k}", resource.bundled))
            except re.error as exc:
                raise ActorsError(f"{where} has an invalid pattern {p!r}: {exc}") from exc
        if not any(pats):
            raise ActorsError(f"{where} has neither aliases nor patterns")
        places = [a for a in lexicons.string_list(spec.get("places", []), where, "places")]
        capitals = [a for a in lexicons.string_list(spec.get("capitals", []), where, "capitals")]
        pats.append(_alias_pattern([a for a in places + capitals if a not in aliases], re.IGNORECASE))
        actors.append(Actor(aid, lexicons.check_type(spec.get("label", aid), str, where, "label"), tuple(p for p in pats if p),
                            frozenset(w.lower() for w in lexicons.string_list(spec.get("not_after", []), where, "not_after")),
                            frozenset(a.lower() for a in places), frozenset(a.lower() for a in capitals)))
    if not actors:
        raise ActorsError(f"{path}: no [actor.ID] tables")
    return ActorLexicon(tuple(actors), resource)


def load_actors(ref: str | Path = "iraq", base: Path | None = None) -> ActorLexicon:
    """Actors from a TOML file (bundled name or path; see the header of ``lexicons/actors_iraq.toml``)."""
    return lexicons.parse(lexicons.read(ref, "actors", base), _parse_actors)


def _previous_word(text: str, start: int) -> str:
    m = re.search(rf"({WORD_CHARS})\W*$", text[:start])
    return m.group(1).lower() if m else ""


def find_in_text(text: str, actors) -> list[tuple[str, int, int]]:
    """Non-overlapping ``(actor id, start, end)`` in ``text``; the longest match wins an overlap."""
    quick = getattr(actors, "names_none", None)
    if quick is not None and quick(text) and not any(p.search(text) for p in actors.guarded):
        return []                        # most sentences name no actor: a screen and one search say so
    found = []
    for actor in actors:
        for pattern in actor.patterns:
            for m in pattern.finditer(text):
                if m.end() > m.start() and _previous_word(text, m.start()) not in actor.not_after:
                    found.append((actor.id, m.start(), m.end()))
    found.sort(key=lambda f: (-(f[2] - f[1]), f[1]))
    kept: list[tuple[str, int, int]] = []
    for f in found:
        if all(f[2] <= k[1] or f[1] >= k[2] for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f[1])


def _stands_for_actor(text: str, end: int, speech_verbs=frozenset()) -> bool:
    """Whether a place name ending at ``end`` is used for its government or people (metonymy)."""
    possessive = text[end - 2:end].lower() in ("'s", "’s")
    m = re.match(rf"\s+({WORD_CHARS})(?:\s+({WORD_CHARS}))?", text[end:])
    if m is None:
        return False
    first, second = m.group(1).lower(), (m.group(2) or "").lower()
    if possessive:
        return first in _METONYMY_NOUNS
    if first in speech_verbs:
        return True
    if first in ("has", "have", "had", "is", "was", "will", "would"):     # an auxiliary: look at the verb after it
        return second.endswith("ed") or second in speech_verbs
    return first in _METONYMY_VERBS


def _is_place_use(text: str, start: int, end: int) -> bool:
    """Whether a capital ``text[start:end]`` names the city, not its government: after a preposition of place
    ("in Baghdad", "the streets of Tehran", "a visit to Tehran"), before a noun it qualifies ("Baghdad
    airport"), or in a dateline ("BAGHDAD:", "TEHRAN (Reuters) -")."""
    rest, name = text[end:], text[start:end]
    m = re.match(rf"\s+({ASCII_WORD.pattern})", rest)
    qualifies = m is not None and (m.group(1) in _PLACE_NOUNS or m.group(1) in _PLACE_NAMES)
    if re.sub(r"['’]s$", "", name) != name:          # "Washington's bombs", "in Tehran's view": the government's
        return qualifies                             # ... but "Baghdad's streets" is the city's
    words = re.findall(APOSTROPHE_WORD, text[:start].lower())[-2:]
    if words and (words[-1] in _LOCATIVE
                  or (words[-1] in ("to", "from") and len(words) == 2 and words[0] in _TRAVEL)):
        return True
    if re.match(rf"\s*(?:[:—–]|\({WORD_CHARS}\)\s*[-—–:])", rest) or (name.isupper() and len(name) > 3 and start < 3):
        return True
    return qualifies


_GAP = re.compile(rf"^(?:[\s,]*(?:the\s+)?|\s+(?:{INITIALLED_WORD}\s+){{1,3}}|\s*\()$")


def mentions_in_text(text: str, actors: ActorLexicon, speech_verbs=frozenset()) -> list[tuple[str, int, int]]:
    """``(actor id, start, end)`` of the mentions in one sentence: one per noun phrase, places kept apart.

    * A place alias (the actor's ``places``: "Gaza", "Baghdad") is a mention
      only when it stands for a government or people: followed by a verb of
      saying (``speech_verbs``) or of acting, or a possessive followed by
      "government", "decision", "request"...  So "the Gaza war", "in Gaza"
      and a "BAGHDAD:" dateline are not mentions; "Tehran said" is.
    * A capital (the actor's ``capitals``: "Washington", "Tehran") stands
      for its government ("a gift to Tehran", "ties with Washington",
      "Washington's bombs") unless it names the city: after a preposition of
      place ("in Baghdad", "a visit to Tehran"), before a noun it qualifies
      ("Baghdad airport") or in a dateline.
    * Matches of one actor separated only by a comma, "the" or capitalised
      words are one noun phrase ("Prime Minister Mohammed al-Sudani"; "Pat
      Ryder, the Pentagon press secretary") and become one mention.
    """
    places = {a.id: a.places for a in actors}
    capitals = {a.id: a.capitals for a in actors}
    found = []
    for aid, start, end in find_in_text(text, actors):
        name = re.sub(r"['’]s$", "", text[start:end]).lower()
        if name in places.get(aid, ()) and not _stands_for_actor(text, end, speech_verbs):
            continue
        if name in capitals.get(aid, ()) and _is_place_use(text, start, end):
            continue
        gap = text[found[-1][2]:start] if found else ""
        if found and found[-1][0] == aid and _GAP.match(gap):
            nxt = re.match(rf"\s*({WORD_CHARS})", text[end:])
            # ", the Pentagon press secretary" is an apposition; ", the Pentagon said" is another subject
            closes = text[end:].lstrip().startswith((",", ")"))
            if "," not in gap or closes or (nxt is not None and nxt.group(1).islower()
                                            and nxt.group(1) not in speech_verbs):
                found[-1] = (aid, found[-1][1], end)
                continue
        found.append((aid, start, end))
    return found


def find_mentions(sentences: pd.DataFrame, actors: ActorLexicon, speech_verbs=frozenset()) -> pd.DataFrame:
    """One row per actor mention in ``sentences`` (needs ``article_id``, ``sentence_id``, ``text``).

    ``speech_verbs``: word forms of the verbs of saying (they let a place name
    stand for its government: "Tehran said"); see :func:`mentions_in_text`.
    """
    rows = []
    seen: dict[str, list] = {}           # a sentence repeated in many articles (agency copy) is searched once
    for art, sid, text in zip(sentences["article_id"], sentences["sentence_id"], sentences["text"]):
        found = seen.get(text)
        if found is None:
            found = seen[text] = mentions_in_text(text, actors, speech_verbs)
        for actor, start, end in found:
            rows.append((art, sid, actor, text[start:end], start, end))
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)
