"""Validation: load the playbooks, check their shapes, run the rules."""

from generator.validation.pipeline import Result, validate

__all__ = ["Result", "validate"]
