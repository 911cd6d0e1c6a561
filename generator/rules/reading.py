"""Codes for problems found while reading a file and checking its shape."""

from __future__ import annotations

from generator.diagnostics import Severity
from generator.rules.registry import describe

describe(
    "PB001",
    "yaml-syntax",
    """
    The file is not valid YAML.

    The message repeats the parser's explanation at the place it gave up. The most
    common cause is a value containing `: ` that is not quoted.
""",
)
describe(
    "PB002",
    "duplicate-key",
    """
    A key appears twice in the same mapping.

    YAML readers silently keep one of the two values, so one of them is lost. Remove
    or rename one.
""",
)
describe(
    "PB003",
    "encoding",
    """
    The file is not UTF-8 text, or holds a control character.

    Playbook files are UTF-8. The location points at the first byte that is not.
""",
)
describe(
    "PB004",
    "file-too-large",
    """
    The file is larger than a playbook file can be (2 MB).

    Such a file is almost certainly generated or pasted by mistake; split it by document.
""",
)
describe(
    "PB005",
    "alias",
    """
    A YAML alias is undefined, refers to itself, or expands to too many values.

    Aliases (`*name`) can reuse a value, but an alias bomb (aliases of aliases that
    expand to millions of values) is rejected before it costs time or memory.
""",
)
describe(
    "PB006",
    "nesting-too-deep",
    """
    Mappings and lists are nested more than 64 levels deep.

    Playbooks need a handful of levels; deeper input is rejected before it is read.
""",
)
describe(
    "PB007",
    "empty-file",
    """
    The file holds no document.

    Every playbook file starts with `apiVersion: playbook/v1` and a `kind:`.
""",
)
describe(
    "PB008",
    "not-a-mapping",
    """
    The file holds a list or a single value instead of a mapping of fields.
""",
)
describe(
    "PB009",
    "yaml11-ambiguous",
    """
    A plain value means different things to YAML 1.1 and YAML 1.2 readers.

    `no`, `on`, `yes` and `off` are booleans to YAML 1.1 tools and text to YAML 1.2;
    `010` is octal 8 or decimal 10; `1e3` is text or the number 1000. The playbook is
    read as YAML 1.2; quote the value or write it unambiguously so every tool agrees.
""",
    Severity.WARNING,
)
describe(
    "PB010",
    "tab-indentation",
    """
    A tab character is used for indentation; YAML allows only spaces.
""",
)
describe(
    "PB011",
    "symlink-outside-root",
    """
    A symbolic link in the playbooks folder points outside it; the file is not read.

    Playbooks are reviewed in pull requests; a link to a file elsewhere would change
    what is published without showing in the review.
""",
)
describe(
    "PB012",
    "multiple-documents",
    """
    The file holds more than one YAML document (a second `---`).
""",
)
describe(
    "PB013",
    "unsupported-tag",
    """
    A value carries a YAML tag (`!something`) that playbooks do not use.
""",
)
describe(
    "PB014",
    "number-too-long",
    """
    A whole number has more than 100 digits.

    No playbook value needs such a number; it is usually a pasted or repeated value.
    Quote it if it is meant as text.
""",
)
describe(
    "PB015",
    "not-a-file",
    """
    A name ending in `.yaml` or `.yml` is not a plain file: a pipe, a socket, a device,
    a link that leads nowhere or links that loop. It is not read, so that checking never
    hangs or reads without end.
""",
)
describe(
    "PB016",
    "too-many-problems",
    """
    A file has more than 100 problems: the first 100 are listed and the rest counted.

    So many problems usually share one cause (a paste into the wrong place, a
    generated file); fixing the first ones tends to fix the rest.
""",
)
describe(
    "PB100",
    "api-version",
    """
    `apiVersion` is not `playbook/v1`.
""",
)
describe(
    "PB101",
    "unknown-kind",
    """
    `kind` is not one of the document kinds.

    The kinds are Engagement, EngagementBrief, EscalationMatrix,
    CertificationChecklist, RampPlan and MetricCatalog.
""",
)
describe(
    "PB102",
    "missing-field",
    """
    A required field is missing or empty.

    The location is the mapping that lacks the field; the message names the field and
    the hint says what it holds. Owners, due dates, deliverables, escalation receivers
    and response targets are all required: vague ownership and vague timelines are the
    first reasons engagements fail.
""",
)
describe(
    "PB103",
    "unknown-field",
    """
    A field is not part of the document's shape, usually a typo.

    Unknown fields are errors so that a misspelt `ownr:` cannot pass unnoticed; the
    hint suggests the closest known field.
""",
)
describe(
    "PB104",
    "invalid-value",
    """
    A value has the wrong type or is not one of the allowed values.
""",
)
describe(
    "PB105",
    "invalid-date",
    """
    A date is not written `YYYY-MM-DD`, or does not exist (such as 2026-02-30).
""",
)
