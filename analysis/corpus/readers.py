"""Find the input files of a corpus folder and read them into records.

A *record* is one article before cleaning: its raw text plus whatever
metadata the input format carries.  Problems never raise: every file (and
every malformed row or line) comes back as a :class:`Problem` naming the
file and what is wrong, so one bad file cannot stop the rest.

Formats: plain text (``.txt``), HTML (``.html``/``.htm``, article extracted
with trafilatura), CSV and JSON Lines exports (a ``text`` field plus any of
``title``, ``outlet``, ``url``, ``published``, ``id``, ``relayed_source``),
and ``manifest.csv`` (see :func:`read_manifest`).
"""
from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .encoding import DecodeError, decode

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
CSV_SUFFIXES = {".csv"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | CSV_SUFFIXES | JSONL_SUFFIXES
MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("file", "outlet", "relayed_source", "url", "published", "outlet_evidence",
                    "relayed_source_evidence")
META_FIELDS = ("title", "outlet", "url", "published", "id", "relayed_source")   # mapped onto the articles table
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class Record:
    """One article as read, before cleaning."""

    source_path: str          # relative to the corpus folder, POSIX separators
    locator: str              # "" for whole files, "row 3" / "line 7" inside exports
    format: str               # txt, html, csv, jsonl
    text: str
    encoding: str
    meta: dict = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.source_path}:{self.locator}" if self.locator else self.source_path


@dataclass
class Problem:
    """An input that was not ingested, or only partly: a row of ``ingest_report``."""

    path: str
    status: str               # "skipped" or "error"
    reason: str


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def discover(folder: Path) -> list[Path]:
    """Every regular file below ``folder`` (sorted, hidden files included, so nothing vanishes)."""
    return sorted(p for p in folder.rglob("*") if p.is_file())


def read_bytes(path: Path, rel: str, max_bytes: int) -> tuple[bytes | None, Problem | None]:
    size = path.stat().st_size
    if size > max_bytes:
        return None, Problem(rel, "skipped", f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit (raise it with --max-mb)")
    data = path.read_bytes()
    if not data.strip():
        return None, Problem(rel, "skipped", "file is empty or whitespace only")
    return data, None


def _clean_meta(values: dict) -> dict:
    """Every field of the input but its text, as stripped strings (empty ones left out).

    Known fields (:data:`META_FIELDS`) fill the articles table's columns; the
    others (``event``, ``leaning``, ...) become columns of their own.
    """
    out = {}
    for key, value in values.items():
        key = _norm_field(key)
        if not key or key == "text" or value is None:
            continue
        if not isinstance(value, str):
            value = json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)
        value = value.strip()
        if value:
            out[key] = value
    return out


def read_text_file(rel: str, text: str, encoding: str) -> tuple[list[Record], list[Problem]]:
    if not text.strip():
        return [], [Problem(rel, "skipped", "file is empty or whitespace only after decoding")]
    return [Record(rel, "", "txt", text, encoding)], []


def read_html_file(rel: str, text: str, encoding: str) -> tuple[list[Record], list[Problem]]:
    import trafilatura  # heavy import, only when HTML is present

    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        return [], [Problem(rel, "error", "HTML has no extractable article text")]
    meta = _clean_meta(
        {"title": doc.title, "outlet": doc.sitename, "url": doc.url, "published": doc.date}
    )
    return [Record(rel, "", "html", body, encoding, meta)], []


def _norm_field(name) -> str:
    return str(name).strip().lower().lstrip("\ufeff")


def _field_map(names) -> dict[str, str]:
    return {_norm_field(n): n for n in names if n is not None}


def read_csv_file(rel: str, text: str, encoding: str) -> tuple[list[Record], list[Problem]]:
    records, problems = [], []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        return [], [Problem(rel, "error", f"CSV has no readable header: {exc}")]
    columns = [_norm_field(h) for h in header]
    if "text" not in columns:
        return [], [Problem(rel, "error", f"CSV has no 'text' column (columns: {', '.join(columns)})")]
    row_no, start = 0, reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(f"{rel}:line {start}", "error", f"malformed CSV: {exc}"))
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if not row or not any(cell.strip() for cell in row):
            continue  # blank line between rows carries nothing
        row_no += 1
        if len(row) != len(columns):
            problems.append(Problem(f"{rel}:line {line}", "error",
                                    f"malformed CSV row: {len(row)} fields, the header has {len(columns)}"))
            continue
        values = dict(zip(columns, row))
        body = values.get("text", "")
        if not body.strip():
            problems.append(Problem(f"{rel}:line {line}", "skipped", "row has an empty 'text' field"))
            continue
        records.append(Record(rel, f"row {row_no}", "csv", body.replace("\r\n", "\n"), encoding, _clean_meta(values)))
    if not records and not problems:
        problems.append(Problem(rel, "skipped", "CSV has a header but no rows"))
    return records, problems


