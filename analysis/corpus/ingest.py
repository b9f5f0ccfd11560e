"""From a folder of input files to the corpus tables.

:func:`build_corpus` is the whole job; :func:`process_records` is its
per-article part, a pure function from a DataFrame of raw records to the
``articles``, ``sentences`` and ``removed`` tables, so that a distributed
engine can run it partition by partition.  Duplicate grouping is the one step
that needs the whole corpus.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from . import clean, metadata, readers, sentences
from .debris import find_debris
from .duplicates import find_duplicates, primary_only
from .labels import source_labels

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = [
    "article_id", "outlet", "source_label", "relayed_source", "title", "subtitle", "dateline", "published", "url",
    "text", "n_words", "n_sentences", "source_path", "sha256", "dup_group", "is_primary",
    # beyond the contract: provenance of every inferred value
    "outlet_source", "outlet_evidence", "relayed_source_evidence", "dup_similarity", "dup_kind",
    "locator", "format", "encoding", "n_removed",
]
SENTENCE_COLUMNS = ["article_id", "sentence_id", "paragraph_id", "position", "text", "in_quote",
                    "quote_share", "line_no"]
REMOVED_COLUMNS = ["article_id", "line_no", "text", "rule"]
REPORT_COLUMNS = ["path", "status", "reason", "article_id"]
UNKNOWN = "unknown"


def make_article_id(source_path: str, key: str) -> str:
    """Stable id: the same file (and row) gives the same id on every run and machine."""
    return hashlib.sha1(f"{source_path}#{key}".encode()).hexdigest()[:12]


def _first(*pairs, silent: str):
    """The first (value, provenance, evidence) whose value is set; else "unknown" with ``silent`` as evidence."""
    for value, source, evidence in pairs:
        if value:
            return value, source, evidence
    return UNKNOWN, "unknown", silent


def _without_debris(blocks: list, rows: list[dict]) -> list:
    """``blocks`` with the text of debris sentences cut out (blocks left empty are dropped)."""
    blocks = list(blocks)
    for row in rows:
        block = blocks[row["paragraph_id"]]
        if block is None:
            continue
        rest = block.text.replace(row["text"], "", 1).strip()
        blocks[row["paragraph_id"]] = sentences.Block(block.kind, rest, block.line_no) if rest else None
    return [b for b in blocks if b is not None]


def process_record(rec: dict, rules, sources) -> tuple[dict | None, list[dict], list[dict], str | None]:
    """Clean one raw record and read its structure and metadata.

    Returns ``(article row or None, sentence rows, removed rows, reason it was skipped)``.
    """
    aid = rec["article_id"]
    given, manifest = rec.get("given") or {}, rec.get("manifest") or {}
    lines = rec["raw_text"].split("\n")
    result = clean.clean_lines(lines, rules)
    removed = [{"article_id": aid, "line_no": n, "text": t.strip(), "rule": r} for n, t, r in result.removed]
    blocks = sentences.structure(result.kept, known_title=given.get("title"))
    sent_rows = sentences.sentence_rows(aid, blocks)
    debris = find_debris(sent_rows)
    if debris:
        removed += [{"article_id": aid, "line_no": sent_rows[i]["line_no"], "text": sent_rows[i]["text"], "rule": rule}
                    for i, rule in sorted(debris.items())]
        blocks = _without_debris(blocks, [sent_rows[i] for i in debris])
        sent_rows = sentences.sentence_rows(aid, blocks)
    body_blocks = [b for b in blocks if b.kind in ("paragraph", "heading")]
    if not any(b.kind == "paragraph" for b in blocks):
        return None, [], removed, f"no article text left after removing {len(removed)} boilerplate lines"

    headline = next((b.text for b in blocks if b.kind == "headline"), None)
    subtitle = next((b.text for b in blocks if b.kind == "subtitle"), None)
    first_para = next(b.text for b in blocks if b.kind == "paragraph")
    place, dateline_agency, prose_start = metadata.split_dateline(first_para)
    if prose_start:
        # the dateline is metadata, not the lead's prose ("BAGHDAD:" is no mention of the Iraqi government)
        blocks = [sentences.Block(b.kind, b.text[prose_start:], b.line_no) if b.text is first_para else b
                  for b in blocks]
        body_blocks = [b for b in blocks if b.kind in ("paragraph", "heading")]
        sent_rows = sentences.sentence_rows(aid, blocks)

    kept_text = [t for _, t in result.kept if t.strip()]
    head = [t.strip() for t in lines[:8] if t.strip()]  # where a masthead sits
    removed_text = [t for _, t, _ in result.removed]
    page = metadata.find_outlet(head, removed_text, sources)
    agency = sources.agencies.get(dateline_agency or "", None)
    relay, relay_line = metadata.find_relayed_source(kept_text + removed_text, sources)

    outlet, outlet_source, outlet_evidence = _first(
        (manifest.get("outlet"), "manifest", manifest.get("outlet_evidence") or "manifest.csv"),
        (given.get("outlet"), "input", f"'outlet' given by the {rec['format']} input"),
        (page.outlet, "text", page.outlet_evidence),
        silent="the text names no outlet",
    )
    relayed, _, relayed_evidence = _first(
        (manifest.get("relayed_source"), "manifest",
         manifest.get("relayed_source_evidence") or manifest.get("outlet_evidence") or "manifest.csv"),
        (given.get("relayed_source"), "input", f"'relayed_source' given by the {rec['format']} input"),
        (agency, "text", first_para[:120]),
        (page.original, "text", page.original_evidence),
        (relay, "text", relay_line),
        silent="the text credits no agency or other outlet",
    )
    published = (manifest.get("published") or given.get("published")
                 or next((d for _, t, r in result.removed if r == "timestamp"
                          for d in [metadata.parse_date(t)] if d), None))
    body_text = "\n\n".join(b.text for b in body_blocks)
    n_sent = sum(1 for s in sent_rows if s["position"] in ("lead", "body"))
    article = {
        "article_id": aid,
        "outlet": outlet,
        "relayed_source": relayed,
        "title": given.get("title") or headline,
        "subtitle": subtitle,
        "dateline": place,
        "published": published,
        "url": manifest.get("url") or given.get("url"),
        "text": body_text,
        "n_words": len(body_text.split()),
        "n_sentences": n_sent,
        "source_path": rec["source_path"],
        "sha256": hashlib.sha256(rec["raw_text"].encode()).hexdigest(),
        "outlet_source": outlet_source,
        "outlet_evidence": outlet_evidence,
        "relayed_source_evidence": relayed_evidence,
        "locator": rec.get("locator", ""),
        "format": rec["format"],
        "encoding": rec["encoding"],
        "n_removed": len(removed),
    }
    if given.get("title") and headline is None:
        # the title comes from the input's metadata: give it a headline sentence too
        sent_rows = sentences.sentence_rows(aid, [sentences.Block("headline", given["title"], 0), *blocks])
    return article, sent_rows, removed, None


def process_records(records: pd.DataFrame, rules_files=(), sources_file=None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The per-article work for a DataFrame of raw records (one partition of a corpus).

    Input columns: ``article_id``, ``source_path``, ``locator``, ``format``,
    ``encoding``, ``raw_text``, ``given`` (dict of input metadata) and
    ``manifest`` (dict of manifest values).  Returns ``articles`` (before
    duplicate grouping), ``sentences``, ``removed`` and the records that were
    skipped (``article_id``, ``reason``).
    """
    rules = clean.load_rules(tuple(rules_files))
    sources = metadata.load_sources(sources_file or metadata.DEFAULT_SOURCES)
    arts, sents, rems, skipped = [], [], [], []
    for rec in records.to_dict("records"):
        art, s, r, why = process_record(rec, rules, sources)
        rems.extend(r)
        if art is None:
            skipped.append({"article_id": rec["article_id"], "reason": why})
        else:
            arts.append(art)
            sents.extend(s)
    return (
        pd.DataFrame(arts, columns=[c for c in ARTICLE_COLUMNS
                                    if c not in ("source_label", "dup_group", "is_primary", "dup_similarity", "dup_kind")]),
        pd.DataFrame(sents, columns=SENTENCE_COLUMNS),
        pd.DataFrame(rems, columns=REMOVED_COLUMNS),
        pd.DataFrame(skipped, columns=["article_id", "reason"]),
    )


