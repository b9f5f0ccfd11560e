"""Reporting: the study object notebooks use, figures, generated findings, rendering to HTML."""
from .study import Study, Topics, open_study

__all__ = ["Study", "Topics", "open_study"]
