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
