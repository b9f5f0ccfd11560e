"""Writing outputs safely: consistent sets of files, one writer at a time, spreadsheet-safe CSV.

Two kinds of output folder:

* a :class:`Store` (corpus tables, measure caches) keeps generations behind
  a pointer, so a reader resolves one set and reads every table of it;
* a :class:`SwapFolder` (reports) holds real files only, so the folder can be
  zipped and sent: a new set is written into a hidden staging folder beside
  it and exchanged with the folder in one atomic rename; its writer lock is
  a hidden file beside it too.

A :class:`Store` is a folder of tables written as one set.  Each write builds
a new *generation* folder (``.generations/<id>/``, starting from hard links
to the current one) and, only when every file is complete, switches the
``CURRENT`` pointer (a symbolic link, replaced atomically).  A run killed half
way leaves the previous set in place; readers resolve ``CURRENT`` once and read
every table of one set, so they never see articles of one run with sentences
of another.  Convenience links (``articles.parquet`` → ``CURRENT/...``) keep
the table names of the design notes at the top of the folder.  A lock file
refuses a second writer.

:func:`write_csv` neutralises cells that a spreadsheet would run as a
formula (``=``, ``+``, ``-``, ``@``, tab or carriage-return first).
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import secrets
import shutil
import time
from pathlib import Path

import pandas as pd

from .errors import StoreError

POINTER = "CURRENT"
GENERATIONS = ".generations"
LOCK = ".lock"
MOVED = ".moved"                 # a SwapFolder's journal of the entries carried into a new set
KEEP_GENERATIONS = 2


def _oserror(exc: OSError, folder: Path, doing: str) -> StoreError:
    reasons = {errno.EACCES: "permission denied", errno.EROFS: "the file system is read-only",
               errno.ENOSPC: "no space left on the device", errno.EDQUOT: "disk quota exceeded"}
    reason = reasons.get(exc.errno, exc.strerror or str(exc))
    return StoreError(f"cannot {doing} in {folder}: {reason}")


class Store:
    """A folder holding one consistent set of output files."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def __repr__(self) -> str:
        return f"Store({str(self.folder)!r})"

    # -- reading -----------------------------------------------------------
    def current(self) -> Path | None:
        """The folder of the current set (resolved once), or None when nothing was written."""
        pointer = self.folder / POINTER
        if pointer.is_symlink():
            target = pointer.resolve()
            if not target.is_dir():
                raise StoreError(f"{self.folder}: {POINTER} points to a missing set of tables; re-run the command")
            return target
        # a folder written by an older version: tables at the top, no generations
        if any(p.suffix in (".parquet", ".csv") for p in self.folder.glob("*") if p.is_file() and not p.is_symlink()):
            return self.folder
        return None

    def files(self) -> dict[str, Path]:
        gen = self.current()
        return {} if gen is None else {p.name: p for p in gen.iterdir() if p.is_file()}

    def manifest(self) -> dict:
        gen = self.current()
        path = gen / "_set.json" if gen else None
        if not path or not path.exists():
            return {}
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise StoreError(f"{path}: unreadable ({exc}); re-run the command") from None

    # -- writing -----------------------------------------------------------
    def lock(self, wait: float = 0.0):
        """Hold the folder's writer lock; another writer waits up to ``wait`` seconds, then is refused."""
        return _locked(self.folder, self.folder / LOCK, wait)

    @contextlib.contextmanager
    def writing(self, keep_current: bool = True, wait: float = 0.0, info: dict | None = None):
        """Yield a new generation folder to write into; on success it becomes the current set.

        With ``keep_current`` the files of the current set that the writer did
        not write are added to the new set afterwards (as hard links: no
        copy, and never opened for writing, so the current set cannot change).
        """
        with self.lock(wait):
            gens = self.folder / GENERATIONS
            gen = gens / f"{time.time_ns():020d}-{secrets.token_hex(3)}"
            try:
                gen.mkdir(parents=True)
                previous = self.current()
            except OSError as exc:
                shutil.rmtree(gen, ignore_errors=True)
                raise _oserror(exc, self.folder, "write") from None
            with _removed_on_failure(gen, self.folder):
                yield gen
                if keep_current and previous is not None:
                    for name, path in self._table_files(previous).items():
                        if not (gen / name).exists():
                            _link_or_copy(path, gen / name)
                _write_set_record(gen, {"generation": gen.name, **(info or {})})
                self._switch(gen)
            self._tidy(gen)

    @staticmethod
    def _table_files(gen: Path) -> dict[str, Path]:
        return {p.name: p for p in gen.iterdir() if p.is_file() and p.name != "_set.json"
                and not p.is_symlink() and not p.name.startswith(".")}

    def _switch(self, gen: Path) -> None:
        tmp = self.folder / f".{POINTER}.{secrets.token_hex(3)}"
        os.symlink(os.path.relpath(gen, self.folder), tmp)
        os.replace(tmp, self.folder / POINTER)

    def _tidy(self, gen: Path) -> None:
        """Top-level links for the current tables; old generations removed (the previous one is kept)."""
        names = {p.name for p in gen.iterdir() if p.name != "_set.json"}
        for name in names:
            link = self.folder / name
            if link.is_symlink() or link.is_dir():
                continue                 # already a link (through CURRENT), or a real folder of the user's
            # missing, or a table left at the top by an older version: replace it with the link
            tmp = self.folder / f".{name}.{secrets.token_hex(3)}"
            os.symlink(os.path.join(POINTER, name), tmp)
            os.replace(tmp, link)
        for link in self.folder.iterdir():
            if link.is_symlink() and link.name != POINTER and not link.exists():
                link.unlink(missing_ok=True)
        gens = sorted((p for p in (self.folder / GENERATIONS).iterdir() if p.is_dir()), key=lambda p: p.name)
        for old in gens[:-KEEP_GENERATIONS]:
            if old != gen:
                shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2


