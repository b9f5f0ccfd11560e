"""Cache corpus tables by the content of everything that produces them.

The key hashes the package version, the options, the rules and sources files
and the bytes of every input file, so editing a notebook cell never triggers
re-ingestion while changing any input does.
"""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from .. import __version__
from ..paths import CACHE
from . import clean, metadata, readers
from .ingest import Corpus, build_corpus

log = logging.getLogger(__name__)


def _hash_file(h, path: Path) -> None:
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)


def corpus_key(folder: Path, options: dict) -> str:
    h = hashlib.sha256()
    h.update(__version__.encode())
    h.update(json.dumps(options, sort_keys=True, default=str).encode())
    rule_files = [clean.DEFAULT_RULES, *options.get("rules_files", ())]
    for extra in (*rule_files, options.get("sources_file") or metadata.DEFAULT_SOURCES):
        _hash_file(h, Path(extra))
    for path in readers.discover(folder):
        h.update(path.relative_to(folder).as_posix().encode())
        _hash_file(h, path)
    return h.hexdigest()[:16]


PREFIX = "corpus-"


def data_hash(corpus: Corpus) -> str | None:
    """The content key of a corpus that :func:`load_or_build` returned (its cache folder is named by it)."""
    name = corpus.location.name if corpus.location is not None else ""
    return name[len(PREFIX):] if name.startswith(PREFIX) else None


def load_or_build(folder: str | Path, cache_dir: str | Path | None = None, **options) -> Corpus:
    """:func:`build_corpus` with a content-addressed cache in ``cache_dir`` (default ``data/processed/cache``)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"corpus folder {folder} does not exist")
    cache_dir = Path(cache_dir) if cache_dir else CACHE
    key = corpus_key(folder, {k: v for k, v in options.items() if k != "progress"})
    target = cache_dir / f"{PREFIX}{key}"
    try:
        corpus = Corpus.load(target)
        log.info("corpus tables for %s loaded from cache %s", folder, target)
        return corpus
    except FileNotFoundError:
        pass
    corpus = build_corpus(folder, **options)
    corpus.write(target)
    log.info("corpus tables for %s cached in %s", folder, target)
    return corpus
