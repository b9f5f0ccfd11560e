"""One error hierarchy for the package.

Every error a user can fix (a malformed settings or lexicon file, a corpus
folder that does not exist, a coding sheet with bad rows, a tampered model
file) is an :class:`AnalysisError`; its message names the file and the
problem.  The command line catches this base class once and prints the
message without a traceback.  Bad *input articles* are not errors: they
become rows of the ingest report and the rest of the corpus goes on.
"""
from __future__ import annotations


class AnalysisError(Exception):
    """Base class: a problem the user can fix, described in the message."""


class SettingsError(AnalysisError):
    """A study settings file or option is invalid (unknown key, wrong type, bad value)."""


class LexiconError(AnalysisError):
    """A lexicon, rules or sources file is missing or malformed."""


class CorpusError(AnalysisError):
    """A corpus folder or stored corpus cannot be used (missing, empty, unreadable, incomplete)."""


class StoreError(AnalysisError):
    """An output folder cannot be written or read as a consistent set (locked, read-only, truncated)."""


class MeasureError(AnalysisError):
    """A measure could not be computed for this corpus (the message says why)."""


class ModelError(AnalysisError):
    """A stored model file is missing, tampered with or made for other features."""


class CodingSheetError(AnalysisError):
    """A hand-coding sheet does not match its sample or its codebook."""


class ReportError(AnalysisError):
    """Some notebooks failed to render; ``failures`` maps notebook name to its error."""

    def __init__(self, failures: dict[str, str]):
        self.failures = failures
        super().__init__("; ".join(f"{k}: {v}" for k, v in failures.items()))


def close_names(name: str, valid, spelling_only: bool = False) -> list[str]:
    """The names of ``valid`` close to ``name`` (at most three): a near spelling ("publshed" → "published"),
    else one it begins or is a word of ("chaos" → "chaos_failure", "leaning" → "source_leaning"), else one
    that is a word of it ("liberty_frame" → "liberty"); none when nothing is close.  ``spelling_only``: near
    spellings only (where a name that shares a word may well be a different thing)."""
    import difflib
    import re

    valid = [str(v) for v in valid]
    name = str(name)
    near = difflib.get_close_matches(name, valid, n=1, cutoff=0.8)
    if near or not name.strip() or spelling_only:
        return near
    low = name.strip().lower()
    words = set(re.split(r"[_\W]+", low))
    found = [v for v in valid if v.lower().startswith(low) or low in re.split(r"[_\W]+", v.lower())]
    found += [v for v in valid if len(v) >= 4 and v.lower() in words and v not in found]
    return found[:3]


def did_you_mean(name: str, valid) -> str:
    """``" (did you mean 'x'?)"`` when a name of ``valid`` is close to ``name`` (:func:`close_names`), else ""."""
    near = close_names(name, valid)
    return f" (did you mean {' or '.join(repr(n) for n in near)}?)" if near else ""


def with_choices(name: str, valid) -> str:
    """What follows a wrong ``name`` in a message: a suggestion when one is close, then every valid choice
    (``" (did you mean 'x'?); valid: x, y"``).  The one way every message lists choices."""
    valid = [str(v) for v in valid]
    return f"{did_you_mean(name, valid)}; valid: {', '.join(valid) if valid else '(none)'}"


MAX_LISTED = 30     # names of a folder (or data) listed in a message; beyond, only the close ones are named


def check_choice(key: str, value, choices, what: str = "", list_all: bool = True) -> str:
    """``value`` when it is one of ``choices``, else a :class:`SettingsError` naming ``key`` (the argument or
    setting that gave it), ``what`` it should name ("a report table") and every valid choice with a suggestion
    when one is close (:func:`with_choices`): ``measure='salince' is not a measure compared within events (did
    you mean 'salience'?); valid: salience, sentiment``.  ``list_all=False``: choices that come from the data
    (article ids, groups) are listed only up to :data:`MAX_LISTED`, beyond which the close ones and the first
    few are named.  The one check of a caller's choice among names: a typo never comes back as an empty table."""
    choices = [str(c) for c in choices]
    if value not in choices:
        listed = with_choices(value, choices) if list_all or len(choices) <= MAX_LISTED else \
            f"{did_you_mean(value, choices)}; {len(choices)} valid, the first: {', '.join(choices[:5])}, ..."
        raise SettingsError(f"{key}={value!r} is not {what or 'one of the choices'}" + listed)
    return value


def beside(path, folders: bool = False) -> str:
    """What follows "not found" for a missing file (``folders``: folder): the names of its kind in the same
    folder (files with its suffix, or folders), close ones first (:func:`with_choices`), as
    ``" (did you mean 'actors.toml'?); there: actors.toml, frames.toml"``; "" when there are none to name."""
    from pathlib import Path

    path = Path(path)
    try:
        names = sorted(p.name for p in path.parent.iterdir() if not p.name.startswith(".")
                       and (p.is_dir() if folders else p.is_file() and p.suffix == path.suffix))
    except OSError:
        return ""
    if not names:
        return ""
    if len(names) > MAX_LISTED:
        return did_you_mean(path.name, names)
    return with_choices(path.name, names).replace("; valid:", f"; {'folders' if folders else 'files'} there:")