@contextlib.contextmanager
def _locked(folder: Path, path: Path, wait: float = 0.0):
    """Hold the writer lock of ``folder`` (the lock file ``path``, created with ``folder`` if missing): another
    writer waits up to ``wait`` seconds, then is refused with a :class:`StoreError` naming ``folder``."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fh = open(path, "a+")
    except OSError as exc:
        raise _oserror(exc, folder, "create the output folder") from None
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreError(f"{folder} is being written by another run; wait for it to finish "
                                     "or write elsewhere (--out / --data)") from None
                time.sleep(0.2)
        yield
    finally:
        fh.close()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False where the system cannot."""
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False                  # a file system without exchange: fall back to two renames
    raise OSError(err, os.strerror(err), str(b))


class SwapFolder:
    """A folder of real files (no links, no hidden generations) replaced whole by each write.

    :meth:`writing` yields a staging folder beside this one
    (``.NAME.staging-ID``); when the writer finishes it is exchanged with the
    folder in one atomic rename, so a reader opening the folder sees the old
    set or the new one, never a mix, and a run that fails or is killed leaves
    the old set whole.  Entries of the folder that the previous set did not
    write (a ``.gitkeep``, a sub-folder of other reports) are moved into the
    new set.  ``_set.json`` lists the set's files.  The writer lock
    (:meth:`lock`, refusing a second writer) is a hidden file beside the
    folder, ``.NAME.lock``, so the folder a user sends holds the reports
    alone; only where the folder's parent is not writable is it ``.lock``
    inside the folder.

    Where the folder cannot be swapped (a mount point, such as a container
    volume, or a folder whose parent is not writable) the staging folder is
    made inside it and its entries replace the old ones one by one: each
    file is whole, but a reader during those renames may see both sets.
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def __repr__(self) -> str:
        return f"SwapFolder({str(self.folder)!r})"

    def manifest(self) -> dict:
        path = self.folder / "_set.json"
        try:
            return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        except (OSError, json.JSONDecodeError):
            return {}

    def _lock_path(self) -> Path:
        """The lock file: beside the folder (``.NAME.lock``), inside it (``.lock``) only where the parent is not
        writable."""
        real = self.folder.resolve()            # one lock, whichever path (or link) names the folder
        return real.parent / f".{real.name}.lock" if os.access(real.parent, os.W_OK) else self.folder / LOCK

    def lock(self, wait: float = 0.0):
        """Hold the folder's writer lock (:meth:`_lock_path`); another writer waits up to ``wait`` seconds, then
        is refused."""
        return _locked(self.folder, self._lock_path(), wait)

    def _ours(self) -> set[str]:
        """Names in the folder written by the previous set (or by the generation layout of older versions)."""
        names = {*self.manifest().get("files", []), "_set.json", MOVED, POINTER, GENERATIONS}
        for p in self.folder.iterdir():
            if p.is_symlink() and os.readlink(p).startswith(POINTER + os.sep):
                names.add(p.name)     # a link into the old generations
        return names

    def _stale(self) -> list[Path]:
        return [*self.folder.parent.glob(f".{self.folder.name}.staging-*"), *self.folder.glob(".staging-*")]

    def _inside(self) -> bool:
        """True where the folder cannot be exchanged with a sibling: a mount point, or an unwritable parent."""
        parent = self.folder.resolve().parent
        return os.stat(self.folder).st_dev != os.stat(parent).st_dev or not os.access(parent, os.W_OK)

    def _replace_each(self, staging: Path) -> None:
        """The fallback of :meth:`_swap`: move the new entries over the old ones, then drop the old set's rest."""
        ours = self._ours()
        new = sorted((e.name for e in staging.iterdir() if e.name != "_set.json"), key=lambda n: n == "index.html")
        for name in [*new, "_set.json"]:
            src, dst = staging / name, self.folder / name
            if src.is_dir() and dst.is_dir() and not dst.is_symlink():
                aside = self.folder / f".staging-{secrets.token_hex(4)}-old"
                os.rename(dst, aside)
                os.rename(src, dst)
                shutil.rmtree(aside, ignore_errors=True)
            else:
                os.replace(src, dst)
        stale = ours - {*new, "_set.json"}
        if self._lock_path().parent != self.folder:        # the lock is beside: a .lock inside is an older version's
            stale.add(LOCK)
        for name in stale:
            path = self.folder / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            elif path.exists() or path.is_symlink():
                path.unlink(missing_ok=True)

    def _swap(self, staging: Path) -> None:
        """Move the entries the previous set did not write into ``staging`` (journalled in ``.moved``, so a
        run killed before the exchange gives them back), then exchange ``staging`` with the folder."""
        ours = self._ours()
        keep = [e.name for e in self.folder.iterdir()
                if e.name not in ours and e.name != LOCK and not (staging / e.name).exists()]
        (staging / MOVED).write_text(json.dumps(keep), encoding="utf-8")
        moved = []
        try:
            for name in keep:
                os.rename(self.folder / name, staging / name)
                moved.append(name)
            if not _exchange(staging, self.folder):
                aside = self.folder.parent / f".{self.folder.name}.staging-{secrets.token_hex(4)}"
                os.rename(self.folder, aside)
                os.rename(staging, self.folder)
                os.rename(aside, staging)
        except BaseException:
            for name in moved:
                with contextlib.suppress(OSError):
                    os.rename(staging / name, self.folder / name)
            raise
        (self.folder / MOVED).unlink(missing_ok=True)

    def _recover(self) -> None:
        """Tidy what a killed run left: entries moved into its staging folder go back; staging folders go."""
        (self.folder / MOVED).unlink(missing_ok=True)          # killed just after the exchange
        for old in self._stale():
            journal = old / MOVED
            if journal.is_file():                              # killed before the exchange
                with contextlib.suppress(OSError, ValueError):
                    for name in json.loads(journal.read_text(encoding="utf-8")):
                        if (old / name).exists() and not (self.folder / name).exists():
                            os.rename(old / name, self.folder / name)
            shutil.rmtree(old, ignore_errors=True)

    @contextlib.contextmanager
    def writing(self, wait: float = 0.0, info: dict | None = None):
        """Yield an empty staging folder; on success it becomes the folder (files the writer left out are gone)."""
        with self.lock(wait):
            self._recover()
            inside = self._inside()
            token = secrets.token_hex(4)
            staging = self.folder / f".staging-{token}" if inside else \
                self.folder.parent / f".{self.folder.name}.staging-{token}"
            try:
                staging.mkdir()
            except OSError as exc:
                raise _oserror(exc, staging.parent, "write") from None
            with _removed_on_failure(staging, self.folder):
                yield staging
                _write_set_record(staging, info or {})
                if inside:
                    self._replace_each(staging)
                else:
                    self._swap(staging)
            shutil.rmtree(staging, ignore_errors=True)   # now the previous set


