"""Corpus ingestion: read, clean, structure and deduplicate articles.

>>> from analysis.corpus import build_corpus
>>> corpus = build_corpus("data/raw")          # doctest: +SKIP
>>> corpus.articles, corpus.sentences, corpus.removed, corpus.report  # doctest: +SKIP
"""
from .cache import load_or_build
from .clean import clean_lines, load_rules
from .duplicates import find_duplicates, primary_only
from .ingest import build_corpus, process_records
from .tables import Corpus

__all__ = ["Corpus", "build_corpus", "process_records", "load_or_build", "clean_lines", "load_rules",
           "find_duplicates", "primary_only"]