def read_jsonl_file(rel: str, text: str, encoding: str) -> tuple[list[Record], list[Problem]]:
    records, problems = [], []
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{rel}:line {line_no}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(where, "error", f"malformed JSON line: {exc.msg} at column {exc.colno}"))
            continue
        if not isinstance(obj, dict):
            problems.append(Problem(where, "error", f"JSON line is a {type(obj).__name__}, not an object"))
            continue
        lowered = {str(k).lower(): v for k, v in obj.items()}
        body = lowered.get("text")
        if not isinstance(body, str) or not body.strip():
            problems.append(Problem(where, "skipped" if isinstance(body, str) else "error",
                                    "JSON object has no non-empty string 'text' field"))
            continue
        records.append(Record(rel, f"line {line_no}", "jsonl", body, encoding, _clean_meta(lowered)))
    if not records and not problems:
        problems.append(Problem(rel, "skipped", "JSON Lines file has no objects"))
    return records, problems


_READERS = [
    (TEXT_SUFFIXES, read_text_file),
    (HTML_SUFFIXES, read_html_file),
    (CSV_SUFFIXES, read_csv_file),
    (JSONL_SUFFIXES, read_jsonl_file),
]


def read_file(path: Path, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Record], list[Problem]]:
    """Read one file into records; every failure is a :class:`Problem`, never an exception."""
    rel = _rel(path, root)
    suffix = path.suffix.lower()
    reader = next((fn for suffixes, fn in _READERS if suffix in suffixes), None)
    if reader is None:
        kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
        return [], [Problem(rel, "skipped", f"unsupported file type '{suffix or path.name}' (supported: {kinds})")]
    try:
        data, problem = read_bytes(path, rel, max_bytes)
        if problem:
            return [], [problem]
        decoded = decode(data)
        return reader(rel, decoded.text, decoded.encoding)
    except DecodeError as exc:
        return [], [Problem(rel, "error", str(exc))]
    except OSError as exc:
        return [], [Problem(rel, "error", f"cannot read file: {exc.strerror or exc}")]
    except Exception as exc:  # a parser bug must not stop the corpus; the report names it
        log.exception("unexpected failure reading %s", rel)
        return [], [Problem(rel, "error", f"unexpected {type(exc).__name__}: {exc}")]


def read_manifest(folder: Path) -> tuple[dict[str, dict], list[Problem]]:
    """Read ``manifest.csv``: one row per file, values that win over inferred ones.

    Returns ``{relative file path: {column: value}}`` and the problems of
    rows that name a missing file or a path outside the corpus folder.
    """
    path = folder / MANIFEST
    if not path.exists():
        return {}, []
    try:
        text = decode(path.read_bytes()).text
    except (DecodeError, OSError) as exc:
        return {}, [Problem(MANIFEST, "error", f"manifest unreadable: {exc}")]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = _field_map(reader.fieldnames or [])
    if "file" not in fields:
        return {}, [Problem(MANIFEST, "error", "manifest has no 'file' column")]
    entries, problems = {}, []
    root = folder.resolve()
    for row in reader:
        line = reader.line_num
        values = {k: (row.get(orig) or "").strip() for k, orig in fields.items()}
        name = values.get("file", "")
        where = f"{MANIFEST}:line {line}"
        if not name:
            problems.append(Problem(where, "error", "manifest row has an empty 'file' value"))
            continue
        posix = PurePosixPath(name.replace("\\", "/"))
        target = (folder / posix).resolve()
        if posix.is_absolute() or not target.is_relative_to(root):
            problems.append(Problem(where, "error", f"manifest names '{name}', a path outside the corpus folder"))
            continue
        if not target.is_file():
            problems.append(Problem(where, "error", f"manifest names '{name}', which does not exist"))
            continue
        rel = target.relative_to(root).as_posix()
        if rel in entries:
            problems.append(Problem(where, "error", f"manifest names '{name}' twice; the first row wins"))
            continue
        entries[rel] = {k: v for k, v in values.items() if k != "file" and k and v}
    return entries, problems
