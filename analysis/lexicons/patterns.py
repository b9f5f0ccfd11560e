"""A researcher's regular expressions, run so that one which backtracks without end cannot hold a run.

Some patterns take time exponential (or a high power) in the length of a
text that almost matches them: nested repeats (``(a+)+b``,
``^(\\w+\\s?)*$``), repeats of overlapping choices (``(a|aa)+$``), many
rounds of a variable part (``(?:a{1,9}a{1,9}){1,90}$``), repeated
back-references (``(?:(a+)\\1*)+$``), deep nests of these.  Which patterns do
cannot be told from their text in general, so it is measured where it
matters:

* a pattern of a researcher's file (frames, actors, rules) runs on the
  ``regex`` engine, whose searches stop after :func:`limit` seconds (one search of
  one pattern in one text: a sentence, a line).  A pattern that runs longer is
  *disabled*: a warning names its file, its key and the problem, it matches
  nothing from then on, and the measures reading it are computed again
  without it (:func:`analysis.measures.registry.compute_measure`), so no
  table holds the matches it gave before it was stopped; each table notes the
  disabled patterns of the files it read, and the reports list them;
* a pattern nested more than :data:`MAX_DEPTH` groups deep is disabled when
  the file is read (the ``regex`` engine's compilation itself takes time
  exponential in that depth);
* the bundled files' patterns are the project's own: each is run on hostile
  texts by the tests (``tests/test_hostile_patterns.py``), and they run on
  the standard ``re`` engine, as fast as before.

A pattern that is not a valid regular expression (or is too large to
compile, ``a{99999999999}``) is still an error when the file is read: it could
never match what its author meant.
"""
from __future__ import annotations

import logging
import re
import threading

import regex

log = logging.getLogger(__name__)

SECONDS = 1.0        # one search of one user pattern in one text (a sentence, a line) ...
CHARS_PER_SECOND = 100_000   # ... plus a second per this many characters of it (a scan that does not backtrack
                             # reads millions a second, even on a busy machine: a long line is no runaway) ...
MAX_SECONDS = 60.0           # ... up to this
MAX_DEPTH = 10       # groups within groups of a user pattern (no lexicon pattern needs half as many)

_DISABLED = [0]      # patterns disabled in this process (a measure's computation that disabled one is done again)
_LOCK = threading.Lock()


def limit(text: str) -> float:
    """Seconds one search of a user pattern may take in ``text``: :data:`SECONDS`, more for a long text (a
    second per :data:`CHARS_PER_SECOND` characters, up to :data:`MAX_SECONDS`), so a pattern that scans a long
    line once on a busy machine is not taken for one that backtracks without end."""
    return min(MAX_SECONDS, SECONDS + len(text) / CHARS_PER_SECOND)


def disabled_count() -> int:
    """How many patterns have been disabled in this process so far (grows only)."""
    return _DISABLED[0]


def without_runaways(compute, what: str):
    """``compute()``, done again while a pattern was disabled during it, so that no result holds what a pattern
    found before it was stopped (``what`` names the work in the warning: "frame_matches computed")."""
    while True:
        before = disabled_count()
        result = compute()
        if disabled_count() == before:
            return result
        log.warning("%s again without the disabled pattern(s)", what)


def _note_disabled() -> None:
    with _LOCK:
        _DISABLED[0] += 1


def nesting(pattern: str) -> int:
    """How many groups deep ``pattern`` nests (``(a(b))`` is 2), read from its text: escapes and character
    classes skipped."""
    depth = deepest = 0
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":                        # a class: "]" first (or after "^") is a member, escapes skipped
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == ")":
            depth -= 1
        i += 1
    return deepest


