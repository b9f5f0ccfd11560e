"""Find the input files of a corpus folder and read them into records.

A *record* is one article before cleaning: its raw text plus whatever
metadata the input format carries.  Problems never raise: every file (and
every malformed row or line) comes back as a :class:`Problem` naming the
file and what is wrong, so one bad file cannot stop the rest.

Formats: plain text (``.txt``), HTML (``.html``/``.htm``, article extracted
with trafilatura), CSV and JSON Lines exports (a ``text`` field plus any of
``title``, ``outlet``, ``url``, ``published``, ``id``, ``relayed_source``),
and ``manifest.csv`` (see :func:`read_manifest`).

Fields are typed here, at the boundary (:func:`typed_meta`): a title is
text, an outlet or relayed source is a name, a date is a date; a value that
is none of these (a number, ``NaN``, a JSON list, ``not-a-date``) is left
out and reported as a ``warning`` row naming the file, the line and the
value.  Repairs made while decoding (invalid bytes replaced, control
characters removed) are ``warning`` rows too.  Every name shown or stored
goes through :func:`display_name`: no control character of a file name
reaches a terminal or a table.
"""
from __future__ import annotations

import csv
import datetime as dt
import errno
import functools
import io
import json
import logging
import math
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import CorpusError, beside, close_names
from ..io import GENERATIONS, LOCK, POINTER
from .encoding import DecodeError, decode, strip_controls
from .html_dates import find_markup_date
from .metadata import parse_date, read_dates

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
CSV_SUFFIXES = {".csv"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | CSV_SUFFIXES | JSONL_SUFFIXES
MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("file", "title", "outlet", "relayed_source", "url", "published", "outlet_evidence",
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
    unread: dict = field(default_factory=dict)     # notes on the date: {UNREAD_DATE: why refused, DATE_FROM: where}

    def __post_init__(self):
        # the readers hand notes on the date along with the fields; they are no fields of the input
        if any(k in self.meta for k in DATE_NOTES):
            meta = dict(self.meta)
            self.unread = {**self.unread, **{k: meta.pop(k) for k in DATE_NOTES if k in meta}}
            self.meta = meta

    @property
    def where(self) -> str:
        return f"{self.source_path}:{self.locator}" if self.locator else self.source_path


@dataclass
class Problem:
    """An input that was not ingested, or only partly: a row of ``ingest_report``."""

    path: str
    status: str               # "skipped" or "error"; "warning": read, but a value was refused or repaired;
    reason: str               # "info": not input, nothing lost (a folder of our own output)


# Characters a terminal, a spreadsheet or a bidi-aware viewer acts on: C0/C1 controls (ESC starts ANSI and OSC
# sequences, CR rewrites a line or splits a CSV row), line and paragraph separators, bidirectional overrides.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def display_name(text: str) -> str:
    """A file name as text that can be printed and stored, and compared with a manifest's.

    Undecodable bytes become U+FFFD, the name is NFC-normalised (a name in NFD,
    as macOS writes it, matches the same name typed in a manifest), and every
    control, separator or bidi-override character is shown as a visible
    escape (``\\x1b``, ``\\x0d``, ``\\u202e``) so a name cannot move the cursor, colour a
    terminal, split a CSV row or reverse the text around it.
    """
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _UNPRINTABLE.sub(_escape, unicodedata.normalize("NFC", text))


def _rel(path: Path, root: Path) -> str:
    return display_name(path.relative_to(root).as_posix())


def _resolve(path: Path) -> Path | None:
    """``path`` with every symbolic link resolved, or None when the links form a loop."""
    try:
        return path.resolve()
    except RuntimeError:                      # Python < 3.13: "Symlink loop from ..."
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None
        raise


LOOP = "symbolic link loop (the link leads back to itself): not followed"


def is_output_folder(path: Path) -> bool:
    """A folder written by this package (reports, tables, caches): it is never input."""
    return (path / POINTER).is_symlink() or (path / GENERATIONS).is_dir() or (path / "_set.json").is_file()


def _store_entry(entry: os.DirEntry) -> bool:
    """An entry of an output folder's top level: its pointer, generations, lock, or a link through the pointer."""
    if entry.name in (POINTER, GENERATIONS, LOCK):
        return True
    try:
        return entry.is_symlink() and os.readlink(entry.path).startswith(POINTER + os.sep)
    except OSError:
        return False


SYSTEM_FOLDERS = ("/", "/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/root", "/run", "/sbin", "/sys",
                  "/usr", "/var")


def check_corpus_folder(folder: Path, named_by: str | None = None) -> Path:
    """``folder`` itself, when it is a folder that can hold a corpus; else :class:`CorpusError`: it does not exist
    (the folders beside it named, a close one first), is no folder, or is a system folder (``/etc``, ``/usr``, the
    root itself...) or lies inside one, which a study file or a typo can name but no folder of articles is.
    ``named_by``: what gave the folder, said first in the message (``"s.toml: study.corpus"``, ``"the CORPUS
    argument"``, :attr:`~analysis.settings.Settings.corpus_named_by`)."""
    if not folder.is_dir():
        where = f"{named_by}: " if named_by else ""
        raise CorpusError(f"{where}corpus folder {folder} does not exist{beside(folder, folders=True)}"
                          if not folder.exists()
                          else f"{where}corpus {folder} is not a folder: name the folder that holds the articles")
    real = folder.resolve()
    for system in SYSTEM_FOLDERS:
        if real == Path(system) or (system not in ("/", "/root") and real.is_relative_to(system)
                                    and not real.is_relative_to(Path.home())):
            raise CorpusError(f"corpus folder {folder} is {'inside ' if real != Path(system) else ''}the system "
                              f"folder {system}, not a folder of articles: check the study's `corpus` (or the "
                              "folder given on the command line)")
    return folder


Found = tuple[list[Path], list[Problem]]     # what :func:`discover` finds: the files, the problem rows


def discover(folder: Path) -> Found:
    """Every regular file below ``folder``, and a problem row for every other path found there.

    The folder is a boundary: symbolic links are never followed out of it
    (a link to a file inside is read; a link to a folder is not followed, so
    there are no loops; a link that loops on itself is reported), only regular
    files are read (not FIFOs, sockets or devices), unreadable folders are
    reported, and folders this package wrote (reports, tables, caches) are
    skipped with an ``info`` row (not a problem: nothing of the input is
    lost).  Hidden files are included, so nothing vanishes without a row.
    Two files whose names read the same once normalised (NFC, escapes) are
    one name too many: the second is reported, not read.
    """
    root = folder.resolve()
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[tuple[int, int]] = set()
    names: dict[str, Path] = {}

    def add(path: Path, rel: str) -> None:
        if rel in names:
            problems.append(Problem(rel, "error", f"two files are named '{rel}' once the names are normalised "
                                                  "(Unicode NFC, control characters escaped); only the first is "
                                                  "read: rename one"))
        else:
            names[rel] = path
            files.append(path)

    def walk(directory: Path, own: bool = False) -> None:
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
                if own and _store_entry(entry):
                    slash = "/" if entry.is_dir(follow_symlinks=False) else ""
                    problems.append(Problem(rel + slash, "info", "written by this package (the corpus folder is "
                                                                 "also an output folder), not input: not read"))
                elif entry.is_symlink():
                    target = _resolve(path)
                    if target is None:
                        problems.append(Problem(rel, "skipped", LOOP))
                    elif not target.exists():
                        problems.append(Problem(rel, "skipped", "broken symbolic link: its target does not exist"))
                    elif not target.is_relative_to(root):
                        problems.append(Problem(rel, "skipped", "symbolic link to a path outside the corpus folder: "
                                                                "not followed"))
                    elif target.is_dir():
                        problems.append(Problem(rel, "skipped", "symbolic link to a folder: not followed "
                                                                "(its files are read where they are)"))
                    elif target.is_file():
                        add(path, rel)
                    else:
                        problems.append(Problem(rel, "skipped", "symbolic link to something that is not a regular file"))
                elif entry.is_dir(follow_symlinks=False):
                    if is_output_folder(path):
                        problems.append(Problem(rel + "/", "info", "a folder of reports or tables written by this "
                                                                   "package, not input: not read"))
                    else:
                        walk(path)
                elif entry.is_file(follow_symlinks=False):
                    add(path, rel)
                else:
                    mode = entry.stat(follow_symlinks=False).st_mode
                    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
                            else "a device" if (stat.S_ISCHR(mode) or stat.S_ISBLK(mode)) else "not a regular file")
                    problems.append(Problem(rel, "skipped", f"{kind}: only regular files are read"))
            except OSError as exc:
                problems.append(Problem(rel, "error", f"cannot be examined: {exc.strerror or exc}"))

    walk(folder, own=is_output_folder(folder))
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


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@functools.lru_cache(maxsize=4096)
def read_date(text: str) -> str | None:
    """:func:`~analysis.corpus.metadata.parse_date`, fast for a plain YYYY-MM-DD and cached (rows share dates)."""
    if _ISO_DATE.fullmatch(text):
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            return None                            # 2024-02-30
        return text if 1900 <= date.year <= 2100 else None
    return parse_date(text)


NAME_FIELDS = ("outlet", "relayed_source")
UNREAD_DATE = "published:unread"   # a record's meta key: why the input's 'published' value was refused
DATE_FROM = "published:from"       # a record's meta key: the element of an HTML page its date was read from
DATE_NOTES = (UNREAD_DATE, DATE_FROM)
MAX_NAME = 200               # characters: an outlet's name, not a paragraph
MAX_DATE = 100


def _show(value) -> str:
    """A refused value as it can be quoted in a message: escaped, cut to 60 characters; text in quotes, JSON bare."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = display_name(text)
    text = text[:60] + ("..." if len(text) > 60 else "")
    return repr(text) if isinstance(value, str) else text


_NUMBER_START = set("0123456789+-.iInN_")       # what float() can start with (nan, inf, 1_000, -.5)


def _number_or_container(text: str) -> str | None:
    """What a string really is when it is a number (``1e+308``, ``nan``, ``Infinity``) or a JSON list or object."""
    try:
        number = float(text) if text[:1] in _NUMBER_START else None
    except ValueError:
        number = None
    if number is not None:
        return "a number" if math.isfinite(number) else "not a number (NaN or infinity)"
    if text[:1] in "[{" and text[-1:] in "]}":
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            return None
        if isinstance(value, (list, dict)):
            return "a JSON list" if isinstance(value, list) else "a JSON object"
    return None


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, float) and not math.isfinite(value):
        return "not a number (NaN or infinity)"
    return {int: "a number", float: "a number", list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def check_field(key: str, value) -> tuple[str | None, str | None]:
    """``(value as stored, None)`` for a valid field, ``(None, why it is refused)`` otherwise.

    ``title`` is text; ``outlet`` and ``relayed_source`` are names (a line of
    at most :data:`MAX_NAME` characters with a letter in it); ``published``
    is a date, stored as YYYY-MM-DD; ``id`` is text or a whole number;
    ``url`` is text.  None of them may be a number, NaN, infinity, a list or
    an object, whether the input gives it as JSON or as a string.  Other
    fields are kept as strings (lists and objects as JSON).
    """
    if key not in META_FIELDS:
        if not isinstance(value, str):
            value = json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)
        return value.strip(), None
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value), None
    if not isinstance(value, str):
        return None, f"is {_kind(value)}, not text"
    value = value.strip()
    if not value:
        return "", None
    what = _number_or_container(value)
    if what and not (key == "id" and what == "a number"):
        return None, f"is {what}, not {'a date' if key == 'published' else 'a name' if key in NAME_FIELDS else 'text'}"
    if key in NAME_FIELDS:
        if len(value) > MAX_NAME or "\n" in value:
            return None, f"is not a name (a line of at most {MAX_NAME} characters)"
        if not any(c.isalpha() for c in value):
            return None, "is not a name (it has no letter)"
    if key == "published":
        date = read_date(value) if len(value) <= MAX_DATE else None
        if date is None:
            # say why when the value is a date that cannot be read unguessed (05/08/2021: day and month?)
            why = next((r.problem for r in read_dates(value) if r.problem), None) if len(value) <= MAX_DATE else None
            return None, (f"is a date that cannot be read: {why}" if why else
                          "is not a date that can be read (2024-01-05, 5 January 2024, Jan 5, 2024)")
        return date, None
    return value, None


def typed_meta(values: dict, where: str) -> tuple[dict, list[Problem]]:
    """Every field of the input but its text, typed (:func:`check_field`) and stripped; empty ones left out.

    Known fields (:data:`META_FIELDS`) fill the articles table's columns; the
    others (``event``, ``leaning``, ...) become columns of their own.  Each
    refused value is a ``warning`` naming ``where`` (file and line), the field
    and the value; the rest of the record is read.
    """
    out, problems = {}, []
    for key, raw in values.items():
        key = _norm_field(key)
        if not key or key == "text" or raw is None:
            continue
        value, n = strip_controls(raw) if isinstance(raw, str) else (raw, 0)
        value, why = check_field(key, value)
        if why:
            fallback = "the row's position is its id" if key == "id" else "left empty"
            problems.append(Problem(where, "warning", f"'{key}' value {_show(raw)} {why}; {fallback}"))
            if key == "published":       # the evidence column then says a date was given, not that there is none
                out[UNREAD_DATE] = f"the input's 'published' value {_show(raw)} {why}"
            continue
        if not isinstance(raw, str):                 # a list or object given as JSON text can hold them too
            value, n = strip_controls(value)
        if n:
            problems.append(Problem(where, "warning", f"{n} control character{'s' if n != 1 else ''} removed "
                                                      f"from '{key}'"))
        if value:
            out[key] = value
    return out, problems


def read_text_file(rel: str, text: str, encoding: str) -> tuple[list[Record], list[Problem]]:
    if not text.strip():
        return [], [Problem(rel, "skipped", "file is empty or whitespace only after decoding")]
    return [Record(rel, "", "txt", text, encoding)], []


GENERATOR = "analysis"      # <meta name="generator" content="analysis ..."> marks a page this package rendered
# tags are matched with bounded attribute runs, so a page of unclosed "<meta" or "<body" stays linear to scan
_META_TAG = re.compile(r"<meta\b([^<>]{0,1000})>", re.I)
_GENERATOR_NAME = re.compile(r"\bname\s*=\s*[\"']?generator\b", re.I)
_GENERATOR_CONTENT = re.compile(r"\bcontent\s*=\s*[\"']?" + GENERATOR + r"\b", re.I)
_NOTEBOOK_BODY = re.compile(r"<body\b[^<>]{0,1000}?\bclass\s*=\s*[\"']?jp-Notebook\b", re.I)


def own_report(text: str) -> str | None:
    """What an HTML page is when it is one of this package's reports (so not an article), else None.

    Recognised by a generator meta tag naming the package, or by structure:
    a Jupyter notebook rendered by nbconvert (``<body class="jp-Notebook">``,
    how every numbered report is written) or the reports' ``index.html``.
    """
    if any(_GENERATOR_NAME.search(m.group(1)) and _GENERATOR_CONTENT.search(m.group(1))
           for m in _META_TAG.finditer(text)):
        return "a report page written by this package"
    if _NOTEBOOK_BODY.search(text):
        return "a Jupyter notebook rendered to HTML (a report, such as this package writes)"
    if "<title>Framing reports:" in text and "<h1>Framing reports</h1>" in text:
        return "the index page of this package's reports"
    return None


def read_html_file(rel: str, text: str, encoding: str) -> tuple[list[Record], list[Problem]]:
    import trafilatura  # heavy import, only when HTML is present

    report = own_report(text)
    if report:
        return [], [Problem(rel, "skipped", f"{report}, not an article: not ingested")]
    tree = trafilatura.load_html(text)
    # the date is read from the markup meant to carry it, by the date-line rules: trafilatura's own
    # date finder guesses (05/01/2024 becomes 5 January) and does not say where it looked
    date, element = find_markup_date(tree)
    doc = trafilatura.bare_extraction(tree if tree is not None else text, with_metadata=True,
                                      include_comments=False)
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        return [], [Problem(rel, "error", "HTML has no extractable article text")]
    body, n = strip_controls(body)                 # character references (&#27;) can hold any character
    meta, problems = typed_meta({"title": doc.title, "outlet": doc.sitename, "url": doc.url, "published": date}, rel)
    if "published" in meta:
        meta[DATE_FROM] = f"the page's {element}"
    elif UNREAD_DATE in meta:
        meta[UNREAD_DATE] = f"{meta[UNREAD_DATE]} (the page's {element})"
    if n:
        problems.append(Problem(rel, "warning", f"{n} control character{'s' if n != 1 else ''} removed from the text"))
    return [Record(rel, "", "html", body, encoding, meta)], problems


def _norm_field(name) -> str:
    return str(name).strip().lower().lstrip("\ufeff")


def _field_map(names) -> dict[str, str]:
    return {_norm_field(n): n for n in names if n is not None}


def _long_csv_fields(read):
    """Run ``read`` with the csv module's field limit raised, then put it back (the limit is process-wide:
    a library must not change it for its host).  An article is one CSV field and may be long; the default
    limit (128 KB) would split it into hundreds of bogus rows.  The file-size limit (--max-mb) bounds it."""
    @functools.wraps(read)
    def wrapper(*args, **kwargs):
        before = csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        try:
            return read(*args, **kwargs)
        finally:
            csv.field_size_limit(before)
    return wrapper


def _repeated_columns(columns: list[str]) -> dict[str, list[int]]:
    """Column names the header gives more than once, with their positions."""
    places: dict[str, list[int]] = {}
    for i, name in enumerate(columns):
        places.setdefault(name, []).append(i)
    return {name: where for name, where in places.items() if len(where) > 1 and name}


def _row_values(columns: list[str], row: list[str], repeats: dict[str, list[int]]) -> dict[str, str]:
    """A row as ``{column: value}``; a repeated column gives its first non-empty value."""
    values = dict(zip(columns, row))
    for name, places in repeats.items():
        values[name] = next((row[i] for i in places if row[i].strip()), "")
    return values


@_long_csv_fields
def read_csv_file(rel: str, text: str, encoding: str) -> tuple[list[Record], list[Problem]]:
    records, problems = [], []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        return [], [Problem(rel, "error", f"CSV has no readable header: {exc}")]
    columns = [_norm_field(h) for h in header]
    if "text" not in columns:
        return [], [Problem(rel, "error", f"CSV has no 'text' column (columns: {display_name(', '.join(columns))})")]
    repeats = _repeated_columns(columns)
    for name, places in repeats.items():
        problems.append(Problem(f"{rel}:line 1", "warning",
                                f"the header names '{display_name(name)}' {len(places)} times (columns "
                                f"{', '.join(str(i + 1) for i in places[:-1])} and {places[-1] + 1}); each row's "
                                "first non-empty one is read"))
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
        values = _row_values(columns, row, repeats)
        body = values.get("text", "")
        if not body.strip():
            problems.append(Problem(f"{rel}:line {line}", "skipped", "row has an empty 'text' field"))
            continue
        meta, refused = typed_meta(values, f"{rel}:line {line}")
        problems.extend(refused)
        records.append(Record(rel, f"row {row_no}", "csv", body.replace("\r\n", "\n"), encoding, meta))
    if not records and all(p.status == "warning" for p in problems):
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
            lowered = {_norm_field(k): v for k, v in obj.items()}
            meta, refused = typed_meta(lowered, where)
        except (ValueError, RecursionError) as exc:
            problems.append(Problem(where, "error", f"JSON object cannot be read: {exc}"))
            continue
        body = lowered.get("text")
        if not isinstance(body, str) or not body.strip():
            problems.append(Problem(where, "skipped" if isinstance(body, str) else "error",
                                    "JSON object has no non-empty string 'text' field"))
            continue
        problems.extend(refused)
        body, n = strip_controls(body.replace("\r\n", "\n").replace("\r", "\n"))   # escapes can hold any character
        if n:
            problems.append(Problem(where, "warning", f"{n} control character{'s' if n != 1 else ''} removed "
                                                      "from 'text'"))
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
        records, problems = reader(rel, decoded.text, decoded.encoding)
        if records:
            problems = [Problem(rel, "warning", note) for note in decoded.notes] + problems
        return records, problems
    except DecodeError as exc:
        return [], [Problem(rel, "error", str(exc))]
    except OSError as exc:
        return [], [Problem(rel, "error", f"cannot read file: {exc.strerror or exc}")]
    except Exception as exc:  # a parser bug must not stop the corpus; the report names it
        log.exception("unexpected failure reading %s", rel)
        return [], [Problem(rel, "error", f"unexpected {type(exc).__name__}: {exc}")]


def check_manifest_columns(columns: list[str], path: Path) -> None:
    """Refuse a manifest header with a column spelt nearly as one the package reads while that one is absent
    (``publshed`` without ``published``): its values would silently become a column of their own.  Raises
    :class:`CorpusError` naming the manifest, the column and the columns read; other new columns (``leaning``)
    are the user's own metadata and pass."""
    missing = [c for c in MANIFEST_COLUMNS if c not in columns]
    typos = [(c, near[0]) for c in columns if c not in MANIFEST_COLUMNS
             and (near := close_names(c, missing, spelling_only=True))]
    if typos:
        said = "; ".join(f"column '{c}' is none the package reads: did you mean '{n}'? (there is no '{n}' column, "
                         "so its values would be lost)" for c, n in typos)
        raise CorpusError(f"{path}: {said}; the columns read are {', '.join(MANIFEST_COLUMNS)}, any other is kept "
                          "as your own metadata: correct the header and ingest again")


