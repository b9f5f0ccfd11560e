"""Compare how news outlets frame the same story.

Layers, each importing only the ones before it::

    corpus/      read, clean, sentences, duplicates, metadata      -> articles, sentences, removed
    measures/    sentiment, actors and stance, frames, quotes, topics (one registry, cached)
    compare/     grouping, intervals, salience, axis, keyness, voices
    reporting/   the Study object, plots, findings, rendering

with ``settings`` (the study file), ``lexicons`` (data files, one loader),
``schema``, ``errors``, ``io`` and ``paths`` underneath all of them, and
``cli`` on top.  The small top-level API:

>>> import analysis
>>> study = analysis.open_study()            # the bundled study   # doctest: +SKIP
"""
import logging

from .errors import AnalysisError
from .settings import Settings, load_settings
from .version import __version__


def open_study(*args, **kwargs):
    """Open a study (see :func:`analysis.reporting.study.open_study`)."""
    from .reporting.study import open_study as _open

    return _open(*args, **kwargs)


# a library logs and lets the application decide where logs go (the command line configures logging)
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["AnalysisError", "Settings", "load_settings", "open_study", "__version__"]
