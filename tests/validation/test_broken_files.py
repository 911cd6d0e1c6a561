"""A file that cannot be read as a whole keeps its kind: its siblings get no false findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke, findings, replace_in
from tests.examples import files_of


def _crlf_syntax_error(path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace("  start: 2026-11-02", "  start: [2026-11-02")
    path.write_bytes(text.replace("\n", "\r\n").encode())


def _latin1(path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace("Northwind Outfitters Inc.", "Northwïnd Inc.")
    path.write_bytes(text.encode("latin-1"))


def _too_large(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "#" + "x" * 3_000_000 + "\n")


def _cr_only(path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace("Northwind Outfitters Inc.", "Nörthwind\x07")
    path.write_bytes(text.replace("\n", "\r").encode())


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (_crlf_syntax_error, ":29:11: PB001 invalid YAML: did not find expected ',' or ']'"),
        (_latin1, ":13:23: PB003 the file is not UTF-8: byte 0xef cannot start a character"),
        (_too_large, ":1:1: PB004 the file is 2.9 MB: playbook files are limited to 2 MB"),
        (_cr_only, ":13:26: PB003 control character U+0007 is not allowed in YAML"),
    ],
    ids=["crlf-syntax-error", "not-utf8", "too-large", "cr-only-control-character"],
)
def test_one_broken_engagement_file_is_one_finding_and_one_note(
    examples: Path, invoke: Invoke, damage: object, expected: str
) -> None:
    damage(examples / "northwind-support" / "engagement.yaml")  # type: ignore[operator]
    result = invoke("validate", "playbooks")
    assert result.exit_code == 1
    note, only = sorted(findings(result.stdout), key=lambda line: " PB208 " not in line)
    assert only.startswith("playbooks/northwind-support/engagement.yaml" + expected), only
    assert note == (
        "playbooks/northwind-support/engagement.yaml:1:1: PB208 warning: the checks across "
        "this engagement's files were skipped "
        f"({files_of('northwind-support') - 1} other files of the folder): this file has errors"
    )


def test_a_catalog_with_one_broken_metric_still_defines_the_others(
    examples: Path, invoke: Invoke
) -> None:
    catalog = examples / "metrics.yaml"
    text = catalog.read_text(encoding="utf-8")
    start = text.index("unit:")
    catalog.write_text(text[:start] + "# unit removed" + text[text.index("\n", start) :])
    result = invoke("validate", "playbooks")
    assert result.exit_code == 1
    # One finding at the broken metric; no target elsewhere is called undefined.
    assert findings(result.stdout) == [
        "playbooks/metrics.yaml:13:7: PB102 metric definition `fcr` is missing required "
        "field `unit`"
    ]


def test_a_file_with_thousands_of_problems_lists_a_hundred_and_counts_the_rest(
    examples: Path, invoke: Invoke
) -> None:
    engagement = examples / "northwind-support" / "engagement.yaml"
    extra = "".join(f"  k{index}: 1\n" for index in range(5000))
    replace_in(engagement, "  type: support\n", "  type: support\n" + extra)
    result = invoke("validate", "playbooks")
    found = findings(result.stdout)
    assert len(found) == 102  # a hundred, the count of the rest, and PB208 once
    assert " PB208 " in found[0]
    assert found[-1] == (
        "playbooks/northwind-support/engagement.yaml:123:3: PB016 and 4,900 more problems in "
        "this file (4,900 PB103), not listed"
    )
    assert len(result.stdout) < 40_000


@pytest.mark.parametrize(
    ("file", "old", "new", "codes"),
    [
        ("metrics.yaml", '  version: "2.0"\n', "", ["PB102"]),
        ("metrics.yaml", "kind: MetricCatalog\n", "kind: MetricCatalogue\n", ["PB101"]),
        ("metrics.yaml", "spec:\n", "spec: [\n", ["PB001"]),
        ("metrics.yaml", "    - id: csat\n", "    - idd: csat\n", ["PB103"]),  # one finding
        ("northwind-support/brief.yaml", "kind: EngagementBrief\n", "", ["PB102"]),
        ("northwind-support/engagement.yaml", "kind: Engagement\n", "", ["PB102", "PB208"]),
    ],
    ids=[
        "catalog-without-version",
        "catalog-kind-misspelt",
        "catalog-syntax-error",
        "metric-id-misspelt",
        "brief-without-kind",
        "engagement-without-kind",
    ],
)
def test_one_mistake_in_a_file_others_rely_on_is_one_finding_not_one_per_reference(
    examples: Path, invoke: Invoke, file: str, old: str, new: str, codes: list[str]
) -> None:
    replace_in(examples / file, old, new)
    result = invoke("validate")
    assert result.exit_code == 1
    found = findings(result.stdout)
    assert sorted(line.split(": ")[1].split()[0] for line in found) == codes, found
    assert all(line.startswith(f"playbooks/{file}:") for line in found), found
