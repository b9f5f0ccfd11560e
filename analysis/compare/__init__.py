"""Comparisons between groups (any column of ``articles``), with bootstrap intervals and evidence flags."""
from . import agreement
from .events import PERIOD_WORDS, frame_timeline, period_for, timeline, within_event
from .frames import axis_scores, evidence, group_salience, top_frames
from .groups import attach, check_by, group_columns
from .keyness import SCORERS, count_group_terms, distinctive_terms, group_terms, log_odds
from .sentiment import article_sentiment, group_actor_sentiment, group_sentiment, strongest_evidence
from .stats import group_ci, intervals_overlap, mean_ci
from .topics import group_prevalence, top_units
from .voices import voices

__all__ = ["axis_scores", "evidence", "group_salience", "top_frames", "attach", "check_by", "group_columns",
           "SCORERS", "count_group_terms", "distinctive_terms", "group_terms", "log_odds", "article_sentiment", "group_actor_sentiment",
           "group_sentiment", "strongest_evidence", "group_ci", "intervals_overlap", "mean_ci",
           "group_prevalence", "top_units", "voices", "frame_timeline", "period_for", "PERIOD_WORDS", "timeline", "within_event", "agreement"]
