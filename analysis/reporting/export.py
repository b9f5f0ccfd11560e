"""Every table the reports show, written with one call: CSV, and Excel when openpyxl is installed.

>>> export_tables(study, "out/tables", formats=["csv", "xlsx"])     # doctest: +SKIP

Cells that a spreadsheet would run as formulas are neutralised in both
formats (:func:`analysis.io.spreadsheet_safe`).  ``provenance.json`` beside
the tables records the settings, file hashes and versions that made them.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Callable

import pandas as pd

from ..errors import AnalysisError
from ..io import excel_safe, write_csv

log = logging.getLogger(__name__)


def report_tables(study) -> dict[str, Callable[[], pd.DataFrame]]:
    """The tables the reports show, by name, each computed on demand."""
    return {
        "articles": lambda: study.articles.drop(columns=["text"]),
        "ingest_report": lambda: study.corpus.report,
        "removed": lambda: study.corpus.removed,
        "sentences": lambda: study.sentences,
        "sentiment_sentences": lambda: study.measure("sentiment"),
        "actor_mentions": lambda: study.measure("actor_mentions"),
        "frame_matches": lambda: study.measure("frame_matches"),
        "frame_salience_articles": lambda: study.measure("frame_salience"),
        "quotes": lambda: study.quotes(),
        "frames_codebook": lambda: study.frames,
        "salience": lambda: study.salience(),
        "salience_weighted": lambda: study.salience(weighted=True),
        "salience_by_voice": lambda: study.salience(by_voice=True),
        "salience_policy": lambda: study.salience(lexicon="policy") if "policy" in set(study.frames["lexicon"])
        else pd.DataFrame(),
        "axis": lambda: study.axis(),
        "axis_articles": lambda: study.axis(per_article=True),
        "sentiment": lambda: study.sentiment(),
        "sentiment_by_voice": lambda: study.sentiment(by_voice=True),
        "sentiment_by_position": lambda: study.sentiment(by_position=True,
                                                         positions=("headline", "lead", "body")),
        "sentiment_articles": lambda: study.article_sentiment(),
        "actor_sentiment": lambda: study.actor_sentiment(),
        "terms": lambda: study.terms(top=None),
        "voices": lambda: study.voices(),
        "topics_terms": lambda: study.topics().terms,
        "topics_choice": lambda: study.topics().choice,
        "topic_prevalence": lambda: study.prevalence(),
        "facts": lambda: study.facts(),
        "fact_blind_spots": lambda: study.blind_spots(),
        "fact_coverage": lambda: study.fact_coverage(),
    }


def export_tables(study, out: str | Path, formats=None) -> list[Path]:
    """Write every report table into ``out`` (``NAME.csv``; ``tables.xlsx`` with one sheet per table)."""
    formats = list(formats or ["csv"])
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tables: dict[str, pd.DataFrame] = {}
    for name, make in report_tables(study).items():
        try:
            tables[name] = make()
        except (AnalysisError, ValueError) as exc:       # e.g. too few paragraphs for topics
            log.warning("table %s not exported: %s", name, exc)
    written = []
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
