"""Which of many regular expressions can match a text: a quick screen by the literal text each one needs.

What goes in: compiled patterns (case-insensitive or not, with any inline
flags).  What comes out: :class:`PatternScreen`, whose :meth:`~PatternScreen.candidates`
gives, for one text, the indices of the patterns that may match it; the
others cannot, so a caller runs only the candidates and finds exactly what
running every pattern finds.

How: each pattern is read once (:func:`needed_literals`) for a set of
literal strings at least one of which any text it matches must contain
("violat" for ``\\bviolat\\w*\\s+...``; "forces", "troops" or "army" for an
alternation of those words).  A text is case-folded the way the regex engine
folds it, and a pattern is a candidate when one of its literals is a
substring.  A pattern with no such literal (``\\w+``, a negative
lookahead only) is always a candidate.  The screen never hides a match: a
literal is only ever taken from what every match (or a positive lookaround,
which must also match in the text) consists of.
"""
from __future__ import annotations

import re
from re import _constants as C
from re import _parser

MIN_LITERAL = 3      # shorter needed literals ("s", "of") screen out too little to be worth a test

# Characters the regex engine matches to an ASCII letter under IGNORECASE although str.lower() does not give
# that letter: the dotless i and the long s (re._casefix), the dotted capital I (whose full lower case is two
# characters).  Everything else folds as str.lower() folds it.
_FOLD = str.maketrans({"ı": "i", "ſ": "s", "İ": "i"})


def fold(text: str) -> str:
    """``text`` lower-cased as the regex engine compares an ASCII letter under IGNORECASE."""
    return text.translate(_FOLD).lower()


def _safe(code: int) -> bool:
    """An ASCII character that matches only itself and its ASCII case partner (so a lower-cased substring test
    of the folded text is exact)."""
    return code < 128


def _best(options: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective of several sets that are each needed: the one whose shortest literal is longest,
    then the one with fewest literals."""
    if not options:
        return None
    return max(options, key=lambda s: (min(map(len, s)), -len(s)))


def _needed(items) -> frozenset[str] | None:
    """A set of lower-cased literals one of which every match of the parsed sequence ``items`` contains, or
    None when none can be said."""
    options: list[frozenset[str]] = []
    run: list[str] = []

    def close():
        if run:
            options.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is C.LITERAL and _safe(av):
            run.append(chr(av).lower())
            continue
        close()
        need = None
        if op is C.SUBPATTERN:
            need = _needed(av[3])
        elif op is C.ATOMIC_GROUP:
            need = _needed(av)
        elif op is C.BRANCH:
            alts = [_needed(a) for a in av[1]]
            if all(a is not None for a in alts):
                need = frozenset().union(*alts)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            if av[0] >= 1:
                need = _needed(av[2])
        elif op is C.ASSERT:            # a positive lookahead or lookbehind also matches somewhere in the text
            need = _needed(av[1])
        if need is not None:
            options.append(need)
    close()
    return _best(options)


def needed_literals(pattern: re.Pattern) -> frozenset[str] | None:
    """Lower-cased literals at least one of which is a substring of :func:`fold` of any text ``pattern``
    matches (shortest at least :data:`MIN_LITERAL` characters), or None when the pattern needs none.

    >>> sorted(needed_literals(re.compile(r"\\b(?:troops|forces)\\s+(?:left|out)", re.I)))
    ['forces', 'troops']
    """
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError, OverflowError):
        return None
    need = _needed(tree)
    if need is None or min(map(len, need)) < MIN_LITERAL:
        return None
    return need


class PatternScreen:
    """Which of ``patterns`` can match a text (see the module docstring).

    Parameters
    ----------
    patterns : sequence of re.Pattern

    Attributes
    ----------
    needs_ : list of frozenset or None
        Each pattern's needed literals (None: always a candidate).
    """

    def __init__(self, patterns):
        self.patterns = list(patterns)
        self.needs_ = [needed_literals(p) for p in self.patterns]
        self._always = [i for i, n in enumerate(self.needs_) if n is None]
        # each literal once, with the patterns it lets through, filed under its first MIN_LITERAL characters
        self._by_literal: dict[str, list[int]] = {}
        for i, need in enumerate(self.needs_):
            for lit in sorted(need or ()):
                self._by_literal.setdefault(lit, []).append(i)
        self._by_head: dict[str, list[str]] = {}
        for lit in sorted(self._by_literal):
            self._by_head.setdefault(lit[:MIN_LITERAL], []).append(lit)
        self._heads = frozenset(self._by_head)

    def candidates(self, text: str, folded: str | None = None) -> list[int]:
        """Indices (ascending) of the patterns that may match ``text``; ``folded`` is :func:`fold` of it when the
        caller has it already."""
        low = fold(text) if folded is None else folded
        hit = set(self._always)
        if not self._by_literal:
            return sorted(hit)
        by = self._by_literal
        heads = self._heads.intersection([low[i:i + MIN_LITERAL] for i in range(len(low) - MIN_LITERAL + 1)])
        for head in heads:
            for lit in self._by_head[head]:
                if lit in low:
                    hit.update(by[lit])
        return sorted(hit)
