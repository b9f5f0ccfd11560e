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
import os
import stat
import sys
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


def display_name(text: str) -> str:
    """A path as text that can be printed and stored: undecodable bytes of a file name become U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _rel(path: Path, root: Path) -> str:
    return display_name(path.relative_to(root).as_posix())


def is_output_folder(path: Path) -> bool:
    """A folder written by this package (reports, tables, caches): it is never input."""
    return (path / "CURRENT").is_symlink() or (path / ".generations").is_dir() or (path / "_set.json").is_file()


def discover(folder: Path) -> tuple[list[Path], list[Problem]]:
    """Every regular file below ``folder``, and a problem row for every other path found there.

    The folder is a boundary: symbolic links are never followed out of it
    (a link to a file inside is read; a link to a folder is not followed, so
    there are no loops), only regular files are read (not FIFOs, sockets or
    devices), unreadable folders are reported, and folders this package wrote
    (reports, tables, caches) are skipped.  Hidden files are included, so
    nothing vanishes without a row.
    """
    root = folder.resolve()
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[tuple[int, int]] = set()

    def walk(directory: Path) -> None:
        try:
            st = directory.stat()
            if (st.st_dev, st.st_ino) in seen:
                problems.append(Problem(_rel(directory, folder) + "/", "skipped", "folder already read (a loop)"))
                return
            seen.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(_rel(directory, folder) + "/", "error",
                                    f"folder cannot be read: {exc.strerror or exc}"))
            return
        for entry in entries:
            path = Path(entry.path)
            rel = _rel(path, folder)
            try:
                if entry.is_symlink():
                    target = path.resolve()
                    if not target.exists():
                        problems.append(Problem(rel, "skipped", "broken symbolic link: its target does not exist"))
                    elif not target.is_relative_to(root):
                        problems.append(Problem(rel, "skipped", "symbolic link to a path outside the corpus folder: "
                                                                "not followed"))
                    elif target.is_dir():
                        problems.append(Problem(rel, "skipped", "symbolic link to a folder: not followed "
                                                                "(its files are read where they are)"))
                    elif target.is_file():
                        files.append(path)
                    else:
                        problems.append(Problem(rel, "skipped", "symbolic link to something that is not a regular file"))
                elif entry.is_dir(follow_symlinks=False):
                    if is_output_folder(path):
                        problems.append(Problem(rel + "/", "skipped", "a folder of reports or tables written by this "
                                                                      "package, not input"))
                    else:
                        walk(path)
                elif entry.is_file(follow_symlinks=False):
                    files.append(path)
                else:
                    mode = entry.stat(follow_symlinks=False).st_mode
                    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
                            else "a device" if (stat.S_ISCHR(mode) or stat.S_ISBLK(mode)) else "not a regular file")
                    problems.append(Problem(rel, "skipped", f"{kind}: only regular files are read"))
            except OSError as exc:
                problems.append(Problem(rel, "error", f"cannot be examined: {exc.strerror or exc}"))

    walk(folder)
    return files, problems


def read_bytes(path: Path, rel: str, max_bytes: int) -> tuple[bytes | None, Problem | None]:
    size = path.stat().st_size
    if size > max_bytes:
        return None, Problem(rel, "skipped", f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit (raise it with --max-mb)")
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)      # the size on disk can lie (a file that grows, a special file)
    if len(data) > max_bytes:
        return None, Problem(rel, "skipped", f"file is over the {max_bytes / 1e6:.1f} MB limit (raise it with --max-mb)")
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


# An article is one CSV field and may be long; the csv module's default limit (128 KB) would split it into
# hundreds of bogus rows.  The file-size limit (--max-mb) bounds it instead.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


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
        except RecursionError:
            problems.append(Problem(where, "error", "JSON line nested too deeply to read"))
            continue
        except ValueError as exc:            # e.g. an integer of more digits than Python converts
            problems.append(Problem(where, "error", f"JSON line cannot be read: {exc}"))
            continue
        if not isinstance(obj, dict):
            problems.append(Problem(where, "error", f"JSON line is a {type(obj).__name__}, not an object"))
            continue
        try:
            lowered = {str(k).lower(): v for k, v in obj.items()}
            meta = _clean_meta(lowered)
        except (ValueError, RecursionError) as exc:
            problems.append(Problem(where, "error", f"JSON object cannot be read: {exc}"))
            continue
        body = lowered.get("text")
        if not isinstance(body, str) or not body.strip():
            problems.append(Problem(where, "skipped" if isinstance(body, str) else "error",
                                    "JSON object has no non-empty string 'text' field"))
            continue
        records.append(Record(rel, f"line {line_no}", "jsonl", body, encoding, meta))
    if not records and not problems:
        problems.append(Problem(rel, "skipped", "JSON Lines file has no objects"))
    return records, problems


_HINTS = {
    ".json": "for JSON articles use JSON Lines: rename to .jsonl with one JSON object per line "
             "(a 'text' field and any of title, outlet, url, published, id)",
    ".xlsx": "save the sheet as CSV with a 'text' column",
    ".xls": "save the sheet as CSV with a 'text' column",
    ".docx": "save the document as plain text (.txt)",
    ".pdf": "extract the text to a .txt file first",
    ".md": "rename to .txt if it is an article",
}

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
        hint = _HINTS.get(suffix, "")
        return [], [Problem(rel, "skipped", f"unsupported file type '{suffix or path.name}' (supported: {kinds})"
                                            + (f"; {hint}" if hint else ""))]
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


MAX_MANIFEST_FIELD = 10_000      # characters: a manifest value is a name, a URL, a date or a quoted line


def read_manifest(folder: Path) -> tuple[dict[str, dict], list[Problem]]:
    """Read ``manifest.csv``: one row per file, values that win over inferred ones.

    Returns ``{relative file path: {column: value}}`` and the problems: rows
    naming a missing file or a path outside the corpus folder, values over
    :data:`MAX_MANIFEST_FIELD` characters.  A manifest whose quoting is broken
    (a quoted value running over several lines, which swallows the rows after
    it) is refused whole, with an error naming the line: no value of it is used.
    """
    path = folder / MANIFEST
    if not path.exists() and not path.is_symlink():
        return {}, []
    if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
        return {}, [Problem(MANIFEST, "error", "manifest is a symbolic link out of the corpus folder: not read")]
    try:
        text = decode(path.read_bytes()).text
    except (DecodeError, OSError) as exc:
        return {}, [Problem(MANIFEST, "error", f"manifest unreadable: {exc}")]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    last_ok = 0
    try:
        header = next(reader, [])
        last_ok = reader.line_num
        for row in reader:
            start = reader.line_num - sum(cell.count("\n") for cell in row)
            if any("\n" in cell or "\r" in cell for cell in row):
                return {}, [Problem(f"{MANIFEST}:line {start}", "error",
                                    "a quoted value runs over several lines (an unterminated quote?); the manifest "
                                    "is refused and none of its values are used: fix the quote and ingest again")]
            rows.append((reader.line_num, row))
            last_ok = reader.line_num
    except csv.Error as exc:
        what = ("a quoted value is never closed (an unterminated quote)" if "end of data" in str(exc)
                else f"malformed CSV ({exc})")
        return {}, [Problem(f"{MANIFEST}:line {last_ok + 1}", "error",
                            f"{what}; the manifest is refused and none of its values are used")]
    columns = [_norm_field(h) for h in header]
    if "file" not in columns:
        return {}, [Problem(MANIFEST, "error", "manifest has no 'file' column")]
    entries, problems = {}, []
    root = folder.resolve()
    for line, row in rows:
        where = f"{MANIFEST}:line {line}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            problems.append(Problem(where, "error", f"manifest row has {len(row)} fields, the header has {len(columns)}"))
            continue
        values = {k: v.strip() for k, v in zip(columns, row)}
        long = [k for k, v in values.items() if len(v) > MAX_MANIFEST_FIELD]
        if long:
            problems.append(Problem(where, "error", f"manifest value of {', '.join(long)} is over "
                                                    f"{MAX_MANIFEST_FIELD:,} characters; the row is not used"))
            continue
        name = values.get("file", "")
        if not name:
            problems.append(Problem(where, "error", "manifest row has an empty 'file' value"))
            continue
        posix = PurePosixPath(name.replace("\\", "/"))
        target = (folder / posix).resolve()
        if posix.is_absolute() or not target.is_relative_to(root):
            problems.append(Problem(where, "error", f"manifest names '{display_name(name)}', a path outside the corpus folder"))
            continue
        if not target.is_file():
            problems.append(Problem(where, "error", f"manifest names '{display_name(name)}', which does not exist"))
            continue
        rel = display_name(target.relative_to(root).as_posix())
        if rel in entries:
            problems.append(Problem(where, "error", f"manifest names '{display_name(name)}' twice; the first row wins"))
            continue
        entries[rel] = {k: v for k, v in values.items() if k != "file" and k and v}
    return entries, problems
