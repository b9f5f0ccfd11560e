"""Every path the project uses, in one place.

The project root is the folder holding ``pyproject.toml`` above this package
when run from a source checkout; otherwise the current working directory.
"""
from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
LEXICONS = PACKAGE_DIR / "lexicons"


def _find_root() -> Path:
    candidate = PACKAGE_DIR.parent
    if (candidate / "pyproject.toml").exists():
        return candidate
    return Path.cwd()


ROOT = _find_root()
DATA_RAW = ROOT / "data" / "raw"
DATA_DEMO = ROOT / "data" / "demo"
DATA_PROCESSED = ROOT / "data" / "processed"
FIGURES = ROOT / "figures"
REPORTS = ROOT / "reports"
NOTEBOOKS = ROOT / "notebooks"
CACHE = DATA_PROCESSED / "cache"


def default_corpus() -> Path:
    """The corpus the reports run on when none is given.

    ``data/raw`` when it holds input files, else the synthetic demo corpus in
    ``data/demo`` (with a warning, so nobody mistakes it for real coverage).
    """
    from .corpus.readers import SUPPORTED_SUFFIXES

    if DATA_RAW.is_dir() and any(
        p.suffix.lower() in SUPPORTED_SUFFIXES and p.name != "manifest.csv"
        for p in DATA_RAW.iterdir()
    ):
        return DATA_RAW
    log.warning(
        "%s holds no articles; using the synthetic demo corpus in %s", DATA_RAW, DATA_DEMO
    )
    return DATA_DEMO