MAX_MANIFEST_FIELD = 10_000      # characters: a manifest value is a name, a URL, a date or a quoted line


@_long_csv_fields
def read_manifest(folder: Path, files: list[Path] | None = None) -> tuple[dict[str, dict], list[Problem]]:
    """Read ``manifest.csv``: one row per file, values that win over inferred ones.

    Returns ``{relative file path: {column: value}}`` (keys as
    :func:`display_name` gives them) and the problems: rows naming a missing
    file or a path outside the corpus folder, values over
    :data:`MAX_MANIFEST_FIELD` characters, values of the wrong type
    (:func:`check_field`: the value is not used, the row's other values are).
    A manifest whose quoting is broken (a quoted value running over several
    lines, which swallows the rows after it) is refused whole, with an error
    naming the line: no value of it is used.  ``files`` (the files found by
    :func:`discover`) lets a row match a file whose name differs from it only
    in Unicode normalisation (NFD on disk, NFC in the manifest, or the reverse).
    """
    path = folder / MANIFEST
    if not path.exists() and not path.is_symlink():
        return {}, []
    target = _resolve(path)
    if target is None:
        return {}, [Problem(MANIFEST, "error", f"manifest is a {LOOP}")]
    if path.is_symlink() and not target.is_relative_to(folder.resolve()):
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
    check_manifest_columns(columns, path)
    if "file" not in columns:
        return {}, [Problem(MANIFEST, "error", "manifest has no 'file' column")]
    entries, problems = {}, []
    root = folder.resolve()
    found = {_rel(f, folder) for f in files or []}
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
        target = _resolve(folder / posix)
        if target is None:
            problems.append(Problem(where, "error", f"manifest names '{display_name(name)}', a {LOOP}"))
            continue
        if posix.is_absolute() or not target.is_relative_to(root):
            problems.append(Problem(where, "error", f"manifest names '{display_name(name)}', a path outside the corpus folder"))
            continue
        rel = display_name(target.relative_to(root).as_posix())
        if not target.is_file() and rel not in found:
            problems.append(Problem(where, "error", f"manifest names '{display_name(name)}', which does not exist"))
            continue
        if rel in entries:
            problems.append(Problem(where, "error", f"manifest names '{display_name(name)}' twice; the first row wins"))
            continue
        typed = {}
        for key, value in values.items():
            if key == "file" or not key or not value:
                continue
            value, why = check_field(key, value) if key in MANIFEST_COLUMNS else (value, None)
            if why:
                problems.append(Problem(where, "warning", f"manifest '{key}' value {_show(values[key])} {why}; "
                                                          "not used"))
            elif value:
                typed[key] = value
        entries[rel] = typed
    return entries, problems
