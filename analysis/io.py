"""Writing outputs safely."""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path


@contextlib.contextmanager
def atomic_outputs(out: str | Path):
    """Yield a temporary folder; on success move each file written there into ``out``.

    Nothing in ``out`` changes until every file has been written, so a run
    that fails half way leaves the previous outputs intact.  Other files in
    ``out`` are left alone.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out))
    try:
        yield tmp
        for item in sorted(tmp.iterdir()):
            os.replace(item, out / item.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
