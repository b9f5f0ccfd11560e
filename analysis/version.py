"""The package version, and a hash of the package's own source for cache keys.

A cached table computed by other code must not be served after the code
changed, even without a version bump: cache keys include :func:`code_hash`,
the sha256 of every ``.py`` file of the package.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    __version__ = version("newsframes-analysis")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"


@lru_cache(maxsize=1)
def code_hash() -> str:
    """sha256 (16 hex digits) of the package's Python source and of the bundled files that shape an output without
    being named in a study (the report's table script and style, the label stop list), computed once per process."""
    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    code = [p for pattern in ("*.py", "*.js", "*.mplstyle", "*.txt") for p in package.rglob(pattern)]
    for path in sorted(code):
        h.update(path.relative_to(package).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]
