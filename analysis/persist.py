"""Fitted models as JSON, without pickle, refusing files that were tampered with or made for other code.

A model file holds its ``kind``, a ``format`` version, its parameters,
named arrays (as nested lists), free metadata (training data hash, scores)
and a ``checksum``: the sha256 of everything else in canonical JSON.  The
file is written as that canonical JSON with the checksum as its last
member, so loading checks the bytes read (no second serialisation of a
large model); a file laid out otherwise (edited, or written by older code)
is checked by serialising its content canonically again.
:func:`load_model` refuses, with a :class:`~analysis.errors.ModelError`
naming the file,

* a file that is not JSON or not a model of the expected kind;
* a file whose checksum does not match its content (edited by hand, a
  coefficient flipped, truncated);
* arrays holding NaN or infinity, or of the wrong shape (checked by the
  caller's ``shapes``);
* a format version other than the code's;
* a document of the wrong structure (``params``, ``arrays`` or ``metadata``
  not an object; an array that is not a list, mixes text and numbers, holds
  lists of unequal length) or a parameter or array the caller asks for that
  is missing: the message names the file and the key;
* a file larger than :data:`MAX_MODEL_BYTES`, compressed or once
  decompressed (decompression is streamed and stops at the limit, so a
  gzip bomb costs no memory), or that is not a regular file.

Nothing in a model file is executed: it is data read into NumPy arrays.
A path ending in ``.gz`` is written and read gzip-compressed (a large
model stays small in the repository; the bytes are reproducible).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import zlib
from itertools import chain
from pathlib import Path

import numpy as np

from .errors import ModelError


def _canonical(doc: dict) -> bytes:
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), allow_nan=True).encode()


def _checksum_member(checksum: str) -> bytes:
    return b',"checksum":"' + checksum.encode() + b'"}'


def save_model(path: str | Path, kind: str, version: int, params: dict, arrays: dict[str, np.ndarray | list],
               metadata: dict | None = None, digits: int = 6) -> Path:
    """Write a model file (the checksum is added here)."""
    doc = {"kind": kind, "format": version, "params": params,
           "arrays": {k: (np.round(np.asarray(v, dtype=float), digits).tolist()
                          if np.asarray(v).dtype.kind in "fiu" else list(v)) for k, v in arrays.items()},
           "metadata": metadata or {}}
    canonical = _canonical(doc)
    # the canonical JSON itself, the checksum appended as its last member: what load_model hashes as read
    data = canonical[:-1] + _checksum_member(hashlib.sha256(canonical).hexdigest())
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(gzip.compress(data, compresslevel=9, mtime=0) if path.suffix == ".gz" else data)
    tmp.replace(path)
    return path


MAX_MODEL_BYTES = 64 * 1024 * 1024      # of JSON, decompressed (the stance model is ~8 MB): a bomb costs at most this
_CHUNK = 1024 * 1024


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n:,} bytes"


def _read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` (decompressed if it ends in ``.gz``), refusing more than ``limit`` of them."""
    if not path.is_file():
        if not path.exists():
            raise FileNotFoundError(path)
        raise ModelError(f"{path}: not a regular file; refusing to read it")
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size         # read(n) allocates n bytes: ask for no more than is there
        raw = fh.read(min(size, limit) + 1)
    if len(raw) > limit:
        raise ModelError(f"{path}: over {_size(limit)}; not a model file of this package")
    if path.suffix != ".gz":
        return raw
    out, inflate, rest = bytearray(), zlib.decompressobj(wbits=16 + zlib.MAX_WBITS), raw
    while True:                      # in chunks: a max_length of the whole limit would be allocated at once
        piece = inflate.decompress(rest, min(_CHUNK, limit + 1 - len(out)))
        out += piece
        if len(out) > limit:
            raise ModelError(f"{path}: decompresses to over {_size(limit)}; refusing it (a model file of this "
                             "package is far smaller)")
        rest = inflate.unconsumed_tail
        if inflate.eof:
            if not inflate.unused_data:
                break
            rest, inflate = inflate.unused_data, zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # another member
        elif not piece and not rest:
            raise EOFError("compressed file ended before the end-of-stream marker was reached")
    return bytes(out)


def read_model_json(path: str | Path, max_bytes: int | None = None) -> dict:
    """The raw document of a model file (gzip-compressed when the name ends in ``.gz``), unverified.

    Reads at most ``max_bytes`` (default :data:`MAX_MODEL_BYTES`) of JSON: a larger file, or one that
    decompresses to more, is a :class:`ModelError`.
    """
    return json.loads(_read_bounded(Path(path), MAX_MODEL_BYTES if max_bytes is None else max_bytes))


def _content_hash(raw: bytes, doc: dict) -> str:
    """The sha256 of a model file's content without its checksum: of the bytes ``raw`` before the checksum when
    the file is laid out as :func:`save_model` writes it (the checksum its last member), else of ``doc`` (the
    parsed file, its checksum popped) serialised canonically."""
    checksum = doc.get("checksum")
    if isinstance(checksum, str) and checksum.isascii():
        tail = _checksum_member(checksum)
        if raw.endswith(tail):
            return hashlib.sha256(raw[:-len(tail)] + b"}").hexdigest()
    return hashlib.sha256(_canonical({k: v for k, v in doc.items() if k != "checksum"})).hexdigest()


