"""Validation: load the playbooks, check their shapes, run the rules."""

from generator.validation.pipeline import Result, rule_findings, validate, validate_contents

__all__ = ["Result", "rule_findings", "validate", "validate_contents"]
