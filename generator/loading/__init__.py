"""Reading playbook files: YAML text to plain data, with the position of every value."""

from generator.loading.discovery import discover
from generator.loading.sources import (
    InputError,
    SourceFile,
    declared_kind,
    display_path,
    parse_text,
    read_bytes,
    read_raw,
    read_source,
)

__all__ = [
    "InputError",
    "SourceFile",
    "declared_kind",
    "discover",
    "display_path",
    "parse_text",
    "read_bytes",
    "read_raw",
    "read_source",
]
