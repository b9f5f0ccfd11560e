"""Lexicons, rules and word lists as data files, with one loader.

A *reference* is either the name of a bundled file (``"iraq"`` for the frame
lexicon ``frames_iraq.toml``, ``"default"`` for the boilerplate rules) or a
path to a researcher's own file.  :func:`read` returns a :class:`Resource`:
the file's path, its bytes and their sha256, read at the time of use, so an
edited file is never served from a stale parse.  :func:`parse` memoises a
parser's result by the content hash, never by the path.  Within
:func:`one_version` (a command of the CLI, one run) each file is read once and
every part of the run sees that one version of it.

Every problem is a :class:`~analysis.errors.LexiconError` naming the file.
"""
from __future__ import annotations

import difflib
import hashlib
import os
import re
import stat
import threading
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from re import _constants
from typing import Any, Callable

from ..errors import LexiconError

BUNDLED = Path(__file__).resolve().parent

# kind -> how a bundled name becomes a file name
_PATTERNS = {
    "frames": "frames_{}.toml",
    "actors": "actors_{}.toml",
    "sources": "sources_{}.toml",
    "rules": "boilerplate_{}.toml",
    "speech": "speech_{}.toml",
    "register": "register_{}.toml",
    "stopwords": "stopwords_{}.txt",
    "codebook": "codebook_{}.toml",
    "coding": "coding_{}.csv",
}


@dataclass(frozen=True)
class Resource:
    """One data file as read now: where it is, its bytes and their sha256."""

    kind: str
    ref: str
    path: Path
    data: bytes
    sha256: str

    @property
    def bundled(self) -> bool:
        return self.path.parent == BUNDLED

    def describe(self) -> dict:
        """For provenance records: the reference, the file and its content hash."""
        return {"kind": self.kind, "ref": self.ref, "path": self.shown_path, "sha256": self.sha256}

    @property
    def shown_path(self) -> str:
        if self.bundled:
            return f"analysis/lexicons/{self.path.name}"
        from ..paths import ROOT
        try:
            return self.path.resolve().relative_to(ROOT).as_posix()
        except ValueError:
            return str(self.path)

    def text(self) -> str:
        try:
            return self.data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise LexiconError(f"{self.path}: not UTF-8 text ({exc})") from None


def bundled_names(kind: str) -> list[str]:
    """The names of the bundled files of one kind (``bundled_names("frames")`` → ``["iraq", "policy"]``)."""
    prefix, suffix = _PATTERNS[kind].split("{}")
    return sorted(p.name[len(prefix):-len(suffix)] for p in BUNDLED.glob(_PATTERNS[kind].format("*")))


def resolve(ref: str | Path, kind: str, base: Path | None = None) -> Path:
    """The file a reference names: a bundled name, or a path (relative to ``base`` when given)."""
    if kind not in _PATTERNS:
        raise ValueError(f"unknown resource kind {kind!r}")
    text = str(ref)
    if "/" not in text and "\\" not in text and "." not in text:
        candidate = BUNDLED / _PATTERNS[kind].format(text)
        if candidate.exists():
            return candidate
        names = bundled_names(kind)
        raise LexiconError(f"no bundled {kind} file named {text!r}; bundled: {', '.join(names) or 'none'} "
                           f"(or give the path of your own file)")
    path = Path(text).expanduser()
    if not path.is_absolute() and base is not None:
        path = Path(os.path.normpath(base / path))     # messages name "lexicons/x.toml", not "study/../lexicons/x.toml"
    return path


MAX_FILE_BYTES = 50 * 1024 * 1024      # no lexicon, rules, study or sheet file is anywhere near this