class GuardedPattern:
    """A user's pattern on the ``regex`` engine with a time limit per search: what :func:`compile_user` gives.

    It answers ``finditer``, ``search`` and ``match`` as a compiled
    :class:`re.Pattern` does, and has its ``pattern`` and ``flags`` (the
    ``re`` flags it was compiled with).  Once disabled (:attr:`problem`) it
    finds nothing.
    """

    def __init__(self, pattern: str, flags: int, where: str, problem: str = ""):
        self.pattern, self.flags, self.where = pattern, flags, where
        self.problem = ""
        self._compiled = None
        if problem:                          # known before compiling (compiling could take hours)
            self._disable(problem)
        else:
            self._compile()

    def _compile(self) -> None:
        try:
            self._compiled = regex.compile(self.pattern, self.flags | regex.VERSION0)
        except (regex.error, OverflowError, RecursionError, ValueError) as exc:
            self._compiled = None
            self._disable(f"the regex engine cannot compile it ({exc})")

    def __repr__(self) -> str:
        return f"GuardedPattern({self.pattern!r}{', disabled' if self.problem else ''})"

    def __getstate__(self):                  # the compiled pattern is rebuilt where it is unpickled
        return {"pattern": self.pattern, "flags": self.flags, "where": self.where, "problem": self.problem}

    def __setstate__(self, state):
        self.pattern, self.flags, self.where, self.problem = (state[k] for k in
                                                              ("pattern", "flags", "where", "problem"))
        self._compiled = None
        if not self.problem:                 # compiled again where it is unpickled (a worker): as in __init__
            self._compile()

    @property
    def note(self) -> str:
        """The warning a disabled pattern gives (plain text): its file and key, the pattern and the problem."""
        return f"{self.where}: pattern {self.pattern!r} disabled: {self.problem}" if self.problem else ""

    def _disable(self, problem: str) -> None:
        if self.problem:
            return
        self.problem = problem
        _note_disabled()
        log.warning("%s; it matches nothing in this run and the tables are computed without it", self.note)

    def _timed_out(self, text: str) -> None:
        self._disable(f"one search took more than {limit(text):g} s on a text of {len(text):,} characters: it "
                      "backtracks without end on some texts (nested or overlapping repeats such as (a+)+ or "
                      "(a|aa)+, many rounds of a variable part, a repeated back-reference); make each repeated "
                      "part start or end on a character the others cannot match, or bound the repeats")

    def finditer(self, text: str, pos: int = 0):
        if self.problem:
            return
        found = self._compiled.finditer(text, pos, timeout=limit(text))
        while True:
            try:
                m = next(found)
            except StopIteration:
                return
            except TimeoutError:
                self._timed_out(text)
                return
            yield m

    def _one(self, how: str, text: str, pos: int = 0):
        if self.problem:
            return None
        try:
            return getattr(self._compiled, how)(text, pos, timeout=limit(text))
        except TimeoutError:
            self._timed_out(text)
            return None

    def search(self, text: str, pos: int = 0):
        return self._one("search", text, pos)

    def match(self, text: str, pos: int = 0):
        return self._one("match", text, pos)


def compile_user(pattern: str, flags: int, where: str) -> GuardedPattern:
    """A user's pattern (already known to be a valid regular expression), guarded: see the module's text.
    ``where`` names the file and key ("frames.toml: frame 'cost', patterns item 2")."""
    depth = nesting(pattern)
    if depth > MAX_DEPTH:
        return GuardedPattern(pattern, flags, where, f"its groups nest {depth} deep, more than {MAX_DEPTH}: "
                                                     "compiling and running it could take hours")
    return GuardedPattern(pattern, flags, where)


def disabled_notes(patterns) -> list[str]:
    """The notes of the disabled patterns among ``patterns`` (compiled ``re`` patterns have none), in order."""
    return list(dict.fromkeys(p.note for p in patterns if isinstance(p, GuardedPattern) and p.problem))


def _parsed(pattern):
    """``(parsed pattern, re's opcode constants)`` from ``re``'s own parser (Python 3.11+) for a standard
    :class:`re.Pattern` of ``str``, or None (a ``regex`` pattern, bytes, or a parser this code cannot read)."""
    if not isinstance(pattern, re.Pattern) or not isinstance(pattern.pattern, str):
        return None
    try:
        from re import _constants as c
        from re import _parser
        return _parser.parse(pattern.pattern, pattern.flags), c
    except Exception:                     # noqa: BLE001 (another Python's parser: the caller falls back)
        return None


def required_text(pattern) -> tuple[str, ...] | None:
    """Pieces of text (lower case, ASCII) one of which every match of ``pattern`` holds, whatever its case flags,
    or None when they cannot be told (then every text must be searched).

    A line of ASCII text whose lower-cased form holds none of them cannot
    match, so a cheap ``in`` spares the search.  Read from the parsed pattern:
    each branch of an alternation must give one; a sequence gives its longest
    run of literal characters, or a group's pieces, whichever is the most
    telling.  Only standard :class:`re.Pattern` objects are read (a user
    pattern on the ``regex`` engine has syntax ``re`` would misread); a
    non-ASCII piece gives None (under ``IGNORECASE`` "ſ" matches "s").
    """
    parsed = _parsed(pattern)
    found = _required(*parsed) if parsed else None
    if not found or not all(p and p.isascii() for p in found):
        return None
    return tuple(sorted({p.lower() for p in found}))


