"""Validation: load the playbooks, check their shapes, run the rules."""

from generator.validation.pipeline import Result, validate, validate_contents

__all__ = ["Result", "validate", "validate_contents"]