def read_limited(path: Path, what: str, error=LexiconError, limit: int | None = None) -> bytes:
    """The bytes of a settings or data file, read only when it is a regular file and at most ``limit`` bytes
    long (default ``MAX_FILE_BYTES``; a FIFO would hang the run, ``/dev/zero`` would fill memory); else
    ``error`` naming the file."""
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        info = path.stat()
    except FileNotFoundError:
        raise error(f"{path}: {what} not found") from None
    except OSError as exc:
        raise error(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise error(f"{path}: is a folder, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise error(f"{path}: is not a regular file (a pipe, socket or device), so it is not read as a {what}")
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise error(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise error(f"{path}: larger than {limit // (1024 * 1024)} MB, so it is not read as a {what}")
    return data


_ONE_VERSION: dict[tuple[str, Path], tuple[bytes, str]] = {}
_ONE_VERSION_DEPTH = [0]
_ONE_VERSION_LOCK = threading.Lock()


@contextmanager
def one_version():
    """Within the block, each data file is read once: a later :func:`read` of the same file returns the bytes
    (and hash) read first.  A run holds its lexicons, rules and sheets fixed this way, so its cache keys,
    parses and provenance all describe one version of each file, and the files are not read again per use."""
    with _ONE_VERSION_LOCK:
        _ONE_VERSION_DEPTH[0] += 1
    try:
        yield
    finally:
        with _ONE_VERSION_LOCK:
            _ONE_VERSION_DEPTH[0] -= 1
            if not _ONE_VERSION_DEPTH[0]:
                _ONE_VERSION.clear()


def read(ref: str | Path, kind: str, base: Path | None = None) -> Resource:
    """Read a data file now (once per file inside :func:`one_version`) and hash its content."""
    path = resolve(ref, kind, base)
    held = (kind, path.resolve()) if _ONE_VERSION_DEPTH[0] else None
    with _ONE_VERSION_LOCK:
        known = _ONE_VERSION.get(held) if held else None
    if known is None:
        data = read_limited(path, f"{kind} file")
        known = (data, hashlib.sha256(data).hexdigest())
        if held:
            with _ONE_VERSION_LOCK:
                if _ONE_VERSION_DEPTH[0]:
                    _ONE_VERSION[held] = known
    return Resource(kind, str(ref), path, *known)


MAX_KEY_PARTS = 64
# a key of more than MAX_KEY_PARTS dotted parts, at a line's start or in an inline table ("a.b.c" or [a.b.c])
_LONG_KEY = re.compile(r"(?:^|[{,])[ \t]*\[{0,2}[ \t]*(?:(?:[A-Za-z0-9_-]+|\"[^\"\n]*\"|'[^'\n]*')[ \t]*\.[ \t]*){%d,}"
                       % MAX_KEY_PARTS, re.M)


def parse_toml(text: str, where, error: type[Exception] = LexiconError) -> dict:
    """``text`` parsed as TOML, or ``error`` naming ``where`` (the file) and the line.

    Bounded before parsing: the standard parser takes time quadratic in the
    parts of a dotted key (60,000 parts: over ten minutes), and no study or
    lexicon needs more than a few, so a key of more than
    :data:`MAX_KEY_PARTS` is refused; nesting too deep to parse is refused too.
    """
    long_key = _LONG_KEY.search(text)
    if long_key:
        line = text.count("\n", 0, long_key.start()) + 1
        raise error(f"{where}: line {line} has a key of more than {MAX_KEY_PARTS} dotted parts; "
                    "no study or lexicon needs one")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{where}: not valid TOML: {exc}") from None
    except RecursionError:
        raise error(f"{where}: not valid TOML: arrays or tables nested too deeply") from None


def toml(resource: Resource) -> dict:
    """The TOML content of a resource, or a :class:`LexiconError` naming the file and line (:func:`parse_toml`)."""
    return parse_toml(resource.text(), resource.path)


_MEMO: dict[tuple[str, str], Any] = {}
_MEMO_LOCK = threading.Lock()
_MEMO_MAX = 64


def parse(resource: Resource, parser: Callable[[Resource], Any]) -> Any:
    """``parser(resource)``, computed once per content hash and parser (never per path)."""
    key = (f"{parser.__module__}.{parser.__qualname__}", resource.sha256)
    with _MEMO_LOCK:
        if key in _MEMO:
            return _MEMO[key]
    value = parser(resource)
    with _MEMO_LOCK:
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[key] = value
    return value


def check_keys(table: dict, allowed, where: str, error=LexiconError) -> None:
    """Refuse unknown keys in a TOML table, suggesting the nearest allowed one ("term" → "terms")."""
    allowed = list(allowed)
    for key in table:
        if key not in allowed:
            near = difflib.get_close_matches(key, allowed, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else f"; allowed: {', '.join(allowed)}"
            raise error(f"{where}: unknown key '{key}'{hint}")


def check_type(value, types, where: str, what: str, error=LexiconError):
    """Refuse a value of the wrong type, naming the key and what was expected."""
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in _as_tuple(types)):
        names = " or ".join(t.__name__ for t in _as_tuple(types))
        raise error(f"{where}: '{what}' must be {names}, not {type(value).__name__} ({value!r})")
    return value


def _as_tuple(types) -> tuple:
    return types if isinstance(types, tuple) else (types,)


def string_list(value, where: str, what: str, error=LexiconError) -> list[str]:
    """A list of strings (a single string is refused: a common slip for a one-item list)."""
    check_type(value, list, where, what, error)
    for k, item in enumerate(value):
        check_type(item, str, where, f"{what}[]", error)
        if not item.strip():      # an empty alias or term would match everywhere (or nowhere): always a slip
            raise error(f"{where}: {what} has an empty entry (item {k + 1}); remove it")
    return list(value)


MAX_ROUNDS = 10


# characters that stand for every kind a pattern can name: ASCII, accented and other scripts' letters, digits,
# spaces and typographic marks (whether two parts of a pattern can match the same character is read on these)
_SAMPLE = frozenset(map(chr, range(128))) | frozenset("éÉßЖж中١\u00a0\u2009’“”—…")


def _cased(ch: str, flags: int) -> set:
    return {x for x in (ch, ch.lower(), ch.upper()) if len(x) == 1} if flags & re.IGNORECASE else {ch}


def _in_set(ch: str, items, flags: int) -> bool:
    """Whether ``ch`` is in a parsed character class (``[...]``, ``\\w``)."""
    c = _constants
    negate, found = False, False
    for op, av in items:
        if op == c.NEGATE:
            negate = True
        elif op == c.LITERAL:
            found |= chr(av) in _cased(ch, flags)
        elif op == c.RANGE:
            found |= any(av[0] <= ord(x) <= av[1] for x in _cased(ch, flags))
        elif op == c.CATEGORY:
            name = str(av).lower()
            test = (ch.isdecimal() if "digit" in name else ch.isspace() if "space" in name
                    else (ch.isalnum() or ch == "_") if "word" in name else ch in "\n\r" if "linebreak" in name
                    else True)
            found |= test != ("not" in name)
    return found != negate


def _variable(item) -> bool:
    """Whether a parsed item can match texts of different lengths."""
    lo, hi = _width([item])
    return lo != hi


def _width(items) -> tuple[int, int]:
    from re import _parser

    return _parser.SubPattern(_parser.State(), list(items)).getwidth()


def _flat(items) -> list:
    """``items`` with groups opened: the top-level parts of a repeated body (``(ab?)`` is ``a``, ``b?``)."""
    out = []
    for op, av in items:
        if op == _constants.SUBPATTERN:
            out += _flat(av[-1])
        else:
            out.append((op, av))
    return out


def _unbounded_repeats_nest(tree, flags: int = 0) -> str:
    """Why a parsed pattern could backtrack for hours on a line that almost matches ("" when it cannot).

    Refused: a pattern that repeats, without bound and with nothing that pins
    where each round ends, something that itself repeats without bound (``(a+)+``,
    ``(\\w+\\s?)*``: exponential time); more than :data:`MAX_ROUNDS` rounds of
    something that repeats without bound (``(.*a){25}``: time a power of the
    line's length); a repeated back-reference (``(\\w+)\\1+``).  A round that must match a given character
    (``(\\w+,)+``, a separator in ``(\\s*>\\s*\\w+)+``) cannot split the text in many ways, and passes."""
    from re import _constants as c

    repeats = {c.MAX_REPEAT, c.MIN_REPEAT} | ({c.POSSESSIVE_REPEAT} if hasattr(c, "POSSESSIVE_REPEAT") else set())
    single = {c.LITERAL, c.NOT_LITERAL, c.IN}

    def anchored(items) -> bool:        # every way through ``items`` matches at least one given character
        for op, av in items:
            if op in single:
                return True
            if op == c.SUBPATTERN and anchored(av[-1]):
                return True
            if op == c.BRANCH and all(anchored(branch) for branch in av[1]):
                return True
            if op in repeats and av[0] >= 1 and av[1] != c.MAXREPEAT and anchored(av[2]):
                return True           # (a character inside an unbounded repeat pins nothing)
        return False

    def unbounded_inside(items) -> bool:
        return any(op in repeats and av[1] == c.MAXREPEAT or unbounded_inside(children)
                   for op, av in items for children in _children(op, av))

    def _children(op, av):
        if op in repeats:
            return [av[2]]
        if op == c.SUBPATTERN:
            return [av[-1]]
        if op == c.BRANCH:
            return list(av[1])
        if op in (c.ASSERT, c.ASSERT_NOT):
            return [av[1]]
        return [[]]

    def refers_back(items) -> bool:
        return any(op == c.GROUPREF or refers_back(children) for op, av in items for children in _children(op, av))

    def chars(items) -> frozenset:      # the sample characters that some part of ``items`` can match
        out = set()
        for op, av in items:
            if op == c.LITERAL:
                out |= _cased(chr(av), flags) & _SAMPLE
            elif op == c.NOT_LITERAL:
                out |= _SAMPLE - _cased(chr(av), flags)
            elif op == c.ANY or op == c.GROUPREF:
                out |= _SAMPLE
            elif op == c.IN:
                out |= {ch for ch in _SAMPLE if _in_set(ch, av, flags)}
            else:
                for children in _children(op, av):
                    if op not in (c.ASSERT, c.ASSERT_NOT):
                        out |= chars(children)
        return frozenset(out)

    def first(items) -> tuple[frozenset, bool]:     # the characters a match of ``items`` can start with; empty?
        out = set()
        for op, av in items:
            if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue
            if op in repeats:
                inner, empty = first(av[2])
                empty = empty or av[0] == 0
            elif op == c.SUBPATTERN:
                inner, empty = first(av[-1])
            elif op == c.BRANCH:
                parts = [first(branch) for branch in av[1]]
                inner, empty = frozenset().union(*(f for f, _ in parts)), any(e for _, e in parts)
            else:
                inner, empty = chars([(op, av)]), False
            out |= inner
            if not empty:
                return frozenset(out), False
        return frozenset(out), True

    def prefix(items) -> list[frozenset]:     # the characters of the first positions of single characters
        out = []
        for op, av in _flat(items):
            if op in single | {c.ANY}:
                out.append(chars([(op, av)]))
            elif op != c.AT:
                break
        return out

    def overlapping_branch(items) -> bool:   # a choice between two ways that can start the same way
        for op, av in items:
            if op == c.BRANCH:
                starts = [(*first(branch), prefix(branch)) for branch in av[1]]
                for i, (fa, ea, pa) in enumerate(starts):
                    for fb, eb, pb in starts[i + 1:]:
                        apart = any(x.isdisjoint(y) for x, y in zip(pa, pb))     # "and" and "al-": 2nd letter
                        if not apart and (fa & fb or (ea and eb)):
                            return True
            if any(overlapping_branch(children) for children in _children(op, av)):
                return True
        return False

    def pinned(body) -> bool:
        """Whether each round's end is told apart: by a character every round must match that no part of
        variable length can, or by a required run whose characters no other part holds (``(\\s+[A-Z]\\w*)*``)."""
        for i, item in enumerate(body):
            others = body[:i] + body[i + 1:]
            loose = frozenset().union(*(chars([x]) for x in others if _variable(x)))
            lo, hi = _width([item])
            if lo < 1 or chars([item]) & loose:
                continue
            if lo == hi or (_width(others)[0] >= 1 and not chars([item]) & chars(others)):
                return True
        return False

    def side_by_side(body) -> bool:     # two variable runs with only optional parts between them, overlapping
        for i, left in enumerate(body):
            if not _variable(left):
                continue
            for j in range(i + 1, len(body)):
                if _variable(body[j]) and chars([left]) & first([body[j]])[0]:
                    return True
                if _width([body[j]])[0] > 0:
                    break
        return False

    def word_list(body) -> bool:     # a choice of words (rule 2 reads those): this rule stays out of it
        return any(op == c.BRANCH and all(_width(b)[0] >= 1 for b in av[1]) for op, av in body)

    def walk(items) -> str:
        for op, av in items:
            if op in repeats and av[1] == c.MAXREPEAT and unbounded_inside(av[2]) and not anchored(av[2]):
                return ("an unbounded repeat inside another (like (a+)+ or (\\w+\\s?)*) can take exponential "
                        "time; bound the inner or the outer repeat, e.g. {0,5}")
            if op in repeats and av[1] != c.MAXREPEAT and av[1] > MAX_ROUNDS and unbounded_inside(av[2]):
                return (f"{av[1]} rounds that can each take any length (like (.*a){{25}}) take time growing as that "
                        f"power of the line's length; allow at most {MAX_ROUNDS} rounds or bound the inner repeat")
            if op in repeats and refers_back(av[2]):
                return ("a repeated back-reference (like (\\w+)\\1+) can take time growing as a high power of the "
                        "line's length; write the repetition out")
            many = op in repeats and (av[1] == c.MAXREPEAT or av[1] > MAX_ROUNDS)
            if many and side_by_side(_flat(av[2])):
                return ("a repeat holding two runs of variable length side by side that can take the same "
                        "characters (like (\\s*,?\\s*word)*) can take exponential time; let one of them "
                        "start with a character the other cannot match")
            if many and overlapping_branch(av[2]):
                return ("a repeated choice whose ways can match the same text (like (a|a)* or (.|\\s)*) can take "
                        "exponential time; make the ways exclusive (a character class such as [\\s\\S])")
            if many and _variable((c.SUBPATTERN, (None, 0, 0, av[2]))) and not word_list(_flat(av[2])) \
                    and not pinned(_flat(av[2])):
                return ("a repeat whose rounds can each be of several lengths with nothing to tell where one ends "
                        "(like (a|aa)+ or (a?){25}) can take exponential time; make each round end on a character "
                        "its other parts cannot match, or bound the repeat to at most "
                        f"{MAX_ROUNDS} rounds")
            for children in _children(op, av):
                why = walk(children)
                if why:
                    return why
        return ""

    return walk(tree)


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern:
    """A user's regular expression compiled, or :class:`re.error` saying why not: invalid, too large
    (``a{99999999999}``), nested too deeply, or shaped to backtrack exponentially (an unbounded repeat of an
    unbounded repeat: ``(a+)+b``), which could hold a run for hours on one line of text."""
    from re import _parser

    try:
        tree = _parser.parse(pattern, flags)
        compiled = re.compile(pattern, flags)
    except (OverflowError, RecursionError, ValueError) as exc:
        raise re.error(f"too large or nested too deeply ({type(exc).__name__})") from None
    why = _unbounded_repeats_nest(tree, flags)
    if why:
        raise re.error(why)
    return compiled
