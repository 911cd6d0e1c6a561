"""SARIF 2.1.0, the format GitHub code scanning uploads.

Every selected rule is listed with its help text, so code scanning can show the rule
reference next to each alert.
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from generator.diagnostics import Findings, Severity
from generator.rules import RULES

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


def render(result: Findings, strict: bool) -> str:
    codes = sorted(RULES)
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for diag in result.diagnostics:
        text = diag.message + (f" (hint: {diag.hint})" if diag.hint else "")
        entry: dict[str, Any] = {
            "ruleId": diag.code,
            "level": "error" if diag.severity is Severity.ERROR or strict else "warning",
            "message": {"text": text},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": diag.location.path, "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": diag.location.line,
                            "startColumn": diag.location.column,
                        },
                    }
                }
            ],
        }
        if diag.code in index:
            entry["ruleIndex"] = index[diag.code]
        results.append(entry)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "playbook",
                        "semanticVersion": _version(),
                        "rules": [_rule(code) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(code: str) -> dict[str, Any]:
    entry = RULES[code]
    help_text = entry.doc
    return {
        "id": code,
        "name": entry.name,
        "shortDescription": {"text": entry.summary},
        "fullDescription": {"text": entry.details or entry.summary},
        "help": {"text": help_text, "markdown": f"**{code} {entry.name}**\n\n{help_text}"},
        "defaultConfiguration": {"level": entry.severity.value},
        "properties": {"tags": [entry.group]},
    }


def _version() -> str:
    try:
        return version("playbook-generator")
    except PackageNotFoundError:
        return "0.0.0"
