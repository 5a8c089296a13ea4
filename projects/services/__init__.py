"""Writes that touch several models or send something, one module per area."""

from .intake import intake_submit

__all__ = ["intake_submit"]
