"""Cache corpus tables by the content of everything that produces them.

The key hashes the package's code, the ingest settings, the content of the
rules, sources and speech files and the bytes of every input file, so editing a
notebook cell never triggers re-ingestion while changing any input, rule or
line of code does.  The cached tables live in a :class:`~analysis.io.Store`
named by the key (``data/processed/cache/corpus-<key>``), beside the measures
computed from them.
"""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from ..errors import CorpusError, StoreError
from ..paths import CACHE
from ..settings import Settings
from ..version import code_hash
from . import readers
from .ingest import build_corpus
from .tables import Corpus

log = logging.getLogger(__name__)

PREFIX = "corpus-"


def _hash_file(h, path: Path) -> None:
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)


def corpus_key(folder: Path, settings: Settings, found: readers.Found | None = None) -> str:
    """Content key of the corpus that ``build_corpus(folder, settings)`` would produce (``found``: the folder's
    :func:`~analysis.corpus.readers.discover` result when the caller walked it already)."""
    h = hashlib.sha256(code_hash().encode())
    h.update(json.dumps(settings.as_dict()["ingest"], sort_keys=True).encode())
    resources = settings.resources()
    for r in (*resources["rules"], *resources["sources"], *resources["speech"]):
        h.update(r.sha256.encode())
    files, problems = found if found is not None else readers.discover(folder)
    for p in problems:
        h.update(f"{p.path}:{p.reason}".encode("utf-8", "replace"))
    for path in files:
        h.update(path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape"))
        try:
            _hash_file(h, path)
        except OSError:
            h.update(b"<unreadable>")       # the ingest report will say why
    return h.hexdigest()[:16]


def load_or_build(settings: Settings | str | Path | None = None, cache_dir: str | Path | None = None,
                  progress: bool = False, **overrides) -> Corpus:
    """The corpus of ``settings`` (or of a folder, with default settings), from the cache or built and cached.

    ``cache_dir`` defaults to ``data/processed/cache``.
    """
    if settings is None or isinstance(settings, Settings):
        settings = (settings or Settings()).with_overrides(overrides)
    else:
        settings = Settings().with_overrides({"corpus": str(Path(settings).resolve()), **overrides})
    folder = readers.check_corpus_folder(settings.corpus, settings.corpus_named_by)
    found = readers.discover(folder)           # walked once: keyed here, read by the build below
    key = corpus_key(folder, settings, found)
    target = Path(cache_dir or CACHE) / f"{PREFIX}{key}"
    try:
        corpus = Corpus.load(target)
        if corpus.key == key:
            log.info("corpus tables for %s loaded from cache %s", folder, target)
            return corpus
    except (CorpusError, StoreError):
        pass
    corpus = build_corpus(folder, settings, progress=progress, found=found)
    corpus.provenance["corpus_key"] = key
    corpus.write(target, wait=600)
    log.info("corpus tables for %s cached in %s", folder, target)
    return corpus