@dataclass
class Corpus:
    """The corpus tables (see DESIGN.md for their columns)."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    removed: pd.DataFrame
    report: pd.DataFrame
    location: Path | None = None   # folder the tables were loaded from or written to

    TABLES = ("articles", "sentences", "removed")

    def problems(self) -> pd.DataFrame:
        """Rows of the ingest report that were skipped or failed."""
        return self.report[self.report["status"].isin(["skipped", "error"])]

    def counted(self, count_copies: bool = False) -> pd.DataFrame:
        """The articles that count: one per duplicate group unless ``count_copies``."""
        return primary_only(self.articles, self.articles, count_copies)

    def write(self, out: str | Path) -> Path:
        """Write the four outputs into ``out`` atomically: all are complete or the old ones stay."""
        from ..io import atomic_outputs

        with atomic_outputs(out) as tmp:
            for name in self.TABLES:
                getattr(self, name).to_parquet(tmp / f"{name}.parquet", index=False)
            self.report.to_csv(tmp / "ingest_report.csv", index=False)
        self.location = Path(out)
        return Path(out)

    @classmethod
    def load(cls, folder: str | Path) -> "Corpus":
        folder = Path(folder)
        missing = [f for f in [*(f"{t}.parquet" for t in cls.TABLES), "ingest_report.csv"] if not (folder / f).exists()]
        if missing:
            raise FileNotFoundError(f"{folder} is not an ingested corpus: missing {', '.join(missing)}; "
                                    f"run `python -m analysis ingest CORPUS --out {folder}`")
        tables = {t: pd.read_parquet(folder / f"{t}.parquet") for t in cls.TABLES}
        report = pd.read_csv(folder / "ingest_report.csv", dtype=str, keep_default_na=False)
        return cls(report=report, location=folder, **tables)


def read_records(folder: Path, max_bytes: int, progress: bool = False) -> tuple[pd.DataFrame, list[readers.Problem]]:
    """Every record of every input file below ``folder``, with manifest values attached."""
    manifest, problems = readers.read_manifest(folder)
    rows = []
    files = [p for p in readers.discover(folder) if p != folder / readers.MANIFEST]
    for path in tqdm(files, desc="reading", unit="file", disable=not progress):
        records, file_problems = readers.read_file(path, folder, max_bytes)
        problems.extend(file_problems)
        for rec in records:
            key = rec.meta.get("id") or rec.locator
            rows.append({
                "article_id": make_article_id(rec.source_path, key),
                "source_path": rec.source_path,
                "locator": rec.locator,
                "format": rec.format,
                "encoding": rec.encoding,
                "raw_text": rec.text,
                "given": rec.meta,
                "manifest": manifest.get(rec.source_path, {}),
            })
    frame = pd.DataFrame(rows, columns=["article_id", "source_path", "locator", "format", "encoding",
                                        "raw_text", "given", "manifest"])
    clash = frame["article_id"].duplicated(keep="first")
    for _, row in frame[clash].iterrows():
        where = f"{row.source_path}:{row.locator}" if row.locator else row.source_path
        problems.append(readers.Problem(where, "error", f"repeats the id of an earlier row ({row.article_id}); ids must be unique within a file"))
    return frame[~clash], problems


def build_corpus(folder: str | Path, *, rules_files=(), sources_file=None,
                 max_bytes: int = readers.DEFAULT_MAX_BYTES, near_duplicate_threshold: float = 0.8,
                 progress: bool = False) -> Corpus:
    """Ingest every file below ``folder`` into a :class:`Corpus`.

    Bad input never raises: each problem is a row of ``corpus.report``.
    Raises only for a folder that does not exist or a malformed rules file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"corpus folder {folder} does not exist")
    records, problems = read_records(folder, max_bytes, progress)
    log.info("read %d records from %s (%d problems)", len(records), folder, len(problems))
    articles, sents, removed, skipped = process_records(records, rules_files, sources_file)
    dups = find_duplicates(articles, near_duplicate_threshold)
    articles = articles.merge(dups, on="article_id", how="left")
    articles["source_label"] = source_labels(articles)
    articles = articles[ARTICLE_COLUMNS]

    where = records.set_index("article_id").apply(
        lambda r: f"{r.source_path}:{r.locator}" if r.locator else r.source_path, axis=1
    ) if len(records) else pd.Series(dtype=str)
    report = []
    for row in articles.itertuples():
        if row.is_primary:
            report.append((where[row.article_id], "ok", "", row.article_id))
        else:
            how = "exact copy" if row.dup_kind == "exact" else f"near-duplicate ({row.dup_similarity:.0%} of its 5-word phrases shared)"
            report.append((where[row.article_id], "duplicate", f"{how} of {row.dup_group}; counted once", row.article_id))
    for row in skipped.itertuples():
        report.append((where[row.article_id], "skipped", row.reason, row.article_id))
    for p in problems:
        report.append((p.path, p.status, p.reason, ""))
    report_df = pd.DataFrame(report, columns=REPORT_COLUMNS).sort_values("path", kind="stable").reset_index(drop=True)
    return Corpus(articles.reset_index(drop=True), sents, removed, report_df)
