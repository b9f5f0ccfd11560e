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

import hashlib
import os
import re
import stat
import threading
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..errors import LexiconError, beside, did_you_mean, with_choices

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
        raise LexiconError(f"no bundled {kind} file named {text!r}{did_you_mean(text, names)}; bundled: "
                           f"{', '.join(names) or 'none'} (or give the path of your own file)")
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
        raise error(f"{path}: {what} not found{beside(path)}") from None
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
    """Refuse unknown keys in a TOML table, suggesting the nearest allowed one ("term" → "terms") and listing
    every allowed key of the table."""
    allowed = list(allowed)
    for key in table:
        if key not in allowed:
            raise error(f"{where}: unknown key '{key}'{with_choices(key, allowed)}")


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


def compile_pattern(pattern: str, flags: int = 0, where: str = "", bundled: bool = False):
    """A regular expression of a lexicon, rules or actors file, compiled; :class:`re.error` when it is not a
    valid one (or too large, ``a{99999999999}``, or nested too deeply to compile).

    A bundled file's pattern (``bundled``) is a compiled :class:`re.Pattern`.
    A user's is a :class:`~analysis.lexicons.patterns.GuardedPattern`: its
    searches stop after a time limit, and one that runs away is disabled with
    a warning naming ``where`` (the file and key), so a pattern that backtracks
    without end cannot hold a run (:mod:`analysis.lexicons.patterns`).
    """
    try:
        compiled = re.compile(pattern, flags)
    except (OverflowError, RecursionError, ValueError) as exc:
        raise re.error(f"too large or nested too deeply ({type(exc).__name__})") from None
    if bundled:
        return compiled
    from .patterns import compile_user
    return compile_user(pattern, flags, where)