class _Section(dict):
    """``params``, ``arrays`` or ``metadata`` of a loaded model: a missing key is a :class:`ModelError` naming it."""

    def __init__(self, values: dict, path: Path, what: str):
        super().__init__(values)
        self._path, self._what = path, what

    def __missing__(self, key):
        raise ModelError(f"{self._path}: the model has no {self._what} '{key}'; refusing it (retrain, or restore "
                         "the original)")


def _array(path: Path, name: str, values, text: bool | None = None):
    """A stored array as NumPy (numbers) or a list (text), or a :class:`ModelError` naming it.

    ``text``: True when the array must be a list of strings, False when it must be numbers, None to go by
    its content.
    """
    if not isinstance(values, list):
        raise ModelError(f"{path}: array '{name}' is {type(values).__name__}, not a list; refusing the model")
    if text and not all(isinstance(v, str) for v in values):
        raise ModelError(f"{path}: array '{name}' should be a list of text and is not; refusing the model")
    if not values or (text is not False and all(isinstance(v, str) for v in values)):
        return list(values)
    if any(isinstance(v, str) for v in values):
        raise ModelError(f"{path}: array '{name}' {'holds text' if text is False else 'mixes text and numbers'}, "
                         "not numbers; refusing the model")
    try:
        arr = np.asarray(values, dtype=float)
    except (ValueError, TypeError):
        raise ModelError(f"{path}: array '{name}' is not a rectangular array of numbers (text, true/false, "
                         "objects or rows of unequal length); refusing the model") from None
    if not _numbers_only(values, arr.ndim):
        raise ModelError(f"{path}: array '{name}' holds something other than numbers (text, true/false or "
                         "objects); refusing the model")
    if not np.isfinite(arr).all():
        raise ModelError(f"{path}: array '{name}' holds NaN or infinite values; refusing the model")
    return arr


def _numbers_only(values, ndim: int) -> bool:
    """True when a nested list of ``ndim`` levels (rectangular: NumPy converted it) holds only ints and floats (no
    bools or strings that NumPy would convert).  JSON gives no other subclass of int or float than bool, so each
    value's exact type is looked at, level by level, without a Python loop."""
    flat = values
    for _ in range(ndim - 1):
        flat = chain.from_iterable(flat)
    return set(map(type, flat)) <= {int, float}


def load_model(path: str | Path, kind: str, version: int, shapes: dict[str, tuple] | None = None,
               text_arrays: set[str] | None = None) -> dict:
    """Read and verify a model file; returns ``{"params", "arrays", "metadata"}`` (numeric arrays as NumPy).

    ``shapes`` maps array names to expected shapes (None for any length);
    ``text_arrays``, when given, names the arrays that must be lists of text:
    every other array must then be numbers.  A missing parameter or array,
    looked up by key, is a :class:`ModelError` naming it.
    """
    path = Path(path)
    try:
        raw = _read_bounded(path, MAX_MODEL_BYTES)
        doc = json.loads(raw)
    except FileNotFoundError:
        raise ModelError(f"{path}: model file not found") from None
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: not a readable model file ({exc})") from None
    except (ValueError, RecursionError) as exc:          # a number too long to convert, nesting too deep
        raise ModelError(f"{path}: not a readable model file ({type(exc).__name__}: {exc})") from None
    if not isinstance(doc, dict) or doc.get("kind") != kind:
        raise ModelError(f"{path}: not a {kind} model file")
    if doc.get("format") != version:
        raise ModelError(f"{path}: a {kind} model of format {doc.get('format')}; this code reads format {version}: "
                         "retrain it")
    if doc.get("checksum") != _content_hash(raw, doc):
        raise ModelError(f"{path}: checksum does not match the content: the file was changed after it was saved; "
                         "refusing it (retrain, or restore the original)")
    for section in ("params", "arrays", "metadata"):
        if not isinstance(doc.get(section, {}), dict):
            raise ModelError(f"{path}: '{section}' is {type(doc[section]).__name__}, not an object of named "
                             "values; refusing the model")
    arrays = {name: _array(path, name, values, None if text_arrays is None else name in text_arrays)
              for name, values in doc.get("arrays", {}).items()}
    for name, shape in (shapes or {}).items():
        got = np.shape(arrays.get(name, []))
        if len(got) != len(shape) or any(s is not None and s != g for s, g in zip(shape, got)):
            raise ModelError(f"{path}: array '{name}' has shape {got}, expected {shape}; refusing the model")
    for name, value in doc.get("params", {}).items():
        if isinstance(value, float) and not math.isfinite(value):
            raise ModelError(f"{path}: parameter '{name}' is NaN or infinite; refusing the model")
    return {"params": _Section(doc.get("params", {}), path, "parameter"),
            "arrays": _Section(arrays, path, "array"),
            "metadata": _Section(doc.get("metadata", {}), path, "metadata entry")}


def data_hash(*parts) -> str:
    """sha256 (16 hex digits) of training data given as strings or arrays, for a model's metadata."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, np.ndarray):
            h.update(np.ascontiguousarray(part).tobytes())
        else:
            h.update(str(part).encode("utf-8", "replace"))
    return h.hexdigest()[:16]
