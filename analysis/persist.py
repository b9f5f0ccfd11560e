"""Fitted models as JSON, without pickle, refusing files that were tampered with or made for other code.

A model file holds its ``kind``, a ``format`` version, its parameters,
named arrays (as nested lists), free metadata (training data hash, scores)
and a ``checksum``: the sha256 of everything else in canonical JSON.
:func:`load_model` refuses, with a :class:`~analysis.errors.ModelError`
naming the file,

* a file that is not JSON or not a model of the expected kind;
* a file whose checksum does not match its content (edited by hand, a
  coefficient flipped, truncated);
* arrays holding NaN or infinity, or of the wrong shape (checked by the
  caller's ``shapes``);
* a format version other than the code's.

Nothing in a model file is executed: it is data read into NumPy arrays.
A path ending in ``.gz`` is written and read gzip-compressed (a large
model stays small in the repository; the bytes are reproducible).
"""
from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import numpy as np

from .errors import ModelError


def _canonical(doc: dict) -> bytes:
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), allow_nan=True).encode()


def save_model(path: str | Path, kind: str, version: int, params: dict, arrays: dict[str, np.ndarray | list],
               metadata: dict | None = None, digits: int = 6) -> Path:
    """Write a model file (the checksum is added here)."""
    doc = {"kind": kind, "format": version, "params": params,
           "arrays": {k: (np.round(np.asarray(v, dtype=float), digits).tolist()
                          if np.asarray(v).dtype.kind in "fiu" else list(v)) for k, v in arrays.items()},
           "metadata": metadata or {}}
    doc["checksum"] = hashlib.sha256(_canonical(doc)).hexdigest()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    data = json.dumps(doc, separators=(",", ":")).encode("utf-8")
    tmp.write_bytes(gzip.compress(data, compresslevel=9, mtime=0) if path.suffix == ".gz" else data)
    tmp.replace(path)
    return path


def read_model_json(path: str | Path) -> dict:
    """The raw document of a model file (gzip-compressed when the name ends in ``.gz``), unverified."""
    path = Path(path)
    data = path.read_bytes()
    return json.loads(gzip.decompress(data) if path.suffix == ".gz" else data)


def load_model(path: str | Path, kind: str, version: int, shapes: dict[str, tuple] | None = None) -> dict:
    """Read and verify a model file; returns ``{"params", "arrays", "metadata"}`` (numeric arrays as NumPy)."""
    path = Path(path)
    try:
        doc = read_model_json(path)
    except FileNotFoundError:
        raise ModelError(f"{path}: model file not found") from None
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: not a readable model file ({exc})") from None
    if not isinstance(doc, dict) or doc.get("kind") != kind:
        raise ModelError(f"{path}: not a {kind} model file")
    if doc.get("format") != version:
        raise ModelError(f"{path}: a {kind} model of format {doc.get('format')}; this code reads format {version}: "
                         "retrain it")
    checksum = doc.pop("checksum", None)
    if checksum != hashlib.sha256(_canonical(doc)).hexdigest():
        raise ModelError(f"{path}: checksum does not match the content: the file was changed after it was saved; "
                         "refusing it (retrain, or restore the original)")
    arrays = {}
    for name, values in doc.get("arrays", {}).items():
        if values and not isinstance(values[0], str):
            arr = np.asarray(values, dtype=float)
            if not np.isfinite(arr).all():
                raise ModelError(f"{path}: array '{name}' holds NaN or infinite values; refusing the model")
            arrays[name] = arr
        else:
            arrays[name] = list(values)
    for name, shape in (shapes or {}).items():
        got = np.shape(arrays.get(name, []))
        if len(got) != len(shape) or any(s is not None and s != g for s, g in zip(shape, got)):
            raise ModelError(f"{path}: array '{name}' has shape {got}, expected {shape}; refusing the model")
    return {"params": doc.get("params", {}), "arrays": arrays, "metadata": doc.get("metadata", {})}


def data_hash(*parts) -> str:
    """sha256 (16 hex digits) of training data given as strings or arrays, for a model's metadata."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, np.ndarray):
            h.update(np.ascontiguousarray(part).tobytes())
        else:
            h.update(str(part).encode("utf-8", "replace"))
    return h.hexdigest()[:16]
