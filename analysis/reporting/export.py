"""Every report table (:data:`analysis.reporting.tables.REPORT_TABLES`) written with one call: CSV, and Excel
when openpyxl is installed.

>>> export_tables(study, "out/tables", formats=["csv", "xlsx"])     # doctest: +SKIP

Cells that a spreadsheet would run as formulas are neutralised in both
formats (:func:`analysis.io.spreadsheet_safe`).  ``provenance.json`` beside
the tables records the settings, file hashes and versions that made them.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd

from ..errors import AnalysisError
from ..io import excel_safe, write_csv
from .tables import EMPTY_BECAUSE, REPORT_TABLES

log = logging.getLogger(__name__)


class Exported(list):
    """The files :func:`export_tables` wrote, with ``empty``: each table written with its header and no row,
    and why (the study cannot have it: no coded sheet, no event column; else there is none in this corpus); and
    ``failed``: each table that could not be made for this corpus, and why (none of its file is written)."""

    def __init__(self, paths=(), empty: dict[str, str] | None = None, failed: dict[str, str] | None = None):
        super().__init__(paths)
        self.empty = dict(empty or {})
        self.failed = dict(failed or {})


def export_tables(study, out: str | Path, formats=None) -> Exported:
    """Write every report table into ``out`` (``NAME.csv``; ``tables.xlsx`` with one sheet per table).

    Every table is written with its header, an empty one too; the list returned (:class:`Exported`) says which
    are empty and why, and which could not be made for this corpus and why."""
    formats = list(formats or ["csv"])
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tables: dict[str, pd.DataFrame] = {}
    failed: dict[str, str] = {}
    for name, make in REPORT_TABLES.items():
        try:
            tables[name] = make(study)
        except (AnalysisError, ValueError) as exc:       # e.g. too few paragraphs for topics
            failed[name] = str(exc)
            log.info("table %s not exported: %s", name, exc)
    written = Exported(empty={name: frame.attrs.get(EMPTY_BECAUSE, "none in this corpus")
                              for name, frame in tables.items() if frame.empty}, failed=failed)
    if "csv" in formats:
        for name, frame in tables.items():
            written.append(write_csv(frame, out / f"{name}.csv"))
    if "xlsx" in formats:
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            raise AnalysisError("Excel export needs openpyxl: pip install openpyxl") from None
        path = out / "tables.xlsx"
        with pd.ExcelWriter(path, engine="openpyxl") as xl:
            for name, frame in tables.items():
                safe = excel_safe(frame)
                for col in safe.columns:
                    if safe[col].map(lambda v: isinstance(v, (list, dict))).any():
                        safe[col] = safe[col].map(lambda v: json.dumps(v) if isinstance(v, (list, dict)) else v)
                safe.to_excel(xl, sheet_name=name[:31], index=False)
        written.append(path)
    prov = out / "provenance.json"
    prov.write_text(json.dumps(study.provenance(), indent=1, default=str), encoding="utf-8")
    written.append(prov)
    return written