def _required(items, c) -> set[str] | None:
    """The pieces one of which a match of the sequence ``items`` (a parsed pattern) holds, or None."""
    best: set[str] | None = None
    run: list[str] = []

    def consider(pieces):
        nonlocal best
        if pieces and (best is None or min(map(len, pieces)) > min(map(len, best))):
            best = pieces

    for op, av in list(items) + [(None, None)]:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if op is c.AT:                    # ^, $, \b take no characters
            continue
        if run:
            consider({"".join(run)})
            run = []
        if op is c.SUBPATTERN:
            consider(_required(av[-1], c))
        elif op is c.BRANCH:
            branches = [_required(b, c) for b in av[1]]
            if all(branches):
                consider(set().union(*branches))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_required(av[2], c))
    return best


def starts_a_word(pattern: re.Pattern) -> bool:
    """Whether every match of ``pattern`` (a compiled ``str`` pattern) starts with a word character that no word
    character precedes: its first character is one (an ASCII one where case is ignored: Unicode case folding can
    pair a letter with a mark) and a word boundary (``\\b``, ``^``) or a lookbehind that excludes ``\\w`` stands
    before it.  False whenever it cannot tell (a back-reference first, ``re.ASCII``...)."""
    parsed = None if pattern.flags & (re.ASCII | re.LOCALE) else _parsed(pattern)
    if parsed is None:
        return False
    tree, c = parsed
    return _word_start(list(tree), tree.state.flags, False, c)[0] is True


def _first_is_word(op, av, flags: int, c) -> bool:
    ascii_only = bool(flags & re.IGNORECASE)

    def word(code: int) -> bool:
        ch = chr(code)
        return (ch.isalnum() or ch == "_") and (ch.isascii() or not ascii_only)

    if op is c.LITERAL:
        return word(av)
    if op is c.IN:
        for kind, value in av:
            if kind is c.LITERAL and word(value):
                continue
            if kind is c.RANGE and value[1] - value[0] < 256 and all(word(x) for x in range(value[0], value[1] + 1)):
                continue
            if kind is c.CATEGORY and value in (c.CATEGORY_WORD, c.CATEGORY_DIGIT) and not ascii_only:
                continue
            return False
        return True
    return False


def _word_start(items, flags: int, bounded: bool, c) -> tuple[bool | None, bool]:
    """``(verdict, bounded)`` for parsed pattern ``items``: verdict True when the first character they consume is a
    word character at a word start (see :func:`starts_a_word`), False when that cannot be shown, None when they
    consume nothing; ``bounded``: a boundary or a lookbehind excluding ``\\w`` stands before (in and out)."""
    for i, (op, av) in enumerate(items):
        if op is c.AT:
            if av not in (c.AT_BOUNDARY, c.AT_BEGINNING, c.AT_BEGINNING_STRING):
                return False, bounded
            bounded = True
        elif op is c.ASSERT_NOT:
            direction, sub = av
            sub = list(sub)
            if (direction < 0 and len(sub) == 1 and sub[0][0] is c.IN and (c.CATEGORY, c.CATEGORY_WORD) in sub[0][1]
                    and not any(kind is c.NEGATE for kind, _ in sub[0][1])):
                bounded = True               # (?<![\w...]): no word character before
        elif op is c.ASSERT:
            continue                         # a lookahead or lookbehind: consumes nothing
        elif op is c.SUBPATTERN:
            _, add, remove, sub = av
            verdict, bounded = _word_start(list(sub), (flags | add) & ~remove, bounded, c)
            if verdict is not None:
                return verdict, bounded
        elif op is c.BRANCH:
            return all(_word_start(list(branch), flags, bounded, c)[0] is True for branch in av[1]), bounded
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _, sub = av
            first = _word_start(list(sub), flags, bounded, c)[0] is True
            if low == 0:                     # skipped, what follows comes first
                first = first and _word_start(items[i + 1:], flags, bounded, c)[0] is True
            return first, bounded
        else:
            return bounded and _first_is_word(op, av, flags, c), bounded
    return None, bounded
