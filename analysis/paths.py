"""Every path the project uses, in one place.

The project root is the folder holding ``pyproject.toml`` above this package
when run from a source checkout; otherwise the current working directory.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


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
