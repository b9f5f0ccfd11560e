"""Compare how news outlets frame the same story.

Data flows one way: files -> corpus tables (:mod:`analysis.corpus`) -> measures
-> outlet comparisons -> figures and reports.  Every per-article step is a pure
function from a DataFrame of articles to DataFrames of results.
"""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsframes-analysis")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
