"""The speech lexicon (``lexicons/speech_default.toml`` or the study's own), parsed once per content.

What goes in: a bundled name or a path of a TOML file with the keys
``verbs`` (lemmas of verbs of saying and stance; their inflections are made
here), ``irregular`` (lemma = [forms]), ``phrasal`` ("call for"), ``nouns``
(nouns of saying: "statement", "assertion"), ``according_to``,
``speaker_words``, ``not_speakers``, ``pronouns`` and ``titles``.  What
comes out: a :class:`Speech`, the word forms mapped to their lemmas and the
word lists as sets and patterns, read by the attribution rules of
:mod:`analysis.corpus.voices`, by the quotes measure and by actor mentions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .. import lexicons
from .tokens import LOWER_RUN


@dataclass(eq=False)
class Speech:
    """The speech lexicon, parsed: word forms to lemmas, and the word lists."""

    forms: dict[str, str]
    phrasal: dict[str, set[str]]
    nouns: frozenset[str]
    according_to: re.Pattern
    speaker_words: frozenset[str]
    not_speakers: frozenset[str]
    pronouns: frozenset[str]
    titles: re.Pattern
    title_words: tuple[str, ...] = ()
    resource: lexicons.Resource | None = None

    @cached_property
    def verb_words(self) -> frozenset[str]:
        """The words that can be a verb of saying, or open a phrasal one: the rest need no closer look."""
        return frozenset(self.forms) | frozenset(self.phrasal)

    @cached_property
    def cue_words(self) -> frozenset[str]:
        """The words that can cue a reported statement: verbs, nouns of saying and "according" (to)."""
        return self.verb_words | self.nouns | {"according"}

    @cached_property
    def _cue_screen(self) -> tuple[frozenset[str], re.Pattern | None]:
        """The cue words of ASCII letters alone, and a pattern of the others (None when there are none)."""
        plain = frozenset(w for w in self.cue_words if LOWER_RUN.fullmatch(w))
        rest = sorted(self.cue_words - plain, key=len, reverse=True)
        return plain, (re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(w) for w in rest) + r")(?![a-z])")
                       if rest else None)

    def may_cue(self, text: str) -> bool:
        """Whether a word of ``text`` (:data:`~analysis.corpus.tokens.SPEECH_TOKEN`, lower-cased, curly
        apostrophes straight) may be a cue word; False means none is, so ``text`` holds no reported statement.

        A token never starts or ends beside a letter ("3said" holds the token
        "said", "saidx" does not), so a cue word of ASCII letters is one of the
        runs of them in the lower-cased text, found without tokenising it.
        """
        low = text.lower().replace("’", "'")
        plain, rest = self._cue_screen
        return not plain.isdisjoint(LOWER_RUN.findall(low)) or (rest is not None and rest.search(low) is not None)


def _inflect(lemma: str) -> set[str]:
    forms = {lemma}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif re.search(r"(?:s|sh|ch|x|z)$", lemma):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    elif re.search(r"[^aeiou][aeiou][pbtgm]$", lemma) and lemma not in ("signal", "label", "counter", "offer"):
        forms |= {lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    if lemma in ("signal", "label"):
        forms |= {lemma + "led", lemma + "ling"}
    return forms


def _parse_speech(resource: lexicons.Resource) -> Speech:
    data = lexicons.toml(resource)
    where = str(resource.path)
    keys = ["verbs", "irregular", "phrasal", "nouns", "according_to", "speaker_words", "not_speakers", "pronouns",
            "titles"]
    lexicons.check_keys(data, keys, where)
    forms: dict[str, str] = {}
    for lemma in lexicons.string_list(data.get("verbs", []), where, "verbs"):
        for f in _inflect(lemma.lower()):
            forms.setdefault(f, lemma.lower())
    irregular = data.get("irregular", {})
    if not isinstance(irregular, dict):
        raise lexicons.LexiconError(f"{where}: [irregular] must be a table of lemma = [forms]")
    for lemma, extra in irregular.items():
        for f in [lemma, *lexicons.string_list(extra, f"{where}: [irregular]", lemma)]:
            forms[f.lower()] = lemma.lower()
    phrasal: dict[str, set[str]] = {}
    for phrase in lexicons.string_list(data.get("phrasal", []), where, "phrasal"):
        verb, _, particle = phrase.lower().partition(" ")
        for f in _inflect(verb):
            phrasal.setdefault(f, set()).add(particle)
    according = lexicons.string_list(data.get("according_to", []), where, "according_to")
    titles = sorted(lexicons.string_list(data.get("titles", []), where, "titles"), key=len, reverse=True)
    return Speech(
        forms=forms, phrasal=phrasal,
        nouns=frozenset(w.lower() for w in lexicons.string_list(data.get("nouns", []), where, "nouns")),
        according_to=re.compile(r"\b(?:" + "|".join(re.escape(a) for a in according) + r")\s+", re.I)
        if according else re.compile(r"(?!x)x"),
        speaker_words=frozenset(w.lower() for w in lexicons.string_list(data.get("speaker_words", []), where, "speaker_words")),
        not_speakers=frozenset(w.lower() for w in lexicons.string_list(data.get("not_speakers", []), where, "not_speakers")),
        pronouns=frozenset(w.lower() for w in lexicons.string_list(data.get("pronouns", []), where, "pronouns")),
        titles=re.compile(r"^(?:(?:" + "|".join(re.escape(t) for t in titles) + r")\.?\s+)+", re.I) if titles
        else re.compile(r"(?!x)x"),
        title_words=tuple(titles), resource=resource)


def load_speech(ref: str | Path = "default", base: Path | None = None) -> Speech:
    """The speech lexicon (bundled name or path), read now and parsed once per content."""
    return lexicons.parse(lexicons.read(ref, "speech", base), _parse_speech)

