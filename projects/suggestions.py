"""Kept for the callers not yet moved to projects.matching (tooling/demo/pipeline.py): the
suggestions are computed by projects/matching/ranking.py."""

from .matching.ranking import Suggestion, suggest_schemes

__all__ = ["Suggestion", "suggest_schemes"]
