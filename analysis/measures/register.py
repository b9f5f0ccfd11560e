"""News-register VADER: names, institutional words and neutral reporting verbs read as neutral.

VADER reads "United" (United States), "security" (security forces) and
"argued" as tone.  A register file (``lexicons/register_default.toml``; see
its header) lists multi-word ``phrases`` and single ``words`` that news uses
neutrally.  :class:`NewsRegister` scores a text with VADER after

* every listed phrase is joined into one token VADER does not know
  ("United States" → "United_States"), and
* the listed words are taken out of a private copy of VADER's lexicon,

so nothing else of VADER changes (boosters, negation, "but", capitals).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import lexicons
from .vader import fresh_analyzer

KEYS = ("phrases", "words")
_EDGE = "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum()) + "“”‘’—–…"   # VADER strips these too


@dataclass(eq=False)
class NewsRegister:
    """A parsed register file: the phrase pattern and the neutral words."""

    phrases: tuple[str, ...]
    words: frozenset[str]
    resource: lexicons.Resource | None = None

    def __post_init__(self):
        ordered = sorted(self.phrases, key=len, reverse=True)
        self._pattern = (re.compile(r"(?<![\w-])(?:" + "|".join(r"\s+".join(map(re.escape, p.split()))
                                                                 for p in ordered) + r")(?![\w-])", re.I)
                         if ordered else None)
        self._analyzer = None

    def neutralise(self, text: str) -> str:
        """``text`` with each listed phrase joined into one unknown token."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: "_".join(m.group(0).split()), text)

    @property
    def analyzer(self):
        if self._analyzer is None:
            sia = fresh_analyzer(fast=True)
            sia.lexicon = {w: v for w, v in sia.lexicon.items() if w not in self.words}
            self._analyzer = sia
        return self._analyzer

    def touches(self, text: str) -> bool:
        """Whether the register changes anything in ``text`` (else plain VADER gives the same scores)."""
        if self._pattern is not None and self._pattern.search(text):
            return True
        return any(w.strip(_EDGE).lower() in self.words for w in text.split())

    def polarity_scores(self, text: str) -> dict[str, float]:
        """VADER's ``neg``, ``neu``, ``pos``, ``compound`` in the news register."""
        return self.analyzer.polarity_scores(self.neutralise(text))


def _parse(resource: lexicons.Resource) -> NewsRegister:
    data = lexicons.toml(resource)
    where = str(resource.path)
    lexicons.check_keys(data, list(KEYS), where)
    phrases = tuple(p.strip() for p in lexicons.string_list(data.get("phrases", []), where, "phrases") if p.strip())
    words = frozenset(w.strip().lower() for w in lexicons.string_list(data.get("words", []), where, "words"))
    if any(" " in w for w in words):
        raise lexicons.LexiconError(f"{where}: 'words' holds single words; put multi-word entries in 'phrases'")
    return NewsRegister(phrases, words, resource)


def load_register(ref: str | Path = "default", base: Path | None = None) -> NewsRegister:
    """The register file (bundled name or path), read now and parsed once per content."""
    return lexicons.parse(lexicons.read(ref, "register", base), _parse)