@contextlib.contextmanager
def _removed_on_failure(staging: Path, folder: Path):
    """A set being written into ``staging``: removed whole when the block fails (an OSError becomes a
    :class:`StoreError` naming ``folder``), so a failed write leaves nothing half written behind."""
    try:
        yield
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _oserror(exc, folder, "write") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write_set_record(folder: Path, info: dict) -> None:
    """``_set.json``: when the set was written, its files, and what the writer adds (``info``)."""
    record = {"written": time.strftime("%Y-%m-%dT%H:%M:%S"),
              "files": sorted(p.name for p in folder.iterdir() if p.name != "_set.json"), **info}
    (folder / "_set.json").write_text(json.dumps(record, indent=1, default=str), encoding="utf-8")


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """A cell a spreadsheet would run as a formula, prefixed with ' so it shows as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) cannot run as formulas."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise_cell)
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


# what an .xlsx cell cannot hold: control characters other than tab, newline and carriage return, the
# non-characters U+FFFE and U+FFFF and lone surrogates (none is XML: the writer refuses the whole file), and text
# beyond Excel's 32,767 characters per cell
_EXCEL_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
EXCEL_CELL_MAX = 32_767


def _excel_cell(value):
    if not isinstance(value, str):
        return value
    value = _EXCEL_ILLEGAL.sub("\ufffd", value)
    return value if len(value) <= EXCEL_CELL_MAX else value[:EXCEL_CELL_MAX - 1] + "…"


def excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`spreadsheet_safe`, and every character an Excel cell cannot hold shown as U+FFFD (a control
    character in one article no longer stops the whole workbook), over-long cells cut with an ellipsis (the
    CSV beside it keeps the whole text)."""
    out = spreadsheet_safe(frame)
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_excel_cell)
    out.columns = [_excel_cell(c) for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path: str | Path, **kwargs) -> Path:
    """Write a CSV that is safe to open in a spreadsheet (every CSV the package writes goes through here)."""
    spreadsheet_safe(frame).to_csv(path, index=kwargs.pop("index", False), **kwargs)
    return Path(path)
