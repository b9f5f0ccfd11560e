"""The corpus tables as one object, written and read as one consistent set (:class:`analysis.io.Store`)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import CorpusError, StoreError
from ..io import Store, write_csv
from ..schema import PROBLEM_STATUSES, REPORT_COLUMNS
from .duplicates import primary_only

TABLES = ("articles", "sentences", "removed")
OPTIONAL = ("attributions",)    # absent from stores written before it existed: the measures then find them again


def read_parquet(path: Path) -> pd.DataFrame:
    """A table, or a :class:`StoreError` naming the file when it is truncated or not Parquet."""
    try:
        return pq.read_table(path).to_pandas()
    except FileNotFoundError:
        raise StoreError(f"{path} is missing; re-run the command that writes it") from None
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise StoreError(f"{path} is truncated or not a Parquet file ({exc}); delete it and re-run") from None


@dataclass
class Corpus:
    """The corpus tables (see DESIGN.md for their columns) and what produced them.

    ``provenance`` records the settings, the content hashes of the rules,
    sources and speech files, the package version and the corpus hash.
    ``attributions`` are the speech attributions found once at ingestion
    (:func:`analysis.corpus.voices.read_voices`), read by the quotes and
    actor-mentions measures through :meth:`attributions_for`; None for a
    corpus built without them.
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    removed: pd.DataFrame
    report: pd.DataFrame
    location: Path | None = None          # the store the tables were loaded from or written to
    provenance: dict = field(default_factory=dict)
    attributions: pd.DataFrame | None = None

    def attributions_for(self, speech) -> pd.DataFrame | None:
        """The stored attributions when they were found with this speech lexicon (same content), else None."""
        found_with = self.provenance.get("attributions_speech")
        if self.attributions is None or speech.resource is None or found_with != speech.resource.sha256:
            return None
        return self.attributions

    def problems(self) -> pd.DataFrame:
        """Rows of the ingest report that were skipped or failed, or whose values were refused or repaired."""
        return self.report[self.report["status"].isin(PROBLEM_STATUSES)]

    def counted(self, count_copies: bool = False) -> pd.DataFrame:
        """The articles that count: one per duplicate group unless ``count_copies``."""
        return primary_only(self.articles, self.articles, count_copies)

    @property
    def key(self) -> str | None:
        """The content key of the corpus (inputs, ingest settings, rules, sources, code)."""
        return self.provenance.get("corpus_key")

    def write(self, out: str | Path, wait: float = 0.0) -> Path:
        """Write the tables into ``out`` as one set: all are complete, or the previous set stays."""
        store = Store(out)
        with store.writing(keep_current=False, wait=wait, info={"corpus_key": self.key}) as gen:
            for name in (*TABLES, *OPTIONAL):
                if getattr(self, name) is not None:
                    getattr(self, name).to_parquet(gen / f"{name}.parquet", index=False)
            self.report.to_parquet(gen / "ingest_report.parquet", index=False)
            write_csv(self.report, gen / "ingest_report.csv")
            (gen / "provenance.json").write_text(json.dumps(self.provenance, indent=1, default=str), encoding="utf-8")
        self.location = Path(out)
        return Path(out)

    @classmethod
    def load(cls, folder: str | Path) -> "Corpus":
        """The tables written by ``ingest`` (or cached) in ``folder``."""
        folder = Path(folder)
        if not folder.is_dir():
            raise CorpusError(f"{folder} does not exist; run `python -m analysis ingest CORPUS --out {folder}`")
        gen = Store(folder).current()
        files = {p.name for p in gen.iterdir()} if gen else set()
        missing = [f for f in [*(f"{t}.parquet" for t in TABLES), "ingest_report.csv"] if f not in files]
        if missing:
            raise CorpusError(f"{folder} is not an ingested corpus: missing {', '.join(missing)}; "
                              f"run `python -m analysis ingest CORPUS --out {folder}`")
        tables = {t: read_parquet(gen / f"{t}.parquet") for t in TABLES}
        for t in OPTIONAL:
            tables[t] = read_parquet(gen / f"{t}.parquet") if f"{t}.parquet" in files else None
        if "ingest_report.parquet" in files:
            report = read_parquet(gen / "ingest_report.parquet")
        else:
            report = pd.read_csv(gen / "ingest_report.csv", dtype=str, keep_default_na=False)
        report = report.reindex(columns=REPORT_COLUMNS).fillna("")
        provenance = {}
        if "provenance.json" in files:
            try:
                provenance = json.loads((gen / "provenance.json").read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise StoreError(f"{gen / 'provenance.json'} is unreadable ({exc}); re-run ingest") from None
        return cls(report=report, location=folder, provenance=provenance, **tables)
