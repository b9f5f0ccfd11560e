"""Measures: per-sentence and per-article tables computed from the corpus tables.

Sentiment (VADER), actor mentions with actor-directed stance, frame matches
and salience, quotes and reported speech, topics.  :data:`MEASURES` lists
them with what each depends on; :func:`load_measure` returns one table from
the cache beside the corpus or computes it.
"""
from .registry import MEASURES, TABLES, Measure, MeasureKeys, load_measure, measure_key, read_provenance, run_measures

__all__ = ["MEASURES", "TABLES", "Measure", "MeasureKeys", "load_measure", "measure_key", "read_provenance", "run_measures"]
