"""Run the measures over an ingested corpus and write them beside its tables.

Each measure is a function ``corpus -> DataFrame`` listed in :data:`MEASURES`
under the file name it writes.  Measures cover every article, copies
included; comparisons choose which copies count when they aggregate.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Callable

import pandas as pd
from tqdm.auto import tqdm

from . import __version__
from .corpus import Corpus
from .io import atomic_outputs

log = logging.getLogger(__name__)



def _sentiment(corpus: Corpus) -> pd.DataFrame:
    from .sentiment import score_sentences
    return score_sentences(corpus.sentences)


def _actor_mentions(corpus: Corpus) -> pd.DataFrame:
    from .sentiment import score_mentions
    return score_mentions(corpus.sentences)


def _frame_matches(corpus: Corpus) -> pd.DataFrame:
    from .frames import match_frames
    return match_frames(corpus.sentences)


def _frame_salience(corpus: Corpus) -> pd.DataFrame:
    from .frames import article_salience
    return article_salience(load_measure(corpus, "frame_matches.parquet"), corpus.sentences, corpus.articles)


def _quotes(corpus: Corpus) -> pd.DataFrame:
    from .quotes import extract_quotes
    return extract_quotes(corpus.sentences)


_TOPIC_FITS: dict[str, tuple] = {}


def fitted_topics(corpus: Corpus):
    """The default topic model of ``corpus`` (:func:`analysis.topics.fit_corpus`), fitted once per corpus content."""
    from . import topics

    key = corpus_fingerprint(corpus)
    if key not in _TOPIC_FITS:
        _TOPIC_FITS.clear()
        _TOPIC_FITS[key] = topics.fit_corpus(corpus)
    return _TOPIC_FITS[key]


def _topics_terms(corpus: Corpus) -> pd.DataFrame:
    model, _, _ = fitted_topics(corpus)
    terms = model.top_terms(15)
    terms["label"] = terms["topic"].map(model.labels_)
    return terms


def _topics_units(corpus: Corpus) -> pd.DataFrame:
    from .topics import corpus_units, unit_topics
    model, _, _ = fitted_topics(corpus)    # fitted on the counted articles; every article's units are scored
    return unit_topics(model, corpus_units(corpus, count_copies=True))


MEASURES: dict[str, Callable[[Corpus], pd.DataFrame]] = {
    "sentiment.parquet": _sentiment,
    "actor_mentions.parquet": _actor_mentions,
    "frame_matches.parquet": _frame_matches,
    "frame_salience.parquet": _frame_salience,
    "quotes.parquet": _quotes,
    "topics_terms.parquet": _topics_terms,
    "topics_units.parquet": _topics_units,
}


def _resources(filename: str) -> list[Path]:
    """Files besides the corpus whose content a measure depends on (lexicons, models)."""
    from .actors import DEFAULT_ACTORS
    from .target_sentiment import DEFAULT_MODEL

    from .frames import DEFAULT_LEXICONS
    from .paths import LEXICONS

    return {"actor_mentions.parquet": [DEFAULT_ACTORS, DEFAULT_MODEL],
            "frame_matches.parquet": list(DEFAULT_LEXICONS),
            "frame_salience.parquet": list(DEFAULT_LEXICONS),
            "quotes.parquet": [DEFAULT_ACTORS],
            "topics_terms.parquet": [LEXICONS / "news_stopwords.txt"],
            "topics_units.parquet": [LEXICONS / "news_stopwords.txt"]}.get(filename, [])


def corpus_fingerprint(corpus: Corpus) -> str:
    """Hash of the parts of the corpus tables that measures read."""
    h = hashlib.sha256()
    for frame, cols in ((corpus.sentences, ["article_id", "sentence_id", "paragraph_id", "position", "in_quote", "text"]),
                        (corpus.articles, ["article_id", "outlet", "is_primary", "n_words"])):
        h.update(pd.util.hash_pandas_object(frame[cols], index=False).to_numpy().tobytes())
    return h.hexdigest()


def resource_key(filename: str, corpus: Corpus | None = None) -> str:
    """Hash of the package version, the corpus and the resources of one measure; a table with another key is stale."""
    h = hashlib.sha256(f"{__version__}:{filename}".encode())
    if corpus is not None:
        h.update(corpus_fingerprint(corpus).encode())
    for path in _resources(filename):
        h.update(Path(path).read_bytes())
    return h.hexdigest()[:16]


def run_measures(data: str | Path, progress: bool = False) -> dict[str, int]:
    """Compute every registered measure for the corpus in ``data``; returns rows written per file."""
    corpus = Corpus.load(data)
    return {name: len(load_measure(corpus, name))
            for name in tqdm(MEASURES, desc="measures", unit="table", disable=not progress)}


def load_measure(corpus: Corpus, filename: str) -> pd.DataFrame:
    """One measure for ``corpus``: read from beside its tables when computed before, else computed and stored there."""
    if filename not in MEASURES:
        raise KeyError(f"unknown measure {filename!r}; known: {', '.join(MEASURES)}")
    key = resource_key(filename, corpus)
    stamp = corpus.location / f".{filename}.key" if corpus.location is not None else None
    if stamp is not None and stamp.exists() and stamp.read_text() == key and (corpus.location / filename).exists():
        return pd.read_parquet(corpus.location / filename)
    table = MEASURES[filename](corpus)
    if corpus.location is not None:
        with atomic_outputs(corpus.location) as tmp:
            table.to_parquet(tmp / filename, index=False)
            (tmp / stamp.name).write_text(key)
        log.info("stored %s in %s", filename, corpus.location)
    return table
